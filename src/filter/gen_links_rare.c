/*
 * The rarer link types that real savefiles still carry: SLIP and
 * BSD/OS SLIP, the PPP variants (BSD/OS, serial, pppd with direction),
 * ATM (RFC 1483 LLC, Linux CLIP, SunATM), IP over Fibre Channel, ARCNET
 * (BSD and Linux), Frame Relay, Cisco HDLC under its other number,
 * OpenBSD enc, LocalTalk, Apple IP over FireWire and Symantec firewall
 * logs; and libpcap's wording for the link types it names by family when
 * it refuses protocol tests on them (IrDA, Bluetooth, CAN, ...).
 *
 * What each one does follows what libpcap 1.10's programs do, observed
 * with pcap_open_dead() + bpf_dump (test/diff/filter compares them): the
 * payload protocol is found in a type field whose numbering depends on
 * the link (Ethernet types, PPP protocol numbers, ARCNET types, Q.922
 * NLPIDs, address families, an IP version nibble), or in the 802.2 LLC
 * header that starts the payload.
 */
#include "filter/gen_families.h"
#include "filter/gen_internal.h"

#include <pcap/dlt.h>
#include <stddef.h>

#define RARE_ETHERTYPE_IP	0x0800
#define RARE_ETHERTYPE_IPV6	0x86dd
#define RARE_ETHERTYPE_ARP	0x0806
#define RARE_ETHERTYPE_REVARP	0x8035
#define RARE_ETHERTYPE_ATALK	0x809b
#define RARE_LLCSAP_ISONS	0xfe

/* ARCNET protocol ids (RFC 1051 and RFC 1201 numbering) */
#define ARCTYPE_IP_OLD		0xf0
#define ARCTYPE_ARP_OLD		0xf1
#define ARCTYPE_IP		0xd4
#define ARCTYPE_ARP		0xd5
#define ARCTYPE_REVARP		0xd6
#define ARCTYPE_ATALK		0xdd
#define ARCTYPE_INET6		0xc4

/* Frame Relay: Q.922 control (UI, 0x03) followed by the NLPID */
#define FR_UI			0x0300
#define FR_NLPID_IP		0xcc
#define FR_NLPID_IPV6		0x8e
#define FR_NLPID_CLNP		0x81
#define FR_NLPID_ESIS		0x82
#define FR_NLPID_ISIS		0x83

/* PPP's two Van Jacobson compressed forms of IP (BSD/OS keeps them) */
#define PPP_VJC			0x002d
#define PPP_VJNC		0x002f

/* SunATM pseudo-header: the traffic type in the low nibble of byte 0 */
#define SUNATM_PT_LLC		2

static const u_char rare_broadcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static struct gen_cond *rare_type_is(struct gen_ctx *ctx, int size, bpf_u_int32 v)
{
	return gen_cmp(ctx, GOR_LINKTYPE, 0, size, v);
}

static struct gen_cond *rare_type_either(struct gen_ctx *ctx, int size,
					 bpf_u_int32 a, bpf_u_int32 b)
{
	return gen_or(ctx, rare_type_is(ctx, size, a), rare_type_is(ctx, size, b));
}

/* ---- payload protocol by link --------------------------------------------- */

/* SLIP: only IP, told apart by the version nibble; libpcap reads it at
 * the start of the capture (the direction/header bytes), not at the IP
 * header, and a program must accept what libpcap's accepts. */
static struct gen_cond *rare_slip_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	if (proto == RARE_ETHERTYPE_IP)
		return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, 0x40, 0xf0);
	if (proto == RARE_ETHERTYPE_IPV6)
		return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, 0x60, 0xf0);
	return gen_false(ctx);
}

/* PPP protocol numbers; BSD/OS also counts the VJ-compressed forms as IP */
static struct gen_cond *rare_ppp_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	if (proto == RARE_ETHERTYPE_IP && ctx->link.dlt == DLT_PPP_BSDOS) {
		struct gen_cond *c = rare_type_either(ctx, BPF_H, gen_ppp_proto(proto),
						      PPP_VJC);

