#!/bin/sh
# `make install DESTDIR=...` gives a tree a program can be built against
# the usual way, `cc app.c $(pkg-config --cflags --libs libpcap)`, with
# mqpcap's headers (every public one, usable from C and C++) and library,
# and the program then runs on mqpcap.
set -u
builddir=${MQPCAP_BUILDDIR:?set by make check}
cc=${CC:-cc}
cxx=${CXX:-c++}

command -v pkg-config >/dev/null || { echo "SKIP: pkg-config not installed"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/root"

# MAKEFLAGS from the make check running us would drag its jobserver in.
# Install what make check already built, never rebuild it: other tests
# are using the library right now. So: the two halves of "install"
# (which itself would rebuild "all" first), with what they depend on
# taken as up to date (-o, which make does not pass to sub-makes).
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$builddir" \
	-o Makefile -o config.status -o config.h -o libmqpcap_core.la \
	-o lib/libpcap.so.0.8 -o compat/libpcap.pc -o compat/pcap-config \
	install-exec-am install-data-am DESTDIR="$dest" \
	> "$tmp/install.log" 2>&1; then
	cat "$tmp/install.log"
	echo "FAIL: make install DESTDIR=$dest"
	exit 1
fi

pc=$(find "$dest" -name libpcap.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no libpcap.pc installed"; exit 1; }
export PKG_CONFIG_PATH="${pc%/*}" PKG_CONFIG_SYSROOT_DIR="$dest"
export PKG_CONFIG_LIBDIR="${pc%/*}"
flags=$(pkg-config --cflags --libs libpcap) || { echo "FAIL: pkg-config libpcap"; exit 1; }
# The variables as recorded (without the sysroot pkg-config prepends to
# flags, and to variables too in newer versions).
libdir=$(PKG_CONFIG_SYSROOT_DIR= pkg-config --variable=libdir libpcap)
incdir=$(PKG_CONFIG_SYSROOT_DIR= pkg-config --variable=includedir libpcap)
echo "pkg-config: $flags"

fail=0
# Every header libpcap installs is installed.
for h in /usr/include/pcap/*.h /usr/include/pcap.h /usr/include/pcap-bpf.h \
	 /usr/include/pcap-namedb.h; do
	[ -f "$h" ] || continue
	rel=${h#/usr/include/}
	if [ ! -f "$dest$incdir/$rel" ]; then
		echo "FAIL: $rel not installed"
		fail=1
	fi
done

cat > "$tmp/app.c" <<'EOC'
#include <pcap.h>
#include <pcap/sll.h>
#include <pcap/vlan.h>
#include <pcap/usb.h>
#include <pcap/bluetooth.h>
#include <pcap/can_socketcan.h>
#include <pcap/nflog.h>
#include <pcap/ipnet.h>
#include <pcap-bpf.h>
#include <pcap-namedb.h>
#include <stdio.h>

int main(void)
{
	pcap_t *p = pcap_open_dead(DLT_LINUX_SLL2, SLL2_HDR_LEN + 100);
	int ok = p != NULL && pcap_datalink(p) == DLT_LINUX_SLL2;

	if (p)
		pcap_close(p);
	printf("%s\n", pcap_lib_version());
	return ok ? 0 : 1;
}
EOC
# The installed headers are the ones used, and they build warning-free.
if ! $cc -Wall -Wextra -Werror -std=gnu11 -o "$tmp/app" "$tmp/app.c" $flags \
	> "$tmp/cc.log" 2>&1; then
	cat "$tmp/cc.log"
	echo "FAIL: building against the installed tree"
	exit 1
fi
if ! $cc -E $flags "$tmp/app.c" 2>/dev/null | grep -q "\"$dest$incdir/pcap/pcap.h\""; then
	echo "FAIL: the program did not use the installed <pcap/pcap.h>"
	fail=1
fi
# C++ programs (Wireshark, Snort) include the same headers.
if command -v ${cxx%% *} >/dev/null; then
	cp "$tmp/app.c" "$tmp/app.cc"
	if ! $cxx -Wall -Werror -fsyntax-only $flags "$tmp/app.cc" > "$tmp/cxx.log" 2>&1; then
		cat "$tmp/cxx.log"
		echo "FAIL: the installed headers do not compile as C++"
		fail=1
	fi
fi

out=$(LD_LIBRARY_PATH="$dest$libdir" "$tmp/app") || {
	echo "FAIL: the program failed on the installed library: $out"
	exit 1
}
case "$out" in
*mqpcap*) echo "runs on: $out" ;;
*) echo "FAIL: pcap_lib_version() is \"$out\", not mqpcap's"; fail=1 ;;
esac
# It asks for Debian's soname, so it also runs with the system's library.
needed=$(readelf -d "$tmp/app" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(libpcap[^]]*\)\].*/\1/p')
if [ "$needed" != "libpcap.so.0.8" ]; then
	echo "FAIL: the program needs '$needed', not libpcap.so.0.8"
	fail=1
fi
# pcap-config answers too.
pcfg=$(find "$dest" -name pcap-config | head -n 1)
if [ -z "$pcfg" ] || [ "$(sh "$pcfg" --version)" != "$(pkg-config --modversion libpcap)" ]; then
	echo "FAIL: pcap-config missing or disagrees with libpcap.pc on the version"
	fail=1
fi
exit $fail
