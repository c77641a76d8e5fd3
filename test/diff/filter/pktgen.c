/*
 * Packet builders for the filter differential test.
 *
 * A packet is built in two steps: a network-layer "payload" (what follows
 * an Ethernet type, or an 802.2 LLC frame), then a link wrapper per
 * linktype. The payload list is the same for every linktype, so one
 * expression meets the same protocols under every link header; each
 * linktype then adds frames only it has (802.11 management frames, pflog
 * actions, ...). Every choice comes from a fixed-seed generator, so the
 * corpus is identical from run to run.
 */
#include "pktgen.h"

#include <pcap/dlt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PB_MAX 1600

/* --- the address and port sets shared with expressions.txt ------------- */

static const uint8_t host4[][4] = {
	{10, 0, 0, 1}, {10, 0, 0, 2}, {192, 168, 1, 1}, {192, 168, 1, 10},
	{192, 168, 1, 255}, {172, 16, 5, 4}, {8, 8, 8, 8}, {127, 0, 0, 1},
	{224, 0, 0, 1}, {239, 1, 2, 3}, {255, 255, 255, 255}, {10, 1, 2, 3},
};
#define NHOST4 (sizeof(host4) / sizeof(host4[0]))

static const uint8_t host6[][16] = {
	{0xfe, 0x80, [15] = 1},
	{0x20, 0x01, 0x0d, 0xb8, [15] = 1},
	{0x20, 0x01, 0x0d, 0xb8, [15] = 2},
	{0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 5},
	{0xff, 0x02, [15] = 1},
	{[15] = 1},
	{0xff, 0x05, [15] = 2},
};
#define NHOST6 (sizeof(host6) / sizeof(host6[0]))

static const uint8_t macs[][6] = {
	{0x00, 0x11, 0x22, 0x33, 0x44, 0x55},
	{0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb},
	{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01},
	{0x33, 0x33, 0x00, 0x00, 0x00, 0x01},
	{0x01, 0x80, 0xc2, 0x00, 0x00, 0x00},
	{0x02, 0x00, 0x00, 0x00, 0x00, 0x01},
	{0x00, 0x00, 0x0c, 0x07, 0xac, 0x01},
};
#define NMACS (sizeof(macs) / sizeof(macs[0]))

static const uint16_t ports[] = {
	20, 21, 22, 53, 80, 123, 179, 443, 1024, 5353, 6000, 6005, 6081,
	8080, 65535, 0,
};
#define NPORTS (sizeof(ports) / sizeof(ports[0]))

/* --- deterministic randomness -------------------------------------------- */

static uint64_t rng_state;

static uint32_t rng(void)
{
	/* xorshift64*: fast, good enough, and the same on every machine */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

#define PICK(arr) (arr[rng() % (sizeof(arr) / sizeof(arr[0]))])

/* --- byte buffer ------------------------------------------------------- */

struct pb {
	uint8_t d[PB_MAX];
	size_t n;
};

static void put8(struct pb *b, unsigned int v)
{
	if (b->n < PB_MAX)
		b->d[b->n++] = (uint8_t)v;
}

static void put16(struct pb *b, unsigned int v)
{
	put8(b, v >> 8);
	put8(b, v);
}

static void put16le(struct pb *b, unsigned int v)
{
	put8(b, v);
	put8(b, v >> 8);
}

static void put32(struct pb *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b, v);
}

static void put32le(struct pb *b, uint32_t v)
{
	put16le(b, v);
	put16le(b, v >> 16);
}

static void putn(struct pb *b, const void *p, size_t n)
{
	const uint8_t *s = p;

	for (size_t i = 0; i < n; i++)
		put8(b, s[i]);
}

static void putfill(struct pb *b, size_t n, unsigned int v)
{
	for (size_t i = 0; i < n; i++)
		put8(b, v);
}

static void putrand(struct pb *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put8(b, rng());
}

/* --- network-layer payloads --------------------------------------------- */

enum l3_kind {
	L3_ETYPE,	/* d follows an Ethernet type field */
	L3_LLC,		/* d is an 802.2 frame (DSAP first) */
	L3_NOVELL,	/* d is raw 802.3 IPX (0xffff first) */
};

struct l3 {
	enum l3_kind kind;
	uint16_t etype;
	int af;		/* 4, 6 or 0: for links that carry only IP */
	struct pb b;
	char desc[48];
};

struct l3list {
	struct l3 *v;
	size_t n, cap;
};

static struct l3 *l3_new(struct l3list *l, enum l3_kind kind, uint16_t etype,
			 const char *desc)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	struct l3 *p = &l->v[l->n++];

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->etype = etype;
	p->af = etype == 0x0800 ? 4 : etype == 0x86dd ? 6 : 0;
	snprintf(p->desc, sizeof(p->desc), "%s", desc);
	return p;
}

/* Transport headers, written into b. */
static void tcp_hdr(struct pb *b, unsigned int sport, unsigned int dport,
		    unsigned int flags)
{
	put16(b, sport);
	put16(b, dport);
	put32(b, rng());
	put32(b, rng());
	put8(b, 0x50);
	put8(b, flags);
	put16(b, 8192);
	put16(b, 0);
	put16(b, 0);
	putrand(b, rng() % 24);
}

static void udp_hdr(struct pb *b, unsigned int sport, unsigned int dport,
		    size_t payload)
{
	put16(b, sport);
	put16(b, dport);
	put16(b, 8 + payload);
	put16(b, 0);
	putrand(b, payload);
}

static void icmp_hdr(struct pb *b, unsigned int type, unsigned int code)
{
	put8(b, type);
	put8(b, code);
	put16(b, 0);
	put32(b, rng());
	putrand(b, 8 + rng() % 16);
}

/* Layer 4 body for protocol proto; ports apply where there are ports. */
static void l4_body(struct pb *b, unsigned int proto, unsigned int sport,
		    unsigned int dport)
{
	switch (proto) {
	case 6:
		tcp_hdr(b, sport, dport, 0x18);
		break;
	case 17:
		udp_hdr(b, sport, dport, rng() % 20);
		break;
	case 132:	/* SCTP common header + a chunk */
		put16(b, sport);
		put16(b, dport);
		put32(b, rng());
		put32(b, 0);
		putrand(b, 16);
		break;
	case 1:
		icmp_hdr(b, 8, 0);
		break;
	case 58:
		icmp_hdr(b, 128, 0);
		break;
	case 2:		/* IGMP */
		put8(b, 0x16);
		put8(b, 0);
		put16(b, 0);
		putn(b, host4[8], 4);
		break;
	case 51:	/* AH carrying TCP */
		put8(b, 6);
		put8(b, 4);
		put16(b, 0);
		put32(b, 0x1000);
		put32(b, 1);
		putrand(b, 12);
		tcp_hdr(b, sport, dport, 0x10);
		break;
	default:
		putrand(b, 8 + rng() % 24);
		break;
	}
}

/* IPv4 header: ihl in 32-bit words (5..15), frag = flags|offset field. */
static void ip4_hdr(struct pb *b, const uint8_t *src, const uint8_t *dst,
		    unsigned int proto, unsigned int ihl, unsigned int frag,
		    size_t total)
{
	put8(b, 0x40 | ihl);
	put8(b, 0);
	put16(b, total);
	put16(b, rng());
	put16(b, frag);
	put8(b, 64);
	put8(b, proto);
	put16(b, 0);
	putn(b, src, 4);
	putn(b, dst, 4);
	for (unsigned int i = 5; i < ihl; i++)
		put32(b, i == ihl - 1 ? 0 : 0x01010101);	/* NOPs, EOL */
}

