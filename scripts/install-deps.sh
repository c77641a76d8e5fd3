#!/bin/sh
# Install every Debian 12 package mqpcap needs to build, test and benchmark.
# Idempotent; run as root. Tests and the demo depend on nothing else.
set -eu
PKGS="
build-essential autoconf automake libtool pkg-config
check
libpcap0.8 libpcap0.8-dev
libbpf-dev libxdp-dev libnuma-dev
clang libclang-rt-14-dev
valgrind linux-perf
iproute2 ethtool procps iputils-ping
netbase
tcpdump tshark wireshark-common ngrep nmap netsniff-ng tcpreplay
python3 python3-scapy
"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: must run as root (apt-get install)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no, quietly.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi
