# timeout: 120
# net-plumbing: each guest's vif sits on the bridge (netback + the lab's
# hotplug script), the guest's eth0 is up, and dom0 and guest ping both ways.
need_guests
for g in g1 g2 g3; do
	id=$(domid "$g")
	n=$(echo "$g" | tr -cd 0-9)
	ip=$NET.$((10 + n))
	master=$(basename "$(readlink "/sys/class/net/vif$id.0/master")")
	[ "$master" = "$BRIDGE" ] || fail "vif$id.0 is not on $BRIDGE (master '$master')"
	[ "$(xsr "/local/domain/0/backend/vif/$id/0/hotplug-status")" = connected ] \
		|| fail "hotplug-status of vif$id.0 is not 'connected'"
	op=$(gcmd "$g" "cat /sys/class/net/eth0/operstate") \
		|| fail "$g: cannot read eth0 operstate: $op"
	[ "$op" = up ] || fail "$g: eth0 operstate '$op', want 'up'"
	wait_for 20 ping -c 1 -W 1 "$ip" > /dev/null || fail "dom0 cannot ping $g at $ip"
	r=$(gcmd "$g" "ping -c 1 -W 2 $NET.1") || fail "$g cannot ping dom0: $r"
	echo "$g: vif$id.0 on $BRIDGE, eth0 up, $ip answers both ways"
done
pass
