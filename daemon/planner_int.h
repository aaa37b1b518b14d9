/*
 * planner_int.h - what the planner's files share among themselves.
 * Not for the daemon: it uses planner.h only.
 */
#ifndef XB_PLANNER_INT_H
#define XB_PLANNER_INT_H

#include <stdint.h>

#include "planner.h"

/*
 * A domain out of probation is asked for at most this step (or 5 % of
 * what it holds, if more) until it has moved this much.
 */
#define PLAN_PROBE_PROOF_KIB	(64u * 1024)
#define PLAN_PROBE_PCT		5

/*
 * A guest still under pressure after this many reports in a row, having
 * grown by this share of what it held when they began, swallows what it
 * is given (planner_demand.c).
 */
#define PLAN_SWALLOW_REPORTS	3
/*
 * A swallower still under pressure after this many reports and this long,
 * holding its target, swallows for good: a liar or a leak, not a step its
 * balloon is still filling (PLAN_TIER_PEAK_FAIR, planner.c).  The reports
 * alone are not a minute: an agent left little available samples up to
 * twice a second (agent/pace.h), so 16 of them can come within 8 s of a
 * job that really needs what it asks.
 */
#define PLAN_CHRONIC_REPORTS	16
#define PLAN_CHRONIC_MS		60000
#define PLAN_SWALLOW_PCT	50
/*
 * A chronic swallower still pressed this long after its streak began is
 * owed no more than a static split's share before the others' recent
 * peaks (plan_fair(), planner.c).
 */
#define PLAN_CHRONIC_SHARE_MS	120000

/*
 * A report that rises this much above the last (max of the two) came as
 * a step: planner_demand.c.
 */
#define PLAN_STEP_KIB		(128u * 1024)
#define PLAN_STEP_PCT		5
/* Steps closer than this are one burst's, for the time between steps. */
#define PLAN_STEP_APART_MS	10000u
/* Holding less than its demand by more than this, a guest is short. */
#define PLAN_SHORT_KIB		(64u * 1024)
#define PLAN_SHORT_PCT		5
/* MemTotal off the balloon by more than this is behind it. */
#define PLAN_BEHIND_KIB		(64u * 1024)
#define PLAN_BEHIND_PCT		5

/*
 * A recent peak is met when a guest holds it to within this margin: the
 * starvation margin policy-bench counts episodes with, what a guest
 * without swap survives.  An eighth of each peak tier's room is shared
 * by weight first (plan_peaks()).
 */
#define PLAN_PEAK_MARGIN_KIB	(64u * 1024)
#define PLAN_PEAK_MARGIN_PCT	5
#define PLAN_PEAK_EVEN_DIV	8
#define PLAN_PEAK_RANK_RES	1024u	/* MiB*s: ranks this close tie */
#define PLAN_PEAK_BUCKETS	64

/*
 * Surplus is shared toward a common fraction of each guest's range (min
 * to max), per unit of weight; a range under this counts as this much
 * (plan_surplus()).  Ranges are weighed in PLAN_SURPLUS_UNIT_KIB units.
 */
#define PLAN_SURPLUS_RANGE_KIB	(2048u * 1024)
#define PLAN_SURPLUS_UNIT_KIB	(64u * 1024)
/*
 * Before anyone's peak margin, each guest is raised to this share of
 * what a split of the memory above the floors by those same units would
 * give it (PLAN_TIER_SPLIT, planner.c).
 */
#define PLAN_SPLIT_PCT		80
/*
 * A balloon seen to grow slower than this, at its own pace, that has not
 * stepped yet keeps all of that split before anyone's peak
 * (PLAN_TIER_SLOW, planner.c).
 */
#define PLAN_SLOW_GROW_KIBPS	(128u * 1024)
/*
 * What a balloon owes counts for a pending reservation as far as it will
 * have given it within this long at its pace (plan_owed_late(), planner.c).
 */
#define PLAN_RES_SOON_MS	2000u
/*
 * A guest with at least its guard's worth of swap keeps this share of the
 * guard (plan_guard(), planner.c).
 */
#define PLAN_SWAP_GUARD_PCT	50

/* w_flags bits */
#define PLAN_W_MANAGED	(1u << 0)	/* balanced by us this round */
#define PLAN_W_PINNED	(1u << 1)	/* pin honoured */
#define PLAN_W_PINDROP	(1u << 2)	/* pin asked for but dropped */
#define PLAN_W_STUCK	(1u << 3)	/* held where it is */
#define PLAN_W_DEMAND	(1u << 4)	/* demand known from fresh hints */
#define PLAN_W_BANDED	(1u << 5)	/* kept by the dead-band */
#define PLAN_W_STARVED	(1u << 6)	/* demand not fully met */
#define PLAN_W_SWALLOWS	(1u << 7)	/* hist.swallows: served beyond its
					   share after the others' headroom */
