/* mqpcap: an 802.1Q/802.1ad tag as it sits in a frame after the addresses. */
#ifndef lib_pcap_vlan_h
#define lib_pcap_vlan_h

#include <pcap/pcap-inttypes.h>

struct vlan_tag {
	uint16_t vlan_tpid;	/* 0x8100 (802.1Q) or 0x88a8 (802.1ad) */
	uint16_t vlan_tci;	/* priority, drop eligibility, VLAN id */
};

#define VLAN_TAG_LEN	4	/* bytes a tag adds to the frame */

#endif