/* A whole IPv4 packet (header + body) appended to b. */
static void ip4_packet(struct pb *b, const uint8_t *src, const uint8_t *dst,
		       unsigned int proto, unsigned int ihl, unsigned int frag,
		       unsigned int sport, unsigned int dport)
{
	struct pb body = { .n = 0 };

	if (frag & 0x1fff)	/* later fragment: bytes that look like ports */
		udp_hdr(&body, sport, dport, rng() % 16);
	else
		l4_body(&body, proto, sport, dport);
	ip4_hdr(b, src, dst, proto, ihl, frag, ihl * 4 + body.n);
	putn(b, body.d, body.n);
}

/* An IPv6 packet with a chain of extension headers before proto. */
static void ip6_packet(struct pb *b, const uint8_t *src, const uint8_t *dst,
		       const uint8_t *chain, size_t nchain, unsigned int proto,
		       unsigned int sport, unsigned int dport, int later_frag)
{
	struct pb body = { .n = 0 };

	for (size_t i = 0; i < nchain; i++) {
		unsigned int next = i + 1 < nchain ? chain[i + 1] : proto;

		switch (chain[i]) {
		case 44:	/* fragment header: 8 bytes */
			put8(&body, next);
			put8(&body, 0);
			put16(&body, later_frag ? (185 << 3) : 1);
			put32(&body, rng());
			break;
		case 51:	/* AH: length in 4-byte units minus 2 */
			put8(&body, next);
			put8(&body, 4);
			put16(&body, 0);
			put32(&body, 0x2000);
			put32(&body, 1);
			putrand(&body, 12);
			break;
		default:	/* hop-by-hop, routing, dest opts: 8 or 16 bytes */
		{
			unsigned int len8 = rng() % 2;

			put8(&body, next);
			put8(&body, len8);
			if (chain[i] == 43) {	/* routing type 0, segs 0 */
				put8(&body, 0);
				put8(&body, 0);
				putfill(&body, 4 + 8 * len8, 0);
			} else {		/* PadN */
				put8(&body, 1);
				put8(&body, 4 + 8 * len8);
				putfill(&body, 4 + 8 * len8, 0);
			}
			break;
		}
		}
	}
	if (later_frag)
		putrand(&body, 16);
	else
		l4_body(&body, proto, sport, dport);

	put32(b, 0x60000000 | (rng() & 0xfffff));
	put16(b, body.n);
	put8(b, nchain ? chain[0] : proto);
	put8(b, 64);
	putn(b, src, 16);
	putn(b, dst, 16);
	putn(b, body.d, body.n);
}

static void add_ip4(struct l3list *l, const char *desc, unsigned int proto,
		    unsigned int ihl, unsigned int frag, unsigned int sport,
		    unsigned int dport, const uint8_t *src, const uint8_t *dst)
{
	struct l3 *p = l3_new(l, L3_ETYPE, 0x0800, desc);

	ip4_packet(&p->b, src, dst, proto, ihl, frag, sport, dport);
}

static void add_ip6(struct l3list *l, const char *desc, const uint8_t *chain,
		    size_t nchain, unsigned int proto, unsigned int sport,
		    unsigned int dport, int later_frag)
{
	struct l3 *p = l3_new(l, L3_ETYPE, 0x86dd, desc);

	ip6_packet(&p->b, PICK(host6), PICK(host6), chain, nchain, proto,
		   sport, dport, later_frag);
}

static void ipv4_payloads(struct l3list *l)
{
	static const unsigned int tcpflags[] = {
		0x02, 0x12, 0x10, 0x11, 0x04, 0x18, 0x30, 0x00, 0xff, 0x14,
	};
	static const unsigned int icmptypes[] = {
		0, 3, 4, 5, 8, 11, 12, 13, 14, 15, 16, 17, 18,
	};
	static const unsigned int otherprotos[] = {
		2, 4, 9, 41, 47, 50, 51, 89, 103, 112, 132, 0, 255, 200,
	};
	char d[48];

	for (size_t i = 0; i < NHOST4; i++)
		for (size_t j = 0; j < NHOST4; j += 3) {
			const uint8_t *s = host4[i], *t = host4[(i + j + 1) % NHOST4];

			add_ip4(l, "ip4 tcp", 6, 5, 0, PICK(ports), PICK(ports), s, t);
			add_ip4(l, "ip4 udp", 17, 5, 0, PICK(ports), PICK(ports), t, s);
		}
	for (size_t i = 0; i < sizeof(tcpflags) / sizeof(tcpflags[0]); i++) {
		struct l3 *p = l3_new(l, L3_ETYPE, 0x0800, "ip4 tcp flags");
		struct pb body = { .n = 0 };

		tcp_hdr(&body, PICK(ports), PICK(ports), tcpflags[i]);
		ip4_hdr(&p->b, PICK(host4), PICK(host4), 6, 5, 0, 20 + body.n);
		putn(&p->b, body.d, body.n);
	}
	for (size_t i = 0; i < NPORTS; i++) {
		add_ip4(l, "ip4 tcp sport", 6, 5, 0x4000, ports[i], 40000 + i,
			PICK(host4), PICK(host4));
		add_ip4(l, "ip4 udp dport", 17, 5, 0, 30000 + i, ports[i],
			PICK(host4), PICK(host4));
		add_ip4(l, "ip4 sctp", 132, 5, 0, ports[i], ports[(i + 3) % NPORTS],
			PICK(host4), PICK(host4));
	}
	for (size_t i = 0; i < sizeof(icmptypes) / sizeof(icmptypes[0]); i++) {
		struct l3 *p = l3_new(l, L3_ETYPE, 0x0800, "ip4 icmp");
		struct pb body = { .n = 0 };

		icmp_hdr(&body, icmptypes[i], i % 4);
		ip4_hdr(&p->b, PICK(host4), PICK(host4), 1, 5, 0, 20 + body.n);
		putn(&p->b, body.d, body.n);
	}
	for (size_t i = 0; i < sizeof(otherprotos) / sizeof(otherprotos[0]); i++) {
		snprintf(d, sizeof(d), "ip4 proto %u", otherprotos[i]);
		add_ip4(l, d, otherprotos[i], 5, 0, 80, 22, PICK(host4), PICK(host4));
	}
	/* fragments: first (MF), middle, last, DF; options */
	add_ip4(l, "ip4 tcp first frag", 6, 5, 0x2000, 80, 1024, host4[0], host4[1]);
	add_ip4(l, "ip4 tcp later frag", 6, 5, 0x2000 | 185, 22, 80, host4[1], host4[0]);
	add_ip4(l, "ip4 udp last frag", 17, 5, 370, 53, 53, host4[2], host4[5]);
	add_ip4(l, "ip4 icmp later frag", 1, 5, 0x2000 | 1, 8, 0, host4[6], host4[0]);
	add_ip4(l, "ip4 tcp opts ihl6", 6, 6, 0, 443, 1024, host4[0], host4[2]);
	add_ip4(l, "ip4 udp opts ihl15", 17, 15, 0, 53, 5353, host4[3], host4[8]);
	add_ip4(l, "ip4 tcp opts frag", 6, 7, 0x2000 | 3, 80, 80, host4[1], host4[3]);
	add_ip4(l, "ip4 icmp opts", 1, 8, 0, 0, 0, host4[5], host4[6]);
	/* GENEVE over UDP 6081: Ethernet and IPv4 inner payloads */
	for (int k = 0; k < 6; k++) {
		struct l3 *p = l3_new(l, L3_ETYPE, 0x0800, "ip4 udp geneve");
		struct pb g = { .n = 0 };
		static const uint32_t vnis[] = { 0, 10, 0xffffff, 4096, 10, 7 };
		unsigned int optlen = k % 3 == 2 ? 2 : 0;	/* 4-byte units */

		put8(&g, optlen);
		put8(&g, k == 4 ? 0x80 : 0);
		put16(&g, k % 2 ? 0x0800 : 0x6558);
		put32(&g, vnis[k] << 8);
		putfill(&g, optlen * 4, 0);
		if (!(k % 2)) {
			putn(&g, macs[k % NMACS], 6);
			putn(&g, macs[(k + 1) % NMACS], 6);
			put16(&g, 0x0800);
		}
		ip4_packet(&g, host4[k % NHOST4], host4[(k + 5) % NHOST4], 6, 5, 0,
			   80, 22 + k);

		struct pb u = { .n = 0 };

		put16(&u, 40000 + k);
		put16(&u, 6081);
		put16(&u, 8 + g.n);
		put16(&u, 0);
		putn(&u, g.d, g.n);
		ip4_hdr(&p->b, host4[1], host4[0], 17, 5, 0, 20 + u.n);
		putn(&p->b, u.d, u.n);
	}
	/* large packets, for len/greater/less */
	for (int k = 0; k < 3; k++) {
		struct l3 *p = l3_new(l, L3_ETYPE, 0x0800, "ip4 udp large");

		ip4_hdr(&p->b, host4[k], host4[k + 3], 17, 5, 0, 1400);
		put16(&p->b, 53);
		put16(&p->b, 1024);
		put16(&p->b, 1380);
		put16(&p->b, 0);
		putrand(&p->b, 1372 - 100 * k);
	}
}

