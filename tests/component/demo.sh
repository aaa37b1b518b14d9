#!/bin/sh
# tools/demo, as the README's "try it" runs it (make demo), here in batch
# mode: it comes up without Xen, shows every guest in top's frames, moves
# memory (a target changes between frames), and leaves nothing running.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

out=$T/demo.out
timeout 60 "$XB_SRCDIR/tools/demo" -b "$B" > "$out" 2>&1
rc=$?
diag "$(tail -n 6 "$out")"
check "tools/demo -b exits 0" test "$rc" = 0
check "  three frames of top" test "$(grep -c '^xenballoonctl top' "$out")" = 3
for g in web db batch build; do
	check "  guest $g shown" grep -q "^ *[0-9]* $g " "$out"
done
# Each frame's TARGET column (6th field... by name) per guest: at least one
# guest's target differs between the first and the last frame.
targets() {
	awk -v f="$1" '/^xenballoonctl top/ { n++ } n == f && $2 ~ /^(web|db|batch|build)$/ { print $2, $4 }' "$out"
}
check "  memory moved: a target changed between the first and last frame" \
    sh -c '[ "$1" != "$2" ]' sh "$(targets 1)" "$(targets 3)"
check "  nothing left running (no xb-xsd, xb-simhv or daemon of the demo)" \
    sh -c '! pgrep -f "xb-demo\." > /dev/null'
done_testing
