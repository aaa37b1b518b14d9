#!/bin/sh
# A slow balloon told from a fast one: xenballoonctl show gives the speed
# each balloon was seen to grow at and whether that was its own pace (it
# grew slower than its gap and the free memory allowed).  A guest whose
# balloon grows at its own pace below 128 MiB/s keeps its whole split of
# the host until it steps (planner.c, PLAN_TIER_SLOW).
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

# shown DOM: its grow_kibps and grow_limited, for the diagnostics.
shown() { echo "$1: grow_kibps $(dom_field "$1" grow_kibps), grow_limited $(dom_field "$1" grow_limited)"; }
# slow DOM: seen growing at its own pace, below 128 MiB/s
slow() {
	set -- "$(dom_field "$1" grow_limited)" "$(dom_field "$1" grow_kibps)"
	[ "$1" = true ] && [ "${2:-0}" -gt 0 ] && [ "${2:-0}" -lt 131072 ]
}
not_slow() { ! slow "$1"; }

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 s 1G --static-max 4G --behaviour slow --used 2560M
"$SIMHV" create 2 f 1G --static-max 4G --used 2560M
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_daemon

check "a 64 MiB/s balloon growing by 1.5 GiB is seen at its own pace, under 128 MiB/s" \
    wait_for 150 slow s
diag "$(shown s)"
diag "$(shown f)"
check "a 512 MiB/s balloon is not" not_slow f
kibps=$(dom_field f grow_kibps)
check "  and seen at 128 MiB/s or more" test "${kibps:-0}" -ge 131072
ctl show s > "$T/show.txt"
check "show prints both" sh -c 'grep -q grow_kibps "$1" && grep -q grow_limited "$1"' sh "$T/show.txt"
done_testing