static void ipv6_payloads(struct l3list *l)
{
	static const uint8_t hop[] = { 0 }, hrfd[] = { 0, 43, 44, 60 },
		frag[] = { 44 }, dst[] = { 60 }, ah[] = { 51 },
		hdr[] = { 0, 60, 43 }, rt[] = { 43 }, ahd[] = { 0, 51, 60 };
	static const unsigned int icmp6types[] = {
		1, 2, 3, 128, 129, 133, 134, 135, 136, 143,
	};

	for (size_t i = 0; i < NPORTS; i += 2) {
		add_ip6(l, "ip6 tcp", NULL, 0, 6, ports[i], PICK(ports), 0);
		add_ip6(l, "ip6 udp", NULL, 0, 17, PICK(ports), ports[i], 0);
	}
	add_ip6(l, "ip6 sctp", NULL, 0, 132, 80, 179, 0);
	add_ip6(l, "ip6 hbh tcp", hop, 1, 6, 22, 80, 0);
	add_ip6(l, "ip6 hbh rt frag dst udp", hrfd, 4, 17, 53, 53, 0);
	add_ip6(l, "ip6 frag first tcp", frag, 1, 6, 80, 443, 0);
	add_ip6(l, "ip6 frag later tcp", frag, 1, 6, 80, 443, 1);
	add_ip6(l, "ip6 dstopt icmp6", dst, 1, 58, 0, 0, 0);
	add_ip6(l, "ip6 ah tcp", ah, 1, 6, 22, 8080, 0);
	add_ip6(l, "ip6 hbh dst rt sctp", hdr, 3, 132, 6000, 6005, 0);
	add_ip6(l, "ip6 rt udp", rt, 1, 17, 123, 123, 0);
	add_ip6(l, "ip6 hbh ah dst tcp", ahd, 3, 6, 179, 20, 0);
	add_ip6(l, "ip6 no next", NULL, 0, 59, 0, 0, 0);
	add_ip6(l, "ip6 pim", NULL, 0, 103, 0, 0, 0);
	add_ip6(l, "ip6 esp", NULL, 0, 50, 0, 0, 0);
	add_ip6(l, "ip6 vrrp", NULL, 0, 112, 0, 0, 0);
	add_ip6(l, "ip6 in ip6", NULL, 0, 41, 0, 0, 0);
	for (size_t i = 0; i < sizeof(icmp6types) / sizeof(icmp6types[0]); i++) {
		struct l3 *p = l3_new(l, L3_ETYPE, 0x86dd, "ip6 icmp6");
		struct pb body = { .n = 0 };

		icmp_hdr(&body, icmp6types[i], 0);
		put32(&p->b, 0x60000000);
		put16(&p->b, body.n);
		put8(&p->b, 58);
		put8(&p->b, 255);
		putn(&p->b, host6[i % NHOST6], 16);
		putn(&p->b, host6[(i + 2) % NHOST6], 16);
		putn(&p->b, body.d, body.n);
	}
}

static void arp_payload(struct l3list *l, uint16_t etype, unsigned int op,
			const uint8_t *spa, const uint8_t *tpa)
{
	struct l3 *p = l3_new(l, L3_ETYPE, etype, etype == 0x0806 ? "arp" : "rarp");

	put16(&p->b, 1);
	put16(&p->b, 0x0800);
	put8(&p->b, 6);
	put8(&p->b, 4);
	put16(&p->b, op);
	putn(&p->b, macs[0], 6);
	putn(&p->b, spa, 4);
	putn(&p->b, op == 1 ? (const uint8_t *)"\0\0\0\0\0\0" : macs[1], 6);
	putn(&p->b, tpa, 4);
}

/* VLAN tags, QinQ, MPLS stacks and PPPoE around an IP packet. */
static void encap_payloads(struct l3list *l)
{
	static const unsigned int vids[] = { 0, 1, 10, 100, 4095, 10, 200 };
	static const uint32_t labels[] = { 100, 200, 1048575, 0, 16, 17 };

	for (size_t i = 0; i < sizeof(vids) / sizeof(vids[0]); i++) {
		struct l3 *p = l3_new(l, L3_ETYPE, 0x8100, "vlan ip4");

		put16(&p->b, (i << 13) | vids[i]);
		switch (i % 3) {
		case 0:
			put16(&p->b, 0x0800);
			ip4_packet(&p->b, host4[i % NHOST4], host4[(i + 1) % NHOST4],
				   6, 5, 0, 80, PICK(ports));
			break;
		case 1:
			put16(&p->b, 0x86dd);
			ip6_packet(&p->b, host6[1], host6[2], NULL, 0, 17, 53,
				   PICK(ports), 0);
			break;
		default:
			put16(&p->b, 0x0806);
			put16(&p->b, 1);
			put16(&p->b, 0x0800);
			put16(&p->b, 0x0604);
			put16(&p->b, 1);
			putn(&p->b, macs[0], 6);
			putn(&p->b, host4[0], 4);
			putfill(&p->b, 6, 0);
			putn(&p->b, host4[1], 4);
			break;
		}
	}
	/* QinQ: 802.1ad and the old 0x9100 outer tags, and triple tags */
	static const uint16_t outer[] = { 0x88a8, 0x9100, 0x8100, 0x88a8 };

	for (size_t i = 0; i < sizeof(outer) / sizeof(outer[0]); i++) {
		struct l3 *p = l3_new(l, L3_ETYPE, outer[i], "qinq ip4");

		put16(&p->b, 100);
		put16(&p->b, 0x8100);
		put16(&p->b, 10 + i);
		if (i == 3) {
			put16(&p->b, 0x8100);
			put16(&p->b, 200);
		}
		put16(&p->b, 0x0800);
		ip4_packet(&p->b, host4[i], host4[i + 2], i % 2 ? 17 : 6, 5, 0,
			   PICK(ports), 80);
	}
	/* MPLS stacks of 1 to 3 labels; also under a VLAN tag */
	for (size_t i = 0; i < 8; i++) {
		int depth = 1 + i % 3;
		struct l3 *p = l3_new(l, L3_ETYPE, i == 7 ? 0x8100 : i == 6 ? 0x8848 : 0x8847,
				      "mpls ip");

		if (i == 7) {
			put16(&p->b, 10);
			put16(&p->b, 0x8847);
		}
		for (int k = 0; k < depth; k++)
			put32(&p->b, labels[(i + k) % 6] << 12 |
				     (k == depth - 1 ? 0x100 : 0) | 64);
		if (i % 4 == 3)
			ip6_packet(&p->b, host6[1], host6[3], NULL, 0, 6, 22, 80, 0);
		else
			ip4_packet(&p->b, host4[i % NHOST4], host4[0], 6, 5, 0, 80,
				   443);
	}
	/* PPPoE discovery and session */
	static const unsigned int codes[] = { 0x09, 0x07, 0x19, 0x65, 0xa7 };

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct l3 *p = l3_new(l, L3_ETYPE, 0x8863, "pppoe discovery");

		put8(&p->b, 0x11);
		put8(&p->b, codes[i]);
		put16(&p->b, i > 2 ? 0x1234 : 0);
		put16(&p->b, 4);
		put32(&p->b, 0x01010000);
	}
	static const unsigned int sessions[] = { 1, 0x1234, 0xffff, 0x1234, 7 };
	static const unsigned int pppprotos[] = { 0x0021, 0x0057, 0xc021, 0x0021, 0x0281 };

	for (size_t i = 0; i < 5; i++) {
		struct l3 *p = l3_new(l, L3_ETYPE, 0x8864, "pppoe session");
		struct pb in = { .n = 0 };

		if (pppprotos[i] == 0x0021)
			ip4_packet(&in, host4[i], host4[i + 1], 6, 5, 0, 80, 1024);
		else if (pppprotos[i] == 0x0057)
			ip6_packet(&in, host6[1], host6[2], NULL, 0, 17, 53, 53, 0);
		else if (pppprotos[i] == 0x0281) {
			put32(&in, 100 << 12 | 0x100 | 64);
			ip4_packet(&in, host4[0], host4[1], 17, 5, 0, 53, 53);
		} else
			putrand(&in, 12);
		put8(&p->b, 0x11);
		put8(&p->b, 0);
		put16(&p->b, sessions[i]);
		put16(&p->b, in.n + 2);
		put16(&p->b, pppprotos[i]);
		putn(&p->b, in.d, in.n);
	}
}

