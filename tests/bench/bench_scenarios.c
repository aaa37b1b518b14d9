/*
 * bench_scenarios.c - the hosts policy-bench runs every policy on.
 *
 * Each builder makes the same host for the same seed, so every policy
 * faces identical guests, drivers and demand traces.  Most scenarios are
 * short of memory at their peaks, because that is where policies differ.
 */
#include "config.h"

#include <string.h>

#include "bench.h"

#define GIB	SIM_GIB
#define MIB	SIM_MIB

static struct sim_guest
guest(struct sim_host *h, uint32_t domid, uint64_t smax, uint64_t initial)
{
	struct sim_guest g;

	memset(&g, 0, sizeof(g));
	g.domid = domid;
	g.managed = 1;
	g.static_max = g.max = smax;
	g.min = 256 * MIB;
	g.weight = 100;
	g.pin = PLAN_NONE;
	g.initial = initial;
	g.drv = SIM_DRV_IDEAL;
	g.hints_kind = SIM_HINTS_HONEST;
	g.trace = SIM_TR_STEADY;
	g.period_ms = 1;
	(void)h;
	return g;
}

static void
traced(struct sim_host *h, struct sim_guest *g, enum sim_trace tr,
    uint64_t base_lo, uint64_t base_hi, uint64_t amp_lo, uint64_t amp_hi,
    uint64_t per_lo, uint64_t per_hi)
{
	g->trace = tr;
	g->base = sim_rand_range(h, base_lo, base_hi);
	g->amp = sim_rand_range(h, amp_lo, amp_hi);
	g->period_ms = sim_rand_range(h, per_lo, per_hi);
	g->phase_ms = sim_rand_range(h, 0, g->period_ms);
}

static void
build_steady(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 4 * GIB, 2 * GIB);

		traced(h, &g, SIM_TR_STEADY, 512 * MIB, 3 * GIB, 0, 0, 1, 1);
		sim_add(h, &g);
	}
}

static void
build_ramps(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		traced(h, &g, SIM_TR_RAMP, 512 * MIB, GIB, 2 * GIB, 4 * GIB,
		    120000, 300000);
		sim_add(h, &g);
	}
}

static void
build_spikes(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 10; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 3 * GIB);

		traced(h, &g, SIM_TR_SPIKE, GIB, 2 * GIB, GIB, 3 * GIB,
		    60000, 180000);
		sim_add(h, &g);
	}
}

static void
build_diurnal(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 12; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		traced(h, &g, SIM_TR_DIURNAL, GIB, GIB, GIB, 4 * GIB,
		    600000, 600000);
		sim_add(h, &g);
	}
}

static void
build_many_small(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 48 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 100; i++) {
		struct sim_guest g = guest(h, i, GIB, 450 * MIB);

		g.min = 128 * MIB;
		traced(h, &g, (enum sim_trace)(i % (SIM_TR_DIURNAL + 1)),
		    128 * MIB, 384 * MIB, 0, 512 * MIB, 60000, 600000);
		sim_add(h, &g);
	}
}

static void
build_one_giant(struct sim_host *h, uint64_t seed)
{
	struct sim_guest g;

	sim_init(h, 64 * GIB, 256 * MIB, seed);
	g = guest(h, 1, 56 * GIB, 24 * GIB);
	g.min = 4 * GIB;
	traced(h, &g, SIM_TR_RAMP, 8 * GIB, 8 * GIB, 40 * GIB, 40 * GIB,
	    600000, 600000);
	sim_add(h, &g);
	for (uint32_t i = 2; i <= 7; i++) {
		g = guest(h, i, 4 * GIB, 3 * GIB);
		traced(h, &g, SIM_TR_DIURNAL, GIB, GIB, 2 * GIB, 2 * GIB,
		    300000, 600000);
		sim_add(h, &g);
	}
}

static void
build_stuck_mix(struct sim_host *h, uint64_t seed)
{
	static const enum sim_driver drv[] = {
		SIM_DRV_STUCK, SIM_DRV_FLAKY, SIM_DRV_FLOOR, SIM_DRV_CEILING,
	};

	sim_init(h, 26 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 3 * GIB);

		if (i <= 4) {
			g.drv = drv[i - 1];
			g.floor = g.ceiling = 2560 * MIB;
		}
		traced(h, &g, SIM_TR_RAMP, 512 * MIB, GIB, 2 * GIB, 4 * GIB,
		    120000, 300000);
		sim_add(h, &g);
	}
}

