#!/bin/sh
# A stuck balloon driver: detected, held where it is, routed around.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 a 2G --static-max 4G
"$SIMHV" create 2 b 2G --static-max 4G --behaviour stuck
"$SIMHV" create 3 c 2G --static-max 4G
start_sim
printf 'interval = 1s\nsettle = 50ms\nstuck-after = 1s\nstuck-probation = 3s\n' > "$T/conf"
start_audit 64M
start_daemon

check "a domain that does not move is marked stuck" \
    wait_for 100 sh -c '[ "$(xenstore-read "$1")" = stuck ]' sh "$(xsk TOOL_DOM_STATE 2)"
check "memory/uncooperative is set for it" xs_exists "/local/domain/2/$(xsk MEM_UNCOOPERATIVE)"
check "xenballoonctl show says stuck" test "$(dom_field b state)" = stuck
check "the others still converge" wait_for 100 settled 1 3
held=$(sim_tot 2)
id=$(ctl reserve 1G --timeout 10s)
check "a reservation is served by the cooperative domains" test -n "$id"
check "the stuck domain kept what it holds" test "$(sim_tot 2)" -eq "$held"
ctl release "$id"

"$SIMHV" behave 2 ideal
check "once it moves again it is released from stuck" \
    wait_for 150 sh -c '[ "$(xenstore-read "$1")" != stuck ]' sh "$(xsk TOOL_DOM_STATE 2)"
check "and memory/uncooperative goes" wait_for 50 sh -c '! xenstore-read "$1"' sh "/local/domain/2/$(xsk MEM_UNCOOPERATIVE)"
check "no overcommit promised at any sample" stop_audit
done_testing
