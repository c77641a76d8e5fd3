#!/bin/bash
# Two tcpdump processes on mqpcap that name the same fanout group split the
# link's traffic: each frame reaches exactly one of them, and together they
# see every frame. Named in the device ("ring:IF,group=7") through
# LD_LIBRARY_PATH, and through MQPCAP_OPTIONS=group=8 with the plain name
# for LD_PRELOAD users who cannot touch the device name.
TOOLS_PREFIX=mqtgr
. "$(dirname "$0")/test_tools_common.sh"
tools_init tcpdump

# 200 frames, each its own flow (the source port counts up), so that the
# group's flow hash has something to spread.
N=200

# The source ports of the frames in a savefile, one per line.
sports() {
	tools_run stock tcpdump -r "$1" -nn 2>/dev/null |
		sed -n 's/.* IP [0-9.]*\.\([0-9]*\) > .*/\1/p'
}

# split LABEL MODE DEVICE [ENV=VALUE...]: two processes, then the checks.
split() {
	local label=$1 mode=$2 dev=$3 i pids=()
	shift 3
	for i in 1 2; do
		if ! tools_start "$label$i" 'listening on' "$mode" env "$@" \
			tcpdump -i "$dev" -w "$T/$label$i.pcap"; then
			tools_fail "$label: tcpdump $i on $dev did not start: $(head -c 300 "$T/$label$i.err")"
			return
		fi
		pids+=("$TOOLS_PID")
	done
	tools_send "$N" udp
	sleep 1.5	# the rings' block timers hand over the last frames
	for i in 1 2; do
		TOOLS_PID=${pids[$((i - 1))]}
		tools_stop
		sports "$T/$label$i.pcap" | sort >"$T/$label$i.ports"
	done
	local n1 n2 both all
	n1=$(wc -l <"$T/${label}1.ports")
	n2=$(wc -l <"$T/${label}2.ports")
	both=$(comm -12 "$T/${label}1.ports" "$T/${label}2.ports" | wc -l)
	all=$(sort -u "$T/${label}1.ports" "$T/${label}2.ports" | wc -l)
	if [ "$both" -eq 0 ] && [ "$all" -eq "$N" ] && [ $((n1 + n2)) -eq "$N" ] &&
	   [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ]; then
		tools_pass "$label ($dev $*): $n1 + $n2 frames, disjoint, together all $N"
	else
		tools_fail "$label ($dev $*): the two processes saw $n1 and $n2 frames, $both of them both, $all distinct, of $N sent"
	fi
}

split name path "ring:$IF,group=7"
split env preload "$IF" MQPCAP_OPTIONS=group=8

tools_end
