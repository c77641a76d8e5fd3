/*
 * Identifiers under qualifiers: what `[proto] [dir] [type] ID` means for
 * a name, a number, a dotted address, an address/len or address mask M,
 * an IPv6 address or a MAC address, including the resolver look-ups
 * (hosts, networks, services, protocols, /etc/ethers) and libpcap's rules
 * for short dotted numbers ("net 10" is 10.0.0.0/8, "host 1.2.3" matches
 * 1.2.3.0/24).
 */
#include "filter/gen_internal.h"
#include "filter/gen_families.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/ether.h>
#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define GEN_IPPROTO_TCP		6
#define GEN_IPPROTO_UDP		17
#define GEN_IPPROTO_SCTP	132
#define GEN_ETHERTYPE_IP	0x0800
#define GEN_ETHERTYPE_IPV6	0x86dd

static const char *const gen_proto_names[] = {
	[GQ_PROTO_DEFAULT] = "", [GQ_LINK] = "link", [GQ_IP] = "ip",
	[GQ_ARP] = "arp", [GQ_RARP] = "rarp", [GQ_SCTP] = "sctp",
	[GQ_TCP] = "tcp", [GQ_UDP] = "udp", [GQ_ICMP] = "icmp",
	[GQ_IGMP] = "igmp", [GQ_IGRP] = "igrp", [GQ_ATALK] = "atalk",
	[GQ_DECNET] = "decnet", [GQ_LAT] = "lat", [GQ_SCA] = "sca",
	[GQ_MOPRC] = "moprc", [GQ_MOPDL] = "mopdl", [GQ_IPV6] = "ip6",
	[GQ_ICMPV6] = "icmp6", [GQ_AH] = "ah", [GQ_ESP] = "esp",
	[GQ_PIM] = "pim", [GQ_VRRP] = "vrrp", [GQ_AARP] = "aarp",
	[GQ_ISO] = "iso", [GQ_ESIS] = "esis", [GQ_ISIS] = "isis",
	[GQ_CLNP] = "clnp", [GQ_STP] = "stp", [GQ_IPX] = "ipx",
	[GQ_NETBEUI] = "netbeui", [GQ_ISIS_L1] = "l1", [GQ_ISIS_L2] = "l2",
	[GQ_ISIS_IIH] = "iih", [GQ_ISIS_SNP] = "snp", [GQ_ISIS_CSNP] = "csnp",
	[GQ_ISIS_PSNP] = "psnp", [GQ_ISIS_LSP] = "lsp", [GQ_RADIO] = "radio",
	[GQ_CARP] = "carp",
};

const char *gen_qproto_name(int proto)
{
	if (proto >= 0 && (size_t)proto < sizeof(gen_proto_names) / sizeof(gen_proto_names[0]) &&
	    gen_proto_names[proto] != NULL)
		return gen_proto_names[proto];
	return "?";
}

const char *gen_qdir_name(int dir)
{
	static const char *const names[] = {
		[GQ_DIR_DEFAULT] = "", [GQ_SRC] = "src", [GQ_DST] = "dst",
		[GQ_OR] = "src or dst", [GQ_AND] = "src and dst",
		[GQ_ADDR1] = "addr1", [GQ_ADDR2] = "addr2", [GQ_ADDR3] = "addr3",
		[GQ_ADDR4] = "addr4", [GQ_RA] = "ra", [GQ_TA] = "ta",
	};

	if (dir >= 0 && (size_t)dir < sizeof(names) / sizeof(names[0]))
		return names[dir];
	return "?";
}

const char *gen_qaddr_name(int addr)
{
	static const char *const names[] = {
		[GQ_DEFAULT] = "", [GQ_HOST] = "host", [GQ_NET] = "net",
		[GQ_PORT] = "port", [GQ_GATEWAY] = "gateway", [GQ_PROTO] = "proto",
		[GQ_PROTOCHAIN] = "protochain", [GQ_PORTRANGE] = "portrange",
	};

	if (addr >= 0 && (size_t)addr < sizeof(names) / sizeof(names[0]))
		return names[addr];
	return "?";
}

