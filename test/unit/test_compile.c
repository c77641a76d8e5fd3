/*
 * pcap_compile: concrete programs for representative expressions, verdicts
 * on hand-built packets, the error messages, optimize on and off, and a
 * quick comparison with the system libpcap (dlmopen) over the same
 * expressions and packets. Every program compiled here must pass
 * bpf_validate.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "core/handle.h"
#include "filter/interp.h"
#include "oracle_filter.h"
#include "unit_run.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SNAP 262144

/* ---- packets ------------------------------------------------------------ */

/* Ethernet / IPv4 10.0.0.1 -> 192.168.1.2 / TCP 1234 -> 80, SYN */
static const u_char eth_tcp[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
	0x08, 0x00,
	0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x01, 0xc0, 0xa8, 0x01, 0x02,
	0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0x00,
	0, 0, 0, 0,
};

/* the same behind an 802.1Q tag, VLAN 100 */
static const u_char eth_vlan_tcp[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
	0x81, 0x00, 0x00, 0x64, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x01, 0xc0, 0xa8, 0x01, 0x02,
	0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0x00,
	0, 0, 0, 0,
};

/* Ethernet / IPv6 with a hop-by-hop header / UDP 53 -> 5353 */
static const u_char eth_ip6_hbh_udp[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
	0x86, 0xdd,
	0x60, 0, 0, 0, 0x00, 0x10, 0x00, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	0x11, 0x00, 0x01, 0x04, 0, 0, 0, 0,	/* hop-by-hop, next UDP */
	0x00, 0x35, 0x14, 0xe9, 0x00, 0x08, 0x00, 0x00,
};

/* Ethernet / MPLS label 5 (bottom) / IPv4 UDP */
static const u_char eth_mpls_ip[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
	0x88, 0x47, 0x00, 0x00, 0x51, 0x40,
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x01, 0xc0, 0xa8, 0x01, 0x02,
	0x00, 0x35, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
};

/* Ethernet / PPPoE session 7 / PPP IPv4 */
static const u_char eth_pppoe_ip[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
	0x88, 0x64, 0x11, 0x00, 0x00, 0x07, 0x00, 0x1e, 0x00, 0x21,
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x01, 0xc0, 0xa8, 0x01, 0x02,
	0x00, 0x35, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
};

/* Ethernet / IPv4 / UDP -> 6081 / Geneve VNI 5, Ethernet payload /
 * IPv4 10.0.0.1 -> 192.168.1.2 TCP 1234 -> 80 */
static const u_char eth_geneve[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
	0x08, 0x00,
	0x45, 0x00, 0x00, 0x5e, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x09, 0x09, 0x01, 0x0a, 0x09, 0x09, 0x02,
	0x30, 0x39, 0x17, 0xc1, 0x00, 0x4a, 0x00, 0x00,
	0x00, 0x00, 0x65, 0x58, 0x00, 0x00, 0x05, 0x00,
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
	0x08, 0x00,
	0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x01, 0xc0, 0xa8, 0x01, 0x02,
	0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0x00,
	0, 0, 0, 0,
};

struct pkt {
	const char *name;
	const u_char *data;
	u_int len;
};

static const struct pkt pkts[] = {
	{ "eth_tcp", eth_tcp, sizeof(eth_tcp) },
	{ "eth_vlan_tcp", eth_vlan_tcp, sizeof(eth_vlan_tcp) },
	{ "eth_ip6_hbh_udp", eth_ip6_hbh_udp, sizeof(eth_ip6_hbh_udp) },
	{ "eth_mpls_ip", eth_mpls_ip, sizeof(eth_mpls_ip) },
	{ "eth_pppoe_ip", eth_pppoe_ip, sizeof(eth_pppoe_ip) },
	{ "eth_geneve", eth_geneve, sizeof(eth_geneve) },
};

/* ---- helpers -------------------------------------------------------------- */

/* Compile on a dead handle of dlt; the program must validate. */
static int compile(int dlt, const char *expr, int opt, bpf_u_int32 mask,
		   struct bpf_program *prog, char *err)
{
	pcap_t *p = pcap_open_dead(dlt, SNAP);
	int rc;

	ck_assert_ptr_nonnull(p);
	rc = pcap_compile(p, prog, expr, opt, mask);
	if (rc == 0)
		ck_assert_msg(bpf_validate(prog->bf_insns, (int)prog->bf_len),
			      "'%s' (optimize %d) fails bpf_validate", expr, opt);
	if (err != NULL)
		snprintf(err, PCAP_ERRBUF_SIZE, "%s", rc ? pcap_geterr(p) : "");
	pcap_close(p);
	return rc;
}

/* The verdict of expr on a packet, at both optimization levels (which
 * must agree). */
