/* mqpcap: the pseudo-header in front of each DLT_CAN_SOCKETCAN frame. */
#ifndef lib_pcap_can_socketcan_h
#define lib_pcap_can_socketcan_h

#include <pcap/pcap-inttypes.h>

typedef struct {
	uint32_t can_id;	/* network byte order; flags in the top bits */
	uint8_t payload_length;	/* data bytes that follow */
	uint8_t fd_flags;	/* CANFD_* for CAN FD frames */
	uint8_t reserved1;
	uint8_t reserved2;
} pcap_can_socketcan_hdr;

/* fd_flags bits. */
#define CANFD_BRS	0x01	/* the data phase used the second bit rate */
#define CANFD_ESI	0x02	/* the sender is error passive */
#define CANFD_FDF	0x04	/* this is a CAN FD frame */

#endif
