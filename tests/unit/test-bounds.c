/*
 * test-bounds.c - the admin's policy made into the planner's bounds
 * (daemon/bounds.c): xenballoond.conf's defaults fill what is unset, the
 * static max caps everything, dom0 never goes below its floor, only
 * domains with a known static max (dom0 only if asked) are managed, and a
 * policy whose floors do not fit the host is refused unless it helps.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bounds.h"

#define MIB	1024ull
#define GIB	(1024ull * 1024)

static const struct policy unset = {
	.min_kib = PLAN_NONE, .max_kib = PLAN_NONE, .pin_kib = PLAN_NONE,
};

/* A domU of 4 GiB static max under the built-in defaults. */
static void
domu(struct bounds_config *c, struct bounds_dom *bd)
{
	bounds_config_default(c);
	memset(bd, 0, sizeof(*bd));
	bd->have_static_max = true;
	bd->static_max_kib = 4 * GIB;
	bd->maxmem_kib = 4 * GIB + MIB;
}

static void
dom0(struct bounds_config *c, struct bounds_dom *bd)
{
	domu(c, bd);
	bd->is_dom0 = true;
}

static void
unset_policy_takes_the_defaults(void **state)
{
	struct bounds_config c;
	struct bounds_dom bd;
	uint64_t lo, hi;

	(void)state;
	domu(&c, &bd);
	bounds_get(&c, &bd, &unset, &lo, &hi);
	assert_int_equal(lo, BOUNDS_DEFAULT_MIN_KIB);
	assert_int_equal(hi, 4 * GIB);
	assert_int_equal(bounds_weight(&c, &unset), 100);
	c.default_min_kib = 512 * MIB;
	c.default_max_kib = 2 * GIB;
	c.default_weight = 7;
	bounds_get(&c, &bd, &unset, &lo, &hi);
	assert_int_equal(lo, 512 * MIB);
	assert_int_equal(hi, 2 * GIB);
	assert_int_equal(bounds_weight(&c, &unset), 7);
}

static void
set_policy_wins_over_the_defaults(void **state)
{
	struct bounds_config c;
	struct bounds_dom bd;
	struct policy p = { 1 * GIB, 3 * GIB, PLAN_NONE, 300 };
	uint64_t lo, hi;

	(void)state;
	domu(&c, &bd);
	c.default_min_kib = 512 * MIB;
	c.default_max_kib = 2 * GIB;
	bounds_get(&c, &bd, &p, &lo, &hi);
	assert_int_equal(lo, 1 * GIB);
	assert_int_equal(hi, 3 * GIB);
	assert_int_equal(bounds_weight(&c, &p), 300);
}

static void
static_max_caps_max_and_min(void **state)
{
	struct bounds_config c;
	struct bounds_dom bd;
	struct policy p = { 6 * GIB, 8 * GIB, PLAN_NONE, 0 };
	uint64_t lo, hi;

	(void)state;
	domu(&c, &bd);
	bounds_get(&c, &bd, &p, &lo, &hi);
	assert_int_equal(hi, 4 * GIB);
	assert_int_equal(lo, 4 * GIB);
	/* A min set above a max set: the max holds. */
	p.min_kib = 3 * GIB;
	p.max_kib = 2 * GIB;
	bounds_get(&c, &bd, &p, &lo, &hi);
	assert_int_equal(lo, 2 * GIB);
	assert_int_equal(hi, 2 * GIB);
}

static void
dom0_keeps_its_floor(void **state)
{
	struct bounds_config c;
	struct bounds_dom bd;
	struct policy p = unset;
	uint64_t lo, hi;

	(void)state;
	dom0(&c, &bd);
	bounds_get(&c, &bd, &p, &lo, &hi);
	assert_int_equal(lo, BOUNDS_DOM0_MIN_KIB);
	assert_int_equal(bounds_dom0_floor(&c), BOUNDS_DOM0_MIN_KIB);
	p.min_kib = 256 * MIB;		/* below the floor: the floor holds */
	c.dom0_min_kib = 2 * GIB;
	bounds_get(&c, &bd, &p, &lo, &hi);
	assert_int_equal(lo, 2 * GIB);
	p.min_kib = 3 * GIB;		/* above it: the policy's */
	bounds_get(&c, &bd, &p, &lo, &hi);
	assert_int_equal(lo, 3 * GIB);
	assert_int_equal(hi, 4 * GIB);
}

static void
managed_needs_a_static_max_and_dom0_asked_for(void **state)
{
	struct bounds_config c;
	struct bounds_dom bd;

	(void)state;
	domu(&c, &bd);
	assert_true(bounds_managed(&c, &bd));
	bd.have_static_max = false;
	assert_false(bounds_managed(&c, &bd));
	dom0(&c, &bd);
	assert_false(bounds_managed(&c, &bd));
	c.manage_dom0 = true;
	assert_true(bounds_managed(&c, &bd));
}

static void
floor_is_the_pin_within_bounds(void **state)
{
	struct bounds_config c;
	struct bounds_dom bd;
	struct policy p = { 1 * GIB, 3 * GIB, PLAN_NONE, 0 };

	(void)state;
	domu(&c, &bd);
	assert_int_equal(bounds_floor(&c, &bd, &p), 1 * GIB);
	p.pin_kib = 2 * GIB;
	assert_int_equal(bounds_floor(&c, &bd, &p), 2 * GIB);
	p.pin_kib = 512 * MIB;
	assert_int_equal(bounds_floor(&c, &bd, &p), 1 * GIB);
	p.pin_kib = 5 * GIB;
	assert_int_equal(bounds_floor(&c, &bd, &p), 3 * GIB);
}

