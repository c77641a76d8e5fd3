/*
 * The optimizer's forward pass: blocks in topological order, each entered
 * with the meet of the value-numbered states its incoming edges carry
 * (opt_vn.c). For each block the pass
 *  - deletes statements that leave the state unchanged and keeps the
 *    cheaper forms vn_step rewrote them into; marks what can't reject;
 *  - folds "A = X + c; tax; ld [x + k]" and "and/sub/add; jeq" idioms;
 *  - decides its jump when the state does;
 *  - threads each outgoing edge: if the block the edge enters would
 *    decide its jump the same way for every packet that takes this edge
 *    and skipping it changes nothing read later, the edge goes straight
 *    to the decided target, repeatedly;
 *  - pulls up, in chains of tests sharing an exit, a test whose value the
 *    edge already holds.
 * States along edges are exact for the program as it is at that moment,
 * so every rewrite is checked against what the registers really hold;
 * liveness of blocks not yet visited stays exact because only visited
 * blocks and their outgoing edges change.
 *
 * In strict mode (FILTER_OPT_STRICT) no statement that may reject the
 * packet is skipped; by default, as in libpcap's optimizer, loads are
 * treated as pure.
 */
#include "filter/opt_vn.h"

#include <stdlib.h>
#include <string.h>

/* Where does an edge carrying state st into block t really lead? Follows
 * blocks that decide the same way for every packet on the edge and whose
 * statements change nothing read afterwards (and, in strict mode, cannot
 * reject the packet). */
static int thread_edge(struct vn_ctx *c, const struct vn_state *st, int t)
{
	struct vn_state sim;
	struct vn_effect r;
	u_int i;
	int d;

	if (c->g->settle)	/* libpcap moves no edge in its second phase */
		return t;
	for (;;) {
		struct opt_block *b = &c->g->b[t];
		int next;

		if (b->kind == OPT_RET)
			return t;
		sim = *st;
		for (i = 0; i < b->nstmts; i++) {
			struct bpf_insn copy = b->stmts[i];

			vn_step(c, &sim, &copy, &r);
			if (!r.safe && (c->g->strict || c->g->settle))
				return t;
		}
		d = b->kind == OPT_GOTO ? 0 : vn_cond_decide(c, &sim, &b->term);
		if (d < 0)
			return t;
		next = b->succ[d];
		if (vn_changed_regs(st, &sim) & c->g->b[next].live_in)
			return t;
		t = next;
	}
}

/*
 * Do b's statements, entered with state st, leave every register as it
 * was, as a whole ("ld [16]; and #0xff000000" after the same two; "ldx
 * M[0]; ...; tax; ld [x + 0]" recomputing what X and A hold: no single
 * statement is a no-op, the whole run is)? keep_unsafe: a statement that
 * may reject a short packet makes the answer no.
 */
static int block_changes_nothing(struct vn_ctx *c, const struct opt_block *b,
				 const struct vn_state *st, int keep_unsafe)
{
	struct vn_state sim = *st;
	struct vn_effect r;
	u_int i;

	for (i = 0; i < b->nstmts; i++) {
		struct bpf_insn copy = b->stmts[i];

		vn_step(c, &sim, &copy, &r);
		if (!r.safe && keep_unsafe)
			return 0;
	}
	return vn_changed_regs(st, &sim) == 0;
}

/* Move blk just before 'before' in the topological order (blk is later). */
static void topo_move(struct opt_prog *g, int blk, int before)
{
	u_int i, from = 0, to = 0;

	for (i = 0; i < g->ntopo; i++) {
		if (g->topo[i] == blk)
			from = i;
		if (g->topo[i] == before)
			to = i;
	}
	if (from <= to)
		return;
	memmove(&g->topo[to + 1], &g->topo[to], (from - to) * sizeof(int));
	g->topo[to] = blk;
}

#define PULLUP_DEPTH 64

/* Is cur a member of the chain along direction d whose other exit is x? */
static int chain_member(const struct opt_prog *g, int cur, int d, int x)
{
	const struct opt_block *bj = &g->b[cur];

	return bj->kind == OPT_COND && bj->npreds == 1 && bj->succ[1 - d] == x;
}

/*
 * Pull-up along direction d of the chain starting at block t, entered
 * with state st, as libpcap's: past the tests at the top that test what
 * A already holds, the first one that doesn't ("diff") gets in front of
 * it the first test further down that finds its value already loaded.
 * Returns the block now at the chain's head (which the caller makes
 * every edge into t enter instead); c->changes counts a pull inside.
 */
