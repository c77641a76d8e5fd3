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
 * to 4 bytes when radiotap's flags say the frame was padded. The first
 * goes into a scratch register (linkhdr.reg) in the link prologue, which
 * has no jumps: for Prism/AVS the choice is arithmetic, reading the AVS
 * length at an offset known to be inside the packet otherwise. The second
 * (linkpl.reg) is computed, with jumps, right after the data-frame test
 * that every use of the payload goes through (the linktype hook, llc).
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
#define PRISM_HDRLEN		144
#define AVS_MAGIC		0x80211000

static int wlan_dlt(int dlt)
{
	return dlt == DLT_IEEE802_11 || dlt == DLT_IEEE802_11_RADIO ||
	       dlt == DLT_IEEE802_11_RADIO_AVS || dlt == DLT_PRISM_HEADER;
}

/* ---- the link prologue ------------------------------------------------------ */

#define S(code, k) (s = gen_sappend(s, gen_stmt(ctx, (code), (bpf_u_int32)(k))))
#define LD_MEM(r)	S(BPF_LD | BPF_MEM, r)
#define LDX_MEM(r)	S(BPF_LDX | BPF_MEM, r)
#define ST(r)		S(BPF_ST, r)
#define ALU_K(op, k)	S(BPF_ALU | (op) | BPF_K, k)
#define ALU_X(op)	S(BPF_ALU | (op) | BPF_X, 0)

/* M[hdr] := length of the radio header in front of the 802.11 header. */
static struct gen_slist *wlan_radio_len(struct gen_ctx *ctx, int hdr, int tmp)
{
	struct gen_slist *s = NULL;

	switch (ctx->dlt) {
	case DLT_IEEE802_11_RADIO:	/* it_len, little-endian at 2 */
		S(BPF_LD | BPF_ABS | BPF_B, 3);
		ALU_K(BPF_LSH, 8);
		S(BPF_MISC | BPF_TAX, 0);
		S(BPF_LD | BPF_ABS | BPF_B, 2);
		ALU_X(BPF_OR);
		break;
	case DLT_IEEE802_11_RADIO_AVS:	/* big-endian length at 4 */
		S(BPF_LD | BPF_ABS | BPF_W, 4);
		break;
	default:			/* Prism: 144, or AVS if the magic says so */
		/* A = is AVS: the top 20 bits of word 0 are 0x80211, i.e.
		 * ((w ^ magic) >> 12) - 1 wraps to 0xffffffff */
		S(BPF_LD | BPF_ABS | BPF_W, 0);
		ALU_K(BPF_XOR, AVS_MAGIC);
		ALU_K(BPF_RSH, 12);
		ALU_K(BPF_SUB, 1);
		ALU_K(BPF_RSH, 31);
		ST(tmp);
		/* 144 + isavs * (word at 4 - 144); the word read is at 0
		 * when not AVS, inside the packet since word 0 was */
		ALU_K(BPF_LSH, 2);
		S(BPF_MISC | BPF_TAX, 0);
		S(BPF_LD | BPF_IND | BPF_W, 0);
		ALU_K(BPF_SUB, PRISM_HDRLEN);
		LDX_MEM(tmp);
		ALU_X(BPF_MUL);
		ALU_K(BPF_ADD, PRISM_HDRLEN);
		break;
	}
	ST(hdr);
	return s;
}

/*
 * M[pl] := where the LLC header starts, without jumps, for the prologue:
 * 24 bytes of 802.11 header, 26 for QoS data frames; radiotap's DATAPAD
 * flag (only looked at for data frames whose present word has the flags
 * field and no extension) pads it to a multiple of 4. Fields libpcap
 * reads only for data frames are read at offset 0 otherwise (known to be
 * in the packet) and masked off.
 */
