/*
 * test-kick.c - when xenballoond wakes a balloon driver (daemon/kick.c):
 * growers stalled with memory free, never shrinkers; one page down and
 * back; backed off, bounded, and held back by the driver's own figures.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kick.h"

#define MIB	1024ull
#define GIB	(1024ull * 1024)

struct rig {
	struct kick_config	cfg;
	struct kick_input	in;
	struct kick_state	st;
};

/* A running guest at 1 GiB asked to grow to 2 GiB on a host with 1 GiB
 * free, seen once at t = 0. */
static void
rig_grower(struct rig *r)
{
	const char *why = NULL;

	memset(r, 0, sizeof(*r));
	kick_config_default(&r->cfg);
	r->cfg.tolerance_kib = 4 * MIB;
	r->in.running = true;
	r->in.target_kib = 2 * GIB;
	r->in.tot_kib = 1 * GIB;
	r->in.host_free_kib = 1 * GIB;
	r->in.now_ms = 0;
	assert_int_equal(kick_decide(&r->cfg, &r->in, &r->st, &why),
	    KICK_NONE);
	assert_non_null(why);	/* the daemon logs it */
}

static enum kick_action
rig_at(struct rig *r, uint64_t ms)
{
	const char *why = NULL;
	enum kick_action a;

	r->in.now_ms = ms;
	a = kick_decide(&r->cfg, &r->in, &r->st, &why);
	assert_non_null(why);
	return a;
}

/* Run from..to every second; returns the number of KICK_LOWERs and
 * checks each is followed by a KICK_RESTORE the next second. */
static unsigned
rig_run(struct rig *r, uint64_t from, uint64_t to)
{
	unsigned lowers = 0;

	for (uint64_t t = from; t <= to; t += 1000) {
		enum kick_action a = rig_at(r, t);

		if (a == KICK_LOWER) {
			lowers++;
			r->in.target_kib -= KICK_PAGE_KIB;
			t += 1000;
			assert_int_equal(rig_at(r, t), KICK_RESTORE);
			r->in.target_kib += KICK_PAGE_KIB;
		} else {
			assert_int_equal(a, KICK_NONE);
		}
	}
	return lowers;
}

static void
stalled_grower_is_kicked_down_and_back(void **state)
{
	struct rig r;

	rig_grower(&r);
	assert_int_equal(rig_at(&r, 1000), KICK_NONE);	/* may be moving */
	assert_int_equal(rig_at(&r, 2000), KICK_NONE);
	assert_int_equal(rig_at(&r, 3000), KICK_LOWER);
	assert_int_equal(r.st.target_kib, 2 * GIB);
	/* The daemon read its own lowered write back: still the same kick. */
	r.in.target_kib = 2 * GIB - KICK_PAGE_KIB;
	assert_int_equal(rig_at(&r, 4000), KICK_RESTORE);
	r.in.target_kib = 2 * GIB;
	assert_int_equal(rig_at(&r, 5000), KICK_NONE);
	assert_int_equal(r.st.kicks, 1);
}

static void
restore_also_when_not_read_back(void **state)
{
	struct rig r;

	rig_grower(&r);
	assert_int_equal(rig_at(&r, 3000), KICK_LOWER);
	assert_int_equal(rig_at(&r, 4000), KICK_RESTORE);
}

static void
shrinker_is_never_kicked(void **state)
{
	struct rig r;

	/* Stalled above its target for ten minutes, memory free or not,
	 * whatever its driver says. */
	for (int drv = 0; drv < 3; drv++) {
		rig_grower(&r);
		r.in.tot_kib = 3 * GIB;
		r.in.have_driver = drv > 0;
		r.in.drv_target_kib = 2 * GIB;
		r.in.drv_current_kib = drv == 1 ? 3 * GIB : 1 * GIB;
		for (uint64_t t = 1000; t < 600000; t += 1000) {
			r.in.host_free_kib = t % 2000 ? 0 : 1 * GIB;
			assert_int_equal(rig_at(&r, t), KICK_NONE);
		}
		assert_int_equal(r.st.kicks, 0);
	}
}

static void
at_target_within_tolerance_is_not_kicked(void **state)
{
	struct rig r;

	rig_grower(&r);
	r.in.tot_kib = r.in.target_kib - r.cfg.tolerance_kib;
	assert_int_equal(rig_run(&r, 1000, 120000), 0);
	r.in.tot_kib--;
	assert_int_equal(rig_at(&r, 121000), KICK_LOWER);
}

static void
no_kick_without_free_memory(void **state)
{
	struct rig r;

	rig_grower(&r);
	r.in.host_free_kib = 0;
	assert_int_equal(rig_run(&r, 1000, 120000), 0);
	/* Less than a useful batch free: still nothing. */
	r.in.host_free_kib = r.cfg.min_free_kib - 1;
	assert_int_equal(rig_run(&r, 121000, 130000), 0);
	/* Freed: kicked at once (it stalled long ago). */
	r.in.host_free_kib = 64 * MIB;
	assert_int_equal(rig_at(&r, 131000), KICK_LOWER);
}

