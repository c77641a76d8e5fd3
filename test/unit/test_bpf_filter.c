/*
 * The interpreter's corner cases, one behaviour per test. The values were
 * checked against the system libpcap 1.10.3 (test/diff/test_bpf_diff.c
 * covers the rest at random); the VLAN ancillary loads are mqpcap's own
 * (filter_run_with_aux), answering what the Linux kernel would.
 */
#include <check.h>
#include <string.h>

#include <pcap/pcap.h>

#include "filter/interp.h"
#include "unit_run.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const u_char pkt[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01,
};

static u_int run(const struct bpf_insn *insns, u_int wirelen, u_int buflen)
{
	return bpf_filter(insns, pkt, wirelen, buflen);
}

START_TEST(test_bpf_filter_null_program_accepts_everything)
{
	ck_assert_uint_eq(bpf_filter(NULL, pkt, 100, 24), (u_int)-1);
}
END_TEST

START_TEST(test_bpf_filter_loads_are_big_endian)
{
	struct bpf_insn w[] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 12),
				BPF_STMT(BPF_RET | BPF_A, 0) };
	struct bpf_insn h[] = { BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
				BPF_STMT(BPF_RET | BPF_A, 0) };
	struct bpf_insn b[] = { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 14),
				BPF_STMT(BPF_RET | BPF_A, 0) };

	ck_assert_uint_eq(run(w, 24, 24), 0x08004500);
	ck_assert_uint_eq(run(h, 24, 24), 0x0800);
	ck_assert_uint_eq(run(b, 24, 24), 0x45);
}
END_TEST

START_TEST(test_bpf_filter_load_past_captured_bytes_rejects)
{
	struct bpf_insn h[] = { BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 22),
				BPF_STMT(BPF_RET | BPF_K, 7) };

	ck_assert_uint_eq(run(h, 1000, 24), 7);	/* last two bytes: fits */
	ck_assert_uint_eq(run(h, 1000, 23), 0);	/* one byte short */
	h[0].k = 0xffffffff;			/* would wrap in 32 bits */
	ck_assert_uint_eq(run(h, 1000, 24), 0);
}
END_TEST

START_TEST(test_bpf_filter_indexed_load_overflow_rejects)
{
	struct bpf_insn p[] = { BPF_STMT(BPF_LDX | BPF_IMM, 0xfffffff0),
				BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0x10),
				BPF_STMT(BPF_RET | BPF_K, 1) };

	ck_assert_uint_eq(run(p, 24, 24), 0);
	p[0].k = 4;
	p[1].k = 19;
	ck_assert_uint_eq(run(p, 24, 24), 1);
	p[1].k = 20;
	ck_assert_uint_eq(run(p, 24, 24), 0);
}
END_TEST

START_TEST(test_bpf_filter_len_is_wire_length)
{
	struct bpf_insn a[] = { BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
				BPF_STMT(BPF_RET | BPF_A, 0) };
	struct bpf_insn x[] = { BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),
				BPF_STMT(BPF_MISC | BPF_TXA, 0),
				BPF_STMT(BPF_RET | BPF_A, 0) };

	ck_assert_uint_eq(run(a, 1514, 24), 1514);
	ck_assert_uint_eq(run(x, 60, 24), 60);
}
END_TEST

START_TEST(test_bpf_filter_msh_gives_ip_header_length)
{
	struct bpf_insn p[] = { BPF_STMT(BPF_LDX | BPF_MSH | BPF_B, 14),
				BPF_STMT(BPF_MISC | BPF_TXA, 0),
				BPF_STMT(BPF_RET | BPF_A, 0) };

	ck_assert_uint_eq(run(p, 24, 24), 20);
	ck_assert_uint_eq(run(p, 24, 14), 0);
}
END_TEST

START_TEST(test_bpf_filter_division_by_x_zero_rejects)
{
	struct bpf_insn p[] = { BPF_STMT(BPF_LD | BPF_IMM, 10),
				BPF_STMT(BPF_LDX | BPF_IMM, 0),
				BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
				BPF_STMT(BPF_RET | BPF_K, 5) };

	ck_assert_uint_eq(run(p, 24, 24), 0);
	p[2].code = BPF_ALU | BPF_MOD | BPF_X;
	ck_assert_uint_eq(run(p, 24, 24), 0);
	p[1].k = 3;
	p[3] = (struct bpf_insn)BPF_STMT(BPF_RET | BPF_A, 0);
	ck_assert_uint_eq(run(p, 24, 24), 1);
	p[2].code = BPF_ALU | BPF_DIV | BPF_X;
	ck_assert_uint_eq(run(p, 24, 24), 3);
}
END_TEST

