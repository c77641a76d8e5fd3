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
 * the optimizer gives libpcap's optimized verdicts, truncated packets and
 * "rejects all packets" included: it skips a load that may fail only
 * where libpcap's optimizer does. That one threads jumps knowing only
 * constants loaded as such and the same test (or "jeq" against another
 * constant) on a dominating edge, pulls tests up in and/or chains, drops
 * dead loads, and folds constant arithmetic only afterwards, when it
 * moves no more jumps; the default mode has exactly that inference power
 * and phase order. On every packet where the original program runs no
 * load out of range and divides by no zero, the result is the same.
 * FILTER_OPT_STRICT keeps every instruction that may reject and uses the
 * full analysis (ranges, bits, equalities): the result returns the same
 * value as the input on every packet. pcap_compile uses it where libpcap
 * leaves the program unoptimized.
 */
#define FILTER_OPT_STRICT	0x1
/*
 * FILTER_OPT_FAULTS (default mode only): fail, with libpcap's message,
 * where libpcap's optimizer does while folding constants ("division by
 * zero", "modulus by zero", "shift by more than 31 bits"; opt_fault.c).
 * pcap_compile sets it; without it such a division is kept as it is.
 */
#define FILTER_OPT_FAULTS	0x2

int filter_optimize_flags(struct bpf_insn **insns, u_int *len, char *errbuf,
			  int flags);

#endif
