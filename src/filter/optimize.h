/*
 * The classic BPF optimizer, run by pcap_compile() on the code generator's
 * output when the caller asks for optimization.
 *
 * Input: a malloc'ed array of *len instructions forming a program that
 * bpf_validate() accepts and whose jumps all go forward. Output: on
 * success, *insns and *len describe a (possibly new) malloc'ed program
 * that returns the same value as the input for every packet (with the
 * exception described at filter_optimize_flags); the old array
 * has then been freed if it was replaced. On failure (-1, one sentence in
 * errbuf, which is PCAP_ERRBUF_SIZE bytes) the input is left untouched and
 * still owned by the caller.
 */
#ifndef MQPCAP_FILTER_OPTIMIZE_H
#define MQPCAP_FILTER_OPTIMIZE_H

#include <pcap/pcap.h>
#include <pcap/bpf.h>

int filter_optimize(struct bpf_insn **insns, u_int *len, char *errbuf);

/*
 * The same with options. By default (flags 0, what filter_optimize does)
 * the optimizer follows libpcap's: a load or division whose result nobody
 * uses is deleted even though on a truncated packet it would have made
 * the program return 0, so the optimized program can accept a truncated
 * packet the original rejects; that is what libpcap's optimized programs
 * do, and pcap_compile must match them. On every packet where the
 * original program runs no load out of range and divides by no zero, the
 * result is the same.
 * FILTER_OPT_STRICT keeps every instruction that may reject: the result
 * returns the same value as the input on every packet.
 */
#define FILTER_OPT_STRICT	0x1

int filter_optimize_flags(struct bpf_insn **insns, u_int *len, char *errbuf,
			  int flags);

#endif
