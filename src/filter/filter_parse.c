/*
 * The pcap-filter parser: hand-written recursive descent over the token
 * array, generating code as it reduces (no separate syntax tree).
 *
 * The grammar is libpcap's: "and" and "or" have equal precedence and
 * associate to the left; a bare identifier after "and", "or" or "not"
 * takes the qualifiers of the primitive before it ("host a or b",
 * "not port 53 and 80"), which is why the current qualifier is passed
 * down as an inherited attribute. Where the grammar needs more than one
 * token of lookahead (is "(" the start of an arithmetic expression or of
 * a parenthesised filter?) the parser looks ahead in the token array.
 */
#include "filter/gen_internal.h"
#include "filter/gen_families.h"
#include "filter/filter_lex.h"

#include <string.h>

struct fparse {
	struct gen_ctx *ctx;
	struct flex_token *toks;
	int n, i;
	int depth;
};

/* Nesting the recursion allows: about 2,000 parentheses, some 400 KiB of
 * stack. libpcap's parser stack takes some 9,995 ("memory exhausted"
 * beyond); a deeper limit here would risk the stack of a thread. */
#define FPARSE_MAX_DEPTH 4000

static const struct gen_qual fparse_qerr = { GQ_UNDEF, GQ_PROTO_UNDEF, GQ_DIR_UNDEF, 0 };

/*
 * A lexical error (T_ERROR, always the last token) is a token no rule
 * takes, as libpcap's scanner's error token is: the parser goes on with
 * what it can finish without it (yacc's default reductions, "port ::.."
 * is an invalid qualifier) and reports the scanner's message where it
 * finds the token unexpected.
 */
__attribute__((noreturn))
static void fparse_syntax(struct fparse *p)
{
	if (p->i < p->n && p->toks[p->i].tok == T_ERROR)
		gen_error(p->ctx, "%s", p->toks[p->i].text);
	gen_error(p->ctx, "can't parse filter expression: syntax error");
}

static enum flex_tok fpeek(struct fparse *p, int ahead)
{
	int i = p->i + ahead;

	if (i >= p->n)
		return T_END;
	return p->toks[i].tok;
}

static struct flex_token *fcur(struct fparse *p)
{
	return &p->toks[p->i];
}

static struct flex_token *fadvance(struct fparse *p)
{
	struct flex_token *t = &p->toks[p->i];

	if (p->i < p->n - 1)
		p->i++;
	return t;
}

static struct flex_token *fexpect(struct fparse *p, enum flex_tok tok)
{
	if (fpeek(p, 0) != tok)
		fparse_syntax(p);
	return fadvance(p);
}

static void fparse_enter(struct fparse *p)
{
	if (++p->depth > FPARSE_MAX_DEPTH)
		gen_error(p->ctx, "filter expression nested too deeply");
}

static int ftok_is_binop(enum flex_tok t)
{
	switch (t) {
	case T_PLUS: case T_MINUS: case T_STAR: case T_SLASH: case T_PERCENT:
	case T_AMP: case T_PIPE: case T_CARET: case T_LSH: case T_RSH:
		return 1;
	default:
		return 0;
	}
}

static int ftok_is_relop(enum flex_tok t)
{
	switch (t) {
	case T_GT: case T_GEQ: case T_EQ: case T_LT: case T_LEQ: case T_NEQ:
		return 1;
	default:
		return 0;
	}
}

/* Index of the token after the parenthesised group starting at ahead. */
static int fparse_skip_group(struct fparse *p, int ahead)
{
	int depth = 0;

	for (;; ahead++) {
		enum flex_tok t = fpeek(p, ahead);

		if (t == T_END)
			return ahead;
		if (t == T_LPAREN || t == T_LBRACK)
			depth++;
		else if (t == T_RPAREN || t == T_RBRACK) {
			if (--depth == 0)
				return ahead + 1;
		}
	}
}

/* Does an arithmetic comparison start here? */
static int fparse_is_arith(struct fparse *p)
{
	enum flex_tok t = fpeek(p, 0), next;

	switch (t) {
	case T_NUM:
		next = fpeek(p, 1);
		return ftok_is_binop(next) || ftok_is_relop(next);
	case T_LEN:
	case T_MINUS:
		return 1;
	case T_PNAME:
		return fpeek(p, 1) == T_LBRACK;
	case T_LPAREN:
		next = fpeek(p, fparse_skip_group(p, 0));
		return ftok_is_binop(next) || ftok_is_relop(next);
	default:
		return 0;
	}
}

