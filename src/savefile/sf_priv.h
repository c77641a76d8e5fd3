/*
 * Savefile module internals: the byte source the readers pull from, the
 * per-handle reader state, and the entry points of the two format readers.
 * Nothing outside src/savefile (and its tests) includes this.
 */
#ifndef MQPCAP_SAVEFILE_SF_PRIV_H
#define MQPCAP_SAVEFILE_SF_PRIV_H

#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* libpcap's usual ceiling for a packet (and its default snapshot). */
#define SF_MAXIMUM_SNAPLEN	262144
/* pcapng blocks larger than this are refused, as libpcap does, before
 * anything is allocated for them. */
#define SF_PCAPNG_MAX_BLOCK	(16u * 1024 * 1024)
/* ... and a first Section Header Block larger than this. */
#define SF_PCAPNG_MAX_SHB	(1024u * 1024)

/*
 * Where a reader's bytes come from: a buffer holding at least the record
 * being parsed. Regular files are read ahead in large chunks; streams
 * (stdin, pipes) with exactly the sizes needed, so that a live pipe is never
 * waited on for bytes that are not part of the current record.
 */
struct sf_source {
	FILE *fp;
	const u_char *base;	/* == buf */
	size_t len;		/* valid bytes in buf */
	size_t pos;		/* first unread byte */
	u_char *buf;
	size_t cap;
	size_t chunk;		/* read-ahead size; 0 for streams */
	int read_errno;		/* last read error, 0 if none */
};

void sf_source_init(struct sf_source *s, FILE *fp);
size_t sf_source_fill_slow(struct sf_source *s, size_t n);

/* Make n bytes available at sf_source_ptr(); returns how many are (fewer
 * only at end of file or on a read error, see read_errno). Inline: for a
 * record already in the buffer this is the whole cost of reading it. */
static inline size_t sf_source_fill(struct sf_source *s, size_t n)
{
	if (__builtin_expect(s->len - s->pos >= n, 1))
		return n;
	return sf_source_fill_slow(s, n);
}
void sf_source_release(struct sf_source *s);

static inline const u_char *sf_source_ptr(const struct sf_source *s)
{
	return s->base + s->pos;
}

static inline void sf_source_consume(struct sf_source *s, size_t n)
{
	s->pos += n;
}

/* Drop what is buffered: after a short read it is all the file had. */
static inline void sf_source_consume_all(struct sf_source *s)
{
	s->pos = s->len;
}

/* One pcapng interface, as its Interface Description Block set it up. */
struct sf_pcapng_iface {
	uint64_t units_per_sec;	/* if_tsresol */
	int64_t tsoffset;	/* if_tsoffset, seconds */
	u_int snaplen;
	int linktype;
};

struct sf_reader {
	struct sf_source src;
	/* Read one record: 1 packet (hdr and *data filled), 0 end of file,
	 * PCAP_ERROR with p->errbuf set. */
	int (*next)(pcap_t *p, struct pcap_pkthdr *hdr, const u_char **data);
	struct pcap_pkthdr hdr;	/* what pcap_next_ex hands out */
	int user_nano;		/* the precision the caller asked for */
	int filter_accepts_all;	/* the filter is "ret #k", k != 0 */

	/* pcap */
	size_t rec_hdr_size;	/* 16, or 24 for the "modified" format */
	uint32_t max_caplen;	/* sf_max_snaplen_for_dlt(linktype) */
	int lengths_swapped;	/* SF_LEN_* */
	int ts_scale;		/* SF_SCALE_* */

	/* pcapng */
	struct sf_pcapng_iface *ifaces;
	u_int n_ifaces;
	u_int ifaces_cap;
	u_int max_block;	/* current ceiling on block lengths */
};

enum { SF_LEN_NOT_SWAPPED, SF_LEN_SWAPPED, SF_LEN_MAYBE_SWAPPED };
enum { SF_SCALE_NONE, SF_SCALE_US_TO_NS, SF_SCALE_NS_TO_US };

/* Format readers: check the file header (its first four bytes are
 * available at sf_source_ptr()) and set up the handle. 0 on success, 1 if
 * the magic is not theirs, PCAP_ERROR with errbuf set. */
int sf_pcap_open(pcap_t *p, struct sf_reader *r, char *errbuf);
int sf_pcapng_open(pcap_t *p, struct sf_reader *r, char *errbuf);

/* The capture_ops of an open savefile handle. */
extern const struct capture_ops sf_capture_ops;

/* LINKTYPE_* in files <-> DLT_* in the API (they differ for a few old
 * values). sf_dlt_to_linktype returns -1 if the DLT has no LINKTYPE. */
int sf_linktype_to_dlt(int linktype);
int sf_dlt_to_linktype(int dlt);
/* The largest packet a link type can carry, libpcap's cap on caplen. */
u_int sf_max_snaplen_for_dlt(int dlt);
/* Refuse a record longer than the link type allows, or (pcapng, where
 * libpcap is strict) than the snapshot length. 0 or PCAP_ERROR. */
int sf_check_caplen(pcap_t *p, uint32_t caplen, int within_snapshot);
/* A snapshot length from a file: 0 or negative means the maximum. */
int sf_adjust_snapshot(int dlt, u_int snaplen);

static inline uint32_t sf_get32(const u_char *b, int swapped)
{
	uint32_t v;

	__builtin_memcpy(&v, b, 4);
	return swapped ? __builtin_bswap32(v) : v;
}

static inline uint16_t sf_get16(const u_char *b, int swapped)
{
	uint16_t v;

	__builtin_memcpy(&v, b, 2);
	return swapped ? __builtin_bswap16(v) : v;
}

#endif
