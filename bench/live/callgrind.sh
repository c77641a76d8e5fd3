#!/usr/bin/env bash
# callgrind.sh: instructions per captured packet of pcount's read path,
# stock libpcap against mqpcap, counted by valgrind's callgrind over the
# same frames (so, unlike run.sh, not disturbed by other jobs' load).
#
#   sudo bench/live/callgrind.sh BUILDDIR [FRAMES]     # 20000 by default
#
# CG_QUEUES=N builds the lab's veth with N queues, and CG_DEV names the
# device mqpcap opens, IF standing for the interface (default "IF"; e.g.
# CG_DEV='ring:IF@0-1' CG_QUEUES=2 profiles the two-member merge).
#
# Builds a lab (test/lab/mqlab.sh, prefix mqcg and its pid), starts pcount
# under callgrind on the capture side, sends FRAMES broadcast UDP frames
# one every MQLAB_GAP (50us by default: slow enough for valgrind to keep
# up, so nothing is dropped), stops pcount, and prints the instructions
# spent inside pcap_dispatch (inclusive: the library's read path and the
# empty callback) divided by the packets captured. The callgrind output
# files stay in OUTDIR (default /tmp/mqcg.PID) for callgrind_annotate.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: callgrind.sh BUILDDIR [FRAMES]}
frames=${2:-20000}
lab=$top/test/lab/mqlab.sh
prefix=mqcg$$
out=${OUTDIR:-/tmp/mqcg.$$}

command -v valgrind >/dev/null || { echo "callgrind.sh: apt-get install valgrind" >&2; exit 1; }
[ -e "$build/lib/libpcap.so.0.8" ] || { echo "callgrind.sh: no mqpcap build at $build" >&2; exit 1; }
mqlib=$(cd "$build/lib" && pwd)
mkdir -p "$out"

vg_pid=
cleanup() {
	if [ -n "$vg_pid" ]; then kill -KILL "$vg_pid" 2>/dev/null || true; fi
	"$lab" "$prefix" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

cc -O2 -g -o "$out/pcount" "$top/bench/live/pcount.c" -lpcap
"$lab" "$prefix" up "${CG_QUEUES:-1}" >/dev/null
eval "$("$lab" "$prefix" env)"
cg_dev=${CG_DEV:-IF}
cg_dev=${cg_dev//IF/$MQLAB_CIF}

# One library: LABEL, LD_LIBRARY_PATH ('' for the system's libpcap), DEVICE.
measure() {
	local label=$1 libdir=$2 dev=$3 i captured ir
	local -a envs=()
	[ -n "$libdir" ] && envs=(LD_LIBRARY_PATH="$libdir")
	rm -f "$out/$label.cg"
	ip netns exec "$MQLAB_CNS" env "${envs[@]}" valgrind --tool=callgrind \
		--callgrind-out-file="$out/$label.cg" "$out/pcount" "$dev" \
		>"$out/$label.out" 2>"$out/$label.err" &
	vg_pid=$!
	for i in $(seq 300); do
		grep -q '^ready' "$out/$label.err" && break
		sleep 0.1
	done
	sleep 0.5
	MQLAB_GAP=${MQLAB_GAP:-50us} "$lab" "$prefix" send "$frames"
	sleep 1		# the last block's timer hands it over
	kill -INT "$vg_pid"
	wait "$vg_pid" || true
	vg_pid=
	captured=$(sed -n 's/.*captured=\([0-9]*\).*/\1/p' "$out/$label.out")
	ir=$(callgrind_annotate --inclusive=yes "$out/$label.cg" 2>/dev/null |
		sed -n 's/^ *\([0-9,]*\) .*:pcap_dispatch \[.*/\1/p' | head -1 | tr -d ,)
	if [ -z "$captured" ] || [ "$captured" -eq 0 ] || [ -z "$ir" ]; then
		echo "$label: n/a ($(tail -1 "$out/$label.err"))"
		return
	fi
	printf '%-7s captured=%s Ir(pcap_dispatch)=%s Ir/pkt=%s\n' "$label" \
		"$captured" "$ir" "$(awk -v i="$ir" -v c="$captured" 'BEGIN { printf "%.1f", i / c }')"
}

measure stock '' "$MQLAB_CIF"
measure mqpcap "$mqlib" "$cg_dev"
echo "callgrind files: $out/stock.cg $out/mqpcap.cg (callgrind_annotate --auto=yes FILE)"
