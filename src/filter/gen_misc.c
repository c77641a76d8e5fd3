/*
 * Direction and interface primitives (inbound/outbound, ifindex), the ATM
 * keywords, and the linktypes FDDI, IEEE802 (token ring),
 * NETANALYZER(_TRANSPARENT), IPNET and NFLOG.
 *
 * Owned by the "filter-diff" engineer (see src/filter/gen.h).
 */
#include "filter/gen_families.h"
#include "filter/gen_internal.h"

#include <pcap/dlt.h>
#include <string.h>

/* Linux's AF_PACKET pseudo-offsets (<linux/filter.h>): loads there read
 * the packet type and the interface index in the kernel, and fail (so the
 * program rejects) in a user-space interpreter. */
#define MISC_SKF_AD_OFF		(-0x1000)
#define MISC_SKF_AD_PKTTYPE	4
#define MISC_SKF_AD_IFINDEX	8
#define MISC_PACKET_OUTGOING	4

/* Solaris ipnet header: family at 1, direction in the htype field at 2 */
#define IPNET_OFF_FAMILY	1
#define IPNET_OFF_DIR		2
#define IPNET_OUTBOUND		1
#define IPNET_INBOUND		2
#define IPNET_AF_INET		2
#define IPNET_AF_INET6		26

/* pflog header: direction at 60 */
#define PFLOG_OFF_DIR		60
#define PFLOG_IN		1
#define PFLOG_OUT		2

static const u_char misc_broadcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* ---- link-layer addresses --------------------------------------------------- */

struct gen_cond *gen_misc_mac_host(struct gen_ctx *ctx, const u_char *mac,
				   int dir, bpf_u_int32 src_off,
				   bpf_u_int32 dst_off)
{
	/* libpcap's wording differs: FDDI, token ring and IP over Fibre
	 * Channel say "on 802.11", Ethernet-like links "on 802.11 with
	 * 802.11 headers" */
	int dlt = gen_families_dlt(ctx);
	const char *where = dlt == DLT_FDDI || dlt == DLT_IEEE802 ||
			    dlt == DLT_IP_OVER_FC ? "802.11" : "802.11 with 802.11 headers";

	switch (dir) {
	case GQ_SRC:
		return gen_bcmp(ctx, GOR_LINKHDR, src_off, 6, mac);
	case GQ_DST:
		return gen_bcmp(ctx, GOR_LINKHDR, dst_off, 6, mac);
	case GQ_AND:
		return gen_and(ctx, gen_bcmp(ctx, GOR_LINKHDR, src_off, 6, mac),
			       gen_bcmp(ctx, GOR_LINKHDR, dst_off, 6, mac));
	case GQ_DIR_DEFAULT:
	case GQ_OR:
		return gen_or(ctx, gen_bcmp(ctx, GOR_LINKHDR, src_off, 6, mac),
			      gen_bcmp(ctx, GOR_LINKHDR, dst_off, 6, mac));
	case GQ_ADDR1:
	case GQ_ADDR2:
	case GQ_ADDR3:
	case GQ_ADDR4:
		gen_error(ctx, "'%s' and 'address%d' are only supported on %s",
			  gen_qdir_name(dir), dir - GQ_ADDR1 + 1, where);
	default:
		gen_error(ctx, "'%s' is only supported on %s", gen_qdir_name(dir), where);
	}
}

/*
 * Link-layer addresses at dst_off/src_off of the link header; after
 * `geneve` the link header is the encapsulated Ethernet frame's, with
 * Ethernet's offsets (libpcap switches the linktype to Ethernet).
 */
struct gen_cond *gen_misc_link_host(struct gen_ctx *ctx, const u_char *mac, int dir,
				    bpf_u_int32 src_off, bpf_u_int32 dst_off)
{
	if (ctx->link.is_geneve)
		src_off = 6, dst_off = 0;
	return gen_misc_mac_host(ctx, mac, dir, src_off, dst_off);
}