/* addr1..4, ra, ta on a MAC address outside 802.11 */
void gen_dir_80211_error(struct gen_ctx *ctx, int dir)
{
	if (dir >= GQ_ADDR1 && dir <= GQ_ADDR4)
		gen_error(ctx, "'addr%d' and 'address%d' are only supported on 802.11 with 802.11 headers",
			  dir - GQ_ADDR1 + 1, dir - GQ_ADDR1 + 1);
	gen_error(ctx, "'%s' is only supported on 802.11 with 802.11 headers",
		  gen_qdir_name(dir));
}

int gen_dir_is_80211(int dir)
{
	return dir == GQ_RA || dir == GQ_TA || (dir >= GQ_ADDR1 && dir <= GQ_ADDR4);
}

/* addr1..4, ra, ta on anything but a MAC address: what names it ("ports",
 * "addresses other than 802.11 MAC addresses"), in libpcap's words */
void gen_dir_not_valid(struct gen_ctx *ctx, int dir, const char *what)
{
	if (dir >= GQ_ADDR1 && dir <= GQ_ADDR4)
		gen_error(ctx, "'addr%d' and 'address%d' are not valid qualifiers for %s",
			  dir - GQ_ADDR1 + 1, dir - GQ_ADDR1 + 1, what);
	gen_error(ctx, "'%s' is not a valid qualifier for %s", gen_qdir_name(dir), what);
}

/* ---- names ------------------------------------------------------------ */

/* Dotted IPv4 with 1 to 4 parts: value right-aligned, returns bits. */
static int gen_atoin(struct gen_ctx *ctx, const char *s, bpf_u_int32 *addr)
{
	const char *addrtext = s;
	bpf_u_int32 v = 0;
	int len = 0;

	for (;;) {
		char *end;
		/* each part in decimal: "012" is 12, as in libpcap, and a hex
		 * part ("0x8.0.0.1", a HID to the lexer) is invalid */
		unsigned long n = strtoul(s, &end, 10);

		if (end == s || n > 255 || (*end != '.' && *end != '\0'))
			gen_error(ctx, "invalid IPv4 address '%s'", addrtext);
		v = v << 8 | (bpf_u_int32)n;
		len += 8;
		if (*end != '.')
			break;
		s = end + 1;
	}
	*addr = v;
	return len;
}

/*
 * A service name or number: 1 and its port and protocol (-1: any), or 0.
 * A name with different tcp and udp ports is its tcp port, for tcp only,
 * as libpcap 1.10 takes it (`udp port NAME` is then "port 'NAME' is tcp").
 */
static int gen_try_nametoport(const char *name, bpf_u_int32 *port, int *proto)
{
	struct servent se, *r;
	char buf[1024], *end;
	unsigned long n = strtoul(name, &end, 10);
	int tcp = -1, udp = -1;

	if (*name && *end == '\0' && n <= 65535) {
		*port = (bpf_u_int32)n;
		*proto = -1;
		return 1;
	}
	if (getservbyname_r(name, "tcp", &se, buf, sizeof(buf), &r) == 0 && r)
		tcp = ntohs((uint16_t)r->s_port);
	if (getservbyname_r(name, "udp", &se, buf, sizeof(buf), &r) == 0 && r)
		udp = ntohs((uint16_t)r->s_port);
	if (tcp >= 0) {
		*port = (bpf_u_int32)tcp;
		*proto = udp == tcp ? -1 : GEN_IPPROTO_TCP;
		return 1;
	}
	if (udp >= 0) {
		*port = (bpf_u_int32)udp;
		*proto = GEN_IPPROTO_UDP;
		return 1;
	}
	return 0;
}

static bpf_u_int32 gen_nametoport(struct gen_ctx *ctx, const char *name, int *proto)
{
	bpf_u_int32 port;

	if (!gen_try_nametoport(name, &port, proto))
		gen_error(ctx, "unknown port '%s'", name);
	return port;
}

