/*
 * The optimizer keeps every program's meaning. In strict mode
 * (FILTER_OPT_STRICT) original and optimized programs return the same
 * value on every packet tried; in the default, libpcap-compatible mode
 * (dead loads go even if they would have rejected a truncated packet)
 * they return the same value on every packet on which the original runs
 * no load out of range and no division by zero, which a reference
 * interpreter below tells. Programs come from two sources:
 *  - random forward-jumping programs (test/diff/bpf_random.h), which
 *    stress every statement kind and edge case;
 *  - the system libpcap's *unoptimized* output for a corpus of filter
 *    expressions (pcap_compile with optimize=0, through dlmopen): the kind
 *    of naive code a filter compiler produces. For these the test also
 *    checks that the result is no longer than libpcap's own optimized
 *    program for most expressions, and prints the size ratios.
 * Packets are random bytes and random well-formed Ethernet/VLAN/IPv4/IPv6/
 * ARP frames with TCP/UDP/ICMP, at random capture lengths.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "filter/optimize.h"
#include "../diff/bpf_random.h"
#include "oracle_filter.h"
#include "unit_run.h"

#define MAX_INSNS 96
#define MAX_PACKET 128

static struct bpf_insn *dup_insns(const struct bpf_insn *insns, u_int len)
{
	struct bpf_insn *copy = malloc(len * sizeof(*copy));

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, insns, len * sizeof(*copy));
	return copy;
}

static void print_prog(const char *title, const struct bpf_insn *insns,
		       u_int len)
{
	u_int i;

	fprintf(stderr, "%s (%u):\n", title, len);
	for (i = 0; i < len; i++)
		fprintf(stderr, "  %s\n", bpf_image(&insns[i], (int)i));
}

/* A frame a filter expression has something to say about. */
static void structured_packet(struct bpf_rng *r, u_char *pkt, u_int *buflen,
			      u_int *wirelen)
{
	static const uint16_t ethertypes[] = { 0x0800, 0x0800, 0x86dd, 0x0806,
					       0x8100, 0x8035, 0x88a8, 0x0842 };
	static const uint8_t protos[] = { 6, 6, 17, 17, 1, 58, 2, 132, 0, 44 };
	static const uint16_t ports[] = { 80, 22, 53, 443, 1000, 1001, 0,
					  65535 };
	static const uint8_t addrs[][4] = { { 10, 0, 0, 1 }, { 1, 2, 3, 4 },
					    { 192, 168, 1, 1 }, { 10, 9, 8, 7 } };
	u_int off = 12, i, l3;
	uint16_t et;

	for (i = 0; i < MAX_PACKET; i++)
		pkt[i] = (u_char)bpf_rng_next(r);
	if (bpf_rng_below(r, 3) == 0)
		memcpy(pkt, "\x01\x02\x03\x04\x05\x06", 6);
	if (bpf_rng_below(r, 4) == 0) {	/* 802.1Q tag */
		pkt[off] = 0x81;
		pkt[off + 1] = 0x00;
		pkt[off + 2] = 0;
		pkt[off + 3] = bpf_rng_below(r, 2) ? 10 : 20;
		off += 4;
	}
	et = ethertypes[bpf_rng_below(r, 8)];
	pkt[off] = (u_char)(et >> 8);
	pkt[off + 1] = (u_char)et;
	l3 = off + 2;
	if (et == 0x0800) {
		pkt[l3] = bpf_rng_below(r, 4) ? 0x45 : 0x46;
		pkt[l3 + 6] = bpf_rng_below(r, 4) ? 0x40 : (u_char)bpf_rng_next(r) & 0x3f;
		pkt[l3 + 7] = bpf_rng_below(r, 4) ? 0 : (u_char)bpf_rng_next(r);
		pkt[l3 + 9] = protos[bpf_rng_below(r, 10)];
		memcpy(&pkt[l3 + 12], addrs[bpf_rng_below(r, 4)], 4);
		memcpy(&pkt[l3 + 16], addrs[bpf_rng_below(r, 4)], 4);
		l3 += (pkt[l3] & 0xf) * 4;
	} else if (et == 0x86dd) {
		pkt[l3] = 0x60;
		pkt[l3 + 6] = protos[bpf_rng_below(r, 10)];
		l3 += 40;
	}
	if (l3 + 4 <= MAX_PACKET) {
		uint16_t sp = ports[bpf_rng_below(r, 8)], dp = ports[bpf_rng_below(r, 8)];

		pkt[l3] = (u_char)(sp >> 8);
		pkt[l3 + 1] = (u_char)sp;
		pkt[l3 + 2] = (u_char)(dp >> 8);
		pkt[l3 + 3] = (u_char)dp;
	}
	if (l3 + 14 <= MAX_PACKET && bpf_rng_below(r, 2))
		pkt[l3 + 13] = bpf_rng_below(r, 2) ? 0x02 : 0x12;	/* SYN */
	*buflen = bpf_rng_below(r, 6) == 0 ? bpf_rng_below(r, MAX_PACKET + 1) :
		  MAX_PACKET - bpf_rng_below(r, 20);
	*wirelen = *buflen + bpf_rng_below(r, 3) * bpf_rng_below(r, 1000);
}