#define PLAN_W_ACT_TDOWN (1u << 8)	/* actions this domain needs */
#define PLAN_W_ACT_MDOWN (1u << 9)
#define PLAN_W_ACT_MUP	(1u << 10)
#define PLAN_W_ACT_TUP	(1u << 11)
#define PLAN_W_ACT_ANY	(0xfu << 8)
#define PLAN_W_LONG	(1u << 12)	/* swallows for good, past
					   PLAN_CHRONIC_SHARE_MS */
#define PLAN_W_SLOW	(1u << 13)	/* slow balloon, no step yet */

static inline uint64_t
plan_sat_sub(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

static inline uint64_t
plan_sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static inline uint64_t
plan_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static inline uint64_t
plan_max(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static inline uint64_t
plan_clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* a * pct / 100 without overflow for any a */
static inline uint64_t
plan_pct(uint64_t a, uint32_t pct)
{
	return a / 100 * pct + a % 100 * pct / 100;
}

/* a * pm / 1000 without overflow for any a */
static inline uint64_t
plan_permille(uint64_t a, uint32_t pm)
{
	return a / 1000 * pm + a % 1000 * pm / 1000;
}

/*
 * What is committed to a domain now (planner.h): what it may hold by the
 * time the plan is applied, its actual, or the target it was last given
 * if it is still growing toward it.  The snapshot is a few hundred
 * milliseconds old by then (a round reads every domain, 1,000 of them in
 * the load test), and a driver keeps growing toward its old target until
 * it sees the new one: counted at its actual, a grower whose target was
 * cut had "released" memory it was taking at that moment, and the load
 * test saw 3.9 GiB promised twice.  Memory cut from a grower is handed
 * out once a later snapshot shows it did not take it.
 */
static inline uint64_t
plan_committed_now(const struct plan_domain *dom)
{
	return plan_max(dom->actual_kib, dom->target_kib);
}

/*
 * May the snapshot lag?  A caller that reads free memory before the
 * domains and after them (host_free_before_kib) took time to read them,
 * and a domain's actual may be older than free memory; one that reads
 * it once says its actuals are current.  The two free figures agreeing
 * is no proof that nothing moved: policy-bench (bootstorm, seed 9000)
 * had a domain built from exactly the memory a shrinker released, free
 * the same before and after, and the shrinker raised again at no cost:
 * 36 MiB promised twice.
 */
static inline int
plan_snapshot_may_lag(const struct plan_input *in)
{
	return in->free_before_read || in->host_free_before_kib != 0;
}

/*
 * Where a domain's growth is counted from: what it may hold now, or,
 * when the snapshot may lag, its current target if it is above it (it
 * may have released the difference).  A stuck domain has shown for a
 * window that it holds still.
 */
static inline uint64_t
plan_grow_base_of(const struct plan_input *in, const struct plan_domain *dom,
    int stuck)
{
	if (!stuck && plan_snapshot_may_lag(in) && dom->target_kib != 0 &&
	    dom->actual_kib > dom->target_kib)
		return dom->target_kib;
	return plan_committed_now(dom);
}

/*
 * Weighted water-filling: share up to amount KiB among d[0..n) so that
 * each gets min(w_room, w_weight * L) for the largest L that fits.
 * Adds each share to w_give and returns what was given out.
 */
uint64_t	planner_share(struct plan_decision *d, size_t n, uint64_t amount);

/*
 * Max-min sharing: raise allocations w_base toward a common level
 * w_weight * L, each by at most w_room, for the largest L that fits the
 * amount.  Those already above the level get nothing.  Adds each share
 * to w_give and returns what was given out.
 */
uint64_t	planner_share_level(struct plan_decision *d, size_t n,
		    uint64_t amount);

/*
 * Progress and stuck verdict; fills hist and the progress figures.
 * roomy: the host has memory free beyond what it keeps, so a guest that
 * grew slowly was held back by its driver, not by the others.
 */
void		planner_progress(const struct plan_config *cfg, uint64_t now_ms,
		    const struct plan_domain *dom, int roomy,
		    struct plan_decision *dec);

/*
 * The guard kept above a guest's demand, for a guest of kib: guard_pct %
 * of the floor Hyper-V's balloon driver keeps (planner.c).
 */
uint64_t	planner_guard(const struct plan_config *cfg, uint64_t kib);

/* Demand estimate from the hints; updates dec->hist and dec->demand_kib. */
void		planner_demand(const struct plan_config *cfg, uint64_t now_ms,
		    const struct plan_domain *dom, struct plan_decision *dec);

#endif /* XB_PLANNER_INT_H */
