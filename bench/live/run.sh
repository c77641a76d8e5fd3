#!/bin/bash
# bench/live/run.sh [BUILDDIR] - live capture cost, stock libpcap vs mqpcap.
#
# One run, one lab (test/lab/mqlab.sh, prefix mqbench + our pid): trafgen blasts
# 64-byte UDP frames at full rate from the generator CPU for BENCH_SECS
# seconds (default 3) per case, while one capture program runs pinned to
# the capture CPU:
#   libraries: stock libpcap; mqpcap "classic:", "ring:", "ring:" with a
#              filter that matches about 1% of the frames (in the kernel)
#   programs:  tcpdump -w /dev/null, and pcount (bench/live/pcount.c: an
#              empty pcap_dispatch callback, so only the library's cost)
# and reports frames sent, captured and dropped (pcap_stats), the capture
# process's CPU (user + system) per captured packet, and the generator's
# rate against its rate with no capture attached.
#
# Two scenarios. veth does the receiver's kernel work on the sending CPU, so:
#   split  generator on CPU 1, capture on CPU 0, receive work with the
#          generator: the capture pays only its own user-space work.
#   rps    RPS moves the receive work onto CPU 0, where the capture runs, as
#          on a busy single-queue NIC: kernel and capture share one CPU, and
#          that is where stock libpcap drops.
#
# A benchmark, not a test: it prints a table (markdown) and the ratios the
# project aims at, and exits 0 whatever happens; a case that cannot run
# prints n/a and why. Root, trafgen (netsniff-ng), tcpdump and cc needed.
# Knobs: BENCH_SECS, BENCH_GEN_CPU (1), BENCH_CAP_CPU (0), BENCH_DST
# (bcast|other, see mqlab.sh), BENCH_OUT (also write the table there).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
lab=$top/test/lab/mqlab.sh
prefix=mqbench$$
secs=${BENCH_SECS:-3}
gen_cpu=${BENCH_GEN_CPU:-1}
cap_cpu=${BENCH_CAP_CPU:-0}
filter1='udp[0:2] < 1679'	# source ports 1024..65535 uniform: 1.0%
export MQLAB_DST=${BENCH_DST:-bcast}

note() { echo "bench: $*" >&2; }
bail() { note "$*"; exit 0; }

[ "$(id -u)" -eq 0 ] || bail "needs root (network namespaces, trafgen); nothing measured"
for c in trafgen tcpdump cc taskset ip; do
	command -v "$c" >/dev/null 2>&1 || bail "missing '$c' (scripts/install-deps.sh); nothing measured"
done
[ "$(nproc)" -ge 2 ] || bail "needs 2 CPUs; nothing measured"

