/*
 * The pcap-filter lexer, written by hand. Tokens are chosen by longest
 * match among the forms man 7 pcap-filter allows (numbers, dotted IPv4,
 * IPv6, MAC addresses, identifiers and keywords), the way a flex scanner
 * would: an identifier may contain '-' and '.', so "tcp-syn" is one token
 * and "len-1" is an identifier, exactly as in libpcap.
 */
#include "filter/filter_lex.h"
#include "filter/gen.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct flex_keyword {
	const char *name;
	enum flex_tok tok;
	bpf_u_int32 num;
};

static const struct flex_keyword flex_keywords[] = {
	{ "and", T_AND, 0 }, { "or", T_OR, 0 }, { "not", T_NOT, 0 },
	{ "dst", T_DST, 0 }, { "src", T_SRC, 0 },
	{ "address1", T_ADDR1, 0 }, { "addr1", T_ADDR1, 0 },
	{ "address2", T_ADDR2, 0 }, { "addr2", T_ADDR2, 0 },
	{ "address3", T_ADDR3, 0 }, { "addr3", T_ADDR3, 0 },
	{ "address4", T_ADDR4, 0 }, { "addr4", T_ADDR4, 0 },
	{ "ra", T_RA, 0 }, { "ta", T_TA, 0 },
	{ "host", T_HOST, 0 }, { "net", T_NET, 0 }, { "mask", T_MASK, 0 },
	{ "port", T_PORT, 0 }, { "portrange", T_PORTRANGE, 0 },
	{ "gateway", T_GATEWAY, 0 }, { "proto", T_PROTO, 0 },
	{ "protochain", T_PROTOCHAIN, 0 },
	{ "link", T_PNAME, GQ_LINK }, { "ether", T_PNAME, GQ_LINK },
	{ "ppp", T_PNAME, GQ_LINK }, { "slip", T_PNAME, GQ_LINK },
	{ "fddi", T_PNAME, GQ_LINK }, { "tr", T_PNAME, GQ_LINK },
	{ "wlan", T_PNAME, GQ_LINK },
	{ "arp", T_PNAME, GQ_ARP }, { "rarp", T_PNAME, GQ_RARP },
	{ "ip", T_PNAME, GQ_IP }, { "sctp", T_PNAME, GQ_SCTP },
	{ "tcp", T_PNAME, GQ_TCP }, { "udp", T_PNAME, GQ_UDP },
	{ "icmp", T_PNAME, GQ_ICMP }, { "igmp", T_PNAME, GQ_IGMP },
	{ "igrp", T_PNAME, GQ_IGRP }, { "pim", T_PNAME, GQ_PIM },
	{ "vrrp", T_PNAME, GQ_VRRP }, { "carp", T_PNAME, GQ_CARP },
	{ "radio", T_PNAME, GQ_RADIO },
	{ "ip6", T_PNAME, GQ_IPV6 }, { "icmp6", T_PNAME, GQ_ICMPV6 },
	{ "ah", T_PNAME, GQ_AH }, { "esp", T_PNAME, GQ_ESP },
	{ "atalk", T_PNAME, GQ_ATALK }, { "aarp", T_PNAME, GQ_AARP },
	{ "decnet", T_PNAME, GQ_DECNET }, { "lat", T_PNAME, GQ_LAT },
	{ "sca", T_PNAME, GQ_SCA }, { "moprc", T_PNAME, GQ_MOPRC },
	{ "mopdl", T_PNAME, GQ_MOPDL },
	{ "iso", T_PNAME, GQ_ISO }, { "esis", T_PNAME, GQ_ESIS },
	{ "es-is", T_PNAME, GQ_ESIS }, { "isis", T_PNAME, GQ_ISIS },
	{ "is-is", T_PNAME, GQ_ISIS }, { "l1", T_PNAME, GQ_ISIS_L1 },
	{ "l2", T_PNAME, GQ_ISIS_L2 }, { "iih", T_PNAME, GQ_ISIS_IIH },
	{ "lsp", T_PNAME, GQ_ISIS_LSP }, { "snp", T_PNAME, GQ_ISIS_SNP },
	{ "csnp", T_PNAME, GQ_ISIS_CSNP }, { "psnp", T_PNAME, GQ_ISIS_PSNP },
	{ "clnp", T_PNAME, GQ_CLNP }, { "stp", T_PNAME, GQ_STP },
	{ "ipx", T_PNAME, GQ_IPX }, { "netbeui", T_PNAME, GQ_NETBEUI },
	{ "less", T_LESS, 0 }, { "greater", T_GREATER, 0 },
	{ "byte", T_BYTE, 0 }, { "broadcast", T_BROADCAST, 0 },
	{ "multicast", T_MULTICAST, 0 },
	{ "len", T_LEN, 0 }, { "length", T_LEN, 0 },
	{ "inbound", T_INBOUND, 0 }, { "outbound", T_OUTBOUND, 0 },
	{ "ifindex", T_IFINDEX, 0 },
	{ "vlan", T_VLAN, 0 }, { "mpls", T_MPLS, 0 },
	{ "pppoed", T_PPPOED, 0 }, { "pppoes", T_PPPOES, 0 },
	{ "geneve", T_GENEVE, 0 },
	{ "type", T_TYPE, 0 }, { "subtype", T_SUBTYPE, 0 },
	{ "direction", T_DIR, 0 }, { "dir", T_DIR, 0 },
	{ "llc", T_LLC, 0 },
	{ "on", T_PF_IFNAME, 0 }, { "ifname", T_PF_IFNAME, 0 },
	{ "rset", T_PF_RSET, 0 }, { "ruleset", T_PF_RSET, 0 },
	{ "rnr", T_PF_RNR, 0 }, { "rulenum", T_PF_RNR, 0 },
	{ "srnr", T_PF_SRNR, 0 }, { "subrulenum", T_PF_SRNR, 0 },
	{ "reason", T_PF_REASON, 0 }, { "action", T_PF_ACTION, 0 },
	{ "fisu", T_MTP2TYPE, 0 }, { "lssu", T_MTP2TYPE, 0 },
	{ "lsu", T_MTP2TYPE, 0 }, { "msu", T_MTP2TYPE, 0 },
	{ "hfisu", T_MTP2TYPE, 0 }, { "hlssu", T_MTP2TYPE, 0 },
	{ "hmsu", T_MTP2TYPE, 0 },
	{ "sio", T_MTP3FIELD, 0 }, { "opc", T_MTP3FIELD, 0 },
	{ "dpc", T_MTP3FIELD, 0 }, { "sls", T_MTP3FIELD, 0 },
	{ "hsio", T_MTP3FIELD, 0 }, { "hopc", T_MTP3FIELD, 0 },
	{ "hdpc", T_MTP3FIELD, 0 }, { "hsls", T_MTP3FIELD, 0 },
	{ "lane", T_ATMTYPE, 0 }, { "metac", T_ATMTYPE, 0 },
	{ "bcc", T_ATMTYPE, 0 }, { "oam", T_ATMTYPE, 0 },
	{ "oamf4", T_ATMTYPE, 0 }, { "oamf4ec", T_ATMTYPE, 0 },
	{ "oamf4sc", T_ATMTYPE, 0 }, { "sc", T_ATMTYPE, 0 },
	{ "ilmic", T_ATMTYPE, 0 }, { "connectmsg", T_ATMTYPE, 0 },
	{ "metaconnect", T_ATMTYPE, 0 },
	{ "vpi", T_ATMFIELD, 0 }, { "vci", T_ATMFIELD, 0 },
	/* named constants, which the scanner turns into numbers */
	{ "icmptype", T_NUM, 0 }, { "icmpcode", T_NUM, 1 },
	{ "icmp-echoreply", T_NUM, 0 }, { "icmp-unreach", T_NUM, 3 },
	{ "icmp-sourcequench", T_NUM, 4 }, { "icmp-redirect", T_NUM, 5 },
	{ "icmp-echo", T_NUM, 8 }, { "icmp-routeradvert", T_NUM, 9 },
	{ "icmp-routersolicit", T_NUM, 10 }, { "icmp-timxceed", T_NUM, 11 },
	{ "icmp-paramprob", T_NUM, 12 }, { "icmp-tstamp", T_NUM, 13 },
	{ "icmp-tstampreply", T_NUM, 14 }, { "icmp-ireq", T_NUM, 15 },
	{ "icmp-ireqreply", T_NUM, 16 }, { "icmp-maskreq", T_NUM, 17 },
	{ "icmp-maskreply", T_NUM, 18 },
	{ "icmp6type", T_NUM, 0 }, { "icmp6code", T_NUM, 1 },
	{ "icmp6-destinationunreach", T_NUM, 1 },
	{ "icmp6-packettoobig", T_NUM, 2 },
	{ "icmp6-timeexceeded", T_NUM, 3 },
	{ "icmp6-parameterproblem", T_NUM, 4 },
	{ "icmp6-echo", T_NUM, 128 }, { "icmp6-echoreply", T_NUM, 129 },
	{ "icmp6-multicastlistenerquery", T_NUM, 130 },
	{ "icmp6-multicastlistenerreportv1", T_NUM, 131 },
	{ "icmp6-multicastlistenerdone", T_NUM, 132 },
	{ "icmp6-routersolicit", T_NUM, 133 },
	{ "icmp6-routeradvert", T_NUM, 134 },
	{ "icmp6-neighborsolicit", T_NUM, 135 },
	{ "icmp6-neighboradvert", T_NUM, 136 },
	{ "icmp6-redirect", T_NUM, 137 },
	{ "icmp6-routerrenum", T_NUM, 138 },
	{ "icmp6-nodeinformationquery", T_NUM, 139 },
	{ "icmp6-nodeinformationresponse", T_NUM, 140 },
	{ "icmp6-ineighbordiscoverysolicit", T_NUM, 141 },
	{ "icmp6-ineighbordiscoveryadvert", T_NUM, 142 },
	{ "icmp6-multicastlistenerreportv2", T_NUM, 143 },
	{ "icmp6-homeagentdiscoveryrequest", T_NUM, 144 },
	{ "icmp6-homeagentdiscoveryreply", T_NUM, 145 },
	{ "icmp6-mobileprefixsolicit", T_NUM, 146 },
	{ "icmp6-mobileprefixadvert", T_NUM, 147 },
	{ "icmp6-certpathsolicit", T_NUM, 148 },
	{ "icmp6-certpathadvert", T_NUM, 149 },
	{ "icmp6-multicastrouteradvert", T_NUM, 151 },
	{ "icmp6-multicastroutersolicit", T_NUM, 152 },
	{ "icmp6-multicastrouterterm", T_NUM, 153 },
	{ "tcpflags", T_NUM, 13 },
	{ "tcp-fin", T_NUM, 0x01 }, { "tcp-syn", T_NUM, 0x02 },
	{ "tcp-rst", T_NUM, 0x04 }, { "tcp-push", T_NUM, 0x08 },
	{ "tcp-ack", T_NUM, 0x10 }, { "tcp-urg", T_NUM, 0x20 },
	{ "tcp-ece", T_NUM, 0x40 }, { "tcp-cwr", T_NUM, 0x80 },
};

