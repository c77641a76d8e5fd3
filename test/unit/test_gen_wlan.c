/*
 * The 802.11 family's and PFLOG's link prologue (gen_wlan.c, gen_pflog.c):
 * the radio header length (radiotap, PPI, AVS, Prism or AVS) and the 802.11
 * payload offset (QoS, radiotap's DATAPAD), computed in front of the
 * program with jumps, as libpcap does, and only when something reads
 * them. Verdicts on hand-built packets, optimize off and on; every program
 * passes bpf_validate and never reads a scratch register it has not
 * written on that path (the kernel refuses such programs).
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include <pcap/pcap.h>

#include "pkt_builder.h"
#include "unit_run.h"

#define SNAP 262144

/* radiotap header: it_len, present word, then the fields (TSFT 8 bytes,
 * flags 1 byte), padded to it_len */
static void radiotap(struct pkt *p, int tsft, int flags, u_char flagval, u_int it_len)
{
	uint32_t present = (tsft ? 1u : 0) | (flags ? 2u : 0);
	u_int start = p->len;
	u_char h[8] = { 0, 0, (u_char)it_len, (u_char)(it_len >> 8), (u_char)present,
			(u_char)(present >> 8), (u_char)(present >> 16), (u_char)(present >> 24) };

	pkt_put_bytes(p, h, sizeof(h));
	if (tsft)
		pkt_put_zeros(p, 8);
	if (flags)
		pkt_put_bytes(p, &flagval, 1);
	pkt_put_zeros(p, it_len - (p->len - start));
}

/* 802.11 header: frame control, duration, 3 addresses, sequence; QoS
 * control for QoS data (fc0 & 0x80) */
static void wlan_hdr(struct pkt *p, u_char fc0)
{
	u_char h[24] = { fc0, 0x01 };

	pkt_put_bytes(p, h, sizeof(h));
	if ((fc0 & 0x0c) == 0x08 && (fc0 & 0x80))
		pkt_put_zeros(p, 2);
}

/* LLC/SNAP with ethertype IPv4, then a minimal IPv4/UDP header */
static void llc_ip(struct pkt *p)
{
	static const u_char snap[8] = { 0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00 };
	static const u_char ip[28] = {
		0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0x04, 0xd2, 0x00, 0x35, 0, 8, 0, 0,
	};

	pkt_put_bytes(p, snap, sizeof(snap));
	pkt_put_bytes(p, ip, sizeof(ip));
}

/* radiotap with a flags field (after TSFT or not), a QoS data frame, pad
 * bytes of DATAPAD, then LLC/IPv4/UDP */
static void radiotap_qos_ip(struct pkt *p, int tsft, u_char flags, u_int it_len, u_int pad)
{
	radiotap(p, tsft, 1, flags, it_len);
	wlan_hdr(p, 0x88);
	pkt_put_zeros(p, pad);
	llc_ip(p);
}

/* Does some path read M[k] before storing it? (forward jumps only) */
static int reads_unset(const struct bpf_program *prog)
{
	unsigned int set[4096];
	u_int n = prog->bf_len;

	ck_assert_uint_lt(n, 4096);
	for (u_int i = 0; i <= n; i++)
		set[i] = 0xffff;
	set[0] = 0;
	for (u_int i = 0; i < n; i++) {
		const struct bpf_insn *x = &prog->bf_insns[i];
		unsigned int cur = set[i], cls = BPF_CLASS(x->code);

		if ((cls == BPF_LD || cls == BPF_LDX) && BPF_MODE(x->code) == BPF_MEM &&
		    !(cur & 1u << x->k))
			return 1;
		if (cls == BPF_ST || cls == BPF_STX)
			cur |= 1u << x->k;
		if (cls == BPF_RET)
			continue;
		if (cls == BPF_JMP) {
			if (BPF_OP(x->code) == BPF_JA) {
				set[i + 1 + x->k] &= cur;
			} else {
				set[i + 1 + x->jt] &= cur;
				set[i + 1 + x->jf] &= cur;
			}
			continue;
		}
		set[i + 1] &= cur;
	}
	return 0;
}

