#!/bin/sh
# Hostile guests against the real daemon: seeded garbage over every key it
# reads, key deletions, a 10,000 writes/s flood, absurd claimed demand,
# domid reuse after destroy and spurious @releaseDomain.  Measured: the
# daemon's CPU and RSS (TAP comments), honest guests keep their memory,
# never an overcommit, complaints rate-limited.
. "$XB_SRCDIR/tests/hostile/lib.sh"
need_tools
SEED=${XB_HOSTILE_SEED:-8}

start_xsd --guest "1:$T/evil.sock" --guest "4:$T/reuse.sock"
"$SIMHV" host 8G
"$SIMHV" create 1 evil 1G --static-max 2G
"$SIMHV" create 2 honest 1G --static-max 2G --used 700M
"$SIMHV" create 3 steady 1G --static-max 2G --used 600M
start_sim
printf 'interval = 1s\nsettle = 50ms\nguest-read-gap = 500ms\n' > "$T/conf"
start_audit 64M
start_daemon
wait_for 150 settled 1 2 3
h2=$(target_of 2) h3=$(target_of 3)
diag "seed $SEED; honest targets before: $h2 $h3"
export XENSTORED_PATH=$T/evil.sock

# 1. garbage and deletions
measure_start
out=$("$HOSTILE" garbage "$SEED" 5000)
XENSTORED_PATH=$T/xs.sock ctl rebalance >/dev/null
measure_stop "garbage ($out)"
check "5,000 seeded garbage writes and removals: daemon alive" \
    env XENSTORED_PATH="$T/xs.sock" "$CTL" -s "$T/ctl.sock" rebalance
check "  its CPU stays bounded (< 50% of a core)" test "$CPU_PCT" -lt 50
check "  its RSS stays bounded (< 64 MiB)" test "$RSS_KIB" -lt 65536
XENSTORED_PATH=$T/xs.sock
n=$(grep -c "domain 1 (evil):" "$T/daemon.log")
diag "complaints about evil logged: $n"
check "  complaints are rate-limited (<= 5 a minute, plus one summary)" \
    test "$n" -le 6
check "  evil's target within [0, static max]" test "$(target_of 1)" -le 2097152

# 2. a flood of 10,000 writes a second for 10 s
export XENSTORED_PATH=$T/evil.sock
# (two connections of 5,000 writes/s, each keeping 64 writes in flight
# on the wire protocol, as a guest need not wait for replies)
measure_start
pids=
for w in 1 2; do "$HOSTILE" flood 5000 10 > "$T/flood.$w" & pids="$pids $!"; done
for p in $pids; do wait "$p"; done
XENSTORED_PATH=$T/xs.sock
sum=$(cat "$T"/flood.* | sed 's/.*writes=\([0-9]*\) failed=\([0-9]*\).*/\1 \2/' |
    awk '{w += $1; f += $2} END {printf "writes=%d failed=%d rate=%d/s", w, f, w / 10}')
measure_stop "flood ($sum)"
check "flood: daemon alive" ctl rebalance
check "  its CPU stays bounded (< 60% of a core)" test "$CPU_PCT" -lt 60
check "  its RSS stays bounded (< 64 MiB)" test "$RSS_KIB" -lt 65536

# 3. absurd claimed demand: more than the host, under full pressure
# (every hint the daemon reads at its bound, names from the key table)
out=$(XENSTORED_PATH=$T/evil.sock "$HOSTILE" demand)
diag "absurd demand: $out"
sleep 3
check "  the absurd hints reached the planner (pressure seen)" \
    sh -c '"$1" -s "$2" --json show evil | grep -q "\"psi_some_avg10\": 100"' \
    sh "$CTL" "$T/ctl.sock"
check "huge claimed demand: evil never above its static max" \
    test "$(target_of 1)" -le 2097152
check "  honest keeps its allocation" test "$(target_of 2)" -ge $((h2 - 65536))
check "  steady keeps its allocation" test "$(target_of 3)" -ge $((h3 - 65536))

# 4. domid reuse after destroy: a new domain 4 must not inherit the old
"$SIMHV" create 4 old 512M --static-max 1G \
    --uuid 11111111-1111-1111-1111-111111111111
wait_for 50 sh -c '"$1" -s "$2" show old >/dev/null' sh "$CTL" "$T/ctl.sock"
ctl set old max=600M min=550M >/dev/null
wait_for 100 sh -c '[ "$(xenstore-read "/local/domain/4/$1")" -ge 563200 ]' sh "$KEY_TARGET"
"$SIMHV" destroy 4
wait_for 50 sh -c '! "$1" -s "$2" show old >/dev/null 2>&1' sh "$CTL" "$T/ctl.sock"
"$SIMHV" create 4 new 512M --static-max 1G \
    --uuid 22222222-2222-2222-2222-222222222222
wait_for 50 sh -c '"$1" -s "$2" show new >/dev/null' sh "$CTL" "$T/ctl.sock"
check "domid reuse: the new domain 4 does not inherit the old one's min" \
    sh -c '[ "$("$1" -s "$2" --json show new | sed -n "s/^ *\"min_kib\": \([0-9]*\).*/\1/p" | head -1)" != 563200 ]' \
    sh "$CTL" "$T/ctl.sock"
check "  /tool/xenballoon names the new domain" \
    sh -c '[ "$(xenstore-read "$1")" = new ]' sh "$(xsk TOOL_DOM_NAME 4)"

# 5. spurious @releaseDomain, 500 of them
measure_start
i=0
while [ $i -lt 500 ]; do "$XSCONTROL" fire @releaseDomain >/dev/null 2>&1; i=$((i + 1)); done
ctl rebalance >/dev/null
measure_stop "500 spurious @releaseDomain"
check "spurious @releaseDomain: no domain forgotten" \
    sh -c 'for n in evil honest steady new; do "$1" -s "$2" show $n >/dev/null || exit 1; done' \
    sh "$CTL" "$T/ctl.sock"
check "  honest and steady keep their allocations" \
    sh -c '[ "$(xenstore-read "/local/domain/2/$3")" -ge $(($1 - 65536)) ] && [ "$(xenstore-read "/local/domain/3/$3")" -ge $(($2 - 65536)) ]' sh "$h2" "$h3" "$KEY_TARGET"
check "no overcommit promised at any sample" stop_audit
done_testing
