/*
 * planner.c - one planning round: bounds, shares, grants, actions.
 *
 * The round works in layers, each taking only what the layers above it
 * left: the slack and unmanaged domains, every managed domain's floor
 * (its min, or what it holds if stuck), admin pins, reservations, then
 * demand shared by weight, then surplus shared by weight.  That gives
 * each domain a plan.  A second pass turns plans into targets that are
 * safe now: a domain grows only into memory that is free in this
 * snapshot, pending reservations are served first, and the growth that
 * is possible goes to floors, then demand, then surplus.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "planner_int.h"

/* Anything larger is not a real host: refuse rather than overflow. */
#define PLAN_HOST_MAX_KIB	(UINT64_C(1) << 50)

struct plan_ctx {
	const struct plan_config *cfg;
	const struct plan_input	*in;
	struct plan_output	*out;
	uint64_t	now;
	uint64_t	budget;		/* min(total, free + sum(actual)) */
	uint64_t	snapshot;	/* committed as things are now */
	uint64_t	fixed;		/* slack + unmanaged held */
	uint64_t	floor;		/* sum of managed floors (with pins) */
	uint64_t	res_granted;	/* held free for granted reservations */
	uint64_t	res_planned;	/* pending reservations fitted in */
	uint64_t	unmet;
};

void
planner_config_default(struct plan_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->slack_kib = 64 * 1024;
	cfg->maxmem_extra_kib = 0;
	cfg->tolerance_kib = 4 * 1024;
	cfg->deadband_kib = 16 * 1024;
	cfg->deadband_pct = 2;
	cfg->headroom_min_kib = 32 * 1024;
	cfg->headroom_pct = 10;
	cfg->psi_some_threshold = 1000;		/* 10 % */
	cfg->psi_full_threshold = 200;		/* 2 % */
	cfg->swap_in_threshold_kib_s = 1024;
	cfg->pressure_boost_kib = 64 * 1024;
	cfg->pressure_boost_pct = 10;
	cfg->hint_stale_ms = 30000;
	cfg->demand_rise_kib_s = 1024 * 1024;
	cfg->demand_fall_kib_s = 32 * 1024;
	cfg->demand_hold_ms = 10000;
	cfg->stuck_window_ms = 5000;
	cfg->progress_min_kib_s = 1024;
	cfg->stuck_probe_ms = 30000;
	cfg->stuck_probe_max_ms = 300000;
}

const char *
planner_state_name(enum plan_state state)
{
	switch (state) {
	case PLAN_IDLE:		return "idle";
	case PLAN_SHRINKING:	return "shrinking";
	case PLAN_GROWING:	return "growing";
	case PLAN_STUCK:	return "stuck";
	case PLAN_UNMANAGED:	return "unmanaged";
	}
	return "unknown";
}

const char *
planner_res_status_name(enum plan_res_status status)
{
	switch (status) {
	case PLAN_RES_GRANTED:	return "granted";
	case PLAN_RES_PENDING:	return "pending";
	case PLAN_RES_FAILED:	return "failed";
	}
	return "unknown";
}

static int
plan_valid(const struct plan_config *cfg, const struct plan_input *in,
    const struct plan_output *out)
{
	if (cfg == NULL || in == NULL || out == NULL)
		return 0;
	if (in->n_domains > PLAN_MAX_DOMAINS ||
	    in->n_reservations > PLAN_MAX_RESERVATIONS)
		return 0;
	if (in->n_domains > 0 && (in->domains == NULL ||
	    out->decisions == NULL || out->actions == NULL))
		return 0;
	if (in->n_reservations > 0 && (in->reservations == NULL ||
	    out->reservations == NULL))
		return 0;
	if (out->actions_cap < 2 * in->n_domains)
		return 0;
	if (in->host_total_kib > PLAN_HOST_MAX_KIB ||
	    cfg->stuck_probe_ms == 0 || cfg->stuck_window_ms == 0)
		return 0;
	return 1;
}

static int
plan_managed(const struct plan_domain *dom)
{
	return (dom->flags & PLAN_DOM_MANAGED) && !(dom->flags & PLAN_DOM_DYING);
}