static u_int verdict(const char *expr, const u_char *data, u_int len)
{
	struct bpf_program prog;
	u_int v[2];
	int opt;

	for (opt = 0; opt <= 1; opt++) {
		ck_assert_msg(compile(DLT_EN10MB, expr, opt, 0xffffff00, &prog, NULL) == 0,
			      "'%s' does not compile", expr);
		v[opt] = bpf_filter(prog.bf_insns, data, len, len);
		pcap_freecode(&prog);
	}
	ck_assert_msg(v[0] == v[1], "'%s': %u unoptimized, %u optimized", expr, v[0], v[1]);
	return v[0];
}

static void expect(const char *expr, const u_char *data, u_int len, int accept)
{
	u_int v = verdict(expr, data, len);

	ck_assert_msg(accept ? v == SNAP : v == 0, "'%s' returns %u, expected %s",
		      expr, v, accept ? "accept" : "reject");
}

static void expect_error(int dlt, const char *expr, bpf_u_int32 mask, const char *msg)
{
	struct bpf_program prog;
	char err[PCAP_ERRBUF_SIZE];

	ck_assert_msg(compile(dlt, expr, 0, mask, &prog, err) == -1,
		      "'%s' compiles, expected error '%s'", expr, msg);
	ck_assert_msg(strstr(err, msg) != NULL, "'%s': error '%s', expected '%s'",
		      expr, err, msg);
}

/* ---- concrete programs ------------------------------------------------ */

START_TEST(test_compile_ip_on_ethernet_is_one_ethertype_test)
{
	struct bpf_program prog;
	const struct bpf_insn want[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x800, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SNAP),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};

	ck_assert_int_eq(compile(DLT_EN10MB, "ip", 0, 0, &prog, NULL), 0);
	ck_assert_uint_eq(prog.bf_len, LEN(want));
	ck_assert_mem_eq(prog.bf_insns, want, sizeof(want));
	pcap_freecode(&prog);
}
END_TEST

START_TEST(test_compile_ip_on_raw_tests_the_version_nibble)
{
	struct bpf_program prog;
	const struct bpf_insn want[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xf0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x40, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SNAP),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};

	ck_assert_int_eq(compile(DLT_RAW, "ip", 0, 0, &prog, NULL), 0);
	ck_assert_uint_eq(prog.bf_len, LEN(want));
	ck_assert_mem_eq(prog.bf_insns, want, sizeof(want));
	pcap_freecode(&prog);
}
END_TEST

/* One load and one compare, then the two returns: per linktype, where
 * the type field is and what value "ip"/"ip6" look for (NULL: the address
 * family in host byte order; PPP: PPP protocol numbers). */
START_TEST(test_compile_linktype_fields)
{
	static const struct {
		int dlt;
		const char *expr;
		u_short ld;
		bpf_u_int32 off, val;
	} t[] = {
		{ DLT_LINUX_SLL, "ip", BPF_LD | BPF_H | BPF_ABS, 14, 0x800 },
		{ DLT_LINUX_SLL2, "arp", BPF_LD | BPF_H | BPF_ABS, 0, 0x806 },
		{ DLT_LOOP, "ip6", BPF_LD | BPF_W | BPF_ABS, 0, 10 },
		{ DLT_PPP, "ip", BPF_LD | BPF_H | BPF_ABS, 2, 0x21 },
		{ DLT_PPP, "ip6", BPF_LD | BPF_H | BPF_ABS, 2, 0x57 },
		{ DLT_PPP_ETHER, "ip", BPF_LD | BPF_H | BPF_ABS, 6, 0x21 },
		{ DLT_C_HDLC, "ip6", BPF_LD | BPF_H | BPF_ABS, 2, 0x86dd },
		{ DLT_EN10MB, "ether proto 0x1234", BPF_LD | BPF_H | BPF_ABS, 12, 0x1234 },
	};
	const union { uint32_t w; uint8_t b[4]; } probe = { 1 };
	size_t i;

	for (i = 0; i < LEN(t); i++) {
		struct bpf_program prog;

		ck_assert_int_eq(compile(t[i].dlt, t[i].expr, 0, 0, &prog, NULL), 0);
		ck_assert_msg(prog.bf_len == 4 && prog.bf_insns[0].code == t[i].ld &&
			      prog.bf_insns[0].k == t[i].off &&
			      prog.bf_insns[1].k == t[i].val,
			      "dlt %d '%s': %u insns, first %#x k %u, compare %#x",
			      t[i].dlt, t[i].expr, prog.bf_len, prog.bf_insns[0].code,
			      prog.bf_insns[0].k, prog.bf_insns[1].k);
		pcap_freecode(&prog);
	}
	{
		struct bpf_program prog;
		bpf_u_int32 af6 = probe.b[0] ? 0x0a000000 : 10;

		ck_assert_int_eq(compile(DLT_NULL, "ip6", 0, 0, &prog, NULL), 0);
		ck_assert_uint_eq(prog.bf_insns[1].k, af6);
		pcap_freecode(&prog);
		/* SLL: an LLC SAP is 802.2 (protocol 4) plus the DSAP byte */
		ck_assert_int_eq(compile(DLT_LINUX_SLL, "ether proto 100", 0, 0, &prog, NULL), 0);
		ck_assert_uint_eq(prog.bf_insns[1].k, 4);
		ck_assert_uint_eq(prog.bf_insns[2].code, BPF_LD | BPF_B | BPF_ABS);
		ck_assert_uint_eq(prog.bf_insns[2].k, 16);
		pcap_freecode(&prog);
	}
	/* links without the protocol: an always-false program */
	{
		u_char raw6[40] = { 0x60 };

		struct bpf_program prog;

		ck_assert_int_eq(compile(DLT_IPV4, "ip6 or arp", 0, 0, &prog, NULL), 0);
		ck_assert_uint_eq(bpf_filter(prog.bf_insns, raw6, 40, 40), 0);
		pcap_freecode(&prog);
		ck_assert_int_eq(compile(DLT_RAW, "ip6", 0, 0, &prog, NULL), 0);
		ck_assert_uint_eq(bpf_filter(prog.bf_insns, raw6, 40, 40), SNAP);
		pcap_freecode(&prog);
	}
}
END_TEST