static int flex_is_idchar(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.';
}

/* Length of the identifier at s: [A-Za-z0-9]([-_.A-Za-z0-9]*[.A-Za-z0-9])? */
static int flex_id_len(const char *s)
{
	int n = 0;

	if (!isalnum((unsigned char)s[0]))
		return 0;
	while (flex_is_idchar((unsigned char)s[n]))
		n++;
	while (n > 1 && (s[n - 1] == '-' || s[n - 1] == '_'))
		n--;
	return n;
}

/* Is s[0..n) a number: decimal or 0x hex? */
static int flex_is_num(const char *s, int n)
{
	int i = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 2; i < n; i++)
			if (!isxdigit((unsigned char)s[i]))
				return 0;
		return 1;
	}
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* Dotted IPv4 host or net: 2 to 4 numbers separated by dots. */
static int flex_is_hid(const char *s, int n)
{
	int parts = 0, start = 0, i;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (!flex_is_num(s + start, i - start))
				return 0;
			parts++;
			start = i + 1;
		}
	}
	return parts >= 2 && parts <= 4;
}

/* Longest IPv6 address at s (must contain ':'). */
static int flex_v6_len(const char *s)
{
	char buf[64];
	struct in6_addr a;
	int n = 0, i;

	while ((isxdigit((unsigned char)s[n]) || s[n] == ':' || s[n] == '.') && n < 63)
		n++;
	for (i = n; i >= 2; i--) {
		memcpy(buf, s, (size_t)i);
		buf[i] = '\0';
		if (strchr(buf, ':') && inet_pton(AF_INET6, buf, &a) == 1)
			return i;
	}
	return 0;
}