/* ---- arithmetic ------------------------------------------------------- */

static struct gen_arth *fparse_arth(struct fparse *p, int prec);
static struct gen_arth *fparse_arth_operand(struct fparse *p);

static struct gen_arth *fparse_arth_primary(struct fparse *p)
{
	struct gen_ctx *ctx = p->ctx;
	struct gen_arth *a, *idx;
	bpf_u_int32 n = 1;
	int qproto, size;

	switch (fpeek(p, 0)) {
	case T_NUM:
		return gen_arth_const(ctx, fadvance(p)->num);
	case T_LEN:
		fadvance(p);
		return gen_arth_len(ctx);
	case T_LPAREN:
		fadvance(p);
		fparse_enter(p);
		a = fparse_arth(p, 0);
		p->depth--;
		fexpect(p, T_RPAREN);
		return a;
	case T_PNAME:
		qproto = (int)fadvance(p)->num;
		fexpect(p, T_LBRACK);
		fparse_enter(p);
		idx = fparse_arth(p, 0);
		p->depth--;
		if (fpeek(p, 0) == T_COLON) {
			fadvance(p);
			n = fexpect(p, T_NUM)->num;
		}
		/* libpcap checks the size once the accessor is complete */
		fexpect(p, T_RBRACK);
		if (n == 1)
			size = BPF_B;
		else if (n == 2)
			size = BPF_H;
		else if (n == 4)
			size = BPF_W;
		else
			gen_error(ctx, "data size must be 1, 2, or 4");
		return gen_arth_load(ctx, qproto, idx, size);
	default:
		fparse_syntax(p);
	}
}

/*
 * Binary operators libpcap's grammar gives a precedence to, loosest
 * first: | & << >> + - * /. It declares none for ^ and %, and yacc
 * resolves their conflicts by shifting; see fparse_arth_operand.
 */
static int fparse_binop(enum flex_tok t, int *prec)
{
	switch (t) {
	case T_PIPE: *prec = 1; return BPF_OR;
	case T_AMP: *prec = 2; return BPF_AND;
	case T_LSH: *prec = 3; return BPF_LSH;
	case T_RSH: *prec = 3; return BPF_RSH;
	case T_PLUS: *prec = 4; return BPF_ADD;
	case T_MINUS: *prec = 4; return BPF_SUB;
	case T_STAR: *prec = 5; return BPF_MUL;
	case T_SLASH: *prec = 5; return BPF_DIV;
	default: return -1;
	}
}

/*
 * An operand of the precedence climbing: a primary, or unary minus
 * applied to an operand. Since yacc shifts ^ and % whatever is on its
 * stack, either operator takes the primary just before it as its left
 * operand and all the arithmetic after it as its right one, under any
 * operator (unary minus included) still pending on its left:
 * "1 - 2 ^ 3 + 4" is 1 - (2 ^ (3 + 4)), "-len % 2 * 3" is
 * -(len % (2 * 3)).
 */
static struct gen_arth *fparse_arth_operand(struct fparse *p)
{
	struct gen_arth *a, *b;
	enum flex_tok t;

	fparse_enter(p);
	if (fpeek(p, 0) == T_MINUS) {
		fadvance(p);
		a = gen_arth_neg(p->ctx, fparse_arth_operand(p));
		p->depth--;
		return a;
	}
	a = fparse_arth_primary(p);
	t = fpeek(p, 0);
	if (t == T_CARET || t == T_PERCENT) {
		fadvance(p);
		b = fparse_arth(p, 0);
		a = gen_arth_op(p->ctx, t == T_CARET ? BPF_XOR : BPF_MOD, a, b);
	}
	p->depth--;
	return a;
}

/* Precedence climbing over the declared operators, left-associative. */
static struct gen_arth *fparse_arth(struct fparse *p, int minprec)
{
	struct gen_arth *a = fparse_arth_operand(p);
	int op, prec;

