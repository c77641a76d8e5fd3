/*
 * pcap_findalldevs, pcap_lookupnet, pcap_lookupdev and pcap_ether_hostton
 * of mqpcap against the system libpcap (dlmopen), inside fresh network
 * and mount namespaces holding interfaces in various states:
 *
 *   lo (up, then down), a veth pair with IPv4 (one address under a label,
 *   "mqfa0:7"), IPv6 and a down peer, an ifb (or dummy) up with a /30
 *   and a peer address, one down with an address, one with no address, a
 *   bridge with an explicit broadcast address, a point-to-point tun with
 *   IPv4 and IPv6 peers, a tun with no address at all, a /0 address, an
 *   interface named only by digits, and where the kernel has them a
 *   macvlan, a vxlan and a tap without carrier.
 *
 * Compared: the list (names, order, flags, descriptions, every address
 * with its netmask, broadcast and destination), pcap_lookupnet of each
 * device and of a few other names, pcap_lookupdev, and pcap_ether_hostton
 * with a private /etc/ethers. libpcap also lists non-network capture
 * sources (nflog, nfqueue, D-Bus, Bluetooth, usbmon) that mqpcap cannot
 * open: those are left out of its list before comparing.
 *
 * Needs root (namespaces, ip link); exits 77 without it.
 */
#include "oracle.h"
#include <pcap/pcap.h>
#include <pcap/namedb.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static struct {
	int (*findalldevs)(pcap_if_t **, char *);
	void (*freealldevs)(pcap_if_t *);
	int (*lookupnet)(const char *, bpf_u_int32 *, bpf_u_int32 *, char *);
	char *(*lookupdev)(char *);
	u_char *(*ether_hostton)(const char *);
	/* its own C library's: dlmopen gave it a separate heap */
	void (*free)(void *);
} sys;

static int failures, compared;

#define DIFF(...) do {					\
		fprintf(stderr, "DIFF: " __VA_ARGS__);	\
		failures++;				\
	} while (0)

static int load_system(void)
{
	void *h = oracle_open();

	if (h == NULL) {
		fprintf(stderr, "dlmopen libpcap.so.0.8: %s\n", dlerror());
		return -1;
	}
	*(void **)&sys.findalldevs = dlsym(h, "pcap_findalldevs");
	*(void **)&sys.freealldevs = dlsym(h, "pcap_freealldevs");
	*(void **)&sys.lookupnet = dlsym(h, "pcap_lookupnet");
	*(void **)&sys.lookupdev = dlsym(h, "pcap_lookupdev");
	*(void **)&sys.ether_hostton = dlsym(h, "pcap_ether_hostton");
	*(void **)&sys.free = dlsym(h, "free");
	return sys.findalldevs && sys.freealldevs && sys.lookupnet &&
	       sys.lookupdev && sys.ether_hostton && sys.free ? 0 : -1;
}

