#!/bin/sh
# A guest below its min (the memory is not there: its state is below-min)
# still grows into what is free, and a driver that gives up on the way is
# woken as a growing one would be: below-min is not idle.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

# default-min 3G: hog's min is its static max (2G), lazy's 3G cannot be
# met on a 4G host, so lazy is below-min from the first round.
start_xsd
"$SIMHV" host 4G
"$SIMHV" create 1 hog 2G --static-max 2G
"$SIMHV" create 2 lazy 512M --static-max 4G --behaviour giveup
start_sim
printf 'interval = 1s\nsettle = 50ms\nguest-read-gap = 100ms\nstuck-after = 60s\ndefault-min = 3G\n' > "$T/conf"
start_audit 64M
start_daemon
check "lazy, short of its 3G min, is below-min" \
    wait_for 50 sh -c '[ "$(xenstore-read "$1")" = below-min ]' sh "$(xsk TOOL_DOM_STATE 2)"
check "its driver gives up on the way (256M a write)" \
    wait_for 50 sh -c '[ "$(xenstore-read "$1")" = idle ]' sh "/local/domain/2/$(xsk BALLOON_STATE)"
target=$(target_of 2)
diag "lazy's target $target KiB, min 3145728"
check "the daemon wakes it until it holds its target" \
    wait_for 400 sh -c '[ $(xenstore-read /sim/dom/2/tot_kib) -ge $(($1 - 4096)) ]' sh "$target"
kicks=$(ctl --json show lazy | sed -n 's/^ *"kicks": \([0-9]*\).*/\1/p')
diag "target re-writes: $kicks"
check "by re-writing its target" test "${kicks:-0}" -ge 1
check "still below-min there" test "$(pub 2 state)" = below-min
check "no overcommit promised at any sample" stop_audit
done_testing
