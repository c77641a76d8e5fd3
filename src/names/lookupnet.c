/* pcap_lookupnet(): the IPv4 network and mask of an interface. */
#include "names/ifname.h"
#include "core/error.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* Devices with no IPv4 side, for which libpcap answers 0/0 rather than
 * fail: tcpdump and others call pcap_lookupnet on every device they open. */
static int lookupnet_is_pseudo(const char *iface)
{
	return strcmp(iface, "any") == 0 || strstr(iface, "bluetooth") != NULL ||
	       strstr(iface, "usbmon") != NULL;
}

/* One SIOCGIF* query for an IPv4 address (network byte order). */
static int lookupnet_ioctl(int fd, unsigned long req, const char *reqname,
			   const char *iface, bpf_u_int32 *out, char *errbuf)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, iface, strlen(iface));
	ifr.ifr_addr.sa_family = AF_INET;
	if (ioctl(fd, req, &ifr) < 0) {
		if (errno == EADDRNOTAVAIL)
			errbuf_printf(errbuf, "%s: no IPv4 address assigned", iface);
		else
			errbuf_errno(errbuf, errno, "%s: %s", reqname, iface);
		return -1;
	}
	*out = ((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr.s_addr;
	return 0;
}

int pcap_lookupnet(const char *device, bpf_u_int32 *netp, bpf_u_int32 *maskp,
		   char *errbuf)
{
	char iface[IFNAMSIZ + 1];
	bpf_u_int32 net, mask;
	int fd, err;

	if (device == NULL) {
		*netp = *maskp = 0;
		return 0;
	}
	if (ifname_interface(device, iface, sizeof(iface)) < 0 ||
	    strlen(iface) >= IFNAMSIZ) {
		/* Never let the kernel see a truncated name: it could be
		 * another interface's. */
		errbuf_errno(errbuf, ENODEV, "SIOCGIFADDR: %s", device);
		return PCAP_ERROR;
	}
	if (lookupnet_is_pseudo(iface)) {
		*netp = *maskp = 0;
		return 0;
	}

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		errbuf_errno(errbuf, errno, "socket");
		return PCAP_ERROR;
	}
	err = lookupnet_ioctl(fd, SIOCGIFADDR, "SIOCGIFADDR", iface, &net, errbuf);
	if (err == 0)
		err = lookupnet_ioctl(fd, SIOCGIFNETMASK, "SIOCGIFNETMASK", iface,
				      &mask, errbuf);
	close(fd);
	if (err < 0)
		return PCAP_ERROR;

	if (mask == 0) {
		/* An address with prefix length 0 gets a classful mask. The
		 * class is taken from the address as stored (network byte
		 * order), exactly as libpcap 1.10 does, so that both agree
		 * on the net a filter's "net" defaults to. */
		if (IN_CLASSA(net))
			mask = IN_CLASSA_NET;
		else if (IN_CLASSB(net))
			mask = IN_CLASSB_NET;
		else if (IN_CLASSC(net))
			mask = IN_CLASSC_NET;
		else {
			errbuf_printf(errbuf, "inet class for 0x%x unknown", net);
			return PCAP_ERROR;
		}
	}
	*netp = net & mask;
	*maskp = mask;
	return 0;
}
