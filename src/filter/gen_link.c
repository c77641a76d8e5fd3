/*
 * Link-layer headers: where the type field and the payload are for each
 * linktype, what "the payload is protocol P" means on it, and the
 * link-layer address primitives (ether host/src/dst, broadcast,
 * multicast) of Ethernet.
 *
 * Linktypes: EN10MB, LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6, NULL, LOOP,
 * PPP, PPP_ETHER, C_HDLC here; the 802.11 family, FDDI, token ring,
 * NETANALYZER, IPNET, PFLOG and NFLOG through the hooks in gen_wlan.c,
 * gen_misc.c and gen_pflog.c.
 */
#include "filter/gen_internal.h"

#include <pcap/dlt.h>
#include <string.h>

#define GEN_ETHERMTU		1500
#define GEN_ETHERTYPE_IP	0x0800
#define GEN_ETHERTYPE_IPV6	0x86dd
#define GEN_ETHERTYPE_DN	0x6003
#define GEN_ETHERTYPE_ATALK	0x809b
#define GEN_ETHERTYPE_NS	0x0600
#define GEN_LLCSAP_ISONS	0xfe
#define GEN_LLCSAP_8021D	0x42
#define GEN_LLCSAP_IPX		0xe0
#define GEN_LLCSAP_NETBEUI	0xf0
#define GEN_LLCSAP_IP		0x06
#define GEN_SLL_P_802_3		1
#define GEN_ETHERTYPE_IPX	0x8137
#define GEN_ETHERTYPE_AARP	0x80f3
#define GEN_SLL_P_802_2		4
#define GEN_AF_INET		2
#define GEN_AF_INET6		10

static struct gen_absoff gen_const_off(bpf_u_int32 k)
{
	struct gen_absoff o = { -1, k };

	return o;
}

/* A link whose header, type field and payload are at fixed offsets (hdr
 * from the packet's start, the others from the header); the type field,
 * if any, holds an ethertype unless the caller says otherwise. */
void gen_link_fixed(struct gen_ctx *ctx, bpf_u_int32 hdr, bpf_u_int32 off_linktype,
		    bpf_u_int32 pl, bpf_u_int32 off_nl, bpf_u_int32 off_nl_nosnap)
{
	struct gen_link *l = &ctx->link;

	l->linkhdr = gen_const_off(hdr);
	l->prevlinkhdr = l->linkhdr;
	l->off_linktype = off_linktype;
	l->off_outermostlinktype = off_linktype;
	l->linkpl = gen_const_off(pl);
	l->off_nl = off_nl;
	l->off_nl_nosnap = off_nl_nosnap;
	l->is_ethertype_field = off_linktype != GEN_OFF_NONE;
}

/* The common links: header at 0, network layer right after the payload
 * offset. */
static void gen_link_set(struct gen_ctx *ctx, bpf_u_int32 off_linktype,
			 bpf_u_int32 off_linkpl)
{
	gen_link_fixed(ctx, 0, off_linktype, off_linkpl, 0, 0);
	ctx->link.is_ethertype_field = 1;
}

static struct gen_cond *gen_opaque_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	const char *what;

	(void)proto;
	switch (ctx->dlt) {	/* libpcap names these families, not the DLT */
	case DLT_USB_LINUX:
	case DLT_USB_LINUX_MMAPPED:
	case DLT_USB_FREEBSD:
		what = "USB";
		break;
	case DLT_IEEE802_15_4_WITHFCS:
	case DLT_IEEE802_15_4_NONASK_PHY:
	case DLT_IEEE802_15_4_NOFCS:
		what = "IEEE 802.15.4";
		break;
	default:
		what = pcap_datalink_val_to_description_or_dlt(ctx->dlt);
	}
	gen_error(ctx, "%s link-layer type filtering not implemented", what);
}

void gen_link_untyped(struct gen_ctx *ctx,
		      struct gen_cond *(*linktype)(struct gen_ctx *, bpf_u_int32))
{
	struct gen_link *l = &ctx->link;

	l->linkhdr = l->prevlinkhdr = l->linkpl = gen_const_off(0);
	l->off_linktype = GEN_OFF_NONE;
	l->off_outermostlinktype = GEN_OFF_NONE;
	l->off_nl = 0;
	l->off_nl_nosnap = 0;
	l->is_ethertype_field = 0;
	l->linktype = linktype;
}

