/*
 * planner.h - the pure memory-balancing core of xenballoond.
 *
 * The daemon takes a snapshot (hypervisor figures, admin settings, guest
 * hints, the history returned by the previous round), calls
 * planner_plan() and applies the actions it returns, in order.  The
 * planner does no I/O, allocates nothing, keeps no globals and reads no
 * clock: the same input always gives the same output, which is what lets
 * tests/sim/ replay thousands of simulated hosts in seconds.
 *
 * Units: memory in KiB (uint64_t), time in milliseconds on the caller's
 * monotonic clock (now_ms), pressure in hundredths of a percent.
 *
 * INVARIANTS.  For every input, planner_plan() returns 0 and an output
 * that planner_check() accepts, or returns a negative errno and no plan.
 * With "granted" = the new maxmem (what the hypervisor will let a managed
 * domain hold: its new target plus cfg.maxmem_extra_kib, less if that
 * extra is not free), "committed" = max(actual, current target, granted)
 * for a managed domain and max(actual, current target) for an unmanaged
 * one:
 *
 *  1. Never overcommit.  sum(committed) + held reservations + slack
 *     <= min(host total, host free + sum(actual)).  The right-hand side
 *     is what exists now, so memory is handed out only when it is free
 *     now: a domain grows only into memory already released by others,
 *     never into memory a shrinking domain has been asked for but still
 *     holds.  A snapshot takes time: free memory read before the
 *     domains (host_free_before_kib) agrees with their actuals, and the
 *     plan is made from it; growth is granted from the smaller of the two
 *     free figures, so memory a guest took or released while the domains
 *     were read is never counted twice.  When free memory was read
 *     twice (the snapshot took time), raising the target of a domain
 *     still above its target costs from its current target, not from
 *     the actual the snapshot saw: it may already have released that
 *     memory (with a lagging snapshot, counting the old actual promised
 *     it twice and put the plan into a two-round cycle), and the two
 *     free figures agreeing does not say it has not: a domain that
 *     appeared meanwhile may have taken exactly what was released.  If the snapshot already
 *     breaks this (host free fell under the slack), nothing grows,
 *     shrinks are planned and deficit_kib says by how much.  A managed
 *     domain below its current target is counted at that target (it may
 *     be growing toward it while the plan is made from an older actual),
 *     so memory cut from a grower is handed out only once a later
 *     snapshot shows it was not taken.
 *  2. Bounds.  A managed domain's new target lies in [lo, hi] with
 *     lo = min_kib and hi = min(max_kib, static_max_kib) (lo is lowered
 *     to hi when an admin set them crossed).  The one exception is a
 *     domain that holds less than its min while no memory is free: its
 *     target stays at what it holds (growing it would break 1) and it is
 *     first in line when memory frees up.  A domain still shrinking to a
 *     target below a min raised since counts as one when the snapshot
 *     moved: it may already hold less, so its target rises as memory is
 *     granted, never falls.  A pinned target (clamped to [lo, hi]) is
 *     the target whenever the pins, mins and unmanaged domains fit the
 *     host; otherwise the pin is dropped with a reason.
 *  3. Demand first, then surplus.  Mins, pins and reservations come
 *     first; then each domain's estimated demand (from its hints); then
 *     its recent peak (the highest demand of the last recent_hold_ms,
 *     so that a guest whose demand comes in bursts keeps room for the
 *     next one: the agent reports every 2-12 s and a balloon takes
 *     seconds, too late for a burst; a guest under pressure or whose
 *     demand is rising gets its headroom here too; a domain without
 *     usable hints is taken to use what it holds, and its recent peak
 *     is at least its weight's share of the memory above the floors,
 *     what a static split gives it, since nobody can tell whether it
 *     needs more); then a headroom above demand; then the recent peak
 *     with a headroom's margin; only then is what remains given out as
 *     surplus, up to hi.  A guest that swallows (it grew under pressure
 *     and stayed short) is served its weight's share of demand and
 *     headroom before the others' headroom and the rest after it; while
 *     one does, the recent peaks come after that rest, and while one
 *     swallows for good (pressed for 16 reports, holding its target: a
 *     liar or a leak) the others' recent peaks up to their share come
 *     before it.  In the demand
 *     and headroom steps memory is shared in proportion to weight
 *     (water-filling: nobody gets more than they asked for, the rest
 *     share by weight), so a guest that lies about its demand gets at
 *     most its weighted share under contention.  Surplus goes toward a
 *     common fraction of each guest's range (min to max, at least
 *     2 GiB) per unit of weight, the emptiest first (max-min fair), so
 *     idle guests keep a cushion in proportion to how far they may
 *     grow.  Nobody is pushed below min to feed another.
 *  4. Stuck and lying guests.  Progress is memory moved toward the
 *     target, measured over cfg.stuck_window_ms: a domain that moves
 *     less than min(gap, progress_min_kibps x window) in a window is
 *     stuck.  Its target is then set to what it holds (so nothing is
 *     promised that cannot come), the rest is re-planned for the others,
 *     and it is not asked to move again for a probation that doubles with
 *     each strike (cfg.stuck_probe_ms up to stuck_probe_max_ms).  After
 *     probation it is asked for a small step only, until it has moved a
 *     window's worth, so a retry never ties up much memory.  A strike
 *     is forgiven only after stuck_probe_max_ms without a new one, so a
 *     guest alternating stuck/active spends most of its time held, not
 *     rewarded.  Hints never raise a target above hi nor lower anyone
 *     under lo; malformed, future-dated or stale hints are ignored, and
 *     so are figures whose MemTotal the balloon left behind.
 *  5. Stability.  A change smaller than the dead-band
 *     (max(deadband_kib, deadband_pct % of the current target); for a
 *     domain whose current and new targets both cover its demand,
 *     headroom and recent peak, max(surplus_band_kib, surplus_band_pct
 *     %), except a raise it has held back for surplus_band_ms) is
 *     not made unless a reservation or the host needs it; the
 *     demand estimate rises at most demand_rise_kibps, is held for
 *     demand_hold_ms after a peak, then falls at most demand_fall_kibps.
 *  6. Reservations are planned like phantom domains whose min is their
 *     size, served right after mins and pins.  Each is HELD (the
 *     memory is free now and counted as committed), PENDING (domains were asked
 *     to shrink; growth of other domains waits), or FAILED with a reason,
 *     the memory that cannot be reached, and the domains that refused.
 *
 * ORDER OF ACTIONS.  out->actions lists what to write, in order: all
 * target decreases, then maxmem decreases, then maxmem increases, then
 * target increases.  So memory is freed before it is handed out, maxmem
 * is raised before a target goes up and lowered after it comes down.
 * Apply them in order; stop at the first failure and re-plan.
 */
