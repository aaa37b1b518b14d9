# timeout: 600
# debian-guest: the Debian 12 guest d1, started at boot by Debian's
# xendomains from /etc/xen/auto, runs our xenballoon-agent package
# (installed with apt) under systemd.  From dom0, plain xenstore-read sees
# the agent's keys; xenballoond manages d1, and a target it sets is what
# the guest's balloon reaches, in the hypervisor's count and in the
# agent's data/balloon.
G=gdeb
ensure_running
guest_up "$G"
id=$(domid "$G")
p=/local/domain/$id
echo "$G: domid $id, up at $(xsr "$p/data/lab/ready") s of its uptime, kernel $(xsr "$p/data/lab/kernel")"
journalctl -b --no-pager -o cat -u xendomains | grep -i "$G\|auto" | tail -n 3
pkg=$(gcmd "$G" "dpkg-query -W -f='\${Status} \${Version}' xenballoon-agent")
echo "$G: xenballoon-agent package: $pkg"
echo "$G: $(gcmd "$G" "systemd-analyze time 2>&1 | head -n 1")"
echo "dom0: $(systemd-analyze time 2>&1 | head -n 1)"
case $pkg in
"install ok installed "*) ;;
*) fail "xenballoon-agent is not installed in $G: $pkg" ;;
esac
# The agent's keys, as any dom0 tool sees them.
keys="data/meminfo_total data/meminfo_free data/updated
data/memory/agent-version data/memory/heartbeat data/memory/pressure-some-avg10
data/memory/swap-in-kibps data/memory/active-file-kib data/memory/swap-total-kib
data/balloon/target-kb data/balloon/current-kb data/balloon/state"
have_keys() {
	local k
	for k in $keys; do
		xenstore-read "$p/$k" > /dev/null 2>&1 || return 1
	done
}
if ! wait_for 120 have_keys; then
	gcmd "$G" "systemctl status --no-pager -l xenballoon-agent; journalctl -b --no-pager -o cat -u xenballoon-agent | tail -n 5"
	for k in $keys; do
		xenstore-read "$p/$k" > /dev/null 2>&1 || fail "the agent never published $k"
	done
fi
for k in $keys; do
	echo "  $k = $(xsr "$p/$k")"
done
st=$(gcmd "$G" "systemctl show -p ActiveState -p SubState -p NRestarts -p StatusText xenballoon-agent")
echo "$G: xenballoon-agent.service: $(echo "$st" | tr '\n' ' ')"
echo "$st" | grep -qx "ActiveState=active" || fail "xenballoon-agent.service is not active in $G: $(echo "$st" | tr '\n' ' ')"
# Active(file) is published as part of MemAvailable, never above it, and
# close to what the guest's /proc/meminfo says (within the agent's
# threshold: it writes moves past it only).
af=$(xsr "$p/data/memory/active-file-kib") ma=$(xsr "$p/data/meminfo_free")
gaf=$(gcmd "$G" "awk '/^Active\\(file\\):/ { print \$2 }' /proc/meminfo")
echo "$G: active-file-kib $af KiB (its /proc/meminfo: $gaf KiB), meminfo_free $ma KiB"
[ -n "$af" ] && [ -n "$ma" ] && [ "$af" -le "$ma" ] \
	|| fail "data/memory/active-file-kib '$af' is not at most data/meminfo_free '$ma'"
[ -n "$gaf" ] && [ "$af" -le $((gaf + 65536)) ] && [ "$gaf" -le $((af + 65536)) ] \
	|| fail "data/memory/active-file-kib '$af' is not within 64 MiB of the guest's Active(file) '$gaf'"
# SwapTotal as the guest's /proc/meminfo says, to the KiB (0 without
# swap): the planner keeps half its guard above a guest with swap.
st=$(xsr "$p/data/memory/swap-total-kib")
gst=$(gcmd "$G" "awk '/^SwapTotal:/ { print \$2 }' /proc/meminfo")
echo "$G: swap-total-kib $st KiB (its /proc/meminfo: $gst KiB)"
[ -n "$st" ] && [ "$st" = "$gst" ] \
	|| fail "data/memory/swap-total-kib '$st' is not the guest's SwapTotal '$gst'"
