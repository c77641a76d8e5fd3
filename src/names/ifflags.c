/*
 * Interface flags for pcap_findalldevs(). Everything is asked of the
 * kernel through ioctls on the caller's network namespace; sysfs is only
 * a second opinion for wireless, since a sysfs mounted from another
 * namespace describes that namespace's interfaces.
 */
#include "names/ifflags.h"

#include <errno.h>
/* glibc's net/if.h first: linux/if.h then skips what it already has. */
#include <net/if.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/sockios.h>
#include <linux/wireless.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static void ifflags_ifreq(struct ifreq *ifr, const char *iface)
{
	memset(ifr, 0, sizeof(*ifr));
	strncpy(ifr->ifr_name, iface, sizeof(ifr->ifr_name) - 1);
}

/* Does /sys/class/net/iface describe this namespace's iface? A sysfs
 * mounted from another network namespace shows that namespace's
 * interfaces, maybe one of the same name: compare interface indexes. */
static int ifflags_sysfs_is_ours(int fd, const char *iface)
{
	char path[64 + IFNAMSIZ];
	struct ifreq ifr;
	FILE *f;
	int index = -1;

	snprintf(path, sizeof(path), "/sys/class/net/%s/ifindex", iface);
	f = fopen(path, "re");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%d", &index) != 1)
		index = -1;
	fclose(f);
	ifflags_ifreq(&ifr, iface);
	return ioctl(fd, SIOCGIFINDEX, &ifr) == 0 && ifr.ifr_ifindex == index;
}

/* Wi-Fi (cfg80211 or wireless extensions). */
static int ifflags_is_wifi(int fd, const char *iface)
{
	struct iwreq iwr;
	char path[64 + IFNAMSIZ];
	struct stat st;

	if (ifflags_sysfs_is_ours(fd, iface)) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/wireless", iface);
		if (stat(path, &st) == 0)
			return 1;
		snprintf(path, sizeof(path), "/sys/class/net/%s/phy80211", iface);
		if (stat(path, &st) == 0)
			return 1;
	}
	memset(&iwr, 0, sizeof(iwr));
	strncpy(iwr.ifr_name, iface, sizeof(iwr.ifr_name) - 1);
	return ioctl(fd, SIOCGIWNAME, &iwr) == 0;
}

/* Link types that are radios, though not Wi-Fi (pcap_findalldevs(3PCAP):
 * "this includes IrDA as well as ... IEEE 802.15.4"). */
static int ifflags_arphrd_is_wireless(int type)
{
	switch (type) {
	case ARPHRD_IRDA:
	case ARPHRD_IEEE80211:
	case ARPHRD_IEEE80211_PRISM:
	case ARPHRD_IEEE80211_RADIOTAP:
	case ARPHRD_IEEE802154:
	case ARPHRD_IEEE802154_MONITOR:
	case ARPHRD_6LOWPAN:
		return 1;
	default:
		return 0;
	}
}

/* The connection status from the driver's link indication. Drivers
 * without one (ifb, dummy, ...) answer EOPNOTSUPP: for them "connected"
 * has no meaning, which is what libpcap reports too. */
static bpf_u_int32 ifflags_link_status(int fd, const char *iface)
{
	struct ethtool_value link = { .cmd = ETHTOOL_GLINK };
	struct ifreq ifr;

	ifflags_ifreq(&ifr, iface);
	ifr.ifr_data = (char *)&link;
	if (ioctl(fd, SIOCETHTOOL, &ifr) < 0) {
		if (errno == EOPNOTSUPP || errno == EINVAL)
			return PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE;
		return PCAP_IF_CONNECTION_STATUS_UNKNOWN;
	}
	return link.data ? PCAP_IF_CONNECTION_STATUS_CONNECTED
			 : PCAP_IF_CONNECTION_STATUS_DISCONNECTED;
}

int ifflags_get(int fd, const char *iface, bpf_u_int32 *flags)
{
	struct ifreq ifr;

	*flags = 0;
	ifflags_ifreq(&ifr, iface);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	if (ifr.ifr_flags & IFF_UP)
		*flags |= PCAP_IF_UP;
	if (ifr.ifr_flags & IFF_RUNNING)
		*flags |= PCAP_IF_RUNNING;
	if (ifr.ifr_flags & IFF_LOOPBACK) {
		*flags |= PCAP_IF_LOOPBACK | PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE;
		return 0;
	}

	if (ifflags_is_wifi(fd, iface)) {
		*flags |= PCAP_IF_WIRELESS;
	} else {
		ifflags_ifreq(&ifr, iface);
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0) {
			if (ifr.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK) {
				*flags |= PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE;
				return 0;
			}
			if (ifflags_arphrd_is_wireless(ifr.ifr_hwaddr.sa_family))
				*flags |= PCAP_IF_WIRELESS;
		}
	}
	*flags |= ifflags_link_status(fd, iface);
	return 0;
}
