/*
 * Arithmetic: packet accessors proto[expr:size], len, constants, the
 * operators, relations, less/greater and `byte`.
 *
 * A value is code that leaves it in A plus a guard (the protocol tests an
 * accessor implies: ip[0] only applies to IPv4 packets). A binary
 * operation evaluates its left operand, parks it in a scratch register,
 * evaluates the right one and combines. A relation runs every guard
 * before any of the loads, like libpcap, so that the loads only happen
 * on packets of the right protocol; a load past the end of the packet
 * rejects it, whatever else the filter says.
 */
#include "filter/gen_internal.h"

#include <pcap/dlt.h>

#define GEN_IPPROTO_ICMPV6	58
#define GEN_ETHERTYPE_IPV6	0x86dd

/*
 * libpcap's register accounting. Its generator gives every value (a
 * constant, len, a load, an operation's result) a scratch register of
 * its own and frees an operand's only once the operation is built, so a
 * right-nested expression holds one register per pending left operand;
 * the variable offsets of the link layer (802.11 payload, radio header,
 * pflog header) take one each at their first use and keep it, geneve
 * three. It refuses the expression when it would need a seventeenth,
 * though mqpcap, which parks values only where they must survive other
 * code, needs fewer: count as libpcap does and refuse the same.
 */
void gen_lp_alloc(struct gen_ctx *ctx)
{
	if (ctx->lp_regs >= GEN_MEMWORDS)
		gen_error(ctx, "too many registers needed to evaluate expression");
	ctx->lp_regs++;
}

void gen_lp_free(struct gen_ctx *ctx)
{
	if (ctx->lp_regs > 0)
		ctx->lp_regs--;
}

/* The link's variable-offset registers, allocated by its set-up, are
 * libpcap's only once a load uses them. */
void gen_lp_link_lazy(struct gen_ctx *ctx)
{
	const struct gen_link *l = &ctx->link;

	if (l->linkhdr.reg >= 0 && ctx->regused[l->linkhdr.reg]) {
		ctx->lp_lazy_hdr = 1u << l->linkhdr.reg;
		gen_lp_free(ctx);
	}
	if (l->linkpl.reg >= 0 && ctx->regused[l->linkpl.reg] &&
	    l->linkpl.reg != l->linkhdr.reg) {
		ctx->lp_lazy_pl = 1u << l->linkpl.reg;
		gen_lp_free(ctx);
	}
}

/* A load through register reg: the first through a link register counts
 * it; the payload's counts the radio header's too (by experiment: on
 * radiotap, Prism, AVS and PPI libpcap's first payload load takes two). */
void gen_lp_use_reg(struct gen_ctx *ctx, int reg)
{
	unsigned bit;

	if (reg < 0 || reg >= GEN_MEMWORDS)
		return;
	bit = 1u << reg;
	if (bit & ctx->lp_lazy_pl) {
		ctx->lp_lazy_pl = 0;
		gen_lp_alloc(ctx);
		bit = ctx->lp_lazy_hdr;
	}
	if (bit & ctx->lp_lazy_hdr) {
		ctx->lp_lazy_hdr = 0;
		gen_lp_alloc(ctx);
	}
}

/*
 * A scratch register for parking a value while code that writes the
 * registers in avoid runs. Registers are picked per value rather than
 * from a free list because the operands' code is built before the
 * parent's but runs after the parent has parked its value.
 */
static int gen_arth_reg(struct gen_ctx *ctx, unsigned avoid)
{
	int r;

	for (r = 0; r < GEN_MEMWORDS; r++)
		if (!(avoid & (1u << r)) && !ctx->regused[r])
			return r;
	gen_error(ctx, "too many registers needed to evaluate expression");
}

struct gen_arth *gen_arth_const(struct gen_ctx *ctx, bpf_u_int32 k)
{
	struct gen_arth *a = gen_alloc(ctx, sizeof(*a));

	gen_lp_alloc(ctx);
	a->s = gen_stmt(ctx, BPF_LD | BPF_IMM, k);
	a->lead = &a->s->insn;
	a->is_const = 1;
	a->k = k;
	return a;
}

