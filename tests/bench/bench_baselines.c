/*
 * bench_baselines.c - the policies we measure ourselves against,
 * re-implemented from their published descriptions (no code copied):
 *
 *  static    no balancing: targets stay as the domains were created.
 *  squeezed  XenServer's squeezed (xen-api ocaml/squeezed squeeze.ml,
 *            squeeze_xen.ml): target = dynamic_min + g (dynamic_max -
 *            dynamic_min) with one g for all, g = surplus / total range
 *            clamped to [0, 1], surplus = free + what active domains
 *            could free down to dynamic_min - the host free target
 *            (64 + 8 MiB) - memory asked for by domains about to start;
 *            two phases (only the freeing targets are set while any
 *            domain must free); every target is written with maxmem
 *            = target, so no guest can take more than it was given; a
 *            domain that has not moved toward its target for 5 s is
 *            inactive (stuck): its target and maxmem are set to what it
 *            holds, again at every balance while it stays so.  It
 *            balances every 10 s, then every 1 s until the targets are
 *            reached (realistic profile).  No notion of guest demand.
 *  qmemman   Qubes (qubes/qmemman/algo.py, systemstate.py):
 *            pref = max(1.3 x used, 200 MiB) capped at max; with enough
 *            memory every domain gets pref plus a share of the rest in
 *            proportion to pref; when short, donors go to pref and
 *            acceptors share what is free less what the donors give,
 *            in proportion to pref (the real code subtracts it);
 *            small rebalances (< 150 MiB moved) are skipped unless Xen's
 *            free memory is below what it keeps; memory is handed to an
 *            acceptor only if Xen has it free (else the round stops),
 *            and a donor that did not give back is excluded ("no
 *            progress") until it catches up; maxmem is set 1 MiB above
 *            each target it writes.  Domains about to start are served
 *            first (its do_balloon).  Its "used" is the guest's real
 *            need, reported every 100 ms by its own meminfo-writer:
 *            that favours qmemman in the realistic profile.
 *  oracle    instant and exact: before every tick, each domain gets its
 *            true demand within what it can physically hold (stuck,
 *            hidden floors and ceilings respected), shared by weight
 *            when the host is short.  Nothing real can do better.
 *  oracle-late  the same, but it sees each demand only once it is there,
 *            a tick (100 ms) late: instant, exact and without foresight
 *            or cushion.  What a policy that only reacts can at best do;
 *            beating it takes memory placed before it is asked for.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "planner_int.h"

#define SQ_STUCK_MS		5000
#define SQ_FREE_TARGET		(72 * SIM_MIB)	/* host free target */
#define SQ_INACCURACY		4		/* KiB */
#define QM_LEFT			(50 * SIM_MIB)
#define QM_MIN_PREF		(200 * SIM_MIB)
#define QM_MIN_TRANSFER		(150 * SIM_MIB)
#define QM_MIN_UNDER_PREF	(15 * SIM_MIB)

void
bench_static_round(struct bench_policy *p, struct sim_host *h)
{
	(void)p;
	(void)h;
}

static uint64_t
bench_hi(const struct sim_guest *g)
{
	return g->max < g->static_max ? g->max : g->static_max;
}

static uint64_t
bench_lo(const struct sim_guest *g)
{
	return g->min < bench_hi(g) ? g->min : bench_hi(g);
}

static int
bench_ours(const struct sim_guest *g)
{
	return g->alive && g->managed;
}

/* squeezed's stuckness monitor: any movement toward the target is progress. */
static void
squeezed_watch(struct bench_policy *p, struct sim_host *h)
{
	for (size_t i = 0; i < h->n; i++) {
		struct sim_guest *g = &h->g[i];
		struct bench_guest_state *s = &p->gs[i];
		int down, up;

		if (!g->alive) {
			memset(s, 0, sizeof(*s));
			continue;
		}
		if (s->last_progress_ms == 0) {
			s->last_progress_ms = h->now_ms;
			s->last_actual = g->actual;
		}
		down = g->actual > g->target + h->tolerance;
		up = g->actual + h->tolerance < g->target;
		if ((down && g->actual < s->last_actual) ||
		    (up && g->actual > s->last_actual)) {
			s->last_progress_ms = h->now_ms;
			s->stuck = 0;
		}
		if ((down || up) &&
		    h->now_ms - s->last_progress_ms > SQ_STUCK_MS)
			s->stuck = 1;
		s->last_actual = g->actual;
		g->flagged_stuck = s->stuck;
	}
}

