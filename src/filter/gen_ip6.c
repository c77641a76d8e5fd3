/*
 * IPv6 addresses and prefixes, the IPv6 next-header tests (directly or
 * behind one fragment header, as libpcap's `ip6 proto` does) and
 * protochain, which follows the chain of extension headers.
 */
#include "filter/gen_internal.h"
#include "filter/gen_families.h"

#include <arpa/inet.h>
#include <string.h>

#define GEN_ETHERTYPE_IPV6	0x86dd
#define GEN_ETHERTYPE_IP	0x0800

static bpf_u_int32 gen_ip6_word(const struct in6_addr *a, int i)
{
	const u_char *b = a->s6_addr + 4 * i;

	return (bpf_u_int32)b[0] << 24 | (bpf_u_int32)b[1] << 16 |
	       (bpf_u_int32)b[2] << 8 | b[3];
}

/* All four words are loaded, front to back, even under a zero mask:
 * the loads decide the fate of short packets. */
static struct gen_cond *gen_ip6_addrcmp(struct gen_ctx *ctx, bpf_u_int32 off,
					const struct in6_addr *addr,
					const struct in6_addr *mask)
{
	struct gen_cond *c = NULL;
	int i;

	for (i = 0; i < 4; i++) {
		struct gen_cond *w = gen_mcmp(ctx, GOR_LINKPL, off + 4 * (bpf_u_int32)i,
					      BPF_W, gen_ip6_word(addr, i),
					      gen_ip6_word(mask, i));

		c = c ? gen_and(ctx, c, w) : w;
	}
	return c;
}

static struct gen_cond *gen_ip6_hostop(struct gen_ctx *ctx, const struct in6_addr *addr,
				       const struct in6_addr *mask, int dir)
{
	switch (dir) {
	case GQ_SRC:
		return gen_ip6_addrcmp(ctx, 8, addr, mask);
	case GQ_DST:
		return gen_ip6_addrcmp(ctx, 24, addr, mask);
	case GQ_AND:
		return gen_and(ctx, gen_ip6_addrcmp(ctx, 8, addr, mask),
			       gen_ip6_addrcmp(ctx, 24, addr, mask));
	case GQ_DIR_DEFAULT:
	case GQ_OR:
		return gen_or(ctx, gen_ip6_addrcmp(ctx, 8, addr, mask),
			      gen_ip6_addrcmp(ctx, 24, addr, mask));
	default:
		gen_dir_not_valid(ctx, dir, GEN_DIR_NOT_MAC);
	}
}

struct gen_cond *gen_ip6_host(struct gen_ctx *ctx, const struct in6_addr *addr,
			      const struct in6_addr *mask, int qproto, int dir,
			      int qaddr)
{
	const char *what = qaddr == GQ_NET ? "net" : "host";
	struct gen_cond *c;

	switch (qproto) {
	case GQ_PROTO_DEFAULT:
	case GQ_IPV6:
		/* the direction before the linktype, as libpcap */
		if (gen_dir_is_80211(dir))
			gen_dir_not_valid(ctx, dir, GEN_DIR_NOT_MAC);
		c = gen_linktype(ctx, GEN_ETHERTYPE_IPV6);
		return gen_and(ctx, c, gen_ip6_hostop(ctx, addr, mask, dir));
	case GQ_ATALK:
		gen_error(ctx, "AppleTalk modifier applied to ip6 %s", what);
	case GQ_LINK:
		gen_error(ctx, "link-layer modifier applied to ip6 %s", what);
	case GQ_IP:
		gen_error(ctx, "'ip' modifier applied to ip6 %s", what);
	default:
		gen_error(ctx, "'%s' modifier applied to ip6 %s",
			  gen_qproto_name(qproto), what);
	}
}

/* IPv6 whose next header is proto, directly or after a fragment header. */
struct gen_cond *gen_ipv6_proto(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	struct gen_cond *direct, *frag;

	direct = gen_cmp(ctx, GOR_LINKPL, 6, BPF_B, proto);
	frag = gen_and(ctx, gen_cmp(ctx, GOR_LINKPL, 6, BPF_B, 44),
		       gen_cmp(ctx, GOR_LINKPL, 40, BPF_B, proto));
	return gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IPV6),
		       gen_or(ctx, direct, frag));
}

