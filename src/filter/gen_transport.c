/*
 * Transport layer: ports and port ranges of TCP/UDP/SCTP over IPv4 and
 * IPv6, protocol numbers (`proto N`, `tcp`, `icmp`, ...).
 *
 * What libpcap's programs test, and so what these do: over IPv6 the next
 * header of the fixed header must be the transport protocol (no walk over
 * extension headers); over IPv4 the packet must not be a later fragment
 * and the port is found after the variable-length header. Without a
 * protocol, `port` means SCTP or TCP or UDP, IPv6 tested first.
 */
#include "filter/gen_internal.h"
#include "filter/gen_families.h"

#define GEN_ETHERTYPE_IP	0x0800
#define GEN_ETHERTYPE_IPV6	0x86dd
#define GEN_ETHERTYPE_ARP	0x0806
#define GEN_ETHERTYPE_REVARP	0x8035
#define GEN_IPPROTO_TCP		6
#define GEN_IPPROTO_UDP		17
#define GEN_IPPROTO_SCTP	132
#define GEN_IPPROTO_ICMP	1
#define GEN_IPPROTO_IGMP	2
#define GEN_IPPROTO_IGRP	9
#define GEN_IPPROTO_PIM		103
#define GEN_IPPROTO_VRRP	112
#define GEN_IPPROTO_AH		51
#define GEN_IPPROTO_ESP		50
#define GEN_IPPROTO_ICMPV6	58

/* one port compare: == lo, or lo <= port <= hi */
static struct gen_cond *gen_portcmp(struct gen_ctx *ctx, enum gen_offrel rel,
				    bpf_u_int32 off, bpf_u_int32 lo, bpf_u_int32 hi,
				    int range)
{
	if (!range)
		return gen_cmp(ctx, rel, off, BPF_H, lo);
	return gen_and(ctx, gen_cmp_ge(ctx, rel, off, BPF_H, lo),
		       gen_cmp_le(ctx, rel, off, BPF_H, hi));
}

static struct gen_cond *gen_portop(struct gen_ctx *ctx, enum gen_offrel rel,
				   bpf_u_int32 lo, bpf_u_int32 hi, int range, int dir)
{
	switch (dir) {
	case GQ_SRC:
		return gen_portcmp(ctx, rel, 0, lo, hi, range);
	case GQ_DST:
		return gen_portcmp(ctx, rel, 2, lo, hi, range);
	case GQ_AND:
		return gen_and(ctx, gen_portcmp(ctx, rel, 0, lo, hi, range),
			       gen_portcmp(ctx, rel, 2, lo, hi, range));
	case GQ_DIR_DEFAULT:
	case GQ_OR:
		return gen_or(ctx, gen_portcmp(ctx, rel, 0, lo, hi, range),
			      gen_portcmp(ctx, rel, 2, lo, hi, range));
	default:
		gen_dir_not_valid(ctx, dir, range ? "port ranges" : "ports");
	}
}

static struct gen_cond *gen_port4(struct gen_ctx *ctx, bpf_u_int32 lo, bpf_u_int32 hi,
				  int range, int ipproto, int dir)
{
	struct gen_cond *c = gen_cmp(ctx, GOR_LINKPL, 9, BPF_B, (bpf_u_int32)ipproto);

	c = gen_and(ctx, c, gen_ipfrag(ctx));
	return gen_and(ctx, c, gen_portop(ctx, GOR_TRAN_IPV4, lo, hi, range, dir));
}

static struct gen_cond *gen_port6(struct gen_ctx *ctx, bpf_u_int32 lo, bpf_u_int32 hi,
				  int range, int ipproto, int dir)
{
	struct gen_cond *c = gen_cmp(ctx, GOR_LINKPL, 6, BPF_B, (bpf_u_int32)ipproto);

	return gen_and(ctx, c, gen_portop(ctx, GOR_TRAN_IPV6, lo, hi, range, dir));
}

/* ipproto -1: SCTP, TCP or UDP. */
static struct gen_cond *gen_ports_by_proto(struct gen_ctx *ctx, int v6, bpf_u_int32 lo,
					   bpf_u_int32 hi, int range, int ipproto, int dir)
{
	static const int all[] = { GEN_IPPROTO_SCTP, GEN_IPPROTO_TCP, GEN_IPPROTO_UDP };
	struct gen_cond *c = NULL;
	size_t i;

	if (ipproto >= 0)
		return v6 ? gen_port6(ctx, lo, hi, range, ipproto, dir) :
			    gen_port4(ctx, lo, hi, range, ipproto, dir);
	for (i = 0; i < 3; i++) {
		struct gen_cond *one = v6 ? gen_port6(ctx, lo, hi, range, all[i], dir) :
					    gen_port4(ctx, lo, hi, range, all[i], dir);

		c = c ? gen_or(ctx, c, one) : one;
	}
	return c;
}