		return gen_or(ctx, c, rare_type_is(ctx, BPF_H, PPP_VJNC));
	}
	return rare_type_is(ctx, BPF_H, gen_ppp_proto(proto));
}

/* Ethernet types compared as they are, whatever their value */
static struct gen_cond *rare_raw_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	return rare_type_is(ctx, BPF_H, proto);
}

/* Cisco HDLC: Ethernet types, and OSI under 0xfefe */
static struct gen_cond *rare_hdlc_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	if (proto == RARE_LLCSAP_ISONS)
		proto = RARE_LLCSAP_ISONS << 8 | RARE_LLCSAP_ISONS;
	return rare_type_is(ctx, BPF_H, proto);
}

/* SunATM: LLC-encapsulated traffic only, then the 802.2 rules */
static struct gen_cond *rare_sunatm_is_llc(struct gen_ctx *ctx)
{
	return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_B, SUNATM_PT_LLC, 0x0f);
}

static struct gen_cond *rare_sunatm_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	return gen_and(ctx, rare_sunatm_is_llc(ctx), gen_iso_llc_linktype(ctx, proto));
}

static struct gen_cond *rare_arcnet_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	switch (proto) {
	case RARE_ETHERTYPE_IP:
		return rare_type_either(ctx, BPF_B, ARCTYPE_IP, ARCTYPE_IP_OLD);
	case RARE_ETHERTYPE_IPV6:
		return rare_type_is(ctx, BPF_B, ARCTYPE_INET6);
	case RARE_ETHERTYPE_ARP:
		return rare_type_either(ctx, BPF_B, ARCTYPE_ARP, ARCTYPE_ARP_OLD);
	case RARE_ETHERTYPE_REVARP:
		return rare_type_is(ctx, BPF_B, ARCTYPE_REVARP);
	case RARE_ETHERTYPE_ATALK:
		return rare_type_is(ctx, BPF_B, ARCTYPE_ATALK);
	default:
		return gen_false(ctx);
	}
}

/* Frame Relay: the NLPID after the UI control byte */
static struct gen_cond *rare_frelay_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	struct gen_cond *c;

	switch (proto) {
	case RARE_ETHERTYPE_IP:
		return rare_type_is(ctx, BPF_H, FR_UI | FR_NLPID_IP);
	case RARE_ETHERTYPE_IPV6:
		return rare_type_is(ctx, BPF_H, FR_UI | FR_NLPID_IPV6);
	case RARE_LLCSAP_ISONS:
		c = rare_type_either(ctx, BPF_H, FR_UI | FR_NLPID_CLNP, FR_UI | FR_NLPID_ESIS);
		return gen_or(ctx, c, rare_type_is(ctx, BPF_H, FR_UI | FR_NLPID_ISIS));
	default:
		return gen_false(ctx);
	}
}

/* OpenBSD enc: an address family in the capturing host's order, as for
 * DLT_NULL */
static struct gen_cond *rare_enc_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	return gen_bsd_af_linktype(ctx, proto, 1);
}

/* LocalTalk carries AppleTalk and nothing else */
static struct gen_cond *rare_ltalk_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	return proto == RARE_ETHERTYPE_ATALK ? gen_true(ctx) : gen_false(ctx);
}

/* ---- link-layer addresses ------------------------------------------------ */

/* IP over Fibre Channel (RFC 2625): network header with destination at 2
 * and source at 10, Ethernet-style 6-byte addresses */
static struct gen_cond *rare_ipfc_host(struct gen_ctx *ctx, const u_char *mac, int dir)
{
	return gen_misc_link_host(ctx, mac, dir, 10, 2);
}

static struct gen_cond *rare_ipfc_broadcast(struct gen_ctx *ctx)
{
	return rare_ipfc_host(ctx, rare_broadcast_mac, GQ_DST);
}

static struct gen_cond *rare_ipfc_multicast(struct gen_ctx *ctx)
{
	return gen_misc_link_multicast(ctx, 2);
}

/* ARCNET: one-byte addresses, destination at 1; 0 is broadcast, and
 * libpcap takes multicast to mean the same */