#ifndef XB_PLANNER_H
#define XB_PLANNER_H

#include <stddef.h>
#include <stdint.h>

#include "control.h"

#define PLAN_UUID_LEN		16
#define PLAN_NONE		UINT64_MAX	/* no value (e.g. not pinned) */
#define PLAN_MAX_DOMAINS	65536u
#define PLAN_MAX_RESERVATIONS	64u
/* Anything larger is not a real host: refuse rather than overflow. */
#define PLAN_HOST_MAX_KIB	(UINT64_C(1) << 50)
#define PLAN_WEIGHT_MAX		CONTROL_WEIGHT_MAX /* weights are clamped to [1, max] */
#define PLAN_PSI_MAX		10000u		/* 100.00 % */
#define PLAN_RES_MAX_REFUSED	8		/* domids listed per failure */
#define PLAN_PROBE_MAX_MS	300000u		/* longest stuck probation */
#define PLAN_FED_MS		1000u		/* fed this long ends a spell */

/* Tunables.  planner_config_default() fills sensible values. */
struct plan_config {
	uint64_t	slack_kib;		/* always left free on the host */
	uint64_t	maxmem_extra_kib;	/* maxmem = target + this */
	uint64_t	tolerance_kib;		/* |actual - target| <= this: reached */
	uint64_t	deadband_kib;		/* smaller target changes are skipped */
	uint32_t	deadband_pct;		/* ... or smaller than this % of target */
	uint64_t	surplus_band_kib;	/* the same for a guest that holds */
	uint32_t	surplus_band_pct;	/*   all it needs, before and after */
	uint64_t	surplus_band_ms;	/* a raise it holds back this long
						   is made */
	/*
	 * Headroom on top of demand, served second: max(min, pct % of
	 * demand); under pressure at least pct % of actual, doubled with
	 * each fresh report of pressure (a slow start, up to 16 x pct).
	 */
	uint64_t	headroom_min_kib;
	uint32_t	headroom_pct;
	uint32_t	psi_some_threshold;	/* avg10 at/above this: pressure */
	uint32_t	psi_full_threshold;
	uint64_t	swap_in_threshold_kibps; /* swap-in at/above this: pressure */
	uint32_t	avail_low_permille;	/* MemAvailable at/below this
						   (per mille of MemTotal):
						   pressure; 0: off */
	uint64_t	pressure_boost_kib;	/* under pressure, demand += ... */
	uint32_t	pressure_boost_pct;	/* ... max(kib, pct % of actual) */
	uint64_t	hint_stale_ms;		/* older hints are ignored (the
						   agent's heartbeat, 120 s, keeps
						   an idle guest's fresh) */
	uint64_t	hint_behind_ms;		/* ... and figures whose MemTotal
						   the balloon has left behind
						   this long */
	uint64_t	kshare_settle_ms;	/* learn the kernel's share after the
						   domain held still this long, or
						   from a sample taken at rest */
	uint32_t	kshare_max_pct;		/* ... and never above this % */
	uint64_t	trend_horizon_ms;	/* headroom covers at most this much
						   of a rising demand's growth */
	uint64_t	trend_floor_ms;		/* ... and at least this much */
	uint64_t	demand_rise_kibps;	/* rate limits on the demand estimate */
	uint64_t	demand_fall_kibps;
	uint64_t	demand_hold_ms;		/* a peak is kept this long */
	uint64_t	refault_threshold_kibps; /* refaults at/above this: the
						   working set does not fit */
	uint64_t	ws_hold_ms;		/* a working-set floor is kept this
						   long after it was last short */
	uint32_t	oom_step_pct;		/* an OOM kill raises the floor by
						   this % of what the guest held */
	uint64_t	recent_hold_ms;		/* a guest's recent peak demand is
						   served, after everyone's demand
						   and headroom, this long */
	uint64_t	recent_fall_kibps;	/* ... then let go at this rate */
	uint64_t	promise_horizon_ms;	/* a growing domain is planned at
						   most what its balloon, at the
						   speed seen, takes in this long */
	uint32_t	guard_pct;		/* a guard above demand, served with
						   it: this % of a floor that grows
						   with the guest's size (0: none) */
	uint64_t	stuck_window_ms;	/* progress is judged over this */
	uint64_t	progress_min_kibps;	/* slower than this is stuck */
	uint64_t	stuck_probe_ms;		/* first probation; doubles a strike */
	uint64_t	stuck_probe_max_ms;
};

