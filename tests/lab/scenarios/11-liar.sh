# timeout: 300
# liar: guest g3 lies plausibly: a large demand it does not have
# (MemTotal 1000 MiB, MemAvailable 1 MiB: consistent and parseable), PSI
# of 95 % some / 80 % full and 40 MiB/s of swap in and out, the keys the
# daemon reads (data/meminfo_total, data/meminfo_free,
# data/memory/pressure-{some,full}-avg10, data/memory/swap-{in,out}-kibps),
# while g1 and g2 really use memory (laballoc 160 and 256 MiB).  Under
# that contention the liar gets at most its weighted share of what is
# above the mins (computed here from the hypervisor's figures, the lab's
# 64 MiB slack and the weights set below), and the honest guests keep
# their demand (read inside them) and their workloads (no OOM kill).
need_guests
need_agent
daemon_ensure
wait_for 120 settled g1 g2 g3 || fail "guests not settled before the test"
start=$(now_ms)
id3=$(domid g3)
cleanup() {
	# A fresh agent publishes every key again, over the lie.
	gcmd g3 "[ -s /run/lie.pid ] && kill \$(cat /run/lie.pid); pidof xenballoon-agent > /dev/null || { /usr/sbin/xenballoon-agent > /run/agent.log 2>&1 & echo \$! > /run/agent.pid; }" > /dev/null
	for g in g1 g2; do gcmd $g "killall laballoc" > /dev/null; done
	for g in g1 g2 g3; do ctl set $g weight=100 > /dev/null 2>&1; done
}
oom() { gcmd $1 "dmesg | grep -ci 'out of memory'"; }
oom1=$(oom g1) oom2=$(oom g2)
for g in g1:160 g2:256; do
	gcmd ${g%:*} "laballoc ${g#*:} > /run/liar-alloc.log 2>&1 &" > /dev/null \
		|| { cleanup; fail "cannot start laballoc in ${g%:*}"; }