void gen_link_init(struct gen_ctx *ctx)
{
	struct gen_link *l = &ctx->link;

	memset(l, 0, sizeof(*l));
	l->dlt = ctx->dlt;
	l->vlan_reg = -1;
	l->linkhdr = l->prevlinkhdr = l->linkpl = gen_const_off(0);
	switch (ctx->dlt) {
	case DLT_EN10MB:
		gen_link_set(ctx, 12, 14);
		l->off_nl_nosnap = 3;	/* 802.2 LLC without SNAP */
		return;
	case DLT_LINUX_SLL:
		gen_link_set(ctx, 14, 16);
		return;
	case DLT_LINUX_SLL2:
		gen_link_set(ctx, 0, 20);
		return;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		gen_link_set(ctx, GEN_OFF_NONE, 0);
		return;
	case DLT_NULL:
	case DLT_LOOP:
		gen_link_set(ctx, 0, 4);
		return;
	case DLT_PPP:
	case DLT_C_HDLC:
		gen_link_set(ctx, 2, 4);
		return;
	case DLT_PPP_ETHER:
		gen_link_set(ctx, 6, 8);
		return;
	default:
		break;
	}
	if (gen_wlan_link_setup(ctx, ctx->dlt) || gen_misc_link_setup(ctx, ctx->dlt) ||
	    gen_pflog_link_setup(ctx, ctx->dlt))
		return;
	if (ctx->dlt >= DLT_MATCHING_MIN && ctx->dlt <= DLT_MATCHING_MAX) {
		/* A link type with a number but no protocol support (USB,
		 * 802.15.4, DLT_USERn...): as in libpcap, an empty filter and
		 * the link-independent primitives (len, link[N], less/greater)
		 * compile, so that tcpdump -r reads such files. */
		gen_link_untyped(ctx, gen_opaque_linktype);
		return;
	}
	gen_error(ctx, "unknown data link type %d (min %d, max %d)", ctx->dlt,
		  DLT_MATCHING_MIN, DLT_MATCHING_MAX);
}

/* An 802.2 SNAP header with this OUI and type at the LLC header. */
struct gen_cond *gen_snap(struct gen_ctx *ctx, bpf_u_int32 oui, bpf_u_int32 type)
{
	const u_char snap[8] = {
		0xaa, 0xaa, 0x03, (u_char)(oui >> 16), (u_char)(oui >> 8), (u_char)oui,
		(u_char)(type >> 8), (u_char)type,
	};

	return gen_bcmp(ctx, GOR_LLC, 0, 8, snap);
}

/* 802.3 length field rather than an ethertype */
static struct gen_cond *gen_ether_is_8023(struct gen_ctx *ctx)
{
	return gen_not(ctx, gen_cmp_gt(ctx, GOR_LINKTYPE, 0, BPF_H, GEN_ETHERMTU));
}

/* Ethernet: an ethertype, or an 802.2 LLC SAP when proto <= 1500; IPX,
 * AppleTalk and AARP come in several framings. */
static struct gen_cond *gen_ether_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	struct gen_cond *len, *sap, *c;

	switch (proto) {
	case GEN_LLCSAP_IP:
	case GEN_LLCSAP_ISONS:
	case GEN_LLCSAP_NETBEUI:
		/* always 802.2, DSAP and SSAP both the SAP */
		return gen_and(ctx, gen_ether_is_8023(ctx),
			       gen_cmp(ctx, GOR_LLC, 0, BPF_H, proto << 8 | proto));
	case GEN_LLCSAP_IPX:
		/* Ethernet II, or 802.3 with SNAP, 802.2 SAP 0xe0 or raw 0xffff */
		c = gen_or(ctx, gen_snap(ctx, 0, GEN_ETHERTYPE_IPX),
			   gen_or(ctx, gen_cmp(ctx, GOR_LLC, 0, BPF_B, GEN_LLCSAP_IPX),
				  gen_cmp(ctx, GOR_LLC, 0, BPF_H, 0xffff)));
		c = gen_and(ctx, gen_ether_is_8023(ctx), c);
		return gen_or(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, GEN_ETHERTYPE_IPX), c);
	case GEN_ETHERTYPE_ATALK:
	case GEN_ETHERTYPE_AARP:
		c = gen_and(ctx, gen_ether_is_8023(ctx),
			    proto == GEN_ETHERTYPE_ATALK ?
			    gen_snap(ctx, 0x080007, GEN_ETHERTYPE_ATALK) :
			    gen_snap(ctx, 0, GEN_ETHERTYPE_AARP));
		return gen_or(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, proto), c);
	default:
		break;
	}
	if (proto <= GEN_ETHERMTU) {
		len = gen_not(ctx, gen_cmp_gt(ctx, GOR_LINKTYPE, 0, BPF_H, GEN_ETHERMTU));
		sap = gen_cmp(ctx, GOR_LLC, 0, BPF_B, proto);
		return gen_and(ctx, len, sap);
	}
	return gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, proto);
}

/* Linux cooked v1: the protocol field says 802.2 (4) or raw 802.3 (1)
 * for non-Ethernet-II frames */
