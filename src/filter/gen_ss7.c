/*
 * SS7 MTP2/MTP3: sio/opc/dpc/sls, hsio/hopc/hdpc/hsls, fisu/lssu/msu and
 * the h- variants.
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h). This is a
 * placeholder: every entry point fails the compilation with a clear
 * message until the family is implemented.
 */
#include "filter/gen.h"

struct gen_cond *gen_ss7_field(struct gen_ctx *ctx, const char *field,
			       bpf_u_int32 v, int jtype, int reverse)
{
	(void)v; (void)jtype; (void)reverse;
	gen_error(ctx, "'%s' is not supported by mqpcap yet", field);
}

struct gen_cond *gen_ss7_mtp2type(struct gen_ctx *ctx, const char *type)
{
	gen_error(ctx, "'%s' is not supported by mqpcap yet", type);
}
