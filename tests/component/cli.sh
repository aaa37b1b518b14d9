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
U='(expected a number with a unit k, M, G or T, e.g. 512M)'
expect 2 "xenballoonctl: unknown command 'frobnicate' (commands: status show set target unpin reserve release rebalance log reload history unset policy top)" frobnicate
expect 2 "xenballoonctl: unknown command 'reservation' (commands: status show set target unpin reserve release rebalance log reload history unset policy top)" reservation 1
expect 2 "xenballoonctl: show: missing arguments (usage: show DOM)" show
expect 2 "xenballoonctl: history: too many arguments (usage: history [DOM])" history a b
expect 2 "xenballoonctl: bad domain 'bad/name': invalid domain name (expected a domid 0-32751, a UUID or a domain name)" history bad/name
expect 2 "xenballoonctl: show: too many arguments (usage: show DOM)" show a b
expect 2 "xenballoonctl: bad domain '99999': number out of range (expected a domid 0-32751, a UUID or a domain name)" show 99999
expect 2 "xenballoonctl: bad domain 'bad/name': invalid domain name (expected a domid 0-32751, a UUID or a domain name)" show bad/name
expect 2 "xenballoonctl: set: missing arguments (usage: set DOM key=value...)" set web
expect 2 "xenballoonctl: bad min 'abc': not a number $U" set web min=abc
expect 2 "xenballoonctl: bad min '0M': must be more than 0" set web min=0M
expect 2 "xenballoonctl: set: unknown key 'foo' (keys: min, max, weight)" set web foo=1
expect 2 "xenballoonctl: set: unknown key 'mi' (keys: min, max, weight)" set web mi=1G
expect 2 "xenballoonctl: set: 'min' is not key=value (keys: min, max, weight)" set web min
expect 2 "xenballoonctl: bad weight '10001': number out of range (expected an integer from 1 to 10000)" set web weight=10001
expect 2 "xenballoonctl: set: min (2G) is above max (1G)" set web min=2G max=1G
expect 2 "xenballoonctl: target: missing arguments (usage: target DOM SIZE)" target web
expect 2 "xenballoonctl: bad target '2X': unknown unit $U" target web 2X
RU='usage: reserve SIZE [--domain DOM] | --for CONFIG [KEY=VALUE...] | --for-saved FILE | --for-libvirt XML [--timeout DURATION] [--dry-run]'
# A bare number is refused: xl would read MiB, xenstore holds KiB.
expect 2 "xenballoonctl: bad min '1': no unit (write 1M for MiB as xl reads it, 1k for KiB as xenstore holds it)" set web min=1
expect 2 "xenballoonctl: bad target '512': no unit (write 512M for MiB as xl reads it, 512k for KiB as xenstore holds it)" target web 512
expect 2 "xenballoonctl: bad size '1024': no unit (write 1024M for MiB as xl reads it, 1024k for KiB as xenstore holds it)" reserve 1024
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
expect 2 "xenballoonctl: status: unknown option '-x' (usage: status)" status -x
expect 2 "xenballoonctl: status: unknown option '--frob' (usage: status)" status --frob
expect 2 "xenballoonctl: unknown option '--frob'" --frob status
expect 2 "xenballoonctl: -s needs a socket path" status -s
expect 3 "xenballoonctl: cannot connect to $T/ctl.sock: No such file or directory (is xenballoond running?)" status
# Options anywhere: after the command they are still options.
expect 3 "xenballoonctl: cannot connect to $T/ctl.sock: No such file or directory (is xenballoond running?)" status --json
expect 3 "xenballoonctl: cannot connect to $T/ctl.sock: No such file or directory (is xenballoond running?)" show web -j

# -h/--help on standard output, exit 0, wherever it is; -V/--version.
for h in -h --help "status --help" "set web -h"; do
	out=$("$CTL" $h 2>"$T/err"); rc=$?
	check "xenballoonctl $h: usage on stdout, exit 0" sh -c \
	    '[ "$1" = 0 ] && [ ! -s "$2" ] && printf "%s\n" "$3" | grep -q "^usage: xenballoonctl " &&
	    printf "%s\n" "$3" | grep -q "^  reserve SIZE \[--domain DOM\] "' sh "$rc" "$T/err" "$out"
