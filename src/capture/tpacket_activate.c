/*
 * Bringing a ring or classic handle up: parse the device name, size the
 * rings, open and bind the members, join them into one fanout group, and
 * set up the epoll fd that pcap_get_selectable_fd returns.
 */
#include "capture/tpacket.h"
#include "capture/fanout.h"
#include "core/error.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* What the device is: index and hardware type, or "any". */
struct tpacket_dev {
	int ifindex;
	int arphrd;
	int rx_queues;
};

static int ifreq_ioctl(int fd, unsigned long req, const char *iface, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", iface);
	return ioctl(fd, req, ifr);
}

/* RX queue count from ETHTOOL_GCHANNELS, which is right in any network
 * namespace (sysfs shows the namespace it was mounted in), else sysfs. */
static int count_rx_queues(int fd, const char *iface)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	struct ifreq ifr;
	char path[128];
	int n = 0;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	ifr.ifr_data = (char *)&ch;
	if (ioctl(fd, SIOCETHTOOL, &ifr) == 0 && ch.rx_count + ch.combined_count > 0)
		return (int)(ch.rx_count + ch.combined_count);
	for (;; n++) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/queues/rx-%d", iface, n);
		if (access(path, F_OK) != 0)
			break;
	}
	return n > 0 ? n : 1;
}

static int lookup_device(pcap_t *p, const struct devname *dn, struct tpacket_dev *dev)
{
	struct ifreq ifr;
	int fd, err;

	memset(dev, 0, sizeof(*dev));
	if (strcmp(dn->iface, "any") == 0) {
		dev->arphrd = -1;
		dev->rx_queues = (int)sysconf(_SC_NPROCESSORS_ONLN);
		return 0;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		handle_error_errno(p, errno, "%s: socket", p->opt.device);
		return PCAP_ERROR;
	}
	if (ifreq_ioctl(fd, SIOCGIFINDEX, dn->iface, &ifr) < 0) {
		err = errno;
		close(fd);
		if (err == ENODEV || err == ENXIO) {
			const char *colon = strchr(dn->iface, ':');

			if (colon)
				handle_error(p, "no interface \"%s\", and \"%.*s\" is not a backend (ring, pfq, classic, xdp)",
					     dn->iface,
					     (int)(colon - dn->iface), dn->iface);
			else
				handle_error(p, "No such device exists (no interface \"%s\")",
					     dn->iface);
			return PCAP_ERROR_NO_SUCH_DEVICE;
		}
		handle_error_errno(p, err, "%s: SIOCGIFINDEX", p->opt.device);
		return PCAP_ERROR;
	}
	dev->ifindex = ifr.ifr_ifindex;
	dev->arphrd = ifreq_ioctl(fd, SIOCGIFHWADDR, dn->iface, &ifr) == 0 ?
		ifr.ifr_hwaddr.sa_family : ARPHRD_ETHER;
	dev->rx_queues = count_rx_queues(fd, dn->iface);
	close(fd);
	return 0;
}

static int set_dlt_list(pcap_t *p, const int *dlts, int n)
{
	free(p->dlt_list);
	p->dlt_list = malloc((size_t)n * sizeof(int));
	if (p->dlt_list == NULL) {
		p->dlt_count = 0;
		handle_error(p, "out of memory for the DLT list");
		return PCAP_ERROR;
	}
	memcpy(p->dlt_list, dlts, (size_t)n * sizeof(int));
	p->dlt_count = n;
	p->linktype = dlts[0];
	return 0;
}

/* Ethernet: EN10MB and DOCSIS; loopback: EN10MB; no link header: RAW;
 * any and everything else: cooked, SLL or SLL2. */
static int choose_link(pcap_t *p, struct tpacket_handle *h, int arphrd)
{
	static const int ether[] = { DLT_EN10MB, DLT_DOCSIS };
	static const int loop[] = { DLT_EN10MB };
	static const int raw[] = { DLT_RAW };
	static const int cooked[] = { DLT_LINUX_SLL, DLT_LINUX_SLL2 };

	h->cooked = 0;
	switch (arphrd) {
	case ARPHRD_ETHER:
		return set_dlt_list(p, ether, 2);
	case ARPHRD_LOOPBACK:
		return set_dlt_list(p, loop, 1);
	case ARPHRD_NONE:
		return set_dlt_list(p, raw, 1);
	default:
		h->cooked = 1;
		return set_dlt_list(p, cooked, 2);
	}
}

