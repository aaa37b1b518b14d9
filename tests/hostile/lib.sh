# tests/hostile/lib.sh - the component tests' harness (xb-xsd, xb-simhv,
# the real xenballoond) plus the daemon's footprint, for the hostile and
# fault suites.
. "$XB_SRCDIR/tests/component/lib.sh"
HOSTILE=$B/tests/hostile/xb-hostile
# Debian's /usr/bin/xenstore-control wrapper insists on a hypervisor.
XSCONTROL=$(ls /usr/lib/xen-*/bin/xenstore-control 2>/dev/null | tail -n 1)

# CPU ticks (user + system) and RSS (KiB) of the running daemon.
d_ticks() { awk '{print $14 + $15}' "/proc/$D_PID/stat"; }
d_rss() { awk '/^VmRSS/ {print $2}' "/proc/$D_PID/status"; }
d_hwm() { awk '/^VmHWM/ {print $2}' "/proc/$D_PID/status"; }
HZ=$(getconf CLK_TCK)

# measure_start; ...load...; measure_stop NAME: prints "# NAME: cpu=..%
# rss=..KiB" and leaves CPU_PCT (integer %) and RSS_KIB set.
measure_start() { M_T0=$(d_ticks); M_S0=$(date +%s%N); }
measure_stop() {
	t1=$(d_ticks) s1=$(date +%s%N)
	ms=$(( (s1 - M_S0) / 1000000 ))
	[ "$ms" -gt 0 ] || ms=1
	cpu_ms=$(( (t1 - M_T0) * 1000 / HZ ))
	CPU_PCT=$(( cpu_ms * 100 / ms ))
	RSS_KIB=$(d_rss)
	echo "# $1: cpu=${CPU_PCT}% (${cpu_ms} ms over ${ms} ms) rss=${RSS_KIB}KiB peak=$(d_hwm)KiB"
}
