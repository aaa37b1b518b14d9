#!/bin/sh
# The daemon as a service: sd_notify READY/STATUS/RELOADING/STOPPING,
# SIGHUP reload (a bad file is refused with its line and the running
# configuration kept), config errors with line numbers, clean SIGTERM,
# and the unit file checked by systemd-analyze verify.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

# --- configuration errors name the file, the line and what is accepted.
cfgerr() {
	printf "$1" > "$T/bad.conf"
	err=$("$DAEMON" -n -f "$T/bad.conf" 2>&1); rc=$?
	if [ "$rc" -ne 0 ] && [ "$err" = "xenballoond: error: $T/bad.conf:$2" ]; then
		ok "config error: $2"
	else
		nok "config error: $2"; diag "got ($rc): $err"
	fi
}
cfgerr '# comment\n\nslak = 1G\n' "3: unknown key 'slak' (keys: socket state-dir control-group slack interval settle stuck-after stuck-probation guest-read-gap reservation-hold default-min default-max default-weight dom0-min manage-dom0 log-classes log-level)"
cfgerr 'slack = 1Q\n' "1: bad size '1Q' for slack: unknown unit (expected KiB or a unit: 64M, 2G)"
cfgerr 'interval = 0\n' "1: bad duration '0' for interval: number out of range (expected 1ms to 1h)"
cfgerr 'guest-read-gap = 2h\n' "1: bad duration '2h' for guest-read-gap: number out of range (expected 1ms to 1h)"
cfgerr 'interval = 200000000000000000\n' "1: bad duration '200000000000000000' for interval: number too large (expected 1ms to 1h)"
cfgerr 'settle = 2h\n' "1: bad duration '2h' for settle: number out of range (expected 1ms to 1h)"
cfgerr 'stuck-after = 61m\n' "1: bad duration '61m' for stuck-after: number out of range (expected 1ms to 1h)"
cfgerr 'stuck-probation = 6m\n' "1: bad duration '6m' for stuck-probation: number out of range (expected 1ms to 5m)"
cfgerr 'reservation-hold = 25h\n' "1: bad duration '25h' for reservation-hold: number out of range (expected 1ms to 24h)"
cfgerr 'default-weight = 0\n' "1: bad number '0' for default-weight: number out of range (expected 1 to 10000)"
cfgerr 'slack\n' "1: expected 'key = value', got 'slack'"
cfgerr 'manage-dom0 = maybe\n' "1: bad value 'maybe' for manage-dom0 (expected yes or no)"
cfgerr 'control-group = no-such-group-xb\n' "1: unknown group 'no-such-group-xb' for control-group"
cfgerr 'slack = 1G\n# a NUL \000 here\n' "2: NUL byte"
check "the example configuration is valid" sh -c '"$1" -n -f "$2" >/dev/null' sh "$DAEMON" "$XB_SRCDIR/daemon/xenballoond.conf"

# --- sd_notify, as systemd would see it.
start_xsd
"$SIMHV" host 4G
"$SIMHV" create 1 web 1G --static-max 2G
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
"$SIMHV" notify "$T/notify" 30 > "$T/notes" &
NOTE_PID=$!
wait_for 20 test -S "$T/notify"
NOTIFY_SOCKET=$T/notify start_daemon
check "READY=1 is sent once the first round is done" wait_for 50 grep -q "READY=1" "$T/notes"
check "with a STATUS line for systemctl status" grep -q "STATUS=1 domains" "$T/notes"
printf 'interval = 1s\nslack = bogus\n' > "$T/conf"
kill -HUP "$D_PID"
check "a bad reload is refused with its line number" \
    wait_for 30 grep -q "reload refused, keeping the running configuration: $T/conf:2: bad size 'bogus'" "$T/daemon.log"
check "and the daemon keeps running" ctl rebalance
printf 'interval = 1s\nlog-classes = +xenstore\n' > "$T/conf"
kill -HUP "$D_PID"
check "a good reload is applied" wait_for 30 sh -c '[ "$("$1" -s "$2" log)" = "general,policy,xenstore,control,config" ]' \
    sh "$CTL" "$T/ctl.sock"
check "RELOADING=1 then READY=1 around a reload" grep -q "RELOADING=1" "$T/notes"
# xenballoonctl reload (the unit's ExecReload) waits for the answer.
printf 'interval = 1s\nlog-classes = +hv\n' > "$T/conf"
check "xenballoonctl reload: a good file is applied, exit 0" sh -c \
    '"$1" -s "$2" reload && [ "$("$1" -s "$2" log)" = "general,policy,control,hv,config" ]' \
    sh "$CTL" "$T/ctl.sock"
printf 'interval = 1s\nslack = bogus\n' > "$T/conf"
out=$("$CTL" -s "$T/ctl.sock" reload 2>&1); rc=$?
check "xenballoonctl reload: a bad file is refused, exit 1 with the line (got $rc)" sh -c \
    '[ "$1" = 1 ] && [ "$2" = "xenballoonctl: reload refused, keeping the running configuration: $3:2: bad size '"'"'bogus'"'"' for slack: not a number (expected KiB or a unit: 64M, 2G)" ]' \
    sh "$rc" "$out" "$T/conf"
check "and the status line says so until a reload succeeds" \
    wait_for 20 grep -q "last reload refused: $T/conf:2: bad size" "$T/notes"
stop_daemon TERM
check "SIGTERM: a clean exit (status 0)" test "$D_RC" -eq 0
check "STOPPING=1 is sent" wait_for 20 grep -q "STOPPING=1" "$T/notes"
check "the control socket is removed" test ! -e "$T/ctl.sock"
kill "$NOTE_PID" 2>/dev/null

# --- the unit file.
if ! command -v systemd-analyze >/dev/null 2>&1; then
	skip "systemd-analyze verify xenballoond.service" "systemd-analyze not installed"
else
	# Point the Exec lines at the binaries just built: verify checks
	# that they exist.
	sed -e "s|^ExecStart=.*|ExecStart=$DAEMON|" \
	    -e "s|^ExecReload=[^ ]*|ExecReload=$CTL|" "$B/daemon/xenballoond.service" \
	    > "$T/xenballoond.service"
	out=$(systemd-analyze verify --man=no "$T/xenballoond.service" 2>&1)
	rc=$?
	# Units it names but this machine lacks (xenstored.service) are not
	# the unit's fault: only complaints about our file count.
	bad=$(echo "$out" | grep "xenballoond.service" | grep -v "not found\|Cannot add dependency")
	if [ "$rc" -eq 0 ] || [ -z "$bad" ]; then
		ok "systemd-analyze verify xenballoond.service"
	else
		nok "systemd-analyze verify xenballoond.service"
	fi
	diag "$out"
fi
done_testing
