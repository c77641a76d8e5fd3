#!/bin/bash
# ngrep -d IF PATTERN on mqpcap (LD_LIBRARY_PATH and LD_PRELOAD): prints
# the packets whose payload matches, and only those, as on stock libpcap.
TOOLS_PREFIX=mqtng
. "$(dirname "$0")/test_tools_common.sh"
tools_init ngrep
RING=ring:$IF
if [ "${TOOLS_SELFCHECK:-0}" = 1 ]; then RING=$IF; fi

# Three haystacks to one needle; ngrep -n 3 stops after three matches.
SPECS=(text:7777:hay_one text:7777:find_the_needle text:7777:hay_two text:7777:hay_three)
N=12

# ngrep's match headers and payloads, without its banner.
matches() { grep -E '^(U |  )' "$1" | sed 's/ *$//'; }

run() { # NAME MODE DEVICE
	if ! tools_start "$1" '^interface: ' "$2" ngrep -l -q -n 3 -d "$3" needle; then
		tools_fail "$1 ($2): ngrep -d $3 did not start: $(head -c 300 "$T/$1.err" "$T/$1.out")"
		return 1
	fi
	tools_send "$N" "${SPECS[@]}"
	if ! tools_wait 6; then
		tools_fail "$1 ($2): ngrep -d $3 did not end after 3 matches: $(tr '\n' ' ' <"$T/$1.out")"
		return 1
	fi
}

if run ref stock "$IF"; then
	matches "$T/ref.out" >"$T/ref.txt"
	[ "$(grep -c needle "$T/ref.txt")" -eq 3 ] || tools_fail "stock ngrep's output is unexpected: $(cat "$T/ref.out")"
fi
for mode in path preload; do
	if [ "${TOOLS_SELFCHECK:-0}" != 1 ] && ! tools_loads_mqpcap "$mode" ngrep; then
		tools_fail "ngrep ($mode) does not load mqpcap's library"
	fi
	if run ng "$mode" "$RING"; then
		matches "$T/ng.out" >"$T/ng.txt"
		if grep -q hay "$T/ng.txt"; then
			tools_fail "ngrep -d $RING ($mode) printed packets that do not match: $(grep hay "$T/ng.txt")"
		fi
		tools_same "ngrep -d $RING needle ($mode): the 3 matching packets" "$T/ref.txt" "$T/ng.txt"
	fi
done

tools_end
