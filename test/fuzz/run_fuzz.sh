#!/bin/sh
# Build the savefile fuzz targets with clang's libFuzzer (and ASan+UBSan)
# and run each for a bounded time, seeded with the test corpus.
#   FUZZ_SECONDS   time per target (default 20; longer runs by hand)
#   FUZZ_WORKDIR   where binaries and the growing corpora live
# Exit 77 when clang or libFuzzer is missing.
set -u
src=${MQPCAP_SRCDIR:?}
build=${MQPCAP_BUILDDIR:?}
clang=${CLANG:-clang}
secs=${FUZZ_SECONDS:-20}
work=${FUZZ_WORKDIR:-$build/test/fuzz/work}

command -v "$clang" >/dev/null 2>&1 || { echo "SKIP: clang not installed"; exit 77; }
mkdir -p "$work"
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' >"$work/probe.c"
if ! "$clang" -fsanitize=fuzzer "$work/probe.c" -o "$work/probe" 2>/dev/null; then
	echo "SKIP: $clang cannot link -fsanitize=fuzzer (libFuzzer missing)"
	exit 77
fi
corpus=$(sh "$src/test/data/corpus.sh") || exit $?

# The core and savefile sources are compiled instrumented; whatever else
# they reach (the filter interpreter, backends) comes from the core archive.
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-I$src/include -I$src/src -I$build -DMQPCAP_BUILDING -D_GNU_SOURCE -std=gnu11"
archive=$build/.libs/libmqpcap_core.a
[ -f "$archive" ] || { echo "FAIL: $archive not built"; exit 1; }

# Link with what the library itself links with (the build's Makefile).
libs=$(sed -n 's/^\(MQPCAP_LIBS\|LIBS\) = //p' "$build/Makefile" | tr '\n' ' ')

status=0
for target in pcap pcapng; do
	bin=$work/fuzz_$target
	# shellcheck disable=SC2086
	if ! "$clang" $cflags -o "$bin" "$src/test/fuzz/fuzz_$target.c" \
		"$src"/src/savefile/*.c "$src"/src/core/*.c "$archive" $libs 2>"$work/build_$target.log"; then
		echo "FAIL: building fuzz_$target:"
		tail -20 "$work/build_$target.log"
		exit 1
	fi
	mkdir -p "$work/corpus_$target"
	case $target in
	pcap) cp "$corpus"/*.pcap "$work/corpus_$target/" ;;
	pcapng) cp "$corpus"/*.pcapng "$work/corpus_$target/" ;;
	esac
	# -rss_limit_mb / -malloc_limit_mb: an allocation sized by a corrupt
	# length field is a finding, not just a slow run.
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
		-malloc_limit_mb=300 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$work/crash_$target-" "$work/corpus_$target" \
		>"$work/run_$target.log" 2>&1; then
		echo "fuzz_$target: $(grep -E 'stat::number_of_executed_units' "$work/run_$target.log") in ${secs}s, nothing found"
	else
		echo "FAIL: fuzz_$target found something:"
		grep -E "ERROR|SUMMARY|Test unit written" "$work/run_$target.log" | head -20
		status=1
	fi
done
exit $status
