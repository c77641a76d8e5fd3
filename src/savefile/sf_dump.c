/*
 * Writing pcap savefiles: pcap_dump_open/_fopen/_open_append and friends.
 *
 * As in libpcap a pcap_dumper_t is the FILE * itself: pcap_dump() is the
 * pcap_handler tcpdump passes to pcap_loop with the dumper as its user
 * argument, and tcpdump calls pcap_dump_file()/pcap_dump_ftell() on it.
 */
#include "core/handle.h"
#include "core/error.h"
#include "savefile/sf_priv.h"

#include <errno.h>
#include <string.h>

#define SF_MAGIC_USEC		0xa1b2c3d4u
#define SF_MAGIC_NSEC		0xa1b23c4du

struct sf_file_header {
	uint32_t magic;
	uint16_t version_major;
	uint16_t version_minor;
	int32_t thiszone;
	uint32_t sigfigs;
	uint32_t snaplen;
	uint32_t linktype;
};

struct sf_record_header {
	uint32_t ts_sec;
	uint32_t ts_frac;
	uint32_t caplen;
	uint32_t len;
};

static uint32_t sf_dump_magic(pcap_t *p)
{
	return p->opt.tstamp_precision == PCAP_TSTAMP_PRECISION_NANO ?
		SF_MAGIC_NSEC : SF_MAGIC_USEC;
}

/* The file's LINKTYPE (with the FCS bits), or -1 with the error set. */
static int sf_dump_linktype(pcap_t *p, const char *fname)
{
	int linktype = sf_dlt_to_linktype(p->linktype);

	if (linktype == -1) {
		handle_error(p, "%s: link-layer type %d isn't supported in savefiles",
			     fname, p->linktype);
		return -1;
	}
	return linktype | p->linktype_ext;
}

static int sf_dump_write_header(pcap_t *p, FILE *f, int linktype)
{
	struct sf_file_header fh = {
		.magic = sf_dump_magic(p),
		.version_major = PCAP_VERSION_MAJOR,
		.version_minor = PCAP_VERSION_MINOR,
		.snaplen = (uint32_t)p->snapshot,
		.linktype = (uint32_t)linktype,
	};

	return fwrite(&fh, sizeof(fh), 1, f) == 1 ? 0 : -1;
}

static pcap_dumper_t *sf_dump_start(pcap_t *p, FILE *f, const char *fname)
{
	int linktype;

	if (!p->activated) {
		handle_error(p, "%s: not-yet-activated pcap_t passed to pcap_dump_open",
			     fname);
		return NULL;
	}
	linktype = sf_dump_linktype(p, fname);
	if (linktype == -1)
		return NULL;
	if (sf_dump_write_header(p, f, linktype) < 0) {
		handle_error_errno(p, errno, "Can't write to %s", fname);
		return NULL;
	}
	return (pcap_dumper_t *)f;
}

pcap_dumper_t *pcap_dump_fopen(pcap_t *p, FILE *f)
{
	return sf_dump_start(p, f, "stream");
}

pcap_dumper_t *pcap_dump_open(pcap_t *p, const char *fname)
{
	pcap_dumper_t *d;
	FILE *f;

	if (fname == NULL) {
		handle_error(p, "A null pointer was supplied as the file name");
		return NULL;
	}
	if (!p->activated) {
		handle_error(p, "%s: not-yet-activated pcap_t passed to pcap_dump_open",
			     fname);
		return NULL;
	}
	if (sf_dump_linktype(p, fname) == -1)
		return NULL;
	if (strcmp(fname, "-") == 0)
		return sf_dump_start(p, stdout, "standard output");
	f = fopen(fname, "wb");
	if (f == NULL) {
		handle_error_errno(p, errno, "%s", fname);
		return NULL;
	}
	d = sf_dump_start(p, f, fname);
	if (d == NULL)
		fclose(f);
	return d;
}

