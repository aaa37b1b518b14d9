#!/bin/sh
# What xenballoond publishes for admins (/tool/xenballoon, memory/dynamic-*
# and memory/uncooperative), key by key, judged against what the test
# knows: the simulator's figures, the config, and the policy and
# reservations the test itself set.  Each key an admin reads with
# xenstore-ls must say what is, follow when it moves, stay dom0's, and not
# be written again while it does not change.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

U1=6b0c3e4e-1d2f-4a55-9a0b-0c1d2e3f4a5b
DMIN=$(xsk MEM_DYNAMIC_MIN) DMAX=$(xsk MEM_DYNAMIC_MAX)
UNCOOP=$(xsk MEM_UNCOOPERATIVE)

# is WHAT GOT WANT: equal, or say what was expected and what was got.
is() {
	[ "$2" = "$3" ] && return 0
	diag "$1: expected '$3', got '$2'"
	return 1
}
# becomes WHAT WANT CMD...: CMD prints WANT within 10 s, or say what it
# printed last.
becomes() {
	b_what=$1 b_want=$2 b_n=100
	shift 2
	while :; do
		b_got=$("$@" 2>/dev/null)
		[ "$b_got" = "$b_want" ] && return 0
		b_n=$((b_n - 1))
		[ "$b_n" -le 0 ] && break
		sleep 0.1
	done
	diag "$b_what: expected '$b_want', got '$b_got'"
	return 1
}
host() { xsr "$(xsk "TOOL_HOST_$(echo "$1" | tr a-z A-Z)")"; }
pub2() { echo "$(pub "$1" "$2") $(pub "$1" "$3")"; }
dyn() { echo "$(xsr "/local/domain/$1/$DMIN") $(xsr "/local/domain/$1/$DMAX")"; }
res_key() { xsr "$(xsk "TOOL_RES_$(echo "$2" | tr a-z A-Z)" "$1")"; }
# State and reason, published and as xenballoonctl show gives them.
state_of() {
	echo "$(pub "$1" state) $(dom_field "$1" state)"
	[ "$(pub "$1" reason)" = "$(dom_field "$1" reason)" ] &&
	    [ -n "$(pub "$1" reason)" ] || echo "reason '$(pub "$1" reason)'" \
	    "published, '$(dom_field "$1" reason)' shown"
}
# quiet KEY...: none of the keys written for 3 s (3 rounds): a watch fires
# once when it is set, and not again.
quiet() {
	i=0 pids=
	for k in "$@"; do
		timeout 3 xenstore-watch "$k" > "$T/watch$i" 2>/dev/null &
		pids="$pids $!"
		i=$((i + 1))
	done
	wait $pids
	q_rc=0 i=0
	for k in "$@"; do
		n=$(wc -l < "$T/watch$i")
		if [ "$n" -ne 1 ]; then
			diag "$k: $n watch events in 3 s, expected 1 (the watch's own)"
			q_rc=1
		fi
		i=$((i + 1))
	done
	return $q_rc
}
# A read through guest 1's own socket: refused.
guest_cannot_read() {
	v=$(XENSTORED_PATH=$T/guest1.sock xenstore-read "$1" 2>/dev/null) ||
	    return 0
	diag "guest 1 read $1: '$v', expected a refusal"
	return 1
}

start_xsd --guest "1:$T/guest1.sock"
"$SIMHV" host 8G
"$SIMHV" create 1 web 2G --static-max 4G --used 1536M --uuid "$U1"
"$SIMHV" create 2 db 1G --static-max 4G --used 768M
# A guest with 8 MiB of video RAM (an HVM's): memory/target and dynamic-*
# leave it out, as libxl's do.  xb-simhv does not model video RAM, so it
# is kept stuck, where it stays put.
"$SIMHV" create 3 vga 1G --static-max 2G --behaviour stuck
xsw /local/domain/3/memory/videoram 8192
start_sim
printf 'interval = 1s\nsettle = 50ms\nguest-read-gap = 200ms\nslack = 96M\nstuck-after = 1s\n' > "$T/conf"
# /tool readable by all (a careless toolstack): the daemon's subtree must
# still be dom0's alone.
xenstore-chmod /tool r0
# A previous run's leftovers: gone once this one has started.
xsw "$(xsk TOOL_DOM_NAME 42)" ghost
start_daemon
wait_for 150 settled 1 2

check "a previous run's domain entry is wiped at start" \
    is "name of 42" "$(pub 42 name)" ""
check "uuid is the domain's" is "uuid of 1" "$(pub 1 uuid)" "$U1"
check "name is the domain's" is "name of 2" "$(pub 2 name)" db
check "actual is what the hypervisor says it holds" \
    becomes "actual of 1" "$(sim_tot 1)" pub 1 actual
check "target is memory/target (no video RAM)" \
    becomes "target of 1" "$(target_of 1)" pub 1 target
