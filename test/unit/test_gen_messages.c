/*
 * The generators' refusals as libpcap's (gen_id.c, gen_ip.c, gen_ip6.c,
 * gen_transport.c, gen_iso.c, gen_ss7.c, gen_misc.c): which check comes
 * first and in which words, for the 802.11-only qualifiers on IP
 * addresses and ports, DECnet names and addresses, protocol names under
 * the wrong qualifier, the host filters libpcap never implemented, and
 * what it allows after pppoes and geneve. Each case is compiled by both
 * libraries (the system libpcap through oracle_filter.c) and the table's
 * expectation, found by experiment with libpcap 1.10.3, is checked
 * against both, so that a change in either shows. Then a few programs
 * whose constants changed (DECnet addresses) run on packets against
 * libpcap's.
 */
#include <check.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include "oracle_filter.h"
#include "unit_run.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct oracle_filter lp;

struct msg_case {
	int dlt;
	const char *expr;
	const char *msg;	/* NULL: compiles */
};

#define NOT_MAC "addresses other than 802.11 MAC addresses"

static const struct msg_case msg_cases[] = {
	/* 802.11-only qualifiers: on MAC addresses one message, on the
	 * rest another, and for ports only once IPv4 is known to exist */
	{ DLT_EN10MB, "ra 1.2.3.4", "'ra' is not a valid qualifier for " NOT_MAC },
	{ DLT_EN10MB, "addr2 net 10", "'addr2' and 'address2' are not valid qualifiers for " NOT_MAC },
	{ DLT_MTP2, "ta 8", "'ta' is not a valid qualifier for " NOT_MAC },
	{ DLT_EN10MB, "addr4 ::1", "'addr4' and 'address4' are not valid qualifiers for " NOT_MAC },
	{ DLT_EN10MB, "decnet addr1 1.2", "'addr1' and 'address1' are not valid qualifiers for " NOT_MAC },
	{ DLT_EN10MB, "tcp ta 1.2.3.4", "'tcp' modifier applied to host" },
	{ DLT_EN10MB, "ra port 80", "'ra' is not a valid qualifier for ports" },
	{ DLT_IEEE802_11, "sctp addr3 port 1", "'addr3' and 'address3' are not valid qualifiers for ports" },
	{ DLT_EN10MB, "ta portrange 1-2", "'ta' is not a valid qualifier for port ranges" },
	{ DLT_MTP2, "ra port 80", "MTP2 link-layer type filtering not implemented" },
	{ DLT_NFLOG, "ta portrange 1-2", "NFLOG link-layer type filtering not implemented" },
	{ DLT_EN10MB, "ether ra 1:2:3:4:5:6", "'ra' is only supported on 802.11 with 802.11 headers" },
	/* host filters libpcap never wrote */
	{ DLT_EN10MB, "moprc host 0", "MOPRC host filtering not implemented" },
	{ DLT_EN10MB, "atalk net 10", "AppleTalk host filtering not implemented" },
	{ DLT_EN10MB, "iso ta 1.2.3.4", "ISO host filtering not implemented" },
	{ DLT_EN10MB, "atalk host ::1", "AppleTalk modifier applied to ip6 host" },
	{ DLT_EN10MB, "lat proto 1", "LAT does not encapsulate another protocol" },
	{ DLT_EN10MB, "atalk proto 1", "AppleTalk encapsulation is not specifiable" },
	/* protocol names: the table depends on the qualifier */
	{ DLT_EN10MB, "tcp protochain \\ip", "unknown protocol: ip" },
	{ DLT_EN10MB, "arp proto foo", "unknown protocol: foo" },
	{ DLT_EN10MB, "ether protochain foo", "unknown ether proto 'foo'" },
	{ DLT_EN10MB, "iso protochain foo", "unknown osi proto 'foo'" },
	{ DLT_EN10MB, "link protochain 1", "bad protocol applied for 'protochain'" },
	/* network names are looked up whatever the qualifier */
	{ DLT_EN10MB, "link net nosuchnet", "unknown network 'nosuchnet'" },
	{ DLT_EN10MB, "decnet net nosuchnet", "unknown network 'nosuchnet'" },
	/* DECnet: names never translate, dotted numbers must be area.node */
	{ DLT_EN10MB, "decnet host 410.0.0.1dpc",
	  "decnet name support not included, '410.0.0.1dpc' cannot be translated\n" },
	{ DLT_EN10MB, "decnet host 0x1.2", "malformed decnet address '0x1.2'" },
	{ DLT_EN10MB, "decnet gateway 0x1.2", "malformed decnet address '0x1.2'" },
	{ DLT_EN10MB, "decnet src net 1.1 mask 1.1", NULL },
	{ DLT_EN10MB, "decnet host 1.3000", NULL },
	/* gateway takes no direction in libpcap's grammar */
	{ DLT_EN10MB, "src gateway 1.2.3.4", "can't parse filter expression: syntax error" },
	{ DLT_EN10MB, "ra gateway foo", "can't parse filter expression: syntax error" },
	{ DLT_EN10MB, "ip gateway foo", "'gateway' not supported in this configuration" },
	/* MTP2: lsu is lssu */
	{ DLT_EN10MB, "lsu", "'lssu' supported only on MTP2" },
	{ DLT_MTP2, "lsu", NULL },
	/* SunATM keywords after an encapsulation */
	{ DLT_SUNATM, "pppoes and lane", NULL },
	{ DLT_SUNATM, "geneve and vci 3", NULL },
	{ DLT_EN10MB, "pppoes and lane", "'lane' supported only on raw ATM" },
};

