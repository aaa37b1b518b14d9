#!/bin/sh
# Balancing three domains: the real daemon and CLI on a simulated host.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 web 2G --static-max 4G --used 1536M
"$SIMHV" create 2 db 1G --static-max 4G --used 768M
"$SIMHV" create 3 batch 3G --static-max 4G
start_sim
printf 'interval = 1s\nsettle = 50ms\nguest-read-gap = 200ms\n' > "$T/conf"
start_audit 64M
start_daemon

check "daemon answers status" sh -c '"$1" -s "$2" status >/dev/null' sh "$CTL" "$T/ctl.sock"
check "three domains converge to their targets" wait_for 150 converged
out=$(ctl status)
diag "$out"
check "status table lists every domain by name" \
    sh -c 'echo "$1" | grep -q " web " && echo "$1" | grep -q " db " &&
        echo "$1" | grep -q " batch "' sh "$out"
check "status table has its header" \
    sh -c 'echo "$1" | grep -q "^DOMID NAME *ACTUAL *TARGET"' sh "$out"
check "state published for admins under /tool/xenballoon" \
    test "$(pub 1 state)" = idle
check "memory/dynamic-max is the static max" \
    test "$(xsr "/local/domain/1/$(xsk MEM_DYNAMIC_MAX)")" = 4194304
check "memory/dynamic-min is the default minimum" \
    test "$(xsr "/local/domain/2/$(xsk MEM_DYNAMIC_MIN)")" = 131072

ctl set web min=2560M weight=300
check "min raised by the admin is honoured" \
    wait_for 100 sh -c '[ $(xenstore-read "/local/domain/1/$1") -ge 2621440 ]' sh "$KEY_TARGET"
check "show reports the new minimum" test "$(dom_field web min_kib)" = 2621440

ctl target db 768M
check "a pinned target is written as is" \
    wait_for 100 sh -c '[ $(xenstore-read "/local/domain/2/$1") -eq 786432 ]' sh "$KEY_TARGET"
check "the pin is shown" test "$(dom_field db pinned_kib)" = 786432
ctl unpin db
check "unpin clears it" test -z "$(dom_field db pinned_kib)"

"$SIMHV" destroy 3
check "a destroyed domain leaves the table" \
    wait_for 50 sh -c '! "$1" -s "$2" status | grep -q " batch "' sh "$CTL" "$T/ctl.sock"
check "and its /tool/xenballoon entry" wait_for 50 sh -c '! xenstore-read "$1"' sh "$(xsk TOOL_DOM_STATE 3)"
# The domid comes back with another UUID: a new life, not the old one.
# Memory for it is reserved first, as a toolstack hook would.
id=$(ctl reserve 512M --timeout 10s)
"$SIMHV" create 3 fresh 512M --static-max 2G
ctl release "$id"
check "a reused domid is a new domain" \
    wait_for 50 sh -c '"$1" -s "$2" status | grep -q " fresh "' sh "$CTL" "$T/ctl.sock"

check "no overcommit promised at any sample" stop_audit
done_testing
