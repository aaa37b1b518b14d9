#!/bin/sh
# A hostile guest: malformed values, oversized trees, a write flood.  The
# guest writes through its own xb-xsd socket (acting as domain 1, with
# libxl's permissions), exactly what a guest kernel could do.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

start_xsd --guest "1:$T/guest1.sock"
"$SIMHV" host 4G
"$SIMHV" create 1 evil 1G --static-max 2G
"$SIMHV" create 2 honest 1G --static-max 2G --used 512M
start_sim
printf 'interval = 1s\nsettle = 50ms\nguest-read-gap = 500ms\n' > "$T/conf"
start_audit 64M
start_daemon
wait_for 100 settled 1 2

g() { XENSTORED_PATH=$T/guest1.sock xenstore-write -- "$@"; }

check "the guest cannot write its own memory/target" \
    sh -c '! XENSTORED_PATH=$1 xenstore-write memory/target 99999999 2>/dev/null' sh "$T/guest1.sock"
g data/meminfo_total -5 \
  data/meminfo_free 99999999999999999999999 \
  data/memory/pressure-some-avg10 250.00 \
  data/memory/swap-in-kibps 12abc \
  data/balloon/target-kb 1048576 data/balloon/current-kb "" \
  data/balloon/state "idle; reboot" \
  attr/vif/0/name "$(printf '%0200d' 0)" \
  attr/vif/0/mtu 70000 attr/vif/0/carrier 2 \
  attr/vif/0/ipv4/0 "1.2.3.4 5" \
  attr/vif/x/name eth9
i=0
while [ $i -lt 12 ]; do g attr/vif/$((i + 1))/name eth$i; i=$((i + 1)); done
# Addresses keep their slots: the sixth one alone, as the agent may write.
g attr/vif/1/ipv4/5 10.0.0.5
ctl rebalance
check "the daemon survives malformed values" wait_for 50 ctl rebalance
check "they are counted" wait_for 50 sh -c '[ "$("$1" -s "$2" --json show evil | sed -n "s/^ *\"bad_values\": \([0-9]*\).*/\1/p")" -gt 3 ]' \
    sh "$CTL" "$T/ctl.sock"
check "none of them reached the planner as a hint" \
    sh -c '! "$1" -s "$2" --json show evil | grep -q meminfo_total_kib' sh "$CTL" "$T/ctl.sock"
check "13 interfaces (the agent may publish 64): the daemon shows them all" \
    sh -c '[ "$("$1" -s "$2" --json show evil | grep -c "\"devid\":")" -eq 13 ]' \
    sh "$CTL" "$T/ctl.sock"
check "  with an address in slot 5" \
    sh -c '"$1" -s "$2" --json show evil | grep -q "\"10.0.0.5\""' sh "$CTL" "$T/ctl.sock"
check "the domain stays within its static max" test "$(target_of 1)" -le 2097152
n=$(grep -c "domain 1 (evil):.*ignored" "$T/daemon.log")
diag "complaints logged: $n"
check "complaints are rate-limited (at most 5 a minute per domain)" test "$n" -le 5
check "and they name the key and the reason" \
    grep -q "domain 1 (evil): data/meminfo_total: leading + or -\|domain 1 (evil): data/meminfo_total: .*sign" "$T/daemon.log"

# A flood: thousands of writes cost the guest, not the host.
reads0=$(ctl --json show evil | sed -n 's/^ *"reads": \([0-9]*\).*/\1/p')
( i=0; while [ $i -lt 40 ]; do
	set --; j=0
	while [ $j -lt 100 ]; do set -- "$@" data/meminfo_free $((i * 100 + j)); j=$((j + 1)); done
	g "$@"; i=$((i + 1))
  done )
reads1=$(ctl --json show evil | sed -n 's/^ *"reads": \([0-9]*\).*/\1/p')
diag "guest key reads during a 4000-write flood: $((reads1 - reads0))"
check "a 4000-write flood is coalesced into a few reads" test $((reads1 - reads0)) -le 20
check "the honest domain is still served" wait_for 50 settled 2
check "the daemon still answers" ctl rebalance
check "no overcommit promised at any sample" stop_audit
done_testing