/* Can packets from p go at the end of the file whose header is fh? */
static int sf_dump_check_append(pcap_t *p, const char *fname,
				const struct sf_file_header *fh, int linktype)
{
	uint32_t want = sf_dump_magic(p);

	if (fh->magic != want) {
		if (fh->magic == SF_MAGIC_USEC || fh->magic == SF_MAGIC_NSEC)
			handle_error(p, "%s: different time stamp precision, cannot append to file",
				     fname);
		else if (__builtin_bswap32(fh->magic) == SF_MAGIC_USEC ||
			 __builtin_bswap32(fh->magic) == SF_MAGIC_NSEC)
			handle_error(p, "%s: different byte order, cannot append to file",
				     fname);
		else
			handle_error(p, "%s: not a pcap file",
				     fname);
		return -1;
	}
	if (fh->version_major != PCAP_VERSION_MAJOR ||
	    fh->version_minor != PCAP_VERSION_MINOR) {
		handle_error(p, "%s: version is %u.%u, cannot append to file",
			     fname, fh->version_major, fh->version_minor);
		return -1;
	}
	if (fh->linktype != (uint32_t)linktype) {
		handle_error(p, "%s: different linktype, cannot append to file",
			     fname);
		return -1;
	}
	if (fh->snaplen != (uint32_t)p->snapshot) {
		handle_error(p, "%s: different snaplen, cannot append to file",
			     fname);
		return -1;
	}
	return 0;
}

pcap_dumper_t *pcap_dump_open_append(pcap_t *p, const char *fname)
{
	struct sf_file_header fh;
	size_t got;
	int linktype;
	FILE *f;

	if (fname == NULL) {
		handle_error(p, "A null pointer was supplied as the file name");
		return NULL;
	}
	if (!p->activated) {
		handle_error(p, "%s: not-yet-activated pcap_t passed to pcap_dump_open_append",
			     fname);
		return NULL;
	}
	linktype = sf_dump_linktype(p, fname);
	if (linktype == -1)
		return NULL;
	if (strcmp(fname, "-") == 0)
		return sf_dump_start(p, stdout, "standard output");
	f = fopen(fname, "rb+");
	if (f == NULL && errno == ENOENT)
		return pcap_dump_open(p, fname);
	if (f == NULL) {
		handle_error_errno(p, errno, "%s", fname);
		return NULL;
	}
	got = fread(&fh, 1, sizeof(fh), f);
	if (got == 0 && ferror(f) == 0) {
		/* An empty file: start it like a new one. */
		if (sf_dump_write_header(p, f, linktype) < 0) {
			handle_error_errno(p, errno, "Can't write to %s", fname);
			fclose(f);
			return NULL;
		}
		return (pcap_dumper_t *)f;
	}
	if (got < sizeof(fh)) {
		if (ferror(f))
			handle_error_errno(p, errno, "%s", fname);
		else
			handle_error(p, "%s: truncated pcap file header", fname);
		fclose(f);
		return NULL;
	}
	if (sf_dump_check_append(p, fname, &fh, linktype) < 0) {
		fclose(f);
		return NULL;
	}
	if (fseeko(f, 0, SEEK_END) < 0) {
		handle_error_errno(p, errno, "Can't seek to end of %s", fname);
		fclose(f);
		return NULL;
	}
	return (pcap_dumper_t *)f;
}

void pcap_dump(u_char *user, const struct pcap_pkthdr *h, const u_char *sp)
{
	FILE *f = (FILE *)user;
	struct sf_record_header rh = {
		/* The format has 32-bit seconds; they wrap in 2106. */
		.ts_sec = (uint32_t)h->ts.tv_sec,
		.ts_frac = (uint32_t)h->ts.tv_usec,
		.caplen = h->caplen,
		.len = h->len,
	};

	/* One lock for both writes: cheaper than two locked fwrite()s, and
	 * another thread's record cannot land between header and data. No
	 * error reporting in a pcap_handler: the caller sees it through
	 * pcap_dump_flush() or ferror(pcap_dump_file()). */
	flockfile(f);
	if (fwrite_unlocked(&rh, sizeof(rh), 1, f) == 1 && h->caplen)
		(void)fwrite_unlocked(sp, h->caplen, 1, f);
	funlockfile(f);
}

FILE *pcap_dump_file(pcap_dumper_t *d)
{
	return (FILE *)d;
}

long pcap_dump_ftell(pcap_dumper_t *d)
{
	return ftell((FILE *)d);
}

int64_t pcap_dump_ftell64(pcap_dumper_t *d)
{
	return ftello((FILE *)d);
}

int pcap_dump_flush(pcap_dumper_t *d)
{
	return fflush((FILE *)d) == EOF ? -1 : 0;
}

void pcap_dump_close(pcap_dumper_t *d)
{
	fclose((FILE *)d);
}