struct gen_arth *gen_arth_len(struct gen_ctx *ctx)
{
	struct gen_arth *a = gen_alloc(ctx, sizeof(*a));

	gen_lp_alloc(ctx);
	a->s = gen_stmt(ctx, BPF_LD | BPF_W | BPF_LEN, 0);
	a->lead = &a->s->insn;
	return a;
}

static struct gen_cond *gen_and_opt(struct gen_ctx *ctx, struct gen_cond *a,
				    struct gen_cond *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	return gen_and(ctx, a, b);
}

/* ld [base + index] for a base that is a constant (plus M[reg]) */
static struct gen_slist *gen_load_indexed(struct gen_ctx *ctx, enum gen_offrel rel,
					  struct gen_arth *idx, int size)
{
	struct gen_link *l = &ctx->link;
	struct gen_absoff base = { -1, 0 };
	struct gen_slist *s;
	int r;

	/* a constant index too goes through X, as in libpcap's code: its
	 * optimizer tells "ldx #12; ldh [x + 0]" from "ldh [12]" until its
	 * jumps are threaded (so "ip6[24:4] = 0x20010db8 and ether[12:2] =
	 * 0x0800" is not constant-false for it), and mqpcap's optimizer makes
	 * the load absolute at the same point */
	switch (rel) {
	case GOR_PACKET:
		break;
	case GOR_LINKHDR:
		base = l->linkhdr;
		break;
	case GOR_LINKPL:
		base = l->linkpl;
		base.constant += l->off_nl;
		break;
	case GOR_TRAN_IPV6:
		base = l->linkpl;
		base.constant += l->off_nl + 40;
		break;
	case GOR_TRAN_IPV4:
		/* X = header length (+ variable base), A = index */
		base = l->linkpl;
		base.constant += l->off_nl;
		s = idx->s;
		gen_lp_use_reg(ctx, base.reg);
		if (base.reg < 0) {
			s = gen_sappend(s, gen_load_ipv4_hlen(ctx));
		} else {
			r = gen_arth_reg(ctx, 0);
			idx->regmask |= 1u << r;
			s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)r));
			s = gen_sappend(s, gen_load_ipv4_hlen(ctx));
			s = gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_MEM, (bpf_u_int32)r));
		}
		s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_X, 0));
		s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
		return gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_IND | size,
					       base.reg < 0 ? base.constant : base.constant));
	default:
		gen_error(ctx, "unsupported index operation");
	}
	s = idx->s;
	gen_lp_use_reg(ctx, base.reg);
	if (base.reg >= 0) {
		ctx->uses_variable_offsets = 1;
		s = gen_sappend(s, gen_stmt(ctx, BPF_LDX | BPF_MEM, (bpf_u_int32)base.reg));
		s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_X, 0));
	}
	s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
	return gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_IND | size, base.constant));
}

struct gen_arth *gen_arth_load(struct gen_ctx *ctx, int qproto,
			       struct gen_arth *idx, int size)
{
	struct gen_arth *a = gen_alloc(ctx, sizeof(*a));
	struct gen_cond *guard = NULL;
	enum gen_offrel rel;

