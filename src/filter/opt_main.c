/*
 * filter_optimize(): rounds of value numbering with jump threading,
 * dead-code removal and block merging over the program's graph, until a
 * round changes nothing; then the graph is laid out again.
 *
 * The optimizer never makes a program worse or wrong on purpose: input it
 * does not fully understand (opcodes outside libpcap's set, backward
 * jumps) is handed back untouched, and so is any result that fails
 * bpf_validate or is not shorter.
 */
#include "filter/optimize.h"
#include "filter/opt_cfg.h"
#include "core/error.h"

#include <stdlib.h>

#define OPT_MAX_ROUNDS 100

static int understood(const struct bpf_insn *insns, u_int len)
{
	u_int i;

	for (i = 0; i < len; i++)
		if (!opt_insn_known(&insns[i]))
			return 0;
	return 1;
}

/* One round; the number of changes, or -1 when memory ran out. */
static int opt_round(struct opt_prog *g)
{
	int vn, dead, merged;

	vn = opt_forward_pass(g);
	if (vn < 0 || opt_cfg_order(g) < 0)
		return -1;
	opt_live_compute(g);
	dead = opt_dead_pass(g);
	merged = opt_merge_pass(g);
	if (opt_cfg_order(g) < 0)
		return -1;
	return vn + dead + merged;
}

int filter_optimize(struct bpf_insn **insns, u_int *len, char *errbuf)
{
	return filter_optimize_flags(insns, len, errbuf, 0);
}

int filter_optimize_flags(struct bpf_insn **insns, u_int *len, char *errbuf,
			  int flags)
{
	struct bpf_insn *out = NULL;
	const char *fault = NULL;
	struct opt_prog g;
	u_int outlen = 0;
	int round, rc;

	if (insns == NULL || *insns == NULL || len == NULL || *len == 0) {
		errbuf_printf(errbuf, "optimizer: empty program");
		return -1;
	}
	if (*len > 0x7fffffffu || !bpf_validate(*insns, (int)*len)) {
		errbuf_printf(errbuf, "optimizer: the program to optimize is not a valid BPF program");
		return -1;
	}
	if (!understood(*insns, *len))
		return 0;
	rc = opt_cfg_build(&g, *insns, *len);
	if (rc < 0)
		return 0;	/* backward jumps: not ours to touch */
	g.strict = (flags & FILTER_OPT_STRICT) != 0;
	if (flags & FILTER_OPT_FAULTS)
		fault = opt_libpcap_fault(&g, 1);
	for (round = 0; round < OPT_MAX_ROUNDS && fault == NULL; round++) {
		rc = opt_round(&g);
		if (rc < 0 || (rc == 0 && (g.settle || g.strict)))
			break;
		/* once nothing else changes: pull-ups at chain heads; when
		 * those change nothing either, libpcap's second phase */
		if ((rc == 0 && g.head_pullup) || round == OPT_MAX_ROUNDS / 2) {
			g.settle = 1;	/* (the first phase may not settle) */
			if (flags & FILTER_OPT_FAULTS)
				fault = opt_libpcap_fault(&g, 0);
			if (fault != NULL)
				break;
		}
		g.head_pullup = rc == 0 && !g.settle;
	}
	if (fault != NULL) {
		opt_cfg_free(&g);
		errbuf_printf(errbuf, "%s", fault);
		return -1;
	}
	if (rc >= 0)
		rc = opt_cfg_emit(&g, &out, &outlen);
	opt_cfg_free(&g);
	if (rc == -2)
		return 0;
	if (rc < 0) {
		errbuf_printf(errbuf, "optimizer: out of memory");
		return -1;
	}
	if (outlen >= *len || !bpf_validate(out, (int)outlen)) {
		free(out);
		return 0;
	}
	free(*insns);
	*insns = out;
	*len = outlen;
	return 0;
}
