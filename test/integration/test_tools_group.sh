#!/bin/bash
# Two tcpdump processes on mqpcap that name the same fanout group split the
# link's traffic: each frame reaches exactly one of them, and together they
# see every frame. Named in the device ("ring:IF,group=7") through
# LD_LIBRARY_PATH, and through MQPCAP_OPTIONS=group=8 with the plain name
# for LD_PRELOAD users who cannot touch the device name. With
# fanout=symhash, both directions of each TCP flow go to the same process.
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

# --- fanout=symhash: both directions of a TCP exchange reach one process ----
# Twenty connection attempts from the generator to a closed port: a SYN in,
# a RST out, per attempt, the generator's ephemeral port naming the flow.
FLOWS=20
flow_ports() { # the generator-side port of each packet of a savefile
	tools_run stock tcpdump -r "$1" -nn 2>/dev/null |
		sed -n -e 's/.* IP [0-9.]*\.\([0-9]*\) > [0-9.]*\.7000: .*/\1/p' \
			-e 's/.* IP [0-9.]*\.7000 > [0-9.]*\.\([0-9]*\): .*/\1/p'
}
dev="ring:$IF,group=9,fanout=symhash"
pids=()
for i in 1 2; do
	if ! tools_start "sym$i" 'listening on' path tcpdump -i "$dev" -w "$T/sym$i.pcap" tcp port 7000; then
		tools_fail "symhash: tcpdump $i on $dev did not start: $(head -c 300 "$T/sym$i.err")"
		tools_end
	fi
	pids+=("$TOOLS_PID")
done
for i in $(seq "$FLOWS"); do
	ip netns exec "$MQLAB_GNS" bash -c "exec 3<>/dev/tcp/$MQLAB_CIP/7000" 2>/dev/null || true
done
sleep 1.5
for i in 1 2; do
	TOOLS_PID=${pids[$((i - 1))]}
	tools_stop
	flow_ports "$T/sym$i.pcap" | sort >"$T/sym$i.all"
	uniq "$T/sym$i.all" >"$T/sym$i.flows"
done
f1=$(wc -l <"$T/sym1.flows"); f2=$(wc -l <"$T/sym2.flows")
p1=$(wc -l <"$T/sym1.all"); p2=$(wc -l <"$T/sym2.all")
shared=$(comm -12 "$T/sym1.flows" "$T/sym2.flows" | wc -l)
if [ "$shared" -eq 0 ] && [ $((f1 + f2)) -eq "$FLOWS" ] && [ $((p1 + p2)) -eq $((2 * FLOWS)) ] &&
   [ "$f1" -gt 0 ] && [ "$f2" -gt 0 ]; then
	tools_pass "symhash ($dev): $f1 + $f2 flows, both directions of each in one process"
else
	tools_fail "symhash ($dev): $f1 and $f2 flows ($p1 and $p2 packets), $shared flows split across the processes, of $FLOWS flows / $((2 * FLOWS)) packets"
fi

tools_end
