/*
 * Savefile readers and writer, on files built byte by byte here: formats,
 * byte orders, precisions, pcapng sections and time stamp options, the API
 * around a savefile handle, and hostile inputs.
 */
#include <check.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit_run.h"

/* --- building files ------------------------------------------------------ */

struct fbuf {
	u_char data[65536];
	size_t len;
	int be;
};

static void put(struct fbuf *f, const void *p, size_t n)
{
	ck_assert_uint_le(f->len + n, sizeof(f->data));
	memcpy(f->data + f->len, p, n);
	f->len += n;
}

static void put32(struct fbuf *f, uint32_t v)
{
	u_char b[4] = { v, v >> 8, v >> 16, v >> 24 };

	if (f->be) {
		b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = v;
	}
	put(f, b, 4);
}

static void put16(struct fbuf *f, uint16_t v)
{
	u_char b[2] = { v, v >> 8 };

	if (f->be) {
		b[0] = v >> 8; b[1] = v;
	}
	put(f, b, 2);
}

static void pcap_header(struct fbuf *f, uint32_t magic, uint32_t snaplen,
			uint32_t linktype)
{
	put32(f, magic);
	put16(f, 2);
	put16(f, 4);
	put32(f, 0);
	put32(f, 0);
	put32(f, snaplen);
	put32(f, linktype);
}

static const u_char payload[64] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde";

static void pcap_record(struct fbuf *f, uint32_t sec, uint32_t frac,
			uint32_t caplen, uint32_t len)
{
	put32(f, sec);
	put32(f, frac);
	put32(f, caplen);
	put32(f, len);
	put(f, payload, caplen);
}

/* A block of type with body (padded), its lengths in f's byte order. */
static void ng_block(struct fbuf *f, uint32_t type, const struct fbuf *body)
{
	uint32_t padded = (uint32_t)(body->len + 3) & ~3u;
	static const u_char zero[4];

	put32(f, type);
	put32(f, padded + 12);
	put(f, body->data, body->len);
	put(f, zero, padded - body->len);
	put32(f, padded + 12);
}

static void ng_shb(struct fbuf *f)
{
	struct fbuf b = { .be = f->be };

	put32(&b, 0x1A2B3C4D);
	put16(&b, 1);
	put16(&b, 0);
	put32(&b, 0xffffffff);
	put32(&b, 0xffffffff);
	ng_block(f, 0x0A0D0D0A, &b);
}

/* tsresol < 0: no option; tsoffset 0: no option. */
static void ng_idb(struct fbuf *f, uint16_t linktype, uint32_t snaplen,
		   int tsresol, int64_t tsoffset)
{
	struct fbuf b = { .be = f->be };

	put16(&b, linktype);
	put16(&b, 0);
	put32(&b, snaplen);
	if (tsresol >= 0) {
		u_char v[4] = { (u_char)tsresol };

		put16(&b, 9);
		put16(&b, 1);
		put(&b, v, 4);
	}
	if (tsoffset) {
		put16(&b, 14);
		put16(&b, 8);
		put32(&b, f->be ? (uint32_t)((uint64_t)tsoffset >> 32) : (uint32_t)tsoffset);
		put32(&b, f->be ? (uint32_t)tsoffset : (uint32_t)((uint64_t)tsoffset >> 32));
	}
	if (tsresol >= 0 || tsoffset) {
		put16(&b, 0);
		put16(&b, 0);
	}
	ng_block(f, 1, &b);
}

static void ng_epb(struct fbuf *f, uint32_t ifid, uint64_t ts, uint32_t caplen,
		   uint32_t len)
{
	struct fbuf b = { .be = f->be };

	put32(&b, ifid);
	put32(&b, (uint32_t)(ts >> 32));
	put32(&b, (uint32_t)ts);
	put32(&b, caplen);
	put32(&b, len);
	put(&b, payload, caplen);
	ng_block(f, 6, &b);
}

static char path[64];

/* Write the bytes to a temporary regular file (read ahead in chunks). */
static const char *to_file(const struct fbuf *f)
{
	FILE *fp;

	strcpy(path, "/tmp/test_savefile-XXXXXX");
	close(mkstemp(path));
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(f->data, 1, f->len, fp), f->len);
	fclose(fp);
	return path;
}

static char errbuf[PCAP_ERRBUF_SIZE];

static pcap_t *open_file(const struct fbuf *f, u_int prec)
{
	pcap_t *p = pcap_open_offline_with_tstamp_precision(to_file(f), prec, errbuf);

	unlink(path);
	return p;
}

