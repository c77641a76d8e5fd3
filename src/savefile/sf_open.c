/*
 * Opening savefiles: pcap_open_offline*, pcap_fopen_offline* and "-" for
 * stdin. Sets up the byte source, tells the two formats apart by their
 * magic number and lets the matching reader check the rest of the header.
 */
#include "core/handle.h"
#include "core/error.h"
#include "savefile/sf_priv.h"

#include <errno.h>
#include <string.h>

static int sf_precision_ok(u_int precision, char *errbuf)
{
	if (precision == PCAP_TSTAMP_PRECISION_MICRO ||
	    precision == PCAP_TSTAMP_PRECISION_NANO)
		return 1;
	errbuf_printf(errbuf, "unknown time stamp resolution %u", precision);
	return 0;
}

/* Read the first four bytes and hand the stream to whichever format
 * claims them. */
static int sf_detect_format(pcap_t *p, struct sf_reader *r, char *errbuf)
{
	size_t got = sf_source_fill(&r->src, 4);
	int rc;

	if (got < 4) {
		if (r->src.read_errno)
			errbuf_errno(errbuf, r->src.read_errno,
				     "error reading dump file");
		else
			errbuf_printf(errbuf,
				      "truncated dump file; tried to read 4 file header bytes, only got %zu",
				      got);
		return PCAP_ERROR;
	}
	rc = sf_pcap_open(p, r, errbuf);
	if (rc == 1)
		rc = sf_pcapng_open(p, r, errbuf);
	if (rc == 1) {
		errbuf_printf(errbuf, "unknown file format");
		rc = PCAP_ERROR;
	}
	return rc;
}

pcap_t *pcap_fopen_offline_with_tstamp_precision(FILE *fp, u_int precision,
						 char *errbuf)
{
	struct sf_reader *r;
	pcap_t *p;

	if (!sf_precision_ok(precision, errbuf))
		return NULL;
	if (fp == NULL) {
		errbuf_printf(errbuf, "A null pointer was supplied as the file name");
		return NULL;
	}
	p = handle_alloc(&sf_capture_ops, sizeof(*r), errbuf);
	if (p == NULL)
		return NULL;
	r = p->priv;
	r->user_nano = precision == PCAP_TSTAMP_PRECISION_NANO;
	sf_source_init(&r->src, fp);
	if (sf_detect_format(p, r, errbuf) < 0) {
		/* The caller's stream stays open: rfile is not set yet. */
		pcap_close(p);
		return NULL;
	}
	p->rfile = fp;
	p->selectable_fd = fileno(fp);
	p->opt.tstamp_precision = (int)precision;
	p->opt.snaplen = p->snapshot;
	p->activated = 1;
	return p;
}

pcap_t *pcap_fopen_offline(FILE *fp, char *errbuf)
{
	return pcap_fopen_offline_with_tstamp_precision(fp,
			PCAP_TSTAMP_PRECISION_MICRO, errbuf);
}

pcap_t *pcap_open_offline_with_tstamp_precision(const char *fname,
						u_int precision, char *errbuf)
{
	FILE *fp;
	pcap_t *p;

	if (fname == NULL) {
		errbuf_printf(errbuf, "A null pointer was supplied as the file name");
		return NULL;
	}
	if (!sf_precision_ok(precision, errbuf))
		return NULL;
	if (strcmp(fname, "-") == 0)
		return pcap_fopen_offline_with_tstamp_precision(stdin, precision,
								errbuf);
	fp = fopen(fname, "rb");
	if (fp == NULL) {
		errbuf_errno(errbuf, errno, "%s", fname);
		return NULL;
	}
	p = pcap_fopen_offline_with_tstamp_precision(fp, precision, errbuf);
	if (p == NULL)
		fclose(fp);
	return p;
}

pcap_t *pcap_open_offline(const char *fname, char *errbuf)
{
	return pcap_open_offline_with_tstamp_precision(fname,
			PCAP_TSTAMP_PRECISION_MICRO, errbuf);
}
