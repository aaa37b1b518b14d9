# timeout: 240
# progress: from dom0, xenstore-read alone tells each guest's balloon
# progress (data/balloon/*, from the agent or a patched driver) and the
# daemon's view (/tool/xenballoon/domain/<domid>/*), and both follow a move.
need_guests
need_agent
daemon_ensure
for g in $AGENT_GUESTS; do
	p=$(dompath $g)
	wait_for 30 sh -c "xenstore-read $p/data/balloon/current-kb >/dev/null 2>&1" \
		|| fail "$g: no data/balloon/current-kb"
	for k in target-kb current-kb state; do
		[ -n "$(xsr "$p/data/balloon/$k")" ] || fail "$g: data/balloon/$k missing"
	done
	for k in target actual state reason; do
		xenstore-read "/tool/xenballoon/domain/$(domid $g)/$k" > /dev/null 2>&1 \
			|| fail "$g: /tool/xenballoon/domain/$(domid $g)/$k missing"
	done
	echo "$g: balloon $(xsr "$p/data/balloon/state") $(xsr "$p/data/balloon/current-kb")/$(xsr "$p/data/balloon/target-kb") KiB; daemon $(pub $g state) ($(pub $g reason)) actual $(pub $g actual) target $(pub $g target)"
done
# A move, pinned by the admin: both views follow it to the end.  Down
# 96 MiB, or up when that would come near its minimum.
g=$PIN_GUEST
p=$(dompath $g)
cur=$(tot_kib $g)
min=$(dom_field $g min_kib)
to=$(( cur - 98304 >= ${min:-131072} + 65536 ? cur / 1024 - 96 : cur / 1024 + 96 ))
ctl target $g ${to}M || fail "xenballoonctl target $g ${to}M refused"
want=$((to * 1024))
wait_for 90 sh -c "[ \"\$(xenstore-read $p/data/balloon/current-kb)\" = $want ]" \
	|| fail "data/balloon/current-kb did not reach $want (is $(xsr "$p/data/balloon/current-kb"))"
wait_for 30 sh -c ". /lab/lab.sh; [ \"\$(pub $g target)\" = $want ] && [ \$(pub $g actual) -ge $((want - 4096)) ] && [ \$(pub $g actual) -le $((want + 4096)) ]" \
	|| fail "/tool/xenballoon did not follow: target $(pub $g target) actual $(pub $g actual)"
echo "$g moved to $to MiB: balloon $(xsr "$p/data/balloon/state") $(xsr "$p/data/balloon/current-kb"), daemon $(pub $g state) actual $(pub $g actual)"
[ "$(dom_field $g pinned_kib)" = "$want" ] || fail "show $g does not report the pin"
ctl unpin $g || fail "unpin refused"
pass
