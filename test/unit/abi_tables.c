/*
 * One side of the ABI comparison: compiled twice, once against the
 * system's libpcap headers (ABI_SIDE_SYSTEM) and once against mqpcap's,
 * each time producing the same tables (same rows in the same order) under
 * a different name. test_abi.c compares the two row by row.
 */
#include "abi_includes.h"
#include "abi_tables.h"

#include <stddef.h>

#ifdef ABI_SIDE_SYSTEM
#define ABI_TABLE(name)	name##_system
#else
#define ABI_TABLE(name)	name##_mqpcap
#endif

#ifndef ABI_NO_SYSTEM_HEADERS

/* The C type of a constant or member, so that 0xffffffff and -1 (or an
 * int and a u_int field) are told apart. */
#define ABI_TYPE(x) _Generic((x),					\
	int: 'i', unsigned int: 'u', long: 'l', unsigned long: 'L',	\
	long long: 'q', unsigned long long: 'Q', char: 'c',		\
	signed char: 'b', unsigned char: 'B', short: 's',		\
	unsigned short: 'S', default: '?')

#define ABI_INT(n) { .name = #n, .kind = ABI_KIND_INT, .present = 1,	\
	.v = { (long long)(n) }, .size = sizeof(n), .type = ABI_TYPE(n) },
#define ABI_STR(n) { .name = #n, .kind = ABI_KIND_STR, .present = 1,	\
	.str = (n) },
#define ABI_DEFINED(n) { .name = #n, .kind = ABI_KIND_DEFINED, .present = 1 },
#define ABI_ABSENT(n) { .name = #n, .present = 0 },
/* Function-like macros, evaluated at a few probe arguments. */
#define ABI_FN1(n) { .name = #n "(x)", .kind = ABI_KIND_FN, .present = 1, \
	.v = { (long long)n(0), (long long)n(1), (long long)n(0x7fffffff), \
	       (long long)n(0x12345678u), (long long)n(0xdeadbeefu) } },
#define ABI_FN2(n) { .name = #n "(x,y)", .kind = ABI_KIND_FN, .present = 1, \
	.v = { n(0, 0), n(2, 95), n(4, 5), n(12, 0), n(99, 0) } },
/* BPF_STMT and BPF_JUMP expand to a brace initializer for an instruction:
 * let them initialise a struct of the same shape. */
#define ABI_INSN_ROW(n, ...) { .name = #n, .kind = ABI_KIND_INSN, .present = 1, \
	.insn = __VA_ARGS__ },
#define ABI_INSN2(n) ABI_INSN_ROW(n, n(0x10028, 0x89abcdef))
#define ABI_INSN4(n) ABI_INSN_ROW(n, n(0x15, 0x800, 3, 250))

const struct abi_macro ABI_TABLE(abi_macros)[] = {
#include "abi_items.h"
};
const size_t ABI_TABLE(abi_macro_count) =
	sizeof(ABI_TABLE(abi_macros)) / sizeof(ABI_TABLE(abi_macros)[0]);

/* Layouts: every public struct, its size, and every member's offset and
 * size; typedefs and enumerators that programs depend on. */