/* An independent interpreter that also says whether the program ended
 * by running a load out of range or dividing by zero ("aborted"): the
 * packets on which the default mode may legitimately differ. */
static u_int ref_run(const struct bpf_insn *pc, const u_char *p, u_int wirelen,
		     u_int buflen, int *aborted)
{
	uint32_t A = 0, X = 0, M[BPF_MEMWORDS] = { 0 }, k;
	uint64_t off;

	*aborted = 1;
	for (;; pc++) {
		k = pc->k;
		switch (BPF_CLASS(pc->code)) {
		case BPF_RET:
			*aborted = 0;
			return BPF_RVAL(pc->code) == BPF_A ? A : k;
		case BPF_LD:
		case BPF_LDX:
			switch (BPF_MODE(pc->code)) {
			case BPF_IMM: off = k; break;
			case BPF_LEN: off = wirelen; break;
			case BPF_MEM: off = M[k]; break;
			default: {
				u_int size = BPF_SIZE(pc->code) == BPF_W ? 4 :
					     BPF_SIZE(pc->code) == BPF_H ? 2 : 1;
				uint64_t at = k + (BPF_MODE(pc->code) == BPF_IND ?
						   (uint64_t)X : 0);
				u_int i;

				if (BPF_MODE(pc->code) == BPF_MSH)
					size = 1;
				if (at + size > buflen)
					return 0;
				for (off = 0, i = 0; i < size; i++)
					off = off << 8 | p[at + i];
				if (BPF_MODE(pc->code) == BPF_MSH)
					off = (off & 0xf) << 2;
			}
			}
			if (BPF_CLASS(pc->code) == BPF_LD)
				A = (uint32_t)off;
			else
				X = (uint32_t)off;
			break;
		case BPF_ST:
			M[k] = A;
			break;
		case BPF_STX:
			M[k] = X;
			break;
		case BPF_MISC:
			if (BPF_MISCOP(pc->code) == BPF_TAX)
				X = A;
			else
				A = X;
			break;
		case BPF_JMP: {
			uint32_t b = BPF_SRC(pc->code) == BPF_X ? X : k;
			int t;

			switch (BPF_OP(pc->code)) {
			case BPF_JA: pc += k; continue;
			case BPF_JEQ: t = A == b; break;
			case BPF_JGT: t = A > b; break;
			case BPF_JGE: t = A >= b; break;
			default: t = (A & b) != 0; break;
			}
			pc += t ? pc->jt : pc->jf;
			break;
		}
		default: {	/* BPF_ALU */
			uint32_t b = BPF_SRC(pc->code) == BPF_X ? X : k;

			switch (BPF_OP(pc->code)) {
			case BPF_ADD: A += b; break;
			case BPF_SUB: A -= b; break;
			case BPF_MUL: A *= b; break;
			case BPF_DIV: if (!b) return 0; A /= b; break;
			case BPF_MOD: if (!b) return 0; A %= b; break;
			case BPF_AND: A &= b; break;
			case BPF_OR: A |= b; break;
			case BPF_XOR: A ^= b; break;
			case BPF_LSH:
				A = BPF_SRC(pc->code) == BPF_X ?
				    (b < 32 ? A << b : 0) : A << (b & 31);
				break;
			case BPF_RSH:
				A = BPF_SRC(pc->code) == BPF_X ?
				    (b < 32 ? A >> b : 0) : A >> (b & 31);
				break;
			default: A = -A; break;	/* BPF_NEG */
			}
		}
		}
	}
}

struct verdicts {
	u_long compared;	/* packets where the results had to agree */
	u_long bad;
};

/* Run both programs over n packets. strict: every packet must agree;
 * otherwise those on which the original aborted are skipped. */
static void compare_on_packets(struct bpf_rng *r, const struct bpf_insn *a,
			       const struct bpf_insn *b, int n, int structured,
			       int strict, struct verdicts *v)
{
	u_char pkt[MAX_PACKET];
	u_int buflen, wirelen, ra;
	int i, aborted;

	for (i = 0; i < n; i++) {
		if (structured && bpf_rng_below(r, 8))
			structured_packet(r, pkt, &buflen, &wirelen);
		else
			bpf_random_packet(r, pkt, MAX_PACKET, &buflen, &wirelen);
		ra = bpf_filter(a, pkt, wirelen, buflen);
		ck_assert_uint_eq(ref_run(a, pkt, wirelen, buflen, &aborted), ra);
		if (!strict && aborted)
			continue;
		v->compared++;
		if (ra != bpf_filter(b, pkt, wirelen, buflen))
			v->bad++;
	}
}

