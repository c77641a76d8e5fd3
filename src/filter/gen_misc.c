/*
 * Direction and interface primitives (inbound/outbound, ifindex), ATM, and
 * the linktypes FDDI, IEEE802, NETANALYZER(_TRANSPARENT), IPNET, NFLOG.
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h). This is a
 * placeholder: every entry point fails the compilation with a clear
 * message until the family is implemented.
 */
#include "filter/gen.h"

int gen_misc_link_setup(struct gen_ctx *ctx, int dlt)
{
	(void)ctx;
	(void)dlt;
	return 0;
}

struct gen_cond *gen_misc_inbound(struct gen_ctx *ctx, int outbound)
{
	gen_error(ctx, "'%s' is not supported by mqpcap yet",
		  outbound ? "outbound" : "inbound");
}

struct gen_cond *gen_misc_ifindex(struct gen_ctx *ctx, int ifindex)
{
	(void)ifindex;
	gen_error(ctx, "'%s' is not supported by mqpcap yet", "ifindex");
}

struct gen_cond *gen_misc_atm_type(struct gen_ctx *ctx, const char *type)
{
	gen_error(ctx, "'%s' is not supported by mqpcap yet", type);
}

struct gen_cond *gen_misc_atm_field(struct gen_ctx *ctx, const char *field,
				    bpf_u_int32 v, int jtype, int reverse)
{
	(void)v; (void)jtype; (void)reverse;
	gen_error(ctx, "'%s' is not supported by mqpcap yet", field);
}
