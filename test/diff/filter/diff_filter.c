/*
 * Differential test of the filter compiler: mqpcap's pcap_compile against
 * the system libpcap's, both in one process.
 *
 * The system libpcap is loaded with dlmopen(LM_ID_NEWLM) (test/oracle.h) so that its
 * symbols cannot collide with mqpcap's, which this program links
 * statically (the core archive). For every (linktype, expression) of the
 * corpus and for optimize 0 and 1, both compile; a program mqpcap emits
 * must pass its own bpf_validate and the kernel's checker (SO_ATTACH_FILTER
 * on a UDP socket, which needs no privilege); when both compile, both
 * programs run over every packet of that linktype (libpcap's through
 * libpcap's bpf_filter, mqpcap's through mqpcap's) and must return the
 * same value. See README.md for options and how to read the output.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "oracle.h"
#include "pktgen.h"

#define NETMASK 0xffffff00U	/* so that "ip broadcast" compiles */
#define SNAPLEN 262144

/* --- the oracle: the system libpcap, in its own link-map namespace ------ */

struct oracle {
	void *dl;
	pcap_t *(*open_dead)(int, int);
	pcap_t *(*open_offline)(const char *, char *);
	int (*compile)(pcap_t *, struct bpf_program *, const char *, int,
		       bpf_u_int32);
	char *(*geterr)(pcap_t *);
	void (*freecode)(struct bpf_program *);
	u_int (*filter)(const struct bpf_insn *, const u_char *, u_int, u_int);
	char *(*image)(const struct bpf_insn *, int);
	void (*close)(pcap_t *);
	const char *(*version)(void);
};

static int oracle_load(struct oracle *o)
{
	/* by configure's full path, and refused if it is mqpcap itself */
	o->dl = oracle_open();
	if (!o->dl)
		return -1;
#define SYM(field, name) \
	if (!(*(void **)&o->field = dlsym(o->dl, name))) { \
		fprintf(stderr, "diff_filter: system libpcap lacks %s\n", name); \
		return -1; \
	}
	SYM(open_dead, "pcap_open_dead");
	SYM(open_offline, "pcap_open_offline");
	SYM(compile, "pcap_compile");
	SYM(geterr, "pcap_geterr");
	SYM(freecode, "pcap_freecode");
	SYM(filter, "bpf_filter");
	SYM(image, "bpf_image");
	SYM(close, "pcap_close");
	SYM(version, "pcap_lib_version");
#undef SYM
	return 0;
}

/* --- linktypes ------------------------------------------------------------ */

struct linktype {
	const char *name;
	int dlt;
	pcap_t *ours, *theirs;
	size_t first, count;	/* its packets in the packet set */
	int selected;
	/* run only when named with -l: the rarer links, until their known
	 * failures are in known-failures.txt (FINDINGS 17) */
	int opt_in;
	unsigned long compiles, compile_mismatch, bad_programs;
};

