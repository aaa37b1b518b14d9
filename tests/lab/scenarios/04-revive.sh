# timeout: 2300
# revive: can a balloon driver that gave up growing be restarted from
# dom0, and how?  One guest per kernel: Debian's own 6.1 (stock), the
# minimal 6.1 with the kernel-patch series, and the minimal 6.12 (from
# Debian's linux-source-6.12) without and with it; the patched ones set
# back to upstream's default, max_increase_retry_count = -1, so that they
# give up too.  All are asked to grow while the host has almost nothing
# free and wait until their drivers cancel; then the memory is freed and
# each is tried with (1) nothing, (2) the same memory/target written
# again, (3) the target written one page (4 KiB) lower and, a second
# later, back, as xenballoond's kick does (kernel-patch/README.md,
# "Reviving a stock driver").  Expected: nothing moves in (1); only the
# patched drivers in (2); every driver that was still short in (3).
# Then (4) the same with xenballoond doing it: the guests pinned at their
# targets by the daemon, which is stopped while they are made to give up
# again (asking past free memory is the point: an overcommit window, which
# the lab allows only without the daemon) and started again once memory
# is free.  Its plan writes the same targets, or none, so only its kick
# can revive a stock driver: each guest must get there, kicked.  The
# daemon is stopped again at the end: try-harder runs without it.
# 15 to 30 minutes under TCG on a shared machine, longer than the whole
# default lab: it runs only when asked for (XB_LAB_ONLY=revive, with
# XB_LAB_TIMEOUT=2400 for step 4 on a loaded machine).
case " $(manifest only) " in
*" revive "*) ;;
*) skip "runs only when named (XB_LAB_ONLY=revive): 15 to 30 min under TCG" ;;
esac
[ "$(manifest have_kernels)" = 1 ] || skip "$(manifest why_kernels)"
bal=/sys/devices/system/xen_memory/xen_memory0
# Said on the console at once too: the scenario is silent for longer than
# the lab's stall limit otherwise.
say() { echo "$*"; info "revive: $*"; }
# name:kernel:series.  The digits keep the guests' addresses apart.  The
# guests of the boot scenario are not used (XB_LAB_ONLY=revive is enough):
# under TCG every guest slows the others down.
set -- rv51:stock:no rv53:patched:yes
if [ "$(manifest have_kernels_612)" = 1 ]; then
	set -- "$@" rv54:unpatched-6.12:no rv55:patched-6.12:yes
else
	say "no 6.12 guests: $(manifest why_kernels_612)"
fi
all="$*"
names=$(for r in $all; do echo "${r%%:*}"; done)
cleanup() { xl destroy fill3 2>/dev/null; xl destroy fill4 2>/dev/null; for n in $names; do xl destroy "$n" 2>/dev/null; done; }
base=131072 want=163840
for r in $all; do
	n=${r%%:*} k=${r#*:}; k=${k%%:*}
	guest_create "$n" $((base / 1024)) 512 "$k" \
		|| { cleanup; fail "xl create $n: $(tail -n 2 "$LAB/$n.create.log" | tr '\n' ' ')"; }
	say "created $n ($k) at $(now)"
done
for n in $names; do
	wait_for 300 guest_ready "$n" || { cleanup; fail "$n did not come up within 300 s"; }
	say "$n up at $(now)"
done
# libxl builds a domain with Xen's maxmem at its memory + 1 MiB, whatever
# xl's maxmem says (xl mem-set and xenballoond raise it with the target):
# without this, Xen's limit, not the host, stops them at 129 MiB.
for n in $names; do
	xl mem-max "$n" 512m || { cleanup; fail "xl mem-max $n 512m failed"; }
done
# One command a guest (each costs seconds under TCG).  The patched ones
# are set back to upstream's default, so that they give up too.
for r in $all; do
	n=${r%%:*} c="uname -r; cat $bal/max_retry_count"
	case $r in *:yes) c="echo -1 > $bal/max_increase_retry_count && $c; cat $bal/max_increase_retry_count" ;; esac
	out=$(gcmd "$n" "$c" 60) || { cleanup; fail "$n: $c: $out"; }
	say "$n ($r): $(echo $out)"
