/*
 * PACKET_FANOUT: the members of a handle form one group, so that each
 * packet reaches exactly one of them. Group ids are 16 bits and shared by
 * the whole network namespace: a handle that names no group gets a fresh
 * one from the kernel (PACKET_FANOUT_FLAG_UNIQUEID) so that two unrelated
 * programs never share a group by accident.
 */
#include "capture/fanout.h"
#include "core/error.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* --- a small emitter for the steering program -------------------------- */

#define SYMHASH_LABELS	8

struct cbpf_emit {
	struct sock_filter *insn;
	int n;
	int label_at[SYMHASH_LABELS];
	/* Jumps waiting for their label: instruction, true label, false
	 * label (-1: fall through). */
	struct { int at, lt, lf, ja; } fix[32];
	int nfix;
};

enum { L_V4, L_V6, L_V4_PORTS, L_V6_PORTS, L_MIX };

static void emit(struct cbpf_emit *e, uint16_t code, uint32_t k)
{
	if (e->n >= FANOUT_SYMHASH_MAX)
		abort();	/* the program outgrew its buffer: a bug here */
	e->insn[e->n++] = (struct sock_filter)BPF_STMT(code, k);
}

/* A conditional jump to labels (or -1: the next instruction). */
static void emit_jmp(struct cbpf_emit *e, uint16_t code, uint32_t k, int lt,
		     int lf)
{
	if (e->n >= FANOUT_SYMHASH_MAX || e->nfix >= 32)
		abort();
	e->fix[e->nfix].at = e->n;
	e->fix[e->nfix].lt = lt;
	e->fix[e->nfix].lf = lf;
	e->fix[e->nfix].ja = 0;
	e->nfix++;
	e->insn[e->n++] = (struct sock_filter)BPF_JUMP(code, k, 0, 0);
}

/* An unconditional jump to a label (its offset lives in k). */
static void emit_ja(struct cbpf_emit *e, int l)
{
	if (e->nfix >= 32)
		abort();
	e->fix[e->nfix].at = e->n;
	e->fix[e->nfix].lt = l;
	e->fix[e->nfix].ja = 1;
	e->nfix++;
	emit(e, BPF_JMP | BPF_JA, 0);
}

static void label(struct cbpf_emit *e, int l)
{
	e->label_at[l] = e->n;
}

static uint8_t jump_off(const struct cbpf_emit *e, int at, int l)
{
	return l < 0 ? 0 : (uint8_t)(e->label_at[l] - at - 1);
}

static void resolve(struct cbpf_emit *e)
{
	for (int i = 0; i < e->nfix; i++) {
		int at = e->fix[i].at;

		if (e->fix[i].ja) {
			e->insn[at].k = (uint32_t)(e->label_at[e->fix[i].lt] - at - 1);
			continue;
		}
		e->insn[at].jt = jump_off(e, at, e->fix[i].lt);
		e->insn[at].jf = jump_off(e, at, e->fix[i].lf);
	}
}

/* A ^= M[slot] */
static void xor_mem(struct cbpf_emit *e, int slot)
{
	emit(e, BPF_LDX | BPF_MEM, slot);
	emit(e, BPF_ALU | BPF_XOR | BPF_X, 0);
}

/* M[1] ^= (word at net+a) ^ (word at net+b): one symmetric address pair. */
static void mix_addr_pair(struct cbpf_emit *e, uint32_t a, uint32_t b)
{
	emit(e, BPF_LD | BPF_W | BPF_ABS, SKF_NET_OFF + a);
	emit(e, BPF_ST, 0);
	emit(e, BPF_LD | BPF_W | BPF_ABS, SKF_NET_OFF + b);
	xor_mem(e, 0);
	xor_mem(e, 1);
	emit(e, BPF_ST, 1);
}

/* Jump to ports if A (the transport protocol) carries ports, else to mix. */
static void branch_on_ports(struct cbpf_emit *e, int ports)
{
	emit_jmp(e, BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_TCP, ports, -1);
	emit_jmp(e, BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, ports, -1);
	emit_jmp(e, BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_SCTP, ports, L_MIX);
}

