# timeout: 360
# try-harder: a patched and an unpatched minimal guest, side by side, are
# asked to grow while the host has almost nothing free; after the memory
# is freed, the patched driver gets there on its own and the unpatched one
# (the stock 6.1 logic, as in stock-balloon) has given up.  The patched
# driver also says so in data/balloon/ (kernel-patch/README.md).
[ "$(manifest have_kernels)" = 1 ] || skip "$(manifest why_kernels)"
need_guests
for k in patched unpatched; do
	guest_create "t$k" 96 512 "$k" \
		|| fail "xl create t$k: $(tail -n 2 "$LAB/t$k.create.log" | tr '\n' ' ')"
done
for k in patched unpatched; do
	wait_for 150 guest_ready "t$k" || fail "t$k did not come up within 150 s"
done
cleanup() { xl destroy fill2 2>/dev/null; xl destroy tpatched; xl destroy tunpatched; }
pp=$(dompath tpatched)
[ "$(xsr "$pp/data/balloon/driver-publishes")" = 1 ] \
	|| { cleanup; fail "patched guest did not publish data/balloon/driver-publishes"; }
echo "patched guest at boot: state=$(xsr "$pp/data/balloon/state") current-kb=$(xsr "$pp/data/balloon/current-kb")"

free=$(free_kib)
filler_create fill2 $(( free / 1024 - 48 - 8 )) || { cleanup; fail "cannot create the filler"; }
sleep 2
echo "host free: $(( $(free_kib) / 1024 )) MiB"
t0=$(now)
xl mem-set tpatched 256m
xl mem-set tunpatched 256m
want=262144
# The patched driver says it is waiting for host memory.
wait_for 60 sh -c "[ \"\$(xenstore-read $pp/data/balloon/state)\" = waiting ]" \
	|| { cleanup; fail "patched driver never published state=waiting (state $(xsr "$pp/data/balloon/state"))"; }
echo "patched: state=waiting last-error=$(xsr "$pp/data/balloon/last-error") retries=$(xsr "$pp/data/balloon/retries")"
while [ "$(since "$t0" | cut -d. -f1)" -lt 30 ]; do sleep 1; done
xl destroy fill2
t1=$(now)
wait_for 60 sh -c ". /lab/lab.sh; [ \$(tot_kib tpatched) -ge $((want - 2048)) ]"
p_ok=$?
p_at=$(since "$t1")
u_got=$(tot_kib tunpatched)
echo "after freeing: patched $(( $(tot_kib tpatched) / 1024 )) MiB (reached: $([ $p_ok = 0 ] && echo "yes, ${p_at}s" || echo no)), unpatched $((u_got / 1024)) MiB of 256"
[ $p_ok = 0 ] || { cleanup; fail "patched guest did not reach 256 MiB within 60 s of memory being freed"; }
wait_for 20 sh -c "[ \"\$(xenstore-read $pp/data/balloon/state)\" = idle ]" \
	|| { cleanup; fail "patched driver did not return to state=idle"; }
[ "$u_got" -lt $((want - 2048)) ] \
	|| { cleanup; fail "unpatched guest also reached its target: the baseline did not reproduce the give-up"; }
cleanup
pass "patched reached its target ${p_at}s after memory was freed; unpatched stayed at $((u_got / 1024)) MiB"
