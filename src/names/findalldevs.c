/*
 * pcap_findalldevs(): every network interface of the caller's namespace,
 * plus the "any" pseudo-device, in libpcap 1.10's order. mqpcap lists
 * interfaces only: backends are picked by a prefix of the name
 * ("xdp:eth0"), never by extra entries, and libpcap's non-network
 * sources (nflog, D-Bus, Bluetooth, USB) cannot be captured here.
 */
#include "names/ifflags.h"
#include "core/error.h"
#include "core/handle.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FAD_ANY_DESCRIPTION "Pseudo-device that captures on all interfaces"

/*
 * Sort key: smaller is listed first, equal keys keep discovery order.
 * Working interfaces come first; then "any"; then loopback; then, worse
 * and worse, disconnected, down, and not running ones. A disconnected
 * radio still ranks as connected: not being associated does not stop a
 * capture in monitor mode. This is the order libpcap 1.10 lists in
 * (checked by test/diff/test_findalldevs.c).
 */
static bpf_u_int32 fad_rank(const pcap_if_t *dev)
{
	bpf_u_int32 rank = 0;

	if (!(dev->flags & PCAP_IF_RUNNING))
		rank |= 0x80000000;
	if (!(dev->flags & PCAP_IF_UP))
		rank |= 0x40000000;
	if (!(dev->flags & PCAP_IF_WIRELESS) &&
	    (dev->flags & PCAP_IF_CONNECTION_STATUS) ==
	    PCAP_IF_CONNECTION_STATUS_DISCONNECTED)
		rank |= 0x20000000;
	if (dev->flags & PCAP_IF_LOOPBACK)
		rank |= 0x10000000;
	if (strcmp(dev->name, "any") == 0)
		rank |= 0x08000000;
	return rank;
}

static void fad_insert(pcap_if_t **list, pcap_if_t *dev)
{
	bpf_u_int32 rank = fad_rank(dev);
	pcap_if_t **pos = list;

	while (*pos != NULL && fad_rank(*pos) <= rank)
		pos = &(*pos)->next;
	dev->next = *pos;
	*pos = dev;
}

static pcap_if_t *fad_find(pcap_if_t *list, const char *name)
{
	for (; list != NULL; list = list->next)
		if (strcmp(list->name, name) == 0)
			return list;
	return NULL;
}

static pcap_if_t *fad_new_dev(const char *name, const char *description,
			      bpf_u_int32 flags, char *errbuf)
{
	pcap_if_t *dev = calloc(1, sizeof(*dev));

	if (dev == NULL)
		goto nomem;
	dev->name = strdup(name);
	if (dev->name == NULL)
		goto nomem;
	if (description != NULL) {
		dev->description = strdup(description);
		if (dev->description == NULL)
			goto nomem;
	}
	dev->flags = flags;
	return dev;
nomem:
	if (dev != NULL)
		free(dev->name);
	free(dev);
	errbuf_errno(errbuf, ENOMEM, "listing interfaces");
	return NULL;
}

/*
 * The interface called name, added (with its flags) if not yet listed.
 * *dev is NULL when the interface vanished meanwhile. 0, or -1 on
 * allocation failure.
 */
static int fad_get_dev(pcap_if_t **list, int fd, const char *name,
		       pcap_if_t **dev, char *errbuf)
{
	bpf_u_int32 flags;

	*dev = fad_find(*list, name);
	if (*dev != NULL)
		return 0;
	if (ifflags_get(fd, name, &flags) < 0)
		return 0;
	*dev = fad_new_dev(name, NULL, flags, errbuf);
	if (*dev == NULL)
		return -1;
	fad_insert(list, *dev);
	return 0;
}

/* The size of a socket address of this family as the kernel reports it. */
static size_t fad_sockaddr_len(int family)
{
	switch (family) {
	case AF_INET:
		return sizeof(struct sockaddr_in);
	case AF_INET6:
		return sizeof(struct sockaddr_in6);
	case AF_PACKET:
		return sizeof(struct sockaddr_ll);
	default:
		return sizeof(struct sockaddr);
	}
}

static int fad_dup_sockaddr(const struct sockaddr *sa, struct sockaddr **out)
{
	size_t len;

	*out = NULL;
	if (sa == NULL)
		return 0;
	len = fad_sockaddr_len(sa->sa_family);
	*out = malloc(len);
	if (*out == NULL)
		return -1;
	memcpy(*out, sa, len);
	return 0;
}

static void fad_free_addr(pcap_addr_t *a)
{
	free(a->addr);
	free(a->netmask);
	free(a->broadaddr);
	free(a->dstaddr);
	free(a);
}

/* Append one getifaddrs() entry's addresses to dev's list. The union
 * ifa_ifu is the broadcast or the peer address, by the interface flags. */
