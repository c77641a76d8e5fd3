/*
 * The read path of the TPACKET backends: wait on the one epoll fd, walk
 * whole TPACKET_V3 blocks of every member without a system call per
 * packet, merge the members' packets by time stamp, and give blocks back
 * to the kernel as soon as their last packet has been handed up.
 */
#include "capture/tpacket.h"
#include "core/error.h"
#include "filter/interp.h"

#include <errno.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define WAKE_TAG	UINT32_MAX

static inline struct tpacket_block_desc *member_block(const struct tpacket_member *m,
						       unsigned i)
{
	return (struct tpacket_block_desc *)(m->map + (size_t)i * m->block_size);
}

static inline void member_release(struct tpacket_member *m)
{
	__atomic_store_n(&m->blk->hdr.bh1.block_status, TP_STATUS_KERNEL,
			 __ATOMIC_RELEASE);
	m->blk = NULL;
	m->cur = m->cur + 1 == m->block_nr ? 0 : m->cur + 1;
}

/* The member's next packet, taking the next block from the kernel when
 * the current one is used up; NULL when nothing is available. */
static inline struct tpacket3_hdr *member_peek(struct tpacket_member *m)
{
	while (m->left == 0) {
		struct tpacket_block_desc *b;

		if (m->blk)
			member_release(m);
		b = member_block(m, m->cur);
		if (!(__atomic_load_n(&b->hdr.bh1.block_status, __ATOMIC_ACQUIRE) &
		      TP_STATUS_USER))
			return NULL;
		m->blk = b;
		m->left = b->hdr.bh1.num_pkts;
		m->pkt = (struct tpacket3_hdr *)((uint8_t *)b +
						 b->hdr.bh1.offset_to_first_pkt);
		m->blk_recheck = m->recheck > 0;
		if (m->recheck)
			m->recheck--;
	}
	return m->pkt;
}

static inline void member_advance(struct tpacket_member *m)
{
	m->pkt = (struct tpacket3_hdr *)((uint8_t *)m->pkt + m->pkt->tp_next_offset);
	if (--m->left == 0)
		member_release(m);
}

unsigned tpacket_member_blocks_in_flight(const struct tpacket_member *m)
{
	unsigned n = 0, i = m->cur;

	if (m->blk)		/* the block being walked: counted by the caller */
		i = i + 1 == m->block_nr ? 0 : i + 1;
	while (n < m->block_nr &&
	       (__atomic_load_n(&member_block(m, i)->hdr.bh1.block_status,
				__ATOMIC_ACQUIRE) & TP_STATUS_USER)) {
		n++;
		i = i + 1 == m->block_nr ? 0 : i + 1;
	}
	/* Plus the block the kernel is filling. */
	return n < m->block_nr ? n + 1 : n;
}

static inline uint64_t pkt_ts_ns(const struct tpacket3_hdr *tp)
{
	return (uint64_t)tp->tp_sec * 1000000000u + tp->tp_nsec;
}

static inline const struct sockaddr_ll *pkt_sll(const struct tpacket3_hdr *tp)
{
	return (const struct sockaddr_ll *)((const uint8_t *)tp +
					    TPACKET_ALIGN(sizeof(*tp)));
}

/* The filter could not run in the kernel for this packet: run it here,
 * on the bytes the kernel would have seen (tag stripped) plus its
 * ancillary data. 0 rejects, else the snapshot it allows. */
static u_int user_filter(const pcap_t *p, const struct tpacket3_hdr *tp,
			 const u_char *data, const struct pcap_pkthdr *hdr)
{
	struct filter_aux aux = {
		.vlan_tci = (uint16_t)tp->hv1.tp_vlan_tci,
		.vlan_tpid = (tp->tp_status & TP_STATUS_VLAN_TPID_VALID) ?
			tp->hv1.tp_vlan_tpid : ETH_P_8021Q,
		.vlan_present = !!(tp->tp_status & TP_STATUS_VLAN_VALID),
	};

	if (p->fcode.bf_insns == NULL)
		return hdr->caplen ? hdr->caplen : 1;
	return filter_run_with_aux(p->fcode.bf_insns, data, hdr->len,
				   hdr->caplen, &aux);
}

/* Put the tag the kernel stripped back where it was on the wire, in the
 * room PACKET_RESERVE left in front of the frame. */
