/*
 * The classic backend ("classic:"): exactly one TPACKET_V3 socket and no
 * fanout, what stock libpcap does; kept for comparison and as a fallback.
 */
#include "capture/tpacket.h"

static int classic_activate(pcap_t *p)
{
	return tpacket_activate(p, 1);
}

const struct capture_ops tpacket_classic_ops = {
	.name = "classic",
	.activate = classic_activate,
	.read = tpacket_read,
	.inject = tpacket_inject,
	.set_filter = tpacket_set_filter,
	.set_direction = tpacket_set_direction,
	.set_datalink = tpacket_set_datalink,
	.get_nonblock = tpacket_get_nonblock,
	.set_nonblock = tpacket_set_nonblock,
	.stats = tpacket_stats,
	.breakloop = tpacket_breakloop,
	.can_set_rfmon = tpacket_can_set_rfmon,
	.create = tpacket_create,
	.cleanup = tpacket_cleanup,
};
