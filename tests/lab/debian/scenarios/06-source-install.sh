# timeout: 180
# source-install: the unit "./configure && make install" produced (prefix
# /usr/local: socket and state under /usr/local/var) starts, answers,
# reloads and stops; installed here as xenballoond-local.service.
L=xenballoond-local.service
grep -E '^(ExecStart|ExecStartPre|ReadWritePaths|RuntimeDirectory|StateDirectory)' \
    "/etc/systemd/system/$L"
systemctl stop "$UNIT"
systemctl start "$L" > "$LAB/local.out" 2>&1
rc=$?
if [ "$rc" != 0 ]; then
	journalctl -b --no-pager -o cat -u "$L" | tail -n 5
	systemctl start "$UNIT"
	fail "the source install's unit did not start: $(prop "$L" Result), status $(prop "$L" ExecMainStatus): $(journalctl -b --no-pager -o cat -u "$L" | grep -i 'bind\|namespace\|error' | tail -n 1)"
fi
/usr/local/sbin/xenballoonctl status > "$LAB/local-status.out" 2>&1
rc=$?
ls -l /usr/local/var/run/xenballoon/ /usr/local/var/lib/
systemctl reload "$L"
rrc=$?
systemctl stop "$L"
systemctl start "$UNIT" || fail "the package's unit did not start again"
[ "$rc" = 0 ] || fail "/usr/local/sbin/xenballoonctl status failed (exit $rc): $(head -n 1 "$LAB/local-status.out")"
[ "$rrc" = 0 ] || fail "systemctl reload $L failed (exit $rrc)"
pass