static void compile_ok(int dlt, const char *expr, int opt, struct bpf_program *prog)
{
	pcap_t *p = pcap_open_dead(dlt, SNAP);

	ck_assert_ptr_nonnull(p);
	ck_assert_msg(pcap_compile(p, prog, expr, opt, PCAP_NETMASK_UNKNOWN) == 0,
		      "'%s' on DLT %d -O%d: %s", expr, dlt, opt, pcap_geterr(p));
	pcap_close(p);
	ck_assert_msg(bpf_validate(prog->bf_insns, (int)prog->bf_len),
		      "'%s' on DLT %d -O%d fails bpf_validate", expr, dlt, opt);
	ck_assert_msg(!reads_unset(prog), "'%s' on DLT %d -O%d reads unset memory",
		      expr, dlt, opt);
}

/* The verdict of expr on a packet (caplen bytes of it captured), both
 * optimization levels agreeing. */
static int verdict(int dlt, const char *expr, const struct pkt *pk, u_int caplen)
{
	int v[2];

	for (int opt = 0; opt <= 1; opt++) {
		struct bpf_program prog;

		compile_ok(dlt, expr, opt, &prog);
		v[opt] = bpf_filter(prog.bf_insns, pk->d, pk->len, caplen) != 0;
		pcap_freecode(&prog);
	}
	ck_assert_msg(v[0] == v[1], "'%s' on DLT %d: -O0 says %d, -O1 %d", expr, dlt,
		      v[0], v[1]);
	return v[0];
}

/* How many times an instruction occurs in the unoptimized program. */
static int count_insn(int dlt, const char *expr, u_short code, bpf_u_int32 k)
{
	struct bpf_program prog;
	int n = 0;

	compile_ok(dlt, expr, 0, &prog);
	for (u_int i = 0; i < prog.bf_len; i++)
		n += prog.bf_insns[i].code == code && prog.bf_insns[i].k == k;
	pcap_freecode(&prog);
	return n;
}

START_TEST(test_prism_or_avs_header_length)
{
	struct pkt prism = { .len = 0 }, avs = { .len = 0 };
	u_char avs_hdr[8] = { 0x80, 0x21, 0x10, 0x01, 0, 0, 0, 64 };

	/* Prism: 144 bytes, then a data frame */
	pkt_put_zeros(&prism, 144);
	wlan_hdr(&prism, 0x08);
	llc_ip(&prism);
	ck_assert(verdict(DLT_PRISM_HEADER, "type data", &prism, prism.len));
	ck_assert(verdict(DLT_PRISM_HEADER, "ip", &prism, prism.len));
	ck_assert(!verdict(DLT_PRISM_HEADER, "type mgt", &prism, prism.len));

	/* AVS magic in the first word: the length at 4 (64), a management
	 * frame there and a data-looking byte at 144 */
	pkt_put_bytes(&avs, avs_hdr, sizeof(avs_hdr));
	pkt_put_zeros(&avs, 56);
	wlan_hdr(&avs, 0x00);
	pkt_put_zeros(&avs, 144 - avs.len);
	wlan_hdr(&avs, 0x08);
	ck_assert(verdict(DLT_PRISM_HEADER, "type mgt", &avs, avs.len));
	ck_assert(!verdict(DLT_PRISM_HEADER, "type data", &avs, avs.len));
	ck_assert(verdict(DLT_IEEE802_11_RADIO_AVS, "type mgt", &avs, avs.len));
}
END_TEST

