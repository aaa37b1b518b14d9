# timeout: 120
# no-overcommit: over the daemon's whole running time (from its first
# start at boot to now, restarts included), no monitor sample shows the
# targets promising more than the host has free (labmon, physinfo).
ensure_running
wait_for 60 ctl status > /dev/null || fail "xenballoond does not answer"
sleep 5
# From the first start at boot (or, when boot failed, from the first one).
start=$(cat "$LAB/first-start-ms" 2>/dev/null)
[ -n "$start" ] || start=$(journalctl -b --no-pager -o short-monotonic -u "$UNIT" |
	awk '/started \(backend/ { t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t)
		printf "%d\n", t * 1000; exit }')
[ -n "$start" ] || fail "no start of xenballoond in the journal"
out=$(mon_check "$start" "$(now_ms)") || fail "overcommit: $out"
echo "monitor from ${start} ms: $out"
pass
