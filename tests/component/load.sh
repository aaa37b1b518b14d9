#!/bin/sh
# load.sh - xenballoond under load: N simulated domains (default 1,000)
# whose demand keeps changing, for SECONDS (default 600).  Every second
# a tenth of the guests change how much they use (a 200 s wave per guest,
# 100-300 MiB, on a host with 256 MiB a guest), and the simulated
# hypervisor publishes their agents' data/meminfo_* as their memory
# moves; an audit checks the host for overcommit every 50 ms.  Prints the daemon's CPU, RSS, rounds
# and guest writes per second.  Not part of make check (it takes ten
# minutes):
#   XB_BUILDDIR=$PWD XB_SRCDIR=$PWD sh tests/component/load.sh [N] [SECONDS]
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools
N=${1:-1000} SECS=${2:-600}

start_fleet "$N" 256 2G 900
start_audit 0
measure_start
r0=$(rounds) e0=$(jnum watch_events) s0=$(date +%s) changes=0 sec=0
while [ "$sec" -lt "$SECS" ]; do
	# Guests sec mod 10, +10, +20 ...: each changes every 10 s along
	# a triangle wave of 200 s, phase-shifted by its domid.
	args= i=$((sec % 10 + 1))
	while [ $i -le $N ]; do
		x=$(( (i * 7919 + sec) % 200 ))
		[ $x -ge 100 ] && x=$((200 - x))
		args="$args /sim/dom/$i/used_kib $(( 102400 + x * 2048 ))"
		changes=$((changes + 1))
		i=$((i + 10))
	done
	# shellcheck disable=SC2086
	xsw $args /sim/kick "$sec"	# wakes xb-simhv run
	sec=$((sec + 1))
	while [ "$(date +%s)" -lt $((s0 + sec)) ]; do sleep 0.1; done
done
measure_stop "daemon under load"
r1=$(rounds) e1=$(jnum watch_events) el=$(( $(date +%s) - s0 ))
check "no overcommit at any 50 ms audit sample over ${el}s" stop_audit
check "the daemon is alive and answers" ctl status
diag "domains: $N, ${el}s of load: $changes demand changes ($((changes / el))/s), $((r1 - r0)) rounds"
diag "rounds per second: $(echo "$r1 $r0 $el" | awk '{printf "%.2f", ($1 - $2) / $3}')"
diag "watch events handled: $((e1 - e0)) ($(( (e1 - e0) / el ))/s)"
diag "plan time over the last 1024 plans: p50 $(jnum plan_us_p50) us, p99 $(jnum plan_us_p99) us, max $(jnum plan_us_max) us"
ctl status | head -8 | sed 's/^/# /'
done_testing
