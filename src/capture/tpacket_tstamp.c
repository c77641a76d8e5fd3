/*
 * Time stamp types of the TPACKET backends: host always; adapter and
 * adapter_unsynced where the driver stamps every received packet in
 * hardware (ETHTOOL_GET_TS_INFO), by turning that on (SIOCSHWTSTAMP) and
 * asking each member's ring for the raw hardware time (PACKET_TIMESTAMP).
 */
#include "capture/tpacket.h"
#include "core/error.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/net_tstamp.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int ifr_ioctl(const char *iface, unsigned long req, void *data)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc, err;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	ifr.ifr_data = data;
	rc = ioctl(fd, req, &ifr);
	err = errno;
	close(fd);
	return rc < 0 ? -err : 0;
}

static int hw_stamps_all_rx(const char *iface)
{
	struct ethtool_ts_info info = { .cmd = ETHTOOL_GET_TS_INFO };

	if (ifr_ioctl(iface, SIOCETHTOOL, &info) < 0)
		return 0;
	return (info.so_timestamping & SOF_TIMESTAMPING_RAW_HARDWARE) &&
		(info.rx_filters & (1u << HWTSTAMP_FILTER_ALL));
}

/* pcap_create: list what the device offers, so that pcap_set_tstamp_type
 * and pcap_list_tstamp_types answer before activation, as libpcap's do. */
void tpacket_create(pcap_t *p)
{
	static const int types[] = {
		PCAP_TSTAMP_HOST, PCAP_TSTAMP_ADAPTER, PCAP_TSTAMP_ADAPTER_UNSYNCED,
	};
	char err[PCAP_ERRBUF_SIZE];
	struct devname dn;

	if (devname_parse(&dn, p->opt.device, err) < 0 ||
	    strcmp(dn.iface, "any") == 0 || !hw_stamps_all_rx(dn.iface))
		return;
	p->tstamp_type_list = malloc(sizeof(types));
	if (p->tstamp_type_list == NULL)
		return;
	memcpy(p->tstamp_type_list, types, sizeof(types));
	p->tstamp_type_count = 3;
}

/* At activation, for adapter time stamps: hardware stamping on for all
 * received packets, and every member reading the raw hardware time.
 * 0, a warning (host time stamps instead), or an error. */
int tpacket_tstamp_setup(pcap_t *p, struct tpacket_handle *h)
{
	struct hwtstamp_config cfg = {
		.tx_type = HWTSTAMP_TX_OFF,
		.rx_filter = HWTSTAMP_FILTER_ALL,
	};
	int req = SOF_TIMESTAMPING_RAW_HARDWARE, rc;

	if (p->opt.tstamp_type != PCAP_TSTAMP_ADAPTER &&
	    p->opt.tstamp_type != PCAP_TSTAMP_ADAPTER_UNSYNCED)
		return 0;
	rc = ifr_ioctl(h->dn.iface, SIOCSHWTSTAMP, &cfg);
	if (rc == -EPERM) {
		handle_error(p, "Attempt to set hardware timestamp failed - CAP_NET_ADMIN may be required");
		return PCAP_ERROR_PERM_DENIED;
	}
	if (rc < 0) {
		/* The capture goes on with host time stamps. */
		handle_error_errno(p, -rc, "%s: SIOCSHWTSTAMP (hardware time stamps); using host time stamps",
				   h->dn.iface);
		return PCAP_WARNING_TSTAMP_TYPE_NOTSUP;
	}
	for (int i = 0; i < h->nmembers; i++) {
		if (setsockopt(h->members[i].fd, SOL_PACKET, PACKET_TIMESTAMP,
			       &req, sizeof(req)) < 0) {
			handle_error_errno(p, errno, "%s: PACKET_TIMESTAMP", h->dn.iface);
			return PCAP_ERROR;
		}
	}
	return 0;
}
