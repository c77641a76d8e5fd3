/*
 * bpf_image() and bpf_dump(): the text tcpdump prints for -d, -dd and -ddd.
 * Scripts and test suites diff this output, so every byte follows what the
 * system libpcap prints (test/unit/test_bpf_image.c compares all opcodes):
 *
 *   "(%03d) %-8s %s"                        most instructions
 *   "(%03d) %-8s %-16s jt %d\tjf %d"        conditional jumps
 *
 * with absolute jump targets, constants in hex for the logical operations,
 * loads and comparisons, in signed decimal for arithmetic, shifts, returns
 * and offsets, and "unimp 0x<code>" for any opcode libpcap doesn't know
 * (which includes "ldx #pktlen": libpcap never prints it either).
 */
#include <pcap/pcap.h>
#include <pcap/bpf.h>
#include <stdio.h>

#include "filter/interp.h"

/* Names of the Linux ancillary loads (SKF_AD_OFF + 4 * index). */
static const char *const image_ancillary[] = {
	"proto", "type", "ifidx", "nla", "nlan", "mark", "queue", "hatype",
	"rxhash", "cpu", "xor_x", "vlan_tci", "vlanp", "poff", "random",
	"vlan_tpid",
};

#define IMAGE_NANCILLARY (sizeof(image_ancillary) / sizeof(image_ancillary[0]))

/* "[k]" for an absolute load, or "[name]" for a kernel ancillary load. */
static void image_abs_operand(char *buf, size_t size, bpf_u_int32 k)
{
	bpf_u_int32 rel = k - FILTER_AD_OFF;

	if (k >= FILTER_AD_OFF && rel % 4 == 0 && rel / 4 < IMAGE_NANCILLARY)
		snprintf(buf, size, "[%s]", image_ancillary[rel / 4]);
	else
		snprintf(buf, size, "[%d]", (int)k);
}

/* The name of a conditional jump's comparison, NULL if code isn't one.
 * Codes are whole: a u_short with bits above the low byte is unknown. */
static const char *image_jump_name(u_short code)
{
	if (code > 0xff || BPF_CLASS(code) != BPF_JMP)
		return NULL;
	switch (BPF_OP(code)) {
	case BPF_JEQ:
		return "jeq";
	case BPF_JGT:
		return "jgt";
	case BPF_JGE:
		return "jge";
	case BPF_JSET:
		return "jset";
	default:
		return NULL;
	}
}

