/*
 * Waiting and waking on a live handle: pcap_breakloop from another thread
 * and from a signal handler while the loop sleeps; a blocking
 * pcap_next_ex returns 0 once the timeout passes on an idle link;
 * nonblocking mode toggled at will; pcap_dispatch/pcap_loop count
 * semantics; the selectable fd wakes when packets arrive; the interface
 * going down or away during capture; bad names fail with a message that
 * names the wrong part.
 */
#include "live_lab.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void count_cb(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
	(void)h; (void)d;
	(*(int *)user)++;
}

static pcap_t *loop_handle;

static void *breaker(void *arg)
{
	(void)arg;
	usleep(200000);
	pcap_breakloop(loop_handle);
	return NULL;
}

static void on_alarm(int sig)
{
	(void)sig;
	pcap_breakloop(loop_handle);
}

static double ms_since(uint64_t t0)
{
	return (double)(lab_now_ns() - t0) / 1e6;
}

static void test_breakloop(void)
{
	pthread_t th;
	int count = 0, rc;
	uint64_t t0;

	/* Timeout 0: without a wake-up the loop would sleep forever. */
	loop_handle = lab_open(LAB_CAP, 262144, 0, 0, 0);
	t0 = lab_now_ns();
	pthread_create(&th, NULL, breaker, NULL);
	rc = pcap_loop(loop_handle, -1, count_cb, (u_char *)&count);
	pthread_join(th, NULL);
	printf("breakloop from a thread: pcap_loop %d after %.0f ms\n", rc, ms_since(t0));
	CHECK(rc == PCAP_ERROR_BREAK, "pcap_loop after breakloop from a thread: %d", rc);

	signal(SIGALRM, on_alarm);
	t0 = lab_now_ns();
	alarm(1);
	rc = pcap_loop(loop_handle, -1, count_cb, (u_char *)&count);
	printf("breakloop from SIGALRM: pcap_loop %d after %.0f ms\n", rc, ms_since(t0));
	CHECK(rc == PCAP_ERROR_BREAK, "pcap_loop after breakloop from SIGALRM: %d", rc);
	CHECK(ms_since(t0) < 3000, "SIGALRM break took %.0f ms", ms_since(t0));
	signal(SIGALRM, SIG_DFL);
	alarm(60);	/* the watchdog again */

	/* The flag is consumed: the next read waits again (nonblocking: 0). */
	pcap_setnonblock(loop_handle, 1, NULL);
	rc = pcap_dispatch(loop_handle, -1, count_cb, (u_char *)&count);
	CHECK(rc == 0, "dispatch after a consumed break: %d", rc);

	/* A break taken before any wait: the selectable fd must not stay
	 * readable afterwards (a poll loop would spin). */
	{
		struct pollfd pfd = { .fd = pcap_get_selectable_fd(loop_handle),
				      .events = POLLIN };

		pcap_breakloop(loop_handle);
		rc = pcap_dispatch(loop_handle, -1, count_cb, (u_char *)&count);
		CHECK(rc == PCAP_ERROR_BREAK, "dispatch after breakloop: %d", rc);
		CHECK(poll(&pfd, 1, 0) == 0, "selectable fd still readable after the break");
	}
	pcap_close(loop_handle);
}

