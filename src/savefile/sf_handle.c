/*
 * The capture_ops of a savefile handle: pcap_dispatch/pcap_loop and
 * pcap_next_ex over whichever format reader the file opened with, the
 * filter run in user space, and the calls a file cannot honour.
 */
#include "core/handle.h"
#include "core/error.h"
#include "savefile/sf_priv.h"

#include <stdlib.h>

/*
 * Deliver up to cnt packets that pass the filter (cnt <= 0: the rest of
 * the file). A break request is honoured between packets; as in libpcap
 * it is only consumed when it stops the read before any packet, so a
 * break that cut a batch short also ends the caller's next call.
 */
static int sf_read(pcap_t *p, int cnt, pcap_handler cb, u_char *user)
{
	struct sf_reader *r = p->priv;
	const u_char *data;
	int n = 0;

	for (;;) {
		int rc;

		if (__atomic_load_n(&p->break_loop, __ATOMIC_ACQUIRE)) {
			if (n > 0)
				return n;
			__atomic_store_n(&p->break_loop, 0, __ATOMIC_RELEASE);
			return PCAP_ERROR_BREAK;
		}
		rc = r->next(p, &r->hdr, &data);
		if (rc <= 0)
			return rc < 0 ? rc : n;
		if (p->fcode.bf_insns && !r->filter_accepts_all &&
		    handle_run_user_filter(p, &r->hdr, data) == 0)
			continue;
		cb(user, &r->hdr, data);
		if (++n >= cnt && cnt > 0)
			return n;
	}
}

/* The packet handed out points into the reader's buffer, which
 * stays put until the next call on the handle. */
static void sf_keep_pointer(u_char *user, const struct pcap_pkthdr *h,
			    const u_char *data)
{
	(void)h;
	*(const u_char **)user = data;
}

static int sf_next_packet(pcap_t *p, struct pcap_pkthdr **hdr,
			  const u_char **data)
{
	struct sf_reader *r = p->priv;
	int rc = sf_read(p, 1, sf_keep_pointer, (u_char *)data);

	if (rc == 0)
		return PCAP_ERROR_BREAK;	/* end of file */
	if (rc > 0)
		*hdr = &r->hdr;
	return rc;
}

/* tcpdump without an expression installs "ret #snaplen": recognising
 * it saves running the interpreter once per packet for nothing. */
static int sf_set_filter(pcap_t *p, struct bpf_program *prog)
{
	struct sf_reader *r = p->priv;
	int rc = handle_install_user_filter(p, prog);

	r->filter_accepts_all = rc == 0 && prog->bf_len == 1 &&
				prog->bf_insns[0].code == (BPF_RET | BPF_K) &&
				prog->bf_insns[0].k != 0;
	return rc;
}

static int sf_stats(pcap_t *p, struct pcap_stat *ps)
{
	(void)ps;
	handle_error(p, "Statistics aren't available from savefiles");
	return PCAP_ERROR;
}

static int sf_inject(pcap_t *p, const void *buf, size_t len)
{
	(void)buf; (void)len;
	handle_error(p, "Sending packets isn't supported on savefiles");
	return PCAP_ERROR;
}

static int sf_set_direction(pcap_t *p, pcap_direction_t dir)
{
	(void)dir;
	handle_error(p, "Setting direction is not supported on savefiles");
	return PCAP_ERROR;
}

static int sf_get_nonblock(pcap_t *p)
{
	(void)p;
	return 0;
}

/* libpcap 1.10 refuses non-blocking mode on a file (test_core checks). */
static int sf_set_nonblock(pcap_t *p, int nonblock)
{
	(void)nonblock;
	handle_error(p, "Savefiles cannot be put into non-blocking mode");
	return PCAP_ERROR;
}

static void sf_cleanup(pcap_t *p)
{
	struct sf_reader *r = p->priv;

	if (r == NULL)
		return;
	sf_source_release(&r->src);
	free(r->ifaces);
	r->ifaces = NULL;
	r->n_ifaces = r->ifaces_cap = 0;
	/* stdin belongs to the program; any other stream was handed to us
	 * (pcap_fopen_offline) or opened by us, and is ours to close. */
	if (p->rfile && p->rfile != stdin)
		fclose(p->rfile);
	p->rfile = NULL;
}

const struct capture_ops sf_capture_ops = {
	.name = "savefile",
	.read = sf_read,
	.next_packet = sf_next_packet,
	.inject = sf_inject,
	.set_filter = sf_set_filter,
	.set_direction = sf_set_direction,
	.get_nonblock = sf_get_nonblock,
	.set_nonblock = sf_set_nonblock,
	.stats = sf_stats,
	.cleanup = sf_cleanup,
	.read_zero_is_eof = 1,
};