START_TEST(test_gen_messages_as_libpcap)
{
	const struct msg_case *c = &msg_cases[_i];
	const char *want = c->msg ? c->msg : "";
	char ours[PCAP_ERRBUF_SIZE], theirs[PCAP_ERRBUF_SIZE];

	oracle_filter_message(&lp, c->dlt, c->expr, 0, theirs, sizeof(theirs));
	ck_assert_msg(!strcmp(theirs, want), "'%s' on DLT %d: libpcap says \"%s\", the table \"%s\"",
		      c->expr, c->dlt, theirs, want);
	oracle_filter_message_ours(c->dlt, c->expr, 0, ours, sizeof(ours));
	ck_assert_msg(!strcmp(ours, want), "'%s' on DLT %d: mqpcap says \"%s\", libpcap \"%s\"",
		      c->expr, c->dlt, ours, want);
}
END_TEST

/*
 * A DECnet packet on Ethernet, short routing header without padding:
 * destination node 1.1, source node 1.3000 as libpcap reads it (6 bits
 * of area, 10 of node: 0x07b8), little-endian.
 */
static const u_char decnet_pkt[] = {
	0xaa, 0x00, 0x04, 0x00, 0x01, 0x04, 0xaa, 0x00, 0x04, 0x00, 0xb8, 0x07,
	0x60, 0x03,
	0x0a, 0x00,		/* length */
	0x02,			/* flags: short header */
	0x01, 0x04,		/* destination 1.1 */
	0xb8, 0x07,		/* source */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

START_TEST(test_gen_decnet_addresses_as_libpcap)
{
	static const char *const exprs[] = {
		"decnet src host 1.3000", "decnet src 1.1", "decnet dst 1.1",
		"decnet host 70.953", "decnet src 1976", "decnet src net 1.1 mask 1.1",
	};
	struct oracle_cuts c = { 0 };

	for (size_t e = 0; e < LEN(exprs); e++)
		for (int opt = 0; opt <= 1; opt++) {
			struct bpf_program a, b;

			oracle_filter_compile_both(&lp, DLT_EN10MB, exprs[e], opt, 0xffffff00,
						   &a, &b);
			ck_assert_msg(oracle_filter_cuts_agree(&lp, &a, &b, decnet_pkt,
							       sizeof(decnet_pkt), &c),
				      "'%s' -O%d cut at %u: mqpcap %u, libpcap %u", exprs[e],
				      opt, c.cut, c.ours, c.theirs);
			oracle_filter_free_both(&lp, &a, &b);
		}
	/* the source matches for the first, so something was accepted */
	ck_assert_uint_gt(c.accepted, 0);
}
END_TEST

static Suite *gen_messages_suite(void)
{
	Suite *s = suite_create("gen_messages");
	TCase *tc = tcase_create("gen_messages");

	tcase_add_loop_test(tc, test_gen_messages_as_libpcap, 0, (int)LEN(msg_cases));
	tcase_add_test(tc, test_gen_decnet_addresses_as_libpcap);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	oracle_filter_load_or_skip(&lp, "test_gen_messages");
	return unit_run(gen_messages_suite(), CK_FORK_GETENV);
}
