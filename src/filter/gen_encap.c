/*
 * Encapsulations that move the network header: vlan, mpls, pppoes (and
 * pppoed, which doesn't), geneve. As in libpcap, each of these shifts the
 * offsets used by everything after it in the expression, whatever branch
 * of the filter it sits in ("vlan and ip" tests the ethertype after the
 * tag).
 *
 * On live Linux handles the kernel strips the outer VLAN tag before the
 * socket filter runs and reports it as ancillary data, so the first
 * `vlan` tests SKF_AD_VLAN_TAG_PRESENT, falling back to a tag found in
 * the packet, and records in a scratch register how far the payload moved
 * (0 or 4); later loads add that register.
 */
#include "filter/gen_internal.h"

#include <linux/filter.h>
#include <pcap/dlt.h>

#define GEN_ETHERTYPE_8021Q	0x8100
#define GEN_ETHERTYPE_8021AD	0x88a8
#define GEN_ETHERTYPE_8021QINQ	0x9100
#define GEN_ETHERTYPE_MPLS	0x8847
#define GEN_PPP_MPLS_UCAST	0x0281
#define GEN_ETHERTYPE_PPPOED	0x8863
#define GEN_ETHERTYPE_PPPOES	0x8864
#define GEN_ETHERTYPE_IP	0x0800
#define GEN_ETHERTYPE_IPV6	0x86dd

/* "no VLAN support for Raw IP": libpcap names the link type. */
__attribute__((noreturn))
static void gen_encap_unsupported(struct gen_ctx *ctx, const char *what)
{
	gen_error(ctx, "no %s support for %s", what,
		  pcap_datalink_val_to_description_or_dlt(ctx->link.dlt));
}

/* Link types whose frames can carry 802.1Q tags before the payload. */
static int gen_vlan_link_ok(const struct gen_link *l)
{
	switch (l->dlt) {
	case DLT_EN10MB:
	case DLT_NETANALYZER:
	case DLT_NETANALYZER_TRANSPARENT:
	case DLT_IEEE802_11:
	case DLT_PRISM_HEADER:
	case DLT_IEEE802_11_RADIO_AVS:
	case DLT_IEEE802_11_RADIO:
		return 1;
	default:
		return l->vlan_ok;
	}
}

/* Payload type tests inside mpls / pppoes. */
struct gen_cond *gen_encap_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	struct gen_link *l = &ctx->link;

	if (l->label_stack_depth > 0) {
		/* the previous label is the bottom of the stack, and the IP
		 * version nibble says which IP follows */
		struct gen_cond *bos = gen_mcmp(ctx, GOR_PREVMPLSHDR, 2, BPF_B, 1, 1);

		if (proto == GEN_ETHERTYPE_IP)
			return gen_and(ctx, bos, gen_mcmp(ctx, GOR_LINKPL, 0, BPF_B, 0x40, 0xf0));
		if (proto == GEN_ETHERTYPE_IPV6)
			return gen_and(ctx, bos, gen_mcmp(ctx, GOR_LINKPL, 0, BPF_B, 0x60, 0xf0));
		gen_error(ctx, "unsupported protocol over mpls");
	}
	/* pppoes: a PPP protocol field */
	return gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, gen_ppp_proto(proto));
}

/* 802.1Q, 802.1ad or the old QinQ type, as the link's own type test
 * sees them (on 802.11 that is the SNAP type of a data frame) */
static struct gen_cond *gen_vlan_tpid(struct gen_ctx *ctx)
{
	struct gen_cond *c = gen_linktype(ctx, GEN_ETHERTYPE_8021Q);

	c = gen_or(ctx, c, gen_linktype(ctx, GEN_ETHERTYPE_8021AD));
	return gen_or(ctx, c, gen_linktype(ctx, GEN_ETHERTYPE_8021QINQ));
}

static void gen_shift_payload(struct gen_ctx *ctx, bpf_u_int32 n)
{
	ctx->link.linkpl.constant += n;
	ctx->link.off_linktype += n;
}

/* The tag is in the packet: tpid, then the VID at the old payload. */
static struct gen_cond *gen_vlan_inline(struct gen_ctx *ctx, bpf_u_int32 id, int has_id)
{
	struct gen_cond *c = gen_vlan_tpid(ctx);

	if (has_id)
		c = gen_and(ctx, c, gen_mcmp(ctx, GOR_LINKPL, 0, BPF_H, id, 0x0fff));
	gen_shift_payload(ctx, 4);
	return c;
}

