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
# rate and CPU per frame against no capture attached.
#
# The machine is shared, so one case measured once decides nothing: each
# scenario runs BENCH_ROUNDS rounds (default 3); every round measures the
# generator alone, stock pcount and ring pcount (in alternating order), and
# a share of the other cases (each of those runs once). The goal on pcount
# is judged on the median over rounds of the ring/stock ratio taken within
# each round, printed with its spread (min-max).
#
# Two scenarios. veth does the receiver's kernel work on the sending CPU, so:
#   split  generator on CPU 1, capture on CPU 0, receive work with the
#          generator: the capture pays only its own work, and the kernel
#          work its socket adds shows in the generator's CPU per frame.
#   rps    RPS moves the receive work onto CPU 0, where the capture runs, as
#          on a busy single-queue NIC: kernel and capture share one CPU, and
#          that is where stock libpcap drops. The kernel (no
#          CONFIG_IRQ_TIME_ACCOUNTING here) charges softirq work to the task
#          it interrupts, so the capture's CPU includes receive work; perf
#          samples the capture CPU to say how much (sirq%, own ns/pkt).
#
# A benchmark, not a test: it prints a table (markdown) and the ratios the
# project aims at, and exits 0 whatever happens; a case that cannot run
# prints n/a and why. Root, trafgen (netsniff-ng), tcpdump and cc needed;
# perf (linux-perf) for the generator's CPU and the softirq share.
# Knobs: BENCH_SECS, BENCH_ROUNDS (3), BENCH_GEN_CPU (1), BENCH_CAP_CPU (0),
# BENCH_DST (bcast|other, see mqlab.sh), BENCH_PERF (1; 0: no perf),
# BENCH_SCENARIOS ("split rps"), BENCH_OUT (also write the table there).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
lab=$top/test/lab/mqlab.sh
prefix=mqbench$$
secs=${BENCH_SECS:-3}
rounds=${BENCH_ROUNDS:-3}
use_perf=${BENCH_PERF:-1}
scenarios=${BENCH_SCENARIOS:-split rps}
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
if [ "$use_perf" = 1 ] && ! perf stat -e task-clock true >/dev/null 2>&1; then
	note "perf does not work here (apt-get install linux-perf): no generator CPU, no softirq share"
	use_perf=0
fi

