/*
 * planner_check.c - verify a plan against the invariants in planner.h.
 *
 * Written independently of the planning code (it recomputes everything
 * from the input), so a bug in one is not silently shared by the other.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "planner_int.h"

static int
check_fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && len > 0) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
check_managed(const struct plan_domain *dom)
{
	return (dom->flags & PLAN_DOM_MANAGED) &&
	    !(dom->flags & (PLAN_DOM_DYING | PLAN_DOM_STARTING));
}

/* Invariant 2 and the maxmem rule for one domain. */
static int
check_domain(const struct plan_config *cfg, const struct plan_input *in,
    size_t i, const struct plan_decision *d, char *why, size_t len)
{
	const struct plan_domain *dom = &in->domains[i];
	uint64_t lo, hi;

	if (d->reason == NULL || d->reason != planner_why_text(d->why))
		return check_fail(why, len, "dom %u: no reason, or not its "
		    "why's", dom->domid);
	if (d->domid != dom->domid)
		return check_fail(why, len, "dom %u: domid not echoed",
		    dom->domid);
	if (!check_managed(dom)) {
		enum plan_state want = (dom->flags & PLAN_DOM_STARTING) ?
		    PLAN_STARTING : PLAN_UNMANAGED;

		if (d->state != want || d->target_kib != dom->target_kib ||
		    d->maxmem_kib != dom->maxmem_kib)
			return check_fail(why, len, "dom %u: unmanaged domain "
			    "touched", dom->domid);
		return 0;
	}
	if (d->state == PLAN_UNMANAGED || d->state > PLAN_BELOW_MIN)
		return check_fail(why, len, "dom %u: bad state %d",
		    dom->domid, (int)d->state);
	lo = dom->min_kib;
	hi = plan_min(plan_min(dom->max_kib, dom->static_max_kib),
	    in->host_total_kib);
	if (lo > hi)
		lo = hi;
	if (d->target_kib > hi)
		return check_fail(why, len, "dom %u: target %llu above max %llu",
		    dom->domid, (unsigned long long)d->target_kib,
		    (unsigned long long)hi);
	/*
	 * Below min only while it holds less, or while a shrink asked for
	 * before its min was raised is in flight and the snapshot may lag: it
	 * may already hold less, so it rises to its min as memory is
	 * granted, and is never cut further.
	 */
	if (d->target_kib < lo && dom->actual_kib >= lo &&
	    !(plan_grow_base_of(in, dom, d->state == PLAN_STUCK) <
	    dom->actual_kib && d->target_kib >= dom->target_kib))
		return check_fail(why, len, "dom %u: target %llu below min %llu",
		    dom->domid, (unsigned long long)d->target_kib,
		    (unsigned long long)lo);
	if (d->maxmem_kib > plan_sat_add(d->target_kib, cfg->maxmem_extra_kib) ||
	    d->maxmem_kib < d->target_kib)
		return check_fail(why, len, "dom %u: maxmem %llu outside "
		    "[target, target + extra]", dom->domid,
		    (unsigned long long)d->maxmem_kib);
	return 0;
}

static int
check_phase(const struct plan_domain *dom, const struct plan_action *a)
{
	if (a->kind == PLAN_ACT_TARGET)
		return a->value_kib < dom->target_kib ? 0 : 3;
	return a->value_kib < dom->maxmem_kib ? 1 : 2;
}

/* Order of actions, and that they say exactly what the decisions say. */
static int
check_actions(const struct plan_input *in, const struct plan_output *out,
    char *why, size_t len)
{
	size_t want = 0;
	int phase = 0;

	if (out->n_actions > out->actions_cap)
		return check_fail(why, len, "more actions than room");
	for (size_t i = 0; i < in->n_domains; i++) {
		const struct plan_decision *d = &out->decisions[i];

		want += d->target_kib != in->domains[i].target_kib;
		want += d->maxmem_kib != in->domains[i].maxmem_kib;
	}
	if (want != out->n_actions)
		return check_fail(why, len, "%zu actions for %zu changes",
		    out->n_actions, want);
	for (size_t k = 0; k < out->n_actions; k++) {
		const struct plan_action *a = &out->actions[k];
		const struct plan_domain *dom;
		const struct plan_decision *d;
		int p;

		if (a->index >= in->n_domains)
			return check_fail(why, len, "action %zu: bad index", k);
		dom = &in->domains[a->index];
		d = &out->decisions[a->index];
		if (a->domid != dom->domid || !check_managed(dom))
			return check_fail(why, len, "action %zu: wrong domain", k);
		if (a->value_kib != (a->kind == PLAN_ACT_TARGET ?
		    d->target_kib : d->maxmem_kib))
			return check_fail(why, len, "action %zu: value differs "
			    "from the decision", k);
		p = check_phase(dom, a);
		if (p < phase)
			return check_fail(why, len, "action %zu (dom %u) out of "
			    "order: phase %d after %d", k, dom->domid, p, phase);
		phase = p;
	}
	return 0;
}

