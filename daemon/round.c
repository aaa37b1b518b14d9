/*
 * round.c - the pure steps of a round (round.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "round.h"

void
round_domain(const struct bounds_config *c, const struct round_dom *rd,
    struct plan_domain *p)
{
	memset(p, 0, sizeof(*p));
	p->domid = rd->domid;
	memcpy(p->uuid, rd->uuid, PLAN_UUID_LEN);
	bounds_fill(c, &rd->bd, rd->pol, p);
	if (rd->dying)
		p->flags |= PLAN_DOM_DYING;
	if (rd->starting)
		p->flags |= PLAN_DOM_STARTING;
	p->actual_kib = rd->actual_kib;
	p->target_kib = rd->have_target ? rd->target_kib : rd->actual_kib;
	p->hints = *rd->hints;
	p->hist = *rd->hist;
}

int
round_plan(const struct plan_config *cfg, const struct plan_input *in,
    struct plan_output *out, char *why, size_t whylen)
{
	char err[ROUND_WHY_MAX - 32];
	int r;

	if ((r = planner_plan(cfg, in, out)) < 0) {
		snprintf(why, whylen, "planner_plan: %s", strerror(-r));
		return r;
	}
	if (planner_check(cfg, in, out, err, sizeof(err)) != 0) {
		snprintf(why, whylen, "plan refused, not applied: %s", err);
		return -EINVAL;
	}
	return 0;
}

bool
round_take_decision(struct round_memo *m, const struct plan_decision *dec)
{
	bool stuck = m->have_dec && dec->state == PLAN_STUCK &&
	    m->dec.state != PLAN_STUCK;

	m->dec = *dec;
	m->hist = dec->hist;
	m->have_dec = true;
	return stuck;
}

void
round_take_totals(const struct plan_config *cfg,
    const struct plan_output *out, size_t n, struct round_totals *t)
{
	t->moving = t->waiting = false;
	for (size_t i = 0; i < n; i++) {
		t->moving |= planner_moving(cfg, &out->decisions[i]) != 0;
		t->waiting |= out->decisions[i].why == PLAN_WHY_FREEING;
	}
	t->budget_kib = out->budget_kib;
	t->committed_kib = out->committed_kib;
	t->deficit_kib = out->deficit_kib;
	t->unmet_kib = out->unmet_kib;
	t->n_stuck = out->n_stuck;
}

uint64_t
round_sampled_after(const struct plan_hints *was, const struct plan_hints *now,
    uint64_t prev_ms)
{
	if (!(now->present & PLAN_HINT_MEMINFO))
		return 0;
	if (!(was->present & PLAN_HINT_MEMINFO) ||
	    now->mem_total_kib != was->mem_total_kib ||
	    now->mem_avail_kib != was->mem_avail_kib)
		return prev_ms;
	return was->sampled_after_ms;
}
