# lab.sh: the scenario runner and the helpers scenarios use (busybox sh).
#
# Serial-console protocol read by tests/lab/report (one line each):
#   @@lab begin NAME T_MS
#   @@lab result NAME pass|fail|skip SECONDS [why]
#   @@lab info TEXT            progress, shown in the serial log only
#   @@lab window begin NAME T_MS WHY
#   @@lab window end NAME T_MS a scenario overcommits on purpose in
#                              between (overcommit_begin/_end below)
#   @@mon SAMPLE               the monitor's lines, dumped at the end
#   @@status LINE              the final `xenballoonctl status` table
#   @@log NAME LINE            a scenario's own log, dumped after it
# A scenario is /lab/scenarios/NN-NAME.sh, sourced in a subshell with a
# timeout ("# timeout: N" in its header, default 240 s).  It ends by
# calling pass, fail WHY or skip WHY.

LAB=/run/lab
MON=$LAB/mon.log
BRIDGE=xenbr0
NET=10.99.0
MANIFEST=/lab/manifest
# The guests the scenarios balance, as boot creates them, and the roles
# some scenarios give one of them; here the three are alike.  Another host
# that runs these scenarios names its own (tests/lab/debian/dom0/host.sh).
GUESTS="g1 g2 g3"
AGENT_GUESTS=$GUESTS	# run the agent (data/balloon/*, data/meminfo_*)
PIN_GUEST=g2		# progress pins it: runs the agent
HOSTILE_GUEST=g3	# hostile's: runs gcmd and /lab/storm
FILLER_KERNEL=/lab/guest/vmlinux-stock.gz

info() { echo "@@lab info $*" > /dev/console; }
verdict() { echo "$*" > "$LAB/verdict"; }
pass() { verdict "pass $*"; exit 0; }
fail() { verdict "fail $*"; exit 1; }
skip() { verdict "skip $*"; exit 0; }

# now: seconds since boot with centiseconds; now_ms: integer milliseconds
# on the same clock as the monitor's samples.
now() { cut -d' ' -f1 /proc/uptime; }
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
since() { awk -v s="$1" '{ printf "%.1f\n", $1 - s }' /proc/uptime; }

# The squeeze family's results ($LAB/sq.LABEL, written by squeeze, read
# by squeeze and squeeze-time).  squeeze_total LABEL: the jobs' summed
# wall time, or "-" when one did not complete (killed, lost): it has no
# finishing time.  squeeze_ooms LABEL: OOM kills in the guests.
squeeze_total() {
	awk '$1 ~ /^g/ { for (i = 3; i <= NF; i++) { split($i, f, "=")
		if (f[1] == "rc" && f[2] != "0") bad = 1
		if (f[1] == "wall") t += f[2] } }
		END { if (bad) print "-"; else printf "%.1f\n", t }' "$LAB/sq.$1"
}
squeeze_ooms() { awk '$1 ~ /^g/ { for (i = 3; i <= NF; i++) { split($i, f, "="); if (f[1] == "vmoom") n += f[2] } } END { print n + 0 }' "$LAB/sq.$1"; }

# manifest KEY: what mkimages recorded (have_daemon, why_agent, ...).
manifest() { sed -n "s/^$1=//p" "$MANIFEST" | tail -n1; }

need_daemon() {
	[ "$(manifest have_daemon)" = 1 ] || skip "$(manifest why_daemon)"
	[ "$(manifest have_ctl)" = 1 ] || skip "$(manifest why_ctl)"
}
need_agent() { [ "$(manifest have_agent)" = 1 ] || skip "$(manifest why_agent)"; }
need_guests() {
	[ -e "$LAB/guests-up" ] || skip "needs the boot scenario's guests (boot failed)"
}

