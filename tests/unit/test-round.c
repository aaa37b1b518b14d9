/*
 * test-round.c - the pure steps of a round (daemon/round.c): a domain's
 * facts become the planner's input with the policy applied, a plan that
 * cannot be made says why, a domain is reported stuck once when it
 * becomes so, the round is "moving" while any domain is and "waiting"
 * while one waits to grow into memory being freed, the next round
 * comes as cadence.h says, and a guest's memory figures carry when they
 * were sampled.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cadence.h"
#include "round.h"

#define MIB	1024ull
#define GIB	(1024ull * 1024)

static const uint8_t uuid[PLAN_UUID_LEN] = { 1, 2, 3 };

/*
 * planner_check() behind a wrapper (-Wl,--wrap): the checks it runs are
 * counted, and it can be made to refuse, as it would a planner's bug.
 */
static unsigned int checks;
static bool refuse;

int	__real_planner_check(const struct plan_config *cfg,
	    const struct plan_input *in, const struct plan_output *out,
	    char *err, size_t errlen);
int	__wrap_planner_check(const struct plan_config *cfg,
	    const struct plan_input *in, const struct plan_output *out,
	    char *err, size_t errlen);

int
__wrap_planner_check(const struct plan_config *cfg,
    const struct plan_input *in, const struct plan_output *out,
    char *err, size_t errlen)
{
	checks++;
	if (refuse) {
		snprintf(err, errlen, "domain 7: target above its max");
		return -1;
	}
	return __real_planner_check(cfg, in, out, err, errlen);
}
static const struct policy pol = {
	.min_kib = PLAN_NONE, .max_kib = 2 * GIB, .pin_kib = PLAN_NONE,
};
static struct plan_hints hints;
static struct plan_history hist;

/* A running domU of 4 GiB static max holding 1 GiB, target 1.5 GiB. */
static struct round_dom
running(void)
{
	memset(&hints, 0, sizeof(hints));
	hints.mem_total_kib = 900 * MIB;
	memset(&hist, 0, sizeof(hist));
	hist.moved_total_kib = 77;
	return (struct round_dom){
		.domid = 7, .uuid = uuid,
		.actual_kib = 1 * GIB, .have_target = true,
		.target_kib = 1536 * MIB,
		.bd = { .have_static_max = true, .static_max_kib = 4 * GIB,
			.maxmem_kib = 4 * GIB },
		.pol = &pol, .hints = &hints, .hist = &hist,
	};
}

static void
domain_carries_facts_and_policy(void **state)
{
	struct bounds_config c;
	struct round_dom rd = running();
	struct plan_domain p;

	(void)state;
	bounds_config_default(&c);
	memset(&p, 0xff, sizeof(p));
	round_domain(&c, &rd, &p);
	assert_int_equal(p.domid, 7);
	assert_memory_equal(p.uuid, uuid, PLAN_UUID_LEN);
	assert_int_equal(p.flags, PLAN_DOM_MANAGED);
	assert_int_equal(p.actual_kib, 1 * GIB);
	assert_int_equal(p.target_kib, 1536 * MIB);
	assert_int_equal(p.min_kib, BOUNDS_DEFAULT_MIN_KIB);
	assert_int_equal(p.max_kib, 2 * GIB);
	assert_int_equal(p.weight, BOUNDS_DEFAULT_WEIGHT);
	assert_int_equal(p.hints.mem_total_kib, 900 * MIB);
	assert_int_equal(p.hist.moved_total_kib, 77);
}

static void
domain_without_target_is_planned_from_what_it_holds(void **state)
{
	struct bounds_config c;
	struct round_dom rd = running();
	struct plan_domain p;

	(void)state;
	bounds_config_default(&c);
	rd.have_target = false;
	rd.target_kib = 3 * GIB;	/* stale: not read */
	round_domain(&c, &rd, &p);
	assert_int_equal(p.target_kib, 1 * GIB);
}

static void
dying_and_starting_domains_are_flagged(void **state)
{
	struct bounds_config c;
	struct round_dom rd = running();
	struct plan_domain p;

	(void)state;
	bounds_config_default(&c);
	rd.dying = true;
	round_domain(&c, &rd, &p);
	assert_int_equal(p.flags, PLAN_DOM_MANAGED | PLAN_DOM_DYING);
	rd.dying = false;
	rd.starting = true;
	round_domain(&c, &rd, &p);
	assert_int_equal(p.flags, PLAN_DOM_MANAGED | PLAN_DOM_STARTING);
}