static struct gen_slist *gen_ld_anc(struct gen_ctx *ctx, int size, bpf_u_int32 ad)
{
	return gen_stmt(ctx, BPF_LD | size | BPF_ABS, (bpf_u_int32)SKF_AD_OFF + ad);
}

/* Live Linux: the tag may have been stripped into the ancillary data. */
static struct gen_cond *gen_vlan_kernel(struct gen_ctx *ctx, bpf_u_int32 id, int has_id)
{
	struct gen_link *l = &ctx->link;
	int reg = gen_alloc_reg(ctx);
	struct gen_cond *meta, *inpkt, *c;
	struct gen_slist *s;

	/* M[reg] = 0 for every packet, before anything can read it */
	ctx->prologue = gen_sappend(ctx->prologue,
				    gen_sappend(gen_stmt(ctx, BPF_LD | BPF_IMM, 0),
						gen_stmt(ctx, BPF_ST, (bpf_u_int32)reg)));
	meta = gen_jmp(ctx, gen_ld_anc(ctx, BPF_B, SKF_AD_VLAN_TAG_PRESENT),
		       BPF_JMP | BPF_JEQ | BPF_K, 1);
	s = gen_sappend(gen_stmt(ctx, BPF_LD | BPF_IMM, 4),
			gen_stmt(ctx, BPF_ST, (bpf_u_int32)reg));
	inpkt = gen_prepend(ctx, s, gen_vlan_tpid(ctx));
	c = gen_or(ctx, meta, inpkt);
	if (has_id) {
		struct gen_cond *m, *p;

		m = gen_jmp(ctx, gen_ld_anc(ctx, BPF_B, SKF_AD_VLAN_TAG_PRESENT),
			    BPF_JMP | BPF_JEQ | BPF_K, 1);
		s = gen_sappend(gen_ld_anc(ctx, BPF_B, SKF_AD_VLAN_TAG),
				gen_stmt(ctx, BPF_ALU | BPF_AND | BPF_K, 0x0fff));
		m = gen_and(ctx, m, gen_jmp(ctx, s, BPF_JMP | BPF_JEQ | BPF_K, id));
		p = gen_jmp(ctx, gen_ld_anc(ctx, BPF_B, SKF_AD_VLAN_TAG_PRESENT),
			    BPF_JMP | BPF_JEQ | BPF_K, 1);
		p = gen_and(ctx, gen_not(ctx, p),
			    gen_mcmp(ctx, GOR_LINKPL, 0, BPF_H, id, 0x0fff));
		c = gen_and(ctx, c, gen_or(ctx, m, p));
	}
	l->linkpl.reg = reg;
	l->vlan_reg = reg;
	return c;
}

struct gen_cond *gen_vlan(struct gen_ctx *ctx, bpf_u_int32 id, int has_id)
{
	struct gen_link *l = &ctx->link;
	struct gen_cond *c;

	if (l->label_stack_depth > 0)
		gen_error(ctx, "no VLAN match after MPLS");
	if (!gen_vlan_link_ok(l))
		gen_encap_unsupported(ctx, "VLAN");
	if (has_id && id > 4095)
		gen_error(ctx, "VLAN tag %u greater than maximum %u", id, 4095u);
	if (l->vlan_stack_depth == 0 && l->linkpl.reg < 0 && l->linkhdr.reg < 0 &&
	    (l->dlt == DLT_EN10MB || l->dlt == DLT_NETANALYZER ||
	     l->dlt == DLT_NETANALYZER_TRANSPARENT) &&
	    (ctx->codegen_flags & GEN_CODEGEN_KERNEL_VLAN))
		c = gen_vlan_kernel(ctx, id, has_id);
	else
		c = gen_vlan_inline(ctx, id, has_id);
	l->vlan_stack_depth++;
	return c;
}

struct gen_cond *gen_mpls(struct gen_ctx *ctx, bpf_u_int32 label, int has_label)
{
	struct gen_link *l = &ctx->link;
	struct gen_cond *c;

