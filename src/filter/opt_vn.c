/*
 * Value numbering over the block graph, one forward pass in topological
 * order. Every value a register or scratch word can hold gets a number:
 * equal numbers mean equal values for the same packet (the same load,
 * the same operation on the same operands, the same constant). Values
 * that differ between incoming paths get a fresh number.
 *
 * Each block is entered with the meet of the states its incoming edges
 * carry; the pass then
 *  - deletes statements that leave the state unchanged (a reload of what
 *    A already holds, a store of what the word already holds);
 *  - folds constants and turns "op x" into "op #k" when X is a known
 *    constant, so that X often becomes dead;
 *  - marks each statement that cannot reject the packet ("safe"): a load
 *    inside the bytes some earlier load already proved present, or whose
 *    value some earlier instruction computed on every path; division by a
 *    known non-zero X. Only safe statements may later be deleted as dead;
 *  - threads each outgoing edge: if the block the edge enters would
 *    decide its jump the same way for every packet that takes this edge
 *    (given what the edge knows: "A == 0x800" on a jeq's true side, a
 *    constant, ...) and skipping it changes nothing that is read later,
 *    the edge goes straight to the decided target. Repeated along the
 *    chain.
 * States along edges are exact for the program as it is at that moment,
 * so every rewrite is checked against what the registers really hold.
 *
 * In strict mode (FILTER_OPT_STRICT) a statement that may reject the
 * packet is never removed unless it is proven not to; by default loads
 * are pure, as in libpcap's optimizer, so that pcap_compile's programs
 * accept the same truncated packets libpcap's do.
 *
 * Loads at negative offsets are the kernel's ancillary data (SKF_AD_*,
 * SKF_NET_OFF, SKF_LL_OFF): each gets a fresh number and is never assumed
 * to succeed, since user space and the kernel answer them differently.
 */
#include "filter/opt_cfg.h"

#include <stdlib.h>
#include <string.h>

#define VN_CONST	0x1000u
#define VN_FRESH	0x1001u
#define VN_MAXFACTS	32

struct vn_entry {
	uint32_t code;
	uint32_t a, b;
};

struct vn_table {
	struct vn_entry *e;
	u_int n, cap;
	uint32_t *slot;		/* open addressing: entry index + 1, 0 empty */
	u_int nslots;
	int oom;
};

/* What is known about a value: (v op k) == truth, op a jump comparison. */
struct vn_fact {
	uint32_t v;
	uint32_t k;
	uint16_t op;
	uint16_t truth;
};

struct vn_state {
	int valid;
	uint32_t a, x, m[BPF_MEMWORDS];
	uint32_t bound;		/* the packet has at least this many bytes */
	u_int nfacts;
	struct vn_fact f[VN_MAXFACTS];
};

struct vn_ctx {
	struct opt_prog *g;
	struct vn_table t;
	struct vn_state *in;	/* per block: meet of incoming edges */
	int changes;
};

/* ---- the value table -------------------------------------------------- */

static uint32_t vn_hash(uint32_t code, uint32_t a, uint32_t b)
{
	uint32_t h = code * 0x9e3779b1u ^ a * 0x85ebca77u ^ b * 0xc2b2ae3du;

	return h ^ (h >> 15);
}

