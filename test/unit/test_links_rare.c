/*
 * The rarer link types (src/filter/gen_links_rare.c, the ATM and
 * direction parts of gen_misc.c, DLT_NULL/LOOP on savefiles): verdicts of
 * mqpcap's programs on hand-built frames of each link, and libpcap's
 * refusals, without the oracle (test/diff/filter/run-diff-filter-rare.sh
 * compares with it over the whole corpus).
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "pkt_builder.h"
#include "unit_run.h"

#define SNAP 262144

/* IPv4 10.0.0.1 -> 10.0.0.2, TCP 1234 -> 80 */
static const u_char ip4_tcp[] = {
	0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0x00,
	0, 0, 0, 0,
};

/* IPv6 2001:db8::1 -> 2001:db8::2, UDP 53 -> 53 */
static const u_char ip6_udp[] = {
	0x60, 0, 0, 0, 0x00, 0x08, 0x11, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	0x00, 0x35, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
};

static struct pkt frame_of(const void *hdr, u_int hn, const void *pl, u_int pn)
{
	struct pkt f = { .len = 0 };

	pkt_put_bytes(&f, hdr, hn);
	pkt_put_bytes(&f, pl, pn);
	return f;
}

/* Compile expr for dlt on a dead handle (ck_assert that it compiles) and
 * run it over the frame: nonzero when accepted. */
static int verdict_on(pcap_t *p, const char *expr, const struct pkt *f)
{
	struct bpf_program prog;
	u_int r;

	ck_assert_msg(pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) == 0,
		      "'%s' on DLT %d: %s", expr, pcap_datalink(p), pcap_geterr(p));
	ck_assert(bpf_validate(prog.bf_insns, (int)prog.bf_len));
	r = bpf_filter(prog.bf_insns, f->d, f->len, f->len);
	pcap_freecode(&prog);
	return r != 0;
}

static int verdict(int dlt, const char *expr, const struct pkt *f)
{
	pcap_t *p = pcap_open_dead(dlt, SNAP);
	int v;

	ck_assert_ptr_nonnull(p);
	v = verdict_on(p, expr, f);
	pcap_close(p);
	return v;
}

/* The error pcap_compile gives (ck_assert that it fails). */
static void expect_error(int dlt, const char *expr, const char *msg)
{
	pcap_t *p = pcap_open_dead(dlt, SNAP);
	struct bpf_program prog;

	ck_assert_ptr_nonnull(p);
	ck_assert_msg(pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0,
		      "'%s' on DLT %d compiled", expr, dlt);
	ck_assert_msg(strstr(pcap_geterr(p), msg) != NULL,
		      "'%s' on DLT %d: \"%s\", wanted \"%s\"", expr, dlt,
		      pcap_geterr(p), msg);
	pcap_close(p);
}

START_TEST(test_links_rare_below_104_compile)
{
	static const int dlts[] = { DLT_ARCNET, DLT_SLIP, DLT_ATM_RFC1483,
				    DLT_SLIP_BSDOS, DLT_PPP_BSDOS, DLT_ATM_CLIP,
				    DLT_PPP_SERIAL, DLT_SYMANTEC_FIREWALL };
	struct pkt f = { .len = 64 };

	/* these once failed as "unknown data link type" */
	for (size_t i = 0; i < sizeof(dlts) / sizeof(dlts[0]); i++) {
		ck_assert(verdict(dlts[i], "", &f));
		(void)verdict(dlts[i], "ip or ip6", &f);
		(void)verdict(dlts[i], "len > 10 and link[0] = 0", &f);
	}
}
END_TEST

START_TEST(test_links_rare_ppp_variants_use_ppp_numbers)
{
	const u_char serial[] = { 0xff, 0x03, 0x00, 0x21 };
	const u_char serial6[] = { 0xff, 0x03, 0x00, 0x57 };
	u_char bsdos[24] = { 0 };
	struct pkt f = frame_of(serial, sizeof(serial), ip4_tcp, sizeof(ip4_tcp));
	struct pkt f6 = frame_of(serial6, sizeof(serial6), ip6_udp, sizeof(ip6_udp));

	ck_assert(verdict(DLT_PPP_SERIAL, "tcp dst port 80", &f));
	ck_assert(!verdict(DLT_PPP_SERIAL, "ip6", &f));
	ck_assert(verdict(DLT_PPP_SERIAL, "ip6 and udp port 53", &f6));
	/* BSD/OS: the protocol at 5, IP at 24; VJ-compressed IP counts */
	bsdos[5] = 0x00, bsdos[6] = 0x2d;
	f = frame_of(bsdos, sizeof(bsdos), ip4_tcp, sizeof(ip4_tcp));
	ck_assert(verdict(DLT_PPP_BSDOS, "ip and host 10.0.0.2", &f));
	expect_error(DLT_PPP_SERIAL, "mpls", "no MPLS support for PPP over serial");
}
END_TEST

