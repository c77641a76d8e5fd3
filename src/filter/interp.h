/*
 * The classic BPF interpreter, as the rest of mqpcap uses it: the public
 * bpf_filter() knows nothing about the Linux kernel's ancillary data (its
 * SKF_AD_* loads are out of range, so they reject, as libpcap's do), while
 * user-space filtering of live packets must answer them, because the
 * compiler emits them when the kernel strips VLAN tags.
 */
#ifndef MQPCAP_FILTER_INTERP_H
#define MQPCAP_FILTER_INTERP_H

#include <pcap/pcap.h>
#include <pcap/bpf.h>
#include <stdint.h>

/* Linux's ancillary-data offsets (<linux/filter.h> SKF_AD_*), as absolute
 * load offsets: SKF_AD_OFF is -0x1000. */
#define FILTER_AD_OFF			0xfffff000u
#define FILTER_AD_VLAN_TAG		(FILTER_AD_OFF + 44)
#define FILTER_AD_VLAN_TAG_PRESENT	(FILTER_AD_OFF + 48)
#define FILTER_AD_VLAN_TPID		(FILTER_AD_OFF + 60)

/* What the kernel knew about a packet beyond its bytes. */
struct filter_aux {
	uint16_t vlan_tci;	/* the stripped tag's TCI, host order */
	uint16_t vlan_tpid;	/* its TPID (0x8100, 0x88a8), host order */
	uint8_t vlan_present;	/* 1 if a tag was stripped */
};

/*
 * Run insns over pkt (buflen bytes captured of wirelen on the wire) and
 * return what the program returns: 0 rejects, otherwise the number of
 * bytes to keep. With aux non-NULL, absolute loads of FILTER_AD_VLAN_*
 * give the kernel's answer; with aux NULL, this is bpf_filter().
 */
u_int filter_run_with_aux(const struct bpf_insn *insns, const u_char *pkt,
			  u_int wirelen, u_int buflen,
			  const struct filter_aux *aux);

#endif
