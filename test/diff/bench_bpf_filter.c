/*
 * Not a test: time per packet of mqpcap's bpf_filter against the system
 * libpcap's (loaded with dlmopen), on programs the system libpcap
 * compiles with optimization, over 1024 synthetic Ethernet/IPv4 frames.
 * Prints the best of 60 rounds for each, so that a loaded machine
 * disturbs it less. Usage: bench_bpf_filter ['filter expression'...]
 */
#include "oracle.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <pcap/pcap.h>

#define NPACKETS 1024
#define ROUNDS 60
#define PASSES 300

typedef u_int (*filter_fn)(const struct bpf_insn *, const u_char *, u_int,
			   u_int);

static u_char packets[NPACKETS][128];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void make_packets(void)
{
	u_int i, j;

	srand(1);
	for (i = 0; i < NPACKETS; i++) {
		u_char *p = packets[i];

		for (j = 0; j < 128; j++)
			p[j] = (u_char)rand();
		p[12] = 0x08;
		p[13] = 0x00;
		p[14] = 0x45;
		p[20] = p[21] = 0;
		p[23] = i & 1 ? 6 : 17;
		p[36] = 0;
		p[37] = i % 3 ? 80 : 53;
	}
}

static double time_filter(filter_fn f, const struct bpf_insn *insns)
{
	volatile u_int sink = 0;
	double best = 1e9;
	int round, pass, i;

	for (round = 0; round < ROUNDS; round++) {
		double t0 = now(), ns;

		for (pass = 0; pass < PASSES; pass++)
			for (i = 0; i < NPACKETS; i++)
				sink += f(insns, packets[i], 128, 128);
		ns = (now() - t0) / ((double)PASSES * NPACKETS) * 1e9;
		if (ns < best)
			best = ns;
	}
	(void)sink;
	return best;
}

int main(int argc, char **argv)
{
	static const char *const defaults[] = {
		"tcp port 80", "host 10.0.0.1 or host 10.9.8.7",
		"udp and (port 53 or port 67)",
	};
	void *h = oracle_open();
	pcap_t *(*open_dead)(int, int);
	int (*compile)(pcap_t *, struct bpf_program *, const char *, int,
		       bpf_u_int32);
	filter_fn sys_filter;
	const char *const *exprs = argc > 1 ? (const char *const *)argv + 1 : defaults;
	int n = argc > 1 ? argc - 1 : 3, i;
	pcap_t *p;

	if (h == NULL) {
		fprintf(stderr, "cannot load %s\n", SYSTEM_LIBPCAP);
		return 1;
	}
	open_dead = (pcap_t *(*)(int, int))dlsym(h, "pcap_open_dead");
	compile = (int (*)(pcap_t *, struct bpf_program *, const char *, int,
			   bpf_u_int32))dlsym(h, "pcap_compile");
	sys_filter = (filter_fn)dlsym(h, "bpf_filter");
	p = open_dead(DLT_EN10MB, 262144);
	make_packets();
	for (i = 0; i < n; i++) {
		struct bpf_program prog;

		if (compile(p, &prog, exprs[i], 1, 0) < 0) {
			fprintf(stderr, "%s: does not compile\n", exprs[i]);
			continue;
		}
		printf("%-34s mqpcap %5.1f ns/packet, libpcap %5.1f ns/packet\n",
		       exprs[i], time_filter(bpf_filter, prog.bf_insns),
		       time_filter(sys_filter, prog.bf_insns));
	}
	return 0;
}