/* Optimize a copy of insns; check validity and size; compare. */
static struct bpf_insn *optimize_and_compare(struct bpf_rng *r,
					     const struct bpf_insn *insns,
					     u_int len, u_int *olen, int flags,
					     int npackets, int structured,
					     struct verdicts *v)
{
	struct bpf_insn *opt = dup_insns(insns, len);
	char errbuf[PCAP_ERRBUF_SIZE];
	u_long bad = v->bad;

	*olen = len;
	ck_assert_int_eq(filter_optimize_flags(&opt, olen, errbuf, flags), 0);
	ck_assert_msg(bpf_validate(opt, (int)*olen), "invalid output");
	ck_assert_uint_le(*olen, len);
	compare_on_packets(r, insns, opt, npackets, structured,
			   flags & FILTER_OPT_STRICT, v);
	if (v->bad != bad) {
		print_prog("original", insns, len);
		print_prog("optimized", opt, *olen);
	}
	return opt;
}

START_TEST(test_optimize_keeps_random_programs_equivalent)
{
	static const int modes[] = { FILTER_OPT_STRICT, 0 };
	struct bpf_rng r = { 0x0b7 };
	struct bpf_insn insns[MAX_INSNS];
	int prog, m;

	for (m = 0; m < 2; m++) {
		struct verdicts v = { 0, 0 };
		u_long before = 0, after = 0;

		for (prog = 0; prog < 15000; prog++) {
			u_int len = bpf_random_program(&r, insns, MAX_INSNS), olen;

			free(optimize_and_compare(&r, insns, len, &olen, modes[m],
						  30, 0, &v));
			ck_assert_msg(v.bad == 0, "program %d: %lu packets disagree",
				      prog, v.bad);
			before += len;
			after += olen;
		}
		printf("random programs, %s: 15000 programs, %lu packets compared, 0 disagreements, %lu -> %lu instructions\n",
		       modes[m] ? "strict" : "libpcap mode", v.compared, before, after);
		ck_assert_uint_gt(v.compared, 15000 * 30 / 4);
	}
}
END_TEST

/*
 * A random program shaped like a compiled filter: a sequence of tests,
 * each loading a packet field (often one an earlier test loaded: the
 * redundancy the optimizer is for) and comparing it with one of a few
 * constants, jumping forward to other tests or to the final returns.
 * Fields include the IPv4-header-relative ones reached through
 * "ldxb 4*([14]&0xf)" and libpcap's "ld #c; add x; tax" idiom.
 */
static u_int filter_like_program(struct bpf_rng *r, struct bpf_insn *out)
{
	static const struct { u_short size; uint32_t off; uint32_t vals[3]; } fields[] = {
		{ BPF_H, 12, { 0x800, 0x86dd, 0x806 } },
		{ BPF_B, 23, { 6, 17, 1 } },
		{ BPF_B, 20, { 6, 17, 44 } },
		{ BPF_W, 26, { 0x0a000001, 0x01020304, 0xc0a80101 } },
		{ BPF_W, 30, { 0x0a000001, 0x0a090807, 0 } },
		{ BPF_H, 20, { 0x4000, 0, 0x1fff } },
		{ BPF_H, 54, { 80, 53, 22 } },
		{ BPF_H, 56, { 80, 443, 1000 } },
	};
	static const u_short ops[] = { BPF_JEQ, BPF_JEQ, BPF_JEQ, BPF_JGT,
				       BPF_JGE, BPF_JSET };
	u_int ntests = 2 + bpf_rng_below(r, 24), start[32], jump[32], n = 0, i;
	int tt[32], tf[32];

	for (i = 0; i < ntests; i++) {
		u_int f = bpf_rng_below(r, 10), kind = bpf_rng_below(r, 6);
		uint32_t val;

		start[i] = n;
		if (f < 8) {
			out[n++] = (struct bpf_insn)BPF_STMT(BPF_LD | fields[f].size | BPF_ABS,
							     fields[f].off);
			val = fields[f].vals[bpf_rng_below(r, 3)];
		} else {
			/* a transport port past the IPv4 header */
			uint32_t port = bpf_rng_below(r, 2) ? 0 : 2;

			if (bpf_rng_below(r, 2)) {
				out[n++] = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_IMM, port);
				out[n++] = (struct bpf_insn)BPF_STMT(BPF_LDX | BPF_MSH | BPF_B, 14);
				out[n++] = (struct bpf_insn)BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0);
				out[n++] = (struct bpf_insn)BPF_STMT(BPF_MISC | BPF_TAX, 0);
				out[n++] = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_H | BPF_IND, 14);
			} else {
				out[n++] = (struct bpf_insn)BPF_STMT(BPF_LDX | BPF_MSH | BPF_B, 14);
				out[n++] = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_H | BPF_IND, 14 + port);
			}
			val = fields[6 + bpf_rng_below(r, 2)].vals[bpf_rng_below(r, 3)];
		}
		if (kind == 0)
			out[n++] = (struct bpf_insn)BPF_STMT(BPF_ALU | BPF_AND | BPF_K,
							     bpf_rng_below(r, 2) ? 0xff : 0x1fff);
		else if (kind == 1)
			out[n++] = (struct bpf_insn)BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 8);
		jump[i] = n;
		out[n++] = (struct bpf_insn)BPF_JUMP(BPF_JMP | ops[bpf_rng_below(r, 6)] | BPF_K,
						     kind == 0 && bpf_rng_below(r, 2) ? 0 : val, 0, 0);
		/* targets: a later test, or accept (-1) or reject (-2) */
		tt[i] = bpf_rng_below(r, 3) ? (int)(i + 1 + bpf_rng_below(r, 3)) : -1;
		tf[i] = bpf_rng_below(r, 2) ? (int)(i + 1) : -2;
		if (tt[i] >= (int)ntests)
			tt[i] = -1;
		if (tf[i] >= (int)ntests)
			tf[i] = -2;
	}
	out[n] = (struct bpf_insn)BPF_STMT(BPF_RET | BPF_K, 262144);
	out[n + 1] = (struct bpf_insn)BPF_STMT(BPF_RET | BPF_K, 0);
	for (i = 0; i < ntests; i++) {
		u_int at = jump[i] + 1;
		u_int t = tt[i] >= 0 ? start[tt[i]] : n;
		u_int f = tf[i] >= 0 ? start[tf[i]] : n + 1;

		out[jump[i]].jt = (u_char)(t - at);
		out[jump[i]].jf = (u_char)(f - at);
	}
	return n + 2;
}

