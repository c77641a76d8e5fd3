/* The pcap-filter lexer: tokens of man 7 pcap-filter. */
#ifndef MQPCAP_FILTER_LEX_H
#define MQPCAP_FILTER_LEX_H

#include <pcap/pcap.h>

struct gen_ctx;

enum flex_tok {
	T_END = 0,
	T_ERROR,
	T_NUM,		/* num */
	T_ID,		/* text (backslash-escapes stripped) */
	T_HID,		/* dotted IPv4 (1 to 4 parts), text */
	T_HID6,		/* IPv6 address, text */
	T_EID,		/* MAC address, text */
	/* punctuation */
	T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COLON,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT,
	T_AMP, T_PIPE, T_CARET, T_LSH, T_RSH,
	T_GT, T_GEQ, T_LT, T_LEQ, T_EQ, T_NEQ, T_BANG,
	/* keywords */
	T_AND, T_OR, T_NOT,
	T_SRC, T_DST, T_ADDR1, T_ADDR2, T_ADDR3, T_ADDR4, T_RA, T_TA,
	T_HOST, T_NET, T_MASK, T_PORT, T_PORTRANGE, T_GATEWAY, T_PROTO, T_PROTOCHAIN,
	T_PNAME,	/* protocol name: num = enum gen_qproto */
	T_LESS, T_GREATER, T_BYTE, T_BROADCAST, T_MULTICAST, T_LEN,
	T_INBOUND, T_OUTBOUND, T_IFINDEX,
	T_VLAN, T_MPLS, T_PPPOED, T_PPPOES, T_GENEVE,
	T_TYPE, T_SUBTYPE, T_DIR,
	T_LLC,
	T_PF_IFNAME, T_PF_RSET, T_PF_RNR, T_PF_SRNR, T_PF_REASON, T_PF_ACTION,
	T_MTP2TYPE,	/* fisu, lssu, msu and h- forms: text */
	T_MTP3FIELD,	/* sio, opc, dpc, sls and h- forms: text */
	T_ATMTYPE,	/* lane, metac, bcc, oam, oamf4*, sc, ilmic, connectmsg, metaconnect */
	T_ATMFIELD,	/* vpi, vci */
};

struct flex_token {
	enum flex_tok tok;
	bpf_u_int32 num;
	const char *text;	/* arena copy of the token's text */
	int pos;		/* offset in the source */
};

struct flex_lexer {
	const char *src;
	int pos;
};

/* Next token; lexical errors (bad numbers) call gen_error. */
void flex_next(struct gen_ctx *ctx, struct flex_lexer *lx, struct flex_token *t);

#endif