static struct gen_cond *gen_sll_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	struct gen_cond *c;

	switch (proto) {
	case GEN_LLCSAP_IP:
	case GEN_LLCSAP_ISONS:
	case GEN_LLCSAP_NETBEUI:
		return gen_and(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, GEN_SLL_P_802_2),
			       gen_cmp(ctx, GOR_LLC, 0, BPF_H, proto << 8 | proto));
	case GEN_LLCSAP_IPX:
		c = gen_or(ctx, gen_cmp(ctx, GOR_LLC, 0, BPF_B, GEN_LLCSAP_IPX),
			   gen_snap(ctx, 0, GEN_ETHERTYPE_IPX));
		c = gen_and(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, GEN_SLL_P_802_2), c);
		c = gen_or(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, GEN_SLL_P_802_3), c);
		return gen_or(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, GEN_ETHERTYPE_IPX), c);
	case GEN_ETHERTYPE_ATALK:
	case GEN_ETHERTYPE_AARP:
		c = gen_and(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, GEN_SLL_P_802_2),
			    proto == GEN_ETHERTYPE_ATALK ?
			    gen_snap(ctx, 0x080007, GEN_ETHERTYPE_ATALK) :
			    gen_snap(ctx, 0, GEN_ETHERTYPE_AARP));
		return gen_or(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, proto), c);
	default:
		break;
	}
	if (proto <= GEN_ETHERMTU)
		return gen_and(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, GEN_SLL_P_802_2),
			       gen_cmp(ctx, GOR_LLC, 0, BPF_B, proto));
	return gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, proto);
}

/* PPP protocol numbers for the ethertypes that have one. */
bpf_u_int32 gen_ppp_proto(bpf_u_int32 proto)
{
	switch (proto) {
	case GEN_ETHERTYPE_IP: return 0x0021;
	case GEN_ETHERTYPE_IPV6: return 0x0057;
	case GEN_ETHERTYPE_DN: return 0x0027;
	case GEN_ETHERTYPE_ATALK: return 0x0029;
	case GEN_ETHERTYPE_NS: return 0x0025;
	case GEN_LLCSAP_ISONS: return 0x0023;
	case GEN_LLCSAP_8021D: return 0x0031;
	case GEN_LLCSAP_IPX: return 0x002b;
	default: return proto;
	}
}

/* An address family as DLT_NULL stores it: in the capturing host's order,
 * which libpcap takes to be the compiling host's. */
static bpf_u_int32 gen_null_af(bpf_u_int32 af)
{
	const union { uint32_t w; uint8_t b[4]; } probe = { 1 };

	if (probe.b[0] == 1)
		return __builtin_bswap32(af);
	return af;
}

/*
 * On a savefile the capture may come from any BSD: IPv6 is any of their
 * AF_INET6 values (NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30), and a family
 * stored in the capturing host's order is in the file's byte order, as
 * libpcap reads it.
 */
static struct gen_cond *gen_bsd_af_savefile(struct gen_ctx *ctx, bpf_u_int32 proto,
					    int host_order)
{
	static const bpf_u_int32 bsd_inet6[] = { 30, 24, 28 };
	int swap = host_order && (gen_null_af(1) != 1) != (ctx->savefile_swapped != 0);
	struct gen_cond *c = NULL;

	if (proto == GEN_ETHERTYPE_IP)
		return gen_cmp(ctx, GOR_LINKHDR, 0, BPF_W,
			       swap ? __builtin_bswap32(GEN_AF_INET) : GEN_AF_INET);
	if (proto != GEN_ETHERTYPE_IPV6)
		return gen_false(ctx);
	for (size_t i = 0; i < sizeof(bsd_inet6) / sizeof(bsd_inet6[0]); i++) {
		bpf_u_int32 af = swap ? __builtin_bswap32(bsd_inet6[i]) : bsd_inet6[i];
		struct gen_cond *one = gen_cmp(ctx, GOR_LINKHDR, 0, BPF_W, af);

		c = c ? gen_or(ctx, c, one) : one;
	}
	return c;
}

/* A 4-byte address family at the link header: DLT_NULL and OpenBSD's enc
 * store it in the capturing host's order (host_order), DLT_LOOP big-endian. */
struct gen_cond *gen_bsd_af_linktype(struct gen_ctx *ctx, bpf_u_int32 proto, int host_order)
{
	bpf_u_int32 af;

	if (ctx->is_savefile)
		return gen_bsd_af_savefile(ctx, proto, host_order);
	if (proto == GEN_ETHERTYPE_IP)
		af = GEN_AF_INET;
	else if (proto == GEN_ETHERTYPE_IPV6)
		af = GEN_AF_INET6;
	else
		return gen_false(ctx);
	if (host_order)
		af = gen_null_af(af);
	return gen_cmp(ctx, GOR_LINKHDR, 0, BPF_W, af);
}