/* The same bytes through a stream (read with exact sizes). */
static pcap_t *open_stream(struct fbuf *f, u_int prec)
{
	FILE *fp = fmemopen(f->data, f->len, "rb");

	ck_assert_ptr_nonnull(fp);
	return pcap_fopen_offline_with_tstamp_precision(fp, prec, errbuf);
}

/* --- pcap ------------------------------------------------------------------ */

static void three_packets(struct fbuf *f, uint32_t magic)
{
	pcap_header(f, magic, 1500, 1);
	pcap_record(f, 1700000000, 1, 10, 60);
	pcap_record(f, 1700000001, 999999, 64, 64);
	pcap_record(f, 1700000002, 500000, 0, 0);
}

static void check_three_packets(pcap_t *p, long frac_scale_num, long frac_scale_den)
{
	struct pcap_pkthdr *h;
	const u_char *d;

	ck_assert_int_eq(pcap_next_ex(p, &h, &d), 1);
	ck_assert_int_eq(h->ts.tv_sec, 1700000000);
	ck_assert_int_eq(h->ts.tv_usec, 1 * frac_scale_num / frac_scale_den);
	ck_assert_uint_eq(h->caplen, 10);
	ck_assert_uint_eq(h->len, 60);
	ck_assert_mem_eq(d, payload, 10);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), 1);
	ck_assert_int_eq(h->ts.tv_usec, 999999 * frac_scale_num / frac_scale_den);
	ck_assert_uint_eq(h->caplen, 64);
	ck_assert_mem_eq(d, payload, 64);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), 1);
	ck_assert_uint_eq(h->caplen, 0);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), PCAP_ERROR_BREAK);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), PCAP_ERROR_BREAK);
}

START_TEST(test_pcap_both_byte_orders_file_and_stream)
{
	for (int be = 0; be < 2; be++) {
		for (int stream = 0; stream < 2; stream++) {
			struct fbuf f = { .be = be };
			pcap_t *p;

			three_packets(&f, 0xa1b2c3d4);
			p = stream ? open_stream(&f, PCAP_TSTAMP_PRECISION_MICRO)
				   : open_file(&f, PCAP_TSTAMP_PRECISION_MICRO);
			ck_assert_msg(p != NULL, "be %d stream %d: %s", be, stream, errbuf);
			ck_assert_int_eq(pcap_is_swapped(p), be);
			ck_assert_int_eq(pcap_datalink(p), 1);
			ck_assert_int_eq(pcap_snapshot(p), 1500);
			ck_assert_int_eq(pcap_major_version(p), 2);
			ck_assert_int_eq(pcap_minor_version(p), 4);
			ck_assert_ptr_nonnull(pcap_file(p));
			check_three_packets(p, 1, 1);
			pcap_close(p);
		}
	}
}
END_TEST

START_TEST(test_pcap_precision_conversion)
{
	struct fbuf f = { 0 };
	pcap_t *p;

	three_packets(&f, 0xa1b2c3d4);
	p = open_file(&f, PCAP_TSTAMP_PRECISION_NANO);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pcap_get_tstamp_precision(p), PCAP_TSTAMP_PRECISION_NANO);
	check_three_packets(p, 1000, 1);
	pcap_close(p);

	memset(&f, 0, sizeof(f));
	three_packets(&f, 0xa1b23c4d);	/* nanosecond file read in micro */
	p = open_stream(&f, PCAP_TSTAMP_PRECISION_MICRO);
	ck_assert_ptr_nonnull(p);
	check_three_packets(p, 1, 1000);
	pcap_close(p);
}
END_TEST

START_TEST(test_pcap_record_beyond_snapshot_is_cut)
{
	struct fbuf f = { 0 };
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;

	pcap_header(&f, 0xa1b2c3d4, 16, 1);
	pcap_record(&f, 1, 0, 40, 40);
	pcap_record(&f, 2, 0, 8, 8);
	p = open_stream(&f, PCAP_TSTAMP_PRECISION_MICRO);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), 1);
	ck_assert_uint_eq(h->caplen, 16);
	ck_assert_uint_eq(h->len, 40);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), 1);
	ck_assert_int_eq(h->ts.tv_sec, 2);
	pcap_close(p);
}
END_TEST