/* DECnet routing headers: short/long, with and without padding. */
static void decnet_payloads(struct l3list *l)
{
	static const uint16_t addrs[] = { 1 << 10 | 1, 2 << 10 | 5, 63 << 10 | 1023 };

	for (int i = 0; i < 8; i++) {
		struct l3 *p = l3_new(l, L3_ETYPE, 0x6003, "decnet");
		struct pb r = { .n = 0 };
		int pad = i & 1, lng = i & 2;
		uint16_t s = addrs[i % 3], t = addrs[(i + 1) % 3];

		if (pad) {
			put8(&r, 0x80 | (1 + i % 3));
			putfill(&r, i % 3, 0);
		}
		if (lng) {
			put8(&r, 0x06 | (i & 4 ? 0x20 : 0));
			put16(&r, 0);
			putn(&r, "\xaa\x00\x04\x00", 4);
			put16le(&r, t);
			put16(&r, 0);
			putn(&r, "\xaa\x00\x04\x00", 4);
			put16le(&r, s);
			putfill(&r, 4, 0);
		} else {
			put8(&r, 0x02 | (i & 4 ? 0x20 : 0));
			put16le(&r, t);
			put16le(&r, s);
			put8(&r, 0);
		}
		putrand(&r, 6);
		put16le(&p->b, r.n);
		putn(&p->b, r.d, r.n);
	}
}

/* Other Ethernet types: AppleTalk, AARP, IPX, LAT, SCA, MOP, LLDP, ... */
static void misc_etype_payloads(struct l3list *l)
{
	static const struct { uint16_t t; const char *d; } types[] = {
		{ 0x809b, "atalk" }, { 0x80f3, "aarp" }, { 0x8137, "ipx" },
		{ 0x6004, "lat" }, { 0x6007, "sca" }, { 0x6002, "moprc" },
		{ 0x6001, "mopdl" }, { 0x88cc, "lldp" }, { 0x1234, "etype 0x1234" },
		{ 0x0600, "etype 0x600" }, { 0x88e5, "macsec" }, { 0x8035, "rarp junk" },
		{ 0x0800, "ip4 short" }, { 0x86dd, "ip6 short" }, { 0x8100, "vlan short" },
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct l3 *p = l3_new(l, L3_ETYPE, types[i].t, types[i].d);

		putrand(&p->b, i >= 12 ? 3 : 30 + rng() % 30);
	}
	arp_payload(l, 0x0806, 1, host4[0], host4[1]);
	arp_payload(l, 0x0806, 2, host4[1], host4[0]);
	arp_payload(l, 0x0806, 1, host4[2], host4[4]);
	arp_payload(l, 0x8035, 3, host4[3], host4[2]);
	arp_payload(l, 0x8035, 4, host4[2], host4[3]);
}

/* 802.2 LLC frames: STP, IPX, NetBEUI, ISO (CLNP, ES-IS, IS-IS), SNAP, and
 * every control-field form the llc keyword distinguishes. */
static void llc_payloads(struct l3list *l)
{
	struct l3 *p;

	p = l3_new(l, L3_LLC, 0, "llc stp");
	putn(&p->b, "\x42\x42\x03", 3);
	putrand(&p->b, 35);
	p = l3_new(l, L3_LLC, 0, "llc ipx");
	putn(&p->b, "\xe0\xe0\x03\xff\xff", 5);
	putrand(&p->b, 25);
	p = l3_new(l, L3_LLC, 0, "llc netbeui");
	putn(&p->b, "\xf0\xf0\x03", 3);
	putrand(&p->b, 40);
	p = l3_new(l, L3_NOVELL, 0, "novell raw ipx");
	putn(&p->b, "\xff\xff\x00\x1e", 4);
	putrand(&p->b, 26);

	static const uint8_t nlpids[] = { 0x81, 0x82, 0x83, 0x00, 0xcc };

	for (size_t i = 0; i < sizeof(nlpids); i++) {
		p = l3_new(l, L3_LLC, 0, "llc iso");
		putn(&p->b, "\xfe\xfe\x03", 3);
		put8(&p->b, nlpids[i]);
		putrand(&p->b, 30);
	}
	/* IS-IS PDU types: IIH L1/L2/PTP, LSP L1/L2, CSNP, PSNP, and junk */
	static const uint8_t isis[] = { 15, 16, 17, 18, 20, 24, 25, 26, 27, 3, 0x30 | 18 };

	for (size_t i = 0; i < sizeof(isis); i++) {
		p = l3_new(l, L3_LLC, 0, "llc isis");
		putn(&p->b, "\xfe\xfe\x03\x83\x1b\x01\x06", 7);
		put8(&p->b, isis[i]);
		putrand(&p->b, 30);
	}
	/* SNAP: IPv4, ARP, AppleTalk (Apple OUI), AARP, and an odd OUI */
	p = l3_new(l, L3_LLC, 0, "snap ip4");
	putn(&p->b, "\xaa\xaa\x03\x00\x00\x00\x08\x00", 8);
	ip4_packet(&p->b, host4[0], host4[2], 6, 5, 0, 80, 22);
	p = l3_new(l, L3_LLC, 0, "snap arp");
	putn(&p->b, "\xaa\xaa\x03\x00\x00\x00\x08\x06", 8);
	putrand(&p->b, 28);
	p = l3_new(l, L3_LLC, 0, "snap atalk");
	putn(&p->b, "\xaa\xaa\x03\x08\x00\x07\x80\x9b", 8);
	putrand(&p->b, 20);
	p = l3_new(l, L3_LLC, 0, "snap aarp");
	putn(&p->b, "\xaa\xaa\x03\x00\x00\x00\x80\xf3", 8);
	putrand(&p->b, 28);
	p = l3_new(l, L3_LLC, 0, "snap cisco");
	putn(&p->b, "\xaa\xaa\x03\x00\x00\x0c\x20\x00", 8);
	putrand(&p->b, 20);
	p = l3_new(l, L3_LLC, 0, "snap ip6");
	putn(&p->b, "\xaa\xaa\x03\x00\x00\x00\x86\xdd", 8);
	ip6_packet(&p->b, host6[0], host6[4], NULL, 0, 58, 0, 0, 0);

	/* control fields: U (UI UA DISC SABME TEST XID FRMR, with P/F), S (RR
	 * RNR REJ) and I frames */
	static const uint8_t ctl[] = {
		0x03, 0x13, 0x73, 0x63, 0x43, 0x53, 0x6f, 0x7f, 0xe3, 0xf3,
		0xaf, 0xbf, 0x87, 0x97, 0x01, 0x05, 0x09, 0x0d, 0x00, 0x02,
		0x0f,
	};
	static const uint8_t saps[] = { 0x42, 0xf0, 0x06, 0xe0, 0xfe, 0xaa, 0x04 };

	for (size_t i = 0; i < sizeof(ctl); i++) {
		p = l3_new(l, L3_LLC, 0, "llc control");
		put8(&p->b, saps[i % sizeof(saps)]);
		put8(&p->b, saps[i % sizeof(saps)] | (i & 1));
		put8(&p->b, ctl[i]);
		if ((ctl[i] & 3) != 3)	/* I and S frames: 2-byte control */
			put8(&p->b, i * 2);
		putrand(&p->b, 10);
	}
}

