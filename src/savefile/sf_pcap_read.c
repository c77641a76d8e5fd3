/*
 * Reading classic pcap savefiles (pcap-savefile(5)): both byte orders,
 * microsecond and nanosecond magic, and the "modified" format of old
 * patched tcpdumps whose record headers are 24 bytes long.
 */
#include "core/handle.h"
#include "core/error.h"
#include "savefile/sf_priv.h"

#include <limits.h>

#define SF_MAGIC_USEC		0xa1b2c3d4u
#define SF_MAGIC_NSEC		0xa1b23c4du
#define SF_MAGIC_MODIFIED	0xa1b2cd34u	/* Alexey Kuznetzov's patches */

#define SF_FILE_HDR_LEN		24
#define SF_REC_HDR_LEN		16
#define SF_MODIFIED_REC_HDR_LEN	24	/* + ifindex, protocol, pkt_type, pad */

static int sf_pcap_magic(uint32_t magic)
{
	return magic == SF_MAGIC_USEC || magic == SF_MAGIC_NSEC ||
	       magic == SF_MAGIC_MODIFIED;
}

/*
 * After an error the handle stays usable, and programs do call it again
 * (ngrep loops on pcap_loop until it returns 0): like libpcap, leave the
 * file past the bytes the failed read took, here all there were, so the
 * next call sees the end of the file instead of the same error forever.
 */
static int sf_read_failed(pcap_t *p, struct sf_reader *r, size_t want,
			  size_t got, const char *what)
{
	sf_source_consume_all(&r->src);
	if (r->src.read_errno)
		handle_error_errno(p, r->src.read_errno, "error reading dump file");
	else
		handle_error(p, "truncated dump file; tried to read %zu %s bytes, only got %zu",
			     want, what, got);
	return PCAP_ERROR;
}

/*
 * Scale the record's fraction to the caller's precision. Values beyond
 * the format's range come out as libpcap gives them: both fields read as
 * signed 32-bit numbers from a file in our byte order, unsigned from a
 * byte-swapped one.
 */
static void sf_pcap_set_timestamp(const struct sf_reader *r, int swapped,
				  struct pcap_pkthdr *h, uint32_t sec,
				  uint32_t frac)
{
	int64_t f = swapped ? (int64_t)frac : (int64_t)(int32_t)frac;

	h->ts.tv_sec = swapped ? (time_t)sec : (time_t)(int32_t)sec;
	switch (r->ts_scale) {
	case SF_SCALE_US_TO_NS:
		f *= 1000;
		break;
	case SF_SCALE_NS_TO_US:
		f /= 1000;
		break;
	}
	h->ts.tv_usec = (suseconds_t)f;
}

static int sf_pcap_next(pcap_t *p, struct pcap_pkthdr *h, const u_char **data)
{
	struct sf_reader *r = p->priv;
	size_t hlen = r->rec_hdr_size;
	size_t got = sf_source_fill(&r->src, hlen);
	const u_char *rec;
	uint32_t caplen, len;

	if (got == 0 && r->src.read_errno == 0)
		return 0;
	if (got < hlen)
		return sf_read_failed(p, r, hlen, got, "header");
	rec = sf_source_ptr(&r->src);
	caplen = sf_get32(rec + 8, p->swapped);
	len = sf_get32(rec + 12, p->swapped);
	/* Files before 2.3 had the two lengths the other way round; 2.3
	 * files were written both ways. */
	if (r->lengths_swapped == SF_LEN_SWAPPED ||
	    (r->lengths_swapped == SF_LEN_MAYBE_SWAPPED && caplen > len)) {
		uint32_t t = caplen;

		caplen = len;
		len = t;
	}
	if (caplen > r->max_caplen && sf_check_caplen(p, caplen, 0) < 0) {
		/* The next call reads what follows this header. */
		sf_source_consume(&r->src, hlen);
		return PCAP_ERROR;
	}
	sf_pcap_set_timestamp(r, p->swapped, h, sf_get32(rec, p->swapped),
			      sf_get32(rec + 4, p->swapped));
	h->len = len;
	if (caplen > (uint32_t)p->snapshot) {
		/* Only the snapshot is kept; say what was short the way
		 * libpcap, which reads it first, does. */
		got = sf_source_fill(&r->src, hlen + (uint32_t)p->snapshot);
		if (got < hlen + (uint32_t)p->snapshot)
			return sf_read_failed(p, r, (uint32_t)p->snapshot,
					      got - hlen, "captured");
	}
	got = sf_source_fill(&r->src, hlen + caplen);
	if (got < hlen + caplen)
		return sf_read_failed(p, r, caplen, got - hlen, "captured");
	*data = sf_source_ptr(&r->src) + hlen;
	sf_source_consume(&r->src, hlen + caplen);
	/* A record longer than the file's snapshot (old Solaris bufmod
	 * files) is cut to the snapshot, the rest skipped. */
	h->caplen = caplen > (uint32_t)p->snapshot ? (uint32_t)p->snapshot : caplen;
	return 1;
}

