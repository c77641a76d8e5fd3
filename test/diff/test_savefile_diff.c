/*
 * Savefile reading and writing, mqpcap against the system libpcap.
 *
 * Both libraries are loaded with dlmopen into namespaces of their own and
 * driven through the same calls; each run is written down as a transcript
 * (open result, every packet's header and a hash of its bytes, the final
 * return code and error text) and the two transcripts must be equal. The
 * inputs are the corpus (test/data/corpus.sh) and, for hostility, a fixed
 * set of mutations of it: truncations, flipped bytes, absurd length fields.
 * The writer is checked by writing what was read with pcap_dump from both
 * libraries and comparing the files byte for byte.
 *
 * Usage: test_savefile_diff CORPUS_DIR   (MQPCAP_LIBDIR: the built library)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pcap/pcap.h>

#include <dirent.h>
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct lib {
	const char *name;
	void *dl;
	pcap_t *(*open_offline)(const char *, u_int, char *);
	int (*next_ex)(pcap_t *, struct pcap_pkthdr **, const u_char **);
	int (*dispatch)(pcap_t *, int, pcap_handler, u_char *);
	char *(*geterr)(pcap_t *);
	void (*close)(pcap_t *);
	int (*datalink)(pcap_t *);
	int (*datalink_ext)(pcap_t *);
	int (*snapshot)(pcap_t *);
	int (*is_swapped)(pcap_t *);
	int (*major)(pcap_t *);
	int (*minor)(pcap_t *);
	pcap_dumper_t *(*dump_open)(pcap_t *, const char *);
	pcap_dumper_t *(*dump_open_append)(pcap_t *, const char *);
	void (*dump)(u_char *, const struct pcap_pkthdr *, const u_char *);
	long (*dump_ftell)(pcap_dumper_t *);
	void (*dump_close)(pcap_dumper_t *);
	pcap_t *(*open_dead)(int, int, u_int);
	pcap_t *(*fopen_offline)(FILE *, u_int, char *);
	/* Each library's own libc: a FILE must come from the libc that
	 * reads it (glibc checks its stdio vtables). */
	FILE *(*fmemopen)(void *, size_t, const char *);
	int (*fclose)(FILE *);
	int (*stats)(pcap_t *, struct pcap_stat *);
	int (*inject)(pcap_t *, const void *, size_t);
	int (*setdirection)(pcap_t *, pcap_direction_t);
	int (*setnonblock)(pcap_t *, int, char *);
	int (*getnonblock)(pcap_t *, char *);
	int (*fileno)(pcap_t *);
	int (*selectable_fd)(pcap_t *);
	int (*tstamp_precision)(pcap_t *);
};

/* What the calls a savefile cannot honour say, and the small getters. */
static void record_api(const struct lib *l, pcap_t *p, FILE *out)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct pcap_stat ps;
	int rc;

	rc = l->stats(p, &ps);
	fprintf(out, "stats %d: %s\n", rc, rc ? l->geterr(p) : "");
	rc = l->inject(p, "x", 1);
	fprintf(out, "inject %d: %s\n", rc, rc < 0 ? l->geterr(p) : "");
	rc = l->setdirection(p, PCAP_D_IN);
	fprintf(out, "setdirection %d: %s\n", rc, rc ? l->geterr(p) : "");
	rc = l->setnonblock(p, 1, errbuf);
	fprintf(out, "setnonblock %d: %s\n", rc, rc ? errbuf : "");
	rc = l->getnonblock(p, errbuf);
	fprintf(out, "getnonblock %d: %s\n", rc, rc < 0 ? errbuf : "");
	fprintf(out, "fileno is selectable fd: %d, precision %d\n",
		l->fileno(p) == l->selectable_fd(p), l->tstamp_precision(p));
}

#define SYM(l, field, sym)						\
	do {								\
		*(void **)&(l)->field = dlsym((l)->dl, sym);		\
		if ((l)->field == NULL) {				\
			fprintf(stderr, "%s: no symbol %s\n", (l)->name, sym); \
			return -1;					\
		}							\
	} while (0)

