# timeout: 180
# bad-config: a start with an invalid file fails once, with status 78
# (EX_CONFIG), and is not restarted every 2 s (RestartPreventExitStatus).
save_conf
cp "$LAB/conf.orig" "$CONF"
echo "slack = bogus" >> "$CONF"
since_ts=$(date '+%Y-%m-%d %H:%M:%S')
systemctl restart "$UNIT" > "$LAB/restart.out" 2>&1 && fail "systemctl restart succeeded with a bad file"
echo "systemctl restart with a bad file: $(tr '\n' ' ' < "$LAB/restart.out")"
# Long enough for three restarts at RestartSec=2s.
sleep 8
st=$(prop "$UNIT" ActiveState) res=$(prop "$UNIT" Result)
code=$(prop "$UNIT" ExecMainStatus) n=$(prop "$UNIT" NRestarts)
starts=$(journalctl --no-pager -o cat -u "$UNIT" --since "$since_ts" | grep -c "started\|Starting")
echo "after 8 s: $st/$res, exit status $code, NRestarts $n, start lines in the journal $starts"
journalctl --no-pager -o cat -u "$UNIT" --since "$since_ts" | tail -n 6
cp "$LAB/conf.orig" "$CONF"
systemctl reset-failed "$UNIT"
[ "$code" = 78 ] || fail "exit status $code, expected 78 (EX_CONFIG)"
[ "$n" = 0 ] || fail "restarted $n times on a bad file (restart loop)"
[ "$st" = failed ] || fail "state $st/$res, expected failed"
systemctl start "$UNIT" || fail "xenballoond did not start again on the good file"
pass
