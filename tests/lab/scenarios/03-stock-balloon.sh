# timeout: 300
# stock-balloon: xl mem-set reaches Debian's stock guest, and the stock
# driver's silent give-up under host memory scarcity (kernel-patch/README.md)
# is reproduced: the baseline half of try-harder.  Runs before xenballoond
# starts, so nothing but xl touches the targets.  Asking for more than is
# free is the point: that part is an overcommit window (lab.sh).  Last,
# the cut back to 192 MiB must give the host what it asked.
need_guests
g=g1
id=$(domid $g)
base=$(tot_kib $g)
bal=/sys/devices/system/xen_memory/xen_memory0

# 1. xl mem-set reaches the driver of a guest on a scarce host: a
#    paused filler leaves ~64 MiB free.
free=$(free_kib)
fill=$(( free / 1024 - 64 - 8 ))
filler_create fill1 $fill || fail "cannot create the filler: $(tail -n 2 "$LAB/fill1.create.log")"
sleep 2
scarce=$(free_kib)
want=$(( base / 1024 + scarce / 1024 + 128 ))
echo "host free $((free / 1024)) MiB -> $((scarce / 1024)) MiB after a ${fill} MiB filler; asking $g for $want MiB"
overcommit_begin "xl mem-set past free memory: the stock driver's give-up is the point"
t0=$(now)
xl mem-set $g ${want}m || fail "xl mem-set $g ${want}m failed"
drv_target() { [ "$(gcmd $g "cat $bal/target_kb")" = $((want * 1024)) ]; }
wait_for 30 drv_target || fail "the guest driver's target_kb is $(gcmd $g "cat $bal/target_kb"), want $((want * 1024))"

# 2. It grows by what is free, then stops short of the target.
wait_for 60 sh -c ". /lab/lab.sh; [ \$(tot_kib $g) -ge $((base + scarce / 2)) ]" \
	|| fail "$g did not take the free memory (holds $(tot_kib $g) KiB, base $base)"
# The stock driver fails at t = 0, 2, 6, 14 s, then cancels.
while [ "$(since "$t0" | cut -d. -f1)" -lt 30 ]; do sleep 1; done
stuck=$(tot_kib $g)
echo "after $(since "$t0")s: $g holds $((stuck / 1024)) MiB of $want MiB; driver: retry_count=$(gcmd $g "cat $bal/retry_count") schedule_delay=$(gcmd $g "cat $bal/schedule_delay") (hex)"

# 3. Free the memory: the target is now reachable, and the stock driver
#    does not notice (no retry within 45 s, beyond its 32 s backoff cap).
xl destroy fill1 || fail "cannot destroy the filler"
t1=$(now)
if wait_for 45 sh -c ". /lab/lab.sh; [ \$(tot_kib $g) -ge $((want * 1024 - 2048)) ]"; then
	fail "the stock driver grew after memory was freed ($(since "$t1")s): silent give-up not reproduced"
fi
after=$(tot_kib $g)
echo "memory freed: $((after / 1024)) MiB after $(since "$t1")s, target $want MiB, free $(( $(free_kib) / 1024 )) MiB: stuck"
overcommit_end

# 4. Only a different target restarts it.
xl mem-set $g $((want + 1))m
wait_for 60 sh -c ". /lab/lab.sh; [ \$(tot_kib $g) -ge $(( (want + 1) * 1024 - 2048 )) ]" \
	|| fail "a different target did not restart the stock driver"
echo "a different target ($((want + 1)) MiB) restarted it at once"

# 5. Back to its size at boot: the host's free memory must rise by what
#    the cut asked for.  Both figures are the hypervisor's, read once two
#    monitor samples agree (the balloon has stopped and Xen has scrubbed
#    the pages it got back: scrubbed pages are not yet counted free).
steady() {
	a=$(mon_last | cut -d' ' -f2,4) b=$(tot_kib $g)
	sleep 1.2
	[ "$(mon_last | cut -d' ' -f4)" = "${a#* }" ] && [ "$(tot_kib $g)" = "$b" ] \
		&& [ "$(mon_last | cut -d' ' -f2)" != "${a% *}" ]
}
wait_for 20 steady || fail "$g or the host's free memory still moving before the cut"
free0=$(free_kib) tot0=$(tot_kib $g) t_before=$(target_kib $g)
xl mem-set $g 192m
t_after=$(target_kib $g)
wait_for 60 sh -c ". /lab/lab.sh; [ \$(tot_kib $g) -le $((t_after + 2048)) ]" \
	|| fail "$g did not shrink to its 192 MiB target (holds $(tot_kib $g) KiB)"
wait_for 20 steady || fail "the host's free memory still moving 20 s after $g shrank"
free1=$(free_kib) tot1=$(tot_kib $g)
asked=$((t_before - t_after)) rose=$((free1 - free0)) gave=$((tot0 - tot1))
echo "cut $g's target by $asked KiB ($t_before -> $t_after): it gave back $gave KiB ($tot0 -> $tot1), host free rose $rose KiB ($free0 -> $free1)"
# Tolerance: 2 MiB, what the waits above accept between g1's count and
# its target (2 MiB short of the raise, 2 MiB above the cut).  Nothing
# else on the host allocates meanwhile (no daemon runs, g2 and g3 sit at
# their boot targets, scrubbing is waited for), and the lab measured the
# three figures equal to the KiB (204800 asked, given back and freed).
# Shown to fail: with g2 raised by 96 MiB just after the cut (xl mem-set
# g2 288m, the freed memory going elsewhere), see docs/reliability.md.
tol=2048
d=$((rose > asked ? rose - asked : asked - rose))
[ "$d" -le "$tol" ] || fail "host free memory rose $rose KiB for a cut of $asked KiB (off by $d KiB, tolerance $tol KiB)"
pass "grew $(( (stuck - base) / 1024 )) of $(( want - base / 1024 )) MiB, then ignored freed memory for 45 s; a $((asked / 1024)) MiB cut freed $((rose / 1024)) MiB"