static int sf_pcap_check_version(u_int major, u_int minor, char *errbuf)
{
	if (major < PCAP_VERSION_MAJOR) {
		errbuf_printf(errbuf, "archaic pcap savefile format");
		return PCAP_ERROR;
	}
	/* 2.0-2.4, and 543.0 which DG/UX's tcpdump wrote. */
	if ((major == PCAP_VERSION_MAJOR && minor <= PCAP_VERSION_MINOR) ||
	    (major == 543 && minor == 0))
		return 0;
	errbuf_printf(errbuf, "unsupported pcap savefile version %u.%u",
		      major, minor);
	return PCAP_ERROR;
}

int sf_pcap_open(pcap_t *p, struct sf_reader *r, char *errbuf)
{
	uint32_t magic = sf_get32(sf_source_ptr(&r->src), 0);
	const u_char *fh;
	size_t got;
	u_int major, minor, linktype;
	int swapped = 0, file_nano;

	if (!sf_pcap_magic(magic)) {
		magic = __builtin_bswap32(magic);
		if (!sf_pcap_magic(magic))
			return 1;
		swapped = 1;
	}
	got = sf_source_fill(&r->src, SF_FILE_HDR_LEN);
	if (got < SF_FILE_HDR_LEN) {
		if (r->src.read_errno)
			errbuf_errno(errbuf, r->src.read_errno, "error reading dump file");
		else
			/* libpcap counts what came after the magic. */
			errbuf_printf(errbuf, "truncated dump file; tried to read %d file header bytes, only got %zu",
				      SF_FILE_HDR_LEN, got - 4);
		return PCAP_ERROR;
	}
	fh = sf_source_ptr(&r->src);
	major = sf_get16(fh + 4, swapped);
	minor = sf_get16(fh + 6, swapped);
	if (sf_pcap_check_version(major, minor, errbuf) < 0)
		return PCAP_ERROR;
	linktype = sf_get32(fh + 20, swapped);
	p->swapped = swapped;
	p->version_major = (int)major;
	p->version_minor = (int)minor;
	p->linktype = sf_linktype_to_dlt((int)LT_LINKTYPE(linktype));
	p->linktype_ext = (int)LT_LINKTYPE_EXT(linktype);
	p->snapshot = sf_adjust_snapshot(p->linktype, sf_get32(fh + 16, swapped));
	p->bufsize = p->snapshot < 2048 ? p->snapshot : 2048;
	sf_source_consume(&r->src, SF_FILE_HDR_LEN);

	r->max_caplen = sf_max_snaplen_for_dlt(p->linktype);
	r->rec_hdr_size = SF_REC_HDR_LEN;
	if (magic == SF_MAGIC_MODIFIED) {
		r->rec_hdr_size = SF_MODIFIED_REC_HDR_LEN;
		/* The patched tcpdumps did not count the Ethernet header
		 * in the snapshot length; libpcap makes up for it. */
		if (p->linktype == DLT_EN10MB)	/* saturating, as libpcap's */
			p->snapshot = p->snapshot > INT_MAX - 14 ? INT_MAX
								 : p->snapshot + 14;
	}
	if (major == PCAP_VERSION_MAJOR && minor < 3)
		r->lengths_swapped = SF_LEN_SWAPPED;
	else if (major == PCAP_VERSION_MAJOR && minor == 3)
		r->lengths_swapped = SF_LEN_MAYBE_SWAPPED;
	else
		r->lengths_swapped = SF_LEN_NOT_SWAPPED;
	file_nano = magic == SF_MAGIC_NSEC;
	if (file_nano == r->user_nano)
		r->ts_scale = SF_SCALE_NONE;
	else
		r->ts_scale = file_nano ? SF_SCALE_NS_TO_US : SF_SCALE_US_TO_NS;
	r->next = sf_pcap_next;
	return 0;
}
