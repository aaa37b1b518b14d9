# timeout: 120
# no-overcommit: over the daemon's whole running time (from its first
# start at boot to now, restarts included), no monitor sample shows the
# targets promising more than the host has free (labmon, physinfo).
active "$UNIT" || fail "xenballoond not running"
wait_for 60 ctl status > /dev/null || fail "xenballoond does not answer"
sleep 5
start=$(cat "$LAB/first-start-ms" 2>/dev/null)
[ -n "$start" ] || fail "the boot scenario did not record the daemon's start"
out=$(mon_check "$start" "$(now_ms)") || fail "overcommit: $out"
echo "monitor from ${start} ms: $out"
pass
