/*
 * resvtab.c - the daemon's reservations: made and released for control
 * clients, persisted across restarts, expired, following the domains
 * they are for, and taking each round's outcome.  The rules for one
 * reservation are resv.c's (pure); this file keeps the table, logs and
 * saves it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "resv.h"
#include "xbd.h"

#define RESVTAB_OVER_KEEP_MS	60000	/* failed or handed stay visible */

/*
 * Save the open reservations but the one at index skip (SIZE_MAX: none);
 * 0 or a negative errno.  A failure leaves the store as the file is.
 * Saved, the file holds the table as the caller is about to leave it.
 */
static int
resvtab_save_but(struct xbd *d, size_t skip)
{
	struct store_res sr[PLAN_MAX_RESERVATIONS];
	size_t n = 0;
	int r;

	for (size_t i = 0; i < d->nres; i++) {
		const struct resv *rv = &d->res[i];

		if (resv_over(rv) || i == skip)
			continue;
		sr[n] = (struct store_res){
			.id = rv->id, .size_kib = rv->size_kib,
			.deadline_rt_ms = rv->deadline_rt_ms,
			.expire_rt_ms = rv->expire_rt_ms,
			.held = rv->state == RESV_HELD,
			.bound = rv->for_.bound, .domid = rv->for_.domid,
		};
		memcpy(sr[n].for_text, rv->for_text, sizeof(sr[n].for_text));
		memcpy(sr[n].uuid, rv->for_.uuid, sizeof(sr[n].uuid));
		n++;
	}
	if ((r = store_set_reservations(d->store, sr, n)) == 0)
		r = store_save(d->store);
	if (r == 0)
		d->res_unsaved = false;
	return r;
}

/*
 * After a change made in memory (a round's outcome, an expiry, a domain
 * followed, a client gone): saved now or, while saves fail, again each
 * round (xenballoond.c), so that a restart finds what a round decided
 * once the state directory is writable again.  Logged once a spell
 * (store_save() says when it is saved again).
 */
int
resvtab_persist(struct xbd *d)
{
	int r = resvtab_save_but(d, SIZE_MAX);

	if (r < 0 && !d->res_unsaved)
		log_warnx("resvtab_persist: cannot save the reservations: %s "
		    "(trying again each round)", strerror(-r));
	if (r < 0)
		d->res_unsaved = true;
	return r;
}

struct resv *
resvtab_find(struct xbd *d, uint64_t id)
{
	for (size_t i = 0; i < d->nres; i++)
		if (d->res[i].id == id)
			return &d->res[i];
	return NULL;
}

struct resv *
resvtab_reserve(struct xbd *d, uint64_t size_kib, uint64_t timeout_ms,
    const struct resv_for *for_, const char *for_text, uint64_t owner,
    const char **err)
{
	uint64_t now = clock_mono_ms(), rt = clock_real_ms();
	struct resv *r;
	size_t live = 0;
	int rc;

	for (size_t i = 0; i < d->nres; i++)
		live += d->res[i].state != RESV_FAILED;
	if (d->nres == PLAN_MAX_RESERVATIONS) {
		*err = "too many reservations open";
		return NULL;
	}
	r = &d->res[d->nres++];
	memset(r, 0, sizeof(*r));
	/* The store hands out IDs so they stay unique across restarts. */
	r->id = store_next_res_id(d->store);
	for (size_t i = 0; i + 1 < d->nres; i++)
		if (d->res[i].id >= r->id)
			r->id = d->res[i].id + 1;
	r->size_kib = size_kib;
	r->ask_kib = size_kib;
	r->owner = owner;
	if (for_ != NULL) {
		r->for_ = *for_;
		snprintf(r->for_text, sizeof(r->for_text), "%s", for_text);
	}
	r->deadline_ms = now + timeout_ms;
	r->deadline_rt_ms = rt + timeout_ms;
	r->expire_ms = now + timeout_ms + d->cfg.reservation_hold_ms;
	r->expire_rt_ms = rt + timeout_ms + d->cfg.reservation_hold_ms;
	r->state = RESV_PENDING;
	r->reason = "freeing memory";
	/*
	 * A reservation a restart would forget is not promised: the caller
	 * hears why, and nothing is held for it.
	 */
	if ((rc = resvtab_save_but(d, SIZE_MAX)) < 0) {
		log_warnx("resvtab_reserve: cannot save the reservations: %s",
		    strerror(-rc));
		d->nres--;
		*err = "cannot save it to the state directory (see the log)";
		return NULL;
	}
	log_notice(LOGC_POLICY, "reservation %llu: %llu KiB requested%s%s "
	    "(%zu open)", (unsigned long long)r->id,
	    (unsigned long long)size_kib, r->for_.set ? " for " : "",
	    r->for_text, live + 1);
	return r;
}

