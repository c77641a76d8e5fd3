/*
 * group=ID across processes: two processes that name the same group
 * receive disjoint sets of packets whose union is everything sent, and
 * their pcap_stats add up to it; with fanout=symhash both directions of
 * every TCP connection land in the same process.
 */
#include "live_lab.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXSEQ	4096

struct result {
	uint8_t seen[MAXSEQ];
	int count;
	int dup;
	unsigned ps_recv;
	unsigned ps_drop;
};

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
	struct result *r = (struct result *)user;
	int64_t seq = lab_frame_seq(d, h->caplen);

	if (seq < 0 || seq >= MAXSEQ)
		return;
	if (r->seen[seq]++)
		r->dup++;
	else
		r->count++;
}

/* A member process: capture until the parent closes the stop pipe. */
static void member(const char *name, int ready_fd, int stop_fd, int result_fd)
{
	static struct result r;
	pcap_t *p = lab_open(name, 262144, 20, 0, 0);
	struct pcap_stat st;
	char c = 'R';
	int idle = 0, stopping = 0;

	if (write(ready_fd, &c, 1) != 1)
		_exit(2);
	fcntl(stop_fd, F_SETFL, O_NONBLOCK);
	while (!stopping || idle < 5) {
		int n = pcap_dispatch(p, -1, on_packet, (u_char *)&r);

		if (n < 0)
			_exit(3);
		idle = n == 0 ? idle + 1 : 0;
		if (!stopping && read(stop_fd, &c, 1) == 0)
			stopping = 1;
	}
	if (pcap_stats(p, &st) == 0) {
		r.ps_recv = st.ps_recv;
		r.ps_drop = st.ps_drop;
	}
	if (write(result_fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(4);
	pcap_close(p);
	_exit(0);
}

typedef void (*sender_fn)(int fd);

static void read_all(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n <= 0)
			FAIL("child result pipe: short read");
		got += (size_t)n;
	}
}

/* Run two member processes on name, send, and collect what each saw. */
static void run_pair(const char *name, sender_fn send_fn, struct result *res)
{
	int ready[2], stop[2], out[2][2];
	pid_t pid[2];
	char c;

	CHECK(pipe(ready) == 0 && pipe(stop) == 0, "pipe");
	for (int i = 0; i < 2; i++) {
		CHECK(pipe(out[i]) == 0, "pipe");
		pid[i] = fork();
		CHECK(pid[i] >= 0, "fork");
		if (pid[i] == 0) {
			close(stop[1]);
			member(name, ready[1], stop[0], out[i][1]);
		}
		close(out[i][1]);
	}
	close(stop[0]);
	close(ready[1]);
	for (int i = 0; i < 2; i++)
		CHECK(read(ready[0], &c, 1) == 1, "a member process failed to start");
	{
		int fd = lab_sender(NULL);

		send_fn(fd);
		close(fd);
	}
	usleep(100000);
	close(stop[1]);
	for (int i = 0; i < 2; i++) {
		int status;

		read_all(out[i][0], &res[i], sizeof(res[i]));
		close(out[i][0]);
		waitpid(pid[i], &status, 0);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "member process %d failed (status %d)", i, status);
	}
	close(ready[0]);
}

#define NSPLIT	2000

static void send_split(int fd)
{
	uint8_t frame[128];

	for (int i = 0; i < NSPLIT; i++) {
		size_t len = lab_udp_frame(frame, 100, (uint16_t)(1024 + i * 7),
					   (uint16_t)(5000 + i % 13), (uint32_t)i,
					   0, NULL, NULL);

		lab_send(fd, frame, len);
	}
}

/* both: the mode spreads one sender's flows over both processes (cpu,
 * qm and rollover may rightly give everything to one). */
static void test_split_mode(const char *name, int both_get_some)
{
	static struct result r[2];
	int both = 0, none = 0;

	memset(r, 0, sizeof(r));
	run_pair(name, send_split, r);
	for (int s = 0; s < NSPLIT; s++) {
		both += r[0].seen[s] && r[1].seen[s];
		none += !r[0].seen[s] && !r[1].seen[s];
	}
	printf("%-34s process A %d, B %d, in both %d, in neither %d, dup %d/%d; ps_recv %u + %u\n",
	       name, r[0].count, r[1].count, both, none, r[0].dup, r[1].dup,
	       r[0].ps_recv, r[1].ps_recv);
	CHECK(both == 0 && none == 0, "%s: %d packets in both, %d in neither", name, both, none);
	CHECK(r[0].dup == 0 && r[1].dup == 0, "%s: duplicates", name);
	CHECK(!both_get_some || (r[0].count > 0 && r[1].count > 0),
	      "%s: no split (%d / %d)", name, r[0].count, r[1].count);
	CHECK(r[0].ps_recv + r[1].ps_recv == NSPLIT && r[0].ps_drop + r[1].ps_drop == 0,
	      "%s: ps_recv %u + %u, ps_drop %u + %u, sent %d", name, r[0].ps_recv,
	      r[1].ps_recv, r[0].ps_drop, r[1].ps_drop, NSPLIT);
}

