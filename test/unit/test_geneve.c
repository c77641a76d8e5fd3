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
#include "oracle.h"
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/filter.h>

#include <pcap/pcap.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SNAP 262144

struct oracle {
	void *dl;
	pcap_t *(*open_dead)(int, int);
	int (*compile)(pcap_t *, struct bpf_program *, const char *, int, bpf_u_int32);
	u_int (*filter)(const struct bpf_insn *, const u_char *, u_int, u_int);
	void (*freecode)(struct bpf_program *);
	void (*close)(pcap_t *);
	char *(*geterr)(pcap_t *);
};

static struct oracle lp;

static void oracle_load(void)
{
	lp.dl = oracle_open();
	if (lp.dl == NULL) {
		fprintf(stderr, "test_geneve: no system libpcap to compare with\n");
		exit(77);
	}
	lp.open_dead = (pcap_t *(*)(int, int))dlsym(lp.dl, "pcap_open_dead");
	lp.compile = (int (*)(pcap_t *, struct bpf_program *, const char *, int,
			      bpf_u_int32))dlsym(lp.dl, "pcap_compile");
	lp.filter = (u_int (*)(const struct bpf_insn *, const u_char *, u_int, u_int))
		dlsym(lp.dl, "bpf_filter");
	lp.freecode = (void (*)(struct bpf_program *))dlsym(lp.dl, "pcap_freecode");
	lp.close = (void (*)(pcap_t *))dlsym(lp.dl, "pcap_close");
	lp.geterr = (char *(*)(pcap_t *))dlsym(lp.dl, "pcap_geterr");
	if (!lp.open_dead || !lp.compile || !lp.filter || !lp.freecode || !lp.close ||
	    !lp.geterr) {
		fprintf(stderr, "test_geneve: system libpcap lacks a symbol\n");
		exit(77);
	}
}

/* ---- packets ------------------------------------------------------------ */

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

struct pkt {
	u_char d[256];
	u_int len;
};

static void put(struct pkt *p, u_char b)
{
	p->d[p->len++] = b;
}

static void put16(struct pkt *p, unsigned v)
{
	put(p, (u_char)(v >> 8));
	put(p, (u_char)v);
}

static void put_random(struct pkt *p, u_int n)
{
	while (n--)
		put(p, (u_char)rng());
}

static const u_char macs[][6] = {
	{ 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 },
	{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
};

static void put_mac(struct pkt *p)
{
	const u_char *m = macs[rng() % LEN(macs)];

	for (int i = 0; i < 6; i++)
		put(p, m[i]);
}

/* IPv4 10.0.0.x -> 10.0.0.5 (or random), protocol proto, no options. */
static void put_ip4(struct pkt *p, u_char proto)
{
	put(p, 0x45);
	put_random(p, 1);
	put16(p, 60);
	put_random(p, 4);
	put(p, 64);
	put(p, proto);
	put_random(p, 2);
	put(p, 10);
	put(p, 0);
	put(p, 0);
	put(p, (u_char)(1 + rng() % 8));
	put(p, 10);
	put(p, 0);
	put(p, 0);
	put(p, rng() % 2 ? 5 : (u_char)rng());
}

static void put_tcp_or_udp(struct pkt *p)
{
	static const unsigned ports[] = { 53, 80, 443, 6081 };

	put16(p, ports[rng() % LEN(ports)]);
	put16(p, ports[rng() % LEN(ports)]);
	put_random(p, 8);
}

/* The Geneve header and its payload. */
static void put_geneve(struct pkt *p)
{
	static const u_int vnis[] = { 0, 7, 10, 4096, 16777215 };
	u_int opt = rng() % 3, vni = vnis[rng() % LEN(vnis)], kind = rng() % 3;

	put(p, (u_char)((rng() % 4 == 0 ? 0x40 : 0) | opt));	/* version, options */
	put(p, 0);
	put16(p, kind == 0 ? 0x6558 : kind == 1 ? 0x0800 : 0x86dd);
	put(p, (u_char)(vni >> 16));
	put(p, (u_char)(vni >> 8));
	put(p, (u_char)vni);
	put(p, 0);
	put_random(p, opt * 4);
	if (kind == 0) {	/* an Ethernet frame */
		put_mac(p);
		put_mac(p);
		put16(p, 0x0800);
	}
	if (kind != 2) {
		put_ip4(p, rng() % 2 ? 6 : 17);
		put_tcp_or_udp(p);
	} else {
		put_random(p, 40);
	}
}

/* Ethernet (or nothing, raw) / IPv4 or IPv6 / UDP to 6081 / Geneve. */
static void build(struct pkt *p, int raw)
{
	int v6 = rng() % 3 == 0;

	p->len = 0;
	if (!raw) {
		put_mac(p);
		put_mac(p);
		put16(p, v6 ? 0x86dd : 0x0800);
	}
	if (v6) {
		put(p, 0x60);
		put_random(p, 5);
		put(p, 17);
		put(p, 64);
		put_random(p, 32);
	} else {
		put_ip4(p, 17);
	}
	put16(p, rng() % 2 ? 6081 : 53);
	put16(p, rng() % 4 ? 6081 : 53);
	put_random(p, 4);
	put_geneve(p);
}

/* ---- the comparison ----------------------------------------------------- */

static int kernel_accepts(const struct bpf_program *prog)
{
	struct sock_fprog fp = {
		.len = (unsigned short)prog->bf_len,
		.filter = (struct sock_filter *)prog->bf_insns,
	};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc;

	if (fd < 0)
		return 1;
	rc = setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp));
	close(fd);
	return rc == 0;
}

