#!/bin/sh
# make check's run of the filter differential test: the whole corpus on
# every linktype, optimize on and off, minus the (linktype, expression)
# pairs of known-failures.txt (each one a bug recorded in FINDINGS.md);
# then the primitives that behave differently on savefile handles, on
# savefile handles (known-failures-savefile.txt). In between, the claims of
# oracle-bugs.txt (diff_filter -B).
# The full run, known failures included: make diff-filter-full.
builddir=${MQPCAP_BUILDDIR:-.}
srcdir=${MQPCAP_SRCDIR:-.}
dir=$srcdir/test/diff/filter
"$builddir/test/diff/filter/diff_filter" -c "$dir/expressions.txt" \
	-x "$dir/known-failures.txt" -M -n 20 || exit 1
# where libpcap's answer is wrong (its register clobbering), the claim that
# it is, checked against an equivalent expression it gets right
"$builddir/test/diff/filter/diff_filter" -B "$dir/oracle-bugs.txt" || exit 1
exec "$builddir/test/diff/filter/diff_filter" -F -c "$dir/expressions.txt" \
	-e "$(cat "$dir/savefile-subset.txt")" \
	-x "$dir/known-failures-savefile.txt" -M -n 20
