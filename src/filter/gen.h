/*
 * The pcap-filter code generator's internal API.
 *
 * A filter is built bottom-up as the parser reduces primitives, the same
 * model as libpcap's: every primitive becomes a "condition", a small graph
 * of blocks, each block being a list of non-jump cBPF statements followed
 * by one conditional jump. A condition has one entry (its head) and two
 * sets of dangling exits: the edges taken when the condition is true and
 * when it is false. gen_and/gen_or/gen_not join conditions by patching
 * those exits; at the end the true exits go to "ret #snaplen" and the
 * false exits to "ret #0", and gen_core.c lays the graph out as a cBPF
 * array, computing every jt/jf offset itself (and inserting BPF_JA when a
 * jump is farther than 255 instructions).
 *
 * All memory of one compilation lives in the context's arena and is freed
 * at once, so generators never free anything. A generator that finds an
 * error calls gen_error(), which records the message and unwinds to
 * pcap_compile (longjmp): generators therefore always return a valid
 * condition, never NULL.
 *
 * Ownership: src/filter/gen_wlan.c, gen_iso.c, gen_pflog.c, gen_ss7.c and
 * gen_misc.c (the rarer protocol families and the linktypes FDDI, IEEE802,
 * NETANALYZER(_TRANSPARENT), IPNET, PFLOG, NFLOG, IEEE802_11*, PRISM, AVS)
 * belong to the "filter-diff" engineer; the core, this header and the
 * other gen_*.c files to the "compiler" engineer. Changes to this header:
 * ask, or make the smallest addition and say so in the commit.
 */
#ifndef MQPCAP_FILTER_GEN_H
#define MQPCAP_FILTER_GEN_H

#include <pcap/pcap.h>
#include <pcap/bpf.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

struct gen_ctx;

/* ---- qualifiers (what the parser hands to the generators) ----------- */

/* Address type: host, net, port, ... (libpcap's Q_HOST...). */
enum gen_qaddr {
	GQ_DEFAULT = 0,
	GQ_HOST,
	GQ_NET,
	GQ_PORT,
	GQ_GATEWAY,
	GQ_PROTO,
	GQ_PROTOCHAIN,
	GQ_PORTRANGE,
	GQ_UNDEF = 255,
};

/* Direction. */
enum gen_qdir {
	GQ_DIR_DEFAULT = 0,	/* src or dst */
	GQ_SRC,
	GQ_DST,
	GQ_OR,			/* src or dst */
	GQ_AND,			/* src and dst */
	GQ_ADDR1,
	GQ_ADDR2,
	GQ_ADDR3,
	GQ_ADDR4,
	GQ_RA,
	GQ_TA,
	GQ_DIR_UNDEF = 255,
};

/* Protocol qualifier. */
enum gen_qproto {
	GQ_PROTO_DEFAULT = 0,
	GQ_LINK,		/* ether, fddi, tr, wlan, ppp, slip, link */
	GQ_IP,
	GQ_ARP,
	GQ_RARP,
	GQ_SCTP,
	GQ_TCP,
	GQ_UDP,
	GQ_ICMP,
	GQ_IGMP,
	GQ_IGRP,
	GQ_ATALK,
	GQ_DECNET,
	GQ_LAT,
	GQ_SCA,
	GQ_MOPRC,
	GQ_MOPDL,
	GQ_IPV6,
	GQ_ICMPV6,
	GQ_AH,
	GQ_ESP,
	GQ_PIM,
	GQ_VRRP,
	GQ_AARP,
	GQ_ISO,
	GQ_ESIS,
	GQ_ISIS,
	GQ_CLNP,
	GQ_STP,
	GQ_IPX,
	GQ_NETBEUI,
	GQ_ISIS_L1,
	GQ_ISIS_L2,
	GQ_ISIS_IIH,
	GQ_ISIS_SNP,
	GQ_ISIS_CSNP,
	GQ_ISIS_PSNP,
	GQ_ISIS_LSP,
	GQ_RADIO,
	GQ_CARP,
	GQ_PROTO_UNDEF = 255,
};

struct gen_qual {
	unsigned char addr;	/* enum gen_qaddr */
	unsigned char proto;	/* enum gen_qproto */
	unsigned char dir;	/* enum gen_qdir */
	unsigned char pad;
};

/* The keyword that spelled a qualifier, for error messages
 * ("'ip6' modifier applied to ip host"). */
