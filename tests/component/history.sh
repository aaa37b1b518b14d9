#!/bin/sh
# History: every target xenballoond writes is kept, per domain, with the
# time and its reason, the last HISTORY_LEN (32) of them; xenballoonctl
# history shows them.  Judged against what the test itself did (a pin, a
# max) and what xenstore holds, not against the daemon's own account.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

# hist DOM FIELD: FIELD of each of DOM's kept changes, oldest first.
hist() {
	ctl --json history "$1" |
	    sed -n "s/^ *\"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p"
}
last() { hist "$1" "$2" | tail -n 1; }
# Each change starts where the one before it ended.
chained() {
	hist "$1" old_kib | tail -n +2 > "$T/old"
	hist "$1" new_kib | head -n -1 > "$T/new"
	[ -s "$T/old" ] && cmp -s "$T/old" "$T/new"
}

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 web 2G --static-max 4G --used 1536M
"$SIMHV" create 2 db 1G --static-max 4G --used 768M
start_sim
printf 'interval = 1s\nsettle = 50ms\nguest-read-gap = 200ms\n' > "$T/conf"
start_daemon
wait_for 150 converged

check "the last change kept is the target xenstore holds" \
    test "$(last db new_kib)" = "$(target_of 2)"

ctl target db 768M
wait_for 100 sh -c '[ "$(xenstore-read "/local/domain/2/$1")" = 786432 ]' \
    sh "$KEY_TARGET"
check "a pin is kept: to 768M" test "$(last db new_kib)" = 786432
check "  with its reason, pin" test "$(last db reason)" = pin
check "  from where the target was" chained db
check "  with the wall-clock time" \
    test "$(( $(date +%s) - $(last db time_s) ))" -le 60
out=$(TZ=UTC ctl history db)
diag "$out"
check "the table shows it in MiB, old -> new, with the reason" \
    sh -c 'echo "$1" | grep -q "^[0-9-]* [0-9:]*  *2 db  *[0-9]* ->  *768 pin$"' \
    sh "$out"
check "  and --kib in KiB" \
    sh -c '"$1" -s "$2" --kib history db | grep -q -e "->  *786432 pin$"' \
    sh "$CTL" "$T/ctl.sock"

ctl set web max=1G
check "a max lowered by the admin moves the target" \
    wait_for 100 sh -c '[ "$(xenstore-read "/local/domain/1/$1")" = 1048576 ]' \
    sh "$KEY_TARGET"
check "  and is kept with its reason, max" \
    test "$(last web new_kib) $(last web reason)" = "1048576 max"
check "every domain is in history without DOM" \
    sh -c '"$1" -s "$2" history | grep -q " web " &&
        "$1" -s "$2" history | grep -q " db "' sh "$CTL" "$T/ctl.sock"

# 40 more pins: the ring keeps the last 32, in order, and says so.
i=0
while [ $i -lt 40 ]; do
	size=$((700 + i))M
	ctl target db $size >/dev/null
	wait_for 50 sh -c '[ "$(xenstore-read "/local/domain/2/$1")" = "$2" ]' \
	    sh "$KEY_TARGET" $(( (700 + i) * 1024 ))
	i=$((i + 1))
done
check "after 40 more changes, 32 are kept" \
    test "$(hist db new_kib | wc -l)" = 32
check "  the newest last" test "$(last db new_kib)" = $((739 * 1024))
check "  in order, each from where the last ended" chained db
check "  and the count of all of them is told" \
    sh -c '"$1" -s "$2" history db | grep -q "^db: 4[0-9] changes since xenballoond started, the last 32 kept$"' \
    sh "$CTL" "$T/ctl.sock"
check "an unknown domain is refused, exit 1" \
    sh -c '"$1" -s "$2" history nosuch 2>&1; [ $? = 1 ]' sh "$CTL" "$T/ctl.sock"
check "  saying which" \
    sh -c '"$1" -s "$2" history nosuch 2>&1 | grep -q "no domain .nosuch."' \
    sh "$CTL" "$T/ctl.sock"
done_testing
