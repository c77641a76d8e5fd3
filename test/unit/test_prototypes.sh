#!/bin/sh
# Every function the system's libpcap headers declare is declared by
# mqpcap's headers with a compatible type: one translation unit includes
# mqpcap's headers, takes the address of each function (undeclared ones
# fail) and then repeats the system's own declaration of it (a different
# type fails with "conflicting types"). The compiler is the judge.
set -u
srcdir=${MQPCAP_SRCDIR:?set by make check}
sysinc=${ABI_SYSTEM_INCLUDE:-/usr/include}
cc=${CC:-cc}

[ -f "$sysinc/pcap/pcap.h" ] || { echo "SKIP: no system libpcap headers"; exit 77; }
command -v ${cc%% *} >/dev/null || { echo "SKIP: no C compiler ($cc)"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# pcap.h first, as the other headers rely on what it includes.
for h in pcap.h $(cd "$sysinc/pcap" && ls *.h | grep -v '^pcap\.h$'); do
	echo "#include <pcap/$h>"
done > "$tmp/all.h"

# The system's declarations, one per line, from the preprocessed headers:
# statements that are "extern ... name(...)" for a pcap_/bpf_ name.
$cc -E -P -I"$sysinc" -x c "$tmp/all.h" | tr '\n' ' ' | tr ';' '\n' |
	grep -E '(^|[^A-Za-z0-9_])extern[^A-Za-z0-9_]' | grep '(' |
	sed -e 's/^.*\(extern[^A-Za-z0-9_]\)/\1/' -e 's/[[:space:]]\{1,\}/ /g' |
	grep -E '(pcap|bpf)_[A-Za-z0-9_]* ?\(' | sort -u > "$tmp/decls"
sed -e 's/(.*//' -e 's/.*[^A-Za-z0-9_]\([A-Za-z_][A-Za-z0-9_]*\) *$/\1/' \
	"$tmp/decls" > "$tmp/names"
count=$(wc -l < "$tmp/names")
if [ "$count" -lt 90 ]; then
	echo "FAIL: only $count declarations found in $sysinc/pcap"
	exit 1
fi

{
	cat "$tmp/all.h"
	echo "void *mq_declared[] = {"
	sed 's/.*/	(void *)\&&,/' "$tmp/names"
	echo "};"
	sed 's/$/;/' "$tmp/decls"
} > "$tmp/check.c"

if $cc -fsyntax-only -std=gnu11 -Wno-deprecated-declarations \
	-I"$srcdir/include" "$tmp/check.c" > "$tmp/cc.log" 2>&1; then
	echo "PASS: $count functions declared compatibly"
	exit 0
fi
# Report by name; show the compiler's words if nothing matched.
grep -o "'[A-Za-z_0-9]*' undeclared\|conflicting types for '[A-Za-z_0-9]*'" \
	"$tmp/cc.log" | tr -d "'" | sed 's/^/FAIL: /' > "$tmp/report"
LC_ALL=C grep -o "‘[A-Za-z_0-9]*’ undeclared\|conflicting types for ‘[A-Za-z_0-9]*’" \
	"$tmp/cc.log" | sed "s/[‘’]//g; s/^/FAIL: /" >> "$tmp/report"
if [ -s "$tmp/report" ]; then
	sort -u "$tmp/report"
else
	cat "$tmp/cc.log"
	echo "FAIL: the system's declarations do not compile against mqpcap's headers"
fi
exit 1