/* MAC forms: xx:xx:xx:xx:xx:xx, with '-' or '.' too (1 or 2 hex digits
 * each), xxxx.xxxx.xxxx, and xxxxxxxxxxxx. */
static int flex_mac_groups(const char *s, char sep)
{
	int n = 0, g, d;

	for (g = 0; g < 6; g++) {
		for (d = 0; d < 2 && isxdigit((unsigned char)s[n]); d++)
			n++;
		if (d == 0)
			return 0;
		if (g < 5) {
			if (s[n] != sep)
				return 0;
			n++;
		}
	}
	return n;
}

static int flex_mac_len(const char *s)
{
	int best = 0, n, g, d;
	static const char seps[] = ":-.";

	for (n = 0; seps[n]; n++) {
		int l = flex_mac_groups(s, seps[n]);

		if (l > best)
			best = l;
	}
	/* xxxx.xxxx.xxxx */
	n = 0;
	for (g = 0; g < 3; g++) {
		for (d = 0; d < 4 && isxdigit((unsigned char)s[n]); d++)
			n++;
		if (d != 4)
			break;
		if (g < 2) {
			if (s[n] != '.')
				break;
			n++;
		}
	}
	if (g == 3 && n > best)
		best = n;
	/* xxxxxxxxxxxx */
	for (n = 0; n < 12 && isxdigit((unsigned char)s[n]); n++)
		;
	if (n == 12 && n > best)
		best = n;
	return best;
}

