#!/bin/sh
# A driver that gives up while shrinking is never kicked: each wake-up
# would re-arm the decrease retries that XSA-300 bounded.  The daemon
# writes the target once and leaves it; the simulated hypervisor counts
# every write of memory/target.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 big 3G --static-max 3G --behaviour giveup
"$SIMHV" create 2 stock 3G --static-max 3G --behaviour stock
start_sim
printf 'interval = 1s\nsettle = 50ms\nguest-read-gap = 100ms\nstuck-after = 60s\n' > "$T/conf"
start_audit 64M
start_daemon
ctl set big max=1G
ctl set stock max=1G
check "the patched driver gives up on the way down (state idle, 256M given)" \
    wait_for 50 sh -c '[ "$(xenstore-read "/local/domain/1/$1")" = idle ] &&
        [ "$(xenstore-read /sim/dom/1/tot_kib)" = 2883584 ]' sh "$(xsk BALLOON_STATE)"
check "the stock one too (256M given)" \
    wait_for 50 sh -c '[ "$(xenstore-read /sim/dom/2/tot_kib)" = 2883584 ]'
w1=$(xsr /sim/dom/1/target_writes) w2=$(xsr /sim/dom/2/target_writes)
diag "writes of memory/target so far: big $w1, stock $w2; waiting 12 s"
sleep 12
diag "then: big $(xsr /sim/dom/1/target_writes), stock $(xsr /sim/dom/2/target_writes)"
check "big's target was not written again" test "$(xsr /sim/dom/1/target_writes)" = "$w1"
check "stock's target was not written again" test "$(xsr /sim/dom/2/target_writes)" = "$w2"
check "big still holds what it gave up at" test "$(sim_tot 1)" = 2883584
check "stock too" test "$(sim_tot 2)" = 2883584
k1=$(ctl --json show big | sed -n 's/^ *"kicks": \([0-9]*\).*/\1/p')
k2=$(ctl --json show stock | sed -n 's/^ *"kicks": \([0-9]*\).*/\1/p')
check "xenballoonctl counts no kick ($k1, $k2)" test "$k1" = 0 -a "$k2" = 0
check "no overcommit promised at any sample" stop_audit
done_testing