START_TEST(test_bpf_filter_shift_amounts_as_libpcap)
{
	struct bpf_insn k[] = { BPF_STMT(BPF_LD | BPF_IMM, 0x80000001),
				BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 33),
				BPF_STMT(BPF_RET | BPF_A, 0) };
	struct bpf_insn x[] = { BPF_STMT(BPF_LDX | BPF_IMM, 33),
				BPF_STMT(BPF_LD | BPF_IMM, 0x80000001),
				BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0),
				BPF_STMT(BPF_RET | BPF_A, 0) };

	/* constants are taken modulo 32 (x86's shl), X >= 32 gives 0 */
	ck_assert_uint_eq(run(k, 24, 24), 2);
	k[1].k = 32;
	ck_assert_uint_eq(run(k, 24, 24), 0x80000001);
	k[1].code = BPF_ALU | BPF_RSH | BPF_K;
	k[1].k = 33;
	ck_assert_uint_eq(run(k, 24, 24), 0x40000000);
	ck_assert_uint_eq(run(x, 24, 24), 0);
	x[0].k = 31;
	ck_assert_uint_eq(run(x, 24, 24), 0x80000000);
	x[2].code = BPF_ALU | BPF_RSH | BPF_X;
	x[0].k = 32;
	ck_assert_uint_eq(run(x, 24, 24), 0);
}
END_TEST

START_TEST(test_bpf_filter_scratch_memory_and_registers)
{
	struct bpf_insn p[] = {
		BPF_STMT(BPF_LD | BPF_IMM, 41),
		BPF_STMT(BPF_ST, 15),
		BPF_STMT(BPF_LDX | BPF_MEM, 15),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
		BPF_STMT(BPF_STX, 3),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),	/* 42 + 41 */
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_MEM, 3),		/* 41 */
		BPF_STMT(BPF_ALU | BPF_SUB | BPF_X, 0),	/* 41 - 83 */
		BPF_STMT(BPF_ALU | BPF_NEG, 0),		/* 42 */
		BPF_STMT(BPF_RET | BPF_A, 0),
	};

	ck_assert_uint_eq(run(p, 24, 24), 42);
}
END_TEST

START_TEST(test_bpf_filter_jumps_take_the_right_branch)
{
	struct bpf_insn p[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0800, 0, 3),
		BPF_STMT(BPF_LDX | BPF_IMM, 0x0800),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 1),
		BPF_STMT(BPF_JMP | BPF_JA, 1),
		BPF_STMT(BPF_RET | BPF_K, 0),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x0100, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 99),
		BPF_STMT(BPF_RET | BPF_K, 1),
	};

	ck_assert_uint_eq(run(p, 24, 24), 99);
}
END_TEST

START_TEST(test_bpf_filter_unknown_opcode_rejects_instead_of_aborting)
{
	struct bpf_insn p[] = { BPF_STMT(BPF_RET | BPF_X, 5) };
	struct bpf_insn q[] = { BPF_STMT(0xff, 0), BPF_STMT(BPF_RET | BPF_K, 1) };

	ck_assert_uint_eq(run(p, 24, 24), 0);
	ck_assert_uint_eq(run(q, 24, 24), 0);
}
END_TEST

START_TEST(test_bpf_filter_vlan_ancillary_loads_reject_without_aux)
{
	struct bpf_insn p[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, FILTER_AD_VLAN_TAG_PRESENT),
		BPF_STMT(BPF_RET | BPF_K, 1),
	};

	ck_assert_uint_eq(run(p, 24, 24), 0);
	ck_assert_uint_eq(filter_run_with_aux(p, pkt, 24, 24, NULL), 0);
}
END_TEST

START_TEST(test_filter_run_with_aux_answers_vlan_loads)
{
	struct filter_aux aux = { .vlan_tci = 0x2064, .vlan_tpid = 0x88a8,
				  .vlan_present = 1 };
	struct bpf_insn p[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, FILTER_AD_VLAN_TAG_PRESENT),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 6),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, FILTER_AD_VLAN_TAG),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x0fff),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, FILTER_AD_VLAN_TPID),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
		BPF_STMT(BPF_RET | BPF_K, 7),
	};
	struct bpf_insn other[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, FILTER_AD_OFF),	/* proto */
		BPF_STMT(BPF_RET | BPF_K, 1),
	};

	ck_assert_uint_eq(filter_run_with_aux(p, pkt, 24, 24, &aux),
			  0x88a8 + 100);
	aux.vlan_present = 0;
	ck_assert_uint_eq(filter_run_with_aux(p, pkt, 24, 24, &aux), 7);
	/* ancillary data mqpcap doesn't carry rejects, like an unknown one */
	ck_assert_uint_eq(filter_run_with_aux(other, pkt, 24, 24, &aux), 0);
	/* and ordinary loads still read the packet */
	ck_assert_uint_eq(filter_run_with_aux(p + 2, pkt, 24, 24, NULL), 0);
}
END_TEST