static int vn_grow(struct vn_table *t)
{
	u_int nslots = t->nslots ? t->nslots * 2 : 1024, i;
	uint32_t *slot = calloc(nslots, sizeof(*slot));
	struct vn_entry *e = realloc(t->e, nslots / 2 * sizeof(*e));

	if (slot == NULL || e == NULL) {
		free(slot);
		if (e != NULL)
			t->e = e;
		t->oom = 1;
		return -1;
	}
	t->e = e;
	t->cap = nslots / 2;
	for (i = 0; i < t->n; i++) {
		uint32_t h = vn_hash(e[i].code, e[i].a, e[i].b) & (nslots - 1);

		while (slot[h])
			h = (h + 1) & (nslots - 1);
		slot[h] = i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslots = nslots;
	return 0;
}

static uint32_t vn_get(struct vn_table *t, uint32_t code, uint32_t a, uint32_t b)
{
	uint32_t h;

	if (t->n + 1 > t->cap && vn_grow(t) < 0)
		return 0;	/* value 0 is fresh entry 0: never equal to a real one */
	h = vn_hash(code, a, b) & (t->nslots - 1);
	if (code != VN_FRESH) {
		for (; t->slot[h]; h = (h + 1) & (t->nslots - 1)) {
			const struct vn_entry *e = &t->e[t->slot[h] - 1];

			if (e->code == code && e->a == a && e->b == b)
				return t->slot[h] - 1;
		}
	} else {
		while (t->slot[h])
			h = (h + 1) & (t->nslots - 1);
	}
	t->e[t->n] = (struct vn_entry){ code, a, b };
	t->slot[h] = ++t->n;
	return t->n - 1;
}

static uint32_t vn_fresh(struct vn_table *t)
{
	return vn_get(t, VN_FRESH, t->n, 0);
}

static uint32_t vn_const(struct vn_table *t, uint32_t k)
{
	return vn_get(t, VN_CONST, k, 0);
}

/* Is v a known constant here (itself one, or "v == c" is a fact)? */
static int vn_known(const struct vn_ctx *c, const struct vn_state *st,
		    uint32_t v, uint32_t *val)
{
	u_int i;

	if (c->t.e[v].code == VN_CONST) {
		*val = c->t.e[v].a;
		return 1;
	}
	for (i = 0; i < st->nfacts; i++)
		if (st->f[i].v == v && st->f[i].op == BPF_JEQ && st->f[i].truth) {
			*val = st->f[i].k;
			return 1;
		}
	return 0;
}

static int vn_equal(const struct vn_ctx *c, const struct vn_state *st,
		    uint32_t v1, uint32_t v2)
{
	uint32_t k1, k2;

	if (v1 == v2)
		return 1;
	return vn_known(c, st, v1, &k1) && vn_known(c, st, v2, &k2) && k1 == k2;
}

/* Was v computed on every path to here (so recomputing it can't fail)? */
static int vn_available(const struct vn_state *st, uint32_t v)
{
	u_int i;

	if (st->a == v || st->x == v)
		return 1;
	for (i = 0; i < BPF_MEMWORDS; i++)
		if (st->m[i] == v)
			return 1;
	for (i = 0; i < st->nfacts; i++)
		if (st->f[i].v == v)
			return 1;
	return 0;
}

/* ---- facts ------------------------------------------------------------ */

static int vn_compare(u_short op, uint32_t a, uint32_t k)
{
	switch (op) {
	case BPF_JEQ:
		return a == k;
	case BPF_JGT:
		return a > k;
	case BPF_JGE:
		return a >= k;
	default:
		return (a & k) != 0;
	}
}

/* Does fact f decide (v op k)? 1 true, 0 false, -1 unknown. */
static int fact_decides(const struct vn_fact *f, u_short op, uint32_t k)
{
	uint64_t lo = 0, hi = 0xffffffffu;

	if (f->op == op && f->k == k)
		return f->truth;
	switch (f->op) {
	case BPF_JEQ:
		if (f->truth)
			return vn_compare(op, f->k, k);
		if (op == BPF_JEQ && k == f->k)
			return 0;
		return -1;
	case BPF_JSET:
		if (f->truth) {		/* v & f->k != 0 */
			if (op == BPF_JSET && (f->k & ~k) == 0)
				return 1;
			if (op == BPF_JEQ && (k & f->k) == 0)
				return 0;
		} else {		/* v & f->k == 0 */
			if (op == BPF_JSET && (k & ~f->k) == 0)
				return 0;
			if (op == BPF_JEQ && (k & f->k) != 0)
				return 0;
		}
		return -1;
	case BPF_JGT:
		if (f->truth)
			lo = (uint64_t)f->k + 1;
		else
			hi = f->k;
		break;
	default:	/* BPF_JGE */
		if (f->truth)
			lo = f->k;
		else if (f->k == 0)
			return -1;	/* v < 0: this path can't happen */
		else
			hi = (uint64_t)f->k - 1;
		break;
	}
	if (lo > hi)
		return -1;
	switch (op) {
	case BPF_JEQ:
		if (k < lo || k > hi)
			return 0;
		return lo == hi ? 1 : -1;
	case BPF_JGT:
		if (lo > k)
			return 1;
		return hi <= k ? 0 : -1;
	case BPF_JGE:
		if (lo >= k)
			return 1;
		return hi < k ? 0 : -1;
	default:
		if (hi == 0)
			return 0;
		return lo == hi ? (int)((lo & k) != 0) : -1;
	}
}

/* Remember (v op k) == truth. An equality that holds says everything
 * about v, so it replaces v's other facts and makes new ones useless; it
 * is also the last kind of fact to be forgotten when the list is full
 * (a long chain of "!= c" facts must not push out "EtherType == IPv4"). */
static void add_fact(struct vn_state *st, uint32_t v, u_short op, uint32_t k,
		     int truth)
{
	int eq = op == BPF_JEQ && truth;
	u_int i, n = 0, victim;

	for (i = 0; i < st->nfacts; i++) {
		const struct vn_fact *f = &st->f[i];

		if (f->v == v && ((f->op == BPF_JEQ && f->truth) ||
				  (f->op == op && f->k == k)))
			return;
	}
	if (eq) {
		for (i = 0; i < st->nfacts; i++)
			if (st->f[i].v != v)
				st->f[n++] = st->f[i];
		st->nfacts = n;
	}
	if (st->nfacts == VN_MAXFACTS) {
		for (victim = 0; victim < VN_MAXFACTS; victim++)
			if (!(st->f[victim].op == BPF_JEQ && st->f[victim].truth))
				break;
		if (victim == VN_MAXFACTS)
			victim = 0;
		memmove(&st->f[victim], &st->f[victim + 1],
			(VN_MAXFACTS - 1 - victim) * sizeof(st->f[0]));
		st->nfacts--;
	}
	st->f[st->nfacts++] = (struct vn_fact){ v, k, op, (uint16_t)truth };
}

/* ---- statements ----------------------------------------------------- */

static uint32_t load_size(u_short code)
{
	switch (BPF_SIZE(code)) {
	case BPF_W:
		return 4;
	case BPF_H:
		return 2;
	default:
		return 1;
	}
}

/* libpcap's arithmetic, for folding; 0 if it can't be folded (division
 * by zero rejects; shifts of 32 or more differ between user space and
 * the kernel's JIT, so they stay as they are). */
static int alu_fold(u_short op, uint32_t a, uint32_t b, uint32_t *r)
{
	switch (op) {
	case BPF_ADD: *r = a + b; return 1;
	case BPF_SUB: *r = a - b; return 1;
	case BPF_MUL: *r = a * b; return 1;
	case BPF_DIV: if (!b) return 0; *r = a / b; return 1;
	case BPF_MOD: if (!b) return 0; *r = a % b; return 1;
	case BPF_AND: *r = a & b; return 1;
	case BPF_OR: *r = a | b; return 1;
	case BPF_XOR: *r = a ^ b; return 1;
	case BPF_LSH: if (b >= 32) return 0; *r = a << b; return 1;
	case BPF_RSH: if (b >= 32) return 0; *r = a >> b; return 1;
	default: return 0;
	}
}

/* Does "A op b" leave A as it is? */
static int alu_identity(u_short op, uint32_t b)
{
	switch (op) {
	case BPF_ADD: case BPF_SUB: case BPF_OR: case BPF_XOR:
	case BPF_LSH: case BPF_RSH:
		return b == 0;
	case BPF_MUL: case BPF_DIV:
		return b == 1;
	case BPF_AND:
		return b == 0xffffffffu;
	default:
		return 0;
	}
}

struct step {
	int safe;	/* cannot reject */
	int noop;	/* leaves the state as it was: may be deleted */
};

static void step_abs_load(struct vn_ctx *c, struct vn_state *st,
			  const struct bpf_insn *in, struct step *r, int to_x)
{
	uint32_t size = to_x ? 1 : load_size(in->code), v;
	uint32_t end = in->k + size;

	if (in->k >= 0x80000000u) {	/* kernel special offsets */
		v = vn_fresh(&c->t);
		r->safe = 0;
	} else {
		v = vn_get(&c->t, in->code, in->k, 0);
		r->safe = end <= st->bound || vn_available(st, v);
		if (end > st->bound)
			st->bound = end;
	}
	if (to_x) {
		r->noop = vn_equal(c, st, st->x, v);
		if (!r->noop)
			st->x = v;
	} else {
		r->noop = vn_equal(c, st, st->a, v);
		if (!r->noop)
			st->a = v;
	}
}

static void step_ind_load(struct vn_ctx *c, struct vn_state *st,
			  struct bpf_insn *in, struct step *r)
{
	uint32_t size = load_size(in->code), xk, v;

	/* [x + k] with a known X is an absolute load. libpcap's optimizer
	 * adds in 32 bits, as the kernel does, where its interpreter would
	 * reject X + k >= 2^32: only in libpcap's mode. */
	if (vn_known(c, st, st->x, &xk) &&
	    ((uint64_t)xk + in->k < 0x80000000u ||
	     (!c->g->strict && (uint32_t)(xk + in->k) < 0x80000000u))) {
		in->code = BPF_LD | BPF_SIZE(in->code) | BPF_ABS;
		in->k += xk;
		step_abs_load(c, st, in, r, 0);
		return;
	}
	v = vn_get(&c->t, in->code, st->x, in->k);
	r->safe = vn_available(st, v);
	/* success means X + k + size <= buflen, so k + size too */
	if (in->k < 0x80000000u && in->k + size > st->bound)
		st->bound = in->k + size;
	r->noop = vn_equal(c, st, st->a, v);
	if (!r->noop)
		st->a = v;
}

static void step_alu(struct vn_ctx *c, struct vn_state *st,
		     struct bpf_insn *in, struct step *r)
{
	u_short op = BPF_OP(in->code);
	uint32_t vb, a, b, res, v;
	int bknown;

	if (op == BPF_NEG) {
		r->safe = 1;
		if (vn_known(c, st, st->a, &a)) {
			*in = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_IMM, -a);
			st->a = vn_const(&c->t, -a);
		} else {
			st->a = vn_get(&c->t, in->code, st->a, 0);
		}
		return;
	}
	vb = BPF_SRC(in->code) == BPF_X ? st->x : vn_const(&c->t, in->k);
	bknown = vn_known(c, st, vb, &b);
	/* op x with a known X: use the constant, X may then be dead */
	if (BPF_SRC(in->code) == BPF_X && bknown &&
	    !((op == BPF_DIV || op == BPF_MOD) && b == 0) &&
	    !((op == BPF_LSH || op == BPF_RSH) && b >= 32)) {
		in->code = BPF_ALU | op | BPF_K;
		in->k = b;
		vb = vn_const(&c->t, b);
	}
	r->safe = !(op == BPF_DIV || op == BPF_MOD) || (bknown && b != 0);
	if (bknown && alu_identity(op, b)) {
		r->noop = 1;
		return;
	}
	/* 0 + X, 0 | X, 0 ^ X, 1 * X: just X */
	if (BPF_SRC(in->code) == BPF_X && vn_known(c, st, st->a, &a) &&
	    (((op == BPF_ADD || op == BPF_OR || op == BPF_XOR) && a == 0) ||
	     (op == BPF_MUL && a == 1))) {
		*in = (struct bpf_insn)BPF_STMT(BPF_MISC | BPF_TXA, 0);
		r->noop = vn_equal(c, st, st->a, st->x);
		st->a = st->x;
		return;
	}
	if (bknown && vn_known(c, st, st->a, &a) && alu_fold(op, a, b, &res)) {
		*in = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_IMM, res);
		v = vn_const(&c->t, res);
		r->noop = vn_equal(c, st, st->a, v);
		st->a = v;
		return;
	}
	if (bknown && (op == BPF_MUL || op == BPF_AND) && b == 0) {
		*in = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_IMM, 0);
		v = vn_const(&c->t, 0);
		r->noop = vn_equal(c, st, st->a, v);
		st->a = v;
		return;
	}
	v = vn_get(&c->t, BPF_ALU | op | BPF_X, st->a, vb);
	if (!r->safe && vn_available(st, v))
		r->safe = 1;	/* the same division already succeeded */
	st->a = v;
}

