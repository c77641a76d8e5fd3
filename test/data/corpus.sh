#!/bin/sh
# Print the directory of the savefile test corpus, building it first if
# needed (once, even when several tests ask at the same time).
# Exits 77 (skip) when the tools that make it are missing.
set -eu
src=${MQPCAP_SRCDIR:?}/test/data
dir=${MQPCAP_BUILDDIR:-/tmp}/test/data/corpus
for tool in /usr/bin/python3 editcap mergecap randpkt; do
	command -v "$tool" >/dev/null 2>&1 || { echo "corpus.sh: $tool not installed" >&2; exit 77; }
done
/usr/bin/python3 -c 'import scapy' 2>/dev/null || { echo "corpus.sh: python3-scapy not installed" >&2; exit 77; }
mkdir -p "$(dirname "$dir")"
(
	flock 9
	if [ ! -f "$dir/.complete" ] || [ "$src/make_corpus.py" -nt "$dir/.complete" ]; then
		rm -rf "$dir"
		/usr/bin/python3 "$src/make_corpus.py" "$dir" >&2
		touch "$dir/.complete"
	fi
) 9>"$dir.lock"
echo "$dir"
