/*
 * The pcap_t behind the API: options, state shared by every kind of handle,
 * and the one table of operations a backend (live capture, savefile, dead
 * handle) fills in. The core calls through the table and never asks which
 * backend it drives.
 */
#ifndef MQPCAP_CORE_HANDLE_H
#define MQPCAP_CORE_HANDLE_H

#include <pcap/pcap.h>
#include <stddef.h>

struct capture_ops {
	const char *name;

	/* Bring the handle up from p->opt; set snapshot, linktype, the DLT
	 * and time stamp type lists, selectable_fd. 0, a PCAP_WARNING* (text
	 * left in p->errbuf), or a PCAP_ERROR* with p->errbuf set. */
	int (*activate)(pcap_t *p);

	/* Hand up to cnt packets (cnt <= 0: one batch, all available) to cb.
	 * Checks p->break_loop between packets; clears it only when returning
	 * PCAP_ERROR_BREAK, so a break after some packets makes the next read
	 * (pcap_loop's) return PCAP_ERROR_BREAK. Returns packets handed, 0 on
	 * timeout (or end of file for savefiles), PCAP_ERROR_BREAK when
	 * broken before any packet, PCAP_ERROR with p->errbuf set. */
	int (*read)(pcap_t *p, int cnt, pcap_handler cb, u_char *user);

	/* Optional fast path for pcap_next_ex: one packet whose data stays
	 * valid until the next call on the handle. 1, 0 (timeout),
	 * PCAP_ERROR_BREAK (break or end of file), PCAP_ERROR. When NULL the
	 * core calls read() for one packet and copies it. */
	int (*next_packet)(pcap_t *p, struct pcap_pkthdr **hdr,
			   const u_char **data);

	int (*inject)(pcap_t *p, const void *buf, size_t len);
	int (*set_filter)(pcap_t *p, struct bpf_program *prog);
	int (*set_direction)(pcap_t *p, pcap_direction_t dir);
	int (*set_datalink)(pcap_t *p, int dlt);
	int (*get_nonblock)(pcap_t *p);
	int (*set_nonblock)(pcap_t *p, int nonblock);
	int (*stats)(pcap_t *p, struct pcap_stat *ps);
	/* Wake a read sleeping in poll; p->break_loop is already set. Must
	 * be async-signal-safe. Optional. */
	void (*breakloop)(pcap_t *p);
	/* 1 if monitor mode can be set, 0 if not, or a PCAP_ERROR*. Optional
	 * (NULL: 0). Called before activation. */
	int (*can_set_rfmon)(pcap_t *p);
	/* Fill in what pcap_create can already know (the time stamp types
	 * the device offers). Optional; failures are silent. */
	void (*create)(pcap_t *p);
	/* Release everything activate() or open took. Optional; must be
	 * idempotent: it runs after a failed activation and again at close. */
	void (*cleanup)(pcap_t *p);

	/* read() returning 0 means end of file: pcap_loop stops. */
	int read_zero_is_eof;
};

/* What pcap_create()'s setters record before activation. */
struct pcap_options {
	char *device;		/* as the user gave it, backend prefix and all */
	int snaplen;		/* 0 until set: backend picks its default */
	int timeout_ms;
	int buffer_size;	/* bytes; 0: backend default */
	int promisc;
	int rfmon;
	int immediate;
	int nonblock;		/* requested before activation */
	int tstamp_type;	/* -1: default */
	int tstamp_precision;
	int protocol;		/* pcap_set_protocol_linux; 0: ETH_P_ALL */
};

/* Flags for the filter compiler about where the program will run
 * (libpcap's bpf_codegen_flags). */
#define MQPCAP_CODEGEN_KERNEL_VLAN	0x1	/* tags stripped; use SKF_AD_VLAN_* */

struct pcap {
	const struct capture_ops *ops;
	void *priv;			/* backend state */

	int activated;
	int break_loop;			/* __atomic_* access: set by signals/threads */
	struct pcap_options opt;

	int snapshot;
	int linktype;			/* DLT_* */
	int linktype_ext;		/* FCS bits of a savefile's linktype */
	int *dlt_list;
	int dlt_count;
	int *tstamp_type_list;
	int tstamp_type_count;
	pcap_direction_t direction;
	int bpf_codegen_flags;		/* MQPCAP_CODEGEN_* */

	int selectable_fd;		/* -1: none */
	const struct timeval *required_select_timeout;

	/* Filter run in user space (savefiles; live where the kernel can't). */
	struct bpf_program fcode;

	/* Savefile facts the API exposes. */
	FILE *rfile;
	int swapped;
	int version_major;
	int version_minor;
	int bufsize;

	/* pcap_next/pcap_next_ex copy of a packet read through read(). */
	struct pcap_pkthdr oneshot_hdr;
	u_char *oneshot_buf;
	size_t oneshot_size;

	char errbuf[PCAP_ERRBUF_SIZE + 1];
};

/* Allocate a handle with priv_size bytes of zeroed backend state (or none). */
pcap_t *handle_alloc(const struct capture_ops *ops, size_t priv_size,
		     char *errbuf);
/* Install prog as the handle's user-space filter (copies it). */
int handle_install_user_filter(pcap_t *p, const struct bpf_program *prog);
/* Does the user-space filter (if any) accept this packet? Returns the
 * snapshot the filter allows (0 = reject). */
u_int handle_run_user_filter(const pcap_t *p, const struct pcap_pkthdr *h,
			     const u_char *data);
/* Has pcap_breakloop been called? If so, clear the flag and return 1. */
int handle_take_break(pcap_t *p);
/* Has pcap_init() succeeded? (Then pcap_lookupdev() refuses, as libpcap's.) */
int handle_pcap_init_called(void);

#endif