/* M[1] ^= sport ^ dport, ports at X + net + off. */
static void mix_ports(struct cbpf_emit *e, uint32_t off)
{
	emit(e, BPF_LD | BPF_H | BPF_IND, SKF_NET_OFF + off);
	emit(e, BPF_ST, 3);
	emit(e, BPF_LD | BPF_H | BPF_IND, SKF_NET_OFF + off + 2);
	xor_mem(e, 3);
	xor_mem(e, 1);
	emit(e, BPF_ST, 1);
}

/*
 * M[1] accumulates XORs of the address words and of the two ports, which
 * do not change when source and destination swap; M[2] is the transport
 * protocol. The result is finally scrambled (xorshift and a Fibonacci
 * multiply) so that the kernel's "modulo members" sees well-mixed low bits.
 * Runs with skb->data at the MAC header (sent) or the network header
 * (received), hence SKF_NET_OFF loads. Non-IP packets use the skb hash.
 */
int fanout_symhash_program(struct sock_filter *insns)
{
	struct cbpf_emit e = { .insn = insns };

	emit(&e, BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PROTOCOL);
	emit_jmp(&e, BPF_JMP | BPF_JEQ | BPF_K, 0x0800, L_V4, -1);
	emit_jmp(&e, BPF_JMP | BPF_JEQ | BPF_K, 0x86dd, L_V6, -1);
	emit(&e, BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_RXHASH);
	emit(&e, BPF_RET | BPF_A, 0);

	label(&e, L_V4);
	emit(&e, BPF_LD | BPF_IMM, 0);
	emit(&e, BPF_ST, 1);
	mix_addr_pair(&e, 12, 16);
	emit(&e, BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF + 9);
	emit(&e, BPF_ST, 2);
	/* Fragments after the first carry no ports. */
	emit(&e, BPF_LD | BPF_H | BPF_ABS, SKF_NET_OFF + 6);
	emit_jmp(&e, BPF_JMP | BPF_JSET | BPF_K, 0x1fff, L_MIX, -1);
	emit(&e, BPF_LD | BPF_MEM, 2);
	branch_on_ports(&e, L_V4_PORTS);
	label(&e, L_V4_PORTS);
	emit(&e, BPF_LDX | BPF_B | BPF_MSH, SKF_NET_OFF + 0);
	mix_ports(&e, 0);
	emit_ja(&e, L_MIX);

	label(&e, L_V6);
	emit(&e, BPF_LD | BPF_IMM, 0);
	emit(&e, BPF_ST, 1);
	for (uint32_t w = 0; w < 16; w += 4)
		mix_addr_pair(&e, 8 + w, 24 + w);
	emit(&e, BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF + 6);
	emit(&e, BPF_ST, 2);
	branch_on_ports(&e, L_V6_PORTS);
	label(&e, L_V6_PORTS);
	emit(&e, BPF_LDX | BPF_IMM, 40);
	mix_ports(&e, 0);

	label(&e, L_MIX);
	emit(&e, BPF_LD | BPF_MEM, 1);
	xor_mem(&e, 2);
	emit(&e, BPF_MISC | BPF_TAX, 0);
	emit(&e, BPF_ALU | BPF_RSH | BPF_K, 16);
	emit(&e, BPF_ALU | BPF_XOR | BPF_X, 0);
	emit(&e, BPF_ALU | BPF_MUL | BPF_K, 0x9e3779b1u);
	emit(&e, BPF_MISC | BPF_TAX, 0);
	emit(&e, BPF_ALU | BPF_RSH | BPF_K, 15);
	emit(&e, BPF_ALU | BPF_XOR | BPF_X, 0);
	emit(&e, BPF_RET | BPF_A, 0);

	resolve(&e);
	return e.n;
}

/* --- joining ------------------------------------------------------------ */

