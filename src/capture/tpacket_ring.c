/*
 * The ring backend (plain device names, "ring:" and its alias "pfq:"):
 * one member socket per RX queue (at most one per CPU) in one
 * PACKET_FANOUT group, read together through one epoll fd.
 */
#include "capture/tpacket.h"

static int ring_activate(pcap_t *p)
{
	return tpacket_activate(p, 0);
}

const struct capture_ops tpacket_ring_ops = {
	.name = "ring",
	.activate = ring_activate,
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
