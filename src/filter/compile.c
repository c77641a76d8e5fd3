/*
 * pcap_compile, pcap_compile_nopcap, pcap_freecode: one compilation is
 * one struct gen_ctx on the stack and its arena, so concurrent calls on
 * different handles share nothing.
 */
#include "core/handle.h"
#include "core/error.h"
#include "filter/gen_internal.h"
#include "filter/optimize.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
 * The link prologue (variable header lengths), then our own register
 * initialisations, in front of the program. The link prologue fills the
 * registers of the link as set up (base): after geneve ctx->link points
 * at the inner frame's registers, which the outer header's loads don't
 * use, and filling those instead would leave the outer ones unwritten
 * (the kernel refuses a read of unwritten scratch memory). It may branch
 * (Prism or AVS, the 802.11 payload offset): its true exits go on at the
 * root's head, its false ones reject (PPI carrying something else than
 * 802.11). An empty expression gets none, as in libpcap (no check at all).
 */
static int compile_is_empty(const char *expr)
{
	while (isspace((unsigned char)*expr))
		expr++;
	return *expr == '\0';
}

static struct gen_cond *compile_prologue(struct gen_ctx *ctx,
					 const struct gen_link *base,
					 struct gen_cond *root)
{
	struct gen_absoff hdr = ctx->link.linkhdr, pl = ctx->link.linkpl;
	struct gen_cond *link = NULL;

	if (ctx->link.prologue != NULL && !compile_is_empty(ctx->expr)) {
		ctx->link.linkhdr = base->linkhdr;
		ctx->link.linkpl = base->linkpl;
		link = ctx->link.prologue(ctx);
		ctx->link.linkhdr = hdr;
		ctx->link.linkpl = pl;
	}
	if (ctx->prologue != NULL)
		root = gen_prepend(ctx, ctx->prologue, root);
	if (link == NULL)
		return root;
	return gen_and(ctx, link, root);
}

static int compile_run(struct gen_ctx *ctx, const char *expr,
		       struct bpf_insn **insns, u_int *len)
{
	struct gen_link base;
	struct gen_cond *root;

	if (setjmp(ctx->unwind))
		return -1;
	gen_link_init(ctx);
	gen_lp_link_lazy(ctx);
	base = ctx->link;
	root = filter_parse(ctx, expr);
	root = compile_prologue(ctx, &base, root);
	*insns = gen_finish(ctx, root, NULL, len);
	return 0;
}

int pcap_compile(pcap_t *p, struct bpf_program *program, const char *buf,
		 int optimize, bpf_u_int32 mask)
{
	struct gen_ctx ctx;
	struct bpf_insn *insns = NULL;
	u_int len = 0;
	int rc;

	if (p == NULL || program == NULL)
		return PCAP_ERROR;
	if (!p->activated) {
		handle_error(p, "not-yet-activated pcap_t passed to pcap_compile");
		return PCAP_ERROR;
	}
	if (p->snapshot == 0) {
		handle_error(p, "snaplen of 0 rejects all packets");
		return PCAP_ERROR;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.errbuf = p->errbuf;
	ctx.dlt = p->linktype;
	ctx.snaplen = p->snapshot;
	ctx.netmask = mask;
	ctx.codegen_flags = (p->bpf_codegen_flags & MQPCAP_CODEGEN_KERNEL_VLAN) ?
			    GEN_CODEGEN_KERNEL_VLAN : 0;
	ctx.optimize = optimize;
	ctx.is_savefile = p->rfile != NULL;
	ctx.savefile_swapped = p->rfile != NULL && p->swapped;
	ctx.expr = buf ? buf : "";
	rc = compile_run(&ctx, ctx.expr, &insns, &len);
	gen_arena_free(&ctx);
	if (rc < 0)
		return PCAP_ERROR;
	/* where libpcap leaves the program unoptimized, only optimize what
	 * keeps every packet's verdict, and never call it "rejects all" */
	if (optimize && filter_optimize_flags(&insns, &len, p->errbuf,
			ctx.no_optimize ? FILTER_OPT_STRICT : FILTER_OPT_FAULTS) < 0) {
		free(insns);
		return PCAP_ERROR;
	}
	/* libpcap refuses an optimized filter that can only reject */
	if (optimize && !ctx.no_optimize && len == 1 && insns[0].code == (BPF_RET | BPF_K) && insns[0].k == 0) {
		free(insns);
		handle_error(p, "expression rejects all packets");
		return PCAP_ERROR;
	}
	program->bf_len = len;
	program->bf_insns = insns;
	return 0;
}

int pcap_compile_nopcap(int snaplen, int linktype, struct bpf_program *program,
			const char *buf, int optimize, bpf_u_int32 mask)
{
	pcap_t *p = pcap_open_dead(linktype, snaplen);
	int rc;

	if (p == NULL)
		return PCAP_ERROR;
	rc = pcap_compile(p, program, buf, optimize, mask);
	pcap_close(p);
	return rc;
}

void pcap_freecode(struct bpf_program *program)
{
	if (program == NULL)
		return;
	free(program->bf_insns);
	program->bf_insns = NULL;
	program->bf_len = 0;
}