START_TEST(test_pcap_truncated_record_is_an_error)
{
	struct fbuf f = { 0 };
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;

	pcap_header(&f, 0xa1b2c3d4, 1500, 1);
	pcap_record(&f, 1, 0, 40, 40);
	f.len -= 15;
	p = open_file(&f, PCAP_TSTAMP_PRECISION_MICRO);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), PCAP_ERROR);
	ck_assert_str_eq(pcap_geterr(p),
			 "truncated dump file; tried to read 40 captured bytes, only got 25");
	pcap_close(p);
}
END_TEST

START_TEST(test_pcap_huge_caplen_in_short_stream_is_truncation)
{
	struct fbuf f = { 0 };
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;

	pcap_header(&f, 0xa1b2c3d4, 0, 231);	/* D-Bus: 128 MiB packets */
	put32(&f, 1);
	put32(&f, 0);
	put32(&f, 100 * 1024 * 1024);	/* allowed, but not in the file */
	put32(&f, 100 * 1024 * 1024);
	put(&f, payload, 64);
	p = open_stream(&f, PCAP_TSTAMP_PRECISION_MICRO);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pcap_snapshot(p), 128 * 1024 * 1024);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), PCAP_ERROR);
	ck_assert_str_eq(pcap_geterr(p),
			 "truncated dump file; tried to read 104857600 captured bytes, only got 64");
	pcap_close(p);
}
END_TEST

START_TEST(test_open_errors)
{
	struct fbuf f = { 0 };

	ck_assert_ptr_null(pcap_open_offline("/nonexistent/x.pcap", errbuf));
	ck_assert_str_eq(errbuf, "/nonexistent/x.pcap: No such file or directory");
	put(&f, "hello, world", 12);
	ck_assert_ptr_null(open_file(&f, PCAP_TSTAMP_PRECISION_MICRO));
	ck_assert_str_eq(errbuf, "unknown file format");
	f.len = 0;
	put32(&f, 0xa1b2c3d4);
	put32(&f, 2);
	ck_assert_ptr_null(open_file(&f, PCAP_TSTAMP_PRECISION_MICRO));
	ck_assert_str_eq(errbuf, "truncated dump file; tried to read 24 file header bytes, only got 4");
	ck_assert_ptr_null(pcap_open_offline_with_tstamp_precision("x", 7, errbuf));
	ck_assert_str_eq(errbuf, "unknown time stamp resolution 7");
}
END_TEST

/* --- the handle ------------------------------------------------------------ */

static int seen;

static void count_and_break(u_char *user, const struct pcap_pkthdr *h,
			    const u_char *d)
{
	(void)h; (void)d;
	if (++seen == 2)
		pcap_breakloop((pcap_t *)user);
}

START_TEST(test_breakloop_ends_this_call_and_the_next)
{
	struct fbuf f = { 0 };
	pcap_t *p;

	three_packets(&f, 0xa1b2c3d4);
	p = open_file(&f, PCAP_TSTAMP_PRECISION_MICRO);
	seen = 0;
	ck_assert_int_eq(pcap_dispatch(p, -1, count_and_break, (u_char *)p), 2);
	/* As in libpcap the flag survives a call that delivered packets. */
	ck_assert_int_eq(pcap_dispatch(p, -1, count_and_break, (u_char *)p),
			 PCAP_ERROR_BREAK);
	ck_assert_int_eq(pcap_loop(p, -1, count_and_break, (u_char *)p), 0);
	ck_assert_int_eq(seen, 3);
	pcap_close(p);
}
END_TEST

START_TEST(test_loop_count_and_filter)
{
	struct fbuf f = { 0 };
	struct bpf_insn reject = BPF_STMT(BPF_RET | BPF_K, 0);
	/* Accept packets longer than 20 bytes. */
	struct bpf_insn longer[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 20, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 65535),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct bpf_program prog = { 1, &reject };
	struct pcap_stat ps;
	pcap_t *p;

	three_packets(&f, 0xa1b2c3d4);
	p = open_file(&f, PCAP_TSTAMP_PRECISION_MICRO);
	seen = 0;
	ck_assert_int_eq(pcap_loop(p, 1, count_and_break, (u_char *)p), 0);
	ck_assert_int_eq(seen, 1);
	ck_assert_int_eq(pcap_setfilter(p, &prog), 0);
	ck_assert_int_eq(pcap_dispatch(p, 0, count_and_break, (u_char *)p), 0);
	ck_assert_int_eq(seen, 1);
	ck_assert_int_eq(pcap_stats(p, &ps), PCAP_ERROR);
	ck_assert_str_eq(pcap_geterr(p), "Statistics aren't available from savefiles");
	pcap_close(p);

	p = open_file(&f, PCAP_TSTAMP_PRECISION_MICRO);
	prog.bf_len = 4;
	prog.bf_insns = longer;
	ck_assert_int_eq(pcap_setfilter(p, &prog), 0);
	seen = 0;
	ck_assert_int_eq(pcap_dispatch(p, 0, count_and_break, (u_char *)p), 2);
	pcap_close(p);
}
END_TEST