/*
 * protochain V: is a header of type V on the chain of headers that starts
 * at the network header? libpcap walks the chain in a loop with a
 * backward jump, which the kernel's checker refuses; here the loop is
 * unrolled.
 *
 * The walk, as libpcap's loop does it. A holds the type of the header at
 * offset X from the network header (IPv6: the fixed header's next header,
 * X = 40; IPv4: the protocol field, X = the header length), and then:
 *  - A == V: true;
 *  - IPv6 only, hop-by-hop 0, routing 43, fragment 44 or destination
 *    options 60: A = byte X (its next header), X += (byte X+1 + 1) * 8;
 *  - AH 51: A = byte X, X = (byte X+1 + 2) * 4, counted from the network
 *    header and not from X (libpcap's loop does so, and so do we);
 *  - anything else, "no next header" 59 among them: false.
 * libpcap's loop has no bound of its own. The IPv6 extension headers move
 * X forward by 8 bytes or more, so a walk through them ends at the latest
 * when a load runs past the captured bytes, which rejects the packet: at
 * most (caplen - 40) / 8 steps, about 32,000 at the default snaplen, so
 * no useful bound comes from what a packet can hold. An AH header sets X
 * to an offset of its own choosing, and one that leads back to itself
 * keeps libpcap's loop running for ever.
 *
 * Unrolled, GEN_PROTOCHAIN_STEPS steps decide the first that many types;
 * after the last extension header they allow, the type that follows is
 * loaded and compared with V only. So a chain of at most that many
 * extension headers gets libpcap's answer, failing loads included (both
 * reject the packet); on a longer one this says false where libpcap goes
 * on (true if V comes later, a rejection if a later load fails, or no end).
 * Five covers the chains RFC 8200 (4.1) recommends as far as libpcap's
 * walk follows real headers: hop-by-hop, destination options, routing,
 * fragment, then either destination options or AH; after an AH header
 * libpcap's X points into the fixed header (X = 24 for the usual 24-byte
 * AH), so what it reads there is not a header at all. Over IPv4 the walk
 * follows AH only, and already the first one sends X inside the IP or AH
 * header (X = (len + 2) * 4 is the AH's own length, counted from the IP
 * header); two steps follow what libpcap reads there once.
 *
 * Each step is emitted once per unrolled step, so they are small: when V
 * is not a type the walk follows, every step's "anything else" exit shares
 * one test of A against V, the two kinds of advance share their tail, and
 * the last step reads the next type with one halfword load (which fails
 * exactly when libpcap's two byte loads there would).
 */
#define GEN_PROTOCHAIN_STEPS	5
#define GEN_PROTOCHAIN_STEPS_IP	2

#define GEN_PC_HOPOPTS	0
#define GEN_PC_ROUTING	43
#define GEN_PC_FRAGMENT	44
#define GEN_PC_AH	51
#define GEN_PC_DSTOPTS	60

static const bpf_u_int32 gen_pc_ext6[] = {
	GEN_PC_HOPOPTS, GEN_PC_DSTOPTS, GEN_PC_ROUTING, GEN_PC_FRAGMENT,
};

struct gen_pc {
	struct gen_ctx *ctx;
	struct gen_cond *res;		/* the walk; exits added as they are made */
	bpf_u_int32 v;
	bpf_u_int32 base;		/* the network header */
	int v6;
	int reg;			/* the next X, while A is loaded */
	int followed;			/* V is itself a type the walk goes through */
	struct gen_block *final;	/* "A == V" where the walk stops */
	struct gen_block **pending[2];	/* advances waiting for the next step */
	int npending;
};

static struct gen_block *gen_pc_jeq(struct gen_ctx *ctx, struct gen_slist *s, bpf_u_int32 k)
{
	return gen_jmp(ctx, s, BPF_JMP | BPF_JEQ | BPF_K, k)->head;
}