static void
build_liar(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 26 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 3 * GIB);

		if (i > 6) {
			g.hints_kind = SIM_HINTS_LIAR;
			traced(h, &g, SIM_TR_STEADY, 512 * MIB, 512 * MIB, 0, 0,
			    1, 1);
		} else {
			traced(h, &g, SIM_TR_DIURNAL, GIB, GIB, 3 * GIB,
			    3 * GIB, 600000, 600000);
		}
		sim_add(h, &g);
	}
}

static void
build_slow(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		g.drv = SIM_DRV_SLOW;
		g.speed_kibps = sim_rand_range(h, 16 * MIB, 64 * MIB);
		traced(h, &g, SIM_TR_SPIKE, GIB, GIB, 2 * GIB, 2 * GIB,
		    90000, 150000);
		sim_add(h, &g);
	}
}

static void
build_linux(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 20 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2200 * MIB);

		g.drv = SIM_DRV_LINUX;
		traced(h, &g, SIM_TR_RAMP, GIB, GIB, 3 * GIB, 3 * GIB,
		    200000, 400000);
		sim_add(h, &g);
	}
}

static void
build_churn(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		traced(h, &g, SIM_TR_DIURNAL, GIB, GIB, GIB, 3 * GIB,
		    300000, 600000);
		if (i % 2 == 0) {
			g.die_ms = sim_rand_range(h, 100000, 400000);
			g.reborn_ms = g.die_ms + sim_rand_range(h, 5000, 30000);
		}
		sim_add(h, &g);
		/* A reborn domain starts small, as a fresh boot does. */
		h->g[h->n - 1].initial = GIB;
	}
}

/* File servers: most of the demand is page cache MemAvailable calls free. */
static void
build_pagecache(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		traced(h, &g, SIM_TR_DIURNAL, 1536 * MIB, 2 * GIB, GIB,
		    2 * GIB, 300000, 600000);
		g.cache_ws = sim_rand_range(h, 768 * MIB, 1536 * MIB);
		sim_add(h, &g);
	}
}

/* Random multi-GiB bursts at random times. */
static void
build_bursts(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 10; i++) {
		struct sim_guest g = guest(h, i, 8 * GIB, 2560 * MIB);

		traced(h, &g, SIM_TR_BURST, GIB, 2 * GIB, 2 * GIB, 5 * GIB,
		    40000, 120000);
		sim_add(h, &g);
	}
}

/* Guests whose agent is missing or died, among honest ones. */
static void
build_dead_agents(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		g.hints_kind = i <= 2 ? SIM_HINTS_NONE : i <= 4 ?
		    SIM_HINTS_STALE : SIM_HINTS_HONEST;
		traced(h, &g, SIM_TR_RAMP, GIB, 1536 * MIB, GIB, 3 * GIB,
		    120000, 300000);
		sim_add(h, &g);
	}
}

/* Two guests leak until restarted; six follow the day. */
static void
build_leaks(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 8 * GIB, 2560 * MIB);

		if (i <= 2)
			traced(h, &g, SIM_TR_LEAK, GIB, GIB, 1536 * MIB,
			    1536 * MIB, 90000, 150000);
		else
			traced(h, &g, SIM_TR_DIURNAL, GIB, 1536 * MIB, GIB,
			    2 * GIB, 300000, 600000);
		sim_add(h, &g);
	}
}

/* Sizes from 512 MiB to 32 GiB on one host. */
static void
build_hetero(struct sim_host *h, uint64_t seed)
{
	static const uint64_t smax[] = {
		512 * MIB, GIB, 2 * GIB, 4 * GIB, 8 * GIB, 16 * GIB, 32 * GIB,
	};

	sim_init(h, 48 * GIB, 512 * MIB, seed);
	for (uint32_t i = 1; i <= 14; i++) {
		uint64_t m = smax[i % 7];
		struct sim_guest g = guest(h, i, m, m / 2);

		g.min = m / 8;
		traced(h, &g, (enum sim_trace)(i % (SIM_TR_LEAK + 1)), m / 8,
		    m / 4, m / 8, m / 2, 60000, 300000);
		sim_add(h, &g);
	}
}

/*
 * A guest of a boot storm: a late one dies at once and is started again
 * between lo_ms and hi_ms.  Each is added holding what it was built with
 * (or what is free); a guest started again starts at 1.5 GiB.
 */