/* Bounds, weight and need of one managed domain, before pins apply. */
static void
plan_bounds(struct plan_ctx *c, const struct plan_domain *dom,
    struct plan_decision *d)
{
	uint64_t lo = dom->min_kib;
	uint64_t hi = plan_min(plan_min(dom->max_kib, dom->static_max_kib),
	    c->in->host_total_kib);

	if (lo > hi)
		lo = hi;
	d->w_flags = PLAN_W_MANAGED;
	d->w_weight = (uint32_t)plan_clamp(dom->weight, 1, PLAN_WEIGHT_MAX);
	if (d->hist.stuck_dir != 0) {
		lo = hi = plan_clamp(dom->actual_kib, lo, hi);
		d->w_flags |= PLAN_W_STUCK;
	} else if (dom->pin_kib != PLAN_NONE) {
		d->plan_kib = plan_clamp(dom->pin_kib, lo, hi);
		d->w_flags |= PLAN_W_PINNED;
	}
	d->lo_kib = lo;
	d->hi_kib = hi;
	if (d->demand_kib != PLAN_NONE) {
		d->w_need = d->demand_kib;
		d->w_flags |= PLAN_W_DEMAND;
	} else {
		/* No usable hints: assume it uses what it holds. */
		d->w_need = dom->actual_kib;
	}
}

static void
plan_prepare(struct plan_ctx *c)
{
	const struct plan_input *in = c->in;
	uint64_t sum_actual = 0;

	c->fixed = c->cfg->slack_kib;
	c->snapshot = c->cfg->slack_kib;
	for (size_t i = 0; i < in->n_domains; i++) {
		const struct plan_domain *dom = &in->domains[i];
		struct plan_decision *d = &c->out->decisions[i];

		memset(d, 0, sizeof(*d));
		d->domid = dom->domid;
		planner_progress(c->cfg, c->now, dom, d);
		planner_demand(c->cfg, c->now, dom, d);
		sum_actual = plan_sat_add(sum_actual, dom->actual_kib);
		if (!plan_managed(dom)) {
			d->target_kib = dom->target_kib;
			d->maxmem_kib = dom->maxmem_kib;
			d->held_kib = plan_max(dom->actual_kib, dom->target_kib);
			c->fixed = plan_sat_add(c->fixed, d->held_kib);
			c->snapshot = plan_sat_add(c->snapshot, d->held_kib);
			continue;
		}
		c->snapshot = plan_sat_add(c->snapshot, dom->actual_kib);
		plan_bounds(c, dom, d);
		c->floor = plan_sat_add(c->floor, d->lo_kib);
	}
	c->budget = plan_min(in->host_total_kib,
	    plan_sat_add(in->host_free_kib, sum_actual));
	for (size_t r = 0; r < in->n_reservations; r++)
		if (in->reservations[r].granted)
			c->res_granted = plan_sat_add(c->res_granted,
			    in->reservations[r].size_kib);
	c->snapshot = plan_sat_add(c->snapshot, c->res_granted);
}

/* Pins are honoured all together when they fit, or not at all. */
static void
plan_pins(struct plan_ctx *c)
{
	uint64_t extra = 0, core;

	for (size_t i = 0; i < c->in->n_domains; i++) {
		struct plan_decision *d = &c->out->decisions[i];

		if (d->w_flags & PLAN_W_PINNED)
			extra = plan_sat_add(extra, d->plan_kib - d->lo_kib);
	}
	core = plan_sat_add(plan_sat_add(c->fixed, c->floor), c->res_granted);
	for (size_t i = 0; i < c->in->n_domains; i++) {
		struct plan_decision *d = &c->out->decisions[i];

		if (!(d->w_flags & PLAN_W_PINNED))
			continue;
		if (plan_sat_add(core, extra) <= c->budget) {
			d->lo_kib = d->hi_kib = d->plan_kib;
		} else {
			d->w_flags &= ~PLAN_W_PINNED;
			d->w_flags |= PLAN_W_PINDROP;
		}
	}
	if (plan_sat_add(core, extra) <= c->budget)
		c->floor = plan_sat_add(c->floor, extra);
}

