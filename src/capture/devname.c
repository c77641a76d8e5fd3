/*
 * Parsing "[BACKEND:]IFACE[@QUEUES][,KEY=VALUE]..." and the environment's
 * options. Every error names the part of the input that is wrong, because
 * the user typed it into a tool that will only print our sentence.
 */
#include "capture/devname.h"
#include "core/error.h"

#include <pcap/pcap.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const backend_names[] = {
	[DEVNAME_RING] = "ring",
	[DEVNAME_PFQ] = "pfq",
	[DEVNAME_CLASSIC] = "classic",
	[DEVNAME_XDP] = "xdp",
};

static const char *const fanout_names[] = {
	[DEVNAME_FANOUT_HASH] = "hash",
	[DEVNAME_FANOUT_SYMHASH] = "symhash",
	[DEVNAME_FANOUT_CPU] = "cpu",
	[DEVNAME_FANOUT_LB] = "lb",
	[DEVNAME_FANOUT_QM] = "qm",
	[DEVNAME_FANOUT_ROLLOVER] = "rollover",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *devname_backend_name(enum devname_backend backend)
{
	return (unsigned)backend < ARRAY_SIZE(backend_names) ?
		backend_names[backend] : "?";
}

const char *devname_fanout_name(enum devname_fanout fanout)
{
	return (unsigned)fanout < ARRAY_SIZE(fanout_names) ?
		fanout_names[fanout] : "?";
}

/* Index of s (of length len) in a table of names, or -1. */
static int lookup_name(const char *const *table, size_t n, const char *s,
		       size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(table[i]) == len && strncmp(table[i], s, len) == 0)
			return (int)i;
	return -1;
}

/* A decimal number in [min, max] filling exactly s[0..len). */
static int parse_uint(const char *s, size_t len, long min, long max, long *out)
{
	long v = 0;

	if (len == 0 || len > 10)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "262144", "64k", "256M", "1G" (binary multiples), at least 1 byte. */
static int parse_size(const char *s, size_t len, size_t *out)
{
	unsigned shift = 0;
	long v;

	if (len > 1) {
		switch (s[len - 1]) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		}
		if (shift)
			len--;
	}
	if (parse_uint(s, len, 1, (1L << 34) >> shift, &v) < 0)
		return -1;
	*out = (size_t)v << shift;
	return 0;
}

/* One "key=value" of length len; source names where it came from. */
static int apply_option(struct devname *dn, const char *opt, size_t len,
			const char *source, char *errbuf)
{
	const char *eq = memchr(opt, '=', len);
	const char *val;
	size_t klen, vlen;
	long v;
	int i;

	if (eq == NULL || eq == opt) {
		errbuf_printf(errbuf, "option \"%.*s\" is not KEY=VALUE, in %s",
			      (int)len, opt, source);
		return -1;
	}
	klen = (size_t)(eq - opt);
	val = eq + 1;
	vlen = len - klen - 1;

#define KEY_IS(k) (klen == sizeof(k) - 1 && strncmp(opt, k, klen) == 0)
	if (KEY_IS("group")) {
		if (parse_uint(val, vlen, 0, 65535, &v) < 0)
			goto bad_value;
		dn->group = (int)v;
	} else if (KEY_IS("fanout")) {
		i = lookup_name(fanout_names, ARRAY_SIZE(fanout_names), val, vlen);
		if (i < 0)
			goto bad_value;
		dn->fanout = (enum devname_fanout)i;
	} else if (KEY_IS("members")) {
		if (parse_uint(val, vlen, 1, DEVNAME_MAX_MEMBERS, &v) < 0)
			goto bad_value;
		dn->members = (int)v;
	} else if (KEY_IS("ring")) {
		if (parse_size(val, vlen, &dn->ring_bytes) < 0)
			goto bad_value;
	} else if (KEY_IS("order")) {
		if (vlen == 5 && strncmp(val, "loose", 5) == 0)
			dn->order = DEVNAME_ORDER_LOOSE;
		else if (vlen == 6 && strncmp(val, "strict", 6) == 0)
			dn->order = DEVNAME_ORDER_STRICT;
		else
			goto bad_value;
	} else if (KEY_IS("zc")) {
		if (vlen == 4 && strncmp(val, "auto", 4) == 0)
			dn->zc = DEVNAME_AUTO;
		else if (vlen == 2 && strncmp(val, "on", 2) == 0)
			dn->zc = DEVNAME_ON;
		else if (vlen == 3 && strncmp(val, "off", 3) == 0)
			dn->zc = DEVNAME_OFF;
		else
			goto bad_value;
	} else if (KEY_IS("mode")) {
		if (vlen == 6 && strncmp(val, "native", 6) == 0)
			dn->xdp_skb_mode = 0;
		else if (vlen == 3 && strncmp(val, "skb", 3) == 0)
			dn->xdp_skb_mode = 1;
		else
			goto bad_value;
	} else if (KEY_IS("busy_poll")) {
		if (parse_uint(val, vlen, 0, 1000000, &v) < 0)
			goto bad_value;
		dn->busy_poll_us = (int)v;
	} else {
		errbuf_printf(errbuf, "unknown option \"%.*s\" in %s (known: group, fanout, members, ring, order, zc, mode, busy_poll)",
			      (int)klen, opt, source);
		return -1;
	}
#undef KEY_IS
	return 0;

bad_value:
	errbuf_printf(errbuf, "bad value \"%.*s\" for option %.*s in %s",
		      (int)vlen, val, (int)klen, opt, source);
	return -1;
}

