#!/bin/sh
# tests/agent/check-agent-options.sh - the agent's command line and its
# file go through one table of keys (common/conf.c): both refuse a bad
# value with the same words, and every key of the table is documented.
set -u
agent=$XB_BUILDDIR/agent/xenballoon-agent
man=$XB_SRCDIR/man/xenballoon-agent.8
echo "1..4"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# expect N DESCRIPTION STATUS STDERR ARGS...
n=0
expect() {
	n=$((n + 1)); what=$1; want_rc=$2; want=$3; shift 3
	got=$("$agent" "$@" 2>&1 >/dev/null); rc=$?
	if [ "$rc" -eq "$want_rc" ] && [ "$got" = "$want" ]; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		echo "# got ($rc): $got"
		echo "# want ($want_rc): $want"
	fi
}

expect "a good command line passes --check-config" 0 "" \
	--config /dev/null --net off --psi-threshold 2.5 --check-config
expect "a bad value on the command line is refused" 2 \
	"xenballoon-agent: command line: bad value 'maybe' for net (expected yes or no)" \
	--config /dev/null --net maybe --check-config
printf 'net = no\nslak = 1\n' > "$tmp/a.conf"
expect "a bad key in the file names the file, the line and the keys" 2 \
	"xenballoon-agent: $tmp/a.conf:2: unknown key 'slak' (keys: memory mem-threshold psi-threshold psi-total-threshold psi-stall psi-window swap-threshold sample sample-idle heartbeat balloon balloon-poll net max-interfaces max-addresses interfaces map-interface netlink-rcvbuf proc-dir balloon-dir sys-net-dir log-level log-classes)" \
	--config "$tmp/a.conf" --check-config

# The keys --help lists (from the table) each have an entry in the man page.
n=$((n + 1)); missing=
for k in $("$agent" --help | sed -n 's/^ *--/--/p' | tr ' ' '\n' | sed -n 's/^--//p'); do
	grep -Eq "^\.It .*Cm $k( |$)" "$man" || missing="$missing $k"
done
if [ -z "$missing" ] && "$agent" --help | grep -q -- '--map-interface'; then
	echo "ok $n - every key is in xenballoon-agent(8)"
else
	echo "not ok $n - every key is in xenballoon-agent(8)"
	echo "# missing:$missing"
fi
