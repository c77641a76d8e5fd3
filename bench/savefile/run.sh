#!/bin/sh
# Savefile reading, stock libpcap against mqpcap in the same run:
#   1. tcpdump -r BIG -w /dev/null
#   2. a minimal pcap_next_ex loop (nextex.c)
# over a pcap of BENCH_PACKETS packets (default 1000000), as wall-clock time
# (best of BENCH_RUNS, default 3) and as instructions counted by callgrind,
# reported as stock/mqpcap ratios. A benchmark, not a test: never fails.
#
# Usage: bench/savefile/run.sh [BUILD_DIR]   (default /tmp/build-savefile)
set +e
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-${MQPCAP_BUILDDIR:-/tmp/build-savefile}}
libdir=$build/lib
packets=${BENCH_PACKETS:-1000000}
runs=${BENCH_RUNS:-3}
work=${BENCH_WORKDIR:-/tmp/mqpcap-bench-savefile}
big=$work/big-$packets.pcap

if [ ! -f "$libdir/libpcap.so.0.8" ]; then
	echo "bench/savefile: no $libdir/libpcap.so.0.8; build first (or pass BUILD_DIR)"
	exit 0
fi
mkdir -p "$work"
[ -f "$big" ] || /usr/bin/python3 "$here/make_big.py" "$big" "$packets" || exit 0
cc -O2 -o "$work/nextex" "$here/nextex.c" -lpcap || exit 0

# libenv LIB: the LD_LIBRARY_PATH that selects LIB ("" for the system's).
libenv() {
	if [ "$1" = mqpcap ]; then echo "$libdir"; else echo "${LD_LIBRARY_PATH:-}"; fi
}

# wall LIB CMD...: best wall time of $runs runs, in seconds.
wall() {
	lib=$1
	shift
	best=
	i=0
	while [ $i -lt "$runs" ]; do
		LD_LIBRARY_PATH=$(libenv "$lib") /usr/bin/time -f %e -o "$work/time" "$@" >/dev/null 2>&1
		t=$(tail -1 "$work/time")
		best=$(echo "$best $t" | awk '{ if (NF == 1 || $2 < $1) print $NF; else print $1 }')
		i=$((i + 1))
	done
	echo "$best"
}

# instr LIB CMD...: instructions executed by the whole process (callgrind).
instr() {
	lib=$1
	shift
	LD_LIBRARY_PATH=$(libenv "$lib") valgrind --tool=callgrind \
		--callgrind-out-file="$work/cg.out" "$@" 2>&1 >/dev/null |
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
	rm -f "$work/cg.out"
}

ratio() {
	echo "$1 $2" | awk '{ if ($2 > 0) printf "%.2fx", $1 / $2; else print "n/a" }'
}

# tcpdump drops to its own user after opening -w; -Z root keeps it able
# to write callgrind's output.
tcpdump_cmd="tcpdump -Z root -r $big -w /dev/null"
nextex_cmd="$work/nextex $big"

printf '%s\n' "savefile bench: $packets packets, $(du -m "$big" | cut -f1) MB ($big)"
printf '%-34s %14s %14s %8s\n' "" "stock libpcap" "mqpcap" "ratio"
for name in tcpdump nextex; do
	eval cmd=\$${name}_cmd
	# shellcheck disable=SC2086
	ws=$(wall stock $cmd)
	# shellcheck disable=SC2086
	wm=$(wall mqpcap $cmd)
	# shellcheck disable=SC2086
	is=$(instr stock $cmd)
	# shellcheck disable=SC2086
	im=$(instr mqpcap $cmd)
	case $name in
	tcpdump) label="tcpdump -r BIG -w /dev/null" ;;
	nextex) label="pcap_next_ex loop" ;;
	esac
	printf '%-34s %13ss %13ss %8s\n' "$label (wall, best of $runs)" "$ws" "$wm" "$(ratio "$ws" "$wm")"
	printf '%-34s %14s %14s %8s\n' "$label (instructions)" "$is" "$im" "$(ratio "$is" "$im")"
done
exit 0
