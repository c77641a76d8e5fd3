/*
 * The code generator's core: the arena, conditions (block graphs with
 * dangling exits) and their boolean combination, packet loads, and the
 * layout of the final graph as a classic BPF array.
 *
 * Layout computes every jump offset from block positions. Classic BPF
 * conditional jumps only reach 255 instructions ahead, so a branch that
 * goes farther jumps to a BPF_JA placed right after it (a "trampoline");
 * adding trampolines moves later blocks, so positions are recomputed until
 * nothing changes (they only ever grow, so this terminates).
 */
#include "filter/gen.h"
#include "filter/gen_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena ----------------------------------------------------------- */

struct gen_arena {
	struct gen_arena *next;
	size_t used, size;
	max_align_t data[];
};

#define GEN_ARENA_CHUNK (64 * 1024)

void *gen_alloc(struct gen_ctx *ctx, size_t size)
{
	struct gen_arena *a = ctx->arena;
	size_t align = sizeof(max_align_t);
	void *mem;

	size = (size + align - 1) / align * align;
	if (a == NULL || a->size - a->used < size) {
		size_t chunk = size > GEN_ARENA_CHUNK ? size : GEN_ARENA_CHUNK;

		a = malloc(sizeof(*a) + chunk);
		if (a == NULL)
			gen_error(ctx, "out of memory compiling the filter");
		a->next = ctx->arena;
		a->used = 0;
		a->size = chunk;
		ctx->arena = a;
	}
	mem = (char *)a->data + a->used;
	a->used += size;
	memset(mem, 0, size);
	return mem;
}

char *gen_strdup(struct gen_ctx *ctx, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = gen_alloc(ctx, n);

	memcpy(d, s, n);
	return d;
}

void gen_arena_free(struct gen_ctx *ctx)
{
	struct gen_arena *a = ctx->arena, *next;

	for (; a != NULL; a = next) {
		next = a->next;
		free(a);
	}
	ctx->arena = NULL;
}

void gen_error(struct gen_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->errbuf, PCAP_ERRBUF_SIZE, fmt, ap);
	va_end(ap);
	longjmp(ctx->unwind, 1);
}

/* ---- statements ------------------------------------------------------ */

struct gen_slist *gen_stmt(struct gen_ctx *ctx, int code, bpf_u_int32 k)
{
	struct gen_slist *s = gen_alloc(ctx, sizeof(*s));

	s->insn.code = (u_short)code;
	s->insn.k = k;
	return s;
}

struct gen_slist *gen_sappend(struct gen_slist *a, struct gen_slist *b)
{
	struct gen_slist *s;

	if (a == NULL)
		return b;
	for (s = a; s->next != NULL; s = s->next)
		;
	s->next = b;
	return a;
}

/* ---- conditions ------------------------------------------------------ */

static struct gen_edge *gen_edge_new(struct gen_ctx *ctx, struct gen_block **slot)
{
	struct gen_edge *e = gen_alloc(ctx, sizeof(*e));

	e->slot = slot;
	e->next = e;
	return e;
}

/* Exit lists are circular and held by their last element, so that joining
 * two is O(1): long chains of "or" would otherwise be quadratic. */
static struct gen_edge *gen_edge_concat(struct gen_edge *a, struct gen_edge *b)
{
	struct gen_edge *first;

	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	first = a->next;
	a->next = b->next;
	b->next = first;
	return b;
}

void gen_cond_add_exit(struct gen_ctx *ctx, struct gen_cond *c,
		       struct gen_block **slot, int sense)
{
	struct gen_edge *e = gen_edge_new(ctx, slot);

	if (sense)
		c->t = gen_edge_concat(c->t, e);
	else
		c->f = gen_edge_concat(c->f, e);
}

static void gen_backpatch(struct gen_edge *last, struct gen_block *target)
{
	struct gen_edge *e = last;

	if (last == NULL)
		return;
	do {
		e = e->next;
		*e->slot = target;
	} while (e != last);
}

static struct gen_block *gen_block_new(struct gen_ctx *ctx, struct gen_slist *stmts,
				       int jcode, bpf_u_int32 k)
{
	struct gen_block *b = gen_alloc(ctx, sizeof(*b));

	b->stmts = stmts;
	b->jcode = (uint16_t)jcode;
	b->k = k;
	b->id = ctx->block_count++;
	return b;
}