/* What the guest says about itself.  All of it may be a lie. */
enum plan_hint_bits {
	PLAN_HINT_MEMINFO	= 1u << 0,	/* mem_total_kib, mem_avail_kib */
	PLAN_HINT_PSI		= 1u << 1,	/* psi_some_avg10, psi_full_avg10 */
	PLAN_HINT_SWAP		= 1u << 2,	/* swap_in/out_kibps */
	PLAN_HINT_OOM		= 1u << 3,	/* oom_kills */
	PLAN_HINT_REFAULT	= 1u << 4,	/* refault_kibps */
	PLAN_HINT_SWAPPED	= 1u << 5,	/* swapped_kib */
	PLAN_HINT_ACTIVE_FILE	= 1u << 6,	/* active_file_kib */
	PLAN_HINT_SWAP_TOTAL	= 1u << 7,	/* swap_total_kib */
};

struct plan_hints {
	uint32_t	present;		/* enum plan_hint_bits */
	uint64_t	updated_ms;		/* caller's clock when the guest's keys
						   last changed: a new value means a
						   new report (the slow start counts
						   reports) */
	uint64_t	sampled_after_ms;	/* MemTotal and MemAvailable were
						   sampled no earlier than this
						   (caller's clock; 0: unknown) */
	uint64_t	mem_total_kib;		/* MemTotal */
	uint64_t	mem_avail_kib;		/* MemAvailable */
	uint32_t	psi_some_avg10;		/* hundredths of a percent */
	uint32_t	psi_full_avg10;
	uint64_t	swap_in_kibps;
	uint64_t	swap_out_kibps;
	uint64_t	oom_kills;		/* /proc/vmstat oom_kill: a count
						   since the guest booted */
	uint64_t	refault_kibps;		/* workingset_refault_anon + _file,
						   as KiB/s: evicted working set
						   being read back */
	uint64_t	swapped_kib;		/* SwapTotal - SwapFree: memory the
						   guest pushed out to swap */
	uint64_t	swap_total_kib;		/* SwapTotal: 0 for a guest without
						   swap, whose OOM killer runs as
						   soon as it is short */
	uint64_t	active_file_kib;	/* Active(file): page cache read
						   more than once, which
						   MemAvailable counts as free */
};