static int lib_load(struct lib *l, const char *name, const char *path)
{
	l->name = name;
	l->dl = dlmopen(LM_ID_NEWLM, path, RTLD_NOW | RTLD_LOCAL);
	if (l->dl == NULL) {
		fprintf(stderr, "dlmopen %s: %s\n", path, dlerror());
		return -1;
	}
	SYM(l, open_offline, "pcap_open_offline_with_tstamp_precision");
	SYM(l, next_ex, "pcap_next_ex");
	SYM(l, dispatch, "pcap_dispatch");
	SYM(l, geterr, "pcap_geterr");
	SYM(l, close, "pcap_close");
	SYM(l, datalink, "pcap_datalink");
	SYM(l, datalink_ext, "pcap_datalink_ext");
	SYM(l, snapshot, "pcap_snapshot");
	SYM(l, is_swapped, "pcap_is_swapped");
	SYM(l, major, "pcap_major_version");
	SYM(l, minor, "pcap_minor_version");
	SYM(l, dump_open, "pcap_dump_open");
	SYM(l, dump_open_append, "pcap_dump_open_append");
	SYM(l, dump, "pcap_dump");
	SYM(l, dump_ftell, "pcap_dump_ftell");
	SYM(l, dump_close, "pcap_dump_close");
	SYM(l, open_dead, "pcap_open_dead_with_tstamp_precision");
	SYM(l, fopen_offline, "pcap_fopen_offline_with_tstamp_precision");
	SYM(l, fmemopen, "fmemopen");
	SYM(l, fclose, "fclose");
	SYM(l, stats, "pcap_stats");
	SYM(l, inject, "pcap_inject");
	SYM(l, setdirection, "pcap_setdirection");
	SYM(l, setnonblock, "pcap_setnonblock");
	SYM(l, getnonblock, "pcap_getnonblock");
	SYM(l, fileno, "pcap_fileno");
	SYM(l, selectable_fd, "pcap_get_selectable_fd");
	SYM(l, tstamp_precision, "pcap_get_tstamp_precision");
	return 0;
}

static uint32_t fnv1a(const u_char *d, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *d++) * 16777619u;
	return h;
}

struct run {
	const struct lib *l;
	FILE *out;
	pcap_dumper_t *dumper;
};

static void record_packet(u_char *user, const struct pcap_pkthdr *h,
			  const u_char *data)
{
	struct run *r = (struct run *)user;

	fprintf(r->out, "pkt %lld.%09ld caplen %u len %u hash %08x\n",
		(long long)h->ts.tv_sec, (long)h->ts.tv_usec, h->caplen, h->len,
		fnv1a(data, h->caplen));
	if (r->dumper)
		r->l->dump((u_char *)r->dumper, h, data);
}

/* MODE_STREAM: pcap_next_ex on a stream (fmemopen), not a named file,
 * so mqpcap reads with exact sizes instead of reading ahead. */
enum mode { MODE_NEXT_EX, MODE_DISPATCH, MODE_STREAM };

static const char *const mode_names[] = { "pcap_next_ex", "pcap_dispatch",
					  "pcap_next_ex on a stream" };

static char *slurp(const char *path, size_t *len);

/* Read a whole file the way mode says; return the transcript (malloc'd).
 * If dump_to is set, also write the packets there with pcap_dump. */
static char *transcript(const struct lib *l, const char *file, u_int prec,
			enum mode mode, const char *dump_to)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct run r = { .l = l };
	char *text = NULL;
	size_t size = 0;
	pcap_t *p;
	int rc;

	char *bytes = NULL;

	r.out = open_memstream(&text, &size);
	if (mode == MODE_STREAM) {
		size_t len;
		FILE *fp;

		bytes = slurp(file, &len);
		fp = bytes && len ? l->fmemopen(bytes, len, "rb") : NULL;
		if (fp == NULL) {
			fprintf(r.out, "(no stream)\n");
			fclose(r.out);
			free(bytes);
			return text;
		}
		p = l->fopen_offline(fp, prec, errbuf);
		if (p == NULL)
			l->fclose(fp);
	} else {
		p = l->open_offline(file, prec, errbuf);
	}
	if (p == NULL) {
		fprintf(r.out, "open failed: %s\n", errbuf);
		fclose(r.out);
		free(bytes);
		return text;
	}
	fprintf(r.out, "open dlt %d ext %#x snap %d swapped %d version %d.%d\n",
		l->datalink(p), (unsigned)l->datalink_ext(p), l->snapshot(p),
		l->is_swapped(p), l->major(p), l->minor(p));
	if (dump_to)
		record_api(l, p, r.out);
	if (dump_to) {
		r.dumper = l->dump_open(p, dump_to);
		if (r.dumper == NULL)
			fprintf(r.out, "dump_open failed: %s\n", l->geterr(p));
	}
	if (mode != MODE_DISPATCH) {
		struct pcap_pkthdr *h;
		const u_char *data;

		while ((rc = l->next_ex(p, &h, &data)) == 1)
			record_packet((u_char *)&r, h, data);
	} else {
		/* Batches of 7: checks that counts and the end of file
		 * line up across calls. */
		while ((rc = l->dispatch(p, 7, record_packet, (u_char *)&r)) > 0)
			fprintf(r.out, "batch %d\n", rc);
	}
	fprintf(r.out, "end %d: %s\n", rc, rc == -1 ? l->geterr(p) : "");
	/* Programs call again after an error (ngrep loops until pcap_loop
	 * returns 0): where the reader then stands must match too. */
	for (int again = 0; rc == -1 && again < 4; again++) {
		struct pcap_pkthdr *h;
		const u_char *data;

		rc = l->next_ex(p, &h, &data);
		if (rc == 1)
			record_packet((u_char *)&r, h, data);
		fprintf(r.out, "again %d: %s\n", rc, rc == -1 ? l->geterr(p) : "");
	}
	if (r.dumper) {
		fprintf(r.out, "dump ftell %ld\n", l->dump_ftell(r.dumper));
		l->dump_close(r.dumper);
	}
	l->close(p);
	fclose(r.out);
	free(bytes);
	return text;
}

