#!/bin/sh
# Refused means refused: a policy or reservation change that cannot be
# saved is refused and leaves neither the daemon's memory nor the file
# changed, so it cannot come back with the next good save or a restart.
# The disk fails (prlimit: the daemon may write no byte) and recovers.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools
command -v prlimit >/dev/null 2>&1 ||
	{ echo "1..0 # SKIP prlimit missing (util-linux)"; exit 0; }

disk_fails() { prlimit --pid "$D_PID" --fsize=1:; }
disk_recovers() { prlimit --pid "$D_PID" --fsize=unlimited:; }
nres() { ctl status | grep -c '^reservation '; }
fails() { ! "$@" >/dev/null 2>&1; }
says() { want=$1; shift; "$@" 2>&1 | grep -q "$want"; }

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 a 2G --static-max 4G
"$SIMHV" create 2 b 2G --static-max 4G
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_daemon
wait_for 100 converged
ctl set a weight=120 >/dev/null

disk_fails
check "with saves failing, reserve is refused" fails ctl reserve 64M --timeout 60s
check "  and so is set" fails ctl set a weight=333
check "  nothing changed in memory: a's weight is the acknowledged 120" \
    test "$(dom_field a weight)" = 120
check "  and no reservation is open" test "$(nres)" = 0
disk_recovers
check "the disk recovers: set b weight=200 succeeds" ctl set b weight=200
check "  the file holds neither refused change" \
    sh -c '! grep -q "333\|reservations\": \[$" "$1"' sh "$T/state/policy.json"
stop_daemon TERM
start_daemon
check "after a restart a's weight is still 120, not the refused 333" \
    test "$(dom_field a weight)" = 120
check "  b's acknowledged weight 200 survived" test "$(dom_field b weight)" = 200
check "  the refused reservation did not come back" test "$(nres)" = 0

kept=$(ctl reserve 64M --timeout 60s)
disk_fails
check "with saves failing, release is refused, naming the save" \
    says "cannot save" ctl release "$kept"
check "  and the reservation stays open" test "$(nres)" = 1
disk_recovers
stop_daemon TERM
start_daemon
check "after a restart the reservation it did not release is there" \
    test "$(nres)" = 1
check "the disk recovers: release succeeds" ctl release "$kept"
stop_daemon TERM
start_daemon
check "  and after a restart it stays released" test "$(nres)" = 0
done_testing