START_TEST(test_compile_empty_and_null_accept_everything)
{
	struct bpf_program prog;
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 1500);

	ck_assert_int_eq(pcap_compile(p, &prog, NULL, 1, 0), 0);
	ck_assert_uint_eq(prog.bf_len, 1);
	ck_assert_uint_eq(prog.bf_insns[0].code, BPF_RET | BPF_K);
	ck_assert_uint_eq(prog.bf_insns[0].k, 1500);
	pcap_freecode(&prog);
	ck_assert_int_eq(pcap_compile(p, &prog, "  ", 0, 0), 0);
	ck_assert_uint_eq(prog.bf_len, 1);
	ck_assert_uint_eq(prog.bf_insns[0].k, 1500);
	pcap_freecode(&prog);
	ck_assert_ptr_null(prog.bf_insns);
	pcap_close(p);
}
END_TEST

/* tcpdump compiles an empty filter for every file it reads: link types
 * without protocol support (USB, 802.15.4, DLT_USERn) must still take it,
 * and the link-independent primitives, as libpcap's do. */
START_TEST(test_compile_opaque_linktypes_take_generic_primitives)
{
	static const int dlts[] = { DLT_USB_LINUX, DLT_IEEE802_15_4_WITHFCS, 147 };
	static const u_char pkt[] = { 1, 2, 3, 4 };
	struct bpf_program prog;

	for (size_t i = 0; i < sizeof(dlts) / sizeof(dlts[0]); i++) {
		pcap_t *p = pcap_open_dead(dlts[i], 65535);

		ck_assert_int_eq(pcap_compile(p, &prog, "", 1, 0), 0);
		ck_assert_uint_eq(prog.bf_len, 1);
		pcap_freecode(&prog);
		ck_assert_int_eq(pcap_compile(p, &prog, "link[0] = 1 and len > 3", 1, 0), 0);
		ck_assert_uint_eq(bpf_filter(prog.bf_insns, pkt, 4, 4), 65535);
		ck_assert_uint_eq(bpf_filter(prog.bf_insns, pkt, 3, 3), 0);
		pcap_freecode(&prog);
		pcap_close(p);
	}
	expect_error(DLT_USB_LINUX, "ip", 0, "USB link-layer type filtering not implemented");
	expect_error(147, "tcp port 80", 0, "DLT 147 link-layer type filtering not implemented");
	expect_error(2, "", 0, "unknown data link type 2 (min 104, max 289)");
}
END_TEST

START_TEST(test_compile_far_jumps_stay_valid)
{
	/* 300 alternatives: jumps to the accept farther than 255 */
	static char expr[300 * 24];
	struct bpf_program prog;
	u_char pkt[sizeof(eth_tcp)];
	size_t n = 0;
	int i;

	for (i = 0; i < 300; i++)
		n += (size_t)snprintf(expr + n, sizeof(expr) - n, "%shost 10.1.%d.%d",
				      i ? " or " : "", i / 250, i % 250 + 1);
	ck_assert_int_eq(compile(DLT_EN10MB, expr, 0, 0, &prog, NULL), 0);
	ck_assert_uint_gt(prog.bf_len, 256);
	memcpy(pkt, eth_tcp, sizeof(pkt));
	/* the last alternative, 10.1.1.50, as destination */
	pkt[30] = 10, pkt[31] = 1, pkt[32] = 1, pkt[33] = 50;
	ck_assert_uint_eq(bpf_filter(prog.bf_insns, pkt, sizeof(pkt), sizeof(pkt)), SNAP);
	pkt[33] = 51;
	ck_assert_uint_eq(bpf_filter(prog.bf_insns, pkt, sizeof(pkt), sizeof(pkt)), 0);
	pcap_freecode(&prog);
}
END_TEST