tmp=$(mktemp -d /tmp/mqbench.XXXXXX)
cap_pid=
cleanup() {
	if [ -n "$cap_pid" ]; then kill -KILL "$cap_pid" 2>/dev/null || true; fi
	"$lab" "$prefix" down >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

cc -O2 -o "$tmp/pcount" "$top/bench/live/pcount.c" -lpcap 2>"$tmp/cc.err" ||
	bail "could not build pcount: $(cat "$tmp/cc.err")"

mqlib=
if [ -e "$build/lib/libpcap.so.0.8" ]; then
	mqlib=$(cd "$build/lib" && pwd)
else
	note "no mqpcap build at $build (scripts/build.sh): mqpcap rows will be n/a"
fi

# Start a capture pinned to the capture CPU; wait until it says it is
# capturing. Sets cap_pid, or returns 1 with the reason in $tmp/cap.err.
start_capture() { # LIB PROGRAM DEVICE FILTER
	local lib=$1 prog=$2 dev=$3 filter=$4 i ready
	local -a envs=() cmd
	if [ "$lib" = mqpcap ]; then
		[ -n "$mqlib" ] || { echo "no mqpcap build" >"$tmp/cap.err"; return 1; }
		envs=(LD_LIBRARY_PATH="$mqlib")
	fi
	if [ "$prog" = pcount ]; then
		cmd=("$tmp/pcount" "$dev" "$filter"); ready='^ready'
	else
		cmd=(tcpdump -i "$dev" -w /dev/null -nn); ready='listening on'
		if [ -n "$filter" ]; then cmd+=("$filter"); fi
	fi
	exec taskset -c "$cap_cpu" ip netns exec "$MQLAB_CNS" env "${envs[@]}" "${cmd[@]}" \
		>"$tmp/cap.out" 2>"$tmp/cap.err" &
	cap_pid=$!
	for i in $(seq 100); do
		grep -Eq "$ready" "$tmp/cap.err" && { sleep 0.3; return 0; }
		kill -0 "$cap_pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$cap_pid" 2>/dev/null || true
	wait "$cap_pid" 2>/dev/null
	cap_pid=
	return 1
}

# The capture's CPU time so far in ns, every thread's, from the scheduler's
# own accounting (/proc/PID/task/*/schedstat, first field: nanoseconds on a
# CPU, user and system). Read after the capture is ready and before it is
# stopped: setting up and tearing down the rings is not per-packet work.
proc_cpu_ns() {
	local t sum=0 ns _
	for t in /proc/"$1"/task/*/schedstat; do
		read -r ns _ <"$t" 2>/dev/null || continue
		sum=$((sum + ns))
	done
	echo "$sum"
}

stop_capture() { # -> sets cpu1
	local i
	sleep 1.2	# let the last blocks' timers hand them over
	cpu1=$(proc_cpu_ns "$cap_pid")
	kill -INT "$cap_pid" 2>/dev/null
	for i in $(seq 100); do
		kill -0 "$cap_pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$cap_pid" 2>/dev/null || true
	wait "$cap_pid" 2>/dev/null
	cap_pid=
}

blast() { # -> sets sent, pps
	local line
	line=$("$lab" "$prefix" blast "$secs" "$gen_cpu" 64 2>"$tmp/blast.err") || line=
	sent=$(sed -n 's/.*sent=\([0-9]*\).*/\1/p' <<<"$line")
	pps=$(sed -n 's/.*pps=\([0-9]*\).*/\1/p' <<<"$line")
	[ -n "$sent" ] || { note "blast failed: $(head -3 "$tmp/blast.err")"; sent=0; pps=0; }
}

rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$@")"); printf '%s\n' "${rows[-1]}"; }

declare -A R	# R[scenario/lib/program/field] for the goals below

run_case() { # SCENARIO LIBLABEL LIB PROGRAM DEVICE FILTER
	local scen=$1 label=$2 lib=$3 prog=$4 dev=$5 filter=$6 captured='' dropped='' cpu0 cpu nspp nsps gen
	if ! start_capture "$lib" "$prog" "$dev" "$filter"; then
		row "$scen" "$label" "$prog" n/a n/a n/a n/a n/a n/a "n/a: $(head -1 "$tmp/cap.err" | cut -c1-100)"
		return
	fi
	cpu0=$(proc_cpu_ns "$cap_pid")
	blast
	stop_capture
	cpu=$((cpu1 - cpu0))
	if [ "$prog" = pcount ]; then
		captured=$(sed -n 's/.*captured=\([0-9]*\).*/\1/p' "$tmp/cap.out")
		dropped=$(sed -n 's/.* drop=\([0-9]*\).*/\1/p' "$tmp/cap.out")
	else
		captured=$(sed -n 's/^\([0-9]*\) packets\{0,1\} captured.*/\1/p' "$tmp/cap.err")
		dropped=$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel.*/\1/p' "$tmp/cap.err")
	fi
	if [ -z "$captured" ] || [ -z "$dropped" ]; then
		row "$scen" "$label" "$prog" "$sent" n/a n/a n/a n/a "$pps" "n/a: $(tail -1 "$tmp/cap.err" | cut -c1-100)"
		return
	fi
	nspp=n/a nsps=n/a
	if [ "$captured" -gt 0 ]; then nspp=$(( cpu / captured )); fi
	if [ "$sent" -gt 0 ]; then nsps=$(( cpu / sent )); fi
	gen=$(awk -v a="$pps" -v b="${R[$scen/base/pps]:-0}" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }')
	R[$scen/$label/$prog/captured]=$captured
	R[$scen/$label/$prog/dropped]=$dropped
	R[$scen/$label/$prog/nspp]=$nspp
	R[$scen/$label/$prog/sent]=$sent
	row "$scen" "$label" "$prog" "$sent" "$captured" "$dropped" "$nspp" "$nsps" \
		"$(awk -v p="$pps" 'BEGIN { printf "%.2f", p / 1e6 }')" "$gen"
}

