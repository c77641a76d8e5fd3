# Core: handle life cycle, errors, accessors, tables, versions.
libmqpcap_core_la_SOURCES += \
	src/core/handle.h src/core/error.h src/core/error.c \
	src/core/lifecycle.c src/core/packets.c src/core/accessors.c \
	src/core/dead.c src/core/status.c \
	src/core/dlt_names.c src/core/tstamp_names.c src/core/version.c

# --- ABI: mqpcap's headers against the system's -------------------------
# abi_gen.sh lists every macro of the system's <pcap/*.h>; abi_tables.c is
# compiled once against mqpcap's include/ (inside test_abi) and once, by the
# rule below, against the system headers only (no AM_CPPFLAGS).
ABI_SYSTEM_INCLUDE = /usr/include
ABI_GENERATED = test/unit/abi_items.h test/unit/abi_includes.h
test/unit/abi_items.h: $(srcdir)/test/unit/abi_gen.sh
	$(AM_V_GEN)mkdir -p test/unit && CC='$(CC)' $(SHELL) \
		$(srcdir)/test/unit/abi_gen.sh $(ABI_SYSTEM_INCLUDE) test/unit
test/unit/abi_includes.h: test/unit/abi_items.h
test/unit/abi_tables_system.$(OBJEXT): $(srcdir)/test/unit/abi_tables.c \
		$(srcdir)/test/unit/abi_tables.h $(ABI_GENERATED)
	$(AM_V_CC)$(CC) $(DEFS) -I$(top_builddir)/test/unit \
		-I$(srcdir)/test/unit -DABI_SIDE_SYSTEM \
		-DABI_SYSTEM_INCLUDE='"$(ABI_SYSTEM_INCLUDE)"' $(CPPFLAGS) \
		$(AM_CFLAGS) $(CFLAGS) -c -o $@ $(srcdir)/test/unit/abi_tables.c
$(test_unit_test_abi_OBJECTS): $(ABI_GENERATED)
CLEANFILES += $(ABI_GENERATED) test/unit/abi_tables_system.$(OBJEXT)
EXTRA_DIST += test/unit/abi_gen.sh

check_PROGRAMS += test/unit/test_abi
TESTS += test/unit/test_abi
UNIT_TESTS += test/unit/test_abi
test_unit_test_abi_SOURCES = test/unit/test_abi.c test/unit/abi_tables.c \
	test/unit/abi_tables.h
test_unit_test_abi_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/test/unit \
	-I$(top_srcdir)/test/unit -DMQPCAP_SRCDIR_DEFAULT='"$(abs_top_srcdir)"' \
	-DABI_SYSTEM_INCLUDE='"$(ABI_SYSTEM_INCLUDE)"'
test_unit_test_abi_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_abi_LDADD = test/unit/abi_tables_system.$(OBJEXT) $(CHECK_LIBS)

check_PROGRAMS += test/unit/test_core
TESTS += test/unit/test_core
UNIT_TESTS += test/unit/test_core
test_unit_test_core_SOURCES = test/unit/test_core.c test/unit/unit_run.h
test_unit_test_core_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_core_LDADD = $(UNIT_TEST_LIBS)

# Installing: headers, libpcap.pc, pcap-config and the library, used the
# way a program's build uses them (needs the shared library: not a unit test).
TESTS += test/unit/test_install.sh
EXTRA_DIST += test/unit/test_install.sh test/unit/test_exports.sh

# The library's exports against Debian's list (needs the shared library).
TESTS += test/unit/test_exports.sh

# Function declarations against the system's (needs only a compiler).
TESTS += test/unit/test_prototypes.sh test/unit/test_headers.sh
UNIT_TESTS += test/unit/test_prototypes.sh test/unit/test_headers.sh
EXTRA_DIST += test/unit/test_prototypes.sh test/unit/test_headers.sh