static const char plan_res_timeout[] =
    "timed out: domains did not release memory in time";

static void
plan_res_fail(struct plan_res_result *rr, const char *reason,
    uint64_t unreachable)
{
	rr->status = PLAN_RES_FAILED;
	rr->reason = reason;
	rr->unreachable_kib = unreachable;
}

/* Fit reservations in, in the order given, like domains with min = size. */
static void
plan_reservations(struct plan_ctx *c)
{
	uint64_t core = plan_sat_add(plan_sat_add(c->fixed, c->floor),
	    c->res_granted);

	for (size_t r = 0; r < c->in->n_reservations; r++) {
		const struct plan_reservation *res = &c->in->reservations[r];
		struct plan_res_result *rr = &c->out->reservations[r];
		uint64_t with;

		memset(rr, 0, sizeof(*rr));
		rr->id = res->id;
		if (res->granted) {
			rr->status = PLAN_RES_GRANTED;
			rr->reason = "granted: memory held free";
			continue;
		}
		with = plan_sat_add(plan_sat_add(core, c->res_planned),
		    res->size_kib);
		if (with > c->budget) {
			plan_res_fail(rr, "does not fit: the other domains "
			    "cannot go below their mins or what stuck "
			    "domains hold", with - c->budget);
			continue;
		}
		if (res->deadline_ms != 0 && c->now >= res->deadline_ms) {
			plan_res_fail(rr, plan_res_timeout, 0);
			continue;
		}
		rr->status = PLAN_RES_PENDING;
		rr->reason = "pending: domains asked to shrink";
		c->res_planned = plan_sat_add(c->res_planned, res->size_kib);
	}
}

static void
plan_share_round(struct plan_ctx *c, uint64_t *avail)
{
	*avail -= planner_share(c->out->decisions, c->in->n_domains, *avail);
}

/* Demand first, then surplus, each shared by weight above the floors. */
static void
plan_shares(struct plan_ctx *c)
{
	struct plan_decision *dec = c->out->decisions;
	size_t n = c->in->n_domains;
	uint64_t used, avail;

	used = plan_sat_add(plan_sat_add(c->fixed, c->floor),
	    plan_sat_add(c->res_granted, c->res_planned));
	avail = plan_sat_sub(c->budget, used);
	for (size_t i = 0; i < n; i++) {
		struct plan_decision *d = &dec[i];

		if (!(d->w_flags & PLAN_W_MANAGED))
			continue;
		d->w_need = plan_clamp(d->w_need, d->lo_kib, d->hi_kib);
		d->w_room = d->w_need - d->lo_kib;
	}
	plan_share_round(c, &avail);
	for (size_t i = 0; i < n; i++) {
		struct plan_decision *d = &dec[i];

		if (!(d->w_flags & PLAN_W_MANAGED))
			continue;
		d->plan_kib = d->lo_kib + d->w_give;
		if (d->plan_kib < d->w_need) {
			c->unmet = plan_sat_add(c->unmet,
			    d->w_need - d->plan_kib);
			if (d->w_flags & PLAN_W_DEMAND)
				d->w_flags |= PLAN_W_STARVED;
		}
		d->w_give = 0;
		d->w_room = d->hi_kib - d->plan_kib;
	}
	plan_share_round(c, &avail);
	for (size_t i = 0; i < n; i++) {
		struct plan_decision *d = &dec[i];

		if (!(d->w_flags & PLAN_W_MANAGED))
			continue;
		d->plan_kib += d->w_give;
		d->w_give = 0;
		d->w_room = 0;
	}
}

static uint64_t
plan_band(const struct plan_config *cfg, uint64_t cur)
{
	return plan_max(cfg->deadband_kib, plan_pct(cur, cfg->deadband_pct));
}

/*
 * Small changes are not worth a balloon operation.  Keeping a target
 * that is a little higher than planned can overfill the host, so those
 * keeps are undone again until the plan fits.
 */
