#!/bin/sh
# xenballoon-metrics on the real daemon's status (xb-xsd, xb-simhv, the
# real xenballoond and xenballoonctl): promtool accepts the output, a
# domain's series follow its UUID across a re-create, a stopped daemon
# leaves up 0 and nothing stale, and every metric the Grafana dashboard
# queries is one this output holds.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

M=$B/contrib/xenballoon-metrics
DASH=$XB_SRCDIR/contrib/xenballoon-dashboard.json
NAMES=$XB_SRCDIR/tests/package/dashboard-names
PROMTOOL=$(command -v promtool)
UUID3=5e2b1c1a-0000-4000-8000-0000000000b3

# What the node_exporter timer runs (contrib/xenballoon-metrics.service).
scrape() { ctl --json status 2>/dev/null | "$M" -o "$T/x.prom" 2>"$T/err"; }
sample() { grep -qxF "$1" "$T/x.prom"; }
promcheck() {	# file: promtool check metrics, its output as diagnostics
	out=$("$PROMTOOL" check metrics <"$1" 2>&1)
	rc=$?
	[ -z "$out" ] || diag "promtool: $out"
	return $rc
}
dashcheck() {
	out=$("$NAMES" "$DASH" "$T/x.prom" 2>&1)
	rc=$?
	[ -z "$out" ] || diag "$out"
	return $rc
}

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 web 2G --static-max 4G --used 1G
"$SIMHV" create 2 db 2G --static-max 4G --behaviour stuck
"$SIMHV" create 3 batch 1G --static-max 2G --uuid "$UUID3"
start_sim
printf 'interval = 1s\nsettle = 50ms\nstuck-after = 1s\nstuck-probation = 60s\n' > "$T/conf"
xsw "/local/domain/1/$(xsk PSI_SOME_AVG10)" 12.50 "/local/domain/1/$(xsk OOM_KILLS)" 0
start_daemon

wait_for 100 sh -c '[ "$(xenstore-read "$1")" = stuck ]' sh "$(xsk TOOL_DOM_STATE 2)"
id=$(ctl reserve 512M --timeout 120s)
uuid1=$(dom_field web uuid)
scrape
check "the real daemon's status converts (exit 0)" test "$?" -eq 0
check "it answered: up 1" sample "xenballoon_up 1"
if [ -z "$PROMTOOL" ]; then
	skip "promtool check metrics accepts the output" \
	    "promtool not installed (apt-get install prometheus)"
	skip "promtool rejects the old plan_seconds gauge with a quantile label" \
	    "promtool not installed (apt-get install prometheus)"
else
	check "promtool check metrics accepts the output" promcheck "$T/x.prom"
	# The old output's mistake, appended: promtool must see it, or its
	# pass above proves nothing.
	{ cat "$T/x.prom"; printf '%s\n' '# HELP xenballoon_plan_seconds x' \
	    '# TYPE xenballoon_plan_seconds gauge' \
	    'xenballoon_plan_seconds{quantile="0.99"} 0.0025'; } >"$T/old.prom"
	check "promtool rejects the old plan_seconds gauge with a quantile label" \
	    sh -c '! "$1" check metrics <"$2" >/dev/null 2>&1' sh "$PROMTOOL" "$T/old.prom"
fi
check "the info metric maps web's UUID to its name and domid" \
    sample "xenballoon_domain_info{uuid=\"$uuid1\",name=\"web\",domid=\"1\"} 1"
check "the stuck domain holds what the hypervisor says, keyed by UUID" \
    sample "xenballoon_domain_actual_bytes{uuid=\"$(dom_field db uuid)\"} $(( $(sim_tot 2) * 1024 ))"
check "its state is stuck" \
    sample "xenballoon_domain_state{uuid=\"$(dom_field db uuid)\",state=\"stuck\"} 1"
check "the guest's PSI (12.50 %) is a ratio" \
    sample "xenballoon_guest_psi_some_avg10_ratio{uuid=\"$uuid1\"} 0.1250"
check "web's pressure is one spell of starvation, its time in seconds" sh -c '
    grep -qxF "xenballoon_domain_starve_spells_total{uuid=\"$2\"} 1" "$1" &&
    grep -Eqx "xenballoon_domain_starved_seconds_total\{uuid=\"$2\"\} [0-9]+\.[0-9]{4}" "$1"' \
    sh "$T/x.prom" "$uuid1"
check "the reservation is held, in bytes" \
    sample "xenballoon_reservation_bytes{id=\"$id\",state=\"held\"} 536870912"

if ! command -v jq >/dev/null 2>&1; then
	skip "every metric the dashboard queries is in the output" \
	    "jq not installed (apt-get install jq)"
else
check "every metric the dashboard queries is in the output" dashcheck
jq '.panels[0].targets[0].expr = "xenballoon_up + xenballoon_no_such_bytes"' \
    "$DASH" >"$T/bad.json"
check "a dashboard naming a metric that does not exist is caught" \
    sh -c '"$1" "$2" "$3" | grep -q "xenballoon_no_such_bytes: not in"' \
    sh "$NAMES" "$T/bad.json" "$T/x.prom"
if [ -z "$PROMTOOL" ]; then
	skip "every dashboard expression is valid PromQL" \
	    "promtool not installed (apt-get install prometheus)"
else
	# As recording rules, with Grafana's variables given values.
	{ echo "groups:"; echo "  - name: dashboard"; echo "    rules:"
	  jq -r '.. | objects | select(has("expr")) | .expr' "$DASH" |
	    sed -e 's/\$__rate_interval/1m/g' -e 's/\$[a-z_]*/.*/g' \
		-e "s/'/''/g" |
	    awk '{ printf "      - record: dashboard:q%d\n        expr: '"'"'%s'"'"'\n", NR, $0 }'
	} >"$T/rules.yml"
	check "every dashboard expression is valid PromQL (promtool check rules)" \
	    sh -c '"$1" check rules "$2" >"$2.out" 2>&1 ||
		{ sed "s/^/# /" "$2.out"; exit 1; }' sh "$PROMTOOL" "$T/rules.yml"
fi
fi

# A re-create (xl restore, a reboot of the guest): new domid, same UUID.
"$SIMHV" destroy 3
"$SIMHV" create 5 batch 1G --static-max 2G --uuid "$UUID3"
wait_for 100 sh -c '[ "$("$1" -s "$2" --json show batch |
    sed -n "s/^    \"domid\": \([0-9]*\),$/\1/p")" = 5 ]' sh "$CTL" "$T/ctl.sock"
scrape
check "re-created: the same UUID, now with domid 5 in the info metric" \
    sample "xenballoon_domain_info{uuid=\"$UUID3\",name=\"batch\",domid=\"5\"} 1"
check "re-created: one actual-bytes series for it, keyed as before" \
    test "$(grep -c "^xenballoon_domain_actual_bytes{uuid=\"$UUID3\"}" "$T/x.prom")" -eq 1
last=$(sed -n 's/^xenballoon_last_success_timestamp_seconds //p' "$T/x.prom")

stop_daemon
scrape
check "the daemon stopped: exit 1" test "$?" -eq 1
check "the daemon stopped: up 0, the last success kept, no other series" \
    test "$(grep -v '^#' "$T/x.prom")" = "xenballoon_up 0
xenballoon_last_success_timestamp_seconds $last"
if [ -z "$PROMTOOL" ]; then
	skip "promtool accepts the down file" "promtool not installed"
else
	check "promtool accepts the down file" promcheck "$T/x.prom"
fi
echo "1..$tap_n"
