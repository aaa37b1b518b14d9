#!/bin/sh
# tests/package/metrics.sh - xenballoon-metrics turns a status reply into
# valid Prometheus text: sizes in bytes, label values escaped, one state
# series per state, and it refuses what is not a status reply.
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
check "host sizes are in bytes" has "xenballoon_host_total_bytes 8589934592"
check "reserved memory is exported" has "xenballoon_host_reserved_bytes 1073741824"
check "counters are typed as such" has "# TYPE xenballoon_rounds_total counter"
check "a domain's sizes carry its labels, quotes escaped" \
    has 'xenballoon_domain_actual_bytes{domid="3",name="we\"b",uuid="5e2b1c1a-0000-4000-8000-000000000003"} 3555721216'
check "PSI percent becomes a ratio" \
    has 'xenballoon_guest_psi_some_avg10_ratio{domid="3",name="we\"b",uuid="5e2b1c1a-0000-4000-8000-000000000003"} 0.0012'
check "the guest's OOM kills are a counter, its refault rate in bytes/s" sh -c '
    grep -qx "# TYPE xenballoon_guest_oom_kills_total counter" "$1" &&
    grep -q "^xenballoon_guest_oom_kills_total{domid=\"3\".*} 4$" "$1" &&
    grep -q "^xenballoon_guest_refault_bytes_per_second{domid=\"3\".*} 1536000$" "$1"' sh "$T/out"
check "the guest's MemAvailable (mem_available_kib) in bytes" \
    sh -c 'grep -q "^xenballoon_guest_memavailable_bytes{domid=\"3\".*} 969932800$" "$1"' sh "$T/out"
check "the current state is 1, the others 0" sh -c '
    [ "$(grep -c "^xenballoon_domain_state{domid=\"3\"" "$1")" -eq 7 ] &&
    grep -q "state=\"stuck\"} 1$" "$1" && ! grep -q "state=\"idle\"} 1$" "$1"' sh "$T/out"
check "an unknown value is left out (dom0 has no target)" \
    sh -c '! grep -q "^xenballoon_domain_target_bytes{domid=\"0\"" "$1"' sh "$T/out"
check "reservations are listed by id and state" \
    has 'xenballoon_reservation_bytes{id="3",state="held"} 1073741824'
check "the daemon's plan time quantiles are in seconds" \
    has 'xenballoon_plan_seconds{quantile="0.99"} 0.002500'
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
check "-o writes the file whole, no temporary left" \
    sh -c 'cmp -s "$1/x.prom" "$1/out" && [ ! -e "$1/x.prom.tmp" ]' sh "$T"
echo '{"host": {"total_kib": 1}, "domains": []}' | "$M" >"$T/old" 2>"$T/err"
check "a reply from a daemon without the daemon object still converts" \
    sh -c '[ "$2" -eq 0 ] && ! grep -q "xenballoon_plans_total" "$1"' sh "$T/old" "$?"
echo '[]' | "$M" >/dev/null 2>"$T/err"
check "a reply without host and domains is refused (exit 1)" test "$?" -eq 1
echo '{"host":' | "$M" >/dev/null 2>"$T/err"
check "malformed JSON is refused with its position" \
    sh -c '[ "$2" -eq 1 ] && grep -q "<stdin>:[0-9]*: " "$1"' sh "$T/err" "$?"
"$M" -x >/dev/null 2>&1
check "a bad option is a usage error (exit 2)" test "$?" -eq 2
echo "1..$n"
