/* mqpcap: fixed-width integer types for the public headers. */
#ifndef pcap_pcap_inttypes_h
#define pcap_pcap_inttypes_h
#include <inttypes.h>
#endif
