/*
 * Host and network names: hosts(5), DNS and networks(5) through the
 * resolver.
 */
#include "names/names.h"
#include "core/error.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>

/* pcap_nametoaddr()'s result lives here until the next call: the API
 * returns pointers into static storage, as gethostbyname() does. */
static struct hostent hosts_static_entry;
static char *hosts_static_buf;
static size_t hosts_static_size;

/* gethostbyname_r() into the static buffer, growing it while too small. */
static struct hostent *hosts_static_lookup(const char *name)
{
	struct hostent *found = NULL;
	int herr, err;

	if (hosts_static_buf == NULL) {
		hosts_static_size = 1024;
		hosts_static_buf = malloc(hosts_static_size);
		if (hosts_static_buf == NULL)
			return NULL;
	}
	for (;;) {
		err = gethostbyname_r(name, &hosts_static_entry,
				      hosts_static_buf, hosts_static_size,
				      &found, &herr);
		if (err != ERANGE)
			break;
		char *bigger = realloc(hosts_static_buf, hosts_static_size * 2);
		if (bigger == NULL)
			return NULL;
		hosts_static_buf = bigger;
		hosts_static_size *= 2;
	}
	return err == 0 ? found : NULL;
}

bpf_u_int32 **pcap_nametoaddr(const char *name)
{
	struct hostent *h = hosts_static_lookup(name);
	char **ap;

	if (h == NULL || h->h_addrtype != AF_INET || h->h_length != 4)
		return NULL;
	/* Callers expect host byte order: convert in place. */
	for (ap = h->h_addr_list; *ap != NULL; ap++) {
		bpf_u_int32 v;

		memcpy(&v, *ap, sizeof(v));
		v = ntohl(v);
		memcpy(*ap, &v, sizeof(v));
	}
	return (bpf_u_int32 **)h->h_addr_list;
}

struct addrinfo *pcap_nametoaddrinfo(const char *name)
{
	struct addrinfo hints, *res;

	/* One socket type, so that each address comes back once. */
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return NULL;
	return res;
}

bpf_u_int32 pcap_nametonetaddr(const char *name)
{
	struct netent entry, *found = NULL;
	char buf[1024];
	int herr;

	if (getnetbyname_r(name, &entry, buf, sizeof(buf), &found, &herr) != 0 ||
	    found == NULL)
		return 0;
	return found->n_net;
}

/* Copy the addresses of one family out of res, in order, without
 * duplicates, into a malloc'ed array of elements of size len. */
static int hosts_collect(const struct addrinfo *res, int family, size_t len,
			 void **out, size_t *count)
{
	const struct addrinfo *ai;
	unsigned char *arr = NULL;
	size_t n = 0, i;

	for (ai = res; ai != NULL; ai = ai->ai_next) {
		const void *a;

		if (ai->ai_family != family)
			continue;
		if (family == AF_INET)
			a = &((const struct sockaddr_in *)ai->ai_addr)->sin_addr;
		else
			a = &((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
		for (i = 0; i < n; i++)
			if (memcmp(arr + i * len, a, len) == 0)
				break;
		if (i < n)
			continue;
		unsigned char *bigger = realloc(arr, (n + 1) * len);
		if (bigger == NULL) {
			free(arr);
			return -1;
		}
		arr = bigger;
		memcpy(arr + n * len, a, len);
		n++;
	}
	*out = arr;
	*count = n;
	return n > 0 ? 0 : -1;
}

static int hosts_lookup(const char *name, int family, size_t len, void **out,
			size_t *count, char *errbuf)
{
	struct addrinfo *res = pcap_nametoaddrinfo(name);
	int err;

	*out = NULL;
	*count = 0;
	if (res == NULL) {
		if (errbuf)
			errbuf_printf(errbuf, "unknown host '%s'", name);
		return -1;
	}
	err = hosts_collect(res, family, len, out, count);
	freeaddrinfo(res);
	if (err < 0 && errbuf)
		errbuf_printf(errbuf, "unknown host '%s' for %s", name,
			      family == AF_INET ? "IPv4" : "IPv6");
	return err;
}

int names_lookup_host_v4(const char *name, uint32_t **addrs, size_t *count,
			 char *errbuf)
{
	void *arr;
	size_t i;

	if (hosts_lookup(name, AF_INET, 4, &arr, count, errbuf) < 0) {
		*addrs = NULL;
		return -1;
	}
	*addrs = arr;
	for (i = 0; i < *count; i++)
		(*addrs)[i] = ntohl((*addrs)[i]);
	return 0;
}

int names_lookup_host_v6(const char *name, struct in6_addr **addrs,
			 size_t *count, char *errbuf)
{
	void *arr;

	if (hosts_lookup(name, AF_INET6, sizeof(struct in6_addr), &arr, count,
			 errbuf) < 0) {
		*addrs = NULL;
		return -1;
	}
	*addrs = arr;
	return 0;
}