static void
small_gap_needs_only_that_much_free(void **state)
{
	struct rig r;

	rig_grower(&r);
	r.in.tot_kib = r.in.target_kib - r.cfg.tolerance_kib - 8;
	r.in.host_free_kib = r.cfg.tolerance_kib + 8;
	r.cfg.min_free_kib = 64 * MIB;
	assert_int_equal(rig_at(&r, 1000), KICK_NONE);	/* it rose */
	assert_int_equal(rig_at(&r, 4000), KICK_LOWER);
	r.in.host_free_kib--;
	assert_int_equal(rig_at(&r, 5000), KICK_RESTORE);
	assert_int_equal(rig_run(&r, 6000, 600000), 0);
}

static void
growing_domain_is_not_kicked(void **state)
{
	struct rig r;

	rig_grower(&r);
	for (uint64_t t = 1000; t <= 60000; t += 1000) {
		r.in.tot_kib += 2 * MIB;
		assert_int_equal(rig_at(&r, t), KICK_NONE);
	}
	/* Stops: kicked once it has stalled for stall_ms. */
	assert_int_equal(rig_at(&r, 61000), KICK_NONE);
	assert_int_equal(rig_at(&r, 62000), KICK_NONE);
	assert_int_equal(rig_at(&r, 63000), KICK_LOWER);
}

static void
driver_that_holds_its_target_is_not_kicked(void **state)
{
	struct rig r;

	/* PVH/HVM: tot_pages short of memory/target while the driver holds
	 * its own target. */
	rig_grower(&r);
	r.in.have_driver = true;
	r.in.drv_target_kib = 2 * GIB;
	r.in.drv_current_kib = 2 * GIB;
	assert_int_equal(rig_run(&r, 1000, 120000), 0);
	/* The driver's figures only hold a kick back: short, it is kicked. */
	r.in.drv_current_kib = 1 * GIB;
	assert_int_equal(rig_at(&r, 121000), KICK_LOWER);
	/* ... and cannot cause one: a liar at its target by Xen's count. */
	rig_grower(&r);
	r.in.tot_kib = 2 * GIB;
	r.in.have_driver = true;
	r.in.drv_target_kib = 4 * GIB;
	r.in.drv_current_kib = 0;
	assert_int_equal(rig_run(&r, 1000, 120000), 0);
}

static void
kicks_back_off_and_stop(void **state)
{
	struct rig r;
	uint64_t last = 0, gap = 0, t;
	unsigned n = 0;

	rig_grower(&r);
	for (t = 1000; t <= 600000; t += 1000) {
		enum kick_action a = rig_at(&r, t);

		if (a != KICK_LOWER) {
			assert_int_equal(a, KICK_NONE);
			continue;
		}
		n++;
		if (last && gap)
			assert_true(t - last >= gap * 2 ||
			    t - last >= r.cfg.gap_max_ms);
		if (last)
			gap = t - last;
		last = t;
		t += 1000;
		assert_int_equal(rig_at(&r, t), KICK_RESTORE);
	}
	assert_int_equal(n, r.cfg.max_futile);
	assert_int_equal(r.st.kicks, r.cfg.max_futile);
	/* It moves: kicks again once it stalls. */
	r.in.tot_kib += 64 * MIB;
	assert_int_equal(rig_run(&r, t, t + 2000), 0);
	assert_int_equal(rig_at(&r, t + 3000), KICK_LOWER);
}

static void
new_target_resets_and_cancels_the_restore(void **state)
{
	struct rig r;

	rig_grower(&r);
	assert_int_equal(rig_at(&r, 3000), KICK_LOWER);
	/* The planner wrote another target meanwhile: it woke the driver. */
	r.in.target_kib = 3 * GIB;
	assert_int_equal(rig_at(&r, 4000), KICK_NONE);
	assert_int_equal(r.st.target_kib, 3 * GIB);
	assert_int_equal(rig_at(&r, 6000), KICK_NONE);
	assert_int_equal(rig_at(&r, 7000), KICK_LOWER);
	/* Stopped kicking: a new target starts over. */
	rig_grower(&r);
	r.in.host_free_kib = 64 * MIB;
	assert_int_equal(rig_run(&r, 1000, 600000), r.cfg.max_futile);
	r.in.target_kib += 64 * MIB;
	assert_int_equal(rig_run(&r, 601000, 603000), 0);
	assert_int_equal(rig_at(&r, 604000), KICK_LOWER);
}