/* libpcap's capture sources that are not network interfaces. */
static int is_non_network_source(const char *name)
{
	static const char *const prefixes[] = {
		"bluetooth", "nflog", "nfqueue", "dbus-", "usbmon", "rdma",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

static size_t sockaddr_len(const struct sockaddr *sa)
{
	switch (sa->sa_family) {
	case AF_INET:
		return sizeof(struct sockaddr_in);
	case AF_INET6:
		return sizeof(struct sockaddr_in6);
	case AF_PACKET:
		return sizeof(struct sockaddr_ll);
	default:
		return sizeof(struct sockaddr);
	}
}

static int sockaddr_differs(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return a->sa_family != b->sa_family ||
	       memcmp(a, b, sockaddr_len(a)) != 0;
}

static void print_list(const char *who, const pcap_if_t *d)
{
	fprintf(stderr, "  %s:", who);
	for (; d != NULL; d = d->next)
		if (!is_non_network_source(d->name))
			fprintf(stderr, " %s(%#x)", d->name, d->flags);
	fprintf(stderr, "\n");
}

static const pcap_if_t *skip_sources(const pcap_if_t *d)
{
	while (d != NULL && is_non_network_source(d->name))
		d = d->next;
	return d;
}

static void compare_addresses(const char *dev, const pcap_addr_t *m,
			      const pcap_addr_t *s)
{
	int i = 0;

	for (; m != NULL && s != NULL; m = m->next, s = s->next, i++) {
		compared++;
		if (sockaddr_differs(m->addr, s->addr) ||
		    sockaddr_differs(m->netmask, s->netmask) ||
		    sockaddr_differs(m->broadaddr, s->broadaddr) ||
		    sockaddr_differs(m->dstaddr, s->dstaddr))
			DIFF("%s: address %d (family %d vs %d) differs\n", dev, i,
			     m->addr ? m->addr->sa_family : -1,
			     s->addr ? s->addr->sa_family : -1);
	}
	if (m != NULL || s != NULL)
		DIFF("%s: %s has more addresses (from #%d)\n", dev,
		     m ? "mqpcap" : "libpcap", i);
}

/* mqpcap's lookupnet of dev against libpcap's of sys_dev (the same
 * interface without mqpcap's backend prefix and options). */
static void compare_lookupnet_as(const char *dev, const char *sys_dev)
{
	char merr[PCAP_ERRBUF_SIZE] = "", serr[PCAP_ERRBUF_SIZE] = "";
	bpf_u_int32 mn = 1, mm = 2, sn = 1, sm = 2;
	int mr = pcap_lookupnet(dev, &mn, &mm, merr);
	int sr = sys.lookupnet(sys_dev, &sn, &sm, serr);

	compared++;
	if (mr != sr || mn != sn || mm != sm || (mr < 0 && strcmp(merr, serr) != 0))
		DIFF("lookupnet(%s): mqpcap %d %08x/%08x \"%s\", "
		     "libpcap %d %08x/%08x \"%s\"\n", dev ? dev : "NULL",
		     mr, mn, mm, mr < 0 ? merr : "", sr, sn, sm, sr < 0 ? serr : "");
}

static void compare_lookupnet(const char *dev)
{
	compare_lookupnet_as(dev, dev);
}

static void compare_lists(const char *scenario)
{
	char merr[PCAP_ERRBUF_SIZE], serr[PCAP_ERRBUF_SIZE];
	pcap_if_t *mine, *theirs;
	const pcap_if_t *m, *s;
	int before = failures;

	if (pcap_findalldevs(&mine, merr) < 0 || sys.findalldevs(&theirs, serr) < 0) {
		DIFF("%s: findalldevs failed: %s / %s\n", scenario, merr, serr);
		return;
	}
	m = mine;
	s = skip_sources(theirs);
	for (; m != NULL && s != NULL; m = m->next, s = skip_sources(s->next)) {
		compared++;
		if (strcmp(m->name, s->name) != 0) {
			DIFF("%s: %s listed where libpcap lists %s\n", scenario,
			     m->name, s->name);
			break;
		}
		if (m->flags != s->flags)
			DIFF("%s: %s flags %#x, libpcap %#x\n", scenario, m->name,
			     m->flags, s->flags);
		if ((m->description == NULL) != (s->description == NULL) ||
		    (m->description && strcmp(m->description, s->description)))
			DIFF("%s: %s description \"%s\", libpcap \"%s\"\n", scenario,
			     m->name, m->description ? m->description : "(null)",
			     s->description ? s->description : "(null)");
		compare_addresses(m->name, m->addresses, s->addresses);
		compare_lookupnet(m->name);
	}
	if (failures == before && (m != NULL || s != NULL))
		DIFF("%s: %s lists more devices (%s)\n", scenario,
		     m ? "mqpcap" : "libpcap", m ? m->name : s->name);
	if (failures != before) {
		print_list("mqpcap ", mine);
		print_list("libpcap", theirs);
	}

	char mdev[PCAP_ERRBUF_SIZE] = "", sdev[PCAP_ERRBUF_SIZE] = "";
	char *md = pcap_lookupdev(merr), *sd = sys.lookupdev(serr);

	snprintf(mdev, sizeof(mdev), "%s", md ? md : merr);
	snprintf(sdev, sizeof(sdev), "%s", sd ? sd : serr);
	compared++;
	if (strcmp(mdev, sdev) != 0)
		DIFF("%s: lookupdev: mqpcap \"%s\", libpcap \"%s\"\n", scenario,
		     mdev, sdev);
	pcap_freealldevs(mine);
	sys.freealldevs(theirs);
}

static int sh(const char *cmd)
{
	int st = system(cmd);

	if (st != 0)
		fprintf(stderr, "failed (%d): %s\n", st, cmd);
	return st == 0 ? 0 : -1;
}

/* A link with no driver support here (dummy is often a module that is
 * not loaded) falls back to ifb, which behaves the same for our needs. */
static int add_dummy_like(const char *name)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "ip link add %s type dummy 2>/dev/null || "
		 "ip link add %s type ifb", name, name);
	return sh(cmd);
}

