#!/bin/sh
# xenballoonctl: every bad argument answered with its exact error and exit
# code; --json on read commands; the socket closed to the unprivileged.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

# expect CODE "MESSAGE" args...: exit code and the whole of stderr.
expect() {
	code=$1 msg=$2; shift 2
	err=$("$CTL" -s "$T/ctl.sock" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq "$code" ] && [ "$err" = "$msg" ]; then
		ok "xenballoonctl $* -> $code"
	else
		nok "xenballoonctl $* -> $code"
		diag "got exit $rc: $err"
		diag "expected exit $code: $msg"
	fi
}

# Without a daemon: argument errors come first, then the connection.
U='(expected KiB or a number with a unit k, M, G or T, e.g. 512M)'
expect 2 "xenballoonctl: unknown command 'frobnicate' (commands: status show set target unpin reserve release rebalance reload log)" frobnicate
expect 2 "xenballoonctl: show: missing arguments (usage: show DOM)" show
expect 2 "xenballoonctl: show: too many arguments (usage: show DOM)" show a b
expect 2 "xenballoonctl: bad domain '99999': number out of range (expected a domid 0-32751, a UUID or a domain name)" show 99999
expect 2 "xenballoonctl: bad domain 'bad/name': invalid domain name (expected a domid 0-32751, a UUID or a domain name)" show bad/name
expect 2 "xenballoonctl: set: missing arguments (usage: set DOM min=SIZE max=SIZE weight=N)" set web
expect 2 "xenballoonctl: bad min 'abc': not a number $U" set web min=abc
expect 2 "xenballoonctl: bad min '0': must be more than 0" set web min=0
expect 2 "xenballoonctl: set: unknown key 'foo' (keys: min, max, weight)" set web foo=1
expect 2 "xenballoonctl: set: 'min' is not key=value (keys: min, max, weight)" set web min
expect 2 "xenballoonctl: bad weight '10001': number out of range (expected an integer from 1 to 10000)" set web weight=10001
expect 2 "xenballoonctl: set: min (2G) is above max (1G)" set web min=2G max=1G
expect 2 "xenballoonctl: target: missing arguments (usage: target DOM SIZE)" target web
expect 2 "xenballoonctl: bad target '2X': unknown unit $U" target web 2X
RU='usage: reserve SIZE [--domain NAME|UUID] [--timeout DURATION], reserve --for CONFIG [KEY=VALUE...] [--timeout DURATION] [--dry-run], reserve --for-saved FILE [--timeout DURATION] [--dry-run], or reserve --for-libvirt XML|- [--timeout DURATION] [--dry-run]'
expect 2 "xenballoonctl: reserve: missing arguments ($RU)" reserve
expect 2 "xenballoonctl: reserve: --timeout needs a value ($RU)" reserve 1G --timeout
expect 2 "xenballoonctl: bad timeout '5q': unknown unit (expected a duration such as 500ms, 30s, 5m or 1h)" reserve 1G --timeout 5q
expect 2 "xenballoonctl: reserve: unexpected argument 'extra' ($RU)" reserve 1G extra
expect 2 "xenballoonctl: bad domain 'a/b': invalid domain name (expected a domid 0-32751, a UUID or a domain name)" reserve 1G --domain a/b
expect 2 "xenballoonctl: reserve: --for CONFIG takes the size and the domain from CONFIG: no SIZE nor --domain with it" reserve 1G --for web.cfg
expect 2 "xenballoonctl: reserve: --dry-run and KEY=VALUE go with --for CONFIG ($RU)" reserve 1G --dry-run
expect 2 "xenballoonctl: reserve: unexpected argument 'memory' ($RU)" reserve --for web.cfg memory
expect 2 "xenballoonctl: reserve: bad override: a line break in 'memory=1
name=x'" reserve --for web.cfg "memory=1
name=x"
# A config is read and parsed before the daemon is asked (libxlutil says
# where a syntax error is), so these need no daemon either.
expect 1 "xenballoonctl: reserve --for: cannot read $T/none.cfg: No such file or directory" reserve --for "$T/none.cfg"
printf 'name = "web"\nmemory = [\n' > "$T/bad.cfg"
expect 1 "$T/bad.cfg:2: config parsing error near \`': syntax error, unexpected \$end, expecting ']'
xenballoonctl: reserve --for: $T/bad.cfg: cannot parse it: Invalid argument" reserve --for "$T/bad.cfg"
printf 'memory = 512\n' > "$T/noname.cfg"
expect 1 "xenballoonctl: reserve --for: no name: xl needs one" reserve --for "$T/noname.cfg"
printf 'name = "web"\nmemory = "2G"\n' > "$T/unit.cfg"
expect 1 "xenballoonctl: reserve --for: bad memory '2G' (MiB)" reserve --for "$T/unit.cfg"
printf 'name = "web"\ntype = "kvm"\n' > "$T/type.cfg"
expect 1 "xenballoonctl: reserve --for: invalid domain type 'kvm' (pv, pvh or hvm)" reserve --for "$T/type.cfg"
printf 'name = "web"\nmemory = 512\n' > "$T/web.cfg"
expect 2 "xenballoonctl: reserve: one --for, --for-saved or --for-libvirt ($RU)" reserve --for a.cfg --for-saved b
expect 2 "xenballoonctl: reserve: --for-libvirt XML takes the size and the domain from XML: no SIZE nor --domain with it" reserve 1G --for-libvirt -
printf "<domain type='kvm'><name>web</name><memory>1</memory></domain>" > "$T/kvm.xml"
expect 1 "xenballoonctl: reserve --for-libvirt: $T/kvm.xml: not a Xen domain (type 'kvm')" reserve --for-libvirt "$T/kvm.xml"
err=$(echo "<domain type='xen'><name>web</name>" | "$CTL" -s "$T/ctl.sock" reserve --for-libvirt - 2>&1)
check "xenballoonctl reserve --for-libvirt - reads stdin, and says what is wrong with it -> 1" \
    sh -c '[ "$1" = 1 ] && [ "$2" = "xenballoonctl: reserve --for-libvirt: the domain XML: <domain> is not closed" ]' \
    sh $? "$err"
