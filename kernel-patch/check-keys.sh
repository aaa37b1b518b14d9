#!/bin/sh
# kernel-patch/check-keys.sh - the balloon driver patch (0004) writes the
# keys the key table (common/xskeys.c) says the driver writes, under the
# same names, with the state names the table knows.  The patch is kernel
# C and cannot include our header, so this holds the two to each other:
# the table's rows come from tests/unit/test-xskeys --doc (each sentence
# names the row's writer), the patch's from its balloon_xs_name[] and
# its status->state assignments.
set -u
patch=$XB_SRCDIR/kernel-patch/0004-xen-balloon-publish-the-balloon-state-in-xenstore.patch
list=$XB_BUILDDIR/tests/unit/test-xskeys
if [ ! -x "$list" ]; then
	echo "1..0 # SKIP tests/unit/test-xskeys not built"
	exit 0
fi
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
"$list" --doc > "$T/doc" || exit 1

# The table: keys whose writer is the driver (alone or before the agent).
grep -F '	Writer: the patched balloon driver' "$T/doc" | cut -f1 | sort > "$T/table"
# The patch: BALLOON_XS_DIR "/" each name of balloon_xs_name[].
dir=$(sed -n 's/^+#define BALLOON_XS_DIR[	 ]*"\(.*\)"$/\1/p' "$patch")
sed -n 's/^+	\[BALLOON_XS_[A-Z]*\][	 ]*= "\(.*\)",$/\1/p' "$patch" |
    sed "s|^|$dir/|" | sort > "$T/patch"
# The state names: the table's sentence lists them; the patch assigns them.
sed -n 's/.*	Writer: .*; one of \(.*\)\.$/\1/p' "$T/doc" |
    sed 's/, / /g; s/ or / /' | tr ' ' '\n' | sort > "$T/states"
sed -n 's/^+.*status->state = "\([a-z]*\)";$/\1/p' "$patch" | sort -u > "$T/pstates"

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..3"
if [ -s "$T/patch" ] && [ -z "$(comm -13 "$T/table" "$T/patch")" ]; then
	ok "the patch writes only keys the table gives the driver"
else
	nok "the patch writes keys the table lacks:$(comm -13 "$T/table" "$T/patch" | tr '\n' ' ')"
fi
if [ -z "$(comm -23 "$T/table" "$T/patch")" ]; then
	ok "the patch writes every key the table gives the driver"
else
	nok "the table's driver keys the patch does not write:$(comm -23 "$T/table" "$T/patch" | tr '\n' ' ')"
fi
if [ -s "$T/pstates" ] && cmp -s "$T/states" "$T/pstates"; then
	ok "the patch's balloon states are the table's ($(tr '\n' ' ' < "$T/states"))"
else
	nok "balloon states differ: table $(tr '\n' ' ' < "$T/states"), patch $(tr '\n' ' ' < "$T/pstates")"
fi