/* A scratch word holding a known constant, or what the other register
 * holds, is loaded as such: the store often becomes dead. */
static void step_mem_load(struct vn_ctx *c, struct vn_state *st,
			  struct bpf_insn *in, struct step *r)
{
	int to_a = BPF_CLASS(in->code) == BPF_LD;
	uint32_t v = st->m[in->k], val;

	if (vn_known(c, st, v, &val))
		*in = (struct bpf_insn)BPF_STMT((to_a ? BPF_LD : BPF_LDX) | BPF_IMM, val);
	else if (v == (to_a ? st->x : st->a))
		*in = (struct bpf_insn)BPF_STMT(BPF_MISC | (to_a ? BPF_TXA : BPF_TAX), 0);
	if (to_a) {
		r->noop = vn_equal(c, st, st->a, v);
		st->a = r->noop ? st->a : v;
	} else {
		r->noop = vn_equal(c, st, st->x, v);
		st->x = r->noop ? st->x : v;
	}
}

/* Apply one statement (possibly rewriting it into a cheaper equivalent). */
static void vn_step(struct vn_ctx *c, struct vn_state *st, struct bpf_insn *in,
		    struct step *r)
{
	uint32_t v;

	r->safe = 1;
	r->noop = 0;
	switch (in->code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
		step_abs_load(c, st, in, r, 0);
		break;
	case BPF_LDX | BPF_MSH | BPF_B:
		step_abs_load(c, st, in, r, 1);
		break;
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
		step_ind_load(c, st, in, r);
		break;
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
		v = BPF_MODE(in->code) == BPF_LEN ?
			vn_get(&c->t, BPF_LD | BPF_W | BPF_LEN, 0, 0) :
			vn_const(&c->t, in->k);
		if (BPF_CLASS(in->code) == BPF_LD) {
			r->noop = vn_equal(c, st, st->a, v);
			st->a = r->noop ? st->a : v;
		} else {
			r->noop = vn_equal(c, st, st->x, v);
			st->x = r->noop ? st->x : v;
		}
		break;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
		step_mem_load(c, st, in, r);
		break;
	case BPF_ST:
		r->noop = vn_equal(c, st, st->m[in->k], st->a);
		st->m[in->k] = r->noop ? st->m[in->k] : st->a;
		break;
	case BPF_STX:
		r->noop = vn_equal(c, st, st->m[in->k], st->x);
		st->m[in->k] = r->noop ? st->m[in->k] : st->x;
		break;
	case BPF_MISC | BPF_TAX:
		r->noop = vn_equal(c, st, st->x, st->a);
		st->x = r->noop ? st->x : st->a;
		break;
	case BPF_MISC | BPF_TXA:
		r->noop = vn_equal(c, st, st->a, st->x);
		st->a = r->noop ? st->a : st->x;
		break;
	default:
		step_alu(c, st, in, r);
		break;
	}
}

