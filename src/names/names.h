/*
 * Name tables for the rest of the library (mostly the filter compiler).
 *
 * The public pcap_nameto*() functions of <pcap/namedb.h> are the lookups
 * the filter language needs and may be called directly:
 *   - pcap_nametoport(), pcap_nametoportrange(): services(5), tcp and udp;
 *   - pcap_nametoproto(): protocols(5);
 *   - pcap_nametoeproto(), pcap_nametollc(): the built-in tables below;
 *   - pcap_nametonetaddr(): networks(5), host byte order;
 *   - pcap_ether_hostton(), pcap_ether_aton(): Ethernet addresses.
 * This header adds the host lookups with no static storage, and the
 * exported eproto_db table.
 */
#ifndef MQPCAP_NAMES_NAMES_H
#define MQPCAP_NAMES_NAMES_H

#include <pcap/pcap.h>
#include <pcap/namedb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* One Ethernet type name (libpcap's layout: the table is exported data
 * that programs may read, so its element size is part of the ABI). */
struct eproto {
	const char *s;
	u_short p;
};

/* "aarp", "arp", "atalk", ... ,"sca", in libpcap's order, ending with a
 * { NULL, 0 } entry. */
PCAP_API_DEF extern struct eproto eproto_db[];

/*
 * The IPv4 addresses of a host name or dotted quad (host byte order), in
 * resolver order without duplicates: a malloc'ed array of *count
 * entries. 0 on success; -1 when the name resolves to no IPv4 address
 * (errbuf, if not NULL, says so in one sentence).
 */
int names_lookup_host_v4(const char *name, uint32_t **addrs, size_t *count,
			 char *errbuf);

/* The same for IPv6 addresses (network byte order, as in6_addr is). */
int names_lookup_host_v6(const char *name, struct in6_addr **addrs,
			 size_t *count, char *errbuf);

#endif