done

# What a domain holds, from the monitor's newest sample only: lab.sh's
# tot_kib reads the whole log, which takes seconds once it is long and
# dom0 is slow.
held() {
	tail -n 40 "$MON" | awk -v d="$(domid "$1")" '$1 == "mon" && $3 ~ /^total=/ { l = $0 } END {
		n = split(l, f, " "); for (i = 1; i <= n; i++) { split(f[i], a, "[:/]"); if (a[1] == d && f[i] ~ /:/) print a[2] } }'
}
reached() { [ "$(held "$1")" -ge $((want - 2048)) ]; }
# watch SECONDS NAMES: wait SECONDS, checking each; print "name:seconds"
# for those that reached their target, in the order they did.  Judged
# once more after the deadline: under a slow dom0 one round of checks
# can outlast the window.
watch() {
	local limit=$1 t1 left got n last=0
	shift
	t1=$(now) left=$* got=
	while [ -n "$left" ] && [ $last = 0 ]; do
		[ "$(since "$t1" | cut -d. -f1)" -ge "$limit" ] && last=1
		for n in $left; do
			if reached "$n"; then
				got="$got $n:$(since "$t1")"
				left=$(echo " $left " | sed "s/ $n / /")
			fi
		done
		[ $last = 1 ] || sleep 0.5
	done
	echo "$got"
}

free=$(free_kib)
filler_create fill3 $(( free / 1024 - 16 - 8 )) || { cleanup; fail "cannot create the filler"; }
sleep 2
say "host free: $(( $(free_kib) / 1024 )) MiB; asking each guest for $((want / 1024)) MiB"
overcommit_begin "guests asked past free memory until their drivers give up: the point"
t0=$(now)
for n in $names; do
	xenstore-write "$(dompath "$n")/memory/target" "$want"
done
# Upstream's default fails at t = 0, 1, 3, 7 s and cancels at about 15 s.
while [ "$(since "$t0" | cut -d. -f1)" -lt 35 ]; do sleep 1; done
short=
for n in $names; do
	t=$(held "$n")
	say "t=$(since "$t0")s $n holds $((t / 1024)) MiB"
	[ "$t" -lt $((want - 2048)) ] && short="$short $n"
done
[ -n "$short" ] || { cleanup; fail "every guest reached its target on the scarce host: no give-up to revive"; }

xl destroy fill3 || { cleanup; fail "cannot destroy the filler"; }
sleep 3
say "memory freed: $(( $(free_kib) / 1024 )) MiB free"
r0=$(watch 20 $short)
say "(1) nothing written, 20 s: reached:${r0:- none}"
for g in $r0; do short=$(echo " $short " | sed "s/ ${g%%:*} / /"); done

for n in $short; do xenstore-write "$(dompath "$n")/memory/target" "$want"; done
r1=$(watch 60 $short)
say "(2) the same target written again, 60 s: reached:${r1:- none}"
left=$short
for g in $r1; do left=$(echo " $left " | sed "s/ ${g%%:*} / /"); done

for n in $left; do xenstore-write "$(dompath "$n")/memory/target" $((want - 4)); done
sleep 1
for n in $left; do xenstore-write "$(dompath "$n")/memory/target" "$want"; done
r2=$(watch 60 $left)
say "(3) one page lower, then back a second later, 60 s: reached:${r2:- none}"
still=$left
for g in $r2; do still=$(echo " $still " | sed "s/ ${g%%:*} / /"); done
overcommit_end
for n in $names; do say "$n holds $(( $(held "$n") / 1024 )) MiB by the monitor"; done
say "xl list: $(xl list | awk 'NR > 1 { printf "%s=%s ", $1, $3 }')"
for n in $still; do
	say "$n: $(gcmd "$n" "cat $bal/target_kb $bal/info/current_kb $bal/retry_count $bal/schedule_delay" 60 | tr '\n' ' ') (target_kb current_kb retry_count schedule_delay)"
