#!/bin/bash
# tcpdump on mqpcap through LD_LIBRARY_PATH, checked against tcpdump on the system
# libpcap: see test_tools_tcpdump_checks.sh.
TOOLS_MODE=path
TOOLS_PREFIX=mqtdp
. "$(dirname "$0")/test_tools_tcpdump_checks.sh"
