# timeout: 180
# sigkill: a xenballoond killed with SIGKILL is restarted by systemd
# (Restart=on-failure) and answers again.
ensure_running
pid=$(prop "$UNIT" MainPID)
n0=$(prop "$UNIT" NRestarts)
kill -9 "$pid"
echo "killed $pid (NRestarts was $n0)"
new_pid() { p=$(prop "$UNIT" MainPID); [ "$p" != 0 ] && [ "$p" != "$pid" ] && active "$UNIT"; }
wait_for 90 new_pid || fail "not restarted within 90 s: $(prop "$UNIT" ActiveState)/$(prop "$UNIT" SubState)"
n1=$(prop "$UNIT" NRestarts)
echo "restarted as $(prop "$UNIT" MainPID), NRestarts $n1"
[ "$n1" -eq $((n0 + 1)) ] || fail "NRestarts went from $n0 to $n1, expected one restart"
wait_for 60 ctl status > /dev/null || fail "the restarted daemon does not answer"
pass
