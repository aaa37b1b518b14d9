/*
 * sim-props.c - the planner's invariants, checked at every round of
 * thousands of random simulated hosts.
 *
 * Each seed builds one host: random sizes, admin bounds (some crossed,
 * absurd or unset) made into the planner's by the daemon's own rules
 * (bounds.h: random defaults, sometimes a dom0), weights, pins,
 * unmanaged domains, balloon drivers (ideal, slow, hidden floor or
 * ceiling, stuck, flaky, Linux 6.1), demand traces,
 * honest, silent, lying, garbage or stale hints, deaths, domids reused by
 * new domains, reservations, and a random configuration.  The planner
 * runs once a simulated second (at irregular intervals too) for
 * two simulated minutes, and every property below is checked after every
 * round.  The first failing seed of each property is printed; rerun it
 * alone with --seed N (add --verbose to trace it).
 *
 * Usage: sim-props [--count N] [--first N] [--seed N] [--verbose]
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "planner_int.h"
#include "sim.h"
#include "sim_xb.h"

enum prop {
	PROP_CHECK,		/* planner_check: invariants 1, 2, order */
	PROP_PHYSICAL,		/* no grow ever finds the host empty */
	PROP_PROMISES,		/* sum max(actual, target) fits, every round */
	PROP_PINS,		/* pins honoured whenever they fit */
	PROP_DEMAND_FIRST,	/* no surplus while someone is truly short */
	PROP_WEIGHTS,		/* shortage shared in proportion to weight */
	PROP_STUCK,		/* a blocked guest is flagged within a bound */
	PROP_RESERVATIONS,	/* end held or failed, with reasons */
	PROP_N
};

static const char *const prop_name[PROP_N] = {
	[PROP_CHECK] = "every plan passes planner_check (never overcommit, "
	    "bounds, maxmem, order of actions)",
	[PROP_PHYSICAL] = "no balloon driver ever asks the hypervisor for "
	    "memory that is not free",
	[PROP_PROMISES] = "sum of max(actual, target) + reservations fits "
	    "the host after every round",
	[PROP_PINS] = "pinned targets are planned whenever pins and mins fit",
	[PROP_DEMAND_FIRST] = "no honest guest is planned well above its true "
	    "demand while another's goes unmet",
	[PROP_WEIGHTS] = "a short honest guest gets no less per unit of "
	    "weight than one planned above its true demand",
	[PROP_STUCK] = "a guest that cannot move is marked stuck within "
	    "window + 3 s",
	[PROP_RESERVATIONS] = "reservations end held or failed with a "
	    "reason, never pending past their deadline",
};

struct opts {
	uint64_t	first, count;
	int		single, verbose;
};

struct prop_result {
	uint64_t	failed;
	uint64_t	first_seed;
	char		why[256];
};

static struct prop_result results[PROP_N];
/* Rounds in which a property had something to check: none is vacuous. */
static uint64_t exercised[PROP_N];
static int verbose;