/* ipproto for a port under proto qualifier qproto, reconciled with the
 * protocol the service name belongs to (real: -1 for any). */
static int gen_port_proto(struct gen_ctx *ctx, int qproto, int real, const char *name,
			  const char *what)
{
	switch (qproto) {
	case GQ_PROTO_DEFAULT:
		return real;
	case GQ_TCP:
		if (real == GEN_IPPROTO_UDP)
			gen_error(ctx, "%s '%s' is udp", what, name);
		return GEN_IPPROTO_TCP;
	case GQ_UDP:
		if (real == GEN_IPPROTO_TCP)
			gen_error(ctx, "%s '%s' is tcp", what, name);
		return GEN_IPPROTO_UDP;
	case GQ_SCTP:
		if (real == GEN_IPPROTO_TCP)
			gen_error(ctx, "%s '%s' is tcp", what, name);
		if (real == GEN_IPPROTO_UDP)
			gen_error(ctx, "%s '%s' is udp", what, name);
		return GEN_IPPROTO_SCTP;
	default:
		gen_error(ctx, "illegal qualifier of '%s'", what);
	}
}

/* "lo-hi" with numbers or service names */
static void gen_nametoportrange(struct gen_ctx *ctx, const char *name, bpf_u_int32 *lo,
				bpf_u_int32 *hi, int *proto)
{
	unsigned int a, b;
	int n = 0, p1, p2;
	const char *dash;
	char *first;

	if (sscanf(name, "%u-%u%n", &a, &b, &n) == 2 && name[n] == '\0') {
		if (a > 65535 || b > 65535)
			gen_error(ctx, "illegal port number %u > 65535", a > 65535 ? a : b);
		*lo = a;
		*hi = b;
		*proto = -1;
		return;
	}
	dash = strchr(name, '-');
	if (dash == NULL)
		gen_error(ctx, "unknown port in range '%s'", name);
	first = gen_strdup(ctx, name);
	first[dash - name] = '\0';
	if (!gen_try_nametoport(first, lo, &p1) || !gen_try_nametoport(dash + 1, hi, &p2))
		gen_error(ctx, "unknown port in range '%s'", name);
	/* a range whose ends belong to different protocols applies to all */
	*proto = p1 == p2 ? p1 : -1;
}

static bpf_u_int32 gen_nametoproto(struct gen_ctx *ctx, const char *name)
{
	struct protoent pe, *r;
	char buf[1024];

	if (getprotobyname_r(name, &pe, buf, sizeof(buf), &r) == 0 && r)
		return (bpf_u_int32)r->p_proto;
	gen_error(ctx, "unknown ip proto '%s'", name);
}

static bpf_u_int32 gen_nametoeproto(struct gen_ctx *ctx, const char *name)
{
	static const struct { const char *name; bpf_u_int32 v; } tab[] = {
		{ "aarp", 0x80f3 }, { "arp", 0x0806 }, { "atalk", 0x809b },
		{ "decnet", 0x6003 }, { "ip", 0x0800 }, { "ip6", 0x86dd },
		{ "lat", 0x6004 }, { "loopback", 0x9000 }, { "mopdl", 0x6001 },
		{ "moprc", 0x6002 }, { "rarp", 0x8035 }, { "sca", 0x6007 },
		/* LLC SAPs, which `ether proto` also accepts */
		{ "iso", 0xfe }, { "stp", 0x42 }, { "ipx", 0xe0 }, { "netbeui", 0xf0 },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(tab[i].name, name) == 0)
			return tab[i].v;
	gen_error(ctx, "unknown ether proto '%s'", name);
}

static bpf_u_int32 gen_nametoosi(struct gen_ctx *ctx, const char *name)
{
	if (strcmp(name, "clnp") == 0)
		return 0x81;
	if (strcmp(name, "esis") == 0)
		return 0x82;
	if (strcmp(name, "isis") == 0)
		return 0x83;
	gen_error(ctx, "unknown osi proto '%s'", name);
}