static struct linktype linktypes[] = {
	{ .name = "EN10MB", .dlt = DLT_EN10MB }, { .name = "LINUX_SLL", .dlt = DLT_LINUX_SLL },
	{ .name = "LINUX_SLL2", .dlt = DLT_LINUX_SLL2 }, { .name = "RAW", .dlt = DLT_RAW },
	{ .name = "IPV4", .dlt = DLT_IPV4 }, { .name = "IPV6", .dlt = DLT_IPV6 }, { .name = "NULL", .dlt = DLT_NULL },
	{ .name = "LOOP", .dlt = DLT_LOOP }, { .name = "PPP", .dlt = DLT_PPP }, { .name = "PPP_ETHER", .dlt = DLT_PPP_ETHER },
	{ .name = "C_HDLC", .dlt = DLT_C_HDLC }, { .name = "IEEE802_11", .dlt = DLT_IEEE802_11 },
	{ .name = "IEEE802_11_RADIO", .dlt = DLT_IEEE802_11_RADIO },
	{ .name = "IEEE802_11_RADIO_AVS", .dlt = DLT_IEEE802_11_RADIO_AVS },
	{ .name = "PRISM_HEADER", .dlt = DLT_PRISM_HEADER }, { .name = "FDDI", .dlt = DLT_FDDI },
	{ .name = "IEEE802", .dlt = DLT_IEEE802 }, { .name = "NETANALYZER", .dlt = DLT_NETANALYZER },
	{ .name = "NETANALYZER_TRANSPARENT", .dlt = DLT_NETANALYZER_TRANSPARENT },
	{ .name = "IPNET", .dlt = DLT_IPNET }, { .name = "PFLOG", .dlt = DLT_PFLOG }, { .name = "NFLOG", .dlt = DLT_NFLOG },
	{ .name = "MTP2", .dlt = DLT_MTP2 }, { .name = "MTP2_WITH_PHDR", .dlt = DLT_MTP2_WITH_PHDR },
	{ .name = "MTP3", .dlt = DLT_MTP3 },
	/* the rarer links savefiles carry (gen_links_rare.c); JUNIPER_ES and
	 * BACNET_MS_TP load below the packet's start, as libpcap does, which
	 * the kernel's checker refuses */
#define RARE(lt) { .name = #lt, .dlt = DLT_##lt, .opt_in = 1 }
	RARE(SLIP), RARE(SLIP_BSDOS), RARE(PPP_BSDOS), RARE(PPP_SERIAL), RARE(PPP_PPPD),
	RARE(HDLC), RARE(ATM_RFC1483), RARE(ATM_CLIP), RARE(SUNATM), RARE(IP_OVER_FC),
	RARE(ARCNET), RARE(ARCNET_LINUX), RARE(FRELAY), RARE(ENC), RARE(SYMANTEC_FIREWALL),
	RARE(APPLE_IP_OVER_IEEE1394), RARE(LTALK), RARE(JUNIPER_ETHER), RARE(JUNIPER_PPP),
	RARE(JUNIPER_ES), RARE(BACNET_MS_TP), RARE(ERF), RARE(PPI),
#undef RARE
};
#define NLINKTYPES (sizeof(linktypes) / sizeof(linktypes[0]))

static struct linktype *linktype_by_name(const char *name, size_t n)
{
	for (size_t i = 0; i < NLINKTYPES; i++)
		if (strlen(linktypes[i].name) == n &&
		    !strncasecmp(linktypes[i].name, name, n))
			return &linktypes[i];
	return NULL;
}

/* --- corpus ----------------------------------------------------------------- */

struct expr {
	char *text;
	unsigned long ltmask;	/* bit i: linktypes[i] applies */
	int line;
};

struct corpus {
	struct expr *v;
	size_t n, cap;
};

/* Parse a comma/space list of linktype names into a mask; "all" is all,
 * "rare" the opt-in ones. */
static int parse_ltmask(const char *s, size_t n, unsigned long *mask,
			const char *where)
{
	*mask = 0;
	while (n) {
		size_t w = 0;

		while (n && (*s == ',' || *s == ' ')) {
			s++;
			n--;
		}
		while (w < n && s[w] != ',' && s[w] != ' ')
			w++;
		if (!w)
			break;
		if (w == 3 && !strncasecmp(s, "all", 3)) {
			*mask = (1UL << NLINKTYPES) - 1;
		} else if (w == 4 && !strncasecmp(s, "rare", 4)) {
			for (size_t i = 0; i < NLINKTYPES; i++)
				if (linktypes[i].opt_in)
					*mask |= 1UL << i;
		} else {
			struct linktype *lt = linktype_by_name(s, w);

			if (!lt) {
				fprintf(stderr, "%s: unknown linktype '%.*s'\n",
					where, (int)w, s);
				return -1;
			}
			*mask |= 1UL << (lt - linktypes);
		}
		s += w;
		n -= w;
	}
	return 0;
}

/*
 * One expression per line. "# ..." comments, blank lines ignored. A line
 * "#@ LT,LT,..." (or "#@ all") sets the linktypes of the lines that follow;
 * a line may start with "[LT,LT] " to override that for itself.
 */
static int corpus_load(struct corpus *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096], where[512];
	unsigned long section = (1UL << NLINKTYPES) - 1;
	int lineno = 0;

	if (!f) {
		fprintf(stderr, "diff_filter: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *s = line;
		unsigned long mask = section;
		size_t n = strcspn(s, "\n");

		lineno++;
		s[n] = 0;
		snprintf(where, sizeof(where), "%s:%d", path, lineno);
		if (!strncmp(s, "#@", 2)) {
			if (parse_ltmask(s + 2, strlen(s + 2), &section, where) < 0)
				goto fail;
			continue;
		}
		if (!*s || *s == '#')
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']');

			if (!end || parse_ltmask(s + 1, end - s - 1, &mask, where) < 0)
				goto fail;
			s = end + 1;
			if (*s == ' ')
				s++;
		}
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 2048;
			c->v = realloc(c->v, c->cap * sizeof(*c->v));
			if (!c->v)
				abort();
		}
		/* "<empty>" stands for the empty expression */
		c->v[c->n].text = strdup(strcmp(s, "<empty>") ? s : "");
		c->v[c->n].ltmask = mask;
		c->v[c->n].line = lineno;
		c->n++;
	}
	fclose(f);
	return 0;
