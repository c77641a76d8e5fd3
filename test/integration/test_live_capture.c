/*
 * Every frame sent is captured, byte for byte, through every kind of
 * device name; stripped VLAN tags (802.1Q and QinQ) come back in the
 * bytes; nanosecond time stamps fall inside the send window; pcap_stats
 * counts add up; immediate mode hands up a single packet within 10 ms.
 */
#include "live_lab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define NFRAMES	400
#define MAXLEN	1514

static uint8_t sent[NFRAMES][MAXLEN];
static size_t sent_len[NFRAMES];

struct got {
	int count;
	int dup;
	int mismatch;
	int bad_ts;
	uint64_t t0, t1;
	uint8_t seen[NFRAMES];
};

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
	struct got *g = (struct got *)user;
	int64_t seq = lab_frame_seq(d, h->caplen);
	uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;

	if (seq < 0 || seq >= NFRAMES)
		return;		/* not ours */
	if (g->seen[seq]++) {
		g->dup++;
		return;
	}
	g->count++;
	if (h->caplen != sent_len[seq] || h->len != sent_len[seq] ||
	    memcmp(d, sent[seq], sent_len[seq]) != 0) {
		if (g->mismatch++ == 0)
			fprintf(stderr, "frame %lld: caplen %u len %u, sent %zu bytes, bytes %s\n",
				(long long)seq, h->caplen, h->len, sent_len[seq],
				h->caplen == sent_len[seq] ? "differ" : "-");
	}
	if ((uint32_t)h->ts.tv_usec >= 1000000000u || ts < g->t0 || ts > g->t1) {
		if (g->bad_ts++ == 0)
			fprintf(stderr, "frame %lld: time stamp %llu outside [%llu, %llu]\n",
				(long long)seq, (unsigned long long)ts,
				(unsigned long long)g->t0, (unsigned long long)g->t1);
	}
}

/* Frames of many sizes and flows; some with one or two VLAN tags. */
static void make_frames(int with_vlans)
{
	static const uint16_t q_tpid[] = { 0x8100 }, q_tci[] = { 0x2064 };
	static const uint16_t qq_tpid[] = { 0x88a8, 0x8100 }, qq_tci[] = { 0x0064, 0x30c8 };

	for (int i = 0; i < NFRAMES; i++) {
		size_t len = 60 + (size_t)(i * 37) % (MAXLEN - 60 - 8);
		int kind = with_vlans ? i % 3 : 0;

		sent_len[i] = lab_udp_frame(sent[i], len, (uint16_t)(1024 + i * 13),
					    5000, (uint32_t)i, kind,
					    kind == 1 ? q_tpid : qq_tpid,
					    kind == 1 ? q_tci : qq_tci);
	}
}

static int use_immediate;

