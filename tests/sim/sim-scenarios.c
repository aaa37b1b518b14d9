/*
 * sim-scenarios.c - the planner's behaviour, one story at a time.
 *
 * Each scenario builds a small simulated host, runs the real planner
 * against it the way the daemon does (a round a second, and one more
 * whenever a balloon moved), and checks what must hold.  Every round is
 * also checked by planner_check().  TAP output; a failing scenario says
 * what it saw.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner_int.h"
#include "sim.h"
#include "sim_xb.h"

#define GIB	SIM_GIB
#define MIB	SIM_MIB

static struct sim_host h;
static struct sim_xb x;
static char why[512];
static int check_failed;
static uint64_t overcommits;	/* rounds whose promises overfilled the host */
static uint64_t last_unmet;	/* the last hand-built plan's unmet_kib */
static int daemon_cadence;	/* rounds once a second, as xenballoond's
				   while domains move; else after every
				   tick that moved a balloon too */

static int
fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return 0;
}

static void
host(uint64_t total)
{
	sim_init(&h, total, 0, 7);
	sim_xb_init(&x);
	check_failed = 0;
	overcommits = 0;
	daemon_cadence = 0;
}

static int
guest(uint64_t initial, uint64_t demand, enum sim_driver drv)
{
	struct sim_guest g;

	memset(&g, 0, sizeof(g));
	g.domid = (uint32_t)h.n + 1;
	g.managed = 1;
	g.static_max = g.max = 8 * GIB;
	g.min = 256 * MIB;
	g.weight = 100;
	g.pin = PLAN_NONE;
	g.initial = initial;
	g.drv = drv;
	g.speed_kibps = 64 * MIB;
	g.hints_kind = SIM_HINTS_HONEST;
	g.trace = SIM_TR_STEADY;
	g.base = demand;
	g.period_ms = 1;
	return sim_add(&h, &g);
}

static struct sim_guest *
G(int i)
{
	return &h.g[i];
}

/* Guest i holds all its demand; else why says so, naming it who. */
static int
holds_its_demand(int i, const char *who)
{
	if (G(i)->actual >= G(i)->demand)
		return 1;
	return fail("%s holds %llu MiB of its %llu MiB demand", who,
	    (unsigned long long)(G(i)->actual / MIB),
	    (unsigned long long)(G(i)->demand / MIB));
}

/* No round promised more than the host has; else why says how many. */
static int
never_overcommitted(void)
{
	if (overcommits == 0)
		return 1;
	return fail("%llu rounds promised more than the host has",
	    (unsigned long long)overcommits);
}

/* Guest i's decision in the last round (all zero if it was not there). */
static const struct plan_decision *
decision(int i)
{
	static const struct plan_decision absent = { .reason = "absent" };

	for (size_t k = 0; k < x.in.n_domains; k++)
		if (x.map[k] == (size_t)i)
			return &x.dec[k];
	return &absent;
}

/* Run for ms milliseconds; stop early (returning 1) once done() says so. */
static int
run(uint64_t ms, int (*done)(void))
{
	uint64_t end = h.now_ms + ms, next = h.now_ms;

	while (h.now_ms < end) {
		sim_tick(&h);
		if (h.now_ms < next && (!h.moved || daemon_cadence))
			continue;
		if (h.now_ms >= next)
			next = h.now_ms + 1000;
		if (sim_xb_round(&x, &h) != 0) {
			check_failed = 1;
			fail("planner_check at %llu ms: %s",
			    (unsigned long long)h.now_ms, x.why);
			return 0;
		}
		/* Every scenario: what is promised fits the host. */
		if (sim_committed(&h) + h.overhead > h.total)
			overcommits++;
		if (done != NULL && done())
			return 1;
	}
	return 0;
}

static int
flagged0(void)
{
	return G(0)->flagged_stuck;
}

/* --- the scenarios --------------------------------------------------- */

static int
stuck_guest_is_routed_around(void)
{
	uint64_t t0;

	host(8 * GIB);
	guest(3 * GIB, 1 * GIB, SIM_DRV_STUCK);		/* will not give */
	guest(1 * GIB, 3584 * MIB, SIM_DRV_IDEAL);	/* needs 2.5 more */
	guest(3 * GIB, 1 * GIB, SIM_DRV_IDEAL);		/* can give */
	t0 = h.now_ms;
	if (!run(20000, flagged0))
		return check_failed ? 0 : fail("stuck guest never flagged");
	if (h.now_ms - t0 > x.cfg.stuck_window_ms + 3000)
		return fail("flagged after %llu ms",
		    (unsigned long long)(h.now_ms - t0));
	if (decision(0)->target_kib != G(0)->actual)
		return fail("stuck guest's target %llu is not what it holds "
		    "%llu", (unsigned long long)decision(0)->target_kib,
		    (unsigned long long)G(0)->actual);
	run(10000, NULL);
	if (G(1)->actual < 3584 * MIB)
		return fail("the needy guest got only %llu KiB",
		    (unsigned long long)G(1)->actual);
	if (G(2)->actual >= 3 * GIB)
		return fail("the cooperative guest was not asked instead");
	return !check_failed;
}

/*
 * squeezed clears its verdict on any movement, so a driver that works
 * 1 s in 20 is trusted again and again.  Here it is held for most of
 * the run, and memory is never left promised to it for long.
 */
static int
flaky_guest_is_held_not_rewarded(void)
{
	uint64_t flagged = 0, promised = 0, rounds = 0;

	host(8 * GIB);
	guest(2 * GIB, 5 * GIB, SIM_DRV_FLAKY);
	guest(4 * GIB, 5 * GIB, SIM_DRV_IDEAL);
	for (int s = 0; s < 300; s++) {
		run(1000, NULL);
		rounds++;
		flagged += G(0)->flagged_stuck;
		if (G(0)->target > G(0)->actual)
			promised += G(0)->target - G(0)->actual;
	}
	if (check_failed)
		return 0;
	if (flagged * 10 < rounds * 6)
		return fail("held only %llu of %llu s",
		    (unsigned long long)flagged, (unsigned long long)rounds);
	/*
	 * At most a probe step outstanding on average: max(64 MiB, 5 %
	 * of what it holds), planner_int.h.  (It knows its guest is 3 GiB
	 * short from its swap, so it probes whenever it may.)
	 */
	if (promised / rounds > (G(0)->actual / 20 > 64 * MIB ?
	    G(0)->actual / 20 : 64 * MIB))
		return fail("on average %llu KiB promised to it but not taken",
		    (unsigned long long)(promised / rounds));
	if (decision(0)->strikes < 2)
		return fail("only %u strikes", decision(0)->strikes);
	return 1;
}

static int
liar_gets_no_more_than_its_share(void)
{
	uint64_t share;

	host(8 * GIB);
	G(guest(2 * GIB, 512 * MIB, SIM_DRV_IDEAL))->hints_kind =
	    SIM_HINTS_LIAR;
	guest(2 * GIB, 6 * GIB, SIM_DRV_IDEAL);
	guest(2 * GIB, 6 * GIB, SIM_DRV_IDEAL);
	guest(2 * GIB, 6 * GIB, SIM_DRV_IDEAL);
	run(60000, NULL);
	if (check_failed)
		return 0;
	share = (8 * GIB - x.cfg.slack_kib) / 4;
	if (G(0)->actual > share + share / 50)
		return fail("liar holds %llu KiB, fair share is %llu",
		    (unsigned long long)G(0)->actual,
		    (unsigned long long)share);
	for (int i = 1; i < 4; i++)
		if (G(i)->actual + share / 20 < share)
			return fail("honest dom %d holds only %llu KiB", i + 1,
			    (unsigned long long)G(i)->actual);
	return 1;
}

/*
 * An honest guest climbing 8 MiB/s, reported every 12 s, beside a liar
 * that swallows every grant: the liar's claims beyond its share come
 * after the honest guest's headroom, so the climb is met as it goes.
 * When written, it failed with demand_streak() never setting swallows
 * (the honest guest ran 71 MiB short while the liar held 4.1 GiB); since
 * the guard (plan_guard()) it passes without the rule too (measured
 * 2026-12-05), so the liar's reason is what fails then: 'short-shared'.
 */