static int fanout_type(enum devname_fanout mode)
{
	switch (mode) {
	case DEVNAME_FANOUT_SYMHASH:	return PACKET_FANOUT_CBPF;
	case DEVNAME_FANOUT_CPU:	return PACKET_FANOUT_CPU;
	case DEVNAME_FANOUT_LB:		return PACKET_FANOUT_LB;
	case DEVNAME_FANOUT_QM:		return PACKET_FANOUT_QM;
	case DEVNAME_FANOUT_ROLLOVER:	return PACKET_FANOUT_ROLLOVER;
	case DEVNAME_FANOUT_HASH:
	default:			return PACKET_FANOUT_HASH;
	}
}

/*
 * No PACKET_FANOUT_FLAG_DEFRAG: it makes the kernel reassemble IP
 * fragments before steering, and the sockets would then capture the
 * reassembled datagram instead of the fragments that were on the wire.
 * A private group spills over to another member when one ring is full
 * (FLAG_ROLLOVER): all members belong to the one handle, so this trades
 * flow affinity, which the handle's merge does not need, for fewer drops.
 * A shared group keeps strict affinity: its members are other processes
 * (Snort threads) that rely on seeing whole flows.
 */
static int fanout_flags(const struct devname *dn)
{
	if (dn->group != DEVNAME_PRIVATE_GROUP)
		return 0;
	switch (dn->fanout) {
	case DEVNAME_FANOUT_HASH:
	case DEVNAME_FANOUT_SYMHASH:
	case DEVNAME_FANOUT_CPU:
	case DEVNAME_FANOUT_QM:
		return PACKET_FANOUT_FLAG_ROLLOVER;
	default:
		return 0;
	}
}

static int join_one(int fd, int id, int type_flags)
{
	int arg = (id & 0xffff) | (type_flags << 16);

	return setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &arg, sizeof(arg));
}

static int join_error(int err, const struct devname *dn, int id, char *errbuf)
{
	if (err == EINVAL && dn->group != DEVNAME_PRIVATE_GROUP) {
		errbuf_printf(errbuf, "%s: can't join fanout group %d with fanout=%s: the group exists with another mode, or on another device",
			      dn->iface, id, devname_fanout_name(dn->fanout));
		return PCAP_ERROR;
	}
	errbuf_errno(errbuf, err, "%s: PACKET_FANOUT (group %d, fanout=%s)",
		     dn->iface, id, devname_fanout_name(dn->fanout));
	return err == EPERM || err == EACCES ? PCAP_ERROR_PERM_DENIED :
		PCAP_ERROR;
}

static int set_steering(int fd, const struct devname *dn, char *errbuf)
{
	struct sock_filter insns[FANOUT_SYMHASH_MAX];
	struct sock_fprog prog = { .filter = insns };

	prog.len = (unsigned short)fanout_symhash_program(insns);
	if (setsockopt(fd, SOL_PACKET, PACKET_FANOUT_DATA, &prog,
		       sizeof(prog)) == 0)
		return 0;
	errbuf_errno(errbuf, errno, "%s: PACKET_FANOUT_DATA (symhash steering program)",
		     dn->iface);
	return PCAP_ERROR;
}

int fanout_join(const int *fds, int n, const struct devname *dn,
		int *group_id, char *errbuf)
{
	int type_flags = fanout_type(dn->fanout) | fanout_flags(dn);
	int id = dn->group;
	int i = 0;

	if (id == DEVNAME_PRIVATE_GROUP) {
		int val = 0;
		socklen_t len = sizeof(val);

		/* The kernel picks an id no group of this namespace uses. */
		if (join_one(fds[0], 0, type_flags | PACKET_FANOUT_FLAG_UNIQUEID) < 0 ||
		    getsockopt(fds[0], SOL_PACKET, PACKET_FANOUT, &val, &len) < 0)
			return join_error(errno, dn, 0, errbuf);
		id = val & 0xffff;
		i = 1;
	}
	for (; i < n; i++)
		if (join_one(fds[i], id, type_flags) < 0)
			return join_error(errno, dn, id, errbuf);
	*group_id = id;
	if (dn->fanout == DEVNAME_FANOUT_SYMHASH)
		return set_steering(fds[0], dn, errbuf);
	return 0;
}