static int n_compared, n_failed;

/* Print the first line where the two transcripts part. */
static void show_difference(const char *what, const char *a, const char *b)
{
	const char *line_a = a, *line_b = b;
	int line = 1;

	while (*a && *a == *b) {
		if (*a == '\n') {
			line++;
			line_a = a + 1;
			line_b = b + 1;
		}
		a++;
		b++;
	}
	fprintf(stderr, "FAIL %s: transcripts differ at line %d\n  system: %.*s\n  mqpcap: %.*s\n",
		what, line, (int)strcspn(line_a, "\n"), line_a,
		(int)strcspn(line_b, "\n"), line_b);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n > 0 ? (size_t)n : 1);
	*len = fread(buf, 1, n > 0 ? (size_t)n : 0, f);
	fclose(f);
	return buf;
}

static void compare_file(const struct lib *sys, const struct lib *mq,
			 const char *file, const char *label, int check_dump)
{
	static const u_int precs[] = { PCAP_TSTAMP_PRECISION_MICRO,
				       PCAP_TSTAMP_PRECISION_NANO };
	char out_sys[] = "/tmp/mqsfdiff-sys-XXXXXX";
	char out_mq[] = "/tmp/mqsfdiff-mq-XXXXXX";
	int fd;

	if (check_dump) {
		fd = mkstemp(out_sys);
		close(fd);
		fd = mkstemp(out_mq);
		close(fd);
	}
	for (size_t i = 0; i < 2; i++) {
		for (int mode = MODE_NEXT_EX; mode <= MODE_STREAM; mode++) {
			int dump = check_dump && mode == MODE_NEXT_EX;
			char *a = transcript(sys, file, precs[i], mode, dump ? out_sys : NULL);
			char *b = transcript(mq, file, precs[i], mode, dump ? out_mq : NULL);
			char what[512];

			snprintf(what, sizeof(what), "%s (%s, %s)", label,
				 i ? "nano" : "micro", mode_names[mode]);
			n_compared++;
			if (strcmp(a, b) != 0) {
				n_failed++;
				show_difference(what, a, b);
			} else if (dump) {
				size_t la, lb;
				char *da = slurp(out_sys, &la), *db = slurp(out_mq, &lb);

				if (da == NULL || db == NULL || la != lb || memcmp(da, db, la)) {
					n_failed++;
					fprintf(stderr, "FAIL %s: pcap_dump output differs (%zu vs %zu bytes)\n",
						what, la, lb);
				}
				free(da);
				free(db);
			}
			free(a);
			free(b);
		}
	}
	if (check_dump) {
		unlink(out_sys);
		unlink(out_mq);
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Damage a copy of the file in one of a few ways that reach the readers'
 * length and consistency checks. */
static size_t mutate(u_char *buf, size_t len, int kind)
{
	static const uint32_t nasty[] = { 0, 1, 3, 12, 0x7fffffff, 0xffffffff,
					  0x40000, 0x40001, 0x1000000, 0xfffffff0, 28 };
	size_t at;
	uint32_t v;

	if (len < 8)
		return len;
	switch (kind) {
	case 0:		/* cut anywhere */
		return (size_t)(rng() % len);
	case 1:		/* flip bytes */
		for (int i = 0; i < 4; i++)
			buf[rng() % len] ^= (u_char)(1 + rng() % 255);
		return len;
	case 2:		/* a nasty 32-bit value at an aligned place */
		at = (size_t)(rng() % (len / 4)) * 4;
		v = nasty[rng() % (sizeof(nasty) / sizeof(nasty[0]))];
		if (rng() & 1)
			v = __builtin_bswap32(v);
		memcpy(buf + at, &v, at + 4 <= len ? 4 : len - at);
		return len;
	default:	/* damage the headers only */
		buf[rng() % (len < 64 ? len : 64)] ^= (u_char)(1 + rng() % 255);
		return len;
	}
}

static void compare_mutants(const struct lib *sys, const struct lib *mq,
			    const char *file, const char *name, int count)
{
	size_t len;
	u_char *orig = (u_char *)slurp(file, &len);
	u_char *copy;
	char tmp[] = "/tmp/mqsfdiff-mut-XXXXXX";
	int fd;

	if (orig == NULL || len == 0) {
		free(orig);
		return;
	}
	copy = malloc(len);
	fd = mkstemp(tmp);
	close(fd);
	for (int i = 0; i < count; i++) {
		size_t n;
		FILE *f;
		char label[300];

		memcpy(copy, orig, len);
		n = mutate(copy, len, i % 4);
		f = fopen(tmp, "wb");
		fwrite(copy, 1, n, f);
		fclose(f);
		snprintf(label, sizeof(label), "%s mutant %d", name, i);
		compare_file(sys, mq, tmp, label, 0);
	}
	unlink(tmp);
	free(copy);
	free(orig);
}

/* pcap_dump_open_append's checks, on a file written by each library. */
static void compare_append(const struct lib *sys, const struct lib *mq,
			   const char *dir)
{
	static const struct { int dlt, snap; u_int prec; } cases[] = {
		{ 1, 262144, PCAP_TSTAMP_PRECISION_MICRO },	/* matches */
		{ 1, 262144, PCAP_TSTAMP_PRECISION_NANO },
		{ 113, 262144, PCAP_TSTAMP_PRECISION_MICRO },
		{ 1, 96, PCAP_TSTAMP_PRECISION_MICRO },
	};
	static const char *targets[] = { "eth.pcap", "eth_be.pcap", "eth_ns.pcap",
					 "eth_v23.pcap", "eth.pcapng", "trunc_filehdr.pcap",
					 "eth_empty.pcap" };
	const struct lib *libs[2] = { sys, mq };

	for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
		for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
			char *res[2], *bytes[2];
			size_t blen[2];

			char path[] = "/tmp/mqsfdiff-app-XXXXXX";

			/* One name for both, since it shows up in messages. */
			close(mkstemp(path));
			for (int k = 0; k < 2; k++) {
				char src[4096];
				size_t n;
				char *orig;
				FILE *f;
				pcap_t *p = libs[k]->open_dead(cases[c].dlt, cases[c].snap, cases[c].prec);
				pcap_dumper_t *d;
				struct pcap_pkthdr h = { { 1700000000, 5 }, 4, 60 };
				size_t rsize = 0;

				snprintf(src, sizeof(src), "%s/%s", dir, targets[t]);
				orig = slurp(src, &n);
				close(mkstemp(path));
				f = fopen(path, "wb");
				fwrite(orig, 1, n, f);
				fclose(f);
				free(orig);
				f = open_memstream(&res[k], &rsize);
				d = libs[k]->dump_open_append(p, path);
				if (d == NULL) {
					fprintf(f, "append failed: %s\n", libs[k]->geterr(p));
				} else {
					libs[k]->dump((u_char *)d, &h, (const u_char *)"abcd");
					fprintf(f, "appended, ftell %ld\n", libs[k]->dump_ftell(d));
					libs[k]->dump_close(d);
				}
				fclose(f);
				bytes[k] = slurp(path, &blen[k]);
				libs[k]->close(p);
			}
			unlink(path);
			n_compared++;
			if (strcmp(res[0], res[1]) || blen[0] != blen[1] ||
			    memcmp(bytes[0], bytes[1], blen[0])) {
				n_failed++;
				fprintf(stderr, "FAIL append to %s (dlt %d snap %d prec %u):\n  system: %s  mqpcap: %s",
					targets[t], cases[c].dlt, cases[c].snap, cases[c].prec,
					res[0], res[1]);
			}
			for (int k = 0; k < 2; k++) {
				free(res[k]);
				free(bytes[k]);
			}
		}
	}
}

int main(int argc, char **argv)
{
	const char *libdir = getenv("MQPCAP_LIBDIR");
	int mutants = argc > 2 ? atoi(argv[2]) : 40;
	struct lib sys, mq;
	struct dirent **names;
	char path[4096];
	int n;

	if (argc < 2 || libdir == NULL) {
		fprintf(stderr, "usage: MQPCAP_LIBDIR=DIR %s CORPUS_DIR [MUTANTS]\n", argv[0]);
		return 99;
	}
	if (lib_load(&sys, "system libpcap", "libpcap.so.0.8") < 0)
		return 77;
	snprintf(path, sizeof(path), "%s/libpcap.so.0.8", libdir);
	if (lib_load(&mq, "mqpcap", path) < 0)
		return 99;
	n = scandir(argv[1], &names, NULL, alphasort);
	if (n < 0) {
		perror(argv[1]);
		return 99;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", argv[1], name);
			compare_file(&sys, &mq, path, name, 1);
			compare_mutants(&sys, &mq, path, name, mutants);
		}
		free(names[i]);
	}
	free(names);
	compare_append(&sys, &mq, argv[1]);
	printf("%d comparisons, %d differences\n", n_compared, n_failed);
	return n_failed ? 1 : 0;
}
