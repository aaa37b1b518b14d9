#!/bin/sh
# A (patched) balloon driver that gives up short of its target and says
# so in data/balloon/: the daemon writes the target again to wake it,
# rate-limited, until it gets there.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

start_xsd
"$SIMHV" host 4G
"$SIMHV" create 1 lazy 1G --static-max 3G --behaviour giveup
"$SIMHV" create 2 other 1G --static-max 3G
start_sim
printf 'interval = 1s\nsettle = 50ms\nguest-read-gap = 100ms\nstuck-after = 20s\n' > "$T/conf"
start_audit 64M
start_daemon
ctl set lazy min=2G
check "the driver gives up on the way (data/balloon/state idle short of target)" \
    wait_for 50 sh -c '[ "$(xenstore-read "/local/domain/1/$1")" = idle ]' sh "$(xsk BALLOON_STATE)"
check "the daemon wakes it until it reaches its minimum" \
    wait_for 150 sh -c '[ $(xenstore-read /sim/dom/1/tot_kib) -ge 2097152 ]'
kicks=$(ctl --json show lazy | sed -n 's/^ *"kicks": \([0-9]*\).*/\1/p')
diag "target re-writes: $kicks"
check "by re-writing its target" test "${kicks:-0}" -ge 1
check "a few times, not in a loop" test "${kicks:-0}" -le 10
check "no overcommit promised at any sample" stop_audit
done_testing