struct gen_cond *gen_misc_link_multicast(struct gen_ctx *ctx, bpf_u_int32 dst_off)
{
	if (ctx->link.is_geneve)
		dst_off = 0;
	return gen_jmp(ctx, gen_load(ctx, GOR_LINKHDR, dst_off, BPF_B),
		       BPF_JMP | BPF_JSET | BPF_K, 1);
}

/* FDDI: frame control, destination at 1, source at 7. */
static struct gen_cond *gen_fddi_host(struct gen_ctx *ctx, const u_char *mac, int dir)
{
	return gen_misc_link_host(ctx, mac, dir, 7, 1);
}

static struct gen_cond *gen_fddi_multicast(struct gen_ctx *ctx)
{
	return gen_misc_link_multicast(ctx, 1);
}

/* Token ring: access control, frame control, destination at 2, source at 8. */
static struct gen_cond *gen_tr_host(struct gen_ctx *ctx, const u_char *mac, int dir)
{
	return gen_misc_link_host(ctx, mac, dir, 8, 2);
}

static struct gen_cond *gen_tr_multicast(struct gen_ctx *ctx)
{
	return gen_misc_link_multicast(ctx, 2);
}

static struct gen_cond *gen_misc_dst_broadcast(struct gen_ctx *ctx)
{
	return ctx->link.host(ctx, misc_broadcast_mac, GQ_DST);
}

/* ---- NETANALYZER: Ethernet behind a pseudo-header ------------------------------ */

/*
 * libpcap's Ethernet rules, with every offset relative to the link header
 * (which is where the pseudo-header ends): an Ethernet type, or for SAP
 * values an 802.3 frame (length <= 1500) with that 802.2 header; OSI and
 * NetBEUI by DSAP and SSAP, IPX in any of its four framings, AppleTalk
 * and AARP as Ethernet II or SNAP.
 */
static struct gen_cond *gen_netan_is_8023(struct gen_ctx *ctx)
{
	return gen_not(ctx, gen_cmp_gt(ctx, GOR_LINKTYPE, 0, BPF_H, 1500));
}

static struct gen_cond *gen_netan_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	struct gen_cond *c;

	switch (proto) {
	case 0x06:	/* LLCSAP_IP */
	case 0xfe:	/* LLCSAP_ISONS */
	case 0xf0:	/* LLCSAP_NETBEUI */
		return gen_and(ctx, gen_netan_is_8023(ctx),
			       gen_cmp(ctx, GOR_LLC, 0, BPF_H, proto << 8 | proto));
	case 0xe0:	/* LLCSAP_IPX */
		c = gen_or(ctx, gen_snap(ctx, 0, 0x8137),
			   gen_or(ctx, gen_cmp(ctx, GOR_LLC, 0, BPF_B, 0xe0),
				  gen_cmp(ctx, GOR_LLC, 0, BPF_H, 0xffff)));
		return gen_or(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, 0x8137),
			      gen_and(ctx, gen_netan_is_8023(ctx), c));
	case 0x809b:	/* AppleTalk: Ethernet II, or SNAP with Apple's OUI */
	case 0x80f3:	/* AARP: Ethernet II, or SNAP with OUI 0 */
		c = gen_snap(ctx, proto == 0x809b ? 0x080007 : 0, proto);
		return gen_or(ctx, gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, proto),
			      gen_and(ctx, gen_netan_is_8023(ctx), c));
	default:
		if (proto <= 1500)
			return gen_and(ctx, gen_netan_is_8023(ctx),
				       gen_cmp(ctx, GOR_LLC, 0, BPF_B, proto));
		return gen_cmp(ctx, GOR_LINKTYPE, 0, BPF_H, proto);
	}
}

static struct gen_cond *gen_netan_host(struct gen_ctx *ctx, const u_char *mac, int dir)
{
	return gen_misc_mac_host(ctx, mac, dir, 6, 0);
}

static struct gen_cond *gen_netan_multicast(struct gen_ctx *ctx)
{
	return gen_jmp(ctx, gen_load(ctx, GOR_LINKHDR, 0, BPF_B),
		       BPF_JMP | BPF_JSET | BPF_K, 1);
}

