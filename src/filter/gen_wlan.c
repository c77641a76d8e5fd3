/*
 * 802.11: the linktypes IEEE802_11, IEEE802_11_RADIO (radiotap),
 * PRISM_HEADER (Prism or AVS) and IEEE802_11_RADIO_AVS, and the
 * primitives type/subtype/dir and wlan ra/ta/addr1-4 (plus the 802.11
 * meaning of src/dst host, broadcast and multicast).
 *
 * Offsets: the 802.11 header starts after a radio header whose length is
 * read from the packet (radiotap: little-endian at 2; AVS: big-endian at
 * 4; Prism: 144, or AVS when the first word says so), and the LLC header
 * after an 802.11 header of 24 bytes, 26 for QoS data frames, rounded up
 * to 4 bytes when radiotap's flags say the frame was padded. Both go into
 * scratch registers (linkhdr.reg, linkpl.reg) in the link prologue, with
 * jumps as in libpcap's; the second only when a data-frame test that some
 * use of the payload goes through (the linktype hook, llc) was generated.
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h).
 */
#include "filter/gen_families.h"

#include <pcap/dlt.h>
#include <string.h>
#include <strings.h>

/* frame control, byte 0: type (mask 0x0c) and subtype (mask 0xf0) */
#define WLAN_FC0_TYPE_MASK	0x0c
#define WLAN_FC0_SUBTYPE_MASK	0xf0
#define WLAN_TYPE_MGT		0x00
#define WLAN_TYPE_CTL		0x04
#define WLAN_TYPE_DATA		0x08
#define WLAN_SUBTYPE_QOS	0x80	/* in data frames */
#define WLAN_SUBTYPE_CTS	0xc0
#define WLAN_SUBTYPE_ACK	0xd0
/* frame control, byte 1: direction */
#define WLAN_FC1_DIR_MASK	0x03
#define WLAN_FC1_TODS		0x01
#define WLAN_FC1_FROMDS		0x02

#define RADIOTAP_F_DATAPAD	0x20
#define PPI_DLT_80211		0x69000000	/* PPI's little-endian DLT 105, loaded big-endian */
#define PRISM_HDRLEN		144
#define AVS_MAGIC		0x80211000

static int wlan_dlt(int dlt)
{
	return dlt == DLT_IEEE802_11 || dlt == DLT_IEEE802_11_RADIO ||
	       dlt == DLT_IEEE802_11_RADIO_AVS || dlt == DLT_PRISM_HEADER;
}

/* ... and PPI, 802.11 behind a Per-Packet Information header, where
 * libpcap takes addresses and payload protocols but not type, subtype
 * or dir */
static int wlan_link_dlt(int dlt)
{
	return wlan_dlt(dlt) || dlt == DLT_PPI;
}

/* ---- the link prologue ------------------------------------------------------ */

static struct gen_slist *wlan_s(struct gen_ctx *ctx, struct gen_slist *s, int code,
				bpf_u_int32 k)
{
	return gen_sappend(s, gen_stmt(ctx, code, k));
}

/* Statements, then "true": a step of a computation inside a condition. */
static struct gen_cond *wlan_do(struct gen_ctx *ctx, struct gen_slist *s)
{
	return gen_prepend(ctx, s, gen_true(ctx));
}

/* "if c then do s", as a condition that is always true. */
static struct gen_cond *wlan_if(struct gen_ctx *ctx, struct gen_cond *c,
				struct gen_cond *then)
{
	return gen_or(ctx, gen_and(ctx, c, then), gen_true(ctx));
}

/*
 * A := length of the radio header in front of the 802.11 header, as an
 * always-true condition: radiotap's little-endian it_len at 2 (PPI's
 * pph_len is the same), AVS's
 * big-endian length at 4, and for Prism 144 bytes unless the first word
 * carries the AVS magic (a capture device may give either).
 */
static struct gen_cond *wlan_radio_len(struct gen_ctx *ctx)
{
	struct gen_slist *s = NULL;
	struct gen_cond *avs;

