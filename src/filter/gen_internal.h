/*
 * Generators the parser calls for the common language, shared by the
 * compiler engineer's gen_*.c files and filter_parse.c. The rarer families
 * are in gen.h.
 */
#ifndef MQPCAP_FILTER_GEN_INTERNAL_H
#define MQPCAP_FILTER_GEN_INTERNAL_H

#include "filter/gen.h"

#include <netinet/in.h>

/* gen_core.c */
void gen_arena_free(struct gen_ctx *ctx);
struct bpf_insn *gen_finish(struct gen_ctx *ctx, struct gen_cond *root,
			    struct gen_slist *prologue, u_int *lenp);
struct gen_slist *gen_load_ipv4_hlen(struct gen_ctx *ctx);
/* Add a dangling exit (sense 1: true, 0: false) to a hand-built cond. */
void gen_cond_add_exit(struct gen_ctx *ctx, struct gen_cond *c,
		       struct gen_block **slot, int sense);

/* filter_parse.c: parse and generate; returns the root condition. */
struct gen_cond *filter_parse(struct gen_ctx *ctx, const char *expr);

/* An arithmetic value: code leaving it in A, run after guard holds. */
struct gen_arth {
	struct gen_slist *s;
	int is_const;
	bpf_u_int32 k;
	struct gen_cond *guard;		/* protocol checks; may be NULL */
	unsigned regmask;		/* scratch registers its code writes */
	/* the first instruction of libpcap's code for the value (its
	 * leftmost operand's), which its zero-divisor check looks at */
	const struct bpf_insn *lead;
};

/* gen_arith.c */
struct gen_arth *gen_arth_const(struct gen_ctx *ctx, bpf_u_int32 k);
struct gen_arth *gen_arth_len(struct gen_ctx *ctx);
struct gen_arth *gen_arth_load(struct gen_ctx *ctx, int qproto,
			       struct gen_arth *index, int size);
struct gen_arth *gen_arth_op(struct gen_ctx *ctx, int bpf_op,
			     struct gen_arth *a, struct gen_arth *b);
struct gen_arth *gen_arth_neg(struct gen_ctx *ctx, struct gen_arth *a);
struct gen_cond *gen_relation(struct gen_ctx *ctx, int jtype, int reverse,
			      struct gen_arth *a, struct gen_arth *b);
struct gen_cond *gen_less(struct gen_ctx *ctx, bpf_u_int32 n);
struct gen_cond *gen_greater(struct gen_ctx *ctx, bpf_u_int32 n);
struct gen_cond *gen_byteop(struct gen_ctx *ctx, int op, bpf_u_int32 idx,
			    bpf_u_int32 val);
/* libpcap's register accounting: one register more or less; the link's
 * variable-offset registers, counted at their first use (after
 * gen_link_init, gen_lp_link_lazy says which they are) */
void gen_lp_alloc(struct gen_ctx *ctx);
void gen_lp_free(struct gen_ctx *ctx);
void gen_lp_link_lazy(struct gen_ctx *ctx);
void gen_lp_use_reg(struct gen_ctx *ctx, int reg);

/* gen_id.c: identifiers with qualifiers */
__attribute__((noreturn))
void gen_dir_80211_error(struct gen_ctx *ctx, int dir);
struct gen_cond *gen_scode(struct gen_ctx *ctx, const char *name, struct gen_qual q);
struct gen_cond *gen_ncode(struct gen_ctx *ctx, const char *s, bpf_u_int32 v,
			   struct gen_qual q);
struct gen_cond *gen_mcode(struct gen_ctx *ctx, const char *s1, const char *s2,
			   bpf_u_int32 masklen, struct gen_qual q);
struct gen_cond *gen_mcode6(struct gen_ctx *ctx, const char *s, bpf_u_int32 masklen,
			    struct gen_qual q, int has_len);
struct gen_cond *gen_ecode(struct gen_ctx *ctx, const char *s, struct gen_qual q);
struct gen_cond *gen_proto_abbrev(struct gen_ctx *ctx, int qproto);
struct gen_cond *gen_broadcast(struct gen_ctx *ctx, int qproto);
struct gen_cond *gen_multicast(struct gen_ctx *ctx, int qproto);

/* gen_ip.c */
struct gen_cond *gen_ip_host(struct gen_ctx *ctx, bpf_u_int32 addr, bpf_u_int32 mask,
			     int qproto, int dir, int qaddr);
struct gen_cond *gen_ipfrag(struct gen_ctx *ctx);
struct gen_cond *gen_ipv4_proto(struct gen_ctx *ctx, bpf_u_int32 proto);

/* gen_ip6.c */
struct gen_cond *gen_ip6_host(struct gen_ctx *ctx, const struct in6_addr *addr,
			      const struct in6_addr *mask, int qproto, int dir,
			      int qaddr);
struct gen_cond *gen_ipv6_proto(struct gen_ctx *ctx, bpf_u_int32 proto);
struct gen_cond *gen_protochain(struct gen_ctx *ctx, bpf_u_int32 v, int qproto);

/* gen_transport.c */
/* ipproto -1: sctp, tcp or udp; range: lo <= port <= hi, else == lo */
struct gen_cond *gen_port(struct gen_ctx *ctx, bpf_u_int32 lo, bpf_u_int32 hi,
			  int ipproto, int dir, int range);
struct gen_cond *gen_proto(struct gen_ctx *ctx, bpf_u_int32 v, int qproto, int dir);

/* gen_link.c */
bpf_u_int32 gen_ppp_proto(bpf_u_int32 ethertype);
struct gen_cond *gen_snap(struct gen_ctx *ctx, bpf_u_int32 oui, bpf_u_int32 type);
struct gen_cond *gen_mac_host(struct gen_ctx *ctx, const u_char *mac, int dir,
			      bpf_u_int32 src_off, bpf_u_int32 dst_off);
struct gen_cond *gen_encap_linktype(struct gen_ctx *ctx, bpf_u_int32 proto);

/* gen_encap.c */
struct gen_cond *gen_vlan(struct gen_ctx *ctx, bpf_u_int32 id, int has_id);
struct gen_cond *gen_mpls(struct gen_ctx *ctx, bpf_u_int32 label, int has_label);
struct gen_cond *gen_pppoed(struct gen_ctx *ctx);
struct gen_cond *gen_pppoes(struct gen_ctx *ctx, bpf_u_int32 id, int has_id);
struct gen_cond *gen_geneve(struct gen_ctx *ctx, bpf_u_int32 vni, int has_vni);
/* c, behind "the Geneve payload is an Ethernet frame" after a geneve */
struct gen_cond *gen_geneve_link_guard(struct gen_ctx *ctx, struct gen_cond *c);

#endif