static int choose_members(pcap_t *p, struct tpacket_handle *h, int classic,
			  const struct tpacket_dev *dev)
{
	const struct devname *dn = &h->dn;
	int cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	int total;

	if (classic) {
		total = 1;
	} else if (dn->members > 0) {
		total = dn->members;
	} else {
		total = dev->rx_queues < cpus ? dev->rx_queues : cpus;
		if (total < 1)
			total = 1;
	}
	if (dn->queue_first == DEVNAME_ALL_QUEUES) {
		h->nmembers = total;
		return 0;
	}
	if (dn->queue_last >= total) {
		handle_error(p, "bad queue range @%d-%d in device name \"%s\": %s has %d %s (0-%d)",
			     dn->queue_first, dn->queue_last, p->opt.device,
			     dn->iface, total, classic ? "member" : "members",
			     total - 1);
		return PCAP_ERROR;
	}
	h->nmembers = dn->queue_last - dn->queue_first + 1;
	return 0;
}

static unsigned round_pow2(unsigned v)
{
	unsigned r = 4096;

	while (r < v)
		r <<= 1;
	return r;
}

/* Blocks of up to 4 MiB, never smaller than the largest frame the
 * snapshot allows, at least 8 per member when memory allows, at least 2
 * when the buffer asked for is tiny. */
static void ring_geometry(const struct tpacket_handle *h, size_t total,
			  int immediate, struct tpacket_member_cfg *cfg)
{
	unsigned frame = TPACKET_ALIGN(TPACKET3_HDRLEN) + 16 + TPACKET_RESERVE +
		h->snapshot + 64;
	unsigned max_block = immediate ? TPACKET_IMMEDIATE_BLOCK : TPACKET_MAX_BLOCK;
	unsigned min_block = round_pow2(frame + 64);
	unsigned block;

	if (immediate && min_block > max_block)
		min_block = max_block;
	block = min_block > max_block ? min_block : max_block;
	size_t per_member = total / (size_t)h->nmembers;

	while (block > min_block && per_member / block < 8)
		block >>= 1;
	cfg->block_size = block;
	cfg->block_nr = per_member / block < 2 ? 2 : (unsigned)(per_member / block);
}

static int open_members(pcap_t *p, struct tpacket_handle *h,
			struct tpacket_member_cfg *cfg, int default_size)
{
	int rc;

	for (;;) {
		int i;

		for (i = 0; i < h->nmembers; i++) {
			rc = tpacket_member_open(&h->members[i], cfg, p->errbuf);
			if (rc < 0)
				break;
		}
		if (i == h->nmembers)
			return 0;
		for (int j = 0; j <= i; j++)
			tpacket_member_close(&h->members[j]);
		/* Only the default size gives way to a lack of memory. */
		if (rc != -ENOMEM || !default_size || cfg->block_nr <= 2)
			return rc == -ENOMEM ? PCAP_ERROR : rc;
		cfg->block_nr /= 2;
	}
}