/* ---- payload protocol on the IP-only links ------------------------------------ */

static struct gen_cond *gen_ipnet_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	if (proto == 0x0800)
		return gen_cmp(ctx, GOR_LINKHDR, IPNET_OFF_FAMILY, BPF_B, IPNET_AF_INET);
	if (proto == 0x86dd)
		return gen_cmp(ctx, GOR_LINKHDR, IPNET_OFF_FAMILY, BPF_B, IPNET_AF_INET6);
	return gen_false(ctx);
}

/* NFLOG's payload is in a TLV at no fixed offset: libpcap offers nothing
 * that looks past the link layer. */
static struct gen_cond *gen_nflog_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	(void)proto;
	gen_error(ctx, "NFLOG link-layer type filtering not implemented");
}

/* ---- link set-up ------------------------------------------------------------------ */

int gen_misc_link_setup(struct gen_ctx *ctx, int dlt)
{
	struct gen_link *l = &ctx->link;

	switch (dlt) {
	case DLT_FDDI:
		/* FC, dst, src, then 802.2 (+ SNAP: type at 13 + 6) */
		gen_link_fixed(ctx, 0, 19, 13, 8, 3);
		l->linktype = gen_iso_llc_linktype;
		l->host = gen_fddi_host;
		l->broadcast = gen_misc_dst_broadcast;
		l->multicast = gen_fddi_multicast;
		return 1;
	case DLT_IEEE802:
		/* AC, FC, dst, src, then 802.2 (source routing is ignored,
		 * as libpcap does) */
		gen_link_fixed(ctx, 0, 20, 14, 8, 3);
		l->linktype = gen_iso_llc_linktype;
		l->host = gen_tr_host;
		l->broadcast = gen_misc_dst_broadcast;
		l->multicast = gen_tr_multicast;
		return 1;
	case DLT_NETANALYZER:
	case DLT_NETANALYZER_TRANSPARENT:
		/* a 4-byte status word (TRANSPARENT: then preamble and SFD,
		 * 12 bytes in all), then an Ethernet frame */
		if (dlt == DLT_NETANALYZER)
			gen_link_fixed(ctx, 4, 12, 18, 0, 3);
		else
			gen_link_fixed(ctx, 12, 12, 26, 0, 3);
		l->linktype = gen_netan_linktype;
		l->host = gen_netan_host;
		l->broadcast = gen_misc_dst_broadcast;
		l->multicast = gen_netan_multicast;
		return 1;
	case DLT_IPNET:
		gen_link_fixed(ctx, 0, IPNET_OFF_FAMILY, 24, 0, 0);
		l->is_ethertype_field = 0;
		l->linktype = gen_ipnet_linktype;
		return 1;
	case DLT_NFLOG:
		gen_link_fixed(ctx, 0, GEN_OFF_NONE, 0, 0, 0);
		l->linktype = gen_nflog_linktype;
		return 1;
	default:
		return gen_ss7_link_setup(ctx, dlt) || gen_rare_link_setup(ctx, dlt);
	}
}

/* ---- inbound / outbound / ifindex --------------------------------------------------- */

/*
 * The packet type and interface index exist only as socket metadata on a
 * live Linux capture: on a savefile, links without them in the packet get
 * libpcap's error.
 */
static int misc_is_savefile(const struct gen_ctx *ctx)
{
	return ctx->is_savefile;
}

/* After `geneve` the link is the encapsulated Ethernet frame, after
 * `pppoes` PPP, for these primitives as for the others. */
static int misc_dlt(const struct gen_ctx *ctx)
{
	return gen_families_dlt(ctx);
}

/*
 * Links that record the direction in their own header; NULL for the
 * others. (Juniper: bit 0 of byte 3 set when received; SLIP: byte 0 is 0
 * when received; pppd: byte 0 is 0 received, 1 sent.)
 */
static struct gen_cond *misc_header_direction(struct gen_ctx *ctx, int outbound)
{
	struct gen_cond *in;