	switch (ctx->dlt) {
	case DLT_IEEE802_11_RADIO:
	case DLT_PPI:
		s = wlan_s(ctx, s, BPF_LD | BPF_ABS | BPF_B, 3);
		s = wlan_s(ctx, s, BPF_ALU | BPF_LSH | BPF_K, 8);
		s = wlan_s(ctx, s, BPF_MISC | BPF_TAX, 0);
		s = wlan_s(ctx, s, BPF_LD | BPF_ABS | BPF_B, 2);
		s = wlan_s(ctx, s, BPF_ALU | BPF_OR | BPF_X, 0);
		return wlan_do(ctx, s);
	case DLT_IEEE802_11_RADIO_AVS:
		return wlan_do(ctx, wlan_s(ctx, s, BPF_LD | BPF_ABS | BPF_W, 4));
	default:
		s = wlan_s(ctx, s, BPF_LD | BPF_ABS | BPF_W, 0);
		s = wlan_s(ctx, s, BPF_ALU | BPF_AND | BPF_K, 0xfffff000);
		avs = gen_jmp(ctx, s, BPF_JMP | BPF_JEQ | BPF_K, AVS_MAGIC);
		avs = gen_and(ctx, avs, wlan_do(ctx, wlan_s(ctx, NULL,
							    BPF_LD | BPF_ABS | BPF_W, 4)));
		return gen_or(ctx, avs, wlan_do(ctx, wlan_s(ctx, NULL, BPF_LD | BPF_IMM,
							    PRISM_HDRLEN)));
	}
}

static struct gen_cond *wlan_pl_add(struct gen_ctx *ctx, int pl, bpf_u_int32 k,
				    bpf_u_int32 mask)
{
	struct gen_slist *s;

	s = gen_stmt(ctx, BPF_LD | BPF_MEM, (bpf_u_int32)pl);
	s = wlan_s(ctx, s, BPF_ALU | BPF_ADD | BPF_K, k);
	if (mask)
		s = wlan_s(ctx, s, BPF_ALU | BPF_AND | BPF_K, mask);
	return wlan_do(ctx, wlan_s(ctx, s, BPF_ST, (bpf_u_int32)pl));
}

/*
 * Radiotap's DATAPAD flag: the frame was padded to a multiple of 4 after
 * the 802.11 header. Looked at only when the present word (a big-endian
 * load of the little-endian bitmap at 4) has the flags field (bit 25) and
 * no extension (bit 7); the flags byte is at 8, or 16 after a TSFT field
 * (bit 24), found arithmetically.
 */
static struct gen_cond *wlan_radiotap_pad(struct gen_ctx *ctx, int pl)
{
	struct gen_cond *flags, *ext, *pad;
	struct gen_slist *s;

	flags = gen_jmp(ctx, gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_W, 4),
			BPF_JMP | BPF_JSET | BPF_K, 0x2000000);
	ext = gen_jmp(ctx, NULL, BPF_JMP | BPF_JSET | BPF_K, 0x80);
	s = gen_stmt(ctx, BPF_ALU | BPF_RSH | BPF_K, 21);
	s = wlan_s(ctx, s, BPF_ALU | BPF_AND | BPF_K, 8);
	s = wlan_s(ctx, s, BPF_ALU | BPF_ADD | BPF_K, 8);
	s = wlan_s(ctx, s, BPF_MISC | BPF_TAX, 0);
	s = wlan_s(ctx, s, BPF_LD | BPF_IND | BPF_B, 0);
	pad = gen_jmp(ctx, s, BPF_JMP | BPF_JSET | BPF_K, RADIOTAP_F_DATAPAD);
	pad = gen_and(ctx, gen_and(ctx, flags, gen_not(ctx, ext)), pad);
	return wlan_if(ctx, pad, wlan_pl_add(ctx, pl, 3, 0xfffffffc));
}

/*
 * M[pl] := where the LLC header starts, computed in front of the program
 * as libpcap does whenever something reads it: 24 bytes after the 802.11
 * header; for data frames 26 with QoS, and on radiotap padded to 4 when
 * the flags say so. Which packet bytes are read, and when, is the same as
 * in libpcap's program: the frame control byte for every packet (a packet
 * too short for it is rejected), radiotap's present word and flags for
 * data frames only. A holds the radio header's length (hdr >= 0).
 */
static struct gen_cond *wlan_payload_off(struct gen_ctx *ctx, int hdr, int pl)
{
	struct gen_slist *s;
	struct gen_cond *data, *c;

