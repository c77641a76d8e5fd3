/*
 * OSI and legacy LAN families: llc, iso/clnp/esis/isis and subtypes, stp,
 * ipx, netbeui, atalk, aarp, decnet, lat, sca, moprc, mopdl.
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h). This is a
 * placeholder: every entry point fails the compilation with a clear
 * message until the family is implemented.
 */
#include "filter/gen.h"

struct gen_cond *gen_iso_proto_abbrev(struct gen_ctx *ctx, int qproto)
{
	gen_error(ctx, "'%s' is not supported by mqpcap yet", gen_qproto_name(qproto));
}

struct gen_cond *gen_iso_proto(struct gen_ctx *ctx, bpf_u_int32 v, int qproto)
{
	(void)v;
	gen_error(ctx, "'%s proto' is not supported by mqpcap yet", gen_qproto_name(qproto));
}

struct gen_cond *gen_iso_decnet_host(struct gen_ctx *ctx, const char *addr, int dir)
{
	(void)addr; (void)dir;
	gen_error(ctx, "'%s' is not supported by mqpcap yet", "decnet host");
}

struct gen_cond *gen_iso_llc(struct gen_ctx *ctx, const char *sub)
{
	(void)sub;
	gen_error(ctx, "'%s' is not supported by mqpcap yet", "llc");
}
