# timeout: 420
# demand: guest g2 starts using memory (laballoc); with the host's spare
# memory held by a reservation, the daemon shrinks the others first, then
# grows g2, and g2's allocation completes; the monitor sees no overcommit
# at any sample.  The order is xenstored's: the monitor prints each
# memory/target write as its watch fires ("tgt" lines), so a cut and a
# raise made in one round are still seen in the order they were made.
need_guests
need_agent
daemon_ensure
wait_for 120 settled g1 g2 g3 || fail "guests not settled before the test"
start=$(now_ms)
id1=$(domid g1) id2=$(domid g2) id3=$(domid g3)
t1=$(target_kib g1) t2=$(target_kib g2) t3=$(target_kib g3)
cleanup() {
	[ -n "${sampler:-}" ] && kill "$sampler" 2> /dev/null
	gcmd g2 "killall laballoc" > /dev/null 2>&1
	[ -n "${rid:-}" ] && ctl release "$rid" > /dev/null 2>&1
}
# Hold what is free beyond the slack, so growth has to come from g1 and g3.
free=$(status_field .host.free_kib) slack=$(status_field .host.slack_kib)
hold=$(( (free - slack) / 1024 - 16 ))
if [ "$hold" -gt 32 ]; then
	rid=$(ctl reserve ${hold}M --timeout 60s) || fail "could not reserve $hold MiB to make the host scarce"
	echo "reserved $hold MiB (reservation $rid) so the host is scarce"
else
	hold=0
fi
# What g2 may take without anyone shrinking: growth beyond it had to come
# from g1 or g3.
spare=$(( free - slack - hold * 1024 ))
[ "$spare" -gt 0 ] || spare=0
avail=$(gcmd g2 "awk '/^MemAvailable:/ { print \$2 }' /proc/meminfo") || fail "cannot read g2's meminfo"
[ -n "$avail" ] && [ "$avail" -gt 65536 ] || fail "g2's MemAvailable is '$avail' KiB"
# Half of what it has at once (MemAvailable counts memory the kernel may
# not give up fast enough), then ramp MiB more at 4 MiB/s: more than it has,
# so it only survives if the daemon grows it.
fast=$(( avail / 2048 )) ramp=256
echo "before: targets g1=$((t1 / 1024)) g2=$((t2 / 1024)) g3=$((t3 / 1024)) MiB; g2 MemAvailable $((avail / 1024)) MiB"
gcmd g2 "laballoc $fast > /run/alloc1.log 2>&1 & laballoc $ramp 4 > /run/alloc2.log 2>&1 &" > /dev/null \
	|| { cleanup; fail "cannot start laballoc in g2"; }
# Every 10 s, what the daemon and g2 say, for the log (a failure here is
# explained by these lines).
(
	while sleep 10; do
		echo "t=$(( $(now_ms) - start ))ms g2 target=$(target_kib g2) tot=$(tot_kib g2) demand=$(pub g2 demand) state=$(pub g2 state)" \
			"mem: $(xenstore-ls "$(dompath g2)/data/memory" 2>/dev/null | tr -s ' \n' ' ')"
	done
) &
sampler=$!
if ! wait_for 180 sh -c ". /lab/lab.sh; [ \$(target_kib g2) -ge $((t2 + 65536)) ]"; then
	gcmd g2 "tail -n 2 /run/alloc1.log /run/alloc2.log; dmesg | tail -n 5"
	cleanup
	fail "g2's target did not grow by 64 MiB in 180 s (target $(target_kib g2), demand $(dom_field g2 demand_kib), state $(pub g2 state): $(pub g2 reason))"
fi
# Both allocations must complete: laballoc prints "held N MiB" when all N
# are touched (the first at once, the second at its end).
alloc_done() { gcmd g2 "grep -qx 'laballoc: held $fast MiB' /run/alloc1.log && grep -qx 'laballoc: held $ramp MiB' /run/alloc2.log" > /dev/null; }
wait_for 180 alloc_done; done_rc=$?
alive=$(gcmd g2 "pidof laballoc | wc -w")
held=$(gcmd g2 "tail -n 1 /run/alloc1.log /run/alloc2.log" | tr '\n' ' ')
end=$(now_ms)
echo "after: targets g1=$(( $(target_kib g1) / 1024 )) g2=$(( $(target_kib g2) / 1024 )) g3=$(( $(target_kib g3) / 1024 )) MiB; laballoc alive: $alive; $held"
cleanup
[ "$alive" = 2 ] || fail "laballoc was killed in g2 (out of memory): the daemon did not grow it in time"
[ "$done_rc" = 0 ] || fail "g2's allocations did not complete within 180 s: $held"
# Order, from the monitor's target writes (one line each, in xenstored's
# order): the first write that cuts g1 or g3 below its old target must
# come strictly before the first that raises g2 beyond what was spare.
order=$(awk -v s="$start" -v a="$id1" -v b="$id2" -v c="$id3" \
	-v t1="$t1" -v t2="$t2" -v t3="$t3" -v spare="$spare" '
	$1 == "tgt" && $2 >= s && $4 >= 0 {
		if (!grow && $3 == b && $4 > t2 + spare + 1024) { grow = NR; gt = $2 }
		if (!shrink && (($3 == a && $4 < t1 - 1024) || ($3 == c && $4 < t3 - 1024))) {
			shrink = NR; st = $2 }
	}
	END { printf "%d %d %d %d\n", shrink, grow, st, gt }' "$MON")
set -- $order
shrink=$1 grow=$2
echo "target writes: first cut of g1/g3 at ${3} ms (monitor line $shrink), first raise of g2 beyond the $((spare / 1024)) MiB spare at ${4} ms (line $grow)"
[ "$grow" -gt 0 ] || fail "the monitor saw no write raising g2's target beyond the $((spare / 1024)) MiB spare"
[ "$shrink" -gt 0 ] && [ "$shrink" -lt "$grow" ] \
	|| fail "g2 grew before the others shrank (first cut at line $shrink, first raise at line $grow of the monitor's log)"
out=$(mon_check "$start" "$end") || fail "overcommit: $out"
echo "monitor: $out"
pass