START_TEST(test_optimize_keeps_filter_like_programs_equivalent)
{
	static const int modes[] = { FILTER_OPT_STRICT, 0 };
	struct bpf_rng r = { 0xf117e5 };
	struct bpf_insn insns[32 * 8];
	int prog, m;

	for (m = 0; m < 2; m++) {
		struct verdicts v = { 0, 0 };
		u_long before = 0, after = 0;

		for (prog = 0; prog < 4000; prog++) {
			u_int len = filter_like_program(&r, insns), olen;

			ck_assert(bpf_validate(insns, (int)len));
			free(optimize_and_compare(&r, insns, len, &olen, modes[m],
						  60, 1, &v));
			ck_assert_msg(v.bad == 0, "program %d: %lu packets disagree",
				      prog, v.bad);
			before += len;
			after += olen;
		}
		printf("filter-like programs, %s: 4000 programs, %lu packets compared, 0 disagreements, %lu -> %lu instructions\n",
		       modes[m] ? "strict" : "libpcap mode", v.compared, before, after);
		ck_assert_uint_gt(v.compared, 4000 * 60 / 4);
	}
}
END_TEST

START_TEST(test_optimize_threads_known_outcomes)
{
	/* naive "tcp or udp": the EtherType is loaded and tested twice */
	struct bpf_insn naive[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x800, 0, 3),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 6, 0, 1),
		BPF_STMT(BPF_JMP | BPF_JA, 5),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x800, 0, 4),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 17, 0, 2),
		BPF_STMT(BPF_JMP | BPF_JA, 0),
		BPF_STMT(BPF_RET | BPF_K, 262144),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct bpf_rng r = { 7 };
	struct verdicts v = { 0, 0 };
	struct bpf_insn *opt;
	u_int len;

	/* ldh [12]; jeq; ldb [23]; jeq #6; jeq #17; ret; ret */
	opt = optimize_and_compare(&r, naive, 12, &len, FILTER_OPT_STRICT,
				   20000, 1, &v);
	ck_assert_uint_eq(v.bad, 0);
	if (len != 7)
		print_prog("optimized", opt, len);
	ck_assert_uint_eq(len, 7);
	free(opt);
}
END_TEST

START_TEST(test_optimize_dead_loads_strict_and_libpcap_mode)
{
	/* the load's value is dead, but on a short packet it rejects */
	struct bpf_insn p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 100),
		BPF_STMT(BPF_RET | BPF_K, 1),
	};
	struct bpf_insn *opt = dup_insns(p, 2);
	char errbuf[PCAP_ERRBUF_SIZE];
	u_int len = 2;

	ck_assert_int_eq(filter_optimize_flags(&opt, &len, errbuf,
					       FILTER_OPT_STRICT), 0);
	ck_assert_uint_eq(len, 2);
	/* libpcap's optimizer drops it, and so does the default mode */
	ck_assert_int_eq(filter_optimize(&opt, &len, errbuf), 0);
	ck_assert_uint_eq(len, 1);
	ck_assert_uint_eq(opt[0].code, BPF_RET | BPF_K);
	free(opt);
}
END_TEST

