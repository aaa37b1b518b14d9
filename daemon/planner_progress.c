/*
 * planner_progress.c - is a domain moving toward its target?
 *
 * Progress is memory moved toward the target over a window, compared
 * with what an honest balloon driver moves in that time.  squeezed
 * counts any page in 5 s as progress and clears its verdict as soon as
 * a guest moves again, so a guest can trickle or alternate 19 s stuck /
 * 1 s active and keep memory promised to it.  Here a stuck verdict holds
 * the domain where it is for a probation that doubles with each strike,
 * and strikes are forgiven only slowly.
 */
#include "config.h"

#include <string.h>

#include "planner_int.h"

static void
progress_fresh(const struct plan_domain *dom, struct plan_history *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->uuid, dom->uuid, PLAN_UUID_LEN);
	h->valid = 1;
	h->last_actual_kib = dom->actual_kib;
	h->demand_kib = PLAN_NONE;
}

/* -1 above its target, +1 below, 0 within tolerance. */
static int
progress_dir(const struct plan_config *cfg, const struct plan_domain *dom)
{
	if (dom->actual_kib > plan_sat_add(dom->target_kib, cfg->tolerance_kib))
		return -1;
	if (plan_sat_add(dom->actual_kib, cfg->tolerance_kib) < dom->target_kib)
		return 1;
	return 0;
}

static uint64_t
progress_gap(const struct plan_domain *dom)
{
	if (dom->actual_kib > dom->target_kib)
		return dom->actual_kib - dom->target_kib;
	return dom->target_kib - dom->actual_kib;
}

/* What an honest driver moves in ms milliseconds, at the slowest. */
static uint64_t
progress_due(const struct plan_config *cfg, uint64_t ms)
{
	return cfg->progress_min_kibps / 1000 * ms +
	    cfg->progress_min_kibps % 1000 * ms / 1000;
}

static void
progress_open(struct plan_history *h, uint64_t now, int dir, uint64_t gap)
{
	h->win_start_ms = now;
	h->win_dir = dir;
	h->win_gap_kib = gap;
	h->win_moved_kib = 0;
}

static void
progress_strike(const struct plan_config *cfg, uint64_t now,
    struct plan_history *h, int dir)
{
	uint64_t probe = cfg->stuck_probe_ms;

	h->strikes++;
	for (uint32_t i = 1; i < h->strikes && probe < cfg->stuck_probe_max_ms;
	    i++)
		probe *= 2;
	probe = plan_min(probe, cfg->stuck_probe_max_ms);
	h->stuck_dir = dir;
	if (h->stuck_since_ms == 0)
		h->stuck_since_ms = now ? now : 1;
	h->strike_ms = now;
	h->probe_at_ms = plan_sat_add(now, probe);
	h->win_start_ms = 0;
}

/* Judge a window that has run its length. */
static void
progress_judge(const struct plan_config *cfg, uint64_t now,
    struct plan_history *h, uint64_t gap)
{
	uint64_t ran = now - h->win_start_ms;
	uint64_t want;

	want = plan_min(h->win_gap_kib, progress_due(cfg, ran));
	if (h->win_moved_kib < want) {
		progress_strike(cfg, now, h, h->win_dir);
		return;
	}
	progress_open(h, now, h->win_dir, gap);
}