int
resvtab_release(struct xbd *d, uint64_t id)
{
	int r;

	for (size_t i = 0; i < d->nres; i++) {
		if (d->res[i].id != id)
			continue;
		/* Released only once the file says so, or a restart would
		 * hold the memory again. */
		if ((r = resvtab_save_but(d, i)) < 0) {
			log_warnx("resvtab_release: cannot save the "
			    "reservations: %s", strerror(-r));
			return r;
		}
		log_notice(LOGC_POLICY, "reservation %llu released",
		    (unsigned long long)id);
		d->res[i] = d->res[--d->nres];
		return 0;
	}
	return 1;
}

bool
resvtab_orphan(struct xbd *d, uint64_t owner)
{
	size_t i = 0;
	bool cancelled = false;

	while (owner != 0 && i < d->nres) {
		struct resv *r = &d->res[i];
		uint64_t id = r->id;
		bool pending = r->state == RESV_PENDING;

		if (r->owner != owner) {
			i++;
			continue;
		}
		r->owner = 0;
		if (!pending) {
			i++;
			continue;
		}
		/*
		 * Cancelled whether or not the file can say so now: kept
		 * until it could, it asked the guests for memory nobody was
		 * waiting for.  The last reservation moves to i.
		 */
		log_notice(LOGC_POLICY, "reservation %llu cancelled: its "
		    "client went while it was pending", (unsigned long long)id);
		*r = d->res[--d->nres];
		cancelled = true;
	}
	if (cancelled)
		resvtab_persist(d);
	return cancelled;
}

/* Reservations persisted by a previous run, deadlines on the wall clock. */
void
resvtab_restore(struct xbd *d)
{
	struct store_res sr[PLAN_MAX_RESERVATIONS];
	size_t n = store_get_reservations(d->store, sr, PLAN_MAX_RESERVATIONS);
	uint64_t now = clock_mono_ms(), rt = clock_real_ms();

	for (size_t i = 0; i < n; i++) {
		struct resv *r = &d->res[d->nres];

		if (sr[i].expire_rt_ms <= rt)
			continue;
		memset(r, 0, sizeof(*r));
		r->id = sr[i].id;
		r->size_kib = sr[i].size_kib;
		r->deadline_rt_ms = sr[i].deadline_rt_ms;
		r->expire_rt_ms = sr[i].expire_rt_ms;
		r->deadline_ms = now + (sr[i].deadline_rt_ms > rt ?
		    sr[i].deadline_rt_ms - rt : 0);
		r->expire_ms = now + (sr[i].expire_rt_ms - rt);
		r->state = sr[i].held ? RESV_HELD : RESV_PENDING;
		r->reason = sr[i].held ? "held" : "freeing memory";
		r->ask_kib = r->size_kib;
		if (sr[i].for_text[0] != '\0' && resv_for_parse(sr[i].for_text,
		    &r->for_, NULL, 0) == 0) {
			memcpy(r->for_text, sr[i].for_text,
			    sizeof(r->for_text));
			r->for_.bound = sr[i].bound;
			r->for_.domid = sr[i].domid;
			memcpy(r->for_.uuid, sr[i].uuid, sizeof(r->for_.uuid));
		}
		d->nres++;
		log_info(LOGC_POLICY, "reservation %llu restored (%llu KiB, "
		    "%s)", (unsigned long long)r->id,
		    (unsigned long long)r->size_kib,
		    resv_state_name(r->state));
	}
}

/*
 * Held reservations expire, but not one bound to a domain still starting:
 * a restore or an incoming migration may take longer than any hold.
 * Failed and handed ones are forgotten after a while.
 */
