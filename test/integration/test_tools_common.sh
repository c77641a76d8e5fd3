# test_tools_common.sh - sourced by the test_tools_*.sh integration tests:
# real programs (tcpdump, tshark/dumpcap, ngrep, nmap) run on the built
# library inside a lab of test/lab/mqlab.sh, their output compared with the
# same program on the system libpcap for the same generated traffic.
#
# A test sets TOOLS_PREFIX (its own lab, so tests can run in parallel) and
# calls tools_init with the programs it needs. Modes a program runs in:
#   stock    the system libpcap (the reference)
#   path     LD_LIBRARY_PATH=$MQPCAP_LIBDIR
#   preload  LD_PRELOAD=$MQPCAP_LIBDIR/libpcap.so.0.8
# shellcheck shell=bash

TOOLS_FAILED=0
TOOLS_PIDS=()

tools_skip() { echo "SKIP: $*"; exit 77; }
tools_fail() { echo "FAIL: $*"; TOOLS_FAILED=1; }
tools_pass() { echo "ok: $*"; }

# Fail with a diff of what differs.
tools_same() { # what expected_file actual_file
	if cmp -s "$2" "$3"; then
		tools_pass "$1"
	else
		tools_fail "$1: output differs from stock (- stock, + mqpcap):"
		diff -u "$2" "$3" | sed -n '3,40p'
	fi
}

tools_cleanup() {
	local pid
	for pid in "${TOOLS_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
	"$TOOLS_LAB" "$TOOLS_PREFIX" down >/dev/null 2>&1 || true
	[ -n "${T:-}" ] && rm -rf "$T"
}

tools_init() { # PROGRAM...
	local prog
	[ "$(id -u)" -eq 0 ] || tools_skip "needs root (network namespaces)"
	: "${MQPCAP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
	[ -n "${MQPCAP_LIBDIR:-}" ] || tools_skip "MQPCAP_LIBDIR not set (run through make check)"
	[ -e "$MQPCAP_LIBDIR/libpcap.so.0.8" ] || tools_skip "no built library in $MQPCAP_LIBDIR"
	for prog in ip trafgen "$@"; do
		command -v "$prog" >/dev/null 2>&1 || tools_skip "$prog is not installed (scripts/install-deps.sh)"
	done
	TOOLS_LAB=$MQPCAP_SRCDIR/test/lab/mqlab.sh
	# The test's tag plus our pid: two runs of one test (two build trees'
	# make check at once) must not share, or tear down, each other's lab.
	TOOLS_PREFIX=$TOOLS_PREFIX$$
	T=$(mktemp -d "/tmp/mqtools-$TOOLS_PREFIX.XXXXXX")
	trap tools_cleanup EXIT
	"$TOOLS_LAB" "$TOOLS_PREFIX" up >/dev/null || tools_skip "could not build the lab (veth/netns)"
	eval "$("$TOOLS_LAB" "$TOOLS_PREFIX" env)"
	IF=$MQLAB_CIF
}

tools_end() {
	if [ "$TOOLS_FAILED" -ne 0 ]; then echo "some checks failed"; exit 1; fi
	echo "all checks passed"
	exit 0
}

# The command line that runs a program in the capture namespace on the
# library of MODE, into the array TOOLS_CMD.
tools_cmd() { # MODE PROGRAM [ARGS...]
	local mode=$1; shift
	case "$mode" in
	stock)   TOOLS_CMD=(ip netns exec "$MQLAB_CNS" "$@") ;;
	path)    TOOLS_CMD=(ip netns exec "$MQLAB_CNS" env LD_LIBRARY_PATH="$MQPCAP_LIBDIR" "$@") ;;
	preload) TOOLS_CMD=(ip netns exec "$MQLAB_CNS" env LD_PRELOAD="$MQPCAP_LIBDIR/libpcap.so.0.8" "$@") ;;
	*) echo "tools_cmd: bad mode $mode" >&2; return 2 ;;
	esac
}

tools_run() { # MODE PROGRAM [ARGS...]
	tools_cmd "$@" || return 2
	"${TOOLS_CMD[@]}"
}

# Does PROGRAM, in MODE, load mqpcap's library and not the system's? The
# dynamic loader's own trace answers it without running the program.
tools_loads_mqpcap() { # MODE PROGRAM
	local trace
	trace=$(tools_run "$1" env LD_TRACE_LOADED_OBJECTS=1 "$(command -v "$2")" 2>&1)
	[[ "$trace" == *"$MQPCAP_LIBDIR/libpcap.so.0.8"* ]] &&
		! grep -q '=> /.*/lib/x86_64-linux-gnu/libpcap.so' <<<"$trace" &&
		! grep -q '^[[:space:]]*/usr/lib/x86_64-linux-gnu/libpcap.so' <<<"$trace"
}

# Start a capture in the background: NAME.out / NAME.err in $T. Returns once
# the program says it listens (READY, a regular expression on its output) or
# after 5 s, whichever comes first; returns 1 if it already exited.
tools_start() { # NAME READY MODE PROGRAM [ARGS...]
	local name=$1 ready=$2 i
	shift 2
	tools_cmd "$@" || return 2
	# exec: the pid is the program's (ip netns exec and env exec too)
	exec "${TOOLS_CMD[@]}" >"$T/$name.out" 2>"$T/$name.err" &
	TOOLS_PID=$!
	TOOLS_PIDS+=("$TOOLS_PID")
	for i in $(seq 100); do
		cat "$T/$name.err" "$T/$name.out" 2>/dev/null | grep -Eq "$ready" && break
		kill -0 "$TOOLS_PID" 2>/dev/null || break
		sleep 0.05
	done
	# the socket exists once the message is out; give it a moment anyway
	sleep 0.2
	kill -0 "$TOOLS_PID" 2>/dev/null
}

# Wait up to SECS for the last started program; kill it (SIGINT, then
# SIGKILL) if it is still running. Returns 0 if it ended by itself with
# status 0, 1 if it had to be stopped or failed.
tools_wait() { # SECS
	local secs=$1 _ pid=$TOOLS_PID rc=0
	for _ in $(seq $((secs * 20))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -INT "$pid" 2>/dev/null || true
		sleep 0.5
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		return 1
	fi
	wait "$pid" || rc=$?
	return "$rc"
}

# Stop the last started program with SIGINT (as a user would end a
# capture) and wait for it.
tools_stop() {
	local pid=$TOOLS_PID
	kill -INT "$pid" 2>/dev/null || true
	tools_wait 5 || true
}

# tcpdump/tshark lines without their leading time stamp.
tools_mask_ts() { sed -E 's/^ *[0-9]+(:[0-9]{2}:[0-9]{2})?\.[0-9]+ +//' "$@"; }

tools_send() { "$TOOLS_LAB" "$TOOLS_PREFIX" send "$@"; }
