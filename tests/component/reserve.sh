#!/bin/sh
# Reservations: "free N and hold it", held or refused with a reason.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 a 2G --static-max 4G
"$SIMHV" create 2 b 2G --static-max 4G
"$SIMHV" create 3 c 2G --static-max 4G
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_audit 64M
start_daemon
wait_for 100 converged

id=$(ctl reserve 2G --timeout 15s)
rc=$?
check "reserve 2G succeeds (exit 0)" test "$rc" -eq 0
check "and prints the reservation's ID" sh -c 'echo "$1" | grep -Eq "^[0-9]+$"' sh "$id"
check "2G is free on the host once it is held" free_at_least 2097152
check "status shows it held" sh -c '"$1" -s "$2" status | grep -q "^reservation $3: 2048M held"' \
    sh "$CTL" "$T/ctl.sock" "$id"
# reserved_is KIB: the host line's reserved figure.
reserved_is() { ctl status --kib | grep -q "^host: .*  reserved $1  "; }
check "  and the host line counts it reserved (2097152k)" reserved_is 2097152k
sleep 1.5
check "held memory is not handed back while held" free_at_least 2097152
check "the reservation is published for admins" \
    test "$(xsr "$(xsk TOOL_RES_STATE "$id")")" = held
ctl release "$id"
check "released memory goes back to the guests" wait_for 100 free_below 1048576
check "released twice: the second time there is none" \
    test "$(ctl release "$id" 2>&1)" = "xenballoonctl: no reservation $id"
# A release that cannot be saved (the state directory gone) is refused as
# that, not as a reservation that is not there: it is still held.
id=$(ctl reserve 256M --timeout 15s)
mv "$T/state" "$T/state.away"
err=$(ctl release "$id" 2>&1)
rc=$?
mv "$T/state.away" "$T/state"
check "a release not saved fails (exit 1)" test "$rc" -eq 1
want="xenballoonctl: cannot save the release of reservation $id, it is still held: No such file or directory"
check "  saying it is still held" test "$err" = "$want"
[ "$err" = "$want" ] || diag "expected '$want', got '$err'"
check "  and it is" sh -c '"$1" -s "$2" status | grep -q "^reservation $3: 256M held"' \
    sh "$CTL" "$T/ctl.sock" "$id"
check "released once the directory is back" ctl release "$id"

# Failure: mins leave no room for 7G.
for d in a b c; do ctl set $d min=1G; done
wait_for 100 converged
err=$(ctl reserve 7G --timeout 2s 2>&1 >/dev/null)
rc=$?
check "an impossible reservation fails with exit 4" test "$rc" -eq 4
diag "$err"
check "and says why" sh -c 'echo "$1" | grep -q "^xenballoonctl: reservation [0-9]* failed: ."' sh "$err"
# No guest refused: the mins left no room.  An empty list, not a domid.
check "  and names no guest as refusing" sh -c \
    '"$1" -s "$2" --json status | grep -qx "      \"refused_domids\": \[\],"' sh "$CTL" "$T/ctl.sock"
check "the guests are not left shrunk for nothing" wait_for 100 free_below 1048576
# A round's outcome the state directory cannot take is saved by a later
# round once it can: the failed reservation is not left in the file, to
# come back pending after a restart.  The guests' balloons are stuck, so
# that the reservation stays pending while the directory goes away (until
# the guests are judged stuck, 5 s, or its deadline) and then fails; one
# that cannot fit fails in the round after it is made, and a test that
# had to move the directory within that round lost the race under ASan.
for i in 1 2 3; do "$SIMHV" behave $i stuck; done
ctl reserve 2G --timeout 12s >/dev/null 2>&1 &
rpid=$!
wait_for 50 sh -c '"$1" -s "$2" status | grep -q "^reservation [0-9]*: 2048M pending"' \
    sh "$CTL" "$T/ctl.sock"
id=$(ctl status | sed -n 's/^reservation \([0-9]*\): 2048M pending.*/\1/p')
check "a pending reservation is counted reserved too (2097152k)" reserved_is 2097152k
mv "$T/state" "$T/state.away"
wait "$rpid"
rc=$?
check "a reservation stuck guests cannot serve fails (exit 4)" test "$rc" -eq 4
check "a failed reservation's outcome not saved leaves the file as it was" \
    grep -q "\"id\": $id," "$T/state.away/policy.json"
mv "$T/state.away" "$T/state"
for i in 1 2 3; do "$SIMHV" behave $i ideal; done
check "  and a later round saves it once the directory is back" \
    wait_for 50 sh -c '! grep -q "\"id\": $1," "$2"' sh "$id" \
    "$T/state/policy.json"
check "  the guests are not left shrunk for it" wait_for 100 free_below 1048576
err=$(ctl reserve 100G 2>&1)
rc=$?
check "more than the host has is refused at once (exit 1)" test "$rc" -eq 1
check "naming the host's size" test "$err" = \
    "xenballoonctl: cannot reserve 104857600 KiB: the host has 8388608 KiB in all"
check "no overcommit promised at any sample" stop_audit
done_testing
