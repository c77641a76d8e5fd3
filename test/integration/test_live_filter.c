/*
 * The kernel filter: a filter that matches 1% of the traffic lets user
 * space see exactly those packets and the kernel count only those
 * (ps_recv), so it ran in the kernel; packets queued under the old filter
 * are flushed by a new one; a program the kernel refuses still filters
 * (in user space); the filter's return value is the snapshot length;
 * cooked captures on "any" (SLL and SLL2) get their filter rewritten for
 * the kernel. Plus pcap_compile's own output where the compiler handles it.
 */
#include "live_lab.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The compiler is another module: use it where it is linked in (the
 * build pulls it in with -u; without it these stay NULL). */
extern __typeof__(pcap_compile) pcap_compile __attribute__((weak));
extern __typeof__(pcap_freecode) pcap_freecode __attribute__((weak));

#define NFRAMES		3000
#define MATCH_PORT	5001
#define EVERY		100	/* 1% of the frames go to MATCH_PORT */

/* "udp dst port 5001" for IPv4 behind a link header of hl bytes whose
 * last two bytes are the protocol; accepts snap bytes. */
static int udp_port_prog(struct bpf_insn *f, unsigned hl, unsigned snap)
{
	struct bpf_insn prog[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, hl - 2),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0800, 0, 8),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, hl + 9),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 17, 0, 6),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, hl + 6),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 4, 0),
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, hl),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, hl + 2),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MATCH_PORT, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, snap),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	memcpy(f, prog, sizeof(prog));
	return (int)(sizeof(prog) / sizeof(prog[0]));
}

struct tally {
	int match, other, bad_len;
	unsigned hl;		/* link header length */
	unsigned want_caplen;	/* 0: whole frame */
	int check_sll;		/* 1: SLL, 2: SLL2 */
	int ifindex;
};

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
	struct tally *t = (struct tally *)user;
	uint16_t dport;

	if (h->caplen < t->hl + 24) {
		t->other++;
		return;
	}
	memcpy(&dport, d + t->hl + 22, 2);
	if (ntohs(dport) == MATCH_PORT)
		t->match++;
	else
		t->other++;
	if (t->want_caplen && h->caplen != t->want_caplen)
		t->bad_len++;
	if (t->check_sll == 1 && (d[1] != PACKET_OTHERHOST || d[14] != 8 || d[15] != 0))
		t->bad_len++;
	if (t->check_sll == 2) {
		uint32_t idx;

		memcpy(&idx, d + 4, 4);
		if (d[0] != 8 || d[1] != 0 || (int)ntohl(idx) != t->ifindex ||
		    d[10] != PACKET_OTHERHOST)
			t->bad_len++;
	}
}

static void send_frames(int fd, int n, int every)
{
	uint8_t frame[256];

	for (int i = 0; i < n; i++) {
		uint16_t port = every && i % every == 0 ? MATCH_PORT : 5000;
		size_t len = lab_udp_frame(frame, 200, (uint16_t)(1024 + i % 4000),
					   port, (uint32_t)i, 0, NULL, NULL);

		lab_send(fd, frame, len);
	}
}

static void drain(pcap_t *p, struct tally *t, int want)
{
	int idle = 0;

	while (idle < 6) {
		int n = pcap_dispatch(p, -1, on_packet, (u_char *)t);

		CHECK(n >= 0, "pcap_dispatch: %s", pcap_geterr(p));
		idle = n == 0 || t->match >= want ? idle + 1 : 0;
	}
}

static void set_prog(pcap_t *p, struct bpf_insn *insns, int len)
{
	struct bpf_program prog = { .bf_len = (u_int)len, .bf_insns = insns };

	CHECK(pcap_setfilter(p, &prog) == 0, "pcap_setfilter: %s", pcap_geterr(p));
}

static void test_one_percent_in_kernel(const char *name)
{
	pcap_t *p = lab_open(name, 262144, 20, 0, 0);
	struct bpf_insn f[16];
	struct tally t = { .hl = 14 };
	struct pcap_stat st;
	int fd = lab_sender(NULL);

	set_prog(p, f, udp_port_prog(f, 14, 262144));
	send_frames(fd, NFRAMES, EVERY);
	drain(p, &t, NFRAMES / EVERY);
	CHECK(pcap_stats(p, &st) == 0, "stats: %s", pcap_geterr(p));
	printf("%-28s 1%% filter: user space saw %d matching, %d others; ps_recv %u ps_drop %u (sent %d)\n",
	       name, t.match, t.other, st.ps_recv, st.ps_drop, NFRAMES);
	CHECK(t.match == NFRAMES / EVERY && t.other == 0, "%s: %d matching, %d others",
	      name, t.match, t.other);
	CHECK(st.ps_recv == NFRAMES / EVERY, "%s: the kernel let %u packets through, not %d",
	      name, st.ps_recv, NFRAMES / EVERY);
	close(fd);
	pcap_close(p);
}

