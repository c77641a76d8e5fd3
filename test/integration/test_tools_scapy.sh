#!/bin/bash
# scapy with conf.use_pcap = True on mqpcap, through LD_LIBRARY_PATH and
# LD_PRELOAD (Debian's python3-scapy, driven by tools_scapy.py). scapy
# loads libpcap with ctypes (find_library("pcap") -> "libpcap.so.0.8",
# dlopen'd by that name): the python process must map mqpcap's library and
# no other, and every pcap_* function scapy calls must be mqpcap's code.
#   - libs: pcap_lib_version through scapy's binding names mqpcap; scapy's
#     interface entries (pcap_findalldevs) for the lab interface and "any"
#     are stock's.
#   - sniff(iface, filter, count): the filter goes through pcap_compile and
#     pcap_setfilter; the packets (bytes, order) are stock's for the same
#     traffic, only those the filter matches, 802.1Q tags put back, time
#     stamps inside the capture's window.
#   - sendp() over conf.L2socket (L2pcapSocket): one pcap_inject per frame,
#     each returning the frame's length; stock tcpdump on the other end of
#     the veth captures exactly the bytes scapy built.
#   - sniff() on scapy's own PF_PACKET socket (use_pcap off, its default):
#     libpcap compiles the filter (pcap_compile_nopcap) that scapy attaches
#     to its socket; the same packets as with stock's program.
#   - srp() of an ARP request: sent with pcap_inject and answered through
#     the same handle (pcap_next_ex), the peer's address and MAC.
TOOLS_PREFIX=mqtsc
. "$(dirname "$0")/test_tools_common.sh"
tools_init tcpdump

# Debian's python, not one a user put first in PATH (pyenv and the like)
PY=/usr/bin/python3
[ -x "$PY" ] || tools_skip "$PY is not installed (scripts/install-deps.sh)"
"$PY" -c 'import scapy' 2>/dev/null || tools_skip "python3-scapy is not installed (scripts/install-deps.sh)"
DRIVER=$MQPCAP_SRCDIR/test/integration/tools_scapy.py
MQLIB=$(readlink -f "$MQPCAP_LIBDIR/libpcap.so.0.8")
STOCKLIB=$(readlink -f /usr/lib/x86_64-linux-gnu/libpcap.so.0.8)
MODES=(path preload)
# mqpcap's own device names besides the plain one. TOOLS_SELFCHECK=1 (with
# MQPCAP_LIBDIR pointing at a copy of the system library) runs the test on
# stock libpcap, a check of the test: plain names only, no version check.
NAMES=("$IF" "ring:$IF")
if [ "${TOOLS_SELFCHECK:-0}" = 1 ]; then NAMES=("$IF"); fi

# The library a mode's calls must land in.
lib_of() { if [ "$1" = stock ]; then echo "$STOCKLIB"; else echo "$MQLIB"; fi; }

scapy_run() { # MODE ARGS...
	local mode=$1; shift
	tools_run "$mode" timeout 30 "$PY" "$DRIVER" "$@"
}

# calls_in FILE MODE NAME MIN: the driver's "call NAME COUNT PATH" line says
# at least MIN calls, into the mode's library.
calls_in() {
	local file=$1 mode=$2 name=$3 min=$4 want count path
	want=$(lib_of "$mode")
	read -r _ _ count path < <(grep "^call $name " "$file")
	if [ -n "$count" ] && [ "$count" -ge "$min" ] && [ "$path" = "$want" ]; then
		tools_pass "$name ($mode): $count call(s) into $path"
	else
		tools_fail "$name ($mode): '${count:-no} call(s) into ${path:-?}', want >= $min into $want"
	fi
}

