# test_tools_tcpdump_checks.sh - tcpdump on mqpcap against tcpdump on the
# system libpcap, for the same generated traffic: -D, -L, -J; -c N on plain,
# ring:, classic:, @0 and two-member names and on any; -w read back by stock
# tcpdump; -j host, -B; a filter; --time-stamp-precision=nano;
# --immediate-mode latency; SIGINT on an idle capture; -Q in/out. Sourced by
# test_tools_tcpdump_path.sh and test_tools_tcpdump_preload.sh, which set
# TOOLS_MODE (path or preload) and TOOLS_PREFIX.
# shellcheck shell=bash
. "$(dirname "$0")/test_tools_common.sh"

tools_init tcpdump ping od
MODE=$TOOLS_MODE
# The names that select each backend. TOOLS_SELFCHECK=1 (with
# MQPCAP_LIBDIR pointing at a copy of the system library) runs the whole
# test on stock libpcap, which knows only plain names: a check of the test.
RING=ring:$IF
NAMES=("$IF" "$RING" "classic:$IF" "$IF@0")
if [ "${TOOLS_SELFCHECK:-0}" = 1 ]; then RING=$IF; NAMES=("$IF"); fi

# Twenty frames: plain UDP, one in ten to port 9999, an 802.1Q frame and a
# QinQ (802.1ad + 802.1Q) frame per ten. The lab has no other traffic.
SPECS=(udp udp udp:9999 vlan:5 udp qinq:100:200 udp udp udp udp)
N=20
TCAP_ENV=()

# tcap NAME MODE ARGS...: run tcpdump ARGS (environment: TCAP_ENV), send
# the N frames, wait for it to end by itself (-c). Leaves SEND_T0/SEND_T1
# (epoch seconds) around the sending.
tcap() {
	local name=$1 mode=$2
	shift 2
	if ! tools_start "$name" 'listening on' "$mode" env "${TCAP_ENV[@]}" tcpdump "$@"; then
		tools_fail "$name ($mode): tcpdump $*: did not start: $(head -c 300 "$T/$name.err")"
		return 1
	fi
	SEND_T0=$(date +%s.%N)
	tools_send "$N" "${SPECS[@]}"
	SEND_T1=$(date +%s.%N)
	if ! tools_wait 6; then
		tools_fail "$name ($mode): tcpdump $*: did not end after its -c packets; stderr: $(head -c 300 "$T/$name.err")"
		return 1
	fi
}

# The packets of a savefile as stock tcpdump prints them, bytes included.
dump_file() {
	tools_run stock tcpdump -r "$1" -nn -e -xx 2>&1 | tools_mask_ts |
		sed 's/^reading from file [^,]*,/reading from file FILE,/'
}

# --- the library in use really is mqpcap -------------------------------------
if [ "${TOOLS_SELFCHECK:-0}" = 1 ]; then
	echo "self-check: running on $(tools_run "$MODE" tcpdump --version 2>&1 | sed -n 2p)"
elif tools_run "$MODE" tcpdump --version 2>&1 | grep -q 'mqpcap' && tools_loads_mqpcap "$MODE" tcpdump; then
	tools_pass "tcpdump --version names mqpcap and the loader maps $MQPCAP_LIBDIR"
else
	tools_fail "tcpdump in mode $MODE does not run on mqpcap: $(tools_run "$MODE" tcpdump --version 2>&1 | head -2 | tr '\n' ' ')"
fi

# --- -D, -L, -J: lists as stock prints them ----------------------------------
tools_run stock tcpdump -D >"$T/D.stock" 2>&1
tools_run "$MODE" tcpdump -D >"$T/D.mq" 2>&1
for dev in "$IF" any lo; do
	want=$(sed -nE "s/^[0-9]+\.($dev) /\1 /p" "$T/D.stock")
	got=$(sed -nE "s/^[0-9]+\.($dev) /\1 /p" "$T/D.mq")
	if [ -n "$want" ] && [ "$want" = "$got" ]; then
		tools_pass "-D lists '$want'"
	else
		tools_fail "-D: stock lists '$want' for $dev, mqpcap '$got' (mqpcap's list: $(tr '\n' ' ' <"$T/D.mq"))"
	fi
