/*
 * test-act.c - how xenballoond applies a plan (daemon/act.c): every
 * action in the planner's order, each target written as libxl writes it
 * (without video RAM), the first failure stopping the sequence so that
 * no memory is handed out that was not first given back; each change
 * kept in the domain's history with its cause, logged with its reason;
 * a stalled driver kicked one page down and back, only when running and
 * managed, a failed write retried.
 *
 * xenstore and the hypervisor are stubs that record every write and can
 * refuse the nth one.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xbd.h"
#include "xs.h"

#define MIB	1024ull
#define GIB	(1024ull * 1024)

/* ---- the stubs: one log of writes, xenstore's and the hypervisor's */

struct write {
	char		what;		/* 't' memory/target, 'm' maxmem */
	uint32_t	domid;
	uint64_t	kib;
};

static struct write writes[64];
static size_t nwrites;
static size_t fail_nth;		/* refuse the write of that number (1..) */
static size_t attempts;

static int
stub_write(char what, uint32_t domid, uint64_t kib)
{
	if (++attempts == fail_nth)
		return -EACCES;
	assert_true(nwrites < sizeof(writes) / sizeof(writes[0]));
	writes[nwrites++] = (struct write){ what, domid, kib };
	return 0;
}

int
xsc_printf(struct xsc *c, xs_transaction_t t, const char *path,
    const char *fmt, ...)
{
	char val[32], want[64];
	unsigned int domid;
	va_list ap;

	(void)c;
	(void)t;
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	if (sscanf(path, "/local/domain/%u/", &domid) != 1)
		fail_msg("a write outside a domain's home: %s", path);
	snprintf(want, sizeof(want), "/local/domain/%u/%s", domid,
	    xskey(XSK_MEM_TARGET)->path);
	if (strcmp(path, want) != 0)
		fail_msg("act.c wrote %s, expected only %s", path, want);
	return stub_write('t', domid, strtoull(val, NULL, 10));
}

int
hv_set_maxmem(struct hv *h, uint32_t domid, uint64_t kib)
{
	(void)h;
	return stub_write('m', domid, kib);
}

/* ---- the rig */

static struct xbd xbd;
static struct dom doms[2];
static struct dom *byindex[2] = { &doms[0], &doms[1] };
static struct plan_decision decs[2];
static struct plan_action actions[8];
static struct plan_output out = { .decisions = decs, .actions = actions };
static char *logbuf;
static size_t loglen;
static FILE *logs;

