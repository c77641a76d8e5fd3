/*
 * Arithmetic refusals as libpcap's (gen_arith.c, opt_fault.c): which
 * expressions "division by zero", "modulus by zero", "shift by more than
 * 31 bits" and "too many registers needed to evaluate expression" refuse,
 * at code generation and in the optimizer. Each case is compiled by both
 * libraries (the system libpcap through oracle_filter.c) and the table's
 * expectation, found by experiment with libpcap 1.10.3, is checked
 * against both, so that a change in either shows.
 */
#include <check.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include "oracle_filter.h"
#include "unit_run.h"

#define ARITH_DLT_PPI 192

static struct oracle_filter lp;

/* "" if it compiles, else the error message; into buf */
static const char *compile_ours(int dlt, const char *expr, int opt, char *buf, size_t n)
{
	return oracle_filter_message_ours(dlt, expr, opt, buf, n);
}

static const char *compile_theirs(int dlt, const char *expr, int opt, char *buf, size_t n)
{
	return oracle_filter_message(&lp, dlt, expr, opt, buf, n);
}


struct arith_case {
	int dlt;
	int opt;
	const char *expr;
	const char *msg;	/* NULL: compiles */
};

static const struct arith_case arith_cases[] = {
	/* code generation: the divisor's code starting with "ld #0" */
	{ DLT_EN10MB, 0, "len / 0 = 1", "division by zero" },
	{ DLT_EN10MB, 0, "len / -0 = 1", "division by zero" },
	{ DLT_EN10MB, 0, "len / (0 + len) = 1", "division by zero" },
	{ DLT_EN10MB, 0, "len / (0 * len) = 1", "division by zero" },
	{ DLT_EN10MB, 0, "len / ip[0] = 1", "division by zero" },
	{ DLT_EN10MB, 0, "len % -icmptype = 1", "modulus by zero" },
	{ DLT_EN10MB, 0, "len / (len - len) = 1", NULL },
	{ DLT_EN10MB, 0, "len / (1 - 1) = 1", NULL },
	{ DLT_EN10MB, 0, "len >> 32 = 0", "shift by more than 31 bits" },
	{ DLT_EN10MB, 0, "len << ip[32] = 1", "shift by more than 31 bits" },
	{ DLT_EN10MB, 0, "len >> (40 - 1) = 0", "shift by more than 31 bits" },
	{ DLT_EN10MB, 0, "len >> 31 = 0", NULL },
	{ DLT_EN10MB, 0, "len >> -1 = 0", NULL },
	/* the optimizer: a divisor or shift count folded to a constant */
	{ DLT_EN10MB, 1, "len / (1 - 1) = 1", "division by zero" },
	{ DLT_EN10MB, 1, "5 / (2 - 2) = 1", "division by zero" },
	{ DLT_EN10MB, 1, "len % (2 - 2) = 1", "modulus by zero" },
	{ DLT_EN10MB, 1, "tcp-ack % (tcp-syn / icmp-echo) < icmp-echo", "modulus by zero" },
	{ DLT_EN10MB, 1, "len >> -1 = 0", "shift by more than 31 bits" },
	{ DLT_EN10MB, 1, "len >> - tcpflags < 100", "shift by more than 31 bits" },
	{ DLT_EN10MB, 1, "1 << (30 + 10) = 0", NULL },
	{ DLT_EN10MB, 1, "(2 - 2) % len = 1", "expression rejects all packets" },
	{ DLT_EN10MB, 1, "len / (len - len) = 1", NULL },
	{ DLT_EN10MB, 1, "ip and len / (1 - 1) = 1", "division by zero" },
	{ DLT_EN10MB, 1, "len = 2 or len / (1 - 1) = 1", "division by zero" },
	{ DLT_EN10MB, 1, "1 = 2 and len / (1 - 1) = 1", "expression rejects all packets" },
	/* the root block is always libpcap's second phase's, even decided */
	{ DLT_EN10MB, 1, "len / (1 - 1) = 1 and 1 = 2", "division by zero" },
	{ DLT_EN10MB, 1, "len / (1 - 1) = 1 and len = 2 and 1 = 2", "division by zero" },
	{ DLT_LTALK, 1, "tcp-ack != tcp-syn % (tcp-ack % tcp-ack) and sctp", "modulus by zero" },
	{ DLT_EN10MB, 1, "ip6 and ip and len / (1 - 1) = 1", "expression rejects all packets" },
	/* no optimization where libpcap leaves the program as it is */
	{ DLT_EN10MB, 1, "geneve and len / (1 - 1) = 1", NULL },
};

START_TEST(test_arith_refusals_as_libpcap)
{
	const struct arith_case *c = &arith_cases[_i];
	char ours[PCAP_ERRBUF_SIZE], theirs[PCAP_ERRBUF_SIZE];
	const char *want = c->msg ? c->msg : "";

	compile_ours(c->dlt, c->expr, c->opt, ours, sizeof(ours));
	compile_theirs(c->dlt, c->expr, c->opt, theirs, sizeof(theirs));
	ck_assert_msg(strcmp(theirs, want) == 0, "libpcap -O%d '%s': '%s', table says '%s'",
		      c->opt, c->expr, theirs, want);
	ck_assert_msg(strcmp(ours, want) == 0, "mqpcap -O%d '%s': '%s', libpcap '%s'",
		      c->opt, c->expr, ours, want);
}
END_TEST

/* ---- register accounting: the depth at which each refuses ------------ */

