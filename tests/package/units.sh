#!/bin/sh
# tests/package/units.sh - the systemd units (services and timers) as "make
# install" puts them pass "systemd-analyze verify": installed into a scratch DESTDIR tree,
# then checked from a copy whose Exec paths point into that tree (verify
# wants the binaries to exist) and with MANPATH there (it checks the
# Documentation= man pages too).
set -u
B=${XB_BUILDDIR:?run from make check}

if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "1..0 # SKIP systemd-analyze not installed (apt-get install systemd)"
	exit 0
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/xb-units.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
diag() { printf '%s\n' "$1" | sed 's/^/# /'; }

# A make inside make check must not join the outer make's jobserver.
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL ${MAKE:-make} -C "$B" \
    install DESTDIR="$T/root" >"$T/install.log" 2>&1; then
	ok "make install DESTDIR=<scratch>"
else
	nok "make install DESTDIR=<scratch>"
	diag "$(tail -n 20 "$T/install.log")"
	echo "1..$n"
	exit 0
fi

units=$(find "$T/root" \( -name '*.service' -o -name '*.timer' \) -type f |
    sort)
# xenballoond's, and xenballoon-metrics' service and timer, with the
# daemon; the agent's.
expect=0
[ -x "$B/daemon/xenballoond" ] && expect=$((expect + 3))
[ -x "$B/agent/xenballoon-agent" ] && expect=$((expect + 1))
got=$(printf '%s' "$units" | grep -c .)
if [ "$got" -eq "$expect" ] && [ "$got" -gt 0 ]; then
	ok "$got units installed, as many as the built programs have"
else
	nok "$got units installed (expected $expect)"
	diag "$units"
fi

man=$(find "$T/root" -type d -name man -path '*/share/man' | head -n 1)
mkdir -p "$T/units"
for u in $units; do
	name=${u##*/}
	rel=${u#"$T/root"}
	# Every absolute Exec path that the install provided now points there;
	# in a "sh -c '...'" line, each program of its pipeline too.
	cp "$u" "$T/units/$name"
	missing=""
	for p in $(grep -oE "^Exec[A-Za-z]*=[-@:+!]*/[^ ']*|-c '/[^ ']*|\| /[^ ']*" "$u" |
	    sed 's|^[^/]*||'); do
		if [ -e "$T/root$p" ]; then
			sed -i -e "s|=\([-@:+!]*\)$p|=\1$T/root$p|" \
			    -e "s|\([' ]\)$p|\1$T/root$p|g" "$T/units/$name"
		elif [ ! -e "$p" ]; then
			missing="$missing $p"
		fi
	done
	if [ "${name%.timer}" != "$name" ]; then
		# It runs no program itself; verify says nothing (only exits
		# 1) when the unit it triggers is missing.
		trig=$(sed -n 's/^Unit=//p' "$u")
		trig=${trig:-${name%.timer}.service}
		if printf '%s\n' "$units" | grep -q "/$trig\$"; then
			ok "$name: the unit it triggers, $trig, is installed"
		else
			nok "$name: the unit it triggers, $trig, is not installed"
		fi
	elif [ -z "$missing" ]; then
		ok "$name: every Exec program is installed ($rel)"
	else
		nok "$name: Exec programs missing:$missing"
	fi
	out=$(MANPATH="$man" systemd-analyze verify "$T/units/$name" 2>&1)
	rc=$?
	# Dependencies this machine lacks (xenstored.service on a build host)
	# are not the unit's fault; anything else verify says is, even the
	# "ignoring" warnings it exits 0 with.
	bad=$(printf '%s\n' "$out" | grep -v '^$' |
	    grep -v "not found\|Cannot add dependency job")
	if [ -z "$bad" ]; then
		ok "systemd-analyze verify $name"
	else
		nok "systemd-analyze verify $name"
	fi
	[ -z "$out" ] || diag "$out"
done
echo "1..$n"
