/*
 * What the rarer families' files (gen_wlan.c, gen_iso.c, gen_pflog.c,
 * gen_ss7.c, gen_misc.c) share among themselves; the parser-facing entry
 * points are in gen.h.
 */
#ifndef MQPCAP_FILTER_GEN_FAMILIES_H
#define MQPCAP_FILTER_GEN_FAMILIES_H

#include "filter/gen.h"

#include <pcap/dlt.h>

/* The linktype that primitives after an encapsulation see: libpcap
 * switches it to PPP after `pppoes` and to Ethernet after `geneve`. */
static inline int gen_families_dlt(const struct gen_ctx *ctx)
{
	if (ctx->link.is_pppoes)
		return DLT_PPP;
	if (ctx->link.is_geneve)
		return DLT_EN10MB;
	return ctx->dlt;
}

/* gen_iso.c: "the payload is protocol proto" on links whose payload is an
 * 802.2 LLC frame (FDDI, token ring, the 802.11 family). */
struct gen_cond *gen_iso_llc_linktype(struct gen_ctx *ctx, bpf_u_int32 proto);

/* gen_wlan.c: the 802.11 frame is a data frame (type 2); with_payload:
 * and compute the payload (LLC header) offset, for tests that follow. */
struct gen_cond *gen_wlan_data_frame_test(struct gen_ctx *ctx, int with_payload);
#define gen_wlan_data_frame(ctx) gen_wlan_data_frame_test((ctx), 1)

/* gen_id.c: is dir one of the 802.11-only qualifiers (addr1..4, ra, ta);
 * the error for one of them on a non-MAC address, what being "ports",
 * "port ranges" or "addresses other than 802.11 MAC addresses" */
int gen_dir_is_80211(int dir);
__attribute__((noreturn))
void gen_dir_not_valid(struct gen_ctx *ctx, int dir, const char *what);
#define GEN_DIR_NOT_MAC "addresses other than 802.11 MAC addresses"

/* gen_iso.c: a dotted DECnet address "area.node" as a number; `decnet
 * host N` for a number, or an address handed over as a 32-bit value
 * (`decnet net A mask M`): its low 16 bits */
bpf_u_int32 gen_iso_decnet_atodn(struct gen_ctx *ctx, const char *s);
struct gen_cond *gen_iso_decnet_addr(struct gen_ctx *ctx, bpf_u_int32 addr, int dir);

/* gen_ss7.c: link set-up for the MTP2/MTP3 linktypes (0: not one),
 * called from gen_misc_link_setup. */
int gen_ss7_link_setup(struct gen_ctx *ctx, int dlt);

/* gen_links_rare.c: link set-up for SLIP, the PPP variants, ATM, ARCNET,
 * Frame Relay, IP over FC, ... (0: not one), called from
 * gen_misc_link_setup; `llc` and `iso proto N` where those links differ
 * (NULL: not one of them). */
int gen_rare_link_setup(struct gen_ctx *ctx, int dlt);
/* the Juniper link types: direction in bit 0 of byte 3 of their header */
int gen_rare_is_juniper(int dlt);
struct gen_cond *gen_rare_llc_present(struct gen_ctx *ctx, int dlt);
struct gen_cond *gen_rare_iso_nlpid(struct gen_ctx *ctx, bpf_u_int32 v);

/* gen_misc.c: `llc` on SunATM (an LLC VC; after `lane`, Ethernet's) */
struct gen_cond *gen_misc_sunatm_llc(struct gen_ctx *ctx);

/* gen_misc.c: a 6-byte MAC address at src_off/dst_off from the link
 * header, for link types with Ethernet-style addresses; dir is a
 * gen_qdir, the 802.11-only ones rejected with libpcap's message. */
struct gen_cond *gen_misc_mac_host(struct gen_ctx *ctx, const u_char *mac,
				   int dir, bpf_u_int32 src_off,
				   bpf_u_int32 dst_off);

/* gen_misc.c: the same at the current link header, switching to
 * Ethernet's offsets after geneve; and the group bit of the address at
 * dst_off. For the links' host/multicast hooks. */
struct gen_cond *gen_misc_link_host(struct gen_ctx *ctx, const u_char *mac, int dir,
				    bpf_u_int32 src_off, bpf_u_int32 dst_off);
struct gen_cond *gen_misc_link_multicast(struct gen_ctx *ctx, bpf_u_int32 dst_off);

#endif
