/*
 * sim.c - the simulated host: guests, balloon drivers, demand, hints.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pace.h"
#include "sim.h"

#define SIM_HINT_MS	1000
#define SIM_FAST_KIBPS	(UINT64_C(1024) * 1024)	/* 1 GiB/s: a healthy driver */

uint64_t
sim_rand(struct sim_host *h)
{
	uint64_t z = (h->rng += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
uint64_t
sim_rand_range(struct sim_host *h, uint64_t lo, uint64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + sim_rand(h) % (hi - lo + 1);
}

void
sim_init(struct sim_host *h, uint64_t total, uint64_t overhead, uint64_t seed)
{
	double *conv = h->m.converge_s;
	size_t cap = h->m.cap_converge;

	memset(h, 0, sizeof(*h));
	h->total = total;
	h->overhead = overhead;
	h->tick_ms = 100;
	h->tolerance = 4 * SIM_MIB;
	h->rng = seed * UINT64_C(0x2545f4914f6cdd1d) + 1;
	h->m.converge_s = conv;
	h->m.cap_converge = cap;
	for (size_t r = 0; r < SIM_MAX_RES; r++)
		h->res_state[r] = -1;
}

uint64_t
sim_free(const struct sim_host *h)
{
	uint64_t used = h->overhead;

	for (size_t i = 0; i < h->n; i++)
		if (h->g[i].alive)
			used += h->g[i].actual;
	return used >= h->total ? 0 : h->total - used;
}

uint64_t
sim_committed(const struct sim_host *h)
{
	uint64_t committed = 0;

	for (size_t i = 0; i < h->n; i++)
		if (h->g[i].alive)
			committed += h->g[i].actual > h->g[i].target ?
			    h->g[i].actual : h->g[i].target;
	return committed;
}

static void
sim_new_uuid(struct sim_host *h, struct sim_guest *g)
{
	uint64_t a = sim_rand(h), b = sim_rand(h);

	memcpy(g->uuid, &a, 8);
	memcpy(g->uuid + 8, &b, 8);
}

uint64_t
sim_demand_at(const struct sim_guest *g, uint64_t now)
{
	uint64_t t = now + g->phase_ms, p = g->period_ms ? g->period_ms : 1;
	uint64_t d = g->base, x = t % p;

	switch (g->trace) {
	case SIM_TR_STEADY:
	case SIM_TR_N:
		break;
	case SIM_TR_RAMP:
		if (x < p / 2)
			d += (uint64_t)((double)g->amp * x / (p / 2 ? p / 2 : 1));
		else
			d += (uint64_t)((double)g->amp * (p - x) /
			    (p / 2 ? p / 2 : 1));
		break;
	case SIM_TR_SPIKE:
		if (x < p / 4)
			d += g->amp;
		break;
	case SIM_TR_DIURNAL:
		d += (uint64_t)((double)g->amp *
		    (1 + sin(2 * M_PI * (double)x / (double)p)) / 2);
		break;
	case SIM_TR_BURST: {
		/* The same bursts for the same guest whatever the policy. */
		uint64_t z = (t / p + 1) * UINT64_C(0x9e3779b97f4a7c15) ^
		    (g->phase_ms + g->base) * UINT64_C(0xbf58476d1ce4e5b9);
		uint64_t start, len;

		z ^= z >> 29;
		z *= UINT64_C(0x94d049bb133111eb);
		z ^= z >> 32;
		if (z % 3 != 0)
			break;
		start = (z >> 8) % (p / 2 ? p / 2 : 1);
		len = p / 8 + (z >> 24) % (p / 4 ? p / 4 : 1);
		if (x >= start && x < start + len)
			d += g->amp / 100 * (20 + (z >> 40) % 81);
		break;
	}
	case SIM_TR_LEAK:
		d += (uint64_t)((double)g->amp * (double)(t % (4 * p)) /
		    (double)p);
		break;
	case SIM_TR_JOB:
		if (x < p / 12)
			d += (uint64_t)((double)g->amp * x / (p / 12 ? p / 12 :
			    1));
		else if (x < p / 4)
			d += g->amp;
		break;
	}
	return d > g->max ? g->max : d;
}

/* What the guest's /proc says right now. */
struct sim_truth {
	uint64_t	total, avail, swap, refault, swapped;
	uint64_t	active_file;
	uint32_t	psi;
};

static void
sim_truth(const struct sim_guest *g, struct sim_truth *t)
{
	uint64_t a = g->actual, d = g->demand, s = d > a ? d - a : 0;
	uint64_t used = d > g->cache_ws ? d - g->cache_ws : 0, ws;

	t->total = a > g->kshare ? a - g->kshare : 0;
	/* MemAvailable counts the page cache, working set or not. */
	t->avail = a > used ? a - used : 0;
	if (t->avail > t->total)
		t->avail = t->total;
	/*
	 * Active(file): what the guest holds of its file working set, and
	 * a tenth of the rest of what MemAvailable counts (binaries, and
	 * cache read twice and not since, which the kernel ages out only
	 * under pressure): kept from cuts, that is memory nobody uses.
	 */
	ws = g->cache_ws < t->avail ? g->cache_ws : t->avail;
	t->active_file = ws + (t->avail - ws) / 10;
	t->psi = 0;
	t->swap = t->refault = t->swapped = 0;
	if (s == 0 || g->hints_kind == SIM_HINTS_QUIET)
		return;
	t->psi = (uint32_t)(500 + (s * 20000 / (d ? d : 1) > 9500 ? 9500 :
	    s * 20000 / (d ? d : 1)));
	/* Short of its file working set, a guest reads it back. */
	if (g->cache_ws > 0) {
		t->refault = (s < g->cache_ws ? s : g->cache_ws) / 2;
	} else {
		/* What does not fit is in swap, and some is read back. */
		t->swap = s / 8;
		t->swapped = s;
	}
}

static void
sim_hints_set(struct sim_guest *g, const struct sim_truth *t, uint64_t now)
{
	struct plan_hints *hn = &g->hints;

	hn->present = PLAN_HINT_MEMINFO | PLAN_HINT_PSI | PLAN_HINT_SWAP |
	    PLAN_HINT_REFAULT | PLAN_HINT_OOM | PLAN_HINT_SWAPPED |
	    PLAN_HINT_ACTIVE_FILE | PLAN_HINT_SWAP_TOTAL;
	hn->swapped_kib = t->swapped;
	/* A guest that says nothing before its OOM killer has no swap. */
	hn->swap_total_kib = g->hints_kind == SIM_HINTS_QUIET ? 0 :
	    SIM_SWAP_KIB;
	hn->active_file_kib = t->active_file;
	hn->mem_total_kib = t->total;
	hn->mem_avail_kib = t->avail;
	hn->psi_some_avg10 = t->psi;
	hn->psi_full_avg10 = t->psi / 4;
	hn->swap_in_kibps = hn->swap_out_kibps = t->swap;
	hn->refault_kibps = t->refault;
	hn->oom_kills = g->oom_kills;
	hn->updated_ms = hn->sampled_after_ms = now;
}

static int
sim_moved(uint64_t was, uint64_t now, uint64_t threshold)
{
	uint64_t d = was > now ? was - now : now - was;

	return d > 0 && d >= threshold;
}

/*
 * The agent: its samples paced by the agent's own rule (pace.h), one at
 * once when a PSI trigger fires, a figure written only when it moved past
 * its hysteresis, and a heartbeat the daemon reads as a fresh report.
 */
static void
sim_agent(struct sim_host *h, struct sim_guest *g)
{
	const struct sim_agent_cfg *c = &h->agent_cfg;
	struct sim_truth t;
	int trig, changed;
	uint64_t now = h->now_ms;

	if (g->hints_kind != SIM_HINTS_HONEST &&
	    g->hints_kind != SIM_HINTS_QUIET &&
	    !(g->hints_kind == SIM_HINTS_STALE && now <= 60000))
		return;
	sim_truth(g, &t);
	trig = t.psi >= c->trigger_psi &&
	    now >= g->ag_trig_ms + c->trigger_window_ms;
	if (now < g->ag_next_ms && !trig) {
		if (now >= g->ag_beat_ms + c->heartbeat_ms && g->ag_pub) {
			g->ag_beat_ms = now;
			g->hints.updated_ms = now;
			g->hints_dirty = 1;
		}
		return;
	}
	if (trig)
		g->ag_trig_ms = now;
	changed = !g->ag_pub || t.total != g->ag_total ||
	    sim_moved(g->ag_avail, t.avail, pace_avail_threshold_kib(
	    c->mem_threshold_kib, g->ag_avail)) ||
	    sim_moved(g->ag_swapped, t.swapped, c->mem_threshold_kib) ||
	    sim_moved(g->ag_file, t.active_file, c->mem_threshold_kib) ||
	    sim_moved(g->ag_psi, t.psi, c->psi_threshold) || trig ||
	    sim_moved(g->ag_swap, t.swap, c->swap_threshold_kibps) ||
	    (g->ag_swap == 0) != (t.swap == 0) ||
	    sim_moved(g->ag_refault, t.refault, c->swap_threshold_kibps) ||
	    (g->ag_refault == 0) != (t.refault == 0) ||
	    g->ag_oom != g->oom_kills;
	if (changed) {
		g->ag_pub = 1;
		g->ag_total = t.total;
		g->ag_avail = t.avail;
		g->ag_swapped = t.swapped;
		g->ag_file = t.active_file;
		g->ag_psi = t.psi;
		g->ag_swap = t.swap;
		g->ag_refault = t.refault;
		g->ag_oom = g->oom_kills;
		sim_hints_set(g, &t, now);
		g->ag_beat_ms = now;
		g->hints_dirty = 1;
	}
	g->ag_quiet = changed ? 0 : g->ag_quiet + 1;
	g->ag_next_ms = now + pace_interval_ms(t.avail, t.total, g->ag_quiet,
	    true, c->sample_ms, c->idle_ms);
}

static void
sim_hints(struct sim_host *h, struct sim_guest *g)
{
	struct plan_hints *hn = &g->hints;
	struct sim_truth t;

	if (h->agent && g->hints_kind != SIM_HINTS_LIAR &&
	    g->hints_kind != SIM_HINTS_GARBAGE && g->hints_kind !=
	    SIM_HINTS_NONE) {
		sim_agent(h, g);
		return;
	}
	if (h->now_ms < g->next_hint_ms) {
		if (g->rereads && hn->present && h->now_ms >= hn->updated_ms +
		    SIM_HINT_MS)
			hn->updated_ms = h->now_ms;
		return;
	}
	g->next_hint_ms = h->now_ms +
	    (g->hint_every_ms ? g->hint_every_ms : SIM_HINT_MS);
	g->hints_dirty = 1;
	switch (g->hints_kind) {
	case SIM_HINTS_NONE:
		memset(hn, 0, sizeof(*hn));
		return;
	case SIM_HINTS_STALE:
		if (h->now_ms > 60000 && hn->present)
			return;
		/* FALLTHROUGH */
	case SIM_HINTS_HONEST:
	case SIM_HINTS_QUIET:
		sim_truth(g, &t);
		sim_hints_set(g, &t, h->now_ms);
		return;
	case SIM_HINTS_LIAR:
		hn->present = PLAN_HINT_MEMINFO | PLAN_HINT_PSI | PLAN_HINT_SWAP;
		hn->mem_total_kib = g->actual;
		hn->mem_avail_kib = 0;
		hn->psi_some_avg10 = 9000;
		hn->psi_full_avg10 = 6000;
		hn->swap_in_kibps = 100000;
		hn->swap_out_kibps = 100000;
		hn->updated_ms = hn->sampled_after_ms = h->now_ms;
		return;
	case SIM_HINTS_GARBAGE:
		hn->present = (uint32_t)sim_rand(h) & 255;
		hn->mem_total_kib = sim_rand_range(h, 0, 2 * g->static_max);
		hn->mem_avail_kib = sim_rand_range(h, 0, 2 * g->static_max);
		hn->psi_some_avg10 = (uint32_t)sim_rand_range(h, 0, 20000);
		hn->psi_full_avg10 = (uint32_t)sim_rand_range(h, 0, 20000);
		hn->swap_in_kibps = sim_rand(h) >> (sim_rand(h) % 64);
		hn->swap_out_kibps = sim_rand(h) >> (sim_rand(h) % 64);
		hn->refault_kibps = sim_rand(h) >> (sim_rand(h) % 64);
		hn->oom_kills = sim_rand(h) >> (sim_rand(h) % 64);
		hn->swapped_kib = sim_rand(h) >> (sim_rand(h) % 64);
		hn->active_file_kib = sim_rand(h) >> (sim_rand(h) % 64);
		hn->swap_total_kib = sim_rand(h) >> (sim_rand(h) % 64);
		hn->updated_ms = sim_rand_range(h, h->now_ms > 60000 ?
		    h->now_ms - 60000 : 0, h->now_ms + 60000);
		hn->sampled_after_ms = sim_rand_range(h, 0, h->now_ms + 60000);
		return;
	}
}

static int
sim_active(const struct sim_host *h, const struct sim_guest *g)
{
	switch (g->drv) {
	case SIM_DRV_STUCK:
		return 0;
	case SIM_DRV_FLAKY:
		return (h->now_ms / 1000) % 20 == 19;
	case SIM_DRV_LINUX:
		return !g->lx_cancelled && h->now_ms >= g->lx_next_ms;
	default:
		return 1;
	}
}

/* Where the driver will actually head for, given its hidden limits. */
static uint64_t
sim_goal(const struct sim_guest *g)
{
	uint64_t goal = g->target < g->maxmem ? g->target : g->maxmem;

	if (g->drv == SIM_DRV_FLOOR && goal < g->actual && goal < g->floor)
		goal = g->floor < g->actual ? g->floor : g->actual;
	if (g->drv == SIM_DRV_CEILING && goal > g->actual && goal > g->ceiling)
		goal = g->ceiling > g->actual ? g->ceiling : g->actual;
	return goal;
}

static void
sim_linux_fail(const struct sim_host *h, struct sim_guest *g)
{
	g->lx_failures++;
	g->lx_delay_ms = g->lx_delay_ms ? g->lx_delay_ms * 2 : 2000;
	if (g->lx_delay_ms > 32000)
		g->lx_delay_ms = 32000;
	g->lx_next_ms = h->now_ms + g->lx_delay_ms;
	if (g->lx_failures >= 4)
		g->lx_cancelled = 1;
}

static void
sim_drive(struct sim_host *h, struct sim_guest *g)
{
	uint64_t goal, step, speed;

	if (g->drv == SIM_DRV_LINUX && g->lx_seen_target != g->target) {
		/* The 6.1 driver wakes only when target - current changes. */
		g->lx_seen_target = g->target;
		g->lx_failures = 0;
		g->lx_cancelled = 0;
		g->lx_delay_ms = 0;
		g->lx_next_ms = h->now_ms;
	}
	if (!sim_active(h, g))
		return;
	goal = sim_goal(g);
	if (goal != g->actual)
		h->moved = 1;
	speed = g->drv == SIM_DRV_IDEAL ? UINT64_MAX / 4000 :
	    g->drv == SIM_DRV_SLOW ? g->speed_kibps : SIM_FAST_KIBPS;
	if (h->drv_kibps != 0 && speed > h->drv_kibps)
		speed = h->drv_kibps;
	step = speed * h->tick_ms / 1000;
	if (g->actual > goal) {
		uint64_t d = g->actual - goal < step ? g->actual - goal : step;

		g->actual -= d;
		h->m.moved_kib += d;
	} else if (g->actual < goal) {
		uint64_t want = goal - g->actual < step ? goal - g->actual : step;
		uint64_t fr = sim_free(h), got = want < fr ? want : fr;

		g->actual += got;
		h->m.moved_kib += got;
		if (got < want) {
			h->m.alloc_failures++;
			if (g->drv == SIM_DRV_LINUX)
				sim_linux_fail(h, g);
		}
	}
}

/* Ground truth: asked to move, physically unable to. */
static int
sim_blocked(const struct sim_host *h, const struct sim_guest *g)
{
	uint64_t tol = h->tolerance;
	uint64_t gap = g->actual > g->target ? g->actual - g->target :
	    g->target - g->actual;

	if (gap <= tol)
		return 0;
	switch (g->drv) {
	case SIM_DRV_STUCK:
		return 1;
	case SIM_DRV_FLAKY:
		return (h->now_ms / 1000) % 20 != 19;
	case SIM_DRV_FLOOR:
		return g->target < g->actual && g->actual <= g->floor + tol;
	case SIM_DRV_CEILING:
		return g->target > g->actual && g->actual + tol >= g->ceiling;
	case SIM_DRV_LINUX:
		return g->lx_cancelled;
	default:
		return 0;
	}
}

static void
sim_sample_converge(struct sim_host *h, double s)
{
	if (h->m.converge_s != NULL && h->m.n_converge < h->m.cap_converge)
		h->m.converge_s[h->m.n_converge++] = s;
}

const char *const sim_episode_kind_name[SIM_EP_KINDS] = {
	[SIM_EP_CUT] = "cut",
	[SIM_EP_CLIMB_SEEN] = "climb_seen", [SIM_EP_CLIMB_NEW] = "climb_new",
	[SIM_EP_STEP_SEEN] = "step_seen", [SIM_EP_STEP_NEW] = "step_new",
};

/*
 * A guest whose demand is above what it holds by more than max(64 MiB,
 * 5 %) is starving: one without swap (QUIET) runs its OOM killer.
 */
static void
sim_starvation(struct sim_host *h, struct sim_guest *g)
{
	uint64_t margin = g->demand / 20 > 64 * SIM_MIB ? g->demand / 20 :
	    64 * SIM_MIB;

	if (g->demand > g->actual + margin) {
		h->m.starved_s += (double)h->tick_ms / 1000.0;
		g->fed_ms = 0;
		if (g->starved)
			return;
		g->starved = 1;
		h->m.starve_episodes++;
		if (g->prev_demand == 0)
			h->m.born_episodes++;
		if (g->demand <= g->prev_demand)
			h->m.episode_kind[SIM_EP_CUT]++;
		else
			h->m.episode_kind[(g->demand > g->prev_demand +
			    margin ? SIM_EP_STEP_SEEN : SIM_EP_CLIMB_SEEN) +
			    (g->demand > g->top)]++;
		if (g->hints_kind == SIM_HINTS_QUIET) {
			g->oom_kills++;
			h->m.oom_kills++;
		}
		return;
	}
	if (g->fed_ms == 0)
		g->fed_ms = h->now_ms;
	if (g->starved && h->now_ms - g->fed_ms >= 1000)
		g->starved = 0;
}

static void
sim_metrics(struct sim_host *h, struct sim_guest *g)
{
	uint64_t gap = g->actual > g->set_target ? g->actual - g->set_target :
	    g->set_target - g->actual;

	if (g->demand > g->actual)
		h->m.shortfall_kib_s += (double)(g->demand - g->actual) *
		    (double)h->tick_ms / 1000.0;
	sim_starvation(h, g);
	if (g->demand > g->top)
		g->top = g->demand;
	g->prev_demand = g->demand;
	if (g->set_open && gap <= h->tolerance) {
		sim_sample_converge(h, (double)(h->now_ms - g->set_ms) / 1000.0);
		g->set_open = 0;
	}
	if (sim_blocked(h, g)) {
		if (g->blocked_since_ms == 0) {
			g->blocked_since_ms = h->now_ms;
			g->detected = 0;
		}
		if (g->flagged_stuck && !g->detected) {
			h->m.stuck_detect_s += (double)(h->now_ms -
			    g->blocked_since_ms) / 1000.0;
			h->m.n_stuck_spells++;
			g->detected = 1;
		}
		return;
	}
	if (g->blocked_since_ms != 0 && !g->detected) {
		/* A spell nobody noticed costs its whole length. */
		h->m.stuck_detect_s += (double)(h->now_ms -
		    g->blocked_since_ms) / 1000.0;
		h->m.n_stuck_spells++;
	}
	g->blocked_since_ms = 0;
}

static void
sim_birth(struct sim_host *h, struct sim_guest *g)
{
	g->alive = 1;
	g->actual = g->target = g->lag_actual = g->initial;
	g->maxmem = g->static_max;
	g->set_open = 0;
	g->blocked_since_ms = 0;
	g->flagged_stuck = 0;
	memset(&g->kick, 0, sizeof(g->kick));
	g->lx_seen_target = g->target;
	g->lx_failures = g->lx_cancelled = 0;
	g->lx_next_ms = 0;
	g->lx_delay_ms = 0;
	g->next_hint_ms = h->now_ms;
	g->ag_next_ms = h->now_ms;
	g->ag_trig_ms = g->ag_beat_ms = 0;
	g->ag_quiet = 0;
	g->ag_pub = 0;
	g->oom_kills = 0;
	g->prev_demand = g->top = 0;
	g->spells_seen = 0;
	g->starved = 0;
	g->fed_ms = 0;
	g->wait_ms = 0;
	g->res_held = 0;
	h->birth_event_ms = h->now_ms;
	g->born_round = h->rounds;
	g->demand = sim_demand_at(g, h->now_ms);
	sim_new_uuid(h, g);
	memset(&g->hints, 0, sizeof(g->hints));
	memset(&g->seen, 0, sizeof(g->seen));
	g->read_tat = 0;
	sim_hints(h, g);
}

int
sim_add(struct sim_host *h, const struct sim_guest *tmpl)
{
	struct sim_guest *g;

	if (h->n >= SIM_MAX_GUESTS)
		return -1;
	g = &h->g[h->n];
	*g = *tmpl;
	if (g->initial > sim_free(h))
		g->initial = sim_free(h);
	sim_birth(h, g);
	memset(&g->memo, 0, sizeof(g->memo));
	return (int)h->n++;
}

void
sim_set_target(struct sim_host *h, size_t i, uint64_t kib)
{
	struct sim_guest *g = &h->g[i];

	if (kib == g->target)
		return;
	h->m.churn_kib += kib > g->target ? kib - g->target : g->target - kib;
	g->target = kib;
	g->set_open = 1;
	g->set_ms = h->now_ms;
	g->set_target = kib;
}

void
sim_set_maxmem(struct sim_host *h, size_t i, uint64_t kib)
{
	h->g[i].maxmem = kib;
}

uint64_t
sim_reserved(const struct sim_host *h)
{
	uint64_t sum = 0;

	for (size_t r = 0; r < h->n_res; r++)
		if (h->res_state[r] == PLAN_RES_HELD)
			sum += h->res[r].size_kib;
	for (size_t i = 0; i < h->n; i++)
		if (!h->g[i].alive && h->g[i].res_held)
			sum += h->g[i].initial;
	return sum;
}

/*
 * Free memory nobody has been promised: what a toolstack may build a
 * new domain from (growth in flight and held reservations are
 * somebody's already).
 */
static uint64_t
sim_unpromised(const struct sim_host *h)
{
	uint64_t fr = sim_free(h), owed = 0;

	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		uint64_t cap = g->target < g->maxmem ? g->target : g->maxmem;

		if (g->alive && cap > g->actual)
			owed += cap - g->actual;
	}
	owed += sim_reserved(h);
	return fr > owed ? fr - owed : 0;
}

uint64_t
sim_waiting(const struct sim_host *h)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < h->n; i++)
		if (h->g[i].wait_ms != 0)
			sum += h->g[i].initial;
	return sum;
}