static struct gen_slist *wlan_payload_off(struct gen_ctx *ctx, int hdr, int pl,
					  int isdata, int tmp)
{
	struct gen_slist *s = NULL;

	/* X = start of the 802.11 header; A = frame control byte 0 */
	if (hdr >= 0)
		LDX_MEM(hdr);
	else
		S(BPF_LDX | BPF_IMM, 0);
	S(BPF_LD | BPF_IND | BPF_B, 0);
	ST(tmp);
	/* isdata = (fc & 0x0c) == 0x08 */
	ALU_K(BPF_AND, WLAN_FC0_TYPE_MASK);
	ALU_K(BPF_XOR, WLAN_TYPE_DATA);
	ALU_K(BPF_ADD, 0xff);
	ALU_K(BPF_RSH, 8);
	ALU_K(BPF_XOR, 1);
	ST(isdata);
	/* pl = hdr + 24 + 2 * (isdata && (fc & 0x80)) */
	LD_MEM(tmp);
	ALU_K(BPF_RSH, 7);
	ALU_K(BPF_AND, 1);
	LDX_MEM(isdata);
	ALU_X(BPF_AND);
	ALU_K(BPF_LSH, 1);
	ALU_K(BPF_ADD, 24);
	if (hdr >= 0) {
		LDX_MEM(hdr);
		ALU_X(BPF_ADD);
	}
	ST(pl);
	if (ctx->dlt != DLT_IEEE802_11_RADIO)
		return s;

	/* present word (big-endian load of the little-endian bitmap at 4):
	 * read only for data frames, else bytes 0-3 (already known there) */
	LD_MEM(isdata);
	ALU_K(BPF_LSH, 2);
	S(BPF_MISC | BPF_TAX, 0);
	S(BPF_LD | BPF_IND | BPF_W, 0);
	ST(tmp);
	/* ok = isdata && flags present (bit 1) && no extension (bit 31) */
	ALU_K(BPF_RSH, 25);
	ALU_K(BPF_AND, 1);
	LDX_MEM(isdata);
	ALU_X(BPF_AND);
	ST(isdata);
	LD_MEM(tmp);
	ALU_K(BPF_RSH, 7);
	ALU_K(BPF_AND, 1);
	ALU_K(BPF_XOR, 1);
	LDX_MEM(isdata);
	ALU_X(BPF_AND);
	ST(isdata);
	/* the flags byte: at 8, or 16 after a TSFT (bit 0); at 0 if !ok */
	LD_MEM(tmp);
	ALU_K(BPF_RSH, 24);
	ALU_K(BPF_AND, 1);
	ALU_K(BPF_LSH, 3);
	ALU_K(BPF_ADD, 8);
	LDX_MEM(isdata);
	ALU_X(BPF_MUL);
	S(BPF_MISC | BPF_TAX, 0);
	S(BPF_LD | BPF_IND | BPF_B, 0);
	/* pad = ok && (flags & DATAPAD): pl += (-pl & 3) * pad */
	ALU_K(BPF_RSH, 5);
	ALU_K(BPF_AND, 1);
	LDX_MEM(isdata);
	ALU_X(BPF_AND);
	ST(isdata);
	LD_MEM(pl);
	ALU_K(BPF_NEG, 0);
	ALU_K(BPF_AND, 3);
	LDX_MEM(isdata);
	ALU_X(BPF_MUL);
	LDX_MEM(pl);
	ALU_X(BPF_ADD);
	ST(pl);
	return s;
}

/*
 * The prologue: the radio header's length. The payload offset is computed
 * after each data-frame test (wlan_pl_compute); but after an encapsulation
 * (vlan, mpls, pppoes, geneve) later primitives read it without such a
 * test, and the compiler's own prologue may read it at the start of the
 * program, so then it is computed here too.
 */
static struct gen_slist *gen_wlan_prologue(struct gen_ctx *ctx)
{
	int hdr = ctx->link.linkhdr.reg, pl = ctx->link.linkpl.reg;
	int tmp = gen_alloc_reg(ctx), isdata = gen_alloc_reg(ctx);
	struct gen_slist *s = NULL;

	if (hdr >= 0)
		s = wlan_radio_len(ctx, hdr, tmp);
	if (ctx->prologue != NULL || ctx->link.is_pppoes || ctx->link.is_geneve ||
	    ctx->link.vlan_stack_depth || ctx->link.label_stack_depth)
		s = gen_sappend(s, wlan_payload_off(ctx, hdr, pl, isdata, tmp));
	gen_free_reg(ctx, tmp);
	gen_free_reg(ctx, isdata);
	return s;
}

#undef S
#undef LD_MEM
#undef LDX_MEM
#undef ST
#undef ALU_K
#undef ALU_X

/* ---- frame-control tests ------------------------------------------------------ */

static struct gen_cond *wlan_fc_jset(struct gen_ctx *ctx, bpf_u_int32 off, bpf_u_int32 bits)
{
	return gen_jmp(ctx, gen_load(ctx, GOR_LINKHDR, off, BPF_B),
		       BPF_JMP | BPF_JSET | BPF_K, bits);
}

/* Statements, then "true": a step of a computation inside a condition. */
static struct gen_cond *wlan_do(struct gen_ctx *ctx, struct gen_slist *s)
{
	return gen_prepend(ctx, s, gen_true(ctx));
}

/* "if c then do s", as a condition that is always true. */
static struct gen_cond *wlan_if(struct gen_ctx *ctx, struct gen_cond *c,
				struct gen_slist *s)
{
	return gen_or(ctx, gen_and(ctx, c, wlan_do(ctx, s)), gen_true(ctx));
}

static struct gen_slist *wlan_pl_add(struct gen_ctx *ctx, int pl, bpf_u_int32 k,
				     bpf_u_int32 mask)
{
	struct gen_slist *s;

	s = gen_stmt(ctx, BPF_LD | BPF_MEM, (bpf_u_int32)pl);
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, k));
	if (mask)
		s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_AND | BPF_K, mask));
	return gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)pl));
}

