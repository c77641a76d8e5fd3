/*
 * Reading pcapng savefiles: sections (each with its own interfaces),
 * Interface Description Blocks with if_tsresol and if_tsoffset, Enhanced,
 * Simple and obsolete Packet Blocks; every other block is skipped.
 *
 * As libpcap does, a handle has one link type and snapshot length, those
 * of the first interface: later interfaces must agree. Every length in a
 * block is checked against the block before it is used, and no block
 * larger than max_block is ever read.
 */
#include "core/handle.h"
#include "core/error.h"
#include "savefile/sf_priv.h"

#include <stdlib.h>
#include <string.h>

#define SF_BT_SHB		0x0A0D0D0Au
#define SF_BT_IDB		1
#define SF_BT_PB		2	/* obsolete Packet Block */
#define SF_BT_SPB		3
#define SF_BT_EPB		6
#define SF_BYTE_ORDER_MAGIC	0x1A2B3C4Du

#define SF_BLOCK_OVERHEAD	12	/* type, length ... length */
#define SF_SHB_BODY_LEN		16	/* magic, major, minor, section length */
#define SF_IDB_BODY_LEN		8
#define SF_EPB_BODY_LEN		20
#define SF_PB_BODY_LEN		20
#define SF_SPB_BODY_LEN		4

#define SF_OPT_ENDOFOPT		0
#define SF_OPT_IF_TSRESOL	9
#define SF_OPT_IF_TSOFFSET	14

struct sf_block {
	uint32_t type;
	uint32_t total_len;
	const u_char *body;
	size_t body_len;
};

/* As in the pcap reader, a failed read leaves the file where libpcap's
 * would be: past what was read (see sf_read_failed). */
static int sf_pcapng_truncated(pcap_t *p, struct sf_reader *r, size_t want,
			       size_t got)
{
	sf_source_consume_all(&r->src);
	if (r->src.read_errno)
		handle_error_errno(p, r->src.read_errno, "error reading dump file");
	else
		handle_error(p, "truncated pcapng dump file; tried to read %zu bytes, only got %zu",
			     want, got);
	return PCAP_ERROR;
}

/* Read the next whole block. 1, 0 at a clean end of file, PCAP_ERROR. */
static int sf_pcapng_read_block(pcap_t *p, struct sf_reader *r,
				struct sf_block *b)
{
	size_t got = sf_source_fill(&r->src, 8);
	const u_char *hdr;

	if (got == 0 && r->src.read_errno == 0)
		return 0;
	if (got < 8)
		return sf_pcapng_truncated(p, r, 8, got);
	hdr = sf_source_ptr(&r->src);
	b->type = sf_get32(hdr, p->swapped);
	b->total_len = sf_get32(hdr + 4, p->swapped);
	/* A bad length is found with the 8 header bytes read. */
	if (b->total_len < SF_BLOCK_OVERHEAD || b->total_len % 4 ||
	    b->total_len > r->max_block)
		sf_source_consume(&r->src, 8);
	if (b->total_len < SF_BLOCK_OVERHEAD) {
		handle_error(p, "block in pcapng dump file has a length of %u < %d",
			     b->total_len, SF_BLOCK_OVERHEAD);
		return PCAP_ERROR;
	}
	if (b->total_len % 4) {
		handle_error(p, "block in pcapng dump file has a length of %u that is not a multiple of 4",
			     b->total_len);
		return PCAP_ERROR;
	}
	if (b->total_len > r->max_block) {
		handle_error(p, "pcapng block size %u > maximum %u",
			     b->total_len, r->max_block);
		return PCAP_ERROR;
	}
	got = sf_source_fill(&r->src, b->total_len);
	if (got < b->total_len)
		return sf_pcapng_truncated(p, r, b->total_len - 8, got - 8);
	hdr = sf_source_ptr(&r->src);
	if (sf_get32(hdr + b->total_len - 4, p->swapped) != b->total_len) {
		sf_source_consume(&r->src, b->total_len);
		handle_error(p, "block total length in header and trailer don't match");
		return PCAP_ERROR;
	}
	b->body = hdr + 8;
	b->body_len = b->total_len - SF_BLOCK_OVERHEAD;
	sf_source_consume(&r->src, b->total_len);
	return 1;
}

