/*
 * Filters compiled by both libraries: the system libpcap's pcap_compile
 * and bpf_filter, loaded through test/oracle.h, next to mqpcap's, so a
 * test can compile one expression with each and run both programs on the
 * same packet.
 */
#ifndef MQPCAP_TEST_ORACLE_FILTER_H
#define MQPCAP_TEST_ORACLE_FILTER_H

#include <pcap/pcap.h>

/* the system libpcap's entry points, by dlsym */
struct oracle_filter {
	void *dl;
	pcap_t *(*open_dead)(int, int);
	int (*compile)(pcap_t *, struct bpf_program *, const char *, int, bpf_u_int32);
	u_int (*filter)(const struct bpf_insn *, const u_char *, u_int, u_int);
	void (*freecode)(struct bpf_program *);
	void (*close)(pcap_t *);
	char *(*geterr)(pcap_t *);
};

/* 0, or -1 after a line on stderr saying why there is no oracle */
int oracle_filter_load(struct oracle_filter *o);

/* As oracle_filter_load, but without the oracle the test program exits
 * 77 (skipped): for programs whose every test compares. */
void oracle_filter_load_or_skip(struct oracle_filter *o, const char *test);

/* Does the kernel take the program (SO_ATTACH_FILTER)? It refuses what
 * bpf_validate lets through, e.g. a read of an unwritten scratch cell. */
int oracle_kernel_accepts(const struct bpf_program *prog);

/*
 * expr for dlt at optimize level opt, on a dead handle of each library;
 * ck_asserts that both compile it and that mqpcap's program passes
 * bpf_validate and the kernel. Free with oracle_filter_free_both.
 */
void oracle_filter_compile_both(const struct oracle_filter *o, int dlt, const char *expr,
				int opt, bpf_u_int32 mask, struct bpf_program *ours,
				struct bpf_program *theirs);
void oracle_filter_free_both(const struct oracle_filter *o, struct bpf_program *ours,
			     struct bpf_program *theirs);

/* libpcap's error message for expr on a dead handle of dlt (snaplen
 * 262144, netmask 255.255.255.0), in buf; "" when it compiles. */
const char *oracle_filter_message(const struct oracle_filter *o, int dlt, const char *expr,
				  int opt, char *buf, size_t n);
/* The same for mqpcap (whose programs must pass bpf_validate). */
const char *oracle_filter_message_ours(int dlt, const char *expr, int opt, char *buf,
				       size_t n);

/* What running both programs on every cut of a packet gave. */
struct oracle_cuts {
	unsigned long runs;	/* cuts run, added to */
	unsigned long accepted;	/* of those, cuts libpcap accepted */
	u_int cut;		/* on a disagreement: the first cut, */
	u_int ours, theirs;	/* and the two verdicts there */
};

/*
 * Runs both programs on the packet captured to 0, 1, ... len bytes
 * (wire length len); 1 if every verdict agrees, 0 at the first that
 * does not (its cut and verdicts in c, counts up to it).
 */
int oracle_filter_cuts_agree(const struct oracle_filter *o, const struct bpf_program *ours,
			     const struct bpf_program *theirs, const u_char *d, u_int len,
			     struct oracle_cuts *c);

#endif