/* --- pcapng ---------------------------------------------------------------- */

START_TEST(test_pcapng_tsresol_and_tsoffset)
{
	static const struct { int tsresol; uint64_t ts; long usec, nsec; } cases[] = {
		{ -1, 1700000000ull * 1000000 + 123456, 123456, 123456000 },
		{ 9, 1700000000ull * 1000000000 + 123456789, 123456, 123456789 },
		{ 3, 1700000000ull * 1000 + 999, 999000, 999000000 },
		{ 0x80 | 10, 1700000000ull * 1024 + 512, 500000, 500000000 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int be = 0; be < 2; be++) {
			struct fbuf f = { .be = be };
			struct pcap_pkthdr *h;
			const u_char *d;
			pcap_t *p;

			ng_shb(&f);
			ng_idb(&f, 1, 0, cases[i].tsresol, 100);
			ng_epb(&f, 0, cases[i].ts, 20, 30);
			for (u_int prec = 0; prec < 2; prec++) {
				p = open_file(&f, prec);
				ck_assert_msg(p != NULL, "%s", errbuf);
				ck_assert_int_eq(pcap_is_swapped(p), be);
				ck_assert_int_eq(pcap_snapshot(p), 262144);
				ck_assert_int_eq(pcap_next_ex(p, &h, &d), 1);
				ck_assert_int_eq(h->ts.tv_sec, 1700000100);
				ck_assert_int_eq(h->ts.tv_usec, prec ? cases[i].nsec : cases[i].usec);
				ck_assert_uint_eq(h->caplen, 20);
				ck_assert_uint_eq(h->len, 30);
				ck_assert_int_eq(pcap_next_ex(p, &h, &d), PCAP_ERROR_BREAK);
				pcap_close(p);
			}
		}
	}
}
END_TEST

START_TEST(test_pcapng_second_section_resets_interfaces)
{
	struct fbuf f = { 0 };
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;

	ng_shb(&f);
	ng_idb(&f, 1, 0, -1, 0);
	ng_idb(&f, 1, 0, 9, 0);
	ng_epb(&f, 1, 5000000000ull, 8, 8);
	ng_shb(&f);
	ng_idb(&f, 1, 0, -1, 0);
	ng_epb(&f, 0, 5000000, 8, 8);
	ng_epb(&f, 1, 5000000, 8, 8);	/* no interface 1 in this section */
	p = open_stream(&f, PCAP_TSTAMP_PRECISION_MICRO);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), 1);
	ck_assert_int_eq(h->ts.tv_sec, 5);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), 1);
	ck_assert_int_eq(h->ts.tv_sec, 5);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), PCAP_ERROR);
	ck_assert_str_eq(pcap_geterr(p),
			 "a packet arrived on interface 1, but there's no Interface Description Block for that interface");
	pcap_close(p);
}
END_TEST

START_TEST(test_pcapng_unknown_blocks_skipped_and_hostile_length)
{
	struct fbuf f = { 0 }, body = { 0 };
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;

	ng_shb(&f);
	put(&body, "whatever", 8);
	ng_block(&f, 0x4242, &body);
	ng_idb(&f, 1, 0, -1, 0);
	ng_block(&f, 0x0BAD, &body);
	ng_epb(&f, 0, 1, 8, 8);
	put32(&f, 6);
	put32(&f, 0x7ffffff0);	/* a 2 GiB block: refused before reading */
	put32(&f, 0);
	p = open_stream(&f, PCAP_TSTAMP_PRECISION_MICRO);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), 1);
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), PCAP_ERROR);
	ck_assert_str_eq(pcap_geterr(p), "pcapng block size 2147483632 > maximum 16777216");
	pcap_close(p);
}
END_TEST