/* The protocol name after `proto` or `protochain`: which table depends on
 * the qualifier, and under any other qualifier no name is known (libpcap
 * looks it up before it checks that the qualifier takes a protocol, so
 * `tcp protochain \ip` is "unknown protocol: ip"). */
static bpf_u_int32 gen_lookup_proto(struct gen_ctx *ctx, const char *name, int qproto)
{
	switch (qproto) {
	case GQ_PROTO_DEFAULT:
	case GQ_IP:
	case GQ_IPV6:
		return gen_nametoproto(ctx, name);
	case GQ_LINK:
		return gen_nametoeproto(ctx, name);
	case GQ_ISO:
		return gen_nametoosi(ctx, name);
	default:
		gen_error(ctx, "unknown protocol: %s", name);
	}
}

static void gen_parse_mac(struct gen_ctx *ctx, const char *s, u_char mac[6])
{
	int i = 0;

	while (*s && i < 6) {
		unsigned v = 0;
		int d = 0;

		if (*s == ':' || *s == '.' || *s == '-')
			s++;
		/* one or two hex digits per byte, but xxxx.xxxx.xxxx and a bare
		 * 12-digit string pack two bytes per four digits */
		while (d < 2 && *s && strchr("0123456789abcdefABCDEF", *s)) {
			v = v * 16 + (unsigned)(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
			s++;
			d++;
		}
		if (d == 0)
			gen_error(ctx, "bad ethernet address");
		mac[i++] = (u_char)v;
	}
	if (i != 6)
		gen_error(ctx, "bad ethernet address");
}

/* ---- the qualifier dispatch -------------------------------------------- */

/* One address of a host name, copied out of the resolver's list. */
struct gen_hostaddr {
	int family;
	struct in6_addr a6;
	bpf_u_int32 a4;
};

/* The addresses of name, in the resolver's order, in the arena (so that
 * an error while generating cannot leak the resolver's list). */
static int gen_resolve(struct gen_ctx *ctx, const char *name, struct gen_hostaddr **out)
{
	struct addrinfo hints = { 0 }, *res = NULL, *ai;
	struct gen_hostaddr *v;
	int n = 0;

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	if (getaddrinfo(name, NULL, &hints, &res) != 0 || res == NULL)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next)
		n++;
	v = calloc((size_t)n, sizeof(*v));
	if (v == NULL) {
		freeaddrinfo(res);
		gen_error(ctx, "out of memory compiling the filter");
	}
	n = 0;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET) {
			const struct sockaddr_in *sin = (const void *)ai->ai_addr;

			v[n].family = AF_INET;
			v[n++].a4 = ntohl(sin->sin_addr.s_addr);
		} else if (ai->ai_family == AF_INET6) {
			const struct sockaddr_in6 *sin6 = (const void *)ai->ai_addr;

			v[n].family = AF_INET6;
			v[n++].a6 = sin6->sin6_addr;
		}
	}
	freeaddrinfo(res);
	*out = gen_alloc(ctx, (size_t)n * sizeof(**out) + 1);
	memcpy(*out, v, (size_t)n * sizeof(*v));
	free(v);
	return n;
}

static struct gen_cond *gen_host_byname(struct gen_ctx *ctx, const char *name,
					struct gen_qual q)
{
	struct gen_hostaddr *addrs;
	struct gen_cond *c = NULL;
	int tproto = q.proto, tproto6 = q.proto;
	int n, i;