	while ((op = fparse_binop(fpeek(p, 0), &prec)) >= 0 && prec > minprec) {
		struct gen_arth *b;

		fadvance(p);
		fparse_enter(p);
		b = fparse_arth(p, prec);
		p->depth--;
		a = gen_arth_op(p->ctx, op, a, b);
	}
	return a;
}

static struct gen_cond *fparse_relation(struct fparse *p)
{
	struct gen_arth *a = fparse_arth(p, 0), *b;
	enum flex_tok op = fpeek(p, 0);
	int jtype, reverse;

	switch (op) {
	case T_GT: jtype = BPF_JGT; reverse = 0; break;
	case T_GEQ: jtype = BPF_JGE; reverse = 0; break;
	case T_EQ: jtype = BPF_JEQ; reverse = 0; break;
	case T_LEQ: jtype = BPF_JGT; reverse = 1; break;
	case T_LT: jtype = BPF_JGE; reverse = 1; break;
	case T_NEQ: jtype = BPF_JEQ; reverse = 1; break;
	default: fparse_syntax(p);
	}
	fadvance(p);
	b = fparse_arth(p, 0);
	return gen_relation(p->ctx, jtype, reverse, a, b);
}

/* relop NUM as in `vpi > 3`, `sio = 2`: jtype/reverse for the operator. */
static int fparse_value_relop(struct fparse *p, int *jtype, int *reverse)
{
	switch (fpeek(p, 0)) {
	case T_GT: *jtype = BPF_JGT; *reverse = 0; break;
	case T_GEQ: *jtype = BPF_JGE; *reverse = 0; break;
	case T_EQ: *jtype = BPF_JEQ; *reverse = 0; break;
	case T_LEQ: *jtype = BPF_JGT; *reverse = 1; break;
	case T_LT: *jtype = BPF_JGE; *reverse = 1; break;
	case T_NEQ: *jtype = BPF_JEQ; *reverse = 1; break;
	default: return 0;
	}
	fadvance(p);
	return 1;
}

/* ---- identifiers with qualifiers ------------------------------------ */

/*
 * When libpcap's parser turns a number into a host/port/... id. After a
 * qualifier or an "and"/"or" inside parentheses only an id can follow, and
 * yacc reduces it at once; where an arithmetic comparison could start as
 * well (after "and"/"or" between terms, or just inside a parenthesis
 * there), it decides on the token after the number and refuses any that
 * cannot follow an id, before generating anything: "port 1 or 99999 foo"
 * is a syntax error, "port 1 or (2 or 99999 foo" an illegal port.
 */
enum fparse_numctx {
	FNUM_AT_ONCE,	/* only an id can be here */
	FNUM_EXPR,	/* a term could be here: and, or, ')' or the end follow */
	FNUM_PAREN,	/* first in a parenthesis where a term could be */
};

static struct gen_cond *fparse_id(struct fparse *p, struct gen_qual q,
				  enum fparse_numctx nctx);

/* The number just read may become an id (see enum fparse_numctx). */
static void fparse_num_follow(struct fparse *p, enum fparse_numctx nctx)
{
	enum flex_tok t = fpeek(p, 0);

	if (nctx == FNUM_AT_ONCE || t == T_AND || t == T_OR)
		return;
	if (t == T_RPAREN) {
		/* "(1)" is a parenthesised number in the enclosing context */
		if (nctx == FNUM_PAREN) {
			enum flex_tok n = fpeek(p, 1);

			if (n != T_AND && n != T_OR && n != T_RPAREN && n != T_END)
				fparse_syntax(p);
		}
		return;
	}
	if (t != T_END || nctx == FNUM_PAREN)
		fparse_syntax(p);
}

static bpf_u_int32 fparse_pnum(struct fparse *p)
{
	bpf_u_int32 v;

	if (fpeek(p, 0) == T_LPAREN) {
		fadvance(p);
		fparse_enter(p);
		v = fparse_pnum(p);
		p->depth--;
		fexpect(p, T_RPAREN);
		return v;
	}
	return fexpect(p, T_NUM)->num;
}