START_TEST(test_pcapng_without_interfaces)
{
	struct fbuf f = { 0 };

	ng_shb(&f);
	ck_assert_ptr_null(open_file(&f, PCAP_TSTAMP_PRECISION_MICRO));
	ck_assert_str_eq(errbuf, "the capture file has no Interface Description Blocks");
	ng_epb(&f, 0, 1, 8, 8);
	ck_assert_ptr_null(open_file(&f, PCAP_TSTAMP_PRECISION_MICRO));
	ck_assert_str_eq(errbuf, "the capture file has a packet block before any Interface Description Blocks");
}
END_TEST

/* --- writer ---------------------------------------------------------------- */

START_TEST(test_dump_then_read_back_and_append)
{
	static const struct pcap_pkthdr hs[2] = {
		{ { 1700000000, 123456789 }, 20, 60 },
		{ { 1700000001, 5 }, 64, 64 },
	};
	char file[] = "/tmp/test_savefile-dump-XXXXXX";
	pcap_t *dead = pcap_open_dead_with_tstamp_precision(113, 4096,
							     PCAP_TSTAMP_PRECISION_NANO);
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_dumper_t *w;
	pcap_t *p;

	close(mkstemp(file));
	w = pcap_dump_open(dead, file);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(pcap_dump_ftell(w), 24);
	pcap_dump((u_char *)w, &hs[0], payload);
	ck_assert_int_eq(pcap_dump_flush(w), 0);
	ck_assert_int_eq(pcap_dump_ftell64(w), 24 + 16 + 20);
	pcap_dump_close(w);

	w = pcap_dump_open_append(dead, file);
	ck_assert_ptr_nonnull(w);
	pcap_dump((u_char *)w, &hs[1], payload);
	pcap_dump_close(w);

	p = pcap_open_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pcap_datalink(p), 113);
	ck_assert_int_eq(pcap_snapshot(p), 4096);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(pcap_next_ex(p, &h, &d), 1);
		ck_assert_int_eq(h->ts.tv_sec, hs[i].ts.tv_sec);
		ck_assert_int_eq(h->ts.tv_usec, hs[i].ts.tv_usec);
		ck_assert_uint_eq(h->caplen, hs[i].caplen);
		ck_assert_uint_eq(h->len, hs[i].len);
		ck_assert_mem_eq(d, payload, h->caplen);
	}
	ck_assert_int_eq(pcap_next_ex(p, &h, &d), PCAP_ERROR_BREAK);
	pcap_close(p);
	pcap_close(dead);

	/* Appending microsecond packets to a nanosecond file is refused. */
	dead = pcap_open_dead(113, 4096);
	ck_assert_ptr_null(pcap_dump_open_append(dead, file));
	ck_assert_str_eq(strchr(pcap_geterr(dead), ':'),
			 ": different time stamp precision, cannot append to file");
	pcap_close(dead);
	unlink(file);
}
END_TEST

START_TEST(test_dump_raw_ip_uses_linktype_101)
{
	char file[] = "/tmp/test_savefile-raw-XXXXXX";
	pcap_t *dead = pcap_open_dead(DLT_RAW, 65535);
	uint32_t hdr[6];
	FILE *fp;

	close(mkstemp(file));
	pcap_dump_close(pcap_dump_open(dead, file));
	fp = fopen(file, "rb");
	ck_assert_uint_eq(fread(hdr, 4, 6, fp), 6);
	fclose(fp);
	ck_assert_uint_eq(hdr[0], 0xa1b2c3d4);
	ck_assert_uint_eq(hdr[4], 65535);
	ck_assert_uint_eq(hdr[5], 101);
	unlink(file);
	pcap_close(dead);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("savefile");
	TCase *tc = tcase_create("savefile");

	tcase_add_test(tc, test_pcap_both_byte_orders_file_and_stream);
	tcase_add_test(tc, test_pcap_precision_conversion);
	tcase_add_test(tc, test_pcap_record_beyond_snapshot_is_cut);
	tcase_add_test(tc, test_pcap_truncated_record_is_an_error);
	tcase_add_test(tc, test_pcap_huge_caplen_in_short_stream_is_truncation);
	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_breakloop_ends_this_call_and_the_next);
	tcase_add_test(tc, test_loop_count_and_filter);
	tcase_add_test(tc, test_pcapng_tsresol_and_tsoffset);
	tcase_add_test(tc, test_pcapng_second_section_resets_interfaces);
	tcase_add_test(tc, test_pcapng_unknown_blocks_skipped_and_hostile_length);
	tcase_add_test(tc, test_pcapng_without_interfaces);
	tcase_add_test(tc, test_dump_then_read_back_and_append);
	tcase_add_test(tc, test_dump_raw_ip_uses_linktype_101);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
