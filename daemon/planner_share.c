/*
 * planner_share.c - weighted water-filling.
 *
 * Everybody with room gets weight * L, capped at their room, for the
 * largest L that fits the amount.  Bisection on L costs O(n) per step
 * and needs no sorting and no scratch memory, which keeps the planner
 * allocation-free; 48 steps pin L far below one KiB per unit of weight.
 */
#include "config.h"

#include "planner_int.h"

#define SHARE_STEPS	48

static uint64_t
share_at(const struct plan_decision *d, size_t n, double level)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++) {
		double want;

		if (d[i].w_room == 0)
			continue;
		want = level * d[i].w_weight;
		if (want >= (double)d[i].w_room)
			sum += d[i].w_room;
		else
			sum += (uint64_t)want;
	}
	return sum;
}

uint64_t
planner_share(struct plan_decision *d, size_t n, uint64_t amount)
{
	uint64_t total = 0, given = 0;
	double lo = 0, hi = 0;

	for (size_t i = 0; i < n; i++) {
		if (d[i].w_room == 0)
			continue;
		total = plan_sat_add(total, d[i].w_room);
		if ((double)d[i].w_room / d[i].w_weight > hi)
			hi = (double)d[i].w_room / d[i].w_weight;
	}
	if (total <= amount) {
		for (size_t i = 0; i < n; i++) {
			d[i].w_give += d[i].w_room;
			d[i].w_room = 0;
		}
		return total;
	}
	if (amount == 0)
		return 0;
	for (int step = 0; step < SHARE_STEPS; step++) {
		double mid = (lo + hi) / 2;

		if (share_at(d, n, mid) <= amount)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t i = 0; i < n; i++) {
		double want;
		uint64_t g;

		if (d[i].w_room == 0)
			continue;
		want = lo * d[i].w_weight;
		g = want >= (double)d[i].w_room ? d[i].w_room : (uint64_t)want;
		d[i].w_give += g;
		d[i].w_room -= g;
		given += g;
	}
	/*
	 * Rounding and the bisection's last step leave a little over: hand
	 * it out evenly to those with room, so that the amount is used
	 * exactly whatever n is.  Each pass either fills someone's room or
	 * gives everyone an equal slice, so few passes are needed.
	 */
	while (given < amount) {
		size_t active = 0;
		uint64_t slice, before = given;

		for (size_t i = 0; i < n; i++)
			active += d[i].w_room != 0;
		if (active == 0)
			break;
		slice = plan_max(1, (amount - given) / active);
		for (size_t i = 0; i < n && given < amount; i++) {
			uint64_t g = plan_min(plan_min(d[i].w_room, slice),
			    amount - given);

			d[i].w_give += g;
			d[i].w_room -= g;
			given += g;
		}
		if (given == before)
			break;
	}
	return given;
}
