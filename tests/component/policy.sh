#!/bin/sh
# The policy lifecycle: unset puts min, max and weight back to the
# configuration's defaults in every entry that held them; policy export
# prints every stored policy keyed as the store keys it, and policy import
# takes a file whole or not at all -- bad JSON, an unknown member, a value
# out of range, mins that do not fit the host, or a save that fails (a
# full disk) change nothing, now or after a restart.  show says which
# entries (name:, uuid:) a domain's policy comes from.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

# export: the stored policies, as xenballoonctl prints them.
export_now() { ctl policy export; }
# refused CODE WORDS args...: the exit code and a word of the message.
refused() {
	code=$1 words=$2; shift 2
	err=$("$CTL" -s "$T/ctl.sock" "$@" 2>&1 >/dev/null < "${IN:-/dev/null}")
	rc=$?
	[ "$rc" = "$code" ] && echo "$err" | grep -q -- "$words" && return 0
	diag "got exit $rc: $err"
	return 1
}
# unchanged: the export is the one saved in $T/before.
unchanged() { export_now > "$T/now" && cmp -s "$T/before" "$T/now"; }

start_xsd
"$SIMHV" host 8G
"$SIMHV" create 1 web 2G --static-max 4G --used 1536M
"$SIMHV" create 2 db 1G --static-max 4G --used 768M
start_sim
printf 'interval = 1s\nsettle = 50ms\ndefault-min = 256M\ndefault-weight = 50\n' > "$T/conf"
start_daemon
wait_for 150 converged
uuid1=$(dom_field web uuid)

ctl set web min=1G max=3G weight=200
check "a policy set by name is shown as keyed by name" \
    sh -c '"$1" -s "$2" show web | grep -qx "policy_keys: \[\"name:web\"\]"' \
    sh "$CTL" "$T/ctl.sock"
ctl set 1 weight=300
check "  one set by domid as keyed by UUID too" \
    sh -c '"$1" -s "$2" show web | grep -qx "policy_keys: \[\"name:web\",\"uuid:$3\"\]"' \
    sh "$CTL" "$T/ctl.sock" "$uuid1"
export_now > "$T/exported"
diag "$(cat "$T/exported")"
check "export keys each policy as the store does" \
    sh -c 'grep -q "\"name:web\": {" "$1" && grep -q "\"uuid:$2\": {" "$1"' \
    sh "$T/exported" "$uuid1"

ctl unset web min weight
check "unset: min back to default-min (256M)" test "$(dom_field web min_kib)" = 262144
check "  weight back to default-weight (50)" test "$(dom_field web weight)" = 50
check "  max kept (3G)" test "$(dom_field web max_kib)" = 3145728
check "  in both entries: export has no min nor weight left" \
    sh -c '! "$1" -s "$2" policy export | grep -q "min_kib\|weight"' \
    sh "$CTL" "$T/ctl.sock"
stop_daemon TERM
start_daemon
check "  and a restart does not bring them back" \
    test "$(dom_field web min_kib) $(dom_field web weight)" = "262144 50"
check "unset of an unknown key: exit 2, naming the keys" \
    refused 2 "unknown key 'foo' (keys: min, max, weight)" unset web foo
check "unset pin: exit 2, pointing to unpin" \
    refused 2 "unpin clears a pin" unset web pin
check "unset of an unknown domain: exit 1" \
    refused 1 "no domain 'nosuch'" unset nosuch min

ctl policy import "$T/exported"
check "import of the export restores min (1G)" test "$(dom_field web min_kib)" = 1048576
check "  and weight (300, the UUID entry's)" test "$(dom_field web weight)" = 300
export_now > "$T/before"
check "  export after import is what was exported" cmp -s "$T/exported" "$T/before"

printf '{"policies": {"name:web": {"min_kib": 524288}' > "$T/bad.json"
check "bad JSON: exit 1, with the line" \
    refused 1 "bad.json: line 1:" policy import "$T/bad.json"
check "  nothing changed" unchanged
printf '{"policies": {"name:db": {"weight": 7}, "name:web": {"minimum": 1}}}' > "$T/bad.json"
check "an unknown member: exit 1, naming it, and none imported" \
    refused 1 "policy 'name:web': unknown member 'minimum'" policy import "$T/bad.json"
check "  nothing changed (db's good entry neither)" unchanged
printf '{"policies": {"name:db": {"weight": 7}, "name:web": {"weight": 10001}}}' > "$T/bad.json"
check "a value out of range: exit 1, saying the range" \
    refused 1 "policy 'name:web': bad weight: expected an integer from 1 to 10000" policy import "$T/bad.json"