done
out=$("$CTL" 2>&1 >/dev/null); rc=$?
check "no command: usage on stderr, exit 2" sh -c '[ "$1" = 2 ] && printf "%s\n" "$2" | grep -q "^usage: "' sh "$rc" "$out"
for v in -V --version; do
	out=$("$CTL" $v); rc=$?
	check "xenballoonctl $v: the version and the protocol's, exit 0" sh -c \
	    '[ "$1" = 0 ] && printf "%s\n" "$2" | grep -Eqx "xenballoonctl [0-9][0-9.]* \(control protocol [0-9]+\)"' sh "$rc" "$out"
done
PROTO=$("$CTL" -V | sed -n 's/.*(control protocol \([0-9]*\))$/\1/p')
for p in "$B/daemon/xenballoond" "$B/contrib/xenballoon-metrics" "$B/agent/xenballoon-agent"; do
	[ -x "$p" ] || { skip "${p##*/} -h and -V" "not built"; continue; }
	h=$("$p" -h 2>"$T/err"); hrc=$?
	v=$("$p" --version 2>>"$T/err"); vrc=$?
	check "${p##*/} -h and --version: stdout, exit 0" sh -c \
	    '[ "$1" = 0 ] && [ "$2" = 0 ] && [ ! -s "$3" ] && printf "%s\n" "$4" | grep -q "^usage: $5 " &&
	    printf "%s\n" "$6" | grep -q "^$5 [0-9]"' sh "$hrc" "$vrc" "$T/err" "$h" "${p##*/}" "$v"
done

start_xsd
"$SIMHV" host 4G
"$SIMHV" create 1 web 1G --static-max 2G
LONG=a-domain-name-well-past-sixteen-characters
"$SIMHV" create 2 "$LONG" 512M --static-max 1G
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_daemon
wait_for 100 settled 1 2

# Errors only the daemon can know about.
expect 1 "xenballoonctl: no domain 'nosuch'" show nosuch
expect 1 "xenballoonctl: target 3G is outside web's bounds 128M..2G" target web 3G
expect 1 "xenballoonctl: min 3G is above the domain's static max 2G" set web min=3G
expect 1 "xenballoonctl: no domain 'nosuch'" set nosuch weight=5
expect 1 "xenballoonctl: no domain 'nosuch'" target nosuch 1G
expect 1 "xenballoonctl: no domain 'nosuch'" unpin nosuch
# A min against the max already stored (xenballoonctl sees only its own).
ctl set web max=1G
expect 1 "xenballoonctl: min 1536M is above max 1G" set web min=1536M
ctl unset web max
expect 1 "xenballoonctl: no reservation 999" release 999
expect 1 "xenballoonctl: cannot reserve 8388608 KiB: the host has 4194304 KiB in all" reserve 8G
expect 1 "xenballoonctl: a reservation is for a domain to come: give its name or UUID, not a domid ('7')" reserve 1G --domain 7

# The guest's OOM kills and refault rate, as its agent writes them, in
# both forms of status.
xsw "/local/domain/1/$(xsk OOM_KILLS)" 3 "/local/domain/1/$(xsk REFAULT)" 2048
check "status --json shows the guest's OOM kills and refault rate" \
    wait_for 50 sh -c '"$1" -s "$2" --json status | grep -q "\"oom_kills\": 3" &&
    "$1" -s "$2" --json status | grep -q "\"refault_kibps\": 2048"' sh "$CTL" "$T/ctl.sock"
# The guest's swap, as its agent writes it, in show, and the guard the
# planner keeps above its demand: whole while the guest does not say it
# has swap, half once it says it has 1 GiB (its demand is the same).
guard() { ctl --json show web | sed -n 's/^ *"guard_kib": \([0-9]*\),*$/\1/p'; }
guard_is() { [ "$(guard)" = "$1" ]; }
guard_shown() { [ -n "$(guard)" ]; }
xsw "/local/domain/1/$(xsk MEMINFO_TOTAL)" 2031616 \
    "/local/domain/1/$(xsk MEMINFO_FREE)" 524288
