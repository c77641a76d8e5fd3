/*
 * The errors libpcap's optimizer raises while it folds constants, so that
 * pcap_compile with optimization refuses what libpcap refuses: "division
 * by zero" and "modulus by zero" when a divisor turns out to be the
 * constant 0, "shift by more than 31 bits" when a shift count turns out
 * to be a constant above 31 and the shifted value is not constant (a
 * constant one is folded: the bits are shifted out, no error).
 *
 * libpcap does this in its second phase, over the blocks still reachable
 * once its first phase has threaded the jumps, so this runs when mqpcap's
 * optimizer enters the same phase (opt_main.c). Its root block is always
 * among them, statements included, even when both its exits lead to the
 * same place ("len / (1 - 1) = 1 and 1 = 2" is a division by zero),
 * where mqpcap's first phase may have dropped it: the entry block is
 * checked apart, before that phase (entry_only). Constants are followed
 * as libpcap's value numbering does: through A, X and the scratch words,
 * and from one block into the next when every predecessor agrees.
 * Strict mode is libpcap's "no optimization": no error there.
 */
#include "filter/opt_cfg.h"

#include <stdlib.h>
#include <string.h>

struct fault_val {
	int known;
	uint32_t k;
};

struct fault_state {
	int valid;		/* reached by some predecessor */
	struct fault_val a, x, m[BPF_MEMWORDS];
};

static const struct fault_val fault_unknown = { 0, 0 };

static struct fault_val fault_const(uint32_t k)
{
	return (struct fault_val){ 1, k };
}

static void fault_meet_val(struct fault_val *acc, const struct fault_val *v)
{
	if (!v->known || !acc->known || acc->k != v->k)
		*acc = fault_unknown;
}

static void fault_meet(struct fault_state *acc, const struct fault_state *s)
{
	int i;

	if (!acc->valid) {
		*acc = *s;
		return;
	}
	fault_meet_val(&acc->a, &s->a);
	fault_meet_val(&acc->x, &s->x);
	for (i = 0; i < BPF_MEMWORDS; i++)
		fault_meet_val(&acc->m[i], &s->m[i]);
}

/* A op b folded as libpcap folds it; NULL, or the error it raises. */
static const char *fault_fold(u_short op, uint32_t a, uint32_t b, uint32_t *r)
{
	switch (op) {
	case BPF_ADD: *r = a + b; break;
	case BPF_SUB: *r = a - b; break;
	case BPF_MUL: *r = a * b; break;
	case BPF_DIV:
		if (b == 0)
			return "division by zero";
		*r = a / b;
		break;
	case BPF_MOD:
		if (b == 0)
			return "modulus by zero";
		*r = a % b;
		break;
	case BPF_AND: *r = a & b; break;
	case BPF_OR: *r = a | b; break;
	case BPF_XOR: *r = a ^ b; break;
	case BPF_LSH: *r = b < 32 ? a << b : 0; break;
	case BPF_RSH: *r = b < 32 ? a >> b : 0; break;
	default: *r = 0; break;
	}
	return NULL;
}

/* "A op b" with b a known constant (an X libpcap turns into "op #b") */
static const char *fault_alu_const(struct fault_state *st, u_short op,
				   uint32_t b, int by_x)
{
	uint32_t r = 0;
	const char *err;

	if (st->a.known) {
		err = fault_fold(op, st->a.k, b, &r);
		st->a = fault_const(r);
		return err;
	}
	if (op == BPF_DIV && b == 0)
		return "division by zero";
	if (op == BPF_MOD && b == 0)
		return "modulus by zero";
	if (by_x && (op == BPF_LSH || op == BPF_RSH) && b > 31)
		return "shift by more than 31 bits";
	st->a = fault_unknown;
	return NULL;
}