/* Hex groups each followed by colons, two or more: "00:11:22:33:" or
 * "1::2::"; longer than any valid form, libpcap calls it bogus. */
static int flex_bogus_mac_len(const char *s)
{
	int n = 0, groups = 0, best = 0;

	for (;;) {
		int d = 0, c = 0;

		while (d < 2 && isxdigit((unsigned char)s[n + d]))
			d++;
		if (d == 0)
			break;
		while (s[n + d + c] == ':')
			c++;
		if (c == 0)
			break;
		n += d + c;
		if (++groups >= 2)
			best = n;
	}
	return best;
}

static char *flex_text(struct gen_ctx *ctx, const char *s, int n)
{
	char *t = gen_alloc(ctx, (size_t)n + 1);

	memcpy(t, s, (size_t)n);
	t[n] = '\0';
	return t;
}

static int flex_punct(struct flex_lexer *lx, struct flex_token *t)
{
	static const struct { const char *s; enum flex_tok tok; } ops[] = {
		{ ">=", T_GEQ }, { "<=", T_LEQ }, { "!=", T_NEQ }, { "==", T_EQ },
		{ "<<", T_LSH }, { ">>", T_RSH }, { "&&", T_AND }, { "||", T_OR },
		{ "(", T_LPAREN }, { ")", T_RPAREN }, { "[", T_LBRACK },
		{ "]", T_RBRACK }, { ":", T_COLON }, { "+", T_PLUS },
		{ "-", T_MINUS }, { "*", T_STAR }, { "/", T_SLASH },
		{ "%", T_PERCENT }, { "&", T_AMP }, { "|", T_PIPE },
		{ "^", T_CARET }, { ">", T_GT }, { "<", T_LT }, { "=", T_EQ },
		{ "!", T_BANG },
	};
	const char *s = lx->src + lx->pos;
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].s);

		if (strncmp(s, ops[i].s, n) == 0) {
			t->tok = ops[i].tok;
			lx->pos += (int)n;
			return 1;
		}
	}
	return 0;
}

/* A lexical error becomes a T_ERROR token carrying the message, raised
 * when the parser reaches it: errors come out in source order, as with a
 * lexer driven by the parser. */
