/*
 * Ethernet addresses: the textual forms of pcap-filter(7) and the
 * ethers(5) file.
 */
#include "names/names.h"

#include <netinet/ether.h>
#include <stdlib.h>
#include <string.h>

static int ethers_is_sep(int c)
{
	return c == ':' || c == '.' || c == '-';
}

static int ethers_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * "00:11:22:33:44:55", the same with '.' or '-', "0011.2233.4455" and
 * "001122334455": groups of one or two hex digits, optionally separated.
 * Anything else (a seventh byte, a stray character) is refused with NULL
 * rather than read past; fewer than six bytes leave the rest zero.
 */
u_char *pcap_ether_aton(const char *s)
{
	u_char *addr = calloc(1, 6);
	int i = 0;

	if (addr == NULL)
		return NULL;
	while (*s != '\0') {
		int hi, lo;

		if (ethers_is_sep(*s) && i > 0)
			s++;
		hi = ethers_hexval((unsigned char)*s);
		if (hi < 0 || i == 6)
			goto bad;
		s++;
		lo = ethers_hexval((unsigned char)*s);
		if (lo >= 0) {
			hi = hi << 4 | lo;
			s++;
		}
		addr[i++] = (u_char)hi;
	}
	return addr;
bad:
	free(addr);
	return NULL;
}

u_char *pcap_ether_hostton(const char *name)
{
	struct ether_addr ea;
	u_char *addr;

	/* The C library reads PCAP_ETHERS_FILE (and NSS's other sources). */
	if (ether_hostton(name, &ea) != 0)
		return NULL;
	addr = malloc(6);
	if (addr != NULL)
		memcpy(addr, ea.ether_addr_octet, 6);
	return addr;
}

/* ---- ethers(5) reading, with libpcap's tolerance ---------------------
 *
 * Each line is ADDRESS WHITESPACE NAME [junk] (white space: ' ', '\t',
 * '\r', '\n'), where ADDRESS is up to six
 * groups of one or two hex digits joined by ':'. Lines that don't start
 * (after blanks) with a hex digit, or whose address isn't followed by
 * whitespace, are skipped; so are lines whose name is missing or starts
 * with '#'. Programs depend on a few quirks, kept on purpose:
 *   - a group may start with a non-hex character after ':', which counts
 *     as (c - 'A' + 10) as in libpcap ("1::2" reads 0x01, 0x32);
 *   - an address at the very end of a line takes its name from the start
 *     of the next one;
 *   - a name longer than 121 characters is cut, the rest of the line
 *     dropped;
 *   - bytes read from a line that is then skipped stay in the entry
 *     (it is cleared once per call), so a later short address of the
 *     same call keeps them;
 *   - reaching end of file anywhere before a name is finished (e.g. a
 *     last line without '\n') ends the list without that entry.
 */

/* libpcap's white space: not isspace(), which also takes '\v' and '\f'
 * (and depends on the locale). */
static int ethers_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skip white space but not newlines; the first other character or EOF. */
static int ethers_skip_blanks(FILE *f)
{
	int c;

	do
		c = getc(f);
	while (c != '\n' && ethers_is_space(c));
	return c;
}

/* Consume through the end of the line; '\n' or EOF. */
static int ethers_skip_line(FILE *f)
{
	int c;

	do
		c = getc(f);
	while (c != '\n' && c != EOF);
	return c;
}

/* Value of a group's first character: hex, or libpcap's reading of
 * anything else (see above). */
static u_char ethers_lenient_digit(int c)
{
	int v = ethers_hexval(c);

	if (v >= 0)
		return (u_char)v;
	return (u_char)(c - 'A' + 10);
}

/* Read the address whose first character is c into addr (zeroed by the
 * caller). Returns the character after it, or EOF. */
static int ethers_read_addr(FILE *f, int c, u_char addr[6])
{
	int i;

	for (i = 0; i < 6; i++) {
		u_char v = ethers_lenient_digit(c);

		c = getc(f);
		if (c == EOF)
			return EOF;
		if (ethers_hexval(c) >= 0) {
			v = (u_char)(v << 4 | ethers_hexval(c));
			c = getc(f);
			if (c == EOF)
				return EOF;
		}
		addr[i] = v;
		if (c != ':')
			break;
		c = getc(f);
		if (c == EOF)
			return EOF;
	}
	return c;
}

/* Read the name whose first character is c. Returns the character that
 * ended it, or EOF. */
static int ethers_read_name(FILE *f, int c, char *name, size_t size)
{
	size_t n = 0;

	for (;;) {
		name[n++] = (char)c;
		c = getc(f);
		if (c == EOF)
			return EOF;
		if (ethers_is_space(c) || n == size - 1)
			break;
	}
	name[n] = '\0';
	return c;
}

struct pcap_etherent *pcap_next_etherent(FILE *f)
{
	static struct pcap_etherent entry;
	int c;

	memset(&entry, 0, sizeof(entry));
	for (;;) {
		c = ethers_skip_blanks(f);
		if (c == EOF)
			return NULL;
		if (c == '\n')
			continue;
		if (ethers_hexval(c) < 0)
			goto skip;
		c = ethers_read_addr(f, c, entry.addr);
		if (c == EOF)
			return NULL;
		if (!ethers_is_space(c))
			goto skip;
		/* c may be the '\n' that ends this line: the name is then
		 * looked for on the next one (libpcap's quirk). */
		c = ethers_skip_blanks(f);
		if (c == EOF)
			return NULL;
		if (c == '\n')
			continue;
		if (c == '#')
			goto skip;
		c = ethers_read_name(f, c, entry.name, sizeof(entry.name));
		if (c == EOF)
			return NULL;
		if (c != '\n')
			ethers_skip_line(f);
		return &entry;
skip:
		if (ethers_skip_line(f) == EOF)
			return NULL;
	}
}
