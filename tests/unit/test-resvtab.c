/*
 * test-resvtab.c - the daemon's reservation table (daemon/resvtab.c),
 * with the real store in a temporary state directory and a clock the
 * test sets: deadlines and expiry as made and as restored after a
 * restart, a client leaving while its reservation is pending, the
 * handover to the domain a reservation is for, each round's outcome, and
 * saves that fail (the state directory gone, the allocator refusing):
 * then the file and the store stay as they were, nothing is lost and
 * nothing comes back.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "clock.h"
#include "parse.h"
#include "resv.h"
#include "xbd.h"

#define HOLD_MS	600000		/* reservation-hold: 10m */
#define KEEP_MS	60000		/* failed and handed stay listed */
#define RT0	UINT64_C(1767225600000)	/* 2026-01-01, wall clock */

/*
 * The clock resvtab.c reads (common/clock.h), set by each test: defined
 * here, so that common/libxbcommon.a's clock.o is not linked.
 */
static uint64_t mono_ms, real_ms;

uint64_t
clock_mono_us(void)
{
	return mono_ms * 1000;
}

uint64_t
clock_mono_ms(void)
{
	return mono_ms;
}

uint64_t
clock_real_ms(void)
{
	return real_ms;
}

#define is_u64(what, got, want) do {					\
	uint64_t got_ = (got), want_ = (want);				\
	if (got_ != want_)						\
		fail_msg("%s: expected %" PRIu64 ", got %" PRIu64,	\
		    (what), want_, got_);				\
} while (0)

#define is_int(what, got, want) do {					\
	int got_ = (got), want_ = (want);				\
	if (got_ != want_)						\
		fail_msg("%s: expected %d, got %d", (what), want_,	\
		    got_);						\
} while (0)

#define is_state(what, got, want) do {					\
	enum resv_state got_ = (got), want_ = (want);			\
	if (got_ != want_)						\
		fail_msg("%s: expected %s, got %s", (what),		\
		    resv_state_name(want_), resv_state_name(got_));	\
} while (0)

#define is_str(what, got, want) do {					\
	const char *got_ = (got), *want_ = (want);			\
	if (strcmp(got_, want_) != 0)					\
		fail_msg("%s: expected \"%s\", got \"%s\"", (what),	\
		    want_, got_);					\
} while (0)

#define is_bool(what, got, want) do {					\
	bool got_ = (got), want_ = (want);				\
	if (got_ != want_)						\
		fail_msg("%s: expected %s, got %s", (what),		\
		    want_ ? "true" : "false", got_ ? "true" : "false");	\
} while (0)

struct fx {
	char		dir[64];	/* the state directory */
	char		away[72];	/* it, while saves must fail */
	struct xbd	*d;
};

static struct store *
open_store(const char *dir)
{
	char err[256] = "";
	struct store *s = store_open(dir, err, sizeof(err));

	if (s == NULL)
		fail_msg("store_open %s: %s", dir, err);
	return s;
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/xbresvtab.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->away, sizeof(fx->away), "%s.away", fx->dir);
	assert_non_null(fx->d = calloc(1, sizeof(*fx->d)));
	fx->d->store = open_store(fx->dir);
	fx->d->cfg.reservation_hold_ms = HOLD_MS;
	mono_ms = 5000;
	real_ms = RT0;
	*state = fx;
	return 0;
}

