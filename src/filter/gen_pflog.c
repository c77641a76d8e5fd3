/*
 * pflog: on/ifname, ruleset, rnr/rulenum, srnr/subrulenum, reason, action;
 * the PFLOG linktype.
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h). This is a
 * placeholder: every entry point fails the compilation with a clear
 * message until the family is implemented.
 */
#include "filter/gen.h"

int gen_pflog_link_setup(struct gen_ctx *ctx, int dlt)
{
	(void)ctx;
	(void)dlt;
	return 0;
}

struct gen_cond *gen_pflog(struct gen_ctx *ctx, enum gen_pf_field field,
			   const char *text, bpf_u_int32 num, int is_num)
{
	static const char *const names[] = {
		[GEN_PF_IFNAME] = "ifname", [GEN_PF_RSET] = "ruleset",
		[GEN_PF_RNR] = "rulenum", [GEN_PF_SRNR] = "srnr",
		[GEN_PF_REASON] = "reason", [GEN_PF_ACTION] = "action",
	};

	(void)text; (void)num; (void)is_num;
	gen_error(ctx, "'%s' is not supported by mqpcap yet", names[field]);
}