	n = gen_resolve(ctx, name, &addrs);
	if (n < 0)
		gen_error(ctx, "unknown host '%s'", name);
	if (ctx->link.off_linktype == GEN_OFF_NONE && !ctx->link.linktype_variable &&
	    tproto == GQ_PROTO_DEFAULT) {
		tproto = GQ_IP;
		tproto6 = GQ_IPV6;
	}
	for (i = 0; i < n; i++) {
		struct gen_cond *one;

		if (addrs[i].family == AF_INET) {
			if (tproto == GQ_IPV6)
				continue;
			one = gen_ip_host(ctx, addrs[i].a4, 0xffffffff, tproto, q.dir, q.addr);
		} else {
			struct in6_addr ones;

			if (tproto6 == GQ_IP)
				continue;
			memset(&ones, 0xff, sizeof(ones));
			one = gen_ip6_host(ctx, &addrs[i].a6, &ones, tproto6, q.dir, q.addr);
		}
		c = c ? gen_or(ctx, c, one) : one;
	}
	if (c == NULL)
		gen_error(ctx, "unknown host '%s'%s", name,
			  q.proto == GQ_PROTO_DEFAULT ? "" : " for specified address family");
	return c;
}

/* How libpcap names the link in "unknown ... host 'name'". */
static const char *gen_id_mac_link(int dlt)
{
	switch (dlt) {
	case DLT_FDDI: return "FDDI";
	case DLT_IEEE802: return "token ring";
	case DLT_IEEE802_11:
	case DLT_PRISM_HEADER:
	case DLT_IEEE802_11_RADIO_AVS:
	case DLT_IEEE802_11_RADIO:
	case DLT_PPI: return "802.11";
	case DLT_IP_OVER_FC: return "Fibre Channel";
	default: return "ether";
	}
}

struct gen_cond *gen_scode(struct gen_ctx *ctx, const char *name, struct gen_qual q)
{
	bpf_u_int32 v, lo, hi;
	int real;

	switch (q.addr) {
	case GQ_NET:
		/* the name is looked up whatever the qualifier: `link net` and
		 * `decnet net` are refused (or taken) in gen_ip_host */
		{
			struct netent ne, *r;
			char buf[1024];
			int herr;
			bpf_u_int32 mask = 0xffffffff;

			if (getnetbyname_r(name, &ne, buf, sizeof(buf), &r, &herr) != 0 ||
			    r == NULL || r->n_net == 0)
				gen_error(ctx, "unknown network '%s'", name);
			v = (bpf_u_int32)r->n_net;
			while (v && (v & 0xff000000) == 0) {
				v <<= 8;
				mask <<= 8;
			}
			return gen_ip_host(ctx, v, mask, q.proto, q.dir, q.addr);
		}
	case GQ_DEFAULT:
	case GQ_HOST:
		if (q.proto == GQ_LINK) {
			struct ether_addr ea;

			if (ctx->link.host == NULL && ctx->link.dlt != DLT_EN10MB)
				gen_error(ctx, "only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name");
			if (ether_hostton(name, &ea) != 0)
				gen_error(ctx, "unknown %s host '%s'",
					  gen_id_mac_link(ctx->link.dlt), name);
			return gen_geneve_link_guard(ctx, gen_link_host(ctx, ea.ether_addr_octet,
									 q.dir));
		}
		if (q.proto == GQ_DECNET)
			/* libpcap's message ends in a newline */
			gen_error(ctx, "decnet name support not included, '%s' cannot be translated\n",
				  name);
		return gen_host_byname(ctx, name, q);
	case GQ_PORT:
		if (q.proto != GQ_PROTO_DEFAULT && q.proto != GQ_UDP &&
		    q.proto != GQ_TCP && q.proto != GQ_SCTP)
			gen_error(ctx, "illegal qualifier of 'port'");
		v = gen_nametoport(ctx, name, &real);
		real = gen_port_proto(ctx, q.proto, real, name, "port");
		return gen_port(ctx, v, v, real, q.dir, 0);
	case GQ_PORTRANGE:
		if (q.proto != GQ_PROTO_DEFAULT && q.proto != GQ_UDP &&
		    q.proto != GQ_TCP && q.proto != GQ_SCTP)
			gen_error(ctx, "illegal qualifier of 'portrange'");
		gen_nametoportrange(ctx, name, &lo, &hi, &real);
		real = gen_port_proto(ctx, q.proto, real, name, "portrange");
		return gen_port(ctx, lo, hi, real, q.dir, 1);
	case GQ_GATEWAY:
		gen_error(ctx, "'gateway' not supported in this configuration");
	case GQ_PROTO:
		return gen_proto(ctx, gen_lookup_proto(ctx, name, q.proto), q.proto, q.dir);
	case GQ_PROTOCHAIN:
		return gen_protochain(ctx, gen_lookup_proto(ctx, name, q.proto), q.proto);
	default:
		gen_error(ctx, "syntax error in filter expression");
	}
}

