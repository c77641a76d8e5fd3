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

u_int filter_run_with_aux(const struct bpf_insn *insns, const u_char *p,
			  u_int wirelen, u_int buflen,
			  const struct filter_aux *aux)
{
	uint32_t mem[BPF_MEMWORDS] = { 0 };
	const struct bpf_insn *pc = insns;
	uint32_t A = 0, X = 0;
	uint64_t off;
	int ok;

	if (pc == NULL)
		return (u_int)-1;	/* no program: accept everything */

	for (;; pc++) {
		const uint32_t k = pc->k;

		switch (pc->code) {
		case BPF_RET | BPF_K:
			return k;
		case BPF_RET | BPF_A:
			return A;

		case BPF_LD | BPF_W | BPF_ABS:
			if (!load_fits(k, 4, buflen)) {
				A = load_ancillary(k, aux, &ok);
				if (!ok)
					return 0;
				break;
			}
			A = load_be32(p + k);
			break;
		case BPF_LD | BPF_H | BPF_ABS:
			if (!load_fits(k, 2, buflen)) {
				A = load_ancillary(k, aux, &ok);
				if (!ok)
					return 0;
				break;
			}
			A = load_be16(p + k);
			break;
		case BPF_LD | BPF_B | BPF_ABS:
			if (!load_fits(k, 1, buflen)) {
				A = load_ancillary(k, aux, &ok);
				if (!ok)
					return 0;
				break;
			}
			A = p[k];
			break;
		case BPF_LD | BPF_W | BPF_IND:
			off = (uint64_t)X + k;
			if (!load_fits(off, 4, buflen))
				return 0;
			A = load_be32(p + off);
			break;
		case BPF_LD | BPF_H | BPF_IND:
			off = (uint64_t)X + k;
			if (!load_fits(off, 2, buflen))
				return 0;
			A = load_be16(p + off);
			break;
		case BPF_LD | BPF_B | BPF_IND:
			off = (uint64_t)X + k;
			if (!load_fits(off, 1, buflen))
				return 0;
			A = p[off];
			break;
		case BPF_LDX | BPF_MSH | BPF_B:
			if (!load_fits(k, 1, buflen))
				return 0;
			X = (uint32_t)(p[k] & 0xf) << 2;
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			A = wirelen;
			break;
		case BPF_LDX | BPF_W | BPF_LEN:
			X = wirelen;
			break;
		case BPF_LD | BPF_IMM:
			A = k;
			break;
		case BPF_LDX | BPF_IMM:
			X = k;
			break;
		case BPF_LD | BPF_MEM:
			if (k >= BPF_MEMWORDS)
				return 0;
			A = mem[k];
			break;
		case BPF_LDX | BPF_MEM:
			if (k >= BPF_MEMWORDS)
				return 0;
			X = mem[k];
			break;
		case BPF_ST:
			if (k >= BPF_MEMWORDS)
				return 0;
			mem[k] = A;
			break;
		case BPF_STX:
			if (k >= BPF_MEMWORDS)
				return 0;
			mem[k] = X;
			break;

		case BPF_JMP | BPF_JA:
			pc += k;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += A > k ? pc->jt : pc->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += A >= k ? pc->jt : pc->jf;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += A == k ? pc->jt : pc->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (A & k) ? pc->jt : pc->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_X:
			pc += A > X ? pc->jt : pc->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_X:
			pc += A >= X ? pc->jt : pc->jf;
			break;
		case BPF_JMP | BPF_JEQ | BPF_X:
			pc += A == X ? pc->jt : pc->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_X:
			pc += (A & X) ? pc->jt : pc->jf;
			break;

		case BPF_ALU | BPF_ADD | BPF_X:
			A += X;
			break;
		case BPF_ALU | BPF_SUB | BPF_X:
			A -= X;
			break;
		case BPF_ALU | BPF_MUL | BPF_X:
			A *= X;
			break;
		case BPF_ALU | BPF_DIV | BPF_X:
			if (X == 0)
				return 0;
			A /= X;
			break;
		case BPF_ALU | BPF_MOD | BPF_X:
			if (X == 0)
				return 0;
			A %= X;
			break;
		case BPF_ALU | BPF_AND | BPF_X:
			A &= X;
			break;
		case BPF_ALU | BPF_OR | BPF_X:
			A |= X;
			break;
		case BPF_ALU | BPF_XOR | BPF_X:
			A ^= X;
			break;
		case BPF_ALU | BPF_LSH | BPF_X:
			A = X < 32 ? A << X : 0;
			break;
		case BPF_ALU | BPF_RSH | BPF_X:
			A = X < 32 ? A >> X : 0;
			break;
		case BPF_ALU | BPF_ADD | BPF_K:
			A += k;
			break;
		case BPF_ALU | BPF_SUB | BPF_K:
			A -= k;
			break;
		case BPF_ALU | BPF_MUL | BPF_K:
			A *= k;
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
			if (k == 0)
				return 0;
			A /= k;
			break;
		case BPF_ALU | BPF_MOD | BPF_K:
			if (k == 0)
				return 0;
			A %= k;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			A &= k;
			break;
		case BPF_ALU | BPF_OR | BPF_K:
			A |= k;
			break;
		case BPF_ALU | BPF_XOR | BPF_K:
			A ^= k;
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
			A <<= k & 31;
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
			A >>= k & 31;
			break;
		case BPF_ALU | BPF_NEG:
			A = -A;
			break;

		case BPF_MISC | BPF_TAX:
			X = A;
			break;
		case BPF_MISC | BPF_TXA:
			A = X;
			break;

		default:
			return 0;
		}
	}
}

u_int bpf_filter(const struct bpf_insn *insns, const u_char *pkt,
		 u_int wirelen, u_int buflen)
{
	return filter_run_with_aux(insns, pkt, wirelen, buflen, NULL);
}