static int
liar_does_not_take_an_honest_climbers_headroom(void)
{
	uint64_t worst = 0;

	host(8 * GIB);
	G(guest(3 * GIB, 512 * MIB, SIM_DRV_IDEAL))->hints_kind =
	    SIM_HINTS_LIAR;
	guest(2 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	G(1)->trace = SIM_TR_RAMP;
	G(1)->amp = 1536 * MIB;
	G(1)->period_ms = 400000;	/* 1.5 GiB over 200 s: 8 MiB/s */
	G(1)->hint_every_ms = 12000;
	guest(2 * GIB, 1536 * MIB, SIM_DRV_IDEAL);
	for (int s = 0; s < 200; s++) {
		run(1000, NULL);
		if (s >= 30)
			worst = plan_max(worst, plan_sat_sub(G(1)->demand,
			    G(1)->actual));
	}
	if (check_failed)
		return 0;
	if (worst > 64 * MIB)
		return fail("the honest climber ran %llu KiB short; the liar "
		    "holds %llu KiB", (unsigned long long)worst,
		    (unsigned long long)G(0)->actual);
	/* And the administrator is told why the liar gets no more. */
	if (decision(0)->why != PLAN_WHY_SWALLOWS)
		return fail("the liar's reason is '%s', not swallows",
		    planner_why_name(decision(0)->why));
	return 1;
}

static int
hints_never_break_admin_bounds(void)
{
	host(16 * GIB);
	G(guest(1 * GIB, 512 * MIB, SIM_DRV_IDEAL))->hints_kind =
	    SIM_HINTS_GARBAGE;
	G(0)->max = 2 * GIB;
	G(guest(4 * GIB, 512 * MIB, SIM_DRV_IDEAL))->hints_kind =
	    SIM_HINTS_LIAR;
	G(1)->max = 3 * GIB;
	G(guest(3 * GIB, 6 * GIB, SIM_DRV_IDEAL))->min = 2 * GIB;
	for (int s = 0; s < 120; s++) {
		run(1000, NULL);
		if (G(0)->target > 2 * GIB || G(1)->target > 3 * GIB)
			return fail("a hint pushed a target above its max");
		if (G(2)->target < 2 * GIB)
			return fail("a target went below its min");
	}
	return !check_failed;
}

static int
res_held(void)
{
	return h.res_state[0] == PLAN_RES_HELD;
}

static int
reservation_is_held_after_shrinks(void)
{
	host(8 * GIB);
	guest(3 * GIB, 1 * GIB, SIM_DRV_SLOW);
	guest(3 * GIB, 1 * GIB, SIM_DRV_SLOW);
	guest(1 * GIB, 512 * MIB, SIM_DRV_SLOW);
	run(20000, NULL);
	h.n_res = 1;
	h.res[0].id = 42;
	h.res[0].size_kib = 3 * GIB;
	if (!run(60000, res_held))
		return check_failed ? 0 : fail("not held in 60 s");
	if (sim_free(&h) < 3 * GIB)
		return fail("held, but only %llu KiB free",
		    (unsigned long long)sim_free(&h));
	run(30000, NULL);
	if (sim_free(&h) < 3 * GIB || h.res_state[0] != PLAN_RES_HELD)
		return fail("memory not kept free: %llu KiB free",
		    (unsigned long long)sim_free(&h));
	return !check_failed;
}

static int
reservation_fails_naming_the_stuck_domain(void)
{
	const struct plan_res_result *rr;

	host(8 * GIB);
	guest(5 * GIB, 1 * GIB, SIM_DRV_STUCK);
	guest(2 * GIB, 2 * GIB, SIM_DRV_IDEAL);
	G(1)->min = 2 * GIB;
	run(15000, NULL);
	h.n_res = 1;
	h.res[0].id = 7;
	h.res[0].size_kib = 2 * GIB;
	run(2000, NULL);
	rr = &x.rres[0];
	if (check_failed)
		return 0;
	if (rr->status != PLAN_RES_FAILED)
		return fail("status %s", planner_res_status_name(rr->status));
	if (rr->unreachable_kib == 0 || rr->n_refused == 0 ||
	    rr->refused_domids[0] != 1)
		return fail("unreachable %llu, %u refused, first %u",
		    (unsigned long long)rr->unreachable_kib, rr->n_refused,
		    rr->refused_domids[0]);
	return 1;
}

static int
reservation_past_its_deadline_fails(void)
{
	host(8 * GIB);
	guest(4 * GIB, 1 * GIB, SIM_DRV_SLOW);
	guest(3 * GIB, 1 * GIB, SIM_DRV_SLOW);
	G(0)->speed_kibps = G(1)->speed_kibps = 4 * MIB;
	run(2000, NULL);
	h.n_res = 1;
	h.res[0].id = 9;
	h.res[0].size_kib = 4 * GIB;
	h.res[0].deadline_ms = h.now_ms + 5000;
	run(8000, NULL);
	if (check_failed)
		return 0;
	if (h.res_state[0] != PLAN_RES_FAILED)
		return fail("still %d after its deadline", h.res_state[0]);
	return 1;
}

static int
reused_domid_starts_afresh(void)
{
	host(8 * GIB);
	guest(3 * GIB, 1 * GIB, SIM_DRV_STUCK);
	guest(1 * GIB, 5 * GIB, SIM_DRV_IDEAL);
	run(20000, NULL);
	if (decision(0)->strikes == 0)
		return fail("setup: the stuck guest has no strike");
	G(0)->die_ms = h.now_ms + 100;
	run(1000, NULL);
	/* The toolstack reserves memory for the new domain, then builds it. */
	h.n_res = 1;
	h.res[0].id = 1;
	h.res[0].size_kib = 1 * GIB;
	if (!run(10000, res_held))
		return check_failed ? 0 : fail("no memory for the new domain");
	h.n_res = 0;
	h.res_state[0] = -1;
	G(0)->reborn_ms = h.now_ms;
	G(0)->drv = SIM_DRV_IDEAL;
	G(0)->initial = 1 * GIB;
	run(5000, NULL);
	if (!G(0)->alive)
		return fail("not reborn");
	if (decision(0)->strikes != 0 || decision(0)->state == PLAN_STUCK)
		return fail("new domain with domid %u inherited %u strikes",
		    G(0)->domid, decision(0)->strikes);
	return !check_failed;
}

static int
dying_guest_memory_goes_to_others(void)
{
	host(8 * GIB);
	guest(4 * GIB, 1 * GIB, SIM_DRV_SLOW);
	guest(2 * GIB, 6 * GIB, SIM_DRV_IDEAL);
	G(0)->speed_kibps = 16 * MIB;
	G(0)->die_ms = 5000;
	run(15000, NULL);
	if (check_failed)
		return 0;
	if (G(1)->actual < 6 * GIB)
		return fail("survivor holds %llu KiB",
		    (unsigned long long)G(1)->actual);
	return 1;
}

static int
steady_demand_means_no_churn(void)
{
	uint64_t churn;

	host(16 * GIB);
	guest(2 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	guest(2 * GIB, 3 * GIB, SIM_DRV_IDEAL);
	guest(6 * GIB, 2 * GIB, SIM_DRV_IDEAL);
	guest(4 * GIB, 4 * GIB, SIM_DRV_IDEAL);
	run(60000, NULL);
	churn = h.m.churn_kib;
	run(120000, NULL);
	if (check_failed)
		return 0;
	if (h.m.churn_kib != churn)
		return fail("%llu KiB of target changes with steady demand",
		    (unsigned long long)(h.m.churn_kib - churn));
	for (int i = 0; i < 4; i++)
		if (G(i)->actual < G(i)->demand)
			return fail("dom %d short with room to spare", i + 1);
	return 1;
}

/*
 * A guest without an agent says nothing of its need.  Two neighbours
 * with agents ramp together between 1 and 5.5 GiB, and their recent
 * peaks would take everything left over: without a rule the silent guest stays at
 * the 1 GiB it booted with, whatever it needs.  It gets what a static
 * split would give it, out of the neighbours' cushions; the neighbours
 * are still served their demand up to their own share.
 */
static int
silent_guest_gets_its_share(void)
{
	/* What is above the three 256 MiB mins, split three ways. */
	const uint64_t share = 256 * MIB + (12 * GIB - 3 * 256 * MIB) / 3;
	int short_s[3] = { 0, 0, 0 };

	host(12 * GIB);
	guest(1 * GIB, 3 * GIB, SIM_DRV_IDEAL);
	G(0)->hints_kind = SIM_HINTS_NONE;
	G(0)->next_hint_ms = 0;		/* its boot figures forgotten */
	for (int i = 1; i <= 2; i++) {
		guest(5 * GIB + 512 * MIB, 1 * GIB, SIM_DRV_IDEAL);
		G(i)->trace = SIM_TR_RAMP;
		G(i)->amp = 4608 * MIB;
		G(i)->period_ms = 60000;
		G(i)->phase_ms = 30000;		/* both at their peak */
		G(i)->next_hint_ms = 0;		/* reported so at once */
	}
	for (int k = 0; k < 240; k++) {
		run(1000, NULL);
		if (check_failed)
			return 0;
		for (int i = 1; i <= 2; i++) {
			uint64_t due = G(i)->demand < share ? G(i)->demand :
			    share;

			short_s[i] = G(i)->actual + 64 * MIB < due ?
			    short_s[i] + 1 : 0;
			if (short_s[i] > 3)
				return fail("guest %d short of its share at "
				    "%llu ms: holds %llu MiB, needs %llu", i,
				    (unsigned long long)h.now_ms,
				    (unsigned long long)(G(i)->actual / MIB),
				    (unsigned long long)(G(i)->demand / MIB));
		}
	}
	if (G(0)->actual + 128 * MIB < share)
		return fail("the silent guest holds %llu MiB, its share is "
		    "%llu MiB", (unsigned long long)(G(0)->actual / MIB),
		    (unsigned long long)(share / MIB));
	return 1;
}

/*
 * Idle guests hold surplus, which every change elsewhere re-levels.  A
 * neighbour whose demand steps up by 2.5 GiB for 10 s in every 40 takes
 * what it needs from them the first time; after that, the level moving
 * back and forth by hundreds of MiB is not worth four balloon operations
 * each time (the surplus band, planner.h invariant 5): the memory it
 * gives back stays free for its next step.  The neighbour is served
 * every time.
 */
static int
neighbour_steps_leave_idle_surplus_alone(void)
{
	uint64_t churn;

	host(16 * GIB);
	for (int i = 0; i < 4; i++)
		guest(2 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	guest(2 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	G(4)->trace = SIM_TR_SPIKE;
	G(4)->amp = 2560 * MIB;
	G(4)->period_ms = 40000;
	run(60000, NULL);
	churn = 0;
	for (int k = 0; k < 120; k++) {
		uint64_t was[4];

		for (int i = 0; i < 4; i++)
			was[i] = G(i)->target;
		run(1000, NULL);
		if (check_failed)
			return 0;
		for (int i = 0; i < 4; i++)
			churn += G(i)->target > was[i] ? G(i)->target -
			    was[i] : was[i] - G(i)->target;
		if (G(4)->actual + 64 * MIB < G(4)->demand)
			return fail("the stepping neighbour short at %llu ms",
			    (unsigned long long)h.now_ms);
	}
	/*
	 * Three more steps: what the neighbour takes beyond what it gave
	 * back is still taken from them (614 MiB in all, here), but not
	 * the re-levelling back and forth (13 GiB without the band).
	 */
	if (churn > 1 * GIB)
		return fail("idle guests' targets moved %llu MiB over three of "
		    "their neighbour's steps", (unsigned long long)(churn /
		    MIB));
	return 1;
}

/*
 * The surplus band holds back a raise for a while, not for good.  Four
 * idle guests built at 3.5 GiB on 16 GiB leave 2 GiB free: each could
 * take 496 MiB more, inside the band (20 % of 3.5 GiB), so no raise is
 * made at once; 30 s later (surplus_band_ms) it is, once, and nothing
 * moves after that.  Held back for good, the memory sat in the host
 * while guests stepped and starved (policy-bench's h-slowburst).
 */
static int
surplus_held_back_is_given_later(void)
{
	uint64_t churn;

	host(16 * GIB);
	for (int i = 0; i < 4; i++)
		guest(3584 * MIB, 1 * GIB, SIM_DRV_IDEAL);
	run(20000, NULL);
	for (int i = 0; i < 4; i++)
		if (G(i)->target != 3584 * MIB)
			return fail("guest %d raised to %llu MiB within 20 s, "
			    "inside the surplus band", i, (unsigned long long)
			    (G(i)->target / MIB));
	run(20000, NULL);
	for (int i = 0; i < 4; i++)
		if (G(i)->target < 3584 * MIB + 400 * MIB)
			return fail("guest %d holds %llu MiB after 40 s, with "
			    "%llu MiB free on the host", i, (unsigned long long)
			    (G(i)->target / MIB), (unsigned long long)
			    (sim_free(&h) / MIB));
	churn = h.m.churn_kib;
	run(120000, NULL);
	if (check_failed)
		return 0;
	if (h.m.churn_kib != churn)
		return fail("%llu KiB of target changes after the raise",
		    (unsigned long long)(h.m.churn_kib - churn));
	if (!never_overcommitted())
		return 0;
	/*
	 * Not while a guest is short: a fifth one, 512 MiB short, whose
	 * balloon is stuck, takes what is free the moment it can.
	 */
	host(17 * GIB);
	for (int i = 0; i < 4; i++)
		guest(3584 * MIB, 1 * GIB, SIM_DRV_IDEAL);
	guest(1 * GIB, 1536 * MIB, SIM_DRV_STUCK);
	run(90000, NULL);
	if (check_failed)
		return 0;
	for (int i = 0; i < 4; i++)
		if (G(i)->target > 3584 * MIB)
			return fail("guest %d raised to %llu MiB while a stuck "
			    "guest was %llu MiB short", i, (unsigned long long)
			    (G(i)->target / MIB), (unsigned long long)
			    ((G(4)->demand - G(4)->actual) / MIB));
	return never_overcommitted();
}

/*
 * A guest whose demand stepped from 1 to 3 GiB and back keeps its peak
 * for its next step, ahead of a busy neighbour's headroom.  The host
 * fits both guests' demand and guard and nearly all of the quiet guest's
 * peak (it gets 3038 MiB of 3072), not also the neighbour's 614 MiB of
 * headroom: with the peak served after everyone's headroom (as until
 * session 13) the quiet guest was cut to 2.4 GiB, and its next step to
 * 3 GiB began as a starvation episode (policy-bench's spikes and slow
 * scenarios, where nearly every step did).  The neighbour's demand is
 * met all along.
 */
static int
quiet_guest_keeps_its_peak_ahead_of_headroom(void)
{
	host(9400 * MIB);
	guest(2 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	guest(6 * GIB, 6 * GIB, SIM_DRV_IDEAL);
	run(20000, NULL);
	G(0)->base = 3 * GIB;			/* its step */
	run(20000, NULL);
	G(0)->base = 1 * GIB;			/* and back: quiet again */
	for (int s = 0; s < 60; s++) {
		run(1000, NULL);
		if (check_failed)
			return 0;
		if (!holds_its_demand(1, "the neighbour"))
			return 0;
	}
	if (!never_overcommitted())
		return 0;
	/* Its next step to 3 GiB must not start as a starvation episode. */
	if (G(0)->actual + 64 * MIB < 3 * GIB)
		return fail("a minute after its step the quiet guest holds "
		    "%llu MiB, 3072 at its peak (%s); the neighbour %llu MiB "
		    "(%s)", (unsigned long long)(G(0)->actual / MIB),
		    decision(0)->reason, (unsigned long long)(G(1)->actual /
		    MIB), decision(1)->reason);
	return 1;
}

/*
 * Three quiet guests' recent peaks (2, 2.5 and 3 GiB, demand 1 GiB each)
 * do not fit together: the two that lie least above their demand are
 * held whole (to within the starvation margin), the third gets what is
 * left, and which is left out does not change from round to round.
 * Shared by weight alone, all three were shaved, each below its margin,
 * and a step back to any of them began as a starvation episode.  What is
 * left goes to the third before the two fill their margins: 1919 MiB
 * against 1742 when it was shared with those margins.
 */
static int
peaks_that_do_not_fit_are_held_whole_for_most(void)
{
	static const uint64_t peak[3] = { 2 * GIB, 2560 * MIB, 3 * GIB };
	uint64_t was[3];

	host(6400 * MIB);
	for (int i = 0; i < 3; i++)
		guest(1 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	run(10000, NULL);
	for (int i = 0; i < 3; i++) {		/* a step each, in turn */
		G(i)->base = peak[i];
		run(15000, NULL);
		G(i)->base = 1 * GIB;
		run(5000, NULL);
	}
	run(30000, NULL);
	for (int i = 0; i < 3; i++)
		was[i] = G(i)->target;
	for (int s = 0; s < 30; s++) {
		run(1000, NULL);
		if (check_failed)
			return 0;
		for (int i = 0; i < 3; i++)
			if (G(i)->target != was[i])
				return fail("guest %d's target moved %llu -> "
				    "%llu MiB while all were quiet", i,
				    (unsigned long long)(was[i] / MIB),
				    (unsigned long long)(G(i)->target / MIB));
	}
	for (int i = 0; i < 2; i++)
		if (G(i)->actual + plan_max(64 * MIB, peak[i] / 20) < peak[i])
			return fail("guest %d holds %llu MiB, its peak %llu "
			    "less the margin is %llu (the others %llu, %llu "
			    "MiB)", i, (unsigned long long)(G(i)->actual / MIB),
			    (unsigned long long)(peak[i] / MIB),
			    (unsigned long long)((peak[i] - plan_max(64 * MIB,
			    peak[i] / 20)) / MIB),
			    (unsigned long long)(G((i + 1) % 3)->actual / MIB),
			    (unsigned long long)(G((i + 2) % 3)->actual / MIB));
	/*
	 * What is left is the third's before it is the others' margins:
	 * below the peak each was seen at (a step read under pressure is
	 * seen a little higher than it is: 2600 MiB for 2560).
	 */
	for (int i = 0; i < 2; i++) {
		uint64_t seen = decision(i)->hist.recent_kib;

		if (G(i)->target > seen - plan_max(64 * MIB, seen / 20) +
		    4 * MIB)
			return fail("guest %d holds %llu MiB, into its margin "
			    "below its %llu MiB peak (seen at %llu), while "
			    "guest 2, left out, holds %llu MiB of its %llu", i,
			    (unsigned long long)(G(i)->target / MIB),
			    (unsigned long long)(peak[i] / MIB),
			    (unsigned long long)(seen / MIB),
			    (unsigned long long)(G(2)->target / MIB),
			    (unsigned long long)(peak[2] / MIB));
		if (seen > peak[i] + peak[i] / 20)
			return fail("guest %d's %llu MiB peak was seen at %llu",
			    i, (unsigned long long)(peak[i] / MIB),
			    (unsigned long long)(seen / MIB));
	}
	return never_overcommitted();
}

/*
 * Two quiet guests' peaks reached by steps do not fit together: guest 0
 * steps to 2.5 GiB every 20 s, guest 1 stepped to 2.25 GiB once.  Held
 * whole, guest 0's peak saves an episode every 20 s, guest 1's one in
 * ten minutes at most: guest 0's is held, though it lies further above
 * its demand (ranked by that distance alone, guest 1's was held and
 * guest 0 was caught by every step).
 */
static int
frequent_stepper_is_held_before_a_smaller_rare_peak(void)
{
	static const uint64_t peak[2] = { 2560 * MIB, 2304 * MIB };

	host(4 * GIB);
	for (int i = 0; i < 2; i++)
		guest(1 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	run(10000, NULL);
	G(1)->base = peak[1];
	run(10000, NULL);
	G(1)->base = 1 * GIB;
	run(10000, NULL);
	for (int k = 0; k < 4; k++) {
		G(0)->base = peak[0];
		run(8000, NULL);
		G(0)->base = 1 * GIB;
		run(12000, NULL);
	}
	run(10000, NULL);
	if (check_failed)
		return 0;
	if (G(0)->actual + plan_max(64 * MIB, peak[0] / 20) < peak[0])
		return fail("guest 0, stepping every 20 s, holds %llu MiB "
		    "below its %llu MiB peak; guest 1, which stepped once, "
		    "holds %llu MiB (peak %llu)",
		    (unsigned long long)(G(0)->actual / MIB),
		    (unsigned long long)(peak[0] / MIB),
		    (unsigned long long)(G(1)->actual / MIB),
		    (unsigned long long)(peak[1] / MIB));
	return never_overcommitted();
}

/*
 * The same three peaks, the first reached by a step and the two higher
 * ones by climbs (64 MiB every 2 s, reports a second apart): those two
 * are shared by weight, as before whole peaks.  A climb is served by its
 * trend while it climbs, and a quiet guest's peak held whole ahead of
 * the cushion of a guest whose job climbed cost the squeeze lab's jobs
 * a third of their time (session 17).  They do not both fit, and
 * neither is held whole (to within the starvation margin) at the
 * other's cost.
 */
static int
climbed_peaks_are_shared_by_weight(void)
{
	static const uint64_t peak[3] = { 2 * GIB, 2560 * MIB, 3 * GIB };

	host(6400 * MIB);
	for (int i = 0; i < 3; i++)
		guest(1 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	run(10000, NULL);
	for (int i = 0; i < 3; i++) {	/* a step, then two climbs */
		if (i == 0)
			G(i)->base = peak[i];
		while (G(i)->base < peak[i]) {
			G(i)->base = plan_min(peak[i], G(i)->base + 64 * MIB);
			run(2000, NULL);
		}
		run(10000, NULL);
		G(i)->base = 1 * GIB;
		run(5000, NULL);
	}
	run(30000, NULL);
	if (check_failed)
		return 0;
	if (getenv("XB_SIM_TRACE"))
		printf("# holds %llu %llu %llu MiB\n",
		    (unsigned long long)(G(0)->actual / MIB),
		    (unsigned long long)(G(1)->actual / MIB),
		    (unsigned long long)(G(2)->actual / MIB));
	for (int i = 1; i < 3; i++)
		if (G(i)->actual + plan_max(64 * MIB, peak[i] / 20) >= peak[i])
			return fail("guests 1 and 2 hold %llu and %llu MiB: "
			    "guest %d's climbed peak of %llu MiB was held whole",
			    (unsigned long long)(G(1)->actual / MIB),
			    (unsigned long long)(G(2)->actual / MIB), i,
			    (unsigned long long)(peak[i] / MIB));
	return never_overcommitted();
}

/*
 * A file server keeps the page cache it re-reads ahead of a quiet
 * neighbour's recent peak, and gives it up to the neighbour's demand.
 * Its MemAvailable counts its 2 GiB working set of file pages as free,
 * so its demand reads 1 GiB of the 3 it uses; only Active(file) says
 * otherwise.  Without it (the planner until session 17) the neighbour's
 * peak took the cache, the server read its files back (refaults, PSI),
 * its working-set floor rose and took the memory back, and so on: the
 * pagecache scenarios' starvation episodes.  When the neighbour's
 * demand really is at its peak, its demand comes first.
 */
static int
file_server_keeps_its_cache_ahead_of_a_peak(void)
{
	host(7680 * MIB);
	guest(3 * GIB, 3 * GIB, SIM_DRV_IDEAL);
	G(0)->cache_ws = 2 * GIB;
	guest(1 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	guest(512 * MIB, 512 * MIB, SIM_DRV_IDEAL);
	run(20000, NULL);
	G(1)->base = 3584 * MIB;		/* its step, while all fit */
	run(20000, NULL);
	G(1)->base = 1 * GIB;			/* and back: quiet again */
	run(10000, NULL);
	G(2)->base = 2 * GIB;			/* a third guest needs more */
	for (int s = 0; s < 60; s++) {
		run(1000, NULL);
		if (check_failed)
			return 0;
		if (G(0)->actual + 64 * MIB < G(0)->demand)
			return fail("%d s after the third guest grew the file "
			    "server holds %llu MiB of its %llu (%s); the "
			    "neighbour %llu MiB", s + 1,
			    (unsigned long long)(G(0)->actual / MIB),
			    (unsigned long long)(G(0)->demand / MIB),
			    decision(0)->reason,
			    (unsigned long long)(G(1)->actual / MIB));
		if (s >= 10 && !holds_its_demand(2, "the third guest"))
			return 0;
	}
	G(1)->base = 3584 * MIB;		/* its peak, for real */
	run(10000, NULL);
	if (check_failed)
		return 0;
	if (G(1)->actual + 64 * MIB < G(1)->demand)
		return fail("the neighbour at its peak holds %llu MiB of its "
		    "%llu; the file server %llu MiB (%s)",
		    (unsigned long long)(G(1)->actual / MIB),
		    (unsigned long long)(G(1)->demand / MIB),
		    (unsigned long long)(G(0)->actual / MIB),
		    decision(0)->reason);
	return never_overcommitted();
}

/*
 * A guest at rest whose used memory creeps by 256 KiB a report for 20 s
 * (128 KiB/s), beside a guest without an agent let go at its restored
 * 128 MiB and one that keeps what it holds: the host is short.  Read as
 * a climb, the creep ranked the quiet guest's whole headroom with the
 * others' peaks until the trend lapsed (lab-debian: gdeb cut from 258 to
 * 156 MiB, then to 128 MiB 16 s later with nothing else changed; here
 * 258 -> 159 -> 128).  Its target goes down once and holds.
 */
static int
report_noise_moves_no_memory(void)
{
	uint64_t was;
	int moves = 0;

	host(1536 * MIB);
	guest(1064 * MIB, 0, SIM_DRV_IDEAL);
	guest(258 * MIB, 94 * MIB, SIM_DRV_IDEAL);
	guest(128 * MIB, 0, SIM_DRV_IDEAL);
	for (int i = 0; i <= 2; i++) {
		G(i)->min = 128 * MIB;
		G(i)->static_max = G(i)->max = i == 0 ? 1280 * MIB : 384 * MIB;
		G(i)->hints_kind = i == 1 ? SIM_HINTS_HONEST : SIM_HINTS_NONE;
		G(i)->next_hint_ms = 0;
	}
	G(1)->hint_every_ms = 2000;
	G(2)->pin = 128 * MIB;		/* restored small, let go at 10 s */
	was = G(1)->target;
	for (int k = 0; k < 40; k++) {
		/* 256 KiB up in each report for 20 s, then still. */
		if (k < 10)
			G(1)->base += 256;
		if (k == 5)
			G(2)->pin = PLAN_NONE;
		run(2000, NULL);
		if (check_failed)
			return 0;
		if (G(1)->target != was)
			moves++;
		was = G(1)->target;
	}
	if (!never_overcommitted())
		return 0;
	if (moves > 1)
		return fail("the quiet guest's target moved %d times while its "
		    "reports crept by 256 KiB (now %llu MiB)", moves,
		    (unsigned long long)(G(1)->target / MIB));
	return 1;
}

/*
 * A job whose reports climb in steps with small dips between them (the
 * squeeze lab's sort: up 72 MiB, then 8 MiB given back) keeps the
 * headroom its climb earned through the dips, and that headroom is a few
 * reports' growth, not 30 s of it.  Until session 14 a report that showed
 * no rise dropped the trend's headroom and the next raised it again, 30 s
 * of the rise whatever the reports' pace: in the lab a job's target went
 * 218 -> 196 -> 218 -> 238 -> 196 MiB within seconds, and here, with a
 * report every 2 s, it swung by 800 MiB each time, taken from its quiet
 * neighbour and given back (27 GiB moved while it climbed 1.25 GiB).
 * With the reach alone, 145 MiB at a time (3.5 GiB moved); with dips
 * read as dips too, no cut at all.
 */
static int
climb_with_dips_keeps_its_headroom(void)
{
	uint64_t was, cut = 0, moved = 0, start;

	host(4900 * MIB);
	guest(1536 * MIB, 1 * GIB, SIM_DRV_IDEAL);
	guest(3 * GIB, 3 * GIB, SIM_DRV_IDEAL);
	G(0)->hint_every_ms = 2000;
	run(30000, NULL);
	G(1)->base = 1536 * MIB;		/* quiet now, its peak kept */
	run(30000, NULL);
	start = G(0)->base;
	was = G(0)->target;
	for (int s = 0; s < 40; s++) {
		if (s % 2 == 0)
			G(0)->base += 72 * MIB;
		else
			G(0)->base -= 8 * MIB;
		run(2000, NULL);
		if (check_failed)
			return 0;
		if (G(0)->target < was)
			cut = plan_max(cut, was - G(0)->target);
		moved += G(0)->target > was ? G(0)->target - was :
		    was - G(0)->target;
		was = G(0)->target;
		if (!holds_its_demand(0, "the job"))
			return 0;
	}
	if (!never_overcommitted())
		return 0;
	/* What it climbed, and a little: 1086 MiB moved here. */
	if (cut > 32 * MIB || moved > 2 * (G(0)->base - start))
		return fail("the climbing job's target was cut by up to %llu "
		    "MiB at once and moved %llu MiB while it climbed %llu "
		    "MiB", (unsigned long long)(cut / MIB),
		    (unsigned long long)(moved / MIB),
		    (unsigned long long)((G(0)->base - start) / MIB));
	return 1;
}

static int
pins_are_kept_or_dropped_with_a_reason(void)
{
	host(8 * GIB);
	guest(2 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	G(0)->pin = 3 * GIB;
	guest(2 * GIB, 6 * GIB, SIM_DRV_IDEAL);
	run(10000, NULL);
	if (G(0)->target != 3 * GIB)
		return fail("pinned target %llu", (unsigned long long)G(0)->target);
	G(1)->min = 6 * GIB;		/* now the pin cannot fit */
	run(5000, NULL);
	if (check_failed)
		return 0;
	if (strstr(decision(0)->reason, "pin dropped") == NULL)
		return fail("reason: %s", decision(0)->reason);
	return 1;
}

static int
hidden_ceiling_gives_memory_back(void)
{
	host(8 * GIB);
	guest(2 * GIB, 6 * GIB, SIM_DRV_CEILING);
	G(0)->ceiling = 3 * GIB;
	guest(2 * GIB, 4 * GIB, SIM_DRV_IDEAL);
	if (!run(20000, flagged0))
		return check_failed ? 0 : fail("ceiling never noticed");
	run(3000, NULL);
	if (G(0)->target > G(0)->actual + x.cfg.tolerance_kib)
		return fail("still %llu KiB promised above its ceiling",
		    (unsigned long long)(G(0)->target - G(0)->actual));
	if (G(1)->actual < 4 * GIB)
		return fail("the other guest holds only %llu KiB",
		    (unsigned long long)G(1)->actual);
	return !check_failed;
}

static int
linux_driver_never_fails_an_allocation(void)
{
	host(12 * GIB);
	for (int i = 0; i < 4; i++) {
		guest(3 * GIB, 2 * GIB, SIM_DRV_LINUX);
		G(i)->trace = SIM_TR_RAMP;
		G(i)->amp = 3 * GIB;
		G(i)->period_ms = 100000;
		G(i)->phase_ms = (uint64_t)i * 25000;
	}
	run(300000, NULL);
	if (check_failed)
		return 0;
	if (h.m.alloc_failures != 0)
		return fail("%llu grows found no free memory",
		    (unsigned long long)h.m.alloc_failures);
	for (int i = 0; i < 4; i++)
		if (G(i)->lx_cancelled)
			return fail("dom %d's driver gave up", i + 1);
	return 1;
}

static int
unmanaged_growth_is_counted(void)
{
	host(8 * GIB);
	guest(2 * GIB, 1 * GIB, SIM_DRV_IDEAL);
	G(0)->managed = 0;
	G(0)->target = 4 * GIB;		/* someone else's xl mem-set */
	guest(2 * GIB, 6 * GIB, SIM_DRV_IDEAL);
	run(1000, NULL);
	if (check_failed)
		return 0;
	if (G(1)->target + 4 * GIB + x.cfg.slack_kib > 8 * GIB)
		return fail("planned %llu KiB next to an unmanaged domain "
		    "growing to 4 GiB", (unsigned long long)G(1)->target);
	return 1;
}

static int
nothing_grows_when_host_is_short(void)
{
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_action act[2];
	struct plan_input in;
	struct plan_output out;
	struct plan_config cfg;

	planner_config_default(&cfg);
	memset(&d, 0, sizeof(d));
	d.domid = 5;
	d.flags = PLAN_DOM_MANAGED;
	d.actual_kib = 2 * GIB;
	d.target_kib = 3 * GIB;		/* growth in flight */
	d.maxmem_kib = 3 * GIB;
	d.static_max_kib = d.max_kib = 4 * GIB;
	d.weight = 100;
	d.pin_kib = PLAN_NONE;
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	in.now_ms = 1000;
	in.host_total_kib = 4 * GIB;
	in.host_free_kib = cfg.slack_kib / 2;	/* free fell under the slack */
	in.domains = &d;
	in.n_domains = 1;
	out.decisions = &dec;
	out.actions = act;
	out.actions_cap = 2;
	if (planner_plan(&cfg, &in, &out) != 0)
		return fail("planner_plan failed");
	if (planner_check(&cfg, &in, &out, why, sizeof(why)) != 0)
		return 0;
	if (dec.target_kib > d.actual_kib || out.deficit_kib == 0)
		return fail("target %llu with %llu KiB free, deficit %llu",
		    (unsigned long long)dec.target_kib,
		    (unsigned long long)in.host_free_kib,
		    (unsigned long long)out.deficit_kib);
	if (out.n_actions < 1 || act[0].kind != PLAN_ACT_TARGET ||
	    act[0].value_kib > d.actual_kib)
		return fail("the growth in flight was not called back first");
	return 1;
}

/*
 * A managed domain for a hand-built plan input: 8 GiB static max and
 * max, min 1 GiB, weight 100, no pin, holding and aiming at kib.
 */
static void
hand_domain(struct plan_domain *d, uint32_t domid, uint64_t kib)
{
	memset(d, 0, sizeof(*d));
	d->domid = domid;
	d->uuid[0] = (uint8_t)domid;
	d->flags = PLAN_DOM_MANAGED;
	d->actual_kib = d->target_kib = d->maxmem_kib = kib;
	d->static_max_kib = d->max_kib = 8 * GIB;
	d->min_kib = GIB;
	d->weight = 100;
	d->pin_kib = PLAN_NONE;
}

/*
 * Plan n hand-built domains at now on a host of total KiB with free
 * memory read after them (free) and before (free_before; PLAN_NONE: read
 * once) and nres reservations (their results in rr), then check the plan.
 * Returns the number of actions (in act[2 * n]), or -1 with why filled.
 */
static int
hand_plan_res(const struct plan_config *cfg, uint64_t now, uint64_t total,
    struct plan_domain *d, size_t n, uint64_t free, uint64_t free_before,
    struct plan_reservation *res, size_t nres, struct plan_res_result *rr,
    struct plan_decision *dec, struct plan_action *act)
{
	struct plan_input in;
	struct plan_output out;

	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	in.now_ms = now;
	in.host_total_kib = total;
	in.host_free_kib = free;
	in.free_before_read = free_before != PLAN_NONE;
	in.host_free_before_kib = in.free_before_read ? free_before : 0;
	in.domains = d;
	in.n_domains = n;
	in.reservations = res;
	in.n_reservations = nres;
	out.decisions = dec;
	out.reservations = rr;
	out.actions = act;
	out.actions_cap = 2 * n;
	if (planner_plan(cfg, &in, &out) != 0) {
		fail("planner_plan failed");
		return -1;
	}
	if (planner_check(cfg, &in, &out, why, sizeof(why)) != 0)
		return -1;
	last_unmet = out.unmet_kib;
	return (int)out.n_actions;
}

/* hand_plan_res() without reservations. */
static int
hand_plan_host(const struct plan_config *cfg, uint64_t now, uint64_t total,
    struct plan_domain *d, size_t n, uint64_t free, uint64_t free_before,
    struct plan_decision *dec, struct plan_action *act)
{
	return hand_plan_res(cfg, now, total, d, n, free, free_before, NULL, 0,
	    NULL, dec, act);
}

/*
 * Ideal balloons: every hand-built domain reaches its planned target and
 * maxmem by the next round and carries its history on.  Returns the host's
 * free memory after the moves.
 */
static uint64_t
hand_reach(struct plan_domain *d, const struct plan_decision *dec, size_t n,
    uint64_t free_kib)
{
	for (size_t i = 0; i < n; i++) {
		free_kib = free_kib + d[i].actual_kib - dec[i].target_kib;
		d[i].actual_kib = d[i].target_kib = dec[i].target_kib;
		d[i].maxmem_kib = dec[i].maxmem_kib;
		d[i].hist = dec[i].hist;
	}
	return free_kib;
}

/*
 * A first round at 1 s whose history the hand-built domains carry on,
 * their balloons where they are: the start of a check that then sets
 * parts of that history by hand.  0, or -1 with why filled.
 */
static int
hand_first_round(const struct plan_config *cfg, uint64_t total,
    struct plan_domain *d, size_t n, uint64_t free,
    struct plan_decision *dec, struct plan_action *act)
{
	if (hand_plan_host(cfg, 1000, total, d, n, free, PLAN_NONE, dec,
	    act) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		d[i].hist = dec[i].hist;
	return 0;
}

/* Two hand-built domains on an 8 GiB host, at 1 s. */
static int
hand_plan(const struct plan_config *cfg, struct plan_domain d[2],
    uint64_t free, uint64_t free_before, struct plan_decision dec[2],
    struct plan_action act[4])
{
	return hand_plan_host(cfg, 1000, 8 * GIB, d, 2, free, free_before,
	    dec, act);
}

/* A hand-built domain's meminfo figures, as its agent writes them. */
static void
hand_meminfo(struct plan_domain *d, uint64_t total, uint64_t avail,
    uint64_t updated_ms, uint64_t after_ms)
{
	d->hints.present = PLAN_HINT_MEMINFO;
	d->hints.mem_total_kib = total;
	d->hints.mem_avail_kib = avail;
	d->hints.updated_ms = updated_ms;
	d->hints.sampled_after_ms = after_ms;
}

/*
 * One round of a single hand-built domain on an 8 GiB host with free KiB
 * free: the domain carries its history on and stays where it is (its
 * target set to what it holds, a balloon at rest).  0, or -1 with why
 * filled.
 */
static int
hand_round(const struct plan_config *cfg, uint64_t now, struct plan_domain *d,
    uint64_t free, struct plan_decision *dec)
{
	struct plan_action act[2];

	if (hand_plan_host(cfg, now, 8 * GIB, d, 1, free, PLAN_NONE, dec,
	    act) < 0)
		return -1;
	d->hist = dec->hist;
	d->target_kib = d->maxmem_kib = d->actual_kib;
	return 0;
}

/* Rows of a kernel share learnt, or not, from one guest's figures. */
struct kshare_row {
	uint64_t now_ms, actual_mib, total_mib, updated_ms, after_ms;
	uint64_t share_mib;
};

/* Plan a fresh 2 GiB guest round by round; each row's share must hold. */
static int
kshare_rows(const struct kshare_row *r, size_t n)
{
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_config cfg;

	planner_config_default(&cfg);
	hand_domain(&d, 1, 2 * GIB);
	for (size_t i = 0; i < n; i++) {
		d.actual_kib = d.target_kib = d.maxmem_kib =
		    r[i].actual_mib * MIB;
		hand_meminfo(&d, r[i].total_mib * MIB, GIB, r[i].updated_ms,
		    r[i].after_ms);
		if (hand_round(&cfg, r[i].now_ms, &d, 4 * GIB, &dec) < 0)
			return 0;
		if (dec.hist.kshare_kib != r[i].share_mib * MIB)
			return fail("at %llu ms: kernel share %llu KiB, not %llu "
			    "MiB", (unsigned long long)r[i].now_ms,
			    (unsigned long long)dec.hist.kshare_kib,
			    (unsigned long long)r[i].share_mib);
	}
	return 1;
}

/*
 * The kernel's share is learnt from figures sampled while the balloon was
 * at rest, seconds after it stopped (not 30 s: on a busy host a balloon
 * seldom holds still that long), and never from figures read after the
 * balloon came to rest but sampled before it (a heartbeat, a network
 * event: any write makes the daemon read them all again), nor from a
 * sample newer than the actual it would be set against (a snapshot's
 * actuals may be a round old).  The guest's kernel keeps 64 MiB.
 */
static int
kernel_share_learnt_from_samples_at_rest(void)
{
	static const struct kshare_row r[] = {
		/* at rest at 2048 MiB from the first round */
		{ 1000, 2048, 1984, 1000, 0, 0 },
		/* read again, MemTotal sampled when it held 256 MiB less */
		{ 2000, 2048, 1728, 1900, 500, 0 },
		{ 3000, 2048, 1728, 1900, 500, 0 },
		/* a fresh sample, of a balloon gone down after the actuals
		 * were read (the snapshot's actual is a round old) */
		{ 4000, 2048, 1728, 3600, 3000, 0 },
		{ 5000, 1792, 1728, 3600, 3000, 0 },
		{ 6000, 1792, 1728, 3600, 3000, 0 },
		/* sampled at rest, read by the round before */
		{ 7000, 1792, 1728, 6500, 6000, 0 },
		{ 8000, 1792, 1728, 6500, 6000, 64 },
	};

	return kshare_rows(r, sizeof(r) / sizeof(r[0]));
}

/*
 * After 30 s at rest the kernel's share is learnt from whatever figures
 * there are (a balloon that never holds still for a sample has it learnt
 * so), but not from a MemTotal the last round did not see: sampled since,
 * it may be newer than the snapshot's actual, a round old.  Here the
 * balloon is cut by 256 MiB and the agent samples before the snapshot
 * shows it: learnt at once, the share would be 320 MiB.
 */
static int
kernel_share_waits_for_a_new_memtotal_after_rest(void)
{
	static const struct kshare_row r[] = {
		{ 1000, 2048, 1984, 1000, 0, 0 },
		/* 31 s at rest, figures the last round saw */
		{ 32000, 2048, 1984, 1000, 0, 64 },
		/* cut; sampled after the cut, the actual read before it */
		{ 33000, 2048, 1728, 33000, 32500, 64 },
		/* the snapshot catches up: moving, nothing learnt */
		{ 34000, 1792, 1728, 33000, 32500, 64 },
		{ 35000, 1792, 1728, 33000, 32500, 64 },
	};

	return kshare_rows(r, sizeof(r) / sizeof(r[0]));
}

/*
 * Figures the balloon has left behind are not used.  A guest at rest at
 * 2 GiB has its kernel's share learnt (64 MiB); then it is cut to 1.5
 * GiB.  Its agent dead, its MemTotal stays 512 MiB off the balloon: the
 * figures are still used 29 s on, not after 30 s.  A live agent writes
 * the new MemTotal and keeps its figures.
 */
static int
figures_left_behind_by_the_balloon_are_not_used(void)
{
	static const uint64_t t[] = { 1000, 32000, 33000, 40000, 62000, 63000 };
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_config cfg;

	planner_config_default(&cfg);
	for (int live = 0; live <= 1; live++) {
		hand_domain(&d, 1, 2 * GIB);
		hand_meminfo(&d, 1984 * MIB, GIB, 1000, 0);
		for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			int used;

			if (t[i] == 33000)
				d.actual_kib = d.target_kib = d.maxmem_kib =
				    1536 * MIB;
			if (live && t[i] == 40000)
				hand_meminfo(&d, 1472 * MIB, 512 * MIB, 40000,
				    40000);
			if (hand_round(&cfg, t[i], &d, 4 * GIB, &dec) < 0)
				return 0;
			used = dec.demand_kib != PLAN_NONE;
			if (t[i] == 32000 && dec.hist.kshare_kib != 64 * MIB)
				return fail("kernel share %llu KiB after 31 s "
				    "at rest", (unsigned long long)
				    dec.hist.kshare_kib);
			if (used != (live || t[i] < 63000))
				return fail("%s agent: its figures %s at %llu "
				    "ms", live ? "a live" : "a dead", used ?
				    "used" : "not used",
				    (unsigned long long)t[i]);
		}
	}
	return 1;
}

/*
 * A guest's figures are judged at their bounds: used when fresh and
 * self-consistent, not when future-dated, older than hint_stale_ms,
 * with no MemTotal or more available than total; pressure from PSI
 * some or full, swap-in or MemAvailable at or past their thresholds,
 * never from stale figures.  Demand is MemTotal - MemAvailable and the
 * learnt kernel share (64 MiB here); under pressure, plus what is in
 * swap and the pressure step.  A 2 GiB guest at 400 s.
 */
static int
hints_are_judged_at_their_bounds(void)
{
	enum { MI = PLAN_HINT_MEMINFO, PSI = PLAN_HINT_PSI,
	    SW = PLAN_HINT_SWAP, SWD = PLAN_HINT_SWAPPED };
	enum { T = 2048 * MIB, LOW = 10485 };	/* 0.5 % of T, rounded down */
	const uint64_t now = 400000;
	const uint64_t boost = plan_max(16 * MIB, plan_pct(2 * GIB, 2));
	const struct {
		uint32_t present;
		uint64_t total, avail, age_ms, future_ms;
		uint32_t some, full;
		uint64_t swap_in, swapped;
		int usable, pressure;
		uint64_t extra;		/* demand above total - avail + share */
	} r[] = {
		{ MI, T, 512 * MIB, 0, 0, 0, 0, 0, 0, 1, 0, 0 },
		{ MI, T, 512 * MIB, 0, 1, 0, 0, 0, 0, 0, 0, 0 },
		{ MI, T, 512 * MIB, 300000, 0, 0, 0, 0, 0, 1, 0, 0 },
		{ MI, T, 512 * MIB, 300001, 0, 0, 0, 0, 0, 0, 0, 0 },
		{ MI, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
		{ MI, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0 },
		{ MI, T, T, 0, 0, 0, 0, 0, 0, 1, 0, 0 },
		{ MI, T, T + 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
		{ PSI, T, 512 * MIB, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
		{ MI | PSI, T, 512 * MIB, 0, 0, 1000, 0, 0, 0, 1, 1, 0 },
		{ MI | PSI, T, 512 * MIB, 0, 0, 999, 0, 0, 0, 1, 0, 0 },
		{ MI | PSI, T, 512 * MIB, 0, 0, 0, 200, 0, 0, 1, 1, 0 },
		{ MI | PSI, T, 512 * MIB, 0, 0, 0, 199, 0, 0, 1, 0, 0 },
		{ MI | SW, T, 512 * MIB, 0, 0, 0, 0, 1024, 0, 1, 1, 0 },
		{ MI | SW, T, 512 * MIB, 0, 0, 0, 0, 1023, 0, 1, 0, 0 },
		{ MI, T, LOW, 0, 0, 0, 0, 0, 0, 1, 1, 0 },
		{ MI, T, LOW + 1, 0, 0, 0, 0, 0, 0, 1, 0, 0 },
		{ MI | PSI, T, 512 * MIB, 300000, 0, 5000, 0, 0, 0, 1, 1, 0 },
		{ MI | PSI, T, 512 * MIB, 300001, 0, 5000, 0, 0, 0, 0, 0, 0 },
		{ MI | PSI, T, 512 * MIB, 0, 1, 5000, 0, 0, 0, 0, 0, 0 },
		{ MI | PSI | SWD, T, 512 * MIB, 0, 0, 5000, 0, 0, 256 * MIB,
		    1, 1, 256 * MIB },
		{ MI | PSI | SWD, T, 512 * MIB, 0, 0, 5000, 0, 0, 1, 1, 1, 1 },
		{ MI | PSI, T, 512 * MIB, 0, 0, 5000, 0, 0, 256 * MIB, 1, 1,
		    0 },
		{ MI | SWD, T, 512 * MIB, 0, 0, 0, 0, 0, 256 * MIB, 1, 0, 0 },
	};
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_config cfg;

	planner_config_default(&cfg);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		uint64_t want;

		/* A first round without figures makes the history. */
		hand_domain(&d, 1, 2 * GIB);
		if (hand_round(&cfg, now - 1000, &d, 4 * GIB, &dec) < 0)
			return 0;
		d.hist.kshare_kib = 64 * MIB;
		d.hints.present = r[i].present;
		d.hints.mem_total_kib = r[i].total;
		d.hints.mem_avail_kib = r[i].avail;
		d.hints.updated_ms = now - r[i].age_ms + r[i].future_ms;
		d.hints.sampled_after_ms = d.hints.updated_ms;
		d.hints.psi_some_avg10 = r[i].some;
		d.hints.psi_full_avg10 = r[i].full;
		d.hints.swap_in_kibps = r[i].swap_in;
		d.hints.swapped_kib = r[i].swapped;
		if (hand_round(&cfg, now, &d, 4 * GIB, &dec) < 0)
			return 0;
		want = !r[i].usable ? PLAN_NONE : r[i].total - r[i].avail +
		    64 * MIB + r[i].extra + (r[i].pressure ? boost : 0);
		if (dec.demand_kib != want || dec.pressure != r[i].pressure)
			return fail("row %zu: demand %llu KiB, pressure %d; "
			    "expected %llu KiB, %d", i + 1,
			    (unsigned long long)dec.demand_kib, dec.pressure,
			    (unsigned long long)want, r[i].pressure);
	}
	return 1;
}

/*
 * The guard above demand is a fifth of the floor Hyper-V's balloon driver
 * keeps under a guest (Linux drivers/hv/hv_balloon.c: 8 MiB + half of
 * the first 128 MiB, 40 + a quarter below 512 MiB, 104 + an eighth below
 * 2 GiB, 232 + a sixteenth below 8 GiB, 488 + a thirty-second above; 360
 * MiB of 2 GiB, 744 of 8 GiB), worked out here by hand, in KiB, at both
 * sides of each step; none with guard_pct 0.
 */
static int
guard_is_a_fifth_of_hyperv_floor(void)
{
	static const struct { uint64_t mib, guard_kib; } r[] = {
		{ 100, 11878 },		/* 58 MiB floor */
		{ 127, 14643 },		/* 71.5 */
		{ 128, 14745 },		/* 72 */
		{ 300, 23552 },		/* 115 */
		{ 511, 34355 },		/* 167.75 */
		{ 512, 34406 },		/* 168 */
		{ 1024, 47513 },	/* 232 */
		{ 2047, 73702 },	/* 359.875 */
		{ 2048, 73728 },	/* 360 */
		{ 8191, 152358 },	/* 743.9375 */
		{ 8192, 152371 },	/* 744 */
		{ 65536, 519372 },	/* 2536 */
	};
	struct plan_config cfg;

	planner_config_default(&cfg);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		uint64_t g = planner_guard(&cfg, r[i].mib * 1024);

		if (g != r[i].guard_kib)
			return fail("a %llu MiB guest: guard %llu KiB, not %llu",
			    (unsigned long long)r[i].mib,
			    (unsigned long long)g,
			    (unsigned long long)r[i].guard_kib);
	}
	cfg.guard_pct = 0;
	if (planner_guard(&cfg, 2 * GIB) != 0)
		return fail("guard_pct 0: a guard of %llu KiB",
		    (unsigned long long)planner_guard(&cfg, 2 * GIB));
	return 1;
}

/*
 * A guest with at least its guard's worth of swap pages out what it lacks
 * and shows it as pressure; one without meets its OOM killer.  So demand
 * is served with half the guard for the first (plan_guard()), never less
 * than 1 % of that demand (twice MemAvailable's pressure threshold), never
 * more than the whole guard; with no swap, too little of it, or no word
 * of it, the whole guard.  Worked out by hand, in KiB: a 2 GiB demand's
 * guard is 73728, half 36864; 12 GiB's is 178585, half 89292, below 1 %
 * (125829); 30 GiB's is 296550, below 1 % (314572).
 */
static int
guard_is_halved_with_swap(void)
{
	static const struct {
		uint64_t used_mib;
		int present;
		uint64_t swap_kib, guard_kib;
	} r[] = {
		{ 2048, 0, 0, 73728 },
		{ 2048, 1, 0, 73728 },
		{ 2048, 1, 73727, 73728 },
		{ 2048, 1, 73728, 36864 },
		{ 2048, 1, 4 * GIB, 36864 },
		{ 12288, 1, 4 * GIB, 125829 },
		{ 12288, 0, 4 * GIB, 178585 },
		{ 30720, 1, 4 * GIB, 296550 },
	};
	struct plan_config cfg;

	planner_config_default(&cfg);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		struct plan_domain d;
		struct plan_decision dec;
		struct plan_action act[2];
		uint64_t used = r[i].used_mib * MIB, hold = used + 4 * GIB;

		hand_domain(&d, 1, hold);
		d.static_max_kib = d.max_kib = 40 * GIB;
		hand_meminfo(&d, hold, hold - used, 1000, 0);
		if (r[i].present)
			d.hints.present |= PLAN_HINT_SWAP_TOTAL;
		d.hints.swap_total_kib = r[i].swap_kib;
		if (hand_plan_host(&cfg, 1000, 64 * GIB, &d, 1, 64 * GIB -
		    hold, PLAN_NONE, &dec, act) < 0)
			return 0;
		if (dec.demand_kib != used || dec.w_core != used +
		    r[i].guard_kib)
			return fail("%llu MiB used, swap %s %llu KiB: demand "
			    "%llu KiB, guard %llu KiB, not %llu",
			    (unsigned long long)r[i].used_mib, r[i].present ?
			    "said" : "not said",
			    (unsigned long long)r[i].swap_kib,
			    (unsigned long long)dec.demand_kib,
			    (unsigned long long)(dec.w_core - dec.demand_kib),
			    (unsigned long long)r[i].guard_kib);
	}
	return 1;
}

/*
 * Input the planner cannot plan is refused, whole, with -EINVAL and no
 * action: too many domains or reservations, arrays missing, room for
 * fewer than two actions a domain, a host beyond PLAN_HOST_MAX_KIB, a
 * probation or window of 0.  At each bound the input is planned.
 */
static int
bad_input_is_refused_whole(void)
{
	enum { DOMS = 2, BAD = 11, CASES = 15 };
	static struct plan_domain dom[PLAN_MAX_DOMAINS];
	static struct plan_decision dec[PLAN_MAX_DOMAINS];
	static struct plan_action act[2 * PLAN_MAX_DOMAINS];
	struct plan_reservation res[PLAN_MAX_RESERVATIONS + 1];
	struct plan_res_result rr[PLAN_MAX_RESERVATIONS + 1];
	struct plan_config cfg;
	struct plan_input in;
	struct plan_output out;

	planner_config_default(&cfg);
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	if (planner_plan(NULL, &in, &out) != -EINVAL ||
	    planner_plan(&cfg, NULL, &out) != -EINVAL ||
	    planner_plan(&cfg, &in, NULL) != -EINVAL)
		return fail("a NULL argument was not refused");
	/* Cases below BAD are refused, the others planned. */
	for (int k = 0; k < CASES; k++) {
		int want = k < BAD ? -EINVAL : 0, rc;

		planner_config_default(&cfg);
		memset(&in, 0, sizeof(in));
		memset(&out, 0, sizeof(out));
		memset(res, 0, sizeof(res));
		for (size_t i = 0; i < DOMS; i++)
			hand_domain(&dom[i], (uint32_t)i + 1, 2 * GIB);
		in.now_ms = 1000;
		in.host_total_kib = 8 * GIB;
		in.host_free_kib = 4 * GIB;
		in.domains = dom;
		in.n_domains = DOMS;
		in.reservations = res;
		in.n_reservations = 1;
		res[0].size_kib = 256 * MIB;
		out.decisions = dec;
		out.actions = act;
		out.actions_cap = 2 * DOMS;
		out.reservations = rr;
		switch (k) {
		case 0: in.n_domains = PLAN_MAX_DOMAINS + 1; break;
		case 1: in.n_reservations = PLAN_MAX_RESERVATIONS + 1; break;
		case 2: in.domains = NULL; break;
		case 3: in.n_domains = 1; in.domains = NULL; break;
		case 4: out.decisions = NULL; break;
		case 5: out.actions = NULL; break;
		case 6: in.reservations = NULL; break;
		case 7: out.reservations = NULL; break;
		case 8: out.actions_cap = 2 * DOMS - 1; break;
		case 9: in.host_total_kib = PLAN_HOST_MAX_KIB + 1; break;
		case 10:
			cfg.stuck_probe_ms = 0;
			break;
		case 11:
			/* the bounds themselves */
			in.host_total_kib = PLAN_HOST_MAX_KIB;
			in.n_reservations = PLAN_MAX_RESERVATIONS;
			for (size_t r = 0; r < PLAN_MAX_RESERVATIONS; r++)
				res[r].size_kib = MIB;
			break;
		case 12:
			for (size_t i = 0; i < PLAN_MAX_DOMAINS; i++)
				hand_domain(&dom[i], (uint32_t)i + 1, 64 * MIB);
			in.host_total_kib = PLAN_MAX_DOMAINS * 128 * MIB;
			in.n_domains = PLAN_MAX_DOMAINS;
			out.actions_cap = 2 * PLAN_MAX_DOMAINS;
			break;
		case 13:
			in.n_domains = 0;
			in.domains = NULL;
			out.decisions = NULL;
			out.actions = NULL;
			out.actions_cap = 0;
			break;
		case 14:
			in.n_reservations = 0;
			in.reservations = NULL;
			out.reservations = NULL;
			break;
		}
		out.n_actions = 99;
		rc = planner_plan(&cfg, &in, &out);
		if (rc != want || (want != 0 && out.n_actions != 0))
			return fail("case %d: planner_plan gave %d with %zu "
			    "actions, not %d", k, rc, out.n_actions, want);
		if (k == 10) {
			/* the window of 0 as well */
			planner_config_default(&cfg);
			cfg.stuck_window_ms = 0;
			out.n_actions = 99;
			rc = planner_plan(&cfg, &in, &out);
			if (rc != -EINVAL || out.n_actions != 0)
				return fail("a window of 0: planner_plan gave "
				    "%d with %zu actions", rc, out.n_actions);
		}
	}
	return 1;
}

/*
 * The demand estimate and the recent peak move at their rates: a report
 * that rises is followed at demand_rise_kibps (1 GiB/s), one that falls
 * is held demand_hold_ms (3 s) after the last rise and then followed at
 * demand_fall_kibps (128 MiB/s); the recent peak is held recent_hold_ms
 * (10 min) after demand last reached it, then falls at recent_fall_kibps
 * (16 MiB/s).  A 6 GiB guest whose kernel keeps nothing; MiB.
 */
static int
demand_moves_at_its_rates(void)
{
	static const struct {
		uint64_t now_ms, used_mib, est_mib, recent_mib;
	} r[] = {
		{ 1000, 1024, 1024, 1024 },
		{ 1500, 3072, 1536, 1536 },
		{ 2000, 3072, 2048, 2048 },
		{ 4000, 3072, 3072, 3072 },
		{ 5000, 1024, 3072, 3072 },	/* held */
		{ 7000, 1024, 2816, 3072 },	/* 3 s after the rise */
		{ 8000, 1024, 2688, 3072 },
		{ 30000, 1024, 1024, 3072 },
		{ 604000, 1024, 1024, 3072 },	/* 599 s after */
		{ 606000, 1024, 1024, 3040 },
		{ 607000, 1024, 1024, 3024 },
	};
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_config cfg;

	planner_config_default(&cfg);
	hand_domain(&d, 1, 6 * GIB);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		hand_meminfo(&d, 6 * GIB, 6 * GIB - r[i].used_mib * MIB,
		    r[i].now_ms, r[i].now_ms);
		if (hand_round(&cfg, r[i].now_ms, &d, GIB, &dec) < 0)
			return 0;
		if (dec.demand_kib != r[i].est_mib * MIB ||
		    dec.hist.recent_kib != r[i].recent_mib * MIB)
			return fail("at %llu ms: demand %llu KiB, recent peak "
			    "%llu KiB; expected %llu and %llu MiB",
			    (unsigned long long)r[i].now_ms,
			    (unsigned long long)dec.demand_kib,
			    (unsigned long long)dec.hist.recent_kib,
			    (unsigned long long)r[i].est_mib,
			    (unsigned long long)r[i].recent_mib);
	}
	return 1;
}

/*
 * The working-set floor.  An OOM kill the count shows since the last
 * report raises it to what the guest holds and a quarter (oom_step_pct);
 * the first count seen is history (a daemon restarted), and the same
 * count again is no news.  Refaults at refault_threshold_kibps on a fresh
 * report raise it to what the guest holds and its headroom (10 %), not
 * below the threshold nor when the same report is read again; the floor
 * is held ws_hold_ms (5 min) after the last sign, then falls at
 * demand_fall_kibps.  A 2 GiB guest using 1 GiB; KiB.
 */
static int
working_set_floor_from_kills_and_refaults(void)
{
	static const struct {
		uint32_t domid;
		uint64_t now_ms, updated_ms, oom_kills, refault_kibps, ws_kib;
	} r[] = {
		{ 1, 1000, 1000, 3, 0, 0 },
		{ 1, 2000, 2000, 3, 0, 0 },
		{ 1, 3000, 3000, 4, 0, 2621440 },
		{ 1, 4000, 4000, 4, 0, 2621440 },
		{ 2, 1000, 1000, 0, 255, 0 },
		{ 2, 2000, 2000, 0, 256, 2306867 },
		{ 2, 3000, 2000, 0, 256, 2306867 },	/* read again */
		{ 2, 301000, 301000, 0, 0, 2306867 },	/* held 299 s */
		{ 2, 303000, 303000, 0, 0, 2306867 - 262144 },
	};
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_config cfg;

	planner_config_default(&cfg);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		if (i == 0 || r[i].domid != r[i - 1].domid)
			hand_domain(&d, r[i].domid, 2 * GIB);
		hand_meminfo(&d, 2 * GIB, 1 * GIB, r[i].updated_ms,
		    r[i].updated_ms);
		d.hints.present |= r[i].domid == 1 ? PLAN_HINT_OOM :
		    PLAN_HINT_REFAULT;
		d.hints.oom_kills = r[i].oom_kills;
		d.hints.refault_kibps = r[i].refault_kibps;
		if (hand_round(&cfg, r[i].now_ms, &d, 4 * GIB, &dec) < 0)
			return 0;
		if (dec.hist.ws_kib != r[i].ws_kib)
			return fail("row %zu (dom %u at %llu ms): working set "
			    "%llu KiB, not %llu", i + 1, r[i].domid,
			    (unsigned long long)r[i].now_ms,
			    (unsigned long long)dec.hist.ws_kib,
			    (unsigned long long)r[i].ws_kib);
	}
	return 1;
}

/*
 * A guest asked to grow that never moves: judged over stuck_window_ms
 * (5 s) against progress_min_kibps (1 MiB/s), a strike, held for a
 * probation that doubles with each strike (30 s up to 5 min), then asked
 * again on probation; a strike is forgiven 5 min after the last.  Once
 * it has moved 64 MiB its probation ends; a slower sample, with room to
 * grow and a gap to its target, takes a quarter off the speed it is
 * known to grow at; once it reaches its target the stuck spell is over.
 * planner_progress() alone, by hand.
 */
static int
stuck_guest_strikes_probation_and_forgiveness(void)
{
	static const struct {
		uint64_t now_ms, actual_mib;
		uint32_t strikes;
		uint64_t since_ms, spell_ms, probe_at_ms, window_ms, moved_kib;
		int probing;
		uint64_t grow_kibps;
	} r[] = {
		{ 1000, 1024, 0, 0, 0, 0, 0, 0, 0, 0 },
		{ 3000, 1024, 0, 0, 0, 0, 2000, 0, 0, 0 },
		{ 6000, 1024, 1, 6000, 6000, 36000, 0, 0, 0, 0 },
		{ 20000, 1024, 1, 6000, 6000, 36000, 0, 0, 0, 0 },
		{ 36000, 1024, 1, 0, 6000, 36000, 0, 0, 1, 0 },
		{ 38000, 1024, 1, 0, 6000, 36000, 2000, 0, 1, 0 },
		{ 41000, 1024, 2, 6000, 6000, 101000, 0, 0, 1, 0 },
		{ 101000, 1024, 2, 0, 6000, 101000, 0, 0, 1, 0 },
		{ 106000, 1024, 3, 6000, 6000, 226000, 0, 0, 1, 0 },
		{ 226000, 1024, 3, 0, 6000, 226000, 0, 0, 1, 0 },
		{ 231000, 1024, 4, 6000, 6000, 471000, 0, 0, 1, 0 },
		{ 471000, 1024, 4, 0, 6000, 471000, 0, 0, 1, 0 },
		{ 476000, 1024, 5, 6000, 6000, 776000, 0, 0, 1, 0 },
		/* forgiven 5 min after the last strike, and asked again */
		{ 776000, 1024, 4, 0, 6000, 776000, 0, 0, 1, 0 },
		/* 32 MiB/s: a window's worth moved, judged afresh */
		{ 777000, 1056, 4, 0, 6000, 776000, 0, 0, 1, 32768 },
		/* 64 MiB moved: probation over */
		{ 778000, 1088, 4, 0, 6000, 776000, 0, 0, 0, 32768 },
		/* slower, with room and a gap: a quarter off its speed */
		{ 779000, 1092, 4, 0, 6000, 776000, 1000, 4096, 0, 24576 },
		{ 784000, 1098, 4, 0, 6000, 776000, 0, 0, 0, 18432 },
		/* reached: the spell is over */
		{ 785000, 2048, 4, 0, 0, 776000, 0, 0, 0, 18432 },
	};
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_config cfg;

	planner_config_default(&cfg);
	hand_domain(&d, 1, 1 * GIB);
	d.target_kib = d.maxmem_kib = 2 * GIB;
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		const struct plan_history *ph = &dec.hist;

		memset(&dec, 0, sizeof(dec));
		d.actual_kib = r[i].actual_mib * MIB;
		planner_progress(&cfg, r[i].now_ms, &d, 1, &dec);
		if (dec.strikes != r[i].strikes ||
		    dec.stuck_since_ms != r[i].since_ms ||
		    ph->stuck_since_ms != r[i].spell_ms ||
		    ph->probe_at_ms != r[i].probe_at_ms ||
		    dec.window_ms != r[i].window_ms ||
		    dec.moved_kib != r[i].moved_kib ||
		    ph->probing != r[i].probing ||
		    ph->grow_kibps != r[i].grow_kibps)
			return fail("at %llu ms: %u strikes, stuck since %llu "
			    "(spell %llu), probation to %llu, window %llu ms "
			    "with %llu KiB moved, probing %d, growing %llu "
			    "KiB/s", (unsigned long long)r[i].now_ms,
			    dec.strikes,
			    (unsigned long long)dec.stuck_since_ms,
			    (unsigned long long)ph->stuck_since_ms,
			    (unsigned long long)ph->probe_at_ms,
			    (unsigned long long)dec.window_ms,
			    (unsigned long long)dec.moved_kib, ph->probing,
			    (unsigned long long)ph->grow_kibps);
		d.hist = dec.hist;
	}
	return 1;
}

/*
 * Demand the host cannot meet is counted, to the KiB: two guests of 4 GiB
 * on a full 8 GiB host each use 4000 MiB, and their demand and guard
 * (planner_guard()) exceed what the host has beyond its slack by
 * 2 x (4096000 + 98713) - (8 GiB - 64 MiB) = 66354 KiB.  With 128 MiB
 * more free, nothing is unmet.
 */
static int
unmet_demand_is_counted(void)
{
	struct plan_domain d[2];
	struct plan_decision dec[2];
	struct plan_action act[4];
	struct plan_config cfg;
	uint64_t want = 66354;

	planner_config_default(&cfg);
	if (planner_guard(&cfg, 4000 * MIB) != 98713)
		return fail("guard %llu KiB",
		    (unsigned long long)planner_guard(&cfg, 4000 * MIB));
	for (int more = 0; more <= 1; more++) {
		for (int i = 0; i < 2; i++) {
			hand_domain(&d[i], (uint32_t)i + 1, 4 * GIB);
			hand_meminfo(&d[i], 4 * GIB, 96 * MIB, 1000, 0);
		}
		if (hand_plan_host(&cfg, 1000, 8 * GIB + more * 128 * MIB, d,
		    2, more * 128 * MIB, PLAN_NONE, dec, act) < 0)
			return 0;
		if (dec[0].demand_kib != 4000 * MIB)
			return fail("demand %llu KiB",
			    (unsigned long long)dec[0].demand_kib);
		if (last_unmet != (more ? 0 : want))
			return fail("%s: %llu KiB unmet, not %llu", more ?
			    "128 MiB more" : "a full host",
			    (unsigned long long)last_unmet,
			    (unsigned long long)(more ? 0 : want));
	}
	return 1;
}

/*
 * The host-wide figures are the round's own, not added to the last
 * round's: planned twice into the same output, a snapshot above the
 * budget (a guest growing toward a target with nothing free) shows a
 * deficit, and the next round, whose snapshot fits, shows none and the
 * demand a fresh output shows: the guest's 2 GiB and its guard.
 */
static int
totals_are_each_rounds_own(void)
{
	struct plan_domain d;
	struct plan_decision dec, fresh_dec;
	struct plan_action act[2], fresh_act[2];
	struct plan_config cfg;
	struct plan_input in;
	struct plan_output out, fresh;

	planner_config_default(&cfg);
	hand_domain(&d, 1, 4 * GIB);
	d.target_kib = d.maxmem_kib = 5 * GIB;
	hand_meminfo(&d, 4 * GIB, 2 * GIB, 1000, 0);
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	in.now_ms = 1000;
	in.host_total_kib = 8 * GIB;
	in.domains = &d;
	in.n_domains = 1;
	out.decisions = &dec;
	out.actions = act;
	out.actions_cap = 2;
	if (planner_plan(&cfg, &in, &out) != 0)
		return fail("planner_plan failed");
	/* Promised: the slack and the 5 GiB target; there: 4 GiB held. */
	if (out.deficit_kib != cfg.slack_kib + GIB)
		return fail("deficit %llu KiB with 5 GiB promised and 4 held, "
		    "not %llu", (unsigned long long)out.deficit_kib,
		    (unsigned long long)(cfg.slack_kib + GIB));
	d.target_kib = d.maxmem_kib = 4 * GIB;
	in.host_free_kib = 4 * GIB;
	in.now_ms = 2000;
	fresh = out;
	fresh.decisions = &fresh_dec;
	fresh.actions = fresh_act;
	if (planner_plan(&cfg, &in, &out) != 0)
		return fail("planner_plan failed");
	memset(&fresh_dec, 0, sizeof(fresh_dec));
	fresh.deficit_kib = fresh.demand_kib = fresh.unmet_kib = 12345;
	d.hist = dec.hist;
	if (planner_plan(&cfg, &in, &fresh) != 0)
		return fail("planner_plan failed");
	if (out.deficit_kib != 0 || out.demand_kib != fresh.demand_kib ||
	    fresh.deficit_kib != 0 || fresh.unmet_kib != 0 ||
	    fresh.demand_kib != 2 * GIB + planner_guard(&cfg, 2 * GIB))
		return fail("second round: deficit %llu KiB, demand %llu KiB; "
		    "a fresh output's: %llu, %llu, unmet %llu",
		    (unsigned long long)out.deficit_kib,
		    (unsigned long long)out.demand_kib,
		    (unsigned long long)fresh.deficit_kib,
		    (unsigned long long)fresh.demand_kib,
		    (unsigned long long)fresh.unmet_kib);
	return 1;
}

/*
 * Growth when free memory is short, as the daemon plans it (maxmem 1 MiB
 * above each target, libxl's constant): floors first, then demand, and
 * maxmem's extra only out of what is left, shared once every target is
 * met.  On an 8 GiB host with 600 MiB free: a guest restored at 512 MiB
 * under its 1 GiB min, one at 2 GiB with nothing available, one at 2 GiB
 * without an agent, and one pinned at 1 GiB that holds 2 GiB.  The plans
 * count the GiB the last will give back; growth comes only out of what
 * is free now: past the 64 MiB slack, 536 MiB, 512 of it to the first,
 * the 24 left to the second, each target 1 MiB under what it was granted
 * so that maxmem stays within it, nothing to the third.
 */
static int
scarce_growth_goes_to_floors_then_demand(void)
{
	struct plan_domain d[4];
	struct plan_decision dec[4];
	struct plan_action act[8];
	struct plan_config cfg;
	static const struct { uint64_t target, maxmem; } want[4] = {
		{ GIB - MIB, GIB },
		{ 2 * GIB + 23 * MIB, 2 * GIB + 24 * MIB },
		{ 2 * GIB, 2 * GIB },
		{ GIB, GIB + MIB },
	};

	planner_config_default(&cfg);
	cfg.maxmem_extra_kib = MIB;
	hand_domain(&d[0], 1, 512 * MIB);
	hand_domain(&d[1], 2, 2 * GIB);
	hand_meminfo(&d[1], 2 * GIB, 0, 1000, 0);
	hand_domain(&d[2], 3, 2 * GIB);
	hand_domain(&d[3], 4, 2 * GIB);
	d[3].pin_kib = GIB;
	if (hand_plan_host(&cfg, 1000, 8 * GIB, d, 4, 600 * MIB, PLAN_NONE,
	    dec, act) < 0)
		return 0;
	for (int i = 0; i < 4; i++)
		if (dec[i].target_kib != want[i].target ||
		    dec[i].maxmem_kib != want[i].maxmem)
			return fail("guest %d: target %llu KiB, maxmem %llu "
			    "KiB (plan %llu KiB), not %llu and %llu", i,
			    (unsigned long long)dec[i].target_kib,
			    (unsigned long long)dec[i].maxmem_kib,
			    (unsigned long long)dec[i].plan_kib,
			    (unsigned long long)want[i].target,
			    (unsigned long long)want[i].maxmem);
	/*
	 * Pinned at 3 GiB from 2, beside a guest pinned at 1 GiB from 2:
	 * with 1 GiB and 512 KiB free past the slack, the target is met
	 * and half the extra granted; with 1 GiB and 2 MiB, all of it.
	 */
	for (uint64_t extra = MIB / 2; extra <= 2 * MIB; extra *= 4) {
		uint64_t mm = 3 * GIB + plan_min(extra, MIB);

		hand_domain(&d[0], 1, 2 * GIB);
		d[0].pin_kib = 3 * GIB;
		hand_domain(&d[1], 2, 2 * GIB);
		d[1].pin_kib = GIB;
		if (hand_plan_host(&cfg, 1000, 8 * GIB, d, 2, cfg.slack_kib +
		    GIB + extra, PLAN_NONE, dec, act) < 0)
			return 0;
		if (dec[0].target_kib != 3 * GIB || dec[0].maxmem_kib != mm ||
		    dec[1].target_kib != GIB || dec[1].maxmem_kib != GIB + MIB)
			return fail("%llu KiB free past a GiB: targets %llu, "
			    "%llu KiB, maxmem %llu, %llu KiB, not 3 GiB and "
			    "%llu, 1 GiB and 1 GiB + 1 MiB",
			    (unsigned long long)extra,
			    (unsigned long long)dec[0].target_kib,
			    (unsigned long long)dec[1].target_kib,
			    (unsigned long long)dec[0].maxmem_kib,
			    (unsigned long long)dec[1].maxmem_kib,
			    (unsigned long long)mm);
	}
	/*
	 * Two growers, pinned at 3 GiB and at 2.5 GiB from 2: with both
	 * targets' growth and 1 MiB free, the extra is shared out after the
	 * targets, half a MiB each (shared with the targets, the bigger
	 * grower's target was met and its extra not).
	 */
	hand_domain(&d[0], 1, 2 * GIB);
	d[0].pin_kib = 3 * GIB;
	hand_domain(&d[1], 2, 2 * GIB);
	d[1].pin_kib = 2 * GIB + 512 * MIB;
	if (hand_plan_host(&cfg, 1000, 8 * GIB, d, 2, cfg.slack_kib +
	    GIB + 513 * MIB, PLAN_NONE, dec, act) < 0)
		return 0;
	if (dec[0].maxmem_kib != 3 * GIB + MIB / 2 ||
	    dec[1].maxmem_kib != 2 * GIB + 512 * MIB + MIB / 2)
		return fail("maxmem %llu and %llu KiB, not half a MiB above "
		    "3 GiB and 2.5 GiB", (unsigned long long)dec[0].maxmem_kib,
		    (unsigned long long)dec[1].maxmem_kib);
	return 1;
}

/*
 * A reservation that fails names who keeps it from fitting, stuck domains
 * first (they hold what they cannot give), then those still shrinking,
 * the first PLAN_RES_MAX_REFUSED of them and the count of all; one that
 * timed out also says how much those shrinking have yet to give back.
 * Nine guests pinned at 1 GiB while they hold 2 GiB, and a tenth stuck
 * at 2 GiB, on a 32 GiB host: a 4 GiB reservation past its deadline, and
 * a 30 GiB one that cannot fit at all.
 */
static int
failed_reservation_names_stuck_then_shrinking(void)
{
	struct plan_domain d[10];
	struct plan_decision dec[10];
	struct plan_action act[20];
	struct plan_reservation res[2];
	struct plan_res_result rr[2];
	struct plan_config cfg;
	struct plan_input in;
	struct plan_output out;
	uint64_t over;

	planner_config_default(&cfg);
	for (uint32_t i = 0; i < 10; i++) {
		hand_domain(&d[i], i + 1, 2 * GIB);
		if (i < 9)
			d[i].pin_kib = GIB;
	}
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	memset(res, 0, sizeof(res));
	in.now_ms = 1000;
	in.host_total_kib = 32 * GIB;
	in.host_free_kib = 12 * GIB;
	in.domains = d;
	in.n_domains = 10;
	out.decisions = dec;
	out.actions = act;
	out.actions_cap = 20;
	if (planner_plan(&cfg, &in, &out) != 0)
		return fail("planner_plan failed");
	for (int i = 0; i < 10; i++)
		d[i].hist = dec[i].hist;
	d[9].hist.stuck_dir = -1;
	d[9].hist.stuck_since_ms = 1000;
	d[9].hist.probe_at_ms = 60000;
	res[0].id = 41;
	res[0].size_kib = 4 * GIB;
	res[0].deadline_ms = 2000;
	res[1].id = 42;
	res[1].size_kib = 30 * GIB;
	in.now_ms = 2000;
	in.reservations = res;
	in.n_reservations = 2;
	out.reservations = rr;
	if (planner_plan(&cfg, &in, &out) != 0)
		return fail("planner_plan failed");
	if (planner_check(&cfg, &in, &out, why, sizeof(why)) != 0)
		return 0;
	if (dec[9].state != PLAN_STUCK || dec[0].state != PLAN_SHRINKING)
		return fail("guest 10 %s, guest 1 %s: not stuck and shrinking",
		    planner_state_name(dec[9].state),
		    planner_state_name(dec[0].state));
	/* Past the floors (a GiB each, the stuck one's 2) and the slack. */
	over = cfg.slack_kib + 11 * GIB + 30 * GIB - 32 * GIB;
	for (int r = 0; r < 2; r++) {
		uint64_t gone = r == 0 ? 9 * GIB : over;

		if (rr[r].status != PLAN_RES_FAILED || rr[r].id != res[r].id)
			return fail("reservation %llu: %s",
			    (unsigned long long)rr[r].id,
			    planner_res_status_name(rr[r].status));
		if (rr[r].n_refused != 10 || rr[r].unreachable_kib != gone)
			return fail("reservation %llu (%s): %u refused, %llu "
			    "KiB unreachable, not 10 and %llu",
			    (unsigned long long)rr[r].id, rr[r].reason,
			    rr[r].n_refused,
			    (unsigned long long)rr[r].unreachable_kib,
			    (unsigned long long)gone);
		for (uint32_t k = 0; k < PLAN_RES_MAX_REFUSED; k++)
			if (rr[r].refused_domids[k] != (k == 0 ? 10 : k))
				return fail("reservation %llu: refused domain "
				    "%u is %u, not %u",
				    (unsigned long long)rr[r].id, k,
				    rr[r].refused_domids[k], k == 0 ? 10 : k);
	}
	return 1;
}

/*
 * Whole peaks for as many guests that stepped as fit, those whose steps
 * come most often first.  Twelve quiet guests on 1 GiB (their min) that
 * stepped to 2 GiB 5 s ago, every 20 s and 2 s more for each rank (ranks
 * shuffled among the domids; 2 s apart, 2048 MiB*s, they do not tie).
 * Free memory pays an eighth of every peak's room and then k whole peaks
 * (to within the starvation margin), and half of another: the k most
 * frequent steppers hold their peaks whole, the others do not.  With
 * every whole peak paid for, all do.
 */
static int
peaks_held_whole_in_the_order_of_their_steps(void)
{
	static const int rank[12] = { 7, 2, 11, 0, 5, 9, 1, 10, 3, 6, 8, 4 };
	struct plan_domain d[12];
	struct plan_decision dec[12];
	struct plan_action act[24];
	struct plan_config cfg;

	planner_config_default(&cfg);
	for (size_t k = 0; k <= 12; k += 4) {
		uint64_t room, whole, margin, spare;

		for (uint32_t i = 0; i < 12; i++) {
			hand_domain(&d[i], i + 1, GIB);
			hand_meminfo(&d[i], GIB, 900 * MIB, 1000, 0);
		}
		if (hand_plan_host(&cfg, 1000, 64 * GIB, d, 12, 4 * GIB,
		    PLAN_NONE, dec, act) < 0)
			return 0;
		for (int i = 0; i < 12; i++) {
			d[i].actual_kib = d[i].target_kib = GIB;
			d[i].maxmem_kib = GIB;
			d[i].hist = dec[i].hist;
			d[i].hist.recent_kib = 2 * GIB;
			d[i].hist.recent_ms = 1000;
			d[i].hist.step_ms = 1000;
			d[i].hist.step_gap_ms = 20000 + 2000 *
			    (uint64_t)rank[i];
		}
		/* What the peaks need above 1 GiB, as plan_peaks() counts. */
		margin = plan_max(PLAN_PEAK_MARGIN_KIB,
		    plan_pct(2 * GIB, PLAN_PEAK_MARGIN_PCT));
		room = GIB / PLAN_PEAK_EVEN_DIV;
		whole = GIB - room - margin;
		spare = cfg.slack_kib + 12 * room + k * whole + whole / 2;
		if (hand_plan_host(&cfg, 6000, 12 * GIB + spare, d, 12, spare,
		    PLAN_NONE, dec, act) < 0)
			return 0;
		for (int i = 0; i < 12; i++) {
			int held = dec[i].target_kib + margin >= 2 * GIB;

			if (held != ((size_t)rank[i] < k))
				return fail("with %zu whole peaks paid for, "
				    "guest %d (rank %d) holds %llu MiB of its "
				    "2048 (%s)", k, i + 1, rank[i],
				    (unsigned long long)(dec[i].target_kib /
				    MIB), held ? "held whole" : "not held");
		}
	}
	return 1;
}

/*
 * Where a guest that swallows what it is given stops being served before
 * the others' headroom: its weight's share of the memory above the
 * floors, or the level per unit of weight the others' needs reach if
 * that is higher.  Three guests at 1 GiB mins, 6 GiB above the floors: a
 * swallower (weight 100), a guest without an agent holding 2 GiB (100)
 * and one holding 1.5 GiB (200).  Its share is 1.5 GiB of the 6 (a
 * quarter), the others' level 1 GiB: 2.5 GiB.  With the second holding
 * 4 GiB, the level is 3 GiB: 4 GiB; the swallower's max at 3 GiB, its
 * max.  The others have no such limit.
 */
static int
swallower_stops_at_its_fair_share(void)
{
	struct plan_domain d[3];
	struct plan_decision dec[3];
	struct plan_action act[6];
	struct plan_config cfg;

	planner_config_default(&cfg);
	for (int k = 0; k < 3; k++) {
		uint64_t second = k == 0 ? 2 * GIB : 4 * GIB;
		uint64_t want = k == 0 ? 2 * GIB + 512 * MIB : k == 1 ?
		    4 * GIB : 3 * GIB;
		uint64_t held = GIB + second + GIB + 512 * MIB;

		hand_domain(&d[0], 1, GIB);
		hand_meminfo(&d[0], GIB, 0, 1000, 0);
		if (k == 2)
			d[0].max_kib = 3 * GIB;
		hand_domain(&d[1], 2, second);
		hand_domain(&d[2], 3, GIB + 512 * MIB);
		d[2].weight = 200;
		if (hand_first_round(&cfg, 64 * GIB, d, 3, 9 * GIB +
		    cfg.slack_kib - held, dec, act) < 0)
			return 0;
		d[0].hist.swallows = 1;
		if (hand_plan_host(&cfg, 2000, 64 * GIB, d, 3, 9 * GIB +
		    cfg.slack_kib - held, PLAN_NONE, dec, act) < 0)
			return 0;
		if (dec[0].w_fair != want || dec[1].w_fair != UINT64_MAX ||
		    dec[2].w_fair != UINT64_MAX)
			return fail("the second at %llu MiB: the swallower's "
			    "share %llu KiB, not %llu; the others' %llu, %llu",
			    (unsigned long long)(second / MIB),
			    (unsigned long long)dec[0].w_fair,
			    (unsigned long long)want,
			    (unsigned long long)dec[1].w_fair,
			    (unsigned long long)dec[2].w_fair);
	}
	return 1;
}

/*
 * A guest without an agent is assumed to use what it holds, but may need
 * more: its recent peak is at least its weight's share of the memory
 * above the floors, served with the others' peaks, after their demand
 * and before their headroom.  On 8 GiB above the slack: a guest without
 * an agent at its 1 GiB min, weight 10000, and one holding 2 GiB of which
 * 1.5 in use, weight 1.  Past the floors, 6 GiB: the second's demand and
 * guard first, then the first's share (nearly all 6 GiB) out of what is
 * left, all of it; the second's headroom gets nothing.  At equal weights
 * the first's share is 3 GiB, and the surplus levels the two.  (Plans:
 * the growth waits for the second's cut.)
 */
static int
blind_guest_gets_its_share_before_headroom(void)
{
	struct plan_domain d[2];
	struct plan_decision dec[2];
	struct plan_action act[4];
	struct plan_config cfg;
	uint64_t total;

	planner_config_default(&cfg);
	total = 8 * GIB + cfg.slack_kib;
	hand_domain(&d[0], 1, GIB);
	d[0].weight = 10000;
	hand_domain(&d[1], 2, 2 * GIB);
	d[1].weight = 1;
	hand_meminfo(&d[1], 2 * GIB, 512 * MIB, 1000, 0);
	if (hand_plan_host(&cfg, 1000, total, d, 2, total - 3 * GIB,
	    PLAN_NONE, dec, act) < 0)
		return 0;
	if (dec[1].w_need <= dec[1].w_core ||
	    dec[1].plan_kib != dec[1].w_core ||
	    dec[0].plan_kib != 8 * GIB - dec[1].w_core)
		return fail("plans %llu and %llu KiB, the second's demand "
		    "and guard %llu, with headroom %llu",
		    (unsigned long long)dec[0].plan_kib,
		    (unsigned long long)dec[1].plan_kib,
		    (unsigned long long)dec[1].w_core,
		    (unsigned long long)dec[1].w_need);
	/* At equal weights its share is 3 GiB: the rest is the surplus's. */
	d[0].weight = d[1].weight = 100;
	if (hand_plan_host(&cfg, 1000, total, d, 2, total - 3 * GIB,
	    PLAN_NONE, dec, act) < 0)
		return 0;
	if (dec[0].plan_kib != 4 * GIB || dec[1].plan_kib != 4 * GIB)
		return fail("at equal weights, plans %llu and %llu KiB, not 4 "
		    "GiB each", (unsigned long long)dec[0].plan_kib,
		    (unsigned long long)dec[1].plan_kib);
	return 1;
}

/*
 * While a guest swallows, the others' recent peaks come after all
 * demand, its demand beyond its share too: a guest really short, taken
 * for a swallower, must not be held at its share while idle guests keep
 * their peaks.  On 8 GiB above the slack: a guest at 5 GiB with nothing
 * available, judged to swallow, and a quiet one using 512 MiB of 1 GiB
 * that reached 3 GiB a second ago.  The first gets its demand and guard
 * whole (beyond its share of 4 GiB), the second what is left, short of
 * its peak.
 */
static int
swallower_demand_before_idle_peaks(void)
{
	struct plan_domain d[2];
	struct plan_decision dec[2];
	struct plan_action act[4];
	struct plan_config cfg;
	uint64_t total;

	planner_config_default(&cfg);
	total = 8 * GIB + cfg.slack_kib;
	hand_domain(&d[0], 1, 5 * GIB);
	hand_meminfo(&d[0], 5 * GIB, 0, 1000, 0);
	hand_domain(&d[1], 2, GIB);
	hand_meminfo(&d[1], GIB, 512 * MIB, 1000, 0);
	if (hand_first_round(&cfg, total, d, 2, total - 6 * GIB, dec,
	    act) < 0)
		return 0;
	d[0].hist.swallows = 1;
	d[1].hist.recent_kib = 3 * GIB;
	if (hand_plan_host(&cfg, 2000, total, d, 2, total - 6 * GIB,
	    PLAN_NONE, dec, act) < 0)
		return 0;
	if (dec[0].plan_kib != dec[0].w_core ||
	    dec[1].plan_kib != 8 * GIB - dec[0].w_core ||
	    dec[1].plan_kib >= 3 * GIB)
		return fail("plans %llu and %llu KiB, the swallower's "
		    "demand and guard %llu KiB not served before a "
		    "3 GiB peak", (unsigned long long)dec[0].plan_kib,
		    (unsigned long long)dec[1].plan_kib,
		    (unsigned long long)dec[0].w_core);
	return 1;
}

/*
 * The time between a guest's steps (which ranks the peaks that do not
 * fit): a report that rose by a step (128 MiB or 5 %) at least 10 s after
 * the last joins the smoothed gap a quarter at a time; a step sooner is a
 * climb in big jumps and leaves the gap alone.  A 4 GiB guest using 1
 * GiB steps to 2 GiB at 10 s, 25 s and 35 s, 10 s after the last (back
 * to 1 GiB between), and on to 3 GiB at 40 s.
 */
static int
steps_time_their_gaps(void)
{
	static const struct {
		uint64_t ms, used_mib, step_ms, gap_ms;
	} r[] = {
		{ 1000, 1024, 0, 0 }, { 10000, 2048, 10000, 0 },
		{ 15000, 1024, 10000, 0 }, { 25000, 2048, 25000, 15000 },
		{ 30000, 1024, 25000, 15000 }, { 35000, 2048, 35000, 13750 },
		{ 40000, 3072, 40000, 13750 },
	};
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_config cfg;

	planner_config_default(&cfg);
	hand_domain(&d, 1, 4 * GIB);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		hand_meminfo(&d, 4 * GIB, 4 * GIB - r[i].used_mib * MIB,
		    r[i].ms, 0);
		if (hand_round(&cfg, r[i].ms, &d, 2 * GIB, &dec) < 0)
			return 0;
		if (dec.hist.step_ms != r[i].step_ms ||
		    dec.hist.step_gap_ms != r[i].gap_ms)
			return fail("at %llu ms (using %llu MiB): last step at "
			    "%llu ms, gap %llu ms, not %llu and %llu",
			    (unsigned long long)r[i].ms,
			    (unsigned long long)r[i].used_mib,
			    (unsigned long long)dec.hist.step_ms,
			    (unsigned long long)dec.hist.step_gap_ms,
			    (unsigned long long)r[i].step_ms,
			    (unsigned long long)r[i].gap_ms);
	}
	return 1;
}

/*
 * A guest still short after it grew by half within one streak of
 * reports under pressure (three at least) swallows what it is given; a
 * report without pressure ends the streak and the verdict.  A guest at 2
 * GiB with nothing available, grown to 2.5 and then to 3 GiB less 1 KiB
 * (not yet), 3 GiB (now); a report with room ends it; a new streak
 * starts from what it then holds, and when (for PLAN_CHRONIC_MS).  A
 * report read again in a later round is one report.
 */
static int
swallowing_is_judged_over_a_streak(void)
{
	static const struct {
		uint64_t ms, hint_ms, actual_kib, avail_kib;
		int streak, swallows;
		uint64_t streak_ms;
	} r[] = {
		{ 1000, 1000, 2 * GIB, 0, 1, 0, 1000 },
		{ 2000, 2000, 2 * GIB + 512 * MIB, 0, 2, 0, 1000 },
		{ 2500, 2000, 2 * GIB + 512 * MIB, 0, 2, 0, 1000 },	/* again */
		{ 3000, 3000, 3 * GIB - 1, 0, 3, 0, 1000 },
		{ 4000, 4000, 3 * GIB, 0, 4, 1, 1000 },
		{ 5000, 5000, 3 * GIB, 0, 5, 1, 1000 },
		{ 6000, 6000, 3 * GIB, GIB, 0, 0, 1000 },
		{ 7000, 7000, 3 * GIB, 0, 1, 0, 7000 },
		{ 8000, 8000, 4 * GIB, 0, 2, 0, 7000 },
		{ 9000, 9000, 4 * GIB + GIB / 2, 0, 3, 1, 7000 },
	};
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_config cfg;

	planner_config_default(&cfg);
	hand_domain(&d, 1, 2 * GIB);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		d.actual_kib = r[i].actual_kib;
		hand_meminfo(&d, r[i].actual_kib, r[i].avail_kib, r[i].hint_ms,
		    0);
		if (hand_round(&cfg, r[i].ms, &d, 2 * GIB, &dec) < 0)
			return 0;
		if (dec.hist.pressure_streak != (uint32_t)r[i].streak ||
		    dec.hist.swallows != r[i].swallows ||
		    dec.hist.streak_ms != r[i].streak_ms)
			return fail("at %llu ms (%llu KiB held, %llu "
			    "available): streak %u from %llu ms, swallows %d, "
			    "not %d from %llu ms and %d",
			    (unsigned long long)r[i].ms,
			    (unsigned long long)r[i].actual_kib,
			    (unsigned long long)r[i].avail_kib,
			    (unsigned)dec.hist.pressure_streak,
			    (unsigned long long)dec.hist.streak_ms,
			    (int)dec.hist.swallows, r[i].streak,
			    (unsigned long long)r[i].streak_ms, r[i].swallows);
	}
	return 1;
}

/*
 * Out of probation a guest must move again to be trusted: what its
 * balloon moved before it stuck proves nothing about it now.  A guest
 * that grew 100 MiB and then stuck at 1124 MiB of a 2 GiB target: when
 * its probation ends it is probed, still probed a second later without
 * moving, and trusted once it has moved 64 MiB.
 */
static int
probation_needs_a_new_move(void)
{
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_config cfg;
	uint64_t now = 1000, out = 0;
	int stuck = 0;

	planner_config_default(&cfg);
	hand_domain(&d, 1, 1 * GIB);
	d.target_kib = d.maxmem_kib = 2 * GIB;
	for (int step = 0; step < 600; step++, now += 1000) {
		memset(&dec, 0, sizeof(dec));
		d.actual_kib = step == 0 ? GIB : out != 0 && now - out >= 2000 ?
		    GIB + 164 * MIB : GIB + 100 * MIB;
		planner_progress(&cfg, now, &d, 1, &dec);
		d.hist = dec.hist;
		if (!stuck) {
			stuck = dec.hist.stuck_dir != 0;
			continue;
		}
		if (out == 0 && dec.hist.stuck_dir == 0)
			out = now;
		if (out != 0 && now - out <= 1000 && !dec.hist.probing)
			return fail("trusted at %llu ms, %llu ms out of "
			    "probation, with nothing moved since it stuck",
			    (unsigned long long)now,
			    (unsigned long long)(now - out));
		if (out != 0 && now - out == 2000)
			return dec.hist.probing ? fail("still probed after "
			    "64 MiB moved") : 1;
	}
	return fail("not stuck and out of probation in 10 minutes");
}

/*
 * A demand that stopped rising stops writing: the trend drawn from a
 * climb lapses once no report has come for trend_horizon_ms (30 s), and
 * a report read again in later rounds is one report.  A 4 GiB guest
 * climbs 64 MiB a second for three reports, then writes nothing.
 */
static int
trend_lapses_without_reports(void)
{
	static const struct {
		uint64_t now_ms, used_mib, hint_ms, rise;
	} r[] = {
		{ 1000, 1024, 1000, 0 }, { 2000, 1088, 2000, 64 * MIB },
		{ 3000, 1152, 3000, 64 * MIB }, { 3500, 1152, 3000, 64 * MIB },
		{ 33000, 1152, 3000, 64 * MIB }, { 33001, 1152, 3000, 0 },
	};
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_config cfg;

	planner_config_default(&cfg);
	hand_domain(&d, 1, 4 * GIB);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		hand_meminfo(&d, 4 * GIB, 4 * GIB - r[i].used_mib * MIB,
		    r[i].hint_ms, 0);
		if (hand_round(&cfg, r[i].now_ms, &d, 2 * GIB, &dec) < 0)
			return 0;
		if (dec.hist.rise_kibps != r[i].rise)
			return fail("at %llu ms (report of %llu ms): rising "
			    "%llu KiB/s, not %llu",
			    (unsigned long long)r[i].now_ms,
			    (unsigned long long)r[i].hint_ms,
			    (unsigned long long)dec.hist.rise_kibps,
			    (unsigned long long)r[i].rise);
	}
	return 1;
}

/* One share of the water-filling: d[i]'s room, weight and base. */
struct share_row {
	uint64_t room, weight, base, give;
};

/*
 * Share amount among rows (planner_share(), or planner_share_level() if
 * based) and check what a weighted water-filling gives: all of the
 * amount or of the rooms, nobody past its room, and nobody who got
 * anything above the level of a guest left below its room (to within
 * the rounding: a KiB each, the last few KiB handed out evenly).  With
 * give other than PLAN_NONE, each share to the KiB as well (0 included).
 */
static int
share_rows(struct share_row *r, size_t n, uint64_t amount, int based)
{
	static struct plan_decision d[64];
	uint64_t total = 0, sum = 0, got, base[64];

	memset(d, 0, sizeof(d));
	for (size_t i = 0; i < n; i++) {
		d[i].w_room = r[i].room;
		d[i].w_weight = (uint32_t)r[i].weight;
		d[i].w_base = r[i].base;	/* planner_share() ignores it */
		base[i] = based ? r[i].base : 0;
		total += r[i].room;
	}
	got = based ? planner_share_level(d, n, amount) :
	    planner_share(d, n, amount);
	for (size_t i = 0; i < n; i++) {
		if (d[i].w_give > r[i].room ||
		    d[i].w_room != r[i].room - d[i].w_give)
			return fail("row %zu: gave %llu KiB of a %llu KiB "
			    "room, %llu left", i,
			    (unsigned long long)d[i].w_give,
			    (unsigned long long)r[i].room,
			    (unsigned long long)d[i].w_room);
		if (r[i].give != PLAN_NONE && d[i].w_give != r[i].give)
			return fail("row %zu: gave %llu KiB, not %llu", i,
			    (unsigned long long)d[i].w_give,
			    (unsigned long long)r[i].give);
		sum += d[i].w_give;
	}
	if (got != sum || sum != plan_min(amount, total))
		return fail("gave %llu KiB (said %llu) of %llu, rooms %llu",
		    (unsigned long long)sum, (unsigned long long)got,
		    (unsigned long long)amount, (unsigned long long)total);
	for (size_t i = 0; i < n; i++) {
		double at;

		if (d[i].w_room == 0)
			continue;
		/* Row i was left below its room: the level is its own. */
		at = (double)(base[i] + d[i].w_give) / d[i].w_weight;
		for (size_t j = 0; j < n; j++) {
			double tol = (double)(2 * n + 2) +
			    (double)d[j].w_weight / d[i].w_weight;
			double due = at * d[j].w_weight - (double)base[j];

			if ((double)d[j].w_give > (due > 0 ? due : 0) + tol)
				return fail("row %zu (weight %u) given %llu "
				    "KiB from %llu, above row %zu's level "
				    "(%llu KiB at weight %u, %llu KiB short of "
				    "its room)",
				    j, d[j].w_weight, (unsigned long long)
				    d[j].w_give, (unsigned long long)
				    base[j], i, (unsigned long long)(base[i] +
				    d[i].w_give), d[i].w_weight,
				    (unsigned long long)d[i].w_room);
		}
	}
	return 1;
}

/*
 * Every tier of the plan is shared by weighted water-filling: a few
 * cases by hand, to the KiB, then 20,000 drawn at random (rooms of up to
 * 64 GiB, some empty, weights 1 to the most an admin may set, bases of
 * up to 32 GiB, an amount short of the rooms or not).
 */
static int
shares_are_water_filled_by_weight(void)
{
	struct share_row a[] = {
		{ 100 * MIB, 1, 0, 50 * MIB }, { 100 * MIB, 1, 0, 50 * MIB },
		{ 100 * MIB, 2, 0, 100 * MIB },
	};
	struct share_row b[] = {
		{ 10 * MIB, 1, 0, 10 * MIB }, { 100 * MIB, 1, 0, 70 * MIB },
		{ 100 * MIB, 1, 0, 70 * MIB },
	};
	struct share_row c[] = {
		{ GIB, 1, 0, 100 * MIB }, { GIB, 1, 50 * MIB, 50 * MIB },
		{ GIB, 1, 100 * MIB, 0 },
	};
	struct share_row e[] = {
		{ 3 * MIB, 5, 0, 3 * MIB }, { 0, 1, 0, 0 },
		{ 7 * MIB, 1, 0, 7 * MIB },
	};
	static struct share_row r[40];
	uint64_t seed = 0x5eed;

	if (!share_rows(a, 3, 200 * MIB, 0) ||
	    !share_rows(b, 3, 150 * MIB, 0) ||
	    !share_rows(c, 3, 150 * MIB, 1) || !share_rows(e, 3, GIB, 0) ||
	    !share_rows(e, 3, GIB, 1))
		return 0;
	e[0].give = e[2].give = 0;
	if (!share_rows(e, 3, 0, 0))
		return 0;
	for (int k = 0; k < 20000; k++) {
		size_t n;
		uint64_t total = 0;

#define NEXT()	(seed += UINT64_C(0x9e3779b97f4a7c15), \
		    ((seed ^ (seed >> 31)) * UINT64_C(0xbf58476d1ce4e5b9)) >> 7)
		n = 1 + NEXT() % 40;
		for (size_t i = 0; i < n; i++) {
			r[i].room = NEXT() % 5 == 0 ? 0 : NEXT() % (64 * GIB);
			r[i].weight = NEXT() % 4 == 0 ? 1 + NEXT() %
			    PLAN_WEIGHT_MAX : 1 + NEXT() % 1000;
			r[i].base = NEXT() % 2 ? NEXT() % (32 * GIB) : 0;
			r[i].give = PLAN_NONE;
			total += r[i].room;
		}
		if (!share_rows(r, n, NEXT() % (total + total / 4 + 1), k % 2))
			return 0;
#undef NEXT
	}
	return 1;
}

/*
 * Starvation as status shows it: time under pressure and its spells.
 * Rounds every 500 ms over a guest whose PSI says pressure (1) or not
 * (0): relief shorter than a second does not end a spell, a longer one
 * does, and only time between two rounds under pressure counts.  A
 * guest whose figures went stale (its agent died under pressure) and one
 * without an agent show none.
 */
static int
starvation_is_counted_in_spells(void)
{
	static const int p[] = { 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 1, 0 };
	struct plan_domain d[3];
	struct plan_decision dec[3];
	struct plan_action act[6];
	struct plan_config cfg;

	planner_config_default(&cfg);
	for (uint32_t i = 0; i < 3; i++)
		hand_domain(&d[i], i + 1, 2 * GIB);
	d[0].hints.present = d[1].hints.present = PLAN_HINT_PSI;
	d[1].hints.psi_some_avg10 = 2500;
	d[1].hints.updated_ms = 1000;
	for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		uint64_t now = cfg.hint_stale_ms + 2000 + 500 * (uint64_t)i;

		d[0].hints.psi_some_avg10 = p[i] ? 2500 : 0;
		d[0].hints.updated_ms = now;
		if (hand_plan_host(&cfg, now, 8 * GIB, d, 3, 2 * GIB,
		    PLAN_NONE, dec, act) < 0)
			return 0;
		hand_reach(d, dec, 3, 2 * GIB);
	}
	if (dec[0].hist.starve_spells != 2 || dec[0].hist.starved_ms != 1500)
		return fail("spells %u and %llu ms under pressure, not 2 and "
		    "1500", dec[0].hist.starve_spells,
		    (unsigned long long)dec[0].hist.starved_ms);
	for (int i = 1; i < 3; i++)
		if (dec[i].hist.starve_spells != 0 ||
		    dec[i].hist.starved_ms != 0)
			return fail("domain %d: %u spells, %llu ms, not none",
			    i + 1, dec[i].hist.starve_spells,
			    (unsigned long long)dec[i].hist.starved_ms);
	return 1;
}

/*
 * A domain being built (paused, never run: PLAN_DOM_STARTING) next to a
 * managed guest that holds all the memory: nothing of the building
 * domain is touched, it is counted at its target although it holds
 * little yet, and the guest is cut to make that room; its state says
 * starting.
 */
static int
starting_domain_is_left_alone_and_counted(void)
{
	struct plan_domain d[2];
	struct plan_decision dec[2];
	struct plan_action act[4];
	struct plan_config cfg;
	int n;

	planner_config_default(&cfg);
	hand_domain(&d[0], 1, 7 * GIB);
	hand_domain(&d[1], 2, 0);	/* its pages still to come */
	d[1].flags = PLAN_DOM_MANAGED | PLAN_DOM_STARTING;
	d[1].target_kib = 2 * GIB;
	d[1].maxmem_kib = 2 * GIB + 1024;
	if ((n = hand_plan(&cfg, d, GIB, PLAN_NONE, dec, act)) < 0)
		return 0;
	if (dec[1].state != PLAN_STARTING || dec[1].target_kib != 2 * GIB ||
	    dec[1].maxmem_kib != d[1].maxmem_kib)
		return fail("the starting domain was touched: state %s, target "
		    "%llu", planner_state_name(dec[1].state),
		    (unsigned long long)dec[1].target_kib);
	for (int i = 0; i < n; i++)
		if (act[i].domid == 2)
			return fail("an action for the starting domain");
	if (dec[0].target_kib + 2 * GIB + cfg.slack_kib > 8 * GIB)
		return fail("the guest keeps %llu KiB: the starting domain's "
		    "target is not counted", (unsigned long long)dec[0].target_kib);
	return 1;
}

/*
 * The daemon reads every domain, then the host's free memory: by the
 * time it plans, a growing guest may be well past the actual it was read
 * at (a round of 1,000 domains takes a while).  With actuals a round old
 * and free memory as it is now, cutting such a guest's target must not
 * hand out the memory it is taking meanwhile: the 1,000-domain load test
 * saw 3.9 GiB promised twice before growers were counted at their old
 * target.
 */
static int
stale_snapshot_never_overcommits(void)
{
	host(8 * GIB);
	h.snapshot_lag = 1;
	for (int i = 0; i < 4; i++) {
		guest(1536 * MIB, 1 * GIB, SIM_DRV_IDEAL);
		G(i)->trace = SIM_TR_SPIKE;
		G(i)->base = 512 * MIB;
		G(i)->amp = 2 * GIB;
		G(i)->period_ms = 4000;
		G(i)->phase_ms = (uint64_t)i * 1000;
	}
	run(300000, NULL);
	if (check_failed)
		return 0;
	if (!never_overcommitted())
		return 0;
	return 1;
}

/*
 * The same on a full host: free memory read as 0 KiB before the domains
 * is a reading, not "not read".  While the domains were read, a guest
 * being cut (actual 4 GiB in the snapshot, target 3.5 GiB) released its
 * 512 MiB, and free memory read after them shows it.  Taking 0 KiB for
 * "read once" made the snapshot current: the guest's old actual and the
 * released memory were both counted, the guest was raised back at no
 * cost and its neighbour grown into the same memory (policy-bench's jobs,
 * a host with nothing free, 12 MiB over in its second round).
 */
static int
full_host_lagging_snapshot_never_overcommits(void)
{
	/* dom0 and Xen hold 1 GiB, not among the domains planned */
	const uint64_t dom0 = GIB;
	struct plan_domain d[2];
	struct plan_decision dec[2];
	struct plan_action act[4];
	struct plan_config cfg;
	uint64_t total, reach, really[2];

	planner_config_default(&cfg);
	hand_domain(&d[0], 1, 4 * GIB);
	hand_domain(&d[1], 2, 4 * GIB);
	d[1].target_kib = d[1].maxmem_kib = 3584 * MIB;
	really[0] = 4 * GIB;
	really[1] = 3584 * MIB;		/* released while it was read */
	total = 8 * GIB + dom0 + cfg.slack_kib;
	/* 0 KiB free before the domains (full, as their actuals say) */
	if (hand_plan_host(&cfg, 1000, total, d, 2, 512 * MIB, 0, dec,
	    act) < 0)
		return 0;
	reach = dom0 + cfg.slack_kib;
	for (int i = 0; i < 2; i++)
		reach += plan_max(really[i], dec[i].maxmem_kib);
	if (reach > total)
		return fail("maxmem lets the guests reach %llu KiB of the %llu "
		    "KiB dom0 left (targets %llu and %llu)",
		    (unsigned long long)(reach - dom0 - cfg.slack_kib),
		    (unsigned long long)(total - dom0 - cfg.slack_kib),
		    (unsigned long long)dec[0].target_kib,
		    (unsigned long long)dec[1].target_kib);
	return 1;
}

/*
 * The lab's demand scenario in the simulator: a 480 MiB guest whose
 * kernel keeps 64 MiB for itself allocates 4 MiB/s with nothing to
 * reclaim and no swap, so it shows no pressure before the OOM killer
 * would run, and its agent reports every 12 s.  The others hold the
 * host's spare memory as cushions, and the daemon reads unchanged figures
 * again between reports.  It must be grown before it runs out.
 */
static int
ramp_grown_in_time(uint64_t settle_ms)
{
	uint64_t worst = 0, prev = 0, drop = 0, other_rise = 0;
	int g;

	host(1536 * MIB);	/* 3 x 480 MiB and the slack: no spare */
	g = guest(480 * MIB, 100 * MIB, SIM_DRV_IDEAL);
	guest(480 * MIB, 100 * MIB, SIM_DRV_IDEAL);
	guest(480 * MIB, 100 * MIB, SIM_DRV_IDEAL);
	for (int i = 0; i < 3; i++) {
		G(i)->min = 128 * MIB;
		G(i)->kshare = 64 * MIB;
		G(i)->hints_kind = SIM_HINTS_QUIET;
		G(i)->hint_every_ms = 12000;
		G(i)->rereads = 1;
		G(i)->speed_kibps = 16 * MIB;
	}
	run(settle_ms, NULL);
	/*
	 * As the lab's laballoc: a 190 MiB block at once, then 4 MiB/s for
	 * 64 s: 546 MiB, past its 480.
	 */
	G(g)->trace = SIM_TR_RAMP;
	G(g)->base = 290 * MIB;
	G(g)->amp = 256 * MIB;
	G(g)->period_ms = 128000;
	G(g)->phase_ms = 128000 - h.now_ms % 128000;
	for (int s = 0; s < 64; s++) {
		run(1000, NULL);
		if (check_failed)
			return 0;
		if (getenv("XB_SIM_TRACE"))
			printf("# %llu ms: demand %llu target %llu actual %llu others %llu/%llu free %llu\n",
			    (unsigned long long)h.now_ms,
			    (unsigned long long)G(g)->demand / 1024,
			    (unsigned long long)G(g)->target / 1024,
			    (unsigned long long)G(g)->actual / 1024,
			    (unsigned long long)G(1)->actual / 1024,
			    (unsigned long long)G(2)->actual / 1024,
			    (unsigned long long)sim_free(&h) / 1024);
		if (G(g)->demand > G(g)->actual &&
		    G(g)->demand - G(g)->actual > worst)
			worst = G(g)->demand - G(g)->actual;
		if (prev > G(g)->target && prev - G(g)->target > drop)
			drop = prev - G(g)->target;
		prev = G(g)->target;
		for (int i = 1; i < 3; i++)
			if (decision(i)->hist.rise_kibps > other_rise)
				other_rise = decision(i)->hist.rise_kibps;
	}
	/* The others use what they used: learning their kernel share is no
	 * rise of theirs. */
	if (other_rise > 0)
		return fail("an idle guest was seen rising at %llu KiB/s",
		    (unsigned long long)other_rise);
	/* Its demand only rose: a target that fell back was flapping. */
	if (drop > 16 * MIB)
		return fail("its target fell by up to %llu KiB while its "
		    "demand rose", (unsigned long long)drop);
	if (worst > 0)
		return fail("short by up to %llu KiB while it ramped (target "
		    "%llu, actual %llu, demand %llu)",
		    (unsigned long long)worst,
		    (unsigned long long)G(g)->target,
		    (unsigned long long)G(g)->actual,
		    (unsigned long long)G(g)->demand);
	if (G(g)->actual < 540 * MIB)
		return fail("it holds %llu KiB at the top of its ramp",
		    (unsigned long long)G(g)->actual);
	return 1;
}

static int
ramp_without_pressure_is_grown_in_time(void)
{
	return ramp_grown_in_time(120000);
}

/*
 * The same ramp 20 s after boot, before the daemon has learnt anyone's
 * kernel share: the others learn theirs only once shrunk for it, and
 * that must not read as their own demand rising (it did: they took the
 * memory back).
 */
static int
ramp_before_kernel_shares_are_learnt(void)
{
	return ramp_grown_in_time(20000);
}

/*
 * A fast balloon raised step by step keeps its speed.  The planner caps
 * a growing guest at what its balloon was seen to take over the promise
 * horizon (slow drivers must not sit on promised memory); a guest whose
 * target rose 32 MiB a second, seen a round late, used to look like a
 * 32 MiB/s driver, and its next burst was served a slice a round.
 */
static int
fast_guest_raised_in_steps_keeps_its_speed(void)
{
	uint64_t speed, fed_ms = 0, t0;
	int a;

	/*
	 * No spare memory: a hungry neighbour takes all the others leave,
	 * so the guest holds its demand and headroom and no more, and its
	 * target follows its demand up, once a second as the daemon's busy
	 * rounds, seen a round late.  Its weight gives it the room.
	 */
	host(8 * GIB);
	h.snapshot_lag = 1;
	h.drv_kibps = GIB;
	daemon_cadence = 1;
	a = guest(GIB, 2 * GIB, SIM_DRV_IDEAL);	/* grows 1 GiB at once */
	G(a)->weight = 300;
	guest(4 * GIB, 8 * GIB, SIM_DRV_IDEAL);
	run(20000, NULL);
	for (int s = 0; s < 60; s++) {
		G(a)->base += 32 * MIB;
		run(1000, NULL);
		if (check_failed)
			return 0;
	}
	speed = decision(a)->hist.grow_kibps;
	G(a)->base += 1536 * MIB;
	t0 = h.now_ms;
	while (h.now_ms - t0 < 30000 && fed_ms == 0) {
		run(100, NULL);
		if (check_failed)
			return 0;
		if (G(a)->actual + 64 * MIB >= G(a)->demand)
			fed_ms = h.now_ms - t0;
	}
	if (getenv("XB_SIM_TRACE"))
		printf("# speed seen %llu KiB/s, fed after %llu ms\n",
		    (unsigned long long)speed, (unsigned long long)fed_ms);
	if (speed < 256 * MIB)
		return fail("a 1 GiB/s balloon raised 32 MiB a second is taken "
		    "for a %llu KiB/s one", (unsigned long long)speed);
	if (decision(a)->hist.grow_limited)
		return fail("a 1 GiB/s balloon raised 32 MiB a second is taken "
		    "for one that grows at its own pace");
	if (fed_ms == 0 || fed_ms > 6000)
		return fail("a 1.5 GiB burst on a 1 GiB/s balloon fed after "
		    "%llu ms (0: not in 30 s)", (unsigned long long)fed_ms);
	return 1;
}

/*
 * Free memory read before the domains and after them agrees, yet a
 * shrinker read a round late may have released memory that a domain
 * built meanwhile now holds: raising the shrinker back to what the
 * snapshot says it holds is growth, not free (policy-bench, bootstorm,
 * seed 9000: 36 MiB promised twice).  Here a pinned guest read at 4 GiB
 * was being cut to 3.5 GiB, and a new domain holds the rest of the host.
 */
static int
raise_of_a_shrinker_is_growth_whatever_free_says(void)
{
	struct plan_domain d[2];
	struct plan_decision dec[2];
	struct plan_action act[4];
	struct plan_config cfg;

	planner_config_default(&cfg);
	hand_domain(&d[0], 1, 3584 * MIB);
	d[0].actual_kib = 4 * GIB;		/* read before its shrink */
	d[0].pin_kib = 4 * GIB;
	hand_domain(&d[1], 2, 4 * GIB - cfg.slack_kib);	/* new, read after */
	if (hand_plan(&cfg, d, cfg.slack_kib, cfg.slack_kib, dec, act) < 0)
		return 0;
	if (dec[0].target_kib > d[0].target_kib)
		return fail("the shrinker was raised from %llu to %llu KiB with "
		    "nothing free", (unsigned long long)d[0].target_kib,
		    (unsigned long long)dec[0].target_kib);
	return 1;
}

/*
 * A host with nothing free beyond the plans (the slack and 2 MiB): a
 * hungry guest without hints holds the surplus, a second sits at its
 * target with maxmem 1 MiB above it, and a third is pinned 2 MiB above
 * what it holds.  The pin fits (the hungry guest is far above its min),
 * so it must be reached, before anyone's maxmem extra: the Debian lab's
 * progress saw the pinned guest held 2 MiB under its pin for good, the
 * other guest's extra granted in the floors' tier.
 */
static int
pin_is_reached_before_maxmem_extras(void)
{
	struct plan_domain d[3];
	struct plan_decision dec[3];
	struct plan_action act[6];
	struct plan_config cfg;
	uint64_t free_kib, total;

	planner_config_default(&cfg);
	cfg.maxmem_extra_kib = 1024;
	hand_domain(&d[0], 1, 4 * GIB);
	hand_domain(&d[1], 2, GIB);
	d[1].maxmem_kib = GIB + 1024;
	hand_domain(&d[2], 3, 2 * GIB);
	d[2].maxmem_kib = 2 * GIB + 1024;
	d[2].pin_kib = 2 * GIB + 2048;
	free_kib = cfg.slack_kib + 2048;
	total = 7 * GIB + free_kib;
	for (int round = 0; round < 5; round++) {
		if (hand_plan_host(&cfg, 1000 * (uint64_t)(round + 1), total,
		    d, 3, free_kib, PLAN_NONE, dec, act) < 0)
			return 0;
		free_kib = hand_reach(d, dec, 3, free_kib);
	}
	if (d[2].target_kib != d[2].pin_kib)
		return fail("the pinned guest holds %llu KiB, pinned at %llu "
		    "(%s)", (unsigned long long)d[2].target_kib,
		    (unsigned long long)d[2].pin_kib, dec[2].reason);
	return 1;
}

/*
 * A guest of kib beside a 2 GiB neighbour using 1000 MiB, with 1 GiB
 * free, rounds a second apart: its reports, 2 s apart from 1 s, say it
 * uses used[k] (k < n); report pressed (-1: none) is under pressure,
 * with 100 MiB swapped out.  Returns the trend's level after the last
 * report, or PLAN_NONE on a failed check.
 */
static uint64_t
trend_after_reports(uint64_t kib, const uint64_t *used, int n, int pressed)
{
	struct plan_domain d[2];
	struct plan_decision dec[2];
	struct plan_action act[4];
	struct plan_config cfg;
	uint64_t free_kib = 1 * GIB, total = kib + 3 * GIB;

	planner_config_default(&cfg);
	hand_domain(&d[0], 1, kib);
	hand_domain(&d[1], 2, 2 * GIB);
	for (uint64_t now = 1000; now <= 2000 * (uint64_t)n - 1000;
	    now += 1000) {
		int k = (int)(now / 2000);

		for (int i = 0; i < 2 && now % 2000 == 1000; i++) {
			d[i].hints.present = PLAN_HINT_MEMINFO | PLAN_HINT_PSI |
			    PLAN_HINT_SWAPPED;
			d[i].hints.updated_ms = now;
			d[i].hints.mem_total_kib = d[i].actual_kib;
			d[i].hints.mem_avail_kib = plan_sat_sub(d[i].actual_kib,
			    i == 0 ? used[k] : 1000 * MIB);
			d[i].hints.psi_some_avg10 = i == 0 && k == pressed ?
			    3000 : 0;
			d[i].hints.swapped_kib = i == 0 && k == pressed ?
			    100 * MIB : 0;
		}
		if (hand_plan_host(&cfg, now, total, d, 2, free_kib,
		    PLAN_NONE, dec, act) < 0)
			return PLAN_NONE;
		free_kib = hand_reach(d, dec, 2, free_kib);
	}
	return dec[0].hist.trend_need_kib;
}

/*
 * A 2 GiB guest's reports: 1000 MiB used, 1100, then 1200 (under
 * pressure, with 100 MiB swapped out, if pressed), then 1180 with no
 * pressure.  A climb over two reports: 200 MiB in one report from rest
 * would be a step, which draws no trend (planner_demand.c).
 */
static uint64_t
climb_then_fall(int pressed)
{
	static const uint64_t used[4] = {
		1000 * MIB, 1100 * MIB, 1200 * MIB, 1180 * MIB,
	};

	return trend_after_reports(2 * GIB, used, 4, pressed ? 2 : -1);
}

/*
 * A report a little below the last in mid-climb is a dip, and the trend
 * is kept (sim-scenarios' climbing job); but not when the climb's top was
 * the pressure's own steps (what the guest had swapped out, and the
 * boost): as its balloon catches up they go, the demand falls back, and
 * the climb is over.  Kept then, the trend held memory from the others:
 * policy-bench's realistic profile, 16 seeds, 3781 -> 4031 starvation
 * episodes (slow and spikes).
 */
static int
fall_after_pressure_steps_ends_the_climb(void)
{
	uint64_t calm = climb_then_fall(0), pressed;

	if (calm == PLAN_NONE)
		return 0;
	pressed = climb_then_fall(1);
	if (pressed == PLAN_NONE)
		return 0;
	if (calm == 0)
		return fail("a dip of 20 MiB after a 200 MiB climb (two "
		    "reports) ended the trend");
	if (pressed != 0)
		return fail("a fall from a top of pressure steps kept the trend "
		    "at %llu MiB", (unsigned long long)(pressed / MIB));
	return 1;
}

/*
 * A 3 GiB guest's reports: 1000 MiB used for 10 s, then n (at most 2)
 * steps of 400 MiB, one a report.
 */
static uint64_t
steps_from_rest(int n)
{
	static const uint64_t used[8] = {
		1000 * MIB, 1000 * MIB, 1000 * MIB, 1000 * MIB, 1000 * MIB,
		1000 * MIB, 1400 * MIB, 1800 * MIB,
	};

	return trend_after_reports(3 * GIB, used, 6 + n, -1);
}

/*
 * A step alone, from rest, is over when it is read: it draws no trend
 * (planner_demand.c, demand_stepped()).  Drawn, it promised the guest as
 * much again, out of neighbours that had not stepped yet (policy-bench's
 * slow scenario).  Two steps in a row are a climb in big jumps, and keep
 * their trend.
 */
static int
step_alone_draws_no_trend(void)
{
	uint64_t one = steps_from_rest(1), two;

	if (one == PLAN_NONE)
		return 0;
	two = steps_from_rest(2);
	if (two == PLAN_NONE)
		return 0;
	if (one != 0)
		return fail("a 400 MiB step alone drew a trend to %llu MiB",
		    (unsigned long long)(one / MIB));
	if (two == 0)
		return fail("two 400 MiB steps in a row drew no trend");
	return 1;
}

/*
 * A guest idle at its demand and headroom for 30 s, its agent re-writing
 * the same figures every 10 s, next to one keeping its recent peak; then
 * the idle guest's job takes 120 MiB in a second.  Measured from when its
 * figure last changed, 31 s before, that is 4 MiB/s; it runs out in three.
 * Measured from the last report that still showed the old figure, the
 * climb is 120 MiB/s, and the guest is past its recent peak: its target
 * is raised at once, by at least 3 s of that climb (the agent's next
 * sample while a figure moves, 2 s, and the round that serves it).  In
 * the squeeze lab (run 14) a guest's job took 8.8 MiB in a second after
 * 28 s of stillness, read as 0.3 MiB/s, and the daemon did nothing until
 * the next report, a second before the OOM kill.
 */
static int
sudden_rise_after_stillness_is_served(void)
{
	struct plan_domain d[2];
	struct plan_decision dec[2];
	struct plan_action act[4];
	struct plan_config cfg;
	uint64_t free_kib, total, used[2] = { 1600 * MIB, 5 * GIB }, was = 0;

	planner_config_default(&cfg);
	hand_domain(&d[0], 1, 2 * GIB);
	hand_domain(&d[1], 2, 5 * GIB + 512 * MIB);
	free_kib = cfg.slack_kib;
	total = d[0].actual_kib + d[1].actual_kib + free_kib;
	for (uint64_t now = 1000; now <= 33000; now += 1000) {
		if (now == 6000)		/* the other's peak is over */
			used[1] = 2 * GIB + 512 * MIB;
		if (now == 32000) {		/* the job starts */
			was = d[0].target_kib;
			used[0] += 120 * MIB;
		}
		/* Reports: the agent's MemTotal follows its guest. */
		for (int i = 0; i < 2; i++) {
			if (now % 10000 != 1000 && now != 6000 && now != 32000)
				continue;
			d[i].hints.present = PLAN_HINT_MEMINFO;
			d[i].hints.updated_ms = now;
			d[i].hints.mem_total_kib = d[i].actual_kib;
			d[i].hints.mem_avail_kib = plan_sat_sub(d[i].actual_kib,
			    used[i]);
		}
		if (hand_plan_host(&cfg, now, total, d, 2, free_kib,
		    PLAN_NONE, dec, act) < 0)
			return 0;
		free_kib = hand_reach(d, dec, 2, free_kib);
	}
	if (d[0].target_kib < used[0] + 3 * 120 * MIB)
		return fail("after a rise of 120 MiB in 1 s the guest's target "
		    "went from %llu to %llu MiB, using %llu MiB (%s)",
		    (unsigned long long)(was / MIB),
		    (unsigned long long)(d[0].target_kib / MIB),
		    (unsigned long long)(used[0] / MIB), dec[0].reason);
	return 1;
}

/*
 * The benchmark's kinds of starvation episode, on guests no policy moves:
 * one spiking 1 GiB within a tick every 10 s, one ramping 1 GiB over 20 s
 * and back, a third like the first that dies at 12 s and is started
 * again at 13 s, and a fourth with a steady demand whose target is cut
 * below it at 30 s.  The first spike is a step to a new high, the four
 * after it steps to a level seen; the ramp's first pass above what it
 * holds is a climb to a new high, its second a climb seen; the guest
 * started again is a new guest: its first spike is new; the fourth's is
 * a cut.  A fifth, born with 512 MiB and a demand of 1 GiB, starts one at
 * birth: a step to a new high, and the only episode begun in a guest's
 * first tick (the guest started again is born with enough).
 */
static int
episode_kinds_are_told_apart(void)
{
	static const uint64_t want[SIM_EP_KINDS] = { 1, 1, 1, 7, 4 };
	static const enum sim_trace tr[3] = {
		SIM_TR_SPIKE, SIM_TR_RAMP, SIM_TR_SPIKE,
	};
	static const uint64_t period[3] = { 10000, 40000, 10000 };
	static const uint64_t phase[3] = { 5000, 0, 5000 };

	host(8 * GIB);
	for (int i = 0; i < 3; i++) {
		if (guest(GIB, 512 * MIB, SIM_DRV_STUCK) < 0)
			return fail("no room for guest %d", i);
		G(i)->trace = tr[i];
		G(i)->amp = GIB;
		G(i)->period_ms = period[i];
		G(i)->phase_ms = phase[i];
	}
	G(2)->die_ms = 12000;
	G(2)->reborn_ms = 13000;
	if (guest(GIB, 512 * MIB, SIM_DRV_IDEAL) < 0)
		return fail("no room for guest 3");
	if (guest(512 * MIB, GIB, SIM_DRV_STUCK) < 0)
		return fail("no room for guest 4");
	while (h.now_ms < 54000) {
		if (h.now_ms == 30000)
			sim_set_target(&h, 3, 256 * MIB);
		sim_tick(&h);
	}
	for (int k = 0; k < SIM_EP_KINDS; k++)
		if (h.m.episode_kind[k] != want[k])
			return fail("%llu %s, not %llu (%llu episodes)",
			    (unsigned long long)h.m.episode_kind[k],
			    sim_episode_kind_name[k],
			    (unsigned long long)want[k],
			    (unsigned long long)h.m.starve_episodes);
	if (h.m.starve_episodes != 14)
		return fail("%llu episodes, not 14",
		    (unsigned long long)h.m.starve_episodes);
	if (h.m.born_episodes != 1)
		return fail("%llu episodes at birth, not 1",
		    (unsigned long long)h.m.born_episodes);
	return 1;
}

/*
 * Spare memory, what no tier asked for, goes toward a common fraction of
 * each guest's range (min to max) per unit of weight, a range under
 * 2 GiB counted as 2 GiB.  On 11 GiB above the slack: three idle guests
 * at their 1 GiB min, ranges 10, 4 and 1 GiB, 8 GiB spare.  Weighed
 * 160 : 64 : 32 (64 MiB units), the small one reaches its max (1 GiB,
 * exactly its part), the others get 5 and 2 GiB: plans 6, 3 and 2 GiB.
 * Toward a common level of memory the plans were 4.5, 4.5 and 2 GiB (a
 * 16 GiB guest idle at 3.6 GiB held 5 GiB of a host with 26 GiB to
 * spare, policy-bench's h-heterob); with the small range counted as it
 * is, the small one got half its room.  Twice the middle one's weight
 * (128 units), parts of 8 GiB in 160 : 128 : 32.
 */
static int
spare_memory_follows_each_guests_range(void)
{
	static const uint64_t max[3] = { 11 * GIB, 5 * GIB, 2 * GIB };
	struct plan_domain d[3];
	struct plan_decision dec[3];
	struct plan_action act[6];
	struct plan_config cfg;
	uint64_t total, want[3];

	planner_config_default(&cfg);
	total = 11 * GIB + cfg.slack_kib;
	for (int i = 0; i < 3; i++) {
		hand_domain(&d[i], (uint32_t)i + 1, GIB);
		d[i].max_kib = d[i].static_max_kib = max[i];
		hand_meminfo(&d[i], GIB, 768 * MIB, 1000, 0);
	}
	for (int round = 0; round < 2; round++) {
		if (round == 0) {
			want[0] = 6 * GIB;
			want[1] = 3 * GIB;
			want[2] = 2 * GIB;
		} else {
			d[1].weight = 200;
			want[0] = GIB + 8 * GIB * 160 / 320;
			want[1] = GIB + 8 * GIB * 128 / 320;
			want[2] = GIB + 8 * GIB * 32 / 320;
		}
		if (hand_plan_host(&cfg, 1000, total, d, 3, total - 3 * GIB,
		    PLAN_NONE, dec, act) < 0)
			return 0;
		for (int i = 0; i < 3; i++) {
			uint64_t gap = dec[i].plan_kib > want[i] ?
			    dec[i].plan_kib - want[i] : want[i] - dec[i].plan_kib;

			if (gap > 1)
				return fail("weights 100, %u, 100: plans %llu, "
				    "%llu, %llu KiB, not %llu, %llu, %llu",
				    d[1].weight,
				    (unsigned long long)dec[0].plan_kib,
				    (unsigned long long)dec[1].plan_kib,
				    (unsigned long long)dec[2].plan_kib,
				    (unsigned long long)want[0],
				    (unsigned long long)want[1],
				    (unsigned long long)want[2]);
		}
	}
	/*
	 * Growth out of what is free now is shared by weight alone: beside
	 * a guest pinned at 1 GiB that holds 4, with 5 GiB free past the
	 * slack, the small one gets all it is planned (1 GiB) and the big
	 * one the other 4, not 8 GiB * 32 / 192 and * 160 / 192.
	 */
	d[1] = d[2];
	hand_domain(&d[2], 3, 4 * GIB);
	d[2].pin_kib = GIB;
	if (hand_plan_host(&cfg, 1000, total, d, 3, 5 * GIB + cfg.slack_kib,
	    PLAN_NONE, dec, act) < 0)
		return 0;
	if (dec[0].target_kib != 5 * GIB || dec[1].target_kib != 2 * GIB)
		return fail("beside a pinned guest giving 3 GiB back, with 5 "
		    "GiB free: targets %llu and %llu KiB (plans %llu, %llu), "
		    "not 5 and 2 GiB", (unsigned long long)dec[0].target_kib,
		    (unsigned long long)dec[1].target_kib,
		    (unsigned long long)dec[0].plan_kib,
		    (unsigned long long)dec[1].plan_kib);
	return 1;
}

/*
 * While a guest swallows for good (pressed for 16 reports and a minute,
 * holding its target: a liar or a leak), the others' recent peaks up to
 * their share of the host come before what it asks beyond its own.  On 8
 * GiB above the slack: a liar at 5 GiB reading nothing available, and a
 * quiet guest using 1 GiB of 1.5 that reached 3 GiB a minute ago (its
 * share is 4 GiB).  Chronic, the quiet one is planned its whole peak and
 * the liar what is left; a swallower pressed for 15 reports only, still
 * growing toward its target (a step its balloon fills), or pressed for 16
 * reports in 30 s (a job's agent, left little available, samples twice
 * a second: agent/pace.h) keeps its place ahead of the peak.
 */
static int
peaks_before_a_chronic_swallower(void)
{
	static const char *const what[] = { NULL, "pressed for 15 reports",
	    "still growing", "pressed for 16 reports in 30 s" };
	struct plan_domain d[2];
	struct plan_decision dec[2];
	struct plan_action act[4];
	struct plan_config cfg;
	uint64_t total, now = 62000;

	planner_config_default(&cfg);
	total = 8 * GIB + cfg.slack_kib;
	for (int k = 0; k < 4; k++) {
		hand_domain(&d[0], 1, 5 * GIB);
		hand_meminfo(&d[0], 5 * GIB, 0, 1000, 0);
		hand_domain(&d[1], 2, 1536 * MIB);
		hand_meminfo(&d[1], 1536 * MIB, 512 * MIB, 1000, 0);
		if (hand_first_round(&cfg, total, d, 2, total - 6.5 * GIB, dec,
		    act) < 0)
			return 0;
		d[0].hist.swallows = 1;
		d[0].hist.pressure_streak = k == 1 ? PLAN_CHRONIC_REPORTS - 1 :
		    PLAN_CHRONIC_REPORTS;
		d[0].hist.streak_ms = k == 3 ? now - 30000 :
		    now - PLAN_CHRONIC_MS;
		if (k == 2)
			d[0].target_kib = d[0].maxmem_kib = 6 * GIB;
		d[1].hist.recent_kib = 3 * GIB;
		d[1].hist.recent_ms = 1000;
		if (hand_plan_host(&cfg, now, total, d, 2, total - 6.5 * GIB,
		    PLAN_NONE, dec, act) < 0)
			return 0;
		if (k == 0 && (dec[0].plan_kib != 5 * GIB ||
		    dec[1].plan_kib != 3 * GIB))
			return fail("beside a chronic swallower: plans %llu and "
			    "%llu KiB, not 5 GiB and the quiet guest's 3 GiB "
			    "peak", (unsigned long long)dec[0].plan_kib,
			    (unsigned long long)dec[1].plan_kib);
		if (k > 0 && (dec[0].plan_kib != dec[0].w_core ||
		    dec[1].plan_kib != 8 * GIB - dec[0].w_core))
			return fail("beside a swallower %s: plans %llu and %llu "
			    "KiB, not its demand and guard %llu and the rest",
			    what[k], (unsigned long long)dec[0].plan_kib,
			    (unsigned long long)dec[1].plan_kib,
			    (unsigned long long)dec[0].w_core);
	}
	return 1;
}

/*
 * A guest that has swallowed for two minutes is owed no more than a
 * static split's share before the others' recent peaks, however high an
 * honest neighbour's climb lifts the level it is otherwise ranked at.  On
 * 8 GiB above three 1 GiB floors (shares of 3.67 GiB): a liar at 5 GiB
 * reading nothing available, a leak holding 4 GiB with 256 MiB left, and
 * a quiet guest using little of 1.5 GiB that reached 3 GiB a minute ago.
 * The quiet one is planned its whole peak, the leak its demand and
 * headroom, the liar what is left.  Pressed for 90 s only, the liar is
 * ranked with the leak's level, and the peak waits.
 */
static int
a_long_swallower_gets_a_static_share(void)
{
	struct plan_domain d[3];
	struct plan_decision dec[3];
	struct plan_action act[6];
	struct plan_config cfg;
	uint64_t total, now = 200000;

	planner_config_default(&cfg);
	total = 11 * GIB + cfg.slack_kib;
	for (int k = 0; k < 2; k++) {
		hand_domain(&d[0], 1, 5 * GIB);
		hand_meminfo(&d[0], 5 * GIB, 0, 1000, 0);
		hand_domain(&d[1], 2, 4 * GIB);
		hand_meminfo(&d[1], 4 * GIB, 256 * MIB, 1000, 0);
		hand_domain(&d[2], 3, 1536 * MIB);
		hand_meminfo(&d[2], 1536 * MIB, GIB, 1000, 0);
		if (hand_first_round(&cfg, total, d, 3, total - 10.5 * GIB, dec,
		    act) < 0)
			return 0;
		d[0].hist.swallows = 1;
		d[0].hist.pressure_streak = PLAN_CHRONIC_REPORTS;
		d[0].hist.streak_ms = now - (k == 0 ? PLAN_CHRONIC_SHARE_MS :
		    90000);
		d[2].hist.recent_kib = 3 * GIB;
		d[2].hist.recent_ms = now - 60000;
		if (hand_plan_host(&cfg, now, total, d, 3, total - 10.5 * GIB,
		    PLAN_NONE, dec, act) < 0)
			return 0;
		if (k == 0 && (dec[2].plan_kib != 3 * GIB ||
		    dec[1].plan_kib != dec[1].w_need ||
		    dec[0].plan_kib != 8 * GIB - dec[1].w_need))
			return fail("beside a liar pressed for 2 minutes: plans "
			    "%llu, %llu and %llu KiB, not the rest, the leak's "
			    "%llu and the quiet guest's 3 GiB peak",
			    (unsigned long long)dec[0].plan_kib,
			    (unsigned long long)dec[1].plan_kib,
			    (unsigned long long)dec[2].plan_kib,
			    (unsigned long long)dec[1].w_need);
		if (k == 1 && dec[2].plan_kib >= 3 * GIB)
			return fail("beside a liar pressed for 90 s: the quiet "
			    "guest planned %llu KiB, its whole peak before the "
			    "liar's level (%llu KiB)",
			    (unsigned long long)dec[2].plan_kib,
			    (unsigned long long)dec[0].plan_kib);
	}
	return 1;
}

/*
 * Three guests of 1 to 8 GiB using 1 GiB each, on a host of total KiB
 * with 12 GiB of it held by them: two hold 4.5 GiB and peaked there a
 * minute before now, the third holds 3 GiB and never stepped.  Their
 * first round, as hand_first_round() leaves it, with the two peaks set
 * by hand (tests 65 and 66).  0, or -1 with why filled.
 */
static int
two_peaks_first_round(const struct plan_config *cfg, uint64_t now,
    uint64_t total, struct plan_domain d[3], struct plan_decision dec[3],
    struct plan_action act[6])
{
	for (int i = 0; i < 3; i++) {
		uint64_t kib = i < 2 ? 4608 * MIB : 3 * GIB;

		hand_domain(&d[i], (uint32_t)i + 1, kib);
		hand_meminfo(&d[i], kib, kib - GIB, 1000, 0);
	}
	if (hand_first_round(cfg, total, d, 3, total - 12 * GIB, dec,
	    act) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		d[i].hist.recent_kib = 4608 * MIB;
		d[i].hist.recent_ms = now - 60000;
	}
	return 0;
}

/*
 * Most of a split by range before anyone's peak margin.  Three guests of
 * 1 to 8 GiB using 1 GiB each: two held peaks of 4.5 GiB a minute ago,
 * one never stepped and holds 3 GiB.  On 12 GiB above the slack the two
 * are planned their bare peaks and the third keeps what is left, 3 GiB,
 * below its PLAN_SPLIT_PCT of a third of the 9 GiB above the floors
 * (with the margins first, the peaks' owners took it to 2.1 GiB).  On
 * 13 GiB it is planned exactly that share, and the two share what is
 * left above their peaks.
 */
static int
most_of_a_split_before_peak_margins(void)
{
	struct plan_domain d[3];
	struct plan_decision dec[3];
	struct plan_action act[6];
	struct plan_config cfg;
	uint64_t now = 120000;

	planner_config_default(&cfg);
	for (int k = 0; k < 2; k++) {
		uint64_t total = (12 + (uint64_t)k) * GIB + cfg.slack_kib;
		uint64_t share = GIB + (uint64_t)((double)(9 + k) * GIB *
		    PLAN_SPLIT_PCT / 100 / 3), want;

		if (two_peaks_first_round(&cfg, now, total, d, dec, act) < 0)
			return 0;
		if (hand_plan_host(&cfg, now, total, d, 3, total - 12 * GIB,
		    PLAN_NONE, dec, act) < 0)
			return 0;
		want = k == 0 ? 3 * GIB : share;
		if (dec[2].plan_kib + 1 < want || dec[2].plan_kib > want + 1 ||
		    dec[0].plan_kib != dec[1].plan_kib ||
		    dec[0].plan_kib < 4608 * MIB ||
		    (k == 0 && dec[0].plan_kib != 4608 * MIB) ||
		    dec[0].plan_kib + dec[1].plan_kib + dec[2].plan_kib !=
		    total - cfg.slack_kib)
			return fail("on %llu GiB: plans %llu, %llu and %llu KiB, "
			    "not the peaks (4718592 KiB)%s and %llu",
			    (unsigned long long)(12 + k),
			    (unsigned long long)dec[0].plan_kib,
			    (unsigned long long)dec[1].plan_kib,
			    (unsigned long long)dec[2].plan_kib,
			    k ? " and what is left" : "",
			    (unsigned long long)want);
	}
	return 1;
}

/*
 * A slow balloon that has not stepped keeps all of its split before the
 * others' peaks.  First, a balloon of 32 MiB/s growing with memory free
 * and a gap left is seen to grow at its own pace (grow_limited); the
 * fast guest of fast_guest_raised_in_steps_keeps_its_speed() is not.
 * Then test 65's host of 12 GiB, where the guest that never stepped
 * kept the 3 GiB the two bare peaks left: seen growing at its own 120
 * MiB/s, it is planned a third of the 9 GiB above the floors, 4 GiB, and
 * the peaks' owners share the rest.  Once it has stepped, or seen at
 * 256 MiB/s, or slow only because it was never asked for more, it keeps
 * 3 GiB.
 */
static int
slow_balloon_keeps_its_split_until_it_steps(void)
{
	static const struct {
		const char *what;
		uint64_t kibps, step_ms;
		int32_t limited;
		uint64_t want;
	} c[] = {
		{ "slow, no step yet", 120 * MIB, 0, 1, 4 * GIB },
		{ "slow, stepped 5 min ago", 120 * MIB, 1000, 1, 3 * GIB },
		{ "256 MiB/s", 256 * MIB, 0, 1, 3 * GIB },
		{ "never asked for more", 120 * MIB, 0, 0, 3 * GIB },
	};
	struct plan_domain d[3];
	struct plan_decision dec[3];
	struct plan_action act[6];
	struct plan_config cfg;
	uint64_t now = 300000, total;
	int a;

	host(8 * GIB);
	a = guest(GIB, 4 * GIB, SIM_DRV_SLOW);
	G(a)->speed_kibps = 32 * MIB;
	run(20000, NULL);
	if (check_failed)
		return 0;
	if (!decision(a)->hist.grow_limited ||
	    decision(a)->hist.grow_kibps >= PLAN_SLOW_GROW_KIBPS)
		return fail("a 32 MiB/s balloon growing toward 4 GiB: limited "
		    "%d at %llu KiB/s", (int)decision(a)->hist.grow_limited,
		    (unsigned long long)decision(a)->hist.grow_kibps);

	planner_config_default(&cfg);
	total = 12 * GIB + cfg.slack_kib;
	for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
		if (two_peaks_first_round(&cfg, now, total, d, dec, act) < 0)
			return 0;
		d[2].hist.grow_kibps = c[k].kibps;
		d[2].hist.grow_limited = c[k].limited;
		d[2].hist.step_ms = c[k].step_ms;
		if (hand_plan_host(&cfg, now, total, d, 3, total - 12 * GIB,
		    PLAN_NONE, dec, act) < 0)
			return 0;
		if (dec[2].plan_kib + 1 < c[k].want ||
		    dec[2].plan_kib > c[k].want + 1 ||
		    dec[0].plan_kib != dec[1].plan_kib ||
		    dec[0].plan_kib + dec[1].plan_kib + dec[2].plan_kib !=
		    total - cfg.slack_kib)
			return fail("%s: plans %llu, %llu and %llu KiB, not %llu "
			    "for the third and the rest shared", c[k].what,
			    (unsigned long long)dec[0].plan_kib,
			    (unsigned long long)dec[1].plan_kib,
			    (unsigned long long)dec[2].plan_kib,
			    (unsigned long long)c[k].want);
	}
	return 1;
}

/*
 * A domain about to start does not wait on a slow balloon's debt.  On a
 * 16 GiB host a guest of 64 MiB/s and a fast guest hold 8 and 4 GiB for
 * a demand of 1 GiB each.  A 6 GiB reservation is held within 5 s: what
 * the slow guest cannot give by then is taken from the fast one's
 * surplus, not waited for (without that, 3449 MiB were free after 5 s),
 * and not below its demand; the fast guest has memory back once the slow
 * one has paid.  The slow guest's pace is seen as it gives.
 */
static int
reservation_does_not_wait_on_a_slow_balloon(void)
{
	int a, b;

	host(16 * GIB);
	a = guest(8 * GIB, GIB, SIM_DRV_SLOW);
	b = guest(4 * GIB, GIB, SIM_DRV_IDEAL);
	run(10000, NULL);
	if (check_failed)
		return 0;
	h.n_res = 1;
	h.res[0].id = 5;
	h.res[0].size_kib = 6 * GIB;
	if (!run(5000, res_held))
		return check_failed ? 0 : fail("not held 5 s after it was "
		    "asked: the slow guest holds %llu MiB for a target of "
		    "%llu, the fast one %llu MiB, %llu MiB free",
		    (unsigned long long)(G(a)->actual / MIB),
		    (unsigned long long)(G(a)->target / MIB),
		    (unsigned long long)(G(b)->actual / MIB),
		    (unsigned long long)(sim_free(&h) / MIB));
	if (!holds_its_demand(b, "the fast guest, once the domain could "
	    "start,"))
		return 0;
	if (decision(a)->hist.shrink_kibps < 48 * MIB ||
	    decision(a)->hist.shrink_kibps > 80 * MIB)
		return fail("the 64 MiB/s guest seen giving %llu KiB/s",
		    (unsigned long long)decision(a)->hist.shrink_kibps);
	run(120000, NULL);
	if (check_failed)
		return 0;
	if (h.res_state[0] != PLAN_RES_HELD || sim_free(&h) < 6 * GIB)
		return fail("the reservation was not kept: %llu MiB free",
		    (unsigned long long)(sim_free(&h) / MIB));
	if (G(b)->actual < 3 * GIB)
		return fail("the fast guest holds %llu MiB once the slow one "
		    "holds %llu, not its memory back",
		    (unsigned long long)(G(b)->actual / MIB),
		    (unsigned long long)(G(a)->actual / MIB));
	return holds_its_demand(b, "the fast guest") && never_overcommitted();
}

/*
 * The same rule by hand, to the KiB.  On 16 GiB a guest that owes 4 GiB
 * (6 held, target 2), a fast guest holding 6 GiB and a stuck one owing
 * 512 MiB, each using 1 GiB, and a reservation pending with 2 GiB free.
 * Seen giving back at 64 MiB/s, the first will have given 128 MiB in the
 * 2 s the rule waits; the rest, as far as the reservation is not free or
 * coming, is cut from the fast guest's plan, as far as its demand and no
 * further: for 5 GiB less than it has above its demand, for 8 GiB all of
 * that.  Never seen giving back, it is taken to give at once
 * and nothing is cut.  The slow and the stuck guests' plans are the same
 * either way, and the stuck guest's debt counts for nothing.
 */
static int
debt_is_cut_from_the_fast_to_the_kib(void)
{
	struct plan_domain d[3];
	struct plan_decision dec[2][3];
	struct plan_action act[6];
	struct plan_reservation res;
	struct plan_res_result rr;
	struct plan_config cfg;
	uint64_t soon, late, room, cut;

	planner_config_default(&cfg);
	hand_domain(&d[0], 1, 6 * GIB);
	hand_domain(&d[1], 2, 6 * GIB);
	hand_domain(&d[2], 3, 2 * GIB);
	for (int i = 0; i < 3; i++)
		hand_meminfo(&d[i], d[i].actual_kib, d[i].actual_kib - GIB,
		    500, 500);
	if (hand_first_round(&cfg, 16 * GIB, d, 3, 2 * GIB, dec[0], act) < 0)
		return 0;
	d[0].target_kib = 2 * GIB;
	d[2].target_kib = 1536 * MIB;
	d[2].hist.stuck_dir = -1;
	d[2].hist.stuck_since_ms = 1000;
	d[2].hist.probe_at_ms = 60000;
	for (uint64_t size = 5 * GIB; size <= 8 * GIB; size += 3 * GIB) {
		memset(&res, 0, sizeof(res));
		res.id = 5;
		res.size_kib = size;
		for (int k = 0; k < 2; k++) {
			d[0].hist.shrink_kibps = k == 0 ? 0 : 64 * MIB;
			if (hand_plan_res(&cfg, 2000, 16 * GIB, d, 3, 2 * GIB,
			    PLAN_NONE, &res, 1, &rr, dec[k], act) < 0)
				return 0;
			if (rr.status != PLAN_RES_PENDING)
				return fail("the reservation is %s, not pending",
				    planner_res_status_name(rr.status));
		}
		soon = 2 * GIB - cfg.slack_kib + 128 * MIB;
		late = 4 * GIB - 128 * MIB;
		if (late > size - soon)
			late = size - soon;
		room = dec[0][1].plan_kib - (dec[0][1].w_core >
		    dec[0][1].lo_kib ? dec[0][1].w_core : dec[0][1].lo_kib);
		cut = late < room ? late : room;
		if (dec[0][1].plan_kib - dec[1][1].plan_kib + 1 < cut ||
		    dec[0][1].plan_kib - dec[1][1].plan_kib > cut + 1)
			return fail("%llu GiB: the fast guest planned %llu KiB, "
			    "then %llu with the debt: cut by %llu, not %llu",
			    (unsigned long long)(size / GIB),
			    (unsigned long long)dec[0][1].plan_kib,
			    (unsigned long long)dec[1][1].plan_kib,
			    (unsigned long long)(dec[0][1].plan_kib -
			    dec[1][1].plan_kib), (unsigned long long)cut);
		/* 5 GiB: less than the room; 8 GiB: all of it, no more. */
		if (cut == 0 || (cut == room) != (size == 8 * GIB))
			return fail("setup, %llu GiB: cut %llu KiB of a room of "
			    "%llu", (unsigned long long)(size / GIB),
			    (unsigned long long)cut, (unsigned long long)room);
		if (dec[1][0].plan_kib != dec[0][0].plan_kib ||
		    dec[1][2].plan_kib != dec[0][2].plan_kib)
			return fail("%llu GiB: the slow and stuck guests planned "
			    "%llu and %llu KiB with the debt, %llu and %llu "
			    "without", (unsigned long long)(size / GIB),
			    (unsigned long long)dec[1][0].plan_kib,
			    (unsigned long long)dec[1][2].plan_kib,
			    (unsigned long long)dec[0][0].plan_kib,
			    (unsigned long long)dec[0][2].plan_kib);
	}
	return 1;
}

/*
 * A hand-built guest above its 1 GiB target, planned every 200 ms from 1
 * s to 1 s + ms with actual(t) KiB, carrying its history on.  Its
 * shrink_kibps after, or UINT64_MAX with why filled.
 */
static uint64_t
shrink_pace_seen(uint64_t ms, uint64_t (*actual)(uint64_t))
{
	struct plan_domain d;
	struct plan_decision dec;
	struct plan_action act[2];
	struct plan_config cfg;

	planner_config_default(&cfg);
	hand_domain(&d, 1, actual(0));
	for (uint64_t t = 0; t <= ms; t += 200) {
		d.actual_kib = actual(t);
		d.target_kib = d.maxmem_kib = GIB;
		if (hand_plan_host(&cfg, 1000 + t, 8 * GIB, &d, 1,
		    8 * GIB - d.actual_kib, PLAN_NONE, &dec, act) < 0)
			return UINT64_MAX;
		d.hist = dec.hist;
	}
	return d.hist.shrink_kibps;
}

/* 64 MiB/s, moved in 25.6 MiB steps every other round. */
static uint64_t
pace_jerky(uint64_t t)
{
	return 4 * GIB - (t / 400) * (256 * MIB / 10);
}

/* 256 MiB/s for 2 s, then 32 MiB/s. */
static uint64_t
pace_slowing(uint64_t t)
{
	if (t <= 2000)
		return 4 * GIB - t * 256 * MIB / 1000;
	return 3584 * MIB - (t - 2000) * 32 * MIB / 1000;
}

/* Grows 128 MiB/s while its target is below it (a target cut a round
   ago and not yet seen by its driver, over and over). */
static uint64_t
pace_rising(uint64_t t)
{
	return 2 * GIB + t * 128 * MIB / 1000;
}

/*
 * How fast a guest gives memory back is measured over spans of a second
 * or more, not per round: a 64 MiB/s balloon that moves every other 200
 * ms round reads 64 MiB/s within a quarter (its 400 ms steps alias on
 * 1 s spans), not 128.  A span that gave less, with more to give, lowers
 * the figure by a quarter at most (256 then 32 MiB/s reads
 * 192 after the slow second), and a guest whose actual rose while above
 * its target gives no figure at all.
 */
static int
shrink_pace_is_seen_over_spans(void)
{
	uint64_t k;

	k = shrink_pace_seen(3000, pace_jerky);
	if (k == UINT64_MAX)
		return 0;
	if (k < 48 * MIB || k > 80 * MIB)
		return fail("a 64 MiB/s balloon moving every other round read "
		    "at %llu KiB/s", (unsigned long long)k);
	k = shrink_pace_seen(3000, pace_slowing);
	if (k == UINT64_MAX)
		return 0;
	if (k < 190 * MIB || k > 194 * MIB)
		return fail("256 MiB/s for 2 s, then 32 for 1 s, read at %llu "
		    "KiB/s, not a quarter below 256 MiB/s",
		    (unsigned long long)k);
	k = shrink_pace_seen(3000, pace_rising);
	if (k == UINT64_MAX)
		return 0;
	if (k != 0)
		return fail("a guest growing above its target read as giving "
		    "back at %llu KiB/s", (unsigned long long)k);
	return 1;
}

static const struct {
	const char *name;
	int (*fn)(void);
} scenarios[] = {
	{ "actuals a round old (free memory read after them) never lead to "
	    "promising memory twice", stale_snapshot_never_overcommits },
	{ "on a full host too: free memory read as 0 KiB before the domains "
	    "is not taken for a snapshot read once",
	    full_host_lagging_snapshot_never_overcommits },
	{ "a guest ramping 4 MiB/s with a 64 MiB kernel share, no pressure "
	    "signal and 12 s reports is grown before it runs out",
	    ramp_without_pressure_is_grown_in_time },
	{ "the same ramp before the kernel shares are learnt: the others' "
	    "shares are not taken for rising demand",
	    ramp_before_kernel_shares_are_learnt },
	{ "a stuck guest is marked within one window, held where it is, and "
	    "another guest gives instead", stuck_guest_is_routed_around },
	{ "a guest stuck 19 s / active 1 s is held most of the time and never "
	    "left holding promised memory", flaky_guest_is_held_not_rewarded },
	{ "a guest lying about its demand gets no more than its weighted "
	    "share", liar_gets_no_more_than_its_share },
	{ "a liar does not take the headroom of an honest guest climbing "
	    "8 MiB/s with 12 s reports",
	    liar_does_not_take_an_honest_climbers_headroom },
	{ "garbage and lying hints never raise a target above max nor push "
	    "one below min", hints_never_break_admin_bounds },
	{ "a reservation is held once guests have shrunk, and stays held",
	    reservation_is_held_after_shrinks },
	{ "a reservation that cannot fit fails at once, naming the stuck "
	    "domain and the unreachable memory",
	    reservation_fails_naming_the_stuck_domain },
	{ "a reservation still pending at its deadline fails",
	    reservation_past_its_deadline_fails },
	{ "a new domain reusing a domid starts with a fresh history",
	    reused_domid_starts_afresh },
	{ "the memory of a guest that dies mid-shrink goes to the others",
	    dying_guest_memory_goes_to_others },
	{ "steady demand: no target changes once settled, nobody short",
	    steady_demand_means_no_churn },
	{ "a guest without an agent gets its share out of the others' "
	    "cushions", silent_guest_gets_its_share },
	{ "a neighbour's steps leave idle guests' surplus alone",
	    neighbour_steps_leave_idle_surplus_alone },
	{ "a quiet guest keeps its recent peak ahead of a busy neighbour's "
	    "headroom", quiet_guest_keeps_its_peak_ahead_of_headroom },
	{ "peaks that do not fit together are held whole for most guests, "
	    "the same ones round after round, and what is left goes to the "
	    "one left out before their margins",
	    peaks_that_do_not_fit_are_held_whole_for_most },
	{ "of two peaks that do not fit, the one a guest steps to every 20 s "
	    "is held whole before a smaller one reached once",
	    frequent_stepper_is_held_before_a_smaller_rare_peak },
	{ "peaks reached by climbs are shared by weight, not held whole "
	    "beside one reached by a step",
	    climbed_peaks_are_shared_by_weight },
	{ "a file server keeps its active page cache ahead of a quiet "
	    "neighbour's peak, not ahead of its demand",
	    file_server_keeps_its_cache_ahead_of_a_peak },
	{ "a job climbing in steps with small dips keeps a few reports' "
	    "headroom through the dips", climb_with_dips_keeps_its_headroom },
	{ "a quiet guest whose reports creep by 256 KiB is cut once, not "
	    "again when the creep stops", report_noise_moves_no_memory },
	{ "a fall from a top of pressure steps ends the climb; a dip does "
	    "not", fall_after_pressure_steps_ends_the_climb },
	{ "a pin is kept, and dropped with a reason when it cannot fit",
	    pins_are_kept_or_dropped_with_a_reason },
	{ "a step alone, from rest, draws no trend; two steps in a row do",
	    step_alone_draws_no_trend },
	{ "a sudden rise after 30 s of stillness is served at the speed it "
	    "came", sudden_rise_after_stillness_is_served },
	{ "a pin is reached before anyone's maxmem extra on a host with "
	    "nothing free beyond the plans",
	    pin_is_reached_before_maxmem_extras },
	{ "a hidden ceiling is noticed and its promised memory goes back",
	    hidden_ceiling_gives_memory_back },
	{ "the stock Linux 6.1 driver never sees a failed allocation (so "
	    "never gives up)", linux_driver_never_fails_an_allocation },
	{ "an unmanaged domain's growth in flight is counted as committed",
	    unmanaged_growth_is_counted },
	{ "with free memory under the slack nothing grows and growth in "
	    "flight is called back", nothing_grows_when_host_is_short },
	{ "a domain being built is left alone and counted at its target",
	    starting_domain_is_left_alone_and_counted },
	{ "a shrinker read a round late is not raised back for free when free "
	    "memory read before and after agrees",
	    raise_of_a_shrinker_is_growth_whatever_free_says },
	{ "a fast balloon raised step by step is not taken for a slow one, "
	    "and its next burst is served within 6 s", fast_guest_raised_in_steps_keeps_its_speed },
	{ "the benchmark tells steps from climbs from cuts, and new highs "
	    "from levels seen", episode_kinds_are_told_apart },
	{ "the kernel's share is learnt from a sample taken at rest, seconds "
	    "after the balloon stopped, never from one taken before",
	    kernel_share_learnt_from_samples_at_rest },
	{ "starvation shows as time under pressure in spells; a second of "
	    "relief ends one, stale figures and no agent show none",
	    starvation_is_counted_in_spells },
	{ "a raise the surplus band holds back is made 30 s later, once, "
	    "unless a guest is short",
	    surplus_held_back_is_given_later },
	{ "after 30 s at rest the kernel's share still waits a round for a "
	    "MemTotal sampled since the last",
	    kernel_share_waits_for_a_new_memtotal_after_rest },
	{ "figures whose MemTotal the balloon left behind 30 s ago are not "
	    "used; a live agent's are",
	    figures_left_behind_by_the_balloon_are_not_used },
	{ "a guest's figures and their pressure are judged at their bounds",
	    hints_are_judged_at_their_bounds },
	{ "the guard above demand is a fifth of Hyper-V's balloon floor",
	    guard_is_a_fifth_of_hyperv_floor },
	{ "input the planner cannot plan is refused whole, with no action; "
	    "at the bounds it is planned", bad_input_is_refused_whole },
	{ "the demand estimate and the recent peak rise, hold and fall at "
	    "their rates", demand_moves_at_its_rates },
	{ "OOM kills and refaults raise the working-set floor, held 5 min, "
	    "then let go", working_set_floor_from_kills_and_refaults },
	{ "a guest that never moves: strikes, a probation that doubles, "
	    "forgiveness, proof and the end of the spell",
	    stuck_guest_strikes_probation_and_forgiveness },
	{ "demand the host cannot meet is counted to the KiB",
	    unmet_demand_is_counted },
	{ "the host-wide figures are each round's own",
	    totals_are_each_rounds_own },
	{ "growth when free memory is short goes to floors, then demand, "
	    "maxmem's extra last", scarce_growth_goes_to_floors_then_demand },
	{ "a failed reservation names stuck domains, then shrinking ones, "
	    "and what they have yet to give",
	    failed_reservation_names_stuck_then_shrinking },
	{ "every tier is shared by weighted water-filling, to the KiB",
	    shares_are_water_filled_by_weight },
	{ "whole peaks for as many stepped guests as fit, the most frequent "
	    "steppers first", peaks_held_whole_in_the_order_of_their_steps },
	{ "a guest that swallows is served before the others' headroom up "
	    "to its fair share", swallower_stops_at_its_fair_share },
	{ "a guest without an agent gets its weight's share before the "
	    "others' headroom", blind_guest_gets_its_share_before_headroom },
	{ "while a guest swallows, idle guests' peaks come after all demand",
	    swallower_demand_before_idle_peaks },
	{ "the time between steps is smoothed a quarter at a time, steps "
	    "10 s apart", steps_time_their_gaps },
	{ "a guest that grows by half within a streak of pressure and is "
	    "still short swallows", swallowing_is_judged_over_a_streak },
	{ "out of probation a guest moves again before it is trusted",
	    probation_needs_a_new_move },
	{ "a climb's trend lapses 30 s after its last report",
	    trend_lapses_without_reports },
	{ "spare memory goes toward a common fraction of each guest's range, "
	    "per unit of weight", spare_memory_follows_each_guests_range },
	{ "while a guest swallows for good, the others' peaks up to their "
	    "share come first", peaks_before_a_chronic_swallower },
	{ "a guest that swallows for two minutes is owed a static split's "
	    "share before the others' recent peaks",
	    a_long_swallower_gets_a_static_share },
	{ "most of a split by range comes before anyone's peak margin",
	    most_of_a_split_before_peak_margins },
	{ "a slow balloon that has not stepped keeps all of its split "
	    "before the others' peaks", slow_balloon_keeps_its_split_until_it_steps },
	{ "a guest with swap keeps half the guard above its demand",
	    guard_is_halved_with_swap },
	{ "a domain about to start is not kept waiting by a slow balloon's "
	    "debt: a fast guest gives now, and gets it back",
	    reservation_does_not_wait_on_a_slow_balloon },
	{ "the same by hand: the debt not given within 2 s and not free is "
	    "cut from the fast guest's plan to the KiB, the stuck guest's "
	    "debt counting for nothing", debt_is_cut_from_the_fast_to_the_kib },
	{ "how fast a guest gives memory back is read over spans of a second, "
	    "lowered a quarter at most", shrink_pace_is_seen_over_spans },
};

int
main(void)
{
	size_t n = sizeof(scenarios) / sizeof(scenarios[0]);
	int bad = 0;

	printf("1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		int ok;

		why[0] = '\0';
		ok = scenarios[i].fn();
		printf("%s %zu - %s\n", ok ? "ok" : "not ok", i + 1,
		    scenarios[i].name);
		if (!ok) {
			printf("# %s\n", why);
			bad = 1;
		}
	}
	return bad;
}
