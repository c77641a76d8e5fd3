/*
 * Link types in savefiles. Files carry LINKTYPE_* values, which are the
 * DLT_* values except for a few old ones whose DLT numbers differ between
 * operating systems (see pcap-linktype(7)); and each link type has a
 * largest sane packet, the bound a reader puts on a record's length.
 */
#include "core/handle.h"
#include "core/error.h"
#include "savefile/sf_priv.h"

#include <pcap/dlt.h>

/* LINKTYPE_* values whose DLT_* counterpart has another number here. */
static const struct {
	int linktype;
	int dlt;
} sf_linktype_map[] = {
	{ 100, DLT_ATM_RFC1483 },
	{ 101, DLT_RAW },
	{ 102, DLT_SLIP_BSDOS },
	{ 103, DLT_PPP_BSDOS },
	{ 106, DLT_ATM_CLIP },
};

/* From 104 up (LINKTYPE_C_HDLC onwards) the two spaces agree. */
#define SF_LINKTYPE_MATCHING_MIN	104

int sf_linktype_to_dlt(int linktype)
{
	for (size_t i = 0; i < sizeof(sf_linktype_map) / sizeof(sf_linktype_map[0]); i++)
		if (sf_linktype_map[i].linktype == linktype)
			return sf_linktype_map[i].dlt;
	return linktype;
}

int sf_dlt_to_linktype(int dlt)
{
	for (size_t i = 0; i < sizeof(sf_linktype_map) / sizeof(sf_linktype_map[0]); i++)
		if (sf_linktype_map[i].dlt == dlt)
			return sf_linktype_map[i].linktype;
	if (dlt >= SF_LINKTYPE_MATCHING_MIN)
		return dlt;
	/* The low values that mean the same thing everywhere. */
	if ((dlt >= DLT_NULL && dlt <= DLT_FDDI) || dlt == 50 || dlt == 51 ||
	    dlt == 99)
		return dlt;
	return -1;
}

u_int sf_max_snaplen_for_dlt(int dlt)
{
	/* Link types whose packets are legitimately larger than 256 KiB. */
	switch (dlt) {
	case DLT_DBUS:
		return 128 * 1024 * 1024;
	case DLT_EBHSCR:
		return 8 * 1024 * 1024;
	case DLT_USBPCAP:
		return 1024 * 1024;
	default:
		return SF_MAXIMUM_SNAPLEN;
	}
}

int sf_adjust_snapshot(int dlt, u_int snaplen)
{
	/* libpcap keeps any positive value (records are bounded by the
	 * link type's maximum anyway) and replaces the rest. */
	if ((int)snaplen <= 0)
		return (int)sf_max_snaplen_for_dlt(dlt);
	return (int)snaplen;
}

int sf_check_caplen(pcap_t *p, uint32_t caplen, int within_snapshot)
{
	u_int max = sf_max_snaplen_for_dlt(p->linktype);

	if (caplen <= max && !(within_snapshot && caplen > (uint32_t)p->snapshot))
		return 0;
	/* A damaged or hostile file: say which limit it broke. */
	if (caplen > (uint32_t)p->snapshot)
		handle_error(p, "invalid packet capture length %u, bigger than snaplen of %d",
			     caplen, p->snapshot);
	else
		handle_error(p, "invalid packet capture length %u, bigger than maximum of %u",
			     caplen, max);
	return PCAP_ERROR;
}