static void
doms_free(struct xbd *d)
{
	for (size_t i = 0; i < d->doms.n; i++)
		free(d->doms.v[i]);
	free(d->doms.v);
	d->doms = (struct domtab){ 0 };
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[200];

	/* A test that failed while its directory was away. */
	(void)rename(fx->away, fx->dir);
	store_free(fx->d->store);
	doms_free(fx->d);
	free(fx->d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/* The daemon stops; another starts at mono/real on the same directory. */
static void
restart(struct fx *fx, uint64_t mono, uint64_t real)
{
	store_free(fx->d->store);
	doms_free(fx->d);
	memset(fx->d, 0, sizeof(*fx->d));
	fx->d->store = open_store(fx->dir);
	fx->d->cfg.reservation_hold_ms = HOLD_MS;
	mono_ms = mono;
	real_ms = real;
	resvtab_restore(fx->d);
}

/* Saves fail while the state directory is away (root writes anywhere). */
static void
dir_away(struct fx *fx)
{
	if (rename(fx->dir, fx->away) != 0)
		fail_msg("rename %s: %s", fx->dir, strerror(errno));
}

static void
dir_back(struct fx *fx)
{
	if (rename(fx->away, fx->dir) != 0)
		fail_msg("rename %s: %s", fx->away, strerror(errno));
}

/* The policy file's bytes (malloc'ed), to see that a failure left it. */
static char *
file_text(struct fx *fx)
{
	char path[128], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", fx->dir, STORE_FILE);
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("open %s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	assert_non_null(buf = calloc(1, (size_t)n + 1));
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static void
same_file(struct fx *fx, const char *before, const char *what)
{
	char *now = file_text(fx);

	if (strcmp(now, before) != 0)
		fail_msg("%s: the policy file changed from\n%s\nto\n%s", what,
		    before, now);
	free(now);
}

/* What a restart would read: the file, through a store of its own. */
static size_t
file_res(struct fx *fx, struct store_res *sr)
{
	struct store *s = open_store(fx->dir);
	size_t n = store_get_reservations(s, sr, PLAN_MAX_RESERVATIONS);

	store_free(s);
	return n;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * A set of IDs as "1 2 3", ascending, to compare at once (the order of
 * the table and the file is not the contract).  In buf, one of two
 * rotating so that a comparison may hold both.
 */
static const char *
ids_text(uint64_t *ids, size_t n)
{
	static char bufs[2][256];
	static int which;
	char *buf = bufs[which ^= 1];
	size_t len = 0;

	qsort(ids, n, sizeof(*ids), cmp_u64);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof(bufs[0]) - len,
		    "%s%" PRIu64, i ? " " : "", ids[i]);
	return buf;
}

static const char *
ids_of_store(const struct store_res *sr, size_t n)
{
	uint64_t ids[PLAN_MAX_RESERVATIONS];

	for (size_t i = 0; i < n; i++)
		ids[i] = sr[i].id;
	return ids_text(ids, n);
}

static const char *
ids_of_table(const struct xbd *d)
{
	uint64_t ids[PLAN_MAX_RESERVATIONS];

	for (size_t i = 0; i < d->nres; i++)
		ids[i] = d->res[i].id;
	return ids_text(ids, d->nres);
}

#define is_ids(what, got, want) do {					\
	const char *got_ = (got), *want_ = (want);			\
	if (strcmp(got_, want_) != 0)					\
		fail_msg("%s: expected IDs [%s], got [%s]", (what),	\
		    want_, got_);					\
} while (0)

/* The file and the store in memory list the IDs want, in that order. */
static void
saved_ids(struct fx *fx, const char *want, const char *what)
{
	struct store_res sr[PLAN_MAX_RESERVATIONS];
	char w[300];
	size_t n;

	n = file_res(fx, sr);
	snprintf(w, sizeof(w), "%s: in the file", what);
	is_ids(w, ids_of_store(sr, n), want);
	n = store_get_reservations(fx->d->store, sr, PLAN_MAX_RESERVATIONS);
	snprintf(w, sizeof(w), "%s: in the store's memory", what);
	is_ids(w, ids_of_store(sr, n), want);
}

static struct resv *
reserve(struct fx *fx, uint64_t kib, uint64_t timeout_ms, const char *for_,
    uint64_t owner)
{
	struct resv_for f;
	const char *err = NULL;
	char perr[256];
	struct resv *r;

	if (for_ != NULL && resv_for_parse(for_, &f, perr, sizeof(perr)) != 0)
		fail_msg("resv_for_parse %s: %s", for_, perr);
	r = resvtab_reserve(fx->d, kib, timeout_ms, for_ ? &f : NULL,
	    for_ ? for_ : "", owner, &err);
	if (r == NULL)
		fail_msg("reserve %" PRIu64 " KiB: %s", kib, err);
	return r;
}

/* One round's outcome: st for reservation id, as they were for the
 * others (held ones held, the rest pending). */
static void
take(struct fx *fx, uint64_t id, enum plan_res_status st, uint64_t now)
{
	struct plan_res_result rr[PLAN_MAX_RESERVATIONS];
	struct plan_output out = { .reservations = rr };

	for (size_t i = 0; i < fx->d->nres; i++) {
		bool held = fx->d->res[i].state == RESV_HELD;

		rr[i] = (struct plan_res_result){ .id = fx->d->res[i].id,
		    .status = held ? PLAN_RES_HELD : PLAN_RES_PENDING,
		    .reason = held ? "memory is free now" : "freeing memory" };
		if (fx->d->res[i].id != id)
			continue;
		rr[i].status = st;
		rr[i].reason = st == PLAN_RES_HELD ? "memory is free now" :
		    st == PLAN_RES_FAILED ? "does not fit" : "freeing memory";
		rr[i].unreachable_kib = st == PLAN_RES_FAILED ? 4096 : 0;
	}
	resvtab_take(fx->d, &out, now);
}

static struct resv *
find(struct fx *fx, uint64_t id)
{
	struct resv *r = resvtab_find(fx->d, id);

	if (r == NULL)
		fail_msg("reservation %" PRIu64 " is not in the table [%s]",
		    id, ids_of_table(fx->d));
	return r;
}

/* A domain as the hypervisor lists it; uuid is all ub. */
static struct dom *
add_dom(struct fx *fx, uint32_t domid, uint8_t ub, const char *name,
    enum hv_dom_state st, uint64_t tot_kib)
{
	struct domtab *t = &fx->d->doms;
	struct dom *dom = calloc(1, sizeof(*dom));

	assert_non_null(dom);
	dom->domid = dom->hv.domid = domid;
	memset(dom->uuid, ub, sizeof(dom->uuid));
	memcpy(dom->hv.uuid, dom->uuid, sizeof(dom->uuid));
	snprintf(dom->name, sizeof(dom->name), "%s", name);
	dom->hv.state = st;
	dom->hv.tot_kib = tot_kib;
	assert_non_null(t->v = realloc(t->v, (t->n + 1) * sizeof(*t->v)));
	t->v[t->n++] = dom;
	t->cap = t->n;
	return dom;
}

static void
made_with_deadlines_on_both_clocks(void **state)
{
	struct fx *fx = *state;
	struct store_res sr[PLAN_MAX_RESERVATIONS];
	struct resv *r = reserve(fx, 2097152, 30000, NULL, 7);

	is_u64("first ID", r->id, 1);
	is_state("a new reservation", r->state, RESV_PENDING);
	is_str("reason", r->reason, "freeing memory");
	is_u64("size", r->size_kib, 2097152);
	is_u64("asks", r->ask_kib, 2097152);
	is_u64("owner", r->owner, 7);
	is_u64("deadline (monotonic): now + timeout", r->deadline_ms, 35000);
	is_u64("deadline (wall clock)", r->deadline_rt_ms, RT0 + 30000);
	is_u64("expiry (monotonic): deadline + hold", r->expire_ms,
	    5000 + 30000 + HOLD_MS);
	is_u64("expiry (wall clock)", r->expire_rt_ms, RT0 + 30000 + HOLD_MS);
	is_bool("pending", resvtab_pending(fx->d), true);

	/* Saved before the caller hears of it, wall-clock deadlines. */
	is_u64("saved", file_res(fx, sr), 1);
	is_u64("saved ID", sr[0].id, 1);
	is_u64("saved size", sr[0].size_kib, 2097152);
	is_u64("saved deadline", sr[0].deadline_rt_ms, RT0 + 30000);
	is_u64("saved expiry", sr[0].expire_rt_ms, RT0 + 30000 + HOLD_MS);
	is_bool("saved held", sr[0].held, false);
	is_str("saved for", sr[0].for_text, "");

	mono_ms = 6000;
	real_ms = RT0 + 1000;
	r = reserve(fx, 1048576, 5000, "web", 0);
	is_u64("second ID", r->id, 2);
	is_u64("its deadline", r->deadline_ms, 11000);
	is_u64("its deadline (wall clock)", r->deadline_rt_ms, RT0 + 6000);
	is_bool("made for a domain", r->for_.set, true);
	is_str("for", r->for_text, "web");
	is_u64("saved", file_res(fx, sr), 2);
	is_str("2 saved for", sr[1].for_text, "web");
	is_bool("saved unbound", sr[1].bound, false);

	/* Released: out of the table and the file; its ID is not reused. */
	is_int("release 1", resvtab_release(fx->d, 1), 0);
	is_ids("after release 1", ids_of_table(fx->d), "2");
	saved_ids(fx, "2", "after release 1");
	/* None: told apart from a save's error, whatever its errno. */
	is_int("releasing one that is not there", resvtab_release(fx->d, 1),
	    1);
	r = reserve(fx, 4096, 1000, NULL, 0);
	is_u64("the ID after a release", r->id, 3);
	/* None left, none restored: the store still knows the last ID. */
	is_int("release 2", resvtab_release(fx->d, 2), 0);
	is_int("release 3", resvtab_release(fx->d, 3), 0);
	restart(fx, 100, RT0 + 60000);
	is_ids("restored, none left", ids_of_table(fx->d), "");
	r = reserve(fx, 4096, 1000, NULL, 0);
	is_u64("the ID after a restart with none left", r->id, 4);
}

static void
a_full_table_refuses(void **state)
{
	struct fx *fx = *state;
	struct store_res sr[PLAN_MAX_RESERVATIONS];
	const char *err = NULL;
	struct resv *r;

	for (unsigned int i = 0; i < PLAN_MAX_RESERVATIONS; i++)
		reserve(fx, 4096, 30000, NULL, 0);
	r = resvtab_reserve(fx->d, 4096, 30000, NULL, "", 0, &err);
	if (r != NULL)
		fail_msg("reservation %u of a table of %u was made, "
		    "ID %" PRIu64, PLAN_MAX_RESERVATIONS + 1,
		    PLAN_MAX_RESERVATIONS, r->id);
	is_str("why", err, "too many reservations open");
	is_u64("open", fx->d->nres, PLAN_MAX_RESERVATIONS);
	is_u64("saved", file_res(fx, sr), PLAN_MAX_RESERVATIONS);
	/* One released makes room again. */
	is_int("release 1", resvtab_release(fx->d, 1), 0);
	r = reserve(fx, 4096, 30000, NULL, 0);
	is_u64("the ID after a full table", r->id, PLAN_MAX_RESERVATIONS + 1);
}

static void
restored_after_a_restart(void **state)
{
	struct fx *fx = *state;
	struct resv *a, *b, *c;

	reserve(fx, 1048576, 30000, NULL, 7);		/* 1: held below */
	reserve(fx, 524288, 60000, NULL, 8);		/* 2: pending */
	reserve(fx, 262144, 10000, NULL, 0);		/* 3: misses it */
	mono_ms = 6000;
	real_ms = RT0 + 1000;
	take(fx, 1, PLAN_RES_HELD, 6000);

	/* A reboot: the monotonic clock starts again, 20 s have passed. */
	restart(fx, 200, RT0 + 20000);
	is_ids("restored", ids_of_table(fx->d), "1 2 3");
	a = find(fx, 1);
	b = find(fx, 2);
	c = find(fx, 3);
	is_state("1 was held", a->state, RESV_HELD);
	is_str("1's reason", a->reason, "held");
	is_u64("1's size", a->size_kib, 1048576);
	is_u64("1 asks", a->ask_kib, 1048576);
	is_u64("1's owner (its client is gone)", a->owner, 0);
	is_u64("1 expires as held: now + what was left", a->expire_ms,
	    200 + (RT0 + 1000 + HOLD_MS) - (RT0 + 20000));
	is_u64("1's wall-clock expiry", a->expire_rt_ms, RT0 + 1000 + HOLD_MS);
	is_u64("1's deadline: now + what was left", a->deadline_ms,
	    200 + 10000);
	is_state("2 was pending", b->state, RESV_PENDING);
	is_str("2's reason", b->reason, "freeing memory");
	is_u64("2's owner", b->owner, 0);
	is_u64("2's deadline: now + what was left", b->deadline_ms,
	    200 + 40000);
	is_u64("2's wall-clock deadline", b->deadline_rt_ms, RT0 + 60000);
	is_u64("2's expiry", b->expire_ms, 200 + 60000 + HOLD_MS - 20000);
	is_state("3 was pending", c->state, RESV_PENDING);
	is_u64("3's deadline passed while down: now", c->deadline_ms, 200);
	is_u64("3's expiry", c->expire_ms, 200 + 10000 + HOLD_MS - 20000);
	is_bool("pending", resvtab_pending(fx->d), true);

	/* 1 goes at the monotonic instant of its wall-clock expiry. */
	is_bool("expired, 1 ms before 1's expiry",
	    resvtab_expire(fx->d, 581199), false);
	is_ids("1 ms before 1's expiry", ids_of_table(fx->d), "1 2 3");
	is_bool("expired, at 1's expiry", resvtab_expire(fx->d, 581200),
	    true);
	is_ids("at 1's expiry", ids_of_table(fx->d), "2 3");

	/* Restarted after an expiry passed, the file still listing it. */
	restart(fx, 100, RT0 + 1000 + HOLD_MS - 1);
	is_ids("1 ms before 1's expiry, restored", ids_of_table(fx->d),
	    "1 2 3");
	is_u64("1 left for 1 ms", find(fx, 1)->expire_ms, 101);
	restart(fx, 100, RT0 + 1000 + HOLD_MS);
	is_ids("at 1's expiry, restored", ids_of_table(fx->d), "2 3");
}

static void
write_file(struct fx *fx, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fx->dir, STORE_FILE);
	if ((f = fopen(path, "w")) == NULL)
		fail_msg("create %s: %s", path, strerror(errno));
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* A "for" the daemon no longer takes (a domid) is dropped, not the
 * reservation: it is restored for no domain. */
static void
restored_for_what_no_longer_parses(void **state)
{
	struct fx *fx = *state;
	struct resv *r;

	write_file(fx, "{\"version\": 1, \"next_id\": 9, \"domains\": {},\n"
	    "\"reservations\": [\n"
	    "{\"id\": 3, \"size_kib\": 4096, \"deadline_rt_ms\": 1767225601000,"
	    " \"expire_rt_ms\": 1767226201000, \"held\": true, \"for\": \"7\","
	    " \"bound_domid\": 7, \"bound_uuid\":"
	    " \"55555555-5555-5555-5555-555555555555\"},\n"
	    "{\"id\": 4, \"size_kib\": 8192, \"deadline_rt_ms\": 1767225601000,"
	    " \"expire_rt_ms\": 1767226201000, \"held\": true,"
	    " \"for\": \"web\", \"bound_domid\": 5, \"bound_uuid\":"
	    " \"55555555-5555-5555-5555-555555555555\"}]}\n");
	restart(fx, 100, RT0 + 1000);
	is_ids("restored", ids_of_table(fx->d), "3 4");
	r = find(fx, 3);
	is_bool("3 for a domain", r->for_.set, false);
	is_bool("3 bound", r->for_.bound, false);
	is_str("3 for", r->for_text, "");
	is_state("3", r->state, RESV_HELD);
	is_u64("3 expires", r->expire_ms, 100 + HOLD_MS);
	r = find(fx, 4);
	is_bool("4 for a domain", r->for_.set, true);
	is_str("4 for", r->for_text, "web");
	is_bool("4 bound", r->for_.bound, true);
	is_u64("4 bound to", r->for_.domid, 5);
	/* The one for no domain expires; the bound one waits. */
	is_bool("expired at the hold", resvtab_expire(fx->d, 100 + HOLD_MS),
	    true);
	is_ids("at the hold", ids_of_table(fx->d), "4");
	is_u64("the next ID", reserve(fx, 4096, 1000, NULL, 0)->id, 9);
}

static void
expire_at_the_hold_not_before(void **state)
{
	struct fx *fx = *state;

	reserve(fx, 1048576, 30000, NULL, 0);	/* 1: held at 6000 */
	reserve(fx, 65536, 1000, NULL, 0);	/* 2: fails at 7000 */
	reserve(fx, 524288, 30000, NULL, 0);	/* 3: pending */
	reserve(fx, 262144, 30000, NULL, 0);	/* 4: pending */
	mono_ms = 6000;
	real_ms = RT0 + 1000;
	take(fx, 1, PLAN_RES_HELD, 6000);
	is_u64("held: expires a hold from now", find(fx, 1)->expire_ms,
	    6000 + HOLD_MS);
	is_u64("held: wall clock", find(fx, 1)->expire_rt_ms,
	    RT0 + 1000 + HOLD_MS);
	mono_ms = 7000;
	take(fx, 2, PLAN_RES_FAILED, 7000);
	saved_ids(fx, "1 3 4", "a failed one is not saved");

	/* A failed one stays listed a minute for pollers. */
	is_bool("expired, 1 ms before 2's minute",
	    resvtab_expire(fx->d, 7000 + KEEP_MS - 1), false);
	is_ids("a failed one, 1 ms before its minute", ids_of_table(fx->d),
	    "1 2 3 4");
	is_bool("expired, 2's minute over",
	    resvtab_expire(fx->d, 7000 + KEEP_MS), true);
	is_ids("a failed one, its minute over", ids_of_table(fx->d),
	    "1 3 4");
	is_bool("expired, 1 ms before 1's hold ends",
	    resvtab_expire(fx->d, 6000 + HOLD_MS - 1), false);
	is_ids("1 ms before 1's hold ends", ids_of_table(fx->d), "1 3 4");
	is_bool("expired, 1's hold over",
	    resvtab_expire(fx->d, 6000 + HOLD_MS), true);
	is_ids("1's hold over", ids_of_table(fx->d), "3 4");
	is_int("a good save", resvtab_persist(fx->d), 0);
	saved_ids(fx, "3 4", "expired, then saved");
	/* Pending ones expire a hold after their deadline, together. */
	is_bool("expired, 1 ms before 3 and 4 expire",
	    resvtab_expire(fx->d, 5000 + 30000 + HOLD_MS - 1), false);
	is_bool("expired, 3 and 4 at their expiry",
	    resvtab_expire(fx->d, 5000 + 30000 + HOLD_MS), true);
	is_ids("both pending ones at their expiry", ids_of_table(fx->d), "");
}

static void
a_pending_client_leaving(void **state)
{
	struct fx *fx = *state;

	reserve(fx, 65536, 30000, NULL, 7);		/* 1 */
	reserve(fx, 65536, 30000, NULL, 8);		/* 2 */
	reserve(fx, 65536, 30000, NULL, 7);		/* 3: held */
	reserve(fx, 65536, 30000, NULL, 0);		/* 4: nobody's */
	reserve(fx, 65536, 30000, NULL, 7);		/* 5 */
	take(fx, 3, PLAN_RES_HELD, 6000);

	/* Client 7 goes: its pending ones are cancelled, its held one it
	 * heard of stays, no longer its. */
	is_bool("client 7 had pending ones", resvtab_orphan(fx->d, 7), true);
	is_ids("after client 7 left", ids_of_table(fx->d), "2 3 4");
	is_u64("3's owner", find(fx, 3)->owner, 0);
	is_state("3", find(fx, 3)->state, RESV_HELD);
	is_u64("2's owner", find(fx, 2)->owner, 8);
	saved_ids(fx, "2 3 4", "after client 7 left");

	/* No client: nothing is anyone's. */
	is_bool("owner 0", resvtab_orphan(fx->d, 0), false);
	is_bool("client 7 again", resvtab_orphan(fx->d, 7), false);
	is_ids("after owner 0 and client 7 again", ids_of_table(fx->d),
	    "2 3 4");
	is_bool("client 8", resvtab_orphan(fx->d, 8), true);
	is_ids("after client 8 left", ids_of_table(fx->d), "3 4");
	saved_ids(fx, "3 4", "after client 8 left");
}

static void
follows_its_domain(void **state)
{
	struct fx *fx = *state;
	struct store_res sr[PLAN_MAX_RESERVATIONS];
	struct resv *r = reserve(fx, 2097152, 60000, "web", 7);
	struct dom *in;

	add_dom(fx, 3, 0x33, "web", HV_DOM_RUNNING, 1048576);
	add_dom(fx, 4, 0x44, "db", HV_DOM_STARTING, 0);
	/* A "web" that ran already is not the one to come. */
	is_bool("nothing to bind", resvtab_follow(fx->d, 6000), false);
	is_bool("bound", r->for_.bound, false);
	is_u64("unbound: asks all", r->ask_kib, 2097152);

	in = add_dom(fx, 5, 0x55, "web--incoming", HV_DOM_STARTING, 524288);
	in->have_target = true;
	in->target_kib = 1048576;
	is_bool("a starting web binds it", resvtab_follow(fx->d, 7000), true);
	is_bool("bound", r->for_.bound, true);
	is_u64("bound to", r->for_.domid, 5);
	is_u64("its UUID", r->for_.uuid[0], 0x55);
	is_u64("asks what the domain's target does not cover", r->ask_kib,
	    2097152 - 1048576);
	is_int("a good save", resvtab_persist(fx->d), 0);
	is_u64("saved", file_res(fx, sr), 1);
	is_bool("saved bound", sr[0].bound, true);
	is_u64("saved bound to", sr[0].domid, 5);
	is_u64("saved its UUID", sr[0].uuid[15], 0x55);

	in->have_target = false;
	is_bool("still starting", resvtab_follow(fx->d, 8000), false);
	is_u64("asks what the domain does not hold", r->ask_kib,
	    2097152 - 524288);
	/* A bound reservation does not expire while its domain starts. */
	is_bool("expire, long after", resvtab_expire(fx->d, 100000000), false);
	is_ids("bound, long after its expiry", ids_of_table(fx->d), "1");

	/* It runs: the memory is its own. */
	snprintf(in->name, sizeof(in->name), "web");
	in->hv.state = HV_DOM_RUNNING;
	is_bool("its domain runs", resvtab_follow(fx->d, 9000), true);
	is_state("then", r->state, RESV_HANDED);
	is_str("reason", r->reason, "handed to its domain");
	is_u64("handed at", r->failed_ms, 9000);
	is_u64("owner", r->owner, 0);
	is_bool("pending", resvtab_pending(fx->d), false);
	is_int("a good save", resvtab_persist(fx->d), 0);
	saved_ids(fx, "", "handed");
	is_bool("a round later", resvtab_follow(fx->d, 10000), false);
	is_bool("handed, 1 ms before its minute",
	    resvtab_expire(fx->d, 9000 + KEEP_MS - 1), false);
	is_bool("handed, its minute over",
	    resvtab_expire(fx->d, 9000 + KEEP_MS), true);
	is_ids("handed, its minute over", ids_of_table(fx->d), "");
}

static void
held_again_when_its_domain_goes(void **state)
{
	struct fx *fx = *state;
	char uuid[37];
	uint8_t u[16];
	struct resv *r;

	memset(u, 0x66, sizeof(u));
	format_uuid(u, uuid);
	r = reserve(fx, 1048576, 30000, uuid, 0);
	add_dom(fx, 6, 0x66, "vm", HV_DOM_STARTING, 262144);
	is_bool("binds", resvtab_follow(fx->d, 6000), true);
	is_u64("bound to", r->for_.domid, 6);
	take(fx, r->id, PLAN_RES_HELD, 6000);
	is_u64("held until", r->expire_ms, 6000 + HOLD_MS);

	/* Its creation failed: all of it is held again, a hold from now. */
	doms_free(fx->d);
	mono_ms = 50000;
	real_ms = RT0 + 45000;
	is_bool("its domain went", resvtab_follow(fx->d, 50000), true);
	is_bool("bound", r->for_.bound, false);
	is_state("then", r->state, RESV_HELD);
	is_u64("asks", r->ask_kib, 1048576);
	is_u64("held again until", r->expire_ms, 50000 + HOLD_MS);
	is_u64("held again until (wall clock)", r->expire_rt_ms,
	    RT0 + 45000 + HOLD_MS);
	/* Unbound, it expires again. */
	is_bool("1 ms before", resvtab_expire(fx->d, 50000 + HOLD_MS - 1),
	    false);
	is_bool("at its expiry", resvtab_expire(fx->d, 50000 + HOLD_MS), true);
	is_ids("at its expiry", ids_of_table(fx->d), "");
}

static void
restored_for_a_domain_and_handed(void **state)
{
	struct fx *fx = *state;
	struct resv *r;

	reserve(fx, 2097152, 60000, "web", 7);
	add_dom(fx, 5, 0x55, "web", HV_DOM_STARTING, 0);
	is_bool("binds", resvtab_follow(fx->d, 6000), true);
	take(fx, 1, PLAN_RES_HELD, 6000);

	restart(fx, 100, RT0 + 30000);
	/* Another "web" starting first must not take it. */
	add_dom(fx, 9, 0x99, "web", HV_DOM_STARTING, 0);
	add_dom(fx, 5, 0x55, "web", HV_DOM_STARTING, 1048576);
	r = find(fx, 1);
	is_bool("restored for a domain", r->for_.set, true);
	is_int("restored by name", r->for_.ref.kind, DOMREF_NAME);
	is_str("restored for", r->for_text, "web");
	is_bool("restored bound", r->for_.bound, true);
	is_u64("restored bound to", r->for_.domid, 5);
	is_state("restored", r->state, RESV_HELD);
	is_bool("its domain still starts", resvtab_follow(fx->d, 200), false);
	is_u64("still bound to", r->for_.domid, 5);
	is_u64("asks what its domain does not hold", r->ask_kib,
	    2097152 - 1048576);
	fx->d->doms.v[1]->hv.state = HV_DOM_RUNNING;
	is_bool("its domain runs", resvtab_follow(fx->d, 300), true);
	is_state("then", r->state, RESV_HANDED);
	is_u64("handed at", r->failed_ms, 300);
}

static void
each_rounds_outcome(void **state)
{
	struct fx *fx = *state;
	struct store_res sr[PLAN_MAX_RESERVATIONS];
	struct resv *a, *b;

	reserve(fx, 1048576, 30000, NULL, 0);
	reserve(fx, 524288, 30000, NULL, 0);
	a = find(fx, 1);
	b = find(fx, 2);
	mono_ms = 6000;
	real_ms = RT0 + 1000;
	take(fx, 1, PLAN_RES_HELD, 6000);
	is_state("1", a->state, RESV_HELD);
	is_str("1's reason", a->reason, "memory is free now");
	is_u64("1 held until", a->expire_ms, 6000 + HOLD_MS);
	is_state("2", b->state, RESV_PENDING);
	is_u64("2 still expires", b->expire_ms, 5000 + 30000 + HOLD_MS);
	is_u64("saved", file_res(fx, sr), 2);
	is_bool("1 saved held", sr[0].held, true);
	is_u64("1 saved until", sr[0].expire_rt_ms, RT0 + 1000 + HOLD_MS);
	is_bool("2 saved pending", sr[1].held, false);

	/* Held once: a later round does not extend the hold. */
	mono_ms = 7000;
	real_ms = RT0 + 2000;
	take(fx, 2, PLAN_RES_FAILED, 7000);
	is_u64("1 still held until", a->expire_ms, 6000 + HOLD_MS);
	is_state("2", b->state, RESV_FAILED);
	is_u64("2 failed at", b->failed_ms, 7000);
	is_u64("2 out of reach", b->unreachable_kib, 4096);
	is_bool("pending", resvtab_pending(fx->d), false);
	saved_ids(fx, "1", "2 failed");
	is_u64("saved", file_res(fx, sr), 1);
	is_u64("1 still saved until", sr[0].expire_rt_ms, RT0 + 1000 + HOLD_MS);
}

static void
a_reserve_not_saved_is_not_made(void **state)
{
	struct fx *fx = *state;
	const char *err = NULL;
	char *before;
	struct resv *r;

	reserve(fx, 65536, 30000, NULL, 0);
	before = file_text(fx);
	dir_away(fx);
	r = resvtab_reserve(fx->d, 131072, 30000, NULL, "", 7, &err);
	dir_back(fx);
	if (r != NULL)
		fail_msg("a reservation that could not be saved was made: "
		    "ID %" PRIu64, r->id);
	is_str("why", err ? err : "(none)",
	    "cannot save it to the state directory (see the log)");
	is_ids("after the failed reserve", ids_of_table(fx->d), "1");
	same_file(fx, before, "after the failed reserve");
	saved_ids(fx, "1", "after the failed reserve");
	/* The next good save does not bring it back. */
	r = reserve(fx, 262144, 30000, NULL, 0);
	is_ids("the next one made", ids_of_table(fx->d), "1 2");
	saved_ids(fx, "1 2", "the next one made");
	free(before);
}

/* jansson's allocator, refusing the next refuse allocations. */
static unsigned int refuse;

static void *
refusing_malloc(size_t n)
{
	if (refuse > 0) {
		refuse--;
		return NULL;
	}
	return malloc(n);
}

static void
a_release_not_saved_keeps_it(void **state)
{
	struct fx *fx = *state;
	char *before;
	int r;

	reserve(fx, 65536, 30000, NULL, 0);
	reserve(fx, 131072, 30000, NULL, 0);
	take(fx, 1, PLAN_RES_HELD, 6000);
	before = file_text(fx);

	/* The file cannot be replaced: the release is refused. */
	dir_away(fx);
	r = resvtab_release(fx->d, 1);
	dir_back(fx);
	/* The save's error, not "no such reservation": it is still held. */
	if (r != -ENOENT)
		fail_msg("release, the state directory gone: expected %d "
		    "(the save's -ENOENT), got %d", -ENOENT, r);
	is_ids("after the failed release", ids_of_table(fx->d), "1 2");
	is_state("1", find(fx, 1)->state, RESV_HELD);
	same_file(fx, before, "after the failed release");
	saved_ids(fx, "1 2", "after the failed release");

	/* The list cannot be built (out of memory): refused the same, and
	 * the file not written, though a save would succeed. */
	json_set_alloc_funcs(refusing_malloc, free);
	refuse = 1;
	r = resvtab_release(fx->d, 2);
	refuse = 0;
	if (r != -ENOMEM)
		fail_msg("release, out of memory: expected %d, got %d",
		    -ENOMEM, r);
	is_ids("after the release out of memory", ids_of_table(fx->d), "1 2");
	same_file(fx, before, "after the release out of memory");
	saved_ids(fx, "1 2", "after the release out of memory");

	/* The next good save keeps both; a good release then takes one. */
	is_int("a good save", resvtab_persist(fx->d), 0);
	saved_ids(fx, "1 2", "saved again");
	is_int("release 1", resvtab_release(fx->d, 1), 0);
	is_ids("released", ids_of_table(fx->d), "2");
	saved_ids(fx, "2", "released");
	free(before);
}

/* The log, caught from here to the next log_lines_once(). */
static char *log_buf;
static size_t log_len;
static FILE *log_f;

static void
log_capture(void)
{
	assert_non_null(log_f = open_memstream(&log_buf, &log_len));
	log_set_stream(log_f);
}

static size_t
count_lines(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, what)) != NULL; p++)
		n++;
	return n;
}

