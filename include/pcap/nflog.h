/*
 * mqpcap: the layout of DLT_NFLOG packets (Linux netfilter NFLOG): a fixed
 * header, then type-length-value attributes, each padded to 4 bytes.
 * The header's fields are in network byte order; the attributes are in
 * the capturing host's byte order.
 */
#ifndef lib_pcap_nflog_h
#define lib_pcap_nflog_h

#include <pcap/pcap-inttypes.h>

typedef struct nflog_hdr {
	uint8_t		nflog_family;	/* AF_INET, AF_INET6, ... */
	uint8_t		nflog_version;	/* 0 */
	uint16_t	nflog_rid;	/* NFLOG group the rule logged to */
} nflog_hdr_t;

typedef struct nflog_tlv {
	uint16_t	tlv_length;	/* of header and value, without padding */
	uint16_t	tlv_type;	/* NFULA_* */
	/* the value follows */
} nflog_tlv_t;

/* Value of NFULA_PACKET_HDR. */
typedef struct nflog_packet_hdr {
	uint16_t	hw_protocol;	/* ethertype */
	uint8_t		hook;		/* netfilter hook that logged it */
	uint8_t		pad;
} nflog_packet_hdr_t;

/* Value of NFULA_HWADDR. */
typedef struct nflog_hwaddr {
	uint16_t	hw_addrlen;
	uint16_t	pad;
	uint8_t		hw_addr[8];
} nflog_hwaddr_t;

/* Value of NFULA_TIMESTAMP. */
typedef struct nflog_timestamp {
	uint64_t	sec;
	uint64_t	usec;
} nflog_timestamp_t;

/* Attribute types. */
#define NFULA_PACKET_HDR		1	/* nflog_packet_hdr_t */
#define NFULA_MARK			2	/* the packet's mark */
#define NFULA_TIMESTAMP			3	/* nflog_timestamp_t */
#define NFULA_IFINDEX_INDEV		4	/* input device (may be a bridge) */
#define NFULA_IFINDEX_OUTDEV		5	/* output device (may be a bridge) */
#define NFULA_IFINDEX_PHYSINDEV		6	/* physical input device */
#define NFULA_IFINDEX_PHYSOUTDEV	7	/* physical output device */
#define NFULA_HWADDR			8	/* nflog_hwaddr_t */
#define NFULA_PAYLOAD			9	/* the packet, from the network header */
#define NFULA_PREFIX			10	/* the rule's prefix, NUL included */
#define NFULA_UID			11	/* owner of the socket */
#define NFULA_SEQ			12	/* sequence number on this group */
#define NFULA_SEQ_GLOBAL		13	/* sequence number on all groups */
#define NFULA_GID			14	/* group of the socket's owner */
#define NFULA_HWTYPE			15	/* ARPHRD_ type of the device */
#define NFULA_HWHEADER			16	/* the link-layer header */
#define NFULA_HWLEN			17	/* its length */

#endif
