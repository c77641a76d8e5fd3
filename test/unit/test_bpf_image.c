/*
 * bpf_image() and bpf_dump() print exactly what the system libpcap prints
 * (tcpdump -d, -dd, -ddd), for every opcode: the system library is loaded
 * with dlmopen() as the reference.
 */
#include "oracle.h"
#include "unit_run.h"
#include <check.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

/* By full path: a bare soname would find mqpcap's own library first in
 * any binary whose run path points at the build tree. */

typedef char *(*image_fn)(const struct bpf_insn *, int);
typedef void (*dump_fn)(const struct bpf_program *, int);
typedef int (*fflush_fn)(FILE *);

static image_fn sys_image;
static dump_fn sys_dump;
static fflush_fn sys_fflush;	/* the oracle's own libc buffers its stdout */

static int load_oracle(void)
{
	void *h = oracle_open();

	if (h == NULL)
		return -1;
	sys_image = (image_fn)dlsym(h, "bpf_image");
	sys_dump = (dump_fn)dlsym(h, "bpf_dump");
	sys_fflush = (fflush_fn)dlsym(h, "fflush");
	return sys_image && sys_dump && sys_fflush ? 0 : -1;
}

static uint32_t rng_state = 0x12345678;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Constants that exercise signed/unsigned printing and the names of the
 * kernel's ancillary loads. */
static uint32_t interesting_k(int i)
{
	static const uint32_t fixed[] = {
		0, 1, 12, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0,
		0xfffff000, 0xfffff02c, 0xfffff030, 0xfffff03c, 0xfffff040,
		0xfffff002, 0xffffefff, 15, 16,
	};

	if (i < (int)(sizeof(fixed) / sizeof(fixed[0])))
		return fixed[i];
	return rnd();
}

static void check_image(const struct bpf_insn *insn, int n)
{
	char mine[512];

	snprintf(mine, sizeof(mine), "%s", bpf_image(insn, n));
	ck_assert_msg(strcmp(mine, sys_image(insn, n)) == 0,
		      "code 0x%x k 0x%x jt %u jf %u n %d: mqpcap \"%s\", libpcap \"%s\"",
		      insn->code, insn->k, insn->jt, insn->jf, n, mine,
		      sys_image(insn, n));
}

START_TEST(test_bpf_image_every_opcode_matches_libpcap)
{
	static const int positions[] = { 0, 1, 7, 99, 100, 999, 1000, 4095,
					 123456, -3 };
	u_int code;
	int i, j;

	for (code = 0; code < 0x200; code++)
		for (i = 0; i < 24; i++)
			for (j = 0; j < 10; j++) {
				struct bpf_insn insn = {
					.code = (u_short)code,
					.jt = (u_char)rnd(), .jf = (u_char)rnd(),
					.k = interesting_k(i),
				};

				check_image(&insn, positions[j]);
			}
}
END_TEST

START_TEST(test_bpf_image_high_opcode_bits_are_unimp_like_libpcap)
{
	int i;

	for (i = 0; i < 20000; i++) {
		struct bpf_insn insn = {
			.code = (u_short)rnd(), .jt = (u_char)rnd(),
			.jf = (u_char)rnd(), .k = rnd(),
		};

		check_image(&insn, (int)(rnd() % 5000));
	}
}
END_TEST

/* Run dump(prog, option) with stdout sent into a file; return its text. */
static char *capture_dump(dump_fn dump, fflush_fn flush,
			  const struct bpf_program *prog, int option)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO);
	char *text;
	long size;

	ck_assert_ptr_nonnull(tmp);
	fflush(stdout);
	dup2(fileno(tmp), STDOUT_FILENO);
	dump(prog, option);
	flush(NULL);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	size = lseek(fileno(tmp), 0, SEEK_END);
	text = calloc(1, (size_t)size + 1);
	ck_assert_int_eq(pread(fileno(tmp), text, (size_t)size, 0), size);
	fclose(tmp);
	return text;
}

static void call_own_dump(const struct bpf_program *prog, int option)
{
	bpf_dump(prog, option);
}

static int own_fflush(FILE *f)
{
	return fflush(f);
}

START_TEST(test_bpf_dump_every_option_matches_libpcap)
{
	static const int options[] = { -1, 0, 1, 2, 3, 4 };
	struct bpf_insn insns[64];
	struct bpf_program prog = { .bf_insns = insns };
	int round, i;

	for (round = 0; round < 20; round++) {
		prog.bf_len = 1 + rnd() % 64;
		for (i = 0; i < (int)prog.bf_len; i++) {
			insns[i].code = (u_short)(rnd() % 0x100);
			insns[i].jt = (u_char)rnd();
			insns[i].jf = (u_char)rnd();
			insns[i].k = interesting_k((int)(rnd() % 30));
		}
		for (i = 0; i < 6; i++) {
			char *mine = capture_dump(call_own_dump, own_fflush,
						  &prog, options[i]);
			char *theirs = capture_dump(sys_dump, sys_fflush, &prog,
						    options[i]);

			ck_assert_msg(strlen(theirs) > 0, "libpcap printed nothing");
			ck_assert_msg(strcmp(mine, theirs) == 0,
				      "option %d:\nmqpcap:\n%s\nlibpcap:\n%s",
				      options[i], mine, theirs);
			free(mine);
			free(theirs);
		}
	}
}
END_TEST

START_TEST(test_bpf_image_tcpdump_lines)
{
	struct bpf_insn ldh = { BPF_LD | BPF_H | BPF_ABS, 0, 0, 12 };
	struct bpf_insn jeq = { BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0x800 };

	ck_assert_str_eq(bpf_image(&ldh, 0), "(000) ldh      [12]");
	ck_assert_str_eq(bpf_image(&jeq, 2),
			 "(002) jeq      #0x800           jt 3\tjf 5");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bpf_image");
	TCase *tc = tcase_create("image");

	if (load_oracle() < 0) {
		fprintf(stderr, "skip: the system libpcap.so.0.8 cannot be loaded\n");
		return 77;
	}
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_bpf_image_tcpdump_lines);
	tcase_add_test(tc, test_bpf_image_every_opcode_matches_libpcap);
	tcase_add_test(tc, test_bpf_image_high_opcode_bits_are_unimp_like_libpcap);
	tcase_add_test(tc, test_bpf_dump_every_option_matches_libpcap);
	suite_add_tcase(s, tc);
	return unit_run(s, CK_FORK_GETENV);
}
