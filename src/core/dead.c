/* pcap_open_dead: a handle that only carries a link type and snapshot
 * length, for compiling filters and writing savefiles. */
#include "core/handle.h"
#include "core/error.h"

static int dead_read(pcap_t *p, int cnt, pcap_handler cb, u_char *user)
{
	(void)cnt; (void)cb; (void)user;
	handle_error(p, "Packets aren't available from a pcap_open_dead pcap_t");
	return PCAP_ERROR;
}

static int dead_set_filter(pcap_t *p, struct bpf_program *prog)
{
	/* libpcap accepts a filter on a dead handle and keeps it. */
	return handle_install_user_filter(p, prog);
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
	.set_filter = dead_set_filter,
};

pcap_t *pcap_open_dead_with_tstamp_precision(int linktype, int snaplen,
					     u_int precision)
{
	pcap_t *p;

	if (precision != PCAP_TSTAMP_PRECISION_MICRO &&
	    precision != PCAP_TSTAMP_PRECISION_NANO)
		return NULL;
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
