#!/usr/bin/env bash
# mqlab.sh - mqpcap's own veth + netns capture lab, one lab per name prefix,
# so that several tests (and a benchmark) can each have their own at once.
#
#   mqlab.sh PREFIX up [NQUEUES]   netns PREFIXc holding interface PREFIXc
#                                  (10.77.N.1/24, the capture side) and netns
#                                  PREFIXg holding its veth peer PREFIXg
#                                  (10.77.N.2/24, the generator); NQUEUES
#                                  rx/tx queues per end (default 1); IPv6 off.
#   mqlab.sh PREFIX down           kill what runs in the two netns, remove them
#   mqlab.sh PREFIX status         show the lab, or exit 1 if it is not up
#   mqlab.sh PREFIX env            print shell assignments for eval:
#                                  MQLAB_CNS MQLAB_CIF MQLAB_CIP MQLAB_GNS
#                                  MQLAB_GIF MQLAB_GIP MQLAB_NET
#   mqlab.sh PREFIX cap CMD...     run CMD in the capture netns
#   mqlab.sh PREFIX gen CMD...     run CMD in the generator netns
#   mqlab.sh PREFIX send COUNT [SPEC...]
#                                  send exactly COUNT frames from PREFIXg, one
#                                  every MQLAB_GAP (default 200us), cycling
#                                  over the SPECs (default "udp"):
#                                    udp[:DPORT[:SIZE]]    broadcast UDP
#                                    text:DPORT:WORD       UDP, WORD as payload
#                                    vlan:VID[:DPORT]      802.1Q-tagged UDP
#                                    qinq:SVID:CVID[:DPORT] 802.1ad + 802.1Q
#                                  The UDP source port counts up by one per
#                                  frame, so a run is the same bytes every time.
#   mqlab.sh PREFIX blast SECONDS [CPUS] [SIZE]
#                                  trafgen at full rate for SECONDS from CPUS
#                                  ("1", "0,1"; default 1), SIZE-byte frames
#                                  (default 64). Prints one line:
#                                  sent=N secs=S pps=N cpus=L size=B
#
# N (10.77.N.0/24) is MQLAB_NET if set, else derived from PREFIX.
# Knobs: MQLAB_RPS=MASK on "up" writes the capture side's rx-*/rps_cpus
# (moves veth's receive work off the generator's CPU); MQLAB_DST=bcast|other
# (blast frames to broadcast, or to a MAC nobody owns, as on a SPAN port);
# MQLAB_QDISC=1 blasts through the qdisc (spread over queues by flow hash).
#
# PREFIX: 2..14 characters [a-z0-9]. Only the names derived from it are
# touched. Root needed.
set -euo pipefail

die()  { echo "mqlab: $*" >&2; exit 1; }

need_root() { [ "$(id -u)" -eq 0 ] || die "must run as root"; }
need_cmd()  { command -v "$1" >/dev/null 2>&1 || die "missing command '$1' (apt-get install $2)"; }
is_uint()   { [[ "$1" =~ ^[0-9]+$ ]]; }

lab_names() {
	local prefix=$1
	[[ "$prefix" =~ ^[a-z0-9]{2,14}$ ]] || die "PREFIX must be 2..14 characters [a-z0-9], not '$prefix'"
	CNS=${prefix}c; CIF=${prefix}c
	GNS=${prefix}g; GIF=${prefix}g
	if [ -n "${MQLAB_NET:-}" ]; then
		NET=$MQLAB_NET
		is_uint "$NET" && [ "$NET" -ge 1 ] && [ "$NET" -le 254 ] || die "MQLAB_NET must be 1..254"
	else
		# 10.77.0.0/24 is the shared caplab's; spread prefixes over 1..250
		NET=$(( $(printf '%s' "$prefix" | cksum | cut -d' ' -f1) % 250 + 1 ))
	fi
	CIP=10.77.$NET.1; GIP=10.77.$NET.2
	LOCK=/run/mqlab-$prefix.lock
}

ns_exists() {
	local l n _
	l=$(ip netns list 2>/dev/null) || return 1
	while read -r n _; do [ "$n" = "$1" ] && return 0; done <<<"$l"
	return 1
}
in_cap() { ip netns exec "$CNS" "$@"; }
in_gen() { ip netns exec "$GNS" "$@"; }

