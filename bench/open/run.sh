#!/bin/sh
# pcap_activate's cost, stock libpcap against mqpcap (default ring and a
# few buffer sizes), on the loopback device of a throwaway network
# namespace. Prints figures; never fails. Usage: bench/open/run.sh BUILDDIR
# [ROUNDS] (root; cc and the libpcap headers needed).
build=${1:?usage: run.sh BUILDDIR [ROUNDS]}
rounds=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 0
ns=mqopen$$
trap 'ip netns del $ns 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
if ! cc -O2 -o "$tmp/openlat" "$here/openlat.c" -lpcap 2>"$tmp/cc.err"; then
	echo "bench/open: n/a: cannot build openlat: $(head -1 "$tmp/cc.err")"; exit 0
fi
if ! ip netns add $ns 2>/dev/null; then
	echo "bench/open: n/a: cannot make a network namespace (root?)"; exit 0
fi
ip -n $ns link set lo up
echo "bench/open: pcap_create+pcap_activate on lo, 20 per process, $rounds processes each (interleaved)"
for r in $(seq "$rounds"); do
	for c in "stock||" "mqpcap|$build/lib|" "mqpcap 32M|$build/lib|33554432" \
		 "mqpcap 2M|$build/lib|2097152"; do
		name=${c%%|*}; rest=${c#*|}; lib=${rest%%|*}; buf=${rest#*|}
		printf '  round %s  %-11s ' "$r" "$name"
		ip netns exec $ns env LD_LIBRARY_PATH="$lib" "$tmp/openlat" lo 20 $buf 2>&1
	done
done
exit 0