/*
 * pid: id ((and|or) id)* inside parentheses, all with qualifier q. In
 * libpcap's grammar the first id cannot be a parenthesised list, only a
 * parenthesised number: "host 1 and ((2) or 3)" parses, "((2 or 3))"
 * and "dst((foo" are syntax errors before any name is looked up.
 */
static struct gen_cond *fparse_pid(struct fparse *p, struct gen_qual q,
				   enum fparse_numctx nctx)
{
	struct gen_cond *c;

	if (fpeek(p, 0) == T_LPAREN) {
		bpf_u_int32 v = fparse_pnum(p);

		fparse_num_follow(p, nctx);
		c = gen_ncode(p->ctx, NULL, v, q);
	} else {
		c = fparse_id(p, q, nctx);
	}

	for (;;) {
		enum flex_tok t = fpeek(p, 0);

		if (t == T_AND) {
			fadvance(p);
			c = gen_and(p->ctx, c, fparse_id(p, q, FNUM_AT_ONCE));
		} else if (t == T_OR) {
			fadvance(p);
			c = gen_or(p->ctx, c, fparse_id(p, q, FNUM_AT_ONCE));
		} else {
			return c;
		}
	}
}

static struct gen_cond *fparse_id(struct fparse *p, struct gen_qual q,
				  enum fparse_numctx nctx)
{
	struct gen_ctx *ctx = p->ctx;
	struct flex_token *t;
	struct gen_cond *c;

	fparse_enter(p);
	switch (fpeek(p, 0)) {
	case T_NOT:
	case T_BANG:
		fadvance(p);
		c = gen_not(ctx, fparse_id(p, q, nctx == FNUM_AT_ONCE ? FNUM_AT_ONCE : FNUM_EXPR));
		break;
	case T_LPAREN:
		fadvance(p);
		c = fparse_pid(p, q, nctx == FNUM_AT_ONCE ? FNUM_AT_ONCE : FNUM_PAREN);
		fexpect(p, T_RPAREN);
		break;
	case T_ID:
		t = fadvance(p);
		c = gen_scode(ctx, t->text, q);
		break;
	case T_HID:
		t = fadvance(p);
		if (fpeek(p, 0) == T_SLASH) {
			fadvance(p);
			c = gen_mcode(ctx, t->text, NULL, fexpect(p, T_NUM)->num, q);
		} else if (fpeek(p, 0) == T_MASK) {
			fadvance(p);
			c = gen_mcode(ctx, t->text, fexpect(p, T_HID)->text, 0, q);
		} else {
			if (q.addr == GQ_PORT || q.addr == GQ_PORTRANGE ||
			    q.addr == GQ_PROTO || q.addr == GQ_PROTOCHAIN)
				gen_error(ctx, "'%s' modifier applied to ip host",
					  gen_qaddr_name(q.addr));
			c = gen_ncode(ctx, t->text, 0, q);
		}
		break;
	case T_HID6:
		t = fadvance(p);
		if (fpeek(p, 0) == T_SLASH) {
			fadvance(p);
			c = gen_mcode6(ctx, t->text, fexpect(p, T_NUM)->num, q, 1);
		} else {
			c = gen_mcode6(ctx, t->text, 128, q, 0);
		}
		break;
	case T_EID:
		t = fadvance(p);
		c = gen_ecode(ctx, t->text, q);
		break;
	case T_NUM:
		t = fadvance(p);
		fparse_num_follow(p, nctx);
		c = gen_ncode(ctx, NULL, t->num, q);
		break;
	default:
		fparse_syntax(p);
	}
	p->depth--;
	return c;
}

/* ---- terms ------------------------------------------------------------ */

static struct gen_cond *fparse_expr(struct fparse *p, struct gen_qual qin,
				    struct gen_qual *qout);
static struct gen_cond *fparse_term(struct fparse *p, struct gen_qual qin,
				    struct gen_qual *qout);

static int ftok_is_dqual(enum flex_tok t)
{
	return t == T_SRC || t == T_DST || t == T_ADDR1 || t == T_ADDR2 ||
	       t == T_ADDR3 || t == T_ADDR4 || t == T_RA || t == T_TA;
}

static int ftok_is_aqual(enum flex_tok t)
{
	return t == T_HOST || t == T_NET || t == T_PORT || t == T_PORTRANGE ||
	       t == T_GATEWAY;
}

