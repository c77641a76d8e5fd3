#!/bin/sh
# The main job: install dependencies, build mqpcap, and run a live capture
# through it in a throwaway network namespace (scripts/demo.sh), printing
# what it saw. Run as root on Debian 12.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "$(id -u)" -ne 0 ]; then
	echo "run.sh: must run as root (installs packages, builds a network namespace)" >&2
	exit 1
fi
scripts/install-deps.sh
scripts/build.sh "$top/build"
exec scripts/demo.sh "$top/build"