static void
storm_add(struct sim_host *h, struct sim_guest *g, int late, uint64_t lo_ms,
    uint64_t hi_ms)
{
	if (late) {
		g->die_ms = 100;
		g->reborn_ms = sim_rand_range(h, lo_ms, hi_ms);
	}
	sim_add(h, g);
	h->g[h->n - 1].initial = 1536 * MIB;
}

/* Eight running, eight more started within two minutes. */
static void
build_bootstorm(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 16; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 3 * GIB);

		traced(h, &g, SIM_TR_DIURNAL, 768 * MIB, 1280 * MIB, 512 * MIB,
		    GIB, 300000, 600000);
		storm_add(h, &g, i > 8, 20000, 120000);
	}
}

/* Mins close to the host: little to move, and it must move right. */
static void
build_tight_mins(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 20 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2304 * MIB);

		g.min = 2 * GIB;
		traced(h, &g, SIM_TR_RAMP, 1536 * MIB, 2 * GIB, GIB, 2 * GIB,
		    120000, 300000);
		sim_add(h, &g);
	}
}

/*
 * Small swapless guests whose jobs take 200-320 MiB at about 20 MiB/s
 * (over 11-16 s), more than an equal split leaves them, in turn: the
 * lab's squeeze family (tests/lab/README.md), where a job went from 65
 * MiB available to its OOM kill at that pace, between two reports.
 */
static void
build_jobs(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 1792 * MIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 6; i++) {
		struct sim_guest g = guest(h, i, GIB, 256 * MIB);

		g.min = 128 * MIB;
		g.hints_kind = SIM_HINTS_QUIET;
		traced(h, &g, SIM_TR_JOB, 96 * MIB, 160 * MIB, 200 * MIB,
		    320 * MIB, 128000, 192000);
		sim_add(h, &g);
	}
}

/* Lab-like guests: no swap, nothing to reclaim, no pressure before OOM. */
static void
build_swapless(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 16 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 4 * GIB, 1536 * MIB);

		g.hints_kind = SIM_HINTS_QUIET;
		traced(h, &g, i % 2 ? SIM_TR_RAMP : SIM_TR_SPIKE, 768 * MIB,
		    GIB, GIB, 2 * GIB, 120000, 240000);
		sim_add(h, &g);
	}
}

/*
 * Sixty small guests running jobs, two in three without swap: on the
 * realistic profile each has a kernel share the daemon has not learnt
 * while it moves, so a swapless guest cut below its need shows
 * MemAvailable 0, no pressure, and a demand lower than what it holds.
 * Written after the planner was tuned on the twenty before it.
 */
static void
build_small_jobs(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 60; i++) {
		struct sim_guest g = guest(h, i, GIB, 384 * MIB);

		g.min = 128 * MIB;
		g.hints_kind = i % 3 ? SIM_HINTS_QUIET : SIM_HINTS_HONEST;
		traced(h, &g, SIM_TR_JOB, 128 * MIB, 256 * MIB, 128 * MIB,
		    384 * MIB, 60000, 240000);
		sim_add(h, &g);
	}
}

const struct bench_scenario bench_scenarios[] = {
	{ "steady", "8 VMs, steady demand, host big enough", build_steady },
	{ "ramps", "8 VMs ramping up and down, short at peaks", build_ramps },
	{ "spikes", "10 VMs with sudden spikes", build_spikes },
	{ "diurnal", "12 VMs, day/night cycles out of phase", build_diurnal },
	{ "many-small", "100 small VMs, mixed traces", build_many_small },
	{ "one-giant", "one VM ramping 8 -> 48 GiB among 6 small",
	    build_one_giant },
	{ "stuck-mix", "stuck, flaky, hidden floor and ceiling drivers",
	    build_stuck_mix },
	{ "liar", "2 VMs claiming to starve, 6 honest", build_liar },
	{ "slow", "balloon drivers at 16-64 MiB/s, spikes", build_slow },
	{ "linux-6.1", "stock driver that gives up after 4 failures",
	    build_linux },
	{ "churn", "VMs dying, domids reused by new VMs", build_churn },
	{ "pagecache", "file servers: working set in page cache",
	    build_pagecache },
	{ "bursts", "random multi-GiB bursts", build_bursts },
	{ "dead-agents", "2 VMs without agent, 2 whose agent dies",
	    build_dead_agents },
	{ "leaks", "2 VMs leaking until restarted", build_leaks },
	{ "hetero", "sizes 512 MiB to 32 GiB", build_hetero },
	{ "bootstorm", "8 VMs started within 2 minutes, by reservation",
	    build_bootstorm },
	{ "tight-mins", "mins summing to 80 % of the host", build_tight_mins },
	{ "swapless", "no swap, no pressure signal before the OOM killer",
	    build_swapless },
	{ "jobs", "swapless jobs filling memory within seconds, in turn",
	    build_jobs },
	{ "small-jobs", "60 small VMs, 2 in 3 swapless, jobs in turn",
	    build_small_jobs },
};
const size_t bench_n_scenarios =
    sizeof(bench_scenarios) / sizeof(bench_scenarios[0]);