static void
plan_that_cannot_be_made_says_why(void **state)
{
	struct plan_config cfg;
	struct plan_input in = { .host_total_kib = 8 * GIB };
	struct plan_output out = { 0 };
	char why[ROUND_WHY_MAX] = "";
	int r;

	(void)state;
	planner_config_default(&cfg);
	checks = 0;
	assert_int_equal(round_plan(&cfg, &in, &out, why, sizeof(why)), 0);
	if (checks != 1)
		fail_msg("a plan made: expected it checked once, checked %u "
		    "times", checks);
	/* A plan the check refuses is not applied, and the log says why. */
	refuse = true;
	r = round_plan(&cfg, &in, &out, why, sizeof(why));
	refuse = false;
	if (r != -EINVAL)
		fail_msg("a plan refused by planner_check: expected %d (not "
		    "applied), got %d; why: %s", -EINVAL, r, why);
	if (strcmp(why, "plan refused, not applied: domain 7: target above "
	    "its max") != 0)
		fail_msg("expected the refusal's reason, got: %s", why);
	cfg.stuck_window_ms = 0;	/* refused by planner_plan */
	assert_int_equal(round_plan(&cfg, &in, &out, why, sizeof(why)),
	    -EINVAL);
	assert_string_equal(why, "planner_plan: Invalid argument");
}

static void
stuck_is_reported_once_when_it_starts(void **state)
{
	struct round_memo m;
	struct plan_decision dec;

	(void)state;
	memset(&m, 0, sizeof(m));
	memset(&dec, 0, sizeof(dec));
	dec.state = PLAN_GROWING;
	dec.hist.moved_total_kib = 5;
	assert_false(round_take_decision(&m, &dec));
	assert_true(m.have_dec);
	assert_int_equal(m.hist.moved_total_kib, 5);
	dec.state = PLAN_STUCK;
	assert_true(round_take_decision(&m, &dec));
	assert_false(round_take_decision(&m, &dec));
	dec.state = PLAN_IDLE;
	assert_false(round_take_decision(&m, &dec));
	assert_int_equal(m.dec.state, PLAN_IDLE);
}

static void
round_is_moving_while_a_domain_is(void **state)
{
	struct plan_config cfg;
	struct plan_decision dec[3];
	struct plan_output out = {
		.decisions = dec, .budget_kib = 10, .committed_kib = 9,
		.deficit_kib = 8, .unmet_kib = 7, .n_stuck = 1,
	};
	struct round_totals t;

	(void)state;
	planner_config_default(&cfg);
	memset(dec, 0, sizeof(dec));
	dec[0].state = PLAN_IDLE;
	dec[1].state = PLAN_STUCK;
	/* Past the n domains: not one of them. */
	dec[2].state = PLAN_GROWING;
	dec[2].why = PLAN_WHY_FREEING;
	memset(&t, 0, sizeof(t));
	round_take_totals(&cfg, &out, 2, &t);
	if (t.moving || t.waiting)
		fail_msg("one idle domain, one stuck (a third, past n, "
		    "waiting): expected neither moving nor waiting, got "
		    "moving %d, waiting %d", t.moving, t.waiting);
	assert_int_equal(t.budget_kib, 10);
	assert_int_equal(t.committed_kib, 9);
	assert_int_equal(t.deficit_kib, 8);
	assert_int_equal(t.unmet_kib, 7);
	assert_int_equal(t.n_stuck, 1);
	dec[1].state = PLAN_SHRINKING;
	round_take_totals(&cfg, &out, 2, &t);
	assert_true(t.moving);
	assert_false(t.waiting);
	/* A grower waiting for memory others release. */
	dec[0].state = PLAN_GROWING;
	dec[0].why = PLAN_WHY_FREEING;
	round_take_totals(&cfg, &out, 2, &t);
	assert_true(t.moving);
	assert_true(t.waiting);
	/* Settled again: no longer moving, nor waiting. */
	dec[0].state = PLAN_IDLE;
	dec[0].why = PLAN_WHY_DEADBAND;
	dec[1].state = PLAN_IDLE;
	round_take_totals(&cfg, &out, 2, &t);
	if (t.moving || t.waiting)
		fail_msg("every domain idle: expected neither moving nor "
		    "waiting, got moving %d, waiting %d", t.moving, t.waiting);
}

/*
 * The next round: every 250 ms while a domain waits for memory being
 * freed (it gets it a round after it is released), every second while
 * domains only move, the configured interval otherwise; a kick's lowered
 * target is put back no sooner than a second, so that the guest saw it.
 */