	/* libpcap: the result's register, then the index's is freed, then
	 * the offsets' and the protocol checks' */
	gen_lp_alloc(ctx);
	gen_lp_free(ctx);
	switch (qproto) {
	case GQ_RADIO:
		if (ctx->dlt != DLT_IEEE802_11_RADIO_AVS && ctx->dlt != DLT_IEEE802_11_RADIO &&
		    ctx->dlt != DLT_PRISM_HEADER)
			gen_error(ctx, "radio information not present in capture");
		rel = GOR_PACKET;
		break;
	case GQ_LINK:
		rel = GOR_LINKHDR;
		break;
	case GQ_IP: case GQ_ARP: case GQ_RARP: case GQ_ATALK: case GQ_DECNET:
	case GQ_SCA: case GQ_LAT: case GQ_MOPRC: case GQ_MOPDL: case GQ_IPV6:
		guard = gen_proto_abbrev(ctx, qproto);
		rel = GOR_LINKPL;
		break;
	case GQ_SCTP: case GQ_TCP: case GQ_UDP: case GQ_ICMP: case GQ_IGMP:
	case GQ_IGRP: case GQ_PIM: case GQ_VRRP: case GQ_CARP: {
		static const bpf_u_int32 num[] = {
			[GQ_SCTP] = 132, [GQ_TCP] = 6, [GQ_UDP] = 17, [GQ_ICMP] = 1,
			[GQ_IGMP] = 2, [GQ_IGRP] = 9, [GQ_PIM] = 103, [GQ_VRRP] = 112,
			[GQ_CARP] = 112,
		};

		guard = gen_and(ctx, gen_ipv4_proto(ctx, num[qproto]), gen_ipfrag(ctx));
		rel = GOR_TRAN_IPV4;
		break;
	}
	case GQ_ICMPV6:
		guard = gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IPV6),
				gen_cmp(ctx, GOR_LINKPL, 6, BPF_B, GEN_IPPROTO_ICMPV6));
		rel = GOR_TRAN_IPV6;
		break;
	default:
		gen_error(ctx, "unsupported index operation");
	}
	a->s = gen_load_indexed(ctx, rel, idx, size);
	a->guard = gen_and_opt(ctx, idx->guard, guard);
	a->regmask = idx->regmask;
	a->lead = idx->lead;
	return a;
}

/*
 * A left operand that is one instruction touching neither X nor the
 * scratch registers (a constant, len) need not be parked while the
 * right one is computed: compute the right one, move it to X, then load
 * the left one. A register saved for each, so that nesting as deep as
 * libpcap takes fits beside the link layer's registers.
 */
static int gen_arth_is_simple(const struct gen_arth *a)
{
	return a->s->next == NULL && a->guard == NULL &&
	       (a->s->insn.code == (BPF_LD | BPF_IMM) ||
		a->s->insn.code == (BPF_LD | BPF_W | BPF_LEN));
}

/* b's code, X = b, then a's (simple) instruction */
static struct gen_slist *gen_arth_then_simple(struct gen_ctx *ctx, struct gen_arth *b,
					      const struct gen_arth *a)
{
	struct gen_slist *s = gen_sappend(b->s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));

	return gen_sappend(s, gen_stmt(ctx, a->s->insn.code, a->s->insn.k));
}

/*
 * libpcap refuses a zero divisor and a shift of more than 31 bits by
 * looking at the first instruction of the right operand's code: when it
 * loads a constant, that constant is taken for the operand's value. So
 * not only "len / 0" but "len / -0", "len / (0 + len)" and "len / ip[0]"
 * (the index is computed first) are refused, and "len >> -1" is not.
 * gen_arth.lead is that instruction (not always our code's first).
 */
static void gen_arth_check_operand(struct gen_ctx *ctx, int bpf_op,
				   const struct gen_arth *b)
{
	const struct bpf_insn *first = b->lead;

	if (first->code != (BPF_LD | BPF_IMM))
		return;
	if (bpf_op == BPF_DIV && first->k == 0)
		gen_error(ctx, "division by zero");
	if (bpf_op == BPF_MOD && first->k == 0)
		gen_error(ctx, "modulus by zero");
	if ((bpf_op == BPF_LSH || bpf_op == BPF_RSH) && first->k > 31)
		gen_error(ctx, "shift by more than 31 bits");
}

struct gen_arth *gen_arth_op(struct gen_ctx *ctx, int bpf_op,
			     struct gen_arth *a, struct gen_arth *b)
{
	struct gen_arth *r = gen_alloc(ctx, sizeof(*r));
	struct gen_slist *s;
	int reg;