/* ---- jumps ------------------------------------------------------------ */

/* The constant a conditional jump compares A with, if known. */
static int cond_operand(const struct vn_ctx *c, const struct vn_state *st,
			const struct bpf_insn *term, uint32_t *k)
{
	if (BPF_SRC(term->code) == BPF_K) {
		*k = term->k;
		return 1;
	}
	return vn_known(c, st, st->x, k);
}

/* 0: the true branch is taken, 1: the false one, -1: depends. */
static int cond_decide(const struct vn_ctx *c, const struct vn_state *st,
		       const struct bpf_insn *term)
{
	u_short op = BPF_OP(term->code);
	uint32_t k, a;
	u_int i;
	int d;

	if (!cond_operand(c, st, term, &k)) {
		if (st->a != st->x)
			return -1;
		switch (op) {	/* A compared with itself */
		case BPF_JEQ: case BPF_JGE:
			return 0;
		case BPF_JGT:
			return 1;
		default:
			return -1;
		}
	}
	if (vn_known(c, st, st->a, &a))
		return vn_compare(op, a, k) ? 0 : 1;
	for (i = 0; i < st->nfacts; i++) {
		if (st->f[i].v != st->a)
			continue;
		d = fact_decides(&st->f[i], op, k);
		if (d >= 0)
			return d ? 0 : 1;
	}
	return -1;
}