static inline u_char *vlan_reinsert(const struct tpacket_handle *h,
				    const struct tpacket3_hdr *tp, u_char *data,
				    struct pcap_pkthdr *hdr)
{
	uint16_t tpid = (tp->tp_status & TP_STATUS_VLAN_TPID_VALID) ?
		tp->hv1.tp_vlan_tpid : ETH_P_8021Q;
	uint16_t tag[2] = { htons(tpid), htons((uint16_t)tp->hv1.tp_vlan_tci) };
	size_t off = (size_t)h->vlan_offset;

	if (hdr->caplen < off)
		return data;
	memmove(data - 4, data, off);
	data -= 4;
	memcpy(data + off, tag, sizeof(tag));
	hdr->caplen += 4;
	hdr->len += 4;
	return data;
}

/* Hand one packet up, stamped sec + nsec (nsec below a second); 0 if it
 * was dropped on the way (direction, user filter), 1 if the callback got
 * it. Always inlined: as a call, its prologue, epilogue and argument
 * spills cost a fifth of the read path's instructions per packet. */
static inline __attribute__((always_inline))
int deliver(pcap_t *p, const struct tpacket_handle *h,
	    const struct tpacket_member *m, const struct tpacket3_hdr *tp,
	    uint32_t sec, uint32_t nsec, pcap_handler cb, u_char *user)
{
	const struct sockaddr_ll *sll = pkt_sll(tp);
	u_char *data = (u_char *)tp + tp->tp_mac;
	struct pcap_pkthdr hdr;

	if ((1u << (sll->sll_pkttype & 31)) & h->skip_pkttypes)
		return 0;
	/* Loopback's outgoing copy duplicates its incoming one. */
	if (sll->sll_pkttype == PACKET_OUTGOING && sll->sll_ifindex == h->lo_ifindex)
		return 0;
	hdr.caplen = tp->tp_snaplen;
	hdr.len = tp->tp_len;
	if (h->cooked_hdr)
		data = h->cooked_hdr(h, data, sll, &hdr);
	if (__builtin_expect(h->filter_in_user | m->blk_recheck, 0)) {
		u_int keep = user_filter(p, tp, data, &hdr);

		if (keep == 0)
			return 0;
		if (hdr.caplen > keep)
			hdr.caplen = keep;
	}
	if ((tp->tp_status & TP_STATUS_VLAN_VALID) && h->vlan_offset >= 0)
		data = vlan_reinsert(h, tp, data, &hdr);
	if (hdr.caplen > h->snapshot)
		hdr.caplen = h->snapshot;
	/* The ring's own seconds and nanoseconds: no 64-bit split of a
	 * merged stamp per packet. Division by a constant only: the
	 * compiler turns it into a multiplication, where dividing by the
	 * stored ts_div cost a real divide. */
	hdr.ts.tv_sec = (time_t)sec;
	hdr.ts.tv_usec = (suseconds_t)(h->ts_div == 1 ? nsec : nsec / 1000u);
	cb(user, &hdr, data);
	return 1;
}

/* Consume pcap_breakloop's wake-up, so that the selectable fd does not
 * stay readable for a program that polls it. */