const char *gen_qproto_name(int proto);
const char *gen_qdir_name(int dir);
const char *gen_qaddr_name(int addr);

/* ---- statements and conditions --------------------------------------- */

/* A list of non-jump cBPF instructions. */
struct gen_slist {
	struct bpf_insn insn;
	struct gen_slist *next;
};

struct gen_block;

/* A dangling exit: the jt or jf field of a block still to be patched.
 * Lists of them are circular, held by their last element: build them with
 * the gen_* functions only. */
struct gen_edge {
	struct gen_block **slot;
	struct gen_edge *next;
};

/* A boolean condition: a block graph with one entry and its open exits. */
struct gen_cond {
	struct gen_block *head;
	struct gen_edge *t;	/* exits taken when true */
	struct gen_edge *f;	/* exits taken when false */
};

struct gen_block {
	struct gen_slist *stmts;	/* run first; may be NULL */
	uint16_t jcode;			/* BPF_JMP|BPF_JEQ/JGT/JGE/JSET|BPF_K/X,
					   or BPF_JMP|BPF_JA: always true */
	bpf_u_int32 k;
	struct gen_block *jt, *jf;	/* NULL until patched */
	/* layout state (gen_core.c) */
	int id;
	int mark;
	int pos;
	int len;
};

/* ---- offsets ------------------------------------------------------------ */

/*
 * An absolute offset into the packet: a constant, plus (if reg >= 0) the
 * value of scratch register M[reg], which the link prologue computes for
 * variable-length headers (radiotap, PPI, AVS, ...).
 */
struct gen_absoff {
	int reg;		/* -1: constant only */
	bpf_u_int32 constant;
};

/* What an offset passed to gen_load/gen_cmp is relative to. */
enum gen_offrel {
	GOR_PACKET,		/* start of the packet */
	GOR_LINKHDR,		/* start of the (outermost/current) link-layer header */
	GOR_PREVLINKHDR,	/* the link header before the current one (e.g. outer
				   Ethernet for an encapsulated frame) */
	GOR_LLC,		/* 802.2 LLC header */
	GOR_PREVMPLSHDR,	/* the MPLS label before the current payload */
	GOR_LINKTYPE,		/* the ethertype-like field of the current link */
	GOR_LINKPL,		/* link-layer payload (network header, after LLC/SNAP) */
	GOR_LINKPL_NOSNAP,	/* link-layer payload when there is no SNAP header */
	GOR_TRAN_IPV4,		/* transport header after a variable IPv4 header (uses X) */
	GOR_TRAN_IPV6,		/* transport header after the fixed IPv6 header */
};

#define GEN_OFF_NONE ((bpf_u_int32)-1)

/*
 * Everything the generators need to know about the link-layer header of
 * the linktype being compiled for, and its current encapsulation state
 * (vlan, mpls, pppoes and geneve shift the payload offset for everything
 * that follows them in the expression).
 */
struct gen_link {
	int dlt;
	struct gen_absoff linkhdr;	/* the link header */
	struct gen_absoff prevlinkhdr;	/* the enclosing link header (geneve) */
	int prevlinktype_valid;
	bpf_u_int32 off_linktype;	/* relative to linkhdr; GEN_OFF_NONE: no field */
	/* a type field at a variable offset (802.11's SNAP type): libpcap
	 * counts ARP and RARP among a host name's protocols there, as on
	 * links with a fixed type field, and not on links without one */
	int linktype_variable;
	struct gen_absoff linkpl;	/* link-layer payload */
	bpf_u_int32 off_nl;		/* network layer, relative to linkpl */
	bpf_u_int32 off_nl_nosnap;	/* same, when there's no SNAP header */
	bpf_u_int32 off_outermostlinktype; /* for geneve/vxlan-like decap */
	/* Does the link-layer type field hold an ethertype (after vlan/mpls/
	 * pppoes this changes)? Set by the encapsulation generators. */
	int is_ethertype_field;
	int label_stack_depth;		/* mpls labels seen so far */
	int vlan_stack_depth;		/* vlan tags seen so far */
	int is_geneve;
	int is_pppoes;
	/* kernel-mode vlan: M[vlan_reg] (0 or 4) is added to the link-type
	 * field's offset; -1 when unused */
	int vlan_reg;
	/* set by link set-up hooks whose linktype carries Ethernet-style
	 * VLAN tags / MPLS (e.g. NETANALYZER) */
	int vlan_ok;
	int mpls_ok;