/* ---- states ----------------------------------------------------------- */

static void state_meet(struct vn_ctx *c, struct vn_state *acc,
		       const struct vn_state *s)
{
	u_int i, j, n = 0;

	if (!acc->valid) {
		*acc = *s;
		return;
	}
	if (acc->a != s->a)
		acc->a = vn_fresh(&c->t);
	if (acc->x != s->x)
		acc->x = vn_fresh(&c->t);
	for (i = 0; i < BPF_MEMWORDS; i++)
		if (acc->m[i] != s->m[i])
			acc->m[i] = vn_fresh(&c->t);
	if (s->bound < acc->bound)
		acc->bound = s->bound;
	for (i = 0; i < acc->nfacts; i++)
		for (j = 0; j < s->nfacts; j++)
			if (memcmp(&acc->f[i], &s->f[j], sizeof(acc->f[i])) == 0) {
				acc->f[n++] = acc->f[i];
				break;
			}
	acc->nfacts = n;
}

static void state_init(struct vn_ctx *c, struct vn_state *st)
{
	u_int i;

	memset(st, 0, sizeof(*st));
	st->valid = 1;
	st->a = st->x = vn_const(&c->t, 0);	/* A and X start at 0 */
	for (i = 0; i < BPF_MEMWORDS; i++)
		st->m[i] = vn_fresh(&c->t);
}

