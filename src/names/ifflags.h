/* The PCAP_IF_* flags of one interface (names module internal). */
#ifndef MQPCAP_NAMES_IFFLAGS_H
#define MQPCAP_NAMES_IFFLAGS_H

#include <pcap/pcap.h>

/*
 * PCAP_IF_UP, _RUNNING, _LOOPBACK, _WIRELESS and the connection status of
 * interface iface, as libpcap 1.10 reports them on Linux. fd is any
 * AF_INET datagram socket (for the ioctls). Returns 0, or -1 when the
 * interface does not exist (any more).
 */
int ifflags_get(int fd, const char *iface, bpf_u_int32 *flags);

#endif