	switch (misc_dlt(ctx)) {
	case DLT_IPNET:
		return gen_cmp(ctx, GOR_LINKHDR, IPNET_OFF_DIR, BPF_H,
			       outbound ? IPNET_OUTBOUND : IPNET_INBOUND);
	case DLT_PFLOG:
		return gen_cmp(ctx, GOR_LINKHDR, PFLOG_OFF_DIR, BPF_B,
			       outbound ? PFLOG_OUT : PFLOG_IN);
	case DLT_PPP_PPPD:
		return gen_cmp(ctx, GOR_LINKHDR, 0, BPF_B, outbound ? 1 : 0);
	case DLT_SLIP:
		in = gen_cmp(ctx, GOR_LINKHDR, 0, BPF_B, 0);
		break;
	default:
		if (!gen_rare_is_juniper(misc_dlt(ctx)))
			return NULL;
		/* the direction bit compared with 1 or 0, as libpcap: its
		 * optimizer then sees two different tests, so "not inbound
		 * and not outbound" is a program, not "rejects all" */
		return gen_mcmp(ctx, GOR_LINKHDR, 3, BPF_B, outbound ? 0 : 1, 0x01);
	}
	return outbound ? gen_not(ctx, in) : in;
}

struct gen_cond *gen_misc_inbound(struct gen_ctx *ctx, int outbound)
{
	struct gen_cond *out = misc_header_direction(ctx, outbound);

	if (out != NULL)
		return out;
	switch (misc_dlt(ctx)) {
	case DLT_LINUX_SLL:
		/* sll_pkttype */
		out = gen_cmp(ctx, GOR_LINKHDR, 0, BPF_H, MISC_PACKET_OUTGOING);
		break;
	case DLT_LINUX_SLL2:
		out = gen_cmp(ctx, GOR_LINKHDR, 10, BPF_B, MISC_PACKET_OUTGOING);
		break;
	default:
		if (misc_is_savefile(ctx))
			gen_error(ctx, "inbound/outbound not supported on %s when reading savefiles",
				  pcap_datalink_val_to_description_or_dlt(misc_dlt(ctx)));
		/* Linux: the socket's packet type, an ancillary load. libpcap
		 * puts it relative to the link header (so it lands elsewhere
		 * behind a pseudo-header); that is kept, since a program must
		 * accept what libpcap's accepts. */
		out = gen_cmp(ctx, GOR_LINKHDR,
			      (bpf_u_int32)(MISC_SKF_AD_OFF + MISC_SKF_AD_PKTTYPE),
			      BPF_H, MISC_PACKET_OUTGOING);
		break;
	}
	return outbound ? out : gen_not(ctx, out);
}

struct gen_cond *gen_misc_ifindex(struct gen_ctx *ctx, int ifindex)
{
	if (misc_dlt(ctx) == DLT_LINUX_SLL2)
		return gen_cmp(ctx, GOR_LINKHDR, 4, BPF_W, (bpf_u_int32)ifindex);
	if (misc_is_savefile(ctx))
		gen_error(ctx, "ifindex not supported on %s when reading savefiles",
			  pcap_datalink_val_to_description_or_dlt(misc_dlt(ctx)));
	return gen_cmp(ctx, GOR_LINKHDR,
		       (bpf_u_int32)(MISC_SKF_AD_OFF + MISC_SKF_AD_IFINDEX),
		       BPF_W, (bpf_u_int32)ifindex);
}

/* ---- ATM ------------------------------------------------------------------------ */

/*
 * SunATM captures carry a 4-byte pseudo-header: the traffic type in the
 * low nibble of byte 0, the VPI at 1, the VCI at 2. `lane` makes what
 * follows an Ethernet frame behind the 2-byte LE header; protocol and
 * address tests then first make sure the frame is not an LE control
 * frame (LE header 0xff00). Every other link type gets libpcap's error.
 */
#define SUNATM_OFF_VPI		1
#define SUNATM_OFF_VCI		2
#define SUNATM_OFF_MSGTYPE	9	/* Q.2931 message type of a signalling PDU */

