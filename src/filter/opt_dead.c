/*
 * Liveness of A, X and the scratch words, and deletion of statements
 * whose result nobody reads. In strict mode a statement is only deleted
 * if it cannot reject the packet (opt_vn.c marked it safe): a load past
 * the captured bytes is an observable effect there. By default, as in
 * libpcap, dead loads go, but for those of a decided entry block.
 */
#include "filter/opt_cfg.h"

struct use_def {
	uint32_t use, def;
};

static struct use_def stmt_use_def(const struct bpf_insn *in)
{
	uint32_t m = in->k < BPF_MEMWORDS ? OPT_LIVE_M(in->k) : 0;

	switch (in->code) {
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
		return (struct use_def){ OPT_LIVE_X, OPT_LIVE_A };
	case BPF_LD | BPF_MEM:
		return (struct use_def){ m, OPT_LIVE_A };
	case BPF_LDX | BPF_MEM:
		return (struct use_def){ m, OPT_LIVE_X };
	case BPF_LDX | BPF_IMM:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_MSH | BPF_B:
		return (struct use_def){ 0, OPT_LIVE_X };
	case BPF_ST:
		return (struct use_def){ OPT_LIVE_A, m };
	case BPF_STX:
		return (struct use_def){ OPT_LIVE_X, m };
	case BPF_MISC | BPF_TAX:
		return (struct use_def){ OPT_LIVE_A, OPT_LIVE_X };
	case BPF_MISC | BPF_TXA:
		return (struct use_def){ OPT_LIVE_X, OPT_LIVE_A };
	}
	if (BPF_CLASS(in->code) == BPF_ALU)
		return (struct use_def){
			OPT_LIVE_A | (BPF_SRC(in->code) == BPF_X &&
				      BPF_OP(in->code) != BPF_NEG ? OPT_LIVE_X : 0),
			OPT_LIVE_A };
	return (struct use_def){ 0, OPT_LIVE_A };	/* LD ABS, LEN, IMM */
}

/* What the block's end reads: the jump's operands or the returned A. */
static uint32_t live_at_end(const struct opt_prog *g, const struct opt_block *b)
{
	uint32_t live = 0;

	switch (b->kind) {
	case OPT_RET:
		return BPF_RVAL(b->term.code) == BPF_A ? OPT_LIVE_A : 0;
	case OPT_GOTO:
		return g->b[b->succ[0]].live_in;
	default:
		live = g->b[b->succ[0]].live_in | g->b[b->succ[1]].live_in;
		live |= OPT_LIVE_A;
		if (BPF_SRC(b->term.code) == BPF_X)
			live |= OPT_LIVE_X;
		return live;
	}
}

/*
 * Must the block keep its statements that may reject, dead or not? In
 * strict mode every block; by default the entry block once its jump is
 * decided (a goto): libpcap's optimizer threads no edge past its root,
 * whose jump then goes the same way on both sides, and in the end
 * starts the program with the root's statements before the block both
 * sides lead to ("pppoed and ip or iso" on token ring keeps "ldh [20]").
 */
static int keeps_loads(const struct opt_prog *g, const struct opt_block *b)
{
	return g->strict || (b == &g->b[g->entry] && b->kind == OPT_GOTO);
}

/* Walk one block backwards; with prune, delete dead safe statements. */
static int block_liveness(struct opt_prog *g, struct opt_block *b, int prune)
{
	uint32_t live = live_at_end(g, b);
	int keep = keeps_loads(g, b);
	int changes = 0;
	u_int i;

	for (i = b->nstmts; i-- > 0; ) {
		struct use_def ud = stmt_use_def(&b->stmts[i]);

		if (prune && !(ud.def & live) && (b->safe[i] || !keep)) {
			opt_block_delete_stmt(b, i);
			changes++;
			continue;
		}
		live = (live & ~ud.def) | ud.use;
	}
	b->live_in = live;
	return changes;
}

void opt_live_block(struct opt_prog *g, struct opt_block *b)
{
	block_liveness(g, b, 0);
}

void opt_block_use_def(const struct opt_block *b, uint32_t *use, uint32_t *def)
{
	uint32_t u = 0, d = 0;
	u_int i;

	if (b->kind == OPT_COND)
		u = OPT_LIVE_A | (BPF_SRC(b->term.code) == BPF_X ? OPT_LIVE_X : 0);
	else if (b->kind == OPT_RET && BPF_RVAL(b->term.code) == BPF_A)
		u = OPT_LIVE_A;
	for (i = b->nstmts; i-- > 0; ) {
		struct use_def ud = stmt_use_def(&b->stmts[i]);

		u = (u & ~ud.def) | ud.use;
		d |= ud.def;
	}
	*use = u;
	*def = d;
}

void opt_live_compute(struct opt_prog *g)
{
	u_int i;

	for (i = g->ntopo; i-- > 0; )
		block_liveness(g, &g->b[g->topo[i]], 0);
}

int opt_dead_pass(struct opt_prog *g)
{
	int changes = 0;
	u_int i;

	for (i = g->ntopo; i-- > 0; )
		changes += block_liveness(g, &g->b[g->topo[i]], 1);
	return changes;
}
