# host.sh: the busybox lab's scenarios (tests/lab/scenarios/, the ones
# listed in tests/lab/debian/shared) on the Debian host.  They are written
# to the busybox lab's helpers, tests/lab/dom0/lab.sh; this file loads
# them over the Debian lab's own (lib.sh: the console protocol is the
# same) and puts back what differs on a host an administrator deployed:
# the daemon is the package's systemd unit, not a process the lab starts;
# the guests are the ones xendomains started, and only gdeb runs the agent
# and the lab's command loop; the CLI and the filler's kernel are where the
# package and the image put them.
. /lab/lib.sh
. /lab/lab.sh

GUESTS="g1 g2 gdeb"
AGENT_GUESTS=gdeb
PIN_GUEST=gdeb
HOSTILE_GUEST=gdeb
FILLER_KERNEL=/lab/guest/vmlinux.gz

# The package's CLI on its default socket (/usr/local/sbin, the source
# install's, comes first in PATH); gdeb's command loop (lib.sh).
ctl() { /usr/sbin/xenballoonctl "$@"; }
gcmd() { guest_cmd "$@"; }

# Boot and debian-guest judge the guests; a scenario that finds them
# missing skips, as the busybox lab's do when boot failed.
need_guests() {
	local g
	for g in g1 g2; do
		domid "$g" > /dev/null || skip "needs $g from /etc/xen/auto (xendomains; see boot)"
	done
	domid gdeb > /dev/null || skip "needs gdeb from /etc/xen/auto (xendomains; see debian-guest)"
	wait_for 300 guest_ready gdeb || skip "needs gdeb booted as far as the lab's loop (see debian-guest)"
}
# The package is the image's: the daemon and the CLI are there, and the
# agent in gdeb (debian-guest checks it).
need_daemon() {
	[ -x /usr/sbin/xenballoond ] && [ -x /usr/sbin/xenballoonctl ] \
		|| fail "the xenballoond package is not installed"
}
need_agent() { :; }

# The daemon is the unit's main process.  Started by systemd; a scenario
# that stops or kills it finds systemd's restart, as an administrator
# would.  Its log is the journal.
daemon_pid() {
	local p
	p=$(prop "$UNIT" MainPID)
	[ "${p:-0}" != 0 ] && echo "$p"
}
daemon_log() { journalctl -b --no-pager -o cat -u "$UNIT" | tail -n "$1"; }
daemon_start() {
	systemctl reset-failed "$UNIT" 2> /dev/null
	systemctl start "$UNIT" || return 1
	echo "$(now) systemctl start $UNIT: pid $(daemon_pid)" >> "$LAB/daemon-events"
	wait_for 60 ctl status > /dev/null 2>&1
}
# daemon_ensure: as lab.sh's; "daemon-start-ms" is when the unit started
# the running daemon (monotonic, the monitor's clock).
daemon_ensure() {
	need_daemon
	[ -x /usr/bin/jq ] || fail "jq not installed on the host (the lab reads --json with it)"
	if ! active "$UNIT" || ! daemon_alive; then
		daemon_start || fail "xenballoond did not start or answer within 60 s: $(daemon_log 3 | tr '\n' ' ')"
	fi
	mono_ms "$UNIT" ExecMainStartTimestampMonotonic > "$LAB/daemon-start-ms"
}
