/*
 * pcap_offline_filter(): run a compiled program over one packet the way a
 * savefile reader does. A program without instructions rejects, as
 * libpcap's does (unlike bpf_filter(NULL, ...), which accepts).
 */
#include <pcap/pcap.h>

int pcap_offline_filter(const struct bpf_program *prog,
			const struct pcap_pkthdr *h, const u_char *pkt)
{
	if (prog->bf_insns == NULL)
		return 0;
	return (int)bpf_filter(prog->bf_insns, pkt, h->len, h->caplen);
}
