/*
 * Order across members, while two senders on two CPUs interleave flows
 * that land on different members whose blocks retire at different times:
 * with order=strict, time stamps never go backwards; with order=loose
 * (the default) each batch is in time stamp order and time goes back
 * rarely overall (it went back for about half the packets when loose
 * handed each member's block up as soon as it came); every packet
 * arrives; a reader that holds packets back waits without spinning.
 */
#include "live_lab.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define NFRAMES	3000
#define NSENDERS	2
/* loose: at most this many steps back in time (by more than a hair) in
 * NFRAMES packets. Handing each member's block up as it came made 1100 to
 * 1300 here; waiting for a block about to come makes 0, also with two
 * CPU hogs running. */
#define LOOSE_MAX_BACKWARDS	(NFRAMES / 50)
/* Two CPUs can stamp two packets in one order and write them into one
 * ring in the other: a step back that small is not the merge's doing. */
#define LOOSE_HAIR_NS		200000u

struct order {
	uint64_t last_ts;
	int backwards;
	int count;
	uint64_t batch_last;	/* latest time stamp of this batch; 0: none yet */
	int batch_backwards;	/* steps back within one batch */
	int batches;
	int big_backwards;	/* steps back by more than LOOSE_HAIR_NS */
	uint64_t max_back_ns;	/* the largest step back */
	uint64_t max_batch_back_ns;	/* the largest step back within a batch */
	long cpu_ms;		/* the reader's CPU time, then wall time */
	long wall_ms;
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
	if (ts < o->last_ts) {
		o->backwards++;
		o->big_backwards += o->last_ts - ts > LOOSE_HAIR_NS;
		if (o->last_ts - ts > o->max_back_ns)
			o->max_back_ns = o->last_ts - ts;
	} else {
		o->last_ts = ts;
	}
	if (ts < o->batch_last) {
		o->batch_backwards++;
		if (o->batch_last - ts > o->max_batch_back_ns)
			o->max_batch_back_ns = o->batch_last - ts;
	} else {
		o->batch_last = ts;
	}
}

/* Sender k of NSENDERS, pinned to a CPU of its own where there is one,
 * sends every NSENDERS-th frame while the parent reads: time stamps are
 * taken on two CPUs, flows spread over the members, and blocks fill and
 * retire while the reader is looking. */
static void sender(int k)
{
	int fd = lab_sender(NULL);
	uint8_t frame[128];
	cpu_set_t cpus;

	CPU_ZERO(&cpus);
	CPU_SET(k % (int)sysconf(_SC_NPROCESSORS_ONLN), &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);	/* best effort */
	for (int i = k; i < NFRAMES; i += NSENDERS) {
		size_t len = lab_udp_frame(frame, 100, (uint16_t)(1024 + i % 61), 5000,
					   (uint32_t)i, 0, NULL, NULL);

		lab_send(fd, frame, len);
		if (i / NSENDERS % 20 == 19)
			usleep(400);
	}
	_exit(0);
}

/* CPU time this process has used, in ms: a reader that waits by spinning
 * shows here. */
static long cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000L +
		(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

static struct order run(const char *name)
{
	static struct order o;
	pcap_t *p = lab_open(name, 262144, 5, 0, 1);
	int idle = 0, status, running = NSENDERS, failed = 0;
	pid_t pid;

	memset(&o, 0, sizeof(o));
	o.cpu_ms = cpu_ms();
	o.wall_ms = (long)(lab_now_ns() / 1000000u);
	for (int k = 0; k < NSENDERS; k++) {
		pid = fork();
		CHECK(pid >= 0, "fork");
		if (pid == 0)
			sender(k);
	}
	/* Read until everything came, or the senders are done and nothing
	 * more arrives (a slow machine may pause a sender for a while). */
	while (o.count < NFRAMES && (running > 0 || idle < 50)) {
		int n;

		o.batch_last = 0;
		n = pcap_dispatch(p, -1, on_packet, (u_char *)&o);
		CHECK(n >= 0, "%s: dispatch: %s", name, pcap_geterr(p));
		o.batches += n > 0;
		idle = n == 0 ? idle + 1 : 0;
		while (running > 0 && (pid = waitpid(-1, &status, WNOHANG)) > 0) {
			running--;
			failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
		}
	}
	for (; running > 0; running--) {
		CHECK(wait(&status) > 0, "wait");
		failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	CHECK(!failed, "a sender failed");
	o.cpu_ms = cpu_ms() - o.cpu_ms;
	o.wall_ms = (long)(lab_now_ns() / 1000000u) - o.wall_ms;
	printf("%-40s %d/%d packets in %d batches, time went back %d times"
	       " (%d by > %u us, at most %llu us; %d within a batch, at most %llu us),"
	       " reader CPU %ld of %ld ms\n",
	       name, o.count, NFRAMES, o.batches, o.backwards, o.big_backwards,
	       LOOSE_HAIR_NS / 1000, (unsigned long long)o.max_back_ns / 1000,
	       o.batch_backwards, (unsigned long long)o.max_batch_back_ns / 1000,
	       o.cpu_ms, o.wall_ms);
	pcap_close(p);
	return o;
}

static void check_loose(const char *what, const struct order *o)
{
	CHECK(o->count == NFRAMES, "%s: %d of %d packets", what, o->count, NFRAMES);
	CHECK(o->max_batch_back_ns <= LOOSE_HAIR_NS,
	      "%s: time went back by %llu us within a batch", what,
	      (unsigned long long)o->max_batch_back_ns / 1000);
	CHECK(o->big_backwards <= LOOSE_MAX_BACKWARDS,
	      "%s: time went back by more than %u us %d times, more than %d",
	      what, LOOSE_HAIR_NS / 1000, o->big_backwards, LOOSE_MAX_BACKWARDS);
}

/* Waiting for a member must sleep: well under half the run's time on
 * the CPU (a spinning reader used 54 of 70 ms). */
static void check_sleeps(const char *what, const struct order *o)
{
	CHECK(o->cpu_ms * 2 < o->wall_ms + 20, "%s: the reader used %ld ms of CPU in %ld ms",
	      what, o->cpu_ms, o->wall_ms);
}

int main(void)
{
	struct order o;

	alarm(60);	/* a hang must fail the test, not hang make check */
	lab_setup(2);
	o = run(LAB_CAP ",members=2");
	check_loose("loose", &o);
	check_sleeps("loose", &o);
	o = run(LAB_CAP ",members=4,fanout=lb");
	check_loose("loose lb", &o);
	o = run(LAB_CAP ",members=2,order=strict");
	CHECK(o.count == NFRAMES, "strict: %d of %d packets", o.count, NFRAMES);
	CHECK(o.backwards == 0, "strict: time stamps went backwards %d times", o.backwards);
	check_sleeps("strict", &o);
	o = run("classic:" LAB_CAP ",order=strict");
	CHECK(o.count == NFRAMES && o.backwards == 0, "strict classic: %d packets, %d backwards",
	      o.count, o.backwards);
	o = run(LAB_CAP ",members=4,order=strict,fanout=lb");
	CHECK(o.count == NFRAMES, "strict lb: %d of %d packets", o.count, NFRAMES);
	CHECK(o.backwards == 0, "strict lb: time stamps went backwards %d times", o.backwards);
	return 0;
}