/*
 * Per-domain memory the planner carries between rounds.  The caller
 * keeps it keyed by the domain's UUID (never the domid: domids are
 * reused), passes back what the last round returned in
 * plan_decision.hist, and zero-fills it for a domain it has not seen.
 * The planner also checks the UUID and starts afresh on a mismatch.
 * Treat the fields as the planner's own; they are public only so that
 * the daemon can show them and the simulator can inspect them.
 */
struct plan_history {
	uint8_t		uuid[PLAN_UUID_LEN];
	uint32_t	valid;			/* 0: nothing known yet */
	uint32_t	strikes;		/* stuck verdicts not yet forgiven */
	uint32_t	pressure_streak;	/* fresh hints in a row under pressure */
	uint64_t	seen_ms;		/* time of the last round */
	uint64_t	last_actual_kib;	/* actual seen in the last round */
	uint64_t	last_gap_kib;		/* |target - actual| then */
	uint64_t	win_start_ms;		/* progress window; 0: none open */
	uint64_t	win_gap_kib;		/* distance to target at its start */
	uint64_t	win_moved_kib;		/* moved toward the target since */
	int32_t		win_dir;		/* -1 shrinking, +1 growing */
	int32_t		stuck_dir;		/* direction it got stuck in; 0: not */
	int32_t		probing;		/* out of probation, not yet proven */
	uint64_t	probe_base_kib;		/* moved_total_kib when probing began */
	uint64_t	stuck_since_ms;		/* first stuck verdict of this spell */
	uint64_t	probe_at_ms;		/* probation ends */
	uint64_t	strike_ms;		/* time of the last strike */
	uint64_t	demand_kib;		/* smoothed demand; PLAN_NONE: unknown */
	uint64_t	demand_ms;		/* when demand_kib was last updated */
	uint64_t	peak_ms;		/* when the estimate last rose */
	uint64_t	raw_kib;		/* demand as the latest hints say */
	uint64_t	hint_ms;		/* updated_ms of the hints last seen */
	uint64_t	moved_total_kib;	/* lifetime memory moved (for show) */
	uint64_t	kshare_kib;		/* actual - MemTotal, learnt */
	uint64_t	total_kib;		/* MemTotal the last round read */
	uint64_t	behind_hint_ms;		/* updated_ms of the figures ... */
	uint64_t	behind_ms;		/* ... off the balloon since; 0: not */
	uint64_t	still_ms;		/* actual within tolerance since */
	uint64_t	still_kib;		/* ... of this */
	uint64_t	rise_kibps;		/* demand's rise between reports */
	uint64_t	used_kib;		/* raw_kib - kshare_kib then */
	uint64_t	trend_need_kib;		/* held while rising; 0: none */
	uint64_t	report_ms;		/* when used_kib last changed */
	uint64_t	rise_gap_ms;		/* rise_kibps was measured over */
	uint64_t	climb_kib;		/* used_kib when the rise began */
	uint64_t	confirm_ms;		/* when the last report was read */
	uint64_t	ws_kib;			/* working set seen short: refaults
						   or an OOM kill while it held
						   this much (a floor for demand) */
	uint64_t	ws_ms;			/* when last seen short */
	uint64_t	oom_kills;		/* the guest's count last seen + 1;
						   0: none seen yet */
	uint64_t	recent_kib;		/* the highest demand of late */
	uint64_t	recent_ms;		/* when demand last reached it */
	uint64_t	grow_kibps;		/* how fast its balloon grows, as
						   seen; 0: not seen yet */
	int32_t		grow_limited;		/* grew slower than its gap and
						   free memory allowed: the
						   balloon's own pace */
	uint64_t	shrink_kibps;		/* how fast it gives memory
						   back, as seen; 0: not yet */
	uint64_t	shrink_ms;		/* the span shrink_kibps is read
						   over began then */
	uint64_t	shrink_kib;		/* ... holding this */
	int32_t		last_dir;		/* progress direction last round */
	int32_t		swallows;		/* grew under one streak of
						   pressure and still short */
	int32_t		rise_pressed;		/* used_kib has pressure steps in */
	uint64_t	streak_kib;		/* actual when the streak began */
	uint64_t	streak_ms;		/* ... and when */
	uint64_t	step_ms;		/* last report that rose by a step
						   (planner_demand.c); 0: none */
	uint64_t	band_ms;		/* a raise the surplus band holds
						   back, since; 0: none */
	uint64_t	step_gap_ms;		/* time between steps, smoothed;
						   0: fewer than two seen */
	/* Starvation as the guest's own figures show it (for show). */
	uint64_t	starved_ms;		/* time under pressure, in all */
	uint64_t	starve_seen_ms;		/* round that last judged it */
	uint64_t	fed_ms;			/* a spell ended then; 0: none */
	uint32_t	starve_spells;		/* spells of pressure begun */
	int32_t		starving;		/* under pressure then */
};

