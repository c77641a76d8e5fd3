#!/bin/sh
# Names from /etc (hosts, ethers, networks, services, protocols) compiled by
# both libraries: expressions-names.txt on every linktype (the main ones,
# then the rarer ones), compared as the main run compares (diff_filter).
# The names are added to /etc through an overlay in a private mount
# namespace, so nothing on the machine changes and nothing asks the
# network. Needs root (mount namespace); skips otherwise.
builddir=${MQPCAP_BUILDDIR:-.}
srcdir=${MQPCAP_SRCDIR:-.}
dir=$srcdir/test/diff/filter
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
	echo "run-diff-filter-names: SKIP: needs root and unshare(1) for a private /etc"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mq-names.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/upper" "$tmp/work"
up=$tmp/upper
for f in hosts networks services protocols; do
	if [ -f "/etc/$f" ]; then cp "/etc/$f" "$up/$f"; else : > "$up/$f"; fi
done
cat >> "$up/hosts" <<'END'
10.0.0.1	mqt-h4a
192.168.1.10	mqt-h4b mqt-alias
2001:db8::2	mqt-h6
10.0.0.2	mqt-dual
2001:db8::1	mqt-dual
10.0.0.1	mqt-multi
10.1.2.3	mqt-multi
192.168.1.1	mqt-gw
END
cat > "$up/ethers" <<'END'
00:11:22:33:44:55 mqt-e1
66:77:88:99:aa:bb mqt-e2
00:00:0c:07:ac:01 mqt-gw
END
cat >> "$up/networks" <<'END'
mqt-net		192.168.1
mqt-net10	10
mqt-net172	172.16
END
cat >> "$up/services" <<'END'
mqt-svc		8080/tcp
mqt-svc		5353/udp
mqt-both	123/tcp
mqt-both	123/udp
mqt-tcponly	179/tcp
mqtlo		20/tcp
mqthi		25/tcp
mqthi		25/udp
END
cat >> "$up/protocols" <<'END'
mqt-proto	17	MQT-PROTO
END
# services/protocols/ethers say "db files" in nsswitch.conf: the db
# backend reads /var/db, which Debian does not fill, then the files.
exec unshare --mount --propagation private sh -c '
	mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1,workdir=$2" /etc || {
		echo "run-diff-filter-names: SKIP: cannot mount an overlay on /etc"; exit 77; }
	getent hosts mqt-dual >/dev/null || { echo "run-diff-filter-names: /etc/hosts overlay not seen"; exit 99; }
	"$3" -c "$4" -M -n 20 || exit 1
	exec "$3" -c "$4" -M -n 20 -l rare
' sh "$up" "$tmp/work" "$builddir/test/diff/filter/diff_filter" "$dir/expressions-names.txt"
