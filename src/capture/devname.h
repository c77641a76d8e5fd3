/*
 * The device-name grammar of DESIGN.md:
 *
 *     [BACKEND:]IFACE[@QUEUES][,KEY=VALUE]...
 *
 * plus the options every handle takes from the environment (MQPCAP_OPTIONS,
 * and PFQ's fanout-libpcap variables PCAP_FANOUT, PCAP_GROUP, PCAP_CAPLEN).
 * Pure parsing: nothing here touches the system.
 */
#ifndef MQPCAP_CAPTURE_DEVNAME_H
#define MQPCAP_CAPTURE_DEVNAME_H

#include <stddef.h>
#include <net/if.h>

enum devname_backend {
	DEVNAME_RING,		/* plain names and "ring:" */
	DEVNAME_PFQ,		/* "pfq:": alias of ring */
	DEVNAME_CLASSIC,	/* "classic:": one socket, no fanout */
	DEVNAME_XDP,		/* "xdp:" */
};

enum devname_fanout {
	DEVNAME_FANOUT_HASH,
	DEVNAME_FANOUT_SYMHASH,
	DEVNAME_FANOUT_CPU,
	DEVNAME_FANOUT_LB,
	DEVNAME_FANOUT_QM,
	DEVNAME_FANOUT_ROLLOVER,
};

enum devname_order {
	DEVNAME_ORDER_LOOSE,
	DEVNAME_ORDER_STRICT,
};

enum devname_tristate {
	DEVNAME_AUTO = -1,
	DEVNAME_OFF = 0,
	DEVNAME_ON = 1,
};

#define DEVNAME_ALL_QUEUES	(-1)
#define DEVNAME_PRIVATE_GROUP	(-1)
#define DEVNAME_MAX_MEMBERS	256

struct devname {
	enum devname_backend backend;
	char iface[IFNAMSIZ];
	int queue_first;		/* DEVNAME_ALL_QUEUES or 0.. */
	int queue_last;			/* inclusive */
	int group;			/* 0..65535 or DEVNAME_PRIVATE_GROUP */
	enum devname_fanout fanout;
	int members;			/* 0: one per RX queue, capped by CPUs */
	size_t ring_bytes;		/* 0: the backend's default */
	enum devname_order order;
	int caplen;			/* PCAP_CAPLEN; 0: not set */
	/* xdp only; parsed so that names stay valid for every backend */
	enum devname_tristate zc;
	int xdp_skb_mode;		/* mode=skb */
	int busy_poll_us;
};

/* Parse name, after applying the options of the environment strings (any
 * may be NULL): pcap_fanout, pcap_group, pcap_caplen (PFQ's variables),
 * then mq_options (MQPCAP_OPTIONS, "key=value,key=value"), then the
 * options in the name itself, each overriding the one before. 0 on
 * success; else one sentence in errbuf (PCAP_ERRBUF_SIZE) naming the part
 * that is wrong, and PCAP_ERROR_NO_SUCH_DEVICE when the interface part is
 * (empty, too long), PCAP_ERROR (-1) for queues and options. */
int devname_parse_env(struct devname *dn, const char *name,
		      const char *mq_options, const char *pcap_fanout,
		      const char *pcap_group, const char *pcap_caplen,
		      char *errbuf);

/* devname_parse_env() with the process's environment. */
int devname_parse(struct devname *dn, const char *name, char *errbuf);

/* Just the backend a name asks for (DEVNAME_RING without a known prefix). */
enum devname_backend devname_backend_of(const char *name);

/* The backend prefix as written ("ring", "classic", ...). */
const char *devname_backend_name(enum devname_backend backend);
const char *devname_fanout_name(enum devname_fanout fanout);

#endif
