#!/bin/sh
# kernel-patch/check-keys.sh - the balloon driver series against the key
# table (common/xskeys.c).  The series writes no xenstore key: the agent
# copies the driver's sysfs info/state and info/last_error into
# data/balloon/state and data/balloon/last-error as they are, so every
# value the driver can show must be one the table accepts for those keys.
# The patches are kernel C and cannot include our header, so this holds
# the two to each other: the table's rows come from
# tests/unit/test-xskeys --doc, the driver's values from the patches'
# balloon_state_str() and balloon_last_error assignments.
set -u
dir=$XB_SRCDIR/kernel-patch
list=$XB_BUILDDIR/tests/unit/test-xskeys
if [ ! -x "$list" ]; then
	echo "1..0 # SKIP tests/unit/test-xskeys not built"
	exit 0
fi
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
"$list" --doc > "$T/doc" || exit 1
sed -e '/^#/d' -e '/^$/d' -e "s|^|$dir/|" "$dir/series" |
    while read -r p; do cat "$p"; done > "$T/series"

# The added lines that write xenstore, whatever the helper.
grep -E '^\+.*xenbus_(write|printf|mkdir|rm|transaction_start)\(' \
    "$T/series" > "$T/writes"
# The table: the state names, and the longest last-error word.
sed -n 's/^data\/balloon\/state	Writer: .*; one of \(.*\)\.$/\1/p' \
    "$T/doc" | sed 's/, / /g; s/ or / /' | tr ' ' '\n' | sort > "$T/states"
errmax=$(sed -n 's/^data\/balloon\/last-error	.*a word of at most \([0-9]*\) bytes\.$/\1/p' \
    "$T/doc")
# The driver: what balloon_state_str() returns, and every string stored
# in balloon_last_error.
sed -n '/^+const char \*balloon_state_str(void)$/,/^+}$/p' "$T/series" |
    sed -n 's/^+.*return "\([a-z]*\)";$/\1/p' | sort -u > "$T/pstates"
grep -E '^\+.*balloon_last_error( =|, )' "$T/series" |
    grep -oE '"[^"]*"' | tr -d '"' | sort -u > "$T/perrors"

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..3"
if [ -s "$T/series" ] && [ ! -s "$T/writes" ]; then
	ok "no patch of the series writes xenstore"
else
	nok "the series writes xenstore: $(tr '\n' ' ' < "$T/writes")"
fi
if [ -s "$T/pstates" ] && cmp -s "$T/states" "$T/pstates"; then
	ok "info/state shows the table's balloon states ($(tr '\n' ' ' < "$T/states"))"
else
	nok "balloon states differ: table $(tr '\n' ' ' < "$T/states"), driver $(tr '\n' ' ' < "$T/pstates")"
fi
bad=$(while read -r e; do
	[ -n "$errmax" ] && [ "${#e}" -le "$errmax" ] &&
	    printf '%s\n' "$e" | grep -qxE '[A-Za-z0-9]+' || echo "$e"
done < "$T/perrors")
if [ -s "$T/perrors" ] && [ -z "$bad" ]; then
	ok "info/last_error shows words that fit data/balloon/last-error ($(tr '\n' ' ' < "$T/perrors"))"
else
	nok "info/last_error values the table refuses: ${bad:-none found} (at most ${errmax:-?} bytes)"
fi