static const char *fault_alu(struct fault_state *st, const struct bpf_insn *in)
{
	u_short op = BPF_OP(in->code);

	if (op == BPF_NEG) {
		st->a = st->a.known ? fault_const(-st->a.k) : fault_unknown;
		return NULL;
	}
	if (BPF_SRC(in->code) == BPF_K)
		return fault_alu_const(st, op, in->k, 0);
	if (st->x.known)
		return fault_alu_const(st, op, st->x.k, 1);
	/* 0 op x with x unknown: libpcap makes it x or 0, whatever x */
	if (st->a.known && st->a.k == 0) {
		if (op == BPF_ADD || op == BPF_OR || op == BPF_XOR)
			st->a = st->x;
		else if (op != BPF_SUB)
			st->a = fault_const(0);
		else
			st->a = fault_unknown;
		return NULL;
	}
	st->a = fault_unknown;
	return NULL;
}

static const char *fault_stmt(struct fault_state *st, const struct bpf_insn *in)
{
	switch (BPF_CLASS(in->code)) {
	case BPF_LD:
		if (BPF_MODE(in->code) == BPF_IMM)
			st->a = fault_const(in->k);
		else if (BPF_MODE(in->code) == BPF_MEM && in->k < BPF_MEMWORDS)
			st->a = st->m[in->k];
		else
			st->a = fault_unknown;
		return NULL;
	case BPF_LDX:
		if (BPF_MODE(in->code) == BPF_IMM)
			st->x = fault_const(in->k);
		else if (BPF_MODE(in->code) == BPF_MEM && in->k < BPF_MEMWORDS)
			st->x = st->m[in->k];
		else
			st->x = fault_unknown;
		return NULL;
	case BPF_ST:
		if (in->k < BPF_MEMWORDS)
			st->m[in->k] = st->a;
		return NULL;
	case BPF_STX:
		if (in->k < BPF_MEMWORDS)
			st->m[in->k] = st->x;
		return NULL;
	case BPF_ALU:
		return fault_alu(st, in);
	case BPF_MISC:
		if (BPF_MISCOP(in->code) == BPF_TAX)
			st->x = st->a;
		else
			st->a = st->x;
		return NULL;
	default:
		return NULL;
	}
}

/* A and X start at 0: mqpcap's first phase has already dropped a
 * leading "ld #0" as a no-op */
static void fault_entry_state(struct fault_state *st)
{
	memset(st, 0, sizeof(*st));
	st->valid = 1;
	st->a = fault_const(0);
	st->x = fault_const(0);
}

static const char *fault_entry(const struct opt_prog *g)
{
	const struct opt_block *b = &g->b[g->entry];
	const char *err = NULL;
	struct fault_state st;
	u_int i;

	fault_entry_state(&st);
	for (i = 0; i < b->nstmts && err == NULL; i++)
		err = fault_stmt(&st, &b->stmts[i]);
	return err;
}

const char *opt_libpcap_fault(const struct opt_prog *g, int entry_only)
{
	struct fault_state *in, st;
	const char *err = NULL;
	u_int t, i;
	int s;

	if (g->strict)
		return NULL;
	if (entry_only)
		return fault_entry(g);
	in = calloc(g->nblocks ? g->nblocks : 1, sizeof(*in));
	if (in == NULL)
		return NULL;	/* only a refusal is lost */
	fault_entry_state(&in[g->entry]);
	for (t = 0; t < g->ntopo && err == NULL; t++) {
		const struct opt_block *b = &g->b[g->topo[t]];

		st = in[g->topo[t]];
		if (!st.valid || b->gone)
			continue;
		for (i = 0; i < b->nstmts && err == NULL; i++)
			err = fault_stmt(&st, &b->stmts[i]);
		if (b->kind == OPT_RET)
			continue;
		for (s = 0; s < (b->kind == OPT_COND ? 2 : 1); s++)
			if (b->succ[s] >= 0)
				fault_meet(&in[b->succ[s]], &st);
	}
	free(in);
	return err;
}