/* A load at off from the header at X, or at xk when X is known. */
static struct gen_slist *gen_pc_load(struct gen_pc *pc, int size, bpf_u_int32 off,
				     bpf_u_int32 xk)
{
	if (xk != GEN_OFF_NONE)
		return gen_stmt(pc->ctx, BPF_LD | BPF_ABS | size, pc->base + xk + off);
	return gen_stmt(pc->ctx, BPF_LD | BPF_IND | size, pc->base + off);
}

/* An unconditional block running s; its exit is left to the caller. */
static struct gen_block *gen_pc_run(struct gen_pc *pc, struct gen_slist *s)
{
	return gen_prepend(pc->ctx, s, gen_true(pc->ctx))->head;
}

/* Where a step's "this type is followed" tests lead: the two advances,
 * which leave A = the header's length field scaled (and X added for the
 * extension headers) for the shared tail; or, in the last step, a test of
 * the next type against V. */
static void gen_pc_advances(struct gen_pc *pc, bpf_u_int32 xk, int last,
			    struct gen_block **ext, struct gen_block **ah)
{
	struct gen_ctx *ctx = pc->ctx;
	struct gen_slist *s;

	if (last) {
		s = gen_sappend(gen_pc_load(pc, BPF_H, 0, xk),
				gen_stmt(ctx, BPF_ALU | BPF_RSH | BPF_K, 8));
		*ext = *ah = gen_pc_jeq(ctx, s, pc->v);
		gen_cond_add_exit(ctx, pc->res, &(*ext)->jt, 1);
		gen_cond_add_exit(ctx, pc->res, &(*ext)->jf, 0);
		return;
	}
	pc->npending = 0;
	*ext = NULL;
	if (pc->v6) {
		s = gen_sappend(gen_pc_load(pc, BPF_B, 1, xk),
				gen_stmt(ctx, BPF_ALU | BPF_LSH | BPF_K, 3));
		s = gen_sappend(s, xk != GEN_OFF_NONE ?
				gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, xk) :
				gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_X, 0));
		*ext = gen_pc_run(pc, s);
		pc->pending[pc->npending++] = &(*ext)->jt;
	}
	s = gen_sappend(gen_pc_load(pc, BPF_B, 1, xk),
			gen_stmt(ctx, BPF_ALU | BPF_LSH | BPF_K, 2));
	*ah = gen_pc_run(pc, s);
	pc->pending[pc->npending++] = &(*ah)->jt;
}

/* The advances' shared tail, run at the head of the next step: the new X
 * (both kinds add 8), and A = the type at the old X. */
static struct gen_slist *gen_pc_tail(struct gen_pc *pc, bpf_u_int32 xk)
{
	struct gen_ctx *ctx = pc->ctx;
	struct gen_slist *s = gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 8);

	if (xk != GEN_OFF_NONE) {
		s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
		return gen_sappend(s, gen_pc_load(pc, BPF_B, 0, xk));
	}
	s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)pc->reg));
	s = gen_sappend(s, gen_pc_load(pc, BPF_B, 0, xk));
	return gen_sappend(s, gen_stmt(ctx, BPF_LDX | BPF_MEM, (bpf_u_int32)pc->reg));
}

/* One step: entry runs first (it leaves the type in A); returns its tests'
 * first block. */
