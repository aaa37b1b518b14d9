# timeout: 300
# remove-purge: "apt-get remove xenballoond" stops the service and the
# guests keep the memory they had; the configuration file and the saved
# policy stay.  "apt-get purge" then removes them, and the unit's
# enablement; the xenballoon group stays (a system group may still own
# files; Debian does not remove them).  The package is put back after.
new=$(ls /lab/debs/xenballoond_*.deb | grep -v '~lab0_')
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 "$@"; }
status() { dpkg-query -W -f='${Status}' xenballoond 2>/dev/null; }
store=/var/lib/xenballoon/policy.json
wants=/etc/systemd/system/multi-user.target.wants/xenballoond.service
ensure_running
save_conf
wait_for 60 ctl status > /dev/null || fail "xenballoond does not answer"
ctl set g2 weight=150 || fail "xenballoonctl set g2 failed"
[ -e "$store" ] || fail "no $store after a set"
cp -p "$store" "$LAB/policy.before-remove"
reinstall() {
	apt_get install "$new" > "$LAB/apt-reinstall.log" 2>&1
	cp "$LAB/conf.orig" "$CONF"
	systemctl reset-failed "$UNIT"
	systemctl restart "$UNIT"
}
targets() {
	local g id
	for g in g1 g2 gdeb; do
		id=$(domid "$g") || continue
		echo "$g=$(xsr "/local/domain/$id/memory/target")/$(xl list "$g" | awk 'NR == 2 { print $3 }')M"
	done | tr '\n' ' '
}
before=$(targets)
echo "before remove: $before"
apt_get remove xenballoond > "$LAB/apt-remove.log" 2>&1
rc=$?
grep -i "removing\|warn" "$LAB/apt-remove.log"
[ "$rc" = 0 ] || { reinstall; fail "apt-get remove failed (exit $rc)"; }
st=$(prop "$UNIT" ActiveState) pids=$(pidof xenballoond)
echo "after remove: dpkg '$(status)', unit $st ($(prop "$UNIT" LoadState)), xenballoond pids '$pids'"
sleep 7
after=$(targets)
echo "7 s after remove: $after"
ls -la /var/lib/xenballoon /etc/xenballoon
r_conf=no r_store=no
[ -e "$CONF" ] && r_conf=yes
cmp -s "$store" "$LAB/policy.before-remove" && r_store=yes
apt_get purge xenballoond > "$LAB/apt-purge.log" 2>&1
prc=$?
grep -i "purging\|warn" "$LAB/apt-purge.log"
p_status=$(status) p_state=no p_conf=no p_wants=no p_group=no
[ -e /var/lib/xenballoon ] && p_state=yes
[ -e "$CONF" ] && p_conf=yes
[ -e "$wants" ] || [ -L "$wants" ] && p_wants=yes
getent group xenballoon > /dev/null && p_group=yes
echo "after purge: dpkg '$p_status', state dir $p_state, conffile $p_conf, enablement link $p_wants, group $p_group"
reinstall
wait_for 60 ctl status > /dev/null || fail "xenballoond does not answer after it was installed again"
echo "installed again: $(dpkg-query -W -f='${Version}' xenballoond), $(prop "$UNIT" ActiveState), enabled $(systemctl is-enabled "$UNIT")"
[ "$st" = inactive ] || [ "$st" = failed ] || fail "the unit is $st after apt-get remove"
[ -z "$pids" ] || fail "xenballoond still runs after apt-get remove (pids $pids)"
[ "$after" = "$before" ] || fail "the guests' memory changed after remove: $before -> $after"
[ "$r_conf" = yes ] || fail "apt-get remove took $CONF (a conffile: kept until purge)"
[ "$r_store" = yes ] || fail "apt-get remove took or changed the saved policy $store"
[ "$prc" = 0 ] || fail "apt-get purge failed (exit $prc)"
[ -z "$p_status" ] || [ "$p_status" = "unknown ok not-installed" ] || fail "dpkg status '$p_status' after purge"
[ "$p_state" = no ] || fail "/var/lib/xenballoon is still there after purge"
[ "$p_conf" = no ] || fail "$CONF is still there after purge"
[ "$p_wants" = no ] || fail "the unit is still enabled ($wants) after purge"
[ "$p_group" = yes ] || fail "purge removed the xenballoon group (Debian keeps system groups)"
[ "$(systemctl is-enabled "$UNIT")" = enabled ] || fail "the unit is not enabled after installing again"
pass