/* IP version nibble of a raw IP packet. */
static struct gen_cond *gen_raw_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	switch (ctx->dlt) {
	case DLT_IPV4:
		return proto == GEN_ETHERTYPE_IP ? gen_true(ctx) : gen_false(ctx);
	case DLT_IPV6:
		return proto == GEN_ETHERTYPE_IPV6 ? gen_true(ctx) : gen_false(ctx);
	default:
		break;
	}
	if (proto == GEN_ETHERTYPE_IP)
		return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, 0x40, 0xf0);
	if (proto == GEN_ETHERTYPE_IPV6)
		return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, 0x60, 0xf0);
	return gen_false(ctx);
}

struct gen_cond *gen_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	struct gen_link *l = &ctx->link;

	/* inside mpls/pppoes the payload type is found differently; a
	 * Geneve payload type is always an ethertype */
	if (l->label_stack_depth > 0 || l->is_pppoes)
		return gen_encap_linktype(ctx, proto);
	if (l->is_geneve)
		return gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, proto);
	if (l->linktype != NULL)
		return l->linktype(ctx, proto);
	switch (ctx->dlt) {
	case DLT_EN10MB:
		return gen_ether_linktype(ctx, proto);
	case DLT_LINUX_SLL:
		return gen_sll_linktype(ctx, proto);
	case DLT_LINUX_SLL2:
		return gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, proto);
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		return gen_raw_linktype(ctx, proto);
	case DLT_NULL:
	case DLT_LOOP:
		return gen_bsd_af_linktype(ctx, proto, ctx->dlt == DLT_NULL);
	case DLT_PPP:
	case DLT_PPP_ETHER:
		return gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, gen_ppp_proto(proto));
	case DLT_C_HDLC:
		/* Cisco HDLC carries OSI under the pseudo-type 0xfefe */
		if (proto == GEN_LLCSAP_ISONS)
			proto = GEN_LLCSAP_ISONS << 8 | GEN_LLCSAP_ISONS;
		return gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, proto);
	default:
		gen_error(ctx, "link-layer type filtering not implemented for this link type");
	}
}

/* Ethernet-style 6-byte source/destination at fixed offsets. */
struct gen_cond *gen_mac_host(struct gen_ctx *ctx, const u_char *mac, int dir,
			      bpf_u_int32 src_off, bpf_u_int32 dst_off)
{
	struct gen_cond *s, *d;

	switch (dir) {
	case GQ_SRC:
		return gen_bcmp(ctx, GOR_LINKHDR, src_off, 6, mac);
	case GQ_DST:
		return gen_bcmp(ctx, GOR_LINKHDR, dst_off, 6, mac);
	case GQ_AND:
		s = gen_bcmp(ctx, GOR_LINKHDR, src_off, 6, mac);
		d = gen_bcmp(ctx, GOR_LINKHDR, dst_off, 6, mac);
		return gen_and(ctx, s, d);
	case GQ_DIR_DEFAULT:
	case GQ_OR:
		s = gen_bcmp(ctx, GOR_LINKHDR, src_off, 6, mac);
		d = gen_bcmp(ctx, GOR_LINKHDR, dst_off, 6, mac);
		return gen_or(ctx, s, d);
	default:
		gen_dir_80211_error(ctx, dir);
	}
}

struct gen_cond *gen_link_host(struct gen_ctx *ctx, const u_char *mac, int dir)
{
	if (ctx->link.host != NULL)
		return ctx->link.host(ctx, mac, dir);
	if (ctx->link.dlt == DLT_EN10MB)
		return gen_mac_host(ctx, mac, dir, 6, 0);
	gen_error(ctx, "ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel");
}

struct gen_cond *gen_link_broadcast(struct gen_ctx *ctx)
{
	static const u_char ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	/* after geneve the link is the encapsulated Ethernet frame, whatever
	 * the outer one (ARCNET's one-byte broadcast address included) */
	if (ctx->link.is_geneve)
		return gen_bcmp(ctx, GOR_LINKHDR, 0, 6, ones);
	if (ctx->link.broadcast != NULL)
		return ctx->link.broadcast(ctx);
	if (ctx->link.host != NULL)
		return ctx->link.host(ctx, ones, GQ_DST);
	if (ctx->link.dlt == DLT_EN10MB)
		return gen_bcmp(ctx, GOR_LINKHDR, 0, 6, ones);
	gen_error(ctx, "not a broadcast link");
}

struct gen_cond *gen_link_multicast(struct gen_ctx *ctx)
{
	if (ctx->link.multicast != NULL && !ctx->link.is_geneve)
		return ctx->link.multicast(ctx);
	if (ctx->link.dlt == DLT_EN10MB || ctx->link.is_geneve)
		return gen_jmp(ctx, gen_load(ctx, GOR_LINKHDR, 0, BPF_B),
			       BPF_JMP | BPF_JSET | BPF_K, 1);
	gen_error(ctx, "link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel");
}