	s = hdr >= 0 ? gen_stmt(ctx, BPF_MISC | BPF_TAX, 0) :
		       gen_stmt(ctx, BPF_LDX | BPF_IMM, 0);
	s = wlan_s(ctx, s, BPF_MISC | BPF_TXA, 0);
	s = wlan_s(ctx, s, BPF_ALU | BPF_ADD | BPF_K, 24);
	s = wlan_s(ctx, s, BPF_ST, (bpf_u_int32)pl);
	s = wlan_s(ctx, s, BPF_LD | BPF_IND | BPF_B, 0);
	/* type 2: bit 0x08 set, bit 0x04 clear; QoS: subtype bit 0x80 */
	data = gen_and(ctx, gen_jmp(ctx, s, BPF_JMP | BPF_JSET | BPF_K, WLAN_TYPE_DATA),
		       gen_not(ctx, gen_jmp(ctx, NULL, BPF_JMP | BPF_JSET | BPF_K,
					    WLAN_TYPE_CTL)));
	c = wlan_if(ctx, gen_jmp(ctx, NULL, BPF_JMP | BPF_JSET | BPF_K, WLAN_SUBTYPE_QOS),
		    wlan_pl_add(ctx, pl, 2, 0));
	if (ctx->dlt == DLT_IEEE802_11_RADIO)
		c = gen_and(ctx, c, wlan_radiotap_pad(ctx, pl));
	return wlan_if(ctx, data, c);
}

/*
 * The prologue: the radio header's length into its register, then the
 * payload offset if anything reads it. libpcap leaves such programs
 * unoptimized (its optimizer cannot take jumps in a prologue): so does
 * mqpcap's (strict mode, keeping every verdict). On PPI, first of all,
 * packets whose PPI header does not announce 802.11 are rejected, as
 * libpcap does while the link type is still PPI (not after pppoes or
 * geneve).
 */
static struct gen_cond *gen_wlan_prologue(struct gen_ctx *ctx)
{
	int hdr = ctx->link.linkhdr.reg, pl = ctx->link.linkpl.reg;
	struct gen_cond *c = NULL, *st;

	if (ctx->dlt == DLT_PPI && !ctx->link.is_pppoes && !ctx->link.is_geneve)
		c = gen_cmp(ctx, GOR_PACKET, 4, BPF_W, PPI_DLT_80211);
	if (!ctx->uses_variable_offsets)
		return c;
	if (hdr >= 0) {
		st = wlan_do(ctx, gen_stmt(ctx, BPF_ST, (bpf_u_int32)hdr));
		st = gen_and(ctx, wlan_radio_len(ctx), st);
		c = c ? gen_and(ctx, c, st) : st;
	}
	if (ctx->link.linkpl_used) {
		ctx->no_optimize = 1;
		c = c ? gen_and(ctx, c, wlan_payload_off(ctx, hdr, pl)) :
			wlan_payload_off(ctx, hdr, pl);
	}
	return c;
}

/* ---- frame-control tests ------------------------------------------------------ */

static struct gen_cond *wlan_fc_jset(struct gen_ctx *ctx, bpf_u_int32 off, bpf_u_int32 bits)
{
	return gen_jmp(ctx, gen_load(ctx, GOR_LINKHDR, off, BPF_B),
		       BPF_JMP | BPF_JSET | BPF_K, bits);
}

static struct gen_cond *wlan_is_data(struct gen_ctx *ctx)
{
	return gen_and(ctx, gen_not(ctx, wlan_fc_jset(ctx, 0, 0x04)),
		       wlan_fc_jset(ctx, 0, 0x08));
}

/* Type 2 (data): bit 0x08 set, bit 0x04 clear; with_payload: what
 * follows reads the payload, whose offset the prologue then computes. */
struct gen_cond *gen_wlan_data_frame_test(struct gen_ctx *ctx, int with_payload)
{
	if (with_payload)
		ctx->link.linkpl_used = 1;
	return wlan_is_data(ctx);
}

/* The payload is protocol proto: a data frame whose LLC header says so. */
static struct gen_cond *gen_wlan_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	return gen_and(ctx, gen_wlan_data_frame(ctx), gen_iso_llc_linktype(ctx, proto));
}

static struct gen_cond *wlan_addr_is(struct gen_ctx *ctx, bpf_u_int32 off,
				     const u_char *mac)
{
	return gen_bcmp(ctx, GOR_LINKHDR, off, 6, mac);
}

/* Multicast test on the address at off (its group bit), or equality. */
static struct gen_cond *wlan_addr(struct gen_ctx *ctx, bpf_u_int32 off,
				  const u_char *mac)
{
	if (mac == NULL)
		return wlan_fc_jset(ctx, off, 0x01);
	return wlan_addr_is(ctx, off, mac);
}