static struct gen_cond *rare_arcnet_broadcast(struct gen_ctx *ctx)
{
	return gen_cmp(ctx, GOR_LINKHDR, 1, BPF_B, 0);
}

/* ---- Juniper and BACnet: a magic number, then the payload ------------------ */

/*
 * libpcap does not look at the protocol on these links: every protocol
 * test is "the header starts with the link's magic number" (Juniper's
 * "MGC", BACnet MS/TP's preamble 0x55ff), and the network header is taken
 * to be at a fixed offset per link type (OSI's at another). On several of
 * them that offset is 2 bytes before the start of the packet: the sums
 * wrap around, so that `ip[16]` reads byte 14 and `ip[0]` fails. Kept as
 * it is, so that programs accept the same packets.
 */
#define RARE_JUNIPER_MAGIC	0x4d474300
#define RARE_JUNIPER_MAGIC_MASK	0xffffff00
#define RARE_BACNET_PREAMBLE	0x55ff0000
#define RARE_BACNET_MASK	0xffff0000
#define RARE_BEFORE_PACKET	((bpf_u_int32)-2)

static const struct {
	int dlt;
	bpf_u_int32 nl, nl_nosnap;	/* network header, OSI's */
} rare_juniper[] = {
	{ DLT_JUNIPER_MLPPP, 4, 3 }, { DLT_JUNIPER_MLFR, 4, 3 },
	{ DLT_JUNIPER_ES, RARE_BEFORE_PACKET, RARE_BEFORE_PACKET },
	{ DLT_JUNIPER_GGSN, 12, 11 }, { DLT_JUNIPER_MFR, 4, 3 },
	{ DLT_JUNIPER_ATM2, 8, 18 },
	{ DLT_JUNIPER_SERVICES, RARE_BEFORE_PACKET, RARE_BEFORE_PACKET },
	{ DLT_JUNIPER_ATM1, 4, 14 }, { DLT_JUNIPER_MONITOR, 12, 11 },
	{ DLT_JUNIPER_PPPOE, 32, 35 }, { DLT_JUNIPER_PPPOE_ATM, 6, 5 },
	{ DLT_JUNIPER_ETHER, 32, 35 }, { DLT_JUNIPER_PPP, 4, 3 },
	{ DLT_JUNIPER_FRELAY, 4, 3 }, { DLT_JUNIPER_CHDLC, 4, 3 },
	{ DLT_JUNIPER_VP, RARE_BEFORE_PACKET, RARE_BEFORE_PACKET },
	{ DLT_JUNIPER_ISM, RARE_BEFORE_PACKET, RARE_BEFORE_PACKET },
	{ DLT_JUNIPER_ST, RARE_BEFORE_PACKET, RARE_BEFORE_PACKET },
	{ DLT_JUNIPER_VS, RARE_BEFORE_PACKET, RARE_BEFORE_PACKET },
	{ DLT_JUNIPER_SRX_E2E, RARE_BEFORE_PACKET, RARE_BEFORE_PACKET },
	{ DLT_JUNIPER_FIBRECHANNEL, RARE_BEFORE_PACKET, RARE_BEFORE_PACKET },
	{ DLT_JUNIPER_ATM_CEMIC, RARE_BEFORE_PACKET, RARE_BEFORE_PACKET },
	{ DLT_BACNET_MS_TP, RARE_BEFORE_PACKET, RARE_BEFORE_PACKET },
};

static int rare_juniper_index(int dlt)
{
	for (size_t i = 0; i < sizeof(rare_juniper) / sizeof(rare_juniper[0]); i++)
		if (rare_juniper[i].dlt == dlt)
			return (int)i;
	return -1;
}

int gen_rare_is_juniper(int dlt)
{
	return dlt != DLT_BACNET_MS_TP && rare_juniper_index(dlt) >= 0;
}

static struct gen_cond *rare_juniper_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	(void)proto;
	return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_W, RARE_JUNIPER_MAGIC,
			RARE_JUNIPER_MAGIC_MASK);
}

