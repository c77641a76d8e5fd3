/* mqpcap: pseudo-headers of the Bluetooth link types. */
#ifndef lib_pcap_bluetooth_h
#define lib_pcap_bluetooth_h

#include <pcap/pcap-inttypes.h>

/* DLT_BLUETOOTH_HCI_H4_WITH_PHDR: network byte order; bit 0 set means the
 * packet was received, clear means sent. */
typedef struct _pcap_bluetooth_h4_header {
	uint32_t direction;
} pcap_bluetooth_h4_header;

/* DLT_BLUETOOTH_LINUX_MONITOR: network byte order. */
typedef struct _pcap_bluetooth_linux_monitor_header {
	uint16_t adapter_id;	/* hciN */
	uint16_t opcode;	/* monitor event */
} pcap_bluetooth_linux_monitor_header;

#endif