done
# The plausible lie.  The agent is stopped so that only the lie is
# published; it is written every 2 s, so each write is a fresh report of
# pressure (the most headroom a liar can get).  Weights: the liar 50,
# the honest guests 100 each.
for g in g1:100 g2:100 g3:50; do
	ctl set ${g%:*} weight=${g#*:} > /dev/null || { cleanup; fail "xenballoonctl set ${g%:*} weight refused"; }
done
# What g1 and g2 use, by the planner's own definition of demand
# (MemTotal - MemAvailable), read inside them: the honest figure their
# agents publish.
need() { gcmd $1 "awk '/^MemTotal:/ { t = \$2 } /^MemAvailable:/ { a = \$2 } END { print t - a }' /proc/meminfo"; }
alloc_done() { gcmd g1 "grep -q held /run/liar-alloc.log" > /dev/null && gcmd g2 "grep -q held /run/liar-alloc.log" > /dev/null; }
wait_for 60 alloc_done || { cleanup; fail "laballoc did not finish in g1 and g2"; }
# Their agents report it (every 2-12 s) and the daemon settles.
sleep 15
wait_for 90 settled g1 g2 g3 || { cleanup; fail "guests not settled before the lie"; }
need1=$(need g1) need2=$(need g2)
l0=$(( $(wc -l < "$LAB/xenballoond.log") + 1 ))
lie=$(( 1000 * 1024 ))
gcmd g3 "kill \$(cat /run/agent.pid); sleep 1; while :; do xenstore-write data/meminfo_total $lie data/meminfo_free 1024 data/memory/pressure-some-avg10 95.00 data/memory/pressure-full-avg10 80.00 data/memory/swap-in-kibps 40960 data/memory/swap-out-kibps 40960; sleep 2; done > /dev/null 2>&1 & echo \$! > /run/lie.pid" > /dev/null \
	|| { cleanup; fail "cannot start the lie in g3"; }
lie0=$(now_ms)
echo "lie: g3 claims $((lie / 1024)) MiB used of $((lie / 1024)), PSI 95/80 %, swap 40 MiB/s; g1 uses $((need1 / 1024)) MiB, g2 $((need2 / 1024)) MiB"
# Wait for the daemon to take the lie in (its demand for g3 at the
# claim: what g3 says plus honest g1 and g2 do not fit), then for
# everybody to settle.  Not g3's target: a guest that held surplus
# before the lie may already hold more than the lie earns it (a run
# started with g3 at 788 MiB, and the lie rightly did not raise it).
wait_for 60 sh -c ". /lab/lab.sh; [ \"\$(dom_field g3 demand_kib)\" -ge $lie ]" \
	|| { cleanup; fail "the daemon did not take the lie in within 60 s (its demand for g3: $(dom_field g3 demand_kib) KiB): no contention to judge"; }
wait_for 90 settled g1 g2 g3 || { cleanup; fail "no convergence under the lie: $(for g in g1 g2 g3; do echo -n "$g target=$(target_kib $g) tot=$(tot_kib $g) "; done)"; }
lie1=$(now_ms)
# Above the mins: free + what the guests hold - the slack - their mins
# - whatever dom0's target is above what it holds.  The liar's
# share is weighted water-filling: each honest guest gets what it uses
# above its min, or weight x level if that is less; the liar weight x
# level; the level is where they add up to what is above the mins.
min1=$(dom_field g1 min_kib) min2=$(dom_field g2 min_kib) min3=$(dom_field g3 min_kib)
d0=$(( $(mon_dom 0 target) - $(mon_dom 0 tot) ))
[ "$d0" -gt 0 ] || d0=0
above=$(( $(free_kib) + $(tot_kib g1) + $(tot_kib g2) + $(tot_kib g3) - 65536 - min1 - min2 - min3 - d0 ))
share=$(awk -v A="$above" -v r1=$((need1 - min1)) -v r2=$((need2 - min2)) '
	BEGIN { r[1] = r1 > 0 ? r1 : 0; r[2] = r2 > 0 ? r2 : 0; w[1] = 100; w[2] = 100; wl = 50
		for (;;) { W = wl; rest = A
			for (i = 1; i <= 2; i++) if (capped[i]) rest -= r[i]; else W += w[i]
			L = rest / W; again = 0
			for (i = 1; i <= 2; i++) if (!capped[i] && r[i] <= w[i] * L) { capped[i] = 1; again = 1 }
			if (!again) break }
		printf "%d\n", wl * L }')
# Tolerance: one dead-band (16 MiB), the daemon's figures being up to a
# round older than the sample these are computed from.
tol=16384
worst3=$(awk -v s="$lie0" -v d="$id3" '
	$1 == "tgt" && $2 >= s && $3 == d && $4 > w { w = $4 }
	$1 == "mon" && $2 >= s { for (i = 10; i <= NF; i++) if ($i ~ "^" d ":") {
		split($i, f, "[:/]"); if (f[3] > w) w = f[3] } }
	END { print w + 0 }' "$MON")
t1=$(target_kib g1) t2=$(target_kib g2) t3=$(target_kib g3)
# Why, if a check below fails: the daemon's view and its moves.
for g in g1 g2 g3; do
	echo "$g: daemon demand $(dom_field $g demand_kib) KiB, $(pub $g state): $(pub $g reason); guest: $(gcmd $g "grep -E '^(MemTotal|MemAvailable):' /proc/meminfo; pidof laballoc; dmesg | grep -ci 'out of memory'" | tr '\n' ' ')"
done
tail -n +$l0 "$LAB/xenballoond.log" | grep -E '\((g1|g2|g3)\)' | tail -n 30
echo "under the lie: above the mins $((above / 1024)) MiB; liar's weighted share $((share / 1024)) MiB above its min $((min3 / 1024)) MiB; g3 target $((t3 / 1024)) MiB (highest $((worst3 / 1024))), g1 $((t1 / 1024)) MiB (uses $((need1 / 1024))), g2 $((t2 / 1024)) MiB (uses $((need2 / 1024)))"
[ "$worst3" -le $((min3 + share + tol)) ] \
	|| { cleanup; fail "the liar g3 got $worst3 KiB, above its min $min3 + weighted share $share + $tol KiB"; }
[ "$t1" -ge $((need1 - tol)) ] || { cleanup; fail "honest g1 cut to $t1 KiB below what it uses, $need1 KiB"; }
[ "$t2" -ge $((need2 - tol)) ] || { cleanup; fail "honest g2 cut to $t2 KiB below what it uses, $need2 KiB"; }
[ "$(gcmd g1 "pidof laballoc | wc -w")" = 1 ] && [ "$(oom g1)" = "$oom1" ] \
	|| { cleanup; fail "the OOM killer ran in honest g1 under the lie"; }
[ "$(gcmd g2 "pidof laballoc | wc -w")" = 1 ] && [ "$(oom g2)" = "$oom2" ] \
	|| { cleanup; fail "the OOM killer ran in honest g2 under the lie"; }
cleanup
out=$(mon_check "$start") || fail "overcommit: $out"
echo "monitor: $out"
pass "the liar held to $((t3 / 1024)) MiB (bound $(( (min3 + share) / 1024 ))), g1 and g2 kept their demand"