lab_up_p() {
	ns_exists "$CNS" && ns_exists "$GNS" &&
		ip -n "$CNS" link show dev "$CIF" >/dev/null 2>&1 &&
		ip -n "$GNS" link show dev "$GIF" >/dev/null 2>&1
}

cap_nqueues() {
	in_cap sh -c "ls -d /sys/class/net/$CIF/queues/rx-* 2>/dev/null | wc -l"
}

with_lock() {
	exec 9>"$LOCK"
	flock -w 30 9 || die "another mqlab.sh holds $LOCK"
}

# Stop whatever still runs in one of our namespaces (by pid, nothing else).
kill_ns_pids() {
	local ns=$1 pids p
	ns_exists "$ns" || return 0
	pids=$(ip netns pids "$ns" 2>/dev/null || true)
	[ -n "$pids" ] || return 0
	for p in $pids; do kill -INT "$p" 2>/dev/null || true; done
	sleep 0.5
	pids=$(ip netns pids "$ns" 2>/dev/null || true)
	for p in $pids; do kill -KILL "$p" 2>/dev/null || true; done
}

cmd_down() {
	need_root
	with_lock
	kill_ns_pids "$GNS"
	kill_ns_pids "$CNS"
	# deleting the netns deletes the veth pair with it
	if ns_exists "$GNS"; then ip netns del "$GNS"; fi
	if ns_exists "$CNS"; then ip netns del "$CNS"; fi
	rm -f "$LOCK"
	echo "mqlab: $PREFIX down"
}

cmd_up() {
	need_root
	need_cmd ip iproute2
	local nq=${1:-1} mask=${MQLAB_RPS:-0} _
	is_uint "$nq" && [ "$nq" -ge 1 ] && [ "$nq" -le 64 ] || die "NQUEUES must be 1..64"
	[[ "$mask" =~ ^[0-9a-fA-F,]+$ ]] || die "MQLAB_RPS must be a hex cpu mask"
	with_lock

	if ! lab_up_p || [ "$(cap_nqueues)" -ne "$nq" ]; then
		if ns_exists "$GNS"; then ip netns del "$GNS"; fi
		if ns_exists "$CNS"; then ip netns del "$CNS"; fi
		ip netns add "$CNS"
		ip netns add "$GNS"
		ip -n "$CNS" link add "$CIF" numtxqueues "$nq" numrxqueues "$nq" type veth \
			peer name "$GIF" numtxqueues "$nq" numrxqueues "$nq" netns "$GNS"
	fi

	# no IPv6: no router solicitations or MLD reports in the packet counts
	in_cap sh -c "echo 1 > /proc/sys/net/ipv6/conf/$CIF/disable_ipv6" 2>/dev/null || true
	in_gen sh -c "echo 1 > /proc/sys/net/ipv6/conf/$GIF/disable_ipv6" 2>/dev/null || true
	ip -n "$CNS" addr flush dev "$CIF"
	ip -n "$CNS" addr add "$CIP/24" brd + dev "$CIF"
	ip -n "$GNS" addr flush dev "$GIF"
	ip -n "$GNS" addr add "$GIP/24" brd + dev "$GIF"
	ip -n "$CNS" link set lo up
	ip -n "$GNS" link set lo up
	ip -n "$GNS" link set "$GIF" up
	ip -n "$CNS" link set "$CIF" up
	in_cap sh -c "for q in /sys/class/net/$CIF/queues/rx-*/rps_cpus; do echo $mask > \$q; done"

	for _ in $(seq 50); do
		if [[ "$(ip -n "$CNS" link show dev "$CIF")" == *LOWER_UP* ]] &&
		   [[ "$(ip -n "$GNS" link show dev "$GIF")" == *LOWER_UP* ]]; then
			break
		fi
		sleep 0.1
	done
	echo "mqlab: up ($CNS/$CIF $CIP/24 <-> $GNS/$GIF $GIP/24, $nq queue(s), rps_cpus=$mask)"
}