/*
 * Invariant 1: never overcommit; grow only into memory free now.  And
 * the host-wide figures status shows: the budget as the input gives it
 * (with the free figure read before the domains, when there is one),
 * what is committed as the decisions and held reservations add up to,
 * the stuck domains counted.
 */
static int
check_commit(const struct plan_config *cfg, const struct plan_input *in,
    const struct plan_output *out, char *why, size_t len)
{
	uint64_t sum_actual = 0, budget, snapshot, committed, growth = 0;
	uint64_t res_in = 0, res_out = 0, base, fr, decided;
	uint32_t stuck = 0;

	snapshot = decided = cfg->slack_kib;
	for (size_t i = 0; i < in->n_domains; i++) {
		const struct plan_domain *dom = &in->domains[i];
		const struct plan_decision *d = &out->decisions[i];
		uint64_t a = dom->actual_kib;

		sum_actual = plan_sat_add(sum_actual, a);
		decided = plan_sat_add(decided, d->committed_kib);
		stuck += d->state == PLAN_STUCK;
		if (!check_managed(dom)) {
			snapshot = plan_sat_add(snapshot,
			    plan_max(a, dom->target_kib));
			continue;
		}
		/*
		 * A grower may be anywhere up to its old target by now; a
		 * domain above its target may already be down to it, so
		 * raising it again is growth from there.
		 */
		base = plan_grow_base_of(in, dom, d->state == PLAN_STUCK);
		a = plan_max(a, dom->target_kib);
		snapshot = plan_sat_add(snapshot, a);
		growth = plan_sat_add(growth, plan_sat_sub(plan_max(
		    d->target_kib, d->maxmem_kib), base));
	}
	committed = plan_sat_add(snapshot, growth);
	for (size_t r = 0; r < in->n_reservations; r++) {
		const struct plan_res_result *rr = &out->reservations[r];

		if (rr->id != in->reservations[r].id || rr->reason == NULL ||
		    rr->status > PLAN_RES_FAILED)
			return check_fail(why, len, "reservation %zu: bad result",
			    r);
		if (in->reservations[r].held) {
			if (rr->status != PLAN_RES_HELD)
				return check_fail(why, len, "reservation %zu: "
				    "held reservation revoked", r);
			res_in = plan_sat_add(res_in,
			    in->reservations[r].size_kib);
		}
		if (rr->status == PLAN_RES_HELD)
			res_out = plan_sat_add(res_out,
			    in->reservations[r].size_kib);
	}
	committed = plan_sat_add(committed, res_out);
	snapshot = plan_sat_add(snapshot, res_in);
	budget = plan_min(in->host_total_kib, plan_sat_add(
	    plan_snapshot_may_lag(in) ? in->host_free_before_kib :
	    in->host_free_kib, sum_actual));
	if (out->budget_kib != budget)
		return check_fail(why, len, "budget %llu KiB, not %llu",
		    (unsigned long long)out->budget_kib,
		    (unsigned long long)budget);
	decided = plan_sat_add(decided, res_out);
	if (out->committed_kib != decided)
		return check_fail(why, len, "committed %llu KiB, the decisions "
		    "and reservations add up to %llu",
		    (unsigned long long)out->committed_kib,
		    (unsigned long long)decided);
	if (out->n_stuck != stuck)
		return check_fail(why, len, "%u stuck, %u decisions say so",
		    out->n_stuck, stuck);
	/* Growth comes out of the smaller of the two free figures. */
	fr = in->host_free_kib;
	if (plan_snapshot_may_lag(in))
		fr = plan_min(fr, in->host_free_before_kib);
	budget = plan_min(in->host_total_kib, plan_sat_add(fr, sum_actual));
	if (snapshot > budget) {
		if (growth != 0 || res_out != res_in)
			return check_fail(why, len, "host already short by %llu "
			    "KiB, yet %llu KiB handed out",
			    (unsigned long long)(snapshot - budget),
			    (unsigned long long)(growth + res_out - res_in));
		return 0;
	}
	if (committed > budget)
		return check_fail(why, len, "overcommit: %llu KiB committed, "
		    "%llu KiB exist", (unsigned long long)committed,
		    (unsigned long long)budget);
	return 0;
}

int
planner_check(const struct plan_config *cfg, const struct plan_input *in,
    const struct plan_output *out, char *why, size_t whylen)
{
	for (size_t i = 0; i < in->n_domains; i++)
		if (check_domain(cfg, in, i, &out->decisions[i], why,
		    whylen) != 0)
			return -1;
	if (check_actions(in, out, why, whylen) != 0)
		return -1;
	return check_commit(cfg, in, out, why, whylen);
}