struct gen_cond *gen_port(struct gen_ctx *ctx, bpf_u_int32 lo, bpf_u_int32 hi,
			  int ipproto, int dir, int range)
{
	struct gen_cond *c6, *c4;

	if (range && lo > hi) {
		bpf_u_int32 t = lo;

		lo = hi;
		hi = t;
	}
	/* libpcap asks for IPv4 first and only then refuses the direction:
	 * a linktype without IPv4 has the last word */
	if (gen_dir_is_80211(dir)) {
		gen_linktype(ctx, GEN_ETHERTYPE_IP);
		gen_dir_not_valid(ctx, dir, range ? "port ranges" : "ports");
	}
	c6 = gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IPV6),
		     gen_ports_by_proto(ctx, 1, lo, hi, range, ipproto, dir));
	c4 = gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IP),
		     gen_ports_by_proto(ctx, 0, lo, hi, range, ipproto, dir));
	return gen_or(ctx, c6, c4);
}

/* `proto N` under a protocol qualifier (and the default: IPv4 or IPv6). */
struct gen_cond *gen_proto(struct gen_ctx *ctx, bpf_u_int32 v, int qproto, int dir)
{
	if (dir != GQ_DIR_DEFAULT)
		gen_error(ctx, "direction applied to 'proto'");
	switch (qproto) {
	case GQ_PROTO_DEFAULT:
		return gen_or(ctx, gen_ipv4_proto(ctx, v), gen_ipv6_proto(ctx, v));
	case GQ_LINK:
		return gen_linktype(ctx, v);
	case GQ_IP:
		return gen_ipv4_proto(ctx, v);
	case GQ_IPV6:
		return gen_ipv6_proto(ctx, v);
	case GQ_ISO:
	case GQ_ESIS:
	case GQ_ISIS:
	case GQ_CLNP:
	case GQ_ISIS_L1:
	case GQ_ISIS_L2:
	case GQ_ISIS_IIH:
	case GQ_ISIS_SNP:
	case GQ_ISIS_CSNP:
	case GQ_ISIS_PSNP:
	case GQ_ISIS_LSP:
		return gen_iso_proto(ctx, v, qproto);
	case GQ_ARP:
	case GQ_RARP:
		gen_error(ctx, "%s does not encapsulate another protocol",
			  gen_qproto_name(qproto));
	case GQ_LAT:
		gen_error(ctx, "LAT does not encapsulate another protocol");
	case GQ_SCA:
		gen_error(ctx, "SCA does not encapsulate another protocol");
	case GQ_MOPRC:
		gen_error(ctx, "MOPRC does not encapsulate another protocol");
	case GQ_MOPDL:
		gen_error(ctx, "MOPDL does not encapsulate another protocol");
	case GQ_ATALK:
		gen_error(ctx, "AppleTalk encapsulation is not specifiable");
	case GQ_DECNET:
		gen_error(ctx, "DECNET encapsulation is not specifiable");
	default:
		gen_error(ctx, "'%s proto' is bogus", gen_qproto_name(qproto));
	}
}

/* The bare protocol keywords: `tcp`, `ip6`, `icmp`, ... */
struct gen_cond *gen_proto_abbrev(struct gen_ctx *ctx, int qproto)
{
	switch (qproto) {
	case GQ_SCTP:
		return gen_proto(ctx, GEN_IPPROTO_SCTP, GQ_PROTO_DEFAULT, 0);
	case GQ_TCP:
		return gen_proto(ctx, GEN_IPPROTO_TCP, GQ_PROTO_DEFAULT, 0);
	case GQ_UDP:
		return gen_proto(ctx, GEN_IPPROTO_UDP, GQ_PROTO_DEFAULT, 0);
	case GQ_PIM:
		return gen_proto(ctx, GEN_IPPROTO_PIM, GQ_PROTO_DEFAULT, 0);
	case GQ_AH:
		return gen_proto(ctx, GEN_IPPROTO_AH, GQ_PROTO_DEFAULT, 0);
	case GQ_ESP:
		return gen_proto(ctx, GEN_IPPROTO_ESP, GQ_PROTO_DEFAULT, 0);
	case GQ_ICMP:
		return gen_ipv4_proto(ctx, GEN_IPPROTO_ICMP);
	case GQ_IGMP:
		return gen_ipv4_proto(ctx, GEN_IPPROTO_IGMP);
	case GQ_IGRP:
		return gen_ipv4_proto(ctx, GEN_IPPROTO_IGRP);
	case GQ_VRRP:
	case GQ_CARP:
		return gen_ipv4_proto(ctx, GEN_IPPROTO_VRRP);
	case GQ_ICMPV6:
		return gen_ipv6_proto(ctx, GEN_IPPROTO_ICMPV6);
	case GQ_IP:
		return gen_linktype(ctx, GEN_ETHERTYPE_IP);
	case GQ_IPV6:
		return gen_linktype(ctx, GEN_ETHERTYPE_IPV6);
	case GQ_ARP:
		return gen_linktype(ctx, GEN_ETHERTYPE_ARP);
	case GQ_RARP:
		return gen_linktype(ctx, GEN_ETHERTYPE_REVARP);
	case GQ_LINK:
		gen_error(ctx, "link layer applied in wrong context");
	case GQ_RADIO:
		gen_error(ctx, "'radio' is not a valid protocol type");
	default:
		return gen_iso_proto_abbrev(ctx, qproto);
	}
}