START_TEST(test_compile_kernel_vlan_uses_ancillary_loads)
{
	struct bpf_program prog;
	pcap_t *p = pcap_open_dead(DLT_EN10MB, SNAP);
	struct filter_aux aux = { .vlan_tci = 100, .vlan_tpid = 0x8100, .vlan_present = 1 };
	int found = 0;
	u_int i;

	p->bpf_codegen_flags = MQPCAP_CODEGEN_KERNEL_VLAN;
	ck_assert_int_eq(pcap_compile(p, &prog, "vlan 100 and tcp port 80", 0, 0), 0);
	ck_assert(bpf_validate(prog.bf_insns, (int)prog.bf_len));
	for (i = 0; i < prog.bf_len; i++)
		if (prog.bf_insns[i].code == (BPF_LD | BPF_B | BPF_ABS) &&
		    prog.bf_insns[i].k == (bpf_u_int32)FILTER_AD_VLAN_TAG_PRESENT)
			found = 1;
	ck_assert_msg(found, "no SKF_AD_VLAN_TAG_PRESENT load");
	/* tag stripped by the kernel: the untagged bytes plus ancillary data */
	ck_assert_uint_eq(filter_run_with_aux(prog.bf_insns, eth_tcp, sizeof(eth_tcp),
					      sizeof(eth_tcp), &aux), SNAP);
	aux.vlan_tci = 101;
	ck_assert_uint_eq(filter_run_with_aux(prog.bf_insns, eth_tcp, sizeof(eth_tcp),
					      sizeof(eth_tcp), &aux), 0);
	/* tag left in the packet (no ancillary data) */
	aux.vlan_present = 0;
	ck_assert_uint_eq(filter_run_with_aux(prog.bf_insns, eth_vlan_tcp, sizeof(eth_vlan_tcp),
					      sizeof(eth_vlan_tcp), &aux), SNAP);
	ck_assert_uint_eq(filter_run_with_aux(prog.bf_insns, eth_tcp, sizeof(eth_tcp),
					      sizeof(eth_tcp), &aux), 0);
	pcap_freecode(&prog);
	pcap_close(p);
}
END_TEST

/* ---- verdicts ------------------------------------------------------------ */

START_TEST(test_compile_hosts_nets_ports)
{
	expect("host 10.0.0.1", eth_tcp, sizeof(eth_tcp), 1);
	expect("src host 10.0.0.1", eth_tcp, sizeof(eth_tcp), 1);
	expect("dst host 10.0.0.1", eth_tcp, sizeof(eth_tcp), 0);
	expect("src and dst host 10.0.0.1", eth_tcp, sizeof(eth_tcp), 0);
	expect("net 192.168.0.0/16", eth_tcp, sizeof(eth_tcp), 1);
	expect("net 192.168.1.0 mask 255.255.255.0", eth_tcp, sizeof(eth_tcp), 1);
	expect("dst net 192.168", eth_tcp, sizeof(eth_tcp), 1);
	expect("net 10", eth_tcp, sizeof(eth_tcp), 1);
	expect("tcp port 80", eth_tcp, sizeof(eth_tcp), 1);
	expect("udp port 80", eth_tcp, sizeof(eth_tcp), 0);
	expect("src port 80", eth_tcp, sizeof(eth_tcp), 0);
	expect("portrange 70-90", eth_tcp, sizeof(eth_tcp), 1);
	expect("tcp portrange 1000-1233", eth_tcp, sizeof(eth_tcp), 0);
	expect("ether src 66:77:88:99:aa:bb", eth_tcp, sizeof(eth_tcp), 1);
	expect("ether host 00:11:22:33:44:55 and not ether broadcast", eth_tcp,
	       sizeof(eth_tcp), 1);
	expect("ip6 host 2001:db8::2", eth_ip6_hbh_udp, sizeof(eth_ip6_hbh_udp), 1);
	expect("ip6 src net 2001:db8::/32", eth_ip6_hbh_udp, sizeof(eth_ip6_hbh_udp), 1);
}
END_TEST

START_TEST(test_compile_implied_qualifiers)
{
	/* "host a or b": b is a host too; "not port 53 and 80": 80 a port */
	expect("host 10.9.9.9 or 10.0.0.1", eth_tcp, sizeof(eth_tcp), 1);
	expect("host 10.9.9.9 or 10.9.9.8", eth_tcp, sizeof(eth_tcp), 0);
	expect("not port 53 and 80", eth_tcp, sizeof(eth_tcp), 1);
	expect("tcp dst port 81 or 80", eth_tcp, sizeof(eth_tcp), 1);
	expect("port (81 or 80)", eth_tcp, sizeof(eth_tcp), 1);
}
END_TEST