# wait_for SECONDS CMD...: poll CMD every half second until it succeeds.
wait_for() {
	local limit=$1 end
	shift
	end=$(awk -v l="$limit" '{ printf "%d\n", $1 + l }' /proc/uptime)
	while ! "$@"; do
		[ "$(cut -d. -f1 /proc/uptime)" -ge "$end" ] && return 1
		sleep 0.5
	done
	return 0
}

# domid NAME: cached, because every xl call costs seconds under TCG; the
# cache is trusted only while xenstore still names that domain NAME.
domid() {
	local id
	id=$(cat "$LAB/domid.$1" 2>/dev/null)
	if [ -n "$id" ] && [ "$(xenstore-read "/local/domain/$id/name" 2>/dev/null)" = "$1" ]; then
		echo "$id"
		return 0
	fi
	id=$(xl domid "$1" 2>/dev/null) || return 1
	echo "$id" > "$LAB/domid.$1"
	echo "$id"
}
dompath() { echo "/local/domain/$(domid "$1")"; }
xsr() { xenstore-read "$@" 2>/dev/null; }

# Memory as the hypervisor sees it, in KiB, from the monitor's last sample
# (the log also holds its "tgt" lines, one per target write).
mon_last() { awk '$1 == "mon" && $3 ~ /^total=/ { l = $0 } END { print l }' "$MON"; }
mon_field() { mon_last | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# mon_dom DOMID tot|target|max
mon_dom() {
	mon_last | tr ' ' '\n' | awk -F'[:/]' -v d="$1" -v f="$2" '
		$1 == d { print (f == "tot" ? $2 : f == "target" ? $3 : $4); exit }'
}
free_kib() { mon_field free; }
tot_kib() { mon_dom "$(domid "$1")" tot; }
target_kib() { xsr "$(dompath "$1")/memory/target"; }

# mon_check START_MS [END_MS]: no overcommit in the samples taken in the
# window; prints the worst sample's figures.  At least 3 samples must
# fall in the window, or the check itself fails.
mon_check() {
	awk -v s="$1" -v e="${2:-999999999999}" '
		$1 == "mon" && $2 >= s && $2 <= e && $3 ~ /^total=/ {
			n++
			split($7, o, "="); over = o[2]
			if (n == 1 || over > worst) { worst = over; line = $0 }
		}
		END {
			if (n < 3) { printf "only %d monitor samples in window\n", n; exit 2 }
			printf "%d samples, worst over=%d KiB free: %s\n", n, worst, line
			exit worst > 0 ? 1 : 0
		}' "$MON"
}

# overcommit_begin WHY / overcommit_end: the scenario hands out more
# memory than the host has on purpose (xl mem-set past free memory) in
# between.  The report holds every monitor sample to "no overcommit"
# except those in such a window, and only while xenballoond is not
# running: the window is refused while it runs, and a sample the monitor
# took with the daemon alive is judged whatever window it falls in.  The
# runner closes a window the scenario left open.
overcommit_begin() {
	daemon_alive && fail "overcommit window '$1' asked while xenballoond runs"
	echo "@@lab window begin $LAB_NAME $(now_ms) $1" > /dev/console
	echo "$LAB_NAME" > "$LAB/window"
}
overcommit_end() {
	[ -s "$LAB/window" ] || return 0
	echo "@@lab window end $(cat "$LAB/window") $(now_ms)" > /dev/console
	rm -f "$LAB/window"
}

# guest_create NAME MEM_MIB MAXMEM_MIB [KERNEL] [extra xl config lines]
guest_create() {
	local name=$1 mem=$2 max=$3 kernel=${4:-stock} n
	n=$(echo "$name" | tr -cd 0-9)
	n=${n:-9}
	shift 4 2>/dev/null || shift $#
	{
		echo "name = \"$name\""
		echo "type = \"pv\""
		echo "kernel = \"/lab/guest/vmlinux-$kernel.gz\""
		echo "ramdisk = \"/lab/guest/initrd.gz\""
		echo "extra = \"console=hvc0 quiet lab_ip=$NET.$((10 + n))\""
		echo "memory = $mem"
		echo "maxmem = $max"
		echo "vcpus = 1"
		echo "on_poweroff = \"destroy\""
		echo "on_crash = \"preserve\""
		echo "vif = [ 'bridge=$BRIDGE,script=/lab/vif-lab,mac=00:16:3e:00:00:$(printf %02x $((16 + n)))' ]"
		for l in "$@"; do echo "$l"; done
	} > "$LAB/$name.cfg"
	xl create "$LAB/$name.cfg" > "$LAB/$name.create.log" 2>&1
}

# filler_create NAME MEM_MIB: a paused domain that only holds memory.
filler_create() {
	{
		echo "name = \"$1\""
		echo "type = \"pv\""
		echo "kernel = \"$FILLER_KERNEL\""
		echo "memory = $2"
		echo "vcpus = 1"
	} > "$LAB/$1.cfg"
	xl create -p "$LAB/$1.cfg" > "$LAB/$1.create.log" 2>&1
}

guest_ready() { [ -n "$(xsr "$(dompath "$1")/data/lab/ready")" ]; }

# gcmd NAME CMD [TIMEOUT]: run CMD (sh) in guest NAME through xenstore
# (data/lab/cmd; the guest's init polls it).  Prints its output, returns
# its exit status, or 124 when the guest did not answer.
gcmd() {
	local p seq
	p=$(dompath "$1")/data/lab
	seq=$(( $(xsr "$p/seq" || echo 0) + 1 ))
	xenstore-write "$p/seq" "$seq" "$p/cmd" "$seq $2"
	if ! wait_for "${3:-30}" gcmd_done "$p" "$seq"; then
		echo "guest $1 did not answer: $2"
		return 124
	fi
	xsr "$p/out"
	return "$(xsr "$p/rc")"
}
gcmd_done() { [ "$(xsr "$1/done")" = "$2" ]; }

# The daemon, started as its unit does (foreground, no fork), with the
# paths spelled out: the binary's built-in defaults follow the build's
# --prefix, which the lab cannot know.
# XBD: the daemon's binary, when a scenario runs another build.
SOCK=/run/xenballoon/xenballoond.sock
ctl() { xenballoonctl -s "$SOCK" "$@"; }
daemon_start() {
	mkdir -p /run/xenballoon /var/lib/xenballoon
	${XBD:-xenballoond} -d -f /etc/xenballoon/xenballoond.conf --socket "$SOCK" \
		--state-dir /var/lib/xenballoon >> "$LAB/xenballoond.log" 2>&1 &
	echo $! > "$LAB/xenballoond.pid"
	echo "$(now) started xenballoond pid $!" >> "$LAB/daemon-events"
	wait_for 60 ctl status > /dev/null 2>&1
}
daemon_pid() { cat "$LAB/xenballoond.pid" 2>/dev/null; }
# daemon_log N: the daemon's last N lines of log.
daemon_log() { tail -n "$1" "$LAB/xenballoond.log"; }
daemon_alive() { [ -n "$(daemon_pid)" ] && kill -0 "$(daemon_pid)" 2>/dev/null; }
# daemon_ensure: the daemon answering, or the scenario SKIPs (not built)
# or FAILs (built, but does not answer).
daemon_ensure() {
	need_daemon
	[ -x /usr/bin/jq ] || skip "jq not installed on the host (the lab reads --json with it)"
	daemon_alive && return 0
	daemon_start || fail "xenballoond did not answer within 60 s: $(daemon_log 3 | tr '\n' ' ')"
	[ -s "$LAB/daemon-start-ms" ] || now_ms > "$LAB/daemon-start-ms"
}
# A field of `xenballoonctl --json show DOM` (.domain.FIELD), or empty.
dom_field() { ctl --json show "$1" 2>/dev/null | jq -r ".domain.$2 // empty"; }
# A field of `xenballoonctl --json status` (jq path), or empty.
status_field() { ctl --json status 2>/dev/null | jq -r "$1 // empty"; }
# release_all: give back every reservation, so that a failed scenario
# does not starve the next one.
release_all() {
	local r
	for r in $(status_field '.reservations[].id'); do
		ctl release "$r" > /dev/null 2>&1
	done
}
# What the daemon publishes for admins under /tool/xenballoon.
pub() { xsr "/tool/xenballoon/domain/$(domid "$1")/$2"; }

# settled NAME...: each at its target (within 4 MiB, by the hypervisor's
# count) and the daemon not moving it.
settled() {
	local g t a st
	for g in "$@"; do
		t=$(target_kib "$g") a=$(tot_kib "$g") st=$(pub "$g" state)
		[ -n "$t" ] && [ -n "$a" ] || return 1
		[ $((t > a ? t - a : a - t)) -le 4096 ] || return 1
		case $st in growing|shrinking) return 1 ;; esac
	done
	return 0
}

