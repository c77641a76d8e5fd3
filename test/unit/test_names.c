/*
 * The names module: name tables, Ethernet addresses, ethers(5) parsing,
 * device-name splitting, and the interface list of the test's own
 * namespace (no root needed: only reading).
 */
#include "names/names.h"
#include "names/ifname.h"
#include "unit_run.h"

#include <arpa/inet.h>
#include <check.h>
#include <netdb.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* pcap_nametoaddr is deprecated in the header, as libpcap's is. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static int have_file(const char *path)
{
	return access(path, R_OK) == 0;
}

START_TEST(test_names_eproto_table_values)
{
	const struct eproto *e;
	int n = 0;

	ck_assert_int_eq(pcap_nametoeproto("ip"), 0x0800);
	ck_assert_int_eq(pcap_nametoeproto("ip6"), 0x86dd);
	ck_assert_int_eq(pcap_nametoeproto("arp"), 0x0806);
	ck_assert_int_eq(pcap_nametoeproto("rarp"), 0x8035);
	ck_assert_int_eq(pcap_nametoeproto("atalk"), 0x809b);
	ck_assert_int_eq(pcap_nametoeproto("aarp"), 0x80f3);
	ck_assert_int_eq(pcap_nametoeproto("decnet"), 0x6003);
	ck_assert_int_eq(pcap_nametoeproto("loopback"), 0x9000);
	ck_assert_int_eq(pcap_nametoeproto("sca"), 0x6007);
	/* case-sensitive, and no partial matches */
	ck_assert_int_eq(pcap_nametoeproto("IP"), PROTO_UNDEF);
	ck_assert_int_eq(pcap_nametoeproto("i"), PROTO_UNDEF);
	ck_assert_int_eq(pcap_nametoeproto(""), PROTO_UNDEF);
	for (e = eproto_db; e->s != NULL; e++)
		n++;
	ck_assert_int_eq(n, 12);
	ck_assert_uint_eq(sizeof(struct eproto), 16);
}
END_TEST

START_TEST(test_names_llc_values)
{
	ck_assert_int_eq(pcap_nametollc("iso"), 0xfe);
	ck_assert_int_eq(pcap_nametollc("stp"), 0x42);
	ck_assert_int_eq(pcap_nametollc("ipx"), 0xe0);
	ck_assert_int_eq(pcap_nametollc("netbeui"), 0xf0);
	ck_assert_int_eq(pcap_nametollc("snap"), PROTO_UNDEF);
	ck_assert_int_eq(pcap_nametollc("ip"), PROTO_UNDEF);
}
END_TEST

START_TEST(test_names_port_numeric_is_both_protocols)
{
	int port = -5, proto = -5;

	ck_assert_int_eq(pcap_nametoport("80", &port, &proto), 1);
	ck_assert_int_eq(port, 80);
	ck_assert_int_eq(proto, PROTO_UNDEF);
	ck_assert_int_eq(pcap_nametoport("0", &port, &proto), 1);
	ck_assert_int_eq(port, 0);
	port = proto = -5;
	ck_assert_int_eq(pcap_nametoport("80x", &port, &proto), 0);
	ck_assert_int_eq(pcap_nametoport("no-such-service-x", &port, &proto), 0);
	ck_assert_int_eq(port, -5);
	ck_assert_int_eq(proto, -5);
}
END_TEST

START_TEST(test_names_port_services_file)
{
	int port, proto;

	if (!have_file("/etc/services"))
		return;
	/* domain is 53 over both: protocol left open */
	ck_assert_int_eq(pcap_nametoport("domain", &port, &proto), 1);
	ck_assert_int_eq(port, 53);
	ck_assert_int_eq(proto, PROTO_UNDEF);
	/* bootps exists over udp only */
	ck_assert_int_eq(pcap_nametoport("bootps", &port, &proto), 1);
	ck_assert_int_eq(port, 67);
	ck_assert_int_eq(proto, IPPROTO_UDP);
	ck_assert_int_eq(pcap_nametoport("ssh", &port, &proto), 1);
	ck_assert_int_eq(port, 22);
}
END_TEST

