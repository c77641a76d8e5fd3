#!/bin/bash
# demo.sh BUILDDIR - watch mqpcap capture live traffic, as tcpdump sees it.
#
# Given a built tree (scripts/build.sh BUILDDIR), builds nothing: it makes a
# throwaway lab (two network namespaces joined by a veth pair, see
# test/lab/mqlab.sh), runs the unmodified system tcpdump on mqpcap
# (LD_LIBRARY_PATH=BUILDDIR/lib) on the lab's capture side, makes a little
# traffic (ping, a UDP exchange, an 802.1Q- and a QinQ-tagged frame) and
# prints what tcpdump saw and its capture statistics (pcap_stats). If live
# capture does not work in this build, it says why, captures the same
# traffic with the system's libpcap into a savefile, and reads that file
# back through tcpdump on mqpcap. The lab is always torn down. Root needed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" 2>/dev/null && pwd) || { echo "demo: no build directory '${1:-$top/build}' (run scripts/build.sh first)" >&2; exit 1; }
lib=$build/lib
lab=$top/test/lab/mqlab.sh
prefix=mqdemo$$

die() { echo "demo: $*" >&2; exit 1; }
say() { printf '\n== %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || die "must run as root (it builds network namespaces and captures)"
[ -e "$lib/libpcap.so.0.8" ] || die "no $lib/libpcap.so.0.8: build first (scripts/build.sh $build)"
for c in ip tcpdump trafgen ping; do
	command -v "$c" >/dev/null 2>&1 || die "missing '$c' (scripts/install-deps.sh installs it)"
done

tmp=$(mktemp -d /tmp/mqdemo.XXXXXX)
cap_pid=
cleanup() {
	if [ -n "$cap_pid" ]; then kill -KILL "$cap_pid" 2>/dev/null || true; fi
	"$lab" "$prefix" down >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$lab" "$prefix" up >/dev/null || die "could not build the lab (veth + network namespaces)"
eval "$("$lab" "$prefix" env)"
in_cap() { ip netns exec "$MQLAB_CNS" "$@"; }
in_gen() { ip netns exec "$MQLAB_GNS" "$@"; }
on_mqpcap() { in_cap env LD_LIBRARY_PATH="$lib" "$@"; }

say "the library: tcpdump --version with LD_LIBRARY_PATH=$lib"
on_mqpcap tcpdump --version 2>&1 || die "tcpdump does not even start on $lib/libpcap.so.0.8 (see the message above)"
on_mqpcap tcpdump --version 2>&1 | grep -q mqpcap ||
	echo "(warning: this libpcap does not call itself mqpcap: is $lib the right build?)"

# Start a capture in the background and wait until it listens (or dies).
# COMMAND is a program, not a function: exec'd, so that cap_pid is its pid.
start_capture() { # OUT ERR COMMAND...
	local out=$1 err=$2 i
	shift 2
	exec "$@" >"$out" 2>"$err" &
	cap_pid=$!
	for i in $(seq 60); do
		grep -q 'listening on' "$err" 2>/dev/null && { sleep 0.2; return 0; }
		kill -0 "$cap_pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$cap_pid" 2>/dev/null || true
	wait "$cap_pid" 2>/dev/null || true
	cap_pid=
	return 1
}

stop_capture() {
	# after the last frame, let the ring's block timer hand it over
	sleep 1.2
	kill -INT "$cap_pid" 2>/dev/null || true
	local i
	for i in $(seq 50); do
		kill -0 "$cap_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$cap_pid" 2>/dev/null || true
	wait "$cap_pid" 2>/dev/null || true
	cap_pid=
}

make_traffic() {
	echo "   ping: 3 echo requests $MQLAB_GIP -> $MQLAB_CIP"
	in_gen ping -c 3 -i 0.2 -q "$MQLAB_CIP" >/dev/null 2>&1 || true
	echo "   UDP: a question to $MQLAB_CIP:7777 and an answer back to $MQLAB_GIP:7777"
	in_gen bash -c "printf 'hello mqpcap' >/dev/udp/$MQLAB_CIP/7777" 2>/dev/null || true
	in_cap bash -c "printf 'hello lab' >/dev/udp/$MQLAB_GIP/7777" 2>/dev/null || true
	echo "   VLAN: one 802.1Q frame (VLAN 42) and one QinQ frame (VLAN 100 inside 200)"
	"$lab" "$prefix" send 2 vlan:42 qinq:200:100
}

# Two tcpdump processes naming the same fanout group split the link: what
# lets N Snort threads or N tcpdumps share a busy link.
share_link() {
	local dev="ring:$MQLAB_CIF,group=7" i pids=() n total=0
	say "sharing the link: two tcpdump processes on $dev, 'udp port 5000', 100 frames (100 flows)"
	for i in 1 2; do
		if ! start_capture "$tmp/g$i.out" "$tmp/g$i.err" \
			ip netns exec "$MQLAB_CNS" env LD_LIBRARY_PATH="$lib" tcpdump -i "$dev" -w /dev/null udp port 5000; then
			echo "   tcpdump $i could not join the group: $(head -2 "$tmp/g$i.err" | tr '\n' ' ')"
			for cap_pid in "${pids[@]}"; do stop_capture; done
			return 0
		fi
		pids+=("$cap_pid")
	done
	"$lab" "$prefix" send 100 udp
	for i in 1 2; do
		cap_pid=${pids[$((i - 1))]}
		stop_capture
		n=$(sed -n 's/^\([0-9]*\) packets\{0,1\} captured.*/\1/p' "$tmp/g$i.err")
		echo "   tcpdump $i: ${n:-?} packets captured"
		total=$((total + ${n:-0}))
	done
	echo "   together: $total of the 100 frames sent, each frame to one of them"
}

iface=ring:$MQLAB_CIF
say "live capture: tcpdump -i $iface -nn -e on mqpcap, in netns $MQLAB_CNS"
if start_capture "$tmp/live.out" "$tmp/live.err" \
	ip netns exec "$MQLAB_CNS" env LD_LIBRARY_PATH="$lib" tcpdump -i "$iface" -nn -e -l; then
	make_traffic
	stop_capture
	say "what tcpdump on mqpcap saw"
	cat "$tmp/live.out"
	say "capture statistics (pcap_stats, printed by tcpdump at exit)"
	grep -E 'packets (captured|received|dropped)' "$tmp/live.err" || cat "$tmp/live.err"
	if [ -x "$build/tools/mqpcap" ]; then
		say "per-member view: mqpcap tool"
		in_cap "$build/tools/mqpcap" --help 2>&1 | head -20 || true
	fi
	n=$(grep -c . "$tmp/live.out" || true)
	[ "$n" -gt 0 ] || die "live capture started but saw no packets"
	share_link
	echo
	echo "demo: done: $n packets captured live by tcpdump on mqpcap"
	exit 0
fi

say "live capture on mqpcap is not available in this build"
sed 's/^/   /' "$tmp/live.err"
echo "   Falling back: the system's libpcap captures the same traffic into a"
echo "   savefile, then tcpdump on mqpcap reads it back."
start_capture "$tmp/stock.out" "$tmp/stock.err" ip netns exec "$MQLAB_CNS" tcpdump -i "$MQLAB_CIF" -w "$tmp/demo.pcap" ||
	die "even the system's tcpdump could not capture on the lab: $(cat "$tmp/stock.err")"
make_traffic
stop_capture
say "tcpdump -r demo.pcap -nn -e on mqpcap"
if ! on_mqpcap tcpdump -r "$tmp/demo.pcap" -nn -e >"$tmp/read.out" 2>"$tmp/read.err"; then
	cat "$tmp/read.out" "$tmp/read.err"
	die "tcpdump on mqpcap could not read the savefile either"
fi
cat "$tmp/read.err" "$tmp/read.out"
echo
echo "demo: done (savefile fallback): $(grep -c . "$tmp/read.out" || true) packets read by tcpdump on mqpcap"
