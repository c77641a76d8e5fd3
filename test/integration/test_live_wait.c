/*
 * Waiting and waking on a live handle: pcap_breakloop from another thread
 * and from a signal handler while the loop sleeps; a blocking
 * pcap_next_ex returns 0 once the timeout passes on an idle link;
 * nonblocking mode toggled at will; pcap_dispatch/pcap_loop count
 * semantics; the selectable fd wakes when packets arrive; the interface
 * going down or away during capture; bad names fail with a message that
 * names the wrong part; a ring the kernel cannot allocate fails
 * activation with libpcap's code and says so, and leaks nothing.
 */
#include "live_lab.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

#if defined(__x86_64__)
#define TEST_AUDIT_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TEST_AUDIT_ARCH	AUDIT_ARCH_AARCH64
#endif

/*
 * From now on every setsockopt(SOL_PACKET, PACKET_RX_RING) of this process
 * fails with ENOMEM, which is what the kernel answers when it cannot find
 * the ring's pages. A seccomp filter, because a machine with memory to
 * spare cannot be made short of it for one test (the ring's pages are not
 * charged to a memory cgroup or to RLIMIT_MEMLOCK), and asking for more
 * than the machine has would squeeze every other job on it first.
 */
static int deny_rx_ring(void)
{
#ifdef TEST_AUDIT_ARCH
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TEST_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_setsockopt, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* the low halves of level and optname (little-endian) */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SOL_PACKET, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_RX_RING, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOMEM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		return -1;
	return 0;
#else
	return -1;
#endif
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	CHECK(d != NULL, "opendir /proc/self/fd");
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

/* The functions of one library: ours, or the system's through dlmopen. */
struct ring_lib {
	const char *label;
	pcap_t *(*create)(const char *, char *);
	int (*set_buffer_size)(pcap_t *, int);
	int (*activate)(pcap_t *);
	char *(*geterr)(pcap_t *);
	void (*close)(pcap_t *);
};

/* Activate name with the given buffer size (0: the library's default)
 * while PACKET_RX_RING fails; returns the code, message in msg. */
static int ring_fail_activate(const struct ring_lib *lib, const char *name,
			      int bufsize, char *msg)
{
	char err[PCAP_ERRBUF_SIZE];
	int fds = count_fds(), rc;
	pcap_t *p = lib->create(name, err);

	CHECK(p != NULL, "%s: pcap_create(%s): %s", lib->label, name, err);
	if (bufsize > 0)
		lib->set_buffer_size(p, bufsize);
	rc = lib->activate(p);
	snprintf(msg, PCAP_ERRBUF_SIZE, "%s", lib->geterr(p));
	printf("%-6s %-14s buffer %-9d -> %d \"%s\"\n", lib->label, name, bufsize, rc, msg);
	lib->close(p);
	CHECK(count_fds() == fds, "%s: %d fds open after pcap_close, %d before pcap_create",
	      lib->label, count_fds(), fds);
	return rc;
}

static void ring_fail_child(void)
{
	struct ring_lib ours = {
		"mqpcap", pcap_create, pcap_set_buffer_size, pcap_activate,
		pcap_geterr, pcap_close,
	}, stock = { .label = "stock" };
	static const char *const names[] = { LAB_CAP, "ring:" LAB_CAP "@0-1", "classic:" LAB_CAP };
	char msg[PCAP_ERRBUF_SIZE];
	void *so;
	int rc, want;

	so = dlmopen(LM_ID_NEWLM, "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8",
		     RTLD_NOW | RTLD_LOCAL);
	CHECK(so != NULL, "dlmopen of the system libpcap: %s", dlerror());
	*(void **)&stock.create = dlsym(so, "pcap_create");
	*(void **)&stock.set_buffer_size = dlsym(so, "pcap_set_buffer_size");
	*(void **)&stock.activate = dlsym(so, "pcap_activate");
	*(void **)&stock.geterr = dlsym(so, "pcap_geterr");
	*(void **)&stock.close = dlsym(so, "pcap_close");
	CHECK(stock.create && stock.set_buffer_size && stock.activate &&
	      stock.geterr && stock.close, "dlsym in the system libpcap");
	/* The handle works before the filter goes in: what fails after it
	 * is the ring, nothing else. */
	pcap_close(lab_open(LAB_CAP, 262144, 100, 0, 0));
	if (deny_rx_ring() < 0) {
		printf("SKIP ring allocation failure: no seccomp filter here (%s)\n",
		       strerror(errno));
		exit(0);
	}
	want = ring_fail_activate(&stock, LAB_CAP, 8 << 20, msg);
	CHECK(want == PCAP_ERROR, "stock libpcap gave %d for a ring it cannot allocate", want);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		/* An explicit size, and the default, which gives way to a
		 * lack of memory before it gives up. */
		for (int bufsize = 8 << 20; bufsize >= 0; bufsize -= 8 << 20) {
			rc = ring_fail_activate(&ours, names[i], bufsize, msg);
			CHECK(rc == want, "%s: activate gave %d, stock %d", names[i], rc, want);
			CHECK(strstr(msg, "can't create rx ring") != NULL &&
			      strstr(msg, strerror(ENOMEM)) != NULL &&
			      strstr(msg, "KiB") != NULL,
			      "%s: message \"%s\" does not say the ring could not be allocated",
			      names[i], msg);
		}
	}
	/* pcap_open_live: the same message, and NULL. */
	CHECK(pcap_open_live(LAB_CAP, 262144, 0, 100, msg) == NULL, "pcap_open_live worked");
	CHECK(strstr(msg, "can't create rx ring") != NULL, "pcap_open_live: \"%s\"", msg);
	exit(0);
}

/* In a child: the seccomp filter cannot be taken off again. */
static void test_ring_alloc_fails(void)
{
	int status;
	pid_t pid;

	fflush(stdout);		/* else the child's exit prints it again */
	pid = fork();

	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		alarm(30);
		ring_fail_child();
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the ring allocation failure child failed (status %#x)", status);
}

int main(void)
{
	alarm(60);	/* a hang must fail the test, not hang make check */
	lab_setup(2);
	test_bad_names();
	test_breakloop();
	test_timeouts_and_nonblock();
	test_counts_and_select();
	test_ring_alloc_fails();
	test_device_goes_away();
	return 0;
}