static void
fill_gives_the_planner_what_the_rules_say(void **state)
{
	struct bounds_config c;
	struct bounds_dom bd;
	struct policy p = { PLAN_NONE, PLAN_NONE, 2 * GIB, 0 };
	struct plan_domain d;

	(void)state;
	domu(&c, &bd);
	memset(&d, 0, sizeof(d));
	d.flags = PLAN_DOM_STARTING;
	bounds_fill(&c, &bd, &p, &d);
	assert_int_equal(d.flags, PLAN_DOM_STARTING | PLAN_DOM_MANAGED);
	assert_int_equal(d.maxmem_kib, 4 * GIB + MIB);
	assert_int_equal(d.static_max_kib, 4 * GIB);
	assert_int_equal(d.min_kib, BOUNDS_DEFAULT_MIN_KIB);
	assert_int_equal(d.max_kib, 4 * GIB);
	assert_int_equal(d.weight, 100);
	assert_int_equal(d.pin_kib, 2 * GIB);
	/* Static max not written: unmanaged, the hypervisor's maxmem. */
	bd.have_static_max = false;
	bd.static_max_kib = 0;
	memset(&d, 0, sizeof(d));
	bounds_fill(&c, &bd, &p, &d);
	assert_int_equal(d.flags, 0);
	assert_int_equal(d.static_max_kib, 4 * GIB + MIB);
}

/* A 16 GiB budget with 1 GiB slack and 3 GiB unmanaged: 12 GiB room. */
static void
fit_host(struct bounds_fit *f)
{
	bounds_fit_start(f, 16 * GIB, 1 * GIB);
	bounds_fit_unmanaged(f, 3 * GIB);
}

static void
floors_that_fit_the_room_are_taken(void **state)
{
	struct bounds_config c;
	struct bounds_dom bd;
	struct policy now = { 2 * GIB, PLAN_NONE, PLAN_NONE, 0 };
	struct policy then = { 3 * GIB, PLAN_NONE, 4 * GIB, 0 };
	struct bounds_fit f;

	(void)state;
	domu(&c, &bd);
	fit_host(&f);
	bounds_fit_managed(&c, &f, &bd, &now, &then);
	bounds_fit_managed(&c, &f, &bd, &now, &then);
	bounds_fit_managed(&c, &f, &bd, &now, &then);
	/* Floors are the pins: 3 x 4 GiB = the room exactly. */
	assert_int_equal(bounds_fit_verdict(&f), 0);
	assert_int_equal(f.room_kib, 12 * GIB);
	assert_int_equal(f.floors_kib, 12 * GIB);
	assert_int_equal(f.before_kib, 6 * GIB);
	assert_int_equal(f.unmanaged_kib, 3 * GIB);
}

static void
floors_beyond_the_room_are_refused_unless_lower(void **state)
{
	struct bounds_config c;
	struct bounds_dom bd;
	struct policy big = { 3 * GIB, PLAN_NONE, PLAN_NONE, 0 };
	struct policy bigger = { 3 * GIB + MIB, PLAN_NONE, PLAN_NONE, 0 };
	struct bounds_fit f;

	(void)state;
	domu(&c, &bd);
	fit_host(&f);
	/* 4 x 3 GiB fill the room: 1 MiB more each is refused. */
	for (int i = 0; i < 4; i++)
		bounds_fit_managed(&c, &f, &bd, &big, &bigger);
	assert_int_equal(bounds_fit_verdict(&f), -1);
	/* Already short: a change that lowers the shortfall is taken. */
	fit_host(&f);
	for (int i = 0; i < 5; i++)
		bounds_fit_managed(&c, &f, &bd, &bigger, &big);
	assert_int_equal(bounds_fit_verdict(&f), 0);
	/* ... and so is one that leaves it as it is: a weight, a max. */
	fit_host(&f);
	for (int i = 0; i < 5; i++)
		bounds_fit_managed(&c, &f, &bd, &big, &big);
	assert_int_equal(bounds_fit_verdict(&f), 0);
	/* Before any round there is no budget to judge by. */
	bounds_fit_start(&f, 0, 1 * GIB);
	bounds_fit_managed(&c, &f, &bd, &big, &bigger);
	assert_int_equal(bounds_fit_verdict(&f), 0);
	/* Slack and unmanaged beyond the budget leave no room, not less. */
	bounds_fit_start(&f, 2 * GIB, 1 * GIB);
	bounds_fit_unmanaged(&f, 3 * GIB);
	bounds_fit_managed(&c, &f, &bd, &big, &bigger);
	assert_int_equal(bounds_fit_verdict(&f), -1);
	assert_int_equal(f.room_kib, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unset_policy_takes_the_defaults),
		cmocka_unit_test(set_policy_wins_over_the_defaults),
		cmocka_unit_test(static_max_caps_max_and_min),
		cmocka_unit_test(dom0_keeps_its_floor),
		cmocka_unit_test(managed_needs_a_static_max_and_dom0_asked_for),
		cmocka_unit_test(floor_is_the_pin_within_bounds),
		cmocka_unit_test(fill_gives_the_planner_what_the_rules_say),
		cmocka_unit_test(floors_that_fit_the_room_are_taken),
		cmocka_unit_test(
		    floors_beyond_the_room_are_refused_unless_lower),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
