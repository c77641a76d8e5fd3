/*
 * OSI and the other non-IP families: iso/clnp/esis/isis and the IS-IS PDU
 * classes (l1, l2, iih, lsp, snp, csnp, psnp), stp, ipx, netbeui, atalk,
 * aarp, decnet (and decnet host/src/dst), lat, sca, moprc, mopdl, and the
 * 802.2 LLC frame tests (`llc` and its I/S/U subtypes). Also "the payload
 * is protocol P" for the links that carry 802.2 LLC (FDDI, token ring,
 * 802.11), which the hooks of gen_misc.c and gen_wlan.c use.
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h).
 */
#include "filter/gen_internal.h"
#include "filter/gen_families.h"

#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ISO_ETHERTYPE_ATALK	0x809b
#define ISO_ETHERTYPE_AARP	0x80f3
#define ISO_ETHERTYPE_DN	0x6003
#define ISO_ETHERTYPE_LAT	0x6004
#define ISO_ETHERTYPE_SCA	0x6007
#define ISO_ETHERTYPE_MOPRC	0x6002
#define ISO_ETHERTYPE_MOPDL	0x6001
#define ISO_ETHERMTU		1500
#define ISO_LLCSAP_ISONS	0xfe
#define ISO_LLCSAP_NETBEUI	0xf0
#define ISO_LLCSAP_8021D	0x42
#define ISO_LLCSAP_IPX		0xe0

/* NLPIDs (first byte after the LLC header) */
#define ISO_NLPID_CLNP		0x81	/* ISO 8473 */
#define ISO_NLPID_ESIS		0x82	/* ISO 9542 */
#define ISO_NLPID_ISIS		0x83	/* ISO 10589 */

/* IS-IS PDU types (byte 4 of the IS-IS header) */
#define ISIS_L1_LAN_IIH		15
#define ISIS_L2_LAN_IIH		16
#define ISIS_PTP_IIH		17
#define ISIS_L1_LSP		18
#define ISIS_L2_LSP		20
#define ISIS_L1_CSNP		24
#define ISIS_L2_CSNP		25
#define ISIS_L1_PSNP		26
#define ISIS_L2_PSNP		27

/* ---- "payload is protocol P" on 802.2 links ----------------------------- */

/*
 * On links whose payload always starts with an 802.2 header: OSI and
 * NetBEUI by their DSAP/SSAP pair, STP and IPX by DSAP, AppleTalk by its
 * SNAP header (Apple's OUI), any other SAP value by DSAP, and Ethernet
 * types by the SNAP type field, 6 bytes into the LLC header (not through
 * off_linktype: on 802.11 the LLC header is at a variable offset).
 */
struct gen_cond *gen_iso_llc_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	switch (proto) {
	case ISO_LLCSAP_ISONS:
	case ISO_LLCSAP_NETBEUI:
		return gen_cmp(ctx, GOR_LLC, 0, BPF_H, proto << 8 | proto);
	case ISO_LLCSAP_IPX:
		return gen_cmp(ctx, GOR_LLC, 0, BPF_B, ISO_LLCSAP_IPX);
	case ISO_ETHERTYPE_ATALK:
		return gen_snap(ctx, 0x080007, ISO_ETHERTYPE_ATALK);
	default:
		if (proto <= ISO_ETHERMTU)
			return gen_cmp(ctx, GOR_LLC, 0, BPF_B, proto);
		return gen_cmp(ctx, GOR_LLC, 6, BPF_H, proto);
	}
}

/* ---- OSI ---------------------------------------------------------------- */

/* `iso proto N`: the NLPID after the LLC header. Cisco HDLC carries OSI
 * under the pseudo-type 0xfefe with one byte of padding before it. */
static struct gen_cond *gen_iso_nlpid(struct gen_ctx *ctx, bpf_u_int32 v)
{
	struct gen_cond *rare = gen_rare_iso_nlpid(ctx, v);