static u_int count_ja(const struct bpf_insn *insns, u_int len)
{
	u_int i, n = 0;

	for (i = 0; i < len; i++)
		n += insns[i].code == (BPF_JMP | BPF_JA);
	return n;
}

START_TEST(test_optimize_long_jumps_get_trampolines)
{
	/* "jset #1" whose true side (ret #0) lies past a body of 240 to 270
	 * instructions: around 255, jt stops reaching it and the layout
	 * needs a BPF_JA, exactly at the boundary */
	struct bpf_insn p[3 + 272 + 2], *opt;
	struct bpf_rng r = { 99 };
	u_int body, len, i, n, ja;

	for (body = 240; body <= 270; body++) {
		struct verdicts v = { 0, 0 };

		n = 3 + body + 2;
		p[0] = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0);
		p[1] = (struct bpf_insn)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 1);
		p[2] = (struct bpf_insn)BPF_STMT(BPF_JMP | BPF_JA, n - 1 - 3);
		for (i = 0; i + 1 < body; i += 2) {
			/* A += 4 * (byte & 15): every step is live */
			p[3 + i] = (struct bpf_insn)BPF_STMT(BPF_LDX | BPF_MSH | BPF_B, i % 64);
			p[4 + i] = (struct bpf_insn)BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0);
		}
		if (body & 1)
			p[3 + body - 1] = (struct bpf_insn)BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0);
		p[n - 2] = (struct bpf_insn)BPF_STMT(BPF_RET | BPF_A, 0);
		p[n - 1] = (struct bpf_insn)BPF_STMT(BPF_RET | BPF_K, 0);
		ck_assert(bpf_validate(p, (int)n));
		opt = optimize_and_compare(&r, p, n, &len, FILTER_OPT_STRICT, 300, 0, &v);
		ck_assert_uint_eq(v.bad, 0);
		ja = count_ja(opt, len);
		/* the jump from 1 to ret #0 spans the body and ret A */
		ck_assert_uint_eq(ja, len - 3 >= 256 ? 1 : 0);
		free(opt);
	}
}
END_TEST

START_TEST(test_optimize_rejects_invalid_input)
{
	struct bpf_insn p[] = { BPF_STMT(BPF_LD | BPF_IMM, 0) };
	struct bpf_insn *opt = dup_insns(p, 1);
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	u_int len = 1;

	ck_assert_int_eq(filter_optimize(&opt, &len, errbuf), -1);
	ck_assert_str_ne(errbuf, "");
	ck_assert_uint_eq(len, 1);
	free(opt);
}
END_TEST

/* ---- libpcap's naive output ------------------------------------------ */

/* mqpcap's optimizer (default mode) on a copy of libpcap's program */
static struct bpf_insn *optimized_copy(const struct bpf_program *prog, u_int *len)
{
	struct bpf_insn *opt = dup_insns(prog->bf_insns, prog->bf_len);
	char errbuf[PCAP_ERRBUF_SIZE];

	*len = prog->bf_len;
	ck_assert_msg(filter_optimize(&opt, len, errbuf) == 0, "filter_optimize: %s", errbuf);
	return opt;
}

/* The system libpcap, and a dead Ethernet handle of it whose -O0 output
 * is the naive input; NULL without it, after saying the test is skipped
 * and what it would have done (to "compare with" libpcap, ...). */
static pcap_t *libpcap_ethernet(struct oracle_filter *lp, const char *to)
{
	pcap_t *p;

	if (oracle_filter_load(lp) != 0) {
		printf("skip: no system libpcap to %s\n", to);
		return NULL;
	}
	p = lp->open_dead(DLT_EN10MB, 262144);
	ck_assert_ptr_nonnull(p);
	return p;
}

