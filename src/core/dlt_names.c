/*
 * Link-type names: the short name (the DLT_ macro without its prefix, as
 * tcpdump -L and -y use) and the human description of every link type that
 * libpcap names. Link types missing here have no name (NULL), as in libpcap.
 */
#include "core/handle.h"

#include <stdio.h>
#include <strings.h>

struct dlt_name {
	int dlt;
	const char *name;
	const char *description;
};

#define DLT_ROW(name, description)	{ DLT_##name, #name, description }

static const struct dlt_name dlt_names[] = {
	DLT_ROW(NULL, "BSD loopback"),
	DLT_ROW(EN10MB, "Ethernet"),
	DLT_ROW(IEEE802, "Token ring"),
	DLT_ROW(ARCNET, "BSD ARCNET"),
	DLT_ROW(SLIP, "SLIP"),
	DLT_ROW(PPP, "PPP"),
	DLT_ROW(FDDI, "FDDI"),
	DLT_ROW(ATM_RFC1483, "RFC 1483 LLC-encapsulated ATM"),
	DLT_ROW(RAW, "Raw IP"),
	DLT_ROW(SLIP_BSDOS, "BSD/OS SLIP"),
	DLT_ROW(PPP_BSDOS, "BSD/OS PPP"),
	DLT_ROW(ATM_CLIP, "Linux Classical IP over ATM"),
	DLT_ROW(PPP_SERIAL, "PPP over serial"),
	DLT_ROW(PPP_ETHER, "PPPoE"),
	DLT_ROW(SYMANTEC_FIREWALL, "Symantec Firewall"),
	DLT_ROW(C_HDLC, "Cisco HDLC"),
	DLT_ROW(IEEE802_11, "802.11"),
	DLT_ROW(FRELAY, "Frame Relay"),
	DLT_ROW(LOOP, "OpenBSD loopback"),
	DLT_ROW(ENC, "OpenBSD encapsulated IP"),
	DLT_ROW(LINUX_SLL, "Linux cooked v1"),
	DLT_ROW(LTALK, "Localtalk"),
	DLT_ROW(PFLOG, "OpenBSD pflog file"),
	DLT_ROW(PRISM_HEADER, "802.11 plus Prism header"),
	DLT_ROW(IP_OVER_FC, "RFC 2625 IP-over-Fibre Channel"),
	DLT_ROW(SUNATM, "Sun raw ATM"),
	DLT_ROW(IEEE802_11_RADIO, "802.11 plus radiotap header"),
	DLT_ROW(ARCNET_LINUX, "Linux ARCNET"),
	DLT_ROW(JUNIPER_MLPPP, "Juniper Multi-Link PPP"),
	DLT_ROW(JUNIPER_MLFR, "Juniper Multi-Link Frame Relay"),
	DLT_ROW(JUNIPER_ES, "Juniper Encryption Services PIC"),
	DLT_ROW(JUNIPER_GGSN, "Juniper GGSN PIC"),
	DLT_ROW(JUNIPER_MFR, "Juniper FRF.16 Frame Relay"),
	DLT_ROW(JUNIPER_ATM2, "Juniper ATM2 PIC"),
	DLT_ROW(JUNIPER_SERVICES, "Juniper Advanced Services PIC"),
	DLT_ROW(JUNIPER_ATM1, "Juniper ATM1 PIC"),
	DLT_ROW(APPLE_IP_OVER_IEEE1394, "Apple IP-over-IEEE 1394"),
	DLT_ROW(MTP2_WITH_PHDR, "SS7 MTP2 with Pseudo-header"),
	DLT_ROW(MTP2, "SS7 MTP2"),
	DLT_ROW(MTP3, "SS7 MTP3"),
	DLT_ROW(SCCP, "SS7 SCCP"),
	DLT_ROW(DOCSIS, "DOCSIS"),
	DLT_ROW(LINUX_IRDA, "Linux IrDA"),
	DLT_ROW(IEEE802_11_RADIO_AVS, "802.11 plus AVS radio information header"),
	DLT_ROW(JUNIPER_MONITOR, "Juniper Passive Monitor PIC"),
	DLT_ROW(BACNET_MS_TP, "BACnet MS/TP"),
	DLT_ROW(PPP_PPPD, "PPP for pppd, with direction flag"),
	DLT_ROW(JUNIPER_PPPOE, "Juniper PPPoE"),
	DLT_ROW(JUNIPER_PPPOE_ATM, "Juniper PPPoE/ATM"),
	DLT_ROW(GPRS_LLC, "GPRS LLC"),
	DLT_ROW(GPF_T, "GPF-T"),
	DLT_ROW(GPF_F, "GPF-F"),
	DLT_ROW(JUNIPER_PIC_PEER, "Juniper PIC Peer"),
	DLT_ROW(ERF_ETH, "Ethernet with Endace ERF header"),
	DLT_ROW(ERF_POS, "Packet-over-SONET with Endace ERF header"),
	DLT_ROW(LINUX_LAPD, "Linux vISDN LAPD"),
	DLT_ROW(JUNIPER_ETHER, "Juniper Ethernet"),
	DLT_ROW(JUNIPER_PPP, "Juniper PPP"),
	DLT_ROW(JUNIPER_FRELAY, "Juniper Frame Relay"),
	DLT_ROW(JUNIPER_CHDLC, "Juniper C-HDLC"),
	DLT_ROW(MFR, "FRF.16 Frame Relay"),
	DLT_ROW(JUNIPER_VP, "Juniper Voice PIC"),
	DLT_ROW(A429, "Arinc 429"),
	DLT_ROW(A653_ICM, "Arinc 653 Interpartition Communication"),
	DLT_ROW(USB_FREEBSD, "USB with FreeBSD header"),
	DLT_ROW(BLUETOOTH_HCI_H4, "Bluetooth HCI UART transport layer"),
	DLT_ROW(IEEE802_16_MAC_CPS, "IEEE 802.16 MAC Common Part Sublayer"),
	DLT_ROW(USB_LINUX, "USB with Linux header"),
	DLT_ROW(CAN20B, "Controller Area Network (CAN) v. 2.0B"),
	DLT_ROW(IEEE802_15_4_LINUX, "IEEE 802.15.4 with Linux padding"),
	DLT_ROW(PPI, "Per-Packet Information"),
	DLT_ROW(IEEE802_16_MAC_CPS_RADIO, "IEEE 802.16 MAC Common Part Sublayer plus radiotap header"),
	DLT_ROW(JUNIPER_ISM, "Juniper Integrated Service Module"),
	DLT_ROW(IEEE802_15_4, "IEEE 802.15.4 with FCS"),
	DLT_ROW(SITA, "SITA pseudo-header"),
	DLT_ROW(ERF, "Endace ERF header"),
	DLT_ROW(RAIF1, "Ethernet with u10 Networks pseudo-header"),
	DLT_ROW(IPMB_KONTRON, "IPMB with Kontron pseudo-header"),
	DLT_ROW(JUNIPER_ST, "Juniper Secure Tunnel"),
	DLT_ROW(BLUETOOTH_HCI_H4_WITH_PHDR, "Bluetooth HCI UART transport layer plus pseudo-header"),
	DLT_ROW(AX25_KISS, "AX.25 with KISS header"),
	DLT_ROW(IPMB_LINUX, "IPMB with Linux/Pigeon Point pseudo-header"),
	DLT_ROW(IEEE802_15_4_NONASK_PHY, "IEEE 802.15.4 with non-ASK PHY data"),
	DLT_ROW(LINUX_EVDEV, "Linux evdev events"),
	DLT_ROW(MPLS, "MPLS with label as link-layer header"),
	DLT_ROW(USB_LINUX_MMAPPED, "USB with padded Linux header"),
	DLT_ROW(DECT, "DECT"),
	DLT_ROW(AOS, "AOS Space Data Link protocol"),
	DLT_ROW(WIHART, "Wireless HART"),
	DLT_ROW(FC_2, "Fibre Channel FC-2"),
	DLT_ROW(FC_2_WITH_FRAME_DELIMS, "Fibre Channel FC-2 with frame delimiters"),
	DLT_ROW(IPNET, "Solaris ipnet"),
	DLT_ROW(CAN_SOCKETCAN, "CAN-bus with SocketCAN headers"),
	DLT_ROW(IPV4, "Raw IPv4"),
	DLT_ROW(IPV6, "Raw IPv6"),
	DLT_ROW(IEEE802_15_4_NOFCS, "IEEE 802.15.4 without FCS"),
	DLT_ROW(DBUS, "D-Bus"),
	DLT_ROW(JUNIPER_VS, "Juniper Virtual Server"),
	DLT_ROW(JUNIPER_SRX_E2E, "Juniper SRX E2E"),
	DLT_ROW(JUNIPER_FIBRECHANNEL, "Juniper Fibre Channel"),
	DLT_ROW(DVB_CI, "DVB-CI"),
	DLT_ROW(MUX27010, "MUX27010"),
	DLT_ROW(STANAG_5066_D_PDU, "STANAG 5066 D_PDUs"),
	DLT_ROW(JUNIPER_ATM_CEMIC, "Juniper ATM CEMIC"),
	DLT_ROW(NFLOG, "Linux netfilter log messages"),
	DLT_ROW(NETANALYZER, "Ethernet with Hilscher netANALYZER pseudo-header"),
	DLT_ROW(NETANALYZER_TRANSPARENT, "Ethernet with Hilscher netANALYZER pseudo-header and with preamble and SFD"),
	DLT_ROW(IPOIB, "RFC 4391 IP-over-Infiniband"),
	DLT_ROW(MPEG_2_TS, "MPEG-2 transport stream"),
	DLT_ROW(NG40, "ng40 protocol tester Iub/Iur"),
	DLT_ROW(NFC_LLCP, "NFC LLCP PDUs with pseudo-header"),
	DLT_ROW(PFSYNC, "Packet filter state syncing"),
	DLT_ROW(INFINIBAND, "InfiniBand"),
	DLT_ROW(SCTP, "SCTP"),
	DLT_ROW(USBPCAP, "USB with USBPcap header"),
	DLT_ROW(RTAC_SERIAL, "Schweitzer Engineering Laboratories RTAC packets"),
	DLT_ROW(BLUETOOTH_LE_LL, "Bluetooth Low Energy air interface"),
	DLT_ROW(NETLINK, "Linux netlink"),
	DLT_ROW(BLUETOOTH_LINUX_MONITOR, "Bluetooth Linux Monitor"),
	DLT_ROW(BLUETOOTH_BREDR_BB, "Bluetooth Basic Rate/Enhanced Data Rate baseband packets"),
	DLT_ROW(BLUETOOTH_LE_LL_WITH_PHDR, "Bluetooth Low Energy air interface with pseudo-header"),
	DLT_ROW(PROFIBUS_DL, "PROFIBUS data link layer"),
	DLT_ROW(PKTAP, "Apple DLT_PKTAP"),
	DLT_ROW(EPON, "Ethernet with 802.3 Clause 65 EPON preamble"),
	DLT_ROW(IPMI_HPM_2, "IPMI trace packets"),
	DLT_ROW(ZWAVE_R1_R2, "Z-Wave RF profile R1 and R2 packets"),
	DLT_ROW(ZWAVE_R3, "Z-Wave RF profile R3 packets"),
	DLT_ROW(WATTSTOPPER_DLM, "WattStopper Digital Lighting Management (DLM) and Legrand Nitoo Open protocol"),
	DLT_ROW(ISO_14443, "ISO 14443 messages"),
	DLT_ROW(RDS, "IEC 62106 Radio Data System groups"),
	DLT_ROW(USB_DARWIN, "USB with Darwin header"),
	DLT_ROW(OPENFLOW, "OpenBSD DLT_OPENFLOW"),
	DLT_ROW(SDLC, "IBM SDLC frames"),
	DLT_ROW(TI_LLN_SNIFFER, "TI LLN sniffer frames"),
	DLT_ROW(VSOCK, "Linux vsock"),
	DLT_ROW(NORDIC_BLE, "Nordic Semiconductor Bluetooth LE sniffer frames"),
	DLT_ROW(DOCSIS31_XRA31, "Excentis XRA-31 DOCSIS 3.1 RF sniffer frames"),
	DLT_ROW(ETHERNET_MPACKET, "802.3br mPackets"),
	DLT_ROW(DISPLAYPORT_AUX, "DisplayPort AUX channel monitoring data"),
	DLT_ROW(LINUX_SLL2, "Linux cooked v2"),
	DLT_ROW(OPENVIZSLA, "OpenVizsla USB"),
	DLT_ROW(EBHSCR, "Elektrobit High Speed Capture and Replay (EBHSCR)"),
	DLT_ROW(VPP_DISPATCH, "VPP graph dispatch tracer"),
	DLT_ROW(DSA_TAG_BRCM, "Broadcom tag"),
	DLT_ROW(DSA_TAG_BRCM_PREPEND, "Broadcom tag (prepended)"),
	DLT_ROW(IEEE802_15_4_TAP, "IEEE 802.15.4 with pseudo-header"),
	DLT_ROW(DSA_TAG_DSA, "Marvell DSA"),
	DLT_ROW(DSA_TAG_EDSA, "Marvell EDSA"),
	DLT_ROW(ELEE, "ELEE lawful intercept packets"),
	DLT_ROW(Z_WAVE_SERIAL, "Z-Wave serial frames between host and chip"),
	DLT_ROW(USB_2_0, "USB 2.0/1.1/1.0 as transmitted over the cable"),
	DLT_ROW(ATSC_ALP, "ATSC Link-Layer Protocol packets"),
};