	if (rare != NULL)
		return rare;
	if (ctx->dlt == DLT_C_HDLC)
		return gen_and(ctx,
			       gen_linktype(ctx, ISO_LLCSAP_ISONS << 8 | ISO_LLCSAP_ISONS),
			       gen_cmp(ctx, GOR_LINKPL_NOSNAP, 1, BPF_B, v));
	return gen_and(ctx, gen_linktype(ctx, ISO_LLCSAP_ISONS),
		       gen_cmp(ctx, GOR_LINKPL_NOSNAP, 0, BPF_B, v));
}

/* `isis proto N`: the PDU type of an IS-IS packet. */
static struct gen_cond *gen_isis_pdu(struct gen_ctx *ctx, bpf_u_int32 v)
{
	return gen_and(ctx, gen_iso_nlpid(ctx, ISO_NLPID_ISIS),
		       gen_cmp(ctx, GOR_LINKPL_NOSNAP, 4, BPF_B, v));
}

static struct gen_cond *gen_isis_any(struct gen_ctx *ctx, const bpf_u_int32 *types,
				     size_t n)
{
	struct gen_cond *c = gen_isis_pdu(ctx, types[0]);

	for (size_t i = 1; i < n; i++)
		c = gen_or(ctx, c, gen_isis_pdu(ctx, types[i]));
	return c;
}

#define ISIS_ANY(ctx, ...) ({ \
	static const bpf_u_int32 t_[] = { __VA_ARGS__ }; \
	gen_isis_any((ctx), t_, sizeof(t_) / sizeof(t_[0])); })

struct gen_cond *gen_iso_proto(struct gen_ctx *ctx, bpf_u_int32 v, int qproto)
{
	switch (qproto) {
	case GQ_ISO:
		return gen_iso_nlpid(ctx, v);
	case GQ_ISIS:
		return gen_isis_pdu(ctx, v);
	case GQ_CLNP:
		gen_error(ctx, "'clnp proto' is not supported");
	default:
		gen_error(ctx, "'%s proto' is bogus", gen_qproto_name(qproto));
	}
}

struct gen_cond *gen_iso_proto_abbrev(struct gen_ctx *ctx, int qproto)
{
	switch (qproto) {
	case GQ_ISO:
		return gen_linktype(ctx, ISO_LLCSAP_ISONS);
	case GQ_CLNP:
		return gen_iso_nlpid(ctx, ISO_NLPID_CLNP);
	case GQ_ESIS:
		return gen_iso_nlpid(ctx, ISO_NLPID_ESIS);
	case GQ_ISIS:
		return gen_iso_nlpid(ctx, ISO_NLPID_ISIS);
	case GQ_ISIS_L1:
		return ISIS_ANY(ctx, ISIS_L1_PSNP, ISIS_L1_CSNP, ISIS_L1_LSP,
				ISIS_L1_LAN_IIH, ISIS_PTP_IIH);
	case GQ_ISIS_L2:
		return ISIS_ANY(ctx, ISIS_L2_PSNP, ISIS_L2_CSNP, ISIS_L2_LSP,
				ISIS_L2_LAN_IIH, ISIS_PTP_IIH);
	case GQ_ISIS_IIH:
		return ISIS_ANY(ctx, ISIS_PTP_IIH, ISIS_L1_LAN_IIH, ISIS_L2_LAN_IIH);
	case GQ_ISIS_LSP:
		return ISIS_ANY(ctx, ISIS_L2_LSP, ISIS_L1_LSP);
	case GQ_ISIS_SNP:
		return ISIS_ANY(ctx, ISIS_L2_PSNP, ISIS_L1_PSNP, ISIS_L2_CSNP,
				ISIS_L1_CSNP);
	case GQ_ISIS_CSNP:
		return ISIS_ANY(ctx, ISIS_L2_CSNP, ISIS_L1_CSNP);
	case GQ_ISIS_PSNP:
		return ISIS_ANY(ctx, ISIS_L2_PSNP, ISIS_L1_PSNP);
	case GQ_STP:
		return gen_linktype(ctx, ISO_LLCSAP_8021D);
	case GQ_IPX:
		return gen_linktype(ctx, ISO_LLCSAP_IPX);
	case GQ_NETBEUI:
		return gen_linktype(ctx, ISO_LLCSAP_NETBEUI);
	case GQ_ATALK:
		return gen_linktype(ctx, ISO_ETHERTYPE_ATALK);
	case GQ_AARP:
		return gen_linktype(ctx, ISO_ETHERTYPE_AARP);
	case GQ_DECNET:
		return gen_linktype(ctx, ISO_ETHERTYPE_DN);
	case GQ_LAT:
		return gen_linktype(ctx, ISO_ETHERTYPE_LAT);
	case GQ_SCA:
		return gen_linktype(ctx, ISO_ETHERTYPE_SCA);
	case GQ_MOPRC:
		return gen_linktype(ctx, ISO_ETHERTYPE_MOPRC);
	case GQ_MOPDL:
		return gen_linktype(ctx, ISO_ETHERTYPE_MOPDL);
	default:
		gen_error(ctx, "'%s' is not a valid protocol type",
			  gen_qproto_name(qproto));
	}
}