START_TEST(test_links_rare_slip_direction_and_version)
{
	u_char hdr[16] = { 0 };
	struct pkt f;

	/* libpcap tests the version nibble of the first byte of the capture
	 * (the direction byte), and the IP header at 16 */
	hdr[0] = 0x40;
	f = frame_of(hdr, sizeof(hdr), ip4_tcp, sizeof(ip4_tcp));
	ck_assert(verdict(DLT_SLIP, "ip and dst host 10.0.0.2", &f));
	ck_assert(verdict(DLT_SLIP, "outbound", &f));
	ck_assert(!verdict(DLT_SLIP, "inbound", &f));
	hdr[0] = 0x00;
	f = frame_of(hdr, sizeof(hdr), ip4_tcp, sizeof(ip4_tcp));
	ck_assert(!verdict(DLT_SLIP, "ip", &f));
	ck_assert(verdict(DLT_SLIP, "inbound", &f));
	expect_error(DLT_SLIP, "vlan", "no VLAN support for SLIP");
	expect_error(DLT_SLIP, "llc", "'llc' not supported for SLIP");
}
END_TEST

START_TEST(test_links_rare_atm_llc_snap)
{
	const u_char snap_ip[] = { 0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00 };
	u_char sun[4 + sizeof(snap_ip)] = { 0x02, 0x00, 0x00, 0x20 };
	struct pkt f = frame_of(snap_ip, sizeof(snap_ip), ip4_tcp, sizeof(ip4_tcp));

	ck_assert(verdict(DLT_ATM_RFC1483, "ip and tcp port 80", &f));
	ck_assert(verdict(DLT_ATM_RFC1483, "llc", &f));
	ck_assert(verdict(DLT_ATM_CLIP, "ip", &f));
	expect_error(DLT_ATM_CLIP, "llc", "'llc' not supported for");
	/* SunATM: an LLC VC (type 2), VPI 0, VCI 32 */
	memcpy(sun + 4, snap_ip, sizeof(snap_ip));
	f = frame_of(sun, sizeof(sun), ip4_tcp, sizeof(ip4_tcp));
	ck_assert(verdict(DLT_SUNATM, "ip and vpi 0 and vci 32", &f));
	ck_assert(!verdict(DLT_SUNATM, "vci 5", &f));
	/* libpcap 1.10 loses the negation of vci != N */
	ck_assert(verdict(DLT_SUNATM, "vci != 32", &f));
	ck_assert(verdict(DLT_SUNATM, "llc", &f));
	ck_assert(!verdict(DLT_SUNATM, "lane", &f));
	expect_error(DLT_EN10MB, "vpi 1", "'vpi' supported only on raw ATM");
}
END_TEST

START_TEST(test_links_rare_sunatm_lane_is_ethernet)
{
	const u_char lane[] = {
		0x01, 0x00, 0x00, 0x40,		/* LANE VC */
		0x00, 0x01,			/* LE header: data */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
		0x08, 0x00,
	};
	u_char ctl[sizeof(lane)];
	struct pkt f = frame_of(lane, sizeof(lane), ip4_tcp, sizeof(ip4_tcp));

	ck_assert(verdict(DLT_SUNATM, "lane and ip and tcp port 80", &f));
	ck_assert(verdict(DLT_SUNATM, "lane and ether broadcast", &f));
	ck_assert(verdict(DLT_SUNATM, "lane and ether src 00:11:22:33:44:55", &f));
	ck_assert(!verdict(DLT_SUNATM, "ip", &f));
	/* an LE control frame is not Ethernet traffic */
	memcpy(ctl, lane, sizeof(lane));
	ctl[4] = 0xff, ctl[5] = 0x00;
	f = frame_of(ctl, sizeof(ctl), ip4_tcp, sizeof(ip4_tcp));
	ck_assert(verdict(DLT_SUNATM, "lane", &f));
	ck_assert(!verdict(DLT_SUNATM, "lane and ip", &f));
}
END_TEST

