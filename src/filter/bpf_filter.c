/*
 * The classic BPF interpreter: bpf_filter() and its variant that knows the
 * Linux kernel's VLAN ancillary data (interp.h).
 *
 * Semantics are libpcap's, checked against the system library by
 * test/diff/test_bpf_diff.c:
 *  - A, X and the scratch memory start at 0;
 *  - a packet load that does not fit in the buflen captured bytes makes the
 *    program return 0 (reject);
 *  - BPF_LEN loads the length on the wire, not the captured length;
 *  - division or modulo by an X of 0 returns 0;
 *  - shifts by X of 32 or more give 0, while shifts by a constant use the
 *    constant modulo 32 (what libpcap's C shift compiles to on x86-64);
 *  - a NULL program accepts everything ((u_int)-1).
 * Where libpcap aborts (an opcode it does not implement, division by a
 * constant 0, which bpf_validate refuses) we reject the packet instead: a
 * library must not bring down the program that feeds it a bad filter.
 */
#include "filter/interp.h"

#include <string.h>

static inline uint32_t load_be32(const u_char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return __builtin_bswap32(v);
}

static inline uint32_t load_be16(const u_char *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return __builtin_bswap16(v);
}

/* Does [off, off + size) lie inside the buflen captured bytes? 64-bit
 * arithmetic so that X + k can't wrap around into range. */
static inline int load_fits(uint64_t off, uint32_t size, u_int buflen)
{
	return off + size <= buflen;
}

/* An absolute load past the captured bytes: ancillary data if the caller
 * has some and asks for it, else the program rejects (*ok = 0). */
static uint32_t load_ancillary(uint32_t k, const struct filter_aux *aux,
			       int *ok)
{
	*ok = aux != NULL;
	if (aux == NULL)
		return 0;
	switch (k) {
	case FILTER_AD_VLAN_TAG:
		return aux->vlan_tci;
	case FILTER_AD_VLAN_TAG_PRESENT:
		return aux->vlan_present;
	case FILTER_AD_VLAN_TPID:
		return aux->vlan_tpid;
	default:
		*ok = 0;
		return 0;
	}
}

/* Classic BPF opcodes are one byte; anything wider is unknown. */
#define OPCODES 256

/*
 * Dispatch is threaded (GNU C computed goto): every handler ends with its
 * own indirect jump to the next one, which the CPU predicts per handler
 * instead of through one shared switch. On the savefile path this halves
 * the time per packet compared with a switch.
 */
#define DISPATCH()						\
	do {							\
		if (pc->code >= OPCODES)			\
			goto unknown;				\
		k = pc->k;					\
		goto *table[pc->code];				\
	} while (0)
#define NEXT()	do { pc++; DISPATCH(); } while (0)

/* An absolute load past the captured bytes: ancillary data or reject. */
#define LOAD_ABS(size, expr)					\
	do {							\
		if (!load_fits(k, size, buflen)) {		\
			A = load_ancillary(k, aux, &ok);	\
			if (!ok)				\
				return 0;			\
			NEXT();					\
		}						\
		A = (expr);					\
		NEXT();						\
	} while (0)

#define LOAD_IND(size, expr)					\
	do {							\
		off = (uint64_t)X + k;				\
		if (!load_fits(off, size, buflen))		\
			return 0;				\
		A = (expr);					\
		NEXT();						\
	} while (0)

#define JUMP(cond)	do { pc += (cond) ? pc->jt : pc->jf; NEXT(); } while (0)

