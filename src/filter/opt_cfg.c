/*
 * The optimizer's graph: built from a forward-jumping cBPF array, ordered
 * topologically, and laid out again as an array. Layout is where the 8-bit
 * jt/jf fields bite: a conditional jump farther than 255 instructions goes
 * through a BPF_JA trampoline placed right after it (BPF_JA has a 32-bit
 * offset in libpcap and in the kernel).
 */
#include "filter/opt_cfg.h"

#include <stdlib.h>
#include <string.h>

int opt_insn_known(const struct bpf_insn *insn)
{
	switch (insn->code) {
	case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS: case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND: case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_W | BPF_LEN: case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
	case BPF_LDX | BPF_MSH | BPF_B:
	case BPF_ST: case BPF_STX:
	case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
	case BPF_ALU | BPF_NEG:
	case BPF_RET | BPF_K: case BPF_RET | BPF_A:
	case BPF_JMP | BPF_JA:
		return 1;
	}
	if (insn->code > 0xff)
		return 0;
	if (BPF_CLASS(insn->code) == BPF_ALU)
		return BPF_OP(insn->code) <= BPF_XOR && BPF_OP(insn->code) != BPF_NEG;
	if (BPF_CLASS(insn->code) == BPF_JMP)
		return BPF_OP(insn->code) >= BPF_JEQ && BPF_OP(insn->code) <= BPF_JSET;
	return 0;
}

static int is_stmt(u_short code)
{
	return BPF_CLASS(code) != BPF_JMP && BPF_CLASS(code) != BPF_RET;
}

void opt_block_delete_stmt(struct opt_block *b, u_int i)
{
	memmove(&b->stmts[i], &b->stmts[i + 1],
		(b->nstmts - i - 1) * sizeof(b->stmts[0]));
	memmove(&b->safe[i], &b->safe[i + 1], b->nstmts - i - 1);
	b->nstmts--;
}

void opt_cfg_free(struct opt_prog *g)
{
	u_int i;

	for (i = 0; i < g->nblocks; i++) {
		free(g->b[i].stmts);
		free(g->b[i].safe);
	}
	free(g->b);
	free(g->topo);
	memset(g, 0, sizeof(*g));
}

/* Mark the first instruction of every block; -1 if a jump isn't forward
 * and inside the program. */
static int mark_leaders(const struct bpf_insn *insns, u_int len, uint8_t *leader)
{
	u_int i;

	leader[0] = 1;
	for (i = 0; i < len; i++) {
		const struct bpf_insn *p = &insns[i];
		uint64_t next = (uint64_t)i + 1;

		if (BPF_CLASS(p->code) == BPF_RET) {
			if (next < len)
				leader[next] = 1;
			continue;
		}
		if (BPF_CLASS(p->code) != BPF_JMP)
			continue;
		if (p->code == (BPF_JMP | BPF_JA)) {
			if (next + p->k >= len)
				return -1;
			leader[next + p->k] = 1;
		} else {
			if (next + p->jt >= len || next + p->jf >= len)
				return -1;
			leader[next + p->jt] = 1;
			leader[next + p->jf] = 1;
		}
		if (next < len)
			leader[next] = 1;
	}
	return 0;
}

static int fill_block(struct opt_block *blk, const struct bpf_insn *insns,
		      u_int start, u_int end, const int *blockof)
{
	const struct bpf_insn *last = &insns[end - 1];
	u_int n = end - start;

	if (!is_stmt(last->code))
		n--;
	blk->cap = n ? n : 1;
	blk->stmts = malloc(blk->cap * sizeof(*blk->stmts));
	blk->safe = calloc(blk->cap, 1);
	if (blk->stmts == NULL || blk->safe == NULL)
		return -1;
	memcpy(blk->stmts, &insns[start], n * sizeof(*blk->stmts));
	blk->nstmts = n;
	blk->order = start;
	blk->succ[0] = blk->succ[1] = -1;
	if (BPF_CLASS(last->code) == BPF_RET) {
		blk->kind = OPT_RET;
		blk->term = *last;
	} else if (last->code == (BPF_JMP | BPF_JA)) {
		blk->kind = OPT_GOTO;
		blk->succ[0] = blockof[end + last->k];
	} else if (BPF_CLASS(last->code) == BPF_JMP) {
		blk->kind = OPT_COND;
		blk->term = *last;
		blk->term.jt = blk->term.jf = 0;
		blk->succ[0] = blockof[end + last->jt];
		blk->succ[1] = blockof[end + last->jf];
	} else {
		blk->kind = OPT_GOTO;	/* falls into the next block */
		blk->succ[0] = blockof[end];
	}
	return 0;
}

