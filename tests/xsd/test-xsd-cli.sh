#!/bin/bash
# xb-xsd driven by Debian's real xenstore clients (xenstore-utils) through
# XENSTORED_PATH, as an admin or a script in the lab would use them.  TAP.
set -u

XSD=${XB_BUILDDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/xsd/xb-xsd
n=0
failed=0

ok() {		# ok <status> <description>
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

if ! command -v xenstore-read >/dev/null 2>&1; then
	echo "ok 1 - xenstore-utils clients # SKIP xenstore-utils not installed"
	echo "1..1"
	exit 0
fi

dir=$(mktemp -d /tmp/xb-xsd-cli.XXXXXX)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

# Bad command lines are refused with status 2.
"$XSD" >/dev/null 2>&1
ok $(( $? != 2 )) "no socket at all: usage error (status 2)"
"$XSD" --guest "0:$dir/g0" >/dev/null 2>&1
ok $(( $? != 2 )) "--guest with domid 0 is refused (status 2)"
"$XSD" --socket "$dir/x" --quota nodes=abc >/dev/null 2>&1
ok $(( $? != 2 )) "--quota with a bad number is refused (status 2)"

# The copy-pasteable way to run it in a test: returns once listening.
pid=$("$XSD" --background --socket "$dir/d0" --guest "5:$dir/g5" \
	--dump "$dir/dump")
kill -0 "$pid" 2>/dev/null
ok $? "--background prints the pid of a listening server ($pid)"

export XENSTORED_PATH=$dir/d0
g5() { XENSTORED_PATH=$dir/g5 "$@"; }

xenstore-write /cli/a hello
ok $? "xenstore-write"
[ "$(xenstore-read /cli/a)" = hello ]
ok $? "xenstore-read returns it"
xenstore-exists /cli/a && ! xenstore-exists /cli/none 2>/dev/null
ok $? "xenstore-exists: 0 for a node, non-zero for a missing one"
[ "$(xenstore-list /local/domain | tr '\n' ' ')" = "0 5 " ]
ok $? "xenstore-list /local/domain: dom0 and the guest"
xenstore-ls -p /local/domain/5 | grep -q '^data = "" .*(n5)$'
ok $? "xenstore-ls -p: the guest owns its data/ (n5)"
xenstore-rm /cli/a && ! xenstore-exists /cli/a 2>/dev/null
ok $? "xenstore-rm"

! g5 xenstore-write memory/target 1048576 2>/dev/null
ok $? "guest: xenstore-write memory/target is refused"
g5 xenstore-write data/meminfo_free 4242 &&
	[ "$(xenstore-read /local/domain/5/data/meminfo_free)" = 4242 ]
ok $? "guest: xenstore-write data/meminfo_free, dom0 reads it"
! g5 xenstore-read /local/domain/0/name 2>/dev/null
ok $? "guest: xenstore-read of dom0's home is refused"
xenstore-write /cli/pub p && xenstore-chmod /cli/pub r0 &&
	[ "$(g5 xenstore-read /cli/pub)" = p ]
ok $? "xenstore-chmod r0 makes a node readable by the guest"

# xenstore-watch: initial event, then the change; read through a fifo so
# nothing sleeps.
mkfifo "$dir/fifo"
timeout 10 xenstore-watch -n 2 /cli/w >"$dir/fifo" &
exec 3<"$dir/fifo"
read -r -t 5 first <&3
xenstore-write /cli/w/x 1
read -r -t 5 second <&3
exec 3<&-
[ "${first:-}" = /cli/w ]
ok $? "xenstore-watch: initial event with the watched path (${first:-none})"
[ "${second:-}" = /cli/w/x ]
ok $? "xenstore-watch: the write below it (${second:-none})"
wait

xenstore-write /cli/dumped yes
kill "$pid"
for _ in $(seq 100); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.05
done
! kill -0 "$pid" 2>/dev/null
ok $? "SIGTERM stops the server"
pid=
grep -qx '/cli/dumped = "yes" (n0)' "$dir/dump"
ok $? "--dump has the tree at exit"
[ ! -e "$dir/d0" ] && [ ! -e "$dir/g5" ]
ok $? "the sockets are removed"

echo "1..$n"
exit $failed
