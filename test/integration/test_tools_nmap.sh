#!/bin/bash
# nmap --iflist on mqpcap (LD_LIBRARY_PATH and LD_PRELOAD) lists the lab's
# interface as nmap on the system libpcap does.
TOOLS_PREFIX=mqtnm
. "$(dirname "$0")/test_tools_common.sh"
tools_init nmap

# The interface table's line for the lab's interface.
iface_line() { grep -E "^${IF}[[:space:]]" "$1" | head -1 | tr -s ' '; }

tools_run stock nmap --iflist >"$T/ref" 2>&1
want=$(iface_line "$T/ref")
[ -n "$want" ] || tools_fail "stock nmap --iflist does not list $IF: $(cat "$T/ref")"
for mode in path preload; do
	if [ "${TOOLS_SELFCHECK:-0}" != 1 ] && ! tools_loads_mqpcap "$mode" nmap; then
		tools_fail "nmap ($mode) does not load mqpcap's library"
	fi
	if ! tools_run "$mode" nmap --iflist >"$T/$mode" 2>&1; then
		tools_fail "nmap --iflist ($mode) failed: $(head -5 "$T/$mode")"
		continue
	fi
	got=$(iface_line "$T/$mode")
	if [ -n "$want" ] && [ "$want" = "$got" ]; then
		tools_pass "nmap --iflist ($mode) lists '$got'"
	else
		tools_fail "nmap --iflist ($mode): '$got', stock: '$want'"
	fi
done

tools_end
