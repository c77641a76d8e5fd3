/*
 * Built-in protocol-name tables: Ethernet types (eproto_db, exported as
 * data by libpcap and so by us) and 802.2 LLC SAPs. These names are the
 * filter language's keywords for "ether proto NAME" and "llc NAME"; the
 * sets and values are libpcap 1.10's, checked against the system library
 * by test/diff/test_names_diff.c.
 */
#include "names/names.h"

#include <string.h>

/* Not const: libpcap exports it as writable data, and a program linked
 * against it may hold a copy relocation of this exact size. */
struct eproto eproto_db[] = {
	{ "aarp",	0x80f3 },	/* AppleTalk ARP */
	{ "arp",	0x0806 },
	{ "atalk",	0x809b },	/* AppleTalk DDP */
	{ "decnet",	0x6003 },	/* DECnet phase IV routing */
	{ "ip",		0x0800 },
	{ "ip6",	0x86dd },
	{ "lat",	0x6004 },	/* DEC LAT */
	{ "loopback",	0x9000 },	/* Ethernet configuration testing */
	{ "mopdl",	0x6001 },	/* DEC MOP dump/load */
	{ "moprc",	0x6002 },	/* DEC MOP remote console */
	{ "rarp",	0x8035 },
	{ "sca",	0x6007 },	/* DEC LAVC / SCA */
	{ NULL,		0 },
};

struct llc_name {
	const char *name;
	int sap;
};

static const struct llc_name llc_names[] = {
	{ "iso",	0xfe },		/* ISO network layer (CLNP, ES-IS, IS-IS) */
	{ "stp",	0x42 },		/* 802.1D spanning tree */
	{ "ipx",	0xe0 },		/* Novell IPX */
	{ "netbeui",	0xf0 },		/* NetBIOS */
	{ NULL,		0 },
};

int pcap_nametoeproto(const char *name)
{
	const struct eproto *e;

	for (e = eproto_db; e->s != NULL; e++)
		if (strcmp(e->s, name) == 0)
			return e->p;
	return PROTO_UNDEF;
}

int pcap_nametollc(const char *name)
{
	const struct llc_name *l;

	for (l = llc_names; l->name != NULL; l++)
		if (strcmp(l->name, name) == 0)
			return l->sap;
	return PROTO_UNDEF;
}