expect 2 "xenballoonctl: reserve: --for-saved FILE takes the size and the domain from FILE: no SIZE nor --domain with it" reserve --for-saved b --domain web
expect 2 "xenballoonctl: reserve: unexpected argument 'memory=1' ($RU)" reserve --for-saved b memory=1
expect 1 "xenballoonctl: reserve --for-saved: cannot read $T/none: No such file or directory" reserve --for-saved "$T/none"
expect 1 "xenballoonctl: reserve --for-saved: $T/bad.cfg: not a domain saved by xl" reserve --for-saved "$T/bad.cfg"
# An override is parsed after the file, as xl create does: it wins, and
# its errors are its own line's.
expect 1 "xenballoonctl: reserve --for: bad memory 'lots' (MiB)" reserve --for "$T/web.cfg" 'memory="lots"'
expect 1 "$T/web.cfg:4: config parsing error near \`lots': syntax error, unexpected IDENT, expecting STRING or NUMBER or '['
xenballoonctl: reserve --for: $T/web.cfg: cannot parse it: Invalid argument" reserve --for "$T/web.cfg" memory=1 memory=lots
expect 2 "xenballoonctl: bad size '-1G': sign not allowed $U" reserve -1G
expect 2 "xenballoonctl: bad reservation ID '0': number out of range (expected the number printed by reserve)" release 0
expect 2 "xenballoonctl: log: unknown log class 'bogus' (known: all general policy xenstore balloon net control hv config)" log +bogus
expect 2 "xenballoonctl: rebalance: too many arguments (usage: rebalance)" rebalance now
expect 2 "xenballoonctl: reload: too many arguments (usage: reload)" reload now
expect 3 "xenballoonctl: cannot connect to $T/ctl.sock: No such file or directory (is xenballoond running?)" status

start_xsd
"$SIMHV" host 4G
"$SIMHV" create 1 web 1G --static-max 2G
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_daemon
wait_for 100 settled 1

