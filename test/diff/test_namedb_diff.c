/*
 * mqpcap's name functions against the system libpcap (loaded with
 * dlmopen as the reference), over many inputs:
 *   - pcap_nametoport: every name and alias of /etc/services, numbers,
 *     near-misses and junk;
 *   - pcap_nametoportrange: pairs of those joined by '-';
 *   - pcap_nametoproto: every name and alias of /etc/protocols, junk;
 *   - pcap_nametoeproto, pcap_nametollc: all of eproto_db's names plus
 *     others; eproto_db itself entry by entry;
 *   - pcap_nametonetaddr, pcap_nametoaddr: /etc/networks and /etc/hosts
 *     names, literals;
 *   - pcap_ether_aton: random well-formed addresses in every notation
 *     (libpcap reads past the end of malformed ones, so those are only
 *     tested in test_names);
 *   - pcap_next_etherent: random ethers files built from valid, nearly
 *     valid and broken pieces, and from random characters.
 * Prints the counts; every disagreement is printed and fails the test.
 * MQPCAP_TEST_SEED=<n> reruns with another seed.
 */
#include "names/names.h"

#include "oracle.h"
#include <ctype.h>
#include <dlfcn.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static struct {
	int (*nametoport)(const char *, int *, int *);
	int (*nametoportrange)(const char *, int *, int *, int *);
	int (*nametoproto)(const char *);
	int (*nametoeproto)(const char *);
	int (*nametollc)(const char *);
	bpf_u_int32 (*nametonetaddr)(const char *);
	bpf_u_int32 **(*nametoaddr)(const char *);
	u_char *(*ether_aton)(const char *);
	struct pcap_etherent *(*next_etherent)(FILE *);
	struct eproto *eproto_db;
	/* its own C library's: dlmopen gave it a separate heap */
	void (*free)(void *);
} sys;

static unsigned long compared, failures;

#define DIFF(...) do {					\
		fprintf(stderr, "DIFF: " __VA_ARGS__);	\
		failures++;				\
	} while (0)

static int load_system(void)
{
	void *h = oracle_open();

	if (h == NULL) {
		fprintf(stderr, "dlmopen libpcap.so.0.8: %s\n", dlerror());
		return -1;
	}
#define SYM(field, name) \
	if ((*(void **)&sys.field = dlsym(h, name)) == NULL) { \
		fprintf(stderr, "no %s in the system libpcap\n", name); \
		return -1; \
	}
	SYM(nametoport, "pcap_nametoport");
	SYM(nametoportrange, "pcap_nametoportrange");
	SYM(nametoproto, "pcap_nametoproto");
	SYM(nametoeproto, "pcap_nametoeproto");
	SYM(nametollc, "pcap_nametollc");
	SYM(nametonetaddr, "pcap_nametonetaddr");
	SYM(nametoaddr, "pcap_nametoaddr");
	SYM(ether_aton, "pcap_ether_aton");
	SYM(next_etherent, "pcap_next_etherent");
	SYM(eproto_db, "eproto_db");
	SYM(free, "free");
#undef SYM
	return 0;
}

/* ---- a list of words to try ---------------------------------------- */

struct words {
	char **v;
	size_t n, cap;
};

static void words_add(struct words *w, const char *s)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->v = realloc(w->v, w->cap * sizeof(*w->v));
		if (w->v == NULL)
			abort();
	}
	w->v[w->n++] = strdup(s);
}

static void words_free(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
}

/* Every name of a services(5)/protocols(5)/networks(5)/hosts(5)-style
 * file: the fields of each line except those listed in skip_field (a
 * bitmask of field indexes: the number column). */
static void words_from_file(struct words *w, const char *path,
			    unsigned skip_fields)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *hash = strchr(line, '#'), *tok, *save;
		unsigned field = 0;

		if (hash)
			*hash = '\0';
		for (tok = strtok_r(line, " \t\r\n", &save); tok != NULL;
		     tok = strtok_r(NULL, " \t\r\n", &save), field++)
			if (!(skip_fields & (1u << field)))
				words_add(w, tok);
	}
	fclose(f);
}

