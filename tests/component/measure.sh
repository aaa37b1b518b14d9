#!/bin/sh
# measure.sh - xenballoond's footprint with N simulated domains (default
# 100): RSS and CPU time used while idle over SECONDS (default 60), after
# the host has converged.  Not part of make check (it takes a minute):
#   XB_BUILDDIR=$PWD XB_SRCDIR=/path/to/src sh tests/component/measure.sh [N] [SECONDS]
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools
N=${1:-100} SECS=${2:-60}

start_xsd
"$SIMHV" host $((N * 512 + 1024))M
i=1
while [ $i -le $N ]; do
	"$SIMHV" create $i vm$i 256M --static-max 1G --used 200M
	i=$((i + 1))
done
start_sim
: > "$T/conf"		# defaults: interval 5s, as in production
start_daemon
wait_for 600 converged || echo "# did not converge"
sleep 2
ticks() { awk '{print $14 + $15}' "/proc/$D_PID/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks)
sleep "$SECS"
t1=$(ticks)
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$D_PID/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$D_PID/status")
cpu_ms=$(( (t1 - t0) * 1000 / hz ))
echo "domains: $N"
echo "rss_kib: $rss (peak $hwm)"
echo "idle_cpu_ms_over_${SECS}s: $cpu_ms ($(echo "$cpu_ms $SECS" | awk '{printf "%.3f", $1 / ($2 * 10)}')% of one core)"
echo "rounds: $(ctl --json status | sed -n 's/^ *"rounds": \([0-9]*\).*/\1/p')"
echo
ctl status | head -8
