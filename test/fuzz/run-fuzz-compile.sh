#!/bin/sh
# Bounded libFuzzer run of the filter compiler (test/fuzz/fuzz_compile.c),
# seeded with the differential test's expression corpus. Fails on a crash,
# a leak, a hang (-timeout) or a sanitizer report; skips (77) when clang's
# libFuzzer was not available to build the target.
#
# FUZZ_COMPILE_SECONDS overrides the run time (default 20).
set -u
builddir=${MQPCAP_BUILDDIR:-.}
srcdir=${MQPCAP_SRCDIR:-.}
bin=$builddir/test/fuzz/fuzz_compile
secs=${FUZZ_COMPILE_SECONDS:-20}

if [ ! -x "$bin" ]; then
	echo "run-fuzz-compile: SKIP: $bin not built (no clang with libFuzzer, or its build failed: see the make output)"
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz_compile.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/corpus" "$work/seeds"

# Seeds: every 4th corpus expression, each behind a control byte that picks
# a linktype and optimize flag, so the fuzzer starts from valid programs.
i=0
grep -v '^#' "$srcdir/test/diff/filter/expressions.txt" | grep -v '^$' |
awk 'NR % 4 == 1' | while IFS= read -r expr; do
	ctl=$(( (i * 7) % 256 ))
	printf "\\$(printf %03o "$ctl")%s" "$expr" > "$work/seeds/s$i"
	i=$((i + 1))
done

cd "$work" || exit 99
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-max_len=512 -seed=1 -print_final_stats=1 \
	-dict="$srcdir/test/fuzz/fuzz_compile.dict" \
	"$work/corpus" "$work/seeds" > "$work/log" 2>&1
rc=$?
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "$work/log"
if [ $rc -ne 0 ]; then
	tail -n 60 "$work/log"
	# keep the crashing input for whoever looks at the log
	for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
		[ -f "$f" ] && echo "input $(basename "$f"): $(od -An -c "$f" | head -5)"
	done
	echo "run-fuzz-compile: FAIL (libFuzzer exit $rc)"
	exit 1
fi
echo "run-fuzz-compile: PASS ($secs s, no crash, leak or hang)"
exit 0
