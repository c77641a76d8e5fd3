/*
 * pflog: the PFLOG linktype (OpenBSD pf's log header in front of an IP
 * packet) and its primitives on/ifname, ruleset, rnr/rulenum,
 * srnr/subrulenum, reason and action.
 *
 * The header (struct pfloghdr) starts with its own length; the IP packet
 * follows it rounded up to 4 bytes, so the payload offset is computed at
 * run time by a prologue into a scratch register. The fields the
 * primitives test are at fixed offsets from the start:
 *
 *   0 length  1 af  2 action  3 reason  4 ifname[16]  20 ruleset[16]
 *   36 rulenr (be32)  40 subrulenr (be32)  ...  60 dir
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h).
 */
#include "filter/gen_families.h"

#include <pcap/dlt.h>
#include <string.h>
#include <strings.h>

#define PFLOG_OFF_AF		1
#define PFLOG_OFF_ACTION	2
#define PFLOG_OFF_REASON	3
#define PFLOG_OFF_IFNAME	4
#define PFLOG_OFF_RULESET	20
#define PFLOG_OFF_RULENR	36
#define PFLOG_OFF_SUBRULENR	40
#define PFLOG_NAME_MAX		15	/* IFNAMSIZ - 1, PF_RULESET_NAME_SIZE - 1 */

/* Address families as the capturing host wrote them: libpcap compares
 * with the compiling host's AF_INET/AF_INET6 (Linux: 2 and 10). */
#define PFLOG_AF_INET		2
#define PFLOG_AF_INET6		10

/* The payload register: M[reg] = (hdr[0] + 3) & ~3. */
static struct gen_cond *gen_pflog_prologue(struct gen_ctx *ctx)
{
	struct gen_slist *s;

	if (!ctx->uses_variable_offsets)
		return NULL;
	s = gen_stmt(ctx, BPF_LD | BPF_ABS | BPF_B, 0);
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_ADD | BPF_K, 3));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ALU | BPF_AND | BPF_K, 0xfffffffc));
	s = gen_sappend(s, gen_stmt(ctx, BPF_ST, (bpf_u_int32)ctx->link.linkpl.reg));
	return gen_prepend(ctx, s, gen_true(ctx));
}

/* Only IPv4 and IPv6 travel behind a pflog header; anything else is
 * always false, as in libpcap. */
static struct gen_cond *gen_pflog_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	if (proto == 0x0800)
		return gen_cmp(ctx, GOR_LINKHDR, PFLOG_OFF_AF, BPF_B, PFLOG_AF_INET);
	if (proto == 0x86dd)
		return gen_cmp(ctx, GOR_LINKHDR, PFLOG_OFF_AF, BPF_B, PFLOG_AF_INET6);
	return gen_false(ctx);
}

int gen_pflog_link_setup(struct gen_ctx *ctx, int dlt)
{
	struct gen_link *l = &ctx->link;

	if (dlt != DLT_PFLOG)
		return 0;
	l->linkhdr.reg = -1;
	l->linkhdr.constant = 0;
	l->prevlinkhdr = l->linkhdr;
	l->off_linktype = GEN_OFF_NONE;
	l->off_outermostlinktype = GEN_OFF_NONE;
	l->linkpl.reg = gen_alloc_reg(ctx);
	l->linkpl.constant = 0;
	l->off_nl = 0;
	l->off_nl_nosnap = 0;
	l->is_ethertype_field = 0;
	l->linktype = gen_pflog_linktype;
	l->prologue = gen_pflog_prologue;
	return 1;
}

/* pf's action and reason names (pfvar.h), matched without case. */
static const char *const pflog_actions[] = {
	"pass", "drop", "scrub", "noscrub", "nat", "nonat", "binat",
	"nobinat", "rdr", "nordr", "synproxy-drop",
};
static const char *const pflog_reasons[] = {
	"match", "bad-offset", "fragment", "short", "normalize", "memory",
	"bad-timestamp", "congestion", "ip-option", "proto-cksum",
	"state-mismatch", "state-insert", "state-limit", "src-limit",
	"synproxy",
};

static int pflog_lookup(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(names[i], s))
			return (int)i;
	return -1;
}

static bpf_u_int32 pflog_action_num(struct gen_ctx *ctx, const char *s)
{
	int v = pflog_lookup(pflog_actions,
			     sizeof(pflog_actions) / sizeof(pflog_actions[0]), s);

	/* synonyms pf's grammar accepts */
	if (v < 0 && !strcasecmp(s, "accept"))
		v = 0;
	if (v < 0 && !strcasecmp(s, "block"))
		v = 1;
	if (v < 0)
		gen_error(ctx, "unknown PF action \"%s\"", s);
	return (bpf_u_int32)v;
}

static bpf_u_int32 pflog_reason_num(struct gen_ctx *ctx, const char *s)
{
	int v = pflog_lookup(pflog_reasons,
			     sizeof(pflog_reasons) / sizeof(pflog_reasons[0]), s);

	if (v < 0)
		gen_error(ctx, "unknown PF reason \"%s\"", s);
	return (bpf_u_int32)v;
}

/* A name field: its first strlen(name) bytes equal name (libpcap compares
 * no terminating NUL, so "em" also matches "em0"). */
static struct gen_cond *gen_pflog_name(struct gen_ctx *ctx, bpf_u_int32 off,
				       const char *name, const char *what)
{
	size_t len = strlen(name);

	if (len > PFLOG_NAME_MAX)
		gen_error(ctx, "%s can only be %d characters", what, PFLOG_NAME_MAX);
	return gen_bcmp(ctx, GOR_LINKHDR, off, (bpf_u_int32)len,
			(const u_char *)name);
}

struct gen_cond *gen_pflog(struct gen_ctx *ctx, enum gen_pf_field field,
			   const char *text, bpf_u_int32 num, int is_num)
{
	static const char *const keyword[] = {
		[GEN_PF_IFNAME] = "ifname", [GEN_PF_RSET] = "ruleset",
		[GEN_PF_RNR] = "rnr", [GEN_PF_SRNR] = "srnr",
		[GEN_PF_REASON] = "reason", [GEN_PF_ACTION] = "action",
	};

	/* names are translated before the linktype is looked at, as libpcap's
	 * grammar does: "reason nosuch" fails the same way on every link */
	if (field == GEN_PF_REASON && !is_num)
		num = pflog_reason_num(ctx, text);
	else if (field == GEN_PF_ACTION)
		num = is_num ? num : pflog_action_num(ctx, text);

	if (gen_families_dlt(ctx) != DLT_PFLOG)
		gen_error(ctx, "%s supported only on PF linktype", keyword[field]);

	switch (field) {
	case GEN_PF_IFNAME:
		return gen_pflog_name(ctx, PFLOG_OFF_IFNAME, text,
				      "ifname interface names");
	case GEN_PF_RSET:
		return gen_pflog_name(ctx, PFLOG_OFF_RULESET, text, "ruleset names");
	case GEN_PF_RNR:
		return gen_cmp(ctx, GOR_LINKHDR, PFLOG_OFF_RULENR, BPF_W, num);
	case GEN_PF_SRNR:
		return gen_cmp(ctx, GOR_LINKHDR, PFLOG_OFF_SUBRULENR, BPF_W, num);
	case GEN_PF_REASON:
		return gen_cmp(ctx, GOR_LINKHDR, PFLOG_OFF_REASON, BPF_B, num);
	case GEN_PF_ACTION:
		return gen_cmp(ctx, GOR_LINKHDR, PFLOG_OFF_ACTION, BPF_B, num);
	}
	gen_error(ctx, "unknown pflog field");
}