static int fparse_dqual(struct fparse *p)
{
	enum flex_tok t = fadvance(p)->tok;

	switch (t) {
	case T_SRC:
	case T_DST:
		if ((fpeek(p, 0) == T_OR || fpeek(p, 0) == T_AND) &&
		    fpeek(p, 1) == (t == T_SRC ? T_DST : T_SRC)) {
			int dir = fpeek(p, 0) == T_OR ? GQ_OR : GQ_AND;

			fadvance(p);
			fadvance(p);
			return dir;
		}
		return t == T_SRC ? GQ_SRC : GQ_DST;
	case T_ADDR1: return GQ_ADDR1;
	case T_ADDR2: return GQ_ADDR2;
	case T_ADDR3: return GQ_ADDR3;
	case T_ADDR4: return GQ_ADDR4;
	case T_RA: return GQ_RA;
	default: return GQ_TA;
	}
}

static int fparse_aqual(struct fparse *p)
{
	switch (fadvance(p)->tok) {
	case T_HOST: return GQ_HOST;
	case T_NET: return GQ_NET;
	case T_PORT: return GQ_PORT;
	case T_PORTRANGE: return GQ_PORTRANGE;
	default: return GQ_GATEWAY;
	}
}

/* head id: [pname] [dqual] [aqual] | [pname] proto | [pname] protochain */
static struct gen_cond *fparse_head_id(struct fparse *p, int qproto,
				       struct gen_qual *qout)
{
	struct gen_qual q = { GQ_DEFAULT, (unsigned char)qproto, GQ_DIR_DEFAULT, 0 };

	if (fpeek(p, 0) == T_PROTO || fpeek(p, 0) == T_PROTOCHAIN) {
		q.addr = fadvance(p)->tok == T_PROTO ? GQ_PROTO : GQ_PROTOCHAIN;
	} else {
		if (ftok_is_dqual(fpeek(p, 0))) {
			q.dir = (unsigned char)fparse_dqual(p);
			/* libpcap's grammar takes gateway without a direction */
			if (fpeek(p, 0) == T_GATEWAY)
				fparse_syntax(p);
		}
		if (ftok_is_aqual(fpeek(p, 0)))
			q.addr = (unsigned char)fparse_aqual(p);
	}
	*qout = q;
	return fparse_id(p, q, FNUM_AT_ONCE);
}

/* name or number of an 802.11 type/subtype/dir, or a pflog reason */
static const char *fparse_name_or_num(struct fparse *p, bpf_u_int32 *num)
{
	struct flex_token *t = fcur(p);

	if (t->tok == T_NUM) {
		fadvance(p);
		*num = t->num;
		return NULL;
	}
	if (t->tok != T_ID)
		fparse_syntax(p);
	fadvance(p);
	*num = 0;
	return t->text;
}

/*
 * libpcap resolves the type of "type T subtype S" as soon as it has read
 * T, so a bad T is reported before a missing S. Where type and subtype
 * apply (the 802.11 links; elsewhere the link error comes after S), have
 * the generator judge T alone before reporting that S is missing.
 */
static void fparse_wlan_type_first(struct fparse *p, const char *type, bpf_u_int32 tnum)
{
	enum flex_tok t = fpeek(p, 0);
	int dlt = gen_families_dlt(p->ctx);

	if (t == T_NUM || t == T_ID)
		return;
	if (dlt == DLT_IEEE802_11 || dlt == DLT_IEEE802_11_RADIO ||
	    dlt == DLT_IEEE802_11_RADIO_AVS || dlt == DLT_PRISM_HEADER)
		gen_wlan_type(p->ctx, type, tnum, NULL, 0, 0);
	fparse_syntax(p);
}

static struct gen_cond *fparse_wlan(struct fparse *p)
{
	struct gen_ctx *ctx = p->ctx;
	bpf_u_int32 n1, n2;
	const char *s1, *s2;

