#!/bin/bash
# tcpdump on mqpcap through LD_PRELOAD, checked against tcpdump on the system
# libpcap: see test_tools_tcpdump_checks.sh.
TOOLS_MODE=preload
TOOLS_PREFIX=mqtdl
. "$(dirname "$0")/test_tools_tcpdump_checks.sh"