static struct l3list *payloads(void)
{
	static struct l3list l;

	if (l.n)
		return &l;
	rng_state = 0x6d71706361702121ULL;
	ipv4_payloads(&l);
	ipv6_payloads(&l);
	encap_payloads(&l);
	decnet_payloads(&l);
	misc_etype_payloads(&l);
	llc_payloads(&l);
	return &l;
}

/* --- adding packets ----------------------------------------------------- */

static struct pktgen_pkt *pkt_add(struct pktgen_set *s, int dlt,
				  const struct pb *b, const char *desc)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			abort();
	}
	struct pktgen_pkt *p = &s->v[s->n++];

	p->dlt = dlt;
	p->len = p->caplen = b->n;
	p->data = malloc(b->n ? b->n : 1);
	if (!p->data)
		abort();
	memcpy(p->data, b->d, b->n);
	snprintf(p->desc, sizeof(p->desc), "%s", desc);
	return p;
}

/* Truncated copies (caplen < len) of some packets, and random tiny ones. */
static void add_truncations(struct pktgen_set *s, int dlt, size_t first)
{
	size_t last = s->n;

	for (size_t i = first; i < last; i += 5) {
		struct pb b = { .n = s->v[i].len };
		char d[80];

		memcpy(b.d, s->v[i].data, b.n);
		snprintf(d, sizeof(d), "trunc %.50s", s->v[i].desc);
		struct pktgen_pkt *p = pkt_add(s, dlt, &b, d);

		p->caplen = b.n ? rng() % b.n : 0;
	}
	for (int i = 0; i < 16; i++) {
		struct pb b = { .n = 0 };

		putrand(&b, i < 8 ? (uint32_t)i * 3 : 20 + rng() % 60);
		pkt_add(s, dlt, &b, "random bytes");
	}
}

/* --- link wrappers ------------------------------------------------------ */

static void eth_frame(struct pb *b, const uint8_t *dst, const uint8_t *src,
		      const struct l3 *p)
{
	putn(b, dst, 6);
	putn(b, src, 6);
	if (p->kind == L3_ETYPE)
		put16(b, p->etype);
	else
		put16(b, p->b.n);
	putn(b, p->b.d, p->b.n);
}

/* Destination MAC that fits the payload: broadcast/multicast IPs get
 * broadcast/multicast MACs often, so "ether broadcast" etc. see both. */
static const uint8_t *pick_dst_mac(size_t i)
{
	return macs[(i * 7 + rng()) % NMACS];
}

static void build_ethernet_like(struct pktgen_set *s, int dlt,
				unsigned int prefix)
{
	struct l3list *l = payloads();

	for (size_t i = 0; i < l->n; i++) {
		int copies = dlt == DLT_EN10MB ? 2 : 1;

		for (int c = 0; c < copies; c++) {
			struct pb b = { .n = 0 };

			if (prefix == 4) {		/* netANALYZER: status word */
				put32le(&b, 0x00000000 | (l->v[i].b.n + 18) << 16);
			} else if (prefix == 12) {	/* + preamble and SFD */
				put32le(&b, (l->v[i].b.n + 18) << 16);
				putfill(&b, 7, 0x55);
				put8(&b, 0xd5);
			}
			eth_frame(&b, pick_dst_mac(i + c), macs[(i + c) % NMACS],
				  &l->v[i]);
			pkt_add(s, dlt, &b, l->v[i].desc);
		}
	}
}

static unsigned int sll_proto(const struct l3 *p)
{
	if (p->kind == L3_LLC)
		return 0x0004;		/* LINUX_SLL_P_802_2 */
	if (p->kind == L3_NOVELL)
		return 0x0001;		/* LINUX_SLL_P_802_3 */
	return p->etype;
}

static void build_sll(struct pktgen_set *s, int dlt)
{
	struct l3list *l = payloads();

	for (size_t i = 0; i < l->n; i++) {
		struct pb b = { .n = 0 };
		unsigned int pkttype = rng() % 5, ifindex = 1 + rng() % 4;
		unsigned int hatype = i % 17 == 0 ? 772 : 1;	/* loopback sometimes */

		if (dlt == DLT_LINUX_SLL) {
			put16(&b, pkttype);
			put16(&b, hatype);
			put16(&b, 6);
			putn(&b, macs[i % NMACS], 6);
			put16(&b, 0);
			put16(&b, sll_proto(&l->v[i]));
		} else {
			put16(&b, sll_proto(&l->v[i]));
			put16(&b, 0);
			put32(&b, ifindex);
			put16(&b, hatype);
			put8(&b, pkttype);
			put8(&b, 6);
			putn(&b, macs[i % NMACS], 6);
			put16(&b, 0);
		}
		putn(&b, l->v[i].b.d, l->v[i].b.n);
		pkt_add(s, dlt, &b, l->v[i].desc);
	}
}

/* Links that carry only IP (RAW, IPV4, IPV6) or IP behind a small header
 * that names the address family (NULL, LOOP, IPNET, NFLOG, PFLOG). */
static void build_ip_only(struct pktgen_set *s, int dlt)
{
	struct l3list *l = payloads();
	static const uint32_t af6[] = { 10, 24, 28, 30 };

	for (size_t i = 0; i < l->n; i++) {
		const struct l3 *p = &l->v[i];
		struct pb b = { .n = 0 };

		if (!p->af && !(dlt == DLT_NULL || dlt == DLT_LOOP) )
			continue;
		switch (dlt) {
		case DLT_NULL:
			put32le(&b, p->af == 4 ? 2 : p->af == 6 ? af6[i % 4] : 7);
			break;
		case DLT_LOOP:
			put32(&b, p->af == 4 ? 2 : p->af == 6 ? af6[i % 4] : 7);
			break;
		case DLT_IPNET:
			put8(&b, 1);
			put8(&b, p->af == 4 ? 2 : 26);
			put16(&b, 0);
			put32(&b, p->b.n);
			put32(&b, 1 + i % 3);
			put32(&b, 0);
			put32(&b, 0);
			put32(&b, 0);
			break;
		case DLT_NFLOG:	/* header, prefix TLV, payload TLV */
			put8(&b, p->af == 4 ? 2 : 10);
			put8(&b, 0);
			put16(&b, i % 3);
			put16le(&b, 8);
			put16le(&b, 10);
			putn(&b, "pfx\0", 4);
			put16le(&b, 4 + p->b.n);
			put16le(&b, 9);
			break;
		case DLT_PFLOG:
		{
			static const char *ifs[] = { "em0", "lo0", "vlan10", "" };
			char name[16] = { 0 };

			put8(&b, 61);
			put8(&b, p->af == 4 ? 2 : 24);
			put8(&b, i % 9);		/* action */
			put8(&b, (i / 3) % 8);		/* reason */
			snprintf(name, sizeof(name), "%s", ifs[i % 4]);
			putn(&b, name, 16);
			memset(name, 0, sizeof(name));
			snprintf(name, sizeof(name), "%s", i % 5 ? "" : "anchor1");
			putn(&b, name, 16);
			put32(&b, i % 6);		/* rulenr */
			put32(&b, i % 4 ? 0xffffffff : 3);	/* subrulenr */
			put32(&b, 0);
			put32(&b, 0);
			put32(&b, 0);
			put32(&b, 0);
			put8(&b, 1 + i % 3);		/* dir: in, out, or inout */
			putfill(&b, 3, 0);
			break;
		}
		default:	/* RAW, IPV4, IPV6: the packet itself */
			break;
		}
		putn(&b, p->b.d, p->b.n);
		pkt_add(s, dlt, &b, p->desc);
	}
}