	switch (fadvance(p)->tok) {
	case T_TYPE:
		s1 = fparse_name_or_num(p, &n1);
		if (fpeek(p, 0) == T_SUBTYPE) {
			fadvance(p);
			fparse_wlan_type_first(p, s1, n1);
			s2 = fparse_name_or_num(p, &n2);
			return gen_wlan_type(ctx, s1, n1, s2, n2, 1);
		}
		return gen_wlan_type(ctx, s1, n1, NULL, 0, 0);
	case T_SUBTYPE:
		/* a subtype alone must be named: its number means nothing
		 * without the type */
		return gen_wlan_subtype(ctx, fexpect(p, T_ID)->text, 0);
	default:
		s1 = fparse_name_or_num(p, &n1);
		return gen_wlan_dir(ctx, s1, n1);
	}
}

/* field value | field relop value | field (v or v ...) for ATM and MTP3 */
static struct gen_cond *fparse_field_values(struct fparse *p, const char *field, int is_atm)
{
	struct gen_ctx *ctx = p->ctx;
	struct gen_cond *c = NULL;
	int jtype = BPF_JEQ, reverse = 0;

	if (fparse_value_relop(p, &jtype, &reverse) || fpeek(p, 0) != T_LPAREN) {
		bpf_u_int32 v = fexpect(p, T_NUM)->num;

		return is_atm ? gen_misc_atm_field(ctx, field, v, jtype, reverse) :
				gen_ss7_field(ctx, field, v, jtype, reverse);
	}
	fadvance(p);
	for (;;) {
		bpf_u_int32 v = fexpect(p, T_NUM)->num;
		struct gen_cond *one = is_atm ?
			gen_misc_atm_field(ctx, field, v, BPF_JEQ, 0) :
			gen_ss7_field(ctx, field, v, BPF_JEQ, 0);

		c = c ? gen_or(ctx, c, one) : one;
		if (fpeek(p, 0) != T_OR)
			break;
		fadvance(p);
	}
	fexpect(p, T_RPAREN);
	return c;
}

/* The primitives with no identifier ("other" in libpcap's grammar). */
static struct gen_cond *fparse_other(struct fparse *p, int qproto)
{
	struct gen_ctx *ctx = p->ctx;
	struct flex_token *t = fcur(p);
	bpf_u_int32 a, b;
	int op;

	switch (t->tok) {
	case T_BROADCAST:
		fadvance(p);
		return gen_broadcast(ctx, qproto);
	case T_MULTICAST:
		fadvance(p);
		return gen_multicast(ctx, qproto);
	case T_TYPE:
	case T_SUBTYPE:
	case T_DIR:
		return fparse_wlan(p);
	default:
		break;
	}
	if (qproto != GQ_DEFAULT)
		fparse_syntax(p);
	fadvance(p);
	switch (t->tok) {
	case T_LESS:
		return gen_less(ctx, fexpect(p, T_NUM)->num);
	case T_GREATER:
		return gen_greater(ctx, fexpect(p, T_NUM)->num);
	case T_BYTE:
		a = fexpect(p, T_NUM)->num;
		switch (fadvance(p)->tok) {
		case T_AMP: op = '&'; break;
		case T_PIPE: op = '|'; break;
		case T_LT: op = '<'; break;
		case T_GT: op = '>'; break;
		case T_EQ: op = '='; break;
		default: fparse_syntax(p);
		}
		b = fexpect(p, T_NUM)->num;
		return gen_byteop(ctx, op, a, b);
	case T_INBOUND:
		return gen_misc_inbound(ctx, 0);
	case T_OUTBOUND:
		return gen_misc_inbound(ctx, 1);
	case T_IFINDEX:
		return gen_misc_ifindex(ctx, (int)fexpect(p, T_NUM)->num);
	case T_VLAN:
	case T_MPLS:
	case T_PPPOES:
	case T_GENEVE: {
		int has = fpeek(p, 0) == T_NUM || fpeek(p, 0) == T_LPAREN;
		bpf_u_int32 v = has ? fparse_pnum(p) : 0;

		if (t->tok == T_VLAN)
			return gen_vlan(ctx, v, has);
		if (t->tok == T_MPLS)
			return gen_mpls(ctx, v, has);
		if (t->tok == T_PPPOES)
			return gen_pppoes(ctx, v, has);
		return gen_geneve(ctx, v, has);
	}
	case T_PPPOED:
		return gen_pppoed(ctx);
	case T_PF_IFNAME:
		return gen_pflog(ctx, GEN_PF_IFNAME, fexpect(p, T_ID)->text, 0, 0);
	case T_PF_RSET:
		return gen_pflog(ctx, GEN_PF_RSET, fexpect(p, T_ID)->text, 0, 0);
	case T_PF_RNR:
		return gen_pflog(ctx, GEN_PF_RNR, NULL, fexpect(p, T_NUM)->num, 1);
	case T_PF_SRNR:
		return gen_pflog(ctx, GEN_PF_SRNR, NULL, fexpect(p, T_NUM)->num, 1);
	case T_PF_REASON: {
		bpf_u_int32 n;
		const char *s = fparse_name_or_num(p, &n);

		return gen_pflog(ctx, GEN_PF_REASON, s, n, s == NULL);
	}
	case T_PF_ACTION:
		return gen_pflog(ctx, GEN_PF_ACTION, fexpect(p, T_ID)->text, 0, 0);
	case T_LLC:
		if (fpeek(p, 0) == T_ID)
			return gen_iso_llc(ctx, fadvance(p)->text);
		if (fpeek(p, 0) == T_PF_RNR) {
			fadvance(p);
			return gen_iso_llc(ctx, "rnr");
		}
		return gen_iso_llc(ctx, NULL);
	case T_MTP2TYPE:
		return gen_ss7_mtp2type(ctx, t->text);
	case T_MTP3FIELD:
		return fparse_field_values(p, t->text, 0);
	case T_ATMTYPE:
		return gen_misc_atm_type(ctx, t->text);
	case T_ATMFIELD:
		return fparse_field_values(p, t->text, 1);
	default:
		fparse_syntax(p);
	}
}

