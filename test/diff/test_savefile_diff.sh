#!/bin/sh
# Savefile reading/writing against the system libpcap, over the corpus and
# 60 mutants of each corpus file (see test_savefile_diff.c).
corpus=$(sh "${MQPCAP_SRCDIR:?}/test/data/corpus.sh") || exit $?
exec "${MQPCAP_BUILDDIR:?}/test/diff/test_savefile_diff" "$corpus" 60