static unsigned int ppp_proto(const struct l3 *p)
{
	switch (p->etype) {
	case 0x0800: return 0x0021;
	case 0x86dd: return 0x0057;
	case 0x8137: return 0x002b;
	case 0x809b: return 0x0029;
	case 0x6003: return 0x0027;
	case 0x8847: return 0x0281;
	case 0x8848: return 0x0283;
	default: return p->etype;
	}
}

static void build_ppp(struct pktgen_set *s, int dlt)
{
	struct l3list *l = payloads();
	static const uint16_t extra[] = { 0xc021, 0x8021, 0x0023, 0x003f, 0x8057, 0xc223 };

	for (size_t i = 0; i < l->n; i++) {
		const struct l3 *p = &l->v[i];
		struct pb b = { .n = 0 };

		if (p->kind != L3_ETYPE)
			continue;
		switch (dlt) {
		case DLT_PPP:
			put16(&b, 0xff03);
			put16(&b, ppp_proto(p));
			break;
		case DLT_PPP_ETHER:
			put8(&b, 0x11);
			put8(&b, 0);
			put16(&b, 0x1234);
			put16(&b, p->b.n + 2);
			put16(&b, ppp_proto(p));
			break;
		default:	/* C_HDLC: address, control, Ethernet type */
			put8(&b, i % 4 ? 0x0f : 0x8f);
			put8(&b, 0);
			put16(&b, p->etype);
			break;
		}
		putn(&b, p->b.d, p->b.n);
		pkt_add(s, dlt, &b, p->desc);
	}
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		struct pb b = { .n = 0 };

		if (dlt == DLT_PPP)
			put16(&b, 0xff03);
		else if (dlt == DLT_PPP_ETHER)
			putn(&b, "\x11\x00\x00\x01\x00\x10", 6);
		else
			put16(&b, 0x0f00);
		put16(&b, extra[i]);
		putrand(&b, 14);
		pkt_add(s, dlt, &b, "ppp control protocol");
	}
}

/* FDDI and token ring carry LLC: Ethernet types go behind SNAP. */
static void build_llc_link(struct pktgen_set *s, int dlt)
{
	struct l3list *l = payloads();

	for (size_t i = 0; i < l->n; i++) {
		const struct l3 *p = &l->v[i];
		struct pb b = { .n = 0 };
		const uint8_t *dst = pick_dst_mac(i), *src = macs[(i + 1) % NMACS];

		if (p->kind == L3_NOVELL)
			continue;
		if (dlt == DLT_FDDI) {
			put8(&b, 0x50);
		} else {
			put8(&b, 0x10);
			put8(&b, 0x40);
		}
		putn(&b, dst, 6);
		putn(&b, src, 6);
		if (p->kind == L3_ETYPE) {
			putn(&b, "\xaa\xaa\x03\x00\x00\x00", 6);
			put16(&b, p->etype);
		}
		putn(&b, p->b.d, p->b.n);
		pkt_add(s, dlt, &b, p->desc);
	}
}

/* --- 802.11 ------------------------------------------------------------ */

/* A data frame carrying payload p (behind SNAP), with DS bits ds (0-3),
 * QoS or not, protected or not. */
static void wlan_data(struct pb *b, const struct l3 *p, unsigned int ds,
		      int qos, unsigned int flags, size_t i)
{
	const uint8_t *a1 = pick_dst_mac(i), *a2 = macs[(i + 1) % NMACS],
		*a3 = macs[(i + 3) % NMACS], *a4 = macs[(i + 6) % NMACS];

	put8(b, qos ? 0x88 : 0x08);
	put8(b, ds | flags);
	put16(b, 0x3a01);
	putn(b, a1, 6);
	putn(b, a2, 6);
	putn(b, a3, 6);
	put16(b, (i & 0xfff) << 4);
	if (ds == 3)
		putn(b, a4, 6);
	if (qos)
		put16le(b, i % 8);
	if (p->kind == L3_ETYPE) {
		putn(b, "\xaa\xaa\x03\x00\x00\x00", 6);
		put16(b, p->etype);
	}
	putn(b, p->b.d, p->b.n);
}

/* Management, control and data-without-payload frames, every subtype. */
static void wlan_other(struct pb *b, unsigned int fc0, unsigned int fc1,
		       size_t i)
{
	unsigned int type = (fc0 >> 2) & 3;

	put8(b, fc0);
	put8(b, fc1);
	put16(b, 0x3a01);
	putn(b, pick_dst_mac(i), 6);
	if (type == 1) {	/* control: RA, sometimes TA */
		unsigned int st = fc0 >> 4;

		if (st != 12 && st != 13)	/* CTS and ACK have only RA */
			putn(b, macs[(i + 1) % NMACS], 6);
		putrand(b, st == 8 || st == 9 ? 4 : 0);
		return;
	}
	putn(b, macs[(i + 1) % NMACS], 6);
	putn(b, macs[(i + 2) % NMACS], 6);
	put16(b, 0);
	putrand(b, type == 0 ? 24 : 0);
}

static void wlan_frames(struct pktgen_set *s, int dlt,
			void (*wrap)(struct pb *, const struct pb *, size_t))
{
	struct l3list *l = payloads();
	size_t k = 0;

	for (size_t i = 0; i < l->n; i++) {
		struct pb f = { .n = 0 }, b = { .n = 0 };

		if (i % 2 && l->v[i].kind == L3_ETYPE && l->v[i].af == 4)
			continue;	/* half of the IPv4 ones are plenty */
		wlan_data(&f, &l->v[i], k % 4, k % 3 == 1,
			  k % 11 == 5 ? 0x40 : k % 13 == 7 ? 0x08 : 0, k);
		k++;
		wrap(&b, &f, k);
		pkt_add(s, dlt, &b, l->v[i].desc);
	}
	for (unsigned int t = 0; t < 3; t++)
		for (unsigned int st = 0; st < 16; st++) {
			struct pb f = { .n = 0 }, b = { .n = 0 };
			char d[48];

			wlan_other(&f, st << 4 | t << 2, (st + t) % 4 | (st == 11 ? 0x10 : 0),
				   k++);
			wrap(&b, &f, k);
			snprintf(d, sizeof(d), "wlan type %u subtype %u", t, st);
			pkt_add(s, dlt, &b, d);
		}
	{	/* reserved type 3 */
		struct pb f = { .n = 0 }, b = { .n = 0 };

		wlan_other(&f, 0x0c, 0, k++);
		wrap(&b, &f, k);
		pkt_add(s, dlt, &b, "wlan type 3");
	}
}

static void wrap_none(struct pb *b, const struct pb *f, size_t i)
{
	(void)i;
	putn(b, f->d, f->n);
}

/* Radiotap headers of several shapes: no fields; flags + rate; TSFT +
 * flags + channel + signal; the DATAPAD flag (frame body padded to 4
 * bytes, so a QoS header gets 2 pad bytes); an extended present bitmap. */
