# tests/hostile/lib.sh - the component tests' harness (xb-xsd, xb-simhv,
# the real xenballoond, the daemon's footprint) plus xb-hostile, for the
# hostile and fault suites.
. "$XB_SRCDIR/tests/component/lib.sh"
HOSTILE=$B/tests/hostile/xb-hostile
# Debian's /usr/bin/xenstore-control wrapper insists on a hypervisor.
XSCONTROL=$(ls /usr/lib/xen-*/bin/xenstore-control 2>/dev/null | tail -n 1)

