# timeout: 180
# control-group: with control-group = xenballoon (the group the package's
# postinst made), xenballoonctl status works for root and for a member
# (alice) and is refused for another user (bob); the reload alone gives
# the socket to the group.
getent group xenballoon || fail "no xenballoon group (postinst)"
echo "/var/lib/xenballoon: $(stat -c '%a %U:%G' /var/lib/xenballoon)"
[ "$(stat -c %a /var/lib/xenballoon)" = 700 ] || fail "/var/lib/xenballoon is not 0700"
save_conf
ensure_running
ctl status > /dev/null || fail "xenballoonctl status fails for root"
cp "$LAB/conf.orig" "$CONF"
echo "control-group = xenballoon" >> "$CONF"
systemctl reload "$UNIT" || fail "systemctl reload with control-group = xenballoon failed"
sock=/run/xenballoon/xenballoond.sock
echo "socket: $(stat -c '%a %U:%G' "$sock"), directory: $(stat -c '%a %U:%G' "${sock%/*}")"
[ "$(stat -c %G "$sock")" = xenballoon ] || fail "the socket's group is $(stat -c %G "$sock") after the reload"
runuser -u alice -- /usr/sbin/xenballoonctl status > "$LAB/alice.out" 2>&1
rc=$?
[ "$rc" = 0 ] || fail "xenballoonctl status fails for alice (member of xenballoon), exit $rc: $(head -n 2 "$LAB/alice.out" | tr '\n' ' ')"
echo "alice (member): exit 0, $(wc -l < "$LAB/alice.out") lines"
runuser -u bob -- /usr/sbin/xenballoonctl status > "$LAB/bob.out" 2>&1
rc=$?
echo "bob (not a member): exit $rc: $(head -n 1 "$LAB/bob.out")"
[ "$rc" = 3 ] || fail "xenballoonctl status for bob exited $rc, expected 3 (refused)"
restore_conf
pass
