/*
 * Random classic BPF programs and packets for the differential tests of the
 * interpreter and the optimizer (test/diff/test_bpf_diff.c,
 * test/unit/test_optimize.c).
 *
 * Programs are valid (bpf_validate accepts them), jump forward only, use
 * only the opcodes libpcap's interpreter implements (it aborts on others),
 * and never read a scratch word before a prologue has written it (libpcap
 * leaves scratch memory uninitialised, so such reads would compare
 * garbage). Constants lean towards the edges: offsets around the packet
 * length, offsets that overflow with X, shifts around 32, zero divisors
 * in X, the kernel's ancillary offsets.
 */
#ifndef MQPCAP_TEST_BPF_RANDOM_H
#define MQPCAP_TEST_BPF_RANDOM_H

#include <pcap/pcap.h>
#include <pcap/bpf.h>
#include <stdint.h>
#include <string.h>

struct bpf_rng {
	uint64_t s;
};

static inline uint32_t bpf_rng_next(struct bpf_rng *r)
{
	/* splitmix64: good enough, and reproducible from a printed seed */
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)((z ^ (z >> 31)) >> 16);
}

static inline uint32_t bpf_rng_below(struct bpf_rng *r, uint32_t n)
{
	return n ? bpf_rng_next(r) % n : 0;
}

/* A packet offset: mostly small, sometimes at or past the usual packet
 * sizes, sometimes huge (wraps with X, kernel ancillary area). */
