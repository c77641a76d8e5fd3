/* The device-name grammar and the environment's options. */
#include "capture/devname.h"
#include "unit_run.h"

#include <check.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

static struct devname dn;
static char err[PCAP_ERRBUF_SIZE];

static int parse(const char *name)
{
	err[0] = '\0';
	return devname_parse_env(&dn, name, NULL, NULL, NULL, NULL, err);
}

START_TEST(test_devname_plain_name_is_ring_all_queues)
{
	ck_assert_int_eq(parse("eth0"), 0);
	ck_assert_int_eq(dn.backend, DEVNAME_RING);
	ck_assert_str_eq(dn.iface, "eth0");
	ck_assert_int_eq(dn.queue_first, DEVNAME_ALL_QUEUES);
	ck_assert_int_eq(dn.group, DEVNAME_PRIVATE_GROUP);
	ck_assert_int_eq(dn.fanout, DEVNAME_FANOUT_HASH);
	ck_assert_int_eq(dn.order, DEVNAME_ORDER_LOOSE);
	ck_assert_int_eq(dn.members, 0);
	ck_assert_uint_eq(dn.ring_bytes, 0);
}
END_TEST

START_TEST(test_devname_backend_prefixes)
{
	ck_assert_int_eq(parse("ring:eth0"), 0);
	ck_assert_int_eq(dn.backend, DEVNAME_RING);
	ck_assert_int_eq(parse("pfq:eth0"), 0);
	ck_assert_int_eq(dn.backend, DEVNAME_PFQ);
	ck_assert_int_eq(parse("classic:any"), 0);
	ck_assert_int_eq(dn.backend, DEVNAME_CLASSIC);
	ck_assert_str_eq(dn.iface, "any");
	ck_assert_int_eq(parse("xdp:eth1@2"), 0);
	ck_assert_int_eq(dn.backend, DEVNAME_XDP);
	ck_assert_str_eq(dn.iface, "eth1");
}
END_TEST

START_TEST(test_devname_alias_colon_stays_in_iface)
{
	ck_assert_int_eq(parse("eth0:1"), 0);
	ck_assert_int_eq(dn.backend, DEVNAME_RING);
	ck_assert_str_eq(dn.iface, "eth0:1");
}
END_TEST

START_TEST(test_devname_queues)
{
	ck_assert_int_eq(parse("eth0@3"), 0);
	ck_assert_int_eq(dn.queue_first, 3);
	ck_assert_int_eq(dn.queue_last, 3);
	ck_assert_int_eq(parse("ring:eth0@0-3,group=7"), 0);
	ck_assert_int_eq(dn.queue_first, 0);
	ck_assert_int_eq(dn.queue_last, 3);
	ck_assert_int_eq(dn.group, 7);
}
END_TEST

START_TEST(test_devname_bad_queue_ranges_say_so)
{
	static const char *const bad[] = {
		"eth0@", "eth0@x", "eth0@3-1", "eth0@-1", "eth0@1-", "eth0@999",
		"eth0@1-2-3",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(parse(bad[i]) < 0, "%s accepted", bad[i]);
		ck_assert_msg(strstr(err, "queue range") != NULL,
			      "%s: message \"%s\"", bad[i], err);
	}
}
END_TEST

START_TEST(test_devname_all_options)
{
	ck_assert_int_eq(parse("eth0,group=65535,fanout=symhash,members=4,ring=256M,order=strict,zc=off,mode=skb,busy_poll=50"), 0);
	ck_assert_int_eq(dn.group, 65535);
	ck_assert_int_eq(dn.fanout, DEVNAME_FANOUT_SYMHASH);
	ck_assert_int_eq(dn.members, 4);
	ck_assert_uint_eq(dn.ring_bytes, 256u << 20);
	ck_assert_int_eq(dn.order, DEVNAME_ORDER_STRICT);
	ck_assert_int_eq(dn.zc, DEVNAME_OFF);
	ck_assert_int_eq(dn.xdp_skb_mode, 1);
	ck_assert_int_eq(dn.busy_poll_us, 50);
	ck_assert_int_eq(parse("eth0,ring=64k"), 0);
	ck_assert_uint_eq(dn.ring_bytes, 64u << 10);
	ck_assert_int_eq(parse("eth0,ring=1G"), 0);
	ck_assert_uint_eq(dn.ring_bytes, 1u << 30);
	ck_assert_int_eq(parse("eth0,ring=4096"), 0);
	ck_assert_uint_eq(dn.ring_bytes, 4096);
	static const char *const modes[] = { "hash", "symhash", "cpu", "lb", "qm", "rollover" };
	for (int i = 0; i < 6; i++) {
		char name[64];

		snprintf(name, sizeof(name), "eth0,fanout=%s", modes[i]);
		ck_assert_int_eq(parse(name), 0);
		ck_assert_int_eq(dn.fanout, i);
		ck_assert_str_eq(devname_fanout_name(dn.fanout), modes[i]);
	}
}
END_TEST