enum plan_dom_flags {
	PLAN_DOM_MANAGED	= 1u << 0,	/* ours to balance; else left alone */
	PLAN_DOM_DYING		= 1u << 1,	/* being destroyed: leave alone */
	PLAN_DOM_STARTING	= 1u << 2,	/* built, restored or migrated in,
						   not yet run: leave alone, count
						   it at its target */
};

struct plan_domain {
	uint32_t	domid;
	uint8_t		uuid[PLAN_UUID_LEN];
	uint32_t	flags;			/* enum plan_dom_flags */
	uint64_t	actual_kib;		/* tot_pages, from the hypervisor */
	uint64_t	target_kib;		/* memory/target as it is now */
	uint64_t	maxmem_kib;		/* as the hypervisor has it now */
	uint64_t	static_max_kib;		/* memory/static-max */
	uint64_t	min_kib;		/* admin bounds */
	uint64_t	max_kib;
	uint32_t	weight;			/* admin; clamped to [1, WEIGHT_MAX] */
	uint64_t	pin_kib;		/* admin-pinned target, or PLAN_NONE */
	struct plan_hints hints;
	struct plan_history hist;		/* last round's, or zeroes */
};

struct plan_reservation {
	uint64_t	id;			/* caller's handle, echoed back */
	uint64_t	size_kib;
	uint64_t	deadline_ms;		/* fail unless held by then; 0: no */
	int		held;			/* held earlier: memory free */
};

struct plan_input {
	uint64_t	now_ms;
	uint64_t	host_total_kib;		/* physinfo total */
	uint64_t	host_free_kib;		/* physinfo free, now (read after
						   the domains) */
	uint64_t	host_free_before_kib;	/* physinfo free read just before
						   the domains, so that it and
						   their actuals agree */
	int		free_before_read;	/* host_free_before_kib was read,
						   even if it is 0 (a full host);
						   unset and 0: not read
						   (host_free_kib is used, and
						   the actuals are taken as
						   current) */
	const struct plan_domain	*domains;
	size_t		n_domains;
	const struct plan_reservation	*reservations;
	size_t		n_reservations;
};

