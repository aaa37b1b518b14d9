# timeout: 300
# boot: systemd started xenballoond after Debian's xen (xenstored up, xenfs
# on /proc/xen) and before xendomains created the guests of /etc/xen/auto
# (each reserves its memory from it first); it reached READY (Type=notify)
# and balanced them.
xen_ms=$(mono_ms xen.service ActiveEnterTimestampMonotonic)
xd_ms=$(mono_ms xendomains.service ActiveEnterTimestampMonotonic)
xd_start_ms=$(mono_ms xendomains.service InactiveExitTimestampMonotonic)
xb_ms=$(mono_ms "$UNIT" ExecMainStartTimestampMonotonic)
ready_ms=$(mono_ms "$UNIT" ActiveEnterTimestampMonotonic)
echo "xen.service active at ${xen_ms} ms, xendomains.service at ${xd_ms} ms,"
echo "xenballoond started at ${xb_ms} ms, active (READY=1) at ${ready_ms} ms"
echo "xenballoond After=: $(prop "$UNIT" After)"
[ "$(prop "$UNIT" ConditionResult)" = yes ] \
	|| fail "xenballoond was skipped: ConditionPathExists=/proc/xen/capabilities false when checked"
[ "$xen_ms" -gt 0 ] || fail "xen.service never became active"
[ "$xd_ms" -gt 0 ] || fail "xendomains.service never became active"
[ "$xb_ms" -gt 0 ] || fail "xenballoond was never started: $(prop "$UNIT" ActiveState)/$(prop "$UNIT" Result)"
[ "$xb_ms" -ge "$xen_ms" ] || fail "xenballoond started before xen.service was up ($xb_ms < $xen_ms ms)"
[ "$ready_ms" -le "$xd_start_ms" ] || fail "xendomains started creating the guests before xenballoond was ready ($xd_start_ms < $ready_ms ms)"
active "$UNIT" || fail "xenballoond is $(prop "$UNIT" ActiveState) ($(prop "$UNIT" Result))"
[ "$ready_ms" -ge "$xb_ms" ] || fail "xenballoond never reached READY"
echo "$xb_ms" > "$LAB/first-start-ms"
grep -q control_d /proc/xen/capabilities || fail "/proc/xen is not mounted (xenfs)"
xsr / > /dev/null || fail "xenstored does not answer"
j=$(journalctl -b --no-pager -o cat -u "$UNIT")
echo "$j" | grep -q "started (backend xen" || fail "no 'started' line from xenballoond in the journal"
echo "$j" | grep -q "^Started xenballoond.service\|^Started Xen guest memory balancer" \
	|| fail "the journal has no 'Started' line (READY=1) for the unit"
st=$(prop "$UNIT" StatusText)
echo "status: $st"
[ -n "$st" ] || fail "no STATUS= text"
for g in g1 g2; do
	id=$(domid "$g") || fail "$g from /etc/xen/auto is not running (xendomains)"
	# The guest's init says so on its console (xenconsoled logs it).
	if ! wait_for 180 grep -qs "xblab-guest: up" "/var/log/xen/console/guest-$g.log"; then
		xl list
		tail -n 5 /var/log/xen/*.log /var/log/xen/console/*.log
		fail "$g did not boot (console: $(tail -n 2 "/var/log/xen/console/guest-$g.log" 2>/dev/null | tr '\n' ' '))"
	fi
	grep -s "xblab-guest" "/var/log/xen/console/guest-$g.log"
	wait_for 60 sh -c "[ -n \"\$(xenstore-read /tool/xenballoon/domain/$id/target 2>/dev/null)\" ]" \
		|| fail "xenballoond published nothing for $g (domid $id)"
	state=$(xsr "/tool/xenballoon/domain/$id/state")
	target=$(xsr "/local/domain/$id/memory/target")
	dmax=$(xsr "/local/domain/$id/memory/dynamic-max")
	echo "$g: domid $id, state $state, memory/target $target KiB, dynamic-max $dmax KiB, published target $(xsr "/tool/xenballoon/domain/$id/target") KiB"
	case $state in
	idle|growing|shrinking) ;;
	*) fail "$g is not managed (state '$state': $(xsr "/tool/xenballoon/domain/$id/reason"))" ;;
	esac
	[ -n "$dmax" ] || fail "xenballoond wrote no memory/dynamic-max for $g"
	# xl created it with memory = 128 (131072 KiB) and autoballoon is off:
	# only xenballoond moves a target.
	wait_for 60 sh -c "[ \$(xenstore-read /local/domain/$id/memory/target) != 131072 ]" \
		|| fail "xenballoond never wrote a target for $g (still the 131072 KiB xl set)"
	echo "$g: target now $(xsr "/local/domain/$id/memory/target") KiB"
done
echo "$(journalctl -b --no-pager -o cat -u xendomains | tail -n 3)"
pass
