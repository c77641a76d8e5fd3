/*
 * geneve against the system libpcap (dlmopen): Geneve over UDP over IPv4
 * and IPv6 on Ethernet and raw IP, with Ethernet and IP payloads, options,
 * both versions, several VNIs, and every truncation of each packet, for
 * expressions whose libpcap programs never read a scratch register they
 * did not write (after a geneve that did not match, libpcap's later loads
 * read stack garbage: those are only compiled, not run).
 *
 * What it pins down: libpcap leaves every geneve filter unoptimized, so
 * the Geneve header loads decide truncated packets at -O1 too; and link
 * addresses after geneve exist only for an Ethernet payload.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "oracle_filter.h"
#include "pkt_builder.h"
#include "unit_run.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct oracle_filter lp;

/* ---- packets ------------------------------------------------------------ */

static struct pkt_rng rng = { 0x2545f4914f6cdd1dull };

static const u_char macs[][6] = {
	{ 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 },
	{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
};

static void put_mac(struct pkt *p)
{
	const u_char *m = macs[pkt_rand(&rng) % LEN(macs)];

	for (int i = 0; i < 6; i++)
		pkt_put(p, m[i]);
}

/* IPv4 10.0.0.x -> 10.0.0.5 (or random), protocol proto, no options. */
static void put_ip4(struct pkt *p, u_char proto)
{
	pkt_put(p, 0x45);
	pkt_put_random(p, &rng, 1);
	pkt_put16(p, 60);
	pkt_put_random(p, &rng, 4);
	pkt_put(p, 64);
	pkt_put(p, proto);
	pkt_put_random(p, &rng, 2);
	pkt_put(p, 10);
	pkt_put(p, 0);
	pkt_put(p, 0);
	pkt_put(p, (u_char)(1 + pkt_rand(&rng) % 8));
	pkt_put(p, 10);
	pkt_put(p, 0);
	pkt_put(p, 0);
	pkt_put(p, pkt_rand(&rng) % 2 ? 5 : (u_char)pkt_rand(&rng));
}

static void put_tcp_or_udp(struct pkt *p)
{
	static const unsigned ports[] = { 53, 80, 443, 6081 };

	pkt_put16(p, ports[pkt_rand(&rng) % LEN(ports)]);
	pkt_put16(p, ports[pkt_rand(&rng) % LEN(ports)]);
	pkt_put_random(p, &rng, 8);
}

/* The Geneve header and its payload. */
static void put_geneve(struct pkt *p)
{
	static const u_int vnis[] = { 0, 7, 10, 4096, 16777215 };
	u_int opt = pkt_rand(&rng) % 3;
	u_int vni = vnis[pkt_rand(&rng) % LEN(vnis)];
	u_int kind = pkt_rand(&rng) % 3;

	pkt_put(p, (u_char)((pkt_rand(&rng) % 4 == 0 ? 0x40 : 0) | opt));	/* version, options */
	pkt_put(p, 0);
	pkt_put16(p, kind == 0 ? 0x6558 : kind == 1 ? 0x0800 : 0x86dd);
	pkt_put(p, (u_char)(vni >> 16));
	pkt_put(p, (u_char)(vni >> 8));
	pkt_put(p, (u_char)vni);
	pkt_put(p, 0);
	pkt_put_random(p, &rng, opt * 4);
	if (kind == 0) {	/* an Ethernet frame */
		put_mac(p);
		put_mac(p);
		pkt_put16(p, 0x0800);
	}
	if (kind != 2) {
		put_ip4(p, pkt_rand(&rng) % 2 ? 6 : 17);
		put_tcp_or_udp(p);
	} else {
		pkt_put_random(p, &rng, 40);
	}
}

/* Ethernet (or nothing, raw) / IPv4 or IPv6 / UDP to 6081 / Geneve. */
static void build(struct pkt *p, int raw)
{
	int v6 = pkt_rand(&rng) % 3 == 0;

	p->len = 0;
	if (!raw) {
		put_mac(p);
		put_mac(p);
		pkt_put16(p, v6 ? 0x86dd : 0x0800);
	}
	if (v6) {
		pkt_put(p, 0x60);
		pkt_put_random(p, &rng, 5);
		pkt_put(p, 17);
		pkt_put(p, 64);
		pkt_put_random(p, &rng, 32);
	} else {
		put_ip4(p, 17);
	}
	pkt_put16(p, pkt_rand(&rng) % 2 ? 6081 : 53);
	pkt_put16(p, pkt_rand(&rng) % 4 ? 6081 : 53);
	pkt_put_random(p, &rng, 4);
	put_geneve(p);
}

/* ---- the comparison ----------------------------------------------------- */

static void compile_both(int dlt, const char *expr, int opt, struct bpf_program *ours,
			 struct bpf_program *theirs)
{
	oracle_filter_compile_both(&lp, dlt, expr, opt, 0xffffff00, ours, theirs);
}

START_TEST(test_geneve_verdicts_agree_with_libpcap_on_every_cut)
{
	static const char *const exprs[] = {
		"geneve",
		"geneve 10",
		"geneve 16777215 and ip",
		"geneve and tcp port 80",
		"udp port 6081 and geneve",
		"proto 17 or not geneve",
		"geneve and ether host 00:11:22:33:44:55",
		"geneve and ether src 00:11:22:33:44:55",
		"geneve and ether broadcast",
		"geneve and multicast",
		"geneve and broadcast",
		"(port domain) or not (geneve and ether host 00:11:22:33:44:55)",
		"geneve 7 and ip and host 10.0.0.5",
		"ether[0:2] > ether[6:2] or geneve",
		"ip6 and geneve and udp",
	};
	static const int dlts[] = { DLT_EN10MB, DLT_RAW };
	struct oracle_cuts c = { 0 };
	struct pkt pkts[120];
	size_t i, e, k;
	int opt;

	for (i = 0; i < LEN(dlts); i++) {
		for (k = 0; k < LEN(pkts); k++)
			build(&pkts[k], dlts[i] == DLT_RAW);
		for (e = 0; e < LEN(exprs); e++) {
			if (dlts[i] == DLT_RAW && strstr(exprs[e], "ether[") != NULL)
				continue;	/* no link header to index */
			for (opt = 0; opt <= 1; opt++) {
				struct bpf_program ours, theirs;

				compile_both(dlts[i], exprs[e], opt, &ours, &theirs);
				for (k = 0; k < LEN(pkts); k++)
					ck_assert_msg(oracle_filter_cuts_agree(&lp, &ours, &theirs,
									       pkts[k].d,
									       pkts[k].len, &c),
						      "DLT %d '%s' -O%d: packet %zu of %u bytes cut at %u: mqpcap %u, libpcap %u",
						      dlts[i], exprs[e], opt, k, pkts[k].len,
						      c.cut, c.ours, c.theirs);
				oracle_filter_free_both(&lp, &ours, &theirs);
			}
		}
	}
	fprintf(stderr, "geneve: %lu runs, %lu accepted\n", c.runs, c.accepted);
	ck_assert_uint_gt(c.accepted, c.runs / 50);
}
END_TEST

/* libpcap compiles these at -O1 (it leaves geneve filters unoptimized);
 * an optimizer would find the first constant-false. */
START_TEST(test_geneve_filters_libpcap_compiles_unoptimized)
{
	static const char *const exprs[] = {
		"not geneve 16777215 and tcp and vlan 0 and ip",
		"not geneve and ether host 00:11:22:33:44:55",
	};
	size_t e;

	for (e = 0; e < LEN(exprs); e++) {
		struct bpf_program ours, theirs;

		compile_both(DLT_EN10MB, exprs[e], 1, &ours, &theirs);
		oracle_filter_free_both(&lp, &ours, &theirs);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("geneve");
	TCase *tc = tcase_create("geneve");

	oracle_filter_load_or_skip(&lp, "test_geneve");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_geneve_verdicts_agree_with_libpcap_on_every_cut);
	tcase_add_test(tc, test_geneve_filters_libpcap_compiles_unoptimized);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_NOFORK);
}