struct gen_cond *gen_jmp(struct gen_ctx *ctx, struct gen_slist *stmts,
			 int jcode, bpf_u_int32 k)
{
	struct gen_cond *c = gen_alloc(ctx, sizeof(*c));
	struct gen_block *b = gen_block_new(ctx, stmts, jcode, k);

	c->head = b;
	c->t = gen_edge_new(ctx, &b->jt);
	c->f = gen_edge_new(ctx, &b->jf);
	return c;
}

struct gen_cond *gen_prepend(struct gen_ctx *ctx, struct gen_slist *stmts,
			     struct gen_cond *cond)
{
	(void)ctx;
	cond->head->stmts = gen_sappend(stmts, cond->head->stmts);
	return cond;
}

struct gen_cond *gen_and(struct gen_ctx *ctx, struct gen_cond *a, struct gen_cond *b)
{
	struct gen_cond *c = gen_alloc(ctx, sizeof(*c));

	gen_backpatch(a->t, b->head);
	c->head = a->head;
	c->t = b->t;
	c->f = gen_edge_concat(a->f, b->f);
	return c;
}

struct gen_cond *gen_or(struct gen_ctx *ctx, struct gen_cond *a, struct gen_cond *b)
{
	struct gen_cond *c = gen_alloc(ctx, sizeof(*c));

	gen_backpatch(a->f, b->head);
	c->head = a->head;
	c->t = gen_edge_concat(a->t, b->t);
	c->f = b->f;
	return c;
}

struct gen_cond *gen_not(struct gen_ctx *ctx, struct gen_cond *a)
{
	struct gen_cond *c = gen_alloc(ctx, sizeof(*c));

	c->head = a->head;
	c->t = a->f;
	c->f = a->t;
	return c;
}

/* An unconditional block: its only exit is "true". */
struct gen_cond *gen_true(struct gen_ctx *ctx)
{
	struct gen_cond *c = gen_alloc(ctx, sizeof(*c));
	struct gen_block *b = gen_block_new(ctx, NULL, BPF_JMP | BPF_JA, 0);

	c->head = b;
	c->t = gen_edge_new(ctx, &b->jt);
	return c;
}

struct gen_cond *gen_false(struct gen_ctx *ctx)
{
	return gen_not(ctx, gen_true(ctx));
}

/* ---- registers -------------------------------------------------------- */

int gen_alloc_reg(struct gen_ctx *ctx)
{
	int i;

	for (i = 0; i < GEN_MEMWORDS; i++) {
		int r = (ctx->curreg + i) % GEN_MEMWORDS;

		if (!ctx->regused[r]) {
			gen_lp_alloc(ctx);
			ctx->regused[r] = 1;
			ctx->curreg = (r + 1) % GEN_MEMWORDS;
			return r;
		}
	}
	gen_error(ctx, "too many registers needed to evaluate expression");
}

void gen_free_reg(struct gen_ctx *ctx, int reg)
{
	if (reg >= 0 && reg < GEN_MEMWORDS && ctx->regused[reg]) {
		gen_lp_free(ctx);
		ctx->regused[reg] = 0;
	}
}

/* ---- loads and comparisons --------------------------------------------- */

/* The absolute base an offrel starts at, and the extra constant. */
static struct gen_absoff gen_base(struct gen_ctx *ctx, enum gen_offrel rel)
{
	struct gen_link *l = &ctx->link;
	struct gen_absoff b = { -1, 0 };

	switch (rel) {
	case GOR_PACKET:
		break;
	case GOR_LINKHDR:
		b = l->linkhdr;
		break;
	case GOR_PREVLINKHDR:
		b = l->prevlinkhdr;
		break;
	case GOR_LINKTYPE:
		if (l->off_linktype == GEN_OFF_NONE)
			gen_error(ctx, "link-layer type field not available for this link type");
		b = l->linkhdr;
		b.constant += l->off_linktype;
		/* kernel vlan and geneve keep the type field's offset in a
		 * register of its own, apart from the link header */
		if (l->vlan_reg >= 0) {
			b.reg = l->vlan_reg;
			b.constant = l->off_linktype;
		}
		break;
	case GOR_LLC:
		b = l->linkpl;
		break;
	case GOR_PREVMPLSHDR:
		b = l->linkpl;
		b.constant += l->off_nl - 4;
		break;
	case GOR_LINKPL:
	case GOR_TRAN_IPV4:
		b = l->linkpl;
		b.constant += l->off_nl;
		break;
	case GOR_LINKPL_NOSNAP:
		b = l->linkpl;
		b.constant += l->off_nl_nosnap;
		break;
	case GOR_TRAN_IPV6:
		b = l->linkpl;
		b.constant += l->off_nl + 40;
		break;
	}
	gen_lp_use_reg(ctx, b.reg);
	return b;
}

