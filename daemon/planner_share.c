/*
 * planner_share.c - weighted water-filling.
 *
 * Everybody with room gets a share that grows with a common level L,
 * capped at their room, for the largest L that fits the amount.  For
 * planner_share() the share is weight * L; for planner_share_level()
 * it is weight * L less what the domain already has (w_base), so the
 * smallest per unit of weight are raised first.  The total is a
 * piecewise-linear increasing function of L; L is found by Newton steps
 * on it, kept inside a bracket that bisection narrows whenever a step
 * would leave it: a handful of O(n) passes on real hosts, no sorting
 * and no scratch memory (the planner allocates nothing).
 */
#include "config.h"

#include "planner_int.h"

#define SHARE_STEPS	48

static uint64_t
share_give(const struct plan_decision *d, double level, int based)
{
	double want = level * d->w_weight;

	if (based)
		want -= (double)d->w_base;
	if (want <= 0)
		return 0;
	return want >= (double)d->w_room ? d->w_room : (uint64_t)want;
}

/* What level L gives out, and how fast that grows with L. */
static uint64_t
share_at(const struct plan_decision *d, size_t n, double level, int based,
    double *slope)
{
	uint64_t sum = 0;
	double w = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t g;

		if (d[i].w_room == 0)
			continue;
		g = share_give(&d[i], level, based);
		sum += g;
		if (g != 0 && g != d[i].w_room)
			w += d[i].w_weight;
	}
	*slope = w;
	return sum;
}

static double
share_solve(const struct plan_decision *d, size_t n, uint64_t amount,
    int based, double top, double start)
{
	double lo = 0, hi = top, level = start < top ? start : top / 2;

	for (int step = 0; step < SHARE_STEPS; step++) {
		double slope, next;
		uint64_t f = share_at(d, n, level, based, &slope);

		if (f <= amount) {
			lo = level;
			if (amount - f < plan_max(n, 1))
				break;		/* the rest is rounding */
		} else {
			hi = level;
		}
		next = slope > 0 ?
		    level + ((double)amount - (double)f) / slope : lo;
		if (!(next > lo && next < hi))
			next = (lo + hi) / 2;
		level = next;
	}
	return lo;
}

/*
 * Rounding leaves a little over: hand it out evenly to those with room,
 * so that the amount is used exactly and no remainder of one tier leaks
 * into the next.  Each pass either fills someone's room or gives
 * everyone an equal slice, so a pass or two does it.
 */
static uint64_t
share_rest(struct plan_decision *d, size_t n, uint64_t amount, uint64_t given,
    size_t active)
{
	while (given < amount && active > 0) {
		uint64_t slice = plan_max(1, (amount - given) / active);
		uint64_t before = given;

		active = 0;
		for (size_t i = 0; i < n && given < amount; i++) {
			uint64_t g = plan_min(plan_min(d[i].w_room, slice),
			    amount - given);

			d[i].w_give += g;
			d[i].w_room -= g;
			given += g;
			active += d[i].w_room != 0;
		}
		if (given == before)
			break;
	}
	return given;
}

static uint64_t
share(struct plan_decision *d, size_t n, uint64_t amount, int based)
{
	uint64_t total = 0, given = 0;
	double top = 0, weight = 0, base = 0, level;
	size_t active = 0;

	if (amount == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		double t;

		if (d[i].w_room == 0)
			continue;
		total = plan_sat_add(total, d[i].w_room);
		weight += d[i].w_weight;
		if (based)
			base += (double)d[i].w_base;
		t = (double)(d[i].w_room + (based ? d[i].w_base : 0)) /
		    d[i].w_weight;
		if (t > top)
			top = t;
	}
	if (total <= amount) {
		for (size_t i = 0; i < n; i++) {
			d[i].w_give += d[i].w_room;
			d[i].w_room = 0;
		}
		return total;
	}
	/* Start where the level would be if nobody were capped. */
	level = share_solve(d, n, amount, based, top,
	    ((double)amount + base) / weight);
	for (size_t i = 0; i < n; i++) {
		uint64_t g;

		if (d[i].w_room == 0)
			continue;
		g = share_give(&d[i], level, based);
		d[i].w_give += g;
		d[i].w_room -= g;
		given += g;
		active += d[i].w_room != 0;
	}
	return share_rest(d, n, amount, given, active);
}

uint64_t
planner_share(struct plan_decision *d, size_t n, uint64_t amount)
{
	return share(d, n, amount, 0);
}

uint64_t
planner_share_level(struct plan_decision *d, size_t n, uint64_t amount)
{
	return share(d, n, amount, 1);
}
