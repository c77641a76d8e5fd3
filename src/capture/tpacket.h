/*
 * What the TPACKET backends (ring, classic) share: one member is one
 * AF_PACKET socket with its TPACKET_V3 ring; a handle holds one (classic)
 * or several (ring) of them behind one epoll fd.
 */
#ifndef MQPCAP_CAPTURE_TPACKET_H
#define MQPCAP_CAPTURE_TPACKET_H

#include "capture/devname.h"
#include "core/handle.h"

#include <linux/if_packet.h>
#include <linux/filter.h>
#include <stdint.h>
#include <stddef.h>

/* The default total ring memory of a handle, shared among its members:
 * 64 MiB holds about 50 ms of a saturated 10 Gb/s link (about 45 ms of
 * 64-byte frames at 14.9 Mpps, TPACKET_V3 packing them at ~72 bytes), so
 * a consumer that stalls for a scheduler tick or a disk write does not
 * drop. libpcap's 2 MiB holds 1.6 ms. */
#define TPACKET_DEFAULT_RING	(64u << 20)
/* Largest block: big enough for any snapshot length and GRO'd frames,
 * and as large as the kernel allocates in one piece (order 10), because
 * the reader wakes up once a block: a capture keeping up with a fast
 * link costs about as much in wake-ups as in walking packets. 4 MiB
 * against 1 MiB blocks: 0.07 against 0.18 wake-ups per 1000 packets,
 * pcount 8 against 14 ns a packet (bench/live/README.md). */
#define TPACKET_MAX_BLOCK	(4u << 20)
/* Blocks in immediate mode. The kernel hands a block up after 1 ms even
 * if it holds one packet, so at modest rates the ring holds about as many
 * packets as it has blocks: many small blocks let a reader that stalls
 * for a while (a GUI redraw, a disk write) lose nothing. A frame larger
 * than a block is truncated to it, as libpcap's TPACKET_V2 frames
 * (sized from the MTU) truncate GRO'd frames. */
#define TPACKET_IMMEDIATE_BLOCK	(64u << 10)
/* Room reserved in front of each frame, to write a stripped VLAN tag back. */
#define TPACKET_RESERVE		4

struct tpacket_member {
	int fd;
	uint8_t *map;
	size_t map_len;
	unsigned block_size;
	unsigned block_nr;
	unsigned cur;			/* index of the block to read next */
	struct tpacket_block_desc *blk;	/* block being walked, or NULL */
	struct tpacket3_hdr *pkt;	/* its next packet */
	uint32_t left;			/* packets left in blk */
	/* Blocks still to filter in user space after a filter change (they
	 * may hold packets the old filter let through); blk_recheck: the
	 * walked block is one of them. */
	unsigned recheck;
	int blk_recheck;
	/* order=loose: the block the kernel is filling that the read waited
	 * for (its seq_num + 1), and until when it waits for it. */
	uint64_t wait_seq;
	uint64_t wait_until_ns;
	uint64_t packets;		/* PACKET_STATISTICS, accumulated */
	uint64_t drops;
};

/* Ring geometry and socket parameters for every member of a handle. */
struct tpacket_member_cfg {
	const char *name;		/* for messages: the device as given */
	int ifindex;			/* 0: any */
	int cooked;			/* SOCK_DGRAM */
	int protocol;			/* host order; ETH_P_ALL by default */
	unsigned block_size;
	unsigned block_nr;
	unsigned block_tov_ms;
};

int tpacket_member_open(struct tpacket_member *m,
			const struct tpacket_member_cfg *cfg, char *errbuf);
/* Bind to the device: packets start flowing (into a reject-all filter). */
int tpacket_member_bind(struct tpacket_member *m,
			const struct tpacket_member_cfg *cfg, char *errbuf);
void tpacket_member_close(struct tpacket_member *m);
int tpacket_member_attach(struct tpacket_member *m, const struct sock_filter *insns,
			  unsigned len, const char *name, char *errbuf);
/* Fold the kernel's (reset on read) counters into m->packets/drops. */
int tpacket_member_poll_stats(struct tpacket_member *m, char *errbuf);

