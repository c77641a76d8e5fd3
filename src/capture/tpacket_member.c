/*
 * One member of a TPACKET handle: an AF_PACKET socket, its TPACKET_V3 ring
 * mapped into the process, and the kernel filter attached to it.
 */
#include "capture/tpacket.h"
#include "core/error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

/* libpcap's wording, which scripts and users grep for. */
static int socket_error(int err, const char *name, char *errbuf)
{
	if (err == EPERM || err == EACCES) {
		errbuf_printf(errbuf, "You don't have permission to capture on that device (socket: %s)",
			      strerror(err));
		return PCAP_ERROR_PERM_DENIED;
	}
	errbuf_errno(errbuf, err, "%s: socket(AF_PACKET)", name);
	return PCAP_ERROR;
}

static int set_int(int fd, int opt, int val)
{
	return setsockopt(fd, SOL_PACKET, opt, &val, sizeof(val));
}

static int map_ring(struct tpacket_member *m, const struct tpacket_member_cfg *cfg,
		    char *errbuf)
{
	struct tpacket_req3 req = {
		.tp_block_size = cfg->block_size,
		.tp_block_nr = cfg->block_nr,
		/* V3 packs frames of any size into a block; the frame
		 * fields only have to be consistent. */
		.tp_frame_size = cfg->block_size,
		.tp_frame_nr = cfg->block_nr,
		.tp_retire_blk_tov = cfg->block_tov_ms,
	};

	if (setsockopt(m->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) < 0) {
		int err = errno;

		/* libpcap's words first ("can't create rx ring"), then what
		 * was asked, so that the user knows what to make smaller. */
		if (err == ENOMEM)
			errbuf_errno(errbuf, err, "%s: can't create rx ring on packet socket: the kernel could not allocate %zu KiB (%u blocks of %u KiB; ask for less with pcap_set_buffer_size or ring=SIZE)",
				     cfg->name,
				     ((size_t)cfg->block_size >> 10) * cfg->block_nr,
				     cfg->block_nr, cfg->block_size >> 10);
		else
			errbuf_errno(errbuf, err, "%s: can't create rx ring on packet socket (%u blocks of %u KiB)",
				     cfg->name, cfg->block_nr, cfg->block_size >> 10);
		return err == ENOMEM ? -ENOMEM : PCAP_ERROR;
	}
	m->map_len = (size_t)cfg->block_size * cfg->block_nr;
	m->map = mmap(NULL, m->map_len, PROT_READ | PROT_WRITE,
		      MAP_SHARED, m->fd, 0);
	if (m->map == MAP_FAILED) {
		int err = errno;

		m->map = NULL;
		errbuf_errno(errbuf, err, "%s: mmap of the %zu KiB ring",
			     cfg->name, m->map_len >> 10);
		return err == ENOMEM ? -ENOMEM : PCAP_ERROR;
	}
	m->block_size = cfg->block_size;
	m->block_nr = cfg->block_nr;
	return 0;
}

/*
 * The socket starts with protocol 0, so it receives nothing until bind();
 * the ring and a reject-all filter are in place before that, so that
 * joining the fanout group later does not let unfiltered packets in.
 * Returns 0, a PCAP_ERROR*, or -ENOMEM when the ring could not be
 * allocated (the caller may retry smaller).
 */
int tpacket_member_open(struct tpacket_member *m,
			const struct tpacket_member_cfg *cfg, char *errbuf)
{
	int rc;

	memset(m, 0, sizeof(*m));
	m->fd = socket(AF_PACKET, (cfg->cooked ? SOCK_DGRAM : SOCK_RAW) | SOCK_CLOEXEC, 0);
	if (m->fd < 0) {
		m->fd = -1;
		return socket_error(errno, cfg->name, errbuf);
	}
	if (set_int(m->fd, PACKET_VERSION, TPACKET_V3) < 0) {
		errbuf_errno(errbuf, errno, "%s: PACKET_VERSION TPACKET_V3", cfg->name);
		return PCAP_ERROR;
	}
	if (set_int(m->fd, PACKET_RESERVE, TPACKET_RESERVE) < 0) {
		errbuf_errno(errbuf, errno, "%s: PACKET_RESERVE", cfg->name);
		return PCAP_ERROR;
	}
	rc = tpacket_member_reject_all(m, cfg->name, errbuf);
	if (rc < 0)
		return rc;
	return map_ring(m, cfg, errbuf);
}