static void wrap_radiotap(struct pb *b, const struct pb *f, size_t i)
{
	unsigned int shape = i % 5, fc0 = f->n ? f->d[0] : 0;
	size_t hdrlen_pos;
	int datapad = 0;

	put8(b, 0);
	put8(b, 0);
	hdrlen_pos = b->n;
	put16le(b, 0);
	switch (shape) {
	case 0:
		put32le(b, 0);
		break;
	case 1:
		put32le(b, 0x6);
		put8(b, 0x00);
		put8(b, 2);
		break;
	case 2:
		put32le(b, 0x2f);
		putfill(b, 8, 0x11);	/* TSFT */
		put8(b, 0x20);		/* flags: DATAPAD */
		put8(b, 12);
		put16le(b, 2412);
		put16le(b, 0x00a0);
		put8(b, 0xc0);
		datapad = 1;
		break;
	case 3:
		put32le(b, 0x2);
		put8(b, 0x20);
		datapad = 1;
		break;
	default:
		put32le(b, 0x80000002);	/* ext: a second word follows */
		put32le(b, 0x0);
		put8(b, 0x20);
		break;
	}
	while (b->n % 4)
		put8(b, 0);
	b->d[hdrlen_pos] = b->n & 0xff;
	b->d[hdrlen_pos + 1] = b->n >> 8;
	if (datapad && (fc0 & 0x0c) == 0x08 && f->n >= 24) {
		/* copy the header, pad it to 4 bytes, then the body */
		size_t hl = 24 + ((f->d[1] & 3) == 3 ? 6 : 0) + ((fc0 & 0x80) ? 2 : 0);

		if (hl > f->n)
			hl = f->n;
		putn(b, f->d, hl);
		while (hl % 4) {
			put8(b, 0);
			hl++;
		}
		size_t body = 24 + ((f->d[1] & 3) == 3 ? 6 : 0) + ((fc0 & 0x80) ? 2 : 0);

		if (body < f->n)
			putn(b, f->d + body, f->n - body);
		return;
	}
	putn(b, f->d, f->n);
}

/* Prism header (144 bytes, msgcode 0x41) or, for every third frame, an AVS
 * header (magic 0x80211001, its length in the second word). */
static void wrap_prism(struct pb *b, const struct pb *f, size_t i)
{
	if (i % 3 == 0) {
		put32(b, 0x80211001);
		put32(b, 64);
		putfill(b, 56, 0);
	} else {
		put32le(b, 0x41);
		put32le(b, 144);
		putfill(b, 136, 0);
	}
	putn(b, f->d, f->n);
}

static void wrap_avs(struct pb *b, const struct pb *f, size_t i)
{
	put32(b, 0x80211001);
	put32(b, i % 4 ? 64 : 72);
	putfill(b, i % 4 ? 56 : 64, 0);
	putn(b, f->d, f->n);
}

/* PPI header (version 0, flags 0, length, DLT 105), 8 bytes or, every
 * other frame, with a 12-byte field; every sixth announces Ethernet (DLT
 * 1) instead, which libpcap's programs reject. */
static void wrap_ppi(struct pb *b, const struct pb *f, size_t i)
{
	unsigned int len = i % 2 ? 20 : 8;

	put8(b, 0);
	put8(b, 0);
	put16le(b, (uint16_t)len);
	put32le(b, i % 6 == 5 ? 1 : 105);
	if (len > 8) {
		put16le(b, 2);		/* field type: 802.11 common */
		put16le(b, 8);
		putfill(b, 8, 0x33);
	}
	putn(b, f->d, f->n);
}

/* --- SS7 ---------------------------------------------------------------- */

/* MTP2 frames (after MTP2_WITH_PHDR's pseudo-header): every length
 * indicator class, normal and high-speed layouts, labels whose point codes
 * and SLS are the corpus's values; MTP3 gets the same bytes from SIO on. */
static void build_mtp2(struct pktgen_set *s, int dlt)
{
	static const uint8_t sios[] = { 0x03, 0x83, 0x05, 0x00, 0xff, 0x81 };
	static const uint16_t pcs[] = { 1, 5, 7, 0, 16383, 0x2a5 };

	for (int i = 0; i < 120; i++) {
		struct pb b = { .n = 0 };
		unsigned int li = i % 4 == 0 ? 0 : i % 4 == 1 ? 1 + i % 2 : 3 + i % 61;
		uint32_t dpc = pcs[i % 6], opc = pcs[(i / 6) % 6], sls = i % 16;
		uint32_t label = dpc | opc << 14 | sls << 28;

		if (dlt == DLT_MTP2_WITH_PHDR)
			put32le(&b, i % 3);	/* sent, annex A, link number */
		if (dlt == DLT_ERF) {		/* record header, MC HDLC header */
			putrand(&b, 8);		/* time stamp */
			put8(&b, i % 3 ? 5 : 1);	/* MC HDLC or HDLC POS */
			putrand(&b, 3);
			put16(&b, 20 + 16);
			put32(&b, rng());	/* channel, flags */
		}
		if (dlt != DLT_MTP3) {
			if (i % 5 == 4) {	/* high-speed: 12-bit numbers, 9-bit LI */
				put16(&b, rng());
				put16(&b, rng());
				put16le(&b, li << 7 & 0xff80 ? (li << 7) : li);
			} else {
				put8(&b, rng());
				put8(&b, rng());
				put8(&b, li | (rng() & 0xc0));
			}
		}
		put8(&b, sios[i % 6]);
		put32le(&b, label);
		putrand(&b, i % 4 ? 8 + i % 20 : 0);
		pkt_add(s, dlt, &b, "mtp2");
	}
}

/* --- the rarer links (src/filter/gen_links_rare.c) ------------------------ */

/* An Ethernet-typed payload as an 802.2 frame: SNAP for Ethernet types,
 * the LLC frame itself otherwise. */
static void put_llc_payload(struct pb *b, const struct l3 *p)
{
	if (p->kind == L3_ETYPE) {
		/* AppleTalk goes behind Apple's OUI now and then */
		if (p->etype == 0x809b && rng() % 2)
			putn(b, "\xaa\xaa\x03\x08\x00\x07", 6);
		else
			putn(b, "\xaa\xaa\x03\x00\x00\x00", 6);
		put16(b, p->etype);
	}
	putn(b, p->b.d, p->b.n);
}

static unsigned int arcnet_type(const struct l3 *p)
{
	switch (p->etype) {
	case 0x0800: return rng() % 4 ? 0xd4 : 0xf0;
	case 0x86dd: return 0xc4;
	case 0x0806: return rng() % 4 ? 0xd5 : 0xf1;
	case 0x8035: return 0xd6;
	case 0x809b: return 0xdd;
	default: return rng() & 0xff;
	}
}

static unsigned int frelay_nlpid(const struct l3 *p)
{
	static const uint8_t iso[] = { 0x81, 0x82, 0x83 };

	if (p->etype == 0x0800)
		return 0xcc;
	if (p->etype == 0x86dd)
		return 0x8e;
	if (p->kind == L3_LLC && p->b.n > 0 && p->b.d[0] == 0xfe)
		return PICK(iso);
	return rng() & 0xff;
}

/* A SunATM pseudo-header and what its traffic type says follows: LLC,
 * LANE (LE header, then an Ethernet frame) or raw cells; some on the
 * signalling VCs with a Q.2931 message type at byte 9. */
static void sunatm_frame(struct pb *b, const struct l3 *p, size_t i)
{
	static const uint16_t vcis[] = { 1, 2, 3, 4, 5, 16, 32, 100 };
	static const uint8_t msgs[] = { 0x5a, 0x4d, 0x0f, 0x07, 0x05, 0x02, 0x62 };
	unsigned int type = i % 5 == 0 ? 1 : i % 7 == 0 ? 0 : 2;
	unsigned int vci = PICK(vcis);

	put8(b, (rng() & 0xf0) | type);
	put8(b, i % 3 ? 0 : 1 + rng() % 3);
	put16(b, vci);
	if (type == 1) {
		put16(b, i % 4 ? 0 : 0xff00);
		eth_frame(b, pick_dst_mac(i), macs[i % NMACS], p);
		return;
	}
	if (vci == 1 || vci == 5) {	/* signalling: message type at 9 */
		putn(b, "\xaa\xaa\x03\x09", 4);
		put8(b, 0x80);
		put8(b, PICK(msgs));
		putrand(b, 10);
		return;
	}
	put_llc_payload(b, p);
}