	if (l->label_stack_depth > 0) {
		/* the previous label is not the bottom of the stack */
		c = gen_mcmp(ctx, GOR_PREVMPLSHDR, 2, BPF_B, 0, 1);
	} else {
		switch (l->dlt) {
		case DLT_EN10MB:
		case DLT_NETANALYZER:
		case DLT_NETANALYZER_TRANSPARENT:
		case DLT_C_HDLC:
			c = gen_linktype(ctx, GEN_ETHERTYPE_MPLS);
			break;
		case DLT_PPP:
			c = gen_linktype(ctx, GEN_PPP_MPLS_UCAST);
			break;
		default:
			if (!l->mpls_ok)
				gen_encap_unsupported(ctx, "MPLS");
			c = gen_linktype(ctx, GEN_ETHERTYPE_MPLS);
			break;
		}
	}
	if (has_label && label > 0xfffff)
		gen_error(ctx, "MPLS label %u greater than maximum %u", label, 0xfffffu);
	if (has_label)
		c = gen_and(ctx, c, gen_mcmp(ctx, GOR_LINKPL, 0, BPF_W, label << 12,
					     0xfffff000));
	l->linkpl.constant += 4;
	l->label_stack_depth++;
	return c;
}

struct gen_cond *gen_pppoed(struct gen_ctx *ctx)
{
	return gen_linktype(ctx, GEN_ETHERTYPE_PPPOED);
}

struct gen_cond *gen_pppoes(struct gen_ctx *ctx, bpf_u_int32 id, int has_id)
{
	struct gen_link *l = &ctx->link;
	struct gen_cond *c = gen_linktype(ctx, GEN_ETHERTYPE_PPPOES);

	if (has_id) {
		if (id > 0xffff)
			gen_error(ctx, "PPPoE session number %u greater than maximum %u",
				  id, 0xffffu);
		c = gen_and(ctx, c, gen_mcmp(ctx, GOR_LINKPL, 0, BPF_W, id, 0xffff));
	}
	/* the PPP protocol field follows the 6-byte PPPoE header */
	if (l->linkpl.reg >= 0) {
		/* after a kernel vlan or geneve: relative to the same register */
		l->vlan_reg = l->linkpl.reg;
		l->off_linktype = l->linkpl.constant + l->off_nl + 6;
	} else if (l->linkhdr.reg >= 0) {
		gen_error(ctx, "'pppoes' not supported with variable length headers");
	} else {
		l->off_linktype = l->linkpl.constant + l->off_nl + 6 - l->linkhdr.constant;
	}
	l->linkpl.constant += l->off_nl + 8;
	l->off_nl = 0;
	l->off_nl_nosnap = 0;
	l->is_pppoes = 1;
	/* from here on libpcap treats the link as PPP (no MAC addresses,
	 * PPP's MPLS protocol number, no VLAN) */
	l->dlt = DLT_PPP;
	l->host = NULL;
	l->broadcast = NULL;
	l->multicast = NULL;
	return c;
}

/*
 * Geneve (UDP port 6081, version 0) over IPv4 or IPv6. Its header length
 * and payload type vary per packet, so everything after `geneve` is
 * found through scratch registers: the payload's type field, the inner
 * link header and the inner network header. A payload of type 0x6558 is
 * an Ethernet frame (type field 12 bytes in, network header 14 bytes in);
 * any other type is a network protocol starting right after the header.
 */
#define GEN_GENEVE_PORT		6081
#define GEN_ETHERTYPE_TEB	0x6558

static struct gen_cond *gen_geneve_check(struct gen_ctx *ctx, int v6, bpf_u_int32 vni,
					 int has_vni)
{
	enum gen_offrel udp = v6 ? GOR_TRAN_IPV6 : GOR_TRAN_IPV4;
	struct gen_cond *c, *hlen;
	struct gen_slist *s;

	if (v6)
		c = gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IPV6),
			    gen_cmp(ctx, GOR_LINKPL, 6, BPF_B, 17));
	else
		c = gen_and(ctx, gen_ipv4_proto(ctx, 17), gen_ipfrag(ctx));
	c = gen_and(ctx, c, gen_cmp(ctx, udp, 2, BPF_H, GEN_GENEVE_PORT));
	/* after the link-type test, whose refusal libpcap reports first
	 * ("NFLOG link-layer type filtering not implemented") */
	if (has_vni && vni > 0xffffff)
		gen_error(ctx, "Geneve VNI %u greater than maximum %u", vni, 0xffffffu);
	c = gen_and(ctx, c, gen_mcmp(ctx, udp, 8, BPF_B, 0, 0xc0));
	if (has_vni)
		c = gen_and(ctx, c, gen_mcmp(ctx, udp, 12, BPF_W, vni << 8, 0xffffff00));
	/* A = length of the IP header, plus the variable part of the
	 * network header's offset when inside another geneve */
	if (!v6) {
		s = gen_sappend(gen_load_ipv4_hlen(ctx), gen_stmt(ctx, BPF_MISC | BPF_TXA, 0));
	} else if (ctx->link.linkpl.reg >= 0) {
		s = gen_stmt(ctx, BPF_LD | BPF_MEM, (bpf_u_int32)ctx->link.linkpl.reg);
		s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 40));
	} else {
		s = gen_stmt(ctx, BPF_LD | BPF_IMM, 40);
	}
	hlen = gen_prepend(ctx, s, gen_true(ctx));
	return gen_and(ctx, c, hlen);
}