fail:
	fclose(f);
	return -1;
}

/* Known failures: "LINKTYPE<TAB>expression" lines skipped by the test
 * registered in make check (see README.md). */
struct skiplist {
	char **v;
	size_t n;
};

static int skiplist_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int skiplist_load(struct skiplist *s, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	if (!f) {
		fprintf(stderr, "diff_filter: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!*line || *line == '#')
			continue;
		s->v = realloc(s->v, (s->n + 1) * sizeof(*s->v));
		if (!s->v)
			abort();
		s->v[s->n++] = strdup(line);
	}
	fclose(f);
	/* sorted, for bsearch: the list has thousands of entries (or none:
	 * qsort must not see the NULL array then) */
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), skiplist_cmp);
	return 0;
}

static int skiplist_find(const struct skiplist *s, const char *lt,
			 const char *expr)
{
	char key[4200];
	const char *k = key;

	snprintf(key, sizeof(key), "%s\t%s", lt, expr);
	return s->n && bsearch(&k, s->v, s->n, sizeof(*s->v), skiplist_cmp) != NULL;
}

/* An entry names a linktype, or "*" for all of them. */
static int skiplist_has(const struct skiplist *s, const char *lt,
			const char *expr)
{
	return skiplist_find(s, lt, expr) || skiplist_find(s, "*", expr);
}

/* --- results ------------------------------------------------------------------- */

struct counts {
	unsigned long compiles;		/* (linktype, expr, optimize) triples */
	unsigned long both_accept, both_reject, only_ours_reject, only_theirs_reject;
	unsigned long packet_runs, disagreements, disagreeing_programs;
	unsigned long validate_fail, kernel_fail, theirs_kernel_fail;
	unsigned long kernel_nomem;	/* too big for the socket's optmem_max */
	unsigned long theirs_undefined;	/* libpcap's program reads unset M[] */
	unsigned long skipped;
	unsigned long msg_differ;
	/* coverage (optimized programs): how many accept none / all packets */
	unsigned long accept_none, accept_all, accept_some;
};

struct options {
	const char *corpus;
	const char *write_failures;	/* -w: failing pairs, skip-file format */
	const char *skipfile;
	const char *coverage;
	const char *sizes;
	regex_t re;
	int have_re;
	int opt_min, opt_max;
	int max_reports;
	int verbose;
	int savefile;		/* -F: compile on savefile handles */
	int strict_msgs;	/* -M: a different error message is a failure */
	const char *oracle_bugs;	/* -B: check the claims of this file */
};

static int reports;

static void dump_program(const char *who, const struct bpf_program *p,
			 char *(*image)(const struct bpf_insn *, int))
{
	printf("    %s program (%u insns):\n", who, p->bf_len);
	for (u_int i = 0; i < p->bf_len; i++)
		printf("      %s\n", image(&p->bf_insns[i], i));
}

static void dump_packet(const struct pktgen_pkt *pk)
{
	printf("    packet (%s) len %u caplen %u:", pk->desc, pk->len, pk->caplen);
	for (u_int i = 0; i < pk->caplen; i++)
		printf("%s%02x", i % 32 ? "" : "\n      ", pk->data[i]);
	printf("\n");
}

/*
 * Does the program read a scratch register M[k] on some path before any
 * store to it? libpcap 1.10 emits such programs (registers it reuses
 * around variable link headers): its interpreter then reads stack garbage,
 * so its verdict changes from process to process and there is nothing to
 * compare with. Forward jumps only; a program with a backward jump
 * (libpcap's protochain loop) is taken as defined.
 */