static void test_timeouts_and_nonblock(void)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;
	uint64_t t0;
	double ms;
	int rc;

	p = lab_open(LAB_CAP, 262144, 200, 0, 0);
	t0 = lab_now_ns();
	rc = pcap_next_ex(p, &h, &d);
	ms = ms_since(t0);
	printf("blocking pcap_next_ex on an idle link: %d after %.0f ms (timeout 200)\n", rc, ms);
	CHECK(rc == 0 && ms >= 150 && ms < 1500,
	      "blocking pcap_next_ex: %d after %.0f ms", rc, ms);

	/* Snort's DAQ toggles around every read. */
	for (int i = 0; i < 50; i++) {
		CHECK(pcap_setnonblock(p, 1, err) == 0, "setnonblock 1: %s", err);
		CHECK(pcap_getnonblock(p, err) == 1, "getnonblock after 1");
		t0 = lab_now_ns();
		rc = pcap_next_ex(p, &h, &d);
		ms = ms_since(t0);
		/* Under 150 ms: a blocking call would take the 200 ms timeout
		 * (margin for a loaded machine). */
		CHECK(rc == 0 && ms < 150, "nonblocking pcap_next_ex: %d after %.1f ms", rc, ms);
		CHECK(pcap_setnonblock(p, 0, err) == 0, "setnonblock 0: %s", err);
		CHECK(pcap_getnonblock(p, err) == 0, "getnonblock after 0");
	}
	t0 = lab_now_ns();
	rc = pcap_next_ex(p, &h, &d);
	ms = ms_since(t0);
	CHECK(rc == 0 && ms >= 150, "blocking again after toggling: %d after %.0f ms", rc, ms);
	pcap_close(p);

	/* Nonblocking requested before activation. */
	p = pcap_create(LAB_CAP, err);
	CHECK(p != NULL, "pcap_create: %s", err);
	pcap_set_timeout(p, 1000);
	CHECK(pcap_setnonblock(p, 1, err) == 0, "setnonblock before activation");
	CHECK(pcap_activate(p) == 0, "activate: %s", pcap_geterr(p));
	CHECK(pcap_getnonblock(p, err) == 1, "nonblock set before activation is lost");
	t0 = lab_now_ns();
	rc = pcap_dispatch(p, -1, count_cb, (u_char *)&(int){ 0 });
	CHECK(rc == 0 && ms_since(t0) < 500, "nonblocking dispatch: %d after %.1f ms",
	      rc, ms_since(t0));
	pcap_close(p);
}

static void test_counts_and_select(void)
{
	pcap_t *p = lab_open(LAB_CAP ",members=2", 262144, 100, 1, 0);
	int fd = lab_sender(NULL), count = 0, rc, got;
	struct pollfd pfd = { .fd = pcap_get_selectable_fd(p), .events = POLLIN };
	uint8_t frame[128];

	CHECK(pfd.fd >= 0, "no selectable fd");
	CHECK(poll(&pfd, 1, 50) == 0, "selectable fd readable on an idle link");
	for (int i = 0; i < 10; i++) {
		size_t len = lab_udp_frame(frame, 100, (uint16_t)(2000 + i), 5000,
					   (uint32_t)i, 0, NULL, NULL);

		lab_send(fd, frame, len);
	}
	CHECK(poll(&pfd, 1, 1000) == 1, "selectable fd not readable with 10 packets waiting");
	usleep(20000);	/* let every member's block retire */
	rc = pcap_dispatch(p, 3, count_cb, (u_char *)&count);
	CHECK(rc == 3 && count == 3, "pcap_dispatch(3) gave %d (%d packets)", rc, count);
	for (got = 3; got < 10; got += rc) {
		rc = pcap_dispatch(p, -1, count_cb, (u_char *)&count);
		CHECK(rc > 0, "pcap_dispatch(-1) after %d packets: %d", got, rc);
	}
	CHECK(got == 10 && count == 10, "dispatch counts: %d, callback %d", got, count);
	for (int i = 0; i < 5; i++) {
		size_t len = lab_udp_frame(frame, 100, 3000, 5000, (uint32_t)i, 0, NULL, NULL);

		lab_send(fd, frame, len);
	}
	count = 0;
	rc = pcap_loop(p, 5, count_cb, (u_char *)&count);
	CHECK(rc == 0 && count == 5, "pcap_loop(5): %d with %d packets", rc, count);
	printf("dispatch/loop counts and the selectable fd: ok\n");
	close(fd);
	pcap_close(p);
}