static const char *const corpus[] = {
	"tcp port 80", "ip host 1.2.3.4", "tcp port 80 and host 10.0.0.1",
	"udp or icmp", "vlan 10 and tcp", "not arp", "ip6 and tcp",
	"tcp[tcpflags] & tcp-syn != 0", "portrange 1-1000",
	"ether host 1:2:3:4:5:6", "net 10.0.0.0/8 and not port 22",
	"host 10.0.0.1 or host 10.9.8.7", "src host 10.0.0.1 and dst port 53",
	"udp port 53 or tcp port 53", "icmp or icmp6", "arp or rarp",
	"ip proto 47", "ip6 proto 58", "tcp dst portrange 1000-2000",
	"not (tcp port 22 or udp port 53)", "ip[2:2] > 100", "len < 100",
	"greater 200", "ether broadcast", "ether multicast",
	"ip broadcast or ip multicast", "vlan and ip", "vlan 20 or vlan 10",
	"tcp port 80 or tcp port 443 or tcp port 8080",
	"src net 192.168.0.0/16 and dst net 10.0.0.0/8",
	"tcp[13] & 2 != 0 and not src net 10.0.0.0/8",
	"ip and udp and (port 67 or port 68)", "ip6 and udp port 546",
	"host 1.2.3.4 and (tcp or udp) and not port 80",
	"ether proto 0x88cc", "ether src 1:2:3:4:5:6 and ip",
	"icmp[icmptype] == icmp-echo", "ip[6:2] & 0x1fff = 0",
	"tcp and (tcp[2:2] > 1023) and (tcp[0:2] < 1024)",
	"udp[8:4] = 0x12345678", "ip and len > 60 and len < 1000",
	"sctp port 2905", "portrange 53-53 or portrange 80-81",
	"not ip6 and not ip", "ip multicast and udp", "tcp or udp or icmp",
	"(ip or ip6) and tcp dst port 80",
	"dst host 10.0.0.1 and (src port 80 or src port 443)",
	/* a long list: facts must survive 30 "!= address" on the way */
	"host 10.0.0.1 or host 10.0.0.2 or host 10.0.0.3 or "
	"host 10.0.0.4 or host 10.0.0.5 or host 10.0.0.6 or "
	"host 10.0.0.7 or host 10.0.0.8 or host 10.0.0.9 or "
	"host 10.0.0.10 or host 10.0.0.11 or host 10.0.0.12 or "
	"host 10.0.0.13 or host 10.0.0.14 or host 10.0.0.15 or "
	"host 10.0.0.16 or host 10.0.0.17 or host 10.0.0.18 or "
	"host 10.0.0.19 or host 10.0.0.20 or host 10.0.0.21 or "
	"host 10.0.0.22 or host 10.0.0.23 or host 10.0.0.24 or "
	"host 10.0.0.25 or host 10.0.0.26 or host 10.0.0.27 or "
	"host 10.0.0.28 or host 10.0.0.29 or host 10.0.0.30",
};

START_TEST(test_optimize_libpcap_naive_code)
{
	struct oracle_filter lp;
	pcap_t *p = libpcap_ethernet(&lp, "take naive code from");
	struct bpf_rng r = { 4242 };
	double ratios[sizeof(corpus) / sizeof(corpus[0])], tmp;
	u_int n = sizeof(corpus) / sizeof(corpus[0]), i, j, worse = 0;
	u_long compared = 0;

	if (p == NULL)
		return;
	for (i = 0; i < n; i++) {
		struct bpf_program naive, best;
		struct verdicts strict = { 0, 0 }, compat = { 0, 0 };
		struct bpf_insn *opt;
		u_int len;

		ck_assert_msg(lp.compile(p, &naive, corpus[i], 0, 0) == 0 &&
			      lp.compile(p, &best, corpus[i], 1, 0) == 0,
			      "libpcap can't compile %s", corpus[i]);
		free(optimize_and_compare(&r, naive.bf_insns, naive.bf_len, &len,
					  FILTER_OPT_STRICT, 5000, 1, &strict));
		ck_assert_msg(strict.bad == 0, "\"%s\" changed meaning (strict)",
			      corpus[i]);
		opt = optimize_and_compare(&r, naive.bf_insns, naive.bf_len, &len,
					   0, 20000, 1, &compat);
		ck_assert_msg(compat.bad == 0, "\"%s\" changed meaning", corpus[i]);
		compared += compat.compared;
		ratios[i] = (double)len / best.bf_len;
		if (len > best.bf_len) {
			worse++;
			printf("  %-45s naive %3u libpcap %3u mqpcap %3u\n",
			       corpus[i], naive.bf_len, best.bf_len, len);
		}
		ck_assert_msg(ratios[i] <= 1.5, "\"%s\": %u instructions, libpcap %u",
			      corpus[i], len, best.bf_len);
		free(opt);
		lp.freecode(&naive);
		lp.freecode(&best);
	}
	lp.close(p);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (ratios[j] < ratios[i]) {
				tmp = ratios[i];
				ratios[i] = ratios[j];
				ratios[j] = tmp;
			}
	printf("libpcap naive code: %u expressions, %lu packets compared, median size ratio mqpcap/libpcap %.3f, max %.3f, %u longer\n",
	       n, compared, ratios[n / 2], ratios[n - 1], worse);
	ck_assert(ratios[n / 2] <= 1.0);
}
END_TEST

/*
 * The default mode must give libpcap's optimized verdict on every packet,
 * truncated ones included: it may drop a load whose value is dead (as
 * libpcap does) but must not skip one libpcap's weaker jump threading
 * keeps ("ip[0] = ip[0]": libpcap never decides a compare of A with X;
 * "(ether proto 0xf0) or not (net ...)": a range fact from "jgt #0x5dc"
 * must not let the 802.2 load at [14] go). Same naive input (libpcap's
 * -O0 code), both optimizers, every prefix of every packet.
 */