static void
plan_deadband(struct plan_ctx *c)
{
	const struct plan_domain *doms = c->in->domains;
	struct plan_decision *dec = c->out->decisions;
	size_t n = c->in->n_domains;
	uint64_t total, limit, over;

	total = plan_sat_add(plan_sat_add(c->fixed, c->res_granted),
	    c->res_planned);
	for (size_t i = 0; i < n; i++) {
		struct plan_decision *d = &dec[i];
		uint64_t cur = doms[i].target_kib, diff;

		if (!(d->w_flags & PLAN_W_MANAGED))
			continue;
		d->w_room = d->plan_kib;	/* the plan before banding */
		if (!(d->w_flags & (PLAN_W_STUCK | PLAN_W_PINNED)) &&
		    cur >= d->lo_kib && cur <= d->hi_kib) {
			diff = cur > d->plan_kib ? cur - d->plan_kib :
			    d->plan_kib - cur;
			if (diff != 0 && diff < plan_band(c->cfg, cur)) {
				d->plan_kib = cur;
				d->w_flags |= PLAN_W_BANDED;
			}
		}
		total = plan_sat_add(total, d->plan_kib);
	}
	limit = c->budget;
	over = plan_sat_sub(total, limit);
	for (size_t i = 0; i < n && over > 0; i++) {
		struct plan_decision *d = &dec[i];
		uint64_t back;

		if (!(d->w_flags & PLAN_W_BANDED) || d->plan_kib <= d->w_room)
			continue;
		back = plan_min(over, d->plan_kib - d->w_room);
		d->plan_kib -= back;
		over -= back;
		if (d->plan_kib == d->w_room)
			d->w_flags &= ~PLAN_W_BANDED;
	}
	for (size_t i = 0; i < n; i++)
		dec[i].w_room = 0;
}

/* Growth domain d needs to reach level (held beyond what it has). */
static uint64_t
plan_growth(const struct plan_ctx *c, size_t i, uint64_t level)
{
	return plan_sat_sub(plan_sat_add(level, c->cfg->maxmem_extra_kib),
	    c->in->domains[i].actual_kib);
}

/* Serve pending reservations from memory free now, first come first. */
static uint64_t
plan_grant_reservations(struct plan_ctx *c, uint64_t free_now)
{
	uint64_t waiting = 0;

	for (size_t r = 0; r < c->in->n_reservations; r++) {
		const struct plan_reservation *res = &c->in->reservations[r];
		struct plan_res_result *rr = &c->out->reservations[r];

		if (rr->status != PLAN_RES_PENDING)
			continue;
		if (waiting == 0 && res->size_kib <= free_now) {
			rr->status = PLAN_RES_GRANTED;
			rr->reason = "granted: memory held free";
			free_now -= res->size_kib;
			c->res_granted = plan_sat_add(c->res_granted,
			    res->size_kib);
			continue;
		}
		waiting = plan_sat_add(waiting, res->size_kib);
	}
	return plan_sat_sub(free_now, waiting);
}

/*
 * Turn plans into targets that are safe now: growth comes only out of
 * memory free in this snapshot, to floors first, then demand, then the
 * rest of the plan, shared by weight at each step.
 */