/* Each of a and b (NULL: none) in exactly one line of what was caught. */
static void
log_lines_once(const char *what, const char *a, const char *b)
{
	const char *want[2] = { a, b };

	log_set_stream(stderr);
	fclose(log_f);
	for (int i = 0; i < 2 && want[i] != NULL; i++) {
		size_t n = count_lines(log_buf, want[i]);

		if (n != 1)
			fail_msg("%s: \"%s\" logged %zu times, not once; the "
			    "log:\n%s", what, want[i], n, log_buf);
	}
	fputs(log_buf, stderr);
	free(log_buf);
	log_buf = NULL;
}

static void
an_outcome_not_saved(void **state)
{
	struct fx *fx = *state;
	struct store_res sr[PLAN_MAX_RESERVATIONS];
	char *before;

	reserve(fx, 65536, 30000, NULL, 7);
	before = file_text(fx);
	mono_ms = 6000;
	real_ms = RT0 + 1000;
	dir_away(fx);
	log_capture();
	take(fx, 1, PLAN_RES_HELD, 6000);
	/* Held in memory; the file and the store say what they said, and
	 * the table is marked for the next round to save again. */
	is_state("1", find(fx, 1)->state, RESV_HELD);
	is_bool("unsaved after the round", fx->d->res_unsaved, true);
	is_int("the next round's try, the directory still gone",
	    resvtab_persist(fx->d), -ENOENT);
	is_int("and the one after", resvtab_persist(fx->d), -ENOENT);
	is_bool("still unsaved", fx->d->res_unsaved, true);
	/* Three failed saves in a row: each message once, not a round. */
	log_lines_once("three failed saves", "previous file is unchanged",
	    "cannot save the reservations");
	dir_back(fx);
	same_file(fx, before, "after a round not saved");
	is_u64("in the store's memory", store_get_reservations(fx->d->store,
	    sr, PLAN_MAX_RESERVATIONS), 1);
	is_bool("the store's memory: held", sr[0].held, false);
	log_capture();
	is_int("a good save", resvtab_persist(fx->d), 0);
	is_bool("unsaved after a good save", fx->d->res_unsaved, false);
	log_lines_once("the save after them", "saved again", NULL);
	is_u64("saved", file_res(fx, sr), 1);
	is_bool("saved at last: held", sr[0].held, true);
	is_u64("saved at last: until", sr[0].expire_rt_ms,
	    RT0 + 1000 + HOLD_MS);

	/*
	 * Its client goes and the cancel cannot be saved: cancelled all the
	 * same (kept, it asked the guests for memory nobody waited for),
	 * and saved once the directory is back.
	 */
	reserve(fx, 65536, 30000, NULL, 8);
	free(before);
	before = file_text(fx);
	dir_away(fx);
	is_bool("cancelled", resvtab_orphan(fx->d, 8), true);
	dir_back(fx);
	is_ids("after the unsaved cancel", ids_of_table(fx->d), "1");
	is_bool("unsaved after the cancel", fx->d->res_unsaved, true);
	same_file(fx, before, "after the unsaved cancel");
	saved_ids(fx, "1 2", "after the unsaved cancel");
	is_int("the next round's save", resvtab_persist(fx->d), 0);
	is_bool("unsaved after it", fx->d->res_unsaved, false);
	saved_ids(fx, "1", "the cancel saved at last");

	/* A reserve or a release whose save fails changes nothing, so
	 * leaves nothing to save again; one that succeeds saves it all. */
	dir_away(fx);
	is_int("a release, the directory gone", resvtab_release(fx->d, 1),
	    -ENOENT);
	is_bool("unsaved after a refused release", fx->d->res_unsaved, false);
	take(fx, 1, PLAN_RES_FAILED, 7000);
	is_bool("unsaved after a failed outcome", fx->d->res_unsaved, true);
	dir_back(fx);
	reserve(fx, 65536, 30000, NULL, 0);
	is_bool("unsaved after a reserve saved", fx->d->res_unsaved, false);
	saved_ids(fx, "3", "a reserve saves the failed outcome too");
	free(before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    made_with_deadlines_on_both_clocks, setup, teardown),
		cmocka_unit_test_setup_teardown(a_full_table_refuses,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(restored_after_a_restart,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    restored_for_what_no_longer_parses, setup, teardown),
		cmocka_unit_test_setup_teardown(expire_at_the_hold_not_before,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(a_pending_client_leaving,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(follows_its_domain,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(held_again_when_its_domain_goes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    restored_for_a_domain_and_handed, setup, teardown),
		cmocka_unit_test_setup_teardown(each_rounds_outcome,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    a_reserve_not_saved_is_not_made, setup, teardown),
		cmocka_unit_test_setup_teardown(a_release_not_saved_keeps_it,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(an_outcome_not_saved,
		    setup, teardown),
	};

	log_init("test-resvtab", LOG_TARGET_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