#define DLT_NAME_COUNT	(sizeof(dlt_names) / sizeof(dlt_names[0]))

static const struct dlt_name *dlt_name_lookup(int dlt)
{
	for (size_t i = 0; i < DLT_NAME_COUNT; i++)
		if (dlt_names[i].dlt == dlt)
			return &dlt_names[i];
	return NULL;
}

/* Names are matched without regard to case: tcpdump -y en10mb works. */
int pcap_datalink_name_to_val(const char *name)
{
	if (name == NULL)
		return -1;
	for (size_t i = 0; i < DLT_NAME_COUNT; i++)
		if (strcasecmp(dlt_names[i].name, name) == 0)
			return dlt_names[i].dlt;
	return -1;
}

const char *pcap_datalink_val_to_name(int dlt)
{
	const struct dlt_name *n = dlt_name_lookup(dlt);

	return n ? n->name : NULL;
}

const char *pcap_datalink_val_to_description(int dlt)
{
	const struct dlt_name *n = dlt_name_lookup(dlt);

	return n ? n->description : NULL;
}

/* Never NULL: unnamed link types read "DLT <number>". The text lives in a
 * per-thread buffer, valid until this thread's next call. */
const char *pcap_datalink_val_to_description_or_dlt(int dlt)
{
	static __thread char unnamed[sizeof("DLT -2147483648")];
	const struct dlt_name *n = dlt_name_lookup(dlt);

	if (n)
		return n->description;
	snprintf(unnamed, sizeof(unnamed), "DLT %d", dlt);
	return unnamed;
}
