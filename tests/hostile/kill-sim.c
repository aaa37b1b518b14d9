/*
 * kill-sim.c - xenballoond killed at random points of a rebalance, and
 * restarted, 1,000 seeded times in the simulator.
 *
 * The daemon's state is what it keeps in memory (the planner's history,
 * keyed by UUID) plus what it persists (admin policy and reservations,
 * daemon/store.c, policy.json).  A kill is modelled exactly so: a round
 * is planned by the real planner (tests/sim/sim_xb.c), and only the
 * first k of its ordered actions reach the simulated hypervisor, for a
 * random k (0 = killed before writing anything, n = killed after the
 * last write).  The restart forgets all history and reloads policy and
 * reservations with the real store.c from the real file, then plans on.
 * The simulated guests keep moving while the daemon is down.
 *
 * Kills also land inside store_save() while an admin's change is being
 * saved: the store's file calls (open, write, fsync, close, rename) go
 * through wrappers (linked with -Wl,--wrap), and the save runs in a
 * child process that _exit()s at a random one of them -- a write cut
 * short part way -- from before the temporary file is opened to after
 * the directory is synced.
 *
 * Checked, for every seed:
 *  - no overcommit at any prefix of any round, as the hypervisor would
 *    allow it (ks_claims(): the order of actions must make every crash
 *    point safe, not only the end of a round);
 *  - a managed domain's target never exceeds its maxmem at any prefix
 *    (maxmem is raised before a target goes up, lowered after);
 *  - every admin policy and reservation the daemon acknowledged (saved)
 *    comes back identical after each restart; a domain reborn with the
 *    same domid gets its own policy, not the dead one's;
 *  - a kill inside a save loses nothing acknowledged and brings back
 *    nothing released: the file holds the old state or the new one,
 *    whole, and the new one exactly when the rename happened;
 *  - every plan after a restart passes planner_check;
 *  - after the first round following a restart, no managed target lies
 *    above min(max, static max) or below min (unless it holds less than
 *    min and nothing is free, the planner's documented exception).
 *
 * Usage: kill-sim [--count N] [--first N] [--seed N]  (TAP on stdout)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "planner.h"
#include "sim.h"
#include "sim_xb.h"
#include "xbd.h"

#define KS_ROUNDS	60	/* simulated seconds per seed */
#define KS_KILLS	3	/* kills per seed, at random rounds */
#define KS_SAVE_KILLS	2	/* of which inside a save, at most */
#define KS_RES_SIZE_MAX	(512 * SIM_MIB)

enum ks_check {
	KS_PREFIX_COMMIT,
	KS_PREFIX_MAXMEM,
	KS_POLICY,
	KS_RESV,
	KS_SAVE,
	KS_PLAN,
	KS_BOUNDS,
	KS_N
};

static const char *const ks_name[KS_N] = {
	[KS_PREFIX_COMMIT] = "no overcommit at any crash point of any round",
	[KS_PREFIX_MAXMEM] = "no managed target above its maxmem at any "
	    "crash point",
	[KS_POLICY] = "every acknowledged admin policy reloads identical "
	    "after each restart (reborn domids get their own)",
	[KS_RESV] = "every acknowledged reservation reloads after each "
	    "restart",
	[KS_SAVE] = "a kill inside a save loses nothing acknowledged, "
	    "brings back nothing released: old state or new, whole",
	[KS_PLAN] = "every plan after a restart passes planner_check",
	[KS_BOUNDS] = "no managed target outside [min, min(max, static "
	    "max)] one round after a restart",
};

struct ks_result {
	uint64_t	failed, checked, first_seed;
	char		why[200];
};

/* The admin's view: what the daemon said it had saved. */
struct ks_policy {
	uint8_t		uuid[PLAN_UUID_LEN];
	struct policy	pol;
};

