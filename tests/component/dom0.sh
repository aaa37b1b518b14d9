#!/bin/sh
# dom0 safety: a managed dom0 without dom0-min has a 1G floor, not 0;
# "set 0 min=" is honoured at or above the floor and refused below it or
# while dom0 is not managed (never stored and ignored); xl's autoballoon
# is read from xl.conf (--xl-config) and warned about when on.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

refused() { ! "$@" > "$T/out" 2>&1; }
restart() {	# restart with $T/conf, a fresh log, xl.conf from $1
	stop_daemon TERM
	[ "$D_RC" = 0 ] || nok "xenballoond exited $D_RC"
	grep -q "Sanitizer\|runtime error" "$T/daemon.log" && nok "sanitizer report"
	: > "$T/daemon.log"
	start_daemon --xl-config "$1"
}
logged() { grep -q "$1" "$T/daemon.log"; }

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 0 Domain-0 2G --static-max 6G
"$SIMHV" create 1 a 2G --static-max 4G
start_sim
printf 'autoballoon="on"\n' > "$T/xl-on.conf"
printf '# xl.conf\nautoballoon = "off"  # xenballoond manages memory\n' > "$T/xl-off.conf"
printf 'lockfile="/x"\nautoballoon="yes"\n' > "$T/xl-bad.conf"
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_daemon --xl-config "$T/xl-on.conf"
wait_for 100 converged

check "xl.conf with autoballoon=\"on\": a warning at start naming the file" \
    logged "warning: $T/xl-on.conf: line 1: autoballoon is on"
check "dom0 not managed: set 0 min=1G is refused" refused ctl set 0 min=1G
check "  saying why" grep -qF "domain 0 is not managed by xenballoond (manage-dom0 = no, or no memory/static-max)" "$T/out"
check "  and nothing is stored" sh -c '! grep -q min_kib "$1" 2>/dev/null' \
    sh "$T/state/policy.json"

printf 'interval = 1s\nsettle = 50ms\nmanage-dom0 = yes\n' > "$T/conf"
restart "$T/xl-off.conf"
wait_for 100 converged
check "autoballoon=\"off\": no warning" sh -c '! grep -q autoballoon "$1"' \
    sh "$T/daemon.log"
check "manage-dom0 without dom0-min: the floor is 1G, not 0" \
    test "$(dom_field 0 min_kib)" = 1048576
check "  and the start-up log says so" logged "dom0 is managed without dom0-min"
check "set 0 min=512M (below the floor) is refused" refused ctl set 0 min=512M
check "  naming the floor" grep -qF "min 512M is below dom0's floor 1G (dom0-min in xenballoond.conf, 1G when unset)" "$T/out"
check "  and dom0's min is still 1G" test "$(dom_field 0 min_kib)" = 1048576
check "target 0 512M (below the floor) is refused" refused ctl target 0 512M
check "set 0 min=3G is honoured" ctl set 0 min=3G
check "  show says 3G" test "$(dom_field 0 min_kib)" = 3145728
check "  and dom0 is given it" wait_for 100 sh -c \
    '[ $(xenstore-read "/local/domain/0/$1") -ge $((3145728 - 4096)) ]' sh "$KEY_TARGET"

printf 'interval = 1s\nsettle = 50ms\nmanage-dom0 = yes\ndom0-min = 512M\n' > "$T/conf"
restart "$T/xl-bad.conf"
check "a malformed autoballoon line: a warning with its line" \
    logged "warning: xbd_check_xl: $T/xl-bad.conf: line 2: unknown value 'yes'"
check "dom0's min set by the admin survives a restart (3G)" \
    test "$(dom_field 0 min_kib)" = 3145728
check "with dom0-min = 512M, set 0 min=768M is honoured" ctl set 0 min=768M
check "  show says 768M" test "$(dom_field 0 min_kib)" = 786432
check "set 0 min=256M is refused below dom0-min" refused ctl set 0 min=256M
check "  naming it" grep -q "below dom0's floor 512M" "$T/out"
restart "$T/no-such-xl.conf"
check "no xl.conf: xl's default (auto) is reported, a warning as dom0 is managed" \
    logged "warning: $T/no-such-xl.conf: autoballoon is auto (no file"
done_testing
