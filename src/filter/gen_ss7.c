/*
 * SS7 MTP2/MTP3: sio/opc/dpc/sls, hsio/hopc/hdpc/hsls, fisu/lssu/msu and
 * the h- variants.
 *
 * They apply only to the MTP2 linktypes (DLT_MTP2, MTP2_WITH_PHDR, ERF),
 * which mqpcap does not compile for: every linktype it does gets
 * libpcap's error, naming the field without its "h" (high-speed link)
 * prefix for the MTP3 fields and with it for the MTP2 frame types.
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h).
 */
#include "filter/gen_families.h"

#include <string.h>

struct gen_cond *gen_ss7_field(struct gen_ctx *ctx, const char *field,
			       bpf_u_int32 v, int jtype, int reverse)
{
	(void)v;
	(void)jtype;
	(void)reverse;
	if (field[0] == 'h' && strlen(field) == 4)
		field++;
	gen_error(ctx, "'%s' supported only on SS7", field);
}

struct gen_cond *gen_ss7_mtp2type(struct gen_ctx *ctx, const char *type)
{
	gen_error(ctx, "'%s' supported only on %s", type,
		  type[0] == 'h' ? "MTP2_HSL" : "MTP2");
}
