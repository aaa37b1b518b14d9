# timeout: 180
# reload: systemctl reload applies a good file; a bad one is refused:
# systemctl reload fails, the service stays up on its running
# configuration, and systemctl status says why.
ensure_running
save_conf
pid=$(prop "$UNIT" MainPID)
cp "$LAB/conf.orig" "$CONF"
echo "log-classes = +hv" >> "$CONF"
systemctl reload "$UNIT" || fail "systemctl reload of a good file failed (exit $?)"
[ "$(ctl log)" = "general,policy,control,hv,config" ] \
	|| fail "the good file was not applied (log classes: $(ctl log))"
echo "good file: systemctl reload exit 0, log classes $(ctl log)"
echo "slack = bogus" >> "$CONF"
systemctl reload "$UNIT" > "$LAB/reload.out" 2>&1
rc=$?
echo "bad file: systemctl reload exit $rc: $(tr '\n' ' ' < "$LAB/reload.out")"
[ "$rc" -ne 0 ] || fail "systemctl reload reported success for a file the daemon refused"
active "$UNIT" || fail "xenballoond is $(prop "$UNIT" ActiveState) after a refused reload"
[ "$(prop "$UNIT" MainPID)" = "$pid" ] || fail "xenballoond was restarted by a refused reload"
[ "$(ctl log)" = "general,policy,control,hv,config" ] \
	|| fail "the running configuration changed (log classes: $(ctl log))"
systemctl status --no-pager -l "$UNIT" > "$LAB/status.out" 2>&1
grep "Status:" "$LAB/status.out"
grep -q "Status:.*reload refused: $CONF:[0-9]*: bad size 'bogus' for slack" "$LAB/status.out" \
	|| fail "systemctl status does not say why: $(grep Status: "$LAB/status.out")"
restore_conf || fail "systemctl reload of the original file failed"
systemctl status --no-pager -l "$UNIT" | grep "Status:"
systemctl status --no-pager -l "$UNIT" | grep -q "Status:.*reload refused" \
	&& fail "systemctl status still shows the refusal after a good reload"
pass
