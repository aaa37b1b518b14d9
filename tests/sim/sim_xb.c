/*
 * sim_xb.c - the real planner in the simulated host's loop.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cadence.h"
#include "sim_xb.h"

void
sim_xb_init(struct sim_xb *x)
{
	memset(x, 0, sizeof(*x));
	planner_config_default(&x->cfg);
	bounds_config_default(&x->bcfg);
	kick_config_default(&x->kcfg);
	x->kicks = 1;
}

/*
 * act_kick(): kick_decide() on what the hypervisor says (the guest's
 * actual, free memory) after the plan's writes; a lowered target is
 * written like any other and put back a round later.
 */
static int
sim_xb_kick(struct sim_xb *x, struct sim_host *h, size_t gi)
{
	struct sim_guest *g = &h->g[gi];
	struct kick_input in = {
		.now_ms = h->now_ms,
		.running = g->alive && g->managed,
		.target_kib = g->target,
		.tot_kib = g->actual,
		.host_free_kib = sim_free(h),
	};
	const char *why;

	switch (kick_decide(&x->kcfg, &in, &g->kick, &why)) {
	case KICK_NONE:
		return 0;
	case KICK_LOWER:
		x->n_kicks++;
		sim_set_target(h, gi, g->kick.target_kib - KICK_PAGE_KIB);
		return 1;
	case KICK_RESTORE:
		sim_set_target(h, gi, g->kick.target_kib);
		return 0;
	}
	return 0;
}

uint64_t
sim_xb_reserved(const struct sim_host *h)
{
	return sim_reserved(h);
}

/*
 * What the daemon knows of a guest's keys: with a read gap, what it read
 * when the guest's read bucket last let it (xenballoond.c's round).
 */
static const struct plan_hints *
sim_xb_read(struct sim_host *h, struct sim_guest *g)
{
	if (h->read_gap_ms == 0) {
		g->hints_dirty = 0;
		return &g->hints;
	}
	if (g->hints_dirty && read_take(&g->read_tat, h->now_ms,
	    h->read_gap_ms)) {
		g->seen = g->hints;
		g->hints_dirty = 0;
	}
	return &g->seen;
}

static void
sim_xb_snapshot(struct sim_xb *x, struct sim_host *h)
{
	size_t n = 0, nr = 0;

	for (size_t i = 0; i < h->n; i++) {
		struct sim_guest *g = &h->g[i];
		const struct policy pol = {
			.min_kib = g->min, .max_kib = g->max,
			.pin_kib = g->pin, .weight = g->weight,
		};
		/* An unmanaged guest is one whose toolstack never wrote
		 * memory/static-max, the daemon's reason to leave a domU. */
		const struct round_dom rd = {
			.domid = g->domid,
			.uuid = g->uuid,
			.actual_kib = h->snapshot_lag ? g->lag_actual :
			    g->actual,
			.have_target = true,
			.target_kib = g->target,
			.bd = {
				.is_dom0 = g->domid == 0,
				.have_static_max = g->managed,
				.static_max_kib = g->managed ? g->static_max :
				    0,
				.maxmem_kib = g->maxmem,
			},
			.pol = &pol,
			.hints = sim_xb_read(h, g),
			.hist = &g->memo.hist,
		};

		if (!g->alive)
			continue;
		round_domain(&x->bcfg, &rd, &x->dom[n]);
		x->map[n++] = i;
	}
	for (size_t r = 0; r < h->n_res; r++) {
		if (h->res_state[r] == PLAN_RES_FAILED)
			continue;
		x->res[nr] = h->res[r];
		x->res[nr].held = h->res_state[r] == PLAN_RES_HELD;
		x->rmap[nr++] = r;
	}
	for (size_t i = 0; i < h->n && h->births_reserve; i++) {
		const struct sim_guest *g = &h->g[i];

		if (g->wait_ms == 0 || nr >= PLAN_MAX_RESERVATIONS)
			continue;
		memset(&x->res[nr], 0, sizeof(x->res[nr]));
		x->res[nr].id = 1000 + i;
		x->res[nr].size_kib = g->initial;
		x->res[nr].held = g->res_held;
		x->rmap[nr++] = SIM_MAX_RES + i;
	}
	x->in.now_ms = h->now_ms;
	x->in.host_total_kib = h->total;
	x->in.host_free_kib = sim_free(h);
	/*
	 * Read before the domains: as old as their actuals.  Without the
	 * lag the snapshot is consistent, as a caller reading free memory
	 * once says.
	 */
	x->in.host_free_before_kib = h->snapshot_lag ? h->lag_free : 0;
	x->in.free_before_read = h->snapshot_lag;
	x->in.domains = x->dom;
	x->in.n_domains = n;
	x->in.reservations = x->res;
	x->in.n_reservations = nr;
	x->out.decisions = x->dec;
	x->out.reservations = x->rres;
	x->out.actions = x->act;
	x->out.actions_cap = 2 * SIM_MAX_GUESTS;
}

void
sim_xb_take_decisions(struct sim_xb *x, struct sim_host *h)
{
	for (size_t k = 0; k < x->in.n_domains; k++) {
		struct sim_guest *g = &h->g[x->map[k]];
		uint32_t spells = x->dec[k].hist.starve_spells;

		(void)round_take_decision(&g->memo, &x->dec[k]);
		/* sim_birth() zeroes it with the history's new UUID. */
		h->m.spells_seen += spells - g->spells_seen;
		g->spells_seen = spells;
		g->flagged_stuck = x->dec[k].state == PLAN_STUCK;
	}
	round_take_totals(&x->cfg, &x->out, x->in.n_domains, &x->totals);
}

int
sim_xb_round(struct sim_xb *x, struct sim_host *h)
{
	sim_xb_snapshot(x, h);
	for (size_t i = 0; i < h->n; i++)
		h->g[i].lag_actual = h->g[i].actual;
	h->lag_free = sim_free(h);
	if (round_plan(&x->cfg, &x->in, &x->out, x->why, sizeof(x->why)) < 0)
		return -1;
	for (size_t k = 0; k < x->out.n_actions; k++) {
		const struct plan_action *a = &x->act[k];
		size_t gi = x->map[a->index];

		if (a->kind == PLAN_ACT_TARGET)
			sim_set_target(h, gi, a->value_kib);
		else
			sim_set_maxmem(h, gi, a->value_kib);
	}
	sim_xb_take_decisions(x, h);
	x->kicked = 0;
	for (size_t k = 0; k < x->in.n_domains && x->kicks; k++)
		x->kicked |= sim_xb_kick(x, h, x->map[k]);
	for (size_t r = 0; r < x->in.n_reservations; r++) {
		if (x->rmap[r] >= SIM_MAX_RES)
			h->g[x->rmap[r] - SIM_MAX_RES].res_held =
			    x->rres[r].status == PLAN_RES_HELD;
		else
			h->res_state[x->rmap[r]] = (int)x->rres[r].status;
	}
	return 0;
}
