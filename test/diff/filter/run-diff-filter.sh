#!/bin/sh
# make check's run of the filter differential test: the whole corpus on
# every linktype, optimize on and off, minus the (linktype, expression)
# pairs of known-failures.txt (each one a bug recorded in FINDINGS.md).
# The full run, known failures included: make diff-filter-full.
builddir=${MQPCAP_BUILDDIR:-.}
srcdir=${MQPCAP_SRCDIR:-.}
exec "$builddir/test/diff/filter/diff_filter" \
	-c "$srcdir/test/diff/filter/expressions.txt" \
	-x "$srcdir/test/diff/filter/known-failures.txt" -n 20