# --- libs: which library, findalldevs entries ----------------------------------
for mode in stock "${MODES[@]}"; do
	if ! scapy_run "$mode" libs "$IF" >"$T/libs.$mode" 2>"$T/libs.$mode.err"; then
		tools_fail "scapy libs ($mode) failed: $(head -c 400 "$T/libs.$mode.err")"
		continue
	fi
	maps=$(sed -n 's/^mapped //p' "$T/libs.$mode" | tr '\n' ' ')
	if [ "$maps" = "$(lib_of "$mode") " ]; then
		tools_pass "scapy ($mode) maps only $maps"
	else
		tools_fail "scapy ($mode) maps '$maps', want only $(lib_of "$mode")"
	fi
	grep -q '^L2socket L2pcapSocket$' "$T/libs.$mode" ||
		tools_fail "scapy ($mode) does not use its libpcap socket: $(grep L2 "$T/libs.$mode" | tr '\n' ' ')"
	[ "$mode" = stock ] && continue
	if [ "${TOOLS_SELFCHECK:-0}" = 1 ]; then
		:
	elif grep -q '^version libpcap version .*mqpcap' "$T/libs.$mode"; then
		tools_pass "pcap_lib_version through scapy ($mode): $(sed -n 's/^version //p' "$T/libs.$mode")"
	else
		tools_fail "pcap_lib_version through scapy ($mode): $(grep '^version' "$T/libs.$mode")"
	fi
	grep -E '^(iface|pcap) ' "$T/libs.stock" >"$T/if.stock"
	grep -E '^(iface|pcap) ' "$T/libs.$mode" >"$T/if.$mode"
	if [ "$(grep -c "^pcap $IF \|^pcap any " "$T/if.stock")" -ne 2 ]; then
		tools_fail "stock scapy does not list $IF and any: $(cat "$T/libs.stock")"
	else
		tools_same "scapy's interface entries for $IF and any ($mode)" "$T/if.stock" "$T/if.$mode"
	fi
done

# --- sniff(iface=IF, filter=..., count=6) -------------------------------------
# Of each 5 frames 3 match: 9999 untagged (two sizes) and 9999 in VLAN 5;
# neither port 5000 nor VLAN 6's port 7000 does.
FILTER='udp port 9999 or (vlan 5 and udp port 9999)'
SPECS=(udp udp:9999 vlan:5:9999 udp:9999:300 vlan:6:7000)
NSEND=10
NMATCH=6
# the driver's command: sniff (pcap sockets) or nsniff (scapy's own)
SNIFF=sniff

sniff_run() { # NAME MODE DEVICE
	local _
	tools_start "$1" '^listening' "$2" timeout 30 "$PY" "$DRIVER" "$SNIFF" "$3" "$FILTER" "$NMATCH"
	# importing scapy can take longer than tools_start waits on a busy
	# machine: up to 20 s more for its word
	for _ in $(seq 200); do
		grep -q '^listening' "$T/$1.out" && break
		kill -0 "$TOOLS_PID" 2>/dev/null || break
		sleep 0.1
	done
	if ! grep -q '^listening' "$T/$1.out"; then
		tools_fail "scapy sniff ($2) on $3 did not start: $(head -c 400 "$T/$1.err")"
		tools_stop
		return 1
	fi
	tools_send "$NSEND" "${SPECS[@]}"
	if ! tools_wait 15; then
		tools_fail "scapy sniff ($2) on $3 did not end after $NMATCH packets: $(head -c 400 "$T/$1.err")"
		return 1
	fi
	grep '^pkt ' "$T/$1.out" >"$T/$1.pkts"
}

# sniff_checks NAME MODE DEVICE: what holds whatever the library
sniff_checks() {
	local f=$T/$1.out n bad
	n=$(grep -c '^pkt ' "$f")
	bad=$(awk '$1 == "pkt" && $3 != 9999' "$f" | wc -l)
	if [ "$n" -eq "$NMATCH" ] && [ "$bad" -eq 0 ]; then
		tools_pass "sniff ($2) on $3: $n packets, all to port 9999"
	else
		tools_fail "sniff ($2) on $3: $n packets ($bad not to port 9999), want $NMATCH"
	fi
	# 802.1Q tag 5 back in the bytes: ethertype 8100, TCI 0005
	if [ "$(awk '$1 == "pkt" && substr($4, 25, 8) == "81000005"' "$f" | wc -l)" -eq 2 ]; then
		tools_pass "sniff ($2) on $3: the VLAN 5 frames carry their tag"
	else
		tools_fail "sniff ($2) on $3: VLAN 5 frames not seen with their tag"
	fi
	grep -q '^ts_outside_window 0$' "$f" ||
		tools_fail "sniff ($2) on $3: time stamps outside the capture window: $(grep ts_outside "$f")"
	if [ "$SNIFF" = nsniff ]; then
		calls_in "$f" "$2" pcap_compile_nopcap 1
		return
	fi
	calls_in "$f" "$2" pcap_open_live 1
	calls_in "$f" "$2" pcap_compile 1
	calls_in "$f" "$2" pcap_setfilter 1
	calls_in "$f" "$2" pcap_next_ex "$NMATCH"
}

if sniff_run snref stock "$IF"; then
	sniff_checks snref stock "$IF"