static int pull_up_dir(struct vn_ctx *c, const struct vn_state *st, int t,
		       int d)
{
	struct opt_prog *g = c->g;
	int chain[PULLUP_DEPTH + 1], n = 0, cur, x, diff, above = -1;
	uint32_t use, def, uses, defs;

	x = g->b[t].succ[1 - d];
	for (diff = t; block_changes_nothing(c, &g->b[diff], st, 0);
	     diff = g->b[diff].succ[d]) {
		above = diff;
		if (++n > PULLUP_DEPTH || !chain_member(g, g->b[diff].succ[d], d, x))
			return t;
	}
	n = 0;
	opt_block_use_def(&g->b[diff], &uses, &defs);
	chain[n++] = diff;
	for (cur = g->b[diff].succ[d]; n <= PULLUP_DEPTH; cur = g->b[cur].succ[d]) {
		struct opt_block *bj = &g->b[cur], *prev;
		uint32_t exits;

		if (!chain_member(g, cur, d, x))
			return t;
		opt_block_use_def(bj, &use, &def);
		exits = g->b[x].live_in | g->b[bj->succ[d]].live_in;
		if (!(use & defs) && !(uses & def) && !((defs | def) & exits) &&
		    block_changes_nothing(c, bj, st, 0)) {
			prev = &g->b[chain[n - 1]];
			prev->succ[d] = bj->succ[d];
			bj->succ[d] = diff;
			if (above >= 0)
				g->b[above].succ[d] = cur;
			topo_move(g, cur, diff);
			opt_live_compute(g);
			c->changes++;
			return diff == t ? cur : t;
		}
		uses |= use;
		defs |= def;
		chain[n++] = cur;
	}
	return t;
}

/*
 * The edge from b1 (side s) enters a chain of tests that all leave to the
 * same exit on one side: "x or y or z" (every true side goes to the same
 * place) or "x and y and z" (every false side does). Tests of such a
 * chain may run in any order when they read nothing the others write and
 * the exits read nothing they write. If a test further down would find
 * its value already loaded on this edge, move it to the front, where its
 * loads disappear (libpcap's "pull-up"). Not in strict mode: the tests it
 * jumps over might have rejected a truncated packet first. Returns the
 * edge's new target.
 */
static int pull_up(struct vn_ctx *c, struct opt_block *b1, int s,
		   const struct vn_state *st, int t)
{
	int moved;

	if (c->g->strict || c->g->settle || c->g->b[t].kind != OPT_COND ||
	    c->g->b[t].npreds != 1)
		return t;
	moved = pull_up_dir(c, st, t, s);
	if (moved == t)
		moved = pull_up_dir(c, st, t, 1 - s);
	b1->succ[s] = moved;
	return moved;
}

/*
 * The same for the head t of a chain entered by several edges that all
 * bring the same A (libpcap's pull-up does it too, and then decides the
 * pulled test on each edge: "(a = 1 or a = 2) and b = 6 and a = 3" is
 * found constant-false). Done when t is visited, with the meet of its
 * edges; every edge into t then enters the pulled block, which is
 * visited in t's place. Only in rounds that opt_main asks for once
 * nothing else changes any more: libpcap pulls up after threading, and
 * pulling up earlier can put an or-chain's tests in another order, and
 * so reject a truncated packet libpcap's program accepts. Returns the
 * block to visit.
 */
static int pull_up_head(struct vn_ctx *c, int t)
{
	struct opt_prog *g = c->g;
	int moved, s;
	u_int i;

	if (!g->head_pullup || g->strict || g->settle || g->b[t].kind != OPT_COND ||
	    g->b[t].npreds < 2)
		return t;
	moved = pull_up_dir(c, &c->in[t], t, 0);
	if (moved == t)
		moved = pull_up_dir(c, &c->in[t], t, 1);
	if (moved == t)
		return t;
	for (i = 0; i < g->nblocks; i++) {
		struct opt_block *p = &g->b[i];

		if (p->gone || p->kind == OPT_RET || (int)i == moved)
			continue;
		for (s = 0; s < (p->kind == OPT_COND ? 2 : 1); s++)
			if (p->succ[s] == t)
				p->succ[s] = moved;
	}
	if (g->entry == t)
		g->entry = moved;
	g->b[moved].npreds = g->b[t].npreds;
	g->b[t].npreds = 1;
	c->in[moved] = c->in[t];
	c->in[t].valid = 0;	/* from the pulled block's edge, when visited */
	return moved;
}

/* Send the state along edge s of block b, threading it first. */
static void follow_edge(struct vn_ctx *c, struct opt_block *b, int s,
			const struct vn_state *exit_st)
{
	struct vn_state st = *exit_st;
	uint32_t k;
	int t;

	if (b->kind == OPT_COND && vn_cond_operand(c, &st, &b->term, &k))
		vn_add_fact(c, &st, st.a, BPF_OP(b->term.code), k, s == 0);
	else if (b->kind == OPT_COND)	/* A compared with an unknown X */
		vn_add_fact(c, &st, st.a, BPF_OP(b->term.code) | BPF_X, st.x,
			    s == 0);
	t = thread_edge(c, &st, b->succ[s]);
	if (t != b->succ[s]) {
		c->g->b[b->succ[s]].npreds--;
		c->g->b[t].npreds++;
		b->succ[s] = t;
		c->changes++;
	}
	b->succ[s] = pull_up(c, b, s, &st, t);
	vn_state_meet(c, &c->in[b->succ[s]], &st);
}

static int reads_x(const struct bpf_insn *in)
{
	switch (in->code) {
	case BPF_MISC | BPF_TXA:
	case BPF_STX:
		return 1;
	}
	if (BPF_CLASS(in->code) == BPF_ALU)
		return BPF_SRC(in->code) == BPF_X && BPF_OP(in->code) != BPF_NEG;
	return BPF_CLASS(in->code) == BPF_LD && BPF_MODE(in->code) == BPF_IND;
}

static int writes_x(const struct bpf_insn *in)
{
	return BPF_CLASS(in->code) == BPF_LDX || in->code == (BPF_MISC | BPF_TAX);
}

/*
 * "A = X + c; tax; ld [x + k] ..." where the sum in X is read by nothing
 * but indexed loads: make them "ld [x + k + c]" and drop the tax, after
 * which the addition is usually dead. This is the shape of every access
 * to a transport header past a variable IPv4 header. Only done when X
 * comes from "ldxb 4*([k]&0xf)" (at most 60), so no sum can wrap.
 * Returns 1 if the tax at index i went.
 */
static int fold_tax_offset(struct vn_ctx *c, struct opt_block *b, u_int i,
			   const struct vn_state *st)
{
	const struct vn_entry *e = &c->t.e[st->a];
	uint32_t other, add;
	u_int j;

	if (e->code != (BPF_ALU | BPF_ADD | BPF_X) ||
	    c->t.e[st->x].code != (BPF_LDX | BPF_MSH | BPF_B))
		return 0;
	if (e->a == st->x)
		other = e->b;
	else if (e->b == st->x)
		other = e->a;
	else
		return 0;
	if (c->t.e[other].code != VN_CONST || c->t.e[other].a >= 0x40000000u)
		return 0;
	add = c->t.e[other].a;
	for (j = i + 1; j < b->nstmts && !writes_x(&b->stmts[j]); j++) {
		if (!reads_x(&b->stmts[j]))
			continue;
		if (BPF_MODE(b->stmts[j].code) != BPF_IND ||
		    b->stmts[j].k >= 0x40000000u)
			return 0;
	}
	if (j == b->nstmts) {	/* the sum would still be in X afterwards */
		if (b->kind == OPT_COND && BPF_SRC(b->term.code) == BPF_X)
			return 0;
		if (b->kind != OPT_RET &&
		    ((c->g->b[b->succ[0]].live_in & OPT_LIVE_X) ||
		     (b->kind == OPT_COND &&
		      (c->g->b[b->succ[1]].live_in & OPT_LIVE_X))))
			return 0;
	}
	for (j = i + 1; j < b->nstmts && !writes_x(&b->stmts[j]); j++)
		if (reads_x(&b->stmts[j]))
			b->stmts[j].k += add;
	opt_block_delete_stmt(b, i);
	return 1;
}

/*
 * "and #m; jeq #0" is "jset #m" with the targets swapped, "sub #k; jeq #c"
 * is "jeq #(c + k)", "add #k; jeq #c" is "jeq #(c - k)", when nothing
 * after the jump reads A. Returns 1 if the block's last statement went.
 */
static int fold_alu_into_jump(struct vn_ctx *c, struct opt_block *b,
			      int last_by_x)
{
	const struct opt_prog *g = c->g;
	struct bpf_insn *last;
	int t;

	if (b->kind != OPT_COND || b->nstmts == 0 ||
	    b->term.code != (BPF_JMP | BPF_JEQ | BPF_K) ||
	    ((g->b[b->succ[0]].live_in | g->b[b->succ[1]].live_in) & OPT_LIVE_A))
		return 0;
	last = &b->stmts[b->nstmts - 1];
	switch (last->code) {
	case BPF_ALU | BPF_AND | BPF_K:
		if (b->term.k != 0)
			return 0;
		b->term.code = BPF_JMP | BPF_JSET | BPF_K;
		b->term.k = last->k;
		t = b->succ[0];
		b->succ[0] = b->succ[1];
		b->succ[1] = t;
		break;
	case BPF_ALU | BPF_SUB | BPF_K:
		/* libpcap's first phase folds its comparison's own "sub x"
		 * with a constant X; a "sub #k" of arithmetic (mqpcap's code
		 * compares with constants directly) only with the second
		 * phase's folds: "0 - 8 = -1" after a link test stays a
		 * program */
		if (!g->strict && !g->settle && !last_by_x)
			return 0;
		b->term.k += last->k;
		break;
	case BPF_ALU | BPF_ADD | BPF_K:
		/* libpcap folds "sub" so, not "add": "ld #2; add #2; jeq #4"
		 * must not be decided before its second phase */
		if (!g->strict && !g->settle)
			return 0;
		b->term.k -= last->k;
		break;
	default:
		return 0;
	}
	b->nstmts--;
	return 1;
}