__attribute__((format(printf, 3, 4)))
static void flex_fail(struct gen_ctx *ctx, struct flex_token *t, const char *fmt, ...)
{
	char buf[PCAP_ERRBUF_SIZE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	t->tok = T_ERROR;
	t->text = flex_text(ctx, buf, (int)strlen(buf));
}

/* The value of the number s[0..n) into t, or a T_ERROR token: libpcap's
 * scanner reports a bad number when the parser reads it, not before. */
static void flex_number(struct gen_ctx *ctx, const char *s, int n, struct flex_token *t)
{
	unsigned long long v = 0;
	int i = 0, base = 10;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (n > 1 && s[0] == '0') {
		base = 8;
		i = 1;
	}
	for (; i < n; i++) {
		int c = (unsigned char)s[i], d;

		d = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
		if (d >= base) {
			flex_fail(ctx, t, "number %.*s contains non-octal digit", n, s);
			return;
		}
		v = v * (unsigned)base + (unsigned)d;
		if (v > 0xffffffffULL) {
			flex_fail(ctx, t, "number %.*s overflows 32 bits", n, s);
			return;
		}
	}
	t->tok = T_NUM;
	t->num = (bpf_u_int32)v;
}

void flex_next(struct gen_ctx *ctx, struct flex_lexer *lx, struct flex_token *t)
{
	const char *s;
	int idn, v6n, macn, n;
	size_t k;

	while (isspace((unsigned char)lx->src[lx->pos]))
		lx->pos++;
	s = lx->src + lx->pos;
	t->pos = lx->pos;
	t->text = NULL;
	t->num = 0;
	if (*s == '\0') {
		t->tok = T_END;
		return;
	}
	if (*s == '\\') {
		n = 1;
		while (s[n] && !strchr(" !()\n\t", s[n]))
			n++;
		if (n > 1) {
			t->tok = T_ID;
			t->text = flex_text(ctx, s + 1, n - 1);
			lx->pos += n;
			return;
		}
	}
	idn = flex_id_len(s);
	v6n = (isxdigit((unsigned char)*s) || *s == ':') ? flex_v6_len(s) : 0;
	macn = isxdigit((unsigned char)*s) ? flex_mac_len(s) : 0;
	n = isxdigit((unsigned char)*s) ? flex_bogus_mac_len(s) : 0;
	if (n > idn && n > v6n && n > macn) {
		flex_fail(ctx, t, "bogus ethernet address %.*s", n, s);
		return;
	}
	if (idn == 0 && v6n == 0 && macn == 0) {
		if (!flex_punct(lx, t))
			flex_fail(ctx, t, "can't parse filter expression: syntax error");
		return;
	}
	/* longest match; on a tie a MAC address wins (0011.2233.4455 and
	 * 001122334455 are MACs), then numbers and words, then IPv6 */
	if (macn > 0 && macn >= idn && macn >= v6n) {
		t->tok = T_EID;
		t->text = flex_text(ctx, s, macn);
		lx->pos += macn;
		return;
	}
	if (idn >= v6n && idn >= macn) {
		n = idn;
		lx->pos += n;
		t->text = flex_text(ctx, s, n);
		if (flex_is_num(s, n) || (n > 1 && s[0] == '0' && isdigit((unsigned char)s[1]) &&
					  strspn(s, "0123456789") == (size_t)n)) {
			flex_number(ctx, s, n, t);
			return;
		}
		if (flex_is_hid(s, n)) {
			t->tok = T_HID;
			return;
		}
		for (k = 0; k < sizeof(flex_keywords) / sizeof(flex_keywords[0]); k++) {
			if (strcmp(flex_keywords[k].name, t->text) == 0) {
				t->tok = flex_keywords[k].tok;
				t->num = flex_keywords[k].num;
				/* "lsu" is libpcap's other spelling of lssu */
				if (t->tok == T_MTP2TYPE && strcmp(t->text, "lsu") == 0)
					t->text = "lssu";
				return;
			}
		}
		t->tok = T_ID;
		return;
	}
	if (v6n >= macn) {
		t->tok = T_HID6;
		t->text = flex_text(ctx, s, v6n);
		lx->pos += v6n;
		return;
	}
	t->tok = T_EID;
	t->text = flex_text(ctx, s, macn);
	lx->pos += macn;
}