static struct gen_cond *rare_bacnet_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	(void)proto;
	return gen_mcmp(ctx, GOR_LINKHDR, 0, BPF_W, RARE_BACNET_PREAMBLE,
			RARE_BACNET_MASK);
}

/* The offsets of the table, as constants even where they wrap: loads
 * there fail as libpcap's do (the kernel's checker refuses them, as it
 * refuses libpcap's, but these links are read from files, never captured
 * live on Linux). Juniper's type field offset only has to be set: libpcap
 * then counts ARP and RARP among a host name's protocols; BACnet has none
 * in libpcap (a host name is IP and IPv6 only there). */
static void rare_magic_link_setup(struct gen_ctx *ctx, int dlt)
{
	struct gen_link *l = &ctx->link;
	int i = rare_juniper_index(dlt);
	bpf_u_int32 off_type = dlt == DLT_BACNET_MS_TP ? GEN_OFF_NONE : 0;

	gen_link_fixed(ctx, 0, off_type, 0, rare_juniper[i].nl, rare_juniper[i].nl_nosnap);
	l->is_ethertype_field = 0;
	l->linktype = dlt == DLT_BACNET_MS_TP ? rare_bacnet_linktype :
		      rare_juniper_linktype;
}

/* ---- link types refused by family name ------------------------------------ */

/* libpcap names these by family rather than by their own description */
static const struct {
	int dlt;
	const char *family;
} rare_families[] = {
	{ DLT_LINUX_IRDA, "IrDA" },
	{ DLT_BLUETOOTH_HCI_H4, "Bluetooth" },
	{ DLT_BLUETOOTH_HCI_H4_WITH_PHDR, "Bluetooth" },
	{ DLT_CAN20B, "CAN" },
	{ DLT_CAN_SOCKETCAN, "CAN" },
	{ DLT_IEEE802_15_4_LINUX, "IEEE 802.15.4" },
	{ DLT_IEEE802_15_4_TAP, "IEEE 802.15.4" },
	{ DLT_IEEE802_16_MAC_CPS_RADIO, "IEEE 802.16" },
	{ DLT_IPMB_KONTRON, "IPMB" },
	{ DLT_IPMB_LINUX, "IPMB" },
	{ DLT_USBPCAP, "USB" },
	{ DLT_SITA, "SITA" },
	{ DLT_ERF, "ERF" },
	{ DLT_RAIF1, "RAIF1" },
	{ DLT_AX25_KISS, "AX.25" },
	{ DLT_PFSYNC, "PFSYNC" },
	{ DLT_LINUX_LAPD, "LAPD" },
	{ DLT_MFR, "Multi-link Frame Relay" },
};

static const char *rare_family(int dlt)
{
	for (size_t i = 0; i < sizeof(rare_families) / sizeof(rare_families[0]); i++)
		if (rare_families[i].dlt == dlt)
			return rare_families[i].family;
	return NULL;
}

static struct gen_cond *rare_family_linktype(struct gen_ctx *ctx, bpf_u_int32 proto)
{
	(void)proto;
	gen_error(ctx, "%s link-layer type filtering not implemented",
		  rare_family(ctx->link.dlt));
}

/* ---- set-up ---------------------------------------------------------------- */