/* settle_us: 0 leaves the old packets in the block the kernel is still
 * filling; longer than the block timeout, in blocks handed up unread. */
static void test_old_packets_flushed(int settle_us)
{
	pcap_t *p = lab_open(LAB_CAP ",members=2", 262144, 20, 0, 0);
	struct bpf_insn f[16];
	struct tally t = { .hl = 14 };
	int fd = lab_sender(NULL);

	/* Queued under the accept-all filter, not read yet. */
	send_frames(fd, 300, 0);
	usleep((useconds_t)settle_us);
	set_prog(p, f, udp_port_prog(f, 14, 262144));
	send_frames(fd, 1000, EVERY);
	drain(p, &t, 10);
	printf("filter change after %d us: %d matching, %d queued before it leaked through\n",
	       settle_us, t.match, t.other);
	CHECK(t.match == 10 && t.other == 0, "after setfilter: %d matching, %d others",
	      t.match, t.other);
	close(fd);
	pcap_close(p);
}

static void test_refused_program_filters_in_user_space(void)
{
	static struct bpf_insn f[4200];
	pcap_t *p = lab_open(LAB_CAP, 262144, 20, 0, 0);
	struct tally t = { .hl = 14 };
	struct pcap_stat st;
	int fd = lab_sender(NULL), pad = 4100, n;

	/* Longer than the kernel's BPF_MAXINSNS (4096): it says EINVAL. */
	for (int i = 0; i < pad; i++)
		f[i] = (struct bpf_insn)BPF_STMT(BPF_LD | BPF_IMM, 0);
	n = udp_port_prog(f + pad, 14, 262144);
	set_prog(p, f, pad + n);
	send_frames(fd, 1000, EVERY);
	drain(p, &t, 10);
	CHECK(pcap_stats(p, &st) == 0, "stats");
	printf("program of %d instructions: %d matching, %d others, ps_recv %u (filtered in user space)\n",
	       pad + n, t.match, t.other, st.ps_recv);
	CHECK(t.match == 10 && t.other == 0, "user-space filter: %d matching, %d others",
	      t.match, t.other);
	close(fd);
	pcap_close(p);
}

static void test_return_value_is_snaplen(void)
{
	pcap_t *p = lab_open("classic:" LAB_CAP, 262144, 20, 0, 0);
	struct bpf_insn f[16];
	struct tally t = { .hl = 14, .want_caplen = 64 };
	int fd = lab_sender(NULL);

	set_prog(p, f, udp_port_prog(f, 14, 64));
	send_frames(fd, 500, EVERY);
	drain(p, &t, 5);
	CHECK(t.match == 5 && t.other == 0 && t.bad_len == 0,
	      "snaplen 64 filter: %d matching, %d others, %d with caplen != 64",
	      t.match, t.other, t.bad_len);
	printf("filter returning 64: caplen 64 on every packet\n");
	close(fd);
	pcap_close(p);
}

static void test_cooked_any(int dlt)
{
	pcap_t *p = lab_open("any", 262144, 20, 0, 0);
	struct bpf_insn f[16];
	unsigned hl = dlt == DLT_LINUX_SLL2 ? 20 : 16;
	struct tally t = { .hl = hl, .check_sll = dlt == DLT_LINUX_SLL2 ? 2 : 1 };
	struct pcap_stat st;
	int fd = lab_sender(NULL), *dlts, ndlt;

	t.ifindex = (int)if_nametoindex(LAB_CAP);
	ndlt = pcap_list_datalinks(p, &dlts);
	CHECK(ndlt == 2 && dlts[0] == DLT_LINUX_SLL && dlts[1] == DLT_LINUX_SLL2,
	      "any: datalinks %d", ndlt);
	pcap_free_datalinks(dlts);
	CHECK(pcap_set_datalink(p, dlt) == 0, "set_datalink %d: %s", dlt, pcap_geterr(p));
	CHECK(pcap_datalink(p) == dlt, "datalink is %d", pcap_datalink(p));
	/* SLL2's protocol is its first field: build the program by hand. */
	if (dlt == DLT_LINUX_SLL2) {
		udp_port_prog(f, hl, 262144);
		f[0].k = 0;
	} else {
		udp_port_prog(f, hl, 262144);
	}
	set_prog(p, f, 11);
	/* Each frame leaves mqlvgen and enters mqlvcap: keep the incoming. */
	CHECK(pcap_setdirection(p, PCAP_D_IN) == 0, "setdirection: %s", pcap_geterr(p));
	send_frames(fd, 1000, EVERY);
	drain(p, &t, 10);
	CHECK(pcap_stats(p, &st) == 0, "stats");
	printf("any, %s: %d matching, %d others, %d bad headers, ps_recv %u\n",
	       pcap_datalink_val_to_name(dlt), t.match, t.other, t.bad_len, st.ps_recv);
	CHECK(t.match == 10 && t.other == 0 && t.bad_len == 0,
	      "any %d: %d matching, %d others, %d bad headers", dlt, t.match, t.other, t.bad_len);
	/* In the kernel: only the matching copies (in and out) passed. */
	CHECK(st.ps_recv <= 20, "any: the kernel passed %u packets", st.ps_recv);
	close(fd);
	pcap_close(p);
}