static int reads_unset_memory(const struct bpf_program *p)
{
	unsigned int n = p->bf_len;
	unsigned int *in = malloc((n + 1) * sizeof(*in));
	int bad = 0;

	if (!in)
		abort();
	for (unsigned int i = 0; i <= n; i++)
		in[i] = 0xffff;		/* "not reached yet": all-defined */
	in[0] = 0;
	for (unsigned int i = 0; i < n && !bad; i++) {
		const struct bpf_insn *x = &p->bf_insns[i];
		unsigned int cur = in[i], cls = BPF_CLASS(x->code);

		if ((cls == BPF_LD || cls == BPF_LDX) && BPF_MODE(x->code) == BPF_MEM &&
		    x->k < BPF_MEMWORDS && !(cur & 1u << x->k))
			bad = 1;
		if ((cls == BPF_ST || cls == BPF_STX) && x->k < BPF_MEMWORDS)
			cur |= 1u << x->k;
		if (cls == BPF_RET)
			continue;
		if (cls == BPF_JMP) {
			unsigned long t, f;

			if (BPF_OP(x->code) == BPF_JA) {
				t = f = (unsigned long)i + 1 + x->k;
			} else {
				t = (unsigned long)i + 1 + x->jt;
				f = (unsigned long)i + 1 + x->jf;
			}
			if (t >= n || f >= n)	/* backward (wrapped) jump */
				break;
			in[t] &= cur;
			in[f] &= cur;
			continue;
		}
		in[i + 1] &= cur;
	}
	free(in);
	return bad;
}

/* Does the kernel's classic BPF checker accept the program? */
static int kernel_accepts(int sock, const struct bpf_program *p, int *err)
{
	/* struct sock_fprog, spelled here: <linux/filter.h> clashes with
	 * <pcap/bpf.h> (same macros), and struct bpf_insn has the layout of
	 * struct sock_filter */
	struct {
		unsigned short len;
		struct bpf_insn *filter;
	} fp = { .len = p->bf_len, .filter = p->bf_insns };

	if (setsockopt(sock, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp)) < 0) {
		*err = errno;
		return 0;
	}
	setsockopt(sock, SOL_SOCKET, SO_DETACH_FILTER, NULL, 0);
	return 1;
}

/*
 * -F: both libraries compile on a savefile handle instead of a dead one
 * (libpcap refuses some primitives there: inbound/outbound, ifindex). The
 * file is a pcap header with the linktype and no packet.
 */
static int open_savefiles(struct oracle *orc, struct linktype *lt)
{
	struct {
		uint32_t magic;
		uint16_t major, minor;
		int32_t thiszone;
		uint32_t sigfigs, snaplen, linktype;
	} hdr = { 0xa1b2c3d4, 2, 4, 0, 0, SNAPLEN, (uint32_t)lt->dlt };
	char path[] = "/tmp/diff_filter.XXXXXX", err[PCAP_ERRBUF_SIZE];
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, &hdr, sizeof(hdr)) != (ssize_t)sizeof(hdr)) {
		perror("diff_filter: savefile");
		return -1;
	}
	close(fd);
	lt->ours = pcap_open_offline(path, err);
	if (!lt->ours)
		fprintf(stderr, "diff_filter: mqpcap: %s\n", err);
	lt->theirs = orc->open_offline(path, err);
	if (!lt->theirs)
		fprintf(stderr, "diff_filter: libpcap: %s\n", err);
	unlink(path);
	return 0;
}

/*
 * -B FILE: libpcap's own wrong answers, as checked claims. Each line is
 * "LT<TAB>expression<TAB>equivalent expression": the two expressions
 * accept the same packets by the language's definition (operands of
 * and/or reordered, arithmetic moved), but libpcap's program for the first
 * is wrong (its scratch registers clobber the link's offsets, FINDINGS
 * 10), so mqpcap's differs from it. For optimize 0 and 1 the line holds
 * when libpcap's two programs disagree on some packet (summed over both
 * levels: otherwise libpcap is not wrong there and the line must go) and
 * mqpcap's program for the first agrees with libpcap's for the second on
 * every packet of the linktype. Both libpcap programs must be defined (no
 * read of unset scratch memory).
 */
struct oracle_bug_run {
	unsigned long self_disagree[2], ours_disagree[2];
	int broken;		/* a compile failed or a program is undefined */
};