bool
resvtab_expire(struct xbd *d, uint64_t now)
{
	bool changed = false;

	for (size_t i = 0; i < d->nres;) {
		struct resv *r = &d->res[i];
		bool over = resv_over(r);

		if ((over && now >= r->failed_ms + RESVTAB_OVER_KEEP_MS) ||
		    (!over && !r->for_.bound && now >= r->expire_ms)) {
			if (!over)
				log_notice(LOGC_POLICY, "reservation %llu "
				    "expired", (unsigned long long)r->id);
			*r = d->res[--d->nres];
			changed = true;
			continue;
		}
		i++;
	}
	return changed;
}

/* The domain a reservation for a domain waits for or is bound to. */
static struct dom *
resvtab_dom(struct xbd *d, const struct resv *r, struct resv_dom *rd)
{
	for (size_t i = 0; i < d->doms.n; i++) {
		struct dom *dom = d->doms.v[i];

		if (r->for_.bound && dom->domid != r->for_.domid)
			continue;
		*rd = (struct resv_dom){
			.domid = dom->domid, .name = dom->name,
			.starting = dom->hv.state == HV_DOM_STARTING,
			.committed_kib = dom->hv.tot_kib,
		};
		/* As the planner counts a domain it leaves alone. */
		if (dom->have_target && dom->target_kib > rd->committed_kib)
			rd->committed_kib = dom->target_kib;
		memcpy(rd->uuid, dom->uuid, sizeof(rd->uuid));
		if (resv_for_matches(&r->for_, rd))
			return dom;
	}
	return NULL;
}

/*
 * Reservations made for a domain follow it (resv.h): bound when it
 * starts, asking only what it does not hold yet, handed over when it
 * runs.  Returns whether the saved state changed.
 */
bool
resvtab_follow(struct xbd *d, uint64_t now)
{
	bool changed = false;

	for (size_t i = 0; i < d->nres; i++) {
		struct resv *r = &d->res[i];
		struct resv_dom rd;
		struct dom *dom;

		r->ask_kib = r->size_kib;
		if (!r->for_.set || resv_over(r))
			continue;
		dom = resvtab_dom(d, r, &rd);
		switch (resv_follow(&r->for_, dom ? &rd : NULL)) {
		case RESV_STEP_NONE:
			break;
		case RESV_STEP_BOUND:
			log_notice(LOGC_POLICY, "reservation %llu bound to "
			    "domain %u, starting (for %s)",
			    (unsigned long long)r->id, r->for_.domid,
			    r->for_text);
			changed = true;
			break;
		case RESV_STEP_RAN:
			log_notice(LOGC_POLICY, "reservation %llu handed to "
			    "domain %u: it runs (for %s)",
			    (unsigned long long)r->id, r->for_.domid,
			    r->for_text);
			r->state = RESV_HANDED;
			r->reason = "handed to its domain";
			r->failed_ms = now;
			r->owner = 0;
			changed = true;
			continue;
		case RESV_STEP_GONE:
			log_notice(LOGC_POLICY, "reservation %llu: its domain "
			    "went before it ran; held again for %s",
			    (unsigned long long)r->id, r->for_text);
			resv_hold(r, now, clock_real_ms(),
			    d->cfg.reservation_hold_ms);
			changed = true;
			break;
		}
		r->ask_kib = resv_left_kib(r->size_kib, &r->for_,
		    dom ? &rd : NULL);
	}
	return changed;
}

void
resvtab_take(struct xbd *d, const struct plan_output *out, uint64_t now)
{
	bool changed = false;

	for (size_t i = 0; i < d->nres; i++) {
		struct resv *r = &d->res[i];
		const struct plan_res_result *o = &out->reservations[i];

		switch (resv_take(r, o, now)) {
		case RESV_EV_NONE:
			continue;
		case RESV_EV_HELD:
			log_notice(LOGC_POLICY, "reservation %llu held: %llu "
			    "KiB free", (unsigned long long)r->id,
			    (unsigned long long)r->size_kib);
			resv_hold(r, now, clock_real_ms(),
			    d->cfg.reservation_hold_ms);
			break;
		case RESV_EV_FAILED:
			log_notice(LOGC_POLICY, "reservation %llu failed: %s "
			    "(%llu KiB unreachable)", (unsigned long long)r->id,
			    o->reason, (unsigned long long)o->unreachable_kib);
			break;
		}
		changed = true;
	}
	if (changed)
		resvtab_persist(d);
}

bool
resvtab_pending(const struct xbd *d)
{
	for (size_t i = 0; i < d->nres; i++)
		if (d->res[i].state == RESV_PENDING)
			return true;
	return false;
}