static int bind_members(pcap_t *p, struct tpacket_handle *h,
			const struct tpacket_member_cfg *cfg)
{
	for (int i = 0; i < h->nmembers; i++) {
		int rc = tpacket_member_bind(&h->members[i], cfg, p->errbuf);
		int err = 0;
		socklen_t len = sizeof(err);

		if (rc < 0)
			return rc;
		/* Binding to a device that is down succeeds, but leaves the
		 * error on the socket. */
		if (getsockopt(h->members[i].fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 &&
		    err == ENETDOWN) {
			handle_error(p, "That device is not up (%s is down)", h->dn.iface);
			return PCAP_ERROR_IFACE_NOT_UP;
		}
	}
	return 0;
}

static int setup_epoll(pcap_t *p, struct tpacket_handle *h)
{
	struct epoll_event ev = { .events = EPOLLIN };

	h->epfd = epoll_create1(EPOLL_CLOEXEC);
	h->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (h->epfd < 0 || h->wakefd < 0) {
		handle_error_errno(p, errno, "%s: epoll/eventfd", p->opt.device);
		return PCAP_ERROR;
	}
	for (int i = 0; i < h->nmembers; i++) {
		ev.data.u32 = (uint32_t)i;
		if (epoll_ctl(h->epfd, EPOLL_CTL_ADD, h->members[i].fd, &ev) < 0)
			goto fail;
	}
	ev.data.u32 = UINT32_MAX;
	if (epoll_ctl(h->epfd, EPOLL_CTL_ADD, h->wakefd, &ev) < 0)
		goto fail;
	p->selectable_fd = h->epfd;
	return 0;
fail:
	handle_error_errno(p, errno, "%s: epoll_ctl", p->opt.device);
	return PCAP_ERROR;
}

static int set_promisc(pcap_t *p, struct tpacket_handle *h)
{
	struct packet_mreq mr = {
		.mr_ifindex = h->ifindex,
		.mr_type = PACKET_MR_PROMISC,
	};

	/* libpcap 1.10 leaves this sentence in the error buffer but
	 * succeeds (0, not PCAP_WARNING_PROMISC_NOTSUP): tools print no
	 * warning on "any". */
	if (h->ifindex == 0) {
		handle_error(p, "Promiscuous mode not supported on the \"any\" device");
		return 0;
	}
	if (setsockopt(h->members[0].fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP,
		       &mr, sizeof(mr)) < 0) {
		int err = errno;

		handle_error_errno(p, err, "%s: PACKET_ADD_MEMBERSHIP (promiscuous mode)",
				   p->opt.device);
		return err == EPERM ? PCAP_ERROR_PROMISC_PERM_DENIED : PCAP_ERROR;
	}
	h->promisc_set = 1;
	return 0;
}

static uint64_t sysfs_stat(const char *iface, const char *name)
{
	char path[128];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", iface, name);
	f = fopen(path, "re");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%llu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

/* The interface's own receive drops, as libpcap counts them for
 * ps_ifdrop: rx_missed_errors + rx_fifo_errors from sysfs. sysfs shows
 * the network namespace it was mounted in, so the entry counts only if
 * it is this device (same ifindex); else 0, as libpcap would find none. */
uint64_t tpacket_if_drops(const char *iface, int ifindex)
{
	if ((int)sysfs_stat(iface, "ifindex") != ifindex)
		return 0;
	return sysfs_stat(iface, "statistics/rx_missed_errors") +
		sysfs_stat(iface, "statistics/rx_fifo_errors");
}

static int init_handle(pcap_t *p, struct tpacket_handle **hp)
{
	struct tpacket_handle *h = p->priv;

	if (h == NULL)
		h = p->priv = calloc(1, sizeof(*h));
	else
		memset(h, 0, sizeof(*h));
	if (h == NULL) {
		handle_error(p, "out of memory allocating the capture state");
		return PCAP_ERROR;
	}
	h->epfd = h->wakefd = -1;
	h->group_id = -1;
	h->name = p->opt.device;
	*hp = h;
	return 0;
}

/* Options that only make sense for a Wi-Fi device. */
static int check_unsupported(pcap_t *p)
{
	if (p->opt.rfmon) {
		handle_error(p, "%s: monitor mode is not supported on this device",
			     p->opt.device);
		return PCAP_ERROR_RFMON_NOTSUP;
	}
	return 0;
}

static void choose_timing(pcap_t *p, struct tpacket_handle *h,
			  struct tpacket_member_cfg *cfg)
{
	/* Immediate mode: a block is handed up within a millisecond of its
	 * first packet. Otherwise the read timeout, as libpcap does. */
	if (p->opt.immediate)
		h->block_tov_ms = 1;
	else if (p->opt.timeout_ms > 0)
		h->block_tov_ms = (unsigned)p->opt.timeout_ms;
	else
		h->block_tov_ms = 8;
	cfg->block_tov_ms = h->block_tov_ms;
	h->hold_ns = (2ull * h->block_tov_ms + 4) * 1000000ull;
	h->timeout_ms = p->opt.timeout_ms > 0 ? p->opt.timeout_ms : 0;
	h->nonblock = p->opt.nonblock;
	h->ts_div = p->opt.tstamp_precision == PCAP_TSTAMP_PRECISION_NANO ? 1 : 1000;
}

static int join_group(pcap_t *p, struct tpacket_handle *h, int classic)
{
	int fds[DEVNAME_MAX_MEMBERS];

	/* A lone private member needs no group (classic never has more);
	 * a named group is joined whatever the backend, so that classic
	 * handles can share a link with others too. */
	if (h->dn.group == DEVNAME_PRIVATE_GROUP && (classic || h->nmembers == 1))
		return 0;
	for (int i = 0; i < h->nmembers; i++)
		fds[i] = h->members[i].fd;
	return fanout_join(fds, h->nmembers, &h->dn, &h->group_id, p->errbuf);
}

int tpacket_activate(pcap_t *p, int classic)
{
	struct tpacket_member_cfg cfg = { .name = p->opt.device };
	struct tpacket_handle *h;
	struct tpacket_dev dev;
	size_t total;
	int rc, warn = 0;

	if ((rc = init_handle(p, &h)) < 0)
		return rc;
	if ((rc = devname_parse(&h->dn, p->opt.device, p->errbuf)) < 0)
		return rc;
	if ((rc = check_unsupported(p)) < 0)
		return rc;
	if ((rc = lookup_device(p, &h->dn, &dev)) < 0)
		return rc;
	h->ifindex = dev.ifindex;
	/* Loopback shows every packet twice, going out and coming in:
	 * libpcap keeps the incoming copy, on "lo" and on "any". */
	h->lo_ifindex = (int)if_nametoindex("lo");
	if (h->lo_ifindex == 0)
		h->lo_ifindex = -1;
	if ((rc = choose_link(p, h, dev.arphrd)) < 0 ||
	    (rc = choose_members(p, h, classic, &dev)) < 0)
		return rc;
	if (h->dn.caplen > 0)
		p->opt.snaplen = h->dn.caplen;
	h->snapshot = (u_int)p->opt.snaplen;
	p->snapshot = p->opt.snaplen;
	tpacket_choose_linktype(p, h);
	choose_timing(p, h, &cfg);

	cfg.ifindex = dev.ifindex;
	cfg.cooked = h->cooked;
	cfg.protocol = p->opt.protocol ? p->opt.protocol : ETH_P_ALL;
	total = h->dn.ring_bytes ? h->dn.ring_bytes :
		p->opt.buffer_size > 0 ? (size_t)p->opt.buffer_size :
		TPACKET_DEFAULT_RING;
	ring_geometry(h, total, p->opt.immediate, &cfg);
	h->members = calloc((size_t)h->nmembers, sizeof(*h->members));
	if (h->members == NULL) {
		handle_error(p, "out of memory for %d members", h->nmembers);
		return PCAP_ERROR;
	}
	for (int i = 0; i < h->nmembers; i++)
		h->members[i].fd = -1;
	if ((rc = open_members(p, h, &cfg, !h->dn.ring_bytes && p->opt.buffer_size <= 0)) < 0)
		return rc;
	if ((warn = tpacket_tstamp_setup(p, h)) < 0)
		return warn;
	if ((rc = bind_members(p, h, &cfg)) < 0 ||
	    (rc = join_group(p, h, classic)) < 0)
		return rc;
	for (int i = 0; i < h->nmembers; i++)
		if (tpacket_member_accept_all(&h->members[i], h->snapshot,
					      p->opt.device, p->errbuf) < 0)
			return PCAP_ERROR;
	if ((rc = setup_epoll(p, h)) < 0)
		return rc;
	if (p->opt.promisc) {
		rc = set_promisc(p, h);
		if (rc < 0)
			return rc;
		if (h->promisc_set)
			h->ifdrop_base = h->ifdrop_last =
				tpacket_if_drops(h->dn.iface, h->ifindex);
	}
	p->bufsize = (int)(cfg.block_size < (unsigned)INT32_MAX ? cfg.block_size : 0);
	p->bpf_codegen_flags |= MQPCAP_CODEGEN_KERNEL_VLAN;
	p->direction = PCAP_D_INOUT;
	tpacket_choose_walk(h);
	return warn;
}

void tpacket_cleanup(pcap_t *p)
{
	struct tpacket_handle *h = p->priv;

	if (h == NULL)
		return;
	for (int i = 0; h->members && i < h->nmembers; i++)
		tpacket_member_close(&h->members[i]);
	free(h->members);
	h->members = NULL;
	h->nmembers = 0;
	if (h->epfd >= 0)
		close(h->epfd);
	if (h->wakefd >= 0)
		close(h->wakefd);
	h->epfd = h->wakefd = -1;
	p->selectable_fd = -1;
}

int tpacket_can_set_rfmon(pcap_t *p)
{
	(void)p;
	return 0;
}