static void
plan_grant(struct plan_ctx *c)
{
	const struct plan_domain *doms = c->in->domains;
	struct plan_decision *dec = c->out->decisions;
	size_t n = c->in->n_domains;
	uint64_t avail;

	avail = plan_sat_sub(c->budget, c->snapshot);
	if (c->snapshot > c->budget)
		c->out->deficit_kib = c->snapshot - c->budget;
	avail = plan_grant_reservations(c, avail);
	for (int tier = 0; tier < 3; tier++) {
		for (size_t i = 0; i < n; i++) {
			struct plan_decision *d = &dec[i];
			uint64_t level;

			if (!(d->w_flags & PLAN_W_MANAGED))
				continue;
			if (tier == 0)
				level = plan_min(d->plan_kib, d->lo_kib);
			else if (tier == 1)
				level = plan_min(d->plan_kib, d->w_need);
			else
				level = d->plan_kib;
			d->w_room = plan_sat_sub(plan_growth(c, i, level),
			    d->w_give);
		}
		plan_share_round(c, &avail);
	}
	for (size_t i = 0; i < n; i++) {
		struct plan_decision *d = &dec[i];
		uint64_t full;

		if (!(d->w_flags & PLAN_W_MANAGED))
			continue;
		full = plan_growth(c, i, d->plan_kib);
		if (d->w_give >= full)
			d->target_kib = d->plan_kib;
		else
			d->target_kib = plan_max(plan_sat_sub(plan_sat_add(
			    doms[i].actual_kib, d->w_give),
			    c->cfg->maxmem_extra_kib),
			    plan_min(d->plan_kib, doms[i].actual_kib));
		/*
		 * maxmem is target + extra, except that the extra is not
		 * free either: never let maxmem exceed what was granted.
		 */
		d->maxmem_kib = plan_min(plan_sat_add(d->target_kib,
		    c->cfg->maxmem_extra_kib), plan_max(d->target_kib,
		    plan_sat_add(doms[i].actual_kib, d->w_give)));
		d->held_kib = plan_max(doms[i].actual_kib, d->maxmem_kib);
		d->w_give = 0;
		d->w_room = 0;
	}
}

static const char *
plan_reason(const struct plan_domain *dom, const struct plan_decision *d)
{
	uint32_t f = d->w_flags;

	if (f & PLAN_W_STUCK)
		return "stuck: moved too little toward its target; held at "
		    "what it holds";
	if (d->target_kib < d->lo_kib)
		return "below its min: grows first as memory frees up";
	if (d->target_kib < d->plan_kib)
		return "growing as memory frees up";
	if (f & PLAN_W_PINNED)
		return "pinned by the admin";
	if (f & PLAN_W_PINDROP)
		return "pin dropped: pins and mins do not fit the host";
	if (f & PLAN_W_BANDED)
		return "change within the dead-band: left as it is";
	if (f & PLAN_W_STARVED)
		return "demand not fully met: host is short, shared by weight";
	if (d->plan_kib == d->hi_kib && d->w_need >= d->hi_kib)
		return "at its max";
	if (d->plan_kib == d->lo_kib && d->w_need <= d->lo_kib &&
	    d->lo_kib < d->hi_kib && dom->actual_kib > d->lo_kib)
		return "at its min: other domains need the memory";
	if (!(f & PLAN_W_DEMAND))
		return "no usable hints: keeps what it holds, surplus by weight";
	if (d->plan_kib > d->w_need)
		return "demand met, surplus shared by weight";
	return "demand met";
}

static void
plan_state(const struct plan_ctx *c, const struct plan_domain *dom,
    struct plan_decision *d)
{
	uint64_t a = dom->actual_kib, t = d->target_kib;

	d->gap_kib = a > t ? a - t : t - a;
	if (!plan_managed(dom)) {
		d->state = PLAN_UNMANAGED;
		d->reason = (dom->flags & PLAN_DOM_DYING) ? "dying: left alone" :
		    "not managed: counted as it holds";
		return;
	}
	d->reason = plan_reason(dom, d);
	if (d->w_flags & PLAN_W_STUCK)
		d->state = PLAN_STUCK;
	else if (d->gap_kib <= c->cfg->tolerance_kib)
		d->state = PLAN_IDLE;
	else if (a > t)
		d->state = PLAN_SHRINKING;
	else
		d->state = PLAN_GROWING;
}

static void
plan_act(struct plan_output *out, size_t i, uint32_t domid,
    enum plan_action_kind kind, uint64_t value)
{
	struct plan_action *a = &out->actions[out->n_actions++];

	a->index = (uint32_t)i;
	a->domid = domid;
	a->kind = kind;
	a->value_kib = value;
}