static void
sim_lifecycle(struct sim_host *h, struct sim_guest *g)
{
	if (g->alive && g->die_ms && h->now_ms >= g->die_ms) {
		g->alive = 0;
		g->die_ms = 0;
		g->set_open = 0;
		h->birth_event_ms = h->now_ms;
		return;
	}
	if (g->alive || !g->reborn_ms || h->now_ms < g->reborn_ms)
		return;
	if (g->wait_ms == 0) {
		/* Asking for its memory is an event the daemon acts on. */
		g->wait_ms = h->now_ms;
		h->birth_event_ms = h->now_ms;
	} else
		h->m.waiting_kib_s += (double)g->initial *
		    (double)h->tick_ms / 1000.0;
	/*
	 * A new domain with the same domid: its history (kept here as a
	 * stale copy) belongs to the dead one, and the planner must notice.
	 * It is built from its held reservation, or from memory nobody
	 * was promised.
	 */
	if (h->now_ms - g->wait_ms > h->m.max_wait_ms)
		h->m.max_wait_ms = h->now_ms - g->wait_ms;
	if (g->res_held || sim_unpromised(h) >= g->initial) {
		g->reborn_ms = 0;
		g->res_held = 0;
		sim_birth(h, g);
	}
}

/* What maxmem lets every guest reach, against the host. */
static void
sim_overcommit_tick(struct sim_host *h)
{
	uint64_t reach = h->overhead;

	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];

		/*
		 * A domain is built with maxmem = static-max; a policy can
		 * only answer for it from its first round after the birth.
		 */
		if (g->alive && h->rounds > g->born_round)
			reach += g->actual > g->maxmem ? g->actual : g->maxmem;
		else if (g->alive)
			reach += g->actual > g->target ? g->actual : g->target;
	}
	reach += sim_reserved(h);
	/* Domains are built with maxmem = static-max: from the first round. */
	if (reach > h->total && h->rounds > 0)
		h->m.overcommit_ticks++;
}

