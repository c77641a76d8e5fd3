/*
 * mqpcap: values found in DLT_IPNET (Solaris ipnet) captures. Solaris's
 * own numbers, which differ from Linux's AF_INET6.
 */
#define IPH_AF_INET	2	/* Solaris's AF_INET */
#define IPH_AF_INET6	26	/* Solaris's AF_INET6 */

/* Direction of the packet. */
#define IPNET_OUTBOUND	1
#define IPNET_INBOUND	2
