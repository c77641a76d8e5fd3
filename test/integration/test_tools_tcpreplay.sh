#!/bin/bash
# tcpreplay, tcpprep and tcprewrite on mqpcap (LD_LIBRARY_PATH and
# LD_PRELOAD). Debian's tcpreplay 4.4 injects with its own PF_PACKET socket
# ("Injection method: PF_PACKET send()" in tcpreplay -V), not pcap_inject;
# what goes through libpcap: pcap_findalldevs (--listnics, and the check
# of the -i name), pcap_open_live on the output device (its link type),
# pcap_open_offline + pcap_next for the input file; tcpprep's include
# rule F:'bpf' compiles and sets the filter on the offline handle;
# tcprewrite reads with pcap_open_offline and writes with pcap_dump_open;
# tcpbridge captures with pcap_open_live + pcap_loop and sends with
# pcap_sendpacket. (Checked once under gdb, breakpoints on every pcap_*.)
#   - --listnics: the lab interface and any, nothing stock does not list;
#     a bad -i name refused as on stock.
#   - replaying savefiles written by tools_savefiles.py (pcap in micro- and
#     nanoseconds, pcapng, and one with a 128-byte snapshot length) onto
#     the veth, and pcapng from the standard input: stock tcpdump on the
#     peer captures the file's frames byte for byte, and tcpreplay counts
#     what it counts on stock.
#   - tcpprep -x 'F:filter': a cache of exactly the packets stock tcpdump
#     matches with the filter, the same cache file as on stock.
#   - tcprewrite: the same output file, byte for byte, as on stock.
#   - tcpbridge -u from the lab's veth to a second veth pair: what the
#     second pair's far end receives is what the first one's sent (VLAN
#     and QinQ tags included), as on stock.
TOOLS_PREFIX=mqttr
. "$(dirname "$0")/test_tools_common.sh"
tools_init tcpreplay tcpprep tcprewrite tcpbridge tcpdump

PY=/usr/bin/python3
[ -x "$PY" ] || tools_skip "$PY is not installed (scripts/install-deps.sh)"
MODES=(path preload)
"$PY" "$MQPCAP_SRCDIR/test/integration/tools_savefiles.py" "$T" ||
	tools_fail "tools_savefiles.py could not write the savefiles"
NFRAMES=12

# The bytes of every frame of a file as stock tcpdump prints them (caplen
# bytes), or whole lines without time stamps (-e: addresses and lengths).
hex_of() { tools_run stock tcpdump -r "$1" -nn -xx 2>/dev/null | grep -E '^[[:space:]]+0x'; }
lines_of() { tools_run stock tcpdump -r "$1" -nn -e 2>/dev/null | tools_mask_ts; }

for mode in "${MODES[@]}"; do
	for prog in tcpreplay tcpprep tcprewrite tcpbridge; do
		if [ "${TOOLS_SELFCHECK:-0}" != 1 ] && ! tools_loads_mqpcap "$mode" "$prog"; then
			tools_fail "$prog ($mode) does not load mqpcap's library"
		fi
	done
done

# --- --listnics, and the check of -i -------------------------------------------
nics() { tools_run "$1" timeout 10 tcpreplay --listnics 2>&1 | sed -n '2,$p' | sort; }
nics stock >"$T/nics.stock"
for mode in stock "${MODES[@]}"; do
	if tools_run "$mode" timeout 10 tcpreplay -i "${IF}x" "$T/frames.pcap" 2>&1 |
		grep -q "Invalid interface name/alias: ${IF}x"; then
		tools_pass "tcpreplay -i ${IF}x ($mode) refused as an invalid interface"
	else
		tools_fail "tcpreplay -i ${IF}x ($mode) not refused as an invalid interface"
	fi
	[ "$mode" = stock ] && continue
	nics "$mode" >"$T/nics.$mode"
	# mqpcap lists network interfaces only, not libpcap's other sources
	# (nflog, D-Bus, Bluetooth): a subset of stock's list
	extra=$(comm -13 "$T/nics.stock" "$T/nics.$mode" | tr '\n' ' ')
	if grep -qx "$IF" "$T/nics.$mode" && grep -qx any "$T/nics.$mode" && [ -z "$extra" ]; then
		tools_pass "tcpreplay --listnics ($mode): $(tr '\n' ' ' <"$T/nics.$mode")"
	else
		tools_fail "tcpreplay --listnics ($mode): '$(tr '\n' ' ' <"$T/nics.$mode")' (not in stock's: '$extra')"
	fi