/*
 * Where the ATM pseudo-header is read: libpcap reads it at its current
 * link header, which `pppoes` moves to the PPP protocol field (our
 * GOR_LINKTYPE there) and `geneve` to the inner frame.
 */
static enum gen_offrel misc_atm_rel(const struct gen_ctx *ctx)
{
	return ctx->link.is_pppoes && !ctx->link.is_geneve ? GOR_LINKTYPE : GOR_LINKHDR;
}

#define SUNATM_PT_LANE		1
#define SUNATM_LE_CONTROL	0xff00
#define SUNATM_LANE_HDR		2

static struct gen_cond *misc_lane_data(struct gen_ctx *ctx)
{
	return gen_not(ctx, gen_cmp(ctx, GOR_PACKET,
				    ctx->link.linkhdr.constant - SUNATM_LANE_HDR,
				    BPF_H, SUNATM_LE_CONTROL));
}

static struct gen_cond *misc_lane_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	return gen_and(ctx, misc_lane_data(ctx), gen_netan_linktype(ctx, proto));
}

static struct gen_cond *misc_lane_host(struct gen_ctx *ctx, const u_char *mac, int dir)
{
	return gen_and(ctx, misc_lane_data(ctx), gen_netan_host(ctx, mac, dir));
}

static struct gen_cond *misc_lane_multicast(struct gen_ctx *ctx)
{
	return gen_and(ctx, misc_lane_data(ctx), gen_netan_multicast(ctx));
}

/* after `lane` (a second one leaves plain Ethernet, as in libpcap) */
static int misc_is_lane(const struct gen_ctx *ctx)
{
	return ctx->link.linktype == misc_lane_linktype ||
	       ctx->link.linktype == gen_netan_linktype;
}

/* `llc` on SunATM: an LLC VC, or after `lane` Ethernet's 802.3 rule */
struct gen_cond *gen_misc_sunatm_llc(struct gen_ctx *ctx)
{
	if (misc_is_lane(ctx))
		return gen_and(ctx, gen_netan_is_8023(ctx),
			       gen_not(ctx, gen_cmp(ctx, GOR_LLC, 0, BPF_H, 0xffff)));
	return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, 2, 0x0f);
}

/*
 * From here on the link is the emulated LAN's Ethernet, at a fixed place:
 * a second `lane` tests its own header field at that place (where the
 * Ethernet frame is) and leaves the offsets, but drops the LE control
 * check, as libpcap does.
 */
static struct gen_cond *misc_lane(struct gen_ctx *ctx)
{
	struct gen_link *l = &ctx->link;
	struct gen_cond *c = gen_mcmp(ctx, misc_atm_rel(ctx), 0, BPF_B, SUNATM_PT_LANE, 0x0f);
	bpf_u_int32 hdr = 4 + SUNATM_LANE_HDR;
	/* libpcap tests for LE control frames only when the link before
	 * `lane` was the ATM one itself, not PPP (pppoes) or geneve's */
	int encap = l->is_pppoes || l->is_geneve;

	if (misc_is_lane(ctx)) {
		l->linktype = gen_netan_linktype;
		l->host = gen_netan_host;
		l->multicast = gen_netan_multicast;
		return c;
	}

	/* at a constant place even after pppoes or geneve, which it ends */
	gen_link_fixed(ctx, hdr, 12, hdr + 14, 0, 3);
	l->vlan_reg = -1;
	l->is_pppoes = 0;
	l->is_geneve = 0;
	l->linktype = misc_lane_linktype;
	l->host = misc_lane_host;
	l->broadcast = gen_misc_dst_broadcast;
	l->multicast = misc_lane_multicast;
	l->vlan_ok = 1;
	l->mpls_ok = 1;
	if (encap) {
		l->linktype = gen_netan_linktype;
		l->host = gen_netan_host;
		l->multicast = gen_netan_multicast;
	}
	return c;
}

/* VPI 0 and one of the well-known signalling VCIs */
static struct gen_cond *misc_atm_vc(struct gen_ctx *ctx, bpf_u_int32 vci)
{
	enum gen_offrel rel = misc_atm_rel(ctx);

