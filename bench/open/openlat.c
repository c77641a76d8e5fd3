/*
 * How long pcap_create + pcap_activate take on a device, N times in one
 * process (the first activation of a process is printed apart: programs
 * that open a handle per call, such as scapy's sr1, pay it each time they
 * start). Usage: openlat DEVICE N [BUFFER_BYTES]
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	double first = 0, sum = 0, max = 0;
	int n, buf;

	if (argc < 3) {
		fprintf(stderr, "usage: openlat DEVICE N [BUFFER_BYTES]\n");
		return 2;
	}
	n = atoi(argv[2]);
	buf = argc > 3 ? atoi(argv[3]) : 0;
	for (int i = 0; i < n; i++) {
		double t0 = now_ms(), d;
		pcap_t *p = pcap_create(argv[1], err);

		if (p == NULL) {
			fprintf(stderr, "openlat: %s\n", err);
			return 1;
		}
		pcap_set_timeout(p, 100);
		if (buf)
			pcap_set_buffer_size(p, buf);
		if (pcap_activate(p) < 0) {
			fprintf(stderr, "openlat: %s\n", pcap_geterr(p));
			return 1;
		}
		d = now_ms() - t0;
		pcap_close(p);
		if (i == 0)
			first = d;
		sum += d;
		if (d > max)
			max = d;
	}
	printf("first %.1f ms, mean %.1f ms, max %.1f ms over %d activations\n",
	       first, sum / n, max, n);
	return 0;
}
