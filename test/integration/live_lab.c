/* The live-capture tests' lab: see live_lab.h. */
#include "live_lab.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void skip(const char *why)
{
	printf("SKIP: %s\n", why);
	exit(SKIP);
}

static void write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(val, f);
		fclose(f);
	}
}

static void run(const char *cmd)
{
	if (system(cmd) != 0)
		FAIL("lab command failed: %s", cmd);
}

void lab_setup(int nqueues)
{
	char cmd[256];

	if (geteuid() != 0)
		skip("needs root (network namespaces, AF_PACKET)");
	if (unshare(CLONE_NEWNET | CLONE_NEWNS) < 0)
		skip("unshare(CLONE_NEWNET|CLONE_NEWNS) failed");
	/* sysfs shows the namespace it was mounted in: mount our own. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
		(void)mount("sysfs", "/sys", "sysfs", 0, NULL);
	write_file("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
	write_file("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
	if (system("command -v ip >/dev/null") != 0)
		skip("the ip command (iproute2) is missing");
	snprintf(cmd, sizeof(cmd),
		 "ip link add " LAB_CAP " numtxqueues %d numrxqueues %d type veth peer name " LAB_GEN
		 " numtxqueues %d numrxqueues %d", nqueues, nqueues, nqueues, nqueues);
	run(cmd);
	run("ip link set lo up && ip link set " LAB_CAP " up && ip link set " LAB_GEN " up");
	/* Both ends up only once the peer is: wait for carrier. */
	for (int i = 0; i < 100; i++) {
		FILE *f = fopen("/sys/class/net/" LAB_CAP "/operstate", "r");
		char state[16] = "";

		if (f) {
			if (fgets(state, sizeof(state), f) == NULL)
				state[0] = '\0';
			fclose(f);
		}
		if (strncmp(state, "up", 2) == 0 || f == NULL)
			break;
		usleep(10000);
	}
}

int lab_sender(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd = socket(AF_PACKET, SOCK_RAW, 0);

	if (fd < 0)
		FAIL("socket(AF_PACKET): %s", strerror(errno));
	sll.sll_ifindex = (int)if_nametoindex(ifname ? ifname : LAB_GEN);
	if (sll.sll_ifindex == 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		FAIL("bind sender: %s", strerror(errno));
	return fd;
}

void lab_send(int fd, const uint8_t *frame, size_t len)
{
	for (int tries = 0; tries < 1000; tries++) {
		if (send(fd, frame, len, 0) == (ssize_t)len)
			return;
		if (errno != ENOBUFS && errno != EAGAIN)
			break;
		usleep(100);
	}
	FAIL("send: %s", strerror(errno));
}

static uint16_t ip_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static size_t put_tags(uint8_t *b, int ntags, const uint16_t *tpids,
		       const uint16_t *tcis)
{
	size_t off = 12;

	for (int i = 0; i < ntags; i++) {
		b[off] = (uint8_t)(tpids[i] >> 8);
		b[off + 1] = (uint8_t)tpids[i];
		b[off + 2] = (uint8_t)(tcis[i] >> 8);
		b[off + 3] = (uint8_t)tcis[i];
		off += 4;
	}
	return off;
}

static size_t build(uint8_t *b, size_t len, uint32_t saddr, uint32_t daddr,
		    uint8_t proto, uint16_t sport, uint16_t dport, uint32_t seq,
		    int ntags, const uint16_t *tpids, const uint16_t *tcis)
{
	static const uint8_t dst[6] = { 2, 0, 0, 0, 0, 1 }, src[6] = { 2, 0, 0, 0, 0, 2 };
	size_t off, ip, l4;
	uint32_t v;
	uint16_t s;

	if (len < 60)
		len = 60;
	memset(b, 0, len);
	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	off = put_tags(b, ntags, tpids, tcis);
	b[off] = 0x08;
	b[off + 1] = 0x00;
	ip = off + 2;
	b[ip] = 0x45;
	s = htons((uint16_t)(len - ip));
	memcpy(b + ip + 2, &s, 2);
	b[ip + 8] = 64;
	b[ip + 9] = proto;
	v = htonl(saddr);
	memcpy(b + ip + 12, &v, 4);
	v = htonl(daddr);
	memcpy(b + ip + 16, &v, 4);
	s = htons(ip_checksum(b + ip, 20));
	memcpy(b + ip + 10, &s, 2);
	l4 = ip + 20;
	s = htons(sport);
	memcpy(b + l4, &s, 2);
	s = htons(dport);
	memcpy(b + l4 + 2, &s, 2);
	if (proto == 17) {
		s = htons((uint16_t)(len - l4));
		memcpy(b + l4 + 4, &s, 2);
	}
	/* Payload: magic and seq, then a pattern that varies with seq. */
	size_t pay = l4 + (proto == 6 ? 20 : 8);
	if (proto == 6)
		b[l4 + 12] = 0x50;
	memcpy(b + pay, "MQLV", 4);
	v = htonl(seq);
	memcpy(b + pay + 4, &v, 4);
	for (size_t i = pay + 8; i < len; i++)
		b[i] = (uint8_t)(i * 7 + seq);
	return len;
}

size_t lab_udp_frame(uint8_t *buf, size_t len, uint16_t sport, uint16_t dport,
		     uint32_t seq, int ntags, const uint16_t *tpids,
		     const uint16_t *tcis)
{
	return build(buf, len, 0x0a4d0002, 0x0a4d0001, 17, sport, dport, seq,
		     ntags, tpids, tcis);
}

size_t lab_ip_frame(uint8_t *buf, size_t len, uint32_t saddr, uint32_t daddr,
		    uint8_t proto, uint16_t sport, uint16_t dport, uint32_t seq)
{
	return build(buf, len, saddr, daddr, proto, sport, dport, seq, 0, NULL, NULL);
}

int64_t lab_frame_seq(const uint8_t *d, size_t caplen)
{
	/* Find the magic: after any tags and the IP/transport headers. */
	for (size_t i = 14; i + 8 <= caplen && i < 120; i++) {
		if (memcmp(d + i, "MQLV", 4) == 0) {
			uint32_t v;

			memcpy(&v, d + i + 4, 4);
			return ntohl(v);
		}
	}
	return -1;
}

pcap_t *lab_open(const char *name, int snaplen, int timeout_ms, int immediate,
		 int nano)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_create(name, err);
	int rc;

	CHECK(p != NULL, "pcap_create(%s): %s", name, err);
	pcap_set_snaplen(p, snaplen);
	pcap_set_timeout(p, timeout_ms);
	pcap_set_immediate_mode(p, immediate);
	if (nano)
		CHECK(pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) == 0,
		      "nano precision refused");
	rc = pcap_activate(p);
	CHECK(rc >= 0, "pcap_activate(%s): %d %s", name, rc, pcap_geterr(p));
	return p;
}

uint64_t lab_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}