START_TEST(test_names_portrange_forms)
{
	int p1 = -5, p2 = -5, proto = -5;

	ck_assert_int_eq(pcap_nametoportrange("1-2", &p1, &p2, &proto), 1);
	ck_assert_int_eq(p1, 1);
	ck_assert_int_eq(p2, 2);
	ck_assert_int_eq(proto, PROTO_UNDEF);
	/* kept as written: the compiler orders and checks them */
	ck_assert_int_eq(pcap_nametoportrange("9-3", &p1, &p2, &proto), 1);
	ck_assert_int_eq(p1, 9);
	ck_assert_int_eq(p2, 3);
	ck_assert_int_eq(pcap_nametoportrange("5-65536", &p1, &p2, &proto), 1);
	ck_assert_int_eq(p2, 65536);
	/* a single port is not a range */
	ck_assert_int_eq(pcap_nametoportrange("80", &p1, &p2, &proto), 0);
	ck_assert_int_eq(pcap_nametoportrange("1 - 2", &p1, &p2, &proto), 0);
	ck_assert_int_eq(pcap_nametoportrange("a-b", &p1, &p2, &proto), 0);
	if (!have_file("/etc/services"))
		return;
	ck_assert_int_eq(pcap_nametoportrange("10-domain", &p1, &p2, &proto), 1);
	ck_assert_int_eq(p1, 10);
	ck_assert_int_eq(p2, 53);
	ck_assert_int_eq(proto, PROTO_UNDEF);
	/* ssh and smtp are both tcp in Debian's services */
	ck_assert_int_eq(pcap_nametoportrange("ssh-smtp", &p1, &p2, &proto), 1);
	ck_assert_int_eq(p1, 22);
	ck_assert_int_eq(p2, 25);
	ck_assert_int_eq(proto, IPPROTO_TCP);
	/* tcp and udp ends: open */
	ck_assert_int_eq(pcap_nametoportrange("ssh-bootps", &p1, &p2, &proto), 1);
	ck_assert_int_eq(proto, PROTO_UNDEF);
}
END_TEST

START_TEST(test_names_proto_values)
{
	if (!have_file("/etc/protocols"))
		return;
	ck_assert_int_eq(pcap_nametoproto("tcp"), 6);
	ck_assert_int_eq(pcap_nametoproto("TCP"), 6);
	ck_assert_int_eq(pcap_nametoproto("udp"), 17);
	ck_assert_int_eq(pcap_nametoproto("icmp"), 1);
	ck_assert_int_eq(pcap_nametoproto("ip"), 0);
	ck_assert_int_eq(pcap_nametoproto("no-such-proto"), PROTO_UNDEF);
}
END_TEST

