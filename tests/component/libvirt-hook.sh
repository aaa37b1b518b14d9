#!/bin/sh
# libvirt's libxl hook (contrib/libvirt-hook.in, installed as
# /etc/libvirt/hooks/libxl.d/xenballoon): prepare reserves for the domain
# XML on stdin and keeps the ID; started and release give it back; a
# reservation that cannot be had never fails the start (exit 0, the
# reason on stderr); a name that is no file name is left alone.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

HOOK=$B/contrib/libvirt/xenballoon
export XENBALLOONCTL="$CTL" XENBALLOON_SOCKET="$T/ctl.sock" \
    XENBALLOON_HOOK_DIR="$T/hook"
XML="<domain type='xen'><name>web</name><uuid>6b0c3e4e-1d2f-4a55-9a0b-0c1d2e3f4a5b</uuid><memory unit='KiB'>524288</memory><os><type>xen</type></os></domain>"

start_xsd
"$SIMHV" host 4G
"$SIMHV" create 1 a 1G --static-max 2G
start_sim
printf 'interval = 1s\nsettle = 50ms\n' > "$T/conf"
start_daemon
wait_for 100 settled 1
nres() { "$CTL" --json status | grep -c '"state": "\(held\|pending\)"'; }

if [ -e /proc/xen/privcmd ]; then
	skip "prepare reserves for the domain XML" "covered on a Xen host"
else
	err=$(echo "$XML" | "$HOOK" web prepare begin - 2>&1)
	check "prepare without libxl (no Xen here) exits 0: the start goes on" \
	    test $? -eq 0
	check "  saying why on stderr, for libvirt's log" sh -c \
	    'echo "$1" | grep -q "^xenballoonctl: reserve --for-libvirt: libxl is not available here" &&
	    echo "$1" | grep -q "^xenballoon: no memory reserved for web; starting it without$"' sh "$err"
	check "  and keeps no ID" test ! -e "$T/hook/web.id"
	skip "prepare reserves for the domain XML (libxl_domain_need_memory)" \
	    "libxl needs a Xen dom0; libvirt is not in the Debian lab yet"
fi
err=$(echo "<domain type='kvm'/>" | "$HOOK" web prepare begin - 2>&1)
check "a domain XML that is not Xen's is refused and the start goes on" \
    sh -c '[ "$1" = 0 ] && echo "$2" | grep -q "not a Xen domain"' sh $? "$err"

# started and release give back what prepare kept.
id=$(ctl reserve 512M --domain 6b0c3e4e-1d2f-4a55-9a0b-0c1d2e3f4a5b --timeout 15s)
mkdir -p "$T/hook" && echo "$id" > "$T/hook/web.id"
check "a reservation kept for web is open" test "$(nres)" -eq 1
echo "$XML" | "$HOOK" web started begin -
check "started releases it" test "$(nres)" -eq 0
check "  and forgets its ID" test ! -e "$T/hook/web.id"
id=$(ctl reserve 512M --domain web --timeout 15s)
echo "$id" > "$T/hook/web.id"
echo "$XML" | "$HOOK" web release end -
check "release releases it too" test "$(nres)" -eq 0
echo 1 > "$T/x.id"	# what the name sub/../../x would reach
mkdir -p "$T/hook/sub"
for n in sub/../../x ../x .x ""; do
	"$HOOK" "$n" release end - < /dev/null
	check "the name '$n' is left alone (exit 0)" test $? -eq 0
done
check "  and no file outside the hook's directory is touched" test -e "$T/x.id"
"$HOOK" web migrate begin - < /dev/null
check "other operations are passed over (exit 0)" test $? -eq 0
done_testing