scenario() { # NAME RPS_MASK
	local scen=$1
	MQLAB_RPS=$2 "$lab" "$prefix" up 1 >/dev/null || { note "lab up failed"; return; }
	eval "$("$lab" "$prefix" env)"
	local ifc=$MQLAB_CIF
	blast
	R[$scen/base/pps]=$pps
	row "$scen" "(none)" "-" "$sent" - - - - "$(awk -v p="$pps" 'BEGIN { printf "%.2f", p / 1e6 }')" "100%"
	local prog
	for prog in tcpdump pcount; do
		run_case "$scen" stock stock "$prog" "$ifc" ""
		run_case "$scen" classic mqpcap "$prog" "classic:$ifc" ""
		run_case "$scen" ring mqpcap "$prog" "ring:$ifc" ""
		run_case "$scen" "ring 1%" mqpcap "$prog" "ring:$ifc" "$filter1"
	done
}

echo "bench/live: $(uname -r), $(nproc) CPUs, ${secs}s blasts of 64-byte frames ($MQLAB_DST)," \
	"generator CPU $gen_cpu, capture CPU $cap_cpu; mqpcap: ${mqlib:-none}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (figures are only meaningful on an otherwise idle machine)"
echo "ns/pkt, ns/sent: the capture process's CPU time (all threads, user+system, while the"
echo "blast ran) per captured / per sent packet; gen: generator rate against no capture"
echo "ring 1%: filter '$filter1'"
echo
HEADER="| scenario | library | program | sent | captured | dropped | ns/pkt | ns/sent | gen Mpps | gen |"
RULE="| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
echo "$HEADER"
echo "$RULE"
scenario split 0
scenario rps "$(printf '%x' $((1 << cap_cpu)))"

# --- the goals, as ratios to stock in the same run ---------------------------
echo
echo "Goals (ratios to stock libpcap in this run):"
goal() { printf '  %-72s %s\n' "$1" "$2"; }
for scen in split rps; do
	s=${R[$scen/stock/pcount/nspp]:-}
	m=${R[$scen/ring/pcount/nspp]:-}
	if [[ "$s" =~ ^[0-9]+$ ]] && [[ "$m" =~ ^[0-9]+$ ]] && [ "$s" -gt 0 ]; then
		goal "$scen: pcount CPU per captured packet, ring / stock <= 0.5" \
			"$(awk -v a="$m" -v b="$s" 'BEGIN { r = a / b; printf "%.2f %s", r, (r <= 0.5 ? "met" : "NOT met") }')"
	else
		goal "$scen: pcount CPU per captured packet, ring / stock <= 0.5" "n/a"
	fi
	for lib in classic ring; do
		for prog in tcpdump pcount; do
			sd=${R[$scen/stock/$prog/dropped]:-}
			md=${R[$scen/$lib/$prog/dropped]:-}
			sc=${R[$scen/stock/$prog/captured]:-}
			mc=${R[$scen/$lib/$prog/captured]:-}
			ss=${R[$scen/stock/$prog/sent]:-}
			ms=${R[$scen/$lib/$prog/sent]:-}
			if [ -z "$sd" ] || [ -z "$md" ]; then
				goal "$scen $prog $lib: drops" "n/a"
			elif [ "$sd" -gt 0 ]; then
				# the generator's rate differs from case to case: compare
				# shares of what was sent, not raw counts
				goal "$scen $prog $lib: stock drops $sd of $ss; mqpcap <= 1/10 as many, captures >= the same share" \
					"$(awk -v sd="$sd" -v md="$md" -v sc="$sc" -v mc="$mc" -v ss="$ss" -v ms="$ms" 'BEGIN {
						ok = (md * ss * 10 <= sd * ms) && (mc * ss >= sc * ms)
						printf "%d of %d dropped, %.2f%% captured (stock %.2f%%): %s", md, ms, 100 * mc / ms, 100 * sc / ss, ok ? "met" : "NOT met" }')"
			else
				goal "$scen $prog $lib: stock does not drop; mqpcap must not either" \
					"$md dropped: $([ "$md" -eq 0 ] && echo met || echo NOT met)"
			fi
		done
	done
done

if [ -n "${BENCH_OUT:-}" ]; then
	{
		echo "$HEADER"
		echo "$RULE"
		printf '%s\n' "${rows[@]}"
	} >"$BENCH_OUT"
fi
exit 0
