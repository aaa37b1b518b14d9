/*
 * test-history.c - a domain's ring of target changes (daemon/history.c):
 * oldest first, bounded at HISTORY_LEN however many changes come, and
 * every reason a word from one fixed vocabulary.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "history.h"

static void
add(struct history *h, uint64_t i)
{
	struct history_entry e = {
		.time_s = 1700000000 + (int64_t)i,
		.old_kib = i,
		.new_kib = i + 1,
		.cause = HISTORY_PLAN,
		.why = PLAN_WHY_DEMAND,
	};

	history_add(h, &e);
}

static void
empty_holds_nothing(void **state)
{
	struct history h = { 0 };

	(void)state;
	assert_int_equal(h.n, 0);
	assert_null(history_get(&h, 0));
}

static void
oldest_first(void **state)
{
	struct history h = { 0 };

	(void)state;
	for (uint64_t i = 0; i < 3; i++)
		add(&h, i);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.total, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(history_get(&h, i)->old_kib, i);
	assert_null(history_get(&h, 3));
}

/* Past the bound the oldest go, in order, and the ring never grows. */
static void
wraps_at_its_bound(void **state)
{
	struct history h = { 0 };
	const uint64_t n = 10 * HISTORY_LEN + 9;

	(void)state;
	for (uint64_t i = 0; i < n; i++) {
		add(&h, i);
		assert_true(h.n <= HISTORY_LEN);
		/* The newest is always the last one held. */
		assert_int_equal(history_get(&h, h.n - 1)->old_kib, i);
	}
	assert_int_equal(h.n, HISTORY_LEN);
	assert_int_equal(h.total, n);
	for (size_t i = 0; i < HISTORY_LEN; i++) {
		const struct history_entry *e = history_get(&h, i);

		assert_int_equal(e->old_kib, n - HISTORY_LEN + i);
		assert_int_equal(e->time_s, 1700000000 + (int64_t)e->old_kib);
	}
	assert_null(history_get(&h, HISTORY_LEN));
}

static void
reasons_are_words(void **state)
{
	struct history_entry e = { .cause = HISTORY_PLAN };

	(void)state;
	for (int w = 0; w < PLAN_WHY_COUNT; w++) {
		const char *s;

		e.why = (uint8_t)w;
		s = history_reason_name(&e);
		assert_non_null(planner_why_text((enum plan_why)w));
		assert_string_equal(s, planner_why_name((enum plan_why)w));
		assert_true(s[0] != '\0' && strchr(s, ' ') == NULL);
		for (int v = 0; v < w; v++)
			assert_string_not_equal(s,
			    planner_why_name((enum plan_why)v));
	}
	e.why = PLAN_WHY_COUNT;
	assert_string_equal(history_reason_name(&e), "?");
	e.cause = HISTORY_KICK;
	assert_string_equal(history_reason_name(&e), "kick");
	e.cause = HISTORY_KICK_BACK;
	assert_string_equal(history_reason_name(&e), "kick-back");
	e.cause = 77;
	assert_string_equal(history_reason_name(&e), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_holds_nothing),
		cmocka_unit_test(oldest_first),
		cmocka_unit_test(wraps_at_its_bound),
		cmocka_unit_test(reasons_are_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
