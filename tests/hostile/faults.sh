#!/bin/sh
# Faults under a running daemon: the xenstore server restarted (connection
# dropped and restored), a domain dying mid-shrink, the daemon SIGKILLed at
# seeded random moments of a rebalance (real processes; the in-process
# 1,000-run model is kill-sim), and a full disk while saving policy.
. "$XB_SRCDIR/tests/hostile/lib.sh"
need_tools
SEED=${XB_HOSTILE_SEED:-8}

populate() {
	"$SIMHV" host 8G
	"$SIMHV" create 1 a 3G --static-max 6G --behaviour slow
	"$SIMHV" create 2 b 2G --static-max 6G --behaviour slow
	"$SIMHV" create 3 c 1G --static-max 6G
}
start_xsd
populate
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_daemon
wait_for 150 settled 1 2 3

# 1. a domain dies while it is being shrunk
start_audit 64M
ctl set c min=4G >/dev/null
wait_for 50 sh -c '[ "$(xenstore-read "$1")" = shrinking ]' sh "$(xsk TOOL_DOM_STATE 1)"
diag "a: $(pub 1 state), target $(target_of 1), holds $(sim_tot 1)"
"$SIMHV" destroy 1
check "a domain dying mid-shrink: the daemon carries on" wait_for 50 ctl rebalance
check "  and c gets its minimum from the others" \
    wait_for 200 sh -c '[ $(xenstore-read "/local/domain/3/$1") -ge $((4194304 - 4096)) ]' sh "$KEY_TARGET"
check "  no overcommit promised at any sample" stop_audit

# 2. SIGKILL at seeded random moments of rebalances, restart each time
i=0 lost=0
awk -v s="$SEED" 'BEGIN { srand(s); for (i = 0; i < 8; i++) printf "%.2f\n", rand() * 1.5 }' > "$T/delays"
start_audit 64M
while read -r delay; do
	i=$((i + 1))
	if [ $((i % 2)) = 0 ]; then ctl set c min=5G >/dev/null; else ctl set c min=3G >/dev/null; fi
	ctl set b weight=$((100 + i)) >/dev/null
	sleep "$delay"
	stop_daemon KILL
	start_daemon
	[ "$(dom_field b weight)" = $((100 + i)) ] || lost=$((lost + 1))
done < "$T/delays"
diag "kills at seeded delays (s): $(tr '\n' ' ' < "$T/delays")"
check "8 SIGKILLs mid-rebalance: no admin policy lost" test "$lost" = 0
check "  the last one converges" wait_for 300 settled 2 3
check "  no overcommit promised at any sample" stop_audit

# 3. xenstore goes away and comes back (a restarted xenstored), with a
# reservation held throughout
res=$(ctl reserve 512M --timeout 30s)
check "a reservation is held before xenstore goes" \
    test "$(xsr "$(xsk TOOL_RES_STATE "$res")")" = held
kill "$SIM_PID" 2>/dev/null; wait "$SIM_PID" 2>/dev/null
kill "$XSD_PID"; wait "$XSD_PID" 2>/dev/null
sleep 1
check "xenstore gone: the daemon stays up" kill -0 "$D_PID"
start_xsd
populate
start_sim
check "xenstore back: the daemon reconnects and answers" wait_for 150 ctl rebalance
check "  and balances the new picture" wait_for 300 sh -c '"$1" settled' sh "$SIMHV"
check "  and publishes the held reservation again" wait_for 50 sh -c \
    '[ "$(xenstore-read "$1")" = held ]' sh "$(xsk TOOL_RES_STATE "$res")"
ctl release "$res"

# 4. a full disk while saving policy: the old file survives
stop_daemon TERM
cp "$T/state/policy.json" "$T/policy.before"
sh -c 'echo $$ > "$1"; shift; ulimit -f 1; trap "" XFSZ; exec "$@"' sh "$T/dpid" \
    "$DAEMON" -d --backend=sim --socket "$T/ctl.sock" --state-dir "$T/state" \
    -f "$T/conf" 2>&1 | cat > "$T/daemon-fsz.log" &
wait_for 100 test -s "$T/dpid"
D_PID=$(cat "$T/dpid")
wait_for 100 ctl status
# Grow the file past the 512-byte limit: many reservations and policies.
n=0 failed=0 held=0
while [ $n -lt 12 ]; do
	if ctl reserve 1M --timeout 60s >/dev/null 2>&1; then
		held=$((held + 1))
	else
		failed=$((failed + 1))
	fi
	ctl set a weight=$((200 + n)) >/dev/null 2>&1 || failed=$((failed + 1))
	n=$((n + 1))
done
diag "requests refused while the disk was full: $failed"
check "a full disk: saves fail (and are reported)" test "$failed" -gt 0
check "  the daemon stays up" ctl status
check "  it holds only the reservations it said yes to ($held)" \
    test "$(ctl status | grep -c '^reservation ')" = "$held"
check "  the policy file is never torn (still valid JSON)" \
    sh -c 'tr -d "\n" < "$1" | grep -q "^{.*}$"' sh "$T/state/policy.json"
check "  no temporary file left behind" sh -c '! ls "$1"/*.tmp >/dev/null 2>&1' sh "$T/state"
stop_daemon TERM
start_daemon
check "  a restart without the limit loads the last good file and serves" \
    ctl status
check "  and every reservation it said yes to is still there ($held)" \
    test "$(ctl status | grep -c '^reservation ')" = "$held"
done_testing
