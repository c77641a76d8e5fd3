/*
 * The reading side of the API (pcap_loop, pcap_dispatch, pcap_next,
 * pcap_next_ex, pcap_breakloop) and the calls that only forward to the
 * handle's operations.
 */
#include "core/handle.h"
#include "core/error.h"

#include <stdlib.h>
#include <string.h>

static int refuse_if_inactive(pcap_t *p)
{
	if (p->activated)
		return 0;
	handle_error(p, "This handle hasn't been activated yet");
	return PCAP_ERROR_NOT_ACTIVATED;
}

int handle_take_break(pcap_t *p)
{
	if (!__atomic_load_n(&p->break_loop, __ATOMIC_ACQUIRE))
		return 0;
	__atomic_store_n(&p->break_loop, 0, __ATOMIC_RELEASE);
	return 1;
}

void pcap_breakloop(pcap_t *p)
{
	__atomic_store_n(&p->break_loop, 1, __ATOMIC_RELEASE);
	if (p->ops->breakloop)
		p->ops->breakloop(p);
}

int pcap_dispatch(pcap_t *p, int cnt, pcap_handler cb, u_char *user)
{
	int rc = refuse_if_inactive(p);

	return rc ? rc : p->ops->read(p, cnt, cb, user);
}

int pcap_loop(pcap_t *p, int cnt, pcap_handler cb, u_char *user)
{
	int rc = refuse_if_inactive(p);

	if (rc)
		return rc;
	for (;;) {
		int n;

		/* A live read returns 0 on timeout: keep waiting. */
		do {
			n = p->ops->read(p, cnt, cb, user);
		} while (n == 0 && !p->ops->read_zero_is_eof);
		if (n <= 0)
			return n;
		if (cnt > 0) {
			cnt -= n;
			if (cnt <= 0)
				return 0;
		}
	}
}

/* Keeps the one packet pcap_next_ex asked read() for, copied out of the
 * backend's buffer so that the buffer slot can be released. */
static void oneshot_copy(u_char *user, const struct pcap_pkthdr *h,
			 const u_char *data)
{
	pcap_t *p = (pcap_t *)user;

	if (h->caplen > p->oneshot_size) {
		u_char *bigger = realloc(p->oneshot_buf, h->caplen);

		if (bigger == NULL) {
			p->oneshot_hdr.caplen = 0;
			p->oneshot_hdr.len = 0;
			return;
		}
		p->oneshot_buf = bigger;
		p->oneshot_size = h->caplen;
	}
	p->oneshot_hdr = *h;
	memcpy(p->oneshot_buf, data, h->caplen);
}

int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **hdr, const u_char **data)
{
	int rc = refuse_if_inactive(p);

	if (rc)
		return rc;
	if (p->ops->next_packet)
		return p->ops->next_packet(p, hdr, data);
	rc = p->ops->read(p, 1, oneshot_copy, (u_char *)p);
	if (rc == 0 && p->ops->read_zero_is_eof)
		return PCAP_ERROR_BREAK;
	if (rc <= 0)
		return rc;
	*hdr = &p->oneshot_hdr;
	*data = p->oneshot_buf;
	return 1;
}

const u_char *pcap_next(pcap_t *p, struct pcap_pkthdr *h)
{
	struct pcap_pkthdr *hp;
	const u_char *data;

	if (pcap_next_ex(p, &hp, &data) != 1)
		return NULL;
	*h = *hp;
	return data;
}

int handle_install_user_filter(pcap_t *p, const struct bpf_program *prog)
{
	size_t size = (size_t)prog->bf_len * sizeof(*prog->bf_insns);
	struct bpf_insn *copy;

	if (prog->bf_len == 0 || prog->bf_insns == NULL) {
		handle_error(p, "Invalid BPF program: empty");
		return PCAP_ERROR;
	}
	copy = malloc(size);
	if (copy == NULL) {
		handle_error(p, "out of memory copying the filter program");
		return PCAP_ERROR;
	}
	memcpy(copy, prog->bf_insns, size);
	free(p->fcode.bf_insns);
	p->fcode.bf_insns = copy;
	p->fcode.bf_len = prog->bf_len;
	return 0;
}

u_int handle_run_user_filter(const pcap_t *p, const struct pcap_pkthdr *h,
			     const u_char *data)
{
	if (p->fcode.bf_insns == NULL)
		return h->caplen ? h->caplen : 1;
	return bpf_filter(p->fcode.bf_insns, data, h->len, h->caplen);
}

int pcap_setfilter(pcap_t *p, struct bpf_program *prog)
{
	int rc = refuse_if_inactive(p);

	if (rc)
		return rc;
	if (prog == NULL) {
		handle_error(p, "setfilter: No filter specified");
		return PCAP_ERROR;
	}
	return p->ops->set_filter(p, prog);
}

int pcap_setdirection(pcap_t *p, pcap_direction_t dir)
{
	int rc = refuse_if_inactive(p);

	if (rc)
		return rc;
	if (p->ops->set_direction == NULL) {
		handle_error(p, "Setting direction is not supported on this device");
		return PCAP_ERROR;
	}
	return p->ops->set_direction(p, dir);
}

int pcap_stats(pcap_t *p, struct pcap_stat *ps)
{
	int rc = refuse_if_inactive(p);

	if (rc)
		return rc;
	if (p->ops->stats == NULL) {
		handle_error(p, "Statistics aren't available from this handle");
		return PCAP_ERROR;
	}
	return p->ops->stats(p, ps);
}

int pcap_getnonblock(pcap_t *p, char *errbuf)
{
	int rc = refuse_if_inactive(p);

	/* Unlike pcap_setnonblock, libpcap has no answer before activation. */
	if (rc) {
		if (errbuf)
			strcpy(errbuf, p->errbuf);
		return rc;
	}
	rc = p->ops->get_nonblock ? p->ops->get_nonblock(p) : 0;
	if (rc < 0 && errbuf)
		strcpy(errbuf, p->errbuf);
	return rc;
}

int pcap_setnonblock(pcap_t *p, int nonblock, char *errbuf)
{
	int rc = 0;

	/* Before activation it is remembered and applied by activate(). */
	if (!p->activated) {
		p->opt.nonblock = nonblock;
		return 0;
	}
	if (p->ops->set_nonblock)
		rc = p->ops->set_nonblock(p, nonblock);
	if (rc < 0 && errbuf)
		strcpy(errbuf, p->errbuf);
	return rc;
}

int pcap_inject(pcap_t *p, const void *buf, size_t size)
{
	int rc = refuse_if_inactive(p);

	if (rc)
		return rc;
	if (p->ops->inject == NULL) {
		handle_error(p, "Sending packets isn't supported on this handle");
		return PCAP_ERROR;
	}
	return p->ops->inject(p, buf, size);
}

int pcap_sendpacket(pcap_t *p, const u_char *buf, int size)
{
	if (size <= 0) {
		handle_error(p, "The number of bytes to be sent must be positive");
		return PCAP_ERROR;
	}
	return pcap_inject(p, buf, (size_t)size) < 0 ? PCAP_ERROR : 0;
}