/* Which registers does the block change, relative to state before? */
static uint32_t changed_regs(const struct vn_state *before,
			     const struct vn_state *after)
{
	uint32_t ch = 0;
	u_int i;

	if (before->a != after->a)
		ch |= OPT_LIVE_A;
	if (before->x != after->x)
		ch |= OPT_LIVE_X;
	for (i = 0; i < BPF_MEMWORDS; i++)
		if (before->m[i] != after->m[i])
			ch |= OPT_LIVE_M(i);
	return ch;
}

/* Where does an edge carrying state st into block t really lead? Follows
 * blocks that decide the same way for every packet on the edge and whose
 * statements neither reject nor change anything read afterwards. */
static int thread_edge(struct vn_ctx *c, const struct vn_state *st, int t)
{
	struct vn_state sim;
	struct step r;
	u_int i;
	int d;

	for (;;) {
		struct opt_block *b = &c->g->b[t];
		int next;

		if (b->kind == OPT_RET)
			return t;
		sim = *st;
		for (i = 0; i < b->nstmts; i++) {
			struct bpf_insn copy = b->stmts[i];

			vn_step(c, &sim, &copy, &r);
			if (!r.safe && c->g->strict)
				return t;
		}
		d = b->kind == OPT_GOTO ? 0 : cond_decide(c, &sim, &b->term);
		if (d < 0)
			return t;
		next = b->succ[d];
		if (changed_regs(st, &sim) & c->g->b[next].live_in)
			return t;
		t = next;
	}
}

/* Would every statement of b leave the state st as it is? */
static int block_is_redundant(struct vn_ctx *c, const struct opt_block *b,
			      const struct vn_state *st)
{
	struct vn_state sim = *st;
	struct step r;
	u_int i;

	for (i = 0; i < b->nstmts; i++) {
		struct bpf_insn copy = b->stmts[i];

		vn_step(c, &sim, &copy, &r);
		if (!r.noop)
			return 0;
	}
	return 1;
}

/* Move block j of the topological order to position i (i < j). */
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

