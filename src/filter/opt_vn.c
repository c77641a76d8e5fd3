/*
 * Value numbering for the optimizer's forward pass (opt_forward.c). Every
 * value a register or scratch word can hold gets a number: equal numbers
 * mean equal values for the same packet (the same load, the same operation
 * on the same operands, the same constant). Values that differ between
 * incoming paths get a fresh number. Facts learnt from jumps ("v == 0x800"
 * on a jeq's true side, "v > 1023", "v & 0x1fff == 0") decide later tests.
 *
 * vn_step applies one statement to a state and says whether it changed
 * anything (a reload of what A already holds doesn't) and whether it can
 * reject the packet: a load inside the bytes an earlier load proved
 * present, or whose value was computed on every path, cannot; nor can a
 * division by a known non-zero X. It also rewrites statements into cheaper
 * equivalents: constants folded, "op x" with a known X as "op #k",
 * "[x + k]" with a known X as an absolute load, "ld M[k]" of a constant
 * as "ld #k".
 *
 * Loads at negative offsets are the kernel's ancillary data (SKF_AD_*,
 * SKF_NET_OFF, SKF_LL_OFF): numbered as other loads, but never assumed
 * to succeed, since user space and the kernel answer them differently.
 */
#include "filter/opt_vn.h"

#include <stdlib.h>
#include <string.h>

/* ---- the value table -------------------------------------------------- */

static uint32_t vn_hash(uint32_t code, uint32_t a, uint32_t b)
{
	uint32_t h = code * 0x9e3779b1u ^ a * 0x85ebca77u ^ b * 0xc2b2ae3du;

	return h ^ (h >> 15);
}

int vn_grow(struct vn_table *t)
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

uint32_t vn_fresh(struct vn_table *t)
{
	return vn_get(t, VN_FRESH, t->n, 0);
}

uint32_t vn_const(struct vn_table *t, uint32_t k)
{
	return vn_get(t, VN_CONST, k, 0);
}

/* Is v a known constant here (itself one, or "v == c" is a fact)? Only
 * in strict mode does a fact count: libpcap's value numbers know only
 * constants computed from constants. */
