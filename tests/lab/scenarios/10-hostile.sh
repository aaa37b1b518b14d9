# timeout: 300
# hostile: guest g3 ($HOSTILE_GUEST) writes garbage, huge and rapid
# values into its own keys and tries to write memory/target and keys it does not own (the real
# xenstored must refuse); the daemon keeps balancing the others, keeps
# g3 within its bounds, and stays within its CPU budget.  Every value
# here is unparseable or out of range; the plausible lie is the liar
# scenario's.
need_guests
daemon_ensure
wait_for 120 settled $GUESTS || fail "guests not settled before the test"
start=$(now_ms)
g3=$HOSTILE_GUEST
id3=$(domid $g3)
p3=$(dompath $g3)
t3=$(target_kib $g3)
smax3=$(xsr "$p3/memory/static-max")
evil="/local/domain/$(domid g1)/data/lab/evil /tool/xenballoon/evil /local/domain/0/evil"
for path in memory/target memory/static-max $evil; do
	out=$(gcmd $g3 "xenstore-write $path 1"); rc=$?
	# A guest that does not answer refused nothing: that is its own
	# failure, not a refusal.
	[ "$rc" = 124 ] && fail "$g3 did not answer (writing $path): $out"
	[ "$rc" = 0 ] && fail "xenstored let $g3 write $path"
done
# Refused means nothing was written, whatever the exit status said.
for path in $evil; do
	xsr "$path" > /dev/null && fail "$path exists after xenstored refused $g3's write"
done
[ "$(xsr "$p3/memory/static-max")" = "$smax3" ] || fail "$g3's memory/static-max changed to $(xsr "$p3/memory/static-max")"
# The daemon may move g3 meanwhile (memory freed by the scenario before
# settles for a while): its target must be the one the daemon last wrote.
own_target() { [ "$(target_kib $g3)" = "$(pub $g3 target)" ]; }
wait_for 10 own_target \
	|| fail "$g3's memory/target is $(target_kib $g3) (was $t3), not the daemon's $(pub $g3 target)"
echo "xenstored refused $g3's writes to memory/, other domains, dom0 and /tool"

# 40 s of garbage, huge and rapid values, as fast as the guest can go.
gcmd $g3 "sh /lab/storm 40 > /dev/null 2>&1 &" > /dev/null || fail "cannot start the storm in $g3"
pid=$(daemon_pid)
c0=$(cpu_ticks "$pid") s0=$(now)
# Meanwhile the others still move: pin g1 somewhere new and watch it get there.
cur=$(tot_kib g1)
to=$(( cur / 1024 > 300 ? cur / 1024 - 64 : cur / 1024 + 64 ))
ctl target g1 ${to}M || fail "xenballoonctl target g1 refused during the storm"
wait_for 60 sh -c ". /lab/lab.sh; a=\$(tot_kib g1); [ \$a -ge $((to * 1024 - 4096)) ] && [ \$a -le $((to * 1024 + 4096)) ]" \
	|| fail "g1 did not reach its new target during the storm (holds $(tot_kib g1) KiB, want $((to * 1024)))"
echo "g1 moved to $to MiB during the storm"
storm_done() { gcmd $g3 "cat /run/storm.count" > /dev/null; }
wait_for 90 storm_done || fail "the storm did not finish"
c1=$(cpu_ticks "$pid") el=$(since "$s0")
n=$(gcmd $g3 "cat /run/storm.count")
ctl unpin g1
daemon_alive || fail "xenballoond died during the storm: $(daemon_log 3 | tr '\n' ' ')"
cpu=$(awk -v a="$c0" -v b="$c1" -v t="$el" 'BEGIN { printf "%d\n", (b - a) / t }')
echo "storm: $n rounds of 10 writes in ${el}s; xenballoond used $(( c1 - c0 )) ticks = ${cpu}% of one vCPU"
# g3's target never left its bounds, whatever it wrote.
min=$(dom_field $g3 min_kib) max=$(xsr "$p3/memory/static-max")
bad=$(awk -v s="$start" -v d="$id3" -v lo="$min" -v hi="$max" '
	$1 == "mon" && $2 >= s { for (i = 10; i <= NF; i++) { if ($i !~ /^[0-9]+:/) continue
		split($i, f, "[:/]")
		if (f[1] == d && f[3] >= 0 && (f[3] < lo || f[3] > hi)) { print $2 ": " f[3]; exit } } }' "$MON")
[ -z "$bad" ] || fail "$g3's target left [$min, $max] KiB at $bad"
[ "$cpu" -le 25 ] || fail "xenballoond used ${cpu}% of a vCPU during the storm (budget 25%)"
out=$(mon_check "$start") || fail "overcommit: $out"
echo "monitor: $out"
pass "xenballoond at ${cpu}% CPU under $n storm rounds"