/* n operands nested to the right: "L + (L + (... L))" */
static void nest_right(char *buf, size_t n, int count, const char *leaf,
		       const char *innermost)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < count - 1; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s + (", leaf);
	len += (size_t)snprintf(buf + len, n - len, "%s", innermost);
	for (i = 0; i < count - 1; i++)
		len += (size_t)snprintf(buf + len, n - len, ")");
}

struct reg_shape {
	const char *before;	/* primitives in front */
	const char *leaf;
	const char *innermost;
	const char *after;
};

static const struct reg_shape reg_shapes[] = {
	{ "", "1", "1", " = 1" },
	{ "1 = ", "1", "1", "" },
	{ "", "len", "len", " = 1" },
	{ "", "ip[0]", "ip[0]", " = 1" },
	{ "", "link[0]", "link[0]", " = 1" },
	{ "", "tcp[0]", "tcp[0]", " = 1" },
	{ "", "1", "ip[0]", " = 1" },
	{ "", "1", "link[0]", " = 1" },
	{ "", "1", "icmp6[0]", " = 1" },
	{ "ip and ", "1", "1", " = 1" },
	{ "tcp and ", "1", "1", " = 1" },
	{ "type data and ", "1", "1", " = 1" },
	{ "", "1", "1", " = 1 or ip" },
	{ "geneve and ", "1", "1", " = 1" },
	{ "geneve and geneve and ", "1", "1", " = 1" },
	{ "protochain 6 and protochain 6 and ", "1", "1", " = 1" },
};

static const int reg_dlts[] = {
	DLT_EN10MB, DLT_IEEE802_11, DLT_IEEE802_11_RADIO, DLT_PFLOG,
	DLT_PRISM_HEADER, DLT_IEEE802_11_RADIO_AVS, ARITH_DLT_PPI,
};

#define REG_MAX_DEPTH 24

/* The first depth at which compile refuses with "too many registers";
 * 0 if none up to REG_MAX_DEPTH (any other refusal ends the search). */
static int refusal_depth(const char *(*compile)(int, const char *, int, char *, size_t),
			 int dlt, const struct reg_shape *sh)
{
	char nest[1024], expr[1200], msg[PCAP_ERRBUF_SIZE];
	int n;

	for (n = 1; n <= REG_MAX_DEPTH; n++) {
		nest_right(nest, sizeof(nest), n, sh->leaf, sh->innermost);
		snprintf(expr, sizeof(expr), "%s%s%s", sh->before, nest, sh->after);
		compile(dlt, expr, 0, msg, sizeof(msg));
		if (msg[0] == '\0')
			continue;
		return strcmp(msg, "too many registers needed to evaluate expression") ? -n : n;
	}
	return 0;
}

START_TEST(test_arith_register_limit_as_libpcap)
{
	const struct reg_shape *sh = &reg_shapes[_i];
	size_t d;

	for (d = 0; d < sizeof(reg_dlts) / sizeof(reg_dlts[0]); d++) {
		int ours = refusal_depth(compile_ours, reg_dlts[d], sh);
		int theirs = refusal_depth(compile_theirs, reg_dlts[d], sh);

		ck_assert_msg(ours == theirs,
			      "DLT %d '%s%s...%s': mqpcap refuses at depth %d, libpcap at %d (negative: another error)",
			      reg_dlts[d], sh->before, sh->leaf, sh->after, ours, theirs);
	}
}
END_TEST

/* The thresholds measured with libpcap 1.10.3, so that the comparison
 * above cannot pass by both libraries accepting everything. */
START_TEST(test_arith_register_limit_values)
{
	static const struct reg_shape consts = { "", "1", "1", " = 1" };
	static const struct reg_shape loads = { "", "ip[0]", "ip[0]", " = 1" };

	ck_assert_int_eq(refusal_depth(compile_ours, DLT_EN10MB, &consts), 17);
	ck_assert_int_eq(refusal_depth(compile_ours, DLT_EN10MB, &loads), 16);
	ck_assert_int_eq(refusal_depth(compile_ours, DLT_IEEE802_11, &loads), 15);
	ck_assert_int_eq(refusal_depth(compile_ours, DLT_IEEE802_11_RADIO, &loads), 14);
}
END_TEST

/* a bare protochain keeps one of libpcap's registers: the 16th fails */
START_TEST(test_arith_protochain_registers)
{
	char expr[1024], ours[PCAP_ERRBUF_SIZE], theirs[PCAP_ERRBUF_SIZE];
	size_t len = 0;
	int n;

	for (n = 1; n <= 17; n++) {
		len += (size_t)snprintf(expr + len, sizeof(expr) - len, "%sprotochain 6",
					n > 1 ? " and " : "");
		compile_ours(DLT_EN10MB, expr, 0, ours, sizeof(ours));
		compile_theirs(DLT_EN10MB, expr, 0, theirs, sizeof(theirs));
		ck_assert_msg(strcmp(ours, theirs) == 0, "%d protochains: mqpcap '%s', libpcap '%s'",
			      n, ours, theirs);
		ck_assert_int_eq(ours[0] != '\0', n >= 16);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gen_arith");
	TCase *tc = tcase_create("gen_arith");

	oracle_filter_load_or_skip(&lp, "test_gen_arith");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_arith_refusals_as_libpcap, 0,
			    (int)(sizeof(arith_cases) / sizeof(arith_cases[0])));
	tcase_add_loop_test(tc, test_arith_register_limit_as_libpcap, 0,
			    (int)(sizeof(reg_shapes) / sizeof(reg_shapes[0])));
	tcase_add_test(tc, test_arith_register_limit_values);
	tcase_add_test(tc, test_arith_protochain_registers);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_NOFORK);
}
