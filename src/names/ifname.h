/*
 * The interface part of a mqpcap device name,
 *
 *     [BACKEND:]IFACE[@QUEUES][,KEY=VALUE]...
 *
 * for code that only needs to ask the kernel about the interface
 * (pcap_lookupnet, interface flags). The full grammar, with its options
 * and errors, is src/capture/devname.h's.
 */
#ifndef MQPCAP_NAMES_IFNAME_H
#define MQPCAP_NAMES_IFNAME_H

#include <stddef.h>

/*
 * Copy IFACE out of device into iface (size bytes, NUL-terminated): a
 * leading "ring:", "xdp:", "pfq:" or "classic:" is dropped and the name
 * ends at the first '@' or ','. Any other "X:" stays, since "eth0:1" is
 * an interface (alias) name. Returns the length of IFACE, or -1 when it
 * does not fit in size (iface then holds as much as fits).
 */
int ifname_interface(const char *device, char *iface, size_t size);

/* The backend prefix's length including its ':' (0 if none). */
size_t ifname_backend_prefix_len(const char *device);

#endif