done

# --- replay onto the veth, capture on the peer ---------------------------------
# What tcpreplay counts: packets and bytes sent, successes, failures.
counts() { grep -E '^Actual:|packets:' "$1" | sed -E 's/ sent in .*//; s/[[:space:]]+/ /g'; }

# replay NAME MODE FILE: tcpreplay FILE from the capture side at 1000
# packets/s, stock tcpdump -w on the generator side; leaves $T/NAME.out
# (tcpreplay's report) and $T/NAME.pcap (the peer's capture). FILE "-":
# the standard input (pcap_open_offline("-")), fed frames.pcapng.
replay() {
	local name=$1 mode=$2 file=$3
	rm -f "$T/$name.pcap"
	if ! tools_start peer "listening on" stock ip netns exec "$MQLAB_GNS" \
		timeout 30 tcpdump -i "$MQLAB_GIF" -c "$NFRAMES" -w "$T/$name.pcap"; then
		tools_fail "tcpdump on the peer did not start: $(head -c 300 "$T/peer.err")"
		return 1
	fi
	local in=/dev/null
	if [ "$file" = - ]; then in=$T/frames.pcapng; fi
	if ! tools_run "$mode" timeout 20 tcpreplay -i "$IF" -p 1000 "$file" <"$in" >"$T/$name.out" 2>&1; then
		tools_fail "tcpreplay ($mode) $(basename "$file") failed: $(head -c 400 "$T/$name.out")"
		tools_stop
		return 1
	fi
	if ! tools_wait 5; then
		tools_fail "tcpreplay ($mode) $(basename "$file"): the peer did not capture $NFRAMES frames: $(tail -3 "$T/peer.err" | tr '\n' ' ')"
		return 1
	fi
}

if replay ref stock "$T/frames.pcap"; then
	counts "$T/ref.out" >"$T/ref.counts"
	if ! grep -qx "Actual: $NFRAMES packets (3139 bytes)" "$T/ref.counts" ||
	   ! grep -qx " Successful packets: $NFRAMES" "$T/ref.counts"; then
		tools_fail "stock tcpreplay's report is unexpected: $(cat "$T/ref.out")"
	fi
	lines_of "$T/frames.pcap" >"$T/frames.lines"
	lines_of "$T/ref.pcap" >"$T/ref.lines"
	tools_same "stock tcpreplay: the peer captured the file's frames (a check of the test)" "$T/frames.lines" "$T/ref.lines"
fi
hex_of "$T/frames.pcap" >"$T/frames.hex"
for mode in "${MODES[@]}"; do
	for f in frames.pcap frames-ns.pcap frames.pcapng -; do
		# the nanosecond and pcapng files and stdin once, through
		# LD_LIBRARY_PATH
		[ "$mode" = path ] || [ "$f" = frames.pcap ] || continue
		if [ "$f" = - ]; then
			replay rp "$mode" - || continue
			f="- (stdin)"
		else
			replay rp "$mode" "$T/$f" || continue
		fi
		counts "$T/rp.out" >"$T/rp.counts"
		tools_same "tcpreplay ($mode) $f: stock's counts" "$T/ref.counts" "$T/rp.counts"
		hex_of "$T/rp.pcap" >"$T/rp.hex"
		tools_same "tcpreplay ($mode) $f: the peer captured the file's $NFRAMES frames byte for byte" \
			"$T/frames.hex" "$T/rp.hex"
	done
done

# Truncated records (caplen < len): tcpreplay sends the caplen bytes it
# was given; the same frames and counts as on stock.
hex_of "$T/frames-snap128.pcap" >"$T/snap.hex"
if replay snref stock "$T/frames-snap128.pcap"; then
	counts "$T/snref.out" >"$T/snref.counts"
	hex_of "$T/snref.pcap" >"$T/snref.hex"
	tools_same "stock tcpreplay, 128-byte snapshot file: the file's bytes (a check of the test)" "$T/snap.hex" "$T/snref.hex"
fi
if replay snrp path "$T/frames-snap128.pcap"; then
	counts "$T/snrp.out" >"$T/snrp.counts"
	tools_same "tcpreplay (path), 128-byte snapshot file: stock's counts" "$T/snref.counts" "$T/snrp.counts"
	hex_of "$T/snrp.pcap" >"$T/snrp.hex"
	tools_same "tcpreplay (path), 128-byte snapshot file: the file's caplen bytes" "$T/snap.hex" "$T/snrp.hex"
