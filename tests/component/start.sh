#!/bin/sh
# Domains that start (built, restored or migrated in: paused before their
# first run) with a reservation made for them by name or UUID: the
# reservation binds to the domain, asks only what the domain does not
# hold yet (so the guests are not squeezed twice for the same memory),
# is handed over when the domain runs, and holds again if the domain
# goes first.  A starting domain is left alone and shown as such.  A
# pending reservation whose client goes is cancelled.
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
wait_for 100 settled 1 2 3

# What the running guests are given, summed.
guests_kib() { echo $(( $(target_of 1) + $(target_of 2) + $(target_of 3) )); }
res_field() {	# ID FIELD: a field of reservation ID in status --json
	ctl --json status | tr -d ' \n' | sed 's/.*"reservations":\[//' |
	    tr '}' '\n' | grep "\"id\":$1," | grep -o "\"$2\":[^,]*" |
	    cut -d: -f2 | tr -d '"'
}
# res_is ID FIELD VALUE
res_is() { [ "$(res_field "$1" "$2")" = "$3" ]; }

id=$(ctl reserve 2G --domain web --timeout 15s)
check "reserve 2G --domain web is held (exit 0)" test $? -eq 0
check "2G is free for it" free_at_least 2097152
check "status says whom it is for" test "$(res_field "$id" for)" = web
check "  in its table too" sh -c '"$1" -s "$2" status |
    grep -q "^reservation $3: 2048M held for web (memory is free now"' sh "$CTL" "$T/ctl.sock" "$id"
before=$(guests_kib)

# xl create fills the domain while it is paused, then runs it.
"$SIMHV" create 4 web 2G --static-max 2G --starting
check "the reservation binds to the starting domain" \
    wait_for 50 res_is "$id" domid 4
check "  and asks nothing more: the domain holds its 2G" \
    test "$(res_field "$id" asks_kib)" = 0
check "  and in the status table: for web (domain 4, asks 0M)" sh -c \
    '"$1" -s "$2" status | grep -q "^reservation $3: 2048M held for web (domain 4, asks 0M) "' \
    sh "$CTL" "$T/ctl.sock" "$id"
check "web is shown starting" wait_for 30 sh -c \
    '[ "$(xenstore-read "$1")" = starting ]' sh "$(xsk TOOL_DOM_STATE 4)"
check "  in xenballoonctl show as well" test "$(dom_field web state)" = starting
sleep 3
after=$(guests_kib)
diag "guests given ${before} KiB before web was built, ${after} KiB 3 rounds after"
check "the guests are not squeezed a second time for web's memory" \
    test "$after" -ge $((before - 65536))
check "web's target is left as xl wrote it" test "$(target_of 4)" = 2097152

"$SIMHV" unpause 4
check "once web runs, the reservation is handed over" \
    wait_for 50 sh -c '[ "$(xenstore-read "$1")" = handed ]' sh "$(xsk TOOL_RES_STATE "$id")"
check "  and web is balanced like any guest" wait_for 30 sh -c \
    '[ "$(xenstore-read "$1")" != starting ]' sh "$(xsk TOOL_DOM_STATE 4)"
ctl release "$id"
check "releasing a handed reservation is fine (exit 0)" test $? -eq 0

# xl migrate-receive builds the domain as NAME--incoming; a failed
# build destroys it.  Then the reservation holds again, for a retry.
id=$(ctl reserve 1G --domain mig --timeout 15s)
"$SIMHV" create 5 mig--incoming 1G --static-max 1G --starting
check "NAME--incoming binds a reservation for NAME" \
    wait_for 50 res_is "$id" domid 5
check "  which asks nothing more once the domain holds its 1G" \
    res_is "$id" asks_kib 0
"$SIMHV" destroy 5
check "its domain gone before it ran, the reservation is unbound" \
    wait_for 50 res_is "$id" domid ""
check "  held again, all of it" sh -c \
    '[ "$1" = held ] && [ "$2" = 1048576 ]' sh "$(res_field "$id" state)" \
    "$(res_field "$id" asks_kib)"
check "  with its 1G free again" wait_for 50 free_at_least 1048576
ctl release "$id"

# By UUID, whatever the name the domain is built under.
U=6b0c3e4e-1d2f-4a55-9a0b-0c1d2e3f4a5b
id=$(ctl reserve 512M --domain $U --timeout 15s)
"$SIMHV" create 6 other 512M --uuid $U --starting
check "a UUID binds the domain of that UUID" wait_for 50 res_is "$id" domid 6
ctl release "$id"

# An incoming migration nobody reserved for: xl migrate-receive builds
# the domain, paused, with its target written, and the pages come in
# with the stream.  The daemon counts it at its target from the first
# round and frees that memory for it, before the stream needs it.
"$SIMHV" unpause 6
wait_for 100 settled 1 2 3 4 6
free0=$(sim_free)
diag "free before the incoming domain: $free0 KiB"
"$SIMHV" create 7 inc--incoming 2G --static-max 2G --starting --holding 0
check "an incoming domain holding nothing yet is shown starting" \
    wait_for 30 sh -c '[ "$(xenstore-read "$1")" = starting ]' sh "$(xsk TOOL_DOM_STATE 7)"
check "  and the guests give up the 2G it will take" \
    wait_for 100 free_at_least 2097152
check "  while its target is left as xl wrote it" test "$(target_of 7)" = 2097152
"$SIMHV" destroy 7

# xl writes a new domain's memory keys after the domain exists: the
# daemon, seeing it first without them, reads them once they come and
# manages the domain once it runs.  Its memory is reserved first, as
# the xl wrapper does: without, the guests may already have been given
# back inc's 2G, and the domain takes memory promised to them (the
# audit saw 256M promised twice when the daemon was that quick).
id=$(ctl reserve 256M --domain late --timeout 15s)
"$SIMHV" create 8 late 256M --starting --no-memory-keys
sleep 1.5
xsw "/local/domain/8/$(xsk MEM_STATIC_MAX)" 262144 "/local/domain/8/$KEY_TARGET" 262144
"$SIMHV" unpause 8
check "a domain whose memory keys came after it appeared is managed once it runs" \
    wait_for 50 sh -c 'case $(xenstore-read "$1") in
    idle|growing|shrinking) true ;; *) false ;; esac' sh "$(xsk TOOL_DOM_STATE 8)"
"$SIMHV" destroy 8
ctl release "$id"

# A reservation that takes a while (a slow guest must give 3G) whose
# client is killed before it could print the ID: cancelled.
ctl set web min=2G
wait_for 100 settled 1 2 3 4 6
"$SIMHV" behave 1 slow
"$SIMHV" behave 2 slow
"$SIMHV" behave 3 slow
"$CTL" -s "$T/ctl.sock" reserve 3G --timeout 60s > "$T/resv.out" 2>&1 &
RPID=$!
check "a slow reservation is pending" wait_for 50 sh -c \
    '"$1" -s "$2" --json status | grep -q "\"state\": \"pending\""' \
    sh "$CTL" "$T/ctl.sock"
kill -9 "$RPID"
wait "$RPID" 2>/dev/null
check "its client killed, it is cancelled" wait_for 30 sh -c \
    '! "$1" -s "$2" --json status | grep -q "\"state\": \"pending\""' \
    sh "$CTL" "$T/ctl.sock"
check "  and says so in the log" grep -q "cancelled: its client went" "$T/daemon.log"
check "no overcommit promised at any sample" stop_audit
done_testing
