/*
 * The smallest savefile reader: pcap_next_ex over a whole file, touching
 * one byte per packet so the loop is not optimised away. Built against the
 * system headers and linked with -lpcap; run with LD_LIBRARY_PATH pointing
 * at mqpcap's lib/ to measure mqpcap instead of stock libpcap.
 */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned long n = 0, bytes = 0, sum = 0;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	p = pcap_open_offline(argv[1], errbuf);
	if (p == NULL) {
		fprintf(stderr, "%s\n", errbuf);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		n++;
		bytes += h->caplen;
		if (h->caplen)
			sum += data[h->caplen - 1];
	}
	if (rc == PCAP_ERROR)
		fprintf(stderr, "%s\n", pcap_geterr(p));
	printf("%lu packets, %lu bytes, check %lu\n", n, bytes, sum);
	pcap_close(p);
	return 0;
}
