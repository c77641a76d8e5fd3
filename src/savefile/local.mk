# savefile module: pcap and pcapng readers, the pcap writer.
libmqpcap_core_la_SOURCES += \
	src/savefile/sf_priv.h src/savefile/sf_source.c \
	src/savefile/sf_linktype.c src/savefile/sf_open.c \
	src/savefile/sf_pcap_read.c src/savefile/sf_pcapng_read.c \
	src/savefile/sf_handle.c src/savefile/sf_dump.c

# Tests. The corpus is generated at test time (test/data/corpus.sh).
EXTRA_DIST += test/data/make_corpus.py test/data/corpus.sh \
	test/diff/test_savefile_diff.sh test/integration/test_tcpdump_read.sh

check_PROGRAMS += test/diff/test_savefile_diff
test_diff_test_savefile_diff_SOURCES = test/diff/test_savefile_diff.c
test_diff_test_savefile_diff_LDADD = -ldl
TESTS += test/diff/test_savefile_diff.sh

# tcpdump -r/-w on the built library against stock tcpdump (skips while
# the library lacks a symbol tcpdump needs).
TESTS += test/integration/test_tcpdump_read.sh

check_PROGRAMS += test/unit/test_savefile
TESTS += test/unit/test_savefile
UNIT_TESTS += test/unit/test_savefile
test_unit_test_savefile_SOURCES = test/unit/test_savefile.c
test_unit_test_savefile_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_savefile_LDADD = $(UNIT_TEST_LIBS)

# libFuzzer targets of both readers, ~20 s each (FUZZ_SECONDS to change).
EXTRA_DIST += test/fuzz/fuzz_savefile.h test/fuzz/fuzz_pcap.c \
	test/fuzz/fuzz_pcapng.c test/fuzz/run_fuzz.sh
TESTS += test/fuzz/run_fuzz.sh
