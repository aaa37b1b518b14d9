# timeout: 240
# network: the agent publishes each guest's link in attr/vif/0/ and
# follows the guest taking the link down and up and changing its address.
need_guests
need_agent
for g in g1 g2 g3; do
	p=$(dompath $g)/attr/vif/0
	n=$(echo $g | tr -cd 0-9)
	wait_for 30 sh -c "[ \"\$(xenstore-read $p/operstate)\" = up ]" \
		|| fail "$g: attr/vif/0/operstate is '$(xsr $p/operstate)', want up"
	[ "$(xsr $p/name)" = eth0 ] || fail "$g: attr/vif/0/name is '$(xsr $p/name)'"
	[ "$(xsr $p/mac/0)" = "00:16:3e:00:00:$(printf %02x $((16 + n)))" ] || fail "$g: attr/vif/0/mac/0 is '$(xsr $p/mac/0)'"
	[ "$(xsr $p/mtu)" = 1500 ] || fail "$g: attr/vif/0/mtu is '$(xsr $p/mtu)'"
	[ "$(xsr $p/carrier)" = 1 ] || fail "$g: attr/vif/0/carrier is '$(xsr $p/carrier)'"
	xenstore-ls "$p" 2>/dev/null | grep -q "$NET.$((10 + n))" || fail "$g: no ipv4 key with $NET.$((10 + n)): $(xenstore-ls "$p" | tr '\n' ' ')"
	echo "$g: $(xenstore-ls "$p" | tr -s ' \n' ' ')"
done
g=g1
p=$(dompath $g)/attr/vif/0
gcmd $g "ip link set eth0 down" > /dev/null || fail "cannot take $g's eth0 down"
wait_for 20 sh -c "[ \"\$(xenstore-read $p/operstate)\" = down ]" \
	|| fail "operstate did not become down (is '$(xsr $p/operstate)')"
echo "link down: operstate=$(xsr $p/operstate) carrier=$(xsr $p/carrier 2>/dev/null || echo absent)"
gcmd $g "ip link set eth0 up" > /dev/null || fail "cannot bring $g's eth0 up"
wait_for 20 sh -c "[ \"\$(xenstore-read $p/operstate)\" = up ] && [ \"\$(xenstore-read $p/carrier)\" = 1 ]" \
	|| fail "link did not come back up in xenstore (operstate '$(xsr $p/operstate)')"
gcmd $g "ip addr add $NET.111/24 dev eth0" > /dev/null || fail "cannot add an address in $g"
wait_for 20 sh -c "xenstore-ls $p | grep -q '$NET.111'" || fail "new address $NET.111 not published"
gcmd $g "ip addr del $NET.111/24 dev eth0" > /dev/null
wait_for 20 sh -c "! xenstore-ls $p | grep -q '$NET.111'" || fail "removed address $NET.111 still published"
echo "down/up and address add/remove all followed"
if [ "$(manifest have_daemon)" = 1 ] && daemon_alive; then
	ctl status | grep -E " g1 " || true
fi
pass