static void
prop_fail(enum prop p, uint64_t seed, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
prop_fail(enum prop p, uint64_t seed, const char *fmt, ...)
{
	struct prop_result *r = &results[p];
	va_list ap;

	if (r->failed++ == 0) {
		r->first_seed = seed;
		va_start(ap, fmt);
		vsnprintf(r->why, sizeof(r->why), fmt, ap);
		va_end(ap);
	}
	if (verbose) {
		va_start(ap, fmt);
		printf("# seed %llu: %s: ", (unsigned long long)seed,
		    prop_name[p]);
		vprintf(fmt, ap);
		printf("\n");
		va_end(ap);
	}
}

static enum sim_driver
gen_driver(struct sim_host *h)
{
	static const enum sim_driver mix[] = {
		SIM_DRV_IDEAL, SIM_DRV_IDEAL, SIM_DRV_IDEAL, SIM_DRV_SLOW,
		SIM_DRV_SLOW, SIM_DRV_FLOOR, SIM_DRV_CEILING, SIM_DRV_STUCK,
		SIM_DRV_FLAKY, SIM_DRV_LINUX, SIM_DRV_LINUX,
	};

	return mix[sim_rand(h) % (sizeof(mix) / sizeof(mix[0]))];
}

static enum sim_hints
gen_hints(struct sim_host *h)
{
	static const enum sim_hints mix[] = {
		SIM_HINTS_HONEST, SIM_HINTS_HONEST, SIM_HINTS_HONEST,
		SIM_HINTS_HONEST, SIM_HINTS_NONE, SIM_HINTS_LIAR,
		SIM_HINTS_GARBAGE, SIM_HINTS_STALE,
	};

	return mix[sim_rand(h) % (sizeof(mix) / sizeof(mix[0]))];
}

static void
gen_guest(struct sim_host *h, struct sim_guest *g, uint32_t domid)
{
	uint64_t smax = sim_rand_range(h, 128 * SIM_MIB, 8 * SIM_GIB);

	memset(g, 0, sizeof(*g));
	g->domid = domid;
	g->managed = sim_rand(h) % 8 != 0;
	g->static_max = smax;
	g->min = sim_rand_range(h, 0, smax / 2);
	g->max = sim_rand(h) % 6 == 0 ? sim_rand_range(h, 0, 2 * smax) : smax;
	if (sim_rand(h) % 10 == 0)
		g->min = sim_rand_range(h, 0, smax);	/* maybe above max */
	g->weight = (uint32_t)(sim_rand(h) % 12 == 0 ?
	    sim_rand_range(h, 0, 100000) : sim_rand_range(h, 1, 400));
	g->pin = sim_rand(h) % 8 == 0 ? sim_rand_range(h, 0, smax + smax / 4) :
	    PLAN_NONE;
	g->initial = sim_rand_range(h, g->min, smax);
	g->drv = gen_driver(h);
	g->speed_kibps = sim_rand_range(h, 4 * SIM_MIB, 512 * SIM_MIB);
	g->floor = sim_rand_range(h, 0, smax);
	g->ceiling = sim_rand_range(h, 0, smax);
	g->hints_kind = gen_hints(h);
	g->trace = (enum sim_trace)(sim_rand(h) % SIM_TR_N);
	g->base = sim_rand_range(h, 32 * SIM_MIB, smax);
	g->amp = sim_rand_range(h, 0, smax);
	g->period_ms = sim_rand_range(h, 5000, 120000);
	g->phase_ms = sim_rand_range(h, 0, g->period_ms);
	if (sim_rand(h) % 10 == 0) {
		g->die_ms = sim_rand_range(h, 1000, 50000);
		if (sim_rand(h) % 2)
			g->reborn_ms = g->die_ms + sim_rand_range(h, 0, 10000);
	}
	/* Left unset: xenballoond.conf's defaults apply (bounds.h). */
	if (sim_rand(h) % 8 == 0)
		g->min = PLAN_NONE;
	if (sim_rand(h) % 8 == 0)
		g->max = PLAN_NONE;
}

static void
gen_config(struct sim_host *h, struct plan_config *cfg)
{
	planner_config_default(cfg);
	if (sim_rand(h) % 2)
		return;
	cfg->slack_kib = sim_rand_range(h, 0, 512 * SIM_MIB);
	cfg->maxmem_extra_kib = sim_rand(h) % 2 ? 1024 : 0;
	cfg->deadband_kib = sim_rand_range(h, 0, 128 * SIM_MIB);
	cfg->deadband_pct = (uint32_t)sim_rand_range(h, 0, 10);
	cfg->stuck_window_ms = sim_rand_range(h, 2000, 15000);
	cfg->progress_min_kibps = sim_rand_range(h, 256, 8 * SIM_MIB);
	cfg->stuck_probe_ms = sim_rand_range(h, 1000, 60000);
	cfg->stuck_probe_max_ms = cfg->stuck_probe_ms *
	    sim_rand_range(h, 1, 16);
	cfg->hint_stale_ms = sim_rand_range(h, 1000, 60000);
	cfg->demand_hold_ms = sim_rand_range(h, 0, 30000);
}

/* xenballoond.conf's defaults for bounds (as config.c accepts them), and
 * in one host of four a dom0, managed or not. */
static void
gen_bounds(struct sim_host *h, struct sim_xb *x)
{
	struct bounds_config *c = &x->bcfg;

	if (h->n > 0 && sim_rand(h) % 4 == 0) {
		h->g[0].domid = 0;
		h->g[0].die_ms = h->g[0].reborn_ms = 0;
	}
	if (sim_rand(h) % 2)
		return;
	if (sim_rand(h) % 2)
		c->default_min_kib = sim_rand_range(h, 1, 1 * SIM_GIB);
	if (sim_rand(h) % 4 == 0)
		c->default_max_kib = sim_rand_range(h, c->default_min_kib ?
		    c->default_min_kib : 1, 8 * SIM_GIB);
	c->default_weight = (unsigned int)sim_rand_range(h, 1, 400);
	if (sim_rand(h) % 2)
		c->dom0_min_kib = sim_rand_range(h, 1, 2 * SIM_GIB);
	c->manage_dom0 = sim_rand(h) % 2;
}

static void
gen_host(struct sim_host *h, struct sim_xb *x, uint64_t seed)
{
	size_t n;

	sim_init(h, 0, 0, seed);
	h->total = sim_rand_range(h, 1 * SIM_GIB, 64 * SIM_GIB);
	h->overhead = sim_rand_range(h, 0, 256 * SIM_MIB);
	n = sim_rand(h) % 16 == 0 ? sim_rand_range(h, 10, 60) :
	    sim_rand_range(h, 1, 10);
	sim_xb_init(x);
	gen_config(h, &x->cfg);
	for (size_t i = 0; i < n; i++) {
		struct sim_guest g;

		gen_guest(h, &g, (uint32_t)(i + 1));
		sim_add(h, &g);
	}
	if (sim_rand(h) % 4 == 0) {
		h->n_res = sim_rand_range(h, 1, 2);
		for (size_t r = 0; r < h->n_res; r++) {
			h->res[r].id = r + 1;
			h->res[r].size_kib = sim_rand_range(h, 16 * SIM_MIB,
			    h->total / 2);
			h->res[r].deadline_ms = sim_rand(h) % 2 ?
			    sim_rand_range(h, 5000, 40000) : 0;
		}
	}
	gen_bounds(h, x);
}

/* Bounds as planner.h defines them, recomputed here. */
static void
prop_bounds(const struct plan_domain *d, uint64_t total, uint64_t *lo,
    uint64_t *hi)
{
	*hi = plan_min(plan_min(d->max_kib, d->static_max_kib), total);
	*lo = plan_min(d->min_kib, *hi);
}

static void
prop_pins(const struct sim_xb *x, uint64_t seed)
{
	const struct plan_input *in = &x->in;
	uint64_t need = x->cfg.slack_kib;
	uint64_t budget = x->out.budget_kib;

	for (size_t i = 0; i < in->n_domains; i++) {
		const struct plan_domain *d = &in->domains[i];
		const struct plan_decision *o = &x->dec[i];
		uint64_t lo, hi;

		if (!(d->flags & PLAN_DOM_MANAGED)) {
			need += plan_max(d->actual_kib, d->target_kib);
			continue;
		}
		prop_bounds(d, in->host_total_kib, &lo, &hi);
		if (o->hist.stuck_dir != 0)
			need += plan_clamp(d->actual_kib, lo, hi);
		else if (d->pin_kib != PLAN_NONE)
			need += plan_clamp(d->pin_kib, lo, hi);
		else
			need += o->lo_kib;	/* min, raised while probing */
	}
	for (size_t r = 0; r < in->n_reservations; r++)
		if (in->reservations[r].held)
			need += in->reservations[r].size_kib;
	if (need > budget)
		return;
	for (size_t i = 0; i < in->n_domains; i++) {
		const struct plan_domain *d = &in->domains[i];
		const struct plan_decision *o = &x->dec[i];
		uint64_t lo, hi;

		if (!(d->flags & PLAN_DOM_MANAGED) || d->pin_kib == PLAN_NONE ||
		    o->hist.stuck_dir != 0)
			continue;
		prop_bounds(d, in->host_total_kib, &lo, &hi);
		exercised[PROP_PINS]++;
		if (o->plan_kib != plan_clamp(d->pin_kib, lo, hi))
			prop_fail(PROP_PINS, seed, "dom %u pinned at %llu, "
			    "planned %llu although pins fit", d->domid,
			    (unsigned long long)plan_clamp(d->pin_kib, lo, hi),
			    (unsigned long long)o->plan_kib);
	}
}

static int
prop_candidate(const struct plan_decision *o)
{
	return (o->w_flags & PLAN_W_MANAGED) &&
	    !(o->w_flags & (PLAN_W_STUCK | PLAN_W_PINNED | PLAN_W_BANDED));
}

/*
 * Ground truth for properties 5 and 6: what each guest really needs (its
 * demand trace, sim_demand_at()), not what the planner estimated.  The
 * planner can know it only from an honest agent's fresh report, and
 * learns a shortfall a step at a time: a short guest's MemAvailable is 0
 * however short it is, so pressure raises the estimate report by report
 * (slow start) and the balloon then takes its time.  A verdict therefore
 * needs the wrong to last a while (truth_patience()); a planner that
 * ignores the hints keeps it up for as long as the demand lasts.
 *
 * Shown to fail, 10,000 seeds: with demand_usable() returning 0 (every
 * hint ignored; before, all 8 properties passed) property 5 fails 628
 * times ("dom 7 short of its true demand for 65400 ms (patience 65000 ms)
 * while dom 9 is planned well above its own", seed 99) and property 6
 * 755 times; with every weight taken as 1 in plan_bounds(), property 6
 * fails twice (seed 1477).  The real planner's longest spells: 13.2 s
 * and 53.6 s, each within its patience.
 */
#define TRUTH_TOL_KIB		(32 * SIM_MIB)
#define TRUTH_PERSIST_MS	UINT64_C(30000)
#define TRUTH_HOLD_MS		UINT64_C(35000)
#define TRUTH_FALL_KIB_S	(64 * SIM_MIB)

struct truth {
	uint64_t	peak_kib;	/* recent true demand, decaying */
	uint64_t	peak_ms;
	struct truth_spell {
		uint64_t since_ms;	/* wronged since; 0: not */
		uint64_t patience_ms;	/* how long it may last */
		int	 reported;
	} spell[2];			/* properties 5 and 6 */
};

static struct truth truth[SIM_MAX_GUESTS];
static uint64_t truth_longest[PROP_N];

/*
 * After every tick: the peak of the true demand, let go slowly -- held
 * 35 s (the planner may hold its estimate up to 30 s, demand_hold_ms)
 * and then falling at 64 MiB/s (half its 128 MiB/s), so an honest guest
 * is never called rich for an estimate the planner may still keep.
 */
static void
truth_tick(const struct sim_host *h)
{
	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		struct truth *t = &truth[i];
		uint64_t fall;

		if (!g->alive) {
			memset(t, 0, sizeof(*t));
			continue;
		}
		if (g->demand >= t->peak_kib || t->peak_ms == 0) {
			t->peak_kib = g->demand;
			t->peak_ms = h->now_ms;
			continue;
		}
		if (h->now_ms - t->peak_ms < TRUTH_HOLD_MS)
			continue;
		fall = TRUTH_FALL_KIB_S * h->tick_ms / 1000;
		t->peak_kib = plan_max(g->demand,
		    plan_sat_sub(t->peak_kib, fall));
	}
}

