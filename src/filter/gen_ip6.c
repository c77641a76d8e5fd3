/*
 * IPv6 addresses and prefixes, the IPv6 next-header tests (directly or
 * behind one fragment header, as libpcap's `ip6 proto` does) and
 * protochain, which follows the chain of extension headers.
 */
#include "filter/gen_internal.h"

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
		gen_dir_80211_error(ctx, dir);
	}
}

struct gen_cond *gen_ip6_host(struct gen_ctx *ctx, const struct in6_addr *addr,
			      const struct in6_addr *mask, int qproto, int dir,
			      int qaddr)
{
	const char *what = qaddr == GQ_NET ? "net" : "host";

	switch (qproto) {
	case GQ_PROTO_DEFAULT:
	case GQ_IPV6:
		return gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IPV6),
			       gen_ip6_hostop(ctx, addr, mask, dir));
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
 * protochain: follow IPv6 extension headers from the fixed header, true
 * when a header type on the way is v. libpcap runs this as a loop with a
 * backward jump, which classic BPF validators (the kernel's among them)
 * refuse; here the loop is unrolled GEN_PROTOCHAIN_STEPS times, which
 * covers every chain of that many extension headers. Each step keeps the
 * header type in A and its offset from the network header in X, and
 * advances exactly as libpcap's loop does (hop-by-hop 0, destination
 * options 60, routing 43, fragment 44: X += (len + 1) * 8; AH 51: libpcap
 * sets X = (len + 2) * 4 from the byte after X, and so do we). Verdicts
 * agree with libpcap's for chains of up to GEN_PROTOCHAIN_STEPS - 1
 * extension headers (checked against it with random chains); on longer
 * ones, and on AH headers that point back at themselves (where libpcap's
 * loop never ends), this one gives up and says no.
 */
#define GEN_PROTOCHAIN_STEPS 8

static struct gen_slist *gen_protochain_advance(struct gen_ctx *ctx, bpf_u_int32 base,
						int reg, int ah)
{
	struct gen_slist *s;

	if (!ah) {
		s = gen_stmt(ctx, BPF_LD | BPF_IND | BPF_B, base);
		s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)reg));
		s = gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_IND | BPF_B, base + 1));
		s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 1));
		s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_MUL | BPF_K, 8));
		s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_X, 0));
		s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
		return gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_MEM, (bpf_u_int32)reg));
	}
	s = gen_stmt(ctx, BPF_LD | BPF_IND | BPF_B, base);
	s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)reg));
	s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TXA, 0));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 1));
	s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
	s = gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_IND | BPF_B, base));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 2));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_MUL | BPF_K, 4));
	s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
	return gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_MEM, (bpf_u_int32)reg));
}

static struct gen_block *gen_pc_jeq(struct gen_ctx *ctx, struct gen_slist *s, bpf_u_int32 k)
{
	return gen_jmp(ctx, s, BPF_JMP | BPF_JEQ | BPF_K, k)->head;
}

static struct gen_cond *gen_protochain_walk(struct gen_ctx *ctx, bpf_u_int32 v, int v6)
{
	struct gen_link *l = &ctx->link;
	struct gen_cond *res = gen_alloc(ctx, sizeof(*res));
	struct gen_block *next = NULL, *first = NULL;
	bpf_u_int32 base;
	int reg, step;

	if (l->linkpl.reg >= 0)
		gen_error(ctx, "'protochain' not supported with variable length headers");
	/* libpcap turns its optimizer off for any filter with a protochain
	 * (its loop defeats it); doing the same keeps the optimized verdicts,
	 * short packets included, identical to libpcap's */
	ctx->no_optimize = 1;
	base = l->linkpl.constant + l->off_nl;
	reg = gen_alloc_reg(ctx);
	/* built from the last step to the first; each step's "advance"
	 * blocks fall into the next step */
	for (step = GEN_PROTOCHAIN_STEPS - 1; step >= 0; step--) {
		/* (libpcap also stops at "no next header", 59; that test is
		 * left out: 59 is not an extension header, so the chain
		 * ends there anyway) */
		struct gen_block *isv = gen_pc_jeq(ctx, NULL, v);
		struct gen_block *e0 = gen_pc_jeq(ctx, NULL, 0);
		struct gen_block *e60 = gen_pc_jeq(ctx, NULL, 60);
		struct gen_block *e43 = gen_pc_jeq(ctx, NULL, 43);
		struct gen_block *e44 = gen_pc_jeq(ctx, NULL, 44);
		struct gen_block *eah = gen_pc_jeq(ctx, NULL, 51);
		struct gen_cond *adv = gen_true(ctx), *advah = gen_true(ctx);

		gen_prepend(ctx, gen_protochain_advance(ctx, base, reg, 0), adv);
		gen_prepend(ctx, gen_protochain_advance(ctx, base, reg, 1), advah);
		isv->jf = v6 ? e0 : eah;
		gen_cond_add_exit(ctx, res, &isv->jt, 1);
		e0->jt = e60->jt = e43->jt = e44->jt = adv->head;
		e0->jf = e60;
		e60->jf = e43;
		e43->jf = e44;
		e44->jf = eah;
		eah->jt = advah->head;
		gen_cond_add_exit(ctx, res, &eah->jf, 0);
		if (next != NULL) {
			adv->head->jt = next;
			advah->head->jt = next;
		} else {
			/* out of steps: as if the chain ended here */
			gen_cond_add_exit(ctx, res, &adv->head->jt, 0);
			gen_cond_add_exit(ctx, res, &advah->head->jt, 0);
		}
		next = isv;
		first = isv;
	}
	/* IPv4 starts after the variable header, with only AH to skip */
	if (v6)
		first->stmts = gen_sappend(gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_B, base + 6),
					   gen_stmt(ctx, BPF_LDX | BPF_IMM, 40));
	else
		first->stmts = gen_sappend(gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_B, base + 9),
					   gen_stmt(ctx, BPF_LDX | BPF_MSH | BPF_B, base));
	res->head = first;
	gen_free_reg(ctx, reg);
	return res;
}

struct gen_cond *gen_protochain(struct gen_ctx *ctx, bpf_u_int32 v, int qproto)
{
	switch (qproto) {
	case GQ_PROTO_DEFAULT:
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
