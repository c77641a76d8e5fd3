# names module: name-to-number tables (namedb.h) and the interface list.
# Its public header is installed beside the other pcap/ headers.
namesincludedir = $(includedir)/pcap
namesinclude_HEADERS = include/pcap/namedb.h

libmqpcap_core_la_SOURCES += \
	src/names/names.h src/names/eproto.c src/names/services.c \
	src/names/hosts.c src/names/ethers.c \
	src/names/ifname.h src/names/ifname.c \
	src/names/ifflags.h src/names/ifflags.c \
	src/names/findalldevs.c src/names/lookupnet.c

check_PROGRAMS += test/unit/test_names
TESTS += test/unit/test_names
UNIT_TESTS += test/unit/test_names
test_unit_test_names_SOURCES = test/unit/test_names.c
test_unit_test_names_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_names_LDADD = $(UNIT_TEST_LIBS)

# Against the system libpcap (dlmopen): needs neither root nor our .so.
check_PROGRAMS += test/diff/test_namedb_diff
TESTS += test/diff/test_namedb_diff
UNIT_TESTS += test/diff/test_namedb_diff
test_diff_test_namedb_diff_SOURCES = test/diff/test_namedb_diff.c
test_diff_test_namedb_diff_CFLAGS = $(UNIT_TEST_CFLAGS)
test_diff_test_namedb_diff_LDADD = $(UNIT_TEST_LIBS)

# Interface list against the system libpcap, in its own namespaces (root).
check_PROGRAMS += test/diff/test_findalldevs
TESTS += test/diff/test_findalldevs
test_diff_test_findalldevs_SOURCES = test/diff/test_findalldevs.c
test_diff_test_findalldevs_CFLAGS = $(UNIT_TEST_CFLAGS)
test_diff_test_findalldevs_LDADD = $(UNIT_TEST_LIBS)
