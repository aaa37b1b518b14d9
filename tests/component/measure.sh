#!/bin/sh
# measure.sh - xenballoond's footprint with N simulated domains (default
# 100): RSS and CPU time used while idle over SECONDS (default 60), after
# the host has converged.  Not part of make check (it takes a minute):
#   XB_BUILDDIR=$PWD XB_SRCDIR=/path/to/src sh tests/component/measure.sh [N] [SECONDS]
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools
N=${1:-100} SECS=${2:-60}

start_fleet "$N" 512 1G 600
sleep 2
t0=$(d_ticks)
sleep "$SECS"
t1=$(d_ticks)
cpu_ms=$(( (t1 - t0) * 1000 / HZ ))
echo "domains: $N"
echo "rss_kib: $(d_rss) (peak $(d_hwm))"
echo "idle_cpu_ms_over_${SECS}s: $cpu_ms ($(echo "$cpu_ms $SECS" | awk '{printf "%.3f", $1 / ($2 * 10)}')% of one core)"
echo "rounds: $(rounds)"
echo
ctl status | head -8
