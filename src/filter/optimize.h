/*
 * The classic BPF optimizer, run by pcap_compile() on the code generator's
 * output when the caller asks for optimization.
 *
 * Input: a malloc'ed array of *len instructions forming a program that
 * bpf_validate() accepts and whose jumps all go forward. Output: on
 * success, *insns and *len describe a (possibly new) malloc'ed program
 * that returns the same value as the input for every packet; the old array
 * has then been freed if it was replaced. On failure (-1, one sentence in
 * errbuf, which is PCAP_ERRBUF_SIZE bytes) the input is left untouched and
 * still owned by the caller.
 */
#ifndef MQPCAP_FILTER_OPTIMIZE_H
#define MQPCAP_FILTER_OPTIMIZE_H

#include <pcap/pcap.h>
#include <pcap/bpf.h>

int filter_optimize(struct bpf_insn **insns, u_int *len, char *errbuf);

#endif
