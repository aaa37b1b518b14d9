# timeout: 300
# upgrade: from the version before (this package repacked as VERSION~lab0,
# put in place with apt) to this build's .deb with apt, as an
# administrator upgrades: the changed configuration file and the saved
# policy are kept, the service is restarted exactly once and runs on
# both; /var/lib/xenballoon stays 0700 and the group stays.
new=$(ls /lab/debs/xenballoond_*.deb | grep -v '~lab0_')
old=$(ls /lab/debs/xenballoond_*~lab0_*.deb)
[ -n "$new" ] && [ -n "$old" ] || fail "no packages in /lab/debs: $(ls /lab/debs | tr '\n' ' ')"
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 "$@"; }
version() { dpkg-query -W -f='${Version}' xenballoond; }
ensure_running
save_conf
store=/var/lib/xenballoon/policy.json
[ -e "$store" ] && cp -p "$store" "$LAB/policy.json.orig"
cleanup() {
	systemctl stop "$UNIT"
	rm -f "$store"
	[ -e "$LAB/policy.json.orig" ] && cp -p "$LAB/policy.json.orig" "$store"
	restore_conf
}
apt_get install --allow-downgrades "$old" > "$LAB/apt-old.log" 2>&1 \
	|| { tail -n 5 "$LAB/apt-old.log"; fail "apt-get install of the older $old failed"; }
echo "installed $(version) with apt"
systemctl reset-failed "$UNIT"
wait_for 60 ctl status > /dev/null || { cleanup; fail "the older version does not answer"; }
# What an administrator has by then: a changed file and a policy.
cp "$LAB/conf.orig" "$CONF"
echo "log-classes = +hv" >> "$CONF"
systemctl reload "$UNIT" || { cleanup; fail "reload failed"; }
ctl set g1 min=160M weight=300 || { cleanup; fail "xenballoonctl set g1 failed"; }
cp "$CONF" "$LAB/conf.admin"
cp "$store" "$LAB/policy.admin"
pid0=$(prop "$UNIT" MainPID)
cur=$(journalctl -n 0 --show-cursor -o cat | sed -n 's/^-- cursor: //p')
apt_get install "$new" > "$LAB/apt-new.log" 2>&1
rc=$?
grep -i "unpacking\|setting up\|conffile\|warn" "$LAB/apt-new.log"
[ "$rc" = 0 ] || { cleanup; fail "apt-get install of $new over $old failed (exit $rc)"; }
echo "upgraded to $(version)"
wait_for 60 ctl status > /dev/null || { cleanup; fail "the upgraded daemon does not answer"; }
starts=$(journalctl --no-pager -o cat -u "$UNIT" --after-cursor="$cur" | grep -c "started (backend")
stops=$(journalctl --no-pager -o cat -u "$UNIT" --after-cursor="$cur" | grep -c "^Stopping\|^Stopped")
pid1=$(prop "$UNIT" MainPID)
echo "pid $pid0 -> $pid1, $starts start(s), $stops stop line(s) in the journal since the upgrade began"
echo "g1: $(ctl --json show g1 | jq -c '.domain | {min_kib, weight}')"
echo "log classes: $(ctl log)"
v=$(version)
cmp -s "$CONF" "$LAB/conf.admin"; conf_kept=$?
cmp -s "$store" "$LAB/policy.admin"; store_kept=$?
mode=$(stat -c %a /var/lib/xenballoon)
min=$(ctl --json show g1 | jq -r '.domain.min_kib // empty')
classes=$(ctl log)
cleanup
case $v in *~lab0) fail "still $v after the upgrade" ;; esac
[ "$starts" = 1 ] || fail "the upgrade started the daemon $starts times, expected once"
[ "$pid1" != "$pid0" ] || fail "the daemon was not restarted by the upgrade (pid $pid0)"
[ "$conf_kept" = 0 ] || fail "the administrator's $CONF was not kept"
[ "$store_kept" = 0 ] || fail "the saved policy ($store) changed in the upgrade"
[ "$min" = 163840 ] || fail "g1's min is '$min' KiB after the upgrade, expected 163840 (policy lost)"
[ "$classes" = "general,policy,control,hv,config" ] || fail "the upgraded daemon does not run the administrator's file (log classes $classes)"
[ "$mode" = 700 ] || fail "/var/lib/xenballoon is $mode after the upgrade"
getent group xenballoon > /dev/null || fail "the xenballoon group is gone after the upgrade"
pass
