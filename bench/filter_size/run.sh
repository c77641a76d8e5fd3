#!/bin/sh
# Program size of mqpcap's optimized filters against libpcap's.
#
#   bench/filter_size/run.sh BUILDDIR [tcpdump]
#
# 1. Through the two libraries directly: the filter differential harness
#    (BUILDDIR/test/diff/filter/diff_filter, built by `make check` or
#    `make test/diff/filter/diff_filter`) compiles every corpus expression
#    on every linktype with optimize on, and records both instruction
#    counts wherever both compile. Prints the median and worst ratio
#    mqpcap/libpcap and the 15 worst expressions.
# 2. With "tcpdump": `tcpdump -d -i lo EXPR` on mqpcap (LD_LIBRARY_PATH=
#    BUILDDIR/lib) against the stock one, for every corpus expression that
#    stock tcpdump compiles on lo (EN10MB); counts expressions for which
#    mqpcap's tcpdump prints no program, and the same ratios. Needs root
#    (tcpdump opens lo) and takes a minute or two.
#
# A benchmark, not a test: it prints figures and never fails on them.
set -u
builddir=${1:?usage: run.sh BUILDDIR [tcpdump]}
builddir=$(cd "$builddir" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/../.." && pwd)
corpus=$srcdir/test/diff/filter/expressions.txt
tmp=$(mktemp -d /tmp/filter_size.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

# ratios FILE: lines "name<TAB>ours<TAB>theirs<TAB>expr"
ratios() {
	awk -F'\t' '$3 > 0 { printf "%.4f\t%s\t%s\t%s\t%s\n", $2 / $3, $1, $2, $3, $4 }' "$1" |
		sort -t"$(printf '\t')" -k1,1g > "$tmp/sorted"
	n=$(wc -l < "$tmp/sorted")
	if [ "$n" -eq 0 ]; then
		echo "  no program compiled by both"
		return
	fi
	awk -F'\t' -v n="$n" '
		{ r[NR] = $1; ours += $3; theirs += $4; if ($1 > 1.5) over++; if ($1 <= 1.0) le1++ }
		END {
			med = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
			printf "  programs: %d; ratio mqpcap/libpcap: median %.3f, worst %.3f, best %.3f\n", n, med, r[n], r[1]
			printf "  ratio <= 1.0: %d (%.1f%%); ratio > 1.5: %d; total insns %d vs %d (%.3f)\n", le1, 100 * le1 / n, over + 0, ours, theirs, ours / theirs
		}' "$tmp/sorted"
	echo "  worst 15 (ratio, linktype, mqpcap insns, libpcap insns, expression):"
	tail -n 15 "$tmp/sorted" | sort -t"$(printf '\t')" -k1,1gr | sed 's/^/    /'
}

echo "== optimized program size, through the libraries (all linktypes)"
harness=$builddir/test/diff/filter/diff_filter
if [ -x "$harness" ]; then
	MQPCAP_SRCDIR=$srcdir "$harness" -O 1 -n 0 -c "$corpus" -S "$tmp/sizes" > "$tmp/harness.log"
	grep -E '^  (corpus|compiles):' "$tmp/harness.log"
	ratios "$tmp/sizes"
	# protochain: libpcap's loop jumps backwards, which the kernel
	# refuses; mqpcap unrolls it, so those programs are larger by design
	echo "  -- the same without protochain:"
	grep -v protochain "$tmp/sizes" > "$tmp/sizes.np"
	ratios "$tmp/sizes.np"
else
	echo "  $harness not built: run make check (or make test/diff/filter/diff_filter) in $builddir"
fi

[ "${2:-}" = tcpdump ] || exit 0
echo "== tcpdump -d -i lo EXPR (EN10MB): mqpcap vs stock"
: > "$tmp/td"
grep -v '^#' "$corpus" | grep -v '^$' | grep -v '^<empty>$' | while IFS= read -r expr; do
	theirs=$(tcpdump -d -i lo "$expr" 2>/dev/null | grep -c '^(')
	[ "$theirs" -gt 0 ] || continue
	ours=$(LD_LIBRARY_PATH=$builddir/lib tcpdump -d -i lo "$expr" 2>/dev/null | grep -c '^(')
	if [ "$ours" -eq 0 ]; then
		echo "  no program from mqpcap's tcpdump: $expr"
		echo x >> "$tmp/nores"
		continue
	fi
	printf 'EN10MB\t%s\t%s\t%s\n' "$ours" "$theirs" "$expr" >> "$tmp/td"
done
echo "  expressions without a program on mqpcap: $(cat "$tmp/nores" 2>/dev/null | wc -l)"
ratios "$tmp/td"