START_TEST(test_names_hosts_numeric)
{
	bpf_u_int32 **a = pcap_nametoaddr("127.0.0.1");
	struct addrinfo *ai;
	uint32_t *v4;
	struct in6_addr *v6;
	size_t n;
	char err[PCAP_ERRBUF_SIZE] = "";

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(a[0]);
	ck_assert_uint_eq(*a[0], 0x7f000001);
	ck_assert_ptr_null(a[1]);
	ck_assert_ptr_null(pcap_nametoaddr("no.such.host.invalid"));

	ai = pcap_nametoaddrinfo("10.77.0.1");
	ck_assert_ptr_nonnull(ai);
	ck_assert_int_eq(ai->ai_family, AF_INET);
	ck_assert_uint_eq(ntohl(((struct sockaddr_in *)ai->ai_addr)->sin_addr.s_addr),
			  0x0a4d0001);
	freeaddrinfo(ai);

	ck_assert_int_eq(names_lookup_host_v4("10.77.0.1", &v4, &n, err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(v4[0], 0x0a4d0001);
	free(v4);
	/* an IPv6 literal has no IPv4 address */
	ck_assert_int_eq(names_lookup_host_v4("fd77::1", &v4, &n, err), -1);
	ck_assert_ptr_null(v4);
	ck_assert_str_eq(err, "unknown host 'fd77::1' for IPv4");
	ck_assert_int_eq(names_lookup_host_v6("fd77::1", &v6, &n, err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v6[0].s6_addr[0], 0xfd);
	ck_assert_int_eq(v6[0].s6_addr[15], 1);
	free(v6);
	ck_assert_int_eq(names_lookup_host_v6("no.such.host.invalid", &v6, &n,
					      err), -1);
	ck_assert_str_eq(err, "unknown host 'no.such.host.invalid'");
}
END_TEST

START_TEST(test_names_netaddr)
{
	ck_assert_uint_eq(pcap_nametonetaddr("no-such-network-x"), 0);
	if (getnetbyname("loopback") != NULL)
		ck_assert_uint_eq(pcap_nametonetaddr("loopback"), 0x7f000000);
}
END_TEST

static void assert_mac(const u_char *m, const char *want)
{
	char got[18];

	ck_assert_ptr_nonnull(m);
	snprintf(got, sizeof(got), "%02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
	ck_assert_str_eq(got, want);
}

START_TEST(test_names_ether_aton_formats)
{
	static const char *const forms[] = {
		"00:11:22:aa:Bb:cC", "00-11-22-aa-bb-cc", "00.11.22.aa.bb.cc",
		"0011.22aa.bbcc", "001122aabbcc", "0:11:22:aa:bb:cc",
	};
	size_t i;
	u_char *m;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		m = pcap_ether_aton(forms[i]);
		assert_mac(m, "00:11:22:aa:bb:cc");
		free(m);
	}
	m = pcap_ether_aton("1:2:3:4:5:6");
	assert_mac(m, "01:02:03:04:05:06");
	free(m);
	/* short: the rest is zero, never garbage */
	m = pcap_ether_aton("1:2:3");
	assert_mac(m, "01:02:03:00:00:00");
	free(m);
	ck_assert_ptr_null(pcap_ether_aton("1:2:3:4:5:6:7"));
	ck_assert_ptr_null(pcap_ether_aton("00:11:22:33:44:zz"));
	ck_assert_ptr_null(pcap_ether_aton(":00:11:22:33:44:55"));
	ck_assert_ptr_null(pcap_ether_aton("00::11:22:33:44"));
}
END_TEST

START_TEST(test_names_ether_hostton_unknown)
{
	ck_assert_ptr_null(pcap_ether_hostton("mq-no-such-ether-host"));
}
END_TEST

/* Every entry of an ethers text, "aa:bb:cc:dd:ee:ff name" per line. */
static char *read_all_etherents(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct pcap_etherent *e;
	static char out[4096];
	size_t len = 0;

	out[0] = '\0';
	ck_assert_ptr_nonnull(f);
	while ((e = pcap_next_etherent(f)) != NULL)
		len += snprintf(out + len, sizeof(out) - len,
				"%02x:%02x:%02x:%02x:%02x:%02x %s\n",
				e->addr[0], e->addr[1], e->addr[2], e->addr[3],
				e->addr[4], e->addr[5], e->name);
	fclose(f);
	return out;
}

START_TEST(test_names_etherent_syntax)
{
	const char *text =
		"# comment\n"
		"00:11:22:33:44:55 host1\n"
		"\n"
		"  \t 0:1:2:3:4:5   host2 trailing words\n"
		"00-11-22-33-44-66 dashes-are-not-accepted\n"
		"0011.2233.4477 nor-dots\n"
		"1:2:3 short\n"
		"aa:bb:cc:dd:ee:ff:11 seven\n"
		"zz:11:22:33:44:55 bad\n"
		"1:2:3:4:5:7 # only a comment\n"
		"AB:CD:EF:01:23:45 UPPER\n"
		"1:2:3:4:5:8 crlf\r\n"
		"1:2:3:4:5:9\ttab#name\n"
		"1:2:3:4:5:6x junk\n"
		"12:34:56:78:9a:bd last-without-newline";
	const char *want =
		"00:11:22:33:44:55 host1\n"
		"00:01:02:03:04:05 host2\n"
		"01:02:03:00:00:00 short\n"
		"ab:cd:ef:01:23:45 UPPER\n"
		"01:02:03:04:05:08 crlf\n"
		"01:02:03:04:05:09 tab#name\n";

	ck_assert_str_eq(read_all_etherents(text), want);
}
END_TEST

START_TEST(test_names_etherent_quirks)
{
	char text[512], want[256];

	/* An address ending its line takes the next line's start as name. */
	ck_assert_str_eq(read_all_etherents("1:2:3:4:5:6\nnext1 x\n"),
			 "01:02:03:04:05:06 next1\n");
	/* With a blank before the newline, it does not. */
	ck_assert_str_eq(read_all_etherents("1:2:3:4:5:6 \nnext1 x\n"), "");
	/* A group starting with a non-hex character after ':' */
	ck_assert_str_eq(read_all_etherents("1::2:3:4:5 dbl\n1:g:3:4:5:6 gee\n"),
			 "01:32:03:04:05:00 dbl\n01:30:03:04:05:06 gee\n");
	/* '\v' and '\f' are not white space to it */
	ck_assert_str_eq(read_all_etherents("1:2:3:4:5:6\vv\n1:2:3:4:5:7 \f\n"),
			 "01:02:03:04:05:07 \f\n");
	/* Bytes of a skipped line stay until the call returns. */
	ck_assert_str_eq(read_all_etherents("11:22:33:44:55:66 #c\na host\nb h2\n"),
			 "0a:22:33:44:55:66 host\n0b:00:00:00:00:00 h2\n");
	/* Names are cut at 121 characters, the rest of the line dropped. */
	memset(want, 0, sizeof(want));
	snprintf(text, sizeof(text), "1:2:3:4:5:6 %0130d more\n7:8:9:a:b:c n2\n", 0);
	snprintf(want, sizeof(want), "01:02:03:04:05:06 %0121d\n07:08:09:0a:0b:0c n2\n", 0);
	ck_assert_str_eq(read_all_etherents(text), want);
}
END_TEST

static void assert_iface(const char *device, int want_len, const char *want)
{
	char buf[IFNAMSIZ];

	ck_assert_int_eq(ifname_interface(device, buf, sizeof(buf)), want_len);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_names_ifname_interface_part)
{
	assert_iface("eth0", 4, "eth0");
	assert_iface("ring:eth0", 4, "eth0");
	assert_iface("xdp:eth0@0-3,zc=on", 4, "eth0");
	assert_iface("pfq:eth1,group=7", 4, "eth1");
	assert_iface("classic:any", 3, "any");
	assert_iface("eth0@3", 4, "eth0");
	/* not a backend: an address label */
	assert_iface("eth0:1", 6, "eth0:1");
	assert_iface("ringx:eth0", 10, "ringx:eth0");
	assert_iface("", 0, "");
	/* too long for the buffer: cut, and says so */
	assert_iface("ring:abcdefghijklmnopq", -1, "abcdefghijklmno");
	ck_assert_uint_eq(ifname_backend_prefix_len("classic:x"), 8);
	ck_assert_uint_eq(ifname_backend_prefix_len("x"), 0);
}
END_TEST

START_TEST(test_names_findalldevs_any_and_loopback)
{
	pcap_if_t *list, *d, *any = NULL, *lo = NULL;
	char err[PCAP_ERRBUF_SIZE];
	int pos = 0, any_pos = -1, lo_pos = -1;

	ck_assert_int_eq(pcap_findalldevs(&list, err), 0);
	for (d = list; d != NULL; d = d->next, pos++) {
		ck_assert_ptr_nonnull(d->name);
		ck_assert_msg(strchr(d->name, ':') == NULL,
			      "%s: backend or label in a listed name", d->name);
		if (strcmp(d->name, "any") == 0) {
			any = d;
			any_pos = pos;
		}
		if (d->flags & PCAP_IF_LOOPBACK) {
			lo = d;
			lo_pos = pos;
		}
	}
	ck_assert_ptr_nonnull(any);
	ck_assert_str_eq(any->description,
			 "Pseudo-device that captures on all interfaces");
	ck_assert_uint_eq(any->flags, PCAP_IF_UP | PCAP_IF_RUNNING |
			  PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE);
	ck_assert_ptr_null(any->addresses);
	if (lo != NULL) {
		ck_assert_uint_eq(lo->flags & PCAP_IF_CONNECTION_STATUS,
				  PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE);
		ck_assert_ptr_null(lo->description);
		/* an up loopback comes right after "any" ranks */
		if (lo->flags & PCAP_IF_UP)
			ck_assert_int_gt(lo_pos, any_pos);
	}
	pcap_freealldevs(list);
}
END_TEST

START_TEST(test_names_lookupdev_not_loopback)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	char *dev = pcap_lookupdev(err);
	pcap_if_t *list;

	ck_assert_int_eq(pcap_findalldevs(&list, err), 0);
	if (list != NULL && !(list->flags & PCAP_IF_LOOPBACK)) {
		ck_assert_ptr_nonnull(dev);
		ck_assert_str_eq(dev, list->name);
	} else {
		ck_assert_ptr_null(dev);
		ck_assert_str_eq(err, "no suitable device found");
	}
	pcap_freealldevs(list);
}
END_TEST

START_TEST(test_names_lookupnet_any_and_errors)
{
	char err[PCAP_ERRBUF_SIZE];
	bpf_u_int32 net = 5, mask = 6;

	ck_assert_int_eq(pcap_lookupnet("any", &net, &mask, err), 0);
	ck_assert_uint_eq(net, 0);
	ck_assert_uint_eq(mask, 0);
	net = mask = 5;
	ck_assert_int_eq(pcap_lookupnet("xdp:any@1,zc=off", &net, &mask, err), 0);
	ck_assert_uint_eq(net | mask, 0);
	net = mask = 5;
	ck_assert_int_eq(pcap_lookupnet(NULL, &net, &mask, err), 0);
	ck_assert_uint_eq(net | mask, 0);

	net = mask = 5;
	ck_assert_int_eq(pcap_lookupnet("mqnosuch0", &net, &mask, err), PCAP_ERROR);
	ck_assert_str_eq(err, "SIOCGIFADDR: mqnosuch0: No such device");
	ck_assert_uint_eq(net, 5);
	ck_assert_uint_eq(mask, 5);
	ck_assert_int_eq(pcap_lookupnet("ring:mqnosuch0,group=3", &net, &mask, err),
			 PCAP_ERROR);
	ck_assert_str_eq(err, "SIOCGIFADDR: mqnosuch0: No such device");
	/* 16 characters: too long for any interface; never truncated */
	ck_assert_int_eq(pcap_lookupnet("mq0123456789abcd", &net, &mask, err),
			 PCAP_ERROR);
	ck_assert_str_eq(err, "SIOCGIFADDR: mq0123456789abcd: No such device");
}
END_TEST

START_TEST(test_names_lookupnet_loopback)
{
	char err[PCAP_ERRBUF_SIZE];
	bpf_u_int32 net, mask, net2, mask2;

	if (pcap_lookupnet("lo", &net, &mask, err) < 0)
		return;	/* lo without 127.0.0.1 (fresh namespace) */
	/* network byte order */
	ck_assert_uint_eq(ntohl(net), 0x7f000000);
	ck_assert_uint_eq(ntohl(mask), 0xff000000);
	ck_assert_int_eq(pcap_lookupnet("ring:lo@0,members=2", &net2, &mask2, err), 0);
	ck_assert_uint_eq(net2, net);
	ck_assert_uint_eq(mask2, mask);
}
END_TEST

/* Runs last: pcap_init() cannot be undone within the process. */
START_TEST(test_names_lookupdev_refused_after_pcap_init)
{
	char err[PCAP_ERRBUF_SIZE] = "";

	ck_assert_int_eq(pcap_init(PCAP_CHAR_ENC_UTF_8, err), 0);
	ck_assert_ptr_null(pcap_lookupdev(err));
	ck_assert_str_eq(err, "pcap_lookupdev() is deprecated and is not "
			 "supported in programs calling pcap_init()");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("names");
	TCase *tables = tcase_create("tables");
	TCase *ether = tcase_create("ether");
	TCase *ifaces = tcase_create("interfaces");

	tcase_add_test(tables, test_names_eproto_table_values);
	tcase_add_test(tables, test_names_llc_values);
	tcase_add_test(tables, test_names_port_numeric_is_both_protocols);
	tcase_add_test(tables, test_names_port_services_file);
	tcase_add_test(tables, test_names_portrange_forms);
	tcase_add_test(tables, test_names_proto_values);
	tcase_add_test(tables, test_names_hosts_numeric);
	tcase_add_test(tables, test_names_netaddr);
	suite_add_tcase(s, tables);
	tcase_add_test(ether, test_names_ether_aton_formats);
	tcase_add_test(ether, test_names_ether_hostton_unknown);
	tcase_add_test(ether, test_names_etherent_syntax);
	tcase_add_test(ether, test_names_etherent_quirks);
	suite_add_tcase(s, ether);
	tcase_add_test(ifaces, test_names_ifname_interface_part);
	tcase_add_test(ifaces, test_names_findalldevs_any_and_loopback);
	tcase_add_test(ifaces, test_names_lookupdev_not_loopback);
	tcase_add_test(ifaces, test_names_lookupnet_any_and_errors);
	tcase_add_test(ifaces, test_names_lookupnet_loopback);
	tcase_add_test(ifaces, test_names_lookupdev_refused_after_pcap_init);
	suite_add_tcase(s, ifaces);

	return unit_run(s, CK_FORK_GETENV);
}
