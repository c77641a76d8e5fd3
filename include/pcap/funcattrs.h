/* mqpcap: function attributes used by the public headers. */
#ifndef lib_pcap_funcattrs_h
#define lib_pcap_funcattrs_h

#include <pcap/compiler-tests.h>

/* Everything declared PCAP_API is exported from the shared library; the
 * library itself is built with -fvisibility=hidden and a version script. */
#if defined(MQPCAP_BUILDING)
#define PCAP_API_DEF	__attribute__((visibility("default")))
#else
#define PCAP_API_DEF
#endif
#define PCAP_API	PCAP_API_DEF extern

/* The libpcap release that introduced a call; only Apple's headers give
 * these a meaning, elsewhere they are empty. */
#define PCAP_AVAILABLE_0_4
#define PCAP_AVAILABLE_0_5
#define PCAP_AVAILABLE_0_6
#define PCAP_AVAILABLE_0_7
#define PCAP_AVAILABLE_0_8
#define PCAP_AVAILABLE_0_9
#define PCAP_AVAILABLE_1_0
#define PCAP_AVAILABLE_1_2
#define PCAP_AVAILABLE_1_5
#define PCAP_AVAILABLE_1_7
#define PCAP_AVAILABLE_1_8
#define PCAP_AVAILABLE_1_9
#define PCAP_AVAILABLE_1_10
#define PCAP_AVAILABLE_1_11

#define PCAP_NORETURN		__attribute((noreturn))
#define PCAP_NORETURN_DEF	__attribute((noreturn))
#define PCAP_PRINTFLIKE(x, y)	__attribute__((__format__(__printf__, x, y)))
#define PCAP_DEPRECATED(msg)	__attribute__((deprecated(msg)))
#define PCAP_FORMAT_STRING(p)	p

#endif
