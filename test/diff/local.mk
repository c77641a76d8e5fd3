# Differential tests against the system libpcap (loaded with dlmopen, never
# linked) and the filter compiler's fuzz target; see test/diff/filter/README.md.

# The filter compiler against libpcap over the expression and packet corpus.
# The registered run skips the (linktype, expression) pairs listed in
# known-failures.txt; `make diff-filter-full` runs everything.
check_PROGRAMS += test/diff/filter/diff_filter
TESTS += test/diff/filter/run-diff-filter.sh
UNIT_TESTS += test/diff/filter/run-diff-filter.sh
# the rarer link types (diff_filter -l rare), with their own known failures
TESTS += test/diff/filter/run-diff-filter-rare.sh
UNIT_TESTS += test/diff/filter/run-diff-filter-rare.sh
EXTRA_DIST += test/diff/filter/run-diff-filter-rare.sh \
	test/diff/filter/known-failures-rare.txt test/diff/filter/probe_dlts.py
# the fuzzer's expressions, in a network namespace of its own (root)
TESTS += test/diff/filter/run-diff-filter-fuzz.sh
EXTRA_DIST += test/diff/filter/run-diff-filter-fuzz.sh \
	test/diff/filter/expressions-fuzz.txt test/diff/filter/known-failures-fuzz.txt
# host, network, Ethernet, service and protocol names from /etc, in a
# private mount namespace (root; skips otherwise)
TESTS += test/diff/filter/run-diff-filter-names.sh
UNIT_TESTS += test/diff/filter/run-diff-filter-names.sh
EXTRA_DIST += test/diff/filter/run-diff-filter-names.sh \
	test/diff/filter/expressions-names.txt
test_diff_filter_diff_filter_SOURCES = test/diff/filter/diff_filter.c \
	test/diff/filter/pktgen.c test/diff/filter/pktgen.h
test_diff_filter_diff_filter_CFLAGS = $(UNIT_TEST_CFLAGS)
test_diff_filter_diff_filter_LDADD = $(UNIT_TEST_LIBS)
EXTRA_DIST += test/diff/filter/run-diff-filter.sh test/diff/filter/README.md \
	test/diff/filter/expressions.txt test/diff/filter/expressions-resolver.txt \
	test/diff/filter/known-failures.txt test/diff/filter/gen_expressions.py \
	test/diff/filter/known-failures-savefile.txt test/diff/filter/savefile-subset.txt \
	test/diff/filter/oracle-bugs.txt

diff-filter-full: test/diff/filter/diff_filter$(EXEEXT)
	MQPCAP_SRCDIR='$(abs_top_srcdir)' test/diff/filter/diff_filter -n 40
.PHONY: diff-filter-full

# libFuzzer on pcap_compile: the whole core compiled again by clang with
# the fuzzer's coverage and ASan+UBSan; run for a bounded time by
# run-fuzz-compile.sh, which skips (77) when clang is missing or could not
# build it (a module needing flags this rule does not pass: say so, don't
# fail everyone's make check over it).
TESTS += test/fuzz/run-fuzz-compile.sh
EXTRA_DIST += test/fuzz/run-fuzz-compile.sh test/fuzz/fuzz_compile.c \
	test/fuzz/fuzz_compile.dict
if HAVE_CLANG
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
check_SCRIPTS = test/fuzz/fuzz_compile
test/fuzz/fuzz_compile: $(srcdir)/test/fuzz/fuzz_compile.c \
		$(filter %.c,$(libmqpcap_core_la_SOURCES))
	@mkdir -p test/fuzz
	$(AM_V_CCLD)$(CLANG) $(FUZZ_CFLAGS) $(DEFS) $(DEFAULT_INCLUDES) \
		$(AM_CPPFLAGS) $(CPPFLAGS) $(libmqpcap_core_la_CPPFLAGS) \
		-o $@ $^ $(libmqpcap_core_la_LIBADD) $(MQPCAP_LIBS) $(LIBS) || \
	{ rm -f $@; echo "fuzz_compile: clang could not build the target;" \
		"run-fuzz-compile.sh will skip"; }
CLEANFILES += test/fuzz/fuzz_compile
endif