static void compile_both(int dlt, const char *expr, int opt, struct bpf_program *ours,
			 struct bpf_program *theirs)
{
	pcap_t *p = pcap_open_dead(dlt, SNAP), *q = lp.open_dead(dlt, SNAP);

	ck_assert_msg(lp.compile(q, theirs, expr, opt, 0xffffff00) == 0,
		      "libpcap refuses '%s' -O%d: %s", expr, opt, lp.geterr(q));
	ck_assert_msg(pcap_compile(p, ours, expr, opt, 0xffffff00) == 0,
		      "mqpcap refuses '%s' -O%d: %s", expr, opt, pcap_geterr(p));
	pcap_close(p);
	lp.close(q);
	ck_assert_msg(bpf_validate(ours->bf_insns, (int)ours->bf_len),
		      "'%s' -O%d fails bpf_validate", expr, opt);
	ck_assert_msg(kernel_accepts(ours), "the kernel refuses '%s' -O%d", expr, opt);
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
	unsigned long runs = 0, accepted = 0;
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
				for (k = 0; k < LEN(pkts); k++) {
					for (u_int cut = 0; cut <= pkts[k].len; cut++) {
						u_int x = bpf_filter(ours.bf_insns, pkts[k].d,
								     pkts[k].len, cut);
						u_int y = lp.filter(theirs.bf_insns, pkts[k].d,
								    pkts[k].len, cut);

						runs++;
						accepted += y != 0;
						ck_assert_msg(x == y, "DLT %d '%s' -O%d: packet %zu of %u bytes cut at %u: mqpcap %u, libpcap %u",
							      dlts[i], exprs[e], opt, k, pkts[k].len,
							      cut, x, y);
					}
				}
				pcap_freecode(&ours);
				lp.freecode(&theirs);
			}
		}
	}
	fprintf(stderr, "geneve: %lu runs, %lu accepted\n", runs, accepted);
	ck_assert_uint_gt(accepted, runs / 50);
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
		pcap_freecode(&ours);
		lp.freecode(&theirs);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("geneve");
	TCase *tc = tcase_create("geneve");
	SRunner *sr;
	int failed;

	oracle_load();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_geneve_verdicts_agree_with_libpcap_on_every_cut);
	tcase_add_test(tc, test_geneve_filters_libpcap_compiles_unoptimized);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