static int stmts_safe(const struct opt_block *b)
{
	u_int i;

	for (i = 0; i < b->nstmts; i++)
		if (!b->safe[i])
			return 0;
	return 1;
}

/* May libpcap's second phase decide this jump: is A a constant, or is
 * it "jset #0"? */
static int settle_decidable(const struct vn_ctx *c, const struct vn_state *st,
			    const struct bpf_insn *term)
{
	uint32_t a;

	if (term->code == (BPF_JMP | BPF_JSET | BPF_K) && term->k == 0)
		return 1;
	return vn_known(c, st, st->a, &a);
}

static void visit_block(struct vn_ctx *c, int id)
{
	struct opt_block *b = &c->g->b[id];
	struct vn_state st = c->in[id];
	uint32_t last_a = st.a;
	int last_by_x = 0;
	struct vn_effect r;
	uint32_t k;
	u_int i;
	int d;

	if (b->nstmts > 1 &&
	    block_changes_nothing(c, b, &st, c->g->strict || c->g->settle)) {
		b->nstmts = 0;
		c->changes++;
	}
	for (i = 0; i < b->nstmts; ) {
		struct bpf_insn before = b->stmts[i];
		uint32_t a_before = st.a;

		/* a second-phase rewrite in libpcap: it changes value numbers */
		if (before.code == (BPF_MISC | BPF_TAX) &&
		    (c->g->strict || c->g->settle) &&
		    fold_tax_offset(c, b, i, &st)) {
			c->changes++;
			continue;
		}

		vn_step(c, &st, &b->stmts[i], &r);
		if (memcmp(&before, &b->stmts[i], sizeof(before)) != 0)
			c->changes++;	/* rewritten into a cheaper form */
		if (r.noop && r.safe) {
			opt_block_delete_stmt(b, i);
			c->changes++;
			continue;
		}
		b->safe[i++] = (uint8_t)r.safe;
		last_a = a_before;
		last_by_x = BPF_CLASS(before.code) == BPF_ALU &&
			    BPF_SRC(before.code) == BPF_X;
	}
	if (b->kind == OPT_RET)
		return;
	if (fold_alu_into_jump(c, b, last_by_x)) {
		st.a = last_a;
		c->changes++;
	}
	if (b->kind == OPT_COND) {
		/* compare with a known X as a constant: X may become dead */
		if (BPF_SRC(b->term.code) == BPF_X &&
		    vn_cond_operand(c, &st, &b->term, &k)) {
			b->term.code = BPF_JMP | BPF_OP(b->term.code) | BPF_K;
			b->term.k = k;
			c->changes++;
		}
		/* in libpcap's second phase a decided jump stays, with the
		 * loads before it, unless none of them can reject; and only
		 * a constant A decides it there: what earlier tests said is
		 * used by the first phase's threading alone ("len + 0 > 5
		 * and not len > 5" keeps both tests) */
		d = c->g->settle && !settle_decidable(c, &st, &b->term) ? -1 :
			vn_cond_decide(c, &st, &b->term);
		if (c->g->settle && !stmts_safe(b))
			d = -1;
		if (d >= 0) {
			c->g->b[b->succ[1 - d]].npreds--;
			b->kind = OPT_GOTO;
			b->succ[0] = b->succ[d];
			b->succ[1] = -1;
			c->changes++;
		}
	}
	follow_edge(c, b, 0, &st);
	if (b->kind == OPT_COND)
		follow_edge(c, b, 1, &st);
}

int opt_forward_pass(struct opt_prog *g)
{
	struct vn_ctx c = { .g = g };
	u_int i;
	int rc = -1;

	opt_live_compute(g);
	c.in = calloc(g->nblocks, sizeof(*c.in));
	if (c.in == NULL || vn_grow(&c.t) < 0)
		goto out;
	vn_state_init(&c, &c.in[g->entry]);
	for (i = 0; i < g->ntopo; i++) {
		int id = g->topo[i];

		if (!c.in[id].valid)	/* every edge into it was threaded away */
			continue;
		id = pull_up_head(&c, id);
		visit_block(&c, id);
		if (c.t.oom)
			goto out;
	}
	rc = c.changes;
out:
	free(c.in);
	free(c.t.e);
	free(c.t.slot);
	return rc;
}