/* Pull-up along direction d of the chain starting at block t. */
static int pull_up_dir(struct vn_ctx *c, struct opt_block *b1, int s,
		       const struct vn_state *st, int t, int d)
{
	struct opt_prog *g = c->g;
	struct opt_block *prev = &g->b[t];
	int chain[PULLUP_DEPTH + 1], n = 0, cur, x, k;
	uint32_t use, def, uses, defs;

	x = prev->succ[1 - d];
	opt_block_use_def(prev, &uses, &defs);
	chain[n++] = t;
	for (cur = prev->succ[d]; n <= PULLUP_DEPTH; cur = g->b[cur].succ[d]) {
		struct opt_block *bj = &g->b[cur];
		uint32_t exits;

		if (bj->kind != OPT_COND || bj->npreds != 1 || bj->succ[1 - d] != x)
			return t;
		opt_block_use_def(bj, &use, &def);
		exits = g->b[x].live_in | g->b[bj->succ[d]].live_in;
		if (!(use & defs) && !(uses & def) && !((defs | def) & exits) &&
		    block_is_redundant(c, bj, st)) {
			prev->succ[d] = bj->succ[d];
			bj->succ[d] = t;
			b1->succ[s] = cur;
			topo_move(g, cur, t);
			for (k = n; k-- > 0; )
				opt_live_block(g, &g->b[chain[k]]);
			opt_live_block(g, bj);
			c->changes++;
			return cur;
		}
		uses |= use;
		defs |= def;
		chain[n++] = cur;
		prev = bj;
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

	if (c->g->strict || c->g->b[t].kind != OPT_COND ||
	    c->g->b[t].npreds != 1)
		return t;
	moved = pull_up_dir(c, b1, s, st, t, s);
	if (moved == t)
		moved = pull_up_dir(c, b1, s, st, t, 1 - s);
	return moved;
}

/* Send the state along edge s of block b, threading it first. */
static void follow_edge(struct vn_ctx *c, struct opt_block *b, int s,
			const struct vn_state *exit_st)
{
	struct vn_state st = *exit_st;
	uint32_t k;
	int t;

	if (b->kind == OPT_COND && cond_operand(c, &st, &b->term, &k))
		add_fact(&st, st.a, BPF_OP(b->term.code), k, s == 0);
	t = thread_edge(c, &st, b->succ[s]);
	if (t != b->succ[s]) {
		c->g->b[b->succ[s]].npreds--;
		c->g->b[t].npreds++;
		b->succ[s] = t;
		c->changes++;
	}
	b->succ[s] = pull_up(c, b, s, &st, t);
	state_meet(c, &c->in[b->succ[s]], &st);
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
static int fold_alu_into_jump(struct vn_ctx *c, struct opt_block *b)
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
		b->term.k += last->k;
		break;
	case BPF_ALU | BPF_ADD | BPF_K:
		b->term.k -= last->k;
		break;
	default:
		return 0;
	}
	b->nstmts--;
	return 1;
}

static void visit_block(struct vn_ctx *c, int id)
{
	struct opt_block *b = &c->g->b[id];
	struct vn_state st = c->in[id];
	uint32_t last_a = st.a;
	struct step r;
	uint32_t k;
	u_int i;
	int d;

	for (i = 0; i < b->nstmts; ) {
		struct bpf_insn before = b->stmts[i];
		uint32_t a_before = st.a;

		if (before.code == (BPF_MISC | BPF_TAX) &&
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
	}
	if (b->kind == OPT_RET)
		return;
	if (fold_alu_into_jump(c, b)) {
		st.a = last_a;
		c->changes++;
	}
	if (b->kind == OPT_COND) {
		/* compare with a known X as a constant: X may become dead */
		if (BPF_SRC(b->term.code) == BPF_X && cond_operand(c, &st, &b->term, &k)) {
			b->term.code = BPF_JMP | BPF_OP(b->term.code) | BPF_K;
			b->term.k = k;
			c->changes++;
		}
		d = cond_decide(c, &st, &b->term);
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

int opt_vn_pass(struct opt_prog *g)
{
	struct vn_ctx c = { .g = g };
	u_int i;
	int rc = -1;

	opt_live_compute(g);
	c.in = calloc(g->nblocks, sizeof(*c.in));
	if (c.in == NULL || vn_grow(&c.t) < 0)
		goto out;
	state_init(&c, &c.in[g->entry]);
	for (i = 0; i < g->ntopo; i++) {
		int id = g->topo[i];

		if (!c.in[id].valid)	/* every edge into it was threaded away */
			continue;
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