/*
 * Held out (policy-bench --held-out): nine hosts from the same families
 * with other sizes and mixes, written in session 15 after the planner's
 * defaults were set, and not tuned on.  What they show is in
 * docs/planner.md, "Held out"; a tenth (small-jobs, above) found a fault,
 * and once fixed joined the scenarios the goals are measured on.
 */

static void
h_pagecache(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 12; i++) {
		struct sim_guest g = guest(h, i, 8 * GIB, 2560 * MIB);

		traced(h, &g, i % 2 ? SIM_TR_DIURNAL : SIM_TR_SPIKE, GIB,
		    2 * GIB, GIB, 2 * GIB, 120000, 600000);
		g.cache_ws = sim_rand_range(h, 1536 * MIB, 3 * GIB);
		sim_add(h, &g);
	}
}

static void
h_slow_bursts(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 10; i++) {
		struct sim_guest g = guest(h, i, 8 * GIB, 2560 * MIB);

		g.drv = SIM_DRV_SLOW;
		g.speed_kibps = sim_rand_range(h, 24 * MIB, 128 * MIB);
		traced(h, &g, SIM_TR_BURST, GIB, 2 * GIB, 2 * GIB, 4 * GIB,
		    40000, 120000);
		sim_add(h, &g);
	}
}

static void
h_mixed_drivers(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		if (i % 2) {
			g.drv = SIM_DRV_SLOW;
			g.speed_kibps = sim_rand_range(h, 16 * MIB, 64 * MIB);
		}
		traced(h, &g, i % 3 ? SIM_TR_SPIKE : SIM_TR_RAMP, GIB,
		    1536 * MIB, GIB, 2 * GIB, 60000, 200000);
		sim_add(h, &g);
	}
}

static void
h_sparse_agents(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		g.hints_kind = i <= 4 ? SIM_HINTS_STALE : i <= 6 ?
		    SIM_HINTS_HONEST : SIM_HINTS_NONE;
		traced(h, &g, i % 2 ? SIM_TR_SPIKE : SIM_TR_DIURNAL, GIB,
		    1536 * MIB, GIB, 2 * GIB, 90000, 300000);
		sim_add(h, &g);
	}
}

static void
h_leaks(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 10; i++) {
		struct sim_guest g = guest(h, i, 8 * GIB, 2560 * MIB);

		if (i <= 4)
			traced(h, &g, SIM_TR_LEAK, GIB, GIB, GIB,
			    2 * GIB, 60000, 150000);
		else
			traced(h, &g, SIM_TR_SPIKE, GIB, 1536 * MIB, GIB,
			    2 * GIB, 60000, 180000);
		sim_add(h, &g);
	}
}

static void
h_diurnal(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 40 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 16; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		traced(h, &g, SIM_TR_DIURNAL, 768 * MIB, 1536 * MIB, GIB,
		    3 * GIB, 400000, 600000);
		sim_add(h, &g);
	}
}

static void
h_bootstorm(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 16; i++) {
		struct sim_guest g = guest(h, i, 4 * GIB, 2 * GIB);

		traced(h, &g, SIM_TR_SPIKE, 512 * MIB, GIB, 512 * MIB,
		    GIB, 60000, 200000);
		storm_add(h, &g, i > 6, 5000, 60000);
	}
}

static void
h_swapless(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 12 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 10; i++) {
		struct sim_guest g = guest(h, i, 3 * GIB, GIB);

		g.hints_kind = SIM_HINTS_QUIET;
		traced(h, &g, i % 2 ? SIM_TR_SPIKE : SIM_TR_BURST, 512 * MIB,
		    768 * MIB, 256 * MIB, GIB, 30000, 120000);
		sim_add(h, &g);
	}
}

