/*
 * mqpcap: data link types (DLT_*) as libpcap's <pcap/dlt.h> numbers them.
 * TODO(abi): complete list; see test/unit/test_abi.c.
 */
#ifndef lib_pcap_dlt_h
#define lib_pcap_dlt_h

#define DLT_NULL	0
#define DLT_EN10MB	1
#define DLT_EN3MB	2
#define DLT_AX25	3
#define DLT_PRONET	4
#define DLT_CHAOS	5
#define DLT_IEEE802	6
#define DLT_ARCNET	7
#define DLT_SLIP	8
#define DLT_PPP		9
#define DLT_FDDI	10
#define DLT_ATM_RFC1483	11
#define DLT_RAW		12
#define DLT_SLIP_BSDOS	15
#define DLT_PPP_BSDOS	16
#define DLT_PFSYNC	18
#define DLT_ATM_CLIP	19
#define DLT_REDBACK_SMARTEDGE	32
#define DLT_PPP_SERIAL	50
#define DLT_PPP_ETHER	51
#define DLT_SYMANTEC_FIREWALL	99
#define DLT_MATCHING_MIN	104
#define DLT_C_HDLC	104
#define DLT_CHDLC	DLT_C_HDLC
#define DLT_IEEE802_11	105
#define DLT_FRELAY	107
#define DLT_LOOP	108
#define DLT_ENC		109
#define DLT_LINUX_SLL	113
#define DLT_LTALK	114
#define DLT_ECONET	115
#define DLT_IPFILTER	116
#define DLT_PFLOG	117
#define DLT_CISCO_IOS	118
#define DLT_PRISM_HEADER	119
#define DLT_AIRONET_HEADER	120
#define DLT_IP_OVER_FC	122
#define DLT_SUNATM	123
#define DLT_IEEE802_11_RADIO	127
#define DLT_ARCNET_LINUX	129
#define DLT_LINUX_IRDA	144
#define DLT_USER0	147
#define DLT_IEEE802_11_RADIO_AVS	163
#define DLT_DOCSIS	143
#define DLT_MTP2_WITH_PHDR	139
#define DLT_MTP2	140
#define DLT_MTP3	141
#define DLT_SCCP	142
#define DLT_ERF	197
#define DLT_IPNET	226
#define DLT_CAN_SOCKETCAN	227
#define DLT_IPV4	228
#define DLT_IPV6	229
#define DLT_NETANALYZER	240
#define DLT_NETANALYZER_TRANSPARENT	241
#define DLT_NFLOG	239
#define DLT_USBPCAP	249
#define DLT_NETLINK	253
#define DLT_LINUX_SLL2	276
#define DLT_MATCHING_MAX	292

#define DLT_CLASS(x)		((x) & 0x03ff0000)
#define DLT_NETBSD_RAWAF_TAG	0x02240000
#define DLT_NETBSD_RAWAF(af)	(DLT_NETBSD_RAWAF_TAG | (af))
#define DLT_NETBSD_RAWAF_AF(x)	((x) & 0x0000ffff)
#define DLT_IS_NETBSD_RAWAF(x)	(DLT_CLASS(x) == DLT_NETBSD_RAWAF_TAG)

#endif
