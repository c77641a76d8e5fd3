#!/bin/sh
# make check's run of the filter differential test on the rarer link types
# (SLIP, the PPP variants, ATM, ARCNET, Frame Relay, Juniper, ...: the
# opt-in linktypes of diff_filter, "-l rare"), minus the pairs of
# known-failures-rare.txt (FINDINGS 17); then the savefile-sensitive
# primitives of savefile-subset.txt on savefile handles of those links.
# Kept apart from run-diff-filter.sh so that the main list stays the
# lead's to regenerate.
builddir=${MQPCAP_BUILDDIR:-.}
srcdir=${MQPCAP_SRCDIR:-.}
dir=$srcdir/test/diff/filter
"$builddir/test/diff/filter/diff_filter" -l rare -c "$dir/expressions.txt" \
	-x "$dir/known-failures-rare.txt" -M -n 20 || exit 1
exec "$builddir/test/diff/filter/diff_filter" -F -l rare -c "$dir/expressions.txt" \
	-e "$(cat "$dir/savefile-subset.txt")" \
	-x "$dir/known-failures-savefile.txt" -M -n 20
