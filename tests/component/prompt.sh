#!/bin/sh
# An administrator's change is acted on at once, not at the next periodic
# round: with interval = 60s, a pin, an unpin, a max, its unset, a
# reservation and its release each move memory within 10 s (the control
# socket plans again after each; 10 s leaves room for a loaded machine
# and is still far from the 60 s the periodic round would take).  Before
# each, "rebalance" brings the host to the state the step starts from and
# the daemon goes idle, so each check stands on its own.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

target_is() { [ "$(target_of "$1")" = "$2" ]; }
target_above() { [ "$(target_of "$1")" -gt "$2" ]; }
target_at_most() { [ "$(target_of "$1")" -le "$2" ]; }
# Planned and settled, and the rounds of a move over: the daemon's last
# round (its debug log) put the next one at the period, 60 s away.
next_is_periodic() {
	grep "next in" "$T/daemon.log" | tail -n 1 | grep -q "next in 60000 ms"
}
idle() {
	ctl rebalance >/dev/null
	wait_for 100 converged
	sleep 0.5
	wait_for 150 next_is_periodic
}

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 a 2G --static-max 4G
"$SIMHV" create 2 b 2G --static-max 4G
start_sim
printf 'interval = 60s\nsettle = 50ms\nlog-level = debug\nlog-classes = +xenstore\n' > "$T/conf"
start_daemon
idle

ctl target a 1G >/dev/null
check "target a 1G: a's target is 1G within 10 s" wait_for 100 target_is 1 1048576
idle
ctl unpin a >/dev/null
check "unpin a: it grows again within 10 s" wait_for 100 target_above 1 1048576
idle
ctl set a max=1536M >/dev/null
check "set a max=1536M: its target is under it within 10 s" \
    wait_for 100 target_at_most 1 1572864
idle
ctl unset a max >/dev/null
check "unset a max: it grows past it within 10 s" \
    wait_for 100 target_above 1 1572864
idle
id=$(ctl reserve 1G --timeout 10s)
check "reserve 1G is held within its 10 s timeout" test $? -eq 0
[ -n "$id" ] && ctl release "$id"
ctl reserve 2G --timeout 30s > "$T/id" &
sleep 0.5
ctl rebalance >/dev/null
wait $!
idle
ctl release "$(cat "$T/id")"
check "release: the guests take the 2G back within 10 s" \
    wait_for 100 free_below 1048576

# At debug level each read of a guest's keys is logged with the figures
# the planner's signals come from, "-" for those the guest did not give.
xsw "/local/domain/2/$(xsk MEMINFO_TOTAL)" 2000000 \
    "/local/domain/2/$(xsk MEMINFO_FREE)" 900000 \
    "/local/domain/2/$(xsk PSI_SOME_AVG10)" 12.50 \
    "/local/domain/2/$(xsk REFAULT)" 2048 \
    "/local/domain/2/$(xsk ACTIVE_FILE)" 300000
check "debug: a read logs MemTotal, available, active file, PSI and refaults" wait_for 50 \
    grep -q "domain 2 (b): guest keys read at [0-9]* ms: MemTotal 2000000 KiB, available 900000 KiB (active file 300000 KiB), OOM kills 0, PSI some 12.50%, refaults 2048 KiB/s" "$T/daemon.log"
xsw "/local/domain/1/$(xsk MEMINFO_TOTAL)" 2000000 "/local/domain/1/$(xsk MEMINFO_FREE)" 900000
check "  and '-' for what the guest did not give" wait_for 50 \
    grep -q "domain 1 (a): guest keys read at [0-9]* ms: MemTotal 2000000 KiB, available 900000 KiB (active file -), OOM kills 0, PSI some -, refaults -" "$T/daemon.log"
done_testing