/*
 * An honest agent with a fresh report: the planner can know the truth.
 * A liar, garbage, a silent or a stale agent hide it; they are judged by
 * what they take from the honest (properties 1-4), not by their demand.
 */
static int
truth_visible(const struct sim_guest *g, uint64_t now)
{
	if (g->hints_kind != SIM_HINTS_HONEST &&
	    g->hints_kind != SIM_HINTS_STALE)
		return 0;
	return (g->hints.present & PLAN_HINT_MEMINFO) &&
	    g->hints.updated_ms <= now && now - g->hints.updated_ms <= 1000;
}

static uint64_t
truth_need(const struct sim_guest *g, const struct plan_decision *o)
{
	return plan_clamp(g->demand, o->lo_kib, o->hi_kib);
}

/*
 * What an honest guest may be planned without being given memory it
 * does not need: twice its recent peak (the planner's headroom and trend
 * add at most as much again as the demand) and the minimum headroom.
 */
static uint64_t
truth_allowed(const struct truth *t, const struct plan_config *cfg,
    const struct plan_decision *o)
{
	return plan_clamp(plan_sat_add(2 * t->peak_kib, cfg->headroom_min_kib),
	    o->lo_kib, o->hi_kib);
}

/* The admin's weight, else the configured default-weight
 * (xenballoond.conf(5)), clamped as planner.h says. */