/* if_tsresol: a power of ten, or of two when the top bit is set. */
static int sf_pcapng_tsresol(pcap_t *p, u_char v, uint64_t *units)
{
	u_int exp = v & 0x7f;

	if (v & 0x80) {
		if (exp > 63) {
			handle_error(p, "Interface Description Block if_tsresol option resolution 2^-%u is too high",
				     exp);
			return PCAP_ERROR;
		}
		*units = (uint64_t)1 << exp;
		return 0;
	}
	if (exp > 19) {
		handle_error(p, "Interface Description Block if_tsresol option resolution 10^-%u is too high",
			     exp);
		return PCAP_ERROR;
	}
	*units = 1;
	while (exp--)
		*units *= 10;
	return 0;
}

static int sf_pcapng_idb_options(pcap_t *p, const u_char *opt, size_t left,
				 struct sf_pcapng_iface *ifc)
{
	while (left >= 4) {
		u_int code = sf_get16(opt, p->swapped);
		u_int len = sf_get16(opt + 2, p->swapped);
		size_t padded = ((size_t)len + 3) & ~(size_t)3;

		/* The value must fit even for the end-of-options marker. */
		if (padded > left - 4) {
			handle_error(p, "block of type %u in pcapng dump file is too short",
				     SF_BT_IDB);
			return PCAP_ERROR;
		}
		if (code == SF_OPT_ENDOFOPT)
			break;
		if (code == SF_OPT_IF_TSRESOL) {
			if (len != 1) {
				handle_error(p, "Interface Description Block has if_tsresol option with length %u != 1",
					     len);
				return PCAP_ERROR;
			}
			if (sf_pcapng_tsresol(p, opt[4], &ifc->units_per_sec) < 0)
				return PCAP_ERROR;
		} else if (code == SF_OPT_IF_TSOFFSET) {
			uint64_t off;

			if (len != 8) {
				handle_error(p, "Interface Description Block has if_tsoffset option with length %u != 8",
					     len);
				return PCAP_ERROR;
			}
			memcpy(&off, opt + 4, 8);
			ifc->tsoffset = (int64_t)(p->swapped ? __builtin_bswap64(off) : off);
		}
		opt += 4 + padded;
		left -= 4 + padded;
	}
	return 0;
}

static int sf_pcapng_add_iface(pcap_t *p, struct sf_reader *r,
			       const struct sf_block *b)
{
	struct sf_pcapng_iface ifc = { .units_per_sec = 1000000 };
	u_int linktype, snaplen;

	if (b->body_len < SF_IDB_BODY_LEN) {
		handle_error(p, "block of type %u in pcapng dump file is too short",
			     SF_BT_IDB);
		return PCAP_ERROR;
	}
	linktype = sf_get16(b->body, p->swapped);
	snaplen = sf_get32(b->body + 4, p->swapped);
	ifc.linktype = sf_linktype_to_dlt((int)linktype);
	ifc.snaplen = snaplen;

	if (p->linktype < 0) {
		/* The first interface of the file sets up the handle. */
		u_int max;

		p->linktype = ifc.linktype;
		p->snapshot = sf_adjust_snapshot(p->linktype, snaplen);
		max = sf_max_snaplen_for_dlt(p->linktype) + 1024;
		if (max > r->max_block)
			r->max_block = max;
	} else if (ifc.linktype != p->linktype) {
		handle_error(p, "an interface has a type %u different from the type of the first interface",
			     linktype);
		return PCAP_ERROR;
	} else if (sf_adjust_snapshot(p->linktype, snaplen) != p->snapshot) {
		handle_error(p, "an interface has a snapshot length %u different from the snapshot length of the first interface",
			     snaplen);
		return PCAP_ERROR;
	}
	/* Options after the checks above, in libpcap's order. */
	if (sf_pcapng_idb_options(p, b->body + SF_IDB_BODY_LEN,
				  b->body_len - SF_IDB_BODY_LEN, &ifc) < 0)
		return PCAP_ERROR;
	if (r->n_ifaces == r->ifaces_cap) {
		/* Every IDB takes at least 20 bytes of file, so the file's
		 * size bounds this array. */
		u_int cap = r->ifaces_cap ? r->ifaces_cap * 2 : 4;
		struct sf_pcapng_iface *bigger = realloc(r->ifaces, cap * sizeof(*bigger));

		if (bigger == NULL) {
			handle_error(p, "out of memory for pcapng interface %u", r->n_ifaces);
			return PCAP_ERROR;
		}
		r->ifaces = bigger;
		r->ifaces_cap = cap;
	}
	r->ifaces[r->n_ifaces++] = ifc;
	return 0;
}

/* A Section Header Block in the middle of the file starts a new section
 * with its own interfaces; libpcap refuses a change of byte order. */