/* X := length of the IPv4 header at the network layer (+ variable base). */
struct gen_slist *gen_load_ipv4_hlen(struct gen_ctx *ctx)
{
	struct gen_absoff b = gen_base(ctx, GOR_LINKPL);
	struct gen_slist *s;

	if (b.reg < 0)
		return gen_stmt(ctx, BPF_LDX | BPF_MSH | BPF_B, b.constant);
	ctx->uses_variable_offsets = 1;
	s = gen_stmt(ctx, BPF_LDX | BPF_MEM, (bpf_u_int32)b.reg);
	s = gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_IND | BPF_B, b.constant));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_AND | BPF_K, 0xf));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_LSH | BPF_K, 2));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_X, 0));
	s = gen_sappend(s, gen_stmt(ctx, BPF_MISC | BPF_TAX, 0));
	return s;
}

struct gen_slist *gen_load(struct gen_ctx *ctx, enum gen_offrel offrel,
			   bpf_u_int32 off, int size)
{
	struct gen_absoff b = gen_base(ctx, offrel);
	struct gen_slist *s;

	if (offrel == GOR_TRAN_IPV4) {
		s = gen_load_ipv4_hlen(ctx);
		return gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_IND | size,
					       (b.reg < 0 ? b.constant : 0) + off +
					       (b.reg < 0 ? 0 : b.constant)));
	}
	if (b.reg < 0)
		return gen_stmt(ctx, BPF_LD | BPF_ABS | size, b.constant + off);
	ctx->uses_variable_offsets = 1;
	s = gen_stmt(ctx, BPF_LDX | BPF_MEM, (bpf_u_int32)b.reg);
	return gen_sappend(s, gen_stmt(ctx, BPF_LD | BPF_IND | size, b.constant + off));
}

struct gen_cond *gen_ncmp(struct gen_ctx *ctx, enum gen_offrel offrel,
			  bpf_u_int32 off, int size, bpf_u_int32 mask,
			  int jtype, int reverse, bpf_u_int32 v)
{
	struct gen_slist *s;
	struct gen_cond *c;

	/* a zero mask is left to the optimizer, which folds it and drops
	 * the load as libpcap's does, except where libpcap doesn't
	 * optimize (ctx->no_optimize) and the load stays */
	s = gen_load(ctx, offrel, off, size);
	if (mask != 0xffffffff)
		s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_AND | BPF_K, mask));
	c = gen_jmp(ctx, s, BPF_JMP | jtype | BPF_K, v);
	return reverse ? gen_not(ctx, c) : c;
}

struct gen_cond *gen_cmp(struct gen_ctx *ctx, enum gen_offrel offrel,
			 bpf_u_int32 off, int size, bpf_u_int32 v)
{
	return gen_ncmp(ctx, offrel, off, size, 0xffffffff, BPF_JEQ, 0, v);
}

struct gen_cond *gen_mcmp(struct gen_ctx *ctx, enum gen_offrel offrel,
			  bpf_u_int32 off, int size, bpf_u_int32 v,
			  bpf_u_int32 mask)
{
	return gen_ncmp(ctx, offrel, off, size, mask, BPF_JEQ, 0, v);
}

struct gen_cond *gen_cmp_gt(struct gen_ctx *ctx, enum gen_offrel offrel,
			    bpf_u_int32 off, int size, bpf_u_int32 v)
{
	return gen_ncmp(ctx, offrel, off, size, 0xffffffff, BPF_JGT, 0, v);
}

struct gen_cond *gen_cmp_ge(struct gen_ctx *ctx, enum gen_offrel offrel,
			    bpf_u_int32 off, int size, bpf_u_int32 v)
{
	return gen_ncmp(ctx, offrel, off, size, 0xffffffff, BPF_JGE, 0, v);
}

struct gen_cond *gen_cmp_lt(struct gen_ctx *ctx, enum gen_offrel offrel,
			    bpf_u_int32 off, int size, bpf_u_int32 v)
{
	return gen_ncmp(ctx, offrel, off, size, 0xffffffff, BPF_JGE, 1, v);
}

struct gen_cond *gen_cmp_le(struct gen_ctx *ctx, enum gen_offrel offrel,
			    bpf_u_int32 off, int size, bpf_u_int32 v)
{
	return gen_ncmp(ctx, offrel, off, size, 0xffffffff, BPF_JGT, 1, v);
}

