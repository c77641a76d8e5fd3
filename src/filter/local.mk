# filter module

# BPF machinery: interpreter, validator, image/dump, optimizer.
libmqpcap_core_la_SOURCES += \
	src/filter/interp.h src/filter/bpf_filter.c src/filter/bpf_validate.c \
	src/filter/offline_filter.c src/filter/bpf_image.c \
	src/filter/optimize.h src/filter/opt_main.c src/filter/opt_cfg.h \
	src/filter/opt_cfg.c src/filter/opt_vn.h src/filter/opt_vn.c \
	src/filter/opt_forward.c src/filter/opt_dead.c src/filter/opt_merge.c \
	src/filter/opt_fault.c
check_PROGRAMS += test/unit/test_bpf_filter
TESTS += test/unit/test_bpf_filter
UNIT_TESTS += test/unit/test_bpf_filter
test_unit_test_bpf_filter_SOURCES = test/unit/test_bpf_filter.c
test_unit_test_bpf_filter_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_bpf_filter_LDADD = $(UNIT_TEST_LIBS)
check_PROGRAMS += test/unit/test_bpf_image
TESTS += test/unit/test_bpf_image
UNIT_TESTS += test/unit/test_bpf_image
test_unit_test_bpf_image_SOURCES = test/unit/test_bpf_image.c
test_unit_test_bpf_image_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_bpf_image_LDADD = $(UNIT_TEST_LIBS)
check_PROGRAMS += test/unit/test_optimize
TESTS += test/unit/test_optimize
UNIT_TESTS += test/unit/test_optimize
test_unit_test_optimize_SOURCES = test/unit/test_optimize.c test/diff/bpf_random.h \
	test/unit/oracle_filter.c test/unit/oracle_filter.h test/unit/unit_run.h
test_unit_test_optimize_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_optimize_LDADD = $(UNIT_TEST_LIBS)
check_PROGRAMS += test/diff/test_bpf_diff
TESTS += test/diff/test_bpf_diff
UNIT_TESTS += test/diff/test_bpf_diff
test_diff_test_bpf_diff_SOURCES = test/diff/test_bpf_diff.c test/diff/bpf_random.h
test_diff_test_bpf_diff_CFLAGS = $(UNIT_TEST_CFLAGS)
test_diff_test_bpf_diff_LDADD = $(UNIT_TEST_LIBS)
# Not a test (benchmarks never fail): built by make check, run by hand.
check_PROGRAMS += test/diff/bench_bpf_filter
test_diff_bench_bpf_filter_SOURCES = test/diff/bench_bpf_filter.c
test_diff_bench_bpf_filter_CFLAGS = $(UNIT_TEST_CFLAGS)
test_diff_bench_bpf_filter_LDADD = $(UNIT_TEST_LIBS)
# end BPF machinery

# The compiler: lexer, parser, code generator, pcap_compile.
libmqpcap_core_la_SOURCES += \
	src/filter/gen.h src/filter/gen_internal.h src/filter/filter_lex.h \
	src/filter/filter_lex.c src/filter/filter_parse.c src/filter/gen_core.c \
	src/filter/gen_link.c src/filter/gen_id.c src/filter/gen_ip.c \
	src/filter/gen_ip6.c src/filter/gen_transport.c src/filter/gen_arith.c \
	src/filter/gen_encap.c src/filter/compile.c \
	src/filter/gen_wlan.c src/filter/gen_iso.c src/filter/gen_pflog.c \
	src/filter/gen_ss7.c src/filter/gen_misc.c src/filter/gen_links_rare.c
check_PROGRAMS += test/unit/test_compile
TESTS += test/unit/test_compile
UNIT_TESTS += test/unit/test_compile
test_unit_test_compile_SOURCES = test/unit/test_compile.c test/unit/oracle_filter.c \
	test/unit/oracle_filter.h test/unit/unit_run.h
test_unit_test_compile_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_compile_LDADD = $(UNIT_TEST_LIBS)
check_PROGRAMS += test/unit/test_gen_arith
TESTS += test/unit/test_gen_arith
UNIT_TESTS += test/unit/test_gen_arith
test_unit_test_gen_arith_SOURCES = test/unit/test_gen_arith.c test/unit/oracle_filter.c \
	test/unit/oracle_filter.h test/unit/unit_run.h
test_unit_test_gen_arith_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_gen_arith_LDADD = $(UNIT_TEST_LIBS)
check_PROGRAMS += test/unit/test_gen_messages
TESTS += test/unit/test_gen_messages
UNIT_TESTS += test/unit/test_gen_messages
test_unit_test_gen_messages_SOURCES = test/unit/test_gen_messages.c test/unit/oracle_filter.c \
	test/unit/oracle_filter.h test/unit/unit_run.h
test_unit_test_gen_messages_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_gen_messages_LDADD = $(UNIT_TEST_LIBS)
check_PROGRAMS += test/unit/test_protochain
TESTS += test/unit/test_protochain
UNIT_TESTS += test/unit/test_protochain
test_unit_test_protochain_SOURCES = test/unit/test_protochain.c test/unit/oracle_filter.c \
	test/unit/oracle_filter.h test/unit/pkt_builder.h test/unit/unit_run.h
test_unit_test_protochain_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_protochain_LDADD = $(UNIT_TEST_LIBS)
check_PROGRAMS += test/unit/test_geneve
TESTS += test/unit/test_geneve
UNIT_TESTS += test/unit/test_geneve
test_unit_test_geneve_SOURCES = test/unit/test_geneve.c test/unit/oracle_filter.c \
	test/unit/oracle_filter.h test/unit/pkt_builder.h test/unit/unit_run.h
test_unit_test_geneve_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_geneve_LDADD = $(UNIT_TEST_LIBS)
check_PROGRAMS += test/unit/test_links_rare
TESTS += test/unit/test_links_rare
UNIT_TESTS += test/unit/test_links_rare
test_unit_test_links_rare_SOURCES = test/unit/test_links_rare.c test/unit/pkt_builder.h test/unit/unit_run.h
test_unit_test_links_rare_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_links_rare_LDADD = $(UNIT_TEST_LIBS)
check_PROGRAMS += test/unit/test_gen_wlan
TESTS += test/unit/test_gen_wlan
UNIT_TESTS += test/unit/test_gen_wlan
test_unit_test_gen_wlan_SOURCES = test/unit/test_gen_wlan.c test/unit/pkt_builder.h test/unit/unit_run.h
test_unit_test_gen_wlan_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_gen_wlan_LDADD = $(UNIT_TEST_LIBS)
# end compiler