static void oracle_bug_one(struct oracle *orc, pcap_t *ours, pcap_t *theirs,
			   const struct pktgen_set *pkts, const char *expr,
			   const char *equiv, int opt, struct oracle_bug_run *r)
{
	struct bpf_program orig = { 0 }, eq = { 0 }, mine = { 0 };

	if (orc->compile(theirs, &orig, expr, opt, NETMASK) < 0 ||
	    orc->compile(theirs, &eq, equiv, opt, NETMASK) < 0 ||
	    pcap_compile(ours, &mine, expr, opt, NETMASK) < 0) {
		printf("  -O%d: a compile failed: libpcap: %s; mqpcap: %s\n", opt,
		       orc->geterr(theirs), pcap_geterr(ours));
		r->broken = 1;
	} else if (reads_unset_memory(&orig) || reads_unset_memory(&eq)) {
		printf("  -O%d: libpcap's program reads unset scratch memory\n", opt);
		r->broken = 1;
	} else {
		for (size_t i = 0; i < pkts->n; i++) {
			const struct pktgen_pkt *pk = &pkts->v[i];
			u_int a = orc->filter(orig.bf_insns, pk->data, pk->len, pk->caplen);
			u_int b = orc->filter(eq.bf_insns, pk->data, pk->len, pk->caplen);
			u_int m = bpf_filter(mine.bf_insns, pk->data, pk->len, pk->caplen);

			r->self_disagree[opt] += a != b;
			if (m != b && !r->ours_disagree[opt]++) {
				printf("  -O%d: mqpcap returns %u, libpcap (second) %u\n", opt, m, b);
				dump_packet(pk);
				dump_program("mqpcap (first)", &mine, bpf_image);
				dump_program("libpcap (second)", &eq, orc->image);
			}
		}
	}
	if (orig.bf_insns)
		orc->freecode(&orig);
	if (eq.bf_insns)
		orc->freecode(&eq);
	pcap_freecode(&mine);
}

static int oracle_bugs_check(struct oracle *orc, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int lineno = 0, lines = 0, bad = 0;

	if (!f) {
		fprintf(stderr, "diff_filter: %s: %s\n", path, strerror(errno));
		return 99;
	}
	while (fgets(line, sizeof(line), f)) {
		char *lt_name = line, *expr, *equiv;
		struct oracle_bug_run r = { 0 };
		struct pktgen_set pkts = { 0 };
		struct linktype *lt;
		pcap_t *ours, *theirs;

		lineno++;
		line[strcspn(line, "\n")] = 0;
		if (!*line || *line == '#')
			continue;
		expr = strchr(lt_name, '\t');
		equiv = expr ? strchr(expr + 1, '\t') : NULL;
		if (!equiv) {
			fprintf(stderr, "%s:%d: want LT<TAB>expression<TAB>equivalent\n",
				path, lineno);
			fclose(f);
			return 99;
		}
		*expr++ = 0;
		*equiv++ = 0;
		lt = linktype_by_name(lt_name, strlen(lt_name));
		if (!lt) {
			fprintf(stderr, "%s:%d: unknown linktype '%s'\n", path, lineno, lt_name);
			fclose(f);
			return 99;
		}
		lines++;
		pktgen_build(lt->dlt, &pkts);
		ours = pcap_open_dead(lt->dlt, SNAPLEN);
		theirs = orc->open_dead(lt->dlt, SNAPLEN);
		printf("%s '%s' = '%s' (%zu packets)\n", lt->name, expr, equiv, pkts.n);
		for (int opt = 0; opt <= 1; opt++) {
			oracle_bug_one(orc, ours, theirs, &pkts, expr, equiv, opt, &r);
			printf("  -O%d: libpcap disagrees with itself on %lu packets; "
			       "mqpcap's program for the first with libpcap's for the "
			       "second on %lu\n", opt, r.self_disagree[opt],
			       r.ours_disagree[opt]);
		}
		if (r.broken || r.self_disagree[0] + r.self_disagree[1] == 0 ||
		    r.ours_disagree[0] || r.ours_disagree[1]) {
			printf("  FAIL: %s\n", r.broken ? "cannot compare" :
			       r.ours_disagree[0] || r.ours_disagree[1] ?
			       "mqpcap differs from libpcap's equivalent program" :
			       "libpcap is not wrong here: drop the line");
			bad++;
		}
		pcap_close(ours);
		orc->close(theirs);
		pktgen_free(&pkts);
	}
	fclose(f);
	printf("diff_filter -B: %d claims, %d fail: %s\n", lines, bad, bad ? "FAIL" : "PASS");
	return bad ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: diff_filter [-c corpus] [-l LINKTYPE,...] [-e REGEX] [-O 0|1]\n"
		"                   [-x skipfile] [-C coverage.tsv] [-S sizes.tsv]\n"
		"                   [-n max-reports] [-w failures-out] [-F] [-M] [-v]\n"
		"       diff_filter -B oracle-bugs.txt\n"
		"environment: DIFF_FILTER_LINKTYPES, DIFF_FILTER_REGEX as -l and -e\n");
	exit(2);
}