static double
truth_weight(const struct sim_xb *x, const struct sim_guest *g)
{
	return (double)plan_clamp(g->weight ? g->weight :
	    x->bcfg.default_weight, 1, PLAN_WEIGHT_MAX);
}

/* KiB above its min per unit of its weight. */
static double
truth_level(const struct sim_xb *x, const struct sim_guest *g,
    const struct plan_decision *o)
{
	return (double)(o->plan_kib - plan_min(o->lo_kib, o->plan_kib)) /
	    truth_weight(x, g);
}

/*
 * How long a shortfall may take to be learnt: TRUTH_PERSIST_MS, plus one
 * report (a second) per pressure step of the shortfall at the start.
 */
static uint64_t
truth_patience(const struct plan_config *cfg, const struct sim_guest *g,
    const struct plan_decision *o)
{
	uint64_t step = plan_max(cfg->pressure_boost_kib,
	    plan_pct(g->actual, cfg->pressure_boost_pct));
	uint64_t gap = plan_sat_sub(truth_need(g, o), o->plan_kib);

	return TRUTH_PERSIST_MS + gap / plan_max(step, 1) * 1000;
}

static void
truth_verdict(enum prop p, struct truth_spell *sp, int wronged,
    uint64_t patience, uint64_t now, uint64_t seed, uint32_t domid,
    const char *what, uint32_t other)
{
	if (!wronged) {
		memset(sp, 0, sizeof(*sp));
		return;
	}
	if (sp->since_ms == 0) {
		sp->since_ms = now;
		sp->patience_ms = patience;
	}
	if (now - sp->since_ms > truth_longest[p])
		truth_longest[p] = now - sp->since_ms;
	if (sp->reported || now - sp->since_ms <= sp->patience_ms)
		return;
	sp->reported = 1;
	prop_fail(p, seed, "at %llu ms: dom %u short of its true demand "
	    "for %llu ms (patience %llu ms) while dom %u %s",
	    (unsigned long long)now, domid,
	    (unsigned long long)(now - sp->since_ms),
	    (unsigned long long)sp->patience_ms, other, what);
}