struct ks_run {
	struct sim_host		h;
	struct sim_xb		x;
	struct store		*store;
	char			dir[64];
	struct ks_policy	acked[SIM_MAX_GUESTS];
	uint8_t			uuid_seen[SIM_MAX_GUESTS][PLAN_UUID_LEN];
	/* Targets as the round began: a grower may be there by now. */
	uint64_t		t0[SIM_MAX_GUESTS];
	uint64_t		save_calls;	/* file calls of one save */
	uint64_t		seed;
};

static struct ks_result	ks_res[KS_N];
static uint64_t		ks_kills, ks_prefixes, ks_rounds, ks_restarts;
static uint64_t		ks_save_kills, ks_save_landed;

static void __attribute__((format(printf, 3, 4)))
ks_fail(enum ks_check c, uint64_t seed, const char *fmt, ...)
{
	struct ks_result *r = &ks_res[c];
	va_list ap;

	if (r->failed++ == 0) {
		r->first_seed = seed;
		va_start(ap, fmt);
		vsnprintf(r->why, sizeof(r->why), fmt, ap);
		va_end(ap);
	}
}

/* ---- kills inside store_save() ----------------------------------------- */

int	__real_open(const char *, int, ...);
ssize_t	__real_write(int, const void *, size_t);
int	__real_fsync(int);
int	__real_close(int);
int	__real_rename(const char *, const char *);
int	__wrap_open(const char *, int, ...);
ssize_t	__wrap_write(int, const void *, size_t);
int	__wrap_fsync(int);
int	__wrap_close(int);
int	__wrap_rename(const char *, const char *);

static uint64_t	ks_io_calls;		/* file calls made */
static int64_t	ks_io_kill = -1;	/* calls left; -1: no kill */
static uint64_t	ks_io_cut;		/* how much of a write lands */
static int	ks_io_report = -1;	/* the child tells: rename done */

/* Before each file call: the process dies here if this is the one. */
static void
ks_io_enter(void)
{
	ks_io_calls++;
	if (ks_io_kill >= 0 && ks_io_kill-- == 0)
		_exit(0);
}

int
__wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	ks_io_enter();
	return __real_open(path, flags, mode);
}

ssize_t
__wrap_write(int fd, const void *buf, size_t len)
{
	if (ks_io_kill == 0 && len > 1) {
		/* Killed part way through: some of the bytes land. */
		(void)__real_write(fd, buf, ks_io_cut % len);
		_exit(0);
	}
	ks_io_enter();
	return __real_write(fd, buf, len);
}

int
__wrap_fsync(int fd)
{
	ks_io_enter();
	return __real_fsync(fd);
}

int
__wrap_close(int fd)
{
	ks_io_enter();
	return __real_close(fd);
}

int
__wrap_rename(const char *from, const char *to)
{
	int rc;

	ks_io_enter();
	rc = __real_rename(from, to);
	if (rc == 0 && ks_io_report != -1)
		(void)__real_write(ks_io_report, "r", 1);
	return rc;
}

/*
 * Save the store in a child killed before file call k of the save (k
 * from 0, before anything, to all of them: killed after the save, before
 * the reply).  1: the new file took the old one's place (the rename was
 * made), 0: it did not, -1: no child.
 */