START_TEST(test_pcap_offline_filter_uses_header_lengths)
{
	struct bpf_insn p[] = { BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
				BPF_STMT(BPF_RET | BPF_A, 0) };
	struct bpf_insn q[] = { BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
				BPF_STMT(BPF_RET | BPF_K, 1) };
	struct bpf_program prog = { 2, p };
	struct bpf_program none = { 0, NULL };
	struct pcap_pkthdr h = { .caplen = 24, .len = 300 };

	ck_assert_int_eq(pcap_offline_filter(&prog, &h, pkt), 300);
	prog.bf_insns = q;
	ck_assert_int_eq(pcap_offline_filter(&prog, &h, pkt), 1);
	h.caplen = 23;
	ck_assert_int_eq(pcap_offline_filter(&prog, &h, pkt), 0);
	/* no instructions: libpcap rejects (bpf_filter(NULL) accepts) */
	ck_assert_int_eq(pcap_offline_filter(&none, &h, pkt), 0);
}
END_TEST

START_TEST(test_bpf_validate_rules)
{
	struct bpf_insn ok[] = { BPF_STMT(BPF_LD | BPF_MEM, 15),
				 BPF_STMT(BPF_RET | BPF_A, 0) };
	struct bpf_insn mem[] = { BPF_STMT(BPF_ST, 16),
				  BPF_STMT(BPF_RET | BPF_A, 0) };
	struct bpf_insn div0[] = { BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0),
				   BPF_STMT(BPF_RET | BPF_A, 0) };
	struct bpf_insn far[] = { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
				  BPF_STMT(BPF_RET | BPF_A, 0) };
	struct bpf_insn noret[] = { BPF_STMT(BPF_RET | BPF_A, 0),
				    BPF_STMT(BPF_LD | BPF_IMM, 0) };
	struct bpf_insn badop[] = { BPF_STMT(BPF_ALU | 0xb0, 0),
				    BPF_STMT(BPF_RET | BPF_A, 0) };

	ck_assert_int_eq(bpf_validate(ok, 2), 1);
	ck_assert_int_eq(bpf_validate(ok, 0), 0);
	ck_assert_int_eq(bpf_validate(ok, -1), 0);
	ck_assert_int_eq(bpf_validate(mem, 2), 0);
	ck_assert_int_eq(bpf_validate(div0, 2), 0);
	div0[0].code = BPF_ALU | BPF_DIV | BPF_X;	/* X is checked at run time */
	ck_assert_int_eq(bpf_validate(div0, 2), 1);
	ck_assert_int_eq(bpf_validate(far, 2), 0);
	far[0].jf = 0;
	ck_assert_int_eq(bpf_validate(far, 2), 1);
	ck_assert_int_eq(bpf_validate(noret, 2), 0);
	ck_assert_int_eq(bpf_validate(badop, 2), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bpf_filter");
	TCase *tc = tcase_create("interpreter");

	tcase_add_test(tc, test_bpf_filter_null_program_accepts_everything);
	tcase_add_test(tc, test_bpf_filter_loads_are_big_endian);
	tcase_add_test(tc, test_bpf_filter_load_past_captured_bytes_rejects);
	tcase_add_test(tc, test_bpf_filter_indexed_load_overflow_rejects);
	tcase_add_test(tc, test_bpf_filter_len_is_wire_length);
	tcase_add_test(tc, test_bpf_filter_msh_gives_ip_header_length);
	tcase_add_test(tc, test_bpf_filter_division_by_x_zero_rejects);
	tcase_add_test(tc, test_bpf_filter_shift_amounts_as_libpcap);
	tcase_add_test(tc, test_bpf_filter_scratch_memory_and_registers);
	tcase_add_test(tc, test_bpf_filter_jumps_take_the_right_branch);
	tcase_add_test(tc, test_bpf_filter_unknown_opcode_rejects_instead_of_aborting);
	tcase_add_test(tc, test_bpf_filter_vlan_ancillary_loads_reject_without_aux);
	tcase_add_test(tc, test_filter_run_with_aux_answers_vlan_loads);
	tcase_add_test(tc, test_pcap_offline_filter_uses_header_lengths);
	tcase_add_test(tc, test_bpf_validate_rules);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