static int sf_pcapng_new_section(pcap_t *p, struct sf_reader *r,
				 const struct sf_block *b)
{
	uint32_t bom;
	u_int major;

	if (b->body_len < SF_SHB_BODY_LEN) {
		handle_error(p, "block of type %u in pcapng dump file is too short",
			     SF_BT_SHB);
		return PCAP_ERROR;
	}
	bom = sf_get32(b->body, p->swapped);
	if (bom == __builtin_bswap32(SF_BYTE_ORDER_MAGIC)) {
		handle_error(p, "the file has sections with different byte orders");
		return PCAP_ERROR;
	}
	if (bom != SF_BYTE_ORDER_MAGIC) {
		handle_error(p, "the file has a section with a bad byte order magic field");
		return PCAP_ERROR;
	}
	major = sf_get16(b->body + 4, p->swapped);
	if (major != 1) {
		handle_error(p, "unknown pcapng savefile major version number %u",
			     major);
		return PCAP_ERROR;
	}
	r->n_ifaces = 0;
	return 0;
}

/* Convert a pcapng time stamp of interface ifc to the caller's precision. */
static void sf_pcapng_timestamp(const struct sf_reader *r,
				const struct sf_pcapng_iface *ifc,
				uint32_t hi, uint32_t lo, struct timeval *tv)
{
	uint64_t t = ((uint64_t)hi << 32) | lo;
	uint64_t units = ifc->units_per_sec;
	uint64_t want = r->user_nano ? 1000000000 : 1000000;
	uint64_t sec = t / units;
	uint64_t frac = t % units;

	if (units != want) {
		if (units % 10 == 0 && want % units == 0)
			frac *= want / units;
		else if (units % 10 == 0 && units % want == 0)
			frac /= units / want;
		else
			frac = frac * want / units;	/* 2^-n, or 10^0 */
	}
	tv->tv_sec = (time_t)(sec + (uint64_t)ifc->tsoffset);
	tv->tv_usec = (suseconds_t)frac;
}

static const struct sf_pcapng_iface *sf_pcapng_iface(pcap_t *p,
						      struct sf_reader *r,
						      uint32_t id)
{
	if (id < r->n_ifaces)
		return &r->ifaces[id];
	handle_error(p, "a packet arrived on interface %u, but there's no Interface Description Block for that interface",
		     id);
	return NULL;
}

/* Fill h and data from a packet block; caplen is checked against the
 * block and cut to the handle's snapshot. */
static int sf_pcapng_packet(pcap_t *p, struct sf_reader *r,
			    const struct sf_block *b, struct pcap_pkthdr *h,
			    const u_char **data)
{
	const struct sf_pcapng_iface *ifc;
	const u_char *d = b->body;
	size_t fixed;
	uint32_t id, caplen;

	if (b->type == SF_BT_SPB) {
		fixed = SF_SPB_BODY_LEN;
		if (b->body_len < fixed)
			goto too_short;
		if ((ifc = sf_pcapng_iface(p, r, 0)) == NULL)
			return PCAP_ERROR;
		h->len = sf_get32(d, p->swapped);
		/* No caplen field: the packet up to the snapshot, which
		 * must then be in the block. */
		caplen = h->len;
		if (caplen > (uint32_t)p->snapshot)
			caplen = (uint32_t)p->snapshot;
		if (caplen > b->body_len - fixed)
			goto too_short;
		h->ts.tv_sec = 0;
		h->ts.tv_usec = 0;
	} else {
		uint32_t hi, lo;

		fixed = b->type == SF_BT_EPB ? SF_EPB_BODY_LEN : SF_PB_BODY_LEN;
		if (b->body_len < fixed)
			goto too_short;
		if (b->type == SF_BT_EPB)
			id = sf_get32(d, p->swapped);
		else
			id = sf_get16(d, p->swapped);
		hi = sf_get32(d + 4, p->swapped);
		lo = sf_get32(d + 8, p->swapped);
		caplen = sf_get32(d + 12, p->swapped);
		h->len = sf_get32(d + 16, p->swapped);
		if ((ifc = sf_pcapng_iface(p, r, id)) == NULL)
			return PCAP_ERROR;
		if (sf_check_caplen(p, caplen, 1) < 0)
			return PCAP_ERROR;
		if (caplen > b->body_len - fixed)
			goto too_short;
		sf_pcapng_timestamp(r, ifc, hi, lo, &h->ts);
	}
	if (caplen > (uint32_t)p->snapshot)
		caplen = (uint32_t)p->snapshot;
	h->caplen = caplen;
	*data = d + fixed;
	return 1;

too_short:
	handle_error(p, "block of type %u in pcapng dump file is too short",
		     b->type);
	return PCAP_ERROR;
}