cmd_status() {
	lab_up_p || { echo "mqlab: $PREFIX down"; return 1; }
	echo "mqlab: $PREFIX up, $(cap_nqueues) queue(s)"
	ip -n "$CNS" -br addr show dev "$CIF"
	ip -n "$GNS" -br addr show dev "$GIF"
}

cmd_env() {
	printf 'MQLAB_CNS=%s MQLAB_CIF=%s MQLAB_CIP=%s MQLAB_GNS=%s MQLAB_GIF=%s MQLAB_GIP=%s MQLAB_NET=%s\n' \
		"$CNS" "$CIF" "$CIP" "$GNS" "$GIF" "$GIP" "$NET"
}

# --- frames as trafgen raw bytes --------------------------------------------
hex2() { printf '0x%02x' "$(( $1 & 255 ))"; }
hex16() { printf '0x%02x, 0x%02x' "$(( ($1 >> 8) & 255 ))" "$(( $1 & 255 ))"; }
mac_bytes() { local IFS=:; local -a b; read -ra b <<<"$1"; printf '0x%s, 0x%s, 0x%s, 0x%s, 0x%s, 0x%s' "${b[@]}"; }
ip_bytes()  { local IFS=.; local -a b; read -ra b <<<"$1"; printf '%d, %d, %d, %d' "${b[@]}"; }

# IPv4 header checksum for: version 4, IHL 5, total_len, id 0, DF, ttl 64, UDP
ip_csum() {
	local IFS=. s d sum
	read -ra s <<<"$2"; read -ra d <<<"$3"
	sum=$((0x4500 + $1 + 0x4000 + 0x4011))
	sum=$((sum + (s[0] << 8 | s[1]) + (s[2] << 8 | s[3]) + (d[0] << 8 | d[1]) + (d[2] << 8 | d[3])))
	while [ $((sum >> 16)) -ne 0 ]; do sum=$(((sum & 0xffff) + (sum >> 16))); done
	echo $((~sum & 0xffff))
}

# udp_bytes DPORT SIZE SPORT [TEXT] -> IPv4/UDP from GIP to the subnet
# broadcast, SIZE counted as an untagged Ethernet frame (>= 42). SPORT is a
# trafgen expression for the two source-port bytes. The payload is TEXT if
# given (SIZE must then be 42 + its length), else 0x5a bytes.
udp_bytes() {
	local dport=$1 size=$2 sport=$3 text=${4:-} dip=10.77.$NET.255
	local iplen=$((size - 14)) udplen=$((size - 34)) payload=$((size - 42)) out
	out="0x45, 0x00, $(hex16 "$iplen"), 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,"
	out+=" $(hex16 "$(ip_csum "$iplen" "$GIP" "$dip")"), $(ip_bytes "$GIP"), $(ip_bytes "$dip"),"
	out+=" $sport, $(hex16 "$dport"), $(hex16 "$udplen"), 0x00, 0x00"
	if [ -n "$text" ]; then
		out+=", \"$text\""
	elif [ "$payload" -gt 0 ]; then
		out+=", fill(0x5a, $payload)"
	fi
	echo "$out"
}