u_int filter_run_with_aux(const struct bpf_insn *insns, const u_char *p,
			  u_int wirelen, u_int buflen,
			  const struct filter_aux *aux)
{
	/* Every byte not named here is an opcode libpcap doesn't know. The
	 * range initializer is overridden on purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
	static const void *const table[OPCODES] = {
		[0 ... OPCODES - 1] = &&unknown,
		[BPF_RET | BPF_K] = &&ret_k,
		[BPF_RET | BPF_A] = &&ret_a,
		[BPF_LD | BPF_W | BPF_ABS] = &&ld_w_abs,
		[BPF_LD | BPF_H | BPF_ABS] = &&ld_h_abs,
		[BPF_LD | BPF_B | BPF_ABS] = &&ld_b_abs,
		[BPF_LD | BPF_W | BPF_IND] = &&ld_w_ind,
		[BPF_LD | BPF_H | BPF_IND] = &&ld_h_ind,
		[BPF_LD | BPF_B | BPF_IND] = &&ld_b_ind,
		[BPF_LDX | BPF_MSH | BPF_B] = &&ldx_msh,
		[BPF_LD | BPF_W | BPF_LEN] = &&ld_len,
		[BPF_LDX | BPF_W | BPF_LEN] = &&ldx_len,
		[BPF_LD | BPF_IMM] = &&ld_imm,
		[BPF_LDX | BPF_IMM] = &&ldx_imm,
		[BPF_LD | BPF_MEM] = &&ld_mem,
		[BPF_LDX | BPF_MEM] = &&ldx_mem,
		[BPF_ST] = &&st,
		[BPF_STX] = &&stx,
		[BPF_JMP | BPF_JA] = &&ja,
		[BPF_JMP | BPF_JGT | BPF_K] = &&jgt_k,
		[BPF_JMP | BPF_JGE | BPF_K] = &&jge_k,
		[BPF_JMP | BPF_JEQ | BPF_K] = &&jeq_k,
		[BPF_JMP | BPF_JSET | BPF_K] = &&jset_k,
		[BPF_JMP | BPF_JGT | BPF_X] = &&jgt_x,
		[BPF_JMP | BPF_JGE | BPF_X] = &&jge_x,
		[BPF_JMP | BPF_JEQ | BPF_X] = &&jeq_x,
		[BPF_JMP | BPF_JSET | BPF_X] = &&jset_x,
		[BPF_ALU | BPF_ADD | BPF_X] = &&add_x,
		[BPF_ALU | BPF_SUB | BPF_X] = &&sub_x,
		[BPF_ALU | BPF_MUL | BPF_X] = &&mul_x,
		[BPF_ALU | BPF_DIV | BPF_X] = &&div_x,
		[BPF_ALU | BPF_MOD | BPF_X] = &&mod_x,
		[BPF_ALU | BPF_AND | BPF_X] = &&and_x,
		[BPF_ALU | BPF_OR | BPF_X] = &&or_x,
		[BPF_ALU | BPF_XOR | BPF_X] = &&xor_x,
		[BPF_ALU | BPF_LSH | BPF_X] = &&lsh_x,
		[BPF_ALU | BPF_RSH | BPF_X] = &&rsh_x,
		[BPF_ALU | BPF_ADD | BPF_K] = &&add_k,
		[BPF_ALU | BPF_SUB | BPF_K] = &&sub_k,
		[BPF_ALU | BPF_MUL | BPF_K] = &&mul_k,
		[BPF_ALU | BPF_DIV | BPF_K] = &&div_k,
		[BPF_ALU | BPF_MOD | BPF_K] = &&mod_k,
		[BPF_ALU | BPF_AND | BPF_K] = &&and_k,
		[BPF_ALU | BPF_OR | BPF_K] = &&or_k,
		[BPF_ALU | BPF_XOR | BPF_K] = &&xor_k,
		[BPF_ALU | BPF_LSH | BPF_K] = &&lsh_k,
		[BPF_ALU | BPF_RSH | BPF_K] = &&rsh_k,
		[BPF_ALU | BPF_NEG] = &&neg,
		[BPF_MISC | BPF_TAX] = &&tax,
		[BPF_MISC | BPF_TXA] = &&txa,
	};
#pragma GCC diagnostic pop
	uint32_t mem[BPF_MEMWORDS] = { 0 };
	const struct bpf_insn *pc = insns;
	uint32_t A = 0, X = 0, k;
	uint64_t off;
	int ok;

	if (pc == NULL)
		return (u_int)-1;	/* no program: accept everything */
	DISPATCH();

ret_k:
	return k;
ret_a:
	return A;

ld_w_abs:
	LOAD_ABS(4, load_be32(p + k));
ld_h_abs:
	LOAD_ABS(2, load_be16(p + k));
ld_b_abs:
	LOAD_ABS(1, p[k]);
ld_w_ind:
	LOAD_IND(4, load_be32(p + off));
ld_h_ind:
	LOAD_IND(2, load_be16(p + off));
ld_b_ind:
	LOAD_IND(1, p[off]);
ldx_msh:
	if (!load_fits(k, 1, buflen))
		return 0;
	X = (uint32_t)(p[k] & 0xf) << 2;
	NEXT();
ld_len:
	A = wirelen;
	NEXT();
ldx_len:
	X = wirelen;
	NEXT();
ld_imm:
	A = k;
	NEXT();
ldx_imm:
	X = k;
	NEXT();
ld_mem:
	if (k >= BPF_MEMWORDS)
		return 0;
	A = mem[k];
	NEXT();
ldx_mem:
	if (k >= BPF_MEMWORDS)
		return 0;
	X = mem[k];
	NEXT();
st:
	if (k >= BPF_MEMWORDS)
		return 0;
	mem[k] = A;
	NEXT();
stx:
	if (k >= BPF_MEMWORDS)
		return 0;
	mem[k] = X;
	NEXT();

ja:
	pc += k;
	NEXT();
jgt_k:
	JUMP(A > k);
jge_k:
	JUMP(A >= k);
jeq_k:
	JUMP(A == k);
jset_k:
	JUMP(A & k);
jgt_x:
	JUMP(A > X);
jge_x:
	JUMP(A >= X);
jeq_x:
	JUMP(A == X);
jset_x:
	JUMP(A & X);

add_x:
	A += X;
	NEXT();
sub_x:
	A -= X;
	NEXT();
mul_x:
	A *= X;
	NEXT();
div_x:
	if (X == 0)
		return 0;
	A /= X;
	NEXT();
mod_x:
	if (X == 0)
		return 0;
	A %= X;
	NEXT();
and_x:
	A &= X;
	NEXT();
or_x:
	A |= X;
	NEXT();
xor_x:
	A ^= X;
	NEXT();
lsh_x:
	A = X < 32 ? A << X : 0;
	NEXT();
rsh_x:
	A = X < 32 ? A >> X : 0;
	NEXT();
add_k:
	A += k;
	NEXT();
sub_k:
	A -= k;
	NEXT();
mul_k:
	A *= k;
	NEXT();
div_k:
	if (k == 0)
		return 0;
	A /= k;
	NEXT();
mod_k:
	if (k == 0)
		return 0;
	A %= k;
	NEXT();
and_k:
	A &= k;
	NEXT();
or_k:
	A |= k;
	NEXT();
xor_k:
	A ^= k;
	NEXT();
lsh_k:
	A <<= k & 31;
	NEXT();
rsh_k:
	A >>= k & 31;
	NEXT();
neg:
	A = -A;
	NEXT();

tax:
	X = A;
	NEXT();
txa:
	A = X;
	NEXT();

unknown:
	return 0;
}

u_int bpf_filter(const struct bpf_insn *insns, const u_char *pkt,
		 u_int wirelen, u_int buflen)
{
	return filter_run_with_aux(insns, pkt, wirelen, buflen, NULL);
}