/*
 * Property 5: while an honest guest is short of its true demand, no
 * honest guest is planned well above its own (truth_allowed).
 * Property 6: no honest guest that holds all it needs and is planned
 * above it has more per unit of weight above its min than the short one.
 * The slack is the water-filling's rounding: planner_share() stops within
 * n KiB of the amount, hands the rest out in slices of at most that, and
 * floors each share (under 1 KiB): at most 2n + 1 KiB for either domain.
 * (The old check allowed 64 KiB per unit of weight above that: 625 MiB
 * for a domain of weight 10,000.)
 */
static void
prop_sharing(const struct sim_xb *x, const struct sim_host *h, uint64_t seed)
{
	const struct plan_decision *dec = x->dec;
	size_t n = x->in.n_domains;
	uint64_t now = h->now_ms;

	for (size_t i = 0; i < n; i++) {
		const struct plan_decision *a = &dec[i];
		const struct sim_guest *ga = &h->g[x->map[i]];
		struct truth *ta = &truth[x->map[i]];
		double la = truth_level(x, ga, a);
		int rich = 0, greedy = 0;
		uint32_t rich_dom = 0, greedy_dom = 0;
		uint64_t pat;

		if (!prop_candidate(a) || !truth_visible(ga, now) ||
		    a->plan_kib + TRUTH_TOL_KIB >= truth_need(ga, a)) {
			memset(ta->spell, 0, sizeof(ta->spell));
			continue;
		}
		exercised[PROP_DEMAND_FIRST]++;
		exercised[PROP_WEIGHTS]++;
		for (size_t j = 0; j < n && !(rich && greedy); j++) {
			const struct plan_decision *b = &dec[j];
			const struct sim_guest *gb = &h->g[x->map[j]];
			double slack;

			if (j == i || !prop_candidate(b))
				continue;
			if (!rich && truth_visible(gb, now) && b->plan_kib >
			    truth_allowed(&truth[x->map[j]], &x->cfg, b) +
			    TRUTH_TOL_KIB) {
				rich = 1;
				rich_dom = b->domid;
			}
			slack = (2.0 * n + 1) / truth_weight(x, gb) +
			    (2.0 * n + 1) / truth_weight(x, ga) + 1e-6 * la;
			if (!greedy && truth_visible(gb, now) &&
			    gb->actual >= truth_need(gb, b) &&
			    b->plan_kib > truth_need(gb, b) +
			    TRUTH_TOL_KIB && truth_level(x, gb, b) > la + slack) {
				greedy = 1;
				greedy_dom = b->domid;
			}
		}
		pat = truth_patience(&x->cfg, ga, a);
		truth_verdict(PROP_DEMAND_FIRST, &ta->spell[0], rich, pat, now,
		    seed, a->domid, "is planned well above its own", rich_dom);
		truth_verdict(PROP_WEIGHTS, &ta->spell[1], greedy, pat, now,
		    seed, a->domid, "holds more than it needs and more per "
		    "unit of weight", greedy_dom);
	}
}

