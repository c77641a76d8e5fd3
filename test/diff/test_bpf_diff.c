/*
 * Differential test of the classic BPF machinery against the system
 * libpcap (loaded with dlmopen as the reference):
 *  - bpf_filter: random valid programs over random packets (lengths 0 and
 *    up, captured length below the wire length and above it), every return
 *    value must be equal;
 *  - pcap_offline_filter: the same, through a struct pcap_pkthdr;
 *  - bpf_validate: random programs, most of them invalid in some way
 *    (random opcodes, targets out of range, scratch indexes, constant
 *    divisors of 0, no final return), the verdict must be equal.
 * Prints the counts; any disagreement prints the program and fails.
 * MQPCAP_TEST_SEED=<n> reruns with another seed.
 */
#include "oracle.h"
#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <pcap/pcap.h>

/* By full path: a bare soname would find mqpcap's own library first in
 * any binary whose run path points at the build tree. */

#include "bpf_random.h"

#define PROGRAMS		50000
#define PACKETS_PER_PROGRAM	10
#define VALIDATE_PROGRAMS	200000
#define MAX_INSNS		96
#define MAX_PACKET		128

typedef u_int (*filter_fn)(const struct bpf_insn *, const u_char *, u_int,
			   u_int);
typedef int (*validate_fn)(const struct bpf_insn *, int);
typedef int (*offline_fn)(const struct bpf_program *,
			  const struct pcap_pkthdr *, const u_char *);

static filter_fn sys_filter;
static validate_fn sys_validate;
static offline_fn sys_offline;

static int load_oracle(void)
{
	void *h = oracle_open();

	if (h == NULL) {
		fprintf(stderr, "dlmopen libpcap.so.0.8: %s\n", dlerror());
		return -1;
	}
	sys_filter = (filter_fn)dlsym(h, "bpf_filter");
	sys_validate = (validate_fn)dlsym(h, "bpf_validate");
	sys_offline = (offline_fn)dlsym(h, "pcap_offline_filter");
	return sys_filter && sys_validate && sys_offline ? 0 : -1;
}

static void print_program(const struct bpf_insn *insns, u_int len)
{
	u_int i;

	for (i = 0; i < len; i++)
		fprintf(stderr, "  %s\t{ 0x%x, %u, %u, 0x%x }\n",
			bpf_image(&insns[i], (int)i), insns[i].code,
			insns[i].jt, insns[i].jf, insns[i].k);
}

static void print_packet(const u_char *pkt, u_int buflen, u_int wirelen)
{
	u_int i;

	fprintf(stderr, "  packet: buflen %u wirelen %u:", buflen, wirelen);
	for (i = 0; i < buflen; i++)
		fprintf(stderr, " %02x", pkt[i]);
	fputc('\n', stderr);
}

/* bpf_filter and pcap_offline_filter over random programs and packets. */
static unsigned long diff_filter(struct bpf_rng *r, unsigned long *pairs,
				 unsigned long *accepted)
{
	static struct bpf_insn insns[MAX_INSNS];
	u_char pkt[MAX_PACKET];
	unsigned long bad = 0;
	u_int len, buflen, wirelen;
	int prog, k;

	for (prog = 0; prog < PROGRAMS; prog++) {
		len = bpf_random_program(r, insns, MAX_INSNS);
		if (!sys_validate(insns, (int)len) || !bpf_validate(insns, (int)len)) {
			fprintf(stderr, "generator made an invalid program:\n");
			print_program(insns, len);
			return bad + 1;
		}
		for (k = 0; k < PACKETS_PER_PROGRAM; k++) {
			u_int mine, theirs;

			bpf_random_packet(r, pkt, MAX_PACKET, &buflen, &wirelen);
			mine = bpf_filter(insns, pkt, wirelen, buflen);
			theirs = sys_filter(insns, pkt, wirelen, buflen);
			(*pairs)++;
			*accepted += theirs != 0;
			if (mine != theirs && bad++ < 5) {
				fprintf(stderr, "bpf_filter: mqpcap %u, libpcap %u\n",
					mine, theirs);
				print_program(insns, len);
				print_packet(pkt, buflen, wirelen);
			}
			if (k == 0) {
				struct bpf_program bp = { len, insns };
				struct pcap_pkthdr h = { .caplen = buflen,
							 .len = wirelen };
				int a = pcap_offline_filter(&bp, &h, pkt);
				int b = sys_offline(&bp, &h, pkt);

				if (a != b && bad++ < 5)
					fprintf(stderr, "pcap_offline_filter: mqpcap %d, libpcap %d\n",
						a, b);
			}
		}
	}
	return bad;
}