struct gen_cond *gen_geneve(struct gen_ctx *ctx, bpf_u_int32 vni, int has_vni)
{
	struct gen_link *l = &ctx->link;
	struct gen_cond *c, *split, *teb, *join, *res;
	struct gen_slist *s;
	int rtype, rhdr, rpl;

	/* libpcap leaves every filter with a geneve unoptimized (its -O1
	 * programs are its -O0 ones): doing the same keeps the loads that
	 * reject truncated packets, and compiles filters that its optimizer
	 * would have found constant-false */
	ctx->no_optimize = 1;
	c = gen_or(ctx, gen_geneve_check(ctx, 0, vni, has_vni),
		   gen_geneve_check(ctx, 1, vni, has_vni));
	rtype = gen_alloc_reg(ctx);
	rhdr = gen_alloc_reg(ctx);
	rpl = gen_alloc_reg(ctx);
	/* defined on every path, for the kernel's checker. (Where this
	 * geneve did not match, as in "not geneve and tcp", libpcap's
	 * later loads read scratch memory it never wrote, so its verdict
	 * there is whatever the stack held: no value can agree with it
	 * every time, and diff_filter does not run such programs. 0 makes
	 * those loads read from the start of the packet.) */
	s = gen_stmt(ctx, BPF_LD | BPF_IMM, 0);
	s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)rtype));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)rhdr));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)rpl));
	ctx->prologue = gen_sappend(ctx->prologue, s);
	/* X = the Geneve header; type field at +2; payload after the
	 * 8-byte header and its options (low 6 bits of byte 0, in words) */
	s = gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, l->linkpl.constant + l->off_nl + 8);
	s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 2));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)rtype));
	s = gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_IND | BPF_B, 0));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_AND | BPF_K, 0x3f));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_MUL | BPF_K, 4));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 8));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_X, 0));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)rhdr));
	s = gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_IND | BPF_H, 2));
	s = gen_sappend(s, gen_stmt(ctx, BPF_LDX | BPF_MEM, (bpf_u_int32)rhdr));
	split = gen_jmp(ctx, s, BPF_JMP | BPF_JEQ | BPF_K, GEN_ETHERTYPE_TEB);
	s = gen_stmt(ctx, BPF_MISC | BPF_TXA, 0);
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 12));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)rtype));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 2));
	s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
	teb = gen_prepend(ctx, s, gen_true(ctx));
	join = gen_prepend(ctx, gen_stmt(ctx, BPF_STX, (bpf_u_int32)rpl), gen_true(ctx));
	split->head->jt = teb->head;
	split->head->jf = join->head;
	teb->head->jt = join->head;
	res = gen_alloc(ctx, sizeof(*res));
	res->head = split->head;
	res->t = join->t;
	c = gen_and(ctx, c, res);

	l->linkhdr.reg = rhdr;
	l->linkhdr.constant = 0;
	l->vlan_reg = rtype;
	l->off_linktype = 0;
	l->linkpl.reg = rpl;
	l->linkpl.constant = 0;
	l->off_nl = 0;
	l->off_nl_nosnap = 3;
	l->is_geneve = 1;
	l->dlt = DLT_EN10MB;
	return c;
}

/*
 * After geneve, link-layer addresses exist only when the payload was an
 * Ethernet frame, i.e. when the inner link header starts before the
 * payload. libpcap tests that first, so a packet with an IP payload never
 * reaches the address loads (which may fail on a short packet).
 */
struct gen_cond *gen_geneve_link_guard(struct gen_ctx *ctx, struct gen_cond *c)
{
	struct gen_link *l = &ctx->link;
	struct gen_slist *s;

	if (!l->is_geneve)
		return c;
	s = gen_stmt(ctx, BPF_LD | BPF_MEM, (bpf_u_int32)l->linkhdr.reg);
	s = gen_sappend(s, gen_stmt(ctx, BPF_LDX | BPF_MEM, (bpf_u_int32)l->linkpl.reg));
	return gen_and(ctx, gen_not(ctx, gen_jmp(ctx, s, BPF_JMP | BPF_JEQ | BPF_X, 0)), c);
}
