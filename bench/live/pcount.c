/*
 * pcount: the smallest useful capture program, for bench/live. It opens a
 * device the way tcpdump does (pcap_create, snaplen 262144, buffer size if
 * given, 100 ms timeout), installs an optional filter, and calls
 * pcap_dispatch with an empty callback until SIGINT or SIGTERM. What it
 * costs per packet is therefore the library's own cost: the ring walk, the
 * header conversion, the call.
 *
 * Built against the system's <pcap.h> and linked with -lpcap, it runs on
 * the system libpcap or, with LD_LIBRARY_PATH, on mqpcap.
 *
 *   pcount DEVICE [FILTER] [BUFFER_BYTES]
 *
 * Prints "ready" on stderr once capturing, and at the end one line:
 *   captured=N recv=N drop=N ifdrop=N cpu_ns=N lib=...
 * cpu_ns is the process's user + system time (getrusage).
 */
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static pcap_t *pcount_handle;
/* Also a flag of our own: a dispatch that had packets before the break
 * returns their count, and the next one may find the break flag cleared. */
static volatile sig_atomic_t pcount_stopped;

static void pcount_stop(int sig)
{
	(void)sig;
	pcount_stopped = 1;
	pcap_breakloop(pcount_handle);
}

/* Empty on purpose: the benchmark measures the library, not the tool. */
static void pcount_packet(u_char *user, const struct pcap_pkthdr *h,
			  const u_char *bytes)
{
	(void)user; (void)h; (void)bytes;
}

static long long pcount_cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

static int pcount_open(const char *dev, const char *filter, int bufsize)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	int rc;

	pcount_handle = pcap_create(dev, errbuf);
	if (!pcount_handle) {
		fprintf(stderr, "pcount: %s\n", errbuf);
		return -1;
	}
	pcap_set_snaplen(pcount_handle, 262144);
	pcap_set_timeout(pcount_handle, 100);
	if (bufsize > 0)
		pcap_set_buffer_size(pcount_handle, bufsize);
	rc = pcap_activate(pcount_handle);
	if (rc < 0) {
		fprintf(stderr, "pcount: %s: %s\n", dev, pcap_geterr(pcount_handle));
		return -1;
	}
	if (filter && *filter) {
		if (pcap_compile(pcount_handle, &prog, filter, 1,
				 PCAP_NETMASK_UNKNOWN) < 0 ||
		    pcap_setfilter(pcount_handle, &prog) < 0) {
			fprintf(stderr, "pcount: filter '%s': %s\n", filter,
				pcap_geterr(pcount_handle));
			return -1;
		}
		pcap_freecode(&prog);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long captured = 0;
	struct pcap_stat st;
	struct sigaction sa;
	int n;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: pcount DEVICE [FILTER] [BUFFER_BYTES]\n");
		return 2;
	}
	if (pcount_open(argv[1], argc > 2 ? argv[2] : NULL,
			argc > 3 ? atoi(argv[3]) : 0) < 0)
		return 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = pcount_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "ready\n");

	while (!pcount_stopped) {
		n = pcap_dispatch(pcount_handle, -1, pcount_packet, NULL);
		if (n > 0)
			captured += n;
		else if (n == PCAP_ERROR_BREAK)
			break;
		else if (n < 0) {
			fprintf(stderr, "pcount: %s\n", pcap_geterr(pcount_handle));
			return 1;
		}
	}
	memset(&st, 0, sizeof(st));
	if (pcap_stats(pcount_handle, &st) < 0)
		fprintf(stderr, "pcount: stats: %s\n", pcap_geterr(pcount_handle));
	printf("captured=%llu recv=%u drop=%u ifdrop=%u cpu_ns=%lld lib=%s\n",
	       captured, st.ps_recv, st.ps_drop, st.ps_ifdrop, pcount_cpu_ns(),
	       pcap_lib_version());
	pcap_close(pcount_handle);
	return 0;
}