START_TEST(test_compile_protocols_and_arithmetic)
{
	expect("ip proto \\tcp", eth_tcp, sizeof(eth_tcp), 1);
	expect("ip proto 17", eth_tcp, sizeof(eth_tcp), 0);
	expect("tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", eth_tcp, sizeof(eth_tcp), 1);
	expect("ip[2:2] > 576", eth_tcp, sizeof(eth_tcp), 0);
	expect("ip[2:2] = 40", eth_tcp, sizeof(eth_tcp), 1);
	expect("len - 14 == ip[2:2]", eth_tcp, sizeof(eth_tcp), 1);
	expect("(ip[0] & 0xf) * 4 = 20 and ip[8] % 7 = 1 and ip[8] / 2 = 32",
	       eth_tcp, sizeof(eth_tcp), 1);
	expect("ip[0] >> 4 = 4 and 1 << 3 = 8 and (5 ^ 3) = 6 and -1 = 0xffffffff",
	       eth_tcp, sizeof(eth_tcp), 1);
	expect("less 54 and greater 54", eth_tcp, sizeof(eth_tcp), 1);
	expect("less 53", eth_tcp, sizeof(eth_tcp), 0);
	expect("icmp or udp", eth_tcp, sizeof(eth_tcp), 0);
	expect("ip6 protochain 17", eth_ip6_hbh_udp, sizeof(eth_ip6_hbh_udp), 1);
	expect("ip6 proto 17", eth_ip6_hbh_udp, sizeof(eth_ip6_hbh_udp), 0);
	expect("udp port 53", eth_ip6_hbh_udp, sizeof(eth_ip6_hbh_udp), 0);
	expect("ether proto \\ip6", eth_ip6_hbh_udp, sizeof(eth_ip6_hbh_udp), 1);
}
END_TEST

START_TEST(test_compile_encapsulations_shift_offsets)
{
	expect("vlan 100 and tcp port 80", eth_vlan_tcp, sizeof(eth_vlan_tcp), 1);
	expect("vlan 101", eth_vlan_tcp, sizeof(eth_vlan_tcp), 0);
	expect("tcp port 80", eth_vlan_tcp, sizeof(eth_vlan_tcp), 0);
	expect("mpls 5 and ip and udp port 53", eth_mpls_ip, sizeof(eth_mpls_ip), 1);
	expect("mpls 6", eth_mpls_ip, sizeof(eth_mpls_ip), 0);
	expect("mpls and ip6", eth_mpls_ip, sizeof(eth_mpls_ip), 0);
	expect("pppoes 7 and ip and host 10.0.0.1", eth_pppoe_ip, sizeof(eth_pppoe_ip), 1);
	expect("pppoes 8", eth_pppoe_ip, sizeof(eth_pppoe_ip), 0);
	expect("pppoed", eth_pppoe_ip, sizeof(eth_pppoe_ip), 0);
	expect("geneve 5 and ip and tcp port 80 and ether host 00:11:22:33:44:55",
	       eth_geneve, sizeof(eth_geneve), 1);
	expect("geneve 6", eth_geneve, sizeof(eth_geneve), 0);
	expect("geneve and host 10.9.9.1", eth_geneve, sizeof(eth_geneve), 0);
	expect("host 10.9.9.1 and geneve and host 10.0.0.1", eth_geneve,
	       sizeof(eth_geneve), 1);
}
END_TEST

/* ---- errors ----------------------------------------------------------------- */

START_TEST(test_compile_errors_match_libpcap)
{
	expect_error(DLT_EN10MB, "port 99999", 0, "illegal port number 99999 > 65535");
	expect_error(DLT_EN10MB, "ip6 host 1.2.3.4", 0, "'ip6' modifier applied to ip host");
	expect_error(DLT_EN10MB, "tcp host 1.2.3.4", 0, "'tcp' modifier applied to host");
	expect_error(DLT_EN10MB, "tcp or 80", 0, "syntax error");
	expect_error(DLT_EN10MB, "host", 0, "syntax error");
	expect_error(DLT_EN10MB, "ip and (", 0, "syntax error");
	expect_error(DLT_EN10MB, "ip broadcast", PCAP_NETMASK_UNKNOWN,
		     "netmask not known, so 'ip broadcast' not supported");
	expect_error(DLT_EN10MB, "net 10.0.0.1/8", 0, "non-network bits set in \"10.0.0.1/8\"");
	expect_error(DLT_EN10MB, "net 1.2.3.4/33", 0, "mask length must be <= 32");
	expect_error(DLT_EN10MB, "ip[1/0] = 1", 0, "division by zero");
	expect_error(DLT_EN10MB, "ip[0:3] = 1", 0, "data size must be 1, 2, or 4");
	expect_error(DLT_EN10MB, "port nosuchservice", 0, "unknown port 'nosuchservice'");
	expect_error(DLT_EN10MB, "ether proto \\nosuch", 0, "unknown ether proto 'nosuch'");
	expect_error(DLT_EN10MB, "udp port 80 and tcp port ssh and proto \\nosuch", 0,
		     "unknown ip proto 'nosuch'");
	expect_error(DLT_LINUX_SLL, "ether host 00:11:22:33:44:55", 0,
		     "ethernet addresses supported only on");
	expect_error(DLT_RAW, "vlan", 0, "no VLAN support for Raw IP");
	expect_error(DLT_EN10MB, "mpls and vlan", 0, "no VLAN match after MPLS");
	expect_error(12345, "ip", 0, "unknown data link type 12345");
}
END_TEST