struct gen_cond *gen_ncode(struct gen_ctx *ctx, const char *s, bpf_u_int32 v,
			   struct gen_qual q)
{
	bpf_u_int32 mask = 0xffffffff;
	int vlen = 32;

	/* a dotted number is a DECnet area.node under decnet, else IPv4 */
	if (s != NULL && q.proto == GQ_DECNET)
		v = gen_iso_decnet_atodn(ctx, s);
	else if (s != NULL)
		vlen = gen_atoin(ctx, s, &v);
	switch (q.addr) {
	case GQ_DEFAULT:
	case GQ_HOST:
	case GQ_NET:
		if (q.proto == GQ_DECNET)
			return gen_iso_decnet_addr(ctx, v, q.dir);
		if (q.proto == GQ_LINK)
			gen_error(ctx, "illegal link layer address");
		if (s == NULL && q.addr == GQ_NET) {
			/* a short net number is left-justified */
			while (v && (v & 0xff000000) == 0) {
				v <<= 8;
				mask <<= 8;
			}
		} else if (vlen < 32) {
			v <<= 32 - vlen;
			mask <<= 32 - vlen;
		}
		return gen_ip_host(ctx, v, mask, q.proto, q.dir, q.addr);
	case GQ_PORT:
		if (q.proto != GQ_PROTO_DEFAULT && q.proto != GQ_UDP &&
		    q.proto != GQ_TCP && q.proto != GQ_SCTP)
			gen_error(ctx, "illegal qualifier of 'port'");
		if (v > 65535)
			gen_error(ctx, "illegal port number %u > 65535", v);
		return gen_port(ctx, v, v, gen_port_proto(ctx, q.proto, -1, "", "port"),
				q.dir, 0);
	case GQ_PORTRANGE:
		if (q.proto != GQ_PROTO_DEFAULT && q.proto != GQ_UDP &&
		    q.proto != GQ_TCP && q.proto != GQ_SCTP)
			gen_error(ctx, "illegal qualifier of 'portrange'");
		if (v > 65535)
			gen_error(ctx, "illegal port number %u > 65535", v);
		return gen_port(ctx, v, v,
				gen_port_proto(ctx, q.proto, -1, "", "portrange"), q.dir, 1);
	case GQ_GATEWAY:
		gen_error(ctx, "'gateway' requires a name");
	case GQ_PROTO:
		return gen_proto(ctx, v, q.proto, q.dir);
	case GQ_PROTOCHAIN:
		return gen_protochain(ctx, v, q.proto);
	default:
		gen_error(ctx, "syntax error in filter expression");
	}
}

struct gen_cond *gen_mcode(struct gen_ctx *ctx, const char *s1, const char *s2,
			   bpf_u_int32 masklen, struct gen_qual q)
{
	bpf_u_int32 n, m;
	int nlen, mlen;

	nlen = gen_atoin(ctx, s1, &n);
	if (nlen < 32)
		n <<= 32 - nlen;
	if (s2 != NULL) {
		mlen = gen_atoin(ctx, s2, &m);
		if (mlen < 32)
			m <<= 32 - mlen;
		if (n & ~m)
			gen_error(ctx, "non-network bits set in \"%s mask %s\"", s1, s2);
	} else {
		if (masklen > 32)
			gen_error(ctx, "mask length must be <= 32");
		m = masklen == 0 ? 0 : 0xffffffffu << (32 - masklen);
		if (n & ~m)
			gen_error(ctx, "non-network bits set in \"%s/%u\"", s1, masklen);
	}
	if (q.addr != GQ_NET)
		gen_error(ctx, "Mask syntax for networks only");
	return gen_ip_host(ctx, n, m, q.proto, q.dir, q.addr);
}

