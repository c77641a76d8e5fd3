/*
 * mqpcap: classic BPF, as libpcap's <pcap/bpf.h> declares it: the program
 * and instruction layouts, the opcode fields, and the four BPF calls.
 *
 * BSD systems ship their own <net/bpf.h> with the same definitions; when
 * one of those was included first, this header steps aside (with the same
 * guard names libpcap uses, so the two never both define struct bpf_insn).
 */
#if !defined(_NET_BPF_H_) && !defined(_NET_BPF_H_INCLUDED) && \
    !defined(_BPF_H_) && !defined(_H_BPF) && !defined(lib_pcap_bpf_h)
#define lib_pcap_bpf_h

#include <pcap/funcattrs.h>
#include <pcap/dlt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The BPF "release" this header describes (old code tests it). */
#define BPF_RELEASE 199606

typedef int bpf_int32;
typedef u_int bpf_u_int32;

/* Packet data is laid out on this boundary. */
#define BPF_ALIGNMENT sizeof(bpf_int32)
#define BPF_WORDALIGN(x) (((x) + (BPF_ALIGNMENT - 1)) & ~(BPF_ALIGNMENT - 1))

/* A compiled filter, as pcap_compile() fills it and pcap_setfilter()
 * takes it. */
struct bpf_program {
	u_int bf_len;			/* instructions in bf_insns */
	struct bpf_insn *bf_insns;
};

/* Opcode fields. */
#define BPF_CLASS(code)	((code) & 0x07)
#define		BPF_LD		0x00
#define		BPF_LDX		0x01
#define		BPF_ST		0x02
#define		BPF_STX		0x03
#define		BPF_ALU		0x04
#define		BPF_JMP		0x05
#define		BPF_RET		0x06
#define		BPF_MISC	0x07

/* Load width (ld, ldx). */
#define BPF_SIZE(code)	((code) & 0x18)
#define		BPF_W		0x00
#define		BPF_H		0x08
#define		BPF_B		0x10
/* Addressing mode (ld, ldx). */
#define BPF_MODE(code)	((code) & 0xe0)
#define		BPF_IMM		0x00
#define		BPF_ABS		0x20
#define		BPF_IND		0x40
#define		BPF_MEM		0x60
#define		BPF_LEN		0x80
#define		BPF_MSH		0xa0

/* Operation (alu, jmp). */
#define BPF_OP(code)	((code) & 0xf0)
#define		BPF_ADD		0x00
#define		BPF_SUB		0x10
#define		BPF_MUL		0x20
#define		BPF_DIV		0x30
#define		BPF_OR		0x40
#define		BPF_AND		0x50
#define		BPF_LSH		0x60
#define		BPF_RSH		0x70
#define		BPF_NEG		0x80
#define		BPF_MOD		0x90
#define		BPF_XOR		0xa0
#define		BPF_JA		0x00
#define		BPF_JEQ		0x10
#define		BPF_JGT		0x20
#define		BPF_JGE		0x30
#define		BPF_JSET	0x40
/* Operand source (alu, jmp): the constant k or the X register. */
#define BPF_SRC(code)	((code) & 0x08)
#define		BPF_K		0x00
#define		BPF_X		0x08

/* Return value source (ret): BPF_K, BPF_X, or the accumulator. */
#define BPF_RVAL(code)	((code) & 0x18)
#define		BPF_A		0x10

/* Register transfers (misc). */
#define BPF_MISCOP(code) ((code) & 0xf8)
#define		BPF_TAX		0x00
#define		BPF_TXA		0x80

/* One instruction. */
struct bpf_insn {
	u_short	code;
	u_char	jt;		/* instructions to skip if true */
	u_char	jf;		/* instructions to skip if false */
	bpf_u_int32 k;		/* constant operand */
};

/* Initializers for instructions; the kernel's <linux/filter.h> has its own
 * versions for struct sock_filter, with the same layout. */
#ifdef BPF_STMT
#undef BPF_STMT
#endif
#define BPF_STMT(code, k) { (u_short)(code), 0, 0, k }
#ifdef BPF_JUMP
#undef BPF_JUMP
#endif
#define BPF_JUMP(code, k, jt, jf) { (u_short)(code), jt, jf, k }

/* Run a program over a packet of wirelen bytes, buflen of them present:
 * the number of bytes to keep, 0 to reject. */
PCAP_API u_int	bpf_filter(const struct bpf_insn *, const u_char *, u_int, u_int);
/* Is this a program bpf_filter() can run safely? 1 yes, 0 no. */
PCAP_API int	bpf_validate(const struct bpf_insn *f, int len);
/* One instruction as text (tcpdump -d); static storage. */
PCAP_API char	*bpf_image(const struct bpf_insn *, int);
/* Print a program to stdout in one of tcpdump's -d/-dd/-ddd forms. */
PCAP_API void	bpf_dump(const struct bpf_program *, int);

/* Scratch memory words M[0] .. M[BPF_MEMWORDS - 1]. */
#define BPF_MEMWORDS 16

#ifdef __cplusplus
}
#endif

#endif