/* A filter that accepts nothing, and one that accepts everything up to
 * snaplen bytes. */
int tpacket_member_reject_all(struct tpacket_member *m, const char *name,
			      char *errbuf);
int tpacket_member_accept_all(struct tpacket_member *m, unsigned snaplen,
			      const char *name, char *errbuf);

struct tpacket_handle;
struct sockaddr_ll;

/* Builds the cooked (SLL/SLL2) header in front of data; returns its start. */
typedef u_char *(*tpacket_cooked_fn)(const struct tpacket_handle *h,
				     u_char *data, const struct sockaddr_ll *sll,
				     struct pcap_pkthdr *hdr);
/* Walks the members' available packets to the callback (order policy). */
typedef int (*tpacket_walk_fn)(pcap_t *p, struct tpacket_handle *h, int cnt,
			       pcap_handler cb, u_char *user);

/* The backend state of a ring or classic handle (pcap_t.priv). */
struct tpacket_handle {
	struct devname dn;
	const char *name;		/* the device as given, for messages */
	int ifindex;			/* 0: any */
	int lo_ifindex;			/* loopback's, to drop its echoes on any */
	int cooked;
	int nmembers;
	struct tpacket_member *members;
	int epfd;
	int wakefd;			/* eventfd: pcap_breakloop */
	int nonblock;
	int timeout_ms;			/* 0: wait forever */
	int group_id;			/* -1: no fanout */
	unsigned block_tov_ms;

	/* Per-packet decisions, made once at activation or by a setter. */
	unsigned ts_div;		/* 1: nanoseconds, 1000: microseconds */
	int vlan_offset;		/* where a stripped tag goes back; -1: not */
	uint32_t skip_pkttypes;		/* 1 << sll_pkttype to drop in user space */
	int filter_in_user;		/* the kernel refused the filter */
	u_int snapshot;
	tpacket_cooked_fn cooked_hdr;
	tpacket_walk_fn walk;

	/* order=strict: how long a packet waits for the other members. */
	uint64_t hold_ns;
	uint64_t last_ts_ns;
	/* Set by the walk when it held packets back for a member that shows
	 * nothing yet (strict, or loose): how long to wait for it; -1 not. */
	int hold_wait_ms;

	int promisc_set;
	uint64_t ifdrop_base;		/* interface drop counters at activation */
	uint64_t ifdrop_last;
};

/* The shared operations; the backends differ in how they activate. */
int tpacket_activate(pcap_t *p, int classic);
/* Blocks that may hold packets the kernel's previous filter let through:
 * those handed to user space and not read yet, and the one it is filling
 * (the block being walked is not counted). */
unsigned tpacket_member_blocks_in_flight(const struct tpacket_member *m);
/* The interface's receive drops (sysfs rx_missed_errors + rx_fifo_errors). */
uint64_t tpacket_if_drops(const char *iface, int ifindex);
/* Choose h->walk for the handle's member count and order policy. */
void tpacket_choose_walk(struct tpacket_handle *h);
/* Choose the cooked header builder and VLAN offset for p->linktype. */
void tpacket_choose_linktype(pcap_t *p, struct tpacket_handle *h);
int tpacket_read(pcap_t *p, int cnt, pcap_handler cb, u_char *user);
int tpacket_inject(pcap_t *p, const void *buf, size_t len);
int tpacket_set_filter(pcap_t *p, struct bpf_program *prog);
int tpacket_set_direction(pcap_t *p, pcap_direction_t dir);
int tpacket_set_datalink(pcap_t *p, int dlt);
int tpacket_get_nonblock(pcap_t *p);
int tpacket_set_nonblock(pcap_t *p, int nonblock);
int tpacket_stats(pcap_t *p, struct pcap_stat *ps);
void tpacket_breakloop(pcap_t *p);
int tpacket_can_set_rfmon(pcap_t *p);
void tpacket_create(pcap_t *p);
int tpacket_tstamp_setup(pcap_t *p, struct tpacket_handle *h);
void tpacket_cleanup(pcap_t *p);

#endif