static const char *const truncation_corpus[] = {
	"ip[0] = ip[0]", "ip[0] * 0 = 0", "net 0.0.0.0/0",
	"(ether proto 0xf0) or not (net 192.168.1.0 mask 255.255.255.0)",
	"(proto 0) or not (llc ui)", "(ip proto \\esp) or not (llc)",
	"(isis and iih) or not (dst host 2001:db8::2)",
	"host 10.0.0.1 or 10.0.0.2", "tcp or udp", "port 53 or port 80",
	"ip6 and tcp", "icmp[icmptype] = icmp-unreach or 2 + 2 = 4",
	"ip or 2 + 2 = 4", "ip and 2 + 2 = 5", "tcp port 80 and ip[0] * 0 = 0",
	/* pull-up inside an or-chain, in front of the first test that
	 * does not test what A holds: src 16, src 8, dst 16, dst 8 */
	"net 16 or 8 or 16", "src net 16 or dst net 16 or src net 8",
	/* a root whose jump is decided keeps its load in front of the
	 * rest; gone only if a return is left */
	"ether[20] = 1 and ether[20] = 2 or ether[0] = 1",
};

START_TEST(test_optimize_truncated_packets_as_libpcap)
{
	struct oracle_filter lp;
	pcap_t *p = libpcap_ethernet(&lp, "compare with");
	struct bpf_rng r = { 0x7c0de };
	u_char pkt[MAX_PACKET];
	u_long runs = 0;
	u_int i, n, cut, buflen, wirelen, len;

	if (p == NULL)
		return;
	for (i = 0; i < sizeof(truncation_corpus) / sizeof(truncation_corpus[0]); i++) {
		struct bpf_program naive, best;
		struct bpf_insn *opt;

		ck_assert_msg(lp.compile(p, &naive, truncation_corpus[i], 0, 0) == 0 &&
			      lp.compile(p, &best, truncation_corpus[i], 1, 0) == 0,
			      "libpcap can't compile %s", truncation_corpus[i]);
		opt = optimized_copy(&naive, &len);
		for (n = 0; n < 300; n++) {
			structured_packet(&r, pkt, &buflen, &wirelen);
			for (cut = 0; cut <= MAX_PACKET; cut++, runs++) {
				u_int ours = bpf_filter(opt, pkt, MAX_PACKET + 100, cut);
				u_int theirs = bpf_filter(best.bf_insns, pkt,
							  MAX_PACKET + 100, cut);

				if (ours != theirs) {
					print_prog("libpcap", best.bf_insns, best.bf_len);
					print_prog("mqpcap", opt, len);
				}
				ck_assert_msg(ours == theirs,
					      "\"%s\" on %u captured bytes: %u, libpcap %u",
					      truncation_corpus[i], cut, ours, theirs);
			}
		}
		free(opt);
		lp.freecode(&naive);
		lp.freecode(&best);
	}
	lp.close(p);
	printf("truncated packets: %zu expressions, %lu runs, as libpcap's -O1\n",
	       sizeof(truncation_corpus) / sizeof(truncation_corpus[0]), runs);
}
END_TEST

/*
 * "expression rejects all packets" exactly when libpcap says it: the
 * default mode reduces libpcap's naive code to "ret #0" if and only if
 * libpcap's optimizer does. The first ones are constant-false only with
 * range reasoning ("llc" is "type <= 1500", so never 0x800), which
 * libpcap lacks; the last ones need per-edge facts and a pull-up of a
 * test to the head of a chain entered by two edges.
 */
static const char *const reject_corpus[] = {
	"llc and ip", "(atalk or ip6 src 2001:db8::1) and ip",
	"vrrp[0] = 0 and l2", "port ntp and llc i", "ip[2:2] > 576 and isis and iih",
	"ether proto 0x80f3 and proto 112", "ip and ip6", "tcp and ip6 and udp",
	"(ether proto 1 or ether proto 2) and ether proto 3",
	"(ether proto 1 or ether proto 2) and ip[0] = 1 and ether proto 3",
	"tcp and udp", "ip and not ip",
	/* constant only after folding, which libpcap does after its jumps
	 * are threaded: compiled (a jump with equal sides stays), unless
	 * nothing else is left */
	"ip and 2 + 2 = 5", "2 + 2 = 5", "ip[0] - ip[0] = 1",
	/* second phase: 0 op x is x or 0 whatever x is (0 / x too), a
	 * shift by 32 or more is 0; "+ 0" is dropped only then, too late
	 * for the threading that would decide the second test; ancillary
	 * loads (SKF_AD_PKTTYPE) are values like any other */
	"0 << len < 0", "ip and 0 << len < 0", "0 * len = 1", "0 / len = 1",
	"0 % len = 1", "1 << (1 - 2) = 1", "len = 1 << (1 - 2)",
	"len + 0 > 5 and not len > 5", "len * 1 > 5 and not len > 5",
	"outbound and inbound",
	/* the same comparison of A with the same X on a dominating edge */
	"len <= len and not len <= len", "len > ip[0] and not len > ip[1]",
	/* an arithmetic "sub" folds into the jump only in the second
	 * phase, too late to thread the link test's edge */
	"ip and 0 - 8 = 4294967295", "ip[0] = 1 and 0 - 8 = 4294967295",
	/* a decided root before a return: its loads go too */
	"ether[20] = 1 and ether[20] = 2 or ether[0] = 1 and ether[0] = 2",
};