void
sim_tick(struct sim_host *h)
{
	h->now_ms += h->tick_ms;
	h->moved = 0;
	for (size_t i = 0; i < h->n; i++) {
		struct sim_guest *g = &h->g[i];

		sim_lifecycle(h, g);
		if (!g->alive)
			continue;
		g->demand = sim_demand_at(g, h->now_ms);
		sim_drive(h, g);
		sim_hints(h, g);
		sim_metrics(h, g);
	}
	sim_overcommit_tick(h);
}

void
sim_realistic(struct sim_host *h, const struct sim_agent_cfg *cfg,
    uint64_t drv_kibps, uint64_t kshare_kib, uint64_t read_gap_ms)
{
	h->agent = 1;
	h->agent_cfg = *cfg;
	h->drv_kibps = drv_kibps;
	h->snapshot_lag = 1;
	/* The first round's snapshot: free memory as old as the actuals. */
	h->lag_free = sim_free(h);
	h->read_gap_ms = read_gap_ms;
	for (size_t i = 0; i < h->n; i++) {
		struct sim_guest *g = &h->g[i];

		if (g->kshare == 0)
			g->kshare = kshare_kib;
		g->ag_next_ms = h->now_ms;
		g->ag_pub = 0;
		if (g->alive && g->hints_kind != SIM_HINTS_LIAR &&
		    g->hints_kind != SIM_HINTS_GARBAGE)
			memset(&g->hints, 0, sizeof(g->hints));
		if (g->alive)
			sim_agent(h, g);
	}
}

void
sim_account_round(struct sim_host *h, uint64_t reserved_kib)
{
	h->rounds++;
	if (sim_committed(h) + reserved_kib + h->overhead > h->total)
		h->m.overcommit_events++;
}