/*
 * M[pl] := where the LLC header of a data frame starts: 24 bytes of 802.11
 * header, 26 for QoS data; radiotap's DATAPAD flag (looked at only when
 * the present word has the flags field and no extension) pads it to a
 * multiple of 4. An always-true condition, put after the data-frame test
 * wherever the payload is used, so the loads it makes (frame control,
 * present word, flags) happen for data frames only, as in libpcap.
 */
static struct gen_cond *wlan_pl_compute(struct gen_ctx *ctx)
{
	int hdr = ctx->link.linkhdr.reg, pl = ctx->link.linkpl.reg;
	struct gen_cond *qos, *c, *flags, *tsft, *notsft, *pad;
	struct gen_slist *s;

	s = hdr >= 0 ? gen_stmt(ctx, BPF_LDX | BPF_MEM, (bpf_u_int32)hdr) :
		       gen_stmt(ctx, BPF_LDX | BPF_IMM, 0);
	s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TXA, 0));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 24));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)pl));
	s = gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_IND | BPF_B, 0));
	qos = gen_jmp(ctx, s, BPF_JMP | BPF_JSET | BPF_K, WLAN_SUBTYPE_QOS);
	c = wlan_if(ctx, qos, wlan_pl_add(ctx, pl, 2, 0));
	if (ctx->dlt != DLT_IEEE802_11_RADIO)
		return c;

	/* present word, big-endian load: flags = bit 25, TSFT = bit 24,
	 * extension = bit 7 */
	flags = gen_and(ctx, gen_jmp(ctx, gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_W, 4),
				     BPF_JMP | BPF_JSET | BPF_K, 0x2000000),
			gen_not(ctx, gen_jmp(ctx, gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_W, 4),
					     BPF_JMP | BPF_JSET | BPF_K, 0x80)));
	tsft = gen_and(ctx, gen_jmp(ctx, gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_W, 4),
				    BPF_JMP | BPF_JSET | BPF_K, 0x1000000),
		       gen_jmp(ctx, gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_B, 16),
			       BPF_JMP | BPF_JSET | BPF_K, RADIOTAP_F_DATAPAD));
	notsft = gen_and(ctx, gen_not(ctx, gen_jmp(ctx, gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_W, 4),
						   BPF_JMP | BPF_JSET | BPF_K, 0x1000000)),
			 gen_jmp(ctx, gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_B, 8),
				 BPF_JMP | BPF_JSET | BPF_K, RADIOTAP_F_DATAPAD));
	pad = gen_and(ctx, flags, gen_or(ctx, tsft, notsft));
	return gen_and(ctx, c, wlan_if(ctx, pad, wlan_pl_add(ctx, pl, 3, 0xfffffffc)));
}

static struct gen_cond *wlan_is_data(struct gen_ctx *ctx)
{
	return gen_and(ctx, gen_not(ctx, wlan_fc_jset(ctx, 0, 0x04)),
		       wlan_fc_jset(ctx, 0, 0x08));
}

/* Type 2 (data): bit 0x08 set, bit 0x04 clear; and then the payload
 * offset, for what follows. */
struct gen_cond *gen_wlan_data_frame_test(struct gen_ctx *ctx, int with_payload)
{
	if (!with_payload)
		return wlan_is_data(ctx);
	return gen_and(ctx, wlan_is_data(ctx), wlan_pl_compute(ctx));
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
	if (wlan_dlt(ctx->dlt))
		return gen_wlan_host(ctx, mac, dir);
	return gen_misc_mac_host(ctx, mac, dir, 0, 0);
}

/* ---- link set-up ------------------------------------------------------------------ */

int gen_wlan_link_setup(struct gen_ctx *ctx, int dlt)
{
	struct gen_link *l = &ctx->link;

	if (!wlan_dlt(dlt))
		return 0;
	l->linkhdr.reg = dlt == DLT_IEEE802_11 ? -1 : gen_alloc_reg(ctx);
	l->linkhdr.constant = 0;
	l->prevlinkhdr = l->linkhdr;
	l->linkpl.reg = gen_alloc_reg(ctx);
	l->linkpl.constant = 0;
	/* the SNAP type, for code that looks there (relative to linkhdr
	 * would be wrong: it is at linkpl + 6) */
	l->off_linktype = GEN_OFF_NONE;
	l->off_outermostlinktype = GEN_OFF_NONE;
	l->off_nl = 8;		/* 802.2 + SNAP */
	l->off_nl_nosnap = 3;	/* 802.2 */
	l->is_ethertype_field = 0;
	l->linktype = gen_wlan_linktype;
	l->host = gen_wlan_host;
	l->broadcast = gen_wlan_broadcast;
	l->multicast = gen_wlan_multicast;
	l->prologue = gen_wlan_prologue;
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
