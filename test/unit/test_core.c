/*
 * The core life cycle and tables against libpcap's documented behaviour
 * and against the system libpcap itself (loaded with dlmopen): the same
 * calls on both, the same return codes and texts. Nothing here needs root
 * or a network device: handles are dead, savefiles, never-activated ones
 * for a device that does not exist, or made with a fake backend that lets
 * the core's own rules (activation, break flag) be exercised directly.
 */
#include "core/handle.h"

#include "oracle.h"
#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit_run.h"

/* Every call compared, once as mqpcap's and once as the system's. */
#define API_CALLS(X)							\
	X(pcap_activate) X(pcap_breakloop) X(pcap_bufsize)		\
	X(pcap_can_set_rfmon) X(pcap_close) X(pcap_create)		\
	X(pcap_datalink) X(pcap_datalink_ext)				\
	X(pcap_datalink_name_to_val) X(pcap_datalink_val_to_description) \
	X(pcap_datalink_val_to_description_or_dlt)			\
	X(pcap_datalink_val_to_name) X(pcap_dispatch) X(pcap_file)	\
	X(pcap_fileno) X(pcap_free_datalinks) X(pcap_free_tstamp_types)	\
	X(pcap_get_selectable_fd) X(pcap_get_tstamp_precision)		\
	X(pcap_geterr) X(pcap_getnonblock) X(pcap_init) X(pcap_inject)	\
	X(pcap_is_swapped) X(pcap_list_datalinks)			\
	X(pcap_list_tstamp_types) X(pcap_loop) X(pcap_major_version)	\
	X(pcap_minor_version) X(pcap_next_ex) X(pcap_open_dead)		\
	X(pcap_open_dead_with_tstamp_precision) X(pcap_open_offline)	\
	X(pcap_sendpacket) X(pcap_set_buffer_size) X(pcap_set_datalink)	\
	X(pcap_set_immediate_mode) X(pcap_set_promisc)			\
	X(pcap_set_protocol_linux) X(pcap_set_rfmon) X(pcap_set_snaplen) \
	X(pcap_set_timeout) X(pcap_set_tstamp_precision)		\
	X(pcap_set_tstamp_type) X(pcap_setdirection) X(pcap_setnonblock) \
	X(pcap_snapshot) X(pcap_stats) X(pcap_statustostr)		\
	X(pcap_strerror) X(pcap_tstamp_type_name_to_val)		\
	X(pcap_tstamp_type_val_to_description)				\
	X(pcap_tstamp_type_val_to_name) X(pcap_setfilter) X(pcap_compile)	\
	X(pcap_freecode) X(pcap_next) X(pcap_dump_open) X(pcap_dump_close) \
	X(pcap_get_required_select_timeout) X(pcap_perror)

struct pcap_api {
	const char *who;
#define API_FIELD(f) __typeof__(&f) f;
	API_CALLS(API_FIELD)
#undef API_FIELD
};

static const struct pcap_api mq = {
	.who = "mqpcap",
#define API_OURS(f) .f = f,
	API_CALLS(API_OURS)
#undef API_OURS
};

static struct pcap_api sys = { .who = "system" };
static int have_sys;
static void *sys_lib;

static void *dlsym_system(const char *name)
{
	void *f = dlsym(sys_lib, name);

	ck_assert_msg(f != NULL, "system libpcap lacks %s", name);
	return f;
}