# A swapon moves no other figure: the agent must write the new total by
# its next samples (12 s apart at most), and the old one after swapoff.
# xenballoond's guard above the guest's demand follows it: half with 32
# MiB of swap (more than the guard of a guest this size), whole without
# (within 2 MiB: the guard grows by a twentieth of a demand that moves).
swap_is() { [ "$(xsr "$p/data/memory/swap-total-kib")" = "$1" ]; }
guard() { /usr/sbin/xenballoonctl --json show "$G" | jq -r '.domain.guard_kib // empty'; }
guard_shown() { [ -n "$(guard)" ]; }
guard_near() {
	local g
	g=$(guard)
	[ -n "$g" ] && [ "$g" -ge $(($1 - 2048)) ] && [ "$g" -le $(($1 + 2048)) ]
}
wait_for 60 guard_shown || fail "xenballoonctl show $G gives no guard_kib: $(ctl --json show "$G" | jq -c .domain)"
g0=$(guard)
[ "$gst" = 0 ] || fail "$G has swap already ($gst KiB): its guard cannot be seen whole"
out=$(gcmd "$G" "dd if=/dev/zero of=/var/tmp/xb.swap bs=1M count=32 2>&1 &&
chmod 600 /var/tmp/xb.swap && mkswap /var/tmp/xb.swap && swapon /var/tmp/xb.swap &&
awk '/^SwapTotal:/ { print \$2 }' /proc/meminfo") \
	|| fail "$G: a 32 MiB swap file could not be turned on: $out"
on=${out##*[!0-9]}
[ -n "$on" ] && [ "$on" -gt "$gst" ] || fail "$G: SwapTotal '$on' after swapon is not above '$gst'"
t0=$(now)
wait_for 30 swap_is "$on" \
	|| fail "data/memory/swap-total-kib '$(xsr "$p/data/memory/swap-total-kib")' 30 s after swapon, not $on"
echo "$G: swap-total-kib $on KiB $(since "$t0") s after swapon"
wait_for 30 guard_near $((g0 / 2)) \
	|| fail "$G: guard $(guard) KiB with $on KiB of swap, not half of $g0 KiB"
echo "$G: guard $g0 KiB without swap, $(guard) KiB with it, $(since "$t0") s after swapon"
gcmd "$G" "swapoff /var/tmp/xb.swap && rm -f /var/tmp/xb.swap" > /dev/null \
	|| fail "$G: swapoff failed"
wait_for 30 swap_is "$gst" \
	|| fail "data/memory/swap-total-kib '$(xsr "$p/data/memory/swap-total-kib")' 30 s after swapoff, not $gst"
wait_for 30 guard_near "$g0" \
	|| fail "$G: guard $(guard) KiB after swapoff, not $g0 KiB again"
v=$(xsr "$p/data/memory/agent-version")
[ "${pkg##* }" = "$v" ] || [ "${pkg##* }" = "${v%%-*}" ] \
	|| fail "data/memory/agent-version '$v' is not the package's ${pkg##* }"

# xenballoond manages d1 and reads what the agent publishes.
t=/tool/xenballoon/domain/$id
wait_for 60 sh -c "[ -n \"\$(xenstore-read $t/state 2>/dev/null)\" ]" \
	|| fail "xenballoond published nothing for $G"
state=$(xsr "$t/state")
echo "$G: state $state, target $(xsr "$t/target") KiB, actual $(xsr "$t/actual") KiB, demand $(xsr "$t/demand") KiB"
case $state in
idle|growing|shrinking) ;;
*) fail "$G is not managed (state '$state': $(xsr "$t/reason"))" ;;
esac
ctl show "$G" | grep -i "guest\." | head -n 8
# The daemon reads it: xenballoonctl shows it with the guest's figures.
wait_for 30 sh -c "/usr/sbin/xenballoonctl --json show $G | jq -e '.domain.guest.active_file_kib >= 0' > /dev/null" \
	|| fail "xenballoonctl show $G has no guest.active_file_kib: $(ctl --json show "$G" | jq -c .domain.guest)"

# A pinned target is obeyed: memory/target, the hypervisor's count (xl
# list) and the agent's balloon figures all come to it; unpinned, the
# guest follows the daemon's own target again.
want=200
ctl target "$G" ${want}M || fail "xenballoonctl target $G ${want}M refused"
reached() {
	[ "$(xenstore-read "$p/memory/target")" = $((want * 1024)) ] &&
	[ "$(xenstore-read "$p/data/balloon/current-kb")" = $((want * 1024)) ] &&
	[ "$(xl list "$G" | awk 'NR == 2 { print $3 }')" -le $((want + 1)) ]
}
if ! wait_for 120 reached; then
	ctl unpin "$G"
	fail "pinned at ${want}M, $G did not follow: memory/target $(xsr "$p/memory/target"), data/balloon/current-kb $(xsr "$p/data/balloon/current-kb") (state $(xsr "$p/data/balloon/state")), xl list $(xl list "$G" | awk 'NR == 2 { print $3 }') MiB"
fi
echo "pinned at ${want}M: memory/target $(xsr "$p/memory/target"), data/balloon/current-kb $(xsr "$p/data/balloon/current-kb"), xl list $(xl list "$G" | awk 'NR == 2 { print $3 }') MiB"
echo "$G sees: $(gcmd "$G" "grep MemTotal /proc/meminfo")"
ctl unpin "$G" || fail "xenballoonctl unpin $G failed"
followed() {
	local tg
	tg=$(xenstore-read "$p/memory/target")
	[ "$tg" != $((want * 1024)) ] && [ "$(xenstore-read "$p/data/balloon/current-kb")" = "$tg" ]
}
wait_for 120 followed || fail "unpinned, $G did not follow the daemon's target: memory/target $(xsr "$p/memory/target"), data/balloon/current-kb $(xsr "$p/data/balloon/current-kb")"
echo "unpinned: memory/target $(xsr "$p/memory/target"), data/balloon/current-kb $(xsr "$p/data/balloon/current-kb")"
pass