int gen_rare_link_setup(struct gen_ctx *ctx, int dlt)
{
	struct gen_link *l = &ctx->link;

	switch (dlt) {
	case DLT_SLIP:
		gen_link_fixed(ctx, 0, GEN_OFF_NONE, 16, 0, 0);
		l->linktype = rare_slip_linktype;
		return 1;
	case DLT_SLIP_BSDOS:
		gen_link_fixed(ctx, 0, GEN_OFF_NONE, 24, 0, 0);
		l->linktype = rare_slip_linktype;
		return 1;
	case DLT_PPP_BSDOS:
		gen_link_fixed(ctx, 0, 5, 24, 0, 0);
		l->linktype = rare_ppp_linktype;
		return 1;
	case DLT_PPP_SERIAL:
	case DLT_PPP_PPPD:
		gen_link_fixed(ctx, 0, 2, 4, 0, 0);
		l->linktype = rare_ppp_linktype;
		return 1;
	case DLT_ATM_RFC1483:
	case DLT_ATM_CLIP:
		/* an 802.2 header first: the SNAP type 6 bytes in */
		gen_link_fixed(ctx, 0, 6, 0, 8, 3);
		l->linktype = gen_iso_llc_linktype;
		return 1;
	case DLT_SUNATM:
		gen_link_fixed(ctx, 0, 10, 4, 8, 3);
		l->linktype = rare_sunatm_linktype;
		return 1;
	case DLT_IP_OVER_FC:
		gen_link_fixed(ctx, 0, 22, 16, 8, 3);
		l->linktype = gen_iso_llc_linktype;
		l->host = rare_ipfc_host;
		l->broadcast = rare_ipfc_broadcast;
		l->multicast = rare_ipfc_multicast;
		return 1;
	case DLT_ARCNET:
		gen_link_fixed(ctx, 0, 2, 6, 0, 0);
		l->linktype = rare_arcnet_linktype;
		l->broadcast = l->multicast = rare_arcnet_broadcast;
		return 1;
	case DLT_ARCNET_LINUX:
		gen_link_fixed(ctx, 0, 4, 8, 0, 0);
		l->linktype = rare_arcnet_linktype;
		l->broadcast = l->multicast = rare_arcnet_broadcast;
		return 1;
	case DLT_FRELAY:
		/* libpcap finds the network header at the start of the frame */
		gen_link_fixed(ctx, 0, 2, 0, 0, 0);
		l->linktype = rare_frelay_linktype;
		return 1;
	case DLT_HDLC:
		gen_link_fixed(ctx, 0, 2, 4, 0, 0);
		l->linktype = rare_hdlc_linktype;
		l->mpls_ok = 1;
		return 1;
	case DLT_SYMANTEC_FIREWALL:
		gen_link_fixed(ctx, 0, 6, 44, 0, 0);
		l->linktype = rare_raw_linktype;
		return 1;
	case DLT_APPLE_IP_OVER_IEEE1394:
		gen_link_fixed(ctx, 0, 16, 18, 0, 0);
		l->linktype = rare_raw_linktype;
		return 1;
	case DLT_ENC:
		gen_link_fixed(ctx, 0, GEN_OFF_NONE, 12, 0, 0);
		l->linktype = rare_enc_linktype;
		return 1;
	case DLT_LTALK:
		gen_link_fixed(ctx, 0, GEN_OFF_NONE, 0, 0, 0);
		l->linktype = rare_ltalk_linktype;
		return 1;
	default:
		if (rare_juniper_index(dlt) >= 0) {
			rare_magic_link_setup(ctx, dlt);
			return 1;
		}
		if (rare_family(dlt) == NULL)
			return 0;
		gen_link_untyped(ctx, rare_family_linktype);
		return 1;
	}
}

/* `llc`: RFC 1483 frames always start with one, SunATM's when the VC
 * carries LLC traffic; NULL for the other links. */
struct gen_cond *gen_rare_llc_present(struct gen_ctx *ctx, int dlt)
{
	if (dlt == DLT_ATM_RFC1483)
		return gen_true(ctx);
	if (dlt == DLT_SUNATM)
		return gen_misc_sunatm_llc(ctx);
	return NULL;
}

/* `iso proto N` where the NLPID sits in the type field (Frame Relay) or
 * after Cisco HDLC's padding byte; NULL for the other links. */
struct gen_cond *gen_rare_iso_nlpid(struct gen_ctx *ctx, bpf_u_int32 v)
{
	switch (ctx->link.dlt) {
	case DLT_FRELAY:
		return rare_type_is(ctx, BPF_H, FR_UI | v);
	case DLT_HDLC:
		return gen_and(ctx, gen_linktype(ctx, RARE_LLCSAP_ISONS),
			       gen_cmp(ctx, GOR_LINKPL_NOSNAP, 1, BPF_B, v));
	default:
		return NULL;
	}
}