done

tools_run stock tcpdump -L -i "$IF" >"$T/L.stock" 2>&1
tools_run "$MODE" tcpdump -L -i "$IF" >"$T/L.mq" 2>&1
grep -q 'EN10MB' "$T/L.stock" && grep -q DOCSIS "$T/L.stock" || tools_fail "-L: stock's list is unexpected: $(cat "$T/L.stock")"
tools_same "-L -i $IF" "$T/L.stock" "$T/L.mq"

tools_run stock tcpdump -L -i any >"$T/Lany.stock" 2>&1
tools_run "$MODE" tcpdump -L -i any >"$T/Lany.mq" 2>&1
tools_same "-L -i any (LINUX_SLL, LINUX_SLL2, no promiscuous warning)" "$T/Lany.stock" "$T/Lany.mq"

tools_run stock tcpdump -J -i "$IF" >"$T/J.stock" 2>&1
tools_run "$MODE" tcpdump -J -i "$IF" >"$T/J.mq" 2>&1
tools_same "-J -i $IF" "$T/J.stock" "$T/J.mq"

# --- -c N: the same lines as stock, for every kind of name -------------------
if tcap ref stock -i "$IF" -c "$N" -nn -e; then
	tools_mask_ts "$T/ref.out" >"$T/ref.txt"
	[ "$(wc -l <"$T/ref.txt")" -eq "$N" ] || tools_fail "stock tcpdump printed $(wc -l <"$T/ref.txt") lines, not $N"
	grep -q ': vlan 5, p 0, ' "$T/ref.txt" && grep -q '802.1Q-QinQ.*vlan 100.*vlan 200' "$T/ref.txt" ||
		tools_fail "stock tcpdump did not show the VLAN tags: the lab's frames are not what this test expects"
fi
i=0
for name in "${NAMES[@]}"; do
	i=$((i + 1))
	if tcap "c$i" "$MODE" -i "$name" -c "$N" -nn -e; then
		tools_mask_ts "$T/c$i.out" >"$T/c$i.txt"
		tools_same "-i $name -c $N: $N packets, VLAN and QinQ tags back in place" "$T/ref.txt" "$T/c$i.txt"
	fi
done

# --- two fanout members in one handle: order=strict keeps stock's order;
# the default (loose) delivers the same packets, order aside ----------------
if [ "${TOOLS_SELFCHECK:-0}" != 1 ]; then
	if tcap m2s "$MODE" -i "ring:$IF,members=2,order=strict" -c "$N" -nn -e; then
		tools_mask_ts "$T/m2s.out" >"$T/m2s.txt"
		tools_same "-i ring:$IF,members=2,order=strict: stock's lines in stock's order" "$T/ref.txt" "$T/m2s.txt"
	fi
	if tcap m2l "$MODE" -i "ring:$IF,members=2" -c "$N" -nn -e; then
		tools_mask_ts "$T/m2l.out" | sort >"$T/m2l.txt"
		sort "$T/ref.txt" >"$T/ref.sorted"
		tools_same "-i ring:$IF,members=2: stock's lines (order aside)" "$T/ref.sorted" "$T/m2l.txt"
	fi
fi

# --- any: cooked (SLL2) lines as stock prints them; "any" has one member
# per CPU, so only order=strict promises stock's order ------------------------
if tcap aref stock -i any -c "$N" -nn -e; then
	tools_mask_ts "$T/aref.out" >"$T/aref.txt"
fi
if [ "${TOOLS_SELFCHECK:-0}" != 1 ]; then
	# (through MQPCAP_OPTIONS: tcpdump asks for SLL2 only on a device
	# named exactly "any")
	TCAP_ENV=(MQPCAP_OPTIONS=order=strict)
	if tcap as "$MODE" -i any -c "$N" -nn -e; then
		tools_mask_ts "$T/as.out" >"$T/as.txt"
		tools_same "MQPCAP_OPTIONS=order=strict -i any: stock's cooked lines in stock's order" "$T/aref.txt" "$T/as.txt"
	fi
	TCAP_ENV=()