static void test_split(const char *name)
{
	test_split_mode(name, 1);
}

#define NFLOWS	64
#define PERDIR	10

/* Connection f: 10.77.1.f:(2000+f) <-> 10.77.2.(f*7):(80+f%5), both ways;
 * seq = f*64 + dir*32 + k. */
static void send_flows(int fd)
{
	uint8_t frame[128];

	for (int k = 0; k < PERDIR; k++) {
		for (int f = 0; f < NFLOWS; f++) {
			uint32_t a = 0x0a4d0100u + (uint32_t)f, b = 0x0a4d0200u + (uint32_t)(f * 7 % 256);
			uint16_t pa = (uint16_t)(2000 + f), pb = (uint16_t)(80 + f % 5);
			size_t len;

			len = lab_ip_frame(frame, 100, a, b, 6, pa, pb, (uint32_t)(f * 64 + k));
			lab_send(fd, frame, len);
			len = lab_ip_frame(frame, 100, b, a, 6, pb, pa, (uint32_t)(f * 64 + 32 + k));
			lab_send(fd, frame, len);
		}
	}
}

static void test_symmetric(const char *name)
{
	static struct result r[2];
	int split_flows = 0, flows_in[2] = { 0, 0 }, total = 0;

	memset(r, 0, sizeof(r));
	run_pair(name, send_flows, r);
	for (int f = 0; f < NFLOWS; f++) {
		int in[2] = { 0, 0 };

		for (int i = 0; i < 2; i++)
			for (int dir = 0; dir < 2; dir++)
				for (int k = 0; k < PERDIR; k++)
					in[i] += r[i].seen[f * 64 + dir * 32 + k] != 0;
		total += in[0] + in[1];
		if (in[0] && in[1])
			split_flows++;
		flows_in[0] += in[0] == 2 * PERDIR;
		flows_in[1] += in[1] == 2 * PERDIR;
	}
	printf("%-34s %d connections: %d whole in A, %d whole in B, %d split; %d/%d packets\n",
	       name, NFLOWS, flows_in[0], flows_in[1], split_flows, total,
	       NFLOWS * 2 * PERDIR);
	CHECK(total == NFLOWS * 2 * PERDIR, "%s: %d of %d packets", name, total,
	      NFLOWS * 2 * PERDIR);
	CHECK(split_flows == 0, "%s: %d connections split between processes", name,
	      split_flows);
	CHECK(flows_in[0] > 0 && flows_in[1] > 0, "%s: all connections in one process", name);
}

int main(void)
{
	alarm(60);	/* a hung member must not hang make check */
	lab_setup(2);
	test_split(LAB_CAP ",group=7");
	test_split("ring:" LAB_CAP ",group=7,members=2");
	test_split(LAB_CAP ",group=8,fanout=lb");
	test_split("classic:" LAB_CAP ",group=15");
	test_split_mode(LAB_CAP ",group=10,fanout=cpu", 0);
	test_split_mode(LAB_CAP ",group=11,fanout=qm", 0);
	test_split_mode(LAB_CAP ",group=12,fanout=rollover", 0);
	/* The same group through the environment, as LD_PRELOAD users set it. */
	setenv("MQPCAP_OPTIONS", "group=13", 1);
	test_split(LAB_CAP);
	unsetenv("MQPCAP_OPTIONS");
	setenv("PCAP_GROUP", "14", 1);
	setenv("PCAP_FANOUT", "lb", 1);
	test_split(LAB_CAP);
	unsetenv("PCAP_GROUP");
	unsetenv("PCAP_FANOUT");
	test_symmetric(LAB_CAP ",group=7,fanout=symhash");
	test_symmetric(LAB_CAP ",group=9,fanout=symhash,members=2");
	return 0;
}