	gen_arth_check_operand(ctx, bpf_op, b);
	gen_lp_free(ctx);
	gen_lp_free(ctx);
	gen_lp_alloc(ctx);
	if (b->is_const) {
		s = gen_sappend(a->s, gen_stmt(ctx, BPF_ALU | bpf_op | BPF_K, b->k));
	} else if (gen_arth_is_simple(a)) {
		s = gen_arth_then_simple(ctx, b, a);
		s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | bpf_op | BPF_X, 0));
	} else {
		reg = gen_arth_reg(ctx, b->regmask);
		s = gen_sappend(a->s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)reg));
		s = gen_sappend(s, b->s);
		s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
		s = gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_MEM, (bpf_u_int32)reg));
		s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | bpf_op | BPF_X, 0));
		r->regmask = 1u << reg;
	}
	r->s = s;
	r->regmask |= a->regmask | b->regmask;
	/* libpcap keeps only the left operand's protocol checks here (the
	 * right one's are dropped, unlike in a relation): so do we, since
	 * the checks decide which packets the loads may reject */
	r->guard = a->guard;
	r->lead = a->lead;
	return r;
}

struct gen_arth *gen_arth_neg(struct gen_ctx *ctx, struct gen_arth *a)
{
	struct gen_arth *r = gen_alloc(ctx, sizeof(*r));

	r->s = gen_sappend(a->s, gen_stmt(ctx, BPF_ALU | BPF_NEG, 0));
	r->guard = a->guard;
	r->regmask = a->regmask;
	r->lead = a->lead;
	return r;
}

struct gen_cond *gen_relation(struct gen_ctx *ctx, int jtype, int reverse,
			      struct gen_arth *a, struct gen_arth *b)
{
	struct gen_cond *c;
	struct gen_slist *s;
	int reg;

	gen_lp_free(ctx);
	gen_lp_free(ctx);
	if (b->is_const) {
		c = gen_jmp(ctx, a->s, BPF_JMP | jtype | BPF_K, b->k);
	} else if (gen_arth_is_simple(a)) {
		c = gen_jmp(ctx, gen_arth_then_simple(ctx, b, a), BPF_JMP | jtype | BPF_X, 0);
	} else {
		reg = gen_arth_reg(ctx, b->regmask);
		s = gen_sappend(a->s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)reg));
		s = gen_sappend(s, b->s);
		s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
		s = gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_MEM, (bpf_u_int32)reg));
		c = gen_jmp(ctx, s, BPF_JMP | jtype | BPF_X, 0);
	}
	if (reverse)
		c = gen_not(ctx, c);
	return gen_and_opt(ctx, gen_and_opt(ctx, a->guard, b->guard), c);
}

struct gen_cond *gen_less(struct gen_ctx *ctx, bpf_u_int32 n)
{
	struct gen_slist *s = gen_stmt(ctx, BPF_LD | BPF_W | BPF_LEN, 0);

	return gen_not(ctx, gen_jmp(ctx, s, BPF_JMP | BPF_JGT | BPF_K, n));
}

struct gen_cond *gen_greater(struct gen_ctx *ctx, bpf_u_int32 n)
{
	struct gen_slist *s = gen_stmt(ctx, BPF_LD | BPF_W | BPF_LEN, 0);

	return gen_jmp(ctx, s, BPF_JMP | BPF_JGE | BPF_K, n);
}

struct gen_cond *gen_byteop(struct gen_ctx *ctx, int op, bpf_u_int32 idx,
			    bpf_u_int32 val)
{
	struct gen_slist *s;

	switch (op) {
	case '=':
		return gen_cmp(ctx, GOR_LINKHDR, idx, BPF_B, val);
	case '<':
		return gen_cmp_lt(ctx, GOR_LINKHDR, idx, BPF_B, val);
	case '>':
		return gen_cmp_gt(ctx, GOR_LINKHDR, idx, BPF_B, val);
	case '|':
	case '&':
		/* libpcap emits no load for these two: the operator applies to
		 * whatever A holds (0 at the start of a program) */
		s = gen_stmt(ctx, BPF_ALU | (op == '|' ? BPF_OR : BPF_AND) | BPF_K, val);
		return gen_not(ctx, gen_jmp(ctx, s, BPF_JMP | BPF_JEQ | BPF_K, 0));
	default:
		gen_error(ctx, "bad byte operator");
	}
}
