# Integration tests: real programs (tcpdump, tshark/dumpcap, ngrep, nmap,
# scapy, tcpreplay/tcpprep/tcprewrite)
# run on the built library through LD_LIBRARY_PATH and LD_PRELOAD, each in
# its own lab of test/lab/mqlab.sh (network namespaces + veth pair), their
# output compared with the same program on the system libpcap. They skip
# (77) when not root or when a program is missing.

# Sourced or run by the tests, not tests themselves.
EXTRA_DIST += test/lab/mqlab.sh \
	test/integration/test_tools_common.sh \
	test/integration/test_tools_tcpdump_checks.sh \
	test/integration/tools_scapy.py \
	test/integration/tools_savefiles.py

# Every tool test; one alone runs with, in the build directory,
#   make check TESTS=test/integration/test_tools_ngrep.sh
# (a script gets a log rule only while it is in TESTS below).
TOOLS_TESTS = \
	test/integration/test_tools_tcpdump_path.sh \
	test/integration/test_tools_tcpdump_preload.sh \
	test/integration/test_tools_tshark.sh \
	test/integration/test_tools_ngrep.sh \
	test/integration/test_tools_nmap.sh \
	test/integration/test_tools_group.sh \
	test/integration/test_tools_scapy.sh \
	test/integration/test_tools_tcpreplay.sh
EXTRA_DIST += $(TOOLS_TESTS)

# Registered in TESTS: only those that pass on the library as it is; see
# test/integration/FINDINGS.md for what the others wait for.
TESTS += \
	test/integration/test_tools_tcpdump_path.sh \
	test/integration/test_tools_tcpdump_preload.sh \
	test/integration/test_tools_tshark.sh \
	test/integration/test_tools_ngrep.sh \
	test/integration/test_tools_group.sh \
	test/integration/test_tools_nmap.sh \
	test/integration/test_tools_scapy.sh \
	test/integration/test_tools_tcpreplay.sh