START_TEST(test_compile_inactive_handle_and_nopcap)
{
	struct bpf_program prog;
	pcap_t *p = pcap_create("lo", NULL);

	if (p != NULL) {
		ck_assert_int_eq(pcap_compile(p, &prog, "ip", 0, 0), PCAP_ERROR);
		ck_assert_str_eq(pcap_geterr(p),
				 "not-yet-activated pcap_t passed to pcap_compile");
		pcap_close(p);
	}
	ck_assert_int_eq(pcap_compile_nopcap(96, DLT_EN10MB, &prog, "tcp", 1, 0), 0);
	ck_assert_uint_eq(prog.bf_insns[prog.bf_len - 2].k, 96);
	pcap_freecode(&prog);
	ck_assert_int_eq(pcap_compile_nopcap(96, DLT_EN10MB, &prog, "tcp or", 1, 0),
			 PCAP_ERROR);
}
END_TEST

/* ---- against the system libpcap ---------------------------------------------- */

static const char *const diff_exprs[] = {
	"ip", "ip6", "arp", "tcp", "udp", "icmp", "host 10.0.0.1", "net 10.0.0.0/8",
	"tcp port 80", "port 53", "portrange 1-100", "tcp[13] & 2 != 0",
	"ip[2:2] > 40", "ether broadcast", "ether multicast", "ip multicast",
	"vlan", "vlan 100 and tcp", "mpls", "mpls 5 and ip", "pppoes 7 and udp",
	"pppoed", "ip6 protochain 17", "protochain 6", "not tcp and not udp",
	"greater 50", "less 60", "ip broadcast", "udp dst port 53 or tcp src port 1234",
	"geneve 5 and tcp port 80", "geneve and ip and host 10.0.0.1",
	"ether proto 0x88cc", "ip6 net 2001:db8::/32", "len > 60 or ip[8] = 64",
};

START_TEST(test_compile_agrees_with_system_libpcap)
{
	struct oracle_filter lp;
	struct oracle_cuts c = { 0 };
	pcap_t *theirs;
	size_t e, k;
	int opt;

	if (oracle_filter_load(&lp) != 0) {
		fprintf(stderr, "system libpcap not loadable: comparison skipped\n");
		return;
	}
	theirs = lp.open_dead(DLT_EN10MB, SNAP);
	for (e = 0; e < LEN(diff_exprs); e++) {
		for (opt = 0; opt <= 1; opt++) {
			struct bpf_program a, b;

			ck_assert_int_eq(compile(DLT_EN10MB, diff_exprs[e], opt, 0xffffff00,
						 &a, NULL), 0);
			ck_assert_int_eq(lp.compile(theirs, &b, diff_exprs[e], opt, 0xffffff00), 0);
			/* whole packets and every truncation */
			for (k = 0; k < LEN(pkts); k++)
				ck_assert_msg(oracle_filter_cuts_agree(&lp, &a, &b, pkts[k].data,
								       pkts[k].len, &c),
					      "'%s' -O%d on %s cut at %u: mqpcap %u, libpcap %u",
					      diff_exprs[e], opt, pkts[k].name, c.cut, c.ours,
					      c.theirs);
			oracle_filter_free_both(&lp, &a, &b);
		}
	}
	lp.close(theirs);
	fprintf(stderr, "compile: %zu expressions, %lu runs, %lu accepted by libpcap\n",
		LEN(diff_exprs), c.runs, c.accepted);
}
END_TEST

/* ---- arithmetic precedence, against the system libpcap ------------------ */

/*
 * Random arithmetic in the shape of the fuzzer's: every operator, unary
 * minus and parentheses over len, ether[] and constants. libpcap's grammar
 * gives ^ and % no precedence (yacc shifts them) and unary minus binds
 * tighter than the declared operators only; the verdicts on packets of
 * every length tell a different parse. No shifts: a shift by a value read
 * at run time is undefined in C, and no 0, so no division by zero is
 * refused by one compiler only (libpcap refuses a divisor whose code
 * starts with a load of 0, as ether[0]'s does).
 */
/* xorshift64, seeded per test so a failing expression comes back */
static uint32_t arith_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 16);
}

