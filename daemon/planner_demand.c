/*
 * planner_demand.c - what a guest needs, from what it says.
 *
 * Demand is MemTotal - MemAvailable: two figures the guest wrote
 * together, so they agree with each other even when they are old.
 * (actual - MemAvailable would count the kernel's own share too, but
 * mixes a fresh hypervisor figure with a stale guest one: while a guest
 * grows and its agent has not yet written again, it would seem to need
 * what it just got, and grow again.)  The kernel's share is left to the
 * headroom.  Demand is raised when PSI or swap-in says the guest is
 * short (headroom is added by the planner, as a tier of its own).  Every figure is a hint: malformed, future-dated or
 * stale hints are dropped, and the estimate moves at bounded rates so a
 * guest flapping its numbers cannot make the plan flap.  The estimate is
 * never trusted beyond the admin's bounds: the caller clamps it.
 */
#include "config.h"

#include "planner_int.h"

/* Fresh and self-consistent, or not to be used at all. */
static int
demand_usable(const struct plan_config *cfg, uint64_t now,
    const struct plan_hints *hn)
{
	if (!(hn->present & PLAN_HINT_MEMINFO))
		return 0;
	if (hn->updated_ms > now || now - hn->updated_ms > cfg->hint_stale_ms)
		return 0;
	if (hn->mem_total_kib == 0 || hn->mem_avail_kib > hn->mem_total_kib)
		return 0;
	return 1;
}

static int
demand_pressure(const struct plan_config *cfg, uint64_t now,
    const struct plan_hints *hn)
{
	if (hn->updated_ms > now || now - hn->updated_ms > cfg->hint_stale_ms)
		return 0;
	if (hn->present & PLAN_HINT_PSI) {
		uint32_t some = plan_min(hn->psi_some_avg10, PLAN_PSI_MAX);
		uint32_t full = plan_min(hn->psi_full_avg10, PLAN_PSI_MAX);

		if (some >= cfg->psi_some_threshold ||
		    full >= cfg->psi_full_threshold)
			return 1;
	}
	if ((hn->present & PLAN_HINT_SWAP) &&
	    hn->swap_in_kib_s >= cfg->swap_in_threshold_kib_s)
		return 1;
	return 0;
}

/* What the hints say right now, before smoothing. */
/*
 * A guest short of memory shows MemAvailable near 0, which says nothing
 * of how short it is: pressure adds a step on top of what it holds, and
 * the next round adds another if it is still short.
 */
static uint64_t
demand_raw(const struct plan_config *cfg, const struct plan_domain *dom,
    int pressure)
{
	uint64_t actual = dom->actual_kib;
	uint64_t need = plan_sat_sub(dom->hints.mem_total_kib,
	    dom->hints.mem_avail_kib);

	if (pressure)
		need = plan_sat_add(need, plan_max(cfg->pressure_boost_kib,
		    plan_pct(actual, cfg->pressure_boost_pct)));
	return need;
}

static uint64_t
demand_rate(uint64_t kib_s, uint64_t ms)
{
	/* Cap the interval: a long gap must not allow an unbounded jump. */
	ms = plan_min(ms, 60000);
	return kib_s / 1000 * ms + kib_s % 1000 * ms / 1000;
}

void
planner_demand(const struct plan_config *cfg, uint64_t now,
    const struct plan_domain *dom, struct plan_decision *dec)
{
	struct plan_history *h = &dec->hist;
	uint64_t raw, dt, est = h->demand_kib;

	dec->pressure = demand_pressure(cfg, now, &dom->hints);
	if (!demand_usable(cfg, now, &dom->hints)) {
		/*
		 * Keep the old estimate in the history: going silent and
		 * coming back must not skip the rise limit.
		 */
		dec->demand_kib = PLAN_NONE;
		return;
	}
	/*
	 * Read a report once: rounds come faster than hints, and the slow
	 * start must count reports, not rounds.
	 */
	if (dom->hints.updated_ms != h->hint_ms || h->raw_kib == 0) {
		h->pressure_streak = dec->pressure ?
		    plan_min(h->pressure_streak + 1, 64) : 0;
		h->hint_ms = dom->hints.updated_ms;
		h->raw_kib = demand_raw(cfg, dom, dec->pressure);
	}
	raw = h->raw_kib;
	dt = now > h->demand_ms ? now - h->demand_ms : 0;
	if (est == PLAN_NONE) {
		est = raw;
		h->peak_ms = now;
	} else if (raw >= est) {
		est = plan_min(raw, plan_sat_add(est,
		    demand_rate(cfg->demand_rise_kib_s, dt)));
		h->peak_ms = now;
	} else if (now - h->peak_ms >= cfg->demand_hold_ms) {
		est = plan_max(raw, plan_sat_sub(est,
		    demand_rate(cfg->demand_fall_kib_s, dt)));
	}
	h->demand_kib = est;
	h->demand_ms = now;
	dec->demand_kib = est;
}