static int fad_add_addr(pcap_if_t *dev, const struct ifaddrs *ifa, char *errbuf)
{
	pcap_addr_t *a = calloc(1, sizeof(*a)), **tail;

	if (a == NULL)
		goto nomem;
	if (fad_dup_sockaddr(ifa->ifa_addr, &a->addr) < 0 ||
	    fad_dup_sockaddr(ifa->ifa_netmask, &a->netmask) < 0)
		goto nomem;
	if ((ifa->ifa_flags & IFF_BROADCAST) &&
	    fad_dup_sockaddr(ifa->ifa_broadaddr, &a->broadaddr) < 0)
		goto nomem;
	if ((ifa->ifa_flags & IFF_POINTOPOINT) &&
	    fad_dup_sockaddr(ifa->ifa_dstaddr, &a->dstaddr) < 0)
		goto nomem;
	for (tail = &dev->addresses; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = a;
	return 0;
nomem:
	if (a != NULL)
		fad_free_addr(a);
	errbuf_errno(errbuf, ENOMEM, "listing interface addresses");
	return -1;
}

/* "eth0:1" (an address label) is eth0 with one more address: cut a ':'
 * followed only by digits. */
static void fad_strip_label(char *name)
{
	char *colon = strchr(name, ':');
	const char *p;

	if (colon == NULL)
		return;
	for (p = colon + 1; isdigit((unsigned char)*p); p++)
		;
	if (*p == '\0')
		*colon = '\0';
}

static int fad_from_getifaddrs(pcap_if_t **list, int fd, char *errbuf)
{
	struct ifaddrs *all, *ifa;
	int err = 0;

	if (getifaddrs(&all) < 0) {
		errbuf_errno(errbuf, errno, "getifaddrs");
		return -1;
	}
	for (ifa = all; ifa != NULL && err == 0; ifa = ifa->ifa_next) {
		char name[IFNAMSIZ + 16];
		pcap_if_t *dev;

		snprintf(name, sizeof(name), "%s", ifa->ifa_name);
		fad_strip_label(name);
		err = fad_get_dev(list, fd, name, &dev, errbuf);
		if (err == 0 && dev != NULL && ifa->ifa_addr != NULL)
			err = fad_add_addr(dev, ifa, errbuf);
	}
	freeifaddrs(all);
	return err;
}

/* Interfaces with no address at all (a tun without IP, say) are not in
 * getifaddrs(): add them from sysfs's directory, in its order, and from
 * /proc/net/dev, which always shows the caller's namespace. Names the
 * kernel does not know here (a sysfs of another namespace) are dropped
 * by fad_get_dev(). */
static int fad_from_sysfs(pcap_if_t **list, int fd, char *errbuf)
{
	DIR *dir = opendir("/sys/class/net");
	struct dirent *de;
	int err = 0;
	pcap_if_t *dev;

	if (dir == NULL)
		return 0;
	while (err == 0 && (de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= IFNAMSIZ)
			continue;
		err = fad_get_dev(list, fd, de->d_name, &dev, errbuf);
	}
	closedir(dir);
	return err;
}

static int fad_from_proc(pcap_if_t **list, int fd, char *errbuf)
{
	FILE *f = fopen("/proc/net/dev", "re");
	char line[512];
	int err = 0;
	pcap_if_t *dev;

	if (f == NULL)
		return 0;
	while (err == 0 && fgets(line, sizeof(line), f) != NULL) {
		char *name = line, *colon = strchr(line, ':');

		/* "  eth0: 1234 ..."; the two header lines have no ':'. */
		if (colon == NULL)
			continue;
		*colon = '\0';
		while (*name == ' ')
			name++;
		if (*name == '\0' || strlen(name) >= IFNAMSIZ)
			continue;
		err = fad_get_dev(list, fd, name, &dev, errbuf);
	}
	fclose(f);
	return err;
}

static int fad_add_any(pcap_if_t **list, char *errbuf)
{
	pcap_if_t *dev = fad_new_dev("any", FAD_ANY_DESCRIPTION,
				     PCAP_IF_UP | PCAP_IF_RUNNING |
				     PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE,
				     errbuf);

	if (dev == NULL)
		return -1;
	fad_insert(list, dev);
	return 0;
}

void pcap_freealldevs(pcap_if_t *list)
{
	while (list != NULL) {
		pcap_if_t *next = list->next;
		pcap_addr_t *a = list->addresses;

		while (a != NULL) {
			pcap_addr_t *anext = a->next;

			fad_free_addr(a);
			a = anext;
		}
		free(list->name);
		free(list->description);
		free(list);
		list = next;
	}
}

int pcap_findalldevs(pcap_if_t **alldevsp, char *errbuf)
{
	pcap_if_t *list = NULL;
	int fd, err;

	*alldevsp = NULL;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		errbuf_errno(errbuf, errno, "socket");
		return PCAP_ERROR;
	}
	err = fad_from_getifaddrs(&list, fd, errbuf);
	if (err == 0)
		err = fad_from_sysfs(&list, fd, errbuf);
	if (err == 0)
		err = fad_from_proc(&list, fd, errbuf);
	if (err == 0)
		err = fad_add_any(&list, errbuf);
	close(fd);
	if (err < 0) {
		pcap_freealldevs(list);
		return PCAP_ERROR;
	}
	*alldevsp = list;
	return 0;
}

char *pcap_lookupdev(char *errbuf)
{
	static char device[IFNAMSIZ + 1];
	pcap_if_t *list;

	if (handle_pcap_init_called()) {
		errbuf_printf(errbuf, "pcap_lookupdev() is deprecated and is not "
			      "supported in programs calling pcap_init()");
		return NULL;
	}
	if (pcap_findalldevs(&list, errbuf) < 0)
		return NULL;
	/* The first device is the best one; a loopback first means there is
	 * nothing better (pcap_lookupdev(3PCAP)). */
	if (list == NULL || (list->flags & PCAP_IF_LOOPBACK)) {
		errbuf_printf(errbuf, "no suitable device found");
		pcap_freealldevs(list);
		return NULL;
	}
	snprintf(device, sizeof(device), "%s", list->name);
	pcap_freealldevs(list);
	return device;
}