static int build_lab(void)
{
	static const char *const cmds[] = {
		"ip link set lo up",
		"ip link add mqfa0 type veth peer name mqfa1",
		"ip link set mqfa0 up",
		"ip addr add 10.77.41.1/24 dev mqfa0",
		"ip addr add 10.77.41.9/32 dev mqfa0 label mqfa0:7",
		"ip addr add fd77:41::1/64 dev mqfa0 nodad",
		"ip link set mqfd1 up",
		"ip addr add 10.77.42.1/30 dev mqfd1",
		"ip addr add 10.77.43.1 peer 10.77.43.2/32 dev mqfd1",
		"ip addr add 10.77.44.1/16 dev mqfd2",
		"ip link add mqfbr0 type bridge",
		"ip link set mqfbr0 up",
		"ip addr add 10.77.45.1/24 brd 10.77.45.77 dev mqfbr0",
		"ip link set 77 up",
		"ip addr add 10.77.46.1/0 dev 77",
	};

	if (add_dummy_like("mqfd1") < 0 || add_dummy_like("mqfd2") < 0 ||
	    add_dummy_like("mqfd3") < 0 || add_dummy_like("77") < 0)
		return -1;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (sh(cmds[i]) < 0)
			return -1;
	/* tun: optional (needs /dev/net/tun) */
	if (system("ip tuntap add mode tun mqftun0 2>/dev/null") == 0) {
		sh("ip link set mqftun0 up");
		sh("ip addr add 10.77.47.1 peer 10.77.47.2 dev mqftun0");
		sh("ip addr add fd77:47::1 peer fd77:47::2 dev mqftun0");
		sh("ip tuntap add mode tun mqftun1");	/* no address at all */
	}
	/* optional link types: whatever this kernel offers */
	if (system("ip link add link mqfa0 name mqfmv0 type macvlan 2>/dev/null") == 0) {
		sh("ip link set mqfmv0 up");
		sh("ip addr add 10.77.48.1/24 dev mqfmv0");
	}
	if (system("ip link add mqfvx0 type vxlan id 77 dstport 4789 2>/dev/null") == 0)
		sh("ip link set mqfvx0 up");
	if (system("ip tuntap add mode tap mqftap0 2>/dev/null") == 0)
		sh("ip link set mqftap0 up");
	/* let IPv6 link-local addresses appear */
	usleep(300 * 1000);
	return 0;
}