/* "k=v,k=v" (each of length > 0) from s[0..len). */
static int apply_options(struct devname *dn, const char *s, size_t len,
			 const char *source, char *errbuf)
{
	const char *end = s + len;

	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		size_t n = comma ? (size_t)(comma - s) : (size_t)(end - s);

		if (n == 0) {
			errbuf_printf(errbuf, "empty option in %s", source);
			return -1;
		}
		if (apply_option(dn, s, n, source, errbuf) < 0)
			return -1;
		s += n + (comma != NULL);
		if (comma && s == end) {
			errbuf_printf(errbuf, "empty option in %s", source);
			return -1;
		}
	}
	return 0;
}

/* "3" or "0-3" after the '@'. */
static int parse_queues(struct devname *dn, const char *s, size_t len,
			const char *name, char *errbuf)
{
	const char *dash = memchr(s, '-', len);
	long first, last;

	if (dash == NULL) {
		if (parse_uint(s, len, 0, DEVNAME_MAX_MEMBERS - 1, &first) < 0)
			goto bad;
		last = first;
	} else if (parse_uint(s, (size_t)(dash - s), 0,
			      DEVNAME_MAX_MEMBERS - 1, &first) < 0 ||
		   parse_uint(dash + 1, len - (size_t)(dash - s) - 1, 0,
			      DEVNAME_MAX_MEMBERS - 1, &last) < 0 ||
		   last < first) {
		goto bad;
	}
	dn->queue_first = (int)first;
	dn->queue_last = (int)last;
	return 0;
bad:
	errbuf_printf(errbuf, "bad queue range \"@%.*s\" in %s (want @N or @FIRST-LAST, 0..%d)",
		      (int)len, s, name, DEVNAME_MAX_MEMBERS - 1);
	return -1;
}

static void devname_defaults(struct devname *dn)
{
	memset(dn, 0, sizeof(*dn));
	dn->backend = DEVNAME_RING;
	dn->queue_first = DEVNAME_ALL_QUEUES;
	dn->queue_last = DEVNAME_ALL_QUEUES;
	dn->group = DEVNAME_PRIVATE_GROUP;
	dn->fanout = DEVNAME_FANOUT_HASH;
	dn->order = DEVNAME_ORDER_LOOSE;
	dn->zc = DEVNAME_AUTO;
}

