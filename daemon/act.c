/*
 * act.c - apply the planner's actions, in the order it gives them: target
 * decreases, maxmem decreases, maxmem increases, target increases.  So
 * memory is asked back before any is handed out, and a guest can never
 * take more than it was granted (maxmem goes up before its target and
 * comes down after it).  The first failure stops the sequence: what was
 * not applied is planned again next round, from fresh facts.
 *
 * memory/target is written as libxl_set_memory_target() writes it: the
 * domain's allocation minus its video RAM, in KiB.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "xbd.h"
#include "xs.h"

/*
 * Why a target moves, for the admin reading the log: the demand the
 * planner saw (and how fast it was rising) and its one-line reason.
 */
static void
act_why(const struct plan_decision *dec, char *buf, size_t len)
{
	if (dec->demand_kib == PLAN_NONE && dec->why == PLAN_WHY_NO_HINTS)
		snprintf(buf, len, "%s", dec->reason);
	else if (dec->demand_kib == PLAN_NONE)
		snprintf(buf, len, "no usable hints; %s", dec->reason);
	else
		snprintf(buf, len, "demand %llu KiB, rising %llu KiB/s; %s",
		    (unsigned long long)dec->demand_kib,
		    (unsigned long long)dec->hist.rise_kibps, dec->reason);
}

/* A change written, for xenballoonctl history. */
static void
act_record(struct dom *dom, uint64_t old_kib, uint64_t kib,
    enum history_cause cause, const struct plan_decision *dec)
{
	struct history_entry e = {
		.time_s = (int64_t)time(NULL),
		.old_kib = old_kib,
		.new_kib = kib,
		.cause = (uint8_t)cause,
		.why = dec != NULL ? (uint8_t)dec->why : 0,
		.pressure = dec != NULL && dec->pressure,
	};

	history_add(&dom->changes, &e);
}

static int
act_write_target(struct xbd *d, struct dom *dom, uint64_t kib,
    enum history_cause cause, const struct plan_decision *dec)
{
	uint64_t old = dom->have_target ? dom->target_kib : PLAN_NONE;
	char path[64];
	uint64_t v = kib > dom->videoram_kib ? kib - dom->videoram_kib : 0;
	int r;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", dom->domid,
	    xskey(XSK_MEM_TARGET)->path);
	r = xsc_printf(d->xs, XBT_NULL, path, "%llu", (unsigned long long)v);
	if (r < 0) {
		log_msg(LOG_WARNING, LOGC_XENSTORE, "act_write_target: "
		    "domain %u: %s: %s", dom->domid, path, strerror(-r));
		return r;
	}
	dom->target_kib = kib;
	dom->have_target = true;
	if (old != kib)
		act_record(dom, old, kib, cause, dec);
	return 0;
}

static int
act_target(struct xbd *d, struct dom *dom, uint64_t kib,
    const struct plan_decision *dec)
{
	uint64_t old = dom->target_kib;
	char why[160];
	int r;

	if ((r = act_write_target(d, dom, kib, HISTORY_PLAN, dec)) < 0)
		return r;
	act_why(dec, why, sizeof(why));
	log_info(LOGC_POLICY, "domain %u (%s): target %llu -> %llu KiB (%s)",
	    dom->domid, dom->name, (unsigned long long)old,
	    (unsigned long long)kib, why);
	return 0;
}

static int
act_maxmem(struct xbd *d, struct dom *dom, uint64_t kib)
{
	int r = hv_set_maxmem(d->hv, dom->domid, kib);

	if (r < 0) {
		log_msg(LOG_WARNING, LOGC_HV, "act_maxmem: domain %u: %llu "
		    "KiB: %s", dom->domid, (unsigned long long)kib,
		    strerror(-r));
		return r;
	}
	dom->hv.max_kib = kib;
	return 0;
}

/*
 * The decision is kick_decide()'s, from the hypervisor's figures; here
 * only the writes.  The lowered target is written as any other and read
 * back as such; the next round puts it back.
 */
bool
act_kick(struct xbd *d, struct dom *dom, uint64_t now_ms)
{
	const struct dom_balloon *b = &dom->balloon;
	struct kick_state *st = &dom->kick;
	struct kick_input in = {
		.now_ms = now_ms,
		.running = dom->managed && dom->have_target &&
		    dom->hv.state == HV_DOM_RUNNING,
		.target_kib = dom->target_kib,
		.tot_kib = dom->hv.tot_kib,
		.host_free_kib = d->host.free_kib,
		.have_driver = b->present,
		.drv_current_kib = b->current_kib,
		.drv_target_kib = b->target_kib,
	};
	const char *why;

	switch (kick_decide(&d->kcfg, &in, st, &why)) {
	case KICK_NONE:
		return false;
	case KICK_LOWER:
		log_info(LOGC_BALLOON, "domain %u (%s): holds %llu of %llu KiB "
		    "(kick %u): target one page lower, then back",
		    dom->domid, dom->name,
		    (unsigned long long)dom->hv.tot_kib,
		    (unsigned long long)st->target_kib, st->futile);
		if (act_write_target(d, dom, st->target_kib - KICK_PAGE_KIB,
		    HISTORY_KICK, NULL) < 0)
			st->lowered = false;
		return st->lowered;
	case KICK_RESTORE:
		/* Failed: due again next round. */
		st->lowered = act_write_target(d, dom, st->target_kib,
		    HISTORY_KICK_BACK, NULL) < 0;
		return st->lowered;
	}
	return false;
}

size_t
act_apply(struct xbd *d, struct dom **byindex, const struct plan_output *out)
{
	size_t i;

	for (i = 0; i < out->n_actions; i++) {
		const struct plan_action *a = &out->actions[i];
		struct dom *dom = byindex[a->index];
		int r;

		if (a->kind == PLAN_ACT_TARGET)
			r = act_target(d, dom, a->value_kib,
			    &out->decisions[a->index]);
		else
			r = act_maxmem(d, dom, a->value_kib);
		if (r < 0) {
			log_warnx("act_apply: stopped after %zu of %zu actions; "
			    "re-planning", i, out->n_actions);
			break;
		}
	}
	return i;
}