static void
prop_stuck(const struct sim_xb *x, const struct sim_host *h, uint64_t seed)
{
	uint64_t bound = x->cfg.stuck_window_ms + 3000;

	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];

		if (!g->alive || !g->managed || g->blocked_since_ms == 0)
			continue;
		exercised[PROP_STUCK]++;
		if (g->detected || g->flagged_stuck)
			continue;
		if (h->now_ms - g->blocked_since_ms > bound)
			prop_fail(PROP_STUCK, seed, "dom %u blocked since "
			    "%llu ms, not flagged at %llu ms", g->domid,
			    (unsigned long long)g->blocked_since_ms,
			    (unsigned long long)h->now_ms);
	}
}

static void
prop_reservations(const struct sim_xb *x, const struct sim_host *h,
    uint64_t seed)
{
	for (size_t r = 0; r < x->in.n_reservations; r++) {
		const struct plan_res_result *rr = &x->rres[r];
		const struct plan_reservation *res = &x->res[r];

		exercised[PROP_RESERVATIONS]++;
		if (rr->reason == NULL || rr->reason[0] == '\0')
			prop_fail(PROP_RESERVATIONS, seed, "reservation %llu: "
			    "no reason", (unsigned long long)rr->id);
		if (rr->status == PLAN_RES_PENDING && res->deadline_ms != 0 &&
		    h->now_ms > res->deadline_ms)
			prop_fail(PROP_RESERVATIONS, seed, "reservation %llu "
			    "pending past its deadline",
			    (unsigned long long)rr->id);
		if (rr->status == PLAN_RES_FAILED && res->deadline_ms == 0 &&
		    rr->unreachable_kib == 0 && rr->n_refused == 0)
			prop_fail(PROP_RESERVATIONS, seed, "reservation %llu "
			    "failed without saying what is missing",
			    (unsigned long long)rr->id);
	}
}

static void
dump_plan(const struct sim_xb *x)
{
	const struct plan_input *in = &x->in;

	printf("# now %llu total %llu free %llu budget %llu committed %llu "
	    "deficit %llu slack %llu extra %llu\n",
	    (unsigned long long)in->now_ms,
	    (unsigned long long)in->host_total_kib,
	    (unsigned long long)in->host_free_kib,
	    (unsigned long long)x->out.budget_kib,
	    (unsigned long long)x->out.committed_kib,
	    (unsigned long long)x->out.deficit_kib,
	    (unsigned long long)x->cfg.slack_kib,
	    (unsigned long long)x->cfg.maxmem_extra_kib);
	for (size_t i = 0; i < in->n_domains; i++) {
		const struct plan_domain *d = &in->domains[i];
		const struct plan_decision *o = &x->dec[i];

		printf("#  dom %u %s A %llu T %llu M %llu min %llu max %llu "
		    "smax %llu w %u pin %lld -> T %llu M %llu plan %llu "
		    "lo %llu hi %llu need %llu %s (%s)\n", d->domid,
		    (d->flags & PLAN_DOM_MANAGED) ? "m" : "u",
		    (unsigned long long)d->actual_kib,
		    (unsigned long long)d->target_kib,
		    (unsigned long long)d->maxmem_kib,
		    (unsigned long long)d->min_kib,
		    (unsigned long long)d->max_kib,
		    (unsigned long long)d->static_max_kib, d->weight,
		    (long long)d->pin_kib,
		    (unsigned long long)o->target_kib,
		    (unsigned long long)o->maxmem_kib,
		    (unsigned long long)o->plan_kib,
		    (unsigned long long)o->lo_kib,
		    (unsigned long long)o->hi_kib,
		    (unsigned long long)o->w_need,
		    planner_state_name(o->state), o->reason);
	}
	for (size_t r = 0; r < in->n_reservations; r++)
		printf("#  res %llu size %llu held %d -> %s (%s)\n",
		    (unsigned long long)in->reservations[r].id,
		    (unsigned long long)in->reservations[r].size_kib,
		    in->reservations[r].held,
		    planner_res_status_name(x->rres[r].status),
		    x->rres[r].reason);
}

