/*
 * bounds.c - the admin's policy made into planning bounds (bounds.h).
 */
#include "config.h"

#include <string.h>

#include "bounds.h"

void
bounds_config_default(struct bounds_config *c)
{
	memset(c, 0, sizeof(*c));
	c->default_weight = BOUNDS_DEFAULT_WEIGHT;
}

uint64_t
bounds_dom0_floor(const struct bounds_config *c)
{
	return c->dom0_min_kib ? c->dom0_min_kib : BOUNDS_DOM0_MIN_KIB;
}

bool
bounds_managed(const struct bounds_config *c, const struct bounds_dom *bd)
{
	return bd->have_static_max && (!bd->is_dom0 || c->manage_dom0);
}

void
bounds_get(const struct bounds_config *c, const struct bounds_dom *bd,
    const struct policy *pol, uint64_t *lo, uint64_t *hi)
{
	uint64_t min, max;

	/* dom0's floor holds whatever its policy says (set refuses less). */
	if (bd->is_dom0)
		min = pol->min_kib != PLAN_NONE &&
		    pol->min_kib > bounds_dom0_floor(c) ? pol->min_kib :
		    bounds_dom0_floor(c);
	else if (pol->min_kib != PLAN_NONE)
		min = pol->min_kib;
	else
		min = c->default_min_kib ? c->default_min_kib :
		    BOUNDS_DEFAULT_MIN_KIB;
	if (pol->max_kib != PLAN_NONE)
		max = pol->max_kib;
	else if (c->default_max_kib != 0)
		max = c->default_max_kib;
	else
		max = bd->static_max_kib;
	if (bd->have_static_max && max > bd->static_max_kib)
		max = bd->static_max_kib;
	if (min > max)
		min = max;
	*lo = min;
	*hi = max;
}

uint64_t
bounds_floor(const struct bounds_config *c, const struct bounds_dom *bd,
    const struct policy *pol)
{
	uint64_t lo, hi;

	bounds_get(c, bd, pol, &lo, &hi);
	if (pol->pin_kib == PLAN_NONE)
		return lo;
	return pol->pin_kib < lo ? lo : pol->pin_kib > hi ? hi : pol->pin_kib;
}

uint32_t
bounds_weight(const struct bounds_config *c, const struct policy *pol)
{
	return pol->weight ? pol->weight : c->default_weight;
}

void
bounds_fill(const struct bounds_config *c, const struct bounds_dom *bd,
    const struct policy *pol, struct plan_domain *p)
{
	if (bounds_managed(c, bd))
		p->flags |= PLAN_DOM_MANAGED;
	p->maxmem_kib = bd->maxmem_kib;
	p->static_max_kib = bd->have_static_max ? bd->static_max_kib :
	    bd->maxmem_kib;
	bounds_get(c, bd, pol, &p->min_kib, &p->max_kib);
	p->weight = bounds_weight(c, pol);
	p->pin_kib = pol->pin_kib;
}

void
bounds_fit_start(struct bounds_fit *f, uint64_t budget_kib,
    uint64_t slack_kib)
{
	memset(f, 0, sizeof(*f));
	f->budget_kib = budget_kib;
	f->slack_kib = slack_kib;
}

void
bounds_fit_managed(const struct bounds_config *c, struct bounds_fit *f,
    const struct bounds_dom *bd, const struct policy *now,
    const struct policy *then)
{
	f->before_kib += bounds_floor(c, bd, now);
	f->floors_kib += bounds_floor(c, bd, then);
}

void
bounds_fit_unmanaged(struct bounds_fit *f, uint64_t committed_kib)
{
	f->unmanaged_kib += committed_kib;
}

int
bounds_fit_verdict(struct bounds_fit *f)
{
	f->room_kib = f->budget_kib;
	f->room_kib -= f->slack_kib < f->room_kib ? f->slack_kib :
	    f->room_kib;
	f->room_kib -= f->unmanaged_kib < f->room_kib ? f->unmanaged_kib :
	    f->room_kib;
	/* No round yet, or a change that does not add to a shortfall. */
	if (f->budget_kib == 0 || f->floors_kib <= f->room_kib ||
	    f->floors_kib <= f->before_kib)
		return 0;
	return -1;
}
