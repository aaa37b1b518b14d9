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

#include "log.h"
#include "xenballoond.h"
#include "xs.h"

/*
 * Why a target moves, for the admin reading the log: the demand the
 * planner saw (and how fast it was rising) and its one-line reason.
 */
static void
act_why(const struct plan_decision *dec, char *buf, size_t len)
{
	if (dec == NULL) {
		snprintf(buf, len, "written again");
		return;
	}
	if (dec->demand_kib == PLAN_NONE)
		snprintf(buf, len, "no usable hints; %s", dec->reason);
	else
		snprintf(buf, len, "demand %llu KiB, rising %llu KiB/s; %s",
		    (unsigned long long)dec->demand_kib,
		    (unsigned long long)dec->hist.rise_kib_s, dec->reason);
}

static int
act_target(struct xbd *d, struct dom *dom, uint64_t kib,
    const struct plan_decision *dec)
{
	char path[64], why[160];
	uint64_t v = kib > dom->videoram_kib ? kib - dom->videoram_kib : 0;
	int r;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", dom->domid,
	    xskey(XSK_MEM_TARGET)->path);
	r = xsc_printf(d->xs, XBT_NULL, path, "%llu", (unsigned long long)v);
	if (r < 0) {
		log_msg(LOG_WARNING, LOGC_XENSTORE, "act_target: domain %u: "
		    "%s: %s", dom->domid, path, strerror(-r));
		return r;
	}
	act_why(dec, why, sizeof(why));
	log_info(LOGC_POLICY, "domain %u (%s): target %llu -> %llu KiB (%s)",
	    dom->domid, dom->name, (unsigned long long)dom->target_kib,
	    (unsigned long long)kib, why);
	dom->target_kib = kib;
	dom->have_target = true;
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

#define ACT_KICK_GAP_MS		3000

/*
 * The patched driver (kernel-patch/) shows its state in sysfs, and the
 * agent publishes it as data/balloon/state: "waiting" after a failed
 * increase, retried on a timer that backs off to 32 s, or "idle" short
 * of its target once it gave up.  Either way a write of memory/target,
 * even of the same value, wakes it at once.  Only a domain the plan
 * wants to move is kicked, at most every few seconds.
 */
void
act_kick(struct xbd *d, struct dom *dom, uint64_t now_ms)
{
	const struct dom_balloon *b = &dom->balloon;
	bool waiting, gave_up;

	if (!dom->managed || !dom->have_dec || !b->present ||
	    !planner_moving(&d->pcfg, &dom->dec))
		return;
	waiting = b->has_state && b->state == XSK_BSTATE_WAITING;
	gave_up = b->has_state && b->state == XSK_BSTATE_IDLE &&
	    b->current_kib != b->target_kib;
	if (!(waiting || gave_up) || now_ms < dom->kick_ms + ACT_KICK_GAP_MS)
		return;
	dom->kick_ms = now_ms;
	dom->kicks++;
	log_info(LOGC_BALLOON, "domain %u (%s): driver %s at %llu of %llu "
	    "KiB: target written again", dom->domid, dom->name,
	    waiting ? "waiting" : "gave up",
	    (unsigned long long)b->current_kib,
	    (unsigned long long)b->target_kib);
	act_target(d, dom, dom->target_kib, NULL);
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