static void arith_gen(uint64_t *r, char *buf, size_t cap, int depth)
{
	static const char *const ops[] = { "+", "-", "*", "/", "%", "&", "|", "^" };
	size_t n = strlen(buf);
	uint32_t k = arith_rand(r) % (depth > 0 ? 9 : 4);

	if (cap - n < 64)
		k = 0;
	switch (k) {
	case 0:
		snprintf(buf + n, cap - n, "%u", 1 + arith_rand(r) % 9);
		break;
	case 1:
		snprintf(buf + n, cap - n, "len");
		break;
	case 2:
		snprintf(buf + n, cap - n, "ether[%u]", 1 + arith_rand(r) % 23);
		break;
	case 3:
		snprintf(buf + n, cap - n, "%u", 1 + arith_rand(r) % 300);
		break;
	case 4:
		snprintf(buf + n, cap - n, "-");
		arith_gen(r, buf, cap, depth - 1);
		break;
	case 5:
		snprintf(buf + n, cap - n, "(");
		arith_gen(r, buf, cap, depth - 1);
		n = strlen(buf);
		snprintf(buf + n, cap - n, ")");
		break;
	default:
		arith_gen(r, buf, cap, depth - 1);
		n = strlen(buf);
		snprintf(buf + n, cap - n, " %s ", ops[arith_rand(r) % LEN(ops)]);
		arith_gen(r, buf, cap, depth - 1);
		break;
	}
}

/* expr compiled by both at opt must agree on packets of 1..120 bytes */
static void arith_agrees(const struct oracle_filter *lp, pcap_t *theirs, const char *expr,
			 int opt, const u_char *data, unsigned long *runs)
{
	struct bpf_program a, b;
	char err[PCAP_ERRBUF_SIZE];
	u_int len;

	ck_assert_msg(compile(DLT_EN10MB, expr, opt, 0xffffff00, &a, err) == 0,
		      "'%s' -O%d: mqpcap rejects: %s", expr, opt, err);
	ck_assert_msg(lp->compile(theirs, &b, expr, opt, 0xffffff00) == 0,
		      "'%s' -O%d: libpcap rejects: %s", expr, opt, lp->geterr(theirs));
	for (len = 1; len <= 120; len++) {
		u_int ours = bpf_filter(a.bf_insns, data, len, len);
		u_int them = lp->filter(b.bf_insns, data, len, len);

		ck_assert_msg(ours == them, "'%s' -O%d on %u bytes: mqpcap %u, libpcap %u",
			      expr, opt, len, ours, them);
		(*runs)++;
	}
	oracle_filter_free_both(lp, &a, &b);
}

/* hand-picked: the shifts, and each operator against each other */
static const char *const arith_exprs[] = {
	"len - 1 ^ len ^ len = 1", "-1500 ^ len ^ len > 5", "len % 7 / 2 = 1",
	"len % 7 * 2 = 6", "len * 3 % 7 = 2", "len + 1 % 5 = 4", "len - 2 ^ 3 + 4 > 9",
	"-len % 9 > 4", "-len ^ 3 = 4294967292", "- - len ^ 5 > 50", "len << 1 ^ 3 > 60",
	"len ^ 3 << 1 > 60", "len >> 1 ^ 7 = 30", "len ^ 7 >> 1 = 30", "len << 2 + 1 > 200",
	"len & 7 | 8 = 9", "len | 8 & 7 = 9", "len & 12 ^ 5 = 4", "len | 1 % 3 = 3",
	"(len ^ 2) + 1 = 5", "ether[len % 7 + 1] ^ 1 = 1", "len / 2 / 2 = 7",
	"len - 3 - 2 = 10", "len - -3 = 20", "len * -1 ^ 3 > 0", "4 % len % 3 = 1",
	"len ^ 1 = len - 1", "len % 3 = len - 3 * (len / 3)", "-len % 4 * 2 = 2",
};

START_TEST(test_compile_arith_precedence_like_libpcap)
{
	uint64_t r = 0x9e3779b97f4a7c15ULL;
	struct oracle_filter lp;
	unsigned long runs = 0;
	u_char data[120];
	char expr[512], arth[240];
	pcap_t *theirs;
	size_t i;
	int opt;

	if (oracle_filter_load(&lp) != 0) {
		fprintf(stderr, "system libpcap not loadable: comparison skipped\n");
		return;
	}
	theirs = lp.open_dead(DLT_EN10MB, SNAP);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (u_char)arith_rand(&r);
	for (i = 0; i < LEN(arith_exprs); i++)
		for (opt = 0; opt <= 1; opt++)
			arith_agrees(&lp, theirs, arith_exprs[i], opt, data, &runs);
	for (i = 0; i < 400; i++) {
		static const char *const rel[] = { ">", "<", ">=", "<=", "=", "!=" };

		/* a constant side is the optimizer's business, not the parser's */
		do {
			arth[0] = '\0';
			arith_gen(&r, arth, sizeof(arth), 4);
		} while (!strstr(arth, "len") && !strstr(arth, "ether"));
		snprintf(expr, sizeof(expr), "%s %s ", arth, rel[arith_rand(&r) % LEN(rel)]);
		arth[0] = '\0';
		arith_gen(&r, arth, sizeof(arth), 2);
		strncat(expr, arth, sizeof(expr) - strlen(expr) - 1);
		/* unoptimized: what mqpcap's optimizer finds constant-false
		 * and libpcap's does not is another matter */
		arith_agrees(&lp, theirs, expr, 0, data, &runs);
	}
	lp.close(theirs);
	fprintf(stderr, "compile: arithmetic precedence, %lu runs agree\n", runs);
}
END_TEST