wait_for 50 guard_shown
g0=$(guard)
check "show --json gives the guard above the guest's demand ($g0 KiB)" \
    sh -c '[ -n "$1" ] && [ "$1" -gt 0 ]' sh "$g0"
xsw "/local/domain/1/$(xsk SWAP_TOTAL)" 1048576
check "show --json gives the guest's swap" \
    wait_for 50 sh -c '"$1" -s "$2" --json show web | grep -q "\"swap_total_kib\": 1048576"' sh "$CTL" "$T/ctl.sock"
check "with 1 GiB of swap the guard is half of $g0 KiB" \
    wait_for 50 guard_is $((g0 / 100 * 50 + g0 % 100 * 50 / 100))
# What the agent writes that only show prints, each member as written:
# the swap rates, swapped and active file sizes, the balloon driver's
# state and last error, and an interface's every key (a carrier of 0 is
# shown, not taken for none).
G=/local/domain/1
xsw "$G/$(xsk SWAP_IN)" 100 "$G/$(xsk SWAP_OUT)" 200 \
    "$G/$(xsk SWAPPED)" 4096 "$G/$(xsk ACTIVE_FILE)" 8192 \
    "$G/$(xsk BALLOON_TARGET)" 1048576 "$G/$(xsk BALLOON_CURRENT)" 1040000 \
    "$G/$(xsk BALLOON_STATE)" waiting "$G/$(xsk BALLOON_RETRIES)" 3 \
    "$G/$(xsk BALLOON_LAST_ERROR)" ENOMEM \
    "$G/$(xsk VIF_NAME 0)" eth0 "$G/$(xsk VIF_MAC 0)" 00:16:3e:00:00:01 \
    "$G/$(xsk VIF_MTU 0)" 1500 "$G/$(xsk VIF_OPERSTATE 0)" up \
    "$G/$(xsk VIF_CARRIER 0)" 0 "$G/$(xsk VIF_IPV4 0 0)" 10.0.0.2 \
    "$G/$(xsk VIF_IPV6 0 0)" fe80::1
# has_line TEXT LINE: LINE (a trailing comma aside) is one of TEXT's.
has_line() { printf '%s\n' "$1" | grep -Eqx -- "$2,?"; }
guest_shown() {
	j=$(ctl --json show web)
	for l in '      "active_file_kib": 8192' '      "swap_in_kibps": 100' \
	    '      "swap_out_kibps": 200' '      "swapped_kib": 4096' \
	    '        "current_kib": 1040000' '        "last_error": "ENOMEM"' \
	    '        "retries": 3' '        "state": "waiting"' \
	    '        "target_kib": 1048576' '      "kicks": 0' \
	    '      "bad_values": 0'; do
		has_line "$j" "$l" || { diag "no line '$l' in show --json web"; return 1; }
	done
}
check "show --json gives the guest's swap rates, swapped and active file, balloon driver" \
    wait_for 50 guest_shown
net_want='    "net": [
      {
        "carrier": 0,
        "devid": 0,
        "ipv4": [
          "10.0.0.2"
        ],
        "ipv6": [
          "fe80::1"
        ],
        "mac": "00:16:3e:00:00:01",
        "mtu": 1500,
        "name": "eth0",
        "operstate": "up"
      }
    ],'
net_shown() { [ "$(ctl --json show web | sed -n '/^    "net": \[/,/^    \],/p')" = "$net_want" ]; }
check "  and its interface, every key as written" wait_for 50 net_shown
# col DOMID HEADER [options]: domain DOMID's cell under HEADER in status;
# is DOMID HEADER WANT [options]: that cell is WANT.
col() {
	ctl status $3 | awk -v d="$1" -v h="$2" '$1 == "DOMID" { for (i = 1; i <= NF; i++) c[$i] = i }
	    $1 == d && (h in c) { print $c[h] }'
}
is() { [ "$(col "$1" "$2" "${4:-}")" = "$3" ]; }
both() { "$1" $2 && "$1" $3; }
check "status shows them in its OOM and REFAULT columns (MiB/s)" \
    both is "1 OOM 3" "1 REFAULT 2"
check "  REFAULT in KiB/s with --kib" is 1 REFAULT 2048 --kib