static int ftok_is_other(enum flex_tok t)
{
	switch (t) {
	case T_BROADCAST: case T_MULTICAST: case T_TYPE: case T_SUBTYPE:
	case T_DIR: case T_LESS: case T_GREATER: case T_BYTE: case T_INBOUND:
	case T_OUTBOUND: case T_IFINDEX: case T_VLAN: case T_MPLS:
	case T_PPPOED: case T_PPPOES: case T_GENEVE: case T_PF_IFNAME:
	case T_PF_RSET: case T_PF_RNR: case T_PF_SRNR: case T_PF_REASON:
	case T_PF_ACTION: case T_LLC: case T_MTP2TYPE: case T_MTP3FIELD:
	case T_ATMTYPE: case T_ATMFIELD:
		return 1;
	default:
		return 0;
	}
}

static struct gen_cond *fparse_rterm(struct fparse *p, struct gen_qual qin,
				     struct gen_qual *qout)
{
	enum flex_tok t = fpeek(p, 0);
	struct gen_qual inner;
	struct gen_cond *c;

	*qout = fparse_qerr;
	if (fparse_is_arith(p))
		return fparse_relation(p);
	if (t == T_LPAREN) {
		/* "(expr)" hands on the qualifier from before the parenthesis,
		 * not the one of its last primitive: "(host a) and b" is an
		 * error at the start of a filter, "port 1 and (tcp) or 2" fine */
		fadvance(p);
		c = fparse_expr(p, qin, &inner);
		fexpect(p, T_RPAREN);
		*qout = qin;
		return c;
	}
	if (t == T_PNAME) {
		int qproto = (int)fcur(p)->num;
		enum flex_tok n = fpeek(p, 1);

		if (ftok_is_dqual(n) || ftok_is_aqual(n) || n == T_PROTO ||
		    n == T_PROTOCHAIN) {
			fadvance(p);
			return fparse_head_id(p, qproto, qout);
		}
		if (n == T_BROADCAST || n == T_MULTICAST || n == T_TYPE ||
		    n == T_SUBTYPE || n == T_DIR) {
			fadvance(p);
			return fparse_other(p, qproto);
		}
		/* libpcap's parser needs the token after a lone protocol name
		 * before it reduces it, so "ip ip" or "ip = 1" is a syntax
		 * error even where the link cannot carry ip */
		if (n != T_END && n != T_AND && n != T_OR && n != T_RPAREN)
			fparse_syntax(p);
		fadvance(p);
		return gen_proto_abbrev(p->ctx, qproto);
	}
	if (ftok_is_dqual(t) || ftok_is_aqual(t) || t == T_PROTO || t == T_PROTOCHAIN)
		return fparse_head_id(p, GQ_DEFAULT, qout);
	if (ftok_is_other(t))
		return fparse_other(p, GQ_DEFAULT);
	fparse_syntax(p);
}

