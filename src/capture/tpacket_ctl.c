/*
 * The TPACKET backends' control operations: filters in the kernel, link
 * types and cooked headers, direction, statistics, injection, blocking.
 */
#include "capture/tpacket.h"
#include "core/error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <linux/if_ether.h>
#include <string.h>
#include <sys/socket.h>

#define SLL_HDR_LEN	16
#define SLL2_HDR_LEN	20

/* DLT_LINUX_SLL: pkttype, hatype, halen, address[8], protocol. */
static u_char *cooked_sll(const struct tpacket_handle *h, u_char *data,
			  const struct sockaddr_ll *sll, struct pcap_pkthdr *hdr)
{
	u_char *s = data - SLL_HDR_LEN;
	uint16_t v;

	(void)h;
	v = htons(sll->sll_pkttype);
	memcpy(s, &v, 2);
	v = htons(sll->sll_hatype);
	memcpy(s + 2, &v, 2);
	v = htons(sll->sll_halen);
	memcpy(s + 4, &v, 2);
	memset(s + 6, 0, 8);
	memcpy(s + 6, sll->sll_addr, sll->sll_halen > 8 ? 8 : sll->sll_halen);
	memcpy(s + 14, &sll->sll_protocol, 2);
	hdr->caplen += SLL_HDR_LEN;
	hdr->len += SLL_HDR_LEN;
	return s;
}

/* DLT_LINUX_SLL2: protocol, reserved, ifindex, hatype, pkttype, halen,
 * address[8]. */
static u_char *cooked_sll2(const struct tpacket_handle *h, u_char *data,
			   const struct sockaddr_ll *sll, struct pcap_pkthdr *hdr)
{
	u_char *s = data - SLL2_HDR_LEN;
	uint32_t idx = htonl((uint32_t)sll->sll_ifindex);
	uint16_t v;

	(void)h;
	memcpy(s, &sll->sll_protocol, 2);
	memset(s + 2, 0, 2);
	memcpy(s + 4, &idx, 4);
	v = htons(sll->sll_hatype);
	memcpy(s + 8, &v, 2);
	s[10] = sll->sll_pkttype;
	s[11] = sll->sll_halen;
	memset(s + 12, 0, 8);
	memcpy(s + 12, sll->sll_addr, sll->sll_halen > 8 ? 8 : sll->sll_halen);
	hdr->caplen += SLL2_HDR_LEN;
	hdr->len += SLL2_HDR_LEN;
	return s;
}

/* Where libpcap writes a stripped tag back: after the MAC addresses, or
 * before SLL's protocol field; nowhere for other link types. */
void tpacket_choose_linktype(pcap_t *p, struct tpacket_handle *h)
{
	h->cooked_hdr = NULL;
	h->vlan_offset = -1;
	switch (p->linktype) {
	case DLT_EN10MB:
		h->vlan_offset = 2 * ETH_ALEN;
		break;
	case DLT_LINUX_SLL:
		h->cooked_hdr = cooked_sll;
		h->vlan_offset = SLL_HDR_LEN - 2;
		break;
	case DLT_LINUX_SLL2:
		h->cooked_hdr = cooked_sll2;
		break;
	}
}

int tpacket_set_datalink(pcap_t *p, int dlt)
{
	struct tpacket_handle *h = p->priv;
	int old = p->linktype;

	p->linktype = dlt;
	tpacket_choose_linktype(p, h);
	p->linktype = old;	/* the core records the new one */
	return 0;
}

/*
 * A cooked socket's filter runs on the packet from its network header,
 * without the SLL header the program was compiled for. Rewrite its loads:
 * header fields become the kernel's ancillary data, payload offsets move
 * by the header length. Returns 0, or -1 when a load can't be mapped (the
 * filter then runs in user space).
 */
static int cooked_fix_program(struct sock_filter *f, unsigned len, int dlt)
{
	unsigned hlen = dlt == DLT_LINUX_SLL2 ? SLL2_HDR_LEN : SLL_HDR_LEN;

	for (unsigned i = 0; i < len; i++) {
		uint16_t cls = BPF_CLASS(f[i].code), mode = BPF_MODE(f[i].code);
		uint16_t size = BPF_SIZE(f[i].code);
		int is_ld = cls == BPF_LD && (mode == BPF_ABS || mode == BPF_IND);
		int is_msh = cls == BPF_LDX && mode == BPF_MSH;

		if (!is_ld && !is_msh)
			continue;
		if (f[i].k >= 0x80000000u)
			continue;	/* already ancillary or negative */
		if (f[i].k >= hlen) {
			f[i].k -= hlen;
			continue;
		}
		if (mode != BPF_ABS || is_msh)
			return -1;
		if (dlt == DLT_LINUX_SLL && f[i].k == 14 && size == BPF_H)
			f[i].k = (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL);
		else if (dlt == DLT_LINUX_SLL && f[i].k == 0 && size == BPF_H)
			f[i].k = (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE);
		else if (dlt == DLT_LINUX_SLL2 && f[i].k == 0 && size == BPF_H)
			f[i].k = (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL);
		else if (dlt == DLT_LINUX_SLL2 && f[i].k == 10 && size == BPF_B)
			f[i].k = (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE);
		else if (dlt == DLT_LINUX_SLL2 && f[i].k == 4 && size == BPF_W)
			f[i].k = (uint32_t)(SKF_AD_OFF + SKF_AD_IFINDEX);
		else
			return -1;
	}
	return 0;
}

