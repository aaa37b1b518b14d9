#!/bin/sh
# Single instance: a second xenballoond on the same host (the same state
# directory, the same control socket, or neither: the pid the first wrote
# to /tool/xenballoon/host/pid) refuses to start, says which pid
# runs, exits 3, and leaves the first one's socket and its xenstore
# subtree alone; one that fails at start-up for another reason wipes
# nothing either.  A stale socket (the daemon was killed) is no obstacle.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

# second SOCKET STATE-DIR: run another daemon for at most 10 s; its output
# in $T/second.log, its exit status in S_RC (124: it did not exit).
second() {
	timeout 10 "$DAEMON" -d --backend=sim --socket "$1" --state-dir "$2" \
	    -f "$T/conf" > "$T/second.log" 2>&1
	S_RC=$?
	cat "$T/second.log" >> "$T/seconds.log"
	diag "second daemon: exit $S_RC: $(grep -v Sanitizer "$T/second.log" | tail -n 1)"
}
# The first daemon's xenstore subtree is as it published it.
subtree_intact() {
	[ "$(xsr "$(xsk TOOL_HOST_TOTAL)")" = "$total" ] &&
	    [ "$(pub 1 state)" = "$state1" ] && [ -n "$state1" ]
}

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 a 2G --static-max 4G
"$SIMHV" create 2 b 2G --static-max 4G
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_daemon
wait_for 100 converged
total=$(xsr "$(xsk TOOL_HOST_TOTAL)") state1=$(pub 1 state)

second "$T/ctl.sock" "$T/state"
check "a second daemon on the same socket and state dir exits 3" test "$S_RC" = 3
check "  naming the running one's pid ($D_PID)" grep -q "pid $D_PID" "$T/second.log"
check "  the first still answers on its socket" ctl status
check "  and its xenstore subtree is intact" subtree_intact

second "$T/other.sock" "$T/state"
check "another socket, the same state dir: exits 3" test "$S_RC" = 3
check "  naming the running one's pid ($D_PID)" grep -q "pid $D_PID" "$T/second.log"
check "  and says the state directory is in use" grep -q "state directory" "$T/second.log"
check "  it bound no socket of its own" test ! -e "$T/other.sock"
check "  the first still answers" ctl status
check "  and its xenstore subtree is intact" subtree_intact

second "$T/ctl.sock" "$T/state2"
check "the same socket, another state dir: exits 3" test "$S_RC" = 3
check "  naming the running one's pid ($D_PID)" grep -q "pid $D_PID" "$T/second.log"
check "  the first still answers" ctl status
check "  and its xenstore subtree is intact" subtree_intact
second "$T/other2.sock" "$T/state4"
check "another socket and another state dir: exits 3 (xenstore names it)" \
    test "$S_RC" = 3
check "  naming the running one's pid ($D_PID)" grep -q "pid $D_PID" "$T/second.log"
check "  it leaves no socket of its own" test ! -e "$T/other2.sock"
check "  the first still answers" ctl status
check "  and its xenstore subtree is intact" subtree_intact
check "  which names the first as the host's daemon" \
    test "$(xsr "$(xsk TOOL_HOST_PID)")" = "$D_PID"

second "$T/no-such-dir/ctl.sock" "$T/state3"
check "a daemon that fails at start-up (socket cannot be bound) exits 1" \
    test "$S_RC" = 1
check "  having wiped nothing: the first one's xenstore subtree is intact" \
    subtree_intact
check "  the first still answers" ctl status

check "  and still takes policy" ctl set a weight=150

check "no sanitizer report from the refused daemons" \
    sh -c '! grep -q "Sanitizer\|runtime error" "$1"' sh "$T/seconds.log"

stop_daemon KILL
check "killed, the daemon leaves its socket behind (stale)" test -S "$T/ctl.sock"
# A malformed pid under /tool (anyone with dom0's xenstore access could
# write one) is no obstacle either: it names no live xenballoond.
xsw "$(xsk TOOL_HOST_PID)" "12abc"
start_daemon
check "a new daemon replaces a stale socket and serves" ctl status
check "  with the policy the killed one saved" test "$(dom_field a weight)" = 150
check "  a malformed /tool/xenballoon/host/pid did not stop it; it wrote its own" \
    test "$(xsr "$(xsk TOOL_HOST_PID)")" = "$D_PID"
done_testing