/* Compare n bytes, from the end backwards in words, halfwords, bytes (so
 * that a short packet fails at the first, farthest load). */
struct gen_cond *gen_bcmp(struct gen_ctx *ctx, enum gen_offrel offrel,
			  bpf_u_int32 off, bpf_u_int32 n, const u_char *v)
{
	struct gen_cond *c = NULL, *t;

	while (n >= 4) {
		bpf_u_int32 w = (bpf_u_int32)v[n - 4] << 24 | (bpf_u_int32)v[n - 3] << 16 |
				(bpf_u_int32)v[n - 2] << 8 | v[n - 1];

		t = gen_cmp(ctx, offrel, off + n - 4, BPF_W, w);
		c = c ? gen_and(ctx, c, t) : t;
		n -= 4;
	}
	while (n >= 2) {
		bpf_u_int32 w = (bpf_u_int32)v[n - 2] << 8 | v[n - 1];

		t = gen_cmp(ctx, offrel, off + n - 2, BPF_H, w);
		c = c ? gen_and(ctx, c, t) : t;
		n -= 2;
	}
	if (n > 0) {
		t = gen_cmp(ctx, offrel, off, BPF_B, v[0]);
		c = c ? gen_and(ctx, c, t) : t;
	}
	return c ? c : gen_true(ctx);
}

/* ---- layout ------------------------------------------------------------- */

struct gen_layout {
	struct gen_block **order;
	int n, cap;
};

static void gen_layout_push(struct gen_ctx *ctx, struct gen_layout *lo,
			    struct gen_block *b)
{
	if (lo->n == lo->cap) {
		int cap = lo->cap ? lo->cap * 2 : 64;
		struct gen_block **o = gen_alloc(ctx, (size_t)cap * sizeof(*o));

		if (lo->n)
			memcpy(o, lo->order, (size_t)lo->n * sizeof(*o));
		lo->order = o;
		lo->cap = cap;
	}
	lo->order[lo->n++] = b;
}

static int gen_is_ret(const struct gen_block *b)
{
	return BPF_CLASS(b->jcode) == BPF_RET;
}

static int gen_is_always(const struct gen_block *b)
{
	return b->jcode == (BPF_JMP | BPF_JA);
}

/* Where an edge to b really leads: blocks with no statements that always
 * jump (they join branches, as in "if c then s") are passed through, so
 * that layout does not emit a jump to the next instruction. */
static struct gen_block *gen_skip_empty(struct gen_block *b)
{
	while (b != NULL && b->stmts == NULL && gen_is_always(b))
		b = b->jt;
	return b;
}

/* Post-order depth-first walk, false branch first. Iterative: a long
 * chain of "or"s makes a graph as deep as the expression is long. */
static void gen_dfs(struct gen_ctx *ctx, struct gen_layout *lo, struct gen_block *root)
{
	struct frame { struct gen_block *b; int next; } *stack;
	int sp = 0;

	stack = gen_alloc(ctx, (size_t)(ctx->block_count + 1) * sizeof(*stack));
	if (root == NULL || gen_is_ret(root))
		return;
	root->mark = 1;
	stack[sp++] = (struct frame){ root, 0 };
	while (sp > 0) {
		struct frame *f = &stack[sp - 1];
		struct gen_block *child = NULL;

		if (f->next == 0) {
			f->next = 1;
			if (!gen_is_always(f->b))
				child = f->b->jf = gen_skip_empty(f->b->jf);
		} else if (f->next == 1) {
			f->next = 2;
			child = f->b->jt = gen_skip_empty(f->b->jt);
		} else {
			gen_layout_push(ctx, lo, f->b);
			sp--;
			continue;
		}
		if (child != NULL && !child->mark && !gen_is_ret(child)) {
			child->mark = 1;
			stack[sp++] = (struct frame){ child, 0 };
		}
	}
}

static int gen_stmt_count(const struct gen_slist *s)
{
	int n = 0;

	for (; s != NULL; s = s->next)
		n++;
	return n;
}

/* Instructions of b's jump part given current positions. */
static int gen_jump_len(const struct gen_block *b, const struct gen_block *next)
{
	int len, pj;

	if (gen_is_ret(b))
		return 1;
	if (gen_is_always(b))
		return b->jt == next ? 0 : 1;
	pj = b->pos + gen_stmt_count(b->stmts) + 1;
	len = 1;
	if (b->jt->pos - pj > 255)
		len++;
	if (b->jf->pos - pj - (len - 1) > 255)
		len++;
	return len;
}