	/*
	 * Hooks for linktypes implemented outside gen_link.c. Each may be
	 * NULL for the default behaviour.
	 *  - linktype: "the link payload is protocol proto", proto being an
	 *    ethertype (or an LLC SAP <= 1500) as for `ether proto`.
	 *  - host: "link-layer address addr (6 bytes) in direction dir".
	 *  - prologue: code put in front of the whole program (unless the
	 *    expression is empty), e.g. computing variable offsets into
	 *    scratch registers when some load used one
	 *    (ctx->uses_variable_offsets): a condition (it may branch) whose
	 *    true exits go on at the program's head and whose false exits
	 *    reject the packet; NULL: nothing to add.
	 */
	struct gen_cond *(*linktype)(struct gen_ctx *ctx, bpf_u_int32 proto);
	struct gen_cond *(*host)(struct gen_ctx *ctx, const u_char *addr, int dir);
	struct gen_cond *(*prologue)(struct gen_ctx *ctx);
	/* set by the link's own generators when a load went through
	 * linkpl's register, so that its prologue computes it */
	int linkpl_used;
	/* link-layer `broadcast` / `multicast`; NULL: not a broadcast link
	 * (when host is set, broadcast defaults to host(ff:ff:..., dst)) */
	struct gen_cond *(*broadcast)(struct gen_ctx *ctx);
	struct gen_cond *(*multicast)(struct gen_ctx *ctx);
};

/* ---- the per-compilation context --------------------------------------- */

#define GEN_MEMWORDS 16		/* BPF_MEMWORDS */

/* ctx->codegen_flags: the handle's bpf_codegen_flags (core/handle.h) */
#define GEN_CODEGEN_KERNEL_VLAN	0x1	/* = MQPCAP_CODEGEN_KERNEL_VLAN */

struct gen_arena;

struct gen_ctx {
	jmp_buf unwind;
	char *errbuf;			/* PCAP_ERRBUF_SIZE */
	struct gen_arena *arena;

	int dlt;			/* the handle's link type */
	int snaplen;			/* returned on accept */
	bpf_u_int32 netmask;		/* PCAP_NETMASK_UNKNOWN if unknown */
	int codegen_flags;		/* MQPCAP_CODEGEN_* of the handle */
	int optimize;
	/* the handle reads a savefile (libpcap refuses inbound/outbound
	 * and ifindex there, but not on dead or live handles) */
	int is_savefile;
	/* ... and the file was written in the other byte order (DLT_NULL's
	 * address family is in the writer's order) */
	int savefile_swapped;
	/* set by generators whose output libpcap leaves unoptimized
	 * (protochain): the optimizer is then skipped, as libpcap does */
	int no_optimize;

	struct gen_link link;
	int uses_variable_offsets;	/* set by loads through a register */

	int regused[GEN_MEMWORDS];	/* scratch registers in use */
	int curreg;
	/* libpcap's register accounting (gen_arith.c), so that what it
	 * refuses with "too many registers" is refused here too: how many
	 * of its 16 it would hold now, and our link registers standing for
	 * those it only takes at their first use (bit masks) */
	int lp_regs;
	unsigned lp_lazy_hdr, lp_lazy_pl;

	/* statements run before the program (initialising registers that
	 * later code adds to offsets); the link prologue goes before them */
	struct gen_slist *prologue;

	int block_count;		/* ids */
	const char *expr;		/* the source text, for messages */
};

/* ---- memory and errors ------------------------------------------------ */

/* Zeroed memory from the compilation's arena; freed with the context. */
void *gen_alloc(struct gen_ctx *ctx, size_t size);
char *gen_strdup(struct gen_ctx *ctx, const char *s);

/* Record the message and unwind to pcap_compile, which returns -1. */
__attribute__((noreturn, format(printf, 2, 3)))
void gen_error(struct gen_ctx *ctx, const char *fmt, ...);

/* ---- building statements and conditions ------------------------------- */

/* One statement (BPF_LD/LDX/ST/STX/ALU/MISC, never a jump or BPF_RET). */
struct gen_slist *gen_stmt(struct gen_ctx *ctx, int code, bpf_u_int32 k);
/* a then b; either may be NULL. Returns the joined list. */
struct gen_slist *gen_sappend(struct gen_slist *a, struct gen_slist *b);