static void
h_hetero_bursts(struct sim_host *h, uint64_t seed)
{
	static const uint64_t smax[] = {
		GIB, 2 * GIB, 4 * GIB, 8 * GIB, 16 * GIB,
	};

	sim_init(h, 40 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 12; i++) {
		uint64_t m = smax[i % 5];
		struct sim_guest g = guest(h, i, m, m / 2);

		g.min = m / 8;
		traced(h, &g, SIM_TR_BURST, m / 8, m / 4, m / 4, m / 2, 40000,
		    200000);
		sim_add(h, &g);
	}
}

const struct bench_scenario bench_heldout[] = {
	{ "h-pagecache", "12 file servers, 1.5-3 GiB of page cache each, "
	    "day cycles and spikes", h_pagecache },
	{ "h-slowburst", "balloons at 24-128 MiB/s, random 2-4 GiB bursts",
	    h_slow_bursts },
	{ "h-mixeddrv", "half the balloons at 16-64 MiB/s, spikes and ramps",
	    h_mixed_drivers },
	{ "h-sparse", "4 agents that die, 2 guests without one",
	    h_sparse_agents },
	{ "h-leaks", "4 of 10 guests leaking until restarted, 6 spiking",
	    h_leaks },
	{ "h-diurnal", "16 VMs, day cycles of 400-600 s", h_diurnal },
	{ "h-bootstorm", "10 of 16 small VMs started within a minute",
	    h_bootstorm },
	{ "h-swapless", "10 swapless VMs, spikes and bursts of 0.25-1 GiB",
	    h_swapless },
	{ "h-heterob", "sizes 1 to 16 GiB, bursts", h_hetero_bursts },
};
const size_t bench_n_heldout =
    sizeof(bench_heldout) / sizeof(bench_heldout[0]);

/*
 * Variants written in session 25 to look for families where the planner
 * loses, after the surplus by range (policy-bench --variants): sizes and
 * trace kinds the other two tables do not pair.  One of them, liars
 * beside leaks and spikes, was then tuned on (docs/planner.md, "Peaks
 * before a chronic swallower"), so none of these is held out.
 */
static void
v_hetero_diurnal(struct sim_host *h, uint64_t seed)
{
	static const uint64_t smax[] = {
		GIB, 2 * GIB, 4 * GIB, 8 * GIB, 16 * GIB, 32 * GIB,
	};

	sim_init(h, 64 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 12; i++) {
		uint64_t m = smax[i % 6];
		struct sim_guest g = guest(h, i, m, m / 2);

		g.min = m / 8;
		traced(h, &g, SIM_TR_DIURNAL, m / 8, m / 4, m / 4, m / 2,
		    300000, 600000);
		sim_add(h, &g);
	}
}

static void
v_slow_spikes(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 40 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 10; i++) {
		struct sim_guest g = guest(h, i, 8 * GIB, 3 * GIB);

		g.drv = SIM_DRV_SLOW;
		g.speed_kibps = sim_rand_range(h, 32 * MIB, 96 * MIB);
		traced(h, &g, SIM_TR_SPIKE, 1536 * MIB, 2 * GIB, 2 * GIB,
		    3 * GIB, 60000, 180000);
		sim_add(h, &g);
	}
}

static void
v_many_bursty(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 40 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 40; i++) {
		struct sim_guest g = guest(h, i, 2 * GIB, GIB);

		g.min = 128 * MIB;
		traced(h, &g, SIM_TR_BURST, 256 * MIB, 512 * MIB, 512 * MIB,
		    1536 * MIB, 30000, 120000);
		sim_add(h, &g);
	}
}

static void
v_tight_jobs(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 16 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 4 * GIB, 2 * GIB);

		g.hints_kind = SIM_HINTS_QUIET;
		traced(h, &g, SIM_TR_JOB, 512 * MIB, GIB, GIB, 2 * GIB, 60000,
		    180000);
		sim_add(h, &g);
	}
}

static void
v_liars_leaks(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 10; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 3 * GIB);

		if (i <= 3) {
			g.hints_kind = SIM_HINTS_LIAR;
			traced(h, &g, SIM_TR_STEADY, GIB, GIB, 0, 0, 1, 1);
		} else if (i <= 6)
			traced(h, &g, SIM_TR_LEAK, GIB, GIB, 512 * MIB, GIB,
			    60000, 120000);
		else
			traced(h, &g, SIM_TR_SPIKE, GIB, 1536 * MIB, GIB,
			    2 * GIB, 60000, 180000);
		sim_add(h, &g);
	}
}

