/* pcap_open_dead: a handle that only carries a link type and snapshot
 * length, for compiling filters and writing savefiles. Everything that
 * needs packets or a device fails with libpcap's messages. */
#include "core/handle.h"
#include "core/error.h"

static int dead_read(pcap_t *p, int cnt, pcap_handler cb, u_char *user)
{
	(void)cnt; (void)cb; (void)user;
	handle_error(p, "Packets aren't available from a pcap_open_dead pcap_t");
	return PCAP_ERROR;
}

static int dead_inject(pcap_t *p, const void *buf, size_t len)
{
	(void)buf; (void)len;
	handle_error(p, "Packets can't be sent on a pcap_open_dead pcap_t");
	return PCAP_ERROR;
}

/* Filters are compiled on a dead handle, never installed on it. */
static int dead_set_filter(pcap_t *p, struct bpf_program *prog)
{
	(void)prog;
	handle_error(p, "A filter cannot be set on a pcap_open_dead pcap_t");
	return PCAP_ERROR;
}

static int dead_set_direction(pcap_t *p, pcap_direction_t dir)
{
	(void)dir;
	handle_error(p, "The packet direction cannot be set on a pcap_open_dead pcap_t");
	return PCAP_ERROR;
}

static int dead_nonblock(pcap_t *p)
{
	handle_error(p, "A pcap_open_dead pcap_t does not have a non-blocking mode setting");
	return PCAP_ERROR;
}

static int dead_set_nonblock(pcap_t *p, int nonblock)
{
	(void)nonblock;
	return dead_nonblock(p);
}

static int dead_stats(pcap_t *p, struct pcap_stat *ps)
{
	(void)ps;
	handle_error(p, "Statistics aren't available from a pcap_open_dead pcap_t");
	return PCAP_ERROR;
}

static int dead_can_set_rfmon(pcap_t *p)
{
	handle_error(p, "Rfmon mode doesn't apply on a pcap_open_dead pcap_t");
	return PCAP_ERROR;
}

static int dead_activate(pcap_t *p)
{
	(void)p;
	return 0;
}

static const struct capture_ops dead_ops = {
	.name = "dead",
	.activate = dead_activate,
	.read = dead_read,
	.inject = dead_inject,
	.set_filter = dead_set_filter,
	.set_direction = dead_set_direction,
	.get_nonblock = dead_nonblock,
	.set_nonblock = dead_set_nonblock,
	.stats = dead_stats,
	.can_set_rfmon = dead_can_set_rfmon,
};

pcap_t *pcap_open_dead_with_tstamp_precision(int linktype, int snaplen,
					     u_int precision)
{
	pcap_t *p;

	/* libpcap takes any other precision as microseconds. */
	if (precision != PCAP_TSTAMP_PRECISION_NANO)
		precision = PCAP_TSTAMP_PRECISION_MICRO;
	p = handle_alloc(&dead_ops, 0, NULL);
	if (p == NULL)
		return NULL;
	p->linktype = linktype;
	p->snapshot = snaplen;
	p->opt.snaplen = snaplen;
	p->opt.tstamp_precision = (int)precision;
	p->activated = 1;
	return p;
}

pcap_t *pcap_open_dead(int linktype, int snaplen)
{
	return pcap_open_dead_with_tstamp_precision(linktype, snaplen,
						    PCAP_TSTAMP_PRECISION_MICRO);
}