static void
run_seed(uint64_t seed, struct sim_host *h, struct sim_xb *x)
{
	uint64_t next_round = 0, end;
	uint64_t failures_before;

	gen_host(h, x, seed);
	end = 120000;
	memset(truth, 0, sizeof(truth));
	while (h->now_ms < end) {
		sim_tick(h);
		truth_tick(h);
		if (h->now_ms < next_round)
			continue;
		next_round = h->now_ms + (sim_rand(h) % 4 == 0 ?
		    sim_rand_range(h, 100, 3000) : 1000);
		exercised[PROP_CHECK]++;
		if (x->out.deficit_kib == 0)
			exercised[PROP_PROMISES]++;
		if (sim_xb_round(x, h) != 0) {
			prop_fail(PROP_CHECK, seed, "at %llu ms: %s",
			    (unsigned long long)h->now_ms, x->why);
			if (verbose)
				dump_plan(x);
			return;
		}
		if (sim_committed(h) + sim_xb_reserved(h) + h->overhead >
		    h->total && x->out.deficit_kib == 0)
			prop_fail(PROP_PROMISES, seed, "at %llu ms: %llu KiB "
			    "promised on a %llu KiB host",
			    (unsigned long long)h->now_ms,
			    (unsigned long long)(sim_committed(h) +
			    sim_xb_reserved(h) + h->overhead),
			    (unsigned long long)h->total);
		prop_pins(x, seed);
		prop_sharing(x, h, seed);
		prop_stuck(x, h, seed);
		if (verbose > 1)
			dump_plan(x);
		prop_reservations(x, h, seed);
	}
	exercised[PROP_PHYSICAL]++;
	failures_before = h->m.alloc_failures;
	if (failures_before != 0)
		prop_fail(PROP_PHYSICAL, seed, "%llu grows found no free memory",
		    (unsigned long long)failures_before);
}

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	o->first = 1;
	o->count = 10000;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--verbose") == 0) {
			o->verbose++;
		} else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0) {
			o->first = strtoull(argv[++i], NULL, 10);
			o->count = 1;
			o->single = 1;
		} else if (i + 1 < argc && strcmp(argv[i], "--count") == 0) {
			o->count = strtoull(argv[++i], NULL, 10);
		} else if (i + 1 < argc && strcmp(argv[i], "--first") == 0) {
			o->first = strtoull(argv[++i], NULL, 10);
		} else {
			fprintf(stderr, "usage: sim-props [--count N] "
			    "[--first N] [--seed N] [--verbose]\n");
			return -1;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static struct sim_host h;
	static struct sim_xb x;
	struct opts o;
	clock_t t0 = clock();
	int bad = 0;

	memset(&o, 0, sizeof(o));
	if (parse_opts(argc, argv, &o) != 0)
		return 2;
	verbose = o.verbose;
	for (uint64_t s = o.first; s < o.first + o.count; s++)
		run_seed(s, &h, &x);
	printf("1..%d\n", PROP_N);
	for (int p = 0; p < PROP_N; p++) {
		const struct prop_result *r = &results[p];

		if (r->failed == 0 && exercised[p] == 0) {
			/* Nothing was checked: that is not a pass. */
			bad = 1;
			printf("not ok %d - %s: never exercised\n", p + 1,
			    prop_name[p]);
			continue;
		}
		if (r->failed == 0) {
			printf("ok %d - %s (%llu scenarios, %llu checks)\n",
			    p + 1, prop_name[p], (unsigned long long)o.count,
			    (unsigned long long)exercised[p]);
			continue;
		}
		bad = 1;
		printf("not ok %d - %s: %llu failures\n", p + 1, prop_name[p],
		    (unsigned long long)r->failed);
		printf("# first failing seed %llu: %s\n",
		    (unsigned long long)r->first_seed, r->why);
		printf("# reproduce: sim-props --seed %llu --verbose\n",
		    (unsigned long long)r->first_seed);
	}
	printf("# longest wrong spell: demand first %llu ms, weights %llu ms\n",
	    (unsigned long long)truth_longest[PROP_DEMAND_FIRST],
	    (unsigned long long)truth_longest[PROP_WEIGHTS]);
	printf("# %llu scenarios in %.1f s of CPU\n",
	    (unsigned long long)o.count,
	    (double)(clock() - t0) / CLOCKS_PER_SEC);
	return bad;
}
