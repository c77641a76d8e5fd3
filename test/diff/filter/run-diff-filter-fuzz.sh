#!/bin/sh
# The fuzzer's expressions (expressions-fuzz.txt) on the main and the rarer
# linktypes, compared as the main run compares, minus the pairs of
# known-failures-fuzz.txt. Random identifiers are host names to both
# compilers: the run has a network namespace of its own (no route
# anywhere), so each lookup fails at once, the same for both libraries.
# Needs root for that; skips otherwise.
builddir=${MQPCAP_BUILDDIR:-.}
srcdir=${MQPCAP_SRCDIR:-.}
dir=$srcdir/test/diff/filter
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
	echo "run-diff-filter-fuzz: SKIP: needs root and unshare(1) for a network namespace"
	exit 77
fi
bin=$builddir/test/diff/filter/diff_filter
unshare -n "$bin" -c "$dir/expressions-fuzz.txt" -x "$dir/known-failures-fuzz.txt" \
	-M -n 20 || exit 1
exec unshare -n "$bin" -l rare -c "$dir/expressions-fuzz.txt" \
	-x "$dir/known-failures-fuzz.txt" -M -n 20