START_TEST(test_optimize_rejects_all_as_libpcap)
{
	struct oracle_filter lp;
	pcap_t *p = libpcap_ethernet(&lp, "compare with");
	u_int i, len, agree = 0, rejected = 0;

	if (p == NULL)
		return;
	for (i = 0; i < sizeof(reject_corpus) / sizeof(reject_corpus[0]); i++) {
		struct bpf_program naive, best;
		struct bpf_insn *opt;
		int theirs, ours;

		ck_assert_int_eq(lp.compile(p, &naive, reject_corpus[i], 0, 0), 0);
		theirs = lp.compile(p, &best, reject_corpus[i], 1, 0) < 0;
		if (!theirs)
			lp.freecode(&best);
		opt = optimized_copy(&naive, &len);
		ours = len == 1 && opt[0].code == (BPF_RET | BPF_K) && opt[0].k == 0;
		if (ours != theirs)
			print_prog("mqpcap", opt, len);
		ck_assert_msg(ours == theirs, "\"%s\": libpcap %s, mqpcap %s",
			      reject_corpus[i], theirs ? "rejects all" : "compiles",
			      ours ? "rejects all" : "compiles");
		agree++;
		rejected += (u_int)theirs;
		free(opt);
		lp.freecode(&naive);
	}
	lp.close(p);
	/* the corpus must exercise both answers */
	ck_assert_uint_gt(rejected, 0);
	ck_assert_uint_lt(rejected, agree);
	printf("rejects all: %u expressions, %u constant-false for both, the rest compiled by both\n",
	       agree, rejected);
}
END_TEST

START_TEST(test_optimize_long_host_list_shares_trampolines)
{
	struct oracle_filter lp;
	pcap_t *p = libpcap_ethernet(&lp, "take naive code from");
	struct bpf_program naive, best;
	struct verdicts strict = { 0, 0 }, compat = { 0, 0 };
	struct bpf_rng r = { 31337 };
	struct bpf_insn *opt;
	char expr[200 * 24] = "";
	u_int len, i;

	if (p == NULL)
		return;
	for (i = 0; i < 200; i++)
		snprintf(expr + strlen(expr), sizeof(expr) - strlen(expr),
			 "%shost 10.0.%u.%u", i ? " or " : "", i / 100, i % 100 + 1);
	ck_assert_int_eq(lp.compile(p, &naive, expr, 0, 0), 0);
	ck_assert_int_eq(lp.compile(p, &best, expr, 1, 0), 0);
	free(optimize_and_compare(&r, naive.bf_insns, naive.bf_len, &len,
				  FILTER_OPT_STRICT, 3000, 1, &strict));
	ck_assert_uint_eq(strict.bad, 0);
	opt = optimize_and_compare(&r, naive.bf_insns, naive.bf_len, &len, 0,
				   3000, 1, &compat);
	ck_assert_uint_eq(compat.bad, 0);
	/* every far test in libpcap's program has its own ja; ours share */
	printf("200 hosts: naive %u, libpcap %u (%u ja), mqpcap %u (%u ja)\n",
	       naive.bf_len, best.bf_len, count_ja(best.bf_insns, best.bf_len),
	       len, count_ja(opt, len));
	ck_assert_uint_le(len, best.bf_len);
	ck_assert_uint_lt(count_ja(opt, len), count_ja(best.bf_insns, best.bf_len) / 4);
	free(opt);
	lp.freecode(&naive);
	lp.freecode(&best);
	lp.close(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("optimize");
	TCase *tc = tcase_create("optimize");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_optimize_threads_known_outcomes);
	tcase_add_test(tc, test_optimize_dead_loads_strict_and_libpcap_mode);
	tcase_add_test(tc, test_optimize_long_jumps_get_trampolines);
	tcase_add_test(tc, test_optimize_long_host_list_shares_trampolines);
	tcase_add_test(tc, test_optimize_rejects_invalid_input);
	tcase_add_test(tc, test_optimize_keeps_random_programs_equivalent);
	tcase_add_test(tc, test_optimize_keeps_filter_like_programs_equivalent);
	tcase_add_test(tc, test_optimize_libpcap_naive_code);
	tcase_add_test(tc, test_optimize_truncated_packets_as_libpcap);
	tcase_add_test(tc, test_optimize_rejects_all_as_libpcap);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
