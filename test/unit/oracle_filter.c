/*
 * Filters compiled by both libraries (oracle_filter.h).
 */
#include "oracle.h"
#include "oracle_filter.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/filter.h>

/* the snapshot length of the dead handles: libpcap's default */
#define ORACLE_SNAP 262144

int oracle_filter_load(struct oracle_filter *o)
{
	o->dl = oracle_open();
	if (o->dl == NULL)
		return -1;
	/* the casts go through void ** because ISO C has no cast from an
	 * object pointer to a function pointer */
	*(void **)&o->open_dead = dlsym(o->dl, "pcap_open_dead");
	*(void **)&o->compile = dlsym(o->dl, "pcap_compile");
	*(void **)&o->filter = dlsym(o->dl, "bpf_filter");
	*(void **)&o->freecode = dlsym(o->dl, "pcap_freecode");
	*(void **)&o->close = dlsym(o->dl, "pcap_close");
	*(void **)&o->geterr = dlsym(o->dl, "pcap_geterr");
	if (!o->open_dead || !o->compile || !o->filter || !o->freecode || !o->close ||
	    !o->geterr) {
		fprintf(stderr, "oracle: %s lacks a symbol of the filter API\n",
			SYSTEM_LIBPCAP);
		return -1;
	}
	return 0;
}

void oracle_filter_load_or_skip(struct oracle_filter *o, const char *test)
{
	if (oracle_filter_load(o) != 0) {
		fprintf(stderr, "%s: no system libpcap to compare with\n", test);
		exit(77);
	}
}

int oracle_kernel_accepts(const struct bpf_program *prog)
{
	struct sock_fprog fp = {
		.len = (unsigned short)prog->bf_len,
		.filter = (struct sock_filter *)prog->bf_insns,
	};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc;

	if (fd < 0)
		return 1;	/* no socket here: nothing to ask */
	rc = setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp));
	close(fd);
	return rc == 0;
}

void oracle_filter_compile_both(const struct oracle_filter *o, int dlt, const char *expr,
				int opt, bpf_u_int32 mask, struct bpf_program *ours,
				struct bpf_program *theirs)
{
	pcap_t *p = pcap_open_dead(dlt, ORACLE_SNAP), *q = o->open_dead(dlt, ORACLE_SNAP);

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(q);
	ck_assert_msg(o->compile(q, theirs, expr, opt, mask) == 0,
		      "libpcap refuses '%s' on DLT %d -O%d: %s", expr, dlt, opt,
		      o->geterr(q));
	ck_assert_msg(pcap_compile(p, ours, expr, opt, mask) == 0,
		      "mqpcap refuses '%s' on DLT %d -O%d: %s", expr, dlt, opt,
		      pcap_geterr(p));
	pcap_close(p);
	o->close(q);
	ck_assert_msg(bpf_validate(ours->bf_insns, (int)ours->bf_len),
		      "'%s' on DLT %d -O%d fails bpf_validate", expr, dlt, opt);
	ck_assert_msg(oracle_kernel_accepts(ours), "the kernel refuses '%s' on DLT %d -O%d",
		      expr, dlt, opt);
}

void oracle_filter_free_both(const struct oracle_filter *o, struct bpf_program *ours,
			     struct bpf_program *theirs)
{
	pcap_freecode(ours);
	o->freecode(theirs);
}

const char *oracle_filter_message(const struct oracle_filter *o, int dlt, const char *expr,
				  int opt, char *buf, size_t n)
{
	pcap_t *p = o->open_dead(dlt, 262144);
	struct bpf_program prog;

	ck_assert_ptr_nonnull(p);
	if (o->compile(p, &prog, expr, opt, 0xffffff00) < 0) {
		snprintf(buf, n, "%s", o->geterr(p));
	} else {
		o->freecode(&prog);
		buf[0] = '\0';
	}
	o->close(p);
	return buf;
}

const char *oracle_filter_message_ours(int dlt, const char *expr, int opt, char *buf,
				       size_t n)
{
	pcap_t *p = pcap_open_dead(dlt, 262144);
	struct bpf_program prog;

	ck_assert_ptr_nonnull(p);
	if (pcap_compile(p, &prog, expr, opt, 0xffffff00) < 0) {
		snprintf(buf, n, "%s", pcap_geterr(p));
	} else {
		ck_assert_msg(bpf_validate(prog.bf_insns, (int)prog.bf_len),
			      "'%s': invalid program", expr);
		pcap_freecode(&prog);
		buf[0] = '\0';
	}
	pcap_close(p);
	return buf;
}

int oracle_filter_cuts_agree(const struct oracle_filter *o, const struct bpf_program *ours,
			     const struct bpf_program *theirs, const u_char *d, u_int len,
			     struct oracle_cuts *c)
{
	for (u_int cut = 0; cut <= len; cut++) {
		u_int x = bpf_filter(ours->bf_insns, d, len, cut);
		u_int y = o->filter(theirs->bf_insns, d, len, cut);

		c->runs++;
		c->accepted += y != 0;
		if (x != y) {
			c->cut = cut;
			c->ours = x;
			c->theirs = y;
			return 0;
		}
	}
	return 1;
}