/* Not a CTS or an ACK (control frames without a transmitter address). */
static struct gen_cond *wlan_has_ta(struct gen_ctx *ctx)
{
	struct gen_cond *ctl, *nota;

	ctl = gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, WLAN_TYPE_CTL, WLAN_FC0_TYPE_MASK);
	nota = gen_or(ctx, gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, WLAN_SUBTYPE_CTS,
				    WLAN_FC0_SUBTYPE_MASK),
		      gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, WLAN_SUBTYPE_ACK,
			       WLAN_FC0_SUBTYPE_MASK));
	return gen_not(ctx, gen_and(ctx, ctl, nota));
}

/*
 * Source address: management frames: addr2; data frames by DS bits:
 * FromDS clear addr2, FromDS only addr3, both addr4. Control frames (and
 * type 3) never match, as in libpcap.
 */
static struct gen_cond *wlan_src(struct gen_ctx *ctx, const u_char *mac)
{
	struct gen_cond *mgt, *data, *fromds, *c;

	mgt = gen_and(ctx, gen_not(ctx, wlan_fc_jset(ctx, 0, 0x08)),
		      wlan_addr(ctx, 10, mac));
	c = gen_and(ctx, wlan_fc_jset(ctx, 1, WLAN_FC1_TODS), wlan_addr(ctx, 24, mac));
	c = gen_or(ctx, gen_and(ctx, gen_not(ctx, wlan_fc_jset(ctx, 1, WLAN_FC1_TODS)),
				wlan_addr(ctx, 16, mac)), c);
	fromds = gen_and(ctx, wlan_fc_jset(ctx, 1, WLAN_FC1_FROMDS), c);
	data = gen_or(ctx, gen_and(ctx, gen_not(ctx, wlan_fc_jset(ctx, 1, WLAN_FC1_FROMDS)),
				   wlan_addr(ctx, 10, mac)), fromds);
	data = gen_and(ctx, wlan_fc_jset(ctx, 0, 0x08), data);
	return gen_and(ctx, gen_not(ctx, wlan_fc_jset(ctx, 0, 0x04)),
		       gen_or(ctx, mgt, data));
}

/* Destination: management frames addr1; data frames addr1 unless ToDS,
 * then addr3. */
static struct gen_cond *wlan_dst(struct gen_ctx *ctx, const u_char *mac)
{
	struct gen_cond *mgt, *data;

	mgt = gen_and(ctx, gen_not(ctx, wlan_fc_jset(ctx, 0, 0x08)),
		      wlan_addr(ctx, 4, mac));
	data = gen_or(ctx, gen_and(ctx, gen_not(ctx, wlan_fc_jset(ctx, 1, WLAN_FC1_TODS)),
				   wlan_addr(ctx, 4, mac)),
		      gen_and(ctx, wlan_fc_jset(ctx, 1, WLAN_FC1_TODS),
			      wlan_addr(ctx, 16, mac)));
	data = gen_and(ctx, wlan_fc_jset(ctx, 0, 0x08), data);
	return gen_and(ctx, gen_not(ctx, wlan_fc_jset(ctx, 0, 0x04)),
		       gen_or(ctx, mgt, data));
}

static struct gen_cond *gen_wlan_host(struct gen_ctx *ctx, const u_char *mac, int dir)
{
	/* after geneve: the encapsulated Ethernet frame's addresses */
	if (ctx->link.is_geneve)
		return gen_misc_link_host(ctx, mac, dir, 6, 0);
	switch (dir) {
	case GQ_SRC:
		return wlan_src(ctx, mac);
	case GQ_DST:
		return wlan_dst(ctx, mac);
	case GQ_AND:
		return gen_and(ctx, wlan_src(ctx, mac), wlan_dst(ctx, mac));
	case GQ_DIR_DEFAULT:
	case GQ_OR:
		return gen_or(ctx, wlan_src(ctx, mac), wlan_dst(ctx, mac));
	case GQ_RA:	/* libpcap tests bit 0x08 of the frame control first */
		return gen_and(ctx, wlan_fc_jset(ctx, 0, 0x08), wlan_addr_is(ctx, 4, mac));
	case GQ_TA:
		return gen_and(ctx, gen_and(ctx, wlan_fc_jset(ctx, 0, 0x08), wlan_has_ta(ctx)),
			       wlan_addr_is(ctx, 10, mac));
	case GQ_ADDR1:
		return wlan_addr_is(ctx, 4, mac);
	case GQ_ADDR2:
		return gen_and(ctx, wlan_has_ta(ctx), wlan_addr_is(ctx, 10, mac));
	case GQ_ADDR3:
		return gen_and(ctx, gen_not(ctx, gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B,
							  WLAN_TYPE_CTL,
							  WLAN_FC0_TYPE_MASK)),
			       wlan_addr_is(ctx, 16, mac));
	case GQ_ADDR4:
		return gen_and(ctx, gen_mcmp(ctx, GOR_LINKHDR, 1, BPF_B, 3,
					     WLAN_FC1_DIR_MASK),
			       wlan_addr_is(ctx, 24, mac));
	default:
		gen_error(ctx, "direction not supported on 802.11");
	}
}