int opt_cfg_build(struct opt_prog *g, const struct bpf_insn *insns, u_int len)
{
	uint8_t *leader = calloc(len + 1, 1);
	int *blockof = malloc((len + 1) * sizeof(int));
	u_int i, start, nb = 0;
	int rc = -1;

	memset(g, 0, sizeof(*g));
	if (leader == NULL || blockof == NULL)
		goto out;
	if (mark_leaders(insns, len, leader) < 0)
		goto out;
	for (i = 0; i < len; i++)
		blockof[i] = leader[i] ? (int)nb++ : -1;
	g->b = calloc(nb, sizeof(*g->b));
	if (g->b == NULL)
		goto out;
	g->nblocks = nb;
	for (start = 0; start < len; ) {
		u_int end = start + 1;

		while (end < len && !leader[end] && is_stmt(insns[end - 1].code))
			end++;
		if (end == len && is_stmt(insns[end - 1].code))
			goto out;	/* runs off the end: not a valid program */
		if (fill_block(&g->b[blockof[start]], insns, start, end,
			       blockof) < 0)
			goto out;
		start = end;
	}
	g->entry = 0;
	rc = opt_cfg_order(g);
out:
	free(leader);
	free(blockof);
	if (rc < 0)
		opt_cfg_free(g);
	return rc;
}

/* ---- topological order ---------------------------------------------- */

struct heap {
	int *v;
	u_int n;
	const struct opt_prog *g;
};

static int heap_less(const struct heap *h, int a, int b)
{
	return h->g->b[a].order < h->g->b[b].order;
}

