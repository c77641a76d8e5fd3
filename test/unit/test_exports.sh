#!/bin/sh
# The shared library exports exactly Debian's libpcap.so.0.8 symbols, each
# with the right kind (function or data), has its SONAME, and the export
# list src/mqpcap.map names exactly those symbols.
set -u
srcdir=${MQPCAP_SRCDIR:?set by make check}
libdir=${MQPCAP_LIBDIR:?set by make check}
tsv="$srcdir/../shared/abi/libpcap-0.8-exports.tsv"
lib="$libdir/libpcap.so.0.8"
map="$srcdir/src/mqpcap.map"

if [ ! -f "$tsv" ]; then
	echo "SKIP: no reference export list at $tsv"
	exit 77
fi
for tool in nm readelf; do
	command -v $tool >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done
if [ ! -f "$lib" ]; then
	echo "FAIL: $lib was not built"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# Reference: "name<TAB>func|data".
sort -u "$tsv" > "$tmp/want"
# Ours: defined dynamic symbols, T/W/i = code, anything else = data.
nm -D --defined-only "$lib" | awk '
	NF == 3 { kind = ($2 ~ /^[TtWi]$/) ? "func" : "data"; print $3 "\t" kind }' |
	sort -u > "$tmp/have"

cut -f1 "$tmp/want" > "$tmp/want.names"
cut -f1 "$tmp/have" > "$tmp/have.names"
missing=$(comm -23 "$tmp/want.names" "$tmp/have.names")
extra=$(comm -13 "$tmp/want.names" "$tmp/have.names")
if [ -n "$missing" ]; then
	echo "FAIL: not exported by $lib:" $missing
	fail=1
fi
if [ -n "$extra" ]; then
	echo "FAIL: exported but not part of libpcap's ABI:" $extra
	fail=1
fi
wrong_kind=$(join -t "$(printf '\t')" "$tmp/want" "$tmp/have" |
	awk -F '\t' '$2 != $3 { print $1 " (want " $2 ", is " $3 ")" }')
if [ -n "$wrong_kind" ]; then
	echo "FAIL: wrong kind of symbol: $wrong_kind"
	fail=1
fi

# The version script is the list: it must say the same.
sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p' "$map" | sort -u > "$tmp/map"
if ! cmp -s "$tmp/map" "$tmp/want.names"; then
	echo "FAIL: $map and the reference list differ:"
	diff "$tmp/want.names" "$tmp/map" | sed -n 's/^[<>]/  &/p'
	fail=1
fi

# Data symbols keep the system library's sizes: programs linked without
# -fPIE copy them into their own image at the size they were built with.
syslib=/usr/lib/x86_64-linux-gnu/libpcap.so.0.8
[ -f "$syslib" ] || syslib=$(ldconfig -p 2>/dev/null |
	sed -n 's/.*libpcap\.so\.0\.8 .*=> //p' | head -n 1)
if [ -n "$syslib" ] && [ -f "$syslib" ]; then
	nm -D -S --defined-only "$lib" |
		awk 'NF == 4 && $3 !~ /^[TtWi]$/ { print $4, $2 }' | sort > "$tmp/ours.size"
	nm -D -S --defined-only "$syslib" |
		awk 'NF == 4 && $3 !~ /^[TtWi]$/ { print $4, $2 }' | sort > "$tmp/sys.size"
	sized=$(join "$tmp/sys.size" "$tmp/ours.size" |
		awk '$2 != $3 { printf " %s (system 0x%s, mqpcap 0x%s)", $1, $2, $3 }')
	if [ -n "$sized" ]; then
		echo "FAIL: data symbols of another size:$sized"
		fail=1
	fi
fi

soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$soname" != "libpcap.so.0.8" ]; then
	echo "FAIL: SONAME is '$soname', not libpcap.so.0.8"
	fail=1
fi
# No symbol versions: Debian's library has none, and programs linked
# against it must not ask for one.
if readelf -V "$lib" | grep -q 'Version definition'; then
	echo "FAIL: $lib defines symbol versions"
	fail=1
fi

[ $fail -eq 0 ] && echo "PASS: $(wc -l < "$tmp/want") symbols, SONAME $soname"
exit $fail