/*
 * The new program replaces the old one atomically in every member; the
 * packets already in the rings passed the old one, so the blocks that
 * may hold them (handed up and unread, and the one being filled) are
 * filtered again in user space with the new one, as libpcap does, and
 * nothing the new filter accepts is lost meanwhile.
 * If the kernel refuses the program, the filter runs in user space.
 */
int tpacket_set_filter(pcap_t *p, struct bpf_program *prog)
{
	struct tpacket_handle *h = p->priv;
	struct sock_filter *k = NULL;
	unsigned len = prog->bf_len;
	int kernel_ok = 1, rc;

	if ((rc = handle_install_user_filter(p, prog)) < 0)
		return rc;
	if (len > 0 && len <= BPF_MAXINSNS && (k = malloc(len * sizeof(*k)))) {
		memcpy(k, prog->bf_insns, len * sizeof(*k));
		if (h->cooked && cooked_fix_program(k, len, p->linktype) < 0)
			kernel_ok = 0;
	} else {
		kernel_ok = 0;
	}
	for (int i = 0; i < h->nmembers && kernel_ok; i++)
		if (tpacket_member_attach(&h->members[i], k, len, h->name,
					  p->errbuf) < 0)
			kernel_ok = 0;
	free(k);
	h->filter_in_user = !kernel_ok;
	for (int i = 0; i < h->nmembers; i++) {
		struct tpacket_member *m = &h->members[i];

		if (!kernel_ok && tpacket_member_accept_all(m, h->snapshot,
							    h->name, p->errbuf) < 0)
			return PCAP_ERROR;
		/* Counted after the new program is in: whatever arrives from
		 * now on passed it. */
		m->recheck = tpacket_member_blocks_in_flight(m);
		m->blk_recheck = m->blk != NULL;
	}
	p->errbuf[0] = '\0';
	return 0;
}

int tpacket_set_direction(pcap_t *p, pcap_direction_t dir)
{
	struct tpacket_handle *h = p->priv;
	int ignore_out = dir == PCAP_D_IN;

	switch (dir) {
	case PCAP_D_INOUT:
		h->skip_pkttypes = 0;
		break;
	case PCAP_D_IN:
		h->skip_pkttypes = 1u << PACKET_OUTGOING;
		break;
	case PCAP_D_OUT:
		h->skip_pkttypes = ~(1u << PACKET_OUTGOING);
		break;
	default:
		handle_error(p, "Invalid direction");
		return PCAP_ERROR;
	}
	/* Let the kernel skip the copies too where it can (Linux 4.20+);
	 * user space checks anyway. */
	for (int i = 0; i < h->nmembers; i++)
		(void)setsockopt(h->members[i].fd, SOL_PACKET, PACKET_IGNORE_OUTGOING,
				 &ignore_out, sizeof(ignore_out));
	p->direction = dir;
	return 0;
}

/* ps_recv: packets that passed the filter (dropped ones included), as
 * Linux libpcap reports; ps_drop: ring full; ps_ifdrop: the interface's
 * own drops since activation, in promiscuous mode only. */
int tpacket_stats(pcap_t *p, struct pcap_stat *ps)
{
	struct tpacket_handle *h = p->priv;
	uint64_t recv = 0, drop = 0;

	for (int i = 0; i < h->nmembers; i++) {
		if (tpacket_member_poll_stats(&h->members[i], p->errbuf) < 0)
			return PCAP_ERROR;
		recv += h->members[i].packets;
		drop += h->members[i].drops;
	}
	ps->ps_recv = (u_int)recv;
	ps->ps_drop = (u_int)drop;
	ps->ps_ifdrop = 0;
	if (h->promisc_set) {
		uint64_t now = tpacket_if_drops(h->dn.iface, h->ifindex);

		if (now > h->ifdrop_last)
			h->ifdrop_last = now;
		ps->ps_ifdrop = (u_int)(h->ifdrop_last - h->ifdrop_base);
	}
	return 0;
}

int tpacket_inject(pcap_t *p, const void *buf, size_t len)
{
	struct tpacket_handle *h = p->priv;
	ssize_t n;

	if (h->cooked) {
		handle_error(p, "Sending packets isn't supported on the \"any\" device or in cooked mode");
		return PCAP_ERROR;
	}
	n = send(h->members[0].fd, buf, len, 0);
	if (n < 0) {
		handle_error_errno(p, errno, "send");
		return PCAP_ERROR;
	}
	return (int)n;
}

int tpacket_get_nonblock(pcap_t *p)
{
	return ((struct tpacket_handle *)p->priv)->nonblock;
}

/* Reads decide how long to wait from this flag alone: toggling it is
 * one store, as Snort's DAQ, which toggles around every read, needs. */
int tpacket_set_nonblock(pcap_t *p, int nonblock)
{
	((struct tpacket_handle *)p->priv)->nonblock = !!nonblock;
	return 0;
}