/* Break one thing about a valid program, or make up a random one. */
static u_int random_validate_candidate(struct bpf_rng *r, struct bpf_insn *insns)
{
	u_int len, i, j;

	if (bpf_rng_below(r, 4) == 0) {
		len = bpf_rng_below(r, 8);
		for (i = 0; i < len; i++) {
			insns[i].code = (u_short)(bpf_rng_below(r, 8) ?
				bpf_rng_below(r, 0x100) : bpf_rng_next(r));
			insns[i].jt = (u_char)bpf_rng_below(r, 4);
			insns[i].jf = (u_char)bpf_rng_below(r, 4);
			insns[i].k = bpf_rng_below(r, 2) ? bpf_rng_below(r, 20) :
				     bpf_rng_next(r);
		}
		return len;
	}
	len = bpf_random_program(r, insns, 40);
	for (j = bpf_rng_below(r, 3); j > 0; j--) {
		struct bpf_insn *p = &insns[bpf_rng_below(r, len)];

		switch (bpf_rng_below(r, 7)) {
		case 0:
			p->code = (u_short)bpf_rng_below(r, 0x100);
			break;
		case 1:
			p->k = bpf_rng_below(r, 2) ? bpf_rng_below(r, 20) :
			       bpf_rng_next(r);
			break;
		case 2:
			p->jt = (u_char)bpf_rng_next(r);
			break;
		case 3:
			p->jf = (u_char)(len - (u_int)(p - insns) - 1 +
					 bpf_rng_below(r, 3) - 1);
			break;
		case 4:
			p->k = (uint32_t)(len - (u_int)(p - insns) - 1) +
			       bpf_rng_below(r, 3) - 1;
			break;
		case 5:
			len = bpf_rng_below(r, len + 1);
			break;
		default:
			p->k = 0;
			break;
		}
	}
	return len;
}

static unsigned long diff_validate(struct bpf_rng *r, unsigned long *valid)
{
	static struct bpf_insn insns[MAX_INSNS];
	unsigned long bad = 0;
	int i;

	for (i = 0; i < VALIDATE_PROGRAMS; i++) {
		u_int len = random_validate_candidate(r, insns);
		int mine = bpf_validate(insns, (int)len);
		int theirs = sys_validate(insns, (int)len);

		*valid += theirs != 0;
		if (mine != theirs && bad++ < 5) {
			fprintf(stderr, "bpf_validate: mqpcap %d, libpcap %d\n",
				mine, theirs);
			print_program(insns, len);
		}
	}
	return bad;
}

int main(void)
{
	const char *seed_env = getenv("MQPCAP_TEST_SEED");
	struct bpf_rng r = { seed_env ? strtoull(seed_env, NULL, 0) : 20261123 };
	unsigned long pairs = 0, accepted = 0, valid = 0, bad_filter, bad_validate;

	if (load_oracle() < 0) {
		fprintf(stderr, "skip: the system libpcap.so.0.8 cannot be loaded\n");
		return 77;
	}
	printf("seed %" PRIu64 "\n", r.s);
	bad_filter = diff_filter(&r, &pairs, &accepted);
	printf("bpf_filter: %lu program/packet pairs (%lu accepted), %lu disagreements\n",
	       pairs, accepted, bad_filter);
	bad_validate = diff_validate(&r, &valid);
	printf("bpf_validate: %d programs (%lu valid), %lu disagreements\n",
	       VALIDATE_PROGRAMS, valid, bad_validate);
	if (pairs < 100000)
		return 1;
	return bad_filter || bad_validate ? 1 : 0;
}