static const char *const junk[] = {
	"", " ", "-", "--", "0", "1", "65535", "65536", "99999", "-1", "+80",
	" 80", "80 ", "0x50", "080", "1e3", "80x", "x80", "http ", "HTTP",
	"Http", "tcp", "udp", "ip", "ip6", "arp", "iso", "stp", "ipx", "netbeui",
	"snap", "loopback", "localhost", "aarp ", "ip\n", "\t", "a-b", "1-2",
	"1-", "-2", "1-2-3", "http-", "-http", "domain-http", "http-https",
	"1 - 2", "2-1", "5-65536", "0-0", "ssh-1", "x-y-z", "no-such-name",
	"é", "\xff", "%s%s%n", "LOOPBACK", "link-local",
};

static void add_junk(struct words *w)
{
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		words_add(w, junk[i]);
}

/* ---- the comparisons ------------------------------------------------ */

static void diff_ports(const struct words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		int mp = -7, mq = -7, sp = -7, sq = -7;
		int mr = pcap_nametoport(w->v[i], &mp, &mq);
		int sr = sys.nametoport(w->v[i], &sp, &sq);

		compared++;
		if (mr != sr || (mr && (mp != sp || mq != sq)))
			DIFF("nametoport(\"%s\"): mqpcap %d %d/%d, libpcap %d %d/%d\n",
			     w->v[i], mr, mp, mq, sr, sp, sq);
	}
}

static void diff_range(const char *s)
{
	int m1 = -7, m2 = -7, mq = -7, s1 = -7, s2 = -7, sq = -7;
	int mr = pcap_nametoportrange(s, &m1, &m2, &mq);
	int sr = sys.nametoportrange(s, &s1, &s2, &sq);

	compared++;
	if (mr != sr || (mr && (m1 != s1 || m2 != s2 || mq != sq)))
		DIFF("nametoportrange(\"%s\"): mqpcap %d %d-%d/%d, libpcap %d %d-%d/%d\n",
		     s, mr, m1, m2, mq, sr, s1, s2, sq);
}

static void diff_ranges(const struct words *w, unsigned *seed, int pairs)
{
	char buf[512];

	for (size_t i = 0; i < w->n; i++)
		diff_range(w->v[i]);
	for (int k = 0; k < pairs && w->n > 0; k++) {
		const char *a = w->v[rand_r(seed) % w->n];
		const char *b = w->v[rand_r(seed) % w->n];

		snprintf(buf, sizeof(buf), "%s-%s", a, b);
		diff_range(buf);
	}
}

static void diff_protos(const struct words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		const char *s = w->v[i];
		int m, r;

		compared += 3;
		m = pcap_nametoproto(s);
		r = sys.nametoproto(s);
		if (m != r)
			DIFF("nametoproto(\"%s\"): mqpcap %d, libpcap %d\n", s, m, r);
		m = pcap_nametoeproto(s);
		r = sys.nametoeproto(s);
		if (m != r)
			DIFF("nametoeproto(\"%s\"): mqpcap %d, libpcap %d\n", s, m, r);
		m = pcap_nametollc(s);
		r = sys.nametollc(s);
		if (m != r)
			DIFF("nametollc(\"%s\"): mqpcap %d, libpcap %d\n", s, m, r);
	}
}

static void diff_eproto_db(void)
{
	size_t i;

	for (i = 0; eproto_db[i].s != NULL || sys.eproto_db[i].s != NULL; i++) {
		compared++;
		if (eproto_db[i].s == NULL || sys.eproto_db[i].s == NULL ||
		    strcmp(eproto_db[i].s, sys.eproto_db[i].s) != 0 ||
		    eproto_db[i].p != sys.eproto_db[i].p) {
			DIFF("eproto_db[%zu]: mqpcap %s/%#x, libpcap %s/%#x\n", i,
			     eproto_db[i].s ? eproto_db[i].s : "(end)", eproto_db[i].p,
			     sys.eproto_db[i].s ? sys.eproto_db[i].s : "(end)",
			     sys.eproto_db[i].p);
			return;
		}
	}
}