int vn_known(const struct vn_ctx *c, const struct vn_state *st,
		    uint32_t v, uint32_t *val)
{
	u_int i;

	if (c->t.e[v].code == VN_CONST) {
		*val = c->t.e[v].a;
		return 1;
	}
	if (!c->g->strict)
		return 0;
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

/*
 * What libpcap's optimizer learns from a dominating edge: the same test
 * of the same value, or, on the true side of "jeq #c", that "jeq #k"
 * with another k fails. Nothing from ranges or bits. 1 true, 0 false,
 * -1 unknown.
 */
static int fact_decides_libpcap(const struct vn_fact *f, u_short op, uint32_t k)
{
	if (f->op == op && f->k == k)
		return f->truth;
	if (f->op == BPF_JEQ && f->truth && op == BPF_JEQ)
		return 0;
	return -1;
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

/* Remember (v op k) == truth. In strict mode an equality that holds
 * says everything about v, so it replaces v's other facts and makes new
 * ones useless (libpcap's power stops at the same test and at other
 * constants for "jeq": there every test is kept). An equality is also the
 * last kind of fact to be forgotten when the list is full (a long chain
 * of "!= c" facts must not push out "EtherType == IPv4"). */
void vn_add_fact(const struct vn_ctx *c, struct vn_state *st, uint32_t v,
		 u_short op, uint32_t k, int truth)
{
	int eq = op == BPF_JEQ && truth && c->g->strict;
	u_int i, n = 0, victim;

	for (i = 0; i < st->nfacts; i++) {
		const struct vn_fact *f = &st->f[i];

		if (f->v == v && f->op == op && f->k == k)
			return;
		if (f->v == v && f->op == BPF_JEQ && f->truth &&
		    (c->g->strict || op == BPF_JEQ))
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
 * by zero rejects). A shift by X of 32 or more gives 0, in the
 * interpreters and in libpcap's folding ("1 << (1 - 2) = 0" is true);
 * "lsh #k" with such a k is not one the compiler emits (the kernel
 * refuses it, bpf_filter takes k modulo 32): left as it is. */
static int alu_fold(u_short op, int by_x, uint32_t a, uint32_t b, uint32_t *r)
{
	if ((op == BPF_LSH || op == BPF_RSH) && b >= 32 && by_x) {
		*r = 0;
		return 1;
	}
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

/* Does "A op b" leave A as it is? libpcap's optimizer drops only an
 * operation with 0 that does nothing, and only in its second phase (not
 * "sub #0", "mul #1", "and #0xffffffff": after those A is another value
 * to it, so a jump on it is not decided by one on the operand). */
static int alu_identity(const struct vn_ctx *c, u_short op, uint32_t b)
{
	int strict = c->g->strict;

	if (!strict && !c->g->settle)
		return 0;
	switch (op) {
	case BPF_ADD: case BPF_OR: case BPF_XOR:
	case BPF_LSH: case BPF_RSH:
		return b == 0;
	case BPF_SUB:
		return strict && b == 0;
	case BPF_MUL: case BPF_DIV:
		return strict && b == 1;
	case BPF_AND:
		return strict && b == 0xffffffffu;
	default:
		return 0;
	}
}

/*
 * "A op x" with A known to be 0 and X unknown, as libpcap's second phase
 * rewrites it: 0 + x, 0 | x, 0 ^ x are x; 0 * x, 0 & x, 0 << x, 0 >> x
 * are 0, and so are 0 / x and 0 % x in libpcap's mode (it makes them 0
 * without asking whether x is 0; strict mode keeps a division that may
 * reject). 1 * x is x in strict mode only (libpcap leaves it).
 * 1 if the statement was rewritten.
 */
static int alu_zero_acc(struct vn_ctx *c, struct vn_state *st,
			struct bpf_insn *in, struct vn_effect *r, u_short op)
{
	uint32_t a, v;

	if (!vn_known(c, st, st->a, &a))
		return 0;
	if (((op == BPF_ADD || op == BPF_OR || op == BPF_XOR) && a == 0) ||
	    (op == BPF_MUL && a == 1 && c->g->strict)) {
		*in = (struct bpf_insn)BPF_STMT(BPF_MISC | BPF_TXA, 0);
		r->noop = vn_equal(c, st, st->a, st->x);
		st->a = st->x;
		return 1;
	}
	if (a != 0 || op == BPF_SUB ||
	    ((op == BPF_DIV || op == BPF_MOD) && c->g->strict))
		return 0;
	*in = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_IMM, 0);
	r->safe = 1;
	v = vn_const(&c->t, 0);
	r->noop = vn_equal(c, st, st->a, v);
	st->a = v;
	return 1;
}


/* SKF_AD_OFF + SKF_AD_RANDOM (linux/filter.h): a new number each time */
#define OPT_SKF_AD_RANDOM	(0xfffff000u + 56u)

static void step_abs_load(struct vn_ctx *c, struct vn_state *st,
			  const struct bpf_insn *in, struct vn_effect *r, int to_x)
{
	uint32_t size = to_x ? 1 : load_size(in->code), v;
	uint32_t end = in->k + size;

	if (in->k >= 0x80000000u) {	/* kernel special offsets */
		/* the same load twice gives the same value (libpcap numbers
		 * them as any load: "outbound and inbound" is constant-false),
		 * but none is assumed to succeed; SKF_AD_RANDOM differs */
		v = in->k == OPT_SKF_AD_RANDOM ? vn_fresh(&c->t) :
			vn_get(&c->t, in->code, in->k, 0);
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
			  struct bpf_insn *in, struct vn_effect *r)
{
	uint32_t size = load_size(in->code), xk, v;

	/* [x + k] with a known X is an absolute load. libpcap's optimizer
	 * adds in 32 bits, as the kernel does, where its interpreter would
	 * reject X + k >= 2^32: only in libpcap's mode. libpcap makes it one
	 * only in its second phase: until then "ldx #12; ldh [x + 0]" is
	 * another value than "ldh [12]" (no jump is decided by the other). */
	if ((c->g->strict || c->g->settle) && vn_known(c, st, st->x, &xk) &&
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
		     struct bpf_insn *in, struct vn_effect *r)
{
	u_short op = BPF_OP(in->code);
	uint32_t vb, a, b, res, v;
	/* libpcap folds constants only in its second phase, after its
	 * jumps are threaded */
	int folds = c->g->strict || c->g->settle;
	int bknown;

	if (op == BPF_NEG) {
		r->safe = 1;
		if (folds && vn_known(c, st, st->a, &a)) {
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
	if (bknown && alu_identity(c, op, b)) {
		r->noop = 1;
		return;
	}
	/* a fold, so in libpcap's second phase: "tcp[0:2]" is not "tcp src
	 * port" before it */
	if (folds && BPF_SRC(in->code) == BPF_X && !bknown &&
	    alu_zero_acc(c, st, in, r, op))
		return;
	if (folds && bknown && vn_known(c, st, st->a, &a) &&
	    alu_fold(op, BPF_SRC(in->code) == BPF_X, a, b, &res)) {
		*in = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_IMM, res);
		v = vn_const(&c->t, res);
		r->noop = vn_equal(c, st, st->a, v);
		st->a = v;
		return;
	}
	if (folds && bknown && (op == BPF_MUL || op == BPF_AND) && b == 0) {
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
			  struct bpf_insn *in, struct vn_effect *r)
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
void vn_step(struct vn_ctx *c, struct vn_state *st, struct bpf_insn *in,
		    struct vn_effect *r)
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
int vn_cond_operand(const struct vn_ctx *c, const struct vn_state *st,
			const struct bpf_insn *term, uint32_t *k)
{
	if (BPF_SRC(term->code) == BPF_K) {
		*k = term->k;
		return 1;
	}
	return vn_known(c, st, st->x, k);
}

/* 0: the true branch is taken, 1: the false one, -1: depends. */
int vn_cond_decide(const struct vn_ctx *c, const struct vn_state *st,
		       const struct bpf_insn *term)
{
	u_short op = BPF_OP(term->code);
	uint32_t k, a;
	u_int i;
	int d;

	if (!vn_cond_operand(c, st, term, &k)) {
		/* the same comparison of the same two values on a
		 * dominating edge (libpcap's too: "len <= len and not len
		 * <= len" is constant-false) */
		for (i = 0; i < st->nfacts; i++)
			if (st->f[i].v == st->a && st->f[i].k == st->x &&
			    st->f[i].op == (op | BPF_X))
				return st->f[i].truth ? 0 : 1;
		/* libpcap compares registers only when both are constants */
		if (st->a != st->x || !c->g->strict)
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
	if (op == BPF_JSET && k == 0)	/* "and #0; jeq #0" folded: never */
		return 1;
	for (i = 0; i < st->nfacts; i++) {
		if (st->f[i].v != st->a || (st->f[i].op & BPF_X))
			continue;
		d = c->g->strict ? fact_decides(&st->f[i], op, k) :
				   fact_decides_libpcap(&st->f[i], op, k);
		if (d >= 0)
			return d ? 0 : 1;
	}
	return -1;
}

/* ---- states ----------------------------------------------------------- */

void vn_state_meet(struct vn_ctx *c, struct vn_state *acc,
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

void vn_state_init(struct vn_ctx *c, struct vn_state *st)
{
	u_int i;

	memset(st, 0, sizeof(*st));
	st->valid = 1;
	st->a = st->x = vn_const(&c->t, 0);	/* A and X start at 0 */
	for (i = 0; i < BPF_MEMWORDS; i++)
		st->m[i] = vn_fresh(&c->t);
}

/* Which registers does the block change, relative to state before? */
uint32_t vn_changed_regs(const struct vn_state *before,
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