	return gen_and(ctx, gen_cmp(ctx, rel, SUNATM_OFF_VPI, BPF_B, 0),
		       gen_cmp(ctx, rel, SUNATM_OFF_VCI, BPF_H, vci));
}

/* a signalling message of one of these types on VPI 0, VCI vci */
static struct gen_cond *misc_atm_msgs(struct gen_ctx *ctx, bpf_u_int32 vci,
				      const u_char *types, size_t n)
{
	struct gen_cond *m = NULL;

	for (size_t i = 0; i < n; i++) {
		struct gen_cond *one = gen_cmp(ctx, misc_atm_rel(ctx), SUNATM_OFF_MSGTYPE,
					       BPF_B, types[i]);

		m = m ? gen_or(ctx, m, one) : one;
	}
	return gen_and(ctx, misc_atm_vc(ctx, vci), m);
}

struct gen_cond *gen_misc_atm_type(struct gen_ctx *ctx, const char *type)
{
	/* call proceeding, connect, connect ack, setup, release, release
	 * done (Q.2931); metaconnect leaves out connect ack */
	static const u_char connect_msgs[] = { 0x5a, 0x4d, 0x0f, 0x07, 0x05, 0x02 };
	static const u_char meta_msgs[] = { 0x5a, 0x4d, 0x07, 0x05, 0x02 };

	/* the handle's linktype: libpcap allows these after pppoes and
	 * geneve too, reading at the encapsulated header */
	if (ctx->dlt != DLT_SUNATM)
		gen_error(ctx, "'%s' supported only on raw ATM", type);
	if (!strcmp(type, "lane"))
		return misc_lane(ctx);
	if (!strcmp(type, "oam") || !strcmp(type, "oamf4"))
		return gen_and(ctx, gen_cmp(ctx, misc_atm_rel(ctx), SUNATM_OFF_VPI, BPF_B, 0),
			       gen_or(ctx, gen_cmp(ctx, misc_atm_rel(ctx), SUNATM_OFF_VCI, BPF_H, 3),
				      gen_cmp(ctx, misc_atm_rel(ctx), SUNATM_OFF_VCI, BPF_H, 4)));
	if (!strcmp(type, "oamf4sc"))
		return misc_atm_vc(ctx, 3);
	if (!strcmp(type, "oamf4ec"))
		return misc_atm_vc(ctx, 4);
	if (!strcmp(type, "metac"))
		return misc_atm_vc(ctx, 1);
	if (!strcmp(type, "bcc"))
		return misc_atm_vc(ctx, 2);
	if (!strcmp(type, "sc"))
		return misc_atm_vc(ctx, 5);
	if (!strcmp(type, "ilmic"))
		return misc_atm_vc(ctx, 16);
	if (!strcmp(type, "connectmsg"))
		return misc_atm_msgs(ctx, 5, connect_msgs, sizeof(connect_msgs));
	if (!strcmp(type, "metaconnect"))
		return misc_atm_msgs(ctx, 1, meta_msgs, sizeof(meta_msgs));
	gen_error(ctx, "unknown ATM type '%s'", type);
}

/* `vpi N`, `vci N`: libpcap 1.10 compiles `!=` as `==` here (the
 * negation is lost, as for the MTP3 fields) and checks no range. */
struct gen_cond *gen_misc_atm_field(struct gen_ctx *ctx, const char *field,
				    bpf_u_int32 v, int jtype, int reverse)
{
	int vpi = !strcmp(field, "vpi");

	if (ctx->dlt != DLT_SUNATM)
		gen_error(ctx, "'%s' supported only on raw ATM", field);
	if (jtype == BPF_JEQ)
		reverse = 0;
	return gen_ncmp(ctx, misc_atm_rel(ctx), vpi ? SUNATM_OFF_VPI : SUNATM_OFF_VCI,
			vpi ? BPF_B : BPF_H, 0xffffffff, jtype, reverse, v);
}