static void capture_all(const char *name, int with_vlans)
{
	pcap_t *p = lab_open(name, 65535, 50, use_immediate, 1);
	struct got g;
	struct pcap_stat st;
	int fd = lab_sender(NULL), idle = 0;

	memset(&g, 0, sizeof(g));
	make_frames(with_vlans);
	g.t0 = lab_now_ns();
	for (int i = 0; i < NFRAMES; i++)
		lab_send(fd, sent[i], sent_len[i]);
	g.t1 = lab_now_ns();
	while (g.count < NFRAMES && idle < 10) {
		int n = pcap_dispatch(p, -1, on_packet, (u_char *)&g);

		CHECK(n >= 0, "%s: pcap_dispatch: %d %s", name, n, pcap_geterr(p));
		idle = n == 0 ? idle + 1 : 0;
	}
	CHECK(pcap_stats(p, &st) == 0, "%s: pcap_stats: %s", name, pcap_geterr(p));
	printf("%-34s captured %d/%d, dup %d, mismatched %d, bad ts %d, ps_recv %u ps_drop %u\n",
	       name, g.count, NFRAMES, g.dup, g.mismatch, g.bad_ts, st.ps_recv, st.ps_drop);
	CHECK(g.count == NFRAMES, "%s: captured %d of %d frames", name, g.count, NFRAMES);
	CHECK(g.dup == 0, "%s: %d duplicates", name, g.dup);
	CHECK(g.mismatch == 0, "%s: %d frames differ from what was sent", name, g.mismatch);
	CHECK(g.bad_ts == 0, "%s: %d time stamps outside the send window", name, g.bad_ts);
	/* Nothing else crosses this private link (IPv6 is off). */
	CHECK(st.ps_recv == NFRAMES, "%s: ps_recv %u, sent %d", name, st.ps_recv, NFRAMES);
	CHECK(st.ps_drop == 0, "%s: ps_drop %u", name, st.ps_drop);
	close(fd);
	pcap_close(p);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* From send() to pcap_next_ex returning the packet, in immediate mode. */
static void immediate_latency(const char *name)
{
	pcap_t *p = lab_open(name, 262144, 1000, 1, 1);
	int fd = lab_sender(NULL);
	uint64_t lat[7];
	uint8_t frame[128];
	size_t len = lab_udp_frame(frame, 100, 4000, 5000, 7, 0, NULL, NULL);

	for (int i = 0; i < 7; i++) {
		struct pcap_pkthdr *h;
		const u_char *d;
		uint64_t t0;
		int rc;

		usleep(20000);
		t0 = lab_now_ns();
		lab_send(fd, frame, len);
		rc = pcap_next_ex(p, &h, &d);
		lat[i] = lab_now_ns() - t0;
		CHECK(rc == 1, "%s: immediate pcap_next_ex gave %d after %llu us", name,
		      rc, (unsigned long long)lat[i] / 1000);
		CHECK(h->caplen == len && memcmp(d, frame, len) == 0,
		      "%s: immediate packet differs", name);
	}
	qsort(lat, 7, sizeof(lat[0]), cmp_u64);
	printf("%-34s immediate mode latency: min %llu us, median %llu us, max %llu us\n",
	       name, (unsigned long long)lat[0] / 1000, (unsigned long long)lat[3] / 1000,
	       (unsigned long long)lat[6] / 1000);
	CHECK(lat[3] < 10000000, "%s: median latency %llu us >= 10 ms", name,
	      (unsigned long long)lat[3] / 1000);
	close(fd);
	pcap_close(p);
}

struct seqs {
	int n;
	int64_t seq[64];
};

static void on_seq(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
	struct seqs *s = (struct seqs *)user;
	int64_t seq = lab_frame_seq(d, h->caplen);

	if (seq >= 0 && s->n < 64)
		s->seq[s->n++] = seq;
}

static struct seqs drain_seqs(pcap_t *p)
{
	struct seqs s = { 0 };

	for (int idle = 0; idle < 4;) {
		int n = pcap_dispatch(p, -1, on_seq, (u_char *)&s);

		CHECK(n >= 0, "dispatch: %s", pcap_geterr(p));
		idle = n == 0 ? idle + 1 : 0;
	}
	return s;
}

/* pcap_inject sends on the device (the peer gets it; like libpcap, the
 * handle does not see its own sends); pcap_setdirection keeps what was
 * asked for: OUT only what leaves, IN only what arrives. */
static void inject_and_direction(void)
{
	pcap_t *p = lab_open(LAB_CAP, 262144, 20, 0, 0);
	pcap_t *q = lab_open(LAB_GEN, 262144, 20, 0, 0);
	int in_fd = lab_sender(NULL), out_fd = lab_sender(LAB_CAP);
	uint8_t frame[128];
	size_t len;
	struct seqs s;

	CHECK(pcap_setdirection(p, PCAP_D_OUT) == 0, "setdirection OUT: %s", pcap_geterr(p));
	len = lab_udp_frame(frame, 100, 1, 2, 100, 0, NULL, NULL);
	lab_send(in_fd, frame, len);
	len = lab_udp_frame(frame, 100, 1, 2, 300, 0, NULL, NULL);
	lab_send(out_fd, frame, len);
	len = lab_udp_frame(frame, 100, 1, 2, 200, 0, NULL, NULL);
	CHECK(pcap_inject(p, frame, len) == (int)len, "pcap_inject: %s", pcap_geterr(p));
	s = drain_seqs(p);
	CHECK(s.n == 1 && s.seq[0] == 300, "direction OUT saw %d packets (first %lld)",
	      s.n, s.n ? (long long)s.seq[0] : -1LL);
	s = drain_seqs(q);
	CHECK(s.n == 3 && s.seq[1] == 300 && s.seq[2] == 200,
	      "the peer saw %d packets, not the injected one last", s.n);

	CHECK(pcap_setdirection(p, PCAP_D_IN) == 0, "setdirection IN: %s", pcap_geterr(p));
	len = lab_udp_frame(frame, 100, 1, 2, 201, 0, NULL, NULL);
	CHECK(pcap_sendpacket(p, frame, (int)len) == 0, "pcap_sendpacket: %s", pcap_geterr(p));
	len = lab_udp_frame(frame, 100, 1, 2, 301, 0, NULL, NULL);
	lab_send(out_fd, frame, len);
	len = lab_udp_frame(frame, 100, 1, 2, 101, 0, NULL, NULL);
	lab_send(in_fd, frame, len);
	s = drain_seqs(p);
	CHECK(s.n == 1 && s.seq[0] == 101, "direction IN saw %d packets (first %lld)",
	      s.n, s.n ? (long long)s.seq[0] : -1LL);
	s = drain_seqs(q);
	CHECK(s.n == 3 && s.seq[0] == 201, "the peer saw %d packets after sendpacket", s.n);
	printf("pcap_inject, pcap_sendpacket and pcap_setdirection IN/OUT: ok\n");
	close(in_fd);
	close(out_fd);
	pcap_close(q);
	pcap_close(p);
}

/* Link types and time stamp types as libpcap lists them for Ethernet. */
static void lists(void)
{
	pcap_t *p = lab_open(LAB_CAP, 262144, 20, 0, 0);
	int *l, n;

	n = pcap_list_datalinks(p, &l);
	CHECK(n == 2 && l[0] == DLT_EN10MB && l[1] == DLT_DOCSIS, "datalinks: %d", n);
	pcap_free_datalinks(l);
	CHECK(pcap_set_datalink(p, DLT_DOCSIS) == 0 && pcap_datalink(p) == DLT_DOCSIS,
	      "set_datalink DOCSIS: %s", pcap_geterr(p));
	CHECK(pcap_set_datalink(p, DLT_LINUX_SLL) == PCAP_ERROR, "SLL accepted on Ethernet");
	n = pcap_list_tstamp_types(p, &l);
	CHECK(n == 1 && l[0] == PCAP_TSTAMP_HOST, "tstamp types: %d", n);
	pcap_free_tstamp_types(l);
	CHECK(pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_MICRO, "precision");
	pcap_close(p);

	/* Monitor mode: not on veth; adapter time stamps: a warning. */
	{
		char err[PCAP_ERRBUF_SIZE];

		p = pcap_create(LAB_CAP, err);
		CHECK(pcap_can_set_rfmon(p) == 0, "can_set_rfmon on veth");
		CHECK(pcap_set_tstamp_type(p, PCAP_TSTAMP_ADAPTER) == PCAP_WARNING_TSTAMP_TYPE_NOTSUP,
		      "adapter time stamps on veth");
		pcap_set_rfmon(p, 1);
		CHECK(pcap_activate(p) == PCAP_ERROR_RFMON_NOTSUP, "rfmon on veth");
		pcap_close(p);
	}
	/* Promiscuous on veth: the device's own drops (none) in ps_ifdrop. */
	{
		char err[PCAP_ERRBUF_SIZE];
		struct pcap_stat st;

		p = pcap_create(LAB_CAP, err);
		pcap_set_promisc(p, 1);
		CHECK(pcap_activate(p) == 0, "promiscuous: %s", pcap_geterr(p));
		CHECK(pcap_stats(p, &st) == 0 && st.ps_ifdrop == 0, "promiscuous stats");
		pcap_close(p);
	}
	/* Promiscuous "any": libpcap 1.10 succeeds and leaves a sentence. */
	{
		char err[PCAP_ERRBUF_SIZE];

		p = pcap_create("any", err);
		pcap_set_promisc(p, 1);
		CHECK(pcap_activate(p) == 0, "promiscuous any: %s", pcap_geterr(p));
		CHECK(strstr(pcap_geterr(p), "Promiscuous mode not supported") != NULL,
		      "promiscuous any: \"%s\"", pcap_geterr(p));
		pcap_close(p);
	}
	printf("datalink and time stamp lists, rfmon, promiscuous any: ok\n");
}

/* A tiny pcap_set_buffer_size still activates; PFQ's PCAP_CAPLEN sets
 * the snapshot length. */
static void small_buffer_and_caplen(void)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_create(LAB_CAP, err);
	struct pcap_pkthdr *h;
	const u_char *d;
	uint8_t frame[600];
	int fd = lab_sender(NULL), rc;
	size_t len;

	pcap_set_buffer_size(p, 1024);
	pcap_set_timeout(p, 100);
	CHECK(pcap_activate(p) == 0, "1 KiB buffer: %s", pcap_geterr(p));
	len = lab_udp_frame(frame, 500, 1, 2, 3, 0, NULL, NULL);
	lab_send(fd, frame, len);
	rc = pcap_next_ex(p, &h, &d);
	CHECK(rc == 1 && h->caplen == len, "1 KiB buffer: rc %d", rc);
	pcap_close(p);
	p = lab_open("classic:" LAB_CAP ",ring=1", 262144, 100, 0, 0);
	lab_send(fd, frame, len);
	rc = pcap_next_ex(p, &h, &d);
	CHECK(rc == 1 && h->caplen == len, "ring=1: rc %d", rc);
	pcap_close(p);

	setenv("PCAP_CAPLEN", "64", 1);
	p = lab_open(LAB_CAP, 262144, 100, 1, 0);
	unsetenv("PCAP_CAPLEN");
	CHECK(pcap_snapshot(p) == 64, "PCAP_CAPLEN=64: snapshot %d", pcap_snapshot(p));
	len = lab_udp_frame(frame, 500, 1, 2, 3, 0, NULL, NULL);
	lab_send(fd, frame, len);
	rc = pcap_next_ex(p, &h, &d);
	CHECK(rc == 1 && h->caplen == 64 && h->len == len && memcmp(d, frame, 64) == 0,
	      "PCAP_CAPLEN=64: rc %d caplen %u len %u", rc, rc == 1 ? h->caplen : 0,
	      rc == 1 ? h->len : 0);
	printf("1 KiB buffer activates; PCAP_CAPLEN=64 gives caplen 64: ok\n");
	close(fd);
	pcap_close(p);
}