# Starvation: time under pressure (here PSI some at 50 %) and its spells,
# in --json and in the STARVED column; a guest without hints shows none.
xsw "/local/domain/1/$(xsk PSI_SOME_AVG10)" 50.00
check "status --json counts web's spell of pressure and its time" \
    wait_for 100 sh -c '"$1" -s "$2" --json status > "$3" &&
    grep -q "\"starve_spells\": 1," "$3" && grep -Eq "\"starved_ms\": [1-9]" "$3"' \
    sh "$CTL" "$T/ctl.sock" "$T/st.json"
starved_cells() { [ "$(col 2 STARVED "")" = 0s/0 ] && col 1 STARVED "" | grep -Eqx "[0-9]+s/1"; }
check "  in STARVED as seconds/spells; none for the guest without hints" starved_cells
xsw "/local/domain/1/$(xsk PSI_SOME_AVG10)" 0.00

# Sizes: whole MiB in every column and line, exact KiB with --kib.
out=$(ctl status)
diag "$out"
# The truth is the simulated hypervisor's count, rounded down as xl does.
act=$(sim_tot 1)
check "ACTUAL and MAX in whole MiB" both is "1 ACTUAL $((act / 1024))" "1 MAX 2048"
check "  TARGET is the target xenstore holds" is 1 TARGET $(($(target_of 1) / 1024))
check "  in KiB with --kib, an option after the command" \
    both is "1 ACTUAL $act --kib" "1 MAX 2097152 --kib"
check "the host line spells the unit: total 4096M" \
    sh -c 'printf "%s\n" "$1" | grep -q "^host: total 4096M  free [0-9]*M "' sh "$out"
check "  and k with --kib" \
    sh -c 'printf "%s\n" "$1" | grep -q "^host: total 4194304k  free [0-9]*k "' sh "$(ctl status --kib)"
check "a long name is printed whole, its row still in its columns" \
    both is "2 NAME $LONG" "2 ACTUAL $(($(sim_tot 2) / 1024))"
# Every row's ACTUAL ends where its header does.
aligned() {
	ctl status ${1:-} | awk '$1 == "DOMID" { e = index($0, " ACTUAL") + 6 }
	    $1 ~ /^[0-9]+$/ { if (substr($0, e, 1) == " " || substr($0, e + 1, 1) != " ") bad = 1; n++ }
	    END { exit bad || n != 2 }'
}
check "  the columns line up under their headers" aligned
check "  with --kib too" aligned --kib
check "no pin: PIN is -" is 1 PIN -
ctl target web 768M
check "a pin is shown in the PIN column" is 1 PIN 768
ctl unpin web
check "  and gone once unpinned" is 1 PIN -
check "a running domain: HV says running" is 1 HV running
xsw /sim/dom/2/state paused
check "a paused domain: HV says paused" wait_for 50 is 2 HV paused
xsw /sim/dom/2/state running

# Every reply carries the protocol's version; --json prints every reply,
# refusals too, each a whole line.
check "replies carry the protocol version (-V's)" \
    sh -c 'printf "%s\n" "$1" | grep -Eq "^  \"version\": $2,?$"' sh "$(ctl --json status)" "$PROTO"
ends_nl() { [ "$(tail -c 2 "$1" | od -An -c | tr -d ' ')" = '}\n' ]; }
ctl -j show nosuch > "$T/jerr" 2>/dev/null; rc=$?
check "-j refused: exit 1, the reply on stdout ending in a newline" sh -c \
    '[ "$1" = 1 ] && grep -q "\"code\": \"no-such-domain\"" "$2"' sh "$rc" "$T/jerr"
check "  (newline)" ends_nl "$T/jerr"
ctl set web weight=150 -j > "$T/jset"; rc=$?
check "-j set: exit 0, prints the domain as it now stands" sh -c \
    '[ "$1" = 0 ] && grep -Eq "^    \"weight\": 150,?$" "$2"' sh "$rc" "$T/jset"
check "  (newline)" ends_nl "$T/jset"
check "set without -j prints nothing" test -z "$(ctl set web weight=100)"
for cmd in rebalance "unpin web" "target web 1G"; do
	out=$(ctl $cmd --json)
	check "$cmd --json prints the reply" sh -c 'printf "%s\n" "$1" | grep -q "^  \"ok\": true,$"' sh "$out"
