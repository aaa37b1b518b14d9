# timeout: 300
# restart: xenballoond is killed (SIGKILL) in the middle of a rebalance and
# started again; the admin's policy survives and no sample overcommits.
need_guests
daemon_ensure
wait_for 120 settled g1 g2 g3 || fail "guests not settled before the test"
start=$(now_ms)
ctl set g1 min=320M weight=300 || fail "xenballoonctl set g1 refused"
wait_for 90 sh -c ". /lab/lab.sh; [ \$(target_kib g1) -ge 327680 ]" \
	|| fail "g1 was not raised to its new minimum (target $(target_kib g1))"
# Start a move, and kill the daemon while it is under way.
cur=$(tot_kib g2)
to=$(( cur / 1024 > 300 ? cur / 1024 - 128 : cur / 1024 + 128 ))
ctl target g2 ${to}M 2> "$LAB/restart.err" \
	|| fail "xenballoonctl target g2 ${to}M refused: $(tr '\n' ' ' < "$LAB/restart.err")"
sleep 1
old=$(daemon_pid)
kill -9 "$old"
echo "killed xenballoond ($old) with g2 at $(( $(tot_kib g2) / 1024 )) MiB on its way to $to MiB"
sleep 5
daemon_start || fail "xenballoond did not come back: $(tail -n 3 "$LAB/xenballoond.log" | tr '\n' ' ')"
echo "restarted as $(daemon_pid)"
[ "$(dom_field g1 min_kib)" = 327680 ] || fail "g1's min was lost across the restart (min_kib '$(dom_field g1 min_kib)')"
[ "$(dom_field g1 weight)" = 300 ] || fail "g1's weight was lost across the restart (weight '$(dom_field g1 weight)')"
echo "policy kept: g1 min $(dom_field g1 min_kib) KiB weight $(dom_field g1 weight); g2 pin '$(dom_field g2 pinned_kib)'"
wait_for 150 settled g1 g2 g3 || fail "no convergence after the restart"
end=$(now_ms)
ctl unpin g2
ctl set g1 min=128M weight=100
out=$(mon_check "$start" "$end") || fail "overcommit: $out"
echo "monitor: $out"
pass