static void load_system_libpcap(void)
{
	void *h = oracle_open();

	if (h == NULL) {
		fprintf(stderr, "no system libpcap to compare with: %s\n",
			dlerror());
		return;
	}
	sys_lib = h;
#define API_SYS(f)							\
	if ((*(void **)&sys.f = dlsym(h, #f)) == NULL) {		\
		fprintf(stderr, "system libpcap lacks %s\n", #f);	\
		return;							\
	}
	API_CALLS(API_SYS)
#undef API_SYS
	have_sys = 1;
}

/* The comparisons need the oracle; without it they would prove nothing. */
#define REQUIRE_SYSTEM()						\
	ck_assert_msg(have_sys, "system libpcap.so.0.8 not loadable")

static int str_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

#define SHOW(s)	((s) ? (s) : "(null)")

/* ---- status and error texts ------------------------------------------ */

START_TEST(test_statustostr_matches_system_for_every_code)
{
	REQUIRE_SYSTEM();
	for (int code = -20; code <= 20; code++) {
		char want[256];

		/* Copy: both may use one static buffer for unknown codes. */
		snprintf(want, sizeof(want), "%s", sys.pcap_statustostr(code));
		ck_assert_msg(str_equal(mq.pcap_statustostr(code), want),
			      "pcap_statustostr(%d): mqpcap \"%s\", system \"%s\"",
			      code, mq.pcap_statustostr(code), want);
	}
}
END_TEST

START_TEST(test_strerror_matches_system)
{
	static const int extra[] = { -1, 1000, 100000, -100000 };

	REQUIRE_SYSTEM();
	for (int i = 0; i < 134 + 4; i++) {
		int e = i < 134 ? i : extra[i - 134];
		char want[256];

		snprintf(want, sizeof(want), "%s", sys.pcap_strerror(e));
		ck_assert_msg(str_equal(mq.pcap_strerror(e), want),
			      "pcap_strerror(%d): mqpcap \"%s\", system \"%s\"",
			      e, mq.pcap_strerror(e), want);
	}
}
END_TEST

/* ---- link-type and time stamp tables ------------------------------------ */

/* Values worth asking about: every small one, the class bits, extremes. */
static int interesting_dlt(int i)
{
	static const int big[] = { -1, -2, 65535, 65536, 0x02240002,
				   0x7fffffff, (int)0x80000000 };

	return i <= 300 ? i : big[i - 301];
}
#define DLT_PROBES	(301 + 7)

START_TEST(test_datalink_values_match_system)
{
	int named = 0;

	REQUIRE_SYSTEM();
	for (int i = 0; i < DLT_PROBES; i++) {
		int v = interesting_dlt(i);
		char want[256];

		ck_assert_msg(str_equal(mq.pcap_datalink_val_to_name(v),
					sys.pcap_datalink_val_to_name(v)),
			      "pcap_datalink_val_to_name(%d): mqpcap %s, system %s",
			      v, SHOW(mq.pcap_datalink_val_to_name(v)),
			      SHOW(sys.pcap_datalink_val_to_name(v)));
		ck_assert_msg(str_equal(mq.pcap_datalink_val_to_description(v),
					sys.pcap_datalink_val_to_description(v)),
			      "pcap_datalink_val_to_description(%d): mqpcap %s, system %s",
			      v, SHOW(mq.pcap_datalink_val_to_description(v)),
			      SHOW(sys.pcap_datalink_val_to_description(v)));
		snprintf(want, sizeof(want), "%s",
			 sys.pcap_datalink_val_to_description_or_dlt(v));
		ck_assert_msg(str_equal(mq.pcap_datalink_val_to_description_or_dlt(v), want),
			      "pcap_datalink_val_to_description_or_dlt(%d): mqpcap %s, system %s",
			      v, mq.pcap_datalink_val_to_description_or_dlt(v), want);
		named += sys.pcap_datalink_val_to_name(v) != NULL;
	}
	/* Guard against an oracle that names nothing. */
	ck_assert_int_gt(named, 100);
}
END_TEST

/* Every name either library knows, in three spellings, maps to the same
 * value in both; so do names neither knows. */
static void check_datalink_name(const char *name)
{
	char lower[64], upper[64];
	size_t i;

	for (i = 0; name[i] && i < sizeof(lower) - 1; i++) {
		lower[i] = (char)(name[i] | 0x20);
		upper[i] = (char)(name[i] & ~0x20);
		if (name[i] < 'A')	/* digits, '_' keep their case */
			lower[i] = upper[i] = name[i];
	}
	lower[i] = upper[i] = '\0';
	const char *spellings[] = { name, lower, upper };
	for (int s = 0; s < 3; s++)
		ck_assert_msg(mq.pcap_datalink_name_to_val(spellings[s]) ==
			      sys.pcap_datalink_name_to_val(spellings[s]),
			      "pcap_datalink_name_to_val(\"%s\"): mqpcap %d, system %d",
			      spellings[s], mq.pcap_datalink_name_to_val(spellings[s]),
			      sys.pcap_datalink_name_to_val(spellings[s]));
}

START_TEST(test_datalink_names_match_system)
{
	static const char *unknown[] = { "", "DLT_EN10MB", "EN10MB ",
					 "ethernet", "nosuchlink", "EN10M" };

	REQUIRE_SYSTEM();
	for (int i = 0; i < DLT_PROBES; i++) {
		int v = interesting_dlt(i);
		const char *n;

		if ((n = sys.pcap_datalink_val_to_name(v)) != NULL)
			check_datalink_name(n);
		if ((n = mq.pcap_datalink_val_to_name(v)) != NULL)
			check_datalink_name(n);
	}
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		check_datalink_name(unknown[i]);
}
END_TEST

START_TEST(test_tstamp_tables_match_system)
{
	static const char *names[] = { "host", "HOST", "Host_Lowprec",
		"host_hiprec", "adapter", "adapter_unsynced",
		"host_hiprec_unsynced", "", "hostx", "Host" };

	REQUIRE_SYSTEM();
	for (int t = -3; t <= 40; t++) {
		ck_assert_msg(str_equal(mq.pcap_tstamp_type_val_to_name(t),
					sys.pcap_tstamp_type_val_to_name(t)),
			      "pcap_tstamp_type_val_to_name(%d): mqpcap %s, system %s",
			      t, SHOW(mq.pcap_tstamp_type_val_to_name(t)),
			      SHOW(sys.pcap_tstamp_type_val_to_name(t)));
		ck_assert_msg(str_equal(mq.pcap_tstamp_type_val_to_description(t),
					sys.pcap_tstamp_type_val_to_description(t)),
			      "pcap_tstamp_type_val_to_description(%d): mqpcap %s, system %s",
			      t, SHOW(mq.pcap_tstamp_type_val_to_description(t)),
			      SHOW(sys.pcap_tstamp_type_val_to_description(t)));
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(mq.pcap_tstamp_type_name_to_val(names[i]) ==
			      sys.pcap_tstamp_type_name_to_val(names[i]),
			      "pcap_tstamp_type_name_to_val(\"%s\"): mqpcap %d, system %d",
			      names[i], mq.pcap_tstamp_type_name_to_val(names[i]),
			      sys.pcap_tstamp_type_name_to_val(names[i]));
}
END_TEST

/* ---- versions and pcap_init --------------------------------------------- */

START_TEST(test_lib_version_names_mqpcap_and_the_api)
{
	const char *v = pcap_lib_version();
	char api[32];

	/* Tools parse "libpcap version X.Y.Z" at the start of the line. */
	ck_assert_msg(sscanf(v, "libpcap version %31[0-9.]", api) == 1,
		      "pcap_lib_version() \"%s\" does not start with "
		      "\"libpcap version X.Y.Z\"", v);
	ck_assert_str_eq(api, pcap_version);
	ck_assert_msg(strstr(v, "mqpcap ") != NULL,
		      "pcap_lib_version() \"%s\" does not say mqpcap", v);
	/* nmap keeps the text up to the first comma as the version. */
	ck_assert_msg(strchr(v, ',') == NULL, "comma in \"%s\"", v);
	ck_assert_int_eq(sscanf(pcap_version, "1.%*d.%*d"), 0);
	ck_assert_msg(strncmp(pcap_version, "1.10.", 5) == 0,
		      "pcap_version \"%s\": mqpcap implements the 1.10 API",
		      pcap_version);
}
END_TEST

/* Unknown options fail; so does a second call that changes the encoding
 * the first chose (this runs in its own forked process). */
START_TEST(test_init_accepts_only_known_options)
{
	static const unsigned int opts[] = { 0, 1, 2, 3, 0x80000000u };

	REQUIRE_SYSTEM();
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		char eb_mq[PCAP_ERRBUF_SIZE] = "", eb_sys[PCAP_ERRBUF_SIZE] = "";
		int a = mq.pcap_init(opts[i], eb_mq);
		int b = sys.pcap_init(opts[i], eb_sys);

		ck_assert_msg(a == b, "pcap_init(%#x): mqpcap %d, system %d",
			      opts[i], a, b);
		if (a < 0)
			ck_assert_msg(eb_mq[0] != '\0',
				      "pcap_init(%#x) failed without a message",
				      opts[i]);
	}
}
END_TEST

/* ---- the same calls on the same kind of handle, in both libraries -------- */

/* One call on a handle, reduced to a return code. */
typedef int (*probe_fn)(const struct pcap_api *api, pcap_t *p);

/* A probe in one line: its body, over the API "a" and the handle "p". */
#define PROBE_EXPR(name, body)						\
	static int name(const struct pcap_api *a, pcap_t *p)		\
	{ (void)a; (void)p; body }

PROBE_EXPR(probe_snaplen,
	   return a->pcap_set_snaplen(p, 100);)
PROBE_EXPR(probe_promisc,
	   return a->pcap_set_promisc(p, 1);)
PROBE_EXPR(probe_rfmon,
	   return a->pcap_set_rfmon(p, 1);)
PROBE_EXPR(probe_timeout,
	   return a->pcap_set_timeout(p, 10);)
PROBE_EXPR(probe_tstamp_type,
	   return a->pcap_set_tstamp_type(p, PCAP_TSTAMP_HOST);)
PROBE_EXPR(probe_tstamp_adapter,
	   return a->pcap_set_tstamp_type(p, PCAP_TSTAMP_ADAPTER);)
PROBE_EXPR(probe_tstamp_bogus,
	   return a->pcap_set_tstamp_type(p, 99);)
PROBE_EXPR(probe_snaplen_negative,
	   return a->pcap_set_snaplen(p, -5);)
PROBE_EXPR(probe_buffer_negative,
	   return a->pcap_set_buffer_size(p, -5);)
PROBE_EXPR(probe_immediate,
	   return a->pcap_set_immediate_mode(p, 1);)
PROBE_EXPR(probe_buffer,
	   return a->pcap_set_buffer_size(p, 1 << 20);)
PROBE_EXPR(probe_precision_nano,
	   return a->pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);)
PROBE_EXPR(probe_precision_bad,
	   return a->pcap_set_tstamp_precision(p, 7);)
PROBE_EXPR(probe_protocol,
	   return a->pcap_set_protocol_linux(p, 3);)
PROBE_EXPR(probe_activate,
	   return a->pcap_activate(p);)
PROBE_EXPR(probe_datalink,
	   return a->pcap_datalink(p);)
PROBE_EXPR(probe_datalink_ext,
	   return a->pcap_datalink_ext(p);)
PROBE_EXPR(probe_snapshot,
	   return a->pcap_snapshot(p);)
PROBE_EXPR(probe_is_swapped,
	   return a->pcap_is_swapped(p);)
PROBE_EXPR(probe_bufsize,
	   return a->pcap_bufsize(p);)
PROBE_EXPR(probe_major,
	   return a->pcap_major_version(p);)
PROBE_EXPR(probe_minor,
	   return a->pcap_minor_version(p);)
PROBE_EXPR(probe_precision,
	   return a->pcap_get_tstamp_precision(p);)
PROBE_EXPR(probe_has_file,
	   return a->pcap_file(p) != NULL;)
/* Descriptors: whether there is one (1), or the error; the two libraries'
 * numbers differ when both have files open. */
PROBE_EXPR(probe_selectable_fd,
	   int fd = a->pcap_get_selectable_fd(p); return fd >= 0 ? 1 : fd;)
PROBE_EXPR(probe_fileno,
	   int fd = a->pcap_fileno(p); return fd >= 0 ? 1 : fd;)
PROBE_EXPR(probe_set_datalink_other,
	   return a->pcap_set_datalink(p, DLT_PPP_SERIAL);)
PROBE_EXPR(probe_direction,
	   return a->pcap_setdirection(p, PCAP_D_IN);)
PROBE_EXPR(probe_can_rfmon,
	   return a->pcap_can_set_rfmon(p);)

static int probe_set_datalink_same(const struct pcap_api *a, pcap_t *p)
{
	int dlt = a->pcap_datalink(p);

	return a->pcap_set_datalink(p, dlt < 0 ? DLT_EN10MB : dlt);
}

static int probe_getnonblock(const struct pcap_api *a, pcap_t *p)
{
	char eb[PCAP_ERRBUF_SIZE];

	return a->pcap_getnonblock(p, eb);
}

static int probe_setnonblock(const struct pcap_api *a, pcap_t *p)
{
	char eb[PCAP_ERRBUF_SIZE];

	return a->pcap_setnonblock(p, 1, eb);
}

static int probe_stats(const struct pcap_api *a, pcap_t *p)
{
	struct pcap_stat st;

	return a->pcap_stats(p, &st);
}

static int probe_inject(const struct pcap_api *a, pcap_t *p)
{
	static const u_char frame[60];

	return a->pcap_inject(p, frame, sizeof(frame));
}

static int probe_sendpacket(const struct pcap_api *a, pcap_t *p)
{
	static const u_char frame[60];

	return a->pcap_sendpacket(p, frame, sizeof(frame));
}

static void count_packet(u_char *user, const struct pcap_pkthdr *h,
			 const u_char *data)
{
	(void)h; (void)data;
	(*(int *)user)++;
}

static int probe_dispatch(const struct pcap_api *a, pcap_t *p)
{
	int n = 0;

	return a->pcap_dispatch(p, 1, count_packet, (u_char *)&n);
}

static int probe_next_ex(const struct pcap_api *a, pcap_t *p)
{
	struct pcap_pkthdr *h;
	const u_char *d;

	return a->pcap_next_ex(p, &h, &d);
}

/* The list's length, or its error code; the values must agree too. */
static int probe_list_datalinks(const struct pcap_api *a, pcap_t *p)
{
	int *list = NULL;
	int n = a->pcap_list_datalinks(p, &list);
	int sum = 0;

	for (int i = 0; i < n; i++)
		sum = sum * 31 + list[i];
	if (n >= 0)
		a->pcap_free_datalinks(list);
	return n < 0 ? n : n * 1000003 + sum;
}

static int probe_list_tstamp_types(const struct pcap_api *a, pcap_t *p)
{
	int *list = NULL;
	int n = a->pcap_list_tstamp_types(p, &list);
	int sum = 0;

	for (int i = 0; i < n; i++)
		sum = sum * 31 + list[i];
	if (n >= 0)
		a->pcap_free_tstamp_types(list);
	return n < 0 ? n : n * 1000003 + sum;
}

static int probe_setfilter(const struct pcap_api *a, pcap_t *p)
{
	struct bpf_insn accept = BPF_STMT(BPF_RET | BPF_K, 65535);
	struct bpf_program prog = { 1, &accept };

	return a->pcap_setfilter(p, &prog);
}

/* Compiling needs an active handle (for its link type), dead or live. */
static int probe_compile(const struct pcap_api *a, pcap_t *p)
{
	struct bpf_program prog;
	int rc = a->pcap_compile(p, &prog, "", 1, PCAP_NETMASK_UNKNOWN);

	if (rc == 0)
		a->pcap_freecode(&prog);
	return rc;
}

static int probe_loop(const struct pcap_api *a, pcap_t *p)
{
	int n = 0;
	int rc = a->pcap_loop(p, 2, count_packet, (u_char *)&n);

	return rc * 100 + n;
}

static int probe_next(const struct pcap_api *a, pcap_t *p)
{
	struct pcap_pkthdr h;
	const u_char *d = a->pcap_next(p, &h);

	return d ? (int)h.caplen : -1;
}

/* The writer refuses handles that are not active. */
static int probe_dump_open(const struct pcap_api *a, pcap_t *p)
{
	pcap_dumper_t *d = a->pcap_dump_open(p, "/dev/null");

	if (d == NULL)
		return -1;
	a->pcap_dump_close(d);
	return 0;
}

static int probe_select_timeout(const struct pcap_api *a, pcap_t *p)
{
	return a->pcap_get_required_select_timeout(p) != NULL;
}

struct probe {
	const char *name;
	probe_fn fn;
};

#define PROBE(f)	{ #f, f }

/* Asked of any handle; each runs on a fresh one. */
static const struct probe probes[] = {
	PROBE(probe_snaplen), PROBE(probe_promisc), PROBE(probe_rfmon),
	PROBE(probe_timeout), PROBE(probe_tstamp_type),
	PROBE(probe_tstamp_adapter), PROBE(probe_tstamp_bogus),
	PROBE(probe_snaplen_negative), PROBE(probe_buffer_negative),
	PROBE(probe_immediate),
	PROBE(probe_buffer), PROBE(probe_precision_nano),
	PROBE(probe_precision_bad), PROBE(probe_protocol),
	PROBE(probe_activate), PROBE(probe_datalink), PROBE(probe_datalink_ext),
	PROBE(probe_snapshot), PROBE(probe_is_swapped), PROBE(probe_bufsize),
	PROBE(probe_major), PROBE(probe_minor), PROBE(probe_precision),
	PROBE(probe_has_file), PROBE(probe_selectable_fd), PROBE(probe_fileno),
	PROBE(probe_set_datalink_same), PROBE(probe_set_datalink_other),
	PROBE(probe_direction), PROBE(probe_getnonblock),
	PROBE(probe_setnonblock), PROBE(probe_stats), PROBE(probe_inject),
	PROBE(probe_sendpacket), PROBE(probe_dispatch), PROBE(probe_next_ex),
	PROBE(probe_list_datalinks), PROBE(probe_list_tstamp_types),
	PROBE(probe_can_rfmon), PROBE(probe_setfilter), PROBE(probe_compile),
	PROBE(probe_loop), PROBE(probe_next), PROBE(probe_dump_open),
	PROBE(probe_select_timeout),
};
#define PROBE_COUNT	(sizeof(probes) / sizeof(probes[0]))

/* How to make the handle a comparison runs on. */
typedef pcap_t *(*opener_fn)(const struct pcap_api *api, char *errbuf);

/* Runs every probe on a fresh handle from each library and compares the
 * codes, and the error text wherever the system's call left one. Probes
 * listed in 'skip' are left out (with the reason given where the list is
 * made). Returns the number of differences. */
static int compare_probes(const char *what, opener_fn open_handle,
			  const char *const *skip)
{
	int differences = 0;

	for (size_t i = 0; i < PROBE_COUNT; i++) {
		char eb_mq[PCAP_ERRBUF_SIZE] = "", eb_sys[PCAP_ERRBUF_SIZE] = "";
		int skipped = 0;

		for (const char *const *s = skip; s && *s; s++)
			skipped |= strcmp(*s, probes[i].name) == 0;
		if (skipped)
			continue;
		pcap_t *pm = open_handle(&mq, eb_mq);
		pcap_t *ps = open_handle(&sys, eb_sys);

		ck_assert_msg(pm != NULL, "%s: mqpcap: %s", what, eb_mq);
		ck_assert_msg(ps != NULL, "%s: system: %s", what, eb_sys);
		int a = probes[i].fn(&mq, pm);
		int b = probes[i].fn(&sys, ps);
		const char *ta = mq.pcap_geterr(pm), *tb = sys.pcap_geterr(ps);
		if (a != b || (b < 0 && tb[0] != '\0' && strcmp(ta, tb) != 0)) {
			fprintf(stderr, "%s: %s: mqpcap %d (%s), system %d (%s)\n",
				what, probes[i].name, a, ta, b, tb);
			differences++;
		}
		mq.pcap_close(pm);
		sys.pcap_close(ps);
	}
	return differences;
}

static pcap_t *open_dead(const struct pcap_api *a, char *eb)
{
	(void)eb;
	return a->pcap_open_dead(DLT_EN10MB, 1514);
}

static pcap_t *open_dead_nano(const struct pcap_api *a, char *eb)
{
	(void)eb;
	return a->pcap_open_dead_with_tstamp_precision(DLT_LINUX_SLL, 0,
						       PCAP_TSTAMP_PRECISION_NANO);
}

/* A device name no machine has: pcap_create succeeds for any name. */
static pcap_t *open_created(const struct pcap_api *a, char *eb)
{
	return a->pcap_create("mqcore-nodev0", eb);
}

/* A small savefile: 3 Ethernet frames of 60 bytes, microsecond stamps,
 * snapshot 200, written in the host's byte order (or swapped). */
static char savefile_path[64];

static void write_savefile(int swapped)
{
	struct pcap_file_header fh = {
		.magic = 0xa1b2c3d4, .version_major = 2, .version_minor = 4,
		.snaplen = 200, .linktype = DLT_EN10MB,
	};
	u_char frame[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	int fd;
	FILE *f;

	snprintf(savefile_path, sizeof(savefile_path), "/tmp/mqcore-XXXXXX");
	fd = mkstemp(savefile_path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(f);
	if (swapped) {
		fh.magic = __builtin_bswap32(fh.magic);
		fh.version_major = __builtin_bswap16(fh.version_major);
		fh.version_minor = __builtin_bswap16(fh.version_minor);
		fh.snaplen = __builtin_bswap32(fh.snaplen);
		fh.linktype = __builtin_bswap32(fh.linktype);
	}
	fwrite(&fh, sizeof(fh), 1, f);
	for (uint32_t i = 0; i < 3; i++) {
		uint32_t rec[4] = { 1700000000 + i, i * 1000, sizeof(frame),
				    sizeof(frame) };

		for (int j = 0; swapped && j < 4; j++)
			rec[j] = __builtin_bswap32(rec[j]);
		fwrite(rec, sizeof(rec), 1, f);
		fwrite(frame, sizeof(frame), 1, f);
	}
	ck_assert_int_eq(fclose(f), 0);
}

static pcap_t *open_savefile(const struct pcap_api *a, char *eb)
{
	return a->pcap_open_offline(savefile_path, eb);
}

START_TEST(test_savefile_handle_answers_like_system)
{
	REQUIRE_SYSTEM();
	write_savefile(_i);
	int d = compare_probes(_i ? "savefile, swapped" : "savefile",
			       open_savefile, NULL);
	unlink(savefile_path);
	ck_assert_msg(d == 0, "%d calls on savefile handles differ "
		      "(listed above)", d);
}
END_TEST

/* pcap_breakloop before a read: that read returns PCAP_ERROR_BREAK, the
 * flag is consumed, the next read goes on where the file was. */
static void run_breakloop_sequence(const struct pcap_api *a, int out[4])
{
	char eb[PCAP_ERRBUF_SIZE];
	pcap_t *p = a->pcap_open_offline(savefile_path, eb);
	int n = 0;

	ck_assert_msg(p != NULL, "%s: %s", a->who, eb);
	a->pcap_breakloop(p);
	out[0] = a->pcap_dispatch(p, -1, count_packet, (u_char *)&n);
	out[1] = a->pcap_dispatch(p, 1, count_packet, (u_char *)&n);
	a->pcap_breakloop(p);
	out[2] = a->pcap_loop(p, -1, count_packet, (u_char *)&n);
	out[3] = a->pcap_loop(p, -1, count_packet, (u_char *)&n) * 100 + n;
	a->pcap_close(p);
}

START_TEST(test_breakloop_on_savefile_like_system)
{
	int m[4], s[4];

	REQUIRE_SYSTEM();
	write_savefile(0);
	run_breakloop_sequence(&mq, m);
	run_breakloop_sequence(&sys, s);
	unlink(savefile_path);
	for (int i = 0; i < 4; i++)
		ck_assert_msg(m[i] == s[i], "step %d: mqpcap %d, system %d",
			      i, m[i], s[i]);
	ck_assert_int_eq(s[0], PCAP_ERROR_BREAK);
}
END_TEST

static pcap_t *open_created_lo(const struct pcap_api *a, char *eb)
{
	return a->pcap_create("lo", eb);
}

START_TEST(test_unactivated_loopback_answers_like_system)
{
	static const char *const skip[] = { "probe_activate",
					    "probe_sendpacket", NULL };

	REQUIRE_SYSTEM();
	int d = compare_probes("pcap_create(lo), not activated",
			       open_created_lo, skip);
	ck_assert_msg(d == 0, "%d calls differ (listed above)", d);
}
END_TEST

START_TEST(test_dead_handle_answers_like_system)
{
	/* Left out: the descriptors. pcap_fileno(3PCAP) documents
	 * PCAP_ERROR for a dead handle, which mqpcap returns; libpcap 1.10
	 * returns 0 (stdin) from its zeroed handle. */
	static const char *const skip[] = { "probe_fileno",
					    "probe_selectable_fd", NULL };

	REQUIRE_SYSTEM();
	int d = compare_probes("pcap_open_dead", open_dead, skip) +
		compare_probes("pcap_open_dead nano", open_dead_nano, skip);
	ck_assert_msg(d == 0, "%d calls on dead handles differ (listed above)", d);
}
END_TEST

START_TEST(test_unactivated_handle_answers_like_system)
{
	/* Left out: activating a device that does not exist (the capture
	 * backends' business, and it needs privileges to get that far), and
	 * pcap_sendpacket, for which libpcap 1.10 returns 0 (success) when
	 * the handle is not active because it only treats -1 from the
	 * inject call as failure; mqpcap returns PCAP_ERROR. */
	static const char *const skip[] = { "probe_activate",
					    "probe_sendpacket", NULL };

	REQUIRE_SYSTEM();
	int d = compare_probes("pcap_create, not activated", open_created, skip);
	ck_assert_msg(d == 0, "%d calls on unactivated handles differ "
		      "(listed above)", d);
}
END_TEST

START_TEST(test_open_dead_checks_precision)
{
	REQUIRE_SYSTEM();
	for (u_int prec = 0; prec < 4; prec++) {
		pcap_t *a = mq.pcap_open_dead_with_tstamp_precision(DLT_RAW, 64, prec);
		pcap_t *b = sys.pcap_open_dead_with_tstamp_precision(DLT_RAW, 64, prec);

		ck_assert_msg((a == NULL) == (b == NULL),
			      "precision %u: mqpcap %p, system %p", prec,
			      (void *)a, (void *)b);
		if (a) {
			ck_assert_int_eq(mq.pcap_get_tstamp_precision(a),
					 sys.pcap_get_tstamp_precision(b));
			ck_assert_int_eq(mq.pcap_snapshot(a), sys.pcap_snapshot(b));
			ck_assert_int_eq(mq.pcap_datalink(a), DLT_RAW);
		}
		mq.pcap_close(a);
		sys.pcap_close(b);
	}
}
END_TEST

START_TEST(test_dead_handle_snapshot_like_system)
{
	static const int snaps[] = { -1, 0, 1, 65535, 262144, 262145, 1 << 30 };

	REQUIRE_SYSTEM();
	for (size_t i = 0; i < sizeof(snaps) / sizeof(snaps[0]); i++) {
		pcap_t *a = mq.pcap_open_dead(DLT_EN10MB, snaps[i]);
		pcap_t *b = sys.pcap_open_dead(DLT_EN10MB, snaps[i]);

		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(b);
		ck_assert_msg(mq.pcap_snapshot(a) == sys.pcap_snapshot(b),
			      "pcap_open_dead snaplen %d: mqpcap %d, system %d",
			      snaps[i], mq.pcap_snapshot(a), sys.pcap_snapshot(b));
		mq.pcap_close(a);
		sys.pcap_close(b);
	}
}
END_TEST

/* pcap_open_live's message is "device: status (detail)" for a missing
 * device: programs print it as it is. The detail is the backend's own. */
START_TEST(test_open_live_failure_reads_like_system)
{
	static const char *const devices[] = { "mqcore-nodev0",
						"mqcore-name-far-too-long0" };

	REQUIRE_SYSTEM();
	/* Without privileges libpcap fails on the socket before it looks
	 * for the device; which check comes first is the backend's choice. */
	if (geteuid() != 0) {
		fprintf(stderr, "not root: pcap_open_live messages not compared\n");
		return;
	}
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		char eb_mq[PCAP_ERRBUF_SIZE] = "", eb_sys[PCAP_ERRBUF_SIZE] = "";
		pcap_t *a = pcap_open_live(devices[i], 100, 0, 10, eb_mq);
		pcap_t *b = ((__typeof__(&pcap_open_live))
			     dlsym_system("pcap_open_live"))(devices[i], 100, 0,
							     10, eb_sys);
		const char *paren = strchr(eb_sys, '(');
		size_t head = paren ? (size_t)(paren - eb_sys) : strlen(eb_sys);

		ck_assert_ptr_null(a);
		ck_assert_ptr_null(b);
		ck_assert_msg(strncmp(eb_mq, eb_sys, head) == 0 &&
			      (paren == NULL || eb_mq[head] == '('),
			      "pcap_open_live(%s): mqpcap \"%s\", system \"%s\"",
			      devices[i], eb_mq, eb_sys);
	}
}
END_TEST

/* What pcap_perror writes to stderr after a failed call on a dead handle. */
static void perror_text(const struct pcap_api *a, char *out, size_t size)
{
	FILE *cap = tmpfile();
	int saved = dup(STDERR_FILENO);
	struct pcap_stat st;
	pcap_t *p = a->pcap_open_dead(DLT_EN10MB, 100);
	size_t n;

	ck_assert_ptr_nonnull(cap);
	ck_assert_int_lt(a->pcap_stats(p, &st), 0);
	fflush(stderr);
	dup2(fileno(cap), STDERR_FILENO);
	a->pcap_perror(p, "mqcore");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(cap);
	n = fread(out, 1, size - 1, cap);
	out[n] = '\0';
	fclose(cap);
	a->pcap_close(p);
}

START_TEST(test_perror_writes_like_system)
{
	char m[512], s[512];

	REQUIRE_SYSTEM();
	perror_text(&mq, m, sizeof(m));
	perror_text(&sys, s, sizeof(s));
	ck_assert_str_eq(m, s);
}
END_TEST

/* ---- the core's own rules, through a backend made for the test ------ */

struct fake_state {
	int activate_rc;	/* what activate() returns */
	const char *activate_msg; /* and leaves in errbuf, if not NULL */
	int cleanups;
	int wakeups;		/* ops->breakloop calls */
	int packets;		/* how many read() has to hand out */
	int break_after;	/* call pcap_breakloop in the callback after N */
};

static struct fake_state fake;

static int fake_activate(pcap_t *p)
{
	if (fake.activate_msg)
		snprintf(p->errbuf, PCAP_ERRBUF_SIZE, "%s", fake.activate_msg);
	p->linktype = DLT_EN10MB;
	return fake.activate_rc;
}

/* As the backends do it: the break flag is checked between packets; it is
 * consumed only when no packet was handed out (PCAP_ERROR_BREAK), else it
 * stays set so that the caller's next read returns PCAP_ERROR_BREAK. */
static int fake_read(pcap_t *p, int cnt, pcap_handler cb, u_char *user)
{
	static const u_char frame[64];
	struct pcap_pkthdr h = { .caplen = sizeof(frame), .len = sizeof(frame) };
	int n = 0;

	for (;;) {
		if (__atomic_load_n(&p->break_loop, __ATOMIC_ACQUIRE)) {
			if (n > 0)
				return n;
			handle_take_break(p);
			return PCAP_ERROR_BREAK;
		}
		if (fake.packets == 0 || (cnt > 0 && n >= cnt))
			return n;
		fake.packets--;
		cb(user, &h, frame);
		n++;
	}
}

static void fake_breakloop(pcap_t *p)
{
	(void)p;
	fake.wakeups++;
}

static void fake_cleanup(pcap_t *p)
{
	(void)p;
	fake.cleanups++;
}

static const struct capture_ops fake_ops = {
	.name = "fake",
	.activate = fake_activate,
	.read = fake_read,
	.breakloop = fake_breakloop,
	.cleanup = fake_cleanup,
	.read_zero_is_eof = 1,
};

static pcap_t *fake_handle(void)
{
	char eb[PCAP_ERRBUF_SIZE];
	pcap_t *p;

	memset(&fake, 0, sizeof(fake));
	p = handle_alloc(&fake_ops, 0, eb);
	ck_assert_msg(p != NULL, "handle_alloc: %s", eb);
	return p;
}

START_TEST(test_activate_twice_is_refused)
{
	pcap_t *p = fake_handle();

	ck_assert_int_eq(pcap_activate(p), 0);
	ck_assert_int_eq(pcap_activate(p), PCAP_ERROR_ACTIVATED);
	ck_assert_msg(pcap_geterr(p)[0] != '\0', "no message for the refusal");
	pcap_close(p);
}
END_TEST

START_TEST(test_setters_after_activation_are_refused)
{
	pcap_t *p = fake_handle();

	ck_assert_int_eq(pcap_set_snaplen(p, 128), 0);
	ck_assert_int_eq(pcap_activate(p), 0);
	ck_assert_int_eq(pcap_snapshot(p), 128);
	ck_assert_int_eq(pcap_set_snaplen(p, 64), PCAP_ERROR_ACTIVATED);
	ck_assert_int_eq(pcap_set_promisc(p, 1), PCAP_ERROR_ACTIVATED);
	ck_assert_int_eq(pcap_set_rfmon(p, 1), PCAP_ERROR_ACTIVATED);
	ck_assert_int_eq(pcap_set_timeout(p, 1), PCAP_ERROR_ACTIVATED);
	ck_assert_int_eq(pcap_set_tstamp_type(p, 0), PCAP_ERROR_ACTIVATED);
	ck_assert_int_eq(pcap_set_immediate_mode(p, 1), PCAP_ERROR_ACTIVATED);
	ck_assert_int_eq(pcap_set_buffer_size(p, 4096), PCAP_ERROR_ACTIVATED);
	ck_assert_int_eq(pcap_set_tstamp_precision(p, 1), PCAP_ERROR_ACTIVATED);
	ck_assert_int_eq(pcap_set_protocol_linux(p, 3), PCAP_ERROR_ACTIVATED);
	/* libpcap asks the device in any state; no device op here: 0. */
	ck_assert_int_eq(pcap_can_set_rfmon(p), 0);
	ck_assert_int_eq(pcap_snapshot(p), 128);	/* unchanged */
	pcap_close(p);
}
END_TEST

START_TEST(test_getters_before_activation_say_not_activated)
{
	pcap_t *p = fake_handle();
	int *list;

	ck_assert_int_eq(pcap_snapshot(p), PCAP_ERROR_NOT_ACTIVATED);
	ck_assert_int_eq(pcap_datalink(p), PCAP_ERROR_NOT_ACTIVATED);
	ck_assert_int_eq(pcap_list_datalinks(p, &list), PCAP_ERROR_NOT_ACTIVATED);
	ck_assert_int_eq(pcap_dispatch(p, 1, count_packet, NULL),
			 PCAP_ERROR_NOT_ACTIVATED);
	ck_assert_msg(pcap_geterr(p)[0] != '\0', "no message");
	pcap_close(p);
}
END_TEST

START_TEST(test_failed_activation_without_message_gets_status_text)
{
	pcap_t *p = fake_handle();

	fake.activate_rc = PCAP_ERROR_NO_SUCH_DEVICE;
	ck_assert_int_eq(pcap_activate(p), PCAP_ERROR_NO_SUCH_DEVICE);
	ck_assert_str_eq(pcap_geterr(p),
			 pcap_statustostr(PCAP_ERROR_NO_SUCH_DEVICE));
	ck_assert_int_eq(fake.cleanups, 1);
	/* Not active: the setters still work, and a retry is allowed. */
	ck_assert_int_eq(pcap_set_snaplen(p, 100), 0);
	fake.activate_rc = 0;
	ck_assert_int_eq(pcap_activate(p), 0);
	pcap_close(p);
}
END_TEST

START_TEST(test_failed_activation_keeps_backend_message)
{
	pcap_t *p = fake_handle();

	fake.activate_rc = PCAP_ERROR_PERM_DENIED;
	fake.activate_msg = "fake0: socket: Operation not permitted";
	ck_assert_int_eq(pcap_activate(p), PCAP_ERROR_PERM_DENIED);
	ck_assert_str_eq(pcap_geterr(p), fake.activate_msg);
	pcap_close(p);
}
END_TEST

START_TEST(test_activation_warning_is_kept_and_handle_active)
{
	pcap_t *p = fake_handle();

	fake.activate_rc = PCAP_WARNING_PROMISC_NOTSUP;
	fake.activate_msg = "fake0: promiscuous mode not supported";
	ck_assert_int_eq(pcap_activate(p), PCAP_WARNING_PROMISC_NOTSUP);
	ck_assert_str_eq(pcap_geterr(p), fake.activate_msg);
	ck_assert_int_eq(pcap_datalink(p), DLT_EN10MB);
	ck_assert_int_eq(fake.cleanups, 0);
	pcap_close(p);
}
END_TEST

static void break_in_callback(u_char *user, const struct pcap_pkthdr *h,
			      const u_char *data)
{
	pcap_t *p = (pcap_t *)user;

	(void)h; (void)data;
	if (--fake.break_after == 0)
		pcap_breakloop(p);
}

START_TEST(test_breakloop_before_read_returns_break_then_clears)
{
	pcap_t *p = fake_handle();
	int n = 0;

	ck_assert_int_eq(pcap_activate(p), 0);
	fake.packets = 5;
	pcap_breakloop(p);
	ck_assert_int_eq(fake.wakeups, 1);
	ck_assert_int_eq(pcap_dispatch(p, -1, count_packet, (u_char *)&n),
			 PCAP_ERROR_BREAK);
	ck_assert_int_eq(n, 0);
	/* The flag is consumed: the next call reads normally. */
	ck_assert_int_eq(pcap_dispatch(p, -1, count_packet, (u_char *)&n), 5);
	ck_assert_int_eq(n, 5);
	pcap_close(p);
}
END_TEST

START_TEST(test_breakloop_in_callback_stops_loop_between_packets)
{
	pcap_t *p = fake_handle();

	ck_assert_int_eq(pcap_activate(p), 0);
	fake.packets = 10;
	fake.break_after = 3;
	/* pcap_loop returns PCAP_ERROR_BREAK when broken out of. */
	ck_assert_int_eq(pcap_loop(p, -1, break_in_callback, (u_char *)p),
			 PCAP_ERROR_BREAK);
	ck_assert_int_eq(fake.packets, 7);
	/* pcap_dispatch returns what it handed out before the break. */
	fake.break_after = 2;
	ck_assert_int_eq(pcap_dispatch(p, -1, break_in_callback, (u_char *)p), 2);
	ck_assert_int_eq(fake.packets, 5);
	pcap_close(p);
}
END_TEST

START_TEST(test_loop_counts_and_stops_at_eof)
{
	pcap_t *p = fake_handle();
	int n = 0;

	ck_assert_int_eq(pcap_activate(p), 0);
	fake.packets = 10;
	ck_assert_int_eq(pcap_loop(p, 4, count_packet, (u_char *)&n), 0);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(pcap_loop(p, 0, count_packet, (u_char *)&n), 0);
	ck_assert_int_eq(n, 10);
	pcap_close(p);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tables = tcase_create("tables");
	TCase *handles = tcase_create("handles");
	TCase *life = tcase_create("lifecycle");

	tcase_add_test(tables, test_statustostr_matches_system_for_every_code);
	tcase_add_test(tables, test_strerror_matches_system);
	tcase_add_test(tables, test_datalink_values_match_system);
	tcase_add_test(tables, test_datalink_names_match_system);
	tcase_add_test(tables, test_tstamp_tables_match_system);
	tcase_add_test(tables, test_lib_version_names_mqpcap_and_the_api);
	tcase_add_test(tables, test_init_accepts_only_known_options);
	tcase_add_test(tables, test_perror_writes_like_system);
	suite_add_tcase(s, tables);

	tcase_add_test(handles, test_dead_handle_answers_like_system);
	tcase_add_test(handles, test_unactivated_handle_answers_like_system);
	tcase_add_test(handles, test_unactivated_loopback_answers_like_system);
	tcase_add_test(handles, test_open_dead_checks_precision);
	tcase_add_test(handles, test_dead_handle_snapshot_like_system);
	tcase_add_test(handles, test_open_live_failure_reads_like_system);
	tcase_add_loop_test(handles, test_savefile_handle_answers_like_system, 0, 2);
	tcase_add_test(handles, test_breakloop_on_savefile_like_system);
	suite_add_tcase(s, handles);

	tcase_add_test(life, test_activate_twice_is_refused);
	tcase_add_test(life, test_setters_after_activation_are_refused);
	tcase_add_test(life, test_getters_before_activation_say_not_activated);
	tcase_add_test(life, test_failed_activation_without_message_gets_status_text);
	tcase_add_test(life, test_failed_activation_keeps_backend_message);
	tcase_add_test(life, test_activation_warning_is_kept_and_handle_active);
	tcase_add_test(life, test_breakloop_before_read_returns_break_then_clears);
	tcase_add_test(life, test_breakloop_in_callback_stops_loop_between_packets);
	tcase_add_test(life, test_loop_counts_and_stops_at_eof);
	suite_add_tcase(s, life);
	return s;
}

int main(void)
{
	load_system_libpcap();
	return unit_run(core_suite(), CK_FORK_GETENV);
}