START_TEST(test_radiotap_datapad_and_qos)
{
	struct pkt plain = { .len = 0 }, padded = { .len = 0 }, padded8 = { .len = 0 };
	struct pkt nopad = { .len = 0 };

	/* QoS data (26-byte header) without DATAPAD: LLC right after it */
	radiotap_qos_ip(&plain, 1, 0x00, 24, 0);
	ck_assert(verdict(DLT_IEEE802_11_RADIO, "ip", &plain, plain.len));
	ck_assert(verdict(DLT_IEEE802_11_RADIO, "udp port 53", &plain, plain.len));

	/* DATAPAD after a TSFT field (flags at 16): two bytes of padding */
	radiotap_qos_ip(&padded, 1, 0x20, 24, 2);
	ck_assert(verdict(DLT_IEEE802_11_RADIO, "ip", &padded, padded.len));
	ck_assert(verdict(DLT_IEEE802_11_RADIO, "udp port 53", &padded, padded.len));

	/* DATAPAD without TSFT (flags at 8) */
	radiotap_qos_ip(&padded8, 0, 0x20, 12, 2);
	ck_assert(verdict(DLT_IEEE802_11_RADIO, "ip", &padded8, padded8.len));

	/* the padding is not there but the flag says so: not IPv4 */
	radiotap_qos_ip(&nopad, 1, 0x20, 24, 0);
	ck_assert(!verdict(DLT_IEEE802_11_RADIO, "ip", &nopad, nopad.len));
}
END_TEST

/* libpcap computes the payload offset only when something reads it; when
 * it does, its prologue reads the frame control byte of every packet, so
 * a packet too short for it is rejected whatever the rest says. */
START_TEST(test_payload_offset_only_when_used)
{
	struct pkt hdr_only = { .len = 0 };

	/* the payload offset (802.11 header + 24) is computed once, and
	 * only in programs that read the payload */
	ck_assert_int_eq(count_insn(DLT_IEEE802_11_RADIO, "type mgt",
				    BPF_ALU | BPF_ADD | BPF_K, 24), 0);
	ck_assert_int_eq(count_insn(DLT_IEEE802_11_RADIO, "ip",
				    BPF_ALU | BPF_ADD | BPF_K, 24), 1);
	ck_assert_int_eq(count_insn(DLT_IEEE802_11_RADIO, "ip or ip6 or arp",
				    BPF_ALU | BPF_ADD | BPF_K, 24), 1);
	ck_assert_int_eq(count_insn(DLT_IEEE802_11, "ip or ip6 or arp",
				    BPF_ALU | BPF_ADD | BPF_K, 24), 1);

	radiotap(&hdr_only, 0, 0, 0, 12);
	hdr_only.len = 40;	/* on the wire; 12 bytes captured */
	ck_assert(verdict(DLT_IEEE802_11_RADIO, "len > 10 or type mgt", &hdr_only, 12));
	ck_assert(verdict(DLT_IEEE802_11_RADIO, "len > 10", &hdr_only, 12));
	ck_assert(!verdict(DLT_IEEE802_11_RADIO, "len > 10 or ip", &hdr_only, 12));
}
END_TEST

/* After pppoes, primitives read the payload without a data-frame test of
 * their own: the prologue must have defined its register on every path. */
START_TEST(test_encapsulations_read_defined_registers)
{
	static const char *const exprs[] = {
		"pppoes or ip", "not pppoes and ip", "pppoes 0x1234 and tcp port 80",
		"vlan and vlan and ip", "vlan or ip6", "ip or pppoes",
	};
	static const int dlts[] = {
		DLT_IEEE802_11, DLT_IEEE802_11_RADIO, DLT_IEEE802_11_RADIO_AVS,
		DLT_PRISM_HEADER,
	};
	struct pkt pk = { .len = 0 };

	radiotap(&pk, 1, 1, 0x00, 24);
	wlan_hdr(&pk, 0x08);
	llc_ip(&pk);
	for (size_t i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++)
		for (size_t j = 0; j < sizeof(dlts) / sizeof(dlts[0]); j++)
			for (int opt = 0; opt <= 1; opt++) {
				struct bpf_program prog;

				compile_ok(dlts[j], exprs[i], opt, &prog);
				pcap_freecode(&prog);
			}
	ck_assert(verdict(DLT_IEEE802_11_RADIO, "ip or pppoes", &pk, pk.len));
	/* as in libpcap, `ip` after pppoes means IPv4 inside PPPoE, whatever
	 * the branch */
	ck_assert(!verdict(DLT_IEEE802_11_RADIO, "pppoes or ip", &pk, pk.len));
	ck_assert(!verdict(DLT_IEEE802_11_RADIO, "not pppoes and ip6", &pk, pk.len));
}
END_TEST

