/*
 * SS7: the MTP2 linktypes (MTP2, MTP2_WITH_PHDR, and MTP3 for its errors)
 * and their primitives sio/opc/dpc/sls, the high-speed-link forms
 * hsio/hopc/hdpc/hsls, and the MTP2 frame types fisu/lssu/msu and
 * hfisu/hlssu/hmsu.
 *
 * An MTP2 frame (after MTP2_WITH_PHDR's 4-byte pseudo-header): BSN/BIB,
 * FSN/FIB, the length indicator at 2 (6 bits), then the MTP3 service
 * information octet at 3 and the routing label at 4-7 (DPC 14 bits, OPC
 * 14 bits, SLS 4 bits, little-endian bit order). High-speed links (Q.703
 * Annex A) have 12-bit sequence numbers: the length indicator is 9 bits at
 * 4-5 and everything after it moves 3 bytes. Everywhere else libpcap's
 * errors, naming the MTP3 fields without their "h" and the frame types
 * with it.
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h).
 */
#include "filter/gen_families.h"

#include <pcap/dlt.h>
#include <string.h>

#define SS7_OFF_LI	2	/* length indicator, 6 bits */
#define SS7_OFF_LI_HSL	4	/* high-speed: 9 bits of a 16-bit field */
#define SS7_OFF_SIO	3
#define SS7_OFF_LABEL	4	/* OPC and DPC are in this word */
#define SS7_OFF_SLS	7
#define SS7_HSL_SHIFT	3

static int ss7_is_mtp2(int dlt)
{
	return dlt == DLT_MTP2 || dlt == DLT_MTP2_WITH_PHDR;
}

/* Links whose frames the MTP2/MTP3 primitives read: also ERF, whose
 * records may carry MTP2 (libpcap reads them there, whatever the record
 * type). */
static int ss7_has_fields(int dlt)
{
	return ss7_is_mtp2(dlt) || dlt == DLT_ERF;
}

/* Where the MTP2 frame starts: after MTP2_WITH_PHDR's 4-byte header, or
 * ERF's 16-byte record header and 4-byte MC HDLC header. */
static bpf_u_int32 ss7_base(const struct gen_ctx *ctx)
{
	if (ctx->dlt == DLT_ERF)
		return 20;
	return ctx->dlt == DLT_MTP2_WITH_PHDR ? 4 : 0;
}

static struct gen_cond *gen_ss7_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	(void)proto;
	gen_error(ctx, "%s link-layer type filtering not implemented",
		  ctx->dlt == DLT_MTP3 ? "SS7 MTP3" : "MTP2");
}

int gen_ss7_link_setup(struct gen_ctx *ctx, int dlt)
{
	if (!ss7_is_mtp2(dlt) && dlt != DLT_MTP3)
		return 0;
	/* the pseudo-header is part of the link header for link[N], as in
	 * libpcap; the field offsets skip it (ss7_base) */
	gen_link_untyped(ctx, gen_ss7_linktype);
	return 1;
}

struct gen_cond *gen_ss7_field(struct gen_ctx *ctx, const char *field,
			       bpf_u_int32 v, int jtype, int reverse)
{
	bpf_u_int32 shift = 0, max, mask, off;
	int size;

	if (field[0] == 'h' && strlen(field) == 4) {
		shift = SS7_HSL_SHIFT;
		field++;
	}
	if (!ss7_has_fields(ctx->dlt))
		gen_error(ctx, "'%s' supported only on SS7", field);

	if (!strcmp(field, "sio")) {
		max = 255, off = SS7_OFF_SIO, size = BPF_B, mask = 0xffffffff;
	} else if (!strcmp(field, "opc")) {
		max = 16383, off = SS7_OFF_LABEL, size = BPF_W, mask = 0x00c0ff0f;
	} else if (!strcmp(field, "dpc")) {
		max = 16383, off = SS7_OFF_LABEL, size = BPF_W, mask = 0xff3f0000;
	} else if (!strcmp(field, "sls")) {
		max = 15, off = SS7_OFF_SLS, size = BPF_B, mask = 0xf0;
	} else {
		gen_error(ctx, "unknown SS7 field '%s'", field);
	}
	if (v > max)
		gen_error(ctx, "%s value %u too big; max value = %u", field, v, max);

	/* the value as it sits in the (big-endian loaded) label word */
	if (!strcmp(field, "opc"))
		v = (v & 0x3c00) >> 10 | (v & 0x03fc) << 6 | (v & 0x0003) << 22;
	else if (!strcmp(field, "dpc"))
		v = (v & 0x00ff) << 24 | (v & 0x3f00) << 8;
	else if (!strcmp(field, "sls"))
		v <<= 4;
	/* libpcap 1.10 compiles `sio != N` as `sio == N` (the negation is
	 * lost for these fields; < and <= keep theirs): the oracle's answer */
	if (jtype == BPF_JEQ)
		reverse = 0;
	return gen_ncmp(ctx, GOR_LINKHDR, ss7_base(ctx) + off + shift, size, mask,
			jtype, reverse, v);
}

struct gen_cond *gen_ss7_mtp2type(struct gen_ctx *ctx, const char *type)
{
	/* `lsu` is another spelling of `lssu`, named so in the messages */
	const char *name = strcmp(type, "lsu") ? type : "lssu";
	int hsl = name[0] == 'h';
	const char *t = name + hsl;
	/* the length indicator: 6 bits, or 9 bits in the top of a word */
	bpf_u_int32 off = ss7_base(ctx) + (hsl ? SS7_OFF_LI_HSL : SS7_OFF_LI);
	int size = hsl ? BPF_H : BPF_B;
	bpf_u_int32 mask = hsl ? 0xff80 : 0x3f, two = hsl ? 0x100 : 2;

	if (!ss7_has_fields(ctx->dlt))
		gen_error(ctx, "'%s' supported only on %s", name, hsl ? "MTP2_HSL" : "MTP2");
	if (!strcmp(t, "fisu"))		/* fill-in: no payload */
		return gen_ncmp(ctx, GOR_LINKHDR, off, size, mask, BPF_JEQ, 0, 0);
	if (!strcmp(t, "lssu"))		/* link status: 1 or 2 bytes */
		return gen_and(ctx, gen_ncmp(ctx, GOR_LINKHDR, off, size, mask, BPF_JGT, 0, 0),
			       gen_ncmp(ctx, GOR_LINKHDR, off, size, mask, BPF_JGT, 1, two));
	if (!strcmp(t, "msu"))		/* message signal: more */
		return gen_ncmp(ctx, GOR_LINKHDR, off, size, mask, BPF_JGT, 0, two);
	gen_error(ctx, "unknown MTP2 frame type '%s'", type);
}
