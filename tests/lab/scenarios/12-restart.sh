# timeout: 300
# restart: xenballoond is killed (SIGKILL) in the middle of a rebalance and
# started again; the admin's policy survives, the restarted daemon
# finishes the move, and no sample overcommits.  The move: g1's minimum
# is raised 256 MiB above its target, so the others must shrink first;
# the kill lands at the first target write of that rebalance, and g1's
# target and actual must still be below the new minimum then, so what
# the restarted daemon does is what completes it.
need_guests
daemon_ensure
wait_for 120 settled g1 g2 g3 || fail "guests not settled before the test"
start=$(now_ms)
t1=$(target_kib g1) t2=$(target_kib g2) t3=$(target_kib g3)
# As high as the host allows with g2 and g3 at their 128 MiB minimum and
# the slack free, less a margin, and no more than 256 MiB up.
room=$(( ($(free_kib) + $(tot_kib g1) + $(tot_kib g2) + $(tot_kib g3) - 65536 - 2 * 131072) / 1024 - 32 ))
max1=$(( $(xsr "$(dompath g1)/memory/static-max") / 1024 ))
new=$(( t1 / 1024 + 256 ))
[ "$new" -le "$room" ] || new=$room
[ "$new" -le "$max1" ] || new=$max1
[ "$new" -ge $(( t1 / 1024 + 128 )) ] \
	|| fail "no room to raise g1's min 128 MiB above its target $((t1 / 1024)) MiB (host room $room MiB, static-max $max1 MiB)"
newk=$((new * 1024))
echo "g1 target $((t1 / 1024)) MiB; raising its min to $new MiB"
ctl set g1 min=${new}M weight=300 || fail "xenballoonctl set g1 refused"
# Watch the three targets as fast as busybox can read them; kill at the
# first write.
moved() {
	[ "$(target_kib g1)" != "$t1" ] || [ "$(target_kib g2)" != "$t2" ] || [ "$(target_kib g3)" != "$t3" ]
}
deadline=$(( $(now_ms) + 30000 ))
while ! moved; do
	[ "$(now_ms)" -lt "$deadline" ] || fail "no target moved within 30 s of raising g1's min"
	sleep 0.1
done
old=$(daemon_pid)
kill -9 "$old"
killed=$(now_ms)
# Gone (or a zombie nobody reaps), so nothing writes a target any more.
wait_for 10 sh -c "! [ -d /proc/$old ] || grep -q ') Z' /proc/$old/stat" \
	|| fail "xenballoond $old still running 10 s after SIGKILL"
at_target=$(target_kib g1)
# g1's actual at the kill: at most what the next sample shows (it grows).
wait_for 5 sh -c ". /lab/lab.sh; [ \$(mon_last | cut -d' ' -f2) -gt $killed ]"
at_actual=$(tot_kib g1)
echo "killed xenballoond ($old) $((killed - start)) ms in: g1 target $((at_target / 1024)) MiB, actual <= $((at_actual / 1024)) MiB; g2 target $(( $(target_kib g2) / 1024 )) (was $((t2 / 1024))), g3 $(( $(target_kib g3) / 1024 )) (was $((t3 / 1024))) MiB"
[ "$at_target" -lt "$newk" ] && [ "$at_actual" -lt $((newk - 4096)) ] \
	|| fail "the kill did not land mid-move: g1 already had target $at_target KiB, actual $at_actual KiB of its $newk KiB minimum"
sleep 5
daemon_start || fail "xenballoond did not come back: $(tail -n 3 "$LAB/xenballoond.log" | tr '\n' ' ')"
echo "restarted as $(daemon_pid)"
[ "$(dom_field g1 min_kib)" = "$newk" ] || fail "g1's min was lost across the restart (min_kib '$(dom_field g1 min_kib)', want $newk)"
[ "$(dom_field g1 weight)" = 300 ] || fail "g1's weight was lost across the restart (weight '$(dom_field g1 weight)')"
echo "policy kept: g1 min $(dom_field g1 min_kib) KiB weight $(dom_field g1 weight)"
# The move is finished by the new daemon: nothing else writes targets.
wait_for 150 sh -c ". /lab/lab.sh; [ \$(target_kib g1) -ge $newk ] && settled g1 g2 g3" \
	|| fail "the restarted daemon did not finish the move: g1 target $(target_kib g1) actual $(tot_kib g1) KiB, min $newk"
end=$(now_ms)
echo "after the restart: g1 target $(( $(target_kib g1) / 1024 )) MiB, actual $(( $(tot_kib g1) / 1024 )) MiB ($(( (end - killed) / 1000 )) s after the kill)"
ctl set g1 min=128M weight=100
out=$(mon_check "$start" "$end") || fail "overcommit: $out"
echo "monitor: $out"
pass