static struct gen_cond *fparse_term(struct fparse *p, struct gen_qual qin,
				    struct gen_qual *qout)
{
	struct gen_cond *c;

	fparse_enter(p);
	if (fpeek(p, 0) == T_NOT || fpeek(p, 0) == T_BANG) {
		fadvance(p);
		c = gen_not(p->ctx, fparse_term(p, qin, qout));
	} else {
		c = fparse_rterm(p, qin, qout);
	}
	p->depth--;
	return c;
}

/* Would an identifier (taking the inherited qualifier) start here? */
static int fparse_starts_id(struct fparse *p, int ahead)
{
	for (;;) {
		switch (fpeek(p, ahead)) {
		case T_NOT:
		case T_BANG:
		case T_LPAREN:
			ahead++;
			continue;
		case T_ID:
		case T_HID:
		case T_HID6:
		case T_EID:
			return 1;
		case T_NUM: {
			enum flex_tok n = fpeek(p, ahead + 1);

			return !ftok_is_binop(n) && !ftok_is_relop(n);
		}
		default:
			return 0;
		}
	}
}

/* After "and"/"or": an id with the inherited qualifier, or a term. */
static struct gen_cond *fparse_id_or_term(struct fparse *p, struct gen_qual q,
					  struct gen_qual *qout)
{
	enum flex_tok t = fpeek(p, 0);
	struct gen_cond *c;

	fparse_enter(p);
	if (t == T_NOT || t == T_BANG) {
		fadvance(p);
		c = gen_not(p->ctx, fparse_id_or_term(p, q, qout));
	} else if (t == T_LPAREN && !fparse_is_arith(p) && fparse_starts_id(p, 1)) {
		*qout = q;
		c = fparse_id(p, q, FNUM_EXPR);
	} else if (t != T_LPAREN && fparse_starts_id(p, 0)) {
		*qout = q;
		c = fparse_id(p, q, FNUM_EXPR);
	} else {
		c = fparse_term(p, q, qout);
	}
	p->depth--;
	return c;
}

static struct gen_cond *fparse_expr(struct fparse *p, struct gen_qual qin,
				    struct gen_qual *qout)
{
	struct gen_qual q;
	struct gen_cond *c;

	fparse_enter(p);
	c = fparse_term(p, qin, &q);
	for (;;) {
		enum flex_tok t = fpeek(p, 0);
		struct gen_cond *r;

		if (t != T_AND && t != T_OR)
			break;
		fadvance(p);
		r = fparse_id_or_term(p, q, &q);
		c = t == T_AND ? gen_and(p->ctx, c, r) : gen_or(p->ctx, c, r);
	}
	p->depth--;
	*qout = q;
	return c;
}

struct gen_cond *filter_parse(struct gen_ctx *ctx, const char *expr)
{
	struct flex_lexer lx = { expr, 0 };
	struct fparse p = { ctx, NULL, 0, 0, 0 };
	struct gen_qual q;
	struct gen_cond *c;
	int cap = 0;

	/* tokenize everything first: the parser needs lookahead */
	do {
		if (p.n == cap) {
			struct flex_token *nt;

			cap = cap ? cap * 2 : 64;
			nt = gen_alloc(ctx, (size_t)cap * sizeof(*nt));
			if (p.n)
				memcpy(nt, p.toks, (size_t)p.n * sizeof(*nt));
			p.toks = nt;
		}
		flex_next(ctx, &lx, &p.toks[p.n]);
	} while (p.toks[p.n].tok != T_END && p.toks[p.n++].tok != T_ERROR);
	if (p.toks[p.n].tok == T_END)
		p.n++;

	if (p.toks[0].tok == T_END)
		return gen_true(ctx);
	c = fparse_expr(&p, fparse_qerr, &q);
	if (fpeek(&p, 0) != T_END)
		fparse_syntax(&p);
	return c;
}