static void heap_push(struct heap *h, int blk)
{
	u_int i = h->n++;

	h->v[i] = blk;
	while (i > 0 && heap_less(h, h->v[i], h->v[(i - 1) / 2])) {
		int t = h->v[i];

		h->v[i] = h->v[(i - 1) / 2];
		h->v[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static int heap_pop(struct heap *h)
{
	int top = h->v[0];
	u_int i = 0;

	h->v[0] = h->v[--h->n];
	for (;;) {
		u_int l = 2 * i + 1, r = l + 1, m = i;
		int t;

		if (l < h->n && heap_less(h, h->v[l], h->v[m]))
			m = l;
		if (r < h->n && heap_less(h, h->v[r], h->v[m]))
			m = r;
		if (m == i)
			return top;
		t = h->v[i];
		h->v[i] = h->v[m];
		h->v[m] = t;
		i = m;
	}
}

static int nsucc(const struct opt_block *b)
{
	return b->kind == OPT_COND ? 2 : b->kind == OPT_GOTO ? 1 : 0;
}

/* Mark what the entry reaches; the rest is gone. */
static int mark_reachable(struct opt_prog *g)
{
	int *stack = malloc(g->nblocks * 2 * sizeof(int) + sizeof(int));
	uint8_t *seen = calloc(g->nblocks, 1);
	u_int sp = 0, i;
	int s;

	if (stack == NULL || seen == NULL) {
		free(stack);
		free(seen);
		return -1;
	}
	stack[sp++] = g->entry;
	seen[g->entry] = 1;
	while (sp > 0) {
		struct opt_block *b = &g->b[stack[--sp]];

		for (s = 0; s < nsucc(b); s++)
			if (!seen[b->succ[s]]) {
				seen[b->succ[s]] = 1;
				stack[sp++] = b->succ[s];
			}
	}
	for (i = 0; i < g->nblocks; i++)
		if (!seen[i])
			g->b[i].gone = 1;
	free(stack);
	free(seen);
	return 0;
}

int opt_cfg_order(struct opt_prog *g)
{
	u_int *pending = NULL, i;
	struct heap h = { .g = g };
	int s, prefer = -1;

	if (mark_reachable(g) < 0)
		return -1;
	free(g->topo);
	g->topo = malloc((g->nblocks + 1) * sizeof(int));
	h.v = malloc((g->nblocks + 1) * sizeof(int));
	pending = calloc(g->nblocks + 1, sizeof(u_int));
	if (g->topo == NULL || h.v == NULL || pending == NULL) {
		free(h.v);
		free(pending);
		return -1;
	}
	for (i = 0; i < g->nblocks; i++)
		g->b[i].npreds = 0;
	for (i = 0; i < g->nblocks; i++) {
		if (g->b[i].gone)
			continue;
		for (s = 0; s < nsucc(&g->b[i]); s++)
			g->b[g->b[i].succ[s]].npreds++;
	}
	for (i = 0; i < g->nblocks; i++)
		pending[i] = g->b[i].npreds;
	g->ntopo = 0;
	heap_push(&h, g->entry);
	while (h.n > 0 || prefer >= 0) {
		int cur;
		struct opt_block *b;

		/* a goto's target goes right after it when it can: no BPF_JA */
		if (prefer >= 0) {
			cur = prefer;
			prefer = -1;
		} else {
			cur = heap_pop(&h);
		}
		b = &g->b[cur];
		g->topo[g->ntopo++] = cur;
		for (s = 0; s < nsucc(b); s++) {
			int t = b->succ[s];

			if (--pending[t] != 0)
				continue;
			if (b->kind == OPT_GOTO && prefer < 0)
				prefer = t;
			else
				heap_push(&h, t);
		}
	}
	free(h.v);
	free(pending);
	return 0;
}

/* ---- layout --------------------------------------------------------- */

/*
 * A conditional jump reaches at most 255 instructions ahead. A farther
 * target is reached through a trampoline: a "ja" placed after some block
 * (where nothing falls into it: after a conditional jump, a return or an
 * explicit ja), no farther than 255 from the jump. One trampoline serves
 * every jump within reach of it, so they are made from the end of the
 * program backwards, each right after the jump that first needs it, where
 * the most earlier jumps can share it.
 */
struct tramp {
	int after;		/* index in g->topo of the block it follows */
	int target;		/* block it jumps to */
};

struct layout {
	u_int *pos;		/* per block: first instruction */
	u_int *tpos;		/* per trampoline: its instruction */
	struct tramp *t;
	u_int nt, cap;
	int (*via)[2];		/* per block and side: trampoline or -1 */
	u_int total;
};

static int goto_needs_ja(const struct opt_prog *g, u_int i)
{
	const struct opt_block *b = &g->b[g->topo[i]];

	return b->kind == OPT_GOTO &&
	       (i + 1 >= g->ntopo || b->succ[0] != g->topo[i + 1]);
}

/* Positions of blocks and trampolines. Trampolines follow their block in
 * the order they were made; 'first' buckets them by block. */
static int place(struct opt_prog *g, struct layout *L)
{
	u_int *first = calloc(g->ntopo + 1, sizeof(u_int));
	u_int *order = malloc((L->nt + 1) * sizeof(u_int));
	u_int i, j, at = 0;

	if (first == NULL || order == NULL) {
		free(first);
		free(order);
		return -1;
	}
	for (j = 0; j < L->nt; j++)
		first[L->t[j].after + 1]++;
	for (i = 0; i < g->ntopo; i++)
		first[i + 1] += first[i];
	for (j = 0; j < L->nt; j++)
		order[first[L->t[j].after]++] = j;
	for (i = 0, j = 0; i < g->ntopo; i++) {
		const struct opt_block *b = &g->b[g->topo[i]];

		L->pos[g->topo[i]] = at;
		at += b->nstmts + (b->kind == OPT_GOTO ? goto_needs_ja(g, i) : 1);
		for (; j < L->nt && L->t[order[j]].after == (int)i; j++)
			L->tpos[order[j]] = at++;
	}
	L->total = at;
	free(first);
	free(order);
	return 0;
}

/* A trampoline to target within reach of a jump whose next instruction
 * is 'from', or -1. */
static int find_tramp(const struct layout *L, int target, u_int from)
{
	u_int j;

	for (j = 0; j < L->nt; j++)
		if (L->t[j].target == target && L->tpos[j] >= from &&
		    L->tpos[j] - from <= 255)
			return (int)j;
	return -1;
}

static int add_tramp(struct layout *L, int after, int target)
{
	if (L->nt == L->cap) {
		u_int cap = L->cap ? 2 * L->cap : 64;
		struct tramp *nt = realloc(L->t, cap * sizeof(*nt));
		u_int *np;

		if (nt == NULL)
			return -1;
		L->t = nt;
		np = realloc(L->tpos, cap * sizeof(*np));
		if (np == NULL)
			return -1;
		L->tpos = np;
		L->cap = cap;
	}
	L->t[L->nt++] = (struct tramp){ after, target };
	return 0;
}

/* Route every conditional jump, from the last one back, adding the
 * trampolines needed (a new one moves only what follows it, which is
 * already routed and moves with its targets). Returns the number added,
 * -1 when out of memory. */
static int route(struct opt_prog *g, struct layout *L)
{
	int added = 0, s;
	u_int i;

	for (i = g->ntopo; i-- > 0; ) {
		int cur = g->topo[i];
		const struct opt_block *b = &g->b[cur];

		if (b->kind != OPT_COND)
			continue;
		for (s = 0; s < 2; s++) {
			u_int from = L->pos[cur] + b->nstmts + 1;
			int t = b->succ[s];

			L->via[cur][s] = -1;
			if (L->pos[t] - from <= 255)
				continue;
			L->via[cur][s] = find_tramp(L, t, from);
			if (L->via[cur][s] >= 0)
				continue;
			if (add_tramp(L, (int)i, t) < 0 || place(g, L) < 0)
				return -1;
			L->via[cur][s] = (int)L->nt - 1;
			added++;
		}
	}
	return added;
}

static int emit_block(const struct opt_prog *g, const struct layout *L,
		      u_int i, struct bpf_insn *out)
{
	int cur = g->topo[i];
	const struct opt_block *b = &g->b[cur];
	u_int at = L->pos[cur] + b->nstmts, from = at + 1, j;
	int s;

	memcpy(&out[L->pos[cur]], b->stmts, b->nstmts * sizeof(*out));
	switch (b->kind) {
	case OPT_RET:
		out[at] = b->term;
		break;
	case OPT_GOTO:
		if (goto_needs_ja(g, i))
			out[at] = (struct bpf_insn)BPF_STMT(BPF_JMP | BPF_JA,
					L->pos[b->succ[0]] - from);
		break;
	default:
		out[at] = b->term;
		for (s = 0; s < 2; s++) {
			int via = L->via[cur][s];
			u_int target = via >= 0 ? L->tpos[via] : L->pos[b->succ[s]];

			if (target - from > 255)
				return -1;	/* routing bug: never truncate */
			if (s == 0)
				out[at].jt = (u_char)(target - from);
			else
				out[at].jf = (u_char)(target - from);
		}
		break;
	}
	for (j = 0; j < L->nt; j++)
		if (L->t[j].after == (int)i)
			out[L->tpos[j]] = (struct bpf_insn)BPF_STMT(BPF_JMP | BPF_JA,
					L->pos[L->t[j].target] - (L->tpos[j] + 1));
	return 0;
}

int opt_cfg_emit(struct opt_prog *g, struct bpf_insn **out, u_int *outlen)
{
	struct layout L = { 0 };
	struct bpf_insn *prog = NULL;
	u_int i;
	int rc = -1, r;

	L.pos = calloc(g->nblocks + 1, sizeof(u_int));
	L.via = calloc(g->nblocks + 1, sizeof(*L.via));
	if (L.pos == NULL || L.via == NULL)
		goto out;
	/* a second round finds every jump in reach: it only checks */
	do {
		if (place(g, &L) < 0)
			goto out;
		r = route(g, &L);
	} while (r > 0);
	if (r < 0)
		goto out;
	prog = malloc((L.total ? L.total : 1) * sizeof(*prog));
	if (prog == NULL)
		goto out;
	for (i = 0; i < g->ntopo; i++)
		if (emit_block(g, &L, i, prog) < 0) {
			free(prog);
			rc = -2;
			goto out;
		}
	*out = prog;
	*outlen = L.total;
	rc = 0;
out:
	free(L.pos);
	free(L.tpos);
	free(L.t);
	free(L.via);
	return rc;
}