/* A private /etc/ethers for pcap_ether_hostton (mount namespace only). */
static void compare_ether_hostton(void)
{
	static const char *const names[] = {
		"mqhost1", "mqhost2", "MQHOST1", "mqhost3", "mqnone", "",
	};
	char path[] = "/tmp/mq-ethers-XXXXXX";
	int fd = mkstemp(path), made = -1;
	const char *text =
		"00:11:22:33:44:55 mqhost1\n"
		"# 66:77:88:99:aa:bb mqhost2\n"
		"0:1:2:3:4:5  mqhost2\n"
		"1:2:3 mqhost3\n";

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		DIFF("cannot write %s\n", path);
		return;
	}
	close(fd);
	if (mount(path, "/etc/ethers", NULL, MS_BIND, NULL) < 0) {
		/* /etc/ethers may not exist: make an empty one to mount
		 * over, removed again below */
		made = open("/etc/ethers", O_CREAT | O_EXCL | O_WRONLY, 0644);

		if (made < 0 || mount(path, "/etc/ethers", NULL, MS_BIND, NULL) < 0) {
			fprintf(stderr, "note: no private /etc/ethers (%s); "
				"ether_hostton not compared\n", strerror(errno));
			if (made >= 0) {
				close(made);
				unlink("/etc/ethers");
			}
			unlink(path);
			return;
		}
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		u_char *m = pcap_ether_hostton(names[i]);
		u_char *s = sys.ether_hostton(names[i]);

		compared++;
		if ((m == NULL) != (s == NULL) || (m && memcmp(m, s, 6) != 0))
			DIFF("ether_hostton(\"%s\"): mqpcap %s, libpcap %s\n",
			     names[i], m ? "found" : "NULL", s ? "found" : "NULL");
		if (strcmp(names[i], "mqhost1") == 0 &&
		    (m == NULL || memcmp(m, "\x00\x11\x22\x33\x44\x55", 6) != 0))
			DIFF("ether_hostton(mqhost1) is not 00:11:22:33:44:55\n");
		free(m);
		sys.free(s);
	}
	umount("/etc/ethers");
	if (made >= 0) {
		close(made);
		unlink("/etc/ethers");
	}
	unlink(path);
}

/* Runs in the child, inside its own namespaces. */
static int run_lab(void)
{
	static const char *const extra[][2] = {
		{ "any", "any" }, { "mqfa0:7", "mqfa0:7" }, { "mqfa1", "mqfa1" },
		{ "mqfd2", "mqfd2" }, { "mqnosuch0", "mqnosuch0" }, { "", "" },
		{ "lo", "lo" }, { NULL, NULL }, { "bluetooth0", "bluetooth0" },
		{ "ring:mqfa0", "mqfa0" }, { "xdp:mqfa0@0,zc=off", "mqfa0" },
		{ "classic:mqfd1,ring=4M", "mqfd1" }, { "pfq:lo", "lo" },
		{ "ring:mqnosuch0", "mqnosuch0" }, { "ring:77", "77" },
	};

	/* sysfs must describe this namespace's interfaces: both libraries
	 * read it (as "ip netns exec" arranges). */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("sysfs", "/sys", "sysfs", 0, NULL) < 0) {
		fprintf(stderr, "SKIP: cannot mount a private sysfs: %s\n",
			strerror(errno));
		return 77;
	}
	if (load_system() < 0) {
		fprintf(stderr, "SKIP: the system libpcap is not loadable\n");
		return 77;
	}
	if (build_lab() < 0)
		return 1;
	compare_lists("lab");
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		compare_lookupnet_as(extra[i][0], extra[i][1]);

	/* The same with the loopback down and the veth's peer up. */
	if (sh("ip link set lo down") < 0 || sh("ip link set mqfa1 up") < 0 ||
	    sh("ip link set mqfd1 down") < 0)
		return 1;
	usleep(100 * 1000);
	compare_lists("lo down");

	compare_ether_hostton();
	printf("findalldevs: %d comparisons, %d differences\n", compared,
	       failures);
	return failures ? 1 : 0;
}

int main(void)
{
	pid_t pid;
	int status;

	if (geteuid() != 0) {
		fprintf(stderr, "SKIP: needs root (network namespaces)\n");
		return 77;
	}
	if (system("ip -V >/dev/null 2>&1") != 0) {
		fprintf(stderr, "SKIP: no ip(8) (iproute2)\n");
		return 77;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (unshare(CLONE_NEWNET | CLONE_NEWNS) < 0) {
			fprintf(stderr, "SKIP: unshare: %s\n", strerror(errno));
			_exit(77);
		}
		int rc = run_lab();

		fflush(NULL);
		_exit(rc);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}
