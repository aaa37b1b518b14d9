# timeout: 240
# reserve: `xenballoonctl reserve` frees memory for a new guest; xl create
# of a domain larger than what was free before then succeeds.
need_guests
daemon_ensure
wait_for 120 settled $GUESTS || fail "guests not settled before the test"
start=$(now_ms)
free=$(free_kib)
size=$(( free / 1024 + 128 ))
echo "host free $((free / 1024)) MiB; reserving $size MiB"
rid=$(ctl reserve ${size}M --timeout 90s 2> "$LAB/reserve.err") \
	|| { release_all; fail "xenballoonctl reserve ${size}M failed: $(tr '\n' ' ' < "$LAB/reserve.err")"; }
echo "reservation $rid held; host free now $(( $(free_kib) / 1024 )) MiB"
ctl status | grep -i reservation || true
# Pages a shrinking guest gave back are scrubbed by Xen before physinfo
# counts them free; xenballoond counts scrub_pages as free (the allocator
# takes them), the monitor does not: give the scrubber a few seconds.
wait_for 15 sh -c ". /lab/lab.sh; [ \$(free_kib) -ge $((size * 1024)) ]" \
	|| { ctl release "$rid"; fail "reservation held but only $(free_kib) KiB free after 15 s, want $((size * 1024))"; }
echo "host free $(( $(free_kib) / 1024 )) MiB (scrubbed)"
filler_create big1 $size || { ctl release "$rid"; fail "xl create of a ${size} MiB domain failed after the reservation: $(tail -n 2 "$LAB/big1.create.log" | tr '\n' ' ')"; }
echo "xl create of a $size MiB domain succeeded (free before the reservation: $((free / 1024)) MiB)"
ctl release "$rid" || echo "release $rid: refused (already consumed?)"
sleep 2
xl destroy big1
end=$(now_ms)
out=$(mon_check "$start" "$end") || fail "overcommit: $out"
echo "monitor: $out"
pass