/* The project's compiler, where it can compile the expression already. */
static void test_compiled(const char *expr, int nmatch_per_1000)
{
	pcap_t *p = lab_open(LAB_CAP ",members=2", 262144, 20, 0, 0);
	struct bpf_program prog;
	struct tally t = { .hl = 14 };
	int fd = lab_sender(NULL);

	if (!pcap_compile || !pcap_freecode) {
		printf("pcap_compile is not in the library yet (part skipped)\n");
		close(fd);
		pcap_close(p);
		return;
	}
	if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		printf("pcap_compile(\"%s\") not available yet: %s (part skipped)\n",
		       expr, pcap_geterr(p));
		close(fd);
		pcap_close(p);
		return;
	}
	CHECK(pcap_setfilter(p, &prog) == 0, "setfilter: %s", pcap_geterr(p));
	pcap_freecode(&prog);
	send_frames(fd, 1000, EVERY);
	drain(p, &t, nmatch_per_1000);
	printf("pcap_compile(\"%s\"): %d matching, %d others\n", expr, t.match, t.other);
	CHECK(t.match == nmatch_per_1000 && t.other == 0, "\"%s\": %d matching, %d others",
	      expr, t.match, t.other);
	close(fd);
	pcap_close(p);
}

struct vlan_tally {
	int match, other;
};

static void on_vlan(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
	struct vlan_tally *t = (struct vlan_tally *)user;
	int64_t seq = lab_frame_seq(d, h->caplen);

	/* Wanted: the tag back in the bytes, VLAN 100, one of ours. */
	if (h->caplen > 16 && d[12] == 0x81 && d[13] == 0 && (d[14] & 0x0f) == 0 &&
	    d[15] == 100 && seq >= 0 && seq % EVERY == 0)
		t->match++;
	else
		t->other++;
}

/* "vlan 100": the compiler's kernel program uses the VLAN ancillary data
 * (the kernel stripped the tag), user space sees the tag re-inserted. */
static void test_compiled_vlan(void)
{
	static const uint16_t tpid[] = { 0x8100 }, tci100[] = { 100 }, tci200[] = { 200 };
	const char *expr = "vlan 100 and udp";
	pcap_t *p = lab_open(LAB_CAP, 262144, 20, 0, 0);
	struct bpf_program prog;
	struct vlan_tally t = { 0, 0 };
	uint8_t frame[256];
	int fd = lab_sender(NULL);

	if (!pcap_compile || pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		printf("pcap_compile(\"%s\") not available yet (part skipped)\n", expr);
		close(fd);
		pcap_close(p);
		return;
	}
	CHECK(pcap_setfilter(p, &prog) == 0, "setfilter: %s", pcap_geterr(p));
	pcap_freecode(&prog);
	for (int i = 0; i < 1000; i++) {
		int tagged = i % EVERY == 0 || i % 7 == 0;
		size_t len = lab_udp_frame(frame, 120, 1000, 5000, (uint32_t)i, tagged,
					   tpid, i % EVERY == 0 ? tci100 : tci200);

		lab_send(fd, frame, len);
	}
	for (int idle = 0; idle < 6;) {
		int n = pcap_dispatch(p, -1, on_vlan, (u_char *)&t);

		CHECK(n >= 0, "dispatch: %s", pcap_geterr(p));
		idle = n == 0 ? idle + 1 : 0;
	}
	printf("pcap_compile(\"%s\"): %d tagged VLAN 100 frames, %d others\n", expr,
	       t.match, t.other);
	CHECK(t.match == 10 && t.other == 0, "\"%s\": %d matching, %d others", expr,
	      t.match, t.other);
	close(fd);
	pcap_close(p);
}

int main(void)
{
	alarm(60);	/* a hang must fail the test, not hang make check */
	lab_setup(2);
	test_one_percent_in_kernel(LAB_CAP);
	test_one_percent_in_kernel("classic:" LAB_CAP);
	test_one_percent_in_kernel(LAB_CAP ",members=2");
	test_old_packets_flushed(50000);
	test_old_packets_flushed(0);
	test_refused_program_filters_in_user_space();
	test_return_value_is_snaplen();
	test_cooked_any(DLT_LINUX_SLL);
	test_cooked_any(DLT_LINUX_SLL2);
	test_compiled("udp dst port 5001", 10);
	test_compiled_vlan();
	return 0;
}