static void test_device_goes_away(void)
{
	pcap_t *p = lab_open(LAB_CAP, 262144, 2000, 0, 0);
	int count = 0, rc;

	if (system("ip link set " LAB_CAP " down") != 0)
		FAIL("ip link set down");
	rc = pcap_dispatch(p, -1, count_cb, (u_char *)&count);
	printf("interface down during capture: %d \"%s\"\n", rc, pcap_geterr(p));
	CHECK(rc == PCAP_ERROR && strstr(pcap_geterr(p), "went down"),
	      "down: %d %s", rc, pcap_geterr(p));
	pcap_close(p);

	/* Activating on a device that is down: libpcap's code. */
	{
		char err[PCAP_ERRBUF_SIZE];
		pcap_t *q = pcap_create(LAB_CAP, err);

		rc = pcap_activate(q);
		printf("activate on a down interface: %d \"%s\"\n", rc, pcap_geterr(q));
		CHECK(rc == PCAP_ERROR_IFACE_NOT_UP, "activate on a down device: %d", rc);
		pcap_close(q);
	}
	if (system("ip link set " LAB_CAP " up") != 0)
		FAIL("ip link set up");
	p = lab_open(LAB_CAP, 262144, 2000, 0, 0);
	if (system("ip link del " LAB_CAP) != 0)
		FAIL("ip link del");
	rc = pcap_dispatch(p, -1, count_cb, (u_char *)&count);
	printf("interface deleted during capture: %d \"%s\"\n", rc, pcap_geterr(p));
	CHECK(rc == PCAP_ERROR && strstr(pcap_geterr(p), "disappeared"),
	      "deleted: %d %s", rc, pcap_geterr(p));
	pcap_close(p);
}

static void expect_error(const char *name, int code, const char *words)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_create(name, err);
	int rc;

	CHECK(p != NULL, "pcap_create(%s): %s", name, err);
	rc = pcap_activate(p);
	printf("%-36s -> %d \"%s\"\n", name, rc, pcap_geterr(p));
	CHECK(rc == code, "%s: activate gave %d, want %d", name, rc, code);
	CHECK(strstr(pcap_geterr(p), words) != NULL, "%s: message \"%s\" lacks \"%s\"",
	      name, pcap_geterr(p), words);
	pcap_close(p);

	/* pcap_open_live says the same, with the device in front. */
	CHECK(pcap_open_live(name, 100, 0, 100, err) == NULL, "open_live(%s) worked", name);
	CHECK(strstr(err, words) != NULL, "open_live(%s): \"%s\"", name, err);
}

static void test_bad_names(void)
{
	expect_error("mqlvnope", PCAP_ERROR_NO_SUCH_DEVICE, "mqlvnope");
	expect_error("ring:mqlvnope,group=3", PCAP_ERROR_NO_SUCH_DEVICE, "\"mqlvnope\"");
	expect_error("bogus:" LAB_CAP, PCAP_ERROR_NO_SUCH_DEVICE, "\"bogus\" is not a backend");
	expect_error(LAB_CAP ",colour=red", PCAP_ERROR, "unknown option \"colour\"");
	expect_error(LAB_CAP ",group=65536", PCAP_ERROR, "group");
	expect_error(LAB_CAP "@2-1", PCAP_ERROR, "queue range");
	expect_error(LAB_CAP "@5", PCAP_ERROR, "queue range");
	expect_error("ring:mqlvabcdefghijklm,members=2", PCAP_ERROR_NO_SUCH_DEVICE, "too long");
	expect_error("xdp:" LAB_CAP, PCAP_ERROR_NO_SUCH_DEVICE, "not implemented");
	setenv("MQPCAP_OPTIONS", "fanout=sideways", 1);
	expect_error(LAB_CAP, PCAP_ERROR, "MQPCAP_OPTIONS");
	unsetenv("MQPCAP_OPTIONS");
	/* A name that is right after stripping stays right. */
	pcap_close(lab_open("ring:" LAB_CAP ",group=9,fanout=lb", 100, 10, 0, 0));
}

int main(void)
{
	alarm(60);	/* a hang must fail the test, not hang make check */
	lab_setup(2);
	test_bad_names();
	test_breakloop();
	test_timeouts_and_nonblock();
	test_counts_and_select();
	test_device_goes_away();
	return 0;
}
