/* The tables abi_tables.c builds from each set of headers. */
#ifndef MQPCAP_TEST_ABI_TABLES_H
#define MQPCAP_TEST_ABI_TABLES_H

#include <stddef.h>

enum abi_kind {
	ABI_KIND_INT,		/* an integer constant: value, size, type */
	ABI_KIND_STR,		/* a string literal */
	ABI_KIND_FN,		/* a function-like macro at probe arguments */
	ABI_KIND_INSN,		/* BPF_STMT/BPF_JUMP: the instruction built */
	ABI_KIND_DEFINED,	/* only whether it is defined */
};

#define ABI_PROBES	5

struct abi_macro {
	const char *name;
	enum abi_kind kind;
	int present;
	long long v[ABI_PROBES];
	size_t size;
	char type;
	const char *str;
	struct {
		unsigned short code;
		unsigned char jt, jf;
		unsigned int k;
	} insn;
};

struct abi_layout {
	const char *name;
	long long value;
};

extern const struct abi_macro abi_macros_system[], abi_macros_mqpcap[];
extern const size_t abi_macro_count_system, abi_macro_count_mqpcap;
extern const struct abi_layout abi_layouts_system[], abi_layouts_mqpcap[];
extern const size_t abi_layout_count_system, abi_layout_count_mqpcap;

#endif