#define SIZE(t)		{ "sizeof(" #t ")", sizeof(t) },
#define MEMBER(t, m)	{ "offsetof(" #t ", " #m ")", offsetof(t, m) }, \
			{ "sizeof(" #t "." #m ")", sizeof(((t *)0)->m) }, \
			{ "type(" #t "." #m ")", ABI_TYPE(((t *)0)->m) },
#define VALUE(e)	{ #e, (long long)(e) },

const struct abi_layout ABI_TABLE(abi_layouts)[] = {
	SIZE(bpf_int32) SIZE(bpf_u_int32) SIZE(pcap_direction_t)
	SIZE(pcap_handler)
	VALUE(PCAP_D_INOUT) VALUE(PCAP_D_IN) VALUE(PCAP_D_OUT)

	SIZE(struct pcap_file_header)
	MEMBER(struct pcap_file_header, magic)
	MEMBER(struct pcap_file_header, version_major)
	MEMBER(struct pcap_file_header, version_minor)
	MEMBER(struct pcap_file_header, thiszone)
	MEMBER(struct pcap_file_header, sigfigs)
	MEMBER(struct pcap_file_header, snaplen)
	MEMBER(struct pcap_file_header, linktype)

	SIZE(struct pcap_pkthdr)
	MEMBER(struct pcap_pkthdr, ts)
	MEMBER(struct pcap_pkthdr, caplen)
	MEMBER(struct pcap_pkthdr, len)

	SIZE(struct pcap_stat)
	MEMBER(struct pcap_stat, ps_recv)
	MEMBER(struct pcap_stat, ps_drop)
	MEMBER(struct pcap_stat, ps_ifdrop)

	SIZE(struct pcap_if) SIZE(pcap_if_t)
	MEMBER(struct pcap_if, next)
	MEMBER(struct pcap_if, name)
	MEMBER(struct pcap_if, description)
	MEMBER(struct pcap_if, addresses)
	MEMBER(struct pcap_if, flags)

	SIZE(struct pcap_addr) SIZE(pcap_addr_t)
	MEMBER(struct pcap_addr, next)
	MEMBER(struct pcap_addr, addr)
	MEMBER(struct pcap_addr, netmask)
	MEMBER(struct pcap_addr, broadaddr)
	MEMBER(struct pcap_addr, dstaddr)

	SIZE(struct pcap_rmtauth)
	MEMBER(struct pcap_rmtauth, type)
	MEMBER(struct pcap_rmtauth, username)
	MEMBER(struct pcap_rmtauth, password)

	SIZE(struct pcap_samp)
	MEMBER(struct pcap_samp, method)
	MEMBER(struct pcap_samp, value)

	SIZE(struct bpf_program)
	MEMBER(struct bpf_program, bf_len)
	MEMBER(struct bpf_program, bf_insns)

	SIZE(struct bpf_insn)
	MEMBER(struct bpf_insn, code)
	MEMBER(struct bpf_insn, jt)
	MEMBER(struct bpf_insn, jf)
	MEMBER(struct bpf_insn, k)

	SIZE(struct pcap_etherent)
	MEMBER(struct pcap_etherent, addr)
	MEMBER(struct pcap_etherent, name)

	SIZE(struct sll_header)
	MEMBER(struct sll_header, sll_pkttype)
	MEMBER(struct sll_header, sll_hatype)
	MEMBER(struct sll_header, sll_halen)
	MEMBER(struct sll_header, sll_addr)
	MEMBER(struct sll_header, sll_protocol)

	SIZE(struct sll2_header)
	MEMBER(struct sll2_header, sll2_protocol)
	MEMBER(struct sll2_header, sll2_reserved_mbz)
	MEMBER(struct sll2_header, sll2_if_index)
	MEMBER(struct sll2_header, sll2_hatype)
	MEMBER(struct sll2_header, sll2_pkttype)
	MEMBER(struct sll2_header, sll2_halen)
	MEMBER(struct sll2_header, sll2_addr)

	SIZE(struct vlan_tag)
	MEMBER(struct vlan_tag, vlan_tpid)
	MEMBER(struct vlan_tag, vlan_tci)

	SIZE(pcap_usb_setup)
	MEMBER(pcap_usb_setup, bmRequestType)
	MEMBER(pcap_usb_setup, bRequest)
	MEMBER(pcap_usb_setup, wValue)
	MEMBER(pcap_usb_setup, wIndex)
	MEMBER(pcap_usb_setup, wLength)
	SIZE(iso_rec)
	MEMBER(iso_rec, error_count)
	MEMBER(iso_rec, numdesc)
	SIZE(pcap_usb_header)
	MEMBER(pcap_usb_header, id)
	MEMBER(pcap_usb_header, event_type)
	MEMBER(pcap_usb_header, transfer_type)
	MEMBER(pcap_usb_header, endpoint_number)
	MEMBER(pcap_usb_header, device_address)
	MEMBER(pcap_usb_header, bus_id)
	MEMBER(pcap_usb_header, setup_flag)
	MEMBER(pcap_usb_header, data_flag)
	MEMBER(pcap_usb_header, ts_sec)
	MEMBER(pcap_usb_header, ts_usec)
	MEMBER(pcap_usb_header, status)
	MEMBER(pcap_usb_header, urb_len)
	MEMBER(pcap_usb_header, data_len)
	MEMBER(pcap_usb_header, setup)
	SIZE(pcap_usb_header_mmapped)
	MEMBER(pcap_usb_header_mmapped, id)
	MEMBER(pcap_usb_header_mmapped, event_type)
	MEMBER(pcap_usb_header_mmapped, transfer_type)
	MEMBER(pcap_usb_header_mmapped, endpoint_number)
	MEMBER(pcap_usb_header_mmapped, device_address)
	MEMBER(pcap_usb_header_mmapped, bus_id)
	MEMBER(pcap_usb_header_mmapped, setup_flag)
	MEMBER(pcap_usb_header_mmapped, data_flag)
	MEMBER(pcap_usb_header_mmapped, ts_sec)
	MEMBER(pcap_usb_header_mmapped, ts_usec)
	MEMBER(pcap_usb_header_mmapped, status)
	MEMBER(pcap_usb_header_mmapped, urb_len)
	MEMBER(pcap_usb_header_mmapped, data_len)
	MEMBER(pcap_usb_header_mmapped, s)
	MEMBER(pcap_usb_header_mmapped, s.setup)
	MEMBER(pcap_usb_header_mmapped, s.iso)
	MEMBER(pcap_usb_header_mmapped, interval)
	MEMBER(pcap_usb_header_mmapped, start_frame)
	MEMBER(pcap_usb_header_mmapped, xfer_flags)
	MEMBER(pcap_usb_header_mmapped, ndesc)
	SIZE(usb_isodesc)
	MEMBER(usb_isodesc, status)
	MEMBER(usb_isodesc, offset)
	MEMBER(usb_isodesc, len)
	MEMBER(usb_isodesc, pad)

	SIZE(pcap_bluetooth_h4_header)
	MEMBER(pcap_bluetooth_h4_header, direction)
	SIZE(pcap_bluetooth_linux_monitor_header)
	MEMBER(pcap_bluetooth_linux_monitor_header, adapter_id)
	MEMBER(pcap_bluetooth_linux_monitor_header, opcode)

	SIZE(pcap_can_socketcan_hdr)
	MEMBER(pcap_can_socketcan_hdr, can_id)
	MEMBER(pcap_can_socketcan_hdr, payload_length)
	MEMBER(pcap_can_socketcan_hdr, fd_flags)
	MEMBER(pcap_can_socketcan_hdr, reserved1)
	MEMBER(pcap_can_socketcan_hdr, reserved2)

	SIZE(nflog_hdr_t)
	MEMBER(nflog_hdr_t, nflog_family)
	MEMBER(nflog_hdr_t, nflog_version)
	MEMBER(nflog_hdr_t, nflog_rid)
	SIZE(nflog_tlv_t)
	MEMBER(nflog_tlv_t, tlv_length)
	MEMBER(nflog_tlv_t, tlv_type)
	SIZE(nflog_packet_hdr_t)
	MEMBER(nflog_packet_hdr_t, hw_protocol)
	MEMBER(nflog_packet_hdr_t, hook)
	MEMBER(nflog_packet_hdr_t, pad)
	SIZE(nflog_hwaddr_t)
	MEMBER(nflog_hwaddr_t, hw_addrlen)
	MEMBER(nflog_hwaddr_t, pad)
	MEMBER(nflog_hwaddr_t, hw_addr)
	SIZE(nflog_timestamp_t)
	MEMBER(nflog_timestamp_t, sec)
	MEMBER(nflog_timestamp_t, usec)
};
const size_t ABI_TABLE(abi_layout_count) =
	sizeof(ABI_TABLE(abi_layouts)) / sizeof(ABI_TABLE(abi_layouts)[0]);

#else /* no system headers to compare with */

const struct abi_macro ABI_TABLE(abi_macros)[1];
const size_t ABI_TABLE(abi_macro_count);
const struct abi_layout ABI_TABLE(abi_layouts)[1];
const size_t ABI_TABLE(abi_layout_count);

#endif
