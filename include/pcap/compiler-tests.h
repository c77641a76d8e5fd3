/*
 * mqpcap: compiler feature tests used by the public headers. Programs
 * sometimes use these names themselves, so every one libpcap defines is
 * here, with the same arguments.
 */
#ifndef lib_pcap_compiler_tests_h
#define lib_pcap_compiler_tests_h

#ifndef __has_attribute
#define __has_attribute(x) 0
#endif

#if defined(__GNUC__)
#define PCAP_IS_AT_LEAST_GNUC_VERSION(major, minor) \
	(__GNUC__ > (major) || (__GNUC__ == (major) && __GNUC_MINOR__ >= (minor)))
#else
#define PCAP_IS_AT_LEAST_GNUC_VERSION(major, minor) 0
#endif

#if defined(__clang__)
#define PCAP_IS_AT_LEAST_CLANG_VERSION(major, minor) \
	(__clang_major__ > (major) || \
	 (__clang_major__ == (major) && __clang_minor__ >= (minor)))
#else
#define PCAP_IS_AT_LEAST_CLANG_VERSION(major, minor) 0
#endif

/* Sun C, IBM XL C and HP aC++ do not build for Linux in practice: mqpcap
 * only answers "no" for them. */
#define PCAP_IS_AT_LEAST_SUNC_VERSION(major, minor) 0
#define PCAP_IS_AT_LEAST_XL_C_VERSION(major, minor) 0
#define PCAP_IS_AT_LEAST_HP_C_VERSION(major, minor) 0

#endif