static void diff_networks(const struct words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		const char *s = w->v[i];

		compared++;
		if (pcap_nametonetaddr(s) != sys.nametonetaddr(s))
			DIFF("nametonetaddr(\"%s\"): mqpcap %#x, libpcap %#x\n", s,
			     pcap_nametonetaddr(s), sys.nametonetaddr(s));
	}
}

/* Both libraries return static storage: compare the lists copied out.
 * Only names of /etc/hosts and literals: anything else would go to DNS. */
static void diff_hosts(const struct words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		const char *s = w->v[i];
		bpf_u_int32 mine[64], theirs[64];
		size_t nm = 0, ns = 0;
		bpf_u_int32 **a;

		compared++;
		for (a = pcap_nametoaddr(s); a && a[nm] && nm < 64; nm++)
			mine[nm] = *a[nm];
		for (a = sys.nametoaddr(s); a && a[ns] && ns < 64; ns++)
			theirs[ns] = *a[ns];
		if (nm != ns || memcmp(mine, theirs, nm * sizeof(mine[0])) != 0)
			DIFF("nametoaddr(\"%s\"): mqpcap %zu addresses (first %#x), "
			     "libpcap %zu (first %#x)\n", s, nm, nm ? mine[0] : 0,
			     ns, ns ? theirs[0] : 0);
	}
}

static void diff_ether_aton(unsigned *seed, int count)
{
	static const char *const seps = ":.-";
	char buf[64];

	for (int k = 0; k < count; k++) {
		u_char want[6];
		size_t len = 0;
		int form = rand_r(seed) % 4;

		for (int i = 0; i < 6; i++)
			want[i] = (u_char)rand_r(seed);
		if (form == 0) {	/* xx:xx:.. with one separator, 1 or 2 digits */
			char sep = seps[rand_r(seed) % 3];

			for (int i = 0; i < 6; i++)
				len += snprintf(buf + len, sizeof(buf) - len,
						rand_r(seed) % 2 ? "%s%x" : "%s%02x",
						i ? (char[]){ sep, 0 } : "", want[i]);
		} else if (form == 1) {	/* xxxx.xxxx.xxxx */
			snprintf(buf, sizeof(buf), "%02x%02x.%02x%02x.%02x%02x",
				 want[0], want[1], want[2], want[3], want[4], want[5]);
		} else if (form == 2) {	/* xxxxxxxxxxxx */
			snprintf(buf, sizeof(buf), "%02X%02x%02X%02x%02X%02x",
				 want[0], want[1], want[2], want[3], want[4], want[5]);
		} else {		/* separators mixed */
			for (int i = 0; i < 6; i++)
				len += snprintf(buf + len, sizeof(buf) - len, "%s%02x",
						i ? (char[]){ seps[rand_r(seed) % 3], 0 } : "",
						want[i]);
		}
		u_char *m = pcap_ether_aton(buf), *s = sys.ether_aton(buf);

		compared++;
		if (m == NULL || s == NULL || memcmp(m, s, 6) != 0 ||
		    memcmp(m, want, 6) != 0)
			DIFF("ether_aton(\"%s\") differs\n", buf);
		free(m);
		sys.free(s);
	}
}

/* Pieces of ethers lines: some valid, some nearly, some broken. */
static const char *const ether_pieces[] = {
	"00:11:22:33:44:55", "0:1:2:3:4:5", "a:b:c:d:e:f", "AA:bb:CC:dd:EE:ff",
	"1:2:3", "1", "12:34:56:78:9a:bc:de", "123:4:5:6:7:8", "1::2:3:4:5",
	"1:g:3:4:5:6", ":1:2:3:4:5", "00-11-22-33-44-55", "0011.2233.4455",
	"zz:11:22:33:44:55", "ab", "host", "h0st-1.example", "#", "# note",
	"name#x", " ", "  ", "\t", "\r", "\n", "\n", "\n", "\v", "x",
	"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn",
};

static int etherent_list(struct pcap_etherent *(*next)(FILE *), char *text,
			 size_t len, struct pcap_etherent *out, int max)
{
	FILE *f = fmemopen(text, len, "r");
	struct pcap_etherent *e;
	int n = 0;

	if (f == NULL)
		abort();
	while (n < max && (e = next(f)) != NULL)
		out[n++] = *e;
	fclose(f);
	return n;
}

