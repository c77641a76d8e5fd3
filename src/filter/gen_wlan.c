/*
 * 802.11: type/subtype/dir, wlan addresses, radiotap/prism/AVS/PPI link
 * handling.
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h). This is a
 * placeholder: every entry point fails the compilation with a clear
 * message until the family is implemented.
 */
#include "filter/gen.h"

int gen_wlan_link_setup(struct gen_ctx *ctx, int dlt)
{
	(void)ctx;
	(void)dlt;
	return 0;
}

struct gen_cond *gen_wlan_type(struct gen_ctx *ctx, const char *type, bpf_u_int32 tnum,
			       const char *subtype, bpf_u_int32 snum, int has_subtype)
{
	(void)type; (void)tnum; (void)subtype; (void)snum; (void)has_subtype;
	gen_error(ctx, "'%s' is not supported by mqpcap yet", "type");
}

struct gen_cond *gen_wlan_subtype(struct gen_ctx *ctx, const char *subtype, bpf_u_int32 num)
{
	(void)subtype; (void)num;
	gen_error(ctx, "'%s' is not supported by mqpcap yet", "subtype");
}

struct gen_cond *gen_wlan_dir(struct gen_ctx *ctx, const char *dir, bpf_u_int32 num)
{
	(void)dir; (void)num;
	gen_error(ctx, "'%s' is not supported by mqpcap yet", "dir");
}

struct gen_cond *gen_wlan_addr(struct gen_ctx *ctx, const u_char *mac, int dir)
{
	(void)mac;
	gen_error(ctx, "'%s' is not supported by mqpcap yet", gen_qdir_name(dir));
}