# One frame of a "send" SPEC, with source port bytes SPORT.
spec_frame() {
	local spec=$1 sport=$2 smac=$3 bc="0xff, 0xff, 0xff, 0xff, 0xff, 0xff"
	local -a f
	IFS=: read -ra f <<<"$spec"
	case "${f[0]}" in
	udp)
		local dport=${f[1]:-5000} size=${f[2]:-64}
		is_uint "$dport" && is_uint "$size" && [ "$size" -ge 42 ] && [ "$size" -le 1514 ] ||
			die "bad SPEC '$spec' (udp[:DPORT[:SIZE]], SIZE 42..1514)"
		echo "$bc, $smac, 0x08, 0x00, $(udp_bytes "$dport" "$size" "$sport")" ;;
	text)
		local dport=${f[1]:-} text=${f[2]:-}
		is_uint "$dport" && [[ "$text" =~ ^[A-Za-z0-9_.-]{1,200}$ ]] ||
			die "bad SPEC '$spec' (text:DPORT:WORD, WORD of [A-Za-z0-9_.-])"
		echo "$bc, $smac, 0x08, 0x00, $(udp_bytes "$dport" $((42 + ${#text})) "$sport" "$text")" ;;
	vlan)
		local vid=${f[1]:-} dport=${f[2]:-5000}
		is_uint "$vid" && [ "$vid" -le 4095 ] && is_uint "$dport" || die "bad SPEC '$spec' (vlan:VID[:DPORT])"
		echo "$bc, $smac, 0x81, 0x00, $(hex16 "$vid"), 0x08, 0x00, $(udp_bytes "$dport" 60 "$sport")" ;;
	qinq)
		local svid=${f[1]:-} cvid=${f[2]:-} dport=${f[3]:-5000}
		is_uint "$svid" && is_uint "$cvid" && [ "$svid" -le 4095 ] && [ "$cvid" -le 4095 ] && is_uint "$dport" ||
			die "bad SPEC '$spec' (qinq:SVID:CVID[:DPORT])"
		echo "$bc, $smac, 0x88, 0xa8, $(hex16 "$svid"), 0x81, 0x00, $(hex16 "$cvid"), 0x08, 0x00, $(udp_bytes "$dport" 60 "$sport")" ;;
	*) die "unknown SPEC '$spec' (udp, text, vlan, qinq)" ;;
	esac
}