fi
for mode in "${MODES[@]}"; do
	for dev in "${NAMES[@]}"; do
		if sniff_run sn "$mode" "$dev"; then
			sniff_checks sn "$mode" "$dev"
			tools_same "sniff ($mode) on $dev: stock's packets, bytes and order" "$T/snref.pkts" "$T/sn.pkts"
		fi
		# ring: is mqpcap's own name, one run for it is enough
		[ "$mode" = path ] || break
	done
done

# --- the same on scapy's own socket: mqpcap compiles, the kernel runs it -------
SNIFF=nsniff
if sniff_run nsref stock "$IF"; then
	sniff_checks nsref stock "$IF (own socket)"
fi
for mode in "${MODES[@]}"; do
	if sniff_run ns "$mode" "$IF"; then
		sniff_checks ns "$mode" "$IF (own socket)"
		tools_same "sniff ($mode) on $IF (own socket): stock's packets, bytes and order" "$T/nsref.pkts" "$T/ns.pkts"
	fi
done

# --- sendp() through pcap_inject, captured on the peer -------------------------
CMAC=$(ip netns exec "$MQLAB_CNS" cat "/sys/class/net/$IF/address")
NFRAMES=6
dump_file() {
	tools_run stock tcpdump -r "$1" -nn -e -xx 2>/dev/null | tools_mask_ts
}

send_run() { # MODE
	local mode=$1 f=$T/send.$1
	rm -f "$T/peer.pcap" "$T/sent.pcap"
	# the peer's capture: stock tcpdump in the generator's namespace
	if ! tools_start peer "listening on" stock ip netns exec "$MQLAB_GNS" \
		timeout 30 tcpdump -i "$MQLAB_GIF" -c "$NFRAMES" -w "$T/peer.pcap" "ether src $CMAC"; then
		tools_fail "tcpdump on the peer did not start: $(head -c 300 "$T/peer.err")"
		return
	fi
	if ! scapy_run "$mode" send "$IF" "$T/sent.pcap" >"$f" 2>"$f.err"; then
		tools_fail "scapy sendp ($mode) failed: $(head -c 400 "$f.err")"
		tools_stop
		return
	fi
	if ! tools_wait 5; then
		tools_fail "sendp ($mode): the peer did not capture $NFRAMES frames: $(tail -3 "$T/peer.err" | tr '\n' ' ')"
		return
	fi
	calls_in "$f" "$mode" pcap_inject "$NFRAMES"
	local lens rets
	lens=$(sed -n 's/^frame_lengths //p' "$f")
	rets=$(sed -n 's/^inject_returns //p' "$f")
	if [ -n "$lens" ] && [ "$lens" = "$rets" ]; then
		tools_pass "sendp ($mode): pcap_inject returned each frame's length ($rets)"
	else
		tools_fail "sendp ($mode): pcap_inject returned '$rets' for frames of '$lens' bytes"
	fi
	dump_file "$T/sent.pcap" >"$T/sent.txt"
	dump_file "$T/peer.pcap" >"$T/peer.txt"
	if [ "$(grep -c '^[0-9a-f:]* > ff:ff' "$T/sent.txt")" -ne "$NFRAMES" ]; then
		tools_fail "sendp ($mode): scapy's own file does not hold $NFRAMES frames: $(head -3 "$T/sent.txt")"
	fi
	tools_same "sendp ($mode): the peer captured scapy's frames byte for byte" "$T/sent.txt" "$T/peer.txt"
}

for mode in stock "${MODES[@]}"; do
	send_run "$mode"
done

# --- srp(): ARP request and answer through one pcap handle ----------------------
GMAC=$(ip netns exec "$MQLAB_GNS" cat "/sys/class/net/$MQLAB_GIF/address")
for mode in stock "${MODES[@]}"; do
	f=$T/arp.$mode
	if ! scapy_run "$mode" arp "$IF" "$MQLAB_GIP" >"$f" 2>"$f.err"; then
		tools_fail "scapy srp ($mode) failed: $(head -c 400 "$f.err")"
		continue
	fi
	if [ "$(grep '^answer ' "$f")" = "answer $MQLAB_GIP is-at $GMAC" ]; then
		tools_pass "srp ARP ($mode): $MQLAB_GIP is-at $GMAC"
	else
		tools_fail "srp ARP ($mode): '$(grep '^answer ' "$f" | tr '\n' ' ')', want $MQLAB_GIP is-at $GMAC"
	fi
	calls_in "$f" "$mode" pcap_inject 1
	calls_in "$f" "$mode" pcap_next_ex 1
done

tools_end
