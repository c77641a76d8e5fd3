/*
 * Structural simplifications of the graph:
 *  - a conditional jump whose two targets are the same block is a goto;
 *  - an edge into an empty goto block goes straight to its target;
 *  - a block from which every path returns the same constant R is
 *    "ret #R" itself, provided its statements can't reject the packet,
 *    or R is 0 (a rejected packet returns 0 too);
 *  - blocks with the same statements, the same end and the same targets
 *    are one block (identical returns, identical tails). Done bottom-up, so
 *    that merging two tails makes their predecessors identical in turn.
 */
#include "filter/opt_cfg.h"

#include <stdlib.h>
#include <string.h>

static int skip_empty_gotos(const struct opt_prog *g, int t)
{
	while (g->b[t].kind == OPT_GOTO && g->b[t].nstmts == 0)
		t = g->b[t].succ[0];
	return t;
}

/* Can the block's statements be skipped? Always in libpcap's mode,
 * but for its second phase. */
static int all_safe(const struct opt_prog *g, const struct opt_block *b)
{
	u_int i;

	if (!g->strict && !g->settle)
		return 1;
	for (i = 0; i < b->nstmts; i++)
		if (!b->safe[i])
			return 0;
	return 1;
}

/*
 * The entry block, its jump decided, going straight to a return: libpcap's
 * optimizer ends by skipping root jumps whose sides agree and drops the
 * root's statements when a return is left, loads that may reject and
 * all, whatever the verdict (opt_dead.c keeps them otherwise).
 */
static int entry_goto_ret(const struct opt_prog *g, int id)
{
	const struct opt_block *b = &g->b[id];

	return !g->strict && id == g->entry && b->kind == OPT_GOTO &&
	       g->b[b->succ[0]].kind == OPT_RET;
}

/* A jump whose two sides meet may go, and with it its use of A; in
 * libpcap's second phase only if no load it keeps alive may reject
 * (libpcap keeps such a jump, and the load before it). */
static int jump_may_go(const struct opt_prog *g, const struct opt_block *b)
{
	return !g->settle || all_safe(g, b);
}

static int simplify_jumps(struct opt_prog *g)
{
	int changes = 0, s;
	u_int i;

	for (i = 0; i < g->ntopo; i++) {
		struct opt_block *b = &g->b[g->topo[i]];
		int n = b->kind == OPT_COND ? 2 : b->kind == OPT_GOTO ? 1 : 0;

		for (s = 0; s < n; s++) {
			int t = skip_empty_gotos(g, b->succ[s]);

			if (t != b->succ[s]) {
				b->succ[s] = t;
				changes++;
			}
		}
		if (b->kind == OPT_COND && b->succ[0] == b->succ[1] &&
		    jump_may_go(g, b)) {
			b->kind = OPT_GOTO;
			b->succ[1] = -1;
			changes++;
		}
	}
	if (skip_empty_gotos(g, g->entry) != g->entry) {
		g->entry = skip_empty_gotos(g, g->entry);
		changes++;
	}
	return changes;
}


static int fold_constant_returns(struct opt_prog *g)
{
	int64_t *ret = malloc(g->nblocks * sizeof(*ret));
	int changes = 0;
	u_int i;

	if (ret == NULL)
		return 0;
	for (i = g->ntopo; i-- > 0; ) {
		int id = g->topo[i];
		struct opt_block *b = &g->b[id];
		int64_t r;

		ret[id] = -1;
		if (b->kind == OPT_RET) {
			if (BPF_RVAL(b->term.code) != BPF_K)
				continue;
			if (b->term.k == 0 && b->nstmts > 0) {
				b->nstmts = 0;	/* rejected either way */
				changes++;
			}
			if (b->term.k == 0 || all_safe(g, b))
				ret[id] = b->term.k;
			continue;
		}
		r = ret[b->succ[0]];
		if (r < 0 || (b->kind == OPT_COND && ret[b->succ[1]] != r))
			continue;
		/* rejecting either way, a load that may reject can go, but
		 * not in libpcap's second phase, where "ip and 2 + 2 = 5"
		 * stays a program and is not "rejects all packets" */
		if ((r != 0 || g->settle) && !all_safe(g, b) &&
		    !entry_goto_ret(g, id))
			continue;
		ret[id] = r;
		b->kind = OPT_RET;
		b->nstmts = 0;
		b->term = (struct bpf_insn)BPF_STMT(BPF_RET | BPF_K, (uint32_t)r);
		b->succ[0] = b->succ[1] = -1;
		changes++;
	}
	free(ret);
	return changes;
}

static int same_block(const struct opt_block *x, const struct opt_block *y)
{
	if (x->kind != y->kind || x->nstmts != y->nstmts)
		return 0;
	if (x->kind != OPT_GOTO && (x->term.code != y->term.code ||
				     x->term.k != y->term.k))
		return 0;
	if (x->succ[0] != y->succ[0] || x->succ[1] != y->succ[1])
		return 0;
	return memcmp(x->stmts, y->stmts, x->nstmts * sizeof(*x->stmts)) == 0;
}

static uint32_t block_hash(const struct opt_block *b)
{
	uint32_t h = (uint32_t)b->kind * 31u + b->nstmts;
	u_int i;

	if (b->kind != OPT_GOTO)
		h = h * 31u + b->term.code * 7u + b->term.k;
	h = h * 31u + (uint32_t)b->succ[0] * 131u + (uint32_t)b->succ[1];
	for (i = 0; i < b->nstmts; i++)
		h = h * 31u + b->stmts[i].code * 17u + b->stmts[i].k;
	return h ^ (h >> 16);
}

static int merge_identical(struct opt_prog *g)
{
	u_int nslots = 16, i, h;
	int *rep = malloc(g->nblocks * sizeof(int));
	int *slot, changes = 0, s;

	while (nslots < 2 * g->ntopo)
		nslots *= 2;
	slot = malloc(nslots * sizeof(int));
	if (rep == NULL || slot == NULL) {
		free(rep);
		free(slot);
		return 0;	/* merging is optional */
	}
	for (i = 0; i < g->nblocks; i++)
		rep[i] = (int)i;
	for (i = 0; i < nslots; i++)
		slot[i] = -1;
	/* successors before predecessors: their representatives are final */
	for (i = g->ntopo; i-- > 0; ) {
		int id = g->topo[i];
		struct opt_block *b = &g->b[id];
		int n = b->kind == OPT_COND ? 2 : b->kind == OPT_GOTO ? 1 : 0;

		for (s = 0; s < n; s++)
			b->succ[s] = rep[b->succ[s]];
		if (id == g->entry)
			continue;
		for (h = block_hash(b) & (nslots - 1); slot[h] >= 0;
		     h = (h + 1) & (nslots - 1))
			if (same_block(&g->b[slot[h]], b))
				break;
		if (slot[h] >= 0) {
			rep[id] = slot[h];
			b->gone = 1;
			changes++;
		} else {
			slot[h] = id;
		}
	}
	free(rep);
	free(slot);
	return changes;
}

int opt_merge_pass(struct opt_prog *g)
{
	int changes = fold_constant_returns(g);

	changes += simplify_jumps(g);
	return changes + merge_identical(g);
}