enum plan_state {
	PLAN_IDLE = 0,		/* at target */
	PLAN_SHRINKING,
	PLAN_GROWING,
	PLAN_STUCK,		/* no progress in a window; held where it is */
	PLAN_UNMANAGED,
	PLAN_BELOW_MIN,		/* target under its min: memory not free */
	PLAN_STARTING,		/* PLAN_DOM_STARTING: left alone until it runs */
};

/*
 * Why a decision is what it is, a fixed vocabulary: X(ID, name, text).
 * name is one word for tables and scripts (xenballoonctl history, which
 * keeps it with each target change), text the sentence decision.reason
 * points to.  The order is plan_reason()'s precedence after the first
 * three.
 */
#define PLAN_WHYS(X)							\
	X(STARTING, "starting", "starting: not run yet, left alone and "	\
	    "counted at its target")					\
	X(DYING, "dying", "dying: left alone")				\
	X(UNMANAGED, "unmanaged", "not managed: counted as it holds")	\
	X(STUCK, "stuck", "stuck: moved too little toward its target; "	\
	    "held at what it holds")					\
	X(BELOW_MIN, "below-min", "below its min: grows first as memory "	\
	    "frees up")							\
	X(FREEING, "grow-as-freed", "growing as memory frees up")	\
	X(PIN, "pin", "pinned by the admin")				\
	X(PIN_DROPPED, "pin-dropped", "pin dropped: pins and mins do not "	\
	    "fit the host")						\
	X(DEADBAND, "dead-band", "change within the dead-band: left as "	\
	    "it is")							\
	X(SWALLOWS, "swallows", "served its share first: it stayed "	\
	    "short as it grew, so the others' headroom comes first")	\
	X(SHORT_SHARED, "short-shared", "demand not fully met: host is "	\
	    "short, shared by weight")					\
	X(MAX, "max", "at its max")					\
	X(MIN_FOR_OTHERS, "min-for-others", "at its min: other domains "	\
	    "need the memory")						\
	X(NO_HINTS, "no-hints", "no usable hints: keeps what it holds, "	\
	    "at least its share when spare")				\
	X(SURPLUS, "surplus", "demand and headroom met, plus surplus")	\
	X(HEADROOM_SHORT, "headroom-short", "demand met, headroom partly: "	\
	    "host is short")						\
	X(DEMAND, "demand", "demand met")

enum plan_why {
#define PLAN_X_ENUM(id, name, text)	PLAN_WHY_##id,
	PLAN_WHYS(PLAN_X_ENUM)
#undef PLAN_X_ENUM
	PLAN_WHY_COUNT
};

struct plan_decision {
	/*
	 * The planner's working space, meaningless to the caller.  It comes
	 * first, next to the bounds and plan, because it is what the
	 * planner's passes over 10,000 domains touch: 64 bytes together.
	 */
	uint64_t	w_room;
	uint64_t	w_give;
	uint64_t	w_base;
	uint32_t	w_weight;
	uint32_t	w_flags;
	uint64_t	w_core;
	uint64_t	lo_kib;			/* bounds in effect this round (after */
	uint64_t	hi_kib;			/*   pins and stuck holds) */
	uint64_t	plan_kib;		/* where it goes once memory is free */
	uint64_t	w_need;
	uint64_t	w_recent;		/* need with its recent peak */
	uint64_t	w_peak;			/* what comes before others' headroom */
	uint64_t	w_file;			/* what it holds of demand and its
						   active page cache */
	uint64_t	w_fair;			/* its weight's share of the host */

