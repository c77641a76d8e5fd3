/*
 * mqpcap: the Linux "cooked" capture headers that stand in for a link-layer
 * header on DLT_LINUX_SLL (16 bytes) and DLT_LINUX_SLL2 (20 bytes) captures,
 * such as those of the "any" device. All fields are in network byte order.
 */
#ifndef lib_pcap_sll_h
#define lib_pcap_sll_h

#include <pcap/pcap-inttypes.h>

#define SLL_HDR_LEN	16	/* sizeof(struct sll_header) on the wire */
#define SLL_ADDRLEN	8	/* room for the link-layer source address */

/* DLT_LINUX_SLL. */
struct sll_header {
	uint16_t sll_pkttype;		/* LINUX_SLL_HOST ... LINUX_SLL_OUTGOING */
	uint16_t sll_hatype;		/* ARPHRD_ type of the device */
	uint16_t sll_halen;		/* bytes of sll_addr in use */
	uint8_t  sll_addr[SLL_ADDRLEN];	/* source link-layer address */
	uint16_t sll_protocol;		/* ethertype, or LINUX_SLL_P_* */
};

#define SLL2_HDR_LEN	20	/* sizeof(struct sll2_header) on the wire */

/* DLT_LINUX_SLL2: the protocol first, plus the interface index. */
struct sll2_header {
	uint16_t sll2_protocol;		/* ethertype, or LINUX_SLL_P_* */
	uint16_t sll2_reserved_mbz;	/* zero */
	uint32_t sll2_if_index;		/* interface index, from 1 */
	uint16_t sll2_hatype;		/* ARPHRD_ type of the device */
	uint8_t  sll2_pkttype;		/* LINUX_SLL_HOST ... LINUX_SLL_OUTGOING */
	uint8_t  sll2_halen;		/* bytes of sll2_addr in use */
	uint8_t  sll2_addr[SLL_ADDRLEN]; /* source link-layer address */
};

/* Packet types: who the packet was for (the kernel's PACKET_* values). */
#define LINUX_SLL_HOST		0	/* us */
#define LINUX_SLL_BROADCAST	1	/* everyone, by link-layer broadcast */
#define LINUX_SLL_MULTICAST	2	/* a link-layer multicast group */
#define LINUX_SLL_OTHERHOST	3	/* another host (seen in promiscuous mode) */
#define LINUX_SLL_OUTGOING	4	/* sent by us */

/* Protocol values that are not ethertypes (the kernel's ETH_P_* below
 * 0x0600). */
#define LINUX_SLL_P_802_3	0x0001	/* Novell raw 802.3, no 802.2 LLC */
#define LINUX_SLL_P_802_2	0x0004	/* 802.2 LLC frames */
#define LINUX_SLL_P_CAN		0x000C	/* CAN, SocketCAN pseudo-header first */
#define LINUX_SLL_P_CANFD	0x000D	/* CAN FD, SocketCAN pseudo-header first */

#endif