static void
v_cache_spikes(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 10; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 3 * GIB);

		if (i % 2) {
			traced(h, &g, SIM_TR_STEADY, 2 * GIB, 3 * GIB, 0, 0, 1,
			    1);
			g.cache_ws = sim_rand_range(h, 1536 * MIB,
			    2560 * MIB);
		} else
			traced(h, &g, SIM_TR_SPIKE, GIB, 1536 * MIB, GIB,
			    2 * GIB, 60000, 180000);
		sim_add(h, &g);
	}
}

static void
v_linux_bursts(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		g.drv = SIM_DRV_LINUX;
		traced(h, &g, SIM_TR_BURST, GIB, 1536 * MIB, GIB, 3 * GIB,
		    40000, 150000);
		sim_add(h, &g);
	}
}

static void
v_stale_swapless(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 16 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 10; i++) {
		struct sim_guest g = guest(h, i, 3 * GIB, 1280 * MIB);

		g.hints_kind = i <= 3 ? SIM_HINTS_STALE : SIM_HINTS_QUIET;
		traced(h, &g, i % 2 ? SIM_TR_SPIKE : SIM_TR_DIURNAL, 512 * MIB,
		    GIB, 256 * MIB, GIB, 40000, 200000);
		sim_add(h, &g);
	}
}

/*
 * Variants written in session 30, after the half guard, for what no
 * table had: weights other than 100, mins near what guests use, a host
 * of 64 guests, file servers on slow balloons, demand above the host
 * for minutes on end, agents of every kind on one host, and jobs of up
 * to 8 GiB.  Appended so that the eight above keep their seeds.
 */
/* The weights v-weights and v-overload give their guests in turn. */
static const uint32_t v_weight_cycle[] = { 50, 100, 200, 400 };

static void
v_weights(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		g.weight = v_weight_cycle[i % 4];
		traced(h, &g, i % 2 ? SIM_TR_RAMP : SIM_TR_SPIKE, GIB, 2 * GIB,
		    GIB, 3 * GIB, 120000, 300000);
		sim_add(h, &g);
	}
}

static void
v_big_mins(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2560 * MIB);

		g.min = sim_rand_range(h, 1536 * MIB, 2560 * MIB);
		traced(h, &g, i % 2 ? SIM_TR_BURST : SIM_TR_SPIKE, GIB, 2 * GIB,
		    GIB, 2 * GIB, 60000, 180000);
		sim_add(h, &g);
	}
}

static void
v_large_host(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 256 * GIB, GIB, seed);
	for (uint32_t i = 1; i <= 64; i++) {
		uint64_t m = sim_rand_range(h, 2, 16) * GIB;
		struct sim_guest g = guest(h, i, m, m / 4);

		traced(h, &g, (enum sim_trace)(SIM_TR_RAMP + i % 6), m / 8,
		    m / 4, m / 8, m / 2, 60000, 400000);
		sim_add(h, &g);
	}
}

static void
v_cache_slow(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 10; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 3 * GIB);

		g.drv = SIM_DRV_SLOW;
		g.speed_kibps = sim_rand_range(h, 32 * MIB, 128 * MIB);
		traced(h, &g, i % 2 ? SIM_TR_DIURNAL : SIM_TR_SPIKE, GIB,
		    1536 * MIB, GIB, 2 * GIB, 90000, 400000);
		g.cache_ws = sim_rand_range(h, 512 * MIB, 1536 * MIB);
		sim_add(h, &g);
	}
}

static void
v_overload(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 24 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 8; i++) {
		struct sim_guest g = guest(h, i, 8 * GIB, 2560 * MIB);

		g.weight = v_weight_cycle[i % 4];
		traced(h, &g, SIM_TR_DIURNAL, 2 * GIB, 3 * GIB, GIB, 2 * GIB,
		    200000, 500000);
		sim_add(h, &g);
	}
}

static void
v_mixed_hints(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 32 * GIB, 256 * MIB, seed);
	for (uint32_t i = 1; i <= 12; i++) {
		struct sim_guest g = guest(h, i, 6 * GIB, 2 * GIB);

		g.hints_kind = i <= 3 ? SIM_HINTS_QUIET : i <= 5 ?
		    SIM_HINTS_STALE : i <= 6 ? SIM_HINTS_NONE :
		    SIM_HINTS_HONEST;
		traced(h, &g, i % 2 ? SIM_TR_BURST : SIM_TR_SPIKE, GIB,
		    1536 * MIB, 512 * MIB, 2 * GIB, 40000, 200000);
		sim_add(h, &g);
	}
}

