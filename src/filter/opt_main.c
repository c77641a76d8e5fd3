/*
 * The optimizer's entry point. For now it checks its input and hands the
 * program back unchanged, which is always correct; the passes plug in
 * here.
 */
#include "filter/optimize.h"
#include "core/error.h"

int filter_optimize(struct bpf_insn **insns, u_int *len, char *errbuf)
{
	if (insns == NULL || *insns == NULL || len == NULL || *len == 0) {
		errbuf_printf(errbuf, "optimizer: empty program");
		return -1;
	}
	return 0;
}