static void
stopped_domain_is_not_kicked(void **state)
{
	struct rig r;

	rig_grower(&r);
	r.in.running = false;
	assert_int_equal(rig_run(&r, 1000, 120000), 0);
	/* Stopped between the two writes: no restore either. */
	r.in.running = true;
	assert_int_equal(rig_at(&r, 121000), KICK_LOWER);
	r.in.running = false;
	assert_int_equal(rig_at(&r, 122000), KICK_NONE);
}

/* Run from..to every second as rig_run() does; stores when each
 * KICK_LOWER came (ms) in at[], returns how many. */
static unsigned
rig_times(struct rig *r, uint64_t from, uint64_t to, uint64_t *at,
    unsigned max)
{
	unsigned n = 0;

	for (uint64_t t = from; t <= to; t += 1000) {
		enum kick_action a = rig_at(r, t);

		if (a != KICK_LOWER) {
			assert_int_equal(a, KICK_NONE);
			continue;
		}
		assert_true(n < max);
		at[n++] = t;
		r->in.target_kib -= KICK_PAGE_KIB;
		t += 1000;
		assert_int_equal(rig_at(r, t), KICK_RESTORE);
		r->in.target_kib += KICK_PAGE_KIB;
	}
	return n;
}

static void
kicks_follow_the_documented_schedule(void **state)
{
	/* docs/architecture.md: stalled for 3 s, then kicks 3, 6, 12 ...
	 * 60 s apart, five that move nothing and no more. */
	static const uint64_t want[] = { 3000, 6000, 12000, 24000, 48000 };
	static const uint64_t more[] = { 96000, 156000, 216000 };
	uint64_t at[16];
	struct rig r;
	unsigned n;

	rig_grower(&r);
	kick_config_default(&r.cfg);
	n = rig_times(&r, 1000, 900000, at, 16);
	assert_int_equal(n, 5);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(at[i], want[i]);
	/* Allowed more, the gap stops growing at 60 s. */
	rig_grower(&r);
	kick_config_default(&r.cfg);
	r.cfg.max_futile = 8;
	n = rig_times(&r, 1000, 900000, at, 16);
	assert_int_equal(n, 8);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(at[5 + i], more[i]);
}

static void
default_kick_needs_two_mib_free(void **state)
{
	struct rig r;

	rig_grower(&r);
	kick_config_default(&r.cfg);
	r.in.host_free_kib = 2 * MIB - 1;
	assert_int_equal(rig_run(&r, 1000, 10000), 0);
	r.in.host_free_kib = 2 * MIB;
	assert_int_equal(rig_at(&r, 11000), KICK_LOWER);
}

static void
a_move_restarts_the_back_off(void **state)
{
	uint64_t at[16];
	struct rig r;

	/* Kicked at 3, 6, 12 and 24 s, it moves at 30 s: kicked again as
	 * soon as it has stalled 3 s, not after the 48 s back-off, and
	 * the gaps start over at 3 s. */
	rig_grower(&r);
	kick_config_default(&r.cfg);
	assert_int_equal(rig_times(&r, 1000, 29000, at, 16), 4);
	r.in.tot_kib += MIB;
	assert_int_equal(rig_times(&r, 30000, 36000, at, 16), 2);
	assert_int_equal(at[0], 33000);
	assert_int_equal(at[1], 36000);
}

static void
stall_counts_from_the_new_target(void **state)
{
	struct rig r;

	/* A new target written in the round the domain also rose: it
	 * stalls from that round on, and is kicked 3 s later. */
	rig_grower(&r);
	kick_config_default(&r.cfg);
	assert_int_equal(rig_at(&r, 1000), KICK_NONE);
	r.in.target_kib = 3 * GIB;
	r.in.tot_kib += MIB;
	assert_int_equal(rig_at(&r, 2000), KICK_NONE);
	assert_int_equal(rig_at(&r, 3000), KICK_NONE);
	assert_int_equal(rig_at(&r, 4000), KICK_NONE);
	assert_int_equal(rig_at(&r, 5000), KICK_LOWER);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stalled_grower_is_kicked_down_and_back),
		cmocka_unit_test(restore_also_when_not_read_back),
		cmocka_unit_test(shrinker_is_never_kicked),
		cmocka_unit_test(at_target_within_tolerance_is_not_kicked),
		cmocka_unit_test(no_kick_without_free_memory),
		cmocka_unit_test(small_gap_needs_only_that_much_free),
		cmocka_unit_test(growing_domain_is_not_kicked),
		cmocka_unit_test(driver_that_holds_its_target_is_not_kicked),
		cmocka_unit_test(kicks_back_off_and_stop),
		cmocka_unit_test(new_target_resets_and_cancels_the_restore),
		cmocka_unit_test(stopped_domain_is_not_kicked),
		cmocka_unit_test(kicks_follow_the_documented_schedule),
		cmocka_unit_test(default_kick_needs_two_mib_free),
		cmocka_unit_test(a_move_restarts_the_back_off),
		cmocka_unit_test(stall_counts_from_the_new_target),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
