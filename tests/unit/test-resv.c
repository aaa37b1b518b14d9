/*
 * test-resv.c - a reservation made for a domain (daemon/resv.c): which
 * references are taken, which domain binds it (only one starting, by
 * name, xl's incoming name or UUID), what it asks once bound (never the
 * memory the domain already holds), and how it ends (the domain runs:
 * done; the domain goes first: unbound, held again).  Then the round's
 * steps: what the planner is asked, held once, failed for good.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "resv.h"

#define UUID_A	"6b0c3e4e-1d2f-4a55-9a0b-0c1d2e3f4a5b"
#define UUID_B	"6b0c3e4e-1d2f-4a55-9a0b-0c1d2e3f4a5c"

static struct resv_dom
dom(uint32_t domid, const char *uuid, const char *name, bool starting,
    uint64_t committed)
{
	struct resv_dom d = { .domid = domid, .name = name,
	    .starting = starting, .committed_kib = committed };

	assert_int_equal(parse_uuid(uuid, d.uuid), PARSE_OK);
	return d;
}

static void
references(void **state)
{
	struct resv_for f;
	char err[256];

	assert_int_equal(resv_for_parse("web", &f, err, sizeof(err)), 0);
	assert_true(f.set);
	assert_int_equal(f.ref.kind, DOMREF_NAME);
	assert_int_equal(resv_for_parse(UUID_A, &f, err, sizeof(err)), 0);
	assert_int_equal(f.ref.kind, DOMREF_UUID);
	/* A domid names a domain that exists: refused, with why. */
	assert_int_equal(resv_for_parse("7", &f, err, sizeof(err)), -1);
	assert_false(f.set);
	assert_non_null(strstr(err, "not a domid"));
	assert_int_equal(resv_for_parse("", &f, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bad domain"));
	assert_int_equal(resv_for_parse("a b/c", &f, err, sizeof(err)), -1);
}

static void
who_binds(void **state)
{
	struct resv_for f;
	char err[256];
	struct resv_dom running = dom(3, UUID_A, "web", false, 1024);
	struct resv_dom other = dom(4, UUID_B, "db", true, 1024);
	struct resv_dom incoming = dom(5, UUID_B, "web--incoming", true, 0);
	struct resv_dom longer = dom(6, UUID_B, "web2", true, 0);
	struct resv_dom suffix = dom(6, UUID_B, "web--incomingx", true, 0);

	assert_int_equal(resv_for_parse("web", &f, err, sizeof(err)), 0);
	/* A domain of that name that ran already is not the one to come. */
	assert_false(resv_for_matches(&f, &running));
	assert_int_equal(resv_follow(&f, &running), RESV_STEP_NONE);
	assert_false(f.bound);
	assert_false(resv_for_matches(&f, &other));
	assert_false(resv_for_matches(&f, &longer));
	assert_false(resv_for_matches(&f, &suffix));
	assert_true(resv_for_matches(&f, &incoming));
	assert_int_equal(resv_follow(&f, &incoming), RESV_STEP_BOUND);
	assert_true(f.bound);
	assert_int_equal(f.domid, 5);
	/* Bound: the domain keeps it under its new name, and only it. */
	incoming.name = "web";
	assert_true(resv_for_matches(&f, &incoming));
	other.name = "web";
	assert_false(resv_for_matches(&f, &other));

	assert_int_equal(resv_for_parse(UUID_B, &f, err, sizeof(err)), 0);
	assert_false(resv_for_matches(&f, &running));
	assert_int_equal(resv_follow(&f, &other), RESV_STEP_BOUND);
	assert_int_equal(f.domid, 4);
	/* Same UUID, new domid: another life, not this one. */
	other.domid = 9;
	assert_false(resv_for_matches(&f, &other));
}

static void
what_it_asks(void **state)
{
	struct resv_for f, none = { 0 };
	char err[256];
	struct resv_dom d = dom(5, UUID_A, "web", true, 0);

	assert_int_equal(resv_for_parse("web", &f, err, sizeof(err)), 0);
	/* Not bound yet: the whole size. */
	assert_int_equal(resv_left_kib(2097152, &f, &d), 2097152);
	assert_int_equal(resv_left_kib(2097152, &none, &d), 2097152);
	assert_int_equal(resv_follow(&f, &d), RESV_STEP_BOUND);
	/* Bound: less what the domain holds, never below nothing. */
	assert_int_equal(resv_left_kib(2097152, &f, &d), 2097152);
	d.committed_kib = 1048576;
	assert_int_equal(resv_left_kib(2097152, &f, &d), 1048576);
	d.committed_kib = 2097152 - 4096;
	assert_int_equal(resv_left_kib(2097152, &f, &d), 4096);
	d.committed_kib = 4194304;
	assert_int_equal(resv_left_kib(2097152, &f, &d), 0);
	assert_int_equal(resv_left_kib(2097152, &f, NULL), 2097152);
}

static void
how_it_ends(void **state)
{
	struct resv_for f;
	char err[256];
	struct resv_dom d = dom(5, UUID_A, "web", true, 1024);

	assert_int_equal(resv_for_parse("web", &f, err, sizeof(err)), 0);
	assert_int_equal(resv_follow(&f, NULL), RESV_STEP_NONE);
	assert_int_equal(resv_follow(&f, &d), RESV_STEP_BOUND);
	assert_int_equal(resv_follow(&f, &d), RESV_STEP_NONE);
	/* Creation failed: the domain is gone, the reservation waits. */
	assert_int_equal(resv_follow(&f, NULL), RESV_STEP_GONE);
	assert_false(f.bound);
	d.domid = 6;
	assert_int_equal(resv_follow(&f, &d), RESV_STEP_BOUND);
	assert_int_equal(f.domid, 6);
	d.starting = false;
	assert_int_equal(resv_follow(&f, &d), RESV_STEP_RAN);
}

static struct resv
pending(void)
{
	struct resv r;

	memset(&r, 0, sizeof(r));
	r.id = 3;
	r.size_kib = 2097152;
	r.ask_kib = 1048576;
	r.deadline_ms = 9000;
	r.state = RESV_PENDING;
	return r;
}

static void
planned_as_asked_until_over(void **state)
{
	struct resv r = pending();
	struct plan_reservation pr;

	resv_plan(&r, &pr);
	assert_int_equal(pr.id, 3);
	assert_int_equal(pr.size_kib, 1048576);
	assert_int_equal(pr.deadline_ms, 9000);
	assert_false(pr.held);
	r.state = RESV_HELD;
	resv_plan(&r, &pr);
	assert_true(pr.held);
	assert_int_equal(pr.size_kib, 1048576);
	r.state = RESV_HANDED;
	resv_plan(&r, &pr);
	assert_int_equal(pr.size_kib, 0);
	r.state = RESV_FAILED;
	resv_plan(&r, &pr);
	assert_int_equal(pr.size_kib, 0);
	assert_string_equal(resv_state_name(RESV_HELD), "held");
}

static void
held_is_reported_once(void **state)
{
	struct resv r = pending();
	struct plan_res_result o = { .id = 3, .status = PLAN_RES_PENDING,
	    .reason = "pending" };

	assert_int_equal(resv_take(&r, &o, 100), RESV_EV_NONE);
	assert_int_equal(r.state, RESV_PENDING);
	assert_string_equal(r.reason, "pending");
	o.status = PLAN_RES_HELD;
	o.reason = "memory is free now";
	assert_int_equal(resv_take(&r, &o, 200), RESV_EV_HELD);
	assert_int_equal(r.state, RESV_HELD);
	assert_int_equal(resv_take(&r, &o, 300), RESV_EV_NONE);
	assert_int_equal(r.state, RESV_HELD);
	resv_hold(&r, 300, 5000000, 600000);
	assert_int_equal(r.expire_ms, 600300);
	assert_int_equal(r.expire_rt_ms, 5600000);
}

static void
failure_says_what_is_missing_and_stays(void **state)
{
	struct resv r = pending();
	struct plan_res_result o = { .id = 3, .status = PLAN_RES_FAILED,
	    .reason = "does not fit", .unreachable_kib = 4096,
	    .n_refused = 1, .refused_domids = { 7 } };

	assert_int_equal(resv_take(&r, &o, 400), RESV_EV_FAILED);
	assert_int_equal(r.state, RESV_FAILED);
	assert_int_equal(r.failed_ms, 400);
	assert_int_equal(r.unreachable_kib, 4096);
	assert_int_equal(r.n_refused, 1);
	assert_int_equal(r.refused[0], 7);
	/* Over: a later result does not bring it back. */
	o.status = PLAN_RES_HELD;
	o.reason = "memory is free now";
	assert_int_equal(resv_take(&r, &o, 500), RESV_EV_NONE);
	assert_int_equal(r.state, RESV_FAILED);
	assert_string_equal(r.reason, "does not fit");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(references),
		cmocka_unit_test(who_binds),
		cmocka_unit_test(what_it_asks),
		cmocka_unit_test(how_it_ends),
		cmocka_unit_test(planned_as_asked_until_over),
		cmocka_unit_test(held_is_reported_once),
		cmocka_unit_test(failure_says_what_is_missing_and_stays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