/* PPI: 802.11 behind a header whose length is at 2 (little-endian);
 * libpcap's programs reject a PPI header that announces another DLT,
 * except for the empty filter. */
START_TEST(test_ppi)
{
	struct pkt wlan = { .len = 0 }, other = { .len = 0 };
	u_char ppi[20] = { 0, 0, 20, 0, 105, 0, 0, 0 };
	u_char ppi_eth[8] = { 0, 0, 8, 0, 1, 0, 0, 0 };
	pcap_t *p = pcap_open_dead(DLT_PPI, SNAP);
	struct bpf_program prog;

	pkt_put_bytes(&wlan, ppi, sizeof(ppi));
	wlan_hdr(&wlan, 0x88);
	llc_ip(&wlan);
	ck_assert(verdict(DLT_PPI, "ip", &wlan, wlan.len));
	ck_assert(verdict(DLT_PPI, "udp port 53", &wlan, wlan.len));
	ck_assert(!verdict(DLT_PPI, "ip6", &wlan, wlan.len));
	ck_assert(verdict(DLT_PPI, "len > 10", &wlan, wlan.len));
	ck_assert(verdict(DLT_PPI, "link[0] = 0x88", &wlan, wlan.len));

	pkt_put_bytes(&other, ppi_eth, sizeof(ppi_eth));
	pkt_put_zeros(&other, 40);
	ck_assert(verdict(DLT_PPI, "", &other, other.len));
	ck_assert(!verdict(DLT_PPI, "len > 10", &other, other.len));
	ck_assert(!verdict(DLT_PPI, "not ip", &other, other.len));

	ck_assert_ptr_nonnull(p);
	ck_assert_int_lt(pcap_compile(p, &prog, "type mgt", 1, PCAP_NETMASK_UNKNOWN), 0);
	ck_assert_str_eq(pcap_geterr(p), "802.11 link-layer types supported only on 802.11");
	ck_assert_int_lt(pcap_compile(p, &prog, "radio[0] = 1", 1, PCAP_NETMASK_UNKNOWN), 0);
	ck_assert_str_eq(pcap_geterr(p), "radio information not present in capture");
	pcap_close(p);
}
END_TEST

START_TEST(test_pflog_payload_rounded_to_4)
{
	struct pkt pk = { .len = 0 };
	u_char hdr[61] = { 61, 2 /* AF_INET */ };
	static const u_char ip_tcp[40] = {
		0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0, 0, 0, 0, 0,
	};

	pkt_put_bytes(&pk, hdr, sizeof(hdr));
	pkt_put_zeros(&pk, 3);		/* to 64 */
	pkt_put_bytes(&pk, ip_tcp, sizeof(ip_tcp));
	ck_assert(verdict(DLT_PFLOG, "tcp port 80", &pk, pk.len));
	ck_assert(verdict(DLT_PFLOG, "ip and dst host 10.0.0.2", &pk, pk.len));
	ck_assert(!verdict(DLT_PFLOG, "tcp port 81", &pk, pk.len));
}
END_TEST

static Suite *gen_wlan_suite(void)
{
	Suite *s = suite_create("gen_wlan");
	TCase *tc = tcase_create("prologue");

	tcase_add_test(tc, test_prism_or_avs_header_length);
	tcase_add_test(tc, test_radiotap_datapad_and_qos);
	tcase_add_test(tc, test_payload_offset_only_when_used);
	tcase_add_test(tc, test_encapsulations_read_defined_registers);
	tcase_add_test(tc, test_ppi);
	tcase_add_test(tc, test_pflog_payload_rounded_to_4);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(gen_wlan_suite(), CK_FORK_GETENV);
}
