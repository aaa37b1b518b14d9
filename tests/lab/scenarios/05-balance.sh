# timeout: 300
# balance: xenballoond, started as its service would be, takes the
# guests over ($GUESTS: boot's three); their targets converge within the admin's bounds, and the
# independent monitor never sees an overcommit from the daemon's start on.
need_guests
daemon_ensure
start=$(cat "$LAB/daemon-start-ms")
# What the daemon says of each guest, for a failure to be read by.
why_each() {
	local g
	for g in $GUESTS; do
		echo -n "$g target=$(target_kib $g) tot=$(tot_kib $g) state=$(pub $g state) demand=$(pub $g demand) ($(pub $g reason)); "
	done
}
wait_for 180 settled $GUESTS \
	|| fail "targets did not converge in 180 s: $(why_each)"
ctl status
for g in $GUESTS; do
	t=$(target_kib $g) max=$(xsr "$(dompath $g)/memory/static-max")
	min=$(dom_field $g min_kib) managed=$(dom_field $g managed)
	[ "$managed" = true ] || fail "$g is not managed by xenballoond"
	[ -n "$min" ] && [ "$t" -ge "$min" ] && [ "$t" -le "$max" ] \
		|| fail "$g target $t KiB outside [min $min, static-max $max]"
	[ "$(pub $g target)" = "$t" ] || fail "$g: /tool/xenballoon target $(pub $g target) != memory/target $t"
	echo "$g: target $((t / 1024)) MiB in [$((min / 1024)), $((max / 1024))], state $(pub $g state)"
done
for k in total free committed slack; do
	[ -n "$(xsr /tool/xenballoon/host/$k)" ] || fail "/tool/xenballoon/host/$k is missing"
done
# Settled means settled: nothing moves over another 10 s.
before=$(for g in $GUESTS; do target_kib $g; done | tr '\n' ' ')
sleep 10
after=$(for g in $GUESTS; do target_kib $g; done | tr '\n' ' ')
[ "$before" = "$after" ] || fail "targets still moving after convergence: $before -> $after: $(why_each)"
out=$(mon_check "$start") || fail "overcommit: $out"
echo "monitor: $out"
pass
