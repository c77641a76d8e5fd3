/*
 * The optimizer's internal view of a classic BPF program: a control-flow
 * graph of basic blocks (a run of straight-line statements ended by a
 * conditional jump, a goto or a return). Classic BPF from the compiler
 * jumps forward only, so the graph is acyclic and every analysis is one
 * pass in topological order.
 *
 * opt_cfg.c   array <-> graph, topological order, layout with trampolines
 * opt_vn.c    value numbering: equal values, facts from jumps, cheaper
 *             forms of statements
 * opt_forward.c the forward pass: redundant statements, jump threading
 *             along edges whose outcome is known, pull-up
 * opt_dead.c  liveness, dead statements, unreachable blocks
 * opt_merge.c identical blocks and both-ways jumps
 * opt_main.c  the driver (filter_optimize)
 */
#ifndef MQPCAP_FILTER_OPT_CFG_H
#define MQPCAP_FILTER_OPT_CFG_H

#include <pcap/pcap.h>
#include <pcap/bpf.h>
#include <stdint.h>

enum opt_term {
	OPT_RET,	/* term is the return instruction */
	OPT_GOTO,	/* succ[0] */
	OPT_COND,	/* term.code/term.k; succ[0] if true, succ[1] if false */
};

struct opt_block {
	struct bpf_insn *stmts;	/* straight-line statements */
	uint8_t *safe;		/* per statement: cannot reject (opt_vn.c) */
	u_int nstmts;
	u_int cap;
	int kind;		/* enum opt_term */
	struct bpf_insn term;
	int succ[2];
	u_int order;		/* position hint for the layout */
	int gone;		/* unreachable or merged into another */
	uint32_t live_in;	/* OPT_LIVE_* bits, opt_dead.c */
	u_int npreds;
};

struct opt_prog {
	struct opt_block *b;
	u_int nblocks;
	int entry;
	int strict;		/* FILTER_OPT_STRICT: keep loads that may reject */
	int head_pullup;	/* this round, pull up at chain heads (opt_forward.c) */
	/*
	 * libpcap's second phase (default mode, once the first is done):
	 * constants are folded, but no edge is moved over a statement that
	 * may reject. libpcap threads jumps only before it folds ("2 + 2 =
	 * 4" is constant only afterwards, and then skips no earlier load).
	 */
	int settle;
	int *topo;		/* topological order of live blocks */
	u_int ntopo;
};

/* Liveness bits: A, X and the scratch words. */
#define OPT_LIVE_A	(1u << 16)
#define OPT_LIVE_X	(1u << 17)
#define OPT_LIVE_M(k)	(1u << (k))

/* opt_cfg.c */
int opt_cfg_build(struct opt_prog *g, const struct bpf_insn *insns, u_int len);
void opt_cfg_free(struct opt_prog *g);
/* Recompute predecessor counts and g->topo over the blocks reachable from
 * the entry; marks the others gone. -1 on allocation failure. */
int opt_cfg_order(struct opt_prog *g);
/* Lay the graph out as an array (malloc'ed), inserting BPF_JA trampolines
 * where a conditional jump is farther than 255. -1 on allocation failure,
 * -2 if a jump would not fit in its 8 bits (a bug: keep the input). */
int opt_cfg_emit(struct opt_prog *g, struct bpf_insn **out, u_int *outlen);
/* Remove statement i of a block. */
void opt_block_delete_stmt(struct opt_block *b, u_int i);
/* Does the code only use opcodes the optimizer understands? */
int opt_insn_known(const struct bpf_insn *insn);

/* opt_forward.c: one forward pass; returns the number of changes or -1. */
int opt_forward_pass(struct opt_prog *g);

/* opt_dead.c: liveness (live_in of every block) and dead statements;
 * the pass returns the number of changes. */
void opt_live_compute(struct opt_prog *g);
/* live_in of one block from its successors' */
void opt_live_block(struct opt_prog *g, struct opt_block *b);
/* What a block reads before writing it (its end included), and writes. */
void opt_block_use_def(const struct opt_block *b, uint32_t *use, uint32_t *def);
int opt_dead_pass(struct opt_prog *g);

/* opt_merge.c: identical blocks, jumps whose two targets agree, tails
 * that return one constant. */
int opt_merge_pass(struct opt_prog *g);

/* opt_fault.c: the error libpcap's second phase raises on this program
 * (a constant zero divisor, a constant shift above 31), or NULL; with
 * entry_only, in the entry block only. */
const char *opt_libpcap_fault(const struct opt_prog *g, int entry_only);

#endif
