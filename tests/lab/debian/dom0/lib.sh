# lib.sh: helpers for the Debian lab's scenarios (bash, in the Debian dom0).
# The console protocol is tests/lab/dom0/lab.sh's, so tests/lab/report
# reads it:
#   @@lab stage ready T | @@lab begin NAME T_MS | @@lab info TEXT
#   @@lab result NAME pass|fail|skip SECONDS [why] | @@log NAME LINE
#   @@mon SAMPLE | @@status LINE | @@file NAME LINE | @@lab end T
LAB=/run/lab
MON=$LAB/mon.log
CONF=/etc/xenballoon/xenballoond.conf
UNIT=xenballoond.service
# The package's CLI: /usr/local/sbin (the source install) comes first in PATH.
ctl() { /usr/sbin/xenballoonctl "$@"; }

console() { echo "$*" > /dev/console; }
info() { console "@@lab info $*"; }
verdict() { echo "$*" > "$LAB/verdict"; }
pass() { verdict "pass $*"; exit 0; }
fail() { verdict "fail $*"; exit 1; }
skip() { verdict "skip $*"; exit 0; }

now() { cut -d' ' -f1 /proc/uptime; }
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
since() { awk -v s="$1" '{ printf "%.1f\n", $1 - s }' /proc/uptime; }

# wait_for SECONDS CMD...: poll CMD every half second until it succeeds.
wait_for() {
	local limit=$1 end
	shift
	end=$(( $(cut -d. -f1 /proc/uptime) + limit ))
	until "$@"; do
		[ "$(cut -d. -f1 /proc/uptime)" -ge "$end" ] && return 1
		sleep 0.5
	done
}

# prop UNIT PROPERTY: one property of a unit, as systemctl show gives it.
prop() { systemctl show -p "$2" --value "$1"; }
# mono_ms UNIT PROPERTY: a ...TimestampMonotonic property in ms (0: never).
mono_ms() { echo $(( $(prop "$1" "$2") / 1000 )); }
active() { [ "$(prop "$1" ActiveState)" = active ]; }

xsr() { xenstore-read "$@" 2>/dev/null; }
domid() { xl domid "$1" 2>/dev/null; }

# ensure_running: each scenario judges its own concern, so one that finds
# the daemon down (boot failed) starts it rather than failing for boot's
# reason; boot's own verdict says why it was down.
ensure_running() {
	active "$UNIT" && return 0
	echo "xenballoond was $(prop "$UNIT" ActiveState) ($(prop "$UNIT" Result)): starting it"
	systemctl start "$UNIT" || fail "xenballoond does not start: $(prop "$UNIT" Result)"
}

# restore_conf: the configuration the image shipped, and the daemon on it.
save_conf() { [ -e "$LAB/conf.orig" ] || cp "$CONF" "$LAB/conf.orig"; }
restore_conf() {
	cp "$LAB/conf.orig" "$CONF"
	systemctl reset-failed "$UNIT" 2>/dev/null
	if active "$UNIT"; then
		systemctl reload "$UNIT"
	else
		systemctl start "$UNIT"
	fi
}

# mon_check START_MS [END_MS]: no overcommit in the monitor's samples of
# the window (at least 3); prints the worst sample.
mon_check() {
	awk -v s="$1" -v e="${2:-999999999999}" '
		$1 == "mon" && $2 >= s && $2 <= e && $3 ~ /^total=/ {
			n++
			split($7, o, "="); over = o[2]
			if (n == 1 || over > worst) { worst = over; line = $0 }
		}
		END {
			if (n < 3) { printf "only %d monitor samples in window\n", n; exit 2 }
			printf "%d samples, worst over=%d KiB: %s\n", n, worst, line
			exit worst > 0 ? 1 : 0
		}' "$MON"
}

# gcmd GUEST CMD [TIMEOUT]: run CMD (bash) in the Debian guest through
# xenstore, as the busybox lab's gcmd does (data/lab/cmd; the guest's
# guestlab runs it; both ways in base64, which the xenstore tools leave
# alone).  Prints its output (the last 2800 bytes), returns its exit
# status, or 124 when the guest did not answer.  (guest_cmd: the same,
# under a name the busybox lab's helpers do not take; host.sh.)
gcmd() { guest_cmd "$@"; }
guest_cmd() {
	local p seq id
	id=$(domid "$1") || { echo "no guest $1"; return 124; }
	p=/local/domain/$id/data/lab
	seq=$(( $(xsr "$p/seq" || echo 0) + 1 ))
	xenstore-write "$p/seq" "$seq" "$p/cmd" "$seq $(printf '%s\n' "$2" | base64 -w 0)"
	if ! wait_for "${3:-90}" gcmd_done "$p" "$seq"; then
		echo "guest $1 did not answer: $2"
		return 124
	fi
	xsr "$p/out" | base64 -d
	return "$(xsr "$p/rc")"
}
gcmd_done() { [ "$(xsr "$1/done")" = "$2" ]; }

# guest_up GUEST [SECONDS]: the Debian guest booted as far as the lab's
# command loop (data/lab/ready), or fail with its console's last lines.
guest_up() {
	local id
	id=$(domid "$1") || fail "$1 from /etc/xen/auto is not running (xendomains)"
	wait_for "${2:-300}" sh -c "xenstore-read /local/domain/$id/data/lab/ready > /dev/null 2>&1" \
		|| fail "$1 (domid $id) did not boot as far as the lab's loop: console: $(tail -n 3 "/var/log/xen/console/guest-$1.log" 2>/dev/null | tr -d '\r' | tr '\n' ' ')"
}
