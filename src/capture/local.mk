# Capture backends and the table that picks one.
libmqpcap_core_la_SOURCES += \
	src/capture/backend.h src/capture/backend.c \
	src/capture/devname.h src/capture/devname.c \
	src/capture/fanout.h src/capture/fanout.c \
	src/capture/tpacket.h src/capture/tpacket_member.c \
	src/capture/tpacket_activate.c src/capture/tpacket_read.c \
	src/capture/tpacket_ctl.c src/capture/tpacket_ring.c \
	src/capture/tpacket_classic.c src/capture/tpacket_tstamp.c

check_PROGRAMS += test/unit/test_devname
TESTS += test/unit/test_devname
UNIT_TESTS += test/unit/test_devname
test_unit_test_devname_SOURCES = test/unit/test_devname.c
test_unit_test_devname_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_devname_LDADD = $(UNIT_TEST_LIBS)

# Live-capture integration tests: each runs in its own network namespace
# (root needed, else they skip with 77), linked with the core archive.
LIVE_TEST_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/test/integration
LIVE_TEST_LIBS = libmqpcap_core.la $(MQPCAP_LIBS) -lpthread
LIVE_LAB = test/integration/live_lab.h test/integration/live_lab.c

check_PROGRAMS += test/integration/test_live_capture
TESTS += test/integration/test_live_capture
test_integration_test_live_capture_SOURCES = test/integration/test_live_capture.c $(LIVE_LAB)
test_integration_test_live_capture_CFLAGS = $(LIVE_TEST_CFLAGS)
test_integration_test_live_capture_LDADD = $(LIVE_TEST_LIBS)

check_PROGRAMS += test/integration/test_live_wait
TESTS += test/integration/test_live_wait
test_integration_test_live_wait_SOURCES = test/integration/test_live_wait.c $(LIVE_LAB)
test_integration_test_live_wait_CFLAGS = $(LIVE_TEST_CFLAGS)
test_integration_test_live_wait_LDADD = $(LIVE_TEST_LIBS)

check_PROGRAMS += test/integration/test_live_filter
TESTS += test/integration/test_live_filter
test_integration_test_live_filter_SOURCES = test/integration/test_live_filter.c $(LIVE_LAB)
test_integration_test_live_filter_CFLAGS = $(LIVE_TEST_CFLAGS)
test_integration_test_live_filter_LDADD = $(LIVE_TEST_LIBS)
test_integration_test_live_filter_LDFLAGS = -Wl,-u,pcap_compile -Wl,-u,pcap_freecode

check_PROGRAMS += test/integration/test_live_group
TESTS += test/integration/test_live_group
test_integration_test_live_group_SOURCES = test/integration/test_live_group.c $(LIVE_LAB)
test_integration_test_live_group_CFLAGS = $(LIVE_TEST_CFLAGS)
test_integration_test_live_group_LDADD = $(LIVE_TEST_LIBS)

check_PROGRAMS += test/integration/test_live_order
TESTS += test/integration/test_live_order
test_integration_test_live_order_SOURCES = test/integration/test_live_order.c $(LIVE_LAB)
test_integration_test_live_order_CFLAGS = $(LIVE_TEST_CFLAGS)
test_integration_test_live_order_LDADD = $(LIVE_TEST_LIBS)

check_PROGRAMS += test/unit/test_fanout
TESTS += test/unit/test_fanout
UNIT_TESTS += test/unit/test_fanout
test_unit_test_fanout_SOURCES = test/unit/test_fanout.c
test_unit_test_fanout_CFLAGS = $(UNIT_TEST_CFLAGS)
test_unit_test_fanout_LDADD = $(UNIT_TEST_LIBS)