/* A condition of one block: run stmts, then test A against k (jcode is
 * BPF_JMP|BPF_JEQ/JGT/JGE/JSET|BPF_K or |BPF_X). */
struct gen_cond *gen_jmp(struct gen_ctx *ctx, struct gen_slist *stmts,
			 int jcode, bpf_u_int32 k);
/* Put stmts in front of cond (they run before its head). */
struct gen_cond *gen_prepend(struct gen_ctx *ctx, struct gen_slist *stmts,
			     struct gen_cond *cond);

struct gen_cond *gen_and(struct gen_ctx *ctx, struct gen_cond *a, struct gen_cond *b);
struct gen_cond *gen_or(struct gen_ctx *ctx, struct gen_cond *a, struct gen_cond *b);
struct gen_cond *gen_not(struct gen_ctx *ctx, struct gen_cond *a);
struct gen_cond *gen_true(struct gen_ctx *ctx);
struct gen_cond *gen_false(struct gen_ctx *ctx);

/* ---- packet loads and comparisons ------------------------------------- */

/* Load size (BPF_B/H/W) bytes at offset off relative to offrel into A. */
struct gen_slist *gen_load(struct gen_ctx *ctx, enum gen_offrel offrel,
			   bpf_u_int32 off, int size);

/* (packet[off] & mask) <jtype> v, jtype BPF_JEQ/JGT/JGE; reverse negates.
 * mask 0xffffffff means no mask. */
struct gen_cond *gen_ncmp(struct gen_ctx *ctx, enum gen_offrel offrel,
			  bpf_u_int32 off, int size, bpf_u_int32 mask,
			  int jtype, int reverse, bpf_u_int32 v);
struct gen_cond *gen_cmp(struct gen_ctx *ctx, enum gen_offrel offrel,
			 bpf_u_int32 off, int size, bpf_u_int32 v);
struct gen_cond *gen_mcmp(struct gen_ctx *ctx, enum gen_offrel offrel,
			  bpf_u_int32 off, int size, bpf_u_int32 v,
			  bpf_u_int32 mask);
struct gen_cond *gen_cmp_gt(struct gen_ctx *ctx, enum gen_offrel offrel,
			    bpf_u_int32 off, int size, bpf_u_int32 v);
struct gen_cond *gen_cmp_ge(struct gen_ctx *ctx, enum gen_offrel offrel,
			    bpf_u_int32 off, int size, bpf_u_int32 v);
struct gen_cond *gen_cmp_lt(struct gen_ctx *ctx, enum gen_offrel offrel,
			    bpf_u_int32 off, int size, bpf_u_int32 v);
struct gen_cond *gen_cmp_le(struct gen_ctx *ctx, enum gen_offrel offrel,
			    bpf_u_int32 off, int size, bpf_u_int32 v);
/* Compare n bytes (any n) at off with bytes[] (big-endian words). */
struct gen_cond *gen_bcmp(struct gen_ctx *ctx, enum gen_offrel offrel,
			  bpf_u_int32 off, bpf_u_int32 n, const u_char *bytes);

/* Scratch registers M[0..15]; gen_error if none is free. */
int gen_alloc_reg(struct gen_ctx *ctx);
void gen_free_reg(struct gen_ctx *ctx, int reg);

/* ---- link layer (gen_link.c) ------------------------------------------- */

/* Fill ctx->link for ctx->dlt; gen_error for linktypes not supported. */
void gen_link_init(struct gen_ctx *ctx);
/* The link payload is network protocol proto (an ethertype, or an LLC SAP
 * value <= 1500 on 802.3/802.2 links), as for `ether proto proto`. */
struct gen_cond *gen_linktype(struct gen_ctx *ctx, bpf_u_int32 proto);
/* `ether host/src/dst MAC` on the current linktype. */
struct gen_cond *gen_link_host(struct gen_ctx *ctx, const u_char *mac, int dir);
/* Link-layer broadcast / multicast. */
struct gen_cond *gen_link_broadcast(struct gen_ctx *ctx);
struct gen_cond *gen_link_multicast(struct gen_ctx *ctx);

/*
 * Linktype set-up hooks in the filter-diff engineer's files: fill
 * ctx->link for the linktypes they own and return 1, or return 0 when dlt
 * is not one of theirs.
 */
/* A link with no protocol type field: the payload starts at the link
 * header and every protocol test goes to the linktype hook (which may
 * refuse it with an error). */