cmd_send() {
	need_root
	need_cmd trafgen netsniff-ng
	local count=${1:-} gap=${MQLAB_GAP:-200us}
	is_uint "$count" && [ "$count" -ge 1 ] || die "usage: send COUNT [SPEC...]"
	shift
	[ $# -gt 0 ] || set -- udp
	lab_up_p || die "lab $PREFIX is not up"
	local smac cfg i=0 spec
	smac=$(mac_bytes "$(in_gen cat /sys/class/net/"$GIF"/address)")
	cfg=$(mktemp /tmp/mqlab-send.XXXXXX)
	# shellcheck disable=SC2064
	trap "rm -f '$cfg'" EXIT
	# trafgen sends the config's frames in turn; frame i's source port
	# counts from 1024 + i in steps of the number of frames, so successive
	# packets carry successive ports (trafgen steps before the first send;
	# the low byte wraps after 255). The same command gives the same bytes.
	for spec in "$@"; do
		spec_frame "$spec" "0x04, dinc($i, 255, $#)" "$smac" | sed 's/^/{ /; s/$/ }/'
		i=$((i + 1))
	done >"$cfg"
	# one sender process: frames leave in config order
	in_gen trafgen -o "$GIF" -i "$cfg" -n "$count" -P 1 -t "$gap" --no-sock-mem --notouch-irq \
		>"$cfg.out" 2>&1 || { cat "$cfg.out" >&2; rm -f "$cfg.out"; die "trafgen failed"; }
	rm -f "$cfg.out"
}

expand_cpus() {
	local spec=$1 part a b out=()
	IFS=, read -ra parts <<<"$spec"
	for part in "${parts[@]}"; do
		if [[ "$part" =~ ^([0-9]+)-([0-9]+)$ ]]; then
			for ((a = BASH_REMATCH[1], b = BASH_REMATCH[2]; a <= b; a++)); do out+=("$a"); done
		elif is_uint "$part"; then
			out+=("$part")
		else
			die "bad cpu list '$spec'"
		fi
	done
	printf '%s\n' "${out[@]}" | sort -n -u | tr '\n' ' '
}

cmd_blast() {
	need_root
	need_cmd trafgen netsniff-ng
	local secs=${1:-} cpuspec=${2:-1} size=${3:-64} ncpu cpus c maxcpu=0
	is_uint "$secs" && [ "$secs" -ge 1 ] || die "usage: blast SECONDS [CPUS] [SIZE]"
	is_uint "$size" && [ "$size" -ge 42 ] && [ "$size" -le 1514 ] || die "SIZE must be 42..1514"
	lab_up_p || die "lab $PREFIX is not up"
	ncpu=$(nproc --all)
	cpus=$(expand_cpus "$cpuspec")
	for c in $cpus; do
		[ "$c" -lt "$ncpu" ] || die "cpu $c does not exist (have $ncpu)"
		if [ "$c" -gt "$maxcpu" ]; then maxcpu=$c; fi
	done
	local smac dmac frame tmp
	smac=$(mac_bytes "$(in_gen cat /sys/class/net/"$GIF"/address)")
	case "${MQLAB_DST:-bcast}" in
	bcast) dmac="0xff, 0xff, 0xff, 0xff, 0xff, 0xff" ;;
	other) dmac="0x02, 0x00, 0x00, 0x77, 0x00, 0x99" ;;
	*) die "MQLAB_DST must be bcast or other" ;;
	esac
	tmp=$(mktemp -d /tmp/mqlab-blast.XXXXXX)
	MQLAB_TMP=$tmp
	trap 'rm -rf "$MQLAB_TMP"' EXIT
	# Raw bytes, one cpu(N) block per CPU: trafgen 0.6.8 hangs when more
	# than one block uses its protocol helpers. Random source port low byte,
	# high byte 4..255: never port 9999 or 5000's neighbours matter here.
	frame="$dmac, $smac, 0x08, 0x00, $(udp_bytes 5000 "$size" "dinc(4, 255, 1), drnd(1)")"
	for c in $cpus; do printf 'cpu(%d): { %s }\n' "$c" "$frame"; done >"$tmp/cfg"
	# trafgen pins sender i to CPU i; -P only works below the CPU count
	local popt=()
	if [ $((maxcpu + 1)) -lt "$ncpu" ]; then popt=(-P $((maxcpu + 1))); fi
	if [ "${MQLAB_QDISC:-0}" = 1 ]; then popt+=(-q); fi
	# With RPS the sender's skbs wait on another CPU and the default socket
	# send buffer fills; trafgen aborts on EAGAIN. The knob is global: raise
	# it for this run only.
	local rps
	rps=$(in_cap sh -c "cat /sys/class/net/$CIF/queues/rx-*/rps_cpus" | tr -d '0,\n')
	if [ -n "$rps" ]; then
		MQLAB_WMEM_OLD=$(cat /proc/sys/net/core/wmem_default)
		trap 'echo "$MQLAB_WMEM_OLD" >/proc/sys/net/core/wmem_default; rm -rf "$MQLAB_TMP"' EXIT
		echo 4194304 >/proc/sys/net/core/wmem_default
	fi
	local t0 t1 rc=0 sent busy
	t0=$(date +%s.%N)
	in_gen timeout -s INT -k 5 "$secs" trafgen -o "$GIF" -i "$tmp/cfg" "${popt[@]}" \
		--no-sock-mem --notouch-irq >"$tmp/out" 2>"$tmp/err" || rc=$?
	t1=$(date +%s.%N)
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]; then
		cat "$tmp/err" "$tmp/out" >&2
		die "trafgen failed (rc=$rc)"
	fi
	tr -d '\r' <"$tmp/out" >"$tmp/clean"
	sent=$(awk '/packets outgoing/ {n = $1} END {print n}' "$tmp/clean")
	[ -n "$sent" ] || { cat "$tmp/err" "$tmp/out" >&2; die "no packet count from trafgen"; }
	busy=$(awk '/usec on CPU/ { t = $1 + $3 / 1e6; if (t > m) m = t } END { if (m > 0) printf "%.3f", m }' "$tmp/clean")
	[ -n "$busy" ] || busy=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	awk -v n="$sent" -v s="$busy" -v c="$(echo $cpus | tr ' ' ',')" -v z="$size" \
		'BEGIN { printf "sent=%d secs=%s pps=%d cpus=%s size=%d\n", n, s, (s > 0 ? n / s : 0), c, z }'
}

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }

main() {
	[ $# -ge 2 ] || usage
	PREFIX=$1; shift
	lab_names "$PREFIX"
	local cmd=$1; shift
	case "$cmd" in
	up)     cmd_up "$@" ;;
	down)   cmd_down ;;
	status) cmd_status ;;
	env)    cmd_env ;;
	cap)    need_root; exec ip netns exec "$CNS" "$@" ;;
	gen)    need_root; exec ip netns exec "$GNS" "$@" ;;
	send)   cmd_send "$@" ;;
	blast)  cmd_blast "$@" ;;
	*) usage ;;
	esac
}

main "$@"