static void
v_big_jobs(struct sim_host *h, uint64_t seed)
{
	sim_init(h, 64 * GIB, 512 * MIB, seed);
	for (uint32_t i = 1; i <= 12; i++) {
		struct sim_guest g = guest(h, i, 16 * GIB, 4 * GIB);

		traced(h, &g, SIM_TR_JOB, GIB, 2 * GIB, 2 * GIB, 8 * GIB,
		    60000, 240000);
		sim_add(h, &g);
	}
}

const struct bench_scenario bench_variants[] = {
	{ "v-hetdiurnal", "sizes 1 to 32 GiB, day cycles by size",
	    v_hetero_diurnal },
	{ "v-slowspikes", "balloons at 32-96 MiB/s, 2-3 GiB spikes",
	    v_slow_spikes },
	{ "v-manybursts", "40 small VMs, bursts up to 1.5 GiB",
	    v_many_bursty },
	{ "v-tightjobs", "8 swapless VMs, jobs on a tight host",
	    v_tight_jobs },
	{ "v-liarsleaks", "3 liars, 3 leaks, 4 spiking VMs", v_liars_leaks },
	{ "v-cachespikes", "5 file servers beside 5 spiking VMs",
	    v_cache_spikes },
	{ "v-linuxbursts", "Linux 6.1 drivers under bursts", v_linux_bursts },
	{ "v-stalequiet", "3 stale agents, 7 swapless VMs",
	    v_stale_swapless },
	{ "v-weights", "weights 50 to 400, ramps and spikes", v_weights },
	{ "v-bigmins", "mins of 1.5-2.5 GiB, bursts and spikes",
	    v_big_mins },
	{ "v-large", "64 VMs of 2-16 GiB on 256 GiB", v_large_host },
	{ "v-cacheslow", "file servers on 32-128 MiB/s balloons",
	    v_cache_slow },
	{ "v-overload", "demand above the host for minutes, weighted",
	    v_overload },
	{ "v-mixedhints", "swapless, stale, absent and live agents",
	    v_mixed_hints },
	{ "v-bigjobs", "12 VMs, jobs of 2-8 GiB on 64 GiB", v_big_jobs },
};
const size_t bench_n_variants =
    sizeof(bench_variants) / sizeof(bench_variants[0]);

/*
 * Random hosts (policy-bench --random): every choice from the seed, so
 * that the families are paired in ways no one wrote down: 3-48 guests of
 * one size class or mixed, any trace, one host in three with weights,
 * swapless and agentless guests, slow and misbehaving drivers, file
 * servers, deaths and rebirths, and a host from half to one and a half
 * times the guests' mean peak.  Written in session 31 to look for losses
 * no table was made to show; the planner was not tuned on them.
 */
static uint64_t
pick(struct sim_host *h, const uint64_t *v, size_t n)
{
	return v[sim_rand_range(h, 0, n - 1)];
}

/* 1 in n */
static int
one_in(struct sim_host *h, uint64_t n)
{
	return sim_rand_range(h, 1, n) == 1;
}