	uint32_t	domid;			/* echoed */
	uint64_t	target_kib;		/* new target (= input if unchanged) */
	uint64_t	maxmem_kib;		/* new maxmem (= input if unchanged) */
	enum plan_state	state;
	const char	*reason;		/* static text, never NULL */
	enum plan_why	why;			/* reason is its text */
	/* Progress figures, for xenstore, the CLI and the logs. */
	uint64_t	demand_kib;		/* estimate; PLAN_NONE: no usable hints */
	uint64_t	guard_kib;		/* kept above demand with it
						   (plan_guard()); PLAN_NONE: no
						   usable hints, or not managed */
	uint64_t	gap_kib;		/* |actual - new target| */
	uint64_t	moved_kib;		/* toward the target in this window */
	uint64_t	window_ms;		/* how long this window has run */
	uint64_t	committed_kib;		/* invariant 1's committed */
	uint64_t	stuck_since_ms;		/* 0 unless stuck */
	uint32_t	strikes;
	int		pressure;		/* hints say it is under pressure */
	struct plan_history hist;		/* store under the UUID, pass back */
};

enum plan_res_status {
	PLAN_RES_HELD = 0,
	PLAN_RES_PENDING,
	PLAN_RES_FAILED,
};

struct plan_res_result {
	uint64_t	id;			/* echoed */
	enum plan_res_status status;
	const char	*reason;		/* static text, never NULL */
	uint64_t	unreachable_kib;	/* FAILED: how much cannot be freed */
	uint32_t	n_refused;		/* FAILED: domains that did not yield */
	uint32_t	refused_domids[PLAN_RES_MAX_REFUSED];	/* the first ones */
};

enum plan_action_kind {
	PLAN_ACT_TARGET = 0,	/* write memory/target */
	PLAN_ACT_MAXMEM,	/* set the hypervisor's maxmem */
};

struct plan_action {
	uint32_t	index;			/* into input->domains */
	uint32_t	domid;
	enum plan_action_kind kind;
	uint64_t	value_kib;
};

/*
 * Caller-allocated: decisions[n_domains], reservations[n_reservations],
 * actions[actions_cap] with actions_cap >= 2 * n_domains.  The planner
 * fills everything else.
 */
struct plan_output {
	struct plan_decision	*decisions;
	struct plan_res_result	*reservations;
	struct plan_action	*actions;
	size_t		actions_cap;
	size_t		n_actions;
	/* Host-wide figures of the plan (KiB). */
	uint64_t	budget_kib;	/* min(total, free + sum(actual)); the
					   free read before the domains
					   when the snapshot may lag */
	uint64_t	committed_kib;	/* sum(committed) + held res + slack */
	uint64_t	deficit_kib;	/* committed above budget (bad snapshot) */
	uint64_t	demand_kib;	/* sum of demand met in the plan */
	uint64_t	unmet_kib;	/* demand the host cannot meet */
	uint32_t	n_stuck;
};

void		 planner_config_default(struct plan_config *cfg);

/*
 * Plan one round.  Returns 0, or -EINVAL (bad sizes, NULL arrays, more
 * than PLAN_MAX_DOMAINS/RESERVATIONS, actions_cap too small, a host above
 * PLAN_HOST_MAX_KIB, a stuck probation or window of 0) with out
 * untouched apart from n_actions = 0.  O(n) time apart from the weighted
 * sharing (O(n log range)); no allocation.
 */
int		 planner_plan(const struct plan_config *cfg,
		    const struct plan_input *in, struct plan_output *out);

/*
 * Check a plan against the invariants above that can be seen from one
 * round (1, 2, 6 and the order of actions).  Returns 0, or -1 with a
 * one-line explanation in why.  Tests run it on every step; the daemon
 * may run it before acting, as a last line of defence.
 */
int		 planner_check(const struct plan_config *cfg,
		    const struct plan_input *in, const struct plan_output *out,
		    char *why, size_t whylen);

/*
 * The decision wants its domain to move: growing, shrinking, or below its
 * min and not yet there.  The daemon plans every second while one does,
 * and re-kicks a driver only then; the benchmark runs the same cadence.
 */
int		 planner_moving(const struct plan_config *cfg,
		    const struct plan_decision *dec);

const char	*planner_state_name(enum plan_state state);
/* A why's word and sentence; NULL for a value out of range. */
const char	*planner_why_name(enum plan_why why);
const char	*planner_why_text(enum plan_why why);
const char	*planner_res_status_name(enum plan_res_status status);

#endif /* XB_PLANNER_H */
