#!/bin/bash
# tshark and dumpcap on mqpcap, through LD_LIBRARY_PATH and LD_PRELOAD:
# tshark -i IF -f FILTER -c N prints what tshark on the system libpcap
# prints for the same traffic, and dumpcap -w writes the same packets.
# tshark captures through a dumpcap child it executes: the environment is
# inherited, and the child's memory map must show mqpcap's library.
TOOLS_PREFIX=mqtsh
. "$(dirname "$0")/test_tools_common.sh"
tools_init tshark dumpcap tcpdump

SPECS=(udp udp udp:9999 vlan:5 udp qinq:100:200 udp udp udp udp)
N=20
MODES=(path preload)
RING=ring:$IF
# TOOLS_SELFCHECK=1: the test itself checked on stock libpcap (see
# test_tools_tcpdump_checks.sh)
if [ "${TOOLS_SELFCHECK:-0}" = 1 ]; then RING=$IF; fi

# The fields tshark prints for each packet (no time: comparable).
TFIELDS=(-T fields -e frame.number -e frame.len -e eth.src -e ip.src -e ip.dst -e udp.srcport -e udp.dstport)
dump_file() {
	tools_run stock tcpdump -r "$1" -nn -e -xx 2>&1 | tools_mask_ts |
		sed 's/^reading from file [^,]*,/reading from file FILE,/'
}

# dumpcap_below PID: the first dumpcap process among PID's descendants.
dumpcap_below() {
	local p
	for p in $(pgrep -P "$1" || true); do
		if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = dumpcap ]; then
			echo "$p"
			return
		fi
		dumpcap_below "$p"
	done
}

# run NAME MODE PROGRAM ARGS...: start, send the frames, wait for its -c.
run() {
	local name=$1 mode=$2
	shift 2
	if ! tools_start "$name" "Capturing on" "$mode" "$@"; then
		tools_fail "$name ($mode): $*: did not start: $(head -c 300 "$T/$name.err")"
		return 1
	fi
	# tshark's capture child: which libpcap did it load?
	CHILD_MAPS=
	# The child may sit below a wrapper and may still be loading: look
	# through all descendants, for up to two seconds.
	local child i
	for i in $(seq 20); do
		child=$(dumpcap_below "$TOOLS_PID" | head -1)
		[ -n "$child" ] && CHILD_MAPS=$(grep libpcap "/proc/$child/maps" 2>/dev/null | awk '{print $6}' | sort -u)
		[ -n "$CHILD_MAPS" ] && break
		sleep 0.1
	done
	tools_send "$N" "${SPECS[@]}"
	if ! tools_wait 8; then
		tools_fail "$name ($mode): $*: did not end after its -c packets; stderr: $(head -c 300 "$T/$name.err")"
		return 1
	fi
}

for mode in "${MODES[@]}"; do
	for prog in tshark dumpcap; do
		if [ "${TOOLS_SELFCHECK:-0}" = 1 ] ||
		   { tools_run "$mode" "$prog" --version 2>&1 | grep -q 'mqpcap' && tools_loads_mqpcap "$mode" "$prog"; }; then
			tools_pass "$prog --version ($mode) runs on mqpcap"
		else
			tools_fail "$prog ($mode) does not run on mqpcap: $(tools_run "$mode" "$prog" --version 2>&1 | grep -i pcap | head -2)"
		fi
	done
done

# --- tshark -f FILTER -c 2 --------------------------------------------------------
if run tref stock tshark -n -i "$IF" -f 'udp port 9999' -c 2 "${TFIELDS[@]}"; then
	[ "$(awk '$7 == 9999' "$T/tref.out" | wc -l)" -eq 2 ] ||
		tools_fail "stock tshark's output is unexpected: $(cat "$T/tref.out")"
fi
for mode in "${MODES[@]}"; do
	if run t "$mode" tshark -n -i "$RING" -f 'udp port 9999' -c 2 "${TFIELDS[@]}"; then
		tools_same "tshark -i $RING -f 'udp port 9999' -c 2 ($mode)" "$T/tref.out" "$T/t.out"
		if [ "${TOOLS_SELFCHECK:-0}" = 1 ] || [ "$CHILD_MAPS" = "$MQPCAP_LIBDIR/libpcap.so.0.8" ]; then
			tools_pass "tshark's dumpcap child ($mode) mapped $CHILD_MAPS"
		else
			tools_fail "tshark's dumpcap child ($mode) mapped '$CHILD_MAPS', not mqpcap's library"
		fi
	fi
done

# --- dumpcap -w file -c N, read by stock tcpdump ----------------------------------
if run dref stock dumpcap -i "$IF" -c "$N" -w "$T/dref.pcapng"; then
	dump_file "$T/dref.pcapng" >"$T/dref.txt"
	[ "$(grep -c '^[0-9a-f:]* > ff:ff' "$T/dref.txt")" -eq "$N" ] ||
		tools_fail "stock dumpcap's file does not hold $N packets: $(head -3 "$T/dref.txt")"
fi
for mode in "${MODES[@]}"; do
	if run d "$mode" dumpcap -i "$RING" -c "$N" -w "$T/d.pcapng"; then
		dump_file "$T/d.pcapng" >"$T/d.txt"
		tools_same "dumpcap -i $RING -c $N -w ($mode): same packets, same bytes" "$T/dref.txt" "$T/d.txt"
	fi
	rm -f "$T/d.pcapng"
done

tools_end