/* pcap_set_protocol_linux: the sockets only take that EtherType. */
static void protocol_linux(void)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_create(LAB_CAP ",members=2", err);
	struct seqs s;
	uint8_t frame[128];
	int fd = lab_sender(NULL);
	size_t len;

	pcap_set_timeout(p, 20);
	CHECK(pcap_set_protocol_linux(p, 0x0800) == 0, "set_protocol_linux");
	CHECK(pcap_activate(p) == 0, "activate: %s", pcap_geterr(p));
	len = lab_udp_frame(frame, 100, 1, 2, 7, 0, NULL, NULL);
	lab_send(fd, frame, len);
	/* The same kind of frame under a local experimental EtherType. */
	lab_udp_frame(frame, 100, 1, 2, 8, 0, NULL, NULL);
	frame[12] = 0x88;
	frame[13] = 0xb5;
	lab_send(fd, frame, len);
	s = drain_seqs(p);
	CHECK(s.n == 1 && s.seq[0] == 7, "protocol 0x0800 saw %d frames", s.n);
	printf("pcap_set_protocol_linux(ETH_P_IP): only IPv4 captured: ok\n");
	close(fd);
	pcap_close(p);
}

/* Without CAP_NET_RAW: libpcap's code and words. */
static void permission_denied(void)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		char err[PCAP_ERRBUF_SIZE];
		pcap_t *p;
		int rc;

		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(77);
		p = pcap_create(LAB_CAP, err);
		rc = pcap_activate(p);
		printf("unprivileged activate: %d \"%s\"\n", rc, pcap_geterr(p));
		fflush(stdout);
		_exit(rc == PCAP_ERROR_PERM_DENIED &&
		      strstr(pcap_geterr(p), "You don't have permission") ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 77),
	      "unprivileged activation did not give PCAP_ERROR_PERM_DENIED");
}

