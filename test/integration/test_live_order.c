/*
 * Order across members: with order=strict, time stamps never go
 * backwards, even while packets of interleaved flows keep landing on
 * different members whose blocks retire at different times; every
 * packet still arrives. order=loose is measured and printed, not judged.
 */
#include "live_lab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NFRAMES	3000

struct order {
	uint64_t last_ts;
	int backwards;
	int count;
	uint8_t seen[NFRAMES];
};

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
	struct order *o = (struct order *)user;
	uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
	int64_t seq = lab_frame_seq(d, h->caplen);

	if (seq < 0 || seq >= NFRAMES || o->seen[seq]++)
		return;
	o->count++;
	if (ts < o->last_ts)
		o->backwards++;
	else
		o->last_ts = ts;
}

/* A child sends while the parent reads: flows spread over the members
 * and blocks fill and retire while the reader is looking. */
static void sender(void)
{
	int fd = lab_sender(NULL);
	uint8_t frame[128];

	for (int i = 0; i < NFRAMES; i++) {
		size_t len = lab_udp_frame(frame, 100, (uint16_t)(1024 + i % 61), 5000,
					   (uint32_t)i, 0, NULL, NULL);

		lab_send(fd, frame, len);
		if (i % 20 == 19)
			usleep(200);
	}
	_exit(0);
}

static struct order run(const char *name)
{
	static struct order o;
	pcap_t *p = lab_open(name, 262144, 5, 0, 1);
	int idle = 0, status = 0, done;
	pid_t pid;

	memset(&o, 0, sizeof(o));
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0)
		sender();
	/* Read until everything came, or the sender is done and nothing
	 * more arrives (a slow machine may pause the sender for a while). */
	for (done = 0; o.count < NFRAMES && (!done || idle < 50);) {
		int n = pcap_dispatch(p, -1, on_packet, (u_char *)&o);

		CHECK(n >= 0, "%s: dispatch: %s", name, pcap_geterr(p));
		idle = n == 0 ? idle + 1 : 0;
		if (!done && waitpid(pid, &status, WNOHANG) == pid)
			done = 1;
	}
	if (!done)
		waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "sender failed");
	printf("%-36s %d/%d packets, time stamp went backwards %d times\n",
	       name, o.count, NFRAMES, o.backwards);
	pcap_close(p);
	return o;
}

int main(void)
{
	struct order o;

	alarm(60);	/* a hang must fail the test, not hang make check */
	lab_setup(2);
	run(LAB_CAP ",members=2,order=loose");
	o = run(LAB_CAP ",members=2,order=strict");
	CHECK(o.count == NFRAMES, "strict: %d of %d packets", o.count, NFRAMES);
	CHECK(o.backwards == 0, "strict: time stamps went backwards %d times", o.backwards);
	o = run("classic:" LAB_CAP ",order=strict");
	CHECK(o.count == NFRAMES && o.backwards == 0, "strict classic: %d packets, %d backwards",
	      o.count, o.backwards);
	o = run(LAB_CAP ",members=4,order=strict,fanout=lb");
	CHECK(o.count == NFRAMES, "strict lb: %d of %d packets", o.count, NFRAMES);
	CHECK(o.backwards == 0, "strict lb: time stamps went backwards %d times", o.backwards);
	return 0;
}