static struct gen_cond *gen_wlan_broadcast(struct gen_ctx *ctx)
{
	static const u_char ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (ctx->link.is_geneve)
		return gen_misc_link_host(ctx, ones, GQ_DST, 6, 0);
	return wlan_dst(ctx, ones);
}

static struct gen_cond *gen_wlan_multicast(struct gen_ctx *ctx)
{
	if (ctx->link.is_geneve)
		return gen_misc_link_multicast(ctx, 0);
	return wlan_dst(ctx, NULL);
}

/* wlan ra/ta/addr1-4 on other links: libpcap's messages */
struct gen_cond *gen_wlan_addr(struct gen_ctx *ctx, const u_char *mac, int dir)
{
	if (wlan_link_dlt(ctx->dlt))
		return gen_wlan_host(ctx, mac, dir);
	return gen_misc_mac_host(ctx, mac, dir, 0, 0);
}

/* ---- link set-up ------------------------------------------------------------------ */

int gen_wlan_link_setup(struct gen_ctx *ctx, int dlt)
{
	struct gen_link *l = &ctx->link;

	if (!wlan_link_dlt(dlt))
		return 0;
	l->linkhdr.reg = dlt == DLT_IEEE802_11 ? -1 : gen_alloc_reg(ctx);
	l->linkhdr.constant = 0;
	l->prevlinkhdr = l->linkhdr;
	l->linkpl.reg = gen_alloc_reg(ctx);
	l->linkpl.constant = 0;
	/* the SNAP type, for code that looks there (relative to linkhdr
	 * would be wrong: it is at linkpl + 6) */
	l->off_linktype = GEN_OFF_NONE;
	l->linktype_variable = 1;
	l->off_outermostlinktype = GEN_OFF_NONE;
	l->off_nl = 8;		/* 802.2 + SNAP */
	l->off_nl_nosnap = 3;	/* 802.2 */
	l->is_ethertype_field = 0;
	l->linktype = gen_wlan_linktype;
	l->host = gen_wlan_host;
	l->broadcast = gen_wlan_broadcast;
	l->multicast = gen_wlan_multicast;
	l->prologue = gen_wlan_prologue;
	/* libpcap never optimizes a Prism filter (its header-length code) */
	if (dlt == DLT_PRISM_HEADER)
		ctx->no_optimize = 1;
	return 1;
}

/* ---- type / subtype / dir ------------------------------------------------------------- */

struct wlan_name {
	const char *name;
	bpf_u_int32 value;
};

static const struct wlan_name wlan_types[] = {
	{ "mgt", WLAN_TYPE_MGT }, { "ctl", WLAN_TYPE_CTL }, { "data", WLAN_TYPE_DATA },
	{ NULL, 0 },
};

static const struct wlan_name wlan_mgt_subtypes[] = {
	{ "assoc-req", 0x00 }, { "assoc-resp", 0x10 }, { "reassoc-req", 0x20 },
	{ "reassoc-resp", 0x30 }, { "probe-req", 0x40 }, { "probe-resp", 0x50 },
	{ "beacon", 0x80 }, { "atim", 0x90 }, { "disassoc", 0xa0 },
	{ "auth", 0xb0 }, { "deauth", 0xc0 }, { NULL, 0 },
};

static const struct wlan_name wlan_ctl_subtypes[] = {
	{ "ps-poll", 0xa0 }, { "rts", 0xb0 }, { "cts", 0xc0 }, { "ack", 0xd0 },
	{ "cf-end", 0xe0 }, { "cf-end-ack", 0xf0 }, { NULL, 0 },
};

