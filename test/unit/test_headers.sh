#!/bin/sh
# Each public header that compiles on its own from the system's libpcap
# (C and C++) also compiles on its own from mqpcap: programs include them
# in any order, often <pcap/bpf.h> or <pcap/sll.h> alone.
set -u
srcdir=${MQPCAP_SRCDIR:?set by make check}
sysinc=${ABI_SYSTEM_INCLUDE:-/usr/include}
cc=${CC:-cc}
cxx=${CXX:-c++}

[ -f "$sysinc/pcap/pcap.h" ] || { echo "SKIP: no system libpcap headers"; exit 77; }
command -v ${cc%% *} >/dev/null || { echo "SKIP: no C compiler ($cc)"; exit 77; }
command -v ${cxx%% *} >/dev/null || cxx=

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 checked=0

# compiles LANG HEADER INCDIR: does HEADER alone compile with INCDIR first?
compiles() {
	echo "#include <$2>" > "$tmp/one.$1"
	echo "int mq_header_test;" >> "$tmp/one.$1"
	if [ "$1" = c ]; then
		$cc -std=gnu11 -Wall -Werror -fsyntax-only -I"$3" "$tmp/one.c" 2>/dev/null
	else
		$cxx -Wall -Werror -fsyntax-only -I"$3" "$tmp/one.cc" 2>/dev/null
	fi
}

for h in $(cd "$sysinc/pcap" && ls *.h); do
	for lang in c ${cxx:+cc}; do
		compiles $lang "pcap/$h" "$sysinc" || continue
		checked=$((checked + 1))
		if ! compiles $lang "pcap/$h" "$srcdir/include"; then
			echo "FAIL: <pcap/$h> alone compiles as $lang from the system, not from mqpcap"
			fail=1
		fi
	done
done
[ $fail -eq 0 ] && echo "PASS: $checked header/language pairs compile on their own"
exit $fail
