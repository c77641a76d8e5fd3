/*
 * mqpcap's public headers against the system's libpcap headers: the same
 * headers, every macro the system defines (value, type and size for
 * constants, results for function-like macros), and the size and layout
 * of every public structure. Each difference is reported by name.
 */
#include "abi_includes.h"	/* only for ABI_NO_SYSTEM_HEADERS */
#include "abi_tables.h"
#include "unit_run.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef ABI_SYSTEM_INCLUDE
#define ABI_SYSTEM_INCLUDE "/usr/include"
#endif

static const char *source_dir(void)
{
	const char *d = getenv("MQPCAP_SRCDIR");

	return d && *d ? d : MQPCAP_SRCDIR_DEFAULT;
}

START_TEST(test_abi_every_system_header_has_an_mqpcap_twin)
{
	DIR *dir = opendir(ABI_SYSTEM_INCLUDE "/pcap");
	struct dirent *e;
	int missing = 0;

	ck_assert_msg(dir != NULL, "cannot list %s/pcap", ABI_SYSTEM_INCLUDE);
	while ((e = readdir(dir)) != NULL) {
		char path[4096];
		size_t len = strlen(e->d_name);

		if (len < 3 || strcmp(e->d_name + len - 2, ".h") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/include/pcap/%s",
			 source_dir(), e->d_name);
		if (access(path, R_OK) != 0) {
			fprintf(stderr, "missing header: %s\n", path);
			missing++;
		}
	}
	closedir(dir);
	ck_assert_msg(missing == 0, "%d system header(s) have no mqpcap "
		      "counterpart (listed above)", missing);
}
END_TEST

START_TEST(test_abi_tables_line_up)
{
	ck_assert_uint_eq(abi_macro_count_system, abi_macro_count_mqpcap);
	ck_assert_uint_eq(abi_layout_count_system, abi_layout_count_mqpcap);
	ck_assert_msg(abi_macro_count_system > 300,
		      "only %zu macros found in the system headers",
		      abi_macro_count_system);
	for (size_t i = 0; i < abi_macro_count_system; i++)
		ck_assert_str_eq(abi_macros_system[i].name,
				 abi_macros_mqpcap[i].name);
	for (size_t i = 0; i < abi_layout_count_system; i++)
		ck_assert_str_eq(abi_layouts_system[i].name,
				 abi_layouts_mqpcap[i].name);
}
END_TEST

/* Describes how one macro differs, or returns 0 if it does not. */
static int macro_differs(const struct abi_macro *s, const struct abi_macro *m,
			 char *why, size_t size)
{
	if (!m->present) {
		snprintf(why, size, "not defined by mqpcap");
		return 1;
	}
	switch (s->kind) {
	case ABI_KIND_INT:
		if (s->v[0] != m->v[0] || s->size != m->size ||
		    s->type != m->type) {
			snprintf(why, size, "system %lld (%c, %zu bytes), "
				 "mqpcap %lld (%c, %zu bytes)",
				 s->v[0], s->type, s->size,
				 m->v[0], m->type, m->size);
			return 1;
		}
		return 0;
	case ABI_KIND_STR:
		if (strcmp(s->str, m->str) != 0) {
			snprintf(why, size, "system \"%s\", mqpcap \"%s\"",
				 s->str, m->str);
			return 1;
		}
		return 0;
	case ABI_KIND_FN:
		for (int i = 0; i < ABI_PROBES; i++) {
			if (s->v[i] != m->v[i]) {
				snprintf(why, size, "probe %d: system %lld, "
					 "mqpcap %lld", i, s->v[i], m->v[i]);
				return 1;
			}
		}
		return 0;
	case ABI_KIND_INSN:
		if (memcmp(&s->insn, &m->insn, sizeof(s->insn)) != 0) {
			snprintf(why, size, "system {%#x, %u, %u, %#x}, mqpcap "
				 "{%#x, %u, %u, %#x}", s->insn.code, s->insn.jt,
				 s->insn.jf, s->insn.k, m->insn.code, m->insn.jt,
				 m->insn.jf, m->insn.k);
			return 1;
		}
		return 0;
	case ABI_KIND_DEFINED:
		return 0;
	}
	return 0;
}

START_TEST(test_abi_macros_match_the_system_headers)
{
	size_t n = abi_macro_count_system < abi_macro_count_mqpcap ?
		abi_macro_count_system : abi_macro_count_mqpcap;
	int differences = 0;
	char why[256];

	for (size_t i = 0; i < n; i++) {
		const struct abi_macro *s = &abi_macros_system[i];

		if (!s->present)
			continue;	/* the generator saw it: cannot happen */
		if (macro_differs(s, &abi_macros_mqpcap[i], why, sizeof(why))) {
			fprintf(stderr, "%s: %s\n", s->name, why);
			differences++;
		}
	}
	ck_assert_msg(differences == 0, "%d of %zu macros differ from the "
		      "system's (listed above)", differences, n);
}
END_TEST

START_TEST(test_abi_layouts_match_the_system_headers)
{
	size_t n = abi_layout_count_system < abi_layout_count_mqpcap ?
		abi_layout_count_system : abi_layout_count_mqpcap;
	int differences = 0;

	for (size_t i = 0; i < n; i++) {
		const struct abi_layout *s = &abi_layouts_system[i];
		const struct abi_layout *m = &abi_layouts_mqpcap[i];

		if (s->value == m->value)
			continue;
		/* type() rows hold a letter: i int, u unsigned, c char... */
		if (strncmp(s->name, "type(", 5) == 0)
			fprintf(stderr, "%s: system '%c', mqpcap '%c'\n",
				s->name, (int)s->value, (int)m->value);
		else
			fprintf(stderr, "%s: system %lld, mqpcap %lld\n",
				s->name, s->value, m->value);
		differences++;
	}
	ck_assert_msg(differences == 0, "%d of %zu sizes/offsets differ from "
		      "the system's (listed above)", differences, n);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("abi");
	TCase *tc = tcase_create("headers");

#ifdef ABI_NO_SYSTEM_HEADERS
	fprintf(stderr, "SKIP: no system libpcap headers (libpcap0.8-dev) "
		"to compare with\n");
	return 77;
#endif
	tcase_add_test(tc, test_abi_every_system_header_has_an_mqpcap_twin);
	tcase_add_test(tc, test_abi_tables_line_up);
	tcase_add_test(tc, test_abi_macros_match_the_system_headers);
	tcase_add_test(tc, test_abi_layouts_match_the_system_headers);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