/* PFQ's variables: the least specific source, applied first. */
static int apply_pfq_env(struct devname *dn, const char *fanout,
			 const char *group, const char *caplen, char *errbuf)
{
	long v;
	int i;

	if (fanout && *fanout) {
		i = lookup_name(fanout_names, ARRAY_SIZE(fanout_names), fanout,
				strlen(fanout));
		if (i < 0) {
			errbuf_printf(errbuf, "PCAP_FANOUT: unknown fanout mode \"%s\" (known: hash, symhash, cpu, lb, qm, rollover)",
				      fanout);
			return -1;
		}
		dn->fanout = (enum devname_fanout)i;
	}
	if (group && *group) {
		if (parse_uint(group, strlen(group), 0, 65535, &v) < 0) {
			errbuf_printf(errbuf, "PCAP_GROUP: bad group \"%s\" (want 0..65535)",
				      group);
			return -1;
		}
		dn->group = (int)v;
	}
	if (caplen && *caplen) {
		if (parse_uint(caplen, strlen(caplen), 1, 262144, &v) < 0) {
			errbuf_printf(errbuf, "PCAP_CAPLEN: bad capture length \"%s\" (want 1..262144)",
				      caplen);
			return -1;
		}
		dn->caplen = (int)v;
	}
	return 0;
}

/* Take a known "backend:" prefix off *name. A colon after anything else
 * stays part of the interface name (Linux aliases such as "eth0:1"). */
static void take_backend(struct devname *dn, const char **name)
{
	const char *colon = strchr(*name, ':');
	int i;

	if (colon == NULL)
		return;
	i = lookup_name(backend_names, ARRAY_SIZE(backend_names), *name,
			(size_t)(colon - *name));
	if (i < 0)
		return;
	dn->backend = (enum devname_backend)i;
	*name = colon + 1;
}

enum devname_backend devname_backend_of(const char *name)
{
	struct devname dn;

	dn.backend = DEVNAME_RING;
	if (name)
		take_backend(&dn, &name);
	return dn.backend;
}

int devname_parse_env(struct devname *dn, const char *name,
		      const char *mq_options, const char *pcap_fanout,
		      const char *pcap_group, const char *pcap_caplen,
		      char *errbuf)
{
	char src[PCAP_ERRBUF_SIZE / 2];
	const char *opts, *at;
	size_t iflen;

	devname_defaults(dn);
	snprintf(src, sizeof(src), "device name \"%s\"", name ? name : "");
	if (name == NULL || *name == '\0') {
		errbuf_printf(errbuf, "empty device name");
		return PCAP_ERROR_NO_SUCH_DEVICE;
	}
	if (apply_pfq_env(dn, pcap_fanout, pcap_group, pcap_caplen, errbuf) < 0)
		return -1;
	if (mq_options && *mq_options &&
	    apply_options(dn, mq_options, strlen(mq_options), "MQPCAP_OPTIONS",
			  errbuf) < 0)
		return -1;

	take_backend(dn, &name);
	opts = strchr(name, ',');
	iflen = opts ? (size_t)(opts - name) : strlen(name);
	at = memchr(name, '@', iflen);
	if (at) {
		if (parse_queues(dn, at + 1, iflen - (size_t)(at - name) - 1,
				 src, errbuf) < 0)
			return -1;
		iflen = (size_t)(at - name);
	}
	if (iflen == 0) {
		errbuf_printf(errbuf, "no interface name in %s", src);
		return PCAP_ERROR_NO_SUCH_DEVICE;
	}
	if (iflen >= IFNAMSIZ) {
		errbuf_printf(errbuf, "interface name \"%.*s\" too long (at most %d characters)",
			      (int)iflen, name, IFNAMSIZ - 1);
		return PCAP_ERROR_NO_SUCH_DEVICE;
	}
	memcpy(dn->iface, name, iflen);
	dn->iface[iflen] = '\0';
	if (opts && apply_options(dn, opts + 1, strlen(opts + 1), src,
				  errbuf) < 0)
		return -1;
	if (opts && opts[1] == '\0') {
		errbuf_printf(errbuf, "empty option in %s", src);
		return -1;
	}
	return 0;
}

int devname_parse(struct devname *dn, const char *name, char *errbuf)
{
	return devname_parse_env(dn, name, getenv("MQPCAP_OPTIONS"),
				 getenv("PCAP_FANOUT"), getenv("PCAP_GROUP"),
				 getenv("PCAP_CAPLEN"), errbuf);
}
