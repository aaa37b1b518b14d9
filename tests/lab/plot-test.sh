#!/bin/bash
# plot-test: tests/lab/plot on a canned console: each scenario gets the
# samples taken while it ran (the monitor's log comes after the results
# on the console, as in a real run), a panel per domain with what it
# holds, its target and what its agent says it uses (-1: no line), and
# the host's free memory; gnuplot draws it when installed.
set -u
S=${XB_SRCDIR:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/xb-labplot.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
n=0
check() { d=$1; shift; n=$((n + 1)); if "$@"; then echo "ok $n - $d"; else echo "not ok $n - $d"; fi; }
echo "1..9"
{
	printf '@@lab begin balance 1000\r\n'
	printf '@@lab result balance pass 3.0\n'
	printf '@@lab begin demand 5000\n'
	printf '@@lab result demand fail 2.0 g2 starved\n'
	for ms in 0 1000 2000 3000 4000 5000 6000 7000 8000; do
		printf '@@mon mon %d total=2097152 free=%d claims=0 need=0 over=-1 sum=1 n=3 xbd=7 0:524288/-1/524288/0/-1 1:%d/%d/1048576/0/%d 2:262144/262144/1048576/0/-1\n' \
		    $ms $((1048576 - ms)) $((262144 + ms)) $((300000 + ms)) $((100000 + ms))
	done
} > "$T/serial.log"
"$S/tests/lab/plot" "$T/serial.log" "$T/pics" > "$T/out" 2>&1
check "plot exits 0 and says what it drew" \
    grep -q "^lab: .* 2 scenarios in $T/pics" "$T/out"
rows() { awk -v b="\$d$2 << EOD" '$0 == b { on = 1; next } /^EOD$/ { on = 0 } on' "$T/pics/$1.gp"; }
check "balance: the samples of its window only (1 s to 4 s: 4)" \
    test "$(rows balance 1 | wc -l)" = 4
check "demand: its own (5 s to 7 s: 3)" test "$(rows demand 1 | wc -l)" = 3
check "  in seconds into the scenario, MiB held, target, used" \
    test "$(rows demand 1 | head -n 1)" = "0.0 260.9 297.9 102.5"
check "  a guest without an agent has no used figure (NaN)" \
    test "$(rows demand 2 | head -n 1)" = "0.0 256.0 256.0 NaN"
check "  a panel per domain and the host's" \
    test "$(grep -c '^plot ' "$T/pics/demand.gp")" = 4
check "  the verdict in its title" grep -q 'title "lab: demand (fail)"' "$T/pics/demand.gp"
if command -v gnuplot > /dev/null 2>&1; then
	check "gnuplot drew it (SVG)" grep -q "</svg>" "$T/pics/demand.svg"
else
	n=$((n + 1))
	echo "ok $n - gnuplot drew it (SVG) # SKIP gnuplot missing (apt-get install gnuplot-nox)"
fi
# A scenario begun without a start time (an older console) is not drawn
# at a made-up time.
printf '@@lab begin old\n@@lab result old pass 1.0\n@@mon mon 500 total=1 free=1 claims=0 need=0 over=-1 sum=1 n=1 xbd=0 0:1/1/1/0/-1\n' > "$T/old.log"
"$S/tests/lab/plot" "$T/old.log" "$T/old" > /dev/null 2>&1
check "a scenario without a start time is not drawn" test ! -e "$T/old/old.gp"