int tpacket_member_bind(struct tpacket_member *m,
			const struct tpacket_member_cfg *cfg, char *errbuf)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons((uint16_t)cfg->protocol),
		.sll_ifindex = cfg->ifindex,
	};

	if (bind(m->fd, (struct sockaddr *)&sll, sizeof(sll)) == 0)
		return 0;
	if (errno == ENETDOWN) {
		errbuf_printf(errbuf, "%s: The interface went down", cfg->name);
		return PCAP_ERROR_IFACE_NOT_UP;
	}
	if (errno == ENODEV || errno == ENXIO) {
		errbuf_printf(errbuf, "%s: No such device exists", cfg->name);
		return PCAP_ERROR_NO_SUCH_DEVICE;
	}
	errbuf_errno(errbuf, errno, "%s: bind", cfg->name);
	return PCAP_ERROR;
}

void tpacket_member_close(struct tpacket_member *m)
{
	if (m->map)
		munmap(m->map, m->map_len);
	m->map = NULL;
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}

int tpacket_member_attach(struct tpacket_member *m, const struct sock_filter *insns,
			  unsigned len, const char *name, char *errbuf)
{
	struct sock_fprog prog = {
		.len = (unsigned short)len,
		.filter = (struct sock_filter *)insns,
	};

	if (setsockopt(m->fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) == 0)
		return 0;
	errbuf_errno(errbuf, errno, "%s: SO_ATTACH_FILTER (%u instructions)",
		     name, len);
	return -errno;
}

int tpacket_member_reject_all(struct tpacket_member *m, const char *name,
			      char *errbuf)
{
	static const struct sock_filter reject = BPF_STMT(BPF_RET | BPF_K, 0);

	return tpacket_member_attach(m, &reject, 1, name, errbuf) < 0 ?
		PCAP_ERROR : 0;
}

/*
 * With a snapshot no packet reaches (libpcap's largest, 262144, is more
 * than any frame the ring takes whole), a filter returning the snapshot
 * truncates nothing: take the filter off instead, so that the kernel does
 * not run a program per packet (stock libpcap runs none until a filter
 * is set, either).
 */
#define TPACKET_SNAP_NO_TRUNCATE	262144u

int tpacket_member_accept_all(struct tpacket_member *m, unsigned snaplen,
			      const char *name, char *errbuf)
{
	const struct sock_filter accept = BPF_STMT(BPF_RET | BPF_K, snaplen);
	int dummy = 0;

	if (snaplen >= TPACKET_SNAP_NO_TRUNCATE) {
		if (setsockopt(m->fd, SOL_SOCKET, SO_DETACH_FILTER, &dummy,
			       sizeof(dummy)) == 0 || errno == ENOENT)
			return 0;
		errbuf_errno(errbuf, errno, "%s: SO_DETACH_FILTER", name);
		return PCAP_ERROR;
	}
	return tpacket_member_attach(m, &accept, 1, name, errbuf) < 0 ?
		PCAP_ERROR : 0;
}

int tpacket_member_poll_stats(struct tpacket_member *m, char *errbuf)
{
	struct tpacket_stats_v3 st;
	socklen_t len = sizeof(st);

	if (getsockopt(m->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) < 0) {
		errbuf_errno(errbuf, errno, "getsockopt(PACKET_STATISTICS)");
		return PCAP_ERROR;
	}
	/* The kernel's tp_packets already includes tp_drops. */
	m->packets += st.tp_packets;
	m->drops += st.tp_drops;
	return 0;
}
