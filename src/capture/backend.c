/* Picks the backend from the device name's prefix. */
#include "capture/backend.h"
#include "capture/devname.h"
#include "core/error.h"

extern const struct capture_ops tpacket_ring_ops;
extern const struct capture_ops tpacket_classic_ops;

/* Until the AF_XDP backend lands, "xdp:" names explain themselves. */
static int xdp_unavailable_activate(pcap_t *p)
{
	struct devname dn;
	int rc = devname_parse(&dn, p->opt.device, p->errbuf);

	if (rc < 0)
		return rc;
	handle_error(p, "the xdp backend is not implemented yet in mqpcap (ring:%s captures the same traffic)",
		     dn.iface);
	return PCAP_ERROR_NO_SUCH_DEVICE;
}

static int xdp_unavailable_read(pcap_t *p, int cnt, pcap_handler cb, u_char *user)
{
	(void)cnt; (void)cb; (void)user;
	handle_error(p, "the xdp backend is not implemented yet in mqpcap");
	return PCAP_ERROR;
}

static int xdp_unavailable_set_filter(pcap_t *p, struct bpf_program *prog)
{
	(void)prog;
	handle_error(p, "the xdp backend is not implemented yet in mqpcap");
	return PCAP_ERROR;
}

static const struct capture_ops xdp_unavailable_ops = {
	.name = "xdp",
	.activate = xdp_unavailable_activate,
	.read = xdp_unavailable_read,
	.set_filter = xdp_unavailable_set_filter,
};

static const struct capture_ops *const backends[] = {
	[DEVNAME_RING] = &tpacket_ring_ops,
	[DEVNAME_PFQ] = &tpacket_ring_ops,
	[DEVNAME_CLASSIC] = &tpacket_classic_ops,
	[DEVNAME_XDP] = &xdp_unavailable_ops,
};

const struct capture_ops *capture_backend_for_device(const char *device)
{
	return backends[devname_backend_of(device)];
}