/* Where yacc meets the error first: expressions the fuzzer's kind of, each
 * refused by both libraries with the same message. */
static const char *const parse_error_exprs[] = {
	"port 1 or 99999 foo", "port 1 or (2 or 99999 foo", "port 1 or (99999 foo",
	"port 1 or ((99999) foo", "port ((99999) foo", "port 1 or not 99999 foo",
	"port 1 or (not 99999", "port 1 or (99999) foo", "port 1 or (99999 = 1",
	"host 1 and ((2 or 3))", "dst((foo", "dst((1.2.3.4", "esp||( icmp-echo", "esp||(1)",
	"esp|| 1 )", "ip or( not not icmp-echo icmptype", "ip or 1.2.3.4", "ip or 10.0.0.0/8",
	"ip or 1.2.3.0 mask 255.255.255.0", "ip or ::1", "ip or 00:11:22:33:44:55",
	"ip[6553580808080]=1", "808080808080icmp6 =6553580808080", "iih [ tcp-syn : icmptype",
	"ip[0:3", "ip[0:3]", "portrange((0.1", "dst(0x80010.0.0.1", "len % (0 ^ len) = 1",
	"len / 0 ^ 1 = 1", "len << 32 ^ 1 = 1", "lsu", "port ::..", "port 99999 0x1ffffffff",
	"port 1 or 99999 0x1ffffffff", "len / 0 0x1ffffffff", "host 1.2.3.4 09",
};

START_TEST(test_compile_parse_errors_like_libpcap)
{
	struct oracle_filter lp;
	pcap_t *theirs;
	size_t i;

	if (oracle_filter_load(&lp) != 0) {
		fprintf(stderr, "system libpcap not loadable: comparison skipped\n");
		return;
	}
	theirs = lp.open_dead(DLT_EN10MB, SNAP);
	for (i = 0; i < LEN(parse_error_exprs); i++) {
		struct bpf_program a, b;
		char err[PCAP_ERRBUF_SIZE];

		ck_assert_msg(lp.compile(theirs, &b, parse_error_exprs[i], 0, 0xffffff00) != 0,
			      "'%s': libpcap compiles it", parse_error_exprs[i]);
		ck_assert_msg(compile(DLT_EN10MB, parse_error_exprs[i], 0, 0xffffff00, &a, err) != 0,
			      "'%s': mqpcap compiles it, libpcap says '%s'", parse_error_exprs[i],
			      lp.geterr(theirs));
		ck_assert_msg(strcmp(err, lp.geterr(theirs)) == 0, "'%s': mqpcap '%s', libpcap '%s'",
			      parse_error_exprs[i], err, lp.geterr(theirs));
	}
	lp.close(theirs);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("compile");
	TCase *tc = tcase_create("compile");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_compile_ip_on_ethernet_is_one_ethertype_test);
	tcase_add_test(tc, test_compile_ip_on_raw_tests_the_version_nibble);
	tcase_add_test(tc, test_compile_linktype_fields);
	tcase_add_test(tc, test_compile_empty_and_null_accept_everything);
	tcase_add_test(tc, test_compile_opaque_linktypes_take_generic_primitives);
	tcase_add_test(tc, test_compile_far_jumps_stay_valid);
	tcase_add_test(tc, test_compile_kernel_vlan_uses_ancillary_loads);
	tcase_add_test(tc, test_compile_hosts_nets_ports);
	tcase_add_test(tc, test_compile_implied_qualifiers);
	tcase_add_test(tc, test_compile_protocols_and_arithmetic);
	tcase_add_test(tc, test_compile_encapsulations_shift_offsets);
	tcase_add_test(tc, test_compile_errors_match_libpcap);
	tcase_add_test(tc, test_compile_inactive_handle_and_nopcap);
	tcase_add_test(tc, test_compile_agrees_with_system_libpcap);
	tcase_add_test(tc, test_compile_arith_precedence_like_libpcap);
	tcase_add_test(tc, test_compile_parse_errors_like_libpcap);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
