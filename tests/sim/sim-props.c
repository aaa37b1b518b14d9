/*
 * sim-props.c - the planner's invariants, checked at every round of
 * thousands of random simulated hosts.
 *
 * Each seed builds one host: random sizes, admin bounds (some crossed or
 * absurd), weights, pins, unmanaged domains, balloon drivers (ideal,
 * slow, hidden floor or ceiling, stuck, flaky, Linux 6.1), demand traces,
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
	PROP_DEMAND_FIRST,	/* no surplus while someone is short */
	PROP_WEIGHTS,		/* shortage shared in proportion to weight */
	PROP_STUCK,		/* a blocked guest is flagged within a bound */
	PROP_RESERVATIONS,	/* end granted or failed, with reasons */
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
	[PROP_DEMAND_FIRST] = "no domain gets surplus while another's demand "
	    "is unmet",
	[PROP_WEIGHTS] = "unmet demand is shared in proportion to weight "
	    "(a liar gets no more than its share)",
	[PROP_STUCK] = "a guest that cannot move is marked stuck within "
	    "window + 3 s",
	[PROP_RESERVATIONS] = "reservations end granted or failed with a "
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
	g->speed_kib_s = sim_rand_range(h, 4 * SIM_MIB, 512 * SIM_MIB);
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
	cfg->progress_min_kib_s = sim_rand_range(h, 256, 8 * SIM_MIB);
	cfg->stuck_probe_ms = sim_rand_range(h, 1000, 60000);
	cfg->stuck_probe_max_ms = cfg->stuck_probe_ms *
	    sim_rand_range(h, 1, 16);
	cfg->hint_stale_ms = sim_rand_range(h, 1000, 60000);
	cfg->demand_hold_ms = sim_rand_range(h, 0, 30000);
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
		if (in->reservations[r].granted)
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
 * Property 3 within one tier: if someone's plan is short of its tier
 * level (core demand, or demand + headroom), nobody is planned above that
 * tier, and nobody holds more of the tier per unit of weight than the
 * worst served short domain.
 */
static int
prop_tier(const struct sim_xb *x, uint64_t seed, int tier)
{
	const struct plan_decision *dec = x->dec;
	size_t n = x->in.n_domains, starved = SIZE_MAX;
	double level = 0;

	for (size_t i = 0; i < n; i++) {
		const struct plan_decision *o = &dec[i];
		uint64_t top = tier ? o->w_need : o->w_core;
		uint64_t bot = tier ? o->w_core : o->lo_kib;
		double l;

		if (!prop_candidate(o) || o->plan_kib >= top)
			continue;
		l = (double)(o->plan_kib - plan_min(bot, o->plan_kib)) /
		    o->w_weight;
		if (starved == SIZE_MAX || l < level) {
			starved = i;
			level = l;
		}
	}
	if (starved == SIZE_MAX)
		return 0;
	exercised[PROP_DEMAND_FIRST]++;
	exercised[PROP_WEIGHTS]++;
	for (size_t j = 0; j < n; j++) {
		const struct plan_decision *o = &dec[j];
		uint64_t top = tier ? o->w_need : o->w_core;
		uint64_t bot = tier ? o->w_core : o->lo_kib;
		double l, slack;

		if (!prop_candidate(o))
			continue;
		if (o->plan_kib > plan_max(top, o->lo_kib))
			prop_fail(PROP_DEMAND_FIRST, seed, "dom %u planned "
			    "%llu above its tier-%d level %llu while dom %u is "
			    "short", o->domid, (unsigned long long)o->plan_kib,
			    tier, (unsigned long long)top, dec[starved].domid);
		l = (double)(o->plan_kib - plan_min(bot, o->plan_kib)) /
		    o->w_weight;
		slack = 64.0 / o->w_weight + 1e-3 * level + 64.0;
		if (l > level + slack)
			prop_fail(PROP_WEIGHTS, seed, "tier %d: dom %u got %.1f "
			    "KiB per unit of weight, short dom %u only %.1f",
			    tier, o->domid, l, dec[starved].domid, level);
	}
	return 1;
}

static void
prop_sharing(const struct sim_xb *x, uint64_t seed)
{
	if (!prop_tier(x, seed, 0))
		prop_tier(x, seed, 1);
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
		printf("#  res %llu size %llu granted %d -> %s (%s)\n",
		    (unsigned long long)in->reservations[r].id,
		    (unsigned long long)in->reservations[r].size_kib,
		    in->reservations[r].granted,
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
	while (h->now_ms < end) {
		sim_tick(h);
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
		if (sim_held(h) + sim_xb_reserved(h) + h->overhead > h->total &&
		    x->out.deficit_kib == 0)
			prop_fail(PROP_PROMISES, seed, "at %llu ms: %llu KiB "
			    "promised on a %llu KiB host",
			    (unsigned long long)h->now_ms,
			    (unsigned long long)(sim_held(h) +
			    sim_xb_reserved(h) + h->overhead),
			    (unsigned long long)h->total);
		prop_pins(x, seed);
		prop_sharing(x, seed);
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
	printf("# %llu scenarios in %.1f s of CPU\n",
	    (unsigned long long)o.count,
	    (double)(clock() - t0) / CLOCKS_PER_SEC);
	return bad;
}