void gen_link_untyped(struct gen_ctx *ctx,
		      struct gen_cond *(*linktype)(struct gen_ctx *, bpf_u_int32));
/* A link with header, type field and payload at fixed offsets. */
void gen_link_fixed(struct gen_ctx *ctx, bpf_u_int32 hdr, bpf_u_int32 off_linktype,
		    bpf_u_int32 pl, bpf_u_int32 off_nl, bpf_u_int32 off_nl_nosnap);
/* A 4-byte BSD address family at the link header (DLT_NULL, LOOP, ENC);
 * host_order: stored in the capturing host's byte order. */
struct gen_cond *gen_bsd_af_linktype(struct gen_ctx *ctx, bpf_u_int32 proto, int host_order);
int gen_wlan_link_setup(struct gen_ctx *ctx, int dlt);	/* 802.11, radiotap, prism, AVS, PPI */
int gen_misc_link_setup(struct gen_ctx *ctx, int dlt);	/* FDDI, IEEE802, NETANALYZER*, IPNET, NFLOG */
int gen_pflog_link_setup(struct gen_ctx *ctx, int dlt);	/* PFLOG */

/* ---- rarer families (the filter-diff engineer's files) ------------------ */

/* gen_wlan.c: `type T [subtype S]`, `subtype S`, `dir D` (id names or
 * numbers: name == NULL means use num), `wlan addr1..4/ra/ta host`. */
struct gen_cond *gen_wlan_type(struct gen_ctx *ctx, const char *type, bpf_u_int32 tnum,
			       const char *subtype, bpf_u_int32 snum, int has_subtype);
struct gen_cond *gen_wlan_subtype(struct gen_ctx *ctx, const char *subtype, bpf_u_int32 num);
struct gen_cond *gen_wlan_dir(struct gen_ctx *ctx, const char *dir, bpf_u_int32 num);
struct gen_cond *gen_wlan_addr(struct gen_ctx *ctx, const u_char *mac, int dir);

/* gen_iso.c: a bare protocol keyword (iso, esis, isis, clnp, l1, l2, iih,
 * lsp, snp, csnp, psnp, stp, ipx, netbeui, atalk, aarp, decnet, lat, sca,
 * moprc, mopdl); `PROTO proto N` for iso/isis/...; `llc [sub]` (sub NULL:
 * plain llc). DECnet addresses: gen_families.h. */
struct gen_cond *gen_iso_proto_abbrev(struct gen_ctx *ctx, int qproto);
struct gen_cond *gen_iso_proto(struct gen_ctx *ctx, bpf_u_int32 v, int qproto);
struct gen_cond *gen_iso_llc(struct gen_ctx *ctx, const char *sub);

/* gen_pflog.c: `on/ifname IF`, `ruleset NAME`, `rnr/rulenum N`, `srnr/
 * subrulenum N`, `reason R`, `action A` (name or number as text). */
enum gen_pf_field { GEN_PF_IFNAME, GEN_PF_RSET, GEN_PF_RNR, GEN_PF_SRNR,
		    GEN_PF_REASON, GEN_PF_ACTION };
struct gen_cond *gen_pflog(struct gen_ctx *ctx, enum gen_pf_field field,
			   const char *text, bpf_u_int32 num, int is_num);

/* gen_ss7.c: `sio/opc/dpc/sls/hsio/hopc/hdpc/hsls [relop] N`; jtype
 * BPF_JEQ/JGT/JGE with reverse as for gen_ncmp; field is the keyword.
 * And the MTP2 types fisu/lssu/msu/hfisu/hlssu/hmsu. */
struct gen_cond *gen_ss7_field(struct gen_ctx *ctx, const char *field,
			       bpf_u_int32 v, int jtype, int reverse);
struct gen_cond *gen_ss7_mtp2type(struct gen_ctx *ctx, const char *type);

/* gen_misc.c: inbound/outbound, ifindex N, ATM (vpi/vci/lane/oamf4...),
 * and whatever keyword has no other home. */
struct gen_cond *gen_misc_inbound(struct gen_ctx *ctx, int outbound);
struct gen_cond *gen_misc_ifindex(struct gen_ctx *ctx, int ifindex);
struct gen_cond *gen_misc_atm_type(struct gen_ctx *ctx, const char *type);
struct gen_cond *gen_misc_atm_field(struct gen_ctx *ctx, const char *field,
				    bpf_u_int32 v, int jtype, int reverse);

#endif