static int
setup(void **state)
{
	(void)state;
	memset(&xbd, 0, sizeof(xbd));
	kick_config_default(&xbd.kcfg);
	xbd.host.free_kib = 1 * GIB;
	memset(doms, 0, sizeof(doms));
	for (uint32_t i = 0; i < 2; i++) {
		struct dom *d = &doms[i];

		d->domid = i + 1;
		snprintf(d->name, sizeof(d->name), "dom%u", i + 1);
		d->managed = true;
		d->have_target = true;
		d->hv.state = HV_DOM_RUNNING;
		d->hv.domid = i + 1;
	}
	/* 1: from 3 GiB down to 2; 2: from 1 GiB up to 2. */
	doms[0].target_kib = doms[0].hv.tot_kib = doms[0].hv.max_kib = 3 * GIB;
	doms[1].target_kib = doms[1].hv.tot_kib = doms[1].hv.max_kib = 1 * GIB;
	memset(decs, 0, sizeof(decs));
	for (size_t i = 0; i < 2; i++) {
		decs[i].reason = "the reason";
		decs[i].why = PLAN_WHY_SHORT_SHARED;
		decs[i].demand_kib = 2 * GIB;
	}
	decs[0].pressure = 0;
	decs[1].pressure = 1;
	actions[0] = (struct plan_action){ 0, 1, PLAN_ACT_TARGET, 2 * GIB };
	actions[1] = (struct plan_action){ 0, 1, PLAN_ACT_MAXMEM, 2 * GIB };
	actions[2] = (struct plan_action){ 1, 2, PLAN_ACT_MAXMEM, 2 * GIB };
	actions[3] = (struct plan_action){ 1, 2, PLAN_ACT_TARGET, 2 * GIB };
	out.n_actions = 4;
	nwrites = attempts = fail_nth = 0;
	logs = open_memstream(&logbuf, &loglen);
	assert_non_null(logs);
	log_init("test-act", LOG_TARGET_STDERR);
	log_set_stream(logs);
	log_set_level(LOG_DEBUG);
	log_set_classes(LOGC_ALL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	log_set_stream(stderr);
	fclose(logs);
	free(logbuf);
	return 0;
}

static const char *
logged(void)
{
	fflush(logs);
	return logbuf;
}

static void
expect_write(size_t i, char what, uint32_t domid, uint64_t kib)
{
	if (i >= nwrites)
		fail_msg("write %zu: expected %s of domain %u = %llu KiB, got "
		    "none (%zu writes)", i + 1, what == 't' ? "target" :
		    "maxmem", domid, (unsigned long long)kib, nwrites);
	if (writes[i].what != what || writes[i].domid != domid ||
	    writes[i].kib != kib)
		fail_msg("write %zu: expected %s of domain %u = %llu KiB, got "
		    "%s of domain %u = %llu KiB", i + 1, what == 't' ?
		    "target" : "maxmem", domid, (unsigned long long)kib,
		    writes[i].what == 't' ? "target" : "maxmem",
		    writes[i].domid, (unsigned long long)writes[i].kib);
}

static void
expect_history(const struct dom *d, size_t n)
{
	if (d->changes.n != n)
		fail_msg("domain %u: expected %zu changes in its history, got "
		    "%u", d->domid, n, d->changes.n);
}

/* ---- applying a plan */

/* Every action, in the planner's order, with its value. */
static void
test_apply_in_order(void **state)
{
	size_t n;

	(void)state;
	n = act_apply(&xbd, byindex, &out);
	if (n != 4)
		fail_msg("expected 4 actions applied, got %zu", n);
	expect_write(0, 't', 1, 2 * GIB);
	expect_write(1, 'm', 1, 2 * GIB);
	expect_write(2, 'm', 2, 2 * GIB);
	expect_write(3, 't', 2, 2 * GIB);
	/* What it wrote is what it now knows. */
	for (size_t i = 0; i < 2; i++)
		if (doms[i].target_kib != 2 * GIB ||
		    doms[i].hv.max_kib != 2 * GIB)
			fail_msg("domain %u: target and maxmem of 2097152 KiB "
			    "written, known as %llu and %llu KiB",
			    doms[i].domid,
			    (unsigned long long)doms[i].target_kib,
			    (unsigned long long)doms[i].hv.max_kib);
}

/* memory/target is the allocation less video RAM, as libxl writes it;
 * the daemon keeps the allocation. */
static void
test_target_without_videoram(void **state)
{
	(void)state;
	doms[0].videoram_kib = 8 * MIB;
	out.n_actions = 1;
	act_apply(&xbd, byindex, &out);
	expect_write(0, 't', 1, 2 * GIB - 8 * MIB);
	if (doms[0].target_kib != 2 * GIB)
		fail_msg("expected the allocation kept, 2097152 KiB, got %llu "
		    "KiB",
		    (unsigned long long)doms[0].target_kib);
	/* A target below the video RAM is 0, not a wrapped number. */
	actions[0].value_kib = 4 * MIB;
	act_apply(&xbd, byindex, &out);
	expect_write(1, 't', 1, 0);
	/* Exactly the video RAM: 0 too. */
	actions[0].value_kib = 8 * MIB;
	act_apply(&xbd, byindex, &out);
	expect_write(2, 't', 1, 0);
}

/*
 * A failed target decrease stops everything after it: the memory it was
 * to give back is not handed to anyone (maxmem up, target up).
 */
static void
test_failed_target_stops(void **state)
{
	size_t n;

	(void)state;
	fail_nth = 1;
	n = act_apply(&xbd, byindex, &out);
	if (nwrites != 0)
		fail_msg("target decrease refused: expected no write after it, "
		    "got %zu (the first: %s of domain %u)", nwrites,
		    writes[0].what == 't' ? "target" : "maxmem",
		    writes[0].domid);
	if (n != 0)
		fail_msg("expected 0 actions applied, got %zu", n);
	if (doms[0].target_kib != 3 * GIB || doms[1].hv.max_kib != 1 * GIB)
		fail_msg("a refused write changed what the daemon knows: "
		    "target %llu KiB (expected 3 GiB), maxmem %llu KiB "
		    "(expected 1 GiB)",
		    (unsigned long long)doms[0].target_kib,
		    (unsigned long long)doms[1].hv.max_kib);
	expect_history(&doms[0], 0);
	if (strstr(logged(), "act_write_target: domain 1: /local/domain/1/"
	    "memory/target: Permission denied") == NULL ||
	    strstr(logged(), "stopped after 0 of 4 actions") == NULL)
		fail_msg("expected the refused write and the stop logged, got: "
		    "%s", logged());
}

/* A failed maxmem: the actions before it stand, none after it runs. */
static void
test_failed_maxmem_stops(void **state)
{
	size_t n;

	(void)state;
	fail_nth = 3;	/* domain 2's maxmem increase */
	n = act_apply(&xbd, byindex, &out);
	if (n != 2)
		fail_msg("expected 2 actions applied, got %zu", n);
	if (nwrites != 2)
		fail_msg("maxmem increase refused: expected no target increase "
		    "after it, got %zu writes", nwrites);
	if (doms[1].hv.max_kib != 1 * GIB)
		fail_msg("a refused maxmem is known as %llu KiB, expected the "
		    "old 1 GiB", (unsigned long long)doms[1].hv.max_kib);
	if (strstr(logged(), "act_maxmem: domain 2: 2097152 KiB: Permission "
	    "denied") == NULL)
		fail_msg("expected the refused maxmem logged, got: %s",
		    logged());
	fail_nth = 0;
	attempts = 0;
	/* A failed maxmem decrease likewise. */
	fail_nth = 2;
	nwrites = 0;
	doms[0].hv.max_kib = 3 * GIB;
	n = act_apply(&xbd, byindex, &out);
	if (n != 1 || nwrites != 1 || doms[0].hv.max_kib != 3 * GIB)
		fail_msg("maxmem decrease refused: expected 1 action applied, "
		    "1 write, maxmem kept at 3 GiB; got %zu, %zu, %llu KiB",
		    n, nwrites, (unsigned long long)doms[0].hv.max_kib);
}

/* Each change is kept: from where, to where, why, under pressure or
 * not; a write that changes nothing is not a change. */
static void
test_history(void **state)
{
	const struct history_entry *e;

	(void)state;
	act_apply(&xbd, byindex, &out);
	expect_history(&doms[0], 1);
	expect_history(&doms[1], 1);
	e = history_get(&doms[0].changes, 0);
	if (e->old_kib != 3 * GIB || e->new_kib != 2 * GIB ||
	    e->cause != HISTORY_PLAN || e->why != PLAN_WHY_SHORT_SHARED)
		fail_msg("domain 1's change: expected 3145728 -> 2097152 KiB, "
		    "%s; got %llu -> %llu KiB, %s",
		    planner_why_name(PLAN_WHY_SHORT_SHARED),
		    (unsigned long long)e->old_kib,
		    (unsigned long long)e->new_kib, history_reason_name(e));
	if (e->pressure)
		fail_msg("domain 1 was not under pressure, its change says it "
		    "was");
	e = history_get(&doms[1].changes, 0);
	if (!e->pressure)
		fail_msg("domain 2 was under pressure, its change says not");
	/* The same plan again: written again, not a change. */
	act_apply(&xbd, byindex, &out);
	expect_history(&doms[0], 1);
	expect_history(&doms[1], 1);
	/* A target never known: the change comes from "unknown". */
	doms[0].have_target = false;
	actions[0].value_kib = 1 * GIB;
	act_apply(&xbd, byindex, &out);
	expect_history(&doms[0], 2);
	e = history_get(&doms[0].changes, 1);
	if (e->old_kib != PLAN_NONE)
		fail_msg("a first target's change came from %llu KiB, expected "
		    "unknown", (unsigned long long)e->old_kib);
	if (!doms[0].have_target)
		fail_msg("a target written is still not known");
}

/* The log says from what to what and why: demand and its rise, or that
 * the hints are missing or unusable. */
static void
test_logged_why(void **state)
{
	(void)state;
	decs[0].hist.rise_kibps = 5;
	out.n_actions = 1;
	act_apply(&xbd, byindex, &out);
	if (strstr(logged(), "domain 1 (dom1): target 3145728 -> 2097152 KiB "
	    "(demand 2097152 KiB, rising 5 KiB/s; the reason)") == NULL)
		fail_msg("expected the change logged with its demand, got: %s",
		    logged());
	decs[0].demand_kib = PLAN_NONE;
	actions[0].value_kib = 1 * GIB;
	act_apply(&xbd, byindex, &out);
	if (strstr(logged(), "2097152 -> 1048576 KiB (no usable hints; the "
	    "reason)") == NULL)
		fail_msg("expected \"no usable hints\" for a demand not known, "
		    "got: %s", logged());
	decs[0].why = PLAN_WHY_NO_HINTS;
	actions[0].value_kib = 2 * GIB;
	act_apply(&xbd, byindex, &out);
	if (strstr(logged(), "1048576 -> 2097152 KiB (the reason)") == NULL)
		fail_msg("expected a guest without hints logged with the "
		    "reason alone, got: %s", logged());
}

/* ---- kicks */

/* Domain 1, stalled at 1 GiB short of its 2 GiB target, 1 GiB free:
 * rounds every second until the first write, for at most 10 minutes.
 * Returns the time of the write (or UINT64_MAX). */
static uint64_t
kick_until_write(struct dom *d, uint64_t from_ms)
{
	for (uint64_t t = from_ms; t < from_ms + 600000; t += 1000) {
		size_t was = nwrites, tried = attempts;

		act_kick(&xbd, d, t);
		if (nwrites != was || attempts != tried)
			return t;
	}
	return UINT64_MAX;
}

static void
stalled(struct dom *d)
{
	d->target_kib = 2 * GIB;
	d->hv.tot_kib = 1 * GIB;
	d->hv.max_kib = 2 * GIB;
	d->videoram_kib = 8 * MIB;
}

/* One page down (a change the driver sees), then back. */
static void
test_kick_down_and_back(void **state)
{
	const struct history_entry *e;
	uint64_t t;
	bool due;

	(void)state;
	stalled(&doms[0]);
	t = kick_until_write(&doms[0], 0);
	if (t == UINT64_MAX)
		fail_msg("a running guest stalled 1 GiB short with 1 GiB free "
		    "was never kicked");
	expect_write(0, 't', 1, 2 * GIB - KICK_PAGE_KIB - 8 * MIB);
	if (!doms[0].kick.lowered)
		fail_msg("target lowered, yet no restore is due");
	if (strstr(logged(), "domain 1 (dom1): holds 1048576 of 2097152 KiB "
	    "(kick ") == NULL)
		fail_msg("expected the kick logged, got: %s", logged());
	expect_history(&doms[0], 1);
	e = history_get(&doms[0].changes, 0);
	assert_int_equal(e->cause, HISTORY_KICK);
	assert_false(e->pressure);
	due = act_kick(&xbd, &doms[0], t + 1000);
	expect_write(1, 't', 1, 2 * GIB - 8 * MIB);
	if (due)
		fail_msg("target restored, yet a write is said to be due");
	expect_history(&doms[0], 2);
	assert_int_equal(history_get(&doms[0].changes, 1)->cause,
	    HISTORY_KICK_BACK);
	assert_int_equal(doms[0].target_kib, 2 * GIB);
}

/* Never a guest that is not running, not managed, or whose target the
 * daemon does not know. */
static void
test_kick_only_running_managed(void **state)
{
	static const char *const what[] = {
		"paused", "not managed", "without a known target",
	};

	(void)state;
	for (int i = 0; i < 3; i++) {
		teardown(NULL);
		setup(NULL);
		stalled(&doms[0]);
		if (i == 0)
			doms[0].hv.state = HV_DOM_PAUSED;
		else if (i == 1)
			doms[0].managed = false;
		else
			doms[0].have_target = false;
		if (kick_until_write(&doms[0], 0) != UINT64_MAX)
			fail_msg("a guest %s was kicked (a write of %llu KiB)",
			    what[i], (unsigned long long)writes[0].kib);
	}
}

/* A lowering refused: nothing due.  A restore refused: due again, and
 * done the next round. */
static void
test_kick_refused(void **state)
{
	uint64_t t;

	(void)state;
	stalled(&doms[0]);
	fail_nth = 1;
	t = kick_until_write(&doms[0], 0);
	assert_true(t != UINT64_MAX);
	assert_int_equal(nwrites, 0);
	if (doms[0].kick.lowered)
		fail_msg("a lowering refused is taken as written: a restore is "
		    "due");
	expect_history(&doms[0], 0);
	assert_int_equal(doms[0].target_kib, 2 * GIB);

	teardown(NULL);
	setup(NULL);
	stalled(&doms[0]);
	fail_nth = 2;
	t = kick_until_write(&doms[0], 0);
	assert_true(t != UINT64_MAX);
	if (!act_kick(&xbd, &doms[0], t + 1000))
		fail_msg("a restore refused is not due again");
	assert_int_equal(nwrites, 1);
	if (act_kick(&xbd, &doms[0], t + 2000))
		fail_msg("the retried restore is still said to be due");
	expect_write(1, 't', 1, 2 * GIB - 8 * MIB);
	assert_int_equal(doms[0].target_kib, 2 * GIB);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_apply_in_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_target_without_videoram,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_target_stops,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_maxmem_stops,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_logged_why, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_kick_down_and_back, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_kick_only_running_managed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_kick_refused, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
