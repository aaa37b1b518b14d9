# timeout: 240
# boot: Xen, dom0 and three PV guests with memory < maxmem come up, each
# running the lab's init (and the agent, when it was built).
for g in g1 g2 g3; do
	guest_create "$g" 192 1024 stock \
		|| fail "xl create $g: $(tail -n 2 "$LAB/$g.create.log" | tr '\n' ' ')"
	info "boot: created $g (domid $(domid "$g")) at $(now)s"
done
for g in g1 g2 g3; do
	wait_for 150 guest_ready "$g" || fail "$g did not come up within 150 s"
	info "boot: $g up at $(now)s, kernel $(xsr "$(dompath "$g")/data/lab/kernel")"
done
for g in g1 g2 g3; do
	id=$(domid "$g")
	tot=$(mon_dom "$id" tot)
	max=$(xsr "/local/domain/$id/memory/static-max")
	[ -n "$tot" ] || fail "monitor has no sample for $g"
	[ -n "$max" ] || fail "$g has no memory/static-max"
	[ "$tot" -lt "$max" ] || fail "$g holds $tot KiB, not below maxmem $max KiB"
	echo "$g: tot=$tot KiB static-max=$max KiB target=$(target_kib "$g") KiB"
done
[ "$(xl list | tail -n +2 | wc -l)" = 4 ] || fail "xl list does not show dom0 + 3 guests"
touch "$LAB/guests-up"
pass
