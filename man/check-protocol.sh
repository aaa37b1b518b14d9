#!/bin/sh
# man/check-protocol.sh - xenballoonctl(8) against the protocol's table
# (common/control.h, listed by tests/unit/test-control --doc): every
# command xenballoonctl offers has its .It Cm entry, PROTOCOL names every
# command, every member name is in the page, and the page's JSON OUTPUT
# and PROTOCOL sections name no member the table lacks (a word with an
# underscore in an .Li line is read as a member name; PROTOCOL's
# paragraph on version 1 is history and is skipped).
set -u
page=$XB_SRCDIR/man/xenballoonctl.8
list=$XB_BUILDDIR/tests/unit/test-control
if [ ! -x "$list" ]; then
	echo "1..0 # SKIP tests/unit/test-control not built"
	exit 0
fi
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
"$list" --doc > "$T/table" || { echo "1..0 # SKIP test-control --doc failed"; exit 0; }

# Words of the page's macro lines, a line each, punctuation dropped:
# "words" all of them, "protocol" those of PROTOCOL's command list, and
# "json" the .Li words of JSON OUTPUT and PROTOCOL (history aside).
awk -v dir="$T" '
/^\.Sh / { sec = $0; sub(/^\.Sh /, "", sec); hist = 0 }
/^Version 1 / { hist = 1 }
/^\.Pp/ && sec == "PROTOCOL" { hist = 0 }
/^\./ {
	line = $0
	gsub(/[{}\[\](),":;]/, " ", line)
	n = split(line, w, /[ \t.]+/)
	for (i = 1; i <= n; i++) {
		if (w[i] == "") continue
		print w[i] > (dir "/words")
		if (sec == "PROTOCOL" && $1 == ".Cm") print w[i] > (dir "/protocol")
		if ((sec == "JSON OUTPUT" || sec == "PROTOCOL") && !hist &&
		    $0 ~ /^\.Li/ && w[i] ~ /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/)
			print w[i] > (dir "/json")
	}
}
/^\.It Cm / { print $3 > (dir "/entries") }
' "$page"
touch "$T/words" "$T/protocol" "$T/json" "$T/entries"

n=0
out() { n=$((n + 1)); echo "$1 $n - $2"; }
has() { grep -qxF -- "$2" "$T/$1"; }
awk -F '\t' '$1 == "cmd"' "$T/table" > "$T/cmds"
awk -F '\t' '$1 == "member" { print $2 }' "$T/table" > "$T/members"
sort -u "$T/json" > "$T/json.u"
total=$(( $(awk -F '\t' '$3 == 1' "$T/cmds" | wc -l) + $(wc -l < "$T/cmds") +
    $(wc -l < "$T/members") + $(wc -l < "$T/json.u") ))
echo "1..$total"
while IFS='	' read -r _ name cli; do
	[ "$cli" = 1 ] || continue
	if has entries "$name"; then out ok "command $name: an entry"
	else out "not ok" "command $name: no .It Cm $name entry in xenballoonctl(8)"; fi
done < "$T/cmds"
while IFS='	' read -r _ name _; do
	if has protocol "$name"; then out ok "command $name: in PROTOCOL"
	else out "not ok" "command $name: not listed in PROTOCOL"; fi
done < "$T/cmds"
while read -r m; do
	if has words "$m"; then out ok "member $m: documented"
	else out "not ok" "member $m: not in xenballoonctl(8)"; fi
done < "$T/members"
while read -r w; do
	if has members "$w"; then out ok "page's $w: a member"
	else out "not ok" "page's $w: no such member (common/control.h)"; fi
done < "$T/json.u"