tmp=$(mktemp -d /tmp/mqbench.XXXXXX)
cap_pid=
perf_pid=
cleanup() {
	if [ -n "$cap_pid" ]; then kill -KILL "$cap_pid" 2>/dev/null || true; fi
	if [ -n "$perf_pid" ]; then kill -INT "$perf_pid" 2>/dev/null || true; fi
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

# How many times the capture's threads were put on a CPU (schedstat's
# third field): about one per wake-up, since a capture that keeps up
# sleeps between its reads.
proc_runs() {
	local t sum=0 runs _
	for t in /proc/"$1"/task/*/schedstat; do
		read -r _ _ runs <"$t" 2>/dev/null || continue
		sum=$((sum + runs))
	done
	echo "$sum"
}

stop_capture() { # -> sets cpu1
	local i
	sleep 1.2	# let the last blocks' timers hand them over
	cpu1=$(proc_cpu_ns "$cap_pid")
	runs1=$(proc_runs "$cap_pid")
	kill -INT "$cap_pid" 2>/dev/null
	for i in $(seq 100); do
		kill -0 "$cap_pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$cap_pid" 2>/dev/null || true
	wait "$cap_pid" 2>/dev/null
	cap_pid=
}

# The scheduler's runtime of a kernel thread (ksoftirqd/N), in ns.
kthread_ns() {
	local pid ns _
	pid=$(pgrep -x "$1" | head -1)
	[ -n "$pid" ] && read -r ns _ <"/proc/$pid/schedstat" 2>/dev/null && echo "$ns" || echo 0
}

# Samples of the capture CPU while the blast runs (rps): how much of what
# the capture is charged ran in softirq context, i.e. kernel receive work
# that interrupted it rather than its own.
perf_sample_start() {
	perf_pid=
	[ "$use_perf" = 1 ] && [ "$scen" = rps ] || return 0
	perf record -q -e cpu-clock -F "$perf_hz" -g -C "$cap_cpu" -o "$tmp/perf.data" \
		-- sleep 3600 >/dev/null 2>&1 &
	perf_pid=$!
	sleep 0.5	# its setup is not part of what it measures
}

# -> sirq: percentage of the capture's samples inside a softirq, sirq_ns:
# the time they stand for, rx_ns: the time of every sample inside a softirq
# on the capture CPU, whatever task it interrupted (the capture, the idle
# task, ksoftirqd, another job): the kernel's receive work there. '' when
# not sampled.
perf_hz=4000
# A sample is receive work if its stack holds the softirq, or the RPS IPI
# that raises it, or a frame of the receive path itself: the unwinder
# cannot walk through a JIT-compiled socket filter, so samples taken in
# the kernel filter (bpf_skb_load_helper_*) show no softirq frame.
rx_frames='handle_softirqs|__do_softirq|asm_sysvec_call_function|net_rx_action|__netif_receive_skb|packet_rcv|tpacket_rcv|bpf_skb_load_helper'
perf_sample_stop() {
	local out
	sirq= sirq_ns= rx_ns=
	[ -n "$perf_pid" ] || return 0
	kill -INT "$perf_pid" 2>/dev/null
	wait "$perf_pid" 2>/dev/null
	perf_pid=
	out=$(perf script -i "$tmp/perf.data" -F pid,ip,sym 2>/dev/null | awk -v cap="$1" -v rx="$rx_frames" '
		function done() { if (pid == cap) { n++; if (s) k++ } if (s) all++ }
		/^\t/ { if ($0 ~ rx) s = 1; next }
		NF >= 1 { if (seen) done(); seen = 1; s = 0; pid = $1 }
		END { if (seen) done(); printf "%d %d %d", n, k, all }')
	rm -f "$tmp/perf.data"
	read -r n_cap n_cap_sirq n_sirq <<<"$out"
	[ -n "$n_sirq" ] || return 0
	if [ "$n_cap" -ge 20 ]; then
		sirq=$(awk -v k="$n_cap_sirq" -v n="$n_cap" 'BEGIN { printf "%.1f", 100 * k / n }')
	fi
	sirq_ns=$(( n_cap_sirq * 1000000000 / perf_hz ))
	rx_ns=$(( n_sirq * 1000000000 / perf_hz ))
}

# -> sets sent, pps, genns (generator CPU per frame: trafgen and the whole
# blast, plus ksoftirqd on the generator CPU, from perf's task-clock)
blast() {
	local line k0 k1 tc
	k0=$(kthread_ns "ksoftirqd/$gen_cpu")
	if [ "$use_perf" = 1 ]; then
		line=$(perf stat -x, -e task-clock -o "$tmp/pstat" "$lab" "$prefix" blast "$secs" "$gen_cpu" 64 2>"$tmp/blast.err") || line=
	else
		line=$("$lab" "$prefix" blast "$secs" "$gen_cpu" 64 2>"$tmp/blast.err") || line=
	fi
	k1=$(kthread_ns "ksoftirqd/$gen_cpu")
	sent=$(sed -n 's/.*sent=\([0-9]*\).*/\1/p' <<<"$line")
	pps=$(sed -n 's/.*pps=\([0-9]*\).*/\1/p' <<<"$line")
	[ -n "$sent" ] || { note "blast failed: $(head -3 "$tmp/blast.err")"; sent=0; pps=0; }
	genns=n/a
	if [ "$use_perf" = 1 ] && [ "$sent" -gt 0 ]; then
		tc=$(awk -F, '/task-clock/ { printf "%d", $1 * 1e6 }' "$tmp/pstat" 2>/dev/null)
		[ -n "$tc" ] && genns=$(( (tc + k1 - k0) / sent ))
	fi
}

rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$@")"); printf '%s\n' "${rows[-1]}"; }

declare -A R	# R[scenario/lib/program/field], summed over rounds, for the goals
declare -A RATIO	# RATIO[scenario]: ring/stock pcount ns/pkt of each round
declare -A NS	# NS[scenario/lib]: pcount ns/pkt of each round

mpps() { awk -v p="$1" 'BEGIN { printf "%.2f", p / 1e6 }'; }

