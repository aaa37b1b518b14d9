# .ci/count.sh - how .ci/run turns a stage's log into passes, failures
# and skips (sourced by .ci/run, and by tests/ci/ci-count.sh on canned
# logs).  Every stage adds to the totals, whatever happened to it:
#  - a stage skipped as a whole (the package test without root or
#    debootstrap: "1..0 # SKIP why"; no lab runner) is 1 skipped, and
#    says why;
#  - an expected failure (automake's XFAIL) is not a pass: it is counted
#    as skipped, so it cannot make up a stage's passes;
#  - a stage that ran is failed (1 more failure, unless a test already
#    failed in it) when it exits non-zero, leaves no summary, or passes
#    fewer tests than its floor -- a suite that quietly lost half its
#    tests must not look green.
# The caller sets passed, failed and skipped to 0 and prints them.

# ci_parse_automake LOG: "PASS FAIL SKIP XFAIL" summed over automake's
# summaries ("# PASS:  12"; XPASS and ERROR are failures), or nothing
# when the log has none.
ci_parse_automake() {
	grep -q '^# TOTAL:' "$1" || return 0
	awk '/^# PASS:/ {p += $3} /^# (FAIL|XPASS|ERROR):/ {f += $3}
	    /^# SKIP:/ {s += $3} /^# XFAIL:/ {x += $3}
	    END {print p + 0, f + 0, s + 0, x + 0}' "$1"
}

# ci_parse_line LOG PREFIX: "PASS FAIL SKIP 0" from the last line
# "PREFIX: N passed, N failed[, N skipped]", or nothing.
ci_parse_line() {
	grep -E "^$2: [0-9]+ passed, [0-9]+ failed" "$1" | tail -n 1 |
	    sed -E 's/^[^:]*: ([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/' |
	    awk '{print $1, $2, $3 + 0, 0}'
}

# ci_parse_fuzz LOG: "PASS FAIL 0 0" from make fuzz's verdict a target,
# or nothing when no target reported.
ci_parse_fuzz() {
	grep -Eq '^fuzz: [a-z]+: .*(, clean|FAILED)' "$1" || return 0
	echo "$(grep -Ec '^fuzz: [a-z]+: .*, clean$' "$1")" \
	    "$(grep -Ec '^fuzz: [a-z]+: .*FAILED' "$1")" 0 0
}

# ci_skip_reason LOG: why the whole stage was skipped ("1..0 # SKIP why"
# from a TAP script, or "ci-skip: why" from .ci/run), or nothing.
ci_skip_reason() {
	sed -n -e 's/^1\.\.0 # SKIP *//p' -e 's/^ci-skip: *//p' "$1" | head -n 1
}

# ci_tally NAME LOG RC FLOOR FORMAT [PREFIX]: add the stage to the totals
# and print its own line.  FORMAT: automake, line (with PREFIX), fuzz, or
# exit (no tests of its own: 1 passed or 1 failed by its exit status).
ci_tally() {
	local name=$1 log=$2 rc=$3 floor=$4 format=$5 prefix=${6:-}
	local why counts p f s x extra=""

	case $format in
	automake) counts=$(ci_parse_automake "$log") ;;
	line) counts=$(ci_parse_line "$log" "$prefix") ;;
	fuzz) counts=$(ci_parse_fuzz "$log") ;;
	exit) counts="$([ "$rc" = 0 ] && echo 1 0 || echo 0 1) 0 0" ;;
	esac
	# No summary, but a reason to skip it all and a clean exit.
	why=$(ci_skip_reason "$log")
	if [ -z "$counts" ] && [ -n "$why" ] && [ "$rc" = 0 ]; then
		skipped=$((skipped + 1))
		echo "ci: $name: 0 passed, 0 failed, 1 skipped (skipped as a whole: $why)"
		return 0
	fi
	if [ -z "$counts" ]; then
		counts="0 1 0 0"
		extra=" (no summary in its log: counted as 1 failed)"
	fi
	set -- $counts
	p=$1 f=$2 s=$3 x=$4
	if [ "$f" = 0 ] && [ "$rc" != 0 ]; then
		f=1
		extra="$extra (exit $rc with no failed test: counted as 1 failed)"
	fi
	if [ "$f" = 0 ] && [ "$p" -lt "$floor" ]; then
		f=1
		extra="$extra (below its floor of $floor passes: counted as failed)"
	fi
	[ "$x" = 0 ] || extra="$extra ($x expected failures counted as skipped)"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s + x))
	echo "ci: $name: $p passed, $f failed, $((s + x)) skipped (floor $floor)$extra"
	[ "$f" = 0 ]
}