static struct gen_block *gen_pc_step(struct gen_pc *pc, struct gen_slist *entry,
				     bpf_u_int32 xk, int last)
{
	struct gen_ctx *ctx = pc->ctx;
	struct gen_block *ext, *ah, *first = NULL, **prev = NULL, *b;
	size_t i;

	gen_pc_advances(pc, xk, last, &ext, &ah);
	if (pc->followed) {
		first = gen_pc_jeq(ctx, NULL, pc->v);
		gen_cond_add_exit(ctx, pc->res, &first->jt, 1);
		prev = &first->jf;
	}
	for (i = 0; i < (pc->v6 ? 5 : 1); i++) {
		bpf_u_int32 t = i < 4 && pc->v6 ? gen_pc_ext6[i] : GEN_PC_AH;

		if (pc->followed && t == pc->v)
			continue;	/* true above */
		b = gen_pc_jeq(ctx, NULL, t);
		b->jt = t == GEN_PC_AH ? ah : ext;
		if (prev != NULL)
			*prev = b;
		else
			first = b;
		prev = &b->jf;
	}
	if (pc->followed)
		gen_cond_add_exit(ctx, pc->res, prev, 0);
	else
		*prev = pc->final;
	first->stmts = gen_sappend(entry, first->stmts);
	return first;
}

static struct gen_cond *gen_protochain_walk(struct gen_ctx *ctx, bpf_u_int32 v, int v6)
{
	struct gen_link *l = &ctx->link;
	struct gen_pc pc = { .ctx = ctx, .v = v, .v6 = v6 };
	int steps = v6 ? GEN_PROTOCHAIN_STEPS : GEN_PROTOCHAIN_STEPS_IP, step, i;
	struct gen_block **pending[2];
	struct gen_slist *entry;
	bpf_u_int32 xk;
	int npending = 0;

	if (l->linkpl.reg >= 0)
		gen_error(ctx, "'protochain' not supported with variable length headers");
	/* libpcap turns its optimizer off for any filter with a protochain
	 * (its loop defeats it); doing the same keeps the optimized verdicts,
	 * short packets included, identical to libpcap's */
	ctx->no_optimize = 1;
	pc.base = l->linkpl.constant + l->off_nl;
	pc.reg = gen_alloc_reg(ctx);
	pc.res = gen_alloc(ctx, sizeof(*pc.res));
	if (v6)
		pc.followed = v == GEN_PC_AH || v == GEN_PC_HOPOPTS || v == GEN_PC_DSTOPTS ||
			      v == GEN_PC_ROUTING || v == GEN_PC_FRAGMENT;
	else
		pc.followed = v == GEN_PC_AH;
	if (!pc.followed) {
		pc.final = gen_pc_jeq(ctx, NULL, v);
		gen_cond_add_exit(ctx, pc.res, &pc.final->jt, 1);
		gen_cond_add_exit(ctx, pc.res, &pc.final->jf, 0);
	}
	/* IPv6: X is 40 at first, so the first step's loads are absolute;
	 * IPv4: X is the header length */
	if (v6) {
		entry = gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_B, pc.base + 6);
		xk = 40;
	} else {
		entry = gen_sappend(gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_B, pc.base + 9),
				    gen_stmt(ctx, BPF_LDX | BPF_MSH | BPF_B, pc.base));
		xk = GEN_OFF_NONE;
	}
	for (step = 0; step < steps; step++) {
		struct gen_block *head = gen_pc_step(&pc, entry, xk, step == steps - 1);

		if (step == 0)
			pc.res->head = head;
		for (i = 0; i < npending; i++)
			*pending[i] = head;
		npending = pc.npending;
		memcpy(pending, pc.pending, sizeof(pending));
		entry = gen_pc_tail(&pc, xk);
		xk = GEN_OFF_NONE;
	}
	gen_free_reg(ctx, pc.reg);
	return pc.res;
}

struct gen_cond *gen_protochain(struct gen_ctx *ctx, bpf_u_int32 v, int qproto)
{
	switch (qproto) {
	case GQ_PROTO_DEFAULT:
		/* libpcap takes a scratch register here too and never gives
		 * it back: its 16th bare protochain needs too many */
		gen_lp_alloc(ctx);
		return gen_or(ctx, gen_protochain(ctx, v, GQ_IP),
			      gen_protochain(ctx, v, GQ_IPV6));
	case GQ_IP:
		return gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IP),
			       gen_protochain_walk(ctx, v, 0));
	case GQ_IPV6:
		return gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IPV6),
			       gen_protochain_walk(ctx, v, 1));
	default:
		gen_error(ctx, "bad protocol applied for 'protochain'");
	}
}