static int sf_pcapng_next(pcap_t *p, struct pcap_pkthdr *h, const u_char **data)
{
	struct sf_reader *r = p->priv;
	struct sf_block b;
	int rc;

	for (;;) {
		rc = sf_pcapng_read_block(p, r, &b);
		if (rc <= 0)
			return rc;
		switch (b.type) {
		case SF_BT_EPB:
		case SF_BT_SPB:
		case SF_BT_PB:
			return sf_pcapng_packet(p, r, &b, h, data);
		case SF_BT_IDB:
			rc = sf_pcapng_add_iface(p, r, &b);
			break;
		case SF_BT_SHB:
			rc = sf_pcapng_new_section(p, r, &b);
			break;
		default:
			rc = 0;		/* statistics, names, custom: not ours */
		}
		if (rc < 0)
			return rc;
	}
}

/* The Section Header Block that opens the file: byte order and version. */
static int sf_pcapng_first_section(pcap_t *p, struct sf_reader *r,
				   char *errbuf)
{
	const u_char *h;
	uint32_t bom, total;
	u_int major, minor;
	size_t got = sf_source_fill(&r->src, 12);

	if (got < 12)
		return 1;	/* too short to be pcapng: not ours */
	h = sf_source_ptr(&r->src);
	bom = sf_get32(h + 8, 0);
	if (bom == SF_BYTE_ORDER_MAGIC)
		p->swapped = 0;
	else if (bom == __builtin_bswap32(SF_BYTE_ORDER_MAGIC))
		p->swapped = 1;
	else
		return 1;
	total = sf_get32(h + 4, p->swapped);
	if (total < SF_BLOCK_OVERHEAD + SF_SHB_BODY_LEN || total > SF_PCAPNG_MAX_SHB) {
		errbuf_printf(errbuf, "Section Header Block in pcapng dump file has invalid length %u < _%u_ < %u (BT_SHB_INSANE_MAX)",
			      SF_BLOCK_OVERHEAD + SF_SHB_BODY_LEN, total, SF_PCAPNG_MAX_SHB);
		return PCAP_ERROR;
	}
	/* The whole block, counted (as libpcap does) after the 12 bytes
	 * already looked at. */
	got = sf_source_fill(&r->src, total);
	if (got < total) {
		if (r->src.read_errno)
			errbuf_errno(errbuf, r->src.read_errno, "error reading dump file");
		else
			errbuf_printf(errbuf, "truncated pcapng dump file; tried to read %u bytes, only got %zu",
				      total - 12, got - 12);
		return PCAP_ERROR;
	}
	h = sf_source_ptr(&r->src);
	major = sf_get16(h + 12, p->swapped);
	minor = sf_get16(h + 14, p->swapped);
	if (major != 1 || (minor != 0 && minor != 2)) {
		errbuf_printf(errbuf, "unsupported pcapng savefile version %u.%u",
			      major, minor);
		return PCAP_ERROR;
	}
	p->version_major = (int)major;
	p->version_minor = (int)minor;
	return 0;
}

int sf_pcapng_open(pcap_t *p, struct sf_reader *r, char *errbuf)
{
	struct sf_block b;
	int rc;

	if (sf_get32(sf_source_ptr(&r->src), 0) != SF_BT_SHB)
		return 1;
	r->max_block = SF_PCAPNG_MAX_BLOCK;
	rc = sf_pcapng_first_section(p, r, errbuf);
	if (rc != 0)
		return rc;
	p->linktype = -1;
	/* The opening SHB's trailer is not checked, as libpcap does not. */
	sf_source_consume(&r->src, sf_get32(sf_source_ptr(&r->src) + 4, p->swapped));
	rc = sf_pcapng_read_block(p, r, &b);
	/* Up to the first interface: it gives the handle its link type. */
	while (rc > 0 && b.type != SF_BT_IDB) {
		if (b.type == SF_BT_EPB || b.type == SF_BT_SPB || b.type == SF_BT_PB) {
			handle_error(p, "the capture file has a packet block before any Interface Description Blocks");
			rc = PCAP_ERROR;
			break;
		}
		rc = sf_pcapng_read_block(p, r, &b);
	}
	if (rc == 0) {
		handle_error(p, "the capture file has no Interface Description Blocks");
		rc = PCAP_ERROR;
	} else if (rc > 0) {
		rc = sf_pcapng_add_iface(p, r, &b);
	}
	if (rc < 0) {
		errbuf_printf(errbuf, "%s", p->errbuf);
		return PCAP_ERROR;
	}
	p->bufsize = p->snapshot;
	r->next = sf_pcapng_next;
	return 0;
}
