#!/bin/sh
# xenballoonctl top in a real terminal: tmux (a detached session of a
# fixed size) runs it against the real xenballoond and the simulated
# hypervisor; the pane shows the title, the host and a row a domain with
# the hypervisor's figures, a sort key changes the order, the view
# survives a resize, q exits 0, and a daemon that is down or goes away
# is a plain error (exit 3) on a terminal given back.  -b prints plain
# frames for scripts.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux missing (apt-get install tmux)"
	exit 0
fi
unset TMUX
printf 'set -g remain-on-exit on\n' > "$T/tmux.conf"
tm() { tmux -S "$T/tmux.sock" -f "$T/tmux.conf" "$@"; }
trap 'tm kill-server 2>/dev/null; cleanup' EXIT

# run_top SESSION COLS ROWS ARGS...: top in a fresh pane; its exit status
# lands in $T/SESSION.rc.
run_top() {
	s=$1 x=$2 y=$3; shift 3
	rm -f "$T/$s.rc"
	tm new-session -d -s "$s" -x "$x" -y "$y" \
	    "'$CTL' $*; echo \$? > '$T/$s.rc'"
}
pane() { tm capture-pane -p -t "$1"; }
# All the pane ever showed (its history too), as one line: a message
# longer than the pane wraps, and a dead pane may have scrolled.
pane_all() { tm capture-pane -p -S - -t "$1"; }
pane_says() { pane_all "$1" | tr -d '\n' | grep -qF -- "$2"; }
pane_has() { pane "$1" | grep -q -- "$2"; }
# The domids of a frame's rows, in order: "1 2 3".
rows_of() { awk '/^DOMID /{r=1; next} r && /^ *[0-9]+ /{printf "%s%s", s, $1; s=" "}'; }
exited() { [ -s "$T/$1.rc" ]; }

LONG=a-domain-name-well-past-sixteen-characters
start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 zeta 2G --static-max 4G --used 1500M
"$SIMHV" create 2 alpha 1G --static-max 2G --used 600M
"$SIMHV" create 3 "$LONG" 512M --static-max 1G
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_daemon
wait_for 150 converged || diag "did not converge"

# Batch: plain frames, names whole, the hypervisor's own figures.
ctl top -b -n 2 -d 200ms > "$T/batch"; rc=$?
check "top -b -n 2: exit 0" test "$rc" = 0
check "  two frames, each with its title and header" sh -c \
    '[ "$(grep -c "^xenballoonctl top " "$1")" = 2 ] && [ "$(grep -c "^DOMID NAME " "$1")" = 2 ]' sh "$T/batch"
check "  and no keys in it" sh -c '! grep -q "keys:" "$1"' sh "$T/batch"
check "  the host's total from the hypervisor (8192M)" grep -q "^host: total 8192M  free " "$T/batch"
check "  the long name whole" grep -q " $LONG " "$T/batch"
actual_ok() {
	for d in 1 2 3; do
		a=$(ctl top -b -n 1 | awk -v d=$d '$1 == d { print $3 }')
		[ "$a" = $(( $(sim_tot $d) / 1024 )) ] || { diag "domain $d: ACTUAL $a, hypervisor $(( $(sim_tot $d) / 1024 ))M"; return 1; }
	done
}
# ACTUAL comes from the daemon's last snapshot, a round old at most: a
# domain still within settled's 4M of its target may move by a page
# between that snapshot and the hypervisor's read here.
check "  ACTUAL is what the hypervisor says each domain holds" wait_for 30 actual_ok
# ... and not its target: a driver that does not move, under a pin.
"$SIMHV" behave 3 stuck
ctl target "$LONG" 768M >/dev/null
col_is() {	# DOMID COLUMN VALUE
	[ "$(ctl top -b -n 1 | awk -v d=$1 -v c=$2 '$1 == d { print $c }')" = "$3" ]
}
stuck_shown() { [ "$(sim_tot 3)" = 1048576 ] && col_is 3 4 768 && col_is 3 3 1024; }
check "  a stuck domain: ACTUAL 1024 (what it holds), TARGET 768 (its pin)" \
    wait_for 30 stuck_shown
ctl unpin "$LONG" >/dev/null
"$SIMHV" behave 3 ideal
wait_for 150 converged || diag "did not converge again"
# DEMAND is the daemon's (status now carries it): as show says it.
demand_ok() {
	for d in 1 2; do
		want=$(dom_field $d demand_kib)
		got=$(ctl top -b -n 1 | awk -v d=$d '$1 == d { print $5 }')
		[ -n "$want" ] && [ "$got" = $((want / 1024)) ] || { diag "domain $d: DEMAND $got, show says ${want}k"; return 1; }
	done
}
check "  DEMAND as the daemon reckons it (show's demand_kib)" demand_ok
check "  by domid by default" test "$(ctl top -b -n 1 | rows_of)" = "1 2 3"
check "  -o name sorts by name" test "$(ctl top -b -n 1 -o name | rows_of)" = "3 2 1"
check "  --sort=name --kib: sizes in KiB" sh -c \
    '"$1" -s "$2" top -b -n 1 --sort=name --kib | grep -q "^host: total 8388608k "' sh "$CTL" "$T/ctl.sock"