# Errors only the daemon can know about.
expect 1 "xenballoonctl: no domain 'nosuch'" show nosuch
expect 1 "xenballoonctl: target 3G is outside web's bounds 128M..2G" target web 3G
expect 1 "xenballoonctl: min 3G is above the domain's static max 2G" set web min=3G
expect 1 "xenballoonctl: no reservation 999" release 999
expect 1 "xenballoonctl: cannot reserve 8388608 KiB: the host has 4194304 KiB in all" reserve 8G
expect 1 "xenballoonctl: a reservation is for a domain to come: give its name or UUID, not a domid ('7')" reserve 1G --domain 7

# The guest's OOM kills and refault rate, as its agent writes them, in
# both forms of status.
xsw "/local/domain/1/$(xsk OOM_KILLS)" 3 "/local/domain/1/$(xsk REFAULT)" 2048
check "status --json shows the guest's OOM kills and refault rate" \
    wait_for 50 sh -c '"$1" -s "$2" --json status | grep -q "\"oom_kills\": 3" &&
    "$1" -s "$2" --json status | grep -q "\"refault_kib_s\": 2048"' sh "$CTL" "$T/ctl.sock"
check "status shows them in its OOM and REFAULT columns" sh -c '
    "$1" -s "$2" status | awk "\$1 == \"DOMID\" { for (i = 1; i <= NF; i++) c[\$i] = i }
        \$1 == 1 { ok = \$c[\"OOM\"] == 3 && \$c[\"REFAULT\"] == \"2M/s\" } END { exit !ok }"' \
    sh "$CTL" "$T/ctl.sock"
for cmd in status "show web" "log"; do
	out=$("$CTL" -s "$T/ctl.sock" --json $cmd)
	check "--json $cmd prints one JSON object" \
	    sh -c 'printf "%s" "$1" | head -c1 | grep -q "{" && printf "%s" "$1" | tail -c1 | grep -q "}"' sh "$out"
done
# The daemon's own figures: plans made, each timed, in order.
check "status --json has the daemon's plan count and plan times in order" \
    sh -c '[ "$1" -gt 0 ] && [ "$2" = 0 ] && [ "$3" -gt 0 ] && [ "$3" -le "$4" ] && [ "$4" -le "$5" ] && [ "$6" -gt 0 ]' sh \
    "$(jnum plans)" "$(jnum plan_errors)" "$(jnum plan_us_p50)" "$(jnum plan_us_p99)" "$(jnum plan_us_max)" "$(jnum watch_events)"
check "log +xenstore -policy turns classes on and off" \
    test "$(ctl log +xenstore -policy)" = "general,xenstore,control,config"
check "log with no argument shows them" test "$(ctl log)" = "general,xenstore,control,config"

# The socket: root or the control group only.
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	skip "an unprivileged user cannot connect" "needs root and setpriv"
	skip "nor talk past the socket's mode (SO_PEERCRED)" "needs root and setpriv"
	skip "the control group may" "needs root and setpriv"
else
	asnobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$CTL" -s "$T/ctl.sock" "$@"; }
	err=$(asnobody status 2>&1 >/dev/null); rc=$?
	check "an unprivileged user cannot connect (exit 3)" test "$rc" -eq 3
	check "and is told what is needed" test "$err" = \
	    "xenballoonctl: cannot connect to $T/ctl.sock: Permission denied (root or the daemon's control group is required)"
	chmod 666 "$T/ctl.sock"
	err=$(asnobody status 2>&1 >/dev/null); rc=$?
	check "nor talk past the socket's mode (SO_PEERCRED, exit 3)" test "$rc" -eq 3
	diag "$err"
	stop_daemon
	printf 'interval = 1s\ncontrol-group = nogroup\n' > "$T/conf"
	start_daemon
	check "the control group may" sh -c 'setpriv --reuid=nobody --regid=nogroup --clear-groups "$1" -s "$2" status >/dev/null' \
	    sh "$CTL" "$T/ctl.sock"
fi
done_testing