fi
if tcap al "$MODE" -i any -c "$N" -nn -e; then
	tools_mask_ts "$T/al.out" | sort >"$T/al.txt"
	sort "$T/aref.txt" >"$T/aref.sorted"
	tools_same "-i any: stock's cooked lines (order aside)" "$T/aref.sorted" "$T/al.txt"
fi

# --- -w: byte-identical packets -------------------------------------------------
if tcap wref stock -i "$IF" -c "$N" -w "$T/wref.pcap"; then
	dump_file "$T/wref.pcap" >"$T/wref.txt"
fi
WNAMES=("$IF" "$RING" "classic:$IF")
if [ "${TOOLS_SELFCHECK:-0}" = 1 ]; then WNAMES=("$IF"); fi
for name in "${WNAMES[@]}"; do
	if tcap w "$MODE" -i "$name" -c "$N" -w "$T/w.pcap"; then
		dump_file "$T/w.pcap" >"$T/w.txt"
		tools_same "-i $name -w: the file holds the same bytes as stock's" "$T/wref.txt" "$T/w.txt"
	fi
done

# --- -j host, -B: same packets ---------------------------------------------------
for opts in "-j host" "-B 1024" "-B 64"; do
	# shellcheck disable=SC2086
	if tcap opt "$MODE" -i "$RING" $opts -c "$N" -nn -e; then
		tools_mask_ts "$T/opt.out" >"$T/opt.txt"
		tools_same "$opts: all packets" "$T/ref.txt" "$T/opt.txt"
	fi
done

# --- a filter that matches one packet in ten ------------------------------------
if tcap fref stock -i "$IF" -c 2 -nn 'udp port 9999'; then
	tools_mask_ts "$T/fref.out" >"$T/fref.txt"
fi
if tcap f "$MODE" -i "$RING" -c 2 -nn 'udp port 9999'; then
	tools_mask_ts "$T/f.out" >"$T/f.txt"
	if [ "$(grep -c '\.9999: UDP' "$T/f.txt")" -eq 2 ] && [ "$(wc -l <"$T/f.txt")" -eq 2 ]; then
		tools_same "'udp port 9999': only the matching packets" "$T/fref.txt" "$T/f.txt"
	else
		tools_fail "'udp port 9999' printed other packets: $(cat "$T/f.txt")"
	fi
fi

