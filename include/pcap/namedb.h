/*
 * mqpcap: name-to-number translation (libpcap 1.10's <pcap/namedb.h>).
 *
 * Host, network, port, protocol, Ethernet-type, LLC and Ethernet-address
 * names, as the filter language and tcpdump use them. Layouts and values
 * are those of libpcap's header, so programs built against it run on
 * mqpcap unchanged.
 */
#ifndef lib_pcap_namedb_h
#define lib_pcap_namedb_h

#include <pcap/funcattrs.h>
#include <pcap/bpf.h>
#include <sys/types.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One line of an ethers(5) file, as pcap_next_etherent() returns it. */
struct pcap_etherent {
	u_char addr[6];
	char name[122];
};

#ifndef PCAP_ETHERS_FILE
#define PCAP_ETHERS_FILE "/etc/ethers"
#endif

/* The next valid entry of an ethers(5)-format file, in a static buffer;
 * NULL at end of file. */
PCAP_API struct pcap_etherent *pcap_next_etherent(FILE *);
/* The Ethernet address of a host named in PCAP_ETHERS_FILE (malloc'ed, 6
 * bytes), or NULL. */
PCAP_API u_char *pcap_ether_hostton(const char *);
/* A textual Ethernet address ("0:1:2:3:4:5", "00-01-..", "0001.0203.0405")
 * as 6 malloc'ed bytes. */
PCAP_API u_char *pcap_ether_aton(const char *);

/* The IPv4 addresses of a host, in host byte order, as a NULL-terminated
 * array in static storage (not reentrant); NULL if none. */
PCAP_API bpf_u_int32 **pcap_nametoaddr(const char *)
	PCAP_DEPRECATED("this is not reentrant; use 'pcap_nametoaddrinfo' instead");
/* getaddrinfo() for a host name; free with freeaddrinfo(). */
PCAP_API struct addrinfo *pcap_nametoaddrinfo(const char *);
/* A network name (networks(5)) as a host-order number, 0 if unknown. */
PCAP_API bpf_u_int32 pcap_nametonetaddr(const char *);

/* A port name (services(5)): 1 and *port, *proto (IPPROTO_TCP, IPPROTO_UDP
 * or PROTO_UNDEF when the name means different ports over both); 0 if
 * unknown. */
PCAP_API int	pcap_nametoport(const char *, int *, int *);
/* "PORT1-PORT2" (names or numbers): 1 and the range; 0 if not one. */
PCAP_API int	pcap_nametoportrange(const char *, int *, int *, int *);
/* An IP protocol name (protocols(5)); PROTO_UNDEF if unknown. */
PCAP_API int	pcap_nametoproto(const char *);
/* An Ethernet type name ("ip", "arp", ...); PROTO_UNDEF if unknown. */
PCAP_API int	pcap_nametoeproto(const char *);
/* An 802.2 LLC SAP name ("iso", "stp", ...); PROTO_UNDEF if unknown. */
PCAP_API int	pcap_nametollc(const char *);

/* Returned when a name is unknown, and as pcap_nametoport()'s protocol
 * when a service has different TCP and UDP ports. */
#define PROTO_UNDEF		-1

#ifdef __cplusplus
}
#endif

#endif