/* Compare one expression on one linktype at one optimization level. */
/* Returns 1 when the pair fails (any difference or check failure). */
static int run_one(const struct options *o, struct oracle *orc,
		   struct linktype *lt, const struct expr *e, int opt,
		   const struct pktgen_set *pkts, int sock, struct counts *c,
		   FILE *cov, FILE *sizes)
{
	struct bpf_program ours = { 0 }, theirs = { 0 };
	int rc_ours, rc_theirs, kerr = 0, failed = 0;

	c->compiles++;
	lt->compiles++;
	rc_theirs = orc->compile(lt->theirs, &theirs, e->text, opt, NETMASK);
	rc_ours = pcap_compile(lt->ours, &ours, e->text, opt, NETMASK);

	if (rc_ours < 0 && rc_theirs < 0) {
		c->both_reject++;
		if (strcmp(pcap_geterr(lt->ours), orc->geterr(lt->theirs))) {
			c->msg_differ++;
			if (o->verbose || o->strict_msgs)
				printf("MSG %s '%s': mqpcap: %s | libpcap: %s\n",
				       lt->name, e->text, pcap_geterr(lt->ours),
				       orc->geterr(lt->theirs));
			return o->strict_msgs;
		}
		return 0;
	}
	if (rc_ours < 0 || rc_theirs < 0) {
		failed = 1;
		lt->compile_mismatch++;
		if (rc_ours < 0)
			c->only_ours_reject++;
		else
			c->only_theirs_reject++;
		if (reports++ < o->max_reports || o->verbose)
			printf("COMPILE %s -O%d line %d '%s': only %s rejects: %s\n",
			       lt->name, opt, e->line, e->text,
			       rc_ours < 0 ? "mqpcap" : "libpcap",
			       rc_ours < 0 ? pcap_geterr(lt->ours) :
			       orc->geterr(lt->theirs));
		goto out;
	}
	c->both_accept++;

	if (!bpf_validate(ours.bf_insns, ours.bf_len)) {
		failed = 1;
		c->validate_fail++;
		if (reports++ < o->max_reports) {
			printf("VALIDATE %s -O%d '%s': mqpcap's program fails bpf_validate\n",
			       lt->name, opt, e->text);
			dump_program("mqpcap", &ours, bpf_image);
		}
	}
	/* ENOMEM: the program passed the checker but its translation does
	 * not fit net.core.optmem_max; live capture then filters in user
	 * space, as libpcap does */
	if (!kernel_accepts(sock, &ours, &kerr) && kerr == ENOMEM) {
		c->kernel_nomem++;
	} else if (kerr) {
		failed = 1;
		c->kernel_fail++;
		if (reports++ < o->max_reports) {
			printf("KERNEL %s -O%d '%s': SO_ATTACH_FILTER: %s\n",
			       lt->name, opt, e->text, strerror(kerr));
			dump_program("mqpcap", &ours, bpf_image);
		}
	}
	if (!kernel_accepts(sock, &theirs, &kerr))
		c->theirs_kernel_fail++;
	if (sizes && opt)
		fprintf(sizes, "%s\t%u\t%u\t%s\n", lt->name, ours.bf_len,
			theirs.bf_len, e->text);

	unsigned long bad = 0, accepted = 0;

	if (reads_unset_memory(&theirs)) {
		c->theirs_undefined++;
		goto out;
	}
	for (size_t i = lt->first; i < lt->first + lt->count; i++) {
		const struct pktgen_pkt *pk = &pkts->v[i];
		u_int r_theirs = orc->filter(theirs.bf_insns, pk->data, pk->len,
					     pk->caplen);
		u_int r_ours = bpf_filter(ours.bf_insns, pk->data, pk->len,
					  pk->caplen);

		c->packet_runs++;
		accepted += r_theirs != 0;
		if (r_ours == r_theirs)
			continue;
		if (!bad && reports < o->max_reports) {
			printf("PACKET %s -O%d line %d '%s': mqpcap returns %u, libpcap %u\n",
			       lt->name, opt, e->line, e->text, r_ours, r_theirs);
			dump_packet(pk);
			dump_program("mqpcap", &ours, bpf_image);
			dump_program("libpcap", &theirs, orc->image);
			reports++;
		}
		bad++;
	}
	c->disagreements += bad;
	c->disagreeing_programs += bad != 0;
	if (bad) {
		failed = 1;
		lt->bad_programs++;
	}
	if (opt) {
		if (!accepted)
			c->accept_none++;
		else if (accepted == lt->count)
			c->accept_all++;
		else
			c->accept_some++;
		if (cov)
			fprintf(cov, "%s\t%lu\t%zu\t%s\n", lt->name, accepted,
				lt->count, e->text);
	}
out:
	if (rc_ours == 0)
		pcap_freecode(&ours);
	if (rc_theirs == 0)
		orc->freecode(&theirs);
	return failed;
}