done

# (4) xenballoond's kick.
r3= still4=
daemon_stop() {
	local pid
	pid=$(daemon_pid)
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait_for 20 sh -c "! kill -0 $pid 2>/dev/null"
	rm -f "$LAB/xenballoond.pid"
}
if [ "$(manifest have_daemon)" = 1 ] && [ "$(manifest have_ctl)" = 1 ] && [ -x /usr/bin/jq ] && ! daemon_alive; then
	daemon_start || { cleanup; fail "xenballoond did not answer within 60 s"; }
	for n in $names; do
		ctl target "$n" $((want / 1024))M > /dev/null || { daemon_stop; cleanup; fail "xenballoonctl target $n refused"; }
	done
	wait_for 60 settled $names || { daemon_stop; cleanup; fail "(4) the pinned guests did not settle at $((want / 1024)) MiB"; }
	daemon_stop
	say "(4) pinned at $((want / 1024)) MiB by xenballoond, which is stopped now"
	overcommit_begin "(4) without the daemon: guests made to give up again"
	for n in $names; do xenstore-write "$(dompath "$n")/memory/target" "$base"; done
	wait_for 120 sh -c ". /lab/lab.sh; for n in $(echo $names); do [ \$(tot_kib \$n) -le $((base + 2048)) ] || exit 1; done" \
		|| { cleanup; fail "(4) the guests did not shrink back to $((base / 1024)) MiB"; }
	say "(4) back at $((base / 1024)) MiB; creating the filler"
	free=$(free_kib)
	filler_create fill4 $(( free / 1024 - 16 - 8 )) || { cleanup; fail "(4) cannot create the filler"; }
	sleep 2
	t0=$(now)
	for n in $names; do xenstore-write "$(dompath "$n")/memory/target" "$want"; done
	while [ "$(since "$t0" | cut -d. -f1)" -lt 35 ]; do sleep 1; done
	xl destroy fill4
	sleep 3
	short4=
	for n in $names; do reached "$n" || short4="$short4 $n"; done
	overcommit_end
	say "(4) gave up again, memory free: $((  $(free_kib) / 1024 )) MiB; short:$short4; starting xenballoond"
	daemon_start || { cleanup; fail "xenballoond did not answer within 60 s"; }
	r3=$(watch 90 $short4)
	say "(4) xenballoond, 90 s: reached:${r3:- none}"
	for n in $names; do
		say "(4) $n: kicks $(ctl --json show "$n" | jq -r .domain.guest.kicks), target $(target_kib "$n"), holds $(held "$n") KiB"
	done
	still4=$short4
	for g in $r3; do still4=$(echo " $still4 " | sed "s/ ${g%%:*} / /"); done
	grep -i "kick\|page lower" "$LAB/xenballoond.log" | tail -n 20
	daemon_stop
else
	say "(4) skipped: xenballoond, xenballoonctl or jq missing, or a daemon already running"
fi

# The verdict: the expectations in the header, guest by guest.
bad=
for r in $all; do
	n=${r%%:*}
	case " $short " in *" $n "*) ;; *) continue ;; esac
	case " $r1 " in *" $n:"*) got2=1 ;; *) got2=0 ;; esac
	case $r in
	*:yes) [ $got2 = 1 ] || bad="$bad $n(patched, not woken by the same target)" ;;
	*) [ $got2 = 0 ] || bad="$bad $n(stock, woken by the same target)" ;;
	esac
done
[ -z "$(echo $still)" ] || bad="$bad$(for n in $still; do printf ' %s(not revived one page down and back)' "$n"; done)"
[ -z "$(echo $still4)" ] || bad="$bad$(for n in $still4; do printf ' %s(not revived by xenballoond)' "$n"; done)"
cleanup
[ -z "$bad" ] || fail "$(echo $bad)"
pass "gave up:$short; same target revived:${r1:- none}; one page down and back revived:${r2:- none}; xenballoond revived:${r3:- none}"
