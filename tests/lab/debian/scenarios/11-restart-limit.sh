# timeout: 180
# restart-limit: a daemon that exits 1 at every start (here a corrupt
# policy store, which no restart mends) is restarted a few times, then
# left failed ("Start request repeated too quickly"; systemd 252 keeps
# Result=exit-code, the last run's), not restarted every 2 s for ever.
ensure_running
store=/var/lib/xenballoon/policy.json
systemctl stop "$UNIT"
[ -e "$store" ] && cp -p "$store" "$LAB/policy.json.orig"
echo '{ "domains": ' > "$store"
systemctl reset-failed "$UNIT" 2>/dev/null
cur=$(journalctl -n 0 --show-cursor -o cat | sed -n 's/^-- cursor: //p')
systemctl start "$UNIT" 2> /dev/null && echo "systemctl start succeeded?"
# Five starts at RestartSec=2s take about 10 s; give it 90.
wait_for 90 sh -c "[ \"\$(systemctl show -p ActiveState --value $UNIT)\" = failed ]"
st=$(prop "$UNIT" ActiveState) res=$(prop "$UNIT" Result)
code=$(prop "$UNIT" ExecMainStatus) n=$(prop "$UNIT" NRestarts)
runs=$(journalctl --no-pager -o cat -u "$UNIT" --after-cursor="$cur" | grep -c "policy store:")
limit=$(journalctl --no-pager -o cat -u "$UNIT" --after-cursor="$cur" | grep -c "Start request repeated too quickly")
echo "after a corrupt $store: $st/$res, exit status $code, NRestarts $n, $runs runs said 'policy store:'"
journalctl --no-pager -o cat -u "$UNIT" --after-cursor="$cur" | tail -n 4
systemctl stop "$UNIT"
rm -f "$store"
[ -e "$LAB/policy.json.orig" ] && cp -p "$LAB/policy.json.orig" "$store"
systemctl reset-failed "$UNIT"
systemctl start "$UNIT" || fail "xenballoond did not start again with its store back"
[ "$runs" -ge 1 ] || fail "the daemon never said why it exited (no 'policy store:' line)"
[ "$st" = failed ] || fail "still $st/$(prop "$UNIT" SubState) after 90 s and $n restarts: no start limit (restart loop)"
[ "$res" = start-limit-hit ] || [ "$limit" -ge 1 ] \
	|| fail "failed with $res, not at the start limit"
[ "$code" = 1 ] || fail "exit status $code, expected 1"
pass