check "  nothing changed" unchanged
printf '{"policies": {"name:db": {"min_kib": 4194304}, "uuid:%s": {"min_kib": 4194304, "max_kib": 4194304}}}' "$uuid1" > "$T/bad.json"
check "mins that do not fit the host: exit 1, with the figures" \
    refused 1 "refused: the mins and pins of the managed domains would add up to 8G" policy import "$T/bad.json"
check "  nothing changed" unchanged
printf '{"policies": {}, "extra": 1}' > "$T/bad.json"
check "an unknown top-level member: exit 1" \
    refused 1 "unknown member 'extra'" policy import "$T/bad.json"
check "policy without an action: exit 2" refused 2 "usage: policy export" policy
printf '{"policies": {"name:db": {"weight": 7}}}' > "$T/good.json"
IN=$T/good.json
check "import from standard input" ctl policy import - < "$T/good.json"
IN=
check "  db's weight is 7" test "$(dom_field db weight)" = 7
check "  web's policy kept" test "$(dom_field web min_kib)" = 1048576

# A full disk (a 512-byte file limit, as tests/hostile/faults.sh): every
# change is refused and none is applied, now or after a restart.
printf '{"policies": {' > "$T/spare.json"
for i in 1 2 3 4 5; do
	printf '"name:spare%s": {"min_kib": 1048576, "max_kib": 2097152, "weight": 150},' $i
done >> "$T/spare.json"
printf '"name:spare6": {"weight": 6}}}' >> "$T/spare.json"
ctl policy import "$T/spare.json"
export_now > "$T/before"
check "the policy file is past 512 bytes" \
    test "$(wc -c < "$T/state/policy.json")" -gt 512
stop_daemon TERM
sh -c 'echo $$ > "$1"; shift; ulimit -f 1; trap "" XFSZ; exec "$@"' sh "$T/dpid" \
    "$DAEMON" -d --backend=sim --socket "$T/ctl.sock" --state-dir "$T/state" \
    -f "$T/conf" 2>&1 | cat > "$T/daemon-fsz.log" &
wait_for 100 test -s "$T/dpid"
D_PID=$(cat "$T/dpid")
wait_for 100 ctl status
check "full disk: unset refused, exit 1" \
    refused 1 "cannot save the policy: File too large" unset web min
check "  web's min kept (1G)" test "$(dom_field web min_kib)" = 1048576
check "full disk: import refused, exit 1" \
    refused 1 "cannot save the policies, none imported" policy import "$T/good.json"
printf '{"policies": {"name:db": {"weight": 9}, "name:new": {"weight": 9}}}' > "$T/more.json"
check "  (a changing one too)" \
    refused 1 "cannot save the policies, none imported" policy import "$T/more.json"
check "  nothing changed" unchanged
stop_daemon TERM
start_daemon
check "  nor after a restart" unchanged
check "  web's min still 1G, db's weight 7" \
    test "$(dom_field web min_kib) $(dom_field db weight)" = "1048576 7"

# web has a UUID entry (weight 300, from the import) and a name entry: a
# weight set by name is the one acknowledged, and a restart keeps it (the
# UUID entry wins field by field: it must not hold the old value).
ctl set web weight=120
check "set by name with a UUID entry present: weight 120" \
    test "$(dom_field web weight)" = 120
stop_daemon TERM
start_daemon
check "  and still 120 after a restart (the UUID entry's 300 not back)" \
    test "$(dom_field web weight)" = 120

# A request of more than half the 4096 bytes a line may take (100
# policies, about 2.8 KiB on the wire) is served whole, and the bytes
# after it moved down without overrunning the client's buffer.
printf '{"policies": {' > "$T/long.json"
i=10
while [ $i -lt 109 ]; do
	printf '"name:long%s": {"weight": %s}, ' $i $i
	i=$((i + 1))
done >> "$T/long.json"
printf '"name:long109": {"weight": 109}}}' >> "$T/long.json"
ctl policy import "$T/long.json"
check "an import of 100 policies in one request: all 100 stored" \
    test "$(ctl policy export | grep -c '"name:long[0-9]*"')" = 100
check "  the last one's weight as given (109)" \
    sh -c '"$1" -s "$2" policy export | grep -A1 "\"name:long109\"" | grep -qx "      \"weight\": 109"' \
    sh "$CTL" "$T/ctl.sock"
ctl unset web weight
check "unset of the weight alone: web's weight back to 50, its min kept (1G)" \
    test "$(dom_field web weight) $(dom_field web min_kib)" = "50 1048576"
done_testing
