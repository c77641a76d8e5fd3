/*
 * The symhash steering program, run by a small classic-BPF machine that
 * does what the kernel does for a fanout program (packet data from the
 * network header, SKF_NET_OFF loads, SKF_AD_PROTOCOL and SKF_AD_RXHASH):
 * both directions of a flow get the same member, whatever the member
 * count, and flows spread over the members.
 */
#include "capture/fanout.h"
#include "unit_run.h"

#include <check.h>
#include <linux/filter.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct skb {
	const uint8_t *net;	/* network header */
	size_t len;
	uint16_t proto;		/* EtherType, host order */
	uint32_t rxhash;
};

/* Loads the program uses: 0 on success; out of range fails the run. */
static int load(const struct skb *s, uint32_t k, int size, uint32_t *v)
{
	if (k == (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL)) {
		*v = s->proto;
		return 0;
	}
	if (k == (uint32_t)(SKF_AD_OFF + SKF_AD_RXHASH)) {
		*v = s->rxhash;
		return 0;
	}
	if (k < (uint32_t)SKF_NET_OFF || k >= (uint32_t)SKF_NET_OFF + 0x10000u)
		return -1;
	k -= (uint32_t)SKF_NET_OFF;
	if (k + (uint32_t)size > s->len)
		return -1;
	*v = 0;
	for (int i = 0; i < size; i++)
		*v = *v << 8 | s->net[k + (uint32_t)i];
	return 0;
}

static uint32_t run(const struct sock_filter *f, int n, const struct skb *s)
{
	uint32_t A = 0, X = 0, M[16] = { 0 }, v;

	for (int pc = 0; pc < n; pc++) {
		const struct sock_filter *i = &f[pc];
		int size = BPF_SIZE(i->code) == BPF_W ? 4 : BPF_SIZE(i->code) == BPF_H ? 2 : 1;

		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			if (load(s, i->k, size, &v) < 0)
				return 0;
			A = v;
			break;
		case BPF_LD | BPF_H | BPF_IND: case BPF_LD | BPF_W | BPF_IND:
		case BPF_LD | BPF_B | BPF_IND:
			if (load(s, i->k + X, size, &v) < 0)
				return 0;
			A = v;
			break;
		case BPF_LDX | BPF_B | BPF_MSH:
			if (load(s, i->k, 1, &v) < 0)
				return 0;
			X = (v & 0xf) * 4;
			break;
		case BPF_LD | BPF_IMM: A = i->k; break;
		case BPF_LDX | BPF_IMM: X = i->k; break;
		case BPF_LD | BPF_MEM: A = M[i->k]; break;
		case BPF_LDX | BPF_MEM: X = M[i->k]; break;
		case BPF_ST: M[i->k] = A; break;
		case BPF_MISC | BPF_TAX: X = A; break;
		case BPF_ALU | BPF_XOR | BPF_X: A ^= X; break;
		case BPF_ALU | BPF_MUL | BPF_K: A *= i->k; break;
		case BPF_ALU | BPF_RSH | BPF_K: A >>= i->k; break;
		case BPF_JMP | BPF_JA: pc += (int)i->k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += A == i->k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JSET | BPF_K: pc += (A & i->k) ? i->jt : i->jf; break;
		case BPF_RET | BPF_A: return A;
		default:
			ck_abort_msg("instruction %d: code 0x%x not expected", pc, i->code);
		}
	}
	ck_abort_msg("fell off the end of the program");
	return 0;
}

static struct sock_filter prog[FANOUT_SYMHASH_MAX];
static int prog_len;

static void setup(void)
{
	prog_len = fanout_symhash_program(prog);
}

static size_t ipv4(uint8_t *b, uint32_t sa, uint32_t da, uint8_t proto,
		   uint16_t sp, uint16_t dp)
{
	memset(b, 0, 64);
	b[0] = 0x45;
	b[9] = proto;
	for (int i = 0; i < 4; i++) {
		b[12 + i] = (uint8_t)(sa >> (24 - 8 * i));
		b[16 + i] = (uint8_t)(da >> (24 - 8 * i));
	}
	b[20] = (uint8_t)(sp >> 8); b[21] = (uint8_t)sp;
	b[22] = (uint8_t)(dp >> 8); b[23] = (uint8_t)dp;
	return 40;
}

static size_t ipv6(uint8_t *b, const uint8_t *sa, const uint8_t *da,
		   uint8_t proto, uint16_t sp, uint16_t dp)
{
	memset(b, 0, 80);
	b[0] = 0x60;
	b[6] = proto;
	memcpy(b + 8, sa, 16);
	memcpy(b + 24, da, 16);
	b[40] = (uint8_t)(sp >> 8); b[41] = (uint8_t)sp;
	b[42] = (uint8_t)(dp >> 8); b[43] = (uint8_t)dp;
	return 60;
}

