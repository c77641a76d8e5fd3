#!/bin/sh
# make check's run of the filter differential test on the rarer link types
# (SLIP, the PPP variants, ATM, ARCNET, Frame Relay, Juniper, ...: the
# opt-in linktypes of diff_filter, "-l rare"), minus the pairs of
# known-failures-rare.txt (FINDINGS 17). Kept apart from run-diff-filter.sh
# so that the main list stays the lead's to regenerate.
builddir=${MQPCAP_BUILDDIR:-.}
srcdir=${MQPCAP_SRCDIR:-.}
dir=$srcdir/test/diff/filter
exec "$builddir/test/diff/filter/diff_filter" -l rare -c "$dir/expressions.txt" \
	-x "$dir/known-failures-rare.txt" -n 20