run_case() { # SCENARIO ROUND LIBLABEL LIB PROGRAM DEVICE FILTER
	local scen=$1 round=$2 label=$3 lib=$4 prog=$5 dev=$6 filter=$7
	local captured='' dropped='' cpu0 cpu nspp nsps own gen k
	if ! start_capture "$lib" "$prog" "$dev" "$filter"; then
		row "$scen" "$round" "$label" "$prog" n/a n/a n/a n/a n/a n/a n/a n/a n/a n/a n/a "n/a: $(head -1 "$tmp/cap.err" | cut -c1-100)"
		return
	fi
	cpu0=$(proc_cpu_ns "$cap_pid")
	runs0=$(proc_runs "$cap_pid")
	perf_sample_start
	blast
	perf_sample_stop "$cap_pid"
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
		row "$scen" "$round" "$label" "$prog" "$sent" n/a n/a n/a n/a n/a n/a n/a n/a "$genns" "$(mpps "$pps")" "n/a: $(tail -1 "$tmp/cap.err" | cut -c1-100)"
		return
	fi
	nspp=n/a nsps=n/a own=- rx=- wake=n/a
	if [ "$captured" -gt 0 ]; then
		nspp=$(( cpu / captured ))
		wake=$(awk -v r=$((runs1 - runs0)) -v n="$captured" 'BEGIN { printf "%.2f", 1000 * r / n }')
		# the capture's time less the samples that caught it in a
		# softirq: robust when it was sampled only a few times
		[ -n "$sirq_ns" ] && own=$(( (cpu > sirq_ns ? cpu - sirq_ns : 0) / captured ))
	fi
	[ -n "$rx_ns" ] && [ "$sent" -gt 0 ] && rx=$(( rx_ns / sent ))
	if [ "$sent" -gt 0 ]; then nsps=$(( cpu / sent )); fi
	gen=$(awk -v a="$pps" -v b="${R[$scen/base/pps]:-0}" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }')
	for k in captured dropped sent; do
		R[$scen/$label/$prog/$k]=$(( ${R[$scen/$label/$prog/$k]:-0} + ${!k} ))
	done
	if [ "$prog" = pcount ] && [ "$nspp" != n/a ]; then
		NS[$scen/$label]+="$nspp "
		R[$scen/$round/$label]=$nspp
		[ "$own" != - ] && R[$scen/$round/$label/own]=$own
	fi
	row "$scen" "$round" "$label" "$prog" "$sent" "$captured" "$dropped" "$nspp" "$own" \
		"${sirq:--}" "$rx" "$wake" "$nsps" "$genns" "$(mpps "$pps")" "$gen"
}

# The cases besides stock and ring pcount, each run once, spread over the rounds.
OTHERS=("stock|stock|tcpdump|IF|" "classic|mqpcap|tcpdump|classic:IF|"
	"ring|mqpcap|tcpdump|ring:IF|" "ring 1%|mqpcap|tcpdump|ring:IF|$filter1"
	"classic|mqpcap|pcount|classic:IF|" "ring 1%|mqpcap|pcount|ring:IF|$filter1")

other_case() { # SCENARIO ROUND SPEC
	local label lib prog dev filter
	IFS='|' read -r label lib prog dev filter <<<"$3"
	run_case "$1" "$2" "$label" "$lib" "$prog" "${dev/IF/$ifc}" "$filter"
}

