#!/bin/sh
# The test command: installs what the tests need, builds mqpcap with
# -Werror, runs the whole suite (make check), then builds again under
# AddressSanitizer + UndefinedBehaviorSanitizer and runs the unit tests.
# Run as root (integration tests build network namespaces; as a normal
# user they are skipped). Ends with one "N passed, N failed" line.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "$(id -u)" -eq 0 ]; then
	scripts/install-deps.sh || { echo "test.sh: installing dependencies failed" >&2; exit 1; }
else
	echo "test.sh: not root: dependencies not installed, root-only tests will skip" >&2
fi

status=0
scripts/build.sh "$top/build" || exit 1
scripts/build.sh "$top/build-san" --enable-sanitizers || exit 1

(cd build && make -j2 check) || status=1
(cd build-san && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	make -j2 check-unit) || status=1

# Show the logs of whatever failed, then one summary line over both runs.
for log in build/test-suite.log build-san/test-suite.log; do
	[ -f "$log" ] || continue
	if grep -qE '^# (FAIL|ERROR|XPASS): +[1-9]' "$log"; then
		echo "=== $log ==="
		cat "$log"
	fi
done
awk '/^# PASS:/ {p += $3} /^# XFAIL:/ {p += $3} /^# SKIP:/ {s += $3}
     /^# FAIL:/ {f += $3} /^# XPASS:/ {f += $3} /^# ERROR:/ {f += $3}
     END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' \
	build/test-suite.log build-san/test-suite.log 2>/dev/null
exit $status
