/*
 * bpf_validate(): libpcap's check of a classic BPF program, rule for rule
 * as the system library applies them (established by experiment and kept
 * honest by test/diff/test_bpf_diff.c). It is deliberately no stricter:
 * programs libpcap accepts must stay accepted.
 *
 *  - at least one instruction; no upper limit on the length;
 *  - the last instruction is a return;
 *  - loads: any size bits, modes IMM, ABS, IND, MEM, LEN, MSH (in either
 *    load class); scratch memory indexes below BPF_MEMWORDS;
 *  - stores: memory index below BPF_MEMWORDS;
 *  - ALU: operations up to BPF_XOR; no division or modulo by a constant 0;
 *  - jumps: JA, JEQ, JGT, JGE, JSET, every target inside the program.
 *    Targets are computed in unsigned 32-bit arithmetic, as libpcap does,
 *    so a JA offset of 0xffffffff wraps to "the same instruction + 0" and
 *    passes; kept for compatibility;
 *  - returns and MISC: anything.
 */
#include <pcap/pcap.h>
#include <pcap/bpf.h>

static int validate_load(const struct bpf_insn *insn)
{
	switch (BPF_MODE(insn->code)) {
	case BPF_IMM:
	case BPF_ABS:
	case BPF_IND:
	case BPF_LEN:
	case BPF_MSH:
		return 1;
	case BPF_MEM:
		return insn->k < BPF_MEMWORDS;
	default:
		return 0;
	}
}

static int validate_alu(const struct bpf_insn *insn)
{
	switch (BPF_OP(insn->code)) {
	case BPF_ADD:
	case BPF_SUB:
	case BPF_MUL:
	case BPF_OR:
	case BPF_AND:
	case BPF_XOR:
	case BPF_LSH:
	case BPF_RSH:
	case BPF_NEG:
		return 1;
	case BPF_DIV:
	case BPF_MOD:
		return BPF_SRC(insn->code) == BPF_X || insn->k != 0;
	default:
		return 0;
	}
}

static int validate_jump(const struct bpf_insn *insn, u_int pc, u_int len)
{
	u_int next = pc + 1;

	switch (BPF_OP(insn->code)) {
	case BPF_JA:
		return (u_int)(next + insn->k) < len;
	case BPF_JEQ:
	case BPF_JGT:
	case BPF_JGE:
	case BPF_JSET:
		return next + insn->jt < len && next + insn->jf < len;
	default:
		return 0;
	}
}

static int validate_insn(const struct bpf_insn *insn, u_int pc, u_int len)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_LD:
	case BPF_LDX:
		return validate_load(insn);
	case BPF_ST:
	case BPF_STX:
		return insn->k < BPF_MEMWORDS;
	case BPF_ALU:
		return validate_alu(insn);
	case BPF_JMP:
		return validate_jump(insn, pc, len);
	default:	/* BPF_RET, BPF_MISC */
		return 1;
	}
}

int bpf_validate(const struct bpf_insn *insns, int len)
{
	u_int i;

	if (insns == NULL || len < 1)
		return 0;
	for (i = 0; i < (u_int)len; i++)
		if (!validate_insn(&insns[i], i, (u_int)len))
			return 0;
	return BPF_CLASS(insns[len - 1].code) == BPF_RET;
}
