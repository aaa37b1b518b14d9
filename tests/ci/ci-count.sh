#!/bin/bash
# ci-count: how .ci/run counts a stage (.ci/count.sh), on canned logs --
# a full run, a suite that lost tests (below its floor), expected
# failures, a stage with no summary or a failing exit, and stages skipped
# as a whole -- and that the last line keeps its form.
shopt -s lastpipe	# "log | tally" keeps the totals
srcdir=${XB_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$srcdir/.ci/count.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0

check() {	# description, command...
	n=$((n + 1))
	if "${@:2}"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
# tally NAME RC FLOOR FORMAT [PREFIX] < log: totals from zero, in $T/out.
tally() {
	cat > "$T/$1.log"
	passed=0 failed=0 skipped=0
	ci_tally "$1" "$T/$1.log" "${@:2}" > "$T/out"
	totals="$passed passed, $failed failed, $skipped skipped"
}
automake() {	# PASS SKIP XFAIL FAIL XPASS ERROR, as make check prints it
	printf '# TOTAL: %d\n# PASS:  %d\n# SKIP:  %d\n# XFAIL: %d\n# FAIL:  %d\n# XPASS: %d\n# ERROR: %d\n' \
	    $(($1 + $2 + $3 + $4 + $5 + $6)) "$@"
}
is() { [ "$totals" = "$1" ] || { echo "# got: $totals"; false; }; }
says() { grep -q -- "$1" "$T/out" || { sed 's/^/# out: /' "$T/out"; false; }; }

automake 520 2 0 0 0 0 | tally check 0 500 automake
check "a full make check counts its passes and skips" is "520 passed, 0 failed, 2 skipped"

{ automake 300 0 0 0 0 0; automake 220 1 0 0 0 0; } | tally check 0 500 automake
check "summaries of several suites add up" is "520 passed, 0 failed, 1 skipped"

automake 412 2 0 0 0 0 | tally check 0 500 automake
check "a suite below its floor fails the stage (1 failed)" is "412 passed, 1 failed, 2 skipped"
check "  and says so" says "below its floor of 500"

automake 498 0 5 0 0 0 | tally check 0 500 automake
check "expected failures are skipped, not passed: 498 + 5 XFAIL is below 500" \
    is "498 passed, 1 failed, 5 skipped"

automake 510 0 0 2 1 1 | tally check 2 500 automake
check "FAIL, XPASS and ERROR are failures, not one more for the exit" \
    is "510 passed, 4 failed, 0 skipped"

automake 510 0 0 0 0 0 | tally asan 2 500 automake
check "a failing exit with no failed test is 1 failed" is "510 passed, 1 failed, 0 skipped"

printf 'make: *** [Makefile:1234: check-am] Error 2\n' | tally asan 2 500 automake
check "a stage that died before its summary is 1 failed" is "0 passed, 1 failed, 0 skipped"

printf 'configure: done\n' | tally asan 0 500 automake
check "a stage that exits 0 with no summary is 1 failed, not nothing" \
    is "0 passed, 1 failed, 0 skipped"

printf '1..0 # SKIP needs root (debootstrap, chroot)\n' |
    tally package 0 27 line package-test
check "the package test skipped as a whole is 1 skipped" is "0 passed, 0 failed, 1 skipped"
check "  with its reason" says "skipped as a whole: needs root (debootstrap, chroot)"

printf 'ok 1 - x\npackage-test: 27 passed, 0 failed, 0 skipped, 300 s (build 1 s)\n' |
    tally package 0 27 line package-test
check "a full package test counts its summary line" is "27 passed, 0 failed, 0 skipped"

printf 'package-test: 20 passed, 0 failed, 7 skipped, 30 s\n' |
    tally package 0 27 line package-test
check "a package test that skipped most of itself is below its floor" \
    is "20 passed, 1 failed, 7 skipped"

printf 'ci-skip: tests/lab/run missing\n' | tally lab 0 11 line lab
check "a missing lab runner is 1 skipped with its reason" is "0 passed, 0 failed, 1 skipped"
check "  and the reason is printed" says "tests/lab/run missing"

printf 'lab: 10 passed, 0 failed, 1 skipped (1 known failures, see x)\n' |
    tally lab 0 11 line lab
check "a lab with a known failure is below its floor of 11" is "10 passed, 1 failed, 1 skipped"

printf 'lab: 9 passed, 2 failed, 0 skipped\n' | tally lab 1 11 line lab
check "a lab with failed scenarios counts them, not the floor too" \
    is "9 passed, 2 failed, 0 skipped"

for t in guestkeys rtnl config store meminfo psi vmstat sysfs agentconf parse log request; do
	echo "fuzz: $t: 12345 executions in 15 s, clean"
done | tally fuzz 0 12 fuzz
check "12 clean fuzz targets are 12 passed" is "12 passed, 0 failed, 0 skipped"

for t in guestkeys rtnl config store meminfo psi vmstat sysfs agentconf parse log; do
	echo "fuzz: $t: 12345 executions in 15 s, clean"
done | tally fuzz 0 12 fuzz
check "11 clean fuzz targets are below the floor" is "11 passed, 1 failed, 0 skipped"

printf 'fuzz: build request\nfuzz: request: 10 executions in 15 s, FAILED (exit 1, see x)\n' |
    tally fuzz 1 12 fuzz
check "a failed fuzz target is 1 failed" is "0 passed, 1 failed, 0 skipped"

printf 'ok\n' | tally distcheck 0 1 exit
check "distcheck that passes is 1 passed" is "1 passed, 0 failed, 0 skipped"
printf 'ERROR\n' | tally distcheck 2 1 exit
check "distcheck that fails is 1 failed" is "0 passed, 1 failed, 0 skipped"

# .ci/run itself: its floors are set, and its last line keeps its form.
check ".ci/run sets a floor for every stage it counts" sh -c \
    '! grep -q "@[A-Z_]*@" "$1" && grep -Eq "^CHECK_PASSES_FLOOR=[0-9]+$" "$1"' \
    sh "$srcdir/.ci/run"
check ".ci/run ends with exactly 'N passed, N failed, N skipped'" grep -qx \
    'echo "$passed passed, $failed failed, $skipped skipped"' "$srcdir/.ci/run"
echo "1..$n"