int main(int argc, char **argv)
{
	struct options o = { .opt_min = 0, .opt_max = 1, .max_reports = 20 };
	const char *lts = getenv("DIFF_FILTER_LINKTYPES");
	const char *re = getenv("DIFF_FILTER_REGEX");
	const char *srcdir = getenv("MQPCAP_SRCDIR");
	char corpus_path[4096];
	struct skiplist skip = { 0 };
	struct corpus corpus = { 0 };
	struct pktgen_set pkts = { 0 };
	struct oracle orc;
	struct counts c = { 0 };
	FILE *cov = NULL, *sizes = NULL, *failures = NULL;
	int ch;

	snprintf(corpus_path, sizeof(corpus_path),
		 "%s/test/diff/filter/expressions.txt", srcdir ? srcdir : ".");
	o.corpus = corpus_path;
	while ((ch = getopt(argc, argv, "c:l:e:O:x:C:S:n:vw:FB:M")) != -1) {
		switch (ch) {
		case 'c': o.corpus = optarg; break;
		case 'l': lts = optarg; break;
		case 'e': re = optarg; break;
		case 'O': o.opt_min = o.opt_max = atoi(optarg); break;
		case 'x': o.skipfile = optarg; break;
		case 'C': o.coverage = optarg; break;
		case 'S': o.sizes = optarg; break;
		case 'n': o.max_reports = atoi(optarg); break;
		case 'v': o.verbose = 1; break;
		case 'w': o.write_failures = optarg; break;
		case 'F': o.savefile = 1; break;
		case 'B': o.oracle_bugs = optarg; break;
		case 'M': o.strict_msgs = 1; break;
		default: usage();
		}
	}
	if (re && *re) {
		if (regcomp(&o.re, re, REG_EXTENDED | REG_NOSUB)) {
			fprintf(stderr, "diff_filter: bad regex '%s'\n", re);
			return 2;
		}
		o.have_re = 1;
	}
	unsigned long ltsel = 0;

	for (size_t i = 0; i < NLINKTYPES; i++)
		if (!linktypes[i].opt_in)
			ltsel |= 1UL << i;

	if (lts && *lts && parse_ltmask(lts, strlen(lts), &ltsel, "linktypes") < 0)
		return 2;
	if (oracle_load(&orc) < 0)
		return 99;
	if (o.oracle_bugs)
		return oracle_bugs_check(&orc, o.oracle_bugs);
	if (corpus_load(&corpus, o.corpus) < 0)
		return 99;
	if (o.skipfile && skiplist_load(&skip, o.skipfile) < 0)
		return 99;
	if (o.coverage && !(cov = fopen(o.coverage, "w"))) {
		perror(o.coverage);
		return 99;
	}
	if (o.sizes && !(sizes = fopen(o.sizes, "w"))) {
		perror(o.sizes);
		return 99;
	}
	if (o.write_failures && !(failures = fopen(o.write_failures, "w"))) {
		perror(o.write_failures);
		return 99;
	}

	int sock = socket(AF_INET, SOCK_DGRAM, 0);

	if (sock < 0) {
		perror("diff_filter: socket");
		return 99;
	}
	size_t nlt = 0;

	for (size_t i = 0; i < NLINKTYPES; i++) {
		struct linktype *lt = &linktypes[i];

		lt->selected = !!(ltsel & (1UL << i));
		lt->first = pkts.n;
		lt->count = pktgen_build(lt->dlt, &pkts);
		if (!lt->selected)
			continue;
		nlt++;
		if (o.savefile) {
			if (open_savefiles(&orc, lt) < 0)
				return 99;
		} else {
			lt->ours = pcap_open_dead(lt->dlt, SNAPLEN);
			lt->theirs = orc.open_dead(lt->dlt, SNAPLEN);
		}
		if (!lt->ours || !lt->theirs) {
			fprintf(stderr, "diff_filter: opening a %s handle failed\n",
				lt->name);
			return 99;
		}
	}

	size_t nexpr = 0;

	for (size_t j = 0; j < corpus.n; j++) {
		const struct expr *e = &corpus.v[j];

		if (o.have_re && regexec(&o.re, e->text, 0, NULL, 0))
			continue;
		nexpr++;
		for (size_t i = 0; i < NLINKTYPES; i++) {
			struct linktype *lt = &linktypes[i];

			if (!lt->selected || !(e->ltmask & (1UL << i)))
				continue;
			if (skiplist_has(&skip, lt->name, e->text)) {
				c.skipped++;
				continue;
			}
			int bad = 0;

			for (int opt = o.opt_min; opt <= o.opt_max; opt++)
				bad |= run_one(&o, &orc, lt, e, opt, &pkts, sock,
					       &c, cov, sizes);
			if (bad && failures)
				fprintf(failures, "%s\t%s\n", lt->name, e->text);
		}
	}

	printf("diff_filter: mqpcap vs %s, %s handles\n", orc.version(),
	       o.savefile ? "savefile" : "dead");
	printf("  corpus: %zu expressions (%zu in corpus), %zu linktypes, %zu packets; "
	       "%lu (linktype, expression) pairs skipped as known failures\n",
	       nexpr, corpus.n, nlt, pkts.n, c.skipped);
	printf("  compiles: %lu (optimize %d..%d): both accept %lu, both reject %lu "
	       "(messages differ %lu), only mqpcap rejects %lu, only libpcap rejects %lu\n",
	       c.compiles, o.opt_min, o.opt_max, c.both_accept, c.both_reject,
	       c.msg_differ, c.only_ours_reject, c.only_theirs_reject);
	printf("  packets: %lu runs, %lu disagreements in %lu programs\n",
	       c.packet_runs, c.disagreements, c.disagreeing_programs);
	printf("  checks: %lu mqpcap programs fail bpf_validate, %lu fail the kernel's "
	       "checker (libpcap's: %lu), %lu too big for optmem_max; %lu libpcap "
	       "programs read unset scratch memory (not run on packets)\n",
	       c.validate_fail, c.kernel_fail, c.theirs_kernel_fail, c.kernel_nomem,
	       c.theirs_undefined);
	printf("  coverage (optimized programs): accept no packet %lu, some %lu, all %lu\n",
	       c.accept_none, c.accept_some, c.accept_all);

	printf("  per linktype (compiles / accept-reject mismatches / programs "
	       "that differ on packets or fail a check):\n   ");
	for (size_t i = 0, col = 0; i < NLINKTYPES; i++) {
		const struct linktype *lt = &linktypes[i];

		if (!lt->selected)
			continue;
		printf(" %s %lu/%lu/%lu%s", lt->name, lt->compiles,
		       lt->compile_mismatch, lt->bad_programs,
		       ++col % 4 ? "" : "\n   ");
	}
	printf("\n");

	int failed = c.only_ours_reject || c.only_theirs_reject ||
		     c.disagreements || c.validate_fail || c.kernel_fail ||
		     (o.strict_msgs && c.msg_differ);

	printf("diff_filter: %s\n", failed ? "FAIL" : "PASS");

	for (size_t i = 0; i < NLINKTYPES; i++) {
		if (linktypes[i].ours)
			pcap_close(linktypes[i].ours);
		if (linktypes[i].theirs)
			orc.close(linktypes[i].theirs);
	}
	for (size_t j = 0; j < corpus.n; j++)
		free(corpus.v[j].text);
	free(corpus.v);
	for (size_t j = 0; j < skip.n; j++)
		free(skip.v[j]);
	free(skip.v);
	pktgen_free(&pkts);
	if (o.have_re)
		regfree(&o.re);
	if (cov)
		fclose(cov);
	if (sizes)
		fclose(sizes);
	if (failures)
		fclose(failures);
	close(sock);
	return failed ? 1 : 0;
}
