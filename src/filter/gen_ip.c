/*
 * IPv4 (and ARP/RARP) addresses and networks, the IPv4 protocol field and
 * the fragment test. Loads happen in the order libpcap's programs do them
 * (source before destination), because a load past the end of a short
 * packet rejects the whole packet: the same order gives the same answer.
 */
#include "filter/gen_internal.h"
#include "filter/gen_families.h"

#define GEN_ETHERTYPE_IP	0x0800
#define GEN_ETHERTYPE_ARP	0x0806
#define GEN_ETHERTYPE_REVARP	0x8035

/* (word at off & mask) == addr */
static struct gen_cond *gen_ip_addrcmp(struct gen_ctx *ctx, bpf_u_int32 off,
				       bpf_u_int32 addr, bpf_u_int32 mask)
{
	return gen_mcmp(ctx, GOR_LINKPL, off, BPF_W, addr, mask);
}

static struct gen_cond *gen_ip_hostop(struct gen_ctx *ctx, bpf_u_int32 addr,
				      bpf_u_int32 mask, int dir,
				      bpf_u_int32 src_off, bpf_u_int32 dst_off)
{
	switch (dir) {
	case GQ_SRC:
		return gen_ip_addrcmp(ctx, src_off, addr, mask);
	case GQ_DST:
		return gen_ip_addrcmp(ctx, dst_off, addr, mask);
	case GQ_AND:
		return gen_and(ctx, gen_ip_addrcmp(ctx, src_off, addr, mask),
			       gen_ip_addrcmp(ctx, dst_off, addr, mask));
	case GQ_DIR_DEFAULT:
	case GQ_OR:
		return gen_or(ctx, gen_ip_addrcmp(ctx, src_off, addr, mask),
			      gen_ip_addrcmp(ctx, dst_off, addr, mask));
	default:
		gen_dir_not_valid(ctx, dir, GEN_DIR_NOT_MAC);
	}
}

/* One of ip/arp/rarp: link type, then the address test. The direction is
 * checked first: libpcap refuses addr1 and the like before it looks at
 * the linktype. */
static struct gen_cond *gen_ip_host1(struct gen_ctx *ctx, bpf_u_int32 addr,
				     bpf_u_int32 mask, int dir, bpf_u_int32 ethertype,
				     bpf_u_int32 src_off, bpf_u_int32 dst_off)
{
	struct gen_cond *lt;

	if (gen_dir_is_80211(dir))
		gen_dir_not_valid(ctx, dir, GEN_DIR_NOT_MAC);
	lt = gen_linktype(ctx, ethertype);
	return gen_and(ctx, lt, gen_ip_hostop(ctx, addr, mask, dir, src_off, dst_off));
}

/* The protocols libpcap names in its own words when they qualify an IPv4
 * host or net; NULL: "'proto' modifier applied to host". */
static const char *gen_ip_host_unimplemented(int qproto)
{
	switch (qproto) {
	case GQ_ATALK: return "AppleTalk";
	case GQ_AARP: return "AARP";
	case GQ_LAT: return "LAT";
	case GQ_SCA: return "SCA";
	case GQ_MOPRC: return "MOPRC";
	case GQ_MOPDL: return "MOPDL";
	case GQ_ISO: return "ISO";
	case GQ_IPX: return "IPX";
	default: return NULL;
	}
}

struct gen_cond *gen_ip_host(struct gen_ctx *ctx, bpf_u_int32 addr, bpf_u_int32 mask,
			     int qproto, int dir, int qaddr)
{
	const char *what = qaddr == GQ_NET ? "net" : "host";
	const char *unimpl = gen_ip_host_unimplemented(qproto);
	struct gen_cond *c;

	if (unimpl != NULL)
		gen_error(ctx, "%s host filtering not implemented", unimpl);
	switch (qproto) {
	case GQ_PROTO_DEFAULT:
		c = gen_ip_host1(ctx, addr, mask, dir, GEN_ETHERTYPE_IP, 12, 16);
		/* inside MPLS only IPv4 can be recognised */
		if (ctx->link.label_stack_depth > 0)
			return c;
		c = gen_or(ctx, c, gen_ip_host1(ctx, addr, mask, dir,
						GEN_ETHERTYPE_ARP, 14, 24));
		return gen_or(ctx, c, gen_ip_host1(ctx, addr, mask, dir,
						   GEN_ETHERTYPE_REVARP, 14, 24));
	case GQ_LINK:
		gen_error(ctx, "link-layer modifier applied to %s", what);
	case GQ_IP:
		return gen_ip_host1(ctx, addr, mask, dir, GEN_ETHERTYPE_IP, 12, 16);
	case GQ_ARP:
		return gen_ip_host1(ctx, addr, mask, dir, GEN_ETHERTYPE_ARP, 14, 24);
	case GQ_RARP:
		return gen_ip_host1(ctx, addr, mask, dir, GEN_ETHERTYPE_REVARP, 14, 24);
	case GQ_IPV6:
		gen_error(ctx, "'ip6' modifier applied to ip host");
	case GQ_DECNET:
		/* `decnet net A mask M`, `decnet net NAME`: the value as is */
		return gen_iso_decnet_addr(ctx, addr, dir);
	default:
		gen_error(ctx, "'%s' modifier applied to %s", gen_qproto_name(qproto), what);
	}
}

/* Not a later fragment: the fragment offset is zero. */
struct gen_cond *gen_ipfrag(struct gen_ctx *ctx)
{
	struct gen_slist *s = gen_load(ctx, GOR_LINKPL, 6, BPF_H);

	return gen_not(ctx, gen_jmp(ctx, s, BPF_JMP | BPF_JSET | BPF_K, 0x1fff));
}

/* IPv4 with protocol field proto. */
struct gen_cond *gen_ipv4_proto(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	return gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IP),
		       gen_cmp(ctx, GOR_LINKPL, 9, BPF_B, proto));
}