struct gen_cond *gen_mcode6(struct gen_ctx *ctx, const char *s, bpf_u_int32 masklen,
			    struct gen_qual q, int has_len)
{
	struct in6_addr addr, mask;
	bpf_u_int32 i;

	if (inet_pton(AF_INET6, s, &addr) != 1)
		gen_error(ctx, "invalid ip6 address %s", s);
	if (masklen > 128)
		gen_error(ctx, "mask length must be <= 128");
	memset(&mask, 0, sizeof(mask));
	for (i = 0; i < masklen; i++)
		mask.s6_addr[i / 8] |= (u_char)(0x80 >> (i % 8));
	for (i = 0; i < 16; i++)
		if (addr.s6_addr[i] & ~mask.s6_addr[i]) {
			if (has_len)
				gen_error(ctx, "non-network bits set in \"%s/%u\"", s, masklen);
			gen_error(ctx, "non-network bits set in \"%s\"", s);
		}
	switch (q.addr) {
	case GQ_DEFAULT:
	case GQ_HOST:
		if (masklen != 128)
			gen_error(ctx, "Mask syntax for networks only");
		/* fall through */
	case GQ_NET:
		return gen_ip6_host(ctx, &addr, &mask, q.proto, q.dir, q.addr);
	default:
		gen_error(ctx, "invalid qualifier against IPv6 address");
	}
}

struct gen_cond *gen_ecode(struct gen_ctx *ctx, const char *s, struct gen_qual q)
{
	u_char mac[6];

	if ((q.addr == GQ_HOST || q.addr == GQ_DEFAULT) && q.proto == GQ_LINK) {
		gen_parse_mac(ctx, s, mac);
		return gen_geneve_link_guard(ctx, gen_link_host(ctx, mac, q.dir));
	}
	gen_error(ctx, "ethernet address used in non-ether expression");
}

/* ---- broadcast and multicast -------------------------------------------- */

struct gen_cond *gen_broadcast(struct gen_ctx *ctx, int qproto)
{
	bpf_u_int32 hostmask;
	struct gen_cond *c;

	switch (qproto) {
	case GQ_PROTO_DEFAULT:
	case GQ_LINK:
		return gen_geneve_link_guard(ctx, gen_link_broadcast(ctx));
	case GQ_IP:
		if (ctx->netmask == PCAP_NETMASK_UNKNOWN)
			gen_error(ctx, "netmask not known, so 'ip broadcast' not supported");
		hostmask = ~ctx->netmask;
		c = gen_or(ctx, gen_mcmp(ctx, GOR_LINKPL, 16, BPF_W, 0, hostmask),
			   gen_mcmp(ctx, GOR_LINKPL, 16, BPF_W, hostmask, hostmask));
		return gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IP), c);
	default:
		gen_error(ctx, "only link-layer/IP broadcast filters supported");
	}
}

struct gen_cond *gen_multicast(struct gen_ctx *ctx, int qproto)
{
	switch (qproto) {
	case GQ_PROTO_DEFAULT:
	case GQ_LINK:
		return gen_geneve_link_guard(ctx, gen_link_multicast(ctx));
	case GQ_IP:
		return gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IP),
			       gen_cmp_ge(ctx, GOR_LINKPL, 16, BPF_B, 224));
	case GQ_IPV6:
		return gen_and(ctx, gen_linktype(ctx, GEN_ETHERTYPE_IPV6),
			       gen_cmp(ctx, GOR_LINKPL, 24, BPF_B, 255));
	default:
		gen_error(ctx, "link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel");
	}
}
