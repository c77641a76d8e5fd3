/*
 * Value numbering shared by the optimizer's forward pass: opt_vn.c
 * implements it, opt_forward.c uses it. Internal to the optimizer.
 */
#ifndef MQPCAP_FILTER_OPT_VN_H
#define MQPCAP_FILTER_OPT_VN_H

#include "filter/opt_cfg.h"

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

/* What is known about a value: (v op k) == truth, op a jump comparison;
 * with BPF_X in op, k is the value number A was compared with. */
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

struct vn_effect {
	int safe;	/* cannot reject */
	int noop;	/* leaves the state as it was: may be deleted */
};

/* The value table: vn_grow() allocates or doubles it (-1 when out of
 * memory, after which t->oom stays set). */
int vn_grow(struct vn_table *t);
uint32_t vn_fresh(struct vn_table *t);
uint32_t vn_const(struct vn_table *t, uint32_t k);
/* Is v a known constant in st (one itself, or "v == c" is a fact)? */
int vn_known(const struct vn_ctx *c, const struct vn_state *st, uint32_t v,
	     uint32_t *val);

/* Apply one statement to st, possibly rewriting it into a cheaper
 * equivalent; r says whether it could reject and whether it changed st. */
void vn_step(struct vn_ctx *c, struct vn_state *st, struct bpf_insn *in,
	     struct vn_effect *r);

/* The constant a conditional jump compares A with, if known. */
int vn_cond_operand(const struct vn_ctx *c, const struct vn_state *st,
		    const struct bpf_insn *term, uint32_t *k);
/* 0: the true branch is taken, 1: the false one, -1: it depends. */
int vn_cond_decide(const struct vn_ctx *c, const struct vn_state *st,
		   const struct bpf_insn *term);
/* Remember (v op k) == truth on this path. */
void vn_add_fact(const struct vn_ctx *c, struct vn_state *st, uint32_t v,
		 u_short op, uint32_t k, int truth);

/* States: the entry state, the meet of two paths into acc, and which
 * registers differ between two states (OPT_LIVE_* bits). */
void vn_state_init(struct vn_ctx *c, struct vn_state *st);
void vn_state_meet(struct vn_ctx *c, struct vn_state *acc,
		   const struct vn_state *s);
uint32_t vn_changed_regs(const struct vn_state *before,
			 const struct vn_state *after);

#endif