void
planner_progress(const struct plan_config *cfg, uint64_t now,
    const struct plan_domain *dom, int roomy, struct plan_decision *dec)
{
	struct plan_history *h = &dec->hist;
	uint64_t moved, gap = progress_gap(dom);
	int dir = progress_dir(cfg, dom);

	*h = dom->hist;
	if (!h->valid || memcmp(h->uuid, dom->uuid, PLAN_UUID_LEN) != 0)
		progress_fresh(dom, h);
	/* A clock that goes back must not age anything. */
	if (now < h->seen_ms)
		now = h->seen_ms;

	if (dir < 0)
		moved = plan_sat_sub(h->last_actual_kib, dom->actual_kib);
	else
		moved = plan_sat_sub(dom->actual_kib, h->last_actual_kib);
	h->moved_total_kib = plan_sat_add(h->moved_total_kib,
	    h->last_actual_kib > dom->actual_kib ?
	    h->last_actual_kib - dom->actual_kib :
	    dom->actual_kib - h->last_actual_kib);
	/*
	 * Speed of growth, from rounds that began and ended below the
	 * target (so the driver was growing all along).  A slow sample
	 * lowers the figure by a quarter at most, and only if the driver
	 * had more to do than it did: memory free for it to take, and a gap
	 * to its target of more than twice what it moved.  Growing into
	 * what others give back as they shrink says how fast they shrink; a
	 * target raised step by step and seen a round late (the snapshot
	 * lag) says how fast the planner raised it.  Counted, a fast guest
	 * raised 60 MiB a round was capped at 54 MiB/s, and when its next
	 * burst came took 6 s to get what it could have taken in 2.  The gap
	 * must have been there at both ends of the interval: a target raised
	 * a round ago, seen a round late, is a gap the driver has not had
	 * yet (a short guest's slow start raises it in such jumps).  Such a
	 * sample is the balloon's own pace (grow_limited): a fast guest's
	 * figure is often low only because it was never asked for more.
	 */
	if (h->last_dir > 0 && dir > 0 && now > h->seen_ms) {
		uint64_t kibps = plan_min(moved, UINT64_MAX / 1000) * 1000 /
		    (now - h->seen_ms);
		uint64_t behind = plan_sat_add(plan_sat_add(moved, moved),
		    cfg->tolerance_kib);
		int limited = roomy && gap > behind &&
		    h->last_gap_kib > behind;

		if (limited)
			h->grow_limited = 1;
		if (kibps > h->grow_kibps || limited)
			h->grow_kibps = plan_max(kibps, h->grow_kibps / 4 * 3);
	}
	/*
	 * Speed of giving back, over spans of at least a second above the
	 * target (rounds come 200 ms apart after events, and a balloon
	 * moved twice in one of them read as twice its pace).  A guest
	 * asked for less than it can give in the span is not slow: a span
	 * lowers the figure only if the gap at its end was more than what
	 * it gave, and by a quarter at most.
	 */
	if (dir >= 0 || h->last_dir >= 0 ||
	    dom->actual_kib > h->shrink_kib) {
		h->shrink_ms = now;
		h->shrink_kib = dom->actual_kib;
	} else if (now - h->shrink_ms >= 1000) {
		uint64_t gave = h->shrink_kib - dom->actual_kib;
		uint64_t kibps = plan_min(gave, UINT64_MAX / 1000) * 1000 /
		    (now - h->shrink_ms);

		if (kibps > h->shrink_kibps || gap > gave)
			h->shrink_kibps = plan_max(kibps,
			    h->shrink_kibps / 4 * 3);
		h->shrink_ms = now;
		h->shrink_kib = dom->actual_kib;
	}
	h->last_dir = dir;
	h->last_actual_kib = dom->actual_kib;
	h->last_gap_kib = gap;
	h->seen_ms = now;

	if (h->strikes > 0 && now - h->strike_ms >= cfg->stuck_probe_max_ms) {
		h->strikes--;
		h->strike_ms = now;
	}

	if (h->stuck_dir != 0 && now < h->probe_at_ms)
		goto out;
	if (h->stuck_dir != 0) {
		h->probing = 1;
		h->probe_base_kib = h->moved_total_kib;
	}
	h->stuck_dir = 0;
	/* A guest out of probation is trusted again once it has moved. */
	if (h->probing && h->moved_total_kib - h->probe_base_kib >=
	    PLAN_PROBE_PROOF_KIB)
		h->probing = 0;
	if (dir == 0 || !(dom->flags & PLAN_DOM_MANAGED)) {
		/* Reached (or not ours): the stuck spell is over. */
		h->win_start_ms = 0;
		if (dir == 0)
			h->stuck_since_ms = 0;
		goto out;
	}
	if (h->win_start_ms == 0) {
		progress_open(h, now, dir, gap);
		goto out;
	}
	/*
	 * A target that changes direction does not restart the window:
	 * a guest that moves neither way is stuck whichever way we ask.
	 */
	h->win_dir = dir;
	h->win_moved_kib = plan_sat_add(h->win_moved_kib, moved);
	h->win_gap_kib = plan_max(h->win_gap_kib, gap);
	if (h->win_moved_kib >= progress_due(cfg, cfg->stuck_window_ms)) {
		/*
		 * A full window's worth moved already: the guest has shown
		 * it is moving, so judge it afresh from here.  A guest that
		 * moves a lot and then stops is caught one window after it
		 * stops, not up to two.
		 */
		progress_open(h, now, dir, gap);
	} else if (now - h->win_start_ms >= cfg->stuck_window_ms) {
		progress_judge(cfg, now, h, gap);
	}
out:
	dec->moved_kib = h->win_start_ms ? h->win_moved_kib : 0;
	dec->window_ms = h->win_start_ms ? now - h->win_start_ms : 0;
	dec->strikes = h->strikes;
	dec->stuck_since_ms = h->stuck_dir ? h->stuck_since_ms : 0;
}
