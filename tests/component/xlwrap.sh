#!/bin/sh
# xenballoon-xl, the xl that xendomains runs (as xl and as xen): every
# command but create and restore goes to the real xl untouched; create
# and restore reserve first (reserve --for CONFIG with xl's overrides,
# --for-saved FILE) and, when no reservation can be had, still run xl,
# after a warning, with its arguments and exit status intact.  The real
# xl here is a stub that records its arguments and builds the domain in
# the simulated hypervisor as xl would: paused, then run.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

WRAP=$B/contrib/xl
mkdir -p "$T/bin" "$T/wrap"
ln -s "$WRAP/xl" "$T/wrap/xl"
ln -s "$WRAP/xl" "$T/wrap/xen"
cat > "$T/bin/xl" <<STUB
#!/bin/sh
for a; do printf '<%s>' "\$a"; done > "$T/xl.args"
echo >> "$T/xl.args"
case \$1 in
create) "$SIMHV" create 9 web 512M --static-max 512M --starting &&
	sleep 1 && "$SIMHV" unpause 9 ;;
esac
exit \${XL_STUB_RC:-0}
STUB
chmod +x "$T/bin/xl"
export XENBALLOONCTL="$CTL" XENBALLOON_SOCKET="$T/ctl.sock"
P="$T/wrap:$T/bin:$PATH"
xl_args() { cat "$T/xl.args"; }

start_xsd
"$SIMHV" host 4G
"$SIMHV" create 1 a 1G --static-max 2G
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_daemon
wait_for 100 settled 1

PATH=$P xl list -l "a b" >/dev/null 2>&1
check "other commands reach the real xl untouched" test "$(xl_args)" = "<list><-l><a b>"
PATH=$P XL_STUB_RC=7 xen list >/dev/null 2>&1
check "  as xen too, with xl's exit status" test $? -eq 7

printf 'name = "web"\nmemory = 512\n' > "$T/web.cfg"
# Debian's xendomains learns a config's name with a dry run: nothing is
# created, so nothing is reserved (the Debian lab caught a reservation
# made and dropped for each such run).
for dry in "--quiet --dryrun" "-qn" "-n"; do
	err=$(PATH=$P xl create $dry --defconfig "$T/web.cfg" 2>&1 >/dev/null)
	check "create $dry goes to xl untouched, nothing reserved" sh -c \
	    '[ -z "$1" ] && [ "$2" = "<create>$3<--defconfig><$4>" ]' sh "$err" \
	    "$(xl_args)" "$(printf '<%s>' $dry)" "$T/web.cfg"
done
err=$(PATH=$P xl create -qf "$T/web.cfg" 2>&1 >/dev/null)
check "create -qf CONFIG is a create of CONFIG" sh -c \
    'echo "$1" | grep -q "^xl: no memory reserved"' sh "$err"
"$SIMHV" destroy 9 2>/dev/null
if [ -e /proc/xen/privcmd ]; then
	skip "create reserves for the config" "covered by the Debian lab"
else
	err=$(PATH=$P XL_STUB_RC=3 xl create --quiet --defconfig "$T/web.cfg" \
	    vcpus=2 2>&1 >/dev/null)
	rc=$?
	check "create without libxl (no Xen here) still runs xl, exit status kept" \
	    test "$rc" -eq 3
	check "  with its arguments intact" test "$(xl_args)" = \
	    "<create><--quiet><--defconfig><$T/web.cfg><vcpus=2>"
	check "  after saying why nothing was reserved" sh -c \
	    'echo "$1" | grep -q "^xl: no memory reserved (xenballoonctl reserve: exit 1); running xl without$"' \
	    sh "$err"
	check "  which is libxl's, for that config" sh -c \
	    'echo "$1" | grep -q "^xenballoonctl: reserve --for: libxl is not available here"' \
	    sh "$err"
	skip "create reserves for the config (libxl_domain_need_memory)" \
	    "libxl needs a Xen dom0: the Debian lab runs it (tests/lab/debian/scenarios)"
fi
"$SIMHV" destroy 9 2>/dev/null

err=$(PATH=$P xen restore -p "$T/web.cfg" 2>&1 >/dev/null)
check "restore of a file that is no saved domain still runs xl" \
    test "$(xl_args)" = "<restore><-p><$T/web.cfg>"
check "  after xenballoonctl said what the file is not" sh -c \
    'echo "$1" | grep -q "reserve --for-saved: .*: not a domain saved by xl$"' sh "$err"

stop_daemon
err=$(PATH=$P xl create "$T/web.cfg" 2>&1 >/dev/null)
check "with the daemon down, create still runs xl" \
    test "$(xl_args)" = "<create><$T/web.cfg>"
"$SIMHV" destroy 9 2>/dev/null
err=$(PATH="$T/wrap:/nonexistent" xl list 2>&1)
check "no real xl in PATH: exit 127, said" sh -c \
    '[ "$1" = 127 ] && [ "$2" = "xl: no xl in PATH besides this wrapper" ]' \
    sh $? "$err"
done_testing