done
ctl unpin web
check "log -hv is a class to turn off, not -h -v" sh -c \
    '"$1" -s "$2" log +hv >/dev/null && [ "$("$1" -s "$2" log -hv)" = "$("$1" -s "$2" log)" ] &&
    ! "$1" -s "$2" log | grep -q hv' sh "$CTL" "$T/ctl.sock"
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

# The bash completion: nothing typed in it, everything read from
# "xenballoonctl --help --json" and "--json status".  bash-completion's
# helpers are stood in for.
COMP=$XB_SRCDIR/contrib/bash-completion/xenballoonctl
offers() {	# words...: what completing the last one offers, sorted, one a line
	PATH="$B/daemon:$PATH" bash -c '
		_init_completion() {
			words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
			cur=${words[cword]} prev=${words[cword - 1]}
		}
		_filedir() { COMPREPLY=("(files)"); }
		. "$1"; shift
		COMP_WORDS=(xenballoonctl "$@") COMP_CWORD=$#
		_xenballoonctl
		printf "%s\n" "${COMPREPLY[@]}"' sh "$COMP" "$@" 2>/dev/null | sed '/^$/d' | sort
}
offers_all() {	# "wanted words" words...
	want=$1; shift
	got=$(offers "$@")
	for w in $want; do
		printf '%s\n' "$got" | grep -qxF -- "$w" || { diag "missing $w in: $got"; return 1; }
	done
}
if ! command -v bash >/dev/null 2>&1; then
	skip "the completion offers the commands" "no bash"
else
	helped=$("$CTL" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' | sort)
	check "the completion offers exactly the commands --help lists" \
	    test "$(offers "")" = "$helped"
	check "  not the internal reservation command" sh -c '! printf "%s\n" "$1" | grep -qx reservation' sh "$(offers "")"
	check "  options after the command" offers_all "--json --kib --socket --help" status --
	check "  reserve's own --timeout" offers_all "--timeout" reserve 1G --t
	check "  nothing for --timeout's duration" test -z "$(offers reserve 1G --timeout "")"
	check "  domain names and domids from the daemon" \
	    offers_all "web 1 $LONG 2" -s "$T/ctl.sock" show ""
	check "  and for history's optional DOM" \
	    offers_all "web 1 $LONG 2" -s "$T/ctl.sock" history ""
	check "  unset's keys after the domain" \
	    offers_all "min max weight" -s "$T/ctl.sock" unset web ""
	check "  policy's two actions" test "$(offers policy "" | tr '\n' ' ')" = "export import "
	check "  a file after policy import" \
	    test "$(offers policy import "")" = "(files)"
	check "  after options anywhere" offers_all "web" --json -s "$T/ctl.sock" --kib target w
	check "  set's keys after the domain" offers_all "min= max= weight=" -s "$T/ctl.sock" set web ""
	check "  log's classes" offers_all "+hv policy all" log ""
	check "  -hv among them (a class, not -h -v)" offers_all "-hv -policy" log -
	rid=$(ctl reserve 64M --timeout 10s)
	check "  reservation IDs for release" offers_all "$rid" -s "$T/ctl.sock" release ""
	ctl release "$rid"
fi

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
	# Past the socket's mode, the daemon looks up the user's groups:
	# nobody's own group (passwd) is nogroup, daemon's is not.
	chmod 666 "$T/ctl.sock"
	check "  so may a user whose group it is in the passwd file" sh -c 'setpriv --reuid=nobody --regid=daemon --clear-groups "$1" -s "$2" status >/dev/null' \
	    sh "$CTL" "$T/ctl.sock"
	setpriv --reuid=daemon --regid=daemon --clear-groups "$CTL" -s "$T/ctl.sock" status >/dev/null 2>&1; rc=$?
	check "  not a user outside it (exit 3, the daemon says why)" sh -c \
	    '[ "$1" = 3 ] && grep -q "control: uid 1 refused (not root nor in the control group)$" "$2"' \
	    sh "$rc" "$T/daemon.log"
fi
done_testing
