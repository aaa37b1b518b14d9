#!/bin/sh
# An infeasible policy: a set or target that would make the managed
# domains' mins and pins exceed what the host can give them is refused,
# quoting the numbers, and changes nothing; a guest held below its min
# (the memory is not free) is "below-min", not "idle"; the status header
# shows deficit, unmet and stuck.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

refused() { ! "$@" > "$T/out" 2>&1; }

# 4G host, slack 64M: the managed domains' floors may add up to 4032M.
start_xsd
"$SIMHV" host 4G
"$SIMHV" create 1 a 2G --static-max 4G --behaviour stuck
"$SIMHV" create 2 b 1G --static-max 4G
start_sim
printf 'interval = 1s\nsettle = 50ms\nstuck-after = 1s\n' > "$T/conf"
start_daemon
wait_for 100 sh -c '[ "$(xenstore-read "$1")" = idle ]' sh "$(xsk TOOL_DOM_STATE 2)"

check "set b min=4G (floors 4G + a's 128M > 4032M) is refused" \
    refused ctl set b min=4G
diag "$(cat "$T/out")"
check "  quoting the sum and what the host can give" grep -q \
    "would add up to 4224M, more than the 4032M the host can give them (budget 4G less slack 64M and 0k committed to domains not managed)" "$T/out"
check "  and nothing changed (b's min is still 128M)" \
    test "$(dom_field b min_kib)" = 131072
check "set b min=3G (3G + 128M fits) is accepted" ctl set b min=3G
check "target a 1G (then 1G + 3G > 4032M) is refused" refused ctl target a 1G
check "  naming the numbers" grep -q "would add up to 4G, more than the 4032M" "$T/out"
check "  and a is not pinned" test -z "$(dom_field a pinned_kib)"
check "set a min=1G is refused the same way" refused ctl set a min=1G
check "  and the file holds neither refused change" \
    sh -c '! grep -q "1048576\|4194304" "$1"' sh "$T/state/policy.json"

# a is stuck holding 2G: b cannot reach its 3G min.
check "b, held below its min by a stuck a, says below-min" \
    wait_for 100 sh -c '[ "$(xenstore-read "$1")" = below-min ]' sh "$(xsk TOOL_DOM_STATE 2)"
check "  in xenballoonctl show as well" test "$(dom_field b state)" = below-min
check "  and in the status table" sh -c '"$@" status | grep -q "^ *2 b .* below-min "' \
    sh "$CTL" -s "$T/ctl.sock"
header() { ctl status | head -n 1 > "$T/head"; grep -Eq "$1" "$T/head"; }
check "the status header shows deficit, unmet and stuck (a: 1)" \
    wait_for 100 header "  deficit [0-9]+M  unmet [0-9]+M  stuck 1$"
diag "$(cat "$T/head")"
check "lowering a min is accepted even so" ctl set b min=2G
done_testing