scenario() { # NAME RPS_MASK
	local scen=$1 r i per
	MQLAB_RPS=$2 "$lab" "$prefix" up 1 >/dev/null || { note "lab up failed"; return; }
	eval "$("$lab" "$prefix" env)"
	ifc=$MQLAB_CIF
	per=$(( (${#OTHERS[@]} + rounds - 1) / rounds ))
	for r in $(seq "$rounds"); do
		blast
		R[$scen/base/pps]=$pps
		row "$scen" "$r" "(none)" "-" "$sent" - - - - - - - - "$genns" "$(mpps "$pps")" "100%"
		# stock first in odd rounds, ring first in even ones: a drift in
		# the machine's load does not always favour the same one
		if [ $((r % 2)) = 1 ]; then
			run_case "$scen" "$r" stock stock pcount "$ifc" ""
			run_case "$scen" "$r" ring mqpcap pcount "ring:$ifc" ""
		else
			run_case "$scen" "$r" ring mqpcap pcount "ring:$ifc" ""
			run_case "$scen" "$r" stock stock pcount "$ifc" ""
		fi
		for i in $(seq $(( (r - 1) * per )) $(( r * per - 1 ))); do
			[ "$i" -lt "${#OTHERS[@]}" ] && other_case "$scen" "$r" "${OTHERS[$i]}"
		done
		if [ -n "${R[$scen/$r/stock]:-}" ] && [ -n "${R[$scen/$r/ring]:-}" ] && [ "${R[$scen/$r/stock]}" -gt 0 ]; then
			RATIO[$scen]+="$(awk -v a="${R[$scen/$r/ring]}" -v b="${R[$scen/$r/stock]}" 'BEGIN { printf "%.3f", a / b }') "
		fi
		if [ -n "${R[$scen/$r/stock/own]:-}" ] && [ -n "${R[$scen/$r/ring/own]:-}" ] && [ "${R[$scen/$r/stock/own]}" -gt 0 ]; then
			RATIO[$scen/own]+="$(awk -v a="${R[$scen/$r/ring/own]}" -v b="${R[$scen/$r/stock/own]}" 'BEGIN { printf "%.3f", a / b }') "
		fi
	done
	"$lab" "$prefix" down >/dev/null 2>&1 || true
}

# "median min-max" of a list of numbers
med_spread() {
	tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "n/a"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f (%.2f-%.2f, %d rounds)", m, v[1], v[NR], NR }'
}

echo "bench/live: $(uname -r), $(nproc) CPUs, ${secs}s blasts of 64-byte frames ($MQLAB_DST)," \
	"generator CPU $gen_cpu, capture CPU $cap_cpu, $rounds rounds; mqpcap: ${mqlib:-none}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (figures are only meaningful on an otherwise idle machine)"
echo "ns/pkt, ns/sent: the capture process's CPU time (all threads, user+system, while the"
echo "blast ran) per captured / per sent packet; rps only, from perf samples of the capture"
echo "CPU: sirq%: share of the capture's time spent in softirq (kernel receive work that"
echo "interrupted it), own ns/pkt: its time without that; rx ns/sent: all softirq time on"
echo "the capture CPU per sent frame, whichever task it interrupted (the receive work itself)."
echo "wake/kpkt: times the capture was put on a CPU per 1000 captured packets (its wake-ups)."
echo "gen ns: the generator's CPU per sent frame (trafgen with its softirqs + ksoftirqd on"
echo "its CPU; in split that includes the capture socket's kernel work); gen: generator rate"
echo "against no capture in the same round"
echo "ring 1%: filter '$filter1'"
echo
HEADER="| scenario | round | library | program | sent | captured | dropped | ns/pkt | own ns/pkt | sirq% | rx ns/sent | wake/kpkt | ns/sent | gen ns | gen Mpps | gen |"
RULE="| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
echo "$HEADER"
echo "$RULE"
for scen in $scenarios; do
	case $scen in
	split) scenario split 0 ;;
	rps) scenario rps "$(printf '%x' $((1 << cap_cpu)))" ;;
	esac
done

# --- the goals, as ratios to stock in the same run ---------------------------
echo
echo "Goals (ratios to stock libpcap in this run):"
goal() { printf '  %-72s %s\n' "$1" "$2"; }
for scen in $scenarios; do
	echo "  $scen: pcount ns/pkt, median (min-max): stock $(med_spread "${NS[$scen/stock]:-}"), ring $(med_spread "${NS[$scen/ring]:-}")"
	rs=$(med_spread "${RATIO[$scen]:-}")
	if [ "$rs" != n/a ]; then
		goal "$scen: pcount CPU per captured packet, ring / stock <= 0.5 (median of rounds)" \
			"$rs $(awk -v r="${rs%% *}" 'BEGIN { print (r <= 0.5 ? "met" : "NOT met") }')"
	else
		goal "$scen: pcount CPU per captured packet, ring / stock <= 0.5" "n/a"
	fi
	# Not the goal, which counts all the capture is charged: what it is
	# without the kernel's receive work that interrupted it.
	if [ -n "${RATIO[$scen/own]:-}" ]; then
		echo "  $scen: (information) pcount own CPU without softirq, ring / stock: $(med_spread "${RATIO[$scen/own]}")"
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
