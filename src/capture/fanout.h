/*
 * PACKET_FANOUT groups: joining the members of a handle into one group
 * (private, or shared with other handles and processes by group=ID), the
 * fanout modes, and the symmetric-hash steering program.
 */
#ifndef MQPCAP_CAPTURE_FANOUT_H
#define MQPCAP_CAPTURE_FANOUT_H

#include "capture/devname.h"

/* Join every socket of fds[0..n) to one group: dn->group, or a fresh
 * private group id when dn->group is DEVNAME_PRIVATE_GROUP. *group_id gets
 * the id used. 0, or a PCAP_ERROR* with one sentence in errbuf. */
int fanout_join(const int *fds, int n, const struct devname *dn,
		int *group_id, char *errbuf);

/* The classic BPF steering program for fanout=symhash: returns a hash of
 * the IPv4/IPv6 addresses and TCP/UDP/SCTP ports that is the same for
 * both directions of a flow (the kernel takes it modulo the member
 * count). Exposed for tests. Returns the instruction count, fills insns
 * (room for FANOUT_SYMHASH_MAX). */
#define FANOUT_SYMHASH_MAX	128
struct sock_filter;
int fanout_symhash_program(struct sock_filter *insns);

#endif