/* ---- DECnet ----------------------------------------------------------------- */

/*
 * A DECnet address "area.node" is area << 10 | node in 16 bits, libpcap
 * keeping the low 6 bits of the area and 10 of the node; anything but two
 * numbers separated by a dot is malformed ("1.2.3" is 1.2).
 */
bpf_u_int32 gen_iso_decnet_atodn(struct gen_ctx *ctx, const char *text)
{
	unsigned long long area, node;
	const char *s = text;
	char *end;

	area = strtoull(s, &end, 10);
	if (end == s || *end != '.')
		gen_error(ctx, "malformed decnet address '%s'", text);
	s = end + 1;
	node = strtoull(s, &end, 10);
	if (end == s)
		gen_error(ctx, "malformed decnet address '%s'", text);
	return (bpf_u_int32)((area << 10 & 0xfc00) | (node & 0x3ff));
}

/*
 * The routing header after the 2-byte length: a flags byte (long or short
 * format; bit 0x80 = one byte of padding precedes it), then the addresses:
 * short format dst at 1, src at 3; long format dst at 7, src at 15.
 */
static struct gen_cond *gen_dn_one(struct gen_ctx *ctx, bpf_u_int32 a,
				   bpf_u_int32 off_sh, bpf_u_int32 off_lh)
{
	struct gen_cond *c, *t;

	/* padded, long header */
	c = gen_and(ctx, gen_mcmp(ctx, GOR_LINKPL, 2, BPF_H, 0x8106, 0xff07),
		    gen_cmp(ctx, GOR_LINKPL, 2 + 1 + off_lh, BPF_H, a));
	/* unpadded, long header */
	t = gen_and(ctx, gen_mcmp(ctx, GOR_LINKPL, 2, BPF_B, 0x06, 0x07),
		    gen_cmp(ctx, GOR_LINKPL, 2 + off_lh, BPF_H, a));
	c = gen_or(ctx, t, c);
	/* padded, short header */
	t = gen_and(ctx, gen_mcmp(ctx, GOR_LINKPL, 2, BPF_H, 0x8102, 0xff07),
		    gen_cmp(ctx, GOR_LINKPL, 2 + 1 + off_sh, BPF_H, a));
	c = gen_or(ctx, t, c);
	/* unpadded, short header */
	t = gen_and(ctx, gen_mcmp(ctx, GOR_LINKPL, 2, BPF_B, 0x02, 0x07),
		    gen_cmp(ctx, GOR_LINKPL, 2 + off_sh, BPF_H, a));
	return gen_or(ctx, t, c);
}

struct gen_cond *gen_iso_decnet_addr(struct gen_ctx *ctx, bpf_u_int32 addr, int dir)
{
	/* DECnet stores addresses little-endian: the 16-bit big-endian
	 * loads compare with the byte-swapped value */
	bpf_u_int32 a = (addr >> 8 & 0xff) | (addr << 8 & 0xff00);
	struct gen_cond *c;

