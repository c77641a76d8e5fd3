/*
 * The body shared by the savefile fuzz targets: open the input as a
 * savefile twice, once through a stream (fmemopen: the buffered reader)
 * and once through a memfd (a regular file: chunked read-ahead), and read
 * every packet with pcap_next_ex or pcap_dispatch. Any crash, sanitizer
 * report, hang or oversized allocation is a finding.
 */
#ifndef MQPCAP_FUZZ_SAVEFILE_H
#define MQPCAP_FUZZ_SAVEFILE_H

#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void fuzz_touch(u_char *user, const struct pcap_pkthdr *h,
		       const u_char *data)
{
	/* Read every byte handed out, so ASan sees any overrun. */
	unsigned *sum = (unsigned *)user;

	for (bpf_u_int32 i = 0; i < h->caplen; i++)
		*sum += data[i];
}

static void fuzz_read_all(FILE *fp, u_int precision, int use_dispatch)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned sum = 0;
	pcap_t *p;

	if (fp == NULL)
		return;
	p = pcap_fopen_offline_with_tstamp_precision(fp, precision, errbuf);
	if (p == NULL) {
		fclose(fp);
		return;
	}
	if (use_dispatch) {
		while (pcap_dispatch(p, 3, fuzz_touch, (u_char *)&sum) > 0)
			;
	} else {
		while (pcap_next_ex(p, &h, &data) == 1)
			fuzz_touch((u_char *)&sum, h, data);
	}
	pcap_close(p);
}

static int fuzz_savefile(const uint8_t *data, size_t size)
{
	int fd;

	if (size == 0)
		return 0;
	fuzz_read_all(fmemopen((void *)data, size, "rb"),
		      PCAP_TSTAMP_PRECISION_MICRO, 0);
	fd = memfd_create("fuzz", 0);
	if (fd >= 0) {
		FILE *fp;

		if (write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0) {
			close(fd);
			return 0;
		}
		fp = fdopen(fd, "rb");
		if (fp == NULL)
			close(fd);
		fuzz_read_all(fp, PCAP_TSTAMP_PRECISION_NANO, 1);
	}
	return 0;
}

#endif
