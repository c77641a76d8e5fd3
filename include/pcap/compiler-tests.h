/* mqpcap: compiler feature tests used by the public headers. */
#ifndef lib_pcap_compiler_tests_h
#define lib_pcap_compiler_tests_h

#if defined(__GNUC__)
#define PCAP_IS_AT_LEAST_GNUC_VERSION(major, minor) \
	(__GNUC__ > (major) || (__GNUC__ == (major) && __GNUC_MINOR__ >= (minor)))
#else
#define PCAP_IS_AT_LEAST_GNUC_VERSION(major, minor) 0
#endif
#if defined(__clang__)
#define PCAP_IS_AT_LEAST_CLANG_VERSION(major, minor) \
	(__clang_major__ > (major) || (__clang_major__ == (major) && __clang_minor__ >= (minor)))
#else
#define PCAP_IS_AT_LEAST_CLANG_VERSION(major, minor) 0
#endif
#define PCAP_IS_AT_LEAST_SUNC_VERSION(major, minor) 0
#define PCAP_IS_AT_LEAST_XL_VERSION(major, minor) 0
#define PCAP_IS_AT_LEAST_HP_C_VERSION(major, minor) 0

#endif
