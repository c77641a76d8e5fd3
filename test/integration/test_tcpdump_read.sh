#!/bin/sh
# tcpdump on mqpcap reads every corpus file exactly as tcpdump on the system
# libpcap does: same stdout, stderr and exit status for `tcpdump -r FILE -nn
# -v` (also with --time-stamp-precision=nano, and from stdin with -r -), and
# `tcpdump -r FILE -w OUT` writes the same bytes. The main runs twice: with
# LD_LIBRARY_PATH and with LD_PRELOAD. ngrep -I FILE is compared too.
set -u
lib=${MQPCAP_LIBDIR:?}/libpcap.so.0.8
command -v tcpdump >/dev/null 2>&1 || { echo "SKIP: tcpdump not installed"; exit 77; }
[ -f "$lib" ] || { echo "SKIP: $lib not built"; exit 77; }
corpus=$(sh "${MQPCAP_SRCDIR:?}/test/data/corpus.sh") || exit $?

tmp=$(mktemp -d /tmp/mqsf-tcpdump.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# tcpdump must at least start on the library (every symbol it uses).
if ! LD_LIBRARY_PATH=$MQPCAP_LIBDIR timeout 60 tcpdump -r "$corpus/eth.pcap" -c 1 >/dev/null 2>"$tmp/probe"; then
	if grep -q "symbol lookup error" "$tmp/probe"; then
		echo "SKIP: the built library lacks symbols tcpdump needs: $(cat "$tmp/probe")"
		exit 77
	fi
fi

runs=0
fails=0

# run NAME MODE PROGRAM [args...]: MODE is stock, path or preload; output
# in $tmp/NAME.{out,err,rc}.
run() {
	rname=$1 rmode=$2
	shift 2
	# A hang is a failure (exit 124), never a stuck make check.
	case $rmode in
	stock) timeout 60 "$@" >"$tmp/$rname.out" 2>"$tmp/$rname.err" ;;
	path) LD_LIBRARY_PATH=$MQPCAP_LIBDIR timeout 60 "$@" >"$tmp/$rname.out" 2>"$tmp/$rname.err" ;;
	preload) LD_PRELOAD=$lib timeout 60 "$@" >"$tmp/$rname.out" 2>"$tmp/$rname.err" ;;
	esac
	echo $? >"$tmp/$rname.rc"
}

# compare LABEL INPUT PROGRAM [args...]: INPUT is "", a file for stdin, or
# "|FILE" to feed FILE through a pipe (read with exact sizes then). Runs
# with LD_LIBRARY_PATH, and with LD_PRELOAD too unless $preload is empty.
preload=preload
compare() {
	label=$1 input=$2
	shift 2
	for mode in stock path $preload; do
		case $input in
		"") run $mode $mode "$@" ;;
		"|"*) cat "${input#|}" | run $mode $mode "$@" ;;
		*) run $mode $mode "$@" <"$input" ;;
		esac
	done
	for mode in path $preload; do
		runs=$((runs + 1))
		for part in out err rc; do
			if ! cmp -s "$tmp/stock.$part" "$tmp/$mode.$part"; then
				fails=$((fails + 1))
				echo "FAIL ($mode) $label: std$part differs"
				diff "$tmp/stock.$part" "$tmp/$mode.$part" | head -5
				break
			fi
		done
	done
}

ngrep=$(command -v ngrep)
unsupported=
for f in "$corpus"/*; do
	name=$(basename "$f")
	# tcpdump compiles a filter (even an empty one) for every file; a link
	# type the filter compiler does not know yet is that module's gap, not
	# the readers': report it, compare the rest.
	if LD_LIBRARY_PATH=$MQPCAP_LIBDIR timeout 60 tcpdump -r "$f" -c 1 2>&1 >/dev/null |
	   grep -q "unknown data link type" && timeout 60 tcpdump -r "$f" -c 1 >/dev/null 2>&1; then
		unsupported="$unsupported $name"
		continue
	fi
	compare "$name -nn -v" "" tcpdump -r "$f" -nn -v
	compare "$name -nn -v nano" "" tcpdump -r "$f" -nn -v --time-stamp-precision=nano
	# The variants below exercise the same loading: LD_LIBRARY_PATH only.
	preload=
	compare "$name -r - -nn -v" "$f" tcpdump -r - -nn -v
	compare "$name -r - (pipe) -nn -v" "|$f" tcpdump -r - -nn -v --time-stamp-precision=nano
	compare "$name -e -x" "" tcpdump -r "$f" -nn -e -x -c 12
	# A filter run on the savefile handle (user space), with a count.
	compare "$name -c 9 udp or icmp" "" tcpdump -r "$f" -nn -c 9 udp or icmp
	# ngrep reads savefiles through libpcap too, and calls pcap_loop
	# again after an error until it returns 0. It also decodes bytes past
	# caplen (whatever the library's buffer holds there), so files with
	# packets cut short (the filter's last-byte load fails) are left out.
	if [ -n "$ngrep" ] && [ "$(timeout 60 tcpdump -r "$f" 2>/dev/null | wc -l)" = \
	     "$(timeout 60 tcpdump -r "$f" 'link[len - 1] >= 0' 2>/dev/null | wc -l)" ]; then
		compare "ngrep -I $name" "" ngrep -q -I "$f" -x ''
	fi
	preload=preload
	# The writer: same bytes as stock (micro and nano).
	for prec in micro nano; do
		for mode in stock path preload; do
			run w$mode $mode tcpdump -r "$f" -w "$tmp/w$mode.pcap" --time-stamp-precision=$prec
		done
		for mode in path preload; do
			runs=$((runs + 1))
			if ! cmp -s "$tmp/wstock.rc" "$tmp/w$mode.rc" ||
			   { [ -f "$tmp/wstock.pcap" ] && ! cmp -s "$tmp/wstock.pcap" "$tmp/w$mode.pcap"; }; then
				fails=$((fails + 1))
				echo "FAIL ($mode) $name -w ($prec): output or status differs"
			fi
		done
		rm -f "$tmp"/w*.pcap
	done
done

[ -z "$unsupported" ] ||
	echo "NOT COMPARED (pcap_compile: unknown data link type):$unsupported"
echo "$runs comparisons over $(ls "$corpus" | wc -l) files, $fails differences"
[ "$fails" -eq 0 ]