START_TEST(test_links_rare_arcnet_types_and_broadcast)
{
	u_char hdr[6] = { 0x01, 0x00, 0xf0, 0, 0, 0 };	/* old IP type, broadcast */
	u_char lhdr[8] = { 0x01, 0x05, 0, 0, 0xc4, 0, 0, 0 };	/* Linux, IPv6 */
	struct pkt f = frame_of(hdr, sizeof(hdr), ip4_tcp, sizeof(ip4_tcp));

	ck_assert(verdict(DLT_ARCNET, "ip and dst port 80", &f));
	ck_assert(verdict(DLT_ARCNET, "ether broadcast", &f));
	ck_assert(!verdict(DLT_ARCNET, "arp", &f));
	f = frame_of(lhdr, sizeof(lhdr), ip6_udp, sizeof(ip6_udp));
	ck_assert(verdict(DLT_ARCNET_LINUX, "ip6 and udp", &f));
	ck_assert(!verdict(DLT_ARCNET_LINUX, "ether multicast", &f));
	expect_error(DLT_ARCNET, "llc", "'llc' not supported for");
}
END_TEST

START_TEST(test_links_rare_frelay_nlpid)
{
	const u_char ip[] = { 0x04, 0x01, 0x03, 0xcc };
	const u_char clnp[] = { 0x04, 0x01, 0x03, 0x81 };
	struct pkt f = frame_of(ip, sizeof(ip), ip4_tcp, sizeof(ip4_tcp));

	ck_assert(verdict(DLT_FRELAY, "ip", &f));
	ck_assert(!verdict(DLT_FRELAY, "iso", &f));
	f = frame_of(clnp, sizeof(clnp), ip4_tcp, sizeof(ip4_tcp));
	ck_assert(verdict(DLT_FRELAY, "clnp", &f));
	ck_assert(verdict(DLT_FRELAY, "iso", &f));
	ck_assert(!verdict(DLT_FRELAY, "esis", &f));
}
END_TEST

START_TEST(test_links_rare_ip_over_fc_addresses)
{
	u_char hdr[16 + 8] = { 0 };
	static const u_char dst[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	static const u_char src[6] = { 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb };
	static const u_char snap[8] = { 0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00 };
	struct pkt f;

	memcpy(hdr + 2, dst, 6);
	memcpy(hdr + 10, src, 6);
	memcpy(hdr + 16, snap, 8);
	f = frame_of(hdr, sizeof(hdr), ip4_tcp, sizeof(ip4_tcp));
	ck_assert(verdict(DLT_IP_OVER_FC, "ether src 66:77:88:99:aa:bb and ip", &f));
	ck_assert(verdict(DLT_IP_OVER_FC, "ether multicast", &f));
	ck_assert(!verdict(DLT_IP_OVER_FC, "ether broadcast", &f));
	expect_error(DLT_IP_OVER_FC, "wlan ra 00:11:22:33:44:55",
		     "'ra' is only supported on 802.11");
}
END_TEST

START_TEST(test_links_rare_juniper_magic_and_direction)
{
	u_char hdr[36] = { 'M', 'G', 'C', 0x01 };	/* received */
	struct pkt f = frame_of(hdr, sizeof(hdr), ip4_tcp, sizeof(ip4_tcp));

	/* every protocol test is the magic number; IP at 32 on Juniper
	 * Ethernet (as libpcap has it) */
	ck_assert(verdict(DLT_JUNIPER_ETHER, "arp", &f));
	ck_assert(verdict(DLT_JUNIPER_ETHER, "inbound", &f));
	ck_assert(!verdict(DLT_JUNIPER_ETHER, "outbound", &f));
	hdr[1] = 'X';
	f = frame_of(hdr, sizeof(hdr), ip4_tcp, sizeof(ip4_tcp));
	ck_assert(!verdict(DLT_JUNIPER_ETHER, "ip", &f));
}
END_TEST

START_TEST(test_links_rare_family_names_in_refusals)
{
	expect_error(DLT_LINUX_IRDA, "ip", "IrDA link-layer type filtering not implemented");
	expect_error(DLT_LINUX_LAPD, "tcp", "LAPD link-layer type filtering not implemented");
	expect_error(DLT_MFR, "ip6", "Multi-link Frame Relay link-layer type filtering");
	expect_error(DLT_BLUETOOTH_HCI_H4, "arp", "Bluetooth link-layer type filtering");
	expect_error(DLT_CAN_SOCKETCAN, "ip", "CAN link-layer type filtering");
}
END_TEST

/* A header-only pcap file with this link type, in big- or little-endian
 * order; returns the handle reading it. */
static pcap_t *open_savefile(int dlt, int big_endian, char *path)
{
	uint32_t w[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, SNAP, (uint32_t)dlt };
	char err[PCAP_ERRBUF_SIZE];
	FILE *f;
	int fd = mkstemp(path);
	pcap_t *p;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 6; i++) {
		uint32_t v = i == 1 ? (big_endian ? 0x00020004 : 0x00040002) : w[i];
		u_char b[4];

		for (int k = 0; k < 4; k++)
			b[k] = (u_char)(big_endian ? v >> (24 - 8 * k) : v >> (8 * k));
		fwrite(b, 1, 4, f);
	}
	fclose(f);
	p = pcap_open_offline(path, err);
	ck_assert_msg(p != NULL, "%s", err);
	return p;
}

