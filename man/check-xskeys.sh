#!/bin/sh
# man/check-xskeys.sh - xenballoon-xenstore(7) against the key table
# (common/xskeys.c): every key in the table has an entry (an .It line
# naming it) whose text carries the table's sentence for it (writer,
# form, unit, bound: tests/unit/test-xskeys --doc prints them), and the
# page names no key the table lacks.
#
# The .It lines are read as paths: "Ar x" is the placeholder <x>, "Ns"
# and "Pa" join, "," separates keys, and "Brq" repeats what precedes it
# for each of the keys that follow.
set -u
page=$XB_SRCDIR/man/xenballoon-xenstore.7
list=$XB_BUILDDIR/tests/unit/test-xskeys
if [ ! -x "$list" ]; then
	echo "1..0 # SKIP tests/unit/test-xskeys not built"
	exit 0
fi
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
"$list" --doc > "$T/table" || { echo "1..0 # SKIP test-xskeys --doc failed"; exit 0; }

# "key<TAB>body" for every key the page documents, the body being the
# entry's text lines joined by newlines (as \n).
awk '
function flush(   i) {
	for (i = 1; i <= nk; i++)
		printf "%s\t%s\n", keys[i], body
	nk = 0; body = ""; open_ = 0
}
function parse(line,   n, w, i, cur, pre, inbrq) {
	n = split(line, w, /[ \t]+/)
	cur = ""; pre = ""; inbrq = 0
	for (i = 2; i <= n; i++) {
		if (w[i] == "Pa" || w[i] == "Ns" || w[i] == "")
			continue
		if (w[i] == "Ar") { cur = cur "<" w[++i] ">"; continue }
		if (w[i] == "Brq") { pre = cur; cur = ""; inbrq = 1; continue }
		if (w[i] == ",") { keys[++nk] = pre cur; cur = ""; continue }
		cur = cur w[i]
	}
	if (cur != "")
		keys[++nk] = pre cur
}
/^\.It / {
	if (open_ && body != "") flush()
	parse($0); open_ = 1; next
}
/^\.(El|Ss|Sh|Bl)( |$)/ { if (open_) flush(); next }
open_ { body = body "\\n" $0 }
END { if (open_) flush() }
' "$page" > "$T/page"

n=$(wc -l < "$T/table")
echo "1..$((n + 1))"
i=0
while IFS='	' read -r key doc; do
	i=$((i + 1))
	entries=$(awk -F '\t' -v k="$key" '$1 == k' "$T/page")
	if [ -z "$entries" ]; then
		echo "not ok $i - $key: no entry in xenballoon-xenstore(7)"
	elif ! printf '%s\n' "$entries" | grep -qF "\\n$doc"; then
		echo "not ok $i - $key: its entry lacks \"$doc\""
	else
		echo "ok $i - $key: documented with its writer, form and bound"
	fi
done < "$T/table"
extra=$(cut -f1 "$T/page" | sort -u | while read -r k; do
	cut -f1 "$T/table" | grep -qxF "$k" || printf ' %s' "$k"; done)
if [ -z "$extra" ]; then
	echo "ok $((n + 1)) - the page documents no key absent from the table"
else
	echo "not ok $((n + 1)) - the page documents keys the table lacks:$extra"
fi
