/*
 * Test packets built byte by byte, with a seeded xorshift generator for
 * the random parts. Each test keeps its own generator and seed, so its
 * packets are the same on every run and a failing packet can be rebuilt
 * from the seed alone.
 */
#ifndef MQPCAP_TEST_PKT_BUILDER_H
#define MQPCAP_TEST_PKT_BUILDER_H

#include <check.h>
#include <stdint.h>
#include <string.h>

#include <pcap/pcap.h>

#define PKT_MAX 512

struct pkt {
	u_char d[PKT_MAX];
	u_int len;
};

struct pkt_rng {
	uint64_t s;	/* the seed, then the state; never 0 */
};

/* xorshift64 (13, 7, 17), the middle 32 bits of the state */
static inline uint32_t pkt_rand(struct pkt_rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)(r->s >> 16);
}

static inline void pkt_put(struct pkt *p, u_char b)
{
	ck_assert_uint_lt(p->len, PKT_MAX);
	p->d[p->len++] = b;
}

/* network byte order */
static inline void pkt_put16(struct pkt *p, unsigned v)
{
	pkt_put(p, (u_char)(v >> 8));
	pkt_put(p, (u_char)v);
}

static inline void pkt_put_bytes(struct pkt *p, const void *bytes, u_int n)
{
	ck_assert_uint_le(p->len + n, PKT_MAX);
	memcpy(p->d + p->len, bytes, n);
	p->len += n;
}

static inline void pkt_put_zeros(struct pkt *p, u_int n)
{
	ck_assert_uint_le(p->len + n, PKT_MAX);
	memset(p->d + p->len, 0, n);
	p->len += n;
}

static inline void pkt_put_random(struct pkt *p, struct pkt_rng *r, u_int n)
{
	while (n--)
		pkt_put(p, (u_char)pkt_rand(r));
}

#endif