static void
r_host(struct sim_host *h, uint64_t seed)
{
	static const uint64_t sizes[] = {
		512 * MIB, GIB, 2 * GIB, 4 * GIB, 8 * GIB, 16 * GIB, 32 * GIB,
	};
	static const uint64_t counts[] = { 3, 4, 6, 8, 8, 10, 12, 16, 24, 48 };
	static const enum sim_driver odd[] = {
		SIM_DRV_STUCK, SIM_DRV_FLAKY, SIM_DRV_FLOOR, SIM_DRV_CEILING,
		SIM_DRV_LINUX,
	};
	struct sim_guest gs[48];
	uint64_t n, cls, peaks = 0, mins = 0, inits = 0, total;
	int mixed, weighted, churny;

	/* The guests first, on a host sized after them. */
	sim_init(h, GIB, 256 * MIB, seed);
	n = pick(h, counts, sizeof(counts) / sizeof(counts[0]));
	mixed = one_in(h, 3);
	weighted = one_in(h, 3);
	churny = one_in(h, 4);
	cls = sim_rand_range(h, 0, 5);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t m = mixed ? pick(h, sizes, 7) : sizes[cls];
		struct sim_guest *g = &gs[i];
		enum sim_trace tr = (enum sim_trace)sim_rand_range(h, 0,
		    SIM_TR_N - 1);

		if (n > 16 && m > 8 * GIB)
			m = 8 * GIB;
		*g = guest(h, i + 1, m, m * sim_rand_range(h, 25, 75) / 100);
		g->min = one_in(h, 5) ? m * sim_rand_range(h, 20, 40) / 100 :
		    m / 8 > 256 * MIB ? m / 8 : 128 * MIB;
		if (weighted)
			g->weight = (uint32_t)sim_rand_range(h, 25, 400);
		traced(h, g, tr, m / 8, m / 3, m / 8, m / 2, 30000, 600000);
		if (g->base + g->amp > m)
			g->amp = m - g->base;
		if (one_in(h, 4))
			g->hints_kind = SIM_HINTS_QUIET;
		else if (one_in(h, 8))
			g->hints_kind = one_in(h, 2) ? SIM_HINTS_NONE :
			    SIM_HINTS_STALE;
		else if (one_in(h, 24))
			g->hints_kind = SIM_HINTS_LIAR;
		if (one_in(h, 5)) {
			g->drv = SIM_DRV_SLOW;
			g->speed_kibps = sim_rand_range(h, 16 * MIB,
			    256 * MIB);
		} else if (one_in(h, 12)) {
			g->drv = odd[sim_rand_range(h, 0, 4)];
			g->floor = g->ceiling = m / 2;
		}
		if (g->hints_kind == SIM_HINTS_HONEST && one_in(h, 5))
			g->cache_ws = (g->base + g->amp) *
			    sim_rand_range(h, 20, 60) / 100;
		if (churny && one_in(h, 2)) {
			g->die_ms = sim_rand_range(h, 100, 400000);
			g->reborn_ms = g->die_ms + sim_rand_range(h, 2000,
			    60000);
		}
		peaks += g->base + g->amp;
		mins += g->min;
	}
	/* Half to one and a half times the mean peak; the mins must fit. */
	total = peaks * 3 / 4 * sim_rand_range(h, 50, 150) / 100;
	if (total < mins + mins / 4)
		total = mins + mins / 4;
	h->total = total + h->overhead;
	/*
	 * Started within what the host has: what each was to hold above its
	 * min shrunk in proportion (the mins fit, a quarter to spare).
	 */
	for (uint32_t i = 0; i < n; i++) {
		if (gs[i].initial < gs[i].min)
			gs[i].initial = gs[i].min;
		inits += gs[i].initial;
	}
	for (uint32_t i = 0; i < n && inits > total; i++)
		gs[i].initial = gs[i].min + (gs[i].initial - gs[i].min) /
		    SIM_MIB * ((total - mins) / SIM_MIB) /
		    ((inits - mins) / SIM_MIB) * SIM_MIB;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t born = gs[i].initial;

		sim_add(h, &gs[i]);
		/* A guest started again starts at its first size. */
		h->g[h->n - 1].initial = born;
	}
}

/*
 * Scenario s of a table is built from seed + s: the host of r-NN is made
 * from (seed + NN) * 32 + NN, so that each seed gives 32 hosts none of
 * the other seeds give.
 */
#define R(nn)								\
static void								\
r_##nn(struct sim_host *h, uint64_t seed)				\
{									\
	r_host(h, seed * 32 + (nn));					\
}
R(0) R(1) R(2) R(3) R(4) R(5) R(6) R(7) R(8) R(9) R(10) R(11) R(12)
R(13) R(14) R(15) R(16) R(17) R(18) R(19) R(20) R(21) R(22) R(23) R(24)
R(25) R(26) R(27) R(28) R(29) R(30) R(31)
#undef R

#define R(nn)	{ "r-" #nn, "a random host", r_##nn }
const struct bench_scenario bench_random[] = {
	R(0), R(1), R(2), R(3), R(4), R(5), R(6), R(7), R(8), R(9), R(10),
	R(11), R(12), R(13), R(14), R(15), R(16), R(17), R(18), R(19), R(20),
	R(21), R(22), R(23), R(24), R(25), R(26), R(27), R(28), R(29), R(30),
	R(31),
};
#undef R
const size_t bench_n_random = sizeof(bench_random) / sizeof(bench_random[0]);