static void count_cb(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
	(void)h; (void)d;
	(*(unsigned *)user)++;
}

/* A ring far too small for what arrives: pcap_stats still adds up
 * (captured + ps_drop = ps_recv = sent), and never goes backwards. */
static void stats_add_up_with_drops(void)
{
	pcap_t *p = lab_open("classic:" LAB_CAP ",ring=1", 262144, 20, 0, 0);
	struct pcap_stat st, st2;
	unsigned captured = 0;
	uint8_t frame[1514];
	int fd = lab_sender(NULL), n = 3000;
	size_t len = lab_udp_frame(frame, 1514, 1, 2, 3, 0, NULL, NULL);

	for (int i = 0; i < n; i++)
		lab_send(fd, frame, len);
	CHECK(pcap_stats(p, &st) == 0, "stats: %s", pcap_geterr(p));
	for (int idle = 0; idle < 4;) {
		int got = pcap_dispatch(p, -1, count_cb, (u_char *)&captured);

		CHECK(got >= 0, "dispatch: %s", pcap_geterr(p));
		idle = got == 0 ? idle + 1 : 0;
	}
	CHECK(pcap_stats(p, &st2) == 0, "stats: %s", pcap_geterr(p));
	printf("1 MiB ring, %d frames of %zu bytes unread: captured %u, ps_recv %u, ps_drop %u\n",
	       n, len, captured, st2.ps_recv, st2.ps_drop);
	CHECK(st2.ps_recv >= st.ps_recv && st2.ps_drop >= st.ps_drop,
	      "counters went backwards: %u/%u then %u/%u", st.ps_recv, st.ps_drop,
	      st2.ps_recv, st2.ps_drop);
	CHECK(st2.ps_drop > 0, "no drops in a 1 MiB ring for %d frames", n);
	CHECK(st2.ps_recv == (unsigned)n && captured + st2.ps_drop == st2.ps_recv,
	      "captured %u + dropped %u != received %u (sent %d)", captured,
	      st2.ps_drop, st2.ps_recv, n);
	close(fd);
	pcap_close(p);
}

int main(void)
{
	static const char *const names[] = {
		LAB_CAP, "ring:" LAB_CAP, "pfq:" LAB_CAP, "classic:" LAB_CAP,
		LAB_CAP "@1", LAB_CAP "@0-1", "ring:" LAB_CAP "@0-3,members=4",
		LAB_CAP ",members=3,order=strict",
	};

	alarm(60);	/* a hang must fail the test, not hang make check */
	lab_setup(4);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		capture_all(names[i], 0);
	capture_all(LAB_CAP, 1);
	capture_all("classic:" LAB_CAP, 1);
	capture_all(LAB_CAP ",members=2", 1);
	use_immediate = 1;	/* small blocks: still every byte */
	capture_all(LAB_CAP, 1);
	capture_all("classic:" LAB_CAP, 1);
	use_immediate = 0;
	immediate_latency(LAB_CAP);
	immediate_latency("classic:" LAB_CAP);
	immediate_latency(LAB_CAP ",members=2");
	inject_and_direction();
	lists();
	small_buffer_and_caplen();
	protocol_linux();
	stats_add_up_with_drops();
	permission_denied();
	return 0;
}
