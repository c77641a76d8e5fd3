/* Picks the backend from the device name's prefix. */
#include "capture/backend.h"
#include "core/error.h"

#include <string.h>

/* Until the ring backend lands, live handles explain themselves. */
static int unavailable_activate(pcap_t *p)
{
	handle_error(p, "%s: live capture is not available yet in mqpcap",
		     p->opt.device);
	return PCAP_ERROR;
}

static int unavailable_read(pcap_t *p, int cnt, pcap_handler cb, u_char *user)
{
	(void)cnt; (void)cb; (void)user;
	handle_error(p, "live capture is not available yet in mqpcap");
	return PCAP_ERROR;
}

static int unavailable_set_filter(pcap_t *p, struct bpf_program *prog)
{
	(void)prog;
	handle_error(p, "live capture is not available yet in mqpcap");
	return PCAP_ERROR;
}

static const struct capture_ops unavailable_ops = {
	.name = "unavailable",
	.activate = unavailable_activate,
	.read = unavailable_read,
	.set_filter = unavailable_set_filter,
};

const struct capture_ops *capture_backend_for_device(const char *device)
{
	(void)device;
	return &unavailable_ops;
}