static inline uint32_t bpf_random_offset(struct bpf_rng *r)
{
	static const uint32_t edges[] = {
		0xffffffff, 0xfffffffe, 0xfffffffc, 0xfffff000, 0xfffff02c,
		0xfffff030, 0xfffff03c, 0x7fffffff, 0x80000000, 0x10000,
	};

	switch (bpf_rng_below(r, 10)) {
	case 0:
		return edges[bpf_rng_below(r, sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return bpf_rng_below(r, 200);
	default:
		return bpf_rng_below(r, 64);
	}
}

/* A constant operand: small, edge, or anything. */
static inline uint32_t bpf_random_const(struct bpf_rng *r)
{
	static const uint32_t edges[] = {
		0, 1, 2, 31, 32, 33, 63, 0x800, 0x86dd, 0x7fffffff,
		0x80000000, 0xffffffff, 0xfffffffe, 0xff, 0xffff,
	};

	switch (bpf_rng_below(r, 4)) {
	case 0:
		return edges[bpf_rng_below(r, sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return bpf_rng_next(r);
	default:
		return bpf_rng_below(r, 64);
	}
}

static inline struct bpf_insn bpf_insn_make(u_short code, uint32_t k)
{
	struct bpf_insn i = { .code = code, .jt = 0, .jf = 0, .k = k };

	return i;
}

/* One straight-line (non-jump, non-return) instruction. 'init' is the
 * bitmap of scratch words the prologue wrote. */
static inline struct bpf_insn bpf_random_straight(struct bpf_rng *r,
						  uint32_t init)
{
	static const u_short alu_ops[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_AND,
		BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH,
	};
	static const u_short sizes[] = { BPF_W, BPF_H, BPF_B };
	u_short op;
	uint32_t k, slot;

	switch (bpf_rng_below(r, 16)) {
	case 0: case 1: case 2:
		return bpf_insn_make(BPF_LD | sizes[bpf_rng_below(r, 3)] | BPF_ABS,
				     bpf_random_offset(r));
	case 3: case 4:
		return bpf_insn_make(BPF_LD | sizes[bpf_rng_below(r, 3)] | BPF_IND,
				     bpf_random_offset(r));
	case 5:
		return bpf_insn_make(BPF_LDX | BPF_MSH | BPF_B,
				     bpf_random_offset(r));
	case 6:
		switch (bpf_rng_below(r, 4)) {
		case 0:
			return bpf_insn_make(BPF_LD | BPF_IMM, bpf_random_const(r));
		case 1:
			return bpf_insn_make(BPF_LDX | BPF_IMM, bpf_random_const(r));
		case 2:
			return bpf_insn_make(BPF_LD | BPF_W | BPF_LEN, 0);
		default:
			return bpf_insn_make(BPF_LDX | BPF_W | BPF_LEN, 0);
		}
	case 7:
		slot = bpf_rng_below(r, BPF_MEMWORDS);
		if (init & (1u << slot))
			return bpf_insn_make(bpf_rng_below(r, 2) ?
					     BPF_LD | BPF_MEM : BPF_LDX | BPF_MEM,
					     slot);
		return bpf_insn_make(bpf_rng_below(r, 2) ? BPF_ST : BPF_STX,
				     slot);
	case 8:
		return bpf_insn_make(bpf_rng_below(r, 2) ? BPF_MISC | BPF_TAX :
				     BPF_MISC | BPF_TXA, 0);
	case 9:
		return bpf_insn_make(BPF_ALU | BPF_NEG, 0);
	default:
		op = alu_ops[bpf_rng_below(r, 10)];
		if (bpf_rng_below(r, 2))
			return bpf_insn_make(BPF_ALU | op | BPF_X, 0);
		k = bpf_random_const(r);
		if ((op == BPF_DIV || op == BPF_MOD) && k == 0)
			k = 1 + bpf_rng_below(r, 7);
		if ((op == BPF_LSH || op == BPF_RSH) && bpf_rng_below(r, 2))
			k = bpf_rng_below(r, 40);
		return bpf_insn_make(BPF_ALU | op | BPF_K, k);
	}
}

static inline struct bpf_insn bpf_random_return(struct bpf_rng *r)
{
	static const uint32_t values[] = { 0, 0, 1, 96, 262144, 0xffffffff };

	if (bpf_rng_below(r, 3) == 0)
		return bpf_insn_make(BPF_RET | BPF_A, 0);
	return bpf_insn_make(BPF_RET | BPF_K,
			     values[bpf_rng_below(r, sizeof(values) / sizeof(values[0]))]);
}

/* A conditional or unconditional jump at index i of an n-instruction
 * program; every target stays inside it (i + 1 + off < n). */
static inline struct bpf_insn bpf_random_jump(struct bpf_rng *r, u_int i,
					      u_int n)
{
	static const u_short conds[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET };
	u_int room = n - i - 1;	/* valid offsets: 0 .. room - 1 */
	u_int cap = room > 256 ? 256 : room;
	struct bpf_insn insn;

	if (bpf_rng_below(r, 6) == 0)
		return bpf_insn_make(BPF_JMP | BPF_JA, bpf_rng_below(r, room));
	insn.code = BPF_JMP | conds[bpf_rng_below(r, 4)] |
		    (bpf_rng_below(r, 3) == 0 ? BPF_X : BPF_K);
	/* short hops are more interesting: they land on more code */
	insn.jt = (u_char)bpf_rng_below(r, bpf_rng_below(r, 2) ? (cap < 4 ? cap : 4) : cap);
	insn.jf = (u_char)bpf_rng_below(r, bpf_rng_below(r, 2) ? (cap < 4 ? cap : 4) : cap);
	insn.k = bpf_rng_below(r, 3) ? bpf_rng_below(r, 256) : bpf_random_const(r);
	return insn;
}

/*
 * Fill insns (room for max >= 34 entries) with a random program; return
 * its length.
 */
static inline u_int bpf_random_program(struct bpf_rng *r, struct bpf_insn *insns,
				       u_int max)
{
	u_int n = 0, body, i, len;
	uint32_t init = 0, slot;

	/* prologue: write some scratch words */
	for (slot = 0; slot < BPF_MEMWORDS; slot++) {
		if (bpf_rng_below(r, 4))
			continue;
		insns[n++] = bpf_rng_below(r, 2) ?
			bpf_insn_make(BPF_LD | BPF_IMM, bpf_random_const(r)) :
			bpf_random_straight(r, 0);
		insns[n++] = bpf_insn_make(BPF_ST, slot);
		init |= 1u << slot;
	}
	if (n + 2 > max)
		n = 0, init = 0;
	body = 1 + bpf_rng_below(r, max - n - 1);
	if (bpf_rng_below(r, 4))
		body = 1 + bpf_rng_below(r, body < 40 ? body : 40);
	len = n + body;
	for (i = n; i + 1 < len; i++) {
		switch (bpf_rng_below(r, 10)) {
		case 0: case 1: case 2:
			insns[i] = bpf_random_jump(r, i, len);
			break;
		case 3:
			if (bpf_rng_below(r, 3) == 0) {
				insns[i] = bpf_random_return(r);
				break;
			}
			/* fall through */
		default:
			insns[i] = bpf_random_straight(r, init);
			break;
		}
	}
	insns[len - 1] = bpf_random_return(r);
	return len;
}

/* A random packet of buflen captured bytes (at most max) with a wire
 * length >= buflen most of the time; bytes lean towards values filters
 * test (0, 0xff, an IPv4/IPv6 EtherType at 12). */
static inline void bpf_random_packet(struct bpf_rng *r, u_char *pkt, u_int max,
				     u_int *buflen, u_int *wirelen)
{
	u_int i;

	*buflen = bpf_rng_below(r, 8) == 0 ? bpf_rng_below(r, 4) :
		  bpf_rng_below(r, max + 1);
	for (i = 0; i < *buflen; i++) {
		switch (bpf_rng_below(r, 8)) {
		case 0:
			pkt[i] = 0;
			break;
		case 1:
			pkt[i] = 0xff;
			break;
		default:
			pkt[i] = (u_char)bpf_rng_next(r);
			break;
		}
	}
	if (*buflen >= 14 && bpf_rng_below(r, 2)) {
		pkt[12] = bpf_rng_below(r, 2) ? 0x08 : 0x86;
		pkt[13] = pkt[12] == 0x08 ? 0x00 : 0xdd;
	}
	switch (bpf_rng_below(r, 6)) {
	case 0:
		*wirelen = *buflen;
		break;
	case 1:
		*wirelen = bpf_rng_next(r);
		break;
	case 2:
		*wirelen = bpf_rng_below(r, *buflen + 1);	/* odd, but legal */
		break;
	default:
		*wirelen = *buflen + bpf_rng_below(r, 1500);
		break;
	}
}

#endif