/* Target cuts, maxmem cuts, maxmem raises, target raises: in that order. */
static void
plan_actions(struct plan_ctx *c)
{
	const struct plan_domain *doms = c->in->domains;
	const struct plan_decision *dec = c->out->decisions;
	struct plan_output *out = c->out;
	size_t n = c->in->n_domains;

	for (int phase = 0; phase < 4; phase++) {
		for (size_t i = 0; i < n; i++) {
			uint64_t t = dec[i].target_kib, m = dec[i].maxmem_kib;

			if (!plan_managed(&doms[i]))
				continue;
			if (phase == 0 && t < doms[i].target_kib)
				plan_act(out, i, doms[i].domid,
				    PLAN_ACT_TARGET, t);
			else if (phase == 1 && m < doms[i].maxmem_kib)
				plan_act(out, i, doms[i].domid,
				    PLAN_ACT_MAXMEM, m);
			else if (phase == 2 && m > doms[i].maxmem_kib)
				plan_act(out, i, doms[i].domid,
				    PLAN_ACT_MAXMEM, m);
			else if (phase == 3 && t > doms[i].target_kib)
				plan_act(out, i, doms[i].domid,
				    PLAN_ACT_TARGET, t);
		}
	}
}

static void
plan_finish(struct plan_ctx *c)
{
	struct plan_output *out = c->out;
	uint64_t committed = plan_sat_add(c->cfg->slack_kib, c->res_granted);

	for (size_t i = 0; i < c->in->n_domains; i++) {
		const struct plan_domain *dom = &c->in->domains[i];
		struct plan_decision *d = &out->decisions[i];

		plan_state(c, dom, d);
		committed = plan_sat_add(committed, d->held_kib);
		if (d->state == PLAN_STUCK)
			out->n_stuck++;
		if ((d->w_flags & PLAN_W_MANAGED) &&
		    (d->w_flags & PLAN_W_DEMAND))
			out->demand_kib = plan_sat_add(out->demand_kib,
			    plan_min(d->plan_kib, d->w_need));
	}
	out->budget_kib = c->budget;
	out->committed_kib = committed;
	out->unmet_kib = c->unmet;
	plan_actions(c);
}

/*
 * Name the domains that keep a failed reservation from fitting: stuck
 * ones first (they hold what they cannot give), then any still above
 * their plan.
 */
static void
plan_refusers(struct plan_ctx *c)
{
	const struct plan_domain *doms = c->in->domains;
	const struct plan_decision *dec = c->out->decisions;

	for (size_t r = 0; r < c->in->n_reservations; r++) {
		struct plan_res_result *rr = &c->out->reservations[r];

		if (rr->status != PLAN_RES_FAILED)
			continue;
		for (int pass = 0; pass < 2; pass++) {
			for (size_t i = 0; i < c->in->n_domains; i++) {
				int hit;

				if (!(dec[i].w_flags & PLAN_W_MANAGED))
					continue;
				if (pass == 0)
					hit = dec[i].state == PLAN_STUCK;
				else
					hit = dec[i].state == PLAN_SHRINKING;
				if (!hit)
					continue;
				if (rr->n_refused < PLAN_RES_MAX_REFUSED)
					rr->refused_domids[rr->n_refused] =
					    doms[i].domid;
				rr->n_refused++;
				if (pass == 1 && rr->reason == plan_res_timeout)
					rr->unreachable_kib = plan_sat_add(
					    rr->unreachable_kib,
					    dec[i].gap_kib);
			}
		}
	}
}

int
planner_plan(const struct plan_config *cfg, const struct plan_input *in,
    struct plan_output *out)
{
	struct plan_ctx c;

	if (out != NULL)
		out->n_actions = 0;
	if (!plan_valid(cfg, in, out))
		return -EINVAL;
	memset(&c, 0, sizeof(c));
	c.cfg = cfg;
	c.in = in;
	c.out = out;
	c.now = in->now_ms;
	out->budget_kib = out->committed_kib = out->deficit_kib = 0;
	out->demand_kib = out->unmet_kib = 0;
	out->n_stuck = 0;

	plan_prepare(&c);
	plan_pins(&c);
	plan_reservations(&c);
	plan_shares(&c);
	plan_deadband(&c);
	plan_grant(&c);
	plan_finish(&c);
	plan_refusers(&c);
	return 0;
}