/* A target and maxmem as squeeze_xen writes them. */
static void
squeezed_set(struct sim_host *h, size_t i, uint64_t target)
{
	sim_set_target(h, i, target);
	sim_set_maxmem(h, i, target);
}

/*
 * A domain as its toolstack builds it: xenopsd builds from a squeezed
 * reservation transferred to the domain, Qubes from qmemman's, with
 * maxmem no higher than what it was given.  The simulator builds every
 * domain with maxmem = static-max, so each baseline caps it the first
 * time it sees the domain.
 */
static void
baseline_built(struct sim_host *h)
{
	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		uint64_t committed = g->actual > g->target ? g->actual :
		    g->target;

		if (bench_ours(g) && g->maxmem > committed + SIM_MIB)
			sim_set_maxmem(h, i, committed + SIM_MIB);
	}
}

int
bench_squeezed_converged(const struct sim_host *h)
{
	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		uint64_t gap = g->actual > g->target ? g->actual - g->target :
		    g->target - g->actual;

		if (bench_ours(g) && gap > h->tolerance)
			return 0;
	}
	return sim_waiting(h) == 0;
}

void
bench_squeezed_round(struct bench_policy *p, struct sim_host *h)
{
	uint64_t max_free = sim_free(h), range = 0, surplus, keep;
	uint64_t want[SIM_MAX_GUESTS];
	double gamma;
	int freeing = 0;

	squeezed_watch(p, h);
	baseline_built(h);
	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		uint64_t lo = bench_lo(g);

		if (!bench_ours(g))
			continue;
		/* Inactive: held at what it holds, every balance. */
		if (p->gs[i].stuck) {
			squeezed_set(h, i, g->actual);
			continue;
		}
		if (g->actual > lo + SQ_INACCURACY)
			max_free += g->actual - lo - SQ_INACCURACY;
		range += bench_hi(g) - lo;
	}
	keep = SQ_FREE_TARGET + sim_waiting(h);
	surplus = max_free > keep ? max_free - keep : 0;
	gamma = range ? (double)surplus / (double)range : 0;
	if (gamma > 1)
		gamma = 1;
	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		uint64_t lo = bench_lo(g);

		want[i] = g->target;
		if (!bench_ours(g) || p->gs[i].stuck)
			continue;
		want[i] = lo + (uint64_t)(gamma * (double)(bench_hi(g) - lo));
		if (want[i] + h->tolerance < g->actual)
			freeing = 1;
	}
	/* Two phases: while anyone must free, only freeing targets are set. */
	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		int frees = want[i] + h->tolerance < g->actual;

		if (!bench_ours(g) || p->gs[i].stuck || freeing != frees)
			continue;
		squeezed_set(h, i, want[i]);
	}
}

/* What qmemman's meminfo-writer would report as used, in KiB. */
static int
qmemman_used(const struct sim_host *h, const struct sim_guest *g,
    uint64_t *used)
{
	switch (g->hints_kind) {
	case SIM_HINTS_NONE:
		return 0;
	case SIM_HINTS_HONEST:
	case SIM_HINTS_QUIET:
		/*
		 * used + swapped: the real need, less the page cache
		 * (meminfo-writer subtracts Cached, working set or not).
		 */
		*used = g->demand - (g->cache_ws < g->demand ? g->cache_ws :
		    g->demand);
		return 1;
	case SIM_HINTS_STALE:
		*used = h->now_ms > 60000 ? sim_demand_at(g, 60000) : g->demand;
		return 1;
	case SIM_HINTS_LIAR:
		*used = g->static_max;
		return 1;
	case SIM_HINTS_GARBAGE:
		if (!(g->hints.present & PLAN_HINT_MEMINFO))
			return 0;
		*used = plan_sat_sub(g->hints.mem_total_kib,
		    g->hints.mem_avail_kib);
		return 1;
	}
	return 0;
}

