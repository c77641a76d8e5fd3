/*
 * Packet corpus for the filter differential test: deterministic builders
 * (fixed seed) for every linktype the harness covers. Addresses and ports
 * come from the small sets that expressions.txt uses, so that filters
 * accept some packets and not only reject them.
 */
#ifndef MQPCAP_TEST_DIFF_PKTGEN_H
#define MQPCAP_TEST_DIFF_PKTGEN_H

#include <stddef.h>

struct pktgen_pkt {
	int dlt;
	unsigned int len;	/* length on the wire */
	unsigned int caplen;	/* bytes present in data (<= len) */
	unsigned char *data;
	char desc[64];		/* what the builder made, for failure reports */
};

struct pktgen_set {
	struct pktgen_pkt *v;
	size_t n, cap;
};

/* Build the packets of one linktype and append them to set. Returns the
 * number added (0 for a linktype without builders). */
size_t pktgen_build(int dlt, struct pktgen_set *set);
void pktgen_free(struct pktgen_set *set);

#endif