static void juniper_hdr(struct pb *b, size_t i, unsigned int len)
{
	putn(b, i % 9 ? "MGC" : "MGX", 3);
	put8(b, rng() & 0x03);	/* direction, extensions */
	putrand(b, len - 4);
}

static void rare_frame(struct pb *b, int dlt, const struct l3 *p, size_t i)
{
	static const uint16_t bsdos_ip[] = { 0x0021, 0x002d, 0x002f };
	static const uint8_t slip_first[] = { 0x00, 0x01, 0x45, 0x60, 0x4f, 0x02 };

	switch (dlt) {
	case DLT_SLIP:
	case DLT_SLIP_BSDOS:
		/* direction (libpcap tests the version nibble here too) */
		put8(b, PICK(slip_first));
		putrand(b, dlt == DLT_SLIP ? 15 : 23);
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_PPP_BSDOS:
		putrand(b, 5);
		put16(b, p->etype == 0x0800 ? PICK(bsdos_ip) : ppp_proto(p));
		putrand(b, 17);
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_PPP_SERIAL:
	case DLT_PPP_PPPD:
		put8(b, dlt == DLT_PPP_SERIAL ? 0xff : i % 3);
		put8(b, 0x03);
		put16(b, ppp_proto(p));
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_HDLC:
		put8(b, i % 4 ? 0x0f : 0x8f);
		put8(b, 0);
		put16(b, p->kind == L3_ETYPE ? p->etype : 0xfefe);
		if (p->kind != L3_ETYPE)
			put8(b, 0);
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_ATM_RFC1483:
	case DLT_ATM_CLIP:
		put_llc_payload(b, p);
		break;
	case DLT_SUNATM:
		sunatm_frame(b, p, i);
		break;
	case DLT_IP_OVER_FC:
		put16(b, rng());
		putn(b, pick_dst_mac(i), 6);
		put16(b, rng());
		putn(b, macs[(i + 3) % NMACS], 6);
		put_llc_payload(b, p);
		break;
	case DLT_ARCNET:
	case DLT_ARCNET_LINUX:
		put8(b, rng());			/* source */
		put8(b, i % 4 ? rng() : 0);	/* destination, 0: broadcast */
		if (dlt == DLT_ARCNET_LINUX)
			put16(b, 0);		/* offset */
		put8(b, arcnet_type(p));
		put8(b, 0);			/* split flag */
		put16(b, i);			/* sequence */
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_FRELAY:
		put16(b, 0x0401 | (i % 64) << 10);
		put8(b, 0x03);
		put8(b, frelay_nlpid(p));
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_ENC:
		put32le(b, p->af == 4 ? 2 : p->af == 6 ? 10 : rng() % 32);
		put32(b, rng());	/* SPI */
		put32(b, rng());	/* flags */
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_SYMANTEC_FIREWALL:
		putrand(b, 6);
		put16(b, p->kind == L3_ETYPE ? p->etype : p->b.n);
		putrand(b, 36);
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_APPLE_IP_OVER_IEEE1394:
		putrand(b, 16);
		put16(b, p->kind == L3_ETYPE ? p->etype : p->b.n);
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_JUNIPER_ETHER:
		juniper_hdr(b, i, 18);
		eth_frame(b, pick_dst_mac(i), macs[i % NMACS], p);
		break;
	case DLT_JUNIPER_PPP:
		juniper_hdr(b, i, 4);
		put16(b, ppp_proto(p));
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_JUNIPER_ES:
		juniper_hdr(b, i, 4 + rng() % 16);
		putn(b, p->b.d, p->b.n);
		break;
	case DLT_BACNET_MS_TP:
		put16(b, i % 7 ? 0x55ff : 0x55fe);
		put8(b, rng() % 8);	/* frame type */
		put8(b, rng());		/* destination, source */
		put8(b, rng());
		put16(b, p->b.n);
		put8(b, rng());		/* header CRC */
		putn(b, p->b.d, p->b.n);
		break;
	default:	/* LTALK: LLAP header, then DDP-ish bytes */
		put8(b, rng());
		put8(b, rng());
		put8(b, rng() % 3);
		putn(b, p->b.d, p->b.n);
		break;
	}
}

/* Every payload (the ones each link can carry at all, so that filters see
 * accepts), behind that link's header. */
static void build_rare(struct pktgen_set *s, int dlt)
{
	struct l3list *l = payloads();

	for (size_t i = 0; i < l->n; i++) {
		const struct l3 *p = &l->v[i];
		struct pb b = { .n = 0 };

		if (p->kind == L3_NOVELL)
			continue;
		if ((dlt == DLT_SLIP || dlt == DLT_SLIP_BSDOS || dlt == DLT_ENC) &&
		    !p->af && i % 8)
			continue;
		rare_frame(&b, dlt, p, i);
		pkt_add(s, dlt, &b, p->desc);
	}
}

/* --- entry point --------------------------------------------------------- */

size_t pktgen_build(int dlt, struct pktgen_set *s)
{
	size_t first = s->n;

	payloads();
	rng_state = 0x5eed0000ULL + (uint64_t)dlt * 7919;
	switch (dlt) {
	case DLT_EN10MB:
		build_ethernet_like(s, dlt, 0);
		break;
	case DLT_NETANALYZER:
		build_ethernet_like(s, dlt, 4);
		break;
	case DLT_NETANALYZER_TRANSPARENT:
		build_ethernet_like(s, dlt, 12);
		break;
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
		build_sll(s, dlt);
		break;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_NULL:
	case DLT_LOOP:
	case DLT_IPNET:
	case DLT_NFLOG:
	case DLT_PFLOG:
		build_ip_only(s, dlt);
		break;
	case DLT_PPP:
	case DLT_PPP_ETHER:
	case DLT_C_HDLC:
		build_ppp(s, dlt);
		break;
	case DLT_FDDI:
	case DLT_IEEE802:
		build_llc_link(s, dlt);
		break;
	case DLT_IEEE802_11:
		wlan_frames(s, dlt, wrap_none);
		break;
	case DLT_IEEE802_11_RADIO:
		wlan_frames(s, dlt, wrap_radiotap);
		break;
	case DLT_PRISM_HEADER:
		wlan_frames(s, dlt, wrap_prism);
		break;
	case DLT_IEEE802_11_RADIO_AVS:
		wlan_frames(s, dlt, wrap_avs);
		break;
	case DLT_PPI:
		wlan_frames(s, dlt, wrap_ppi);
		break;
	case DLT_MTP2:
	case DLT_MTP2_WITH_PHDR:
	case DLT_MTP3:
	case DLT_ERF:
		build_mtp2(s, dlt);
		break;
	case DLT_SLIP:
	case DLT_SLIP_BSDOS:
	case DLT_PPP_BSDOS:
	case DLT_PPP_SERIAL:
	case DLT_PPP_PPPD:
	case DLT_HDLC:
	case DLT_ATM_RFC1483:
	case DLT_ATM_CLIP:
	case DLT_SUNATM:
	case DLT_IP_OVER_FC:
	case DLT_ARCNET:
	case DLT_ARCNET_LINUX:
	case DLT_FRELAY:
	case DLT_ENC:
	case DLT_SYMANTEC_FIREWALL:
	case DLT_APPLE_IP_OVER_IEEE1394:
	case DLT_LTALK:
	case DLT_JUNIPER_ETHER:
	case DLT_JUNIPER_PPP:
	case DLT_JUNIPER_ES:
	case DLT_BACNET_MS_TP:
		build_rare(s, dlt);
		break;
	default:
		return 0;
	}
	add_truncations(s, dlt, first);
	return s->n - first;
}

void pktgen_free(struct pktgen_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].data);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}