# A real terminal, 100 columns: too narrow for the long name.
run_top v 100 20 -s "$T/ctl.sock" top -d 300ms
if ! wait_for 100 pane_has v "^DOMID NAME "; then
	diag "$(pane v)"
fi
pane v > "$T/pane1"
diag "the pane, 100x20:"
diag "$(cat "$T/pane1")"
check "tmux: the title, sorted by domid, with the keys" grep -q "^xenballoonctl top  [0-9:]*  every 300ms  sort: domid  keys: " "$T/pane1"
check "  the host line" grep -q "^host: total 8192M  free " "$T/pane1"
check "  a row per domain, by domid" test "$(rows_of < "$T/pane1")" = "1 2 3"
check "  zeta and alpha by name" sh -c 'grep -q "^    1 zeta " "$1" && grep -q "^    2 alpha " "$1"' sh "$T/pane1"
check "  the long name cut with a + to fit 100 columns" grep -q "^    3 a-domain-name-well-past-s+ " "$T/pane1"
tm send-keys -t v n
wait_for 50 pane_has v "sort: name "
check "  n sorts by name: the order changed" test "$(pane v | rows_of)" = "3 2 1"
tm send-keys -t v r
wait_for 50 pane_has v "sort: name, reversed"
check "  r reverses it" test "$(pane v | rows_of)" = "1 2 3"
tm resize-window -t v -x 60 -y 5
# Drawn again for 60x5: NAME narrowed to fit, a row and a count of the rest.
narrow() { pane_has v "^DOMID NAME  ACTUAL " && pane_has v "^    1 zeta " && pane_has v "^\.\.\. 2 more "; }
check "  resized to 60x5: drawn for it (NAME 4 wide, '... 2 more')" wait_for 50 narrow
check "  still running" sh -c '! test -s "$1"' sh "$T/v.rc"
diag "$(pane v)"
tm send-keys -t v q
check "  q quits" wait_for 50 exited v
check "  with exit 0" test "$(cat "$T/v.rc" 2>/dev/null)" = 0

# Bad arguments are refused before anything is drawn.
expect2() {
	err=$("$CTL" -s "$T/ctl.sock" top "$@" 2>&1 >/dev/null); rc=$?
	check "top $*: exit 2, $err" sh -c '[ "$1" = 2 ] && [ "$2" = "$3" ]' sh "$rc" "$err" "$E"
}
E="xenballoonctl: top: bad delay '0': must be from 100ms to 1h" expect2 -d 0
E="xenballoonctl: top: bad delay '1.5': unknown unit (expected seconds, or a duration such as 500ms or 1m)" expect2 -d 1.5
E="xenballoonctl: top: unknown sort key 'size' (keys: domid name actual target demand pressure)" expect2 -o size
E="xenballoonctl: top: bad iterations '0': number out of range (expected a number of frames from 1 to 4294967295)" expect2 -b -n 0
E="xenballoonctl: top: no --json (status --json has the same figures)" expect2 --json
E="xenballoonctl: top: not a terminal (-b prints plain frames)" expect2

# Daemon down: the error, plainly, in the terminal and in batch mode.
run_top down 100 20 -s "$T/none.sock" top
wait_for 50 exited down
check "daemon down: top exits 3" test "$(cat "$T/down.rc" 2>/dev/null)" = 3
check "  saying why, on the terminal" wait_for 50 pane_says down \
    "xenballoonctl: cannot connect to $T/none.sock: No such file or directory (is xenballoond running?)"
err=$("$CTL" -s "$T/none.sock" top -b 2>&1 >/dev/null); rc=$?
check "  top -b too: exit 3, the same words" sh -c '[ "$1" = 3 ] && [ "$2" = "$3" ]' sh "$rc" "$err" \
    "xenballoonctl: cannot connect to $T/none.sock: No such file or directory (is xenballoond running?)"

# The daemon goes away under the view: the terminal is given back first,
# so that the error is read on it, not lost in the view's screen.
run_top gone 100 20 -s "$T/ctl.sock" top -d 200ms
wait_for 100 pane_has gone "^DOMID NAME "
stop_daemon TERM
check "xenballoond stops cleanly on SIGTERM" test "$D_RC" = 0
wait_for 50 exited gone
check "daemon gone: top exits 3" test "$(cat "$T/gone.rc" 2>/dev/null)" = 3
wait_for 50 pane_says gone "xenballoonctl: "
check "  the error on the terminal given back (no frame left on it)" sh -c \
    'printf "%s\n" "$1" | grep -q "^xenballoonctl: " && ! printf "%s\n" "$1" | grep -q "^DOMID "' sh "$(pane_all gone)"
diag "$(pane_all gone | sed '/^$/d')"
done_testing
