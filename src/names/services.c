/*
 * Port and IP protocol names: services(5) and protocols(5), through the
 * resolver so that NSS configuration is honoured as it is for libpcap.
 */
#include "names/names.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* The port getaddrinfo() gives for service name over one transport, or
 * -1. getaddrinfo() rather than getservbyname() because it also takes
 * numeric strings, which the filter language passes through here. */
static int services_port_for(const char *name, int socktype, int protocol)
{
	struct addrinfo hints, *res;
	int port = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = socktype;
	hints.ai_protocol = protocol;
	if (getaddrinfo(NULL, name, &hints, &res) != 0)
		return -1;
	if (res->ai_addr->sa_family == AF_INET)
		port = ntohs(((struct sockaddr_in *)res->ai_addr)->sin_port);
	else if (res->ai_addr->sa_family == AF_INET6)
		port = ntohs(((struct sockaddr_in6 *)res->ai_addr)->sin6_port);
	freeaddrinfo(res);
	return port;
}

int pcap_nametoport(const char *name, int *port, int *proto)
{
	int tcp = services_port_for(name, SOCK_STREAM, IPPROTO_TCP);
	int udp = services_port_for(name, SOCK_DGRAM, IPPROTO_UDP);

	/* Where a name means a port over both transports, TCP's wins; the
	 * protocol stays open (PROTO_UNDEF) only when both agree, so that
	 * "port domain" matches DNS over either. */
	if (tcp >= 0) {
		*port = tcp;
		*proto = udp == tcp ? PROTO_UNDEF : IPPROTO_TCP;
		return 1;
	}
	if (udp >= 0) {
		*port = udp;
		*proto = IPPROTO_UDP;
		return 1;
	}
	return 0;
}

int pcap_nametoportrange(const char *name, int *port1, int *port2, int *proto)
{
	int first_proto;
	char *copy, *dash;
	int ok = 0;

	/* Two numbers are taken as they are, even reversed or above 65535:
	 * the filter compiler orders and checks them. */
	if (sscanf(name, "%d-%d", port1, port2) == 2) {
		*proto = PROTO_UNDEF;
		return 1;
	}

	copy = strdup(name);
	if (copy == NULL)
		return 0;
	dash = strchr(copy, '-');
	if (dash != NULL) {
		*dash = '\0';
		if (pcap_nametoport(copy, port1, &first_proto) &&
		    pcap_nametoport(dash + 1, port2, proto)) {
			if (*proto != first_proto)
				*proto = PROTO_UNDEF;
			ok = 1;
		}
	}
	free(copy);
	return ok;
}

int pcap_nametoproto(const char *name)
{
	struct protoent entry, *found = NULL;
	char buf[1024];

	if (getprotobyname_r(name, &entry, buf, sizeof(buf), &found) != 0 ||
	    found == NULL)
		return PROTO_UNDEF;
	return found->p_proto;
}