static void drain_wake(const struct tpacket_handle *h)
{
	uint64_t v;

	if (read(h->wakefd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		return;
}

/* Take a pending pcap_breakloop: 1 if there was one. */
static int take_break(pcap_t *p, const struct tpacket_handle *h)
{
	if (!handle_take_break(p))
		return 0;
	drain_wake(h);
	return 1;
}

/* After each packet: has pcap_breakloop been called? n packets so far. */
static inline int broken(pcap_t *p, int n)
{
	if (!__atomic_load_n(&p->break_loop, __ATOMIC_ACQUIRE))
		return 0;
	if (n == 0) {
		take_break(p, p->priv);
		return PCAP_ERROR_BREAK;
	}
	return n;	/* the flag stays set: the next read returns -2 */
}

/* One member: no merge, the ring's own order. */
static int walk_single(pcap_t *p, struct tpacket_handle *h, int cnt,
		       pcap_handler cb, u_char *user)
{
	struct tpacket_member *m = &h->members[0];
	struct tpacket3_hdr *tp = member_peek(m);
	int n = 0, b;

	while (tp != NULL) {
		n += deliver(p, h, m, tp, tp->tp_sec, tp->tp_nsec, cb, user);
		/* member_advance with the packet kept in a register: within
		 * a block the next one is there already, no peek needed. */
		if (--m->left != 0) {
			tp = (struct tpacket3_hdr *)((uint8_t *)tp + tp->tp_next_offset);
			m->pkt = tp;
		} else {
			member_release(m);
			tp = member_peek(m);
		}
		if (cnt > 0 && n >= cnt)
			break;
		if ((b = broken(p, n)) != 0)
			return b;
	}
	return n;
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* A member with nothing visible may still hide packets in the block the
 * kernel is filling (the next one to read, since blocks are read in
 * order): stamped no earlier than that block was opened, which TPACKET_V3
 * records as ts_first_pkt. UINT64_MAX: the block is empty. Read without
 * owning the block, so a packet being written right now can be missed:
 * good enough for loose, which promises no more. */
static inline uint64_t member_hidden_since(const struct tpacket_member *m)
{
	const struct tpacket_block_desc *b = member_block(m, m->cur);

	if (__atomic_load_n(&b->hdr.bh1.num_pkts, __ATOMIC_ACQUIRE) == 0)
		return UINT64_MAX;
	return (uint64_t)b->hdr.bh1.ts_first_pkt.ts_sec * 1000000000u +
		b->hdr.bh1.ts_first_pkt.ts_nsec;
}

/* The member whose available packet is the oldest; NULL if none has one.
 * *all: every member had a packet available. *hidden: the earliest time
 * stamp a member with nothing visible may still hand up later, *hider
 * that member (NULL: none). *next: the oldest of the other members'
 * visible packets (UINT64_MAX: none). Always inlined: as a call, with
 * its results written through pointers, it cost more than delivering
 * the packet. */
static inline __attribute__((always_inline))
struct tpacket_member *oldest(struct tpacket_handle *h, uint64_t *ts,
			      int *all, uint64_t *hidden,
			      struct tpacket_member **hider, uint64_t *next)
{
	struct tpacket_member *best = NULL;
	uint64_t best_ts = UINT64_MAX, second = UINT64_MAX;

	*all = 1;
	*hidden = UINT64_MAX;
	*hider = NULL;
	for (int i = 0; i < h->nmembers; i++) {
		struct tpacket3_hdr *tp = member_peek(&h->members[i]);
		uint64_t t;

		if (tp == NULL) {
			*all = 0;
			t = member_hidden_since(&h->members[i]);
			if (t < *hidden) {
				*hidden = t;
				*hider = &h->members[i];
			}
			continue;
		}
		t = pkt_ts_ns(tp);
		if (t < best_ts) {
			second = best_ts;
			best_ts = t;
			best = &h->members[i];
		} else if (t < second) {
			second = t;
		}
	}
	*ts = best_ts;
	*next = second;
	return best;
}

/* Half of the member's ring is handed up and unread: holding its packets
 * back any longer could make the kernel drop. */
static inline int member_half_full(const struct tpacket_member *m)
{
	unsigned i = m->cur + m->block_nr / 2;

	if (i >= m->block_nr)
		i -= m->block_nr;
	return !!(__atomic_load_n(&member_block(m, i)->hdr.bh1.block_status,
				  __ATOMIC_ACQUIRE) & TP_STATUS_USER);
}

/* The slack given to the kernel's block timer: jiffies round it up on
 * older kernels, and it runs late under load. */
#define LOOSE_SLACK_NS		4000000ull

/*
 * Until when loose waits for the block member w is filling, opened at
 * since. The kernel retires a block that holds packets at the next tick
 * of the member's block timer, and the ticks fall every block timeout
 * from the block's opening: the wait is at most one block timeout (plus
 * slack). Decided once per block, so a block that does not come costs
 * one wait, never more.
 */
static uint64_t loose_wait_until(const struct tpacket_handle *h,
				 struct tpacket_member *w, uint64_t since,
				 uint64_t now)
{
	uint64_t seq = member_block(w, w->cur)->hdr.bh1.seq_num + 1;
	uint64_t tov = h->block_tov_ms * 1000000ull, tick = since + tov;

	if (w->wait_seq == seq)
		return w->wait_until_ns;
	if (now > since)
		tick = since + ((now - since) / tov + 1) * tov;
	w->wait_seq = seq;
	w->wait_until_ns = tick + LOOSE_SLACK_NS;
	return w->wait_until_ns;
}

/*
 * order=loose: merge the packets of every member by time stamp. A member
 * that shows nothing may be filling a block that started before the
 * packet at hand, and each member's block timer runs at its own phase:
 * handing up the others' newer packets now would make time go back as
 * soon as that block retires (about half the packets, with two members).
 * So such a packet waits for that block, once per block, at most until
 * the block's timer fires, and not while the member holding the packet
 * has half its ring waiting (the kernel would drop). Members with an
 * empty block cost nothing (one flow, or a single member: no wait); a
 * non-blocking read never waits.
 */
static int walk_loose(pcap_t *p, struct tpacket_handle *h, int cnt,
		      pcap_handler cb, u_char *user)
{
	struct tpacket_member *m, *w;
	struct tpacket3_hdr *tp;
	uint64_t ts, hidden, until, next, bound, now = 0;
	int n = 0, all, b;

	h->hold_wait_ms = -1;
	while ((m = oldest(h, &ts, &all, &hidden, &w, &next)) != NULL) {
		if (ts > hidden && !h->nonblock && !member_half_full(m)) {
			if (w->wait_seq != member_block(w, w->cur)->hdr.bh1.seq_num + 1)
				now = now_ns();
			until = loose_wait_until(h, w, hidden, now);
			if (now < until)
				now = now_ns();
			if (now < until) {
				h->hold_wait_ms = (int)((until - now) / 1000000u) + 1;
				break;
			}
		}
		/* m's packets up to the other members' oldest one (and up to
		 * what a hidden block may hold) are the oldest of all: hand
		 * them up without scanning every member again. Another
		 * member's block that shows up meanwhile was opened after
		 * hidden, so it holds nothing older. */
		bound = next < hidden ? next : hidden;
		do {
			tp = m->pkt;
			/* the packet's own stamp: hand up its two halves */
			n += deliver(p, h, m, tp, tp->tp_sec, tp->tp_nsec, cb, user);
			member_advance(m);
			if (cnt > 0 && n >= cnt)
				return n;
			if ((b = broken(p, n)) != 0)
				return b;
		} while (m->left != 0 && pkt_ts_ns(m->pkt) <= bound);
	}
	return n;
}

/*
 * order=strict: a packet leaves only when no member can still show an
 * older one: every member has a packet visible, or the packet is older
 * than the block timeout allows a hidden one to be (hold_ns). Time
 * stamps taken on different CPUs can still disagree by a little; the
 * last line of defence keeps them from going backwards.
 */
static int walk_strict(pcap_t *p, struct tpacket_handle *h, int cnt,
		       pcap_handler cb, u_char *user)
{
	struct tpacket_member *m, *w;
	uint64_t ts, hidden, next, now = 0;
	int n = 0, all, b;

	h->hold_wait_ms = -1;
	while ((m = oldest(h, &ts, &all, &hidden, &w, &next)) != NULL) {
		if (!all) {
			if (now < ts + h->hold_ns)
				now = now_ns();
			if (now < ts + h->hold_ns) {
				h->hold_wait_ms = (int)((ts + h->hold_ns - now) / 1000000u) + 1;
				break;
			}
		}
		if (ts < h->last_ts_ns)
			ts = h->last_ts_ns;
		h->last_ts_ns = ts;
		/* Possibly raised to the last one: split it again. */
		n += deliver(p, h, m, m->pkt, (uint32_t)(ts / 1000000000u),
			     (uint32_t)(ts % 1000000000u), cb, user);
		member_advance(m);
		if (cnt > 0 && n >= cnt)
			break;
		if ((b = broken(p, n)) != 0)
			return b;
	}
	return n;
}

void tpacket_choose_walk(struct tpacket_handle *h)
{
	/* Strict with one member still keeps the promise: packets stamped
	 * on different CPUs can meet in one ring out of order by a hair. */
	if (h->dn.order == DEVNAME_ORDER_STRICT)
		h->walk = walk_strict;
	else if (h->nmembers > 1)
		h->walk = walk_loose;
	else
		h->walk = walk_single;
	h->hold_wait_ms = -1;
}

/* A member socket reported an error: the device went down or away. */
static int member_failed(pcap_t *p, struct tpacket_handle *h,
			 struct tpacket_member *m)
{
	int err = 0;
	socklen_t len = sizeof(err);
	char name[IF_NAMESIZE];

	if (getsockopt(m->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (h->ifindex > 0 && if_indextoname((unsigned)h->ifindex, name) == NULL) {
		handle_error(p, "The interface disappeared");
		return PCAP_ERROR;
	}
	if (err == ENETDOWN) {
		handle_error(p, "The interface went down");
		return PCAP_ERROR;
	}
	if (err == 0)
		return 1;
	handle_error_errno(p, err, "%s: error on the packet socket", h->name);
	return PCAP_ERROR;
}

static int ms_until(const struct timespec *deadline)
{
	struct timespec t;
	int64_t ms;

	clock_gettime(CLOCK_MONOTONIC, &t);
	ms = (int64_t)(deadline->tv_sec - t.tv_sec) * 1000 +
		(deadline->tv_nsec - t.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)ms;
}

/* How long this wait may sleep: -1 forever, 0 not at all. */
static int wait_ms(struct tpacket_handle *h, const struct timespec *deadline)
{
	int ms = -1;

	if (h->nonblock)
		return 0;
	if (h->timeout_ms > 0)
		ms = ms_until(deadline);
	if (h->hold_wait_ms >= 0 && (ms < 0 || h->hold_wait_ms < ms))
		ms = h->hold_wait_ms;
	return ms;
}

/* 1: something may be ready, 0: the timeout passed, or a PCAP_ERROR*. */
static int wait_ready(pcap_t *p, struct tpacket_handle *h, int ms)
{
	struct epoll_event ev[16];
	int n;

	n = epoll_wait(h->epfd, ev, 16, ms);
	if (n < 0) {
		if (errno == EINTR)
			return 1;
		handle_error_errno(p, errno, "%s: epoll_wait", h->name);
		return PCAP_ERROR;
	}
	for (int i = 0; i < n; i++) {
		uint32_t tag = ev[i].data.u32;

		if (tag == WAKE_TAG) {
			drain_wake(h);
			continue;
		}
		if (ev[i].events & (EPOLLERR | EPOLLHUP)) {
			int rc = member_failed(p, h, &h->members[tag]);

			if (rc < 0)
				return rc;
		}
	}
	return n > 0;
}

/*
 * The walk held packets back for members that showed nothing: wait for
 * those members only (and pcap_breakloop). On the epoll fd the members
 * whose packets are held are readable already, so epoll_wait would
 * return at once for the whole hold: a spin. The walk peeked every
 * member last, so those that showed something still hold their block
 * (blk); one that has shown a block since is readable and ends the wait.
 */
static int wait_held(pcap_t *p, struct tpacket_handle *h, int ms)
{
	struct pollfd pfd[DEVNAME_MAX_MEMBERS + 1];
	int who[DEVNAME_MAX_MEMBERS];
	nfds_t n = 0;
	int rc;

	for (int i = 0; i < h->nmembers; i++) {
		if (h->members[i].blk != NULL)
			continue;
		pfd[n] = (struct pollfd){ .fd = h->members[i].fd, .events = POLLIN };
		who[n++] = i;
	}
	pfd[n++] = (struct pollfd){ .fd = h->wakefd, .events = POLLIN };
	rc = poll(pfd, n, ms);
	if (rc < 0) {
		if (errno == EINTR)
			return 1;
		handle_error_errno(p, errno, "%s: poll", h->name);
		return PCAP_ERROR;
	}
	if (pfd[n - 1].revents & POLLIN)
		drain_wake(h);
	for (nfds_t i = 0; i + 1 < n; i++) {
		if (pfd[i].revents & (POLLERR | POLLHUP)) {
			int err = member_failed(p, h, &h->members[who[i]]);

			if (err < 0)
				return err;
		}
	}
	return rc > 0;
}

int tpacket_read(pcap_t *p, int cnt, pcap_handler cb, u_char *user)
{
	struct tpacket_handle *h = p->priv;
	struct timespec deadline;
	int rc, n, waited = 0;

	if (h->timeout_ms > 0) {
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_sec += h->timeout_ms / 1000;
		deadline.tv_nsec += (long)(h->timeout_ms % 1000) * 1000000;
		if (deadline.tv_nsec >= 1000000000) {
			deadline.tv_sec++;
			deadline.tv_nsec -= 1000000000;
		}
	}
	for (;;) {
		if (take_break(p, h))
			return PCAP_ERROR_BREAK;
		n = h->walk(p, h, cnt, cb, user);
		if (n != 0)
			return n;
		if (h->nonblock && waited)
			return 0;
		if (waited && h->timeout_ms > 0 && ms_until(&deadline) == 0)
			return 0;
		if (h->hold_wait_ms >= 0)
			rc = wait_held(p, h, wait_ms(h, &deadline));
		else
			rc = wait_ready(p, h, wait_ms(h, &deadline));
		waited = 1;
		if (rc < 0)
			return rc;
		/* A timeout that was only a hold: look again. */
		if (rc == 0 && h->hold_wait_ms < 0 && !h->nonblock)
			return 0;
	}
}

void tpacket_breakloop(pcap_t *p)
{
	struct tpacket_handle *h = p->priv;
	uint64_t one = 1;

	/* Only write(): this runs in signal handlers. */
	if (h && h->wakefd >= 0 && write(h->wakefd, &one, sizeof(one)) < 0)
		return;
}