static void
next_round_comes_sooner_while_a_domain_waits(void **state)
{
	(void)state;
	assert_int_equal(cadence_next_ms(false, false, false, 5000), 5000);
	assert_int_equal(cadence_next_ms(false, false, true, 5000),
	    XBD_BUSY_INTERVAL_MS);
	assert_int_equal(cadence_next_ms(false, true, true, 5000),
	    XBD_WAIT_INTERVAL_MS);
	assert_int_equal(XBD_WAIT_INTERVAL_MS, 250);
	assert_int_equal(cadence_next_ms(true, true, true, 5000),
	    XBD_BUSY_INTERVAL_MS);
	/* Never later than the configured interval. */
	assert_int_equal(cadence_next_ms(false, false, true, 300), 300);
	assert_int_equal(cadence_next_ms(false, true, true, 100), 100);
}

/*
 * A guest's reads: a few at once after a quiet spell, then one a gap
 * however often it writes.  A quiet guest whose job starts to take its
 * memory reports every 500 ms (pace.h); each report is read at the round
 * after it (settle, 200 ms), for the first three.  Shown to fail with the
 * old rule (one read a gap: XBD_READ_BURST 1): the report at 0.5 s waits
 * until 1.2 s.
 */
static void
guest_reads_come_in_a_burst_then_one_a_gap(void **state)
{
	const uint64_t gap = 1000, t0 = 50000;
	uint64_t tat = 0, reads = 0, now;

	(void)state;
	assert_int_equal(read_next_ms(0, gap), 0);	/* never read */
	for (now = t0 + 200; now <= t0 + 1200; now += 500)
		assert_true(read_take(&tat, now, gap));
	/* A guest writing every 100 ms for a minute: one read a gap. */
	for (uint64_t end = now + 60000; now < end; now += 100) {
		if (read_take(&tat, now, gap))
			reads++;
	}
	assert_in_range(reads, 59, 61);
	/* Quiet for three gaps: three reads at once again. */
	now += 3 * gap;
	for (int i = 0; i < 3; i++)
		assert_true(read_take(&tat, now, gap));
	assert_false(read_take(&tat, now, gap));
}

/*
 * When a guest's memory figures were sampled: after the read before the
 * one that found them changed; unchanged, as bounded before (any write of
 * the guest's, a heartbeat or a network event, makes the daemon read them
 * again, and such a read says nothing of when MemTotal was sampled).
 */
static void
figures_are_sampled_after_the_read_that_found_them_old(void **state)
{
	struct plan_hints was, now;

	(void)state;
	memset(&was, 0, sizeof(was));
	memset(&now, 0, sizeof(now));
	now.present = PLAN_HINT_MEMINFO;
	now.mem_total_kib = 900 * MIB;
	now.mem_avail_kib = 300 * MIB;
	/* The first figures read: sampled after the read before, if any. */
	assert_int_equal(round_sampled_after(&was, &now, 0), 0);
	now.sampled_after_ms = 5000;
	was = now;
	/* Read again unchanged (a heartbeat): the bound stays. */
	assert_int_equal(round_sampled_after(&was, &now, 9000), 5000);
	/* MemTotal moved: sampled after the read before this one. */
	now.mem_total_kib += 4 * MIB;
	assert_int_equal(round_sampled_after(&was, &now, 9000), 9000);
	/* MemAvailable alone moved: the same. */
	now.mem_total_kib = was.mem_total_kib;
	now.mem_avail_kib -= 16 * MIB;
	assert_int_equal(round_sampled_after(&was, &now, 12000), 12000);
	/* No figures: no bound. */
	now.present = 0;
	assert_int_equal(round_sampled_after(&was, &now, 12000), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(domain_carries_facts_and_policy),
		cmocka_unit_test(
		    domain_without_target_is_planned_from_what_it_holds),
		cmocka_unit_test(dying_and_starting_domains_are_flagged),
		cmocka_unit_test(plan_that_cannot_be_made_says_why),
		cmocka_unit_test(stuck_is_reported_once_when_it_starts),
		cmocka_unit_test(round_is_moving_while_a_domain_is),
		cmocka_unit_test(next_round_comes_sooner_while_a_domain_waits),
		cmocka_unit_test(guest_reads_come_in_a_burst_then_one_a_gap),
		cmocka_unit_test(
		    figures_are_sampled_after_the_read_that_found_them_old),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