static void gen_emit_block(const struct gen_block *b, const struct gen_block *next,
			   struct bpf_insn *out)
{
	const struct gen_slist *s;
	int p = b->pos, pj, far_t, far_f, tramp;

	for (s = b->stmts; s != NULL; s = s->next)
		out[p++] = s->insn;
	if (gen_is_ret(b)) {
		out[p].code = b->jcode;
		out[p].k = b->k;
		out[p].jt = out[p].jf = 0;
		return;
	}
	if (gen_is_always(b)) {
		if (b->jt != next) {
			out[p].code = BPF_JMP | BPF_JA;
			out[p].k = (bpf_u_int32)(b->jt->pos - p - 1);
			out[p].jt = out[p].jf = 0;
		}
		return;
	}
	pj = p + 1;
	tramp = b->len - gen_stmt_count(b->stmts) - 1;
	far_t = b->jt->pos - pj > 255;
	far_f = tramp > far_t;
	out[p].code = b->jcode;
	out[p].k = b->k;
	out[p].jt = far_t ? 0 : (u_char)(b->jt->pos - pj);
	out[p].jf = far_f ? (u_char)far_t : (u_char)(b->jf->pos - pj);
	if (far_t) {
		out[pj].code = BPF_JMP | BPF_JA;
		out[pj].k = (bpf_u_int32)(b->jt->pos - pj - 1);
		out[pj].jt = out[pj].jf = 0;
		pj++;
	}
	if (far_f) {
		out[pj].code = BPF_JMP | BPF_JA;
		out[pj].k = (bpf_u_int32)(b->jf->pos - pj - 1);
		out[pj].jt = out[pj].jf = 0;
	}
}

/*
 * Lay out root (true exits to "ret #snaplen", false exits to "ret #0"),
 * preceded by prologue, into a malloc'ed array.
 */
struct bpf_insn *gen_finish(struct gen_ctx *ctx, struct gen_cond *root,
			    struct gen_slist *prologue, u_int *lenp)
{
	struct gen_block *acc = gen_block_new(ctx, NULL, BPF_RET | BPF_K,
					      (bpf_u_int32)ctx->snaplen);
	struct gen_block *rej = gen_block_new(ctx, NULL, BPF_RET | BPF_K, 0);
	struct gen_layout lo = { 0 };
	struct bpf_insn *out;
	int i, changed, total;

	gen_backpatch(root->t, acc);
	gen_backpatch(root->f, rej);
	if (prologue != NULL)
		root->head->stmts = gen_sappend(prologue, root->head->stmts);
	gen_dfs(ctx, &lo, root->head);
	/* reverse post-order: every edge goes forward */
	for (i = 0; i < lo.n / 2; i++) {
		struct gen_block *t = lo.order[i];

		lo.order[i] = lo.order[lo.n - 1 - i];
		lo.order[lo.n - 1 - i] = t;
	}
	/* the returns are only emitted if something reaches them */
	for (i = 0; i < lo.n; i++) {
		struct gen_block *b = lo.order[i];

		if (b->jt == acc || (!gen_is_always(b) && b->jf == acc))
			acc->mark = 1;
		if (b->jt == rej || (!gen_is_always(b) && b->jf == rej))
			rej->mark = 1;
	}
	if (root->head == acc || root->head == rej)
		root->head->mark = 1;
	if (acc->mark)
		gen_layout_push(ctx, &lo, acc);
	if (rej->mark)
		gen_layout_push(ctx, &lo, rej);

	for (i = 0; i < lo.n; i++)
		lo.order[i]->len = gen_stmt_count(lo.order[i]->stmts) + 1;
	do {
		int pos = 0;

		changed = 0;
		for (i = 0; i < lo.n; i++) {
			lo.order[i]->pos = pos;
			pos += lo.order[i]->len;
		}
		total = pos;
		for (i = 0; i < lo.n; i++) {
			struct gen_block *b = lo.order[i];
			struct gen_block *next = i + 1 < lo.n ? lo.order[i + 1] : NULL;
			int len = gen_stmt_count(b->stmts) + gen_jump_len(b, next);

			if (len != b->len) {
				b->len = len;
				changed = 1;
			}
		}
	} while (changed);

	out = calloc((size_t)total, sizeof(*out));
	if (out == NULL)
		gen_error(ctx, "out of memory compiling the filter");
	for (i = 0; i < lo.n; i++)
		gen_emit_block(lo.order[i], i + 1 < lo.n ? lo.order[i + 1] : NULL, out);
	*lenp = (u_int)total;
	return out;
}
