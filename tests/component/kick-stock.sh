#!/bin/sh
# A stock balloon driver (Linux 5.15 and later) that gives up short of
# its target: it reports nothing in data/balloon/ and ignores a write of
# the value it already has.  The daemon sees from the hypervisor's
# figures alone that it stalled with memory free, and revives it by
# writing the target one page lower and back, at least a round apart.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

start_xsd
"$SIMHV" host 4G
"$SIMHV" create 1 lazy 1G --static-max 3G --behaviour stock
"$SIMHV" create 2 other 1G --static-max 3G
start_sim
printf 'interval = 1s\nsettle = 50ms\nguest-read-gap = 100ms\nstuck-after = 20s\n' > "$T/conf"
start_audit 64M
start_daemon
ctl set lazy min=2G
check "the driver stops on the way (256M per change of target)" \
    wait_for 50 sh -c '[ "$(xenstore-read /sim/dom/1/tot_kib)" = 1310720 ]'
t0=$(target_of 1)
check "it says nothing in data/balloon/" \
    sh -c '! xenstore-read "/local/domain/1/$1"' sh "$(xsk BALLOON_STATE)"
check "the daemon revives it until it reaches its minimum" \
    wait_for 150 sh -c '[ $(xenstore-read /sim/dom/1/tot_kib) -ge 2097152 ]'
kicks=$(ctl --json show lazy | sed -n 's/^ *"kicks": \([0-9]*\).*/\1/p')
diag "kicks: $kicks, writes of memory/target: $(xsr /sim/dom/1/target_writes)"
check "by kicking it" test "${kicks:-0}" -ge 1
check "a few times, not in a loop" test "${kicks:-0}" -le 10
sleep 2
diag "memory/target $t0 KiB when it stopped, $(target_of 1) KiB now"
check "its target is not left a page low" test "$(target_of 1)" != $((t0 - 4))
check "no overcommit promised at any sample" stop_audit
done_testing