fi

# --- tcpprep -x 'F:filter' (pcap_compile + pcap_setfilter offline) ---------------
# ip6 first: after "vlan" the other alternatives would look past a tag
BPF='ip6 or tcp[tcpflags] & tcp-syn != 0 or vlan 7'
want=$(tools_run stock tcpdump -r "$T/frames.pcap" -nn "$BPF" 2>/dev/null | wc -l)
prep() { # MODE
	rm -f "$T/prep.$1.cache"
	tools_run "$1" timeout 10 tcpprep -i "$T/frames.pcap" -o "$T/prep.$1.cache" \
		-c 10.1.0.0/16 -x "F:$BPF" --no-arg-comment >"$T/prep.$1.err" 2>&1 &&
		tools_run "$1" timeout 10 tcpprep -I "$T/prep.$1.cache" >"$T/prep.$1.info" 2>&1
}
if ! prep stock || [ "$want" -ne 4 ] || [ "$(grep -c '^Packet ' "$T/prep.stock.info")" -ne "$want" ]; then
	tools_fail "stock tcpprep or tcpdump unexpected: tcpdump matches $want, tcpprep: $(cat "$T/prep.stock.err" "$T/prep.stock.info")"
fi
for mode in "${MODES[@]}"; do
	if ! prep "$mode"; then
		tools_fail "tcpprep ($mode) failed: $(head -c 400 "$T/prep.$mode.err" "$T/prep.$mode.info")"
		continue
	fi
	n=$(grep -c '^Packet ' "$T/prep.$mode.info")
	if [ "$n" -eq "$want" ]; then
		tools_pass "tcpprep -x 'F:$BPF' ($mode): the $n packets stock tcpdump matches"
	else
		tools_fail "tcpprep -x 'F:$BPF' ($mode): $n packets, stock tcpdump matches $want"
	fi
	tools_same "tcpprep -I ($mode): stock's cache" "$T/prep.stock.info" "$T/prep.$mode.info"
	if cmp -s "$T/prep.stock.cache" "$T/prep.$mode.cache"; then
		tools_pass "tcpprep ($mode): the cache file is stock's, byte for byte"
	else
		tools_fail "tcpprep ($mode): the cache file differs from stock's"
	fi
done

# --- tcprewrite: read (pcap, ns pcap, pcapng), edit, write (pcap_dump) ------------
rewrite() { # MODE IN OUT
	tools_run "$1" timeout 10 tcprewrite -i "$2" -o "$3" --enet-dmac=02:00:00:00:00:99 \
		>"$3.err" 2>&1
}
rewrite stock "$T/frames.pcap" "$T/rw.stock.pcap" ||
	tools_fail "stock tcprewrite failed: $(head -c 300 "$T/rw.stock.pcap.err")"
if [ "$(lines_of "$T/rw.stock.pcap" | grep -c '> 02:00:00:00:00:99,')" -ne "$NFRAMES" ]; then
	tools_fail "stock tcprewrite's output is unexpected: $(lines_of "$T/rw.stock.pcap" | head -3)"
fi
for mode in "${MODES[@]}"; do
	for f in frames.pcap frames-ns.pcap frames.pcapng; do
		if ! rewrite "$mode" "$T/$f" "$T/rw.pcap"; then
			tools_fail "tcprewrite ($mode) $f failed: $(head -c 300 "$T/rw.pcap.err")"
			continue
		fi
		# a microsecond pcap whatever the input, as stock writes it
		if cmp -s "$T/rw.stock.pcap" "$T/rw.pcap"; then
			tools_pass "tcprewrite ($mode) $f: stock's output file, byte for byte"
		else
			tools_fail "tcprewrite ($mode) $f: output differs from stock tcprewrite's on frames.pcap: $(cmp "$T/rw.stock.pcap" "$T/rw.pcap" 2>&1)"
		fi
	done
done