# --- --time-stamp-precision=nano -w: nanosecond file, times in the send window --
if tcap nano "$MODE" -i "$RING" -c "$N" --time-stamp-precision=nano -w "$T/nano.pcap"; then
	magic=$(od -An -tx1 -N4 "$T/nano.pcap" | tr -d ' ')
	if [ "$magic" = "4d3cb2a1" ]; then
		tools_pass "nano: the file has the nanosecond magic"
	else
		tools_fail "nano: file magic is $magic, not the nanosecond one (4d3cb2a1)"
	fi
	tools_run stock tcpdump -r "$T/nano.pcap" -nn -tt --time-stamp-precision=nano 2>/dev/null |
		awk '{print $1}' >"$T/nano.ts"
	# (mawk: no {9} intervals; and END runs after exit, hence "done")
	bad=$(awk -v a="$SEND_T0" -v b="$SEND_T1" -v n="$N" '
		{ split($1, f, ".")
		  if (length(f[2]) != 9) { print "not nanoseconds: " $1; done = 1; exit }
		  if ($1 + 0 < a - 0.001 || $1 + 0 > b + 0.001) { print $1 " outside " a ".." b; done = 1; exit }
		  c++ }
		END { if (!done && c != n) print c " time stamps, not " n }' "$T/nano.ts")
	if [ -z "$bad" ]; then
		tools_pass "nano: $N time stamps within the send window"
	else
		tools_fail "nano: $bad"
	fi
fi

# --- --immediate-mode: each packet printed within milliseconds ---------------
# tcpdump -l prints a line as soon as the library hands the packet over; a
# reader stamps each line on arrival. Without immediate mode a packet can
# wait for its ring block's timer; with it, latency is the library's wake-up
# plus tcpdump's printing. On a loaded test machine one packet may be late:
# the median must be under IMM_MEDIAN_MS (a ring block's timer takes
# 50-100 ms here), every packet under IMM_MAX_MS.
IMM_MEDIAN_MS=20
IMM_MAX_MS=500
tools_cmd "$MODE" timeout 10 tcpdump -i "$RING" --immediate-mode -l -tt -nn -c 5 || true
("${TOOLS_CMD[@]}" 2>"$T/imm.err" | while read -r ts _; do echo "$(date +%s.%N) $ts"; done >"$T/imm.lat") &
imm_pid=$!
for i in $(seq 100); do grep -q 'listening on' "$T/imm.err" 2>/dev/null && break; sleep 0.05; done
sleep 0.2
for i in 1 2 3 4 5; do tools_send 1 udp; sleep 0.05; done
wait "$imm_pid" 2>/dev/null || true
lat=$(awk '{ printf "%.1f ", ($1 - $2) * 1000 }' "$T/imm.lat")
median=$(awk '{ print ($1 - $2) * 1000 }' "$T/imm.lat" | sort -n | sed -n 3p)
if [ "$(wc -l <"$T/imm.lat")" -eq 5 ] &&
   awk -v med="$median" -v a="$IMM_MEDIAN_MS" -v b="$IMM_MAX_MS" '
	($1 - $2) * 1000 > b { bad = 1 } END { exit bad || med > a }' "$T/imm.lat"; then
	tools_pass "--immediate-mode: 5 single packets printed after $lat ms (median under $IMM_MEDIAN_MS)"
else
	tools_fail "--immediate-mode: $(wc -l <"$T/imm.lat") of 5 packets, printed after $lat ms (median must be under $IMM_MEDIAN_MS, each under $IMM_MAX_MS); $(head -c 200 "$T/imm.err")"
fi

# --- SIGINT on an idle capture: tcpdump's handler calls pcap_breakloop, which
# must wake the poll at once (not at the 1 s timeout); then the statistics --
for dev in "$RING" any; do
	if ! tools_start brk 'listening on' "$MODE" tcpdump -i "$dev" -nn; then
		tools_fail "SIGINT: tcpdump -i $dev did not start: $(head -c 300 "$T/brk.err")"
		continue
	fi
	t0=$(date +%s%N)
	kill -INT "$TOOLS_PID"
	tools_wait 2; rc=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	if [ "$rc" -eq 0 ] && grep -q 'packets dropped by kernel' "$T/brk.err" && [ "$ms" -lt 500 ]; then
		tools_pass "SIGINT on idle -i $dev: tcpdump ended in $ms ms with its statistics"
	else
		tools_fail "SIGINT on idle -i $dev: status $rc after $ms ms; stderr: $(tail -3 "$T/brk.err" | tr '\n' ' ')"
	fi
done

# --- -Q in / -Q out: the host's own pings go out, the replies come in ----------
for dir in in out; do
	if ! tools_start "Q$dir" 'listening on' "$MODE" tcpdump -i "$RING" -Q "$dir" -c 3 -nn icmp; then
		tools_fail "-Q $dir: tcpdump did not start: $(head -c 300 "$T/Q$dir.err")"
		continue
	fi
	tools_run stock ping -c 3 -i 0.2 -q "$MQLAB_GIP" >/dev/null 2>&1 || true
	if ! tools_wait 5; then
		tools_fail "-Q $dir: tcpdump did not see 3 packets: $(cat "$T/Q$dir.out" "$T/Q$dir.err" | tr '\n' ' ')"
		continue
	fi
	want="echo reply"; [ "$dir" = out ] && want="echo request"
	if [ "$(grep -c "ICMP $want" "$T/Q$dir.out")" -eq 3 ]; then
		tools_pass "-Q $dir: only the 3 ICMP '$want' packets"
	else
		tools_fail "-Q $dir: expected 3 ICMP '$want' packets, got: $(tr '\n' ' ' <"$T/Q$dir.out")"
	fi
done

tools_end