static uint32_t hash4(uint32_t sa, uint32_t da, uint8_t proto, uint16_t sp, uint16_t dp)
{
	uint8_t b[64];
	struct skb s = { .net = b, .proto = 0x0800, .rxhash = 0 };

	s.len = ipv4(b, sa, da, proto, sp, dp);
	return run(prog, prog_len, &s);
}

START_TEST(test_fanout_symhash_fits_and_is_classic_bpf)
{
	ck_assert_int_gt(prog_len, 10);
	ck_assert_int_le(prog_len, FANOUT_SYMHASH_MAX);
	ck_assert_uint_eq(prog[prog_len - 1].code, BPF_RET | BPF_A);
}
END_TEST

START_TEST(test_fanout_symhash_ipv4_both_directions_same_member)
{
	srand(7);
	for (int i = 0; i < 5000; i++) {
		uint32_t a = (uint32_t)rand() ^ (uint32_t)rand() << 16;
		uint32_t b = (uint32_t)rand() ^ (uint32_t)rand() << 16;
		uint16_t pa = (uint16_t)rand(), pb = (uint16_t)rand();
		uint8_t proto = i % 3 == 0 ? 6 : i % 3 == 1 ? 17 : 132;

		ck_assert_uint_eq(hash4(a, b, proto, pa, pb), hash4(b, a, proto, pb, pa));
	}
}
END_TEST

START_TEST(test_fanout_symhash_ipv6_both_directions_same_member)
{
	srand(11);
	for (int i = 0; i < 2000; i++) {
		uint8_t a[16], c[16], pkt[80];
		uint16_t pa = (uint16_t)rand(), pb = (uint16_t)rand();
		struct skb s = { .net = pkt, .proto = 0x86dd };
		uint32_t h1, h2;

		for (int j = 0; j < 16; j++) {
			a[j] = (uint8_t)rand();
			c[j] = (uint8_t)rand();
		}
		s.len = ipv6(pkt, a, c, 6, pa, pb);
		h1 = run(prog, prog_len, &s);
		s.len = ipv6(pkt, c, a, 6, pb, pa);
		h2 = run(prog, prog_len, &s);
		ck_assert_uint_eq(h1, h2);
	}
}
END_TEST

/* The kernel takes the result modulo the member count: every count from
 * 2 to 8 gets flows on every member, none with more than twice its share. */
START_TEST(test_fanout_symhash_spreads_flows)
{
	for (unsigned members = 2; members <= 8; members++) {
		unsigned count[8] = { 0 }, n = 4000;

		for (unsigned f = 0; f < n; f++)
			count[hash4(0x0a000001u + f * 7, 0x0a800001u, 6,
				    (uint16_t)(1024 + f), 80) % members]++;
		for (unsigned m = 0; m < members; m++)
			ck_assert_msg(count[m] > n / members / 2 && count[m] < 2 * n / members,
				      "%u members: member %u got %u of %u flows", members,
				      m, count[m], n);
	}
}
END_TEST

START_TEST(test_fanout_symhash_ports_matter_but_not_fragments)
{
	uint8_t b[64];
	struct skb s = { .net = b, .proto = 0x0800 };
	uint32_t first, later;

	ck_assert_uint_ne(hash4(1, 2, 6, 1000, 80), hash4(1, 2, 6, 1001, 80));
	/* A non-first fragment has no ports: it hashes like portless IP. */
	s.len = ipv4(b, 1, 2, 17, 0, 0);
	first = run(prog, prog_len, &s);
	s.len = ipv4(b, 1, 2, 17, 1234, 80);
	b[6] = 0x00; b[7] = 0x10;	/* fragment offset 16 */
	later = run(prog, prog_len, &s);
	ck_assert_uint_eq(first, later);
}
END_TEST

START_TEST(test_fanout_symhash_non_ip_uses_skb_hash)
{
	uint8_t b[64] = { 0 };
	struct skb s = { .net = b, .len = 64, .proto = 0x0806, .rxhash = 0xabcdef };

	ck_assert_uint_eq(run(prog, prog_len, &s), 0xabcdef);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fanout");
	TCase *tc = tcase_create("symhash");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_fanout_symhash_fits_and_is_classic_bpf);
	tcase_add_test(tc, test_fanout_symhash_ipv4_both_directions_same_member);
	tcase_add_test(tc, test_fanout_symhash_ipv6_both_directions_same_member);
	tcase_add_test(tc, test_fanout_symhash_spreads_flows);
	tcase_add_test(tc, test_fanout_symhash_ports_matter_but_not_fragments);
	tcase_add_test(tc, test_fanout_symhash_non_ip_uses_skb_hash);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