# --- tcpbridge: pcap_loop on the lab's veth, pcap_sendpacket on a second ------
# A second veth pair beside the lab's, deleted with its namespaces.
IF2=${TOOLS_PREFIX}c2
GIF2=${TOOLS_PREFIX}g2
BSPECS=(udp udp:9999 vlan:5 qinq:10:20 udp:9999:1514)
NBRIDGE=10
pair2() {
	ip -n "$MQLAB_CNS" link add "$IF2" type veth peer name "$GIF2" netns "$MQLAB_GNS" || return 1
	# no IPv6 (router solicitations, MLD) on it: our frames only
	ip netns exec "$MQLAB_CNS" sh -c "echo 1 >/proc/sys/net/ipv6/conf/$IF2/disable_ipv6" 2>/dev/null
	ip netns exec "$MQLAB_GNS" sh -c "echo 1 >/proc/sys/net/ipv6/conf/$GIF2/disable_ipv6" 2>/dev/null
	ip -n "$MQLAB_CNS" link set "$IF2" up && ip -n "$MQLAB_GNS" link set "$GIF2" up
}

# How many AF_PACKET sockets process PID holds (its fds' inodes in its
# namespace's /proc/net/packet).
packet_sockets() {
	local pid=$1 inodes fd
	inodes=$(awk 'NR > 1 {print $NF}' "/proc/$pid/net/packet" 2>/dev/null)
	for fd in "/proc/$pid/fd"/*; do readlink "$fd"; done 2>/dev/null |
		sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p' | grep -cxF -f <(echo "$inodes") || true
}

# bridge NAME MODE: tcpbridge IF -> IF2 for NBRIDGE packets; stock tcpdump
# on GIF2 writes $T/NAME.pcap.
bridge() {
	local name=$1 mode=$2 bpid
	rm -f "$T/$name.pcap"
	if ! tools_start peer "listening on" stock ip netns exec "$MQLAB_GNS" \
		timeout 30 tcpdump -i "$GIF2" -c "$NBRIDGE" -w "$T/$name.pcap"; then
		tools_fail "tcpdump on $GIF2 did not start: $(head -c 300 "$T/peer.err")"
		return 1
	fi
	bpid=$TOOLS_PID
	tools_cmd "$mode" tcpbridge -i "$IF" -I "$IF2" -u -L "$NBRIDGE" || return 1
	exec "${TOOLS_CMD[@]}" >"$T/$name.out" 2>"$T/$name.err" &
	TOOLS_PID=$!
	TOOLS_PIDS+=("$TOOLS_PID")
	# tcpbridge prints nothing when it is ready: wait until it holds
	# packet sockets on both devices (mqpcap: one member each here)
	for _ in $(seq 200); do
		[ "$(packet_sockets "$TOOLS_PID")" -ge 2 ] && break
		kill -0 "$TOOLS_PID" 2>/dev/null || break
		sleep 0.05
	done
	sleep 0.2
	if ! kill -0 "$TOOLS_PID" 2>/dev/null; then
		tools_fail "tcpbridge ($mode) did not start: $(head -c 300 "$T/$name.out" "$T/$name.err")"
		return 1
	fi
	tools_send "$NBRIDGE" "${BSPECS[@]}"
	if ! tools_wait 8; then
		tools_fail "tcpbridge ($mode) did not end after $NBRIDGE packets: $(head -c 300 "$T/$name.out" "$T/$name.err")"
		return 1
	fi
	TOOLS_PID=$bpid
	if ! tools_wait 5; then
		tools_fail "tcpbridge ($mode): $GIF2 did not receive $NBRIDGE frames: $(tail -3 "$T/peer.err" | tr '\n' ' ')"
		return 1
	fi
}

if ! pair2; then
	tools_fail "could not add the veth pair $IF2/$GIF2"
elif bridge bref stock; then
	lines_of "$T/bref.pcap" >"$T/bref.lines"
	counts "$T/bref.out" >"$T/bref.counts"
	if [ "$(grep -c 'ethertype 802.1Q' "$T/bref.lines")" -ne 4 ] ||
	   ! grep -qx "Actual: $NBRIDGE packets (3548 bytes)" "$T/bref.counts"; then
		tools_fail "stock tcpbridge's output is unexpected: $(cat "$T/bref.out" "$T/bref.lines")"
	fi
	for mode in "${MODES[@]}"; do
		bridge br "$mode" || continue
		counts "$T/br.out" >"$T/br.counts"
		tools_same "tcpbridge ($mode): stock's counts" "$T/bref.counts" "$T/br.counts"
		lines_of "$T/br.pcap" >"$T/br.lines"
		tools_same "tcpbridge ($mode): the frames stock's bridge forwards" "$T/bref.lines" "$T/br.lines"
		tools_same "tcpbridge ($mode): byte for byte" <(hex_of "$T/bref.pcap") <(hex_of "$T/br.pcap")
	done
fi

tools_end