# Published target less memory/target, both read now: the daemon raises
# the stuck guest before it judges it stuck (stuck-after), and a want
# read once before that was stale by the time the published key moved
# (under ASan, 2097152 wanted, 1048576 published and right).
vga_added() {
	v_t=$(target_of 3) v_p=$(pub 3 target)
	[ -n "$v_t" ] && [ -n "$v_p" ] && echo $((v_p - v_t))
}
check "  with the video RAM added back for a guest that has some" \
    becomes "published target of 3 less memory/target" 8192 vga_added
check "demand is what the guest uses (1536M)" \
    becomes "demand of 1" 1572864 pub 1 demand
check "  and 0 for a guest that says nothing" is "demand of 3" "$(pub 3 demand)" 0
check "state and reason of a settled guest, as xenballoonctl show gives them" \
    becomes "state of 2 (published, shown)" "idle idle" state_of 2
check "gap and moved are 0 once settled" \
    is "gap, moved of 2" "$(pub2 2 gap moved)" "0 0"
check "min and max are the defaults (128M, the static max)" \
    is "min, max of 2" "$(pub2 2 min max)" "131072 4194304"
check "dynamic-min and -max leave out video RAM (8M)" \
    is "dynamic-min, -max of 3" "$(dyn 3)" "122880 2088960"
check "a stuck guest is marked uncooperative" \
    becomes "memory/uncooperative of 3" 1 xsr "/local/domain/3/$UNCOOP"
check "  a cooperative one is not" \
    is "memory/uncooperative of 1" "$(xsr "/local/domain/1/$UNCOOP")" ""

check "host total is the hypervisor's" \
    is "host total" "$(host total)" "$(xsr /sim/host/total_kib)"
check "host slack is the config's (96M)" is "host slack" "$(host slack)" 98304
check "host free is the hypervisor's" \
    becomes "host free" "$(sim_free)" host free
check "budget is all of the host once settled" \
    becomes "budget" "$(xsr /sim/host/total_kib)" host budget
check "no deficit on a sane host" is "deficit" "$(host deficit)" 0
committed=$(host committed) budget=$(host budget)
sum=$(( $(pub 1 target) + $(pub 2 target) + $(pub 3 target) + 98304 ))
diag "committed $committed, targets and slack $sum, budget $budget"
check "committed covers every target and the slack, within the budget" \
    test "$committed" -ge "$sum" -a "$committed" -le "$budget"

check "/tool is readable by guests here" \
    sh -c 'XENSTORED_PATH=$1 xenstore-read /tool >/dev/null' sh "$T/guest1.sock"
check "  yet a guest cannot read what dom0's admin is shown" \
    guest_cannot_read "$(xsk TOOL_HOST_TOTAL)"

check "a key that did not change is not written again (name, min, reason, host total)" \
    quiet "$(xsk TOOL_DOM_NAME 2)" "$(xsk TOOL_DOM_MIN 2)" \
    "$(xsk TOOL_DOM_REASON 2)" "$(xsk TOOL_HOST_TOTAL)"

# The admin moves things: each key follows.
ctl set db min=1G max=3G
check "a min and max set are published" \
    becomes "min, max of 2" "1048576 3145728" pub2 2 min max
check "  and as dynamic-min and -max" \
    becomes "dynamic-min, -max of 2" "1048576 3145728" dyn 2
ctl target db 1536M
check "a pin moves the published target and gives the reason" \
    becomes "target, reason of 2" "1572864 pinned by the admin" \
    pub2 2 target reason
check "  and actual follows the hypervisor's" \
    becomes "actual of 2" 1572864 pub 2 actual
ctl unpin db >/dev/null

# xl rename (and the end of xl migrate-receive: name--incoming becomes
# name) writes the domain's name in xenstore.
xsw /sim/dom/2/name database
xsw /local/domain/2/name database
check "a renamed domain is published under its new name" \
    becomes "name of 2" database pub 2 name
check "  and shown under it" \
    becomes "xenballoonctl status" "2 database" \
    sh -c '"$1" -s "$2" status | awk "\$1 == 2 { print \$1, \$2 }"' \
    sh "$CTL" "$T/ctl.sock"

id1=$(ctl reserve 256M --timeout 20s)
id2=$(ctl reserve 128M --timeout 20s)
check "a reservation is published: its size" \
    is "size of $id1" "$(res_key "$id1" size)" 262144
check "  its state" becomes "state of $id1" held res_key "$id1" state
check "  and why" test -n "$(res_key "$id1" reason)"
check "  so is the second" \
    is "size, state of $id2" "$(res_key "$id2" size) $(res_key "$id2" state)" \
    "131072 held"
check "  neither written again while it stays as it is" \
    quiet "$(xsk TOOL_RES_SIZE "$id1")" "$(xsk TOOL_RES_STATE "$id2")"
ctl release "$id1" >/dev/null
check "a released one is gone" becomes "size of $id1" "" res_key "$id1" size
check "  the other stays" is "size of $id2" "$(res_key "$id2" size)" 131072
ctl release "$id2" >/dev/null
check "  and then goes too" becomes "size of $id2" "" res_key "$id2" size

"$SIMHV" destroy 2
check "a destroyed domain's entry goes" becomes "name of 2" "" pub 2 name
done_testing
