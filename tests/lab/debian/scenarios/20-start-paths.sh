# timeout: 150
# start-paths: each way a domain starts here gets its memory reserved
# first, as libxl reckons it, for that domain: xendomains at boot (its
# drop-in runs xl through xenballoon-xl), and xl restore -p of a saved
# domain; the restored domain is left alone until it runs (starting:
# paused, no vCPU run yet), and the reservation ends with xl (released by
# the wrapper, or handed over had the domain run first).
ensure_running
wait_for 60 ctl status > /dev/null || fail "xenballoond does not answer"
WRAPDIR=/usr/libexec/xenballoon/xl
[ -x "$WRAPDIR/xl" ] && [ -L "$WRAPDIR/xen" ] || fail "the package has no $WRAPDIR/xl and xen"
echo "xendomains PATH: $(prop xendomains.service Environment)"
j=$(journalctl -b --no-pager -o cat -u "$UNIT")

# 1. Boot: xendomains reserved for g1 and g2 (by name: their configs set
# no uuid), each bound while starting, and released by the wrapper once
# xl create returned (or handed over, had the domain run first); its dry
# runs (xen create --dryrun, for the names) reserved nothing.
for g in g1 g2; do
	echo "$j" | grep -E "requested for $g |\(for $g\)"
	n=$(echo "$j" | grep -c "requested for $g ")
	[ "$n" -eq 1 ] || fail "boot: $n reservations for $g (one per create, none for a dry run)"
	r=$(echo "$j" | sed -n "s/^reservation \([0-9]*\): [0-9]* KiB requested for $g .*/\1/p")
	echo "$j" | grep -q "^reservation $r bound to domain [0-9]*, starting (for $g)" ||
		fail "boot: reservation $r for $g was not bound while $g started"
	echo "$j" | grep -q "^reservation $r \(released\|handed to domain\)" ||
		fail "boot: reservation $r for $g was neither released nor handed over"
done

# 2. libxl's figure for g2's config: memory = 128 MiB and Xen's own need.
out=$(ctl reserve --for /etc/xen/auto/g2.cfg --dry-run) || fail "reserve --for --dry-run: $out"
echo "reserve --for g2.cfg --dry-run: $out"
need=${out%% *}
[ "$need" -gt 131072 ] && [ "$need" -lt $((131072 + 65536)) ] ||
	fail "libxl reckons $need KiB for a 128 MiB PV domain"
out=$(ctl reserve --for /etc/xen/auto/g2.cfg memory=200 --dry-run)
echo "with memory=200: $out"
[ "${out%% *}" -gt 204800 ] || fail "the override memory=200 was not applied: $out"

# 3. xl save, then xl restore through the wrapper.
id=$(domid g2) || fail "g2 is not running"
ctl target g2 128M && wait_for 60 sh -c \
	"[ \$(xl list g2 | awk 'NR == 2 { print \$3 }') -le 130 ]" || true
img=/var/lib/xen/lab-g2.save
rm -f "$img"
t0=$(now)
xl save g2 "$img" > "$LAB/save.out" 2>&1 || fail "xl save g2: $(tail -n 2 "$LAB/save.out")"
echo "xl save g2: $(since "$t0") s, $(stat -c %s "$img") bytes"
out=$(ctl reserve --for-saved "$img" --dry-run) || fail "reserve --for-saved: $out"
echo "reserve --for-saved: $out"
uuid=${out##* }
# What xenballoond publishes while the restore runs, for the record: the
# daemon sees a new domain at its next round, and xl introduces a
# restored one to xenstore (the event that makes a round) only once its
# memory is in, just before it runs it: the starting spell it shows can be
# shorter than a poll under TCG (CI's stop 27 saw none twice).  What is
# checked is the restore with -p, which leaves the domain paused, never
# run: starting until unpaused.
( while :; do
	xenstore-ls -f /tool/xenballoon/domain 2>/dev/null |
	    sed -n 's|^/tool/xenballoon/domain/\([0-9]*\)/state = "\(.*\)"$|\1 \2|p'
	sleep 0.02
  done ) > "$LAB/restore-states" &
poll=$!
t0=$(now)
PATH=$WRAPDIR:$PATH xl restore -p "$img" > "$LAB/restore.out" 2>&1
rc=$?
kill "$poll" 2>/dev/null
wait "$poll" 2>/dev/null
echo "xl restore: exit $rc in $(since "$t0") s"
cat "$LAB/restore.out"
[ "$rc" -eq 0 ] || fail "xl restore through the wrapper failed (exit $rc)"
grep -q "no memory reserved" "$LAB/restore.out" && fail "the wrapper reserved nothing for the restore"
nid=$(domid g2) || fail "g2 is not running after the restore"
j=$(journalctl -b --no-pager -o cat -u "$UNIT")
echo "$j" | grep -F "(for $uuid)"
echo "$j" | grep -qF "bound to domain $nid, starting (for $uuid)" ||
	fail "restore: the reservation for g2's UUID was not bound to the new domain $nid while it started"
r=$(echo "$j" | sed -n "s/^reservation \([0-9]*\) bound to domain $nid, starting (for $uuid)$/\1/p")
wait_for 30 sh -c "journalctl -b --no-pager -o cat -u $UNIT | grep -q '^reservation $r \(released\|handed to domain $nid\)'" ||
	fail "restore: reservation $r was neither released nor handed to g2"
echo "states of domain $nid seen during the restore: $(grep "^$nid " "$LAB/restore-states" | uniq | awk '{print $2}' | tr '\n' ' ')"
st=/tool/xenballoon/domain/$nid/state
wait_for 30 sh -c "[ \"\$(xenstore-read $st)\" = starting ]" ||
	fail "restore -p: g2 (domid $nid), paused and never run, is published as '$(xsr "$st")', not starting"
tgt=$(xsr "/local/domain/$nid/memory/target")
sleep 3
[ "$(xsr "$st")" = starting ] && [ "$(xsr "/local/domain/$nid/memory/target")" = "$tgt" ] ||
	fail "restore -p: g2 was not left alone while paused: $(xsr "$st"), target $tgt -> $(xsr "/local/domain/$nid/memory/target")"
echo "restored paused: domain $nid published starting, its target left at $tgt KiB"
xl unpause g2 || fail "xl unpause g2"
wait_for 30 sh -c "case \$(xenstore-read /tool/xenballoon/domain/$nid/state) in idle|growing|shrinking) true ;; *) false ;; esac" ||
	fail "restored g2 is not balanced: $(xsr /tool/xenballoon/domain/$nid/state)"
ctl unpin g2 > /dev/null
rm -f "$img"
pass