static uint64_t
qmemman_pref(const struct sim_guest *g, uint64_t used)
{
	uint64_t pref = used + used * 3 / 10;

	if (pref > bench_hi(g))
		pref = bench_hi(g);
	return pref < QM_MIN_PREF ? QM_MIN_PREF : pref;
}

static uint64_t
qmemman_unused(const struct sim_host *h)
{
	uint64_t owed = 0;

	for (size_t i = 0; i < h->n; i++)
		if (h->g[i].alive && h->g[i].target > h->g[i].actual)
			owed += h->g[i].target - h->g[i].actual;
	return owed;
}

/* systemstate.mem_set(): maxmem a little above the target, then it. */
static void
qmemman_set(struct sim_host *h, size_t i, uint64_t target)
{
	sim_set_maxmem(h, i, target + SIM_MIB);
	sim_set_target(h, i, target);
}

/* Returns 1 and fills want[] if the rebalance is worth doing. */
static int
qmemman_balance(struct bench_policy *p, struct sim_host *h,
    const int *part, const uint64_t *pref, uint64_t *want)
{
	int64_t xenfree = (int64_t)sim_free(h) - (int64_t)qmemman_unused(h) -
	    (int64_t)sim_waiting(h);
	int64_t avail = xenfree - (int64_t)QM_LEFT, moved = 0;
	double total_pref = 0, acc_pref = 0, donated = 0;

	(void)p;
	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		uint64_t act = g->actual > g->target ? g->actual : g->target;

		if (!part[i])
			continue;
		avail -= (int64_t)pref[i] - (int64_t)act;
		total_pref += (double)pref[i];
		if (pref[i] > act && act < bench_hi(g))
			acc_pref += (double)pref[i];
	}
	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		uint64_t act = g->actual > g->target ? g->actual : g->target;
		double t;

		want[i] = g->target;
		if (!part[i])
			continue;
		if (avail > 0) {
			t = (double)pref[i] + (double)pref[i] / total_pref *
			    (double)avail;
		} else if (pref[i] <= act || act >= bench_hi(g)) {
			if (act - pref[i] < 10 * SIM_MIB)
				continue;
			t = (double)pref[i];
			donated += (double)(act - pref[i]);
		} else {
			continue;	/* acceptor: below */
		}
		want[i] = (uint64_t)(0.999 * t);
		if (want[i] > bench_hi(g))
			want[i] = bench_hi(g);
	}
	if (avail <= 0 && acc_pref > 0) {
		double pool = (double)(xenfree - (int64_t)QM_LEFT) - donated;

		for (size_t i = 0; i < h->n; i++) {
			const struct sim_guest *g = &h->g[i];
			uint64_t act = g->actual > g->target ? g->actual :
			    g->target;

			if (!part[i] || pref[i] <= act || act >= bench_hi(g) ||
			    pool <= 0)
				continue;
			want[i] = act + (uint64_t)(0.999 * (double)pref[i] /
			    acc_pref * pool);
			if (want[i] > bench_hi(g))
				want[i] = bench_hi(g);
		}
	}
	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		int64_t d = (int64_t)want[i] - (int64_t)g->target;

		if (!part[i])
			continue;
		moved += d < 0 ? -d : d;
		if (g->target < pref[i] && d > (int64_t)QM_MIN_UNDER_PREF)
			return 1;
	}
	if (xenfree < (int64_t)QM_LEFT)
		return 1;
	return moved + (xenfree - (int64_t)QM_LEFT < 0 ?
	    (int64_t)QM_LEFT - xenfree : xenfree - (int64_t)QM_LEFT) >
	    (int64_t)QM_MIN_TRANSFER;
}