# cpu_ticks PID: user + system time so far, in clock ticks (1/100 s).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }

lab_monitor_start() {
	labmon 1000 > "$MON" 2> "$LAB/labmon.err" &
	echo $! > "$LAB/labmon.pid"
}

lab_net_start() {
	ip link set lo up
	ip link add "$BRIDGE" type bridge
	ip addr add "$NET.1/24" dev "$BRIDGE"
	ip link set "$BRIDGE" up
}

lab_run_one() {
	local f=$1 name limit start rc v status why dur
	name=$(basename "$f" .sh)
	name=${name#[0-9][0-9]-}
	limit=$(sed -n 's/^# timeout: *//p' "$f")
	limit=${limit:-240}
	rm -f "$LAB/verdict"
	echo "@@lab begin $name $(now_ms)" > /dev/console
	start=$(now)
	LAB_NAME=$name timeout -s KILL "$limit" sh -c ". /lab/lab.sh; . $f" > "$LAB/$name.log" 2>&1
	rc=$?
	overcommit_end
	dur=$(since "$start")
	if [ -s "$LAB/verdict" ]; then
		v=$(cat "$LAB/verdict")
		status=${v%% *}
		why=${v#"$status"}
	elif [ "$rc" = 137 ] || [ "$rc" = 143 ]; then
		status=fail why=" timed out after ${limit}s"
	else
		status=fail why=" ended without a verdict (exit $rc)"
	fi
	sed "s/^/@@log $name /" "$LAB/$name.log" > /dev/console
	echo "@@lab result $name $status $dur$why" > /dev/console
}

lab_dump() {
	kill "$(cat "$LAB/labmon.pid")" 2>/dev/null
	sed 's/^/@@mon /' "$MON" > /dev/console
	if [ -x /usr/sbin/xenballoonctl ] && daemon_alive; then
		ctl status 2>&1 | sed 's/^/@@status /' > /dev/console
	fi
	xenstore-ls /tool/xenballoon 2>/dev/null | sed 's/^/@@file tool-xenballoon /' > /dev/console
	for f in "$LAB/xenballoond.log" "$LAB/hotplug.log" "$LAB/labmon.err" /var/log/xen/console/*.log /var/log/xen/*.log; do
		[ -s "$f" ] && tail -n 40 "$f" | sed "s|^|@@file $(basename "$f") |" > /dev/console
	done
}

lab_main() {
	local f name only
	exec < /dev/null
	lab_monitor_start
	lab_net_start
	only=$(manifest only)
	echo "@@lab stage ready $(now)" > /dev/console
	for f in /lab/scenarios/*.sh; do
		name=$(basename "$f" .sh)
		name=${name#[0-9][0-9]-}
		if [ -n "$only" ] && ! echo " $only " | grep -q " $name "; then
			continue
		fi
		lab_run_one "$f"
	done
	lab_dump
}