static int
ks_save_killed(struct ks_run *r)
{
	int64_t k = (int64_t)(sim_rand(&r->h) % (r->save_calls + 1));
	uint64_t cut = sim_rand(&r->h);
	int fds[2], status, landed = 0;
	pid_t pid;
	char c;

	fflush(NULL);
	if (pipe(fds) == -1 || (pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		__real_close(fds[0]);
		ks_io_report = fds[1];
		ks_io_cut = cut;
		ks_io_kill = k;
		store_save(r->store);
		_exit(0);
	}
	__real_close(fds[1]);
	while (read(fds[0], &c, 1) == 1)
		landed = 1;
	__real_close(fds[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	ks_save_kills++;
	ks_save_landed += (uint64_t)landed;
	return landed;
}

/* A save as the daemon makes it, learning how many file calls it takes. */
static int
ks_save(struct ks_run *r)
{
	uint64_t before = ks_io_calls;
	int rc = store_save(r->store);

	if (rc == 0)
		r->save_calls = ks_io_calls - before;
	return rc;
}

static void
ks_policy_of(const struct sim_guest *g, struct policy *p)
{
	p->min_kib = g->min;
	p->max_kib = g->max;
	p->pin_kib = g->pin;
	p->weight = g->weight;
}

static void
ks_random_policy(struct sim_host *h, struct sim_guest *g)
{
	g->min = sim_rand_range(h, 0, g->static_max / 2);
	g->max = sim_rand(h) % 4 == 0 ?
	    sim_rand_range(h, g->min, g->static_max) : g->static_max;
	g->weight = (uint32_t)sim_rand_range(h, 1, 400);
	g->pin = sim_rand(h) % 6 == 0 ?
	    sim_rand_range(h, g->min, g->max) : PLAN_NONE;
}

/* An admin sets a policy: the daemon persists it, then acknowledges. */
static int
ks_admin_set(struct ks_run *r, size_t i)
{
	struct sim_guest *g = &r->h.g[i];
	struct policy p;

	ks_policy_of(g, &p);
	if (store_put(r->store, g->uuid, NULL, false, &p) != 0 ||
	    ks_save(r) != 0)
		return -1;
	memcpy(r->acked[i].uuid, g->uuid, PLAN_UUID_LEN);
	r->acked[i].pol = p;
	return 0;
}

static int
ks_persist_resv(struct ks_run *r)
{
	struct store_res sr[SIM_MAX_RES];

	for (size_t k = 0; k < r->h.n_res; k++) {
		memset(&sr[k], 0, sizeof(sr[k]));
		sr[k].id = r->h.res[k].id;
		sr[k].size_kib = r->h.res[k].size_kib;
		sr[k].deadline_rt_ms = r->h.res[k].deadline_ms;
		sr[k].expire_rt_ms = UINT64_MAX / 2;
	}
	if (store_set_reservations(r->store, sr, r->h.n_res) != 0)
		return -1;
	return ks_save(r);
}

static void
ks_gen(struct ks_run *r)
{
	struct sim_host *h = &r->h;
	size_t n;

	sim_init(h, 0, 0, r->seed);
	h->total = sim_rand_range(h, 2 * SIM_GIB, 32 * SIM_GIB);
	h->overhead = sim_rand_range(h, 0, 128 * SIM_MIB);
	sim_xb_init(&r->x);
	if (sim_rand(h) % 2)
		r->x.cfg.slack_kib = sim_rand_range(h, 0, 256 * SIM_MIB);
	n = sim_rand_range(h, 2, 24);
	for (size_t i = 0; i < n; i++) {
		static const enum sim_driver drv[] = {
			SIM_DRV_IDEAL, SIM_DRV_IDEAL, SIM_DRV_SLOW,
			SIM_DRV_SLOW, SIM_DRV_FLOOR, SIM_DRV_STUCK,
			SIM_DRV_FLAKY, SIM_DRV_LINUX,
		};
		static const enum sim_hints hints[] = {
			SIM_HINTS_HONEST, SIM_HINTS_HONEST, SIM_HINTS_NONE,
			SIM_HINTS_LIAR, SIM_HINTS_GARBAGE, SIM_HINTS_STALE,
		};
		struct sim_guest g;

		memset(&g, 0, sizeof(g));
		g.domid = (uint32_t)(i + 1);
		g.managed = sim_rand(h) % 8 != 0;
		g.static_max = sim_rand_range(h, 256 * SIM_MIB, 4 * SIM_GIB);
		ks_random_policy(h, &g);
		g.initial = sim_rand_range(h, g.min, g.static_max);
		g.drv = drv[sim_rand(h) % (sizeof(drv) / sizeof(drv[0]))];
		g.speed_kibps = sim_rand_range(h, 8 * SIM_MIB, 512 * SIM_MIB);
		g.floor = sim_rand_range(h, 0, g.static_max);
		g.ceiling = g.static_max;
		g.hints_kind = hints[sim_rand(h) % (sizeof(hints) /
		    sizeof(hints[0]))];
		g.trace = (enum sim_trace)(sim_rand(h) % SIM_TR_N);
		g.base = sim_rand_range(h, 64 * SIM_MIB, g.static_max);
		g.amp = sim_rand_range(h, 0, g.static_max / 2);
		g.period_ms = sim_rand_range(h, 5000, 60000);
		if (sim_rand(h) % 6 == 0) {
			/* Dies, and a new domain takes its domid. */
			g.die_ms = sim_rand_range(h, 2000, 30000);
			g.reborn_ms = g.die_ms + sim_rand_range(h, 0, 5000);
		}
		sim_add(h, &g);
	}
	if (sim_rand(h) % 3 == 0) {
		h->n_res = sim_rand_range(h, 1, 2);
		for (size_t k = 0; k < h->n_res; k++) {
			h->res[k].id = k + 1;
			h->res[k].size_kib = sim_rand_range(h, 16 * SIM_MIB,
			    KS_RES_SIZE_MAX);
			h->res[k].deadline_ms = sim_rand(h) % 2 ?
			    sim_rand_range(h, 5000, 40000) : 0;
		}
	}
}

/*
 * What the hypervisor lets the live domains hold once a prefix of a
 * round's actions is applied, whatever the guests do next.  A managed
 * domain may grow to its maxmem (the hypervisor's limit; its driver heads
 * for its target) and keeps what it held or was heading for as the round
 * began (t0: a grower may have reached its old target by now): a cut
 * frees nothing until a later snapshot shows the guest shrank.  So a
 * raise is safe only out of memory that was free, and a maxmem raised
 * before the others' are lowered shows as an overcommit.  An unmanaged
 * domain counts at max(actual, target), as the planner counts it.
 */
static uint64_t
ks_claims(const struct ks_run *r)
{
	const struct sim_host *h = &r->h;
	uint64_t sum = sim_xb_reserved(h) + h->overhead;

	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		uint64_t c = g->actual > g->target ? g->actual : g->target;

		if (!g->alive)
			continue;
		if (g->managed) {
			c = c > r->t0[i] ? c : r->t0[i];
			c = c > g->maxmem ? c : g->maxmem;
		}
		sum += c;
	}
	return sum;
}

static int
ks_overcommitted(const struct ks_run *r)
{
	return ks_claims(r) > r->h.total;
}

/* New guests (first round, or a domid reused): the admin sets policy. */
static void
ks_admin_new_domains(struct ks_run *r)
{
	for (size_t i = 0; i < r->h.n; i++) {
		struct sim_guest *g = &r->h.g[i];

		if (!g->alive || memcmp(r->uuid_seen[i], g->uuid,
		    PLAN_UUID_LEN) == 0)
			continue;
		if (memcmp(r->uuid_seen[i], (uint8_t[PLAN_UUID_LEN]){ 0 },
		    PLAN_UUID_LEN) != 0)
			ks_random_policy(&r->h, g);	/* a different domain */
		memcpy(r->uuid_seen[i], g->uuid, PLAN_UUID_LEN);
		if (ks_admin_set(r, i) != 0)
			ks_fail(KS_POLICY, r->seed, "store_save failed");
	}
}

/*
 * One round, killed after k of its actions (k = SIZE_MAX: not killed).
 * The plan is computed on a copy of the host, so the actions can be
 * applied one at a time to the real one and every prefix checked.
 */
static int
ks_round(struct ks_run *r, size_t kill_at)
{
	static struct sim_host copy;
	struct sim_host *h = &r->h;
	int was_ok, rc;

	for (size_t i = 0; i < h->n; i++)
		r->t0[i] = h->g[i].target;
	was_ok = !ks_overcommitted(r);
	copy = *h;
	rc = sim_xb_round(&r->x, &copy);
	ks_rounds++;
	ks_res[KS_PLAN].checked++;
	if (rc != 0) {
		ks_fail(KS_PLAN, r->seed, "%s", r->x.why);
		return -1;
	}
	for (size_t k = 0; k < r->x.out.n_actions && k < kill_at; k++) {
		const struct plan_action *a = &r->x.act[k];
		size_t gi = r->x.map[a->index];
		struct sim_guest *g = &h->g[gi];

		if (a->kind == PLAN_ACT_TARGET)
			sim_set_target(h, gi, a->value_kib);
		else
			sim_set_maxmem(h, gi, a->value_kib);
		ks_prefixes++;
		ks_res[KS_PREFIX_COMMIT].checked++;
		if (was_ok && ks_overcommitted(r))
			ks_fail(KS_PREFIX_COMMIT, r->seed, "round at %" PRIu64
			    " ms, after action %zu of %zu: the hypervisor "
			    "allows %" PRIu64 " KiB of %" PRIu64, h->now_ms,
			    k + 1, r->x.out.n_actions, ks_claims(r), h->total);
		if (g->managed) {
			ks_res[KS_PREFIX_MAXMEM].checked++;
			if (g->target > g->maxmem)
				ks_fail(KS_PREFIX_MAXMEM, r->seed, "dom %u "
				    "target %" PRIu64 " > maxmem %" PRIu64
				    " after action %zu", g->domid, g->target,
				    g->maxmem, k + 1);
		}
	}
	if (kill_at != SIZE_MAX)
		return 0;
	/* Completed: the daemon takes the history and reservation states. */
	sim_xb_take_decisions(&r->x, h);
	for (size_t k = 0; k < r->x.in.n_reservations; k++)
		h->res_state[r->x.rmap[k]] = (int)r->x.rres[k].status;
	return 0;
}

static int
ks_policy_equal(const struct policy *a, const struct policy *b)
{
	return a->min_kib == b->min_kib && a->max_kib == b->max_kib &&
	    a->pin_kib == b->pin_kib && a->weight == b->weight;
}

/*
 * The daemon starts again: no history, policy from the file.  What it
 * reloads is charged to check pc (policies) and rc (reservations).
 */
static void
ks_restart(struct ks_run *r, enum ks_check pc, enum ks_check rc)
{
	struct store_res sr[PLAN_MAX_RESERVATIONS];
	char err[256];
	size_t n;

	ks_restarts++;
	store_free(r->store);
	r->store = store_open(r->dir, err, sizeof(err));
	if (r->store == NULL) {
		ks_fail(pc, r->seed, "store_open: %s", err);
		return;
	}
	for (size_t i = 0; i < r->h.n; i++) {
		struct sim_guest *g = &r->h.g[i];
		struct policy p;

		memset(&g->memo, 0, sizeof(g->memo));
		g->flagged_stuck = 0;
		if (!g->alive)
			continue;
		store_lookup(r->store, g->uuid, NULL, &p);
		ks_res[pc].checked++;
		if (memcmp(r->acked[i].uuid, g->uuid, PLAN_UUID_LEN) != 0) {
			struct policy none;

			/* Born (on a reused domid) while the daemon was
			 * down: nobody set its policy yet, and the dead
			 * domain's must not apply. */
			policy_clear(&none);
			if (!ks_policy_equal(&p, &none))
				ks_fail(pc, r->seed, "dom %u: a new "
				    "domain inherited a policy", g->domid);
			continue;
		}
		if (!ks_policy_equal(&p, &r->acked[i].pol)) {
			ks_fail(pc, r->seed, "dom %u: policy after "
			    "restart (min %" PRIu64 " max %" PRIu64 " pin %"
			    PRIu64 " weight %u) differs from the acknowledged "
			    "one (%" PRIu64 " %" PRIu64 " %" PRIu64 " %u)",
			    g->domid, p.min_kib, p.max_kib, p.pin_kib,
			    p.weight, r->acked[i].pol.min_kib,
			    r->acked[i].pol.max_kib, r->acked[i].pol.pin_kib,
			    r->acked[i].pol.weight);
			continue;
		}
		g->min = p.min_kib;
		g->max = p.max_kib;
		g->pin = p.pin_kib;
		g->weight = p.weight;
	}
	n = store_get_reservations(r->store, sr, PLAN_MAX_RESERVATIONS);
	ks_res[rc].checked++;
	if (n != r->h.n_res) {
		ks_fail(rc, r->seed, "%zu reservations after restart, "
		    "%zu acknowledged", n, r->h.n_res);
		return;
	}
	for (size_t k = 0; k < n; k++)
		if (sr[k].id != r->h.res[k].id ||
		    sr[k].size_kib != r->h.res[k].size_kib)
			ks_fail(rc, r->seed, "reservation %zu changed", k);
}

/*
 * An admin changes something -- a domain's policy, or releases the last
 * reservation -- and the daemon is killed inside the save, before the
 * reply.  The restart must find the state before the change if the new
 * file did not take the old one's place, the state after it if it did.
 */
static void
ks_kill_in_save(struct ks_run *r)
{
	struct sim_host *h = &r->h;
	struct store_res sr[SIM_MAX_RES];
	size_t i = sim_rand(h) % h->n;
	struct sim_guest *g = &h->g[i];
	int release = h->n_res > 0 && sim_rand(h) % 3 == 0, landed;
	struct policy p;

	if (r->store == NULL || (!release && (!g->alive ||
	    memcmp(r->acked[i].uuid, g->uuid, PLAN_UUID_LEN) != 0)))
		return;		/* nobody the admin knows: no change */
	ks_kills++;
	if (release) {
		for (size_t k = 0; k + 1 < h->n_res; k++) {
			memset(&sr[k], 0, sizeof(sr[k]));
			sr[k].id = h->res[k].id;
			sr[k].size_kib = h->res[k].size_kib;
			sr[k].deadline_rt_ms = h->res[k].deadline_ms;
			sr[k].expire_rt_ms = UINT64_MAX / 2;
		}
		if (store_set_reservations(r->store, sr, h->n_res - 1) != 0)
			ks_fail(KS_SAVE, r->seed, "store_set_reservations");
	} else {
		ks_random_policy(h, g);
		ks_policy_of(g, &p);
		if (store_put(r->store, g->uuid, NULL, false, &p) != 0)
			ks_fail(KS_SAVE, r->seed, "store_put");
	}
	if ((landed = ks_save_killed(r)) < 0) {
		ks_fail(KS_SAVE, r->seed, "fork: %s", strerror(errno));
		return;
	}
	if (landed && release)
		h->res_state[--h->n_res] = -1;
	else if (landed)
		r->acked[i].pol = p;
	ks_restart(r, KS_SAVE, KS_SAVE);
}

static void
ks_check_bounds(struct ks_run *r)
{
	const struct sim_host *h = &r->h;

	for (size_t i = 0; i < h->n; i++) {
		const struct sim_guest *g = &h->g[i];
		uint64_t hi, lo;

		if (!g->alive || !g->managed)
			continue;
		hi = g->max < g->static_max ? g->max : g->static_max;
		if (hi > h->total)
			hi = h->total;
		lo = g->min < hi ? g->min : hi;
		ks_res[KS_BOUNDS].checked++;
		if (g->target > hi)
			ks_fail(KS_BOUNDS, r->seed, "dom %u target %" PRIu64
			    " above %" PRIu64, g->domid, g->target, hi);
		else if (g->target < lo && g->target < g->actual)
			ks_fail(KS_BOUNDS, r->seed, "dom %u target %" PRIu64
			    " below min %" PRIu64 " and below what it holds",
			    g->domid, g->target, lo);
	}
}

static void
ks_seed(uint64_t seed)
{
	static struct ks_run r;
	unsigned int kill_round[KS_KILLS];
	int in_save[KS_KILLS];
	int after_restart = 0;
	char err[256];

	memset(&r, 0, sizeof(r));
	r.seed = seed;
	snprintf(r.dir, sizeof(r.dir), "%s/xb-killsim.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(r.dir) == NULL ||
	    (r.store = store_open(r.dir, err, sizeof(err))) == NULL) {
		ks_fail(KS_POLICY, seed, "cannot set up a store");
		return;
	}
	ks_gen(&r);
	if (ks_persist_resv(&r) != 0)
		ks_fail(KS_RESV, seed, "store_save failed");
	for (unsigned int k = 0; k < KS_KILLS; k++) {
		kill_round[k] = (unsigned int)sim_rand_range(&r.h, 1,
		    KS_ROUNDS - 2);
		in_save[k] = k < KS_SAVE_KILLS && sim_rand(&r.h) % 2;
	}
	for (unsigned int round = 0; round < KS_ROUNDS; round++) {
		size_t kill_at = SIZE_MAX;

		if (r.store == NULL)
			break;	/* the file did not load */
		ks_admin_new_domains(&r);
		for (unsigned int k = 0; k < KS_KILLS; k++) {
			if (kill_round[k] != round)
				continue;
			if (!in_save[k]) {
				kill_at = (size_t)sim_rand(&r.h);
				continue;
			}
			ks_kill_in_save(&r);
			after_restart = 1;
		}
		if (kill_at != SIZE_MAX) {
			/* Anywhere from before the first write to after
			 * the last one. */
			kill_at %= 2 * SIM_MAX_GUESTS + 2;
			ks_kills++;
		}
		if (r.store == NULL || ks_round(&r, kill_at) != 0)
			break;
		if (after_restart) {
			ks_check_bounds(&r);
			after_restart = 0;
		}
		/* Down for a second (or a normal second between rounds):
		 * guests keep moving. */
		for (unsigned int t = 0; t < 10; t++)
			sim_tick(&r.h);
		if (kill_at != SIZE_MAX) {
			ks_restart(&r, KS_POLICY, KS_RESV);
			after_restart = 1;
		}
	}
	store_free(r.store);
	/* A save killed before its rename leaves its temporary file. */
	unlink(strcat(r.dir, "/" STORE_FILE ".tmp"));
	*strrchr(r.dir, '.') = '\0';
	unlink(r.dir);
	*strrchr(r.dir, '/') = '\0';
	rmdir(r.dir);
}

int
main(int argc, char **argv)
{
	uint64_t first = 1, count = 1000;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
			count = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--first") == 0 && i + 1 < argc)
			first = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			first = strtoull(argv[++i], NULL, 10);
			count = 1;
		} else {
			fprintf(stderr, "usage: kill-sim [--count N] "
			    "[--first N] [--seed N]\n");
			return 2;
		}
	}
	log_init("kill-sim", LOG_TARGET_STDERR);
	for (uint64_t s = first; s < first + count; s++)
		ks_seed(s);
	printf("1..%d\n", KS_N);
	printf("# seeds %" PRIu64 "-%" PRIu64 ": %" PRIu64 " kills (%" PRIu64
	    " inside a save, %" PRIu64 " after its rename), %" PRIu64
	    " restarts, %" PRIu64 " rounds, %" PRIu64 " crash points "
	    "checked\n", first, first + count - 1, ks_kills, ks_save_kills,
	    ks_save_landed, ks_restarts, ks_rounds, ks_prefixes);
	for (int c = 0; c < KS_N; c++) {
		const struct ks_result *r = &ks_res[c];

		if (r->checked == 0) {
			printf("not ok %d - %s # nothing was checked\n", c + 1,
			    ks_name[c]);
			continue;
		}
		printf("%sok %d - %s (%" PRIu64 " checks)\n",
		    r->failed ? "not " : "", c + 1, ks_name[c], r->checked);
		if (r->failed)
			printf("# %" PRIu64 " failures; first: seed %" PRIu64
			    ": %s\n", r->failed, r->first_seed, r->why);
	}
	for (int c = 0; c < KS_N; c++)
		if (ks_res[c].failed || ks_res[c].checked == 0)
			return 1;
	return 0;
}