void
bench_qmemman_round(struct bench_policy *p, struct sim_host *h)
{
	int part[SIM_MAX_GUESTS];
	uint64_t pref[SIM_MAX_GUESTS], want[SIM_MAX_GUESTS];

	baseline_built(h);
	for (size_t i = 0; i < h->n; i++) {
		struct sim_guest *g = &h->g[i];
		struct bench_guest_state *s = &p->gs[i];
		uint64_t used;

		part[i] = 0;
		if (!bench_ours(g)) {
			memset(s, 0, sizeof(*s));
			continue;
		}
		if (!qmemman_used(h, g, &used))
			continue;
		pref[i] = qmemman_pref(g, used);
		if (g->actual <= g->target + QM_LEFT / 2 || g->actual < pref[i])
			s->stuck = 0;
		else if (s->asked && g->actual == s->last_actual)
			s->stuck = 1;
		g->flagged_stuck = s->stuck;
		s->last_actual = g->actual;
		part[i] = !s->stuck;
	}
	if (!qmemman_balance(p, h, part, pref, want))
		return;
	/* Donors first; an acceptor only gets memory Xen has free now. */
	for (size_t i = 0; i < h->n; i++) {
		if (!part[i] || want[i] >= h->g[i].target)
			continue;
		qmemman_set(h, i, want[i]);
		p->gs[i].asked = want[i] + h->tolerance < h->g[i].actual;
	}
	for (size_t i = 0; i < h->n; i++) {
		struct sim_guest *g = &h->g[i];
		uint64_t act = g->actual > g->target ? g->actual : g->target;
		int64_t fr;

		if (!part[i] || want[i] <= g->target)
			continue;
		fr = (int64_t)sim_free(h) - (int64_t)qmemman_unused(h);
		if (fr - (int64_t)(want[i] - act) < (int64_t)(QM_LEFT * 9 / 10))
			break;
		qmemman_set(h, i, want[i]);
		p->gs[i].asked = 0;
	}
}

/* What the domain can physically hold at time t, and whether it can move. */
static void
oracle_range(const struct sim_guest *g, uint64_t t, uint64_t *lo,
    uint64_t *hi)
{
	int immobile = g->drv == SIM_DRV_STUCK ||
	    (g->drv == SIM_DRV_FLAKY && (t / 1000) % 20 != 19);

	*lo = bench_lo(g);
	*hi = bench_hi(g);
	if (immobile) {
		*lo = *hi = g->actual;
		return;
	}
	if (g->drv == SIM_DRV_FLOOR) {
		uint64_t f = g->floor < g->actual ? g->floor : g->actual;

		*lo = *lo > f ? *lo : f;
	}
	if (g->drv == SIM_DRV_CEILING) {
		uint64_t c = g->ceiling > g->actual ? g->ceiling : g->actual;

		*hi = *hi < c ? *hi : c;
	}
	if (*lo > *hi)
		*lo = *hi;
}

void
bench_oracle_round(struct bench_policy *p, struct sim_host *h)
{
	uint64_t t = h->now_ms + h->tick_ms, used = h->overhead, avail;
	struct plan_decision *d = p->scratch;

	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		uint64_t lo, hi, dem;

		memset(&d[i], 0, sizeof(d[i]));
		if (!g->alive)
			continue;
		if (!g->managed) {
			used += g->actual;
			continue;
		}
		oracle_range(g, t, &lo, &hi);
		dem = sim_demand_at(g, p->late ? h->now_ms : t);
		d[i].lo_kib = lo;
		d[i].w_room = plan_clamp(dem, lo, hi) - lo;
		d[i].w_weight = (uint32_t)plan_clamp(g->weight, 1,
		    PLAN_WEIGHT_MAX);
		used += lo;
	}
	used += sim_waiting(h);
	avail = h->total > used ? h->total - used : 0;
	planner_share(d, h->n, avail);
	for (size_t i = 0; i < h->n; i++) {
		struct sim_guest *g = &h->g[i];
		uint64_t a;

		if (!bench_ours(g))
			continue;
		a = d[i].lo_kib + d[i].w_give;
		h->m.moved_kib += a > g->actual ? a - g->actual : g->actual - a;
		sim_set_target(h, i, a);
		g->actual = a;
		g->maxmem = a;
		g->set_open = 0;
	}
}

void
bench_xb_round(struct bench_policy *p, struct sim_host *h)
{
	if (sim_xb_round(p->xb, h) != 0) {
		fprintf(stderr, "policy-bench: planner at %llu ms: %s\n",
		    (unsigned long long)h->now_ms, p->xb->why);
		p->errors++;
	}
}