static void diff_etherent(unsigned *seed, int files)
{
	static struct pcap_etherent mine[512], theirs[512];
	char text[8192];

	for (int k = 0; k < files; k++) {
		size_t len = 0;
		int lines = 1 + rand_r(seed) % 30;

		if (k % 2) {
			/* characters drawn from what the parser cares about */
			static const char alphabet[] = "0123456789abcdefABCDEF::::"
				"    \t\t\n\n\n\r\v\f#.-gxz\xff";
			size_t n = 1 + rand_r(seed) % 400;

			for (len = 0; len < n; len++)
				text[len] = alphabet[rand_r(seed) % (sizeof(alphabet) - 1)];
			lines = 0;
		}
		for (int l = 0; l < lines; l++) {
			int pieces = rand_r(seed) % 5;

			for (int p = 0; p < pieces && len < sizeof(text) - 200; p++) {
				const char *piece = ether_pieces[rand_r(seed) %
					(sizeof(ether_pieces) / sizeof(ether_pieces[0]))];

				len += snprintf(text + len, sizeof(text) - len, "%s%s",
						p && rand_r(seed) % 4 ? " " : "", piece);
			}
			if (rand_r(seed) % 8 != 0 || l + 1 < lines)
				text[len++] = '\n';
		}
		int nm = etherent_list(pcap_next_etherent, text, len, mine, 512);
		int ns = etherent_list(sys.next_etherent, text, len, theirs, 512);

		compared++;
		if (nm != ns) {
			DIFF("next_etherent: %d entries vs libpcap's %d in:\n%.*s\n----\n",
			     nm, ns, (int)len, text);
			continue;
		}
		for (int i = 0; i < nm; i++)
			if (memcmp(&mine[i], &theirs[i], sizeof(mine[i])) != 0) {
				DIFF("next_etherent: entry %d (%s vs %s) in:\n%.*s\n----\n",
				     i, mine[i].name, theirs[i].name, (int)len, text);
				break;
			}
	}
}

int main(void)
{
	struct words services = { 0 }, protocols = { 0 }, hosts = { 0 };
	struct words networks = { 0 };
	static const char *const literals[] = {
		"127.0.0.1", "10.77.0.1", "0.0.0.0", "255.255.255.255", "1.2.3",
		"127.1", "0x7f.1", "::1", "fd77::1",
	};
	const char *env = getenv("MQPCAP_TEST_SEED");
	unsigned seed = env ? (unsigned)strtoul(env, NULL, 0) : 20261123;
	unsigned seed0 = seed;

	if (load_system() < 0) {
		fprintf(stderr, "SKIP: the system libpcap is not loadable\n");
		return 77;
	}
	/* services: name port/proto aliases...; field 1 is the number */
	words_from_file(&services, "/etc/services", 1u << 1);
	add_junk(&services);
	words_from_file(&protocols, "/etc/protocols", 1u << 1);
	for (const struct eproto *e = eproto_db; e->s; e++)
		words_add(&protocols, e->s);
	add_junk(&protocols);
	words_from_file(&networks, "/etc/networks", 1u << 1);
	add_junk(&networks);
	/* hosts: every name (field 0 is the address, a literal too) */
	words_from_file(&hosts, "/etc/hosts", 0);
	for (size_t i = 0; i < sizeof(literals) / sizeof(literals[0]); i++)
		words_add(&hosts, literals[i]);

	diff_ports(&services);
	diff_ranges(&services, &seed, 3000);
	diff_protos(&protocols);
	diff_protos(&services);
	diff_eproto_db();
	diff_networks(&networks);
	diff_hosts(&hosts);
	diff_ether_aton(&seed, 2000);
	diff_etherent(&seed, 2000);

	printf("namedb: %lu comparisons (%zu service, %zu protocol, %zu network, "
	       "%zu host words; seed %u), %lu differences\n", compared,
	       services.n, protocols.n, networks.n, hosts.n, seed0, failures);
	words_free(&services);
	words_free(&protocols);
	words_free(&hosts);
	words_free(&networks);
	return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