/* On a savefile of dlt written in that byte order, yes_expr accepts yes
 * and no_expr (if any) rejects no. */
static void savefile_verdicts(int dlt, int big_endian, const char *yes_expr,
			      const struct pkt *yes, const char *no_expr, const struct pkt *no)
{
	char path[] = "/tmp/test_links_rare.XXXXXX";
	pcap_t *p = open_savefile(dlt, big_endian, path);

	ck_assert_msg(verdict_on(p, yes_expr, yes), "'%s' rejects on DLT %d (%s-endian file)",
		      yes_expr, dlt, big_endian ? "big" : "little");
	if (no_expr != NULL)
		ck_assert_msg(!verdict_on(p, no_expr, no),
			      "'%s' accepts on DLT %d (%s-endian file)", no_expr, dlt,
			      big_endian ? "big" : "little");
	pcap_close(p);
	unlink(path);
}

START_TEST(test_links_rare_null_savefile_reads_bsd_families)
{
	/* a big-endian BSD (FreeBSD: AF_INET6 28) wrote this DLT_NULL file */
	const u_char af6_be[4] = { 0, 0, 0, 28 };
	const u_char af6_le[4] = { 30, 0, 0, 0 };	/* Darwin, little-endian */
	struct pkt be = frame_of(af6_be, 4, ip6_udp, sizeof(ip6_udp));
	struct pkt le = frame_of(af6_le, 4, ip6_udp, sizeof(ip6_udp));

	savefile_verdicts(DLT_NULL, 1, "ip6 and udp port 53", &be, "ip6", &le);
	savefile_verdicts(DLT_NULL, 0, "ip6", &le, "ip6", &be);
	/* DLT_LOOP: big-endian whatever wrote the file */
	savefile_verdicts(DLT_LOOP, 0, "ip6", &be, NULL, NULL);
}
END_TEST

static Suite *links_rare_suite(void)
{
	Suite *s = suite_create("links_rare");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_links_rare_below_104_compile);
	tcase_add_test(tc, test_links_rare_ppp_variants_use_ppp_numbers);
	tcase_add_test(tc, test_links_rare_slip_direction_and_version);
	tcase_add_test(tc, test_links_rare_atm_llc_snap);
	tcase_add_test(tc, test_links_rare_sunatm_lane_is_ethernet);
	tcase_add_test(tc, test_links_rare_arcnet_types_and_broadcast);
	tcase_add_test(tc, test_links_rare_frelay_nlpid);
	tcase_add_test(tc, test_links_rare_ip_over_fc_addresses);
	tcase_add_test(tc, test_links_rare_juniper_magic_and_direction);
	tcase_add_test(tc, test_links_rare_family_names_in_refusals);
	tcase_add_test(tc, test_links_rare_null_savefile_reads_bsd_families);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(links_rare_suite(), CK_FORK_GETENV);
}