START_TEST(test_devname_bad_options_name_the_option)
{
	ck_assert_int_lt(parse("eth0,colour=red"), 0);
	ck_assert_ptr_nonnull(strstr(err, "unknown option \"colour\""));
	ck_assert_int_lt(parse("eth0,group=70000"), 0);
	ck_assert_ptr_nonnull(strstr(err, "bad value \"70000\" for option group"));
	ck_assert_int_lt(parse("eth0,fanout=random"), 0);
	ck_assert_ptr_nonnull(strstr(err, "fanout"));
	ck_assert_int_lt(parse("eth0,members=0"), 0);
	ck_assert_int_lt(parse("eth0,ring=0"), 0);
	ck_assert_int_lt(parse("eth0,ring=12X"), 0);
	ck_assert_int_lt(parse("eth0,order=chaos"), 0);
	ck_assert_int_lt(parse("eth0,group"), 0);
	ck_assert_ptr_nonnull(strstr(err, "KEY=VALUE"));
	ck_assert_int_lt(parse("eth0,"), 0);
	ck_assert_ptr_nonnull(strstr(err, "empty option"));
	ck_assert_int_lt(parse("eth0,,group=1"), 0);
	ck_assert_int_lt(parse("eth0,group=1,"), 0);
}
END_TEST

START_TEST(test_devname_iface_length_after_stripping)
{
	/* 15 characters is the longest Linux name; prefix and options don't count. */
	ck_assert_int_eq(parse("ring:abcdefghijklmno@1,group=3"), 0);
	ck_assert_str_eq(dn.iface, "abcdefghijklmno");
	ck_assert_int_lt(parse("abcdefghijklmnop"), 0);
	ck_assert_ptr_nonnull(strstr(err, "too long"));
	ck_assert_int_lt(parse("ring:"), 0);
	ck_assert_ptr_nonnull(strstr(err, "no interface"));
	ck_assert_int_lt(parse("@1"), 0);
	ck_assert_int_lt(parse(""), 0);
}
END_TEST

START_TEST(test_devname_environment_precedence)
{
	/* PFQ's variables < MQPCAP_OPTIONS < the name. */
	ck_assert_int_eq(devname_parse_env(&dn, "eth0", "group=5", "lb", "9", "128", err), 0);
	ck_assert_int_eq(dn.group, 5);
	ck_assert_int_eq(dn.fanout, DEVNAME_FANOUT_LB);
	ck_assert_int_eq(dn.caplen, 128);
	ck_assert_int_eq(devname_parse_env(&dn, "eth0,group=6", "group=5,fanout=cpu", NULL, "9", NULL, err), 0);
	ck_assert_int_eq(dn.group, 6);
	ck_assert_int_eq(dn.fanout, DEVNAME_FANOUT_CPU);
	ck_assert_int_eq(devname_parse_env(&dn, "eth0", NULL, NULL, "9", NULL, err), 0);
	ck_assert_int_eq(dn.group, 9);
	ck_assert_int_lt(devname_parse_env(&dn, "eth0", "members=x", NULL, NULL, NULL, err), 0);
	ck_assert_ptr_nonnull(strstr(err, "MQPCAP_OPTIONS"));
	ck_assert_int_lt(devname_parse_env(&dn, "eth0", NULL, "weird", NULL, NULL, err), 0);
	ck_assert_ptr_nonnull(strstr(err, "PCAP_FANOUT"));
	ck_assert_int_lt(devname_parse_env(&dn, "eth0", NULL, NULL, "-1", NULL, err), 0);
	ck_assert_ptr_nonnull(strstr(err, "PCAP_GROUP"));
	ck_assert_int_lt(devname_parse_env(&dn, "eth0", NULL, NULL, NULL, "0", err), 0);
	ck_assert_ptr_nonnull(strstr(err, "PCAP_CAPLEN"));
}
END_TEST

START_TEST(test_devname_getenv_reads_mqpcap_options)
{
	setenv("MQPCAP_OPTIONS", "members=3", 1);
	ck_assert_int_eq(devname_parse(&dn, "lo", err), 0);
	ck_assert_int_eq(dn.members, 3);
	unsetenv("MQPCAP_OPTIONS");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("devname");
	TCase *tc = tcase_create("grammar");

	tcase_add_test(tc, test_devname_plain_name_is_ring_all_queues);
	tcase_add_test(tc, test_devname_backend_prefixes);
	tcase_add_test(tc, test_devname_alias_colon_stays_in_iface);
	tcase_add_test(tc, test_devname_queues);
	tcase_add_test(tc, test_devname_bad_queue_ranges_say_so);
	tcase_add_test(tc, test_devname_all_options);
	tcase_add_test(tc, test_devname_bad_options_name_the_option);
	tcase_add_test(tc, test_devname_iface_length_after_stripping);
	tcase_add_test(tc, test_devname_environment_precedence);
	tcase_add_test(tc, test_devname_getenv_reads_mqpcap_options);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