/* The name of an ALU operation and whether its constant prints in hex. */
static const char *image_alu_name(u_short code, int *hex)
{
	static const char *const names[] = {
		[BPF_ADD >> 4] = "add", [BPF_SUB >> 4] = "sub",
		[BPF_MUL >> 4] = "mul", [BPF_DIV >> 4] = "div",
		[BPF_OR >> 4] = "or", [BPF_AND >> 4] = "and",
		[BPF_LSH >> 4] = "lsh", [BPF_RSH >> 4] = "rsh",
		[BPF_MOD >> 4] = "mod", [BPF_XOR >> 4] = "xor",
	};
	u_int op = BPF_OP(code);

	*hex = op == BPF_OR || op == BPF_AND || op == BPF_XOR;
	if ((op >> 4) >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[op >> 4];
}

/* Fill op and operand for a load; 0 if the code isn't one libpcap names. */
static int image_load(const struct bpf_insn *p, const char **op,
		      char *operand, size_t size)
{
	static const char *const abs_names[] = { "ld", "ldh", "ldb" };
	int sz = BPF_SIZE(p->code) >> 3;	/* 0 W, 1 H, 2 B, 3 invalid */

	switch (p->code) {
	case BPF_LD | BPF_IMM:
		*op = "ld";
		snprintf(operand, size, "#0x%x", p->k);
		return 1;
	case BPF_LDX | BPF_IMM:
		*op = "ldx";
		snprintf(operand, size, "#0x%x", p->k);
		return 1;
	case BPF_LD | BPF_W | BPF_LEN:
		*op = "ld";
		snprintf(operand, size, "#pktlen");
		return 1;
	case BPF_LD | BPF_MEM:
		*op = "ld";
		snprintf(operand, size, "M[%d]", (int)p->k);
		return 1;
	case BPF_LDX | BPF_MEM:
		*op = "ldx";
		snprintf(operand, size, "M[%d]", (int)p->k);
		return 1;
	case BPF_LDX | BPF_MSH | BPF_B:
		*op = "ldxb";
		snprintf(operand, size, "4*([%d]&0xf)", (int)p->k);
		return 1;
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
		*op = abs_names[sz];
		image_abs_operand(operand, size, p->k);
		return 1;
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
		*op = abs_names[sz];
		snprintf(operand, size, "[x + %d]", (int)p->k);
		return 1;
	default:
		return 0;
	}
}

/* Fill op and operand for any other known opcode; 0 if unknown. */
static int image_other(const struct bpf_insn *p, int n, const char **op,
		       char *operand, size_t size)
{
	int hex;

	switch (p->code) {
	case BPF_RET | BPF_K:
		*op = "ret";
		snprintf(operand, size, "#%d", (int)p->k);
		return 1;
	case BPF_RET | BPF_A:
		*op = "ret";
		operand[0] = '\0';
		return 1;
	case BPF_ST:
	case BPF_STX:
		*op = p->code == BPF_ST ? "st" : "stx";
		snprintf(operand, size, "M[%d]", (int)p->k);
		return 1;
	case BPF_JMP | BPF_JA:
		*op = "ja";
		snprintf(operand, size, "%d", (int)((bpf_u_int32)n + 1 + p->k));
		return 1;
	case BPF_ALU | BPF_NEG:
		*op = "neg";
		operand[0] = '\0';
		return 1;
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
		*op = p->code == (BPF_MISC | BPF_TAX) ? "tax" : "txa";
		operand[0] = '\0';
		return 1;
	}
	if (p->code > 0xff)
		return 0;
	if (BPF_CLASS(p->code) == BPF_JMP) {
		*op = image_jump_name(p->code);
		if (*op == NULL)
			return 0;
		if (BPF_SRC(p->code) == BPF_X)
			snprintf(operand, size, "x");
		else
			snprintf(operand, size, "#0x%x", p->k);
		return 1;
	}
	if (BPF_CLASS(p->code) == BPF_ALU) {
		*op = image_alu_name(p->code, &hex);
		if (*op == NULL)	/* NEG|X and ops past XOR */
			return 0;
		if (BPF_SRC(p->code) == BPF_X)
			snprintf(operand, size, "x");
		else if (hex)
			snprintf(operand, size, "#0x%x", p->k);
		else
			snprintf(operand, size, "#%d", (int)p->k);
		return 1;
	}
	return 0;
}

char *bpf_image(const struct bpf_insn *p, int n)
{
	static __thread char image[256];
	char operand[64];
	const char *op;

	if (!image_load(p, &op, operand, sizeof(operand)) &&
	    !image_other(p, n, &op, operand, sizeof(operand))) {
		op = "unimp";
		snprintf(operand, sizeof(operand), "0x%x", p->code);
	}
	/* libpcap picks the layout from the class and operation bits alone,
	 * so an unknown conditional jump still shows its targets. */
	if (BPF_CLASS(p->code) == BPF_JMP && BPF_OP(p->code) != BPF_JA)
		snprintf(image, sizeof(image), "(%03d) %-8s %-16s jt %d\tjf %d",
			 n, op, operand, n + 1 + p->jt, n + 1 + p->jf);
	else
		snprintf(image, sizeof(image), "(%03d) %-8s %s", n, op, operand);
	return image;
}

void bpf_dump(const struct bpf_program *prog, int option)
{
	const struct bpf_insn *insn = prog->bf_insns;
	u_int i, n = prog->bf_len;

	if (option > 2) {
		printf("%d\n", n);
		for (i = 0; i < n; i++)
			printf("%u %u %u %u\n", insn[i].code, insn[i].jt,
			       insn[i].jf, insn[i].k);
		return;
	}
	if (option == 2) {
		for (i = 0; i < n; i++)
			printf("{ 0x%x, %d, %d, 0x%08x },\n", insn[i].code,
			       insn[i].jt, insn[i].jf, insn[i].k);
		return;
	}
	for (i = 0; i < n; i++)
		puts(bpf_image(&insn[i], (int)i));
}