static const struct wlan_name wlan_data_subtypes[] = {
	{ "data", 0x00 }, { "data-cf-ack", 0x10 }, { "data-cf-poll", 0x20 },
	{ "data-cf-ack-poll", 0x30 }, { "null", 0x40 }, { "cf-ack", 0x50 },
	{ "cf-poll", 0x60 }, { "cf-ack-poll", 0x70 }, { "qos-data", 0x80 },
	{ "qos-data-cf-ack", 0x90 }, { "qos-data-cf-poll", 0xa0 },
	{ "qos-data-cf-ack-poll", 0xb0 }, { "qos", 0xc0 }, { "qos-cf-poll", 0xe0 },
	{ "qos-cf-ack-poll", 0xf0 }, { NULL, 0 },
};

static const struct wlan_name wlan_dirs[] = {
	{ "nods", 0 }, { "tods", 1 }, { "fromds", 2 }, { "dstods", 3 }, { NULL, 0 },
};

static int wlan_lookup(const struct wlan_name *t, const char *s, bpf_u_int32 *v)
{
	for (; t->name != NULL; t++)
		if (!strcasecmp(t->name, s)) {
			*v = t->value;
			return 1;
		}
	return 0;
}

static const struct wlan_name *wlan_subtypes_of(bpf_u_int32 type)
{
	switch (type) {
	case WLAN_TYPE_MGT: return wlan_mgt_subtypes;
	case WLAN_TYPE_CTL: return wlan_ctl_subtypes;
	case WLAN_TYPE_DATA: return wlan_data_subtypes;
	default: return NULL;
	}
}

static void wlan_require(struct gen_ctx *ctx, const char *what)
{
	if (!wlan_dlt(gen_families_dlt(ctx)))
		gen_error(ctx, "%s", what);
}

struct gen_cond *gen_wlan_type(struct gen_ctx *ctx, const char *type, bpf_u_int32 tnum,
			       const char *subtype, bpf_u_int32 snum, int has_subtype)
{
	const struct wlan_name *subs;

	if (type != NULL) {
		if (!wlan_lookup(wlan_types, type, &tnum))
			gen_error(ctx, "unknown 802.11 type name \"%s\"", type);
	} else if (tnum & ~(bpf_u_int32)WLAN_FC0_TYPE_MASK) {
		gen_error(ctx, "invalid 802.11 type value 0x%02x", tnum);
	}
	if (has_subtype) {
		if (subtype != NULL) {
			subs = wlan_subtypes_of(tnum);
			if (subs == NULL || !wlan_lookup(subs, subtype, &snum))
				gen_error(ctx, "unknown 802.11 subtype name \"%s\"", subtype);
		} else if (snum & ~(bpf_u_int32)WLAN_FC0_SUBTYPE_MASK) {
			gen_error(ctx, "invalid 802.11 subtype value 0x%02x", snum);
		}
	}
	wlan_require(ctx, "802.11 link-layer types supported only on 802.11");
	if (!has_subtype)
		return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, tnum, WLAN_FC0_TYPE_MASK);
	return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, tnum | snum,
			WLAN_FC0_TYPE_MASK | WLAN_FC0_SUBTYPE_MASK);
}

/* `subtype NAME` alone: the name says the type too. */
struct gen_cond *gen_wlan_subtype(struct gen_ctx *ctx, const char *subtype, bpf_u_int32 num)
{
	static const bpf_u_int32 types[] = { WLAN_TYPE_MGT, WLAN_TYPE_CTL, WLAN_TYPE_DATA };
	bpf_u_int32 v = num, t = 0;
	int found = subtype == NULL;

	for (size_t i = 0; !found && i < sizeof(types) / sizeof(types[0]); i++)
		if (wlan_lookup(wlan_subtypes_of(types[i]), subtype, &v)) {
			t = types[i];
			found = 1;
		}
	if (!found)
		gen_error(ctx, "unknown 802.11 type name");
	wlan_require(ctx, "802.11 link-layer types supported only on 802.11");
	return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, t | v,
			WLAN_FC0_TYPE_MASK | WLAN_FC0_SUBTYPE_MASK);
}

struct gen_cond *gen_wlan_dir(struct gen_ctx *ctx, const char *dir, bpf_u_int32 num)
{
	if (dir != NULL && !wlan_lookup(wlan_dirs, dir, &num))
		gen_error(ctx, "unknown 802.11 direction");
	wlan_require(ctx, "frame direction supported only with 802.11 headers");
	return gen_mcmp(ctx, GOR_LINKHDR, 1, BPF_B, num, WLAN_FC1_DIR_MASK);
}
