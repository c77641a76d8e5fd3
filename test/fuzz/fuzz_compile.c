/*
 * libFuzzer target for the filter compiler: random expressions (raw bytes,
 * or token soup assembled from the pcap-filter vocabulary) compiled for
 * several linktypes, optimized or not. Whatever compiles must pass
 * bpf_validate and run on a packet made of the input's bytes. Crashes,
 * leaks (LeakSanitizer), hangs (-timeout) and sanitizer reports fail.
 *
 * Input layout: byte 0 picks the linktype (bits 0-3 and 7), optimize
 * (bit 4), the netmask (bit 5) and the mode (bit 6: token soup); the rest is the
 * expression, or token indexes in token-soup mode. The last 64 bytes (or
 * fewer) double as the packet the compiled program runs on.
 */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netdb.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Keep the fuzzer off the network: random identifiers are host names to
 * the compiler, and each would cost a DNS query (seconds, and a result
 * that depends on the network). These definitions override the C
 * library's for this program only: numeric addresses and "localhost"
 * still resolve through it, without DNS.
 */
int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res)
{
	static int (*real)(const char *, const char *, const struct addrinfo *,
			   struct addrinfo **);
	struct addrinfo h = { 0 };

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "getaddrinfo");
	if (!real)
		return EAI_FAIL;
	if (hints)
		h = *hints;
	if (node && strcmp(node, "localhost"))
		h.ai_flags |= AI_NUMERICHOST;
	return real(node, service, &h, res);
}

int gethostbyname_r(const char *name, struct hostent *ret, char *buf,
		    size_t buflen, struct hostent **result, int *h_errnop)
{
	static int (*real)(const char *, struct hostent *, char *, size_t,
			   struct hostent **, int *);
	struct in_addr a;

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "gethostbyname_r");
	if (real && (!strcmp(name, "localhost") || inet_aton(name, &a)))
		return real(name, ret, buf, buflen, result, h_errnop);
	*result = NULL;
	*h_errnop = HOST_NOT_FOUND;
	return 0;
}

static const int fuzz_dlts[32] = {
	DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, DLT_IPV4, DLT_IPV6,
	DLT_NULL, DLT_LOOP, DLT_PPP, DLT_PPP_ETHER, DLT_C_HDLC, DLT_IEEE802_11,
	DLT_IEEE802_11_RADIO, DLT_PRISM_HEADER, DLT_FDDI, DLT_PFLOG,
	DLT_IEEE802, DLT_IEEE802_11_RADIO_AVS, DLT_NETANALYZER,
	DLT_NETANALYZER_TRANSPARENT, DLT_IPNET, DLT_NFLOG,
	/* the rarer links (src/filter/gen_links_rare.c, PPI) */
	DLT_SLIP, DLT_PPP_BSDOS, DLT_ATM_RFC1483, DLT_SUNATM, DLT_ARCNET_LINUX,
	DLT_FRELAY, DLT_JUNIPER_ETHER, DLT_JUNIPER_ES, DLT_PPI, DLT_ERF,
};

static const char *const fuzz_tokens[] = {
	"ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "sctp",
	"igmp", "pim", "vrrp", "ah", "esp", "carp", "host", "net", "port",
	"portrange", "src", "dst", "or", "and", "not", "!", "&&", "||", "(",
	")", "[", "]", ":", "ether", "fddi", "tr", "wlan", "link", "ppp",
	"proto", "protochain", "gateway", "broadcast", "multicast", "less",
	"greater", "len", "vlan", "mpls", "pppoes", "pppoed", "geneve", "llc",
	"iso", "clnp", "esis", "isis", "l1", "l2", "iih", "lsp", "snp", "csnp",
	"psnp", "stp", "ipx", "netbeui", "atalk", "aarp", "decnet", "lat",
	"sca", "moprc", "mopdl", "type", "subtype", "dir", "ra", "ta", "addr1",
	"addr4", "mgt", "ctl", "data", "beacon", "tods", "inbound", "outbound",
	"ifindex", "on", "rnr", "srnr", "reason", "action", "rset", "pass",
	"sio", "opc", "dpc", "sls", "hsio", "fisu", "msu", "vpi", "vci", "lane",
	"oam", "mask", "tcpflags", "tcp-syn", "tcp-ack", "icmptype",
	"icmp-echo", "radio", "+", "-", "*", "/", "%", "&", "|", "^", "<<",
	">>", "=", "==", "!=", "<", ">", "<=", ">=", "0", "1", "80", "65535",
	"65536", "4294967295", "0x800", "10.0.0.1", "10.0.0.0/8", "10.0/16",
	"255.255.255.0", "2001:db8::1", "fe80::/10", "00:11:22:33:44:55",
	"1.1", "localhost", "http", "domain", "\\ip", "\\tcp", "2", "4", "12",
	"100", "1500", "4096", "1048575", "16777215",
};
#define FUZZ_NTOKENS (sizeof(fuzz_tokens) / sizeof(fuzz_tokens[0]))

static pcap_t *fuzz_handles[32];

static pcap_t *fuzz_handle(int i)
{
	/* one dead handle per linktype for the whole run: opening them per
	 * input would dominate the run time */
	if (!fuzz_handles[i])
		fuzz_handles[i] = pcap_open_dead(fuzz_dlts[i], 262144);
	return fuzz_handles[i];
}

/* Token-soup expression from the input's bytes, in buf. */
static void fuzz_tokens_expr(const uint8_t *d, size_t n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (size_t i = 0; i < n && i < 48; i++) {
		const char *t = fuzz_tokens[d[i] % FUZZ_NTOKENS];
		size_t tl = strlen(t);

		if (len + tl + 2 >= size)
			break;
		/* bit 7 glues the token to the previous one: "ip[0]", "tcp-syn|" */
		if (len && !(d[i] & 0x80))
			buf[len++] = ' ';
		memcpy(buf + len, t, tl);
		len += tl;
		buf[len] = 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpf_program prog;
	char tokbuf[1024];
	char *expr;
	pcap_t *p;

	if (size < 1 || size > 4096)
		return 0;

	uint8_t ctl = data[0];
	const uint8_t *rest = data + 1;
	size_t nrest = size - 1;

	p = fuzz_handle((ctl & 0xf) | ((ctl >> 3) & 0x10));
	if (!p)
		abort();
	if (ctl & 0x40) {
		fuzz_tokens_expr(rest, nrest, tokbuf, sizeof(tokbuf));
		expr = strdup(tokbuf);
	} else {
		expr = malloc(nrest + 1);
		if (expr) {
			memcpy(expr, rest, nrest);
			expr[nrest] = 0;
		}
	}
	if (!expr)
		return 0;

	if (pcap_compile(p, &prog, expr, !!(ctl & 0x10),
			 ctl & 0x20 ? PCAP_NETMASK_UNKNOWN : 0xffffff00) == 0) {
		if (!bpf_validate(prog.bf_insns, prog.bf_len)) {
			fprintf(stderr, "fuzz_compile: '%s' compiled to a program that "
				"fails bpf_validate\n", expr);
			abort();
		}
		size_t plen = nrest < 64 ? nrest : 64;

		(void)bpf_filter(prog.bf_insns, rest + nrest - plen, plen + 8,
				 plen);
		pcap_freecode(&prog);
	} else if (!pcap_geterr(p)[0]) {
		fprintf(stderr, "fuzz_compile: '%s' failed without a message\n", expr);
		abort();
	}
	free(expr);
	return 0;
}