	switch (dir) {
	case GQ_DST:
		c = gen_dn_one(ctx, a, 1, 7);
		break;
	case GQ_SRC:
		c = gen_dn_one(ctx, a, 3, 15);
		break;
	case GQ_AND:
		c = gen_and(ctx, gen_dn_one(ctx, a, 3, 15), gen_dn_one(ctx, a, 1, 7));
		break;
	case GQ_DIR_DEFAULT:
	case GQ_OR:
		c = gen_or(ctx, gen_dn_one(ctx, a, 3, 15), gen_dn_one(ctx, a, 1, 7));
		break;
	default:
		gen_dir_not_valid(ctx, dir, GEN_DIR_NOT_MAC);
	}
	return gen_and(ctx, gen_linktype(ctx, ISO_ETHERTYPE_DN), c);
}

/* ---- 802.2 LLC frames ------------------------------------------------------ */

/* "The packet has an 802.2 LLC header" on this linktype; with_hdr: and
 * its offset is known for the loads that follow (802.11). */
static struct gen_cond *gen_llc_present(struct gen_ctx *ctx, int with_hdr)
{
	int dlt = gen_families_dlt(ctx);

	switch (dlt) {
	case DLT_EN10MB:
		/* 802.3 length, and not Novell's raw 802.3 (0xffff) */
		return gen_and(ctx,
			       gen_not(ctx, gen_cmp_gt(ctx, GOR_LINKTYPE, 0, BPF_H,
						       ISO_ETHERMTU)),
			       gen_not(ctx, gen_cmp(ctx, GOR_LLC, 0, BPF_H, 0xffff)));
	case DLT_FDDI:
	case DLT_IEEE802:
		return gen_true(ctx);
	case DLT_IEEE802_11:
	case DLT_IEEE802_11_RADIO:
	case DLT_IEEE802_11_RADIO_AVS:
	case DLT_PRISM_HEADER:
	case DLT_PPI:
		return gen_wlan_data_frame_test(ctx, with_hdr);
	default: {
		struct gen_cond *rare = gen_rare_llc_present(ctx, dlt);

		if (rare != NULL)
			return rare;
		gen_error(ctx, "'llc' not supported for %s",
			  pcap_datalink_val_to_description_or_dlt(dlt));
	}
	}
}

/* LLC control-field values (ISO 8802-2) with the P/F bit masked. */
static const struct {
	const char *name;
	bpf_u_int32 mask, value;
} llc_subtypes[] = {
	{ "rr", 0x0f, 0x01 }, { "rnr", 0x0f, 0x05 }, { "rej", 0x0f, 0x09 },
	{ "ui", 0xef, 0x03 }, { "ua", 0xef, 0x63 }, { "disc", 0xef, 0x43 },
	{ "dm", 0xef, 0x0f }, { "sabme", 0xef, 0x6f }, { "test", 0xef, 0xe3 },
	{ "xid", 0xef, 0xaf }, { "frmr", 0xef, 0x87 },
};

struct gen_cond *gen_iso_llc(struct gen_ctx *ctx, const char *sub)
{
	struct gen_cond *ctl;
	bpf_u_int32 mask = 0, value = 0;
	int found = 0;

	if (sub == NULL)
		return gen_llc_present(ctx, 0);
	/* the subtype name is checked before the linktype, as libpcap does */
	if (!strcmp(sub, "i")) {
		found = 1;
	} else if (!strcmp(sub, "s")) {
		mask = 0x03, value = 0x01, found = 2;
	} else if (!strcmp(sub, "u")) {
		mask = 0x03, value = 0x03, found = 2;
	} else {
		for (size_t i = 0; i < sizeof(llc_subtypes) / sizeof(llc_subtypes[0]); i++)
			if (!strcmp(sub, llc_subtypes[i].name)) {
				mask = llc_subtypes[i].mask;
				value = llc_subtypes[i].value;
				found = 2;
			}
	}
	if (!found)
		gen_error(ctx, "unknown LLC type name \"%s\"", sub);
	if (found == 1)		/* I frames: low bit of the control field clear */
		ctl = gen_not(ctx, gen_jmp(ctx, gen_load(ctx, GOR_LLC, 2, BPF_B),
					   BPF_JMP | BPF_JSET | BPF_K, 0x01));
	else
		ctl = gen_mcmp(ctx, GOR_LLC, 2, BPF_B, value, mask);
	return gen_and(ctx, gen_llc_present(ctx, 1), ctl);
}
