#!/bin/sh
# tests/package/metrics.sh - xenballoon-metrics turns a status reply into
# valid Prometheus text: sizes in bytes, label values escaped, a domain's
# series keyed by its UUID alone, one state series per state; and without
# a status reply it says xenballoon_up 0 and leaves nothing stale.
set -u
M=${XB_BUILDDIR:?run from make check}/contrib/xenballoon-metrics
D=$XB_SRCDIR/tests/package/data
T=$(mktemp -d "${TMPDIR:-/tmp}/xb-metrics.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
n=0
check() {	# name, command...
	name=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}
has() { grep -qxF "$1" "$T/out"; }

"$M" "$D/status.json" >"$T/out" 2>"$T/err"
check "a status reply is converted (exit 0)" test "$?" -eq 0
check "the daemon answered: up 1" has "xenballoon_up 1"
check "host sizes are in bytes" has "xenballoon_host_total_bytes 8589934592"
check "reserved memory is exported" has "xenballoon_host_reserved_bytes 1073741824"
check "counters are typed as such" has "# TYPE xenballoon_rounds_total counter"
U3='uuid="5e2b1c1a-0000-4000-8000-000000000003"'
U0='uuid="00000000-0000-0000-0000-000000000000"'
check "the info metric maps a UUID to name and domid, quotes escaped" \
    has "xenballoon_domain_info{$U3,name=\"we\\\"b\",domid=\"3\"} 1"
check "a domain's sizes are keyed by its UUID alone" \
    has "xenballoon_domain_actual_bytes{$U3} 3555721216"
check "no series but the info metric carries a domid or a name" \
    sh -c '! grep -v "^xenballoon_domain_info{" "$1" | grep -q "domid=\|name="' \
    sh "$T/out"
check "the planner's demand for the domain, in bytes" \
    has "xenballoon_domain_demand_bytes{$U3} 2147483648"
check "PSI percent becomes a ratio" \
    has "xenballoon_guest_psi_some_avg10_ratio{$U3} 0.0012"
check "the guest's OOM kills are a counter, its refault rate in bytes/s" sh -c '
    grep -qx "# TYPE xenballoon_guest_oom_kills_total counter" "$1" &&
    grep -qxF "xenballoon_guest_oom_kills_total{$2} 4" "$1" &&
    grep -qxF "xenballoon_guest_refault_bytes_per_second{$2} 1536000" "$1"' \
    sh "$T/out" "$U3"
check "the guest's MemAvailable (mem_available_kib) in bytes" \
    has "xenballoon_guest_memavailable_bytes{$U3} 969932800"
check "the current state is 1, the others 0" sh -c '
    [ "$(grep -cF "xenballoon_domain_state{$2," "$1")" -eq 7 ] &&
    grep -q "state=\"stuck\"} 1$" "$1" && ! grep -q "state=\"idle\"} 1$" "$1"' \
    sh "$T/out" "$U3"
check "an unknown value is left out (dom0 has no target)" \
    sh -c '! grep -qF "xenballoon_domain_target_bytes{$2}" "$1"' sh "$T/out" "$U0"
check "reservations are listed by id and state" \
    has 'xenballoon_reservation_bytes{id="3",state="held"} 1073741824'
check "the daemon's plan time quantiles are gauges in seconds" sh -c '
    grep -qx "# TYPE xenballoon_plan_p99_seconds gauge" "$1" &&
    grep -qx "xenballoon_plan_p50_seconds 0.000120" "$1" &&
    grep -qx "xenballoon_plan_p99_seconds 0.002500" "$1" &&
    grep -qx "xenballoon_plan_max_seconds 0.003100" "$1" &&
    ! grep -q "quantile=" "$1"' sh "$T/out"
check "the daemon's counters are exported" sh -c '
    grep -qx "xenballoon_plans_total 40" "$1" &&
    grep -qx "xenballoon_watch_events_total 1234" "$1"' sh "$T/out"
# Every sample line is "name{labels} value" or "name value", every family
# has HELP and TYPE before its first sample.
check "every line is valid exposition format" awk '
    /^# HELP [a-z_][a-z0-9_]* / { help[$3] = 1; next }
    /^# TYPE [a-z_][a-z0-9_]* (gauge|counter)$/ { type[$3] = 1; next }
    {
        name = $1; sub(/\{.*/, "", name)
        if ($0 !~ /^[a-z_][a-z0-9_]*(\{([a-z_]+="([^"\\]|\\.)*",?)+\})? -?[0-9.]+$/ ||
            !(name in help) || !(name in type)) { print "bad: " $0; bad = 1 }
    }
    END { exit bad }' "$T/out"
"$M" -o "$T/x.prom" "$D/status.json"
# The same figures as on standard output, but for the time of the run
# (the two runs may straddle a second).
check "-o writes the file whole, no temporary left" \
    sh -c 'ts="^xenballoon_last_success_timestamp_seconds "
	grep -v "$ts" "$1/x.prom" > "$1/x.cmp" && grep -v "$ts" "$1/out" > "$1/out.cmp" &&
	cmp -s "$1/x.cmp" "$1/out.cmp" && grep -q "$ts" "$1/x.prom" &&
	[ ! -e "$1/x.prom.tmp" ]' sh "$T"
t0=$(date +%s)
"$M" -o "$T/y.prom" "$D/status.json"
t1=$(date +%s)
last=$(sed -n 's/^xenballoon_last_success_timestamp_seconds \([0-9]*\)$/\1/p' "$T/y.prom")
check "the last success is the time of the run" \
    test "${last:-0}" -ge "$t0" -a "${last:-0}" -le "$t1"
: | "$M" -o "$T/y.prom" 2>"$T/err"
check "no reply (a stopped daemon): exit 1, and says so" sh -c '
    [ "$2" -eq 1 ] && grep -q "empty: no status reply" "$1"' sh "$T/err" "$?"
check "no reply: the file says up 0 and keeps the last success, nothing else" \
    sh -c '[ "$(grep -v "^#" "$1")" = "xenballoon_up 0
xenballoon_last_success_timestamp_seconds $2" ] && [ ! -e "$1.tmp" ]' \
    sh "$T/y.prom" "$last"
echo '{"ok": false, "error": "busy"}' | "$M" -o "$T/y.prom" 2>/dev/null
check "an error reply is no status either: up 0, the last success kept" \
    sh -c '[ "$(grep -v "^#" "$1")" = "xenballoon_up 0
xenballoon_last_success_timestamp_seconds $2" ]' sh "$T/y.prom" "$last"
printf 'xenballoon_last_success_timestamp_seconds 12x\n' >"$T/z.prom"
: | "$M" -o "$T/z.prom" 2>/dev/null
check "a mangled last success in the old file is not carried over" \
    sh -c '[ "$(grep -v "^#" "$1")" = "xenballoon_up 0" ]' sh "$T/z.prom"
: | "$M" >"$T/down" 2>/dev/null
check "no reply on standard output: up 0 alone" \
    sh -c '[ "$(grep -v "^#" "$1")" = "xenballoon_up 0" ]' sh "$T/down"
echo '{"host": {"total_kib": 1}, "domains": []}' | "$M" >"$T/old" 2>"$T/err"
check "a reply from a daemon without the daemon object still converts" \
    sh -c '[ "$2" -eq 0 ] && ! grep -q "xenballoon_plans_total" "$1"' sh "$T/old" "$?"
echo '{"host": {}, "domains": [
    {"uuid": "u1", "domid": 1, "name": "a", "actual_kib": 1},
    {"uuid": "u1", "domid": 2, "name": "b", "actual_kib": 2},
    {"domid": 3, "name": "c", "actual_kib": 3}]}' | "$M" >"$T/dup" 2>"$T/err"
check "a UUID listed twice: the first domain's series only, and a warning" \
    sh -c '[ "$(grep -c "^xenballoon_domain_" "$1")" -eq 2 ] &&
    grep -qx "xenballoon_domain_actual_bytes{uuid=\"u1\"} 1024" "$1" &&
    grep -q "u1 listed twice" "$2"' sh "$T/dup" "$T/err"
check "a domain without a UUID has no series" \
    sh -c '! grep -q "name=\"c\"\|} 3072$" "$1"' sh "$T/dup"
if command -v promtool >/dev/null 2>&1; then
	for f in out dup down; do
		check "promtool check metrics accepts the $f output" \
		    sh -c 'promtool check metrics <"$1" >/dev/null 2>&1' sh "$T/$f"
	done
else
	for f in out dup down; do
		n=$((n + 1))
		echo "ok $n - promtool check metrics accepts the $f output # SKIP promtool not installed (apt-get install prometheus)"
	done
fi
echo '[]' | "$M" >/dev/null 2>"$T/err"
check "a reply without host and domains is refused (exit 1)" test "$?" -eq 1
echo '{"host":' | "$M" >/dev/null 2>"$T/err"
check "malformed JSON is refused with its position" \
    sh -c '[ "$2" -eq 1 ] && grep -q "<stdin>:[0-9]*: " "$1"' sh "$T/err" "$?"
"$M" -x >/dev/null 2>&1
check "a bad option is a usage error (exit 2)" test "$?" -eq 2
echo "1..$n"
