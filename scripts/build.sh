#!/bin/sh
# Configure and build mqpcap out of tree: scripts/build.sh [BUILDDIR [configure args...]]
# Default BUILDDIR is ./build. Prints where the library is.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$top/build"}
[ $# -gt 0 ] && shift
cd "$top"
[ -x configure ] && [ configure -nt configure.ac ] || ./autogen.sh >/dev/null 2>&1 || ./autogen.sh
mkdir -p "$build"
cd "$build"
[ -f Makefile ] || "$top/configure" --enable-werror "$@" >/dev/null
make -j"$(nproc)" >/dev/null
echo "built: $build/lib/libpcap.so.0.8"
