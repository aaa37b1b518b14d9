/*
 * planner_demand.c - what a guest needs, from what it says.
 *
 * Demand is MemTotal - MemAvailable plus the kernel's own share.  The
 * first two are figures the guest wrote together, so they agree with
 * each other even when they are old.  The kernel's share (actual -
 * MemTotal: page tables for all of static-max, the kernel image,
 * reserved memory; 60 MiB of a 480 MiB lab guest) is learnt only while
 * the domain holds still, because actual - MemTotal mixes a fresh
 * hypervisor figure with a possibly stale guest one: learnt while a guest
 * grows, it would make the guest seem to need what it just got, and grow
 * again.  Leaving it out altogether (as an early version did) made a
 * small guest look as if it could never use its target: it ran out of
 * memory before its demand reached it.  Demand is raised when PSI or
 * swap-in says the guest is short, and its rise between reports is
 * kept so the headroom can cover the growth to come (headroom is added
 * by the planner, as a tier of its own).  Every figure is a hint:
 * malformed, future-dated or stale hints are dropped, and the estimate
 * moves at bounded rates so a guest flapping its numbers cannot make the
 * plan flap.  The estimate is never trusted beyond the admin's bounds:
 * the caller clamps it.
 */
#include "config.h"

#include "planner_int.h"

/* Fresh and self-consistent, or not to be used at all. */
static int
demand_usable(const struct plan_config *cfg, uint64_t now,
    const struct plan_hints *hn)
{
	if (!(hn->present & PLAN_HINT_MEMINFO))
		return 0;
	if (hn->updated_ms > now || now - hn->updated_ms > cfg->hint_stale_ms)
		return 0;
	if (hn->mem_total_kib == 0 || hn->mem_avail_kib > hn->mem_total_kib)
		return 0;
	return 1;
}

/*
 * Figures the balloon has left behind.  A balloon move changes MemTotal,
 * and a live agent samples it within its idle interval (12 s) and writes
 * it.  Figures whose MemTotal stays off what the actual and the learnt
 * kernel share make of it, by more than max(64 MiB, 5 %), for
 * hint_behind_ms (30 s) with no new read of them in between come from an
 * agent that died or hung: they are not used, as stale ones are not
 * (demand_usable()).  Used, they stood for up to hint_stale_ms (5 min):
 * in policy-bench's dead-agents a guest whose agent stopped was cut from
 * 4295 to 3503 MiB on its last figures while its demand rose, and
 * starved.  Any new read (the heartbeat's, every 120 s, at the latest)
 * starts the wait again, so a live agent whose kernel's share changed
 * (memory hotplug) loses its figures for a heartbeat at most, until the
 * share is learnt again from them.  Nothing is judged before the share
 * is learnt.
 */
static int
demand_behind(const struct plan_config *cfg, uint64_t now,
    const struct plan_domain *dom, struct plan_history *h)
{
	uint64_t want = plan_sat_sub(dom->actual_kib, h->kshare_kib);
	uint64_t total = dom->hints.mem_total_kib;
	uint64_t off = want > total ? want - total : total - want;

	if (h->kshare_kib == 0 || dom->hints.updated_ms != h->behind_hint_ms ||
	    off <= plan_max(PLAN_BEHIND_KIB, plan_pct(dom->actual_kib,
	    PLAN_BEHIND_PCT))) {
		h->behind_hint_ms = dom->hints.updated_ms;
		h->behind_ms = 0;
		return 0;
	}
	if (h->behind_ms == 0 || h->behind_ms > now)
		h->behind_ms = now;
	return now - h->behind_ms >= cfg->hint_behind_ms;
}

/*
 * Pressure: PSI or swap-in past their thresholds, or nothing available.
 * A guest without swap and with nothing left to reclaim stalls on no
 * page before its OOM killer runs, so PSI stays at 0 however short it
 * is; MemAvailable at 0 is all it says.  Its demand then reads as all it
 * holds, less the kernel's share if that is not learnt yet: cut to that,
 * it reads lower still (on policy-bench's `small-jobs`, guests of 384
 * MiB needing 192 were cut to 165, then to their 128 MiB floor).  Read
 * as pressure, it gets the slow start's headroom as any short guest
 * does.  The threshold sits below the guard (planner_guard(): at least
 * 0.78 % of any guest, more of smaller ones), so a guest cut to its
 * demand and guard is not taken for a short one.
 */
static int
demand_pressure(const struct plan_config *cfg, uint64_t now,
    const struct plan_hints *hn)
{
	uint64_t total = hn->mem_total_kib;

	if (hn->updated_ms > now || now - hn->updated_ms > cfg->hint_stale_ms)
		return 0;
	if (hn->present & PLAN_HINT_PSI) {
		uint32_t some = plan_min(hn->psi_some_avg10, PLAN_PSI_MAX);
		uint32_t full = plan_min(hn->psi_full_avg10, PLAN_PSI_MAX);

		if (some >= cfg->psi_some_threshold ||
		    full >= cfg->psi_full_threshold)
			return 1;
	}
	if ((hn->present & PLAN_HINT_SWAP) &&
	    hn->swap_in_kibps >= cfg->swap_in_threshold_kibps)
		return 1;
	if ((hn->present & PLAN_HINT_MEMINFO) && cfg->avail_low_permille != 0 &&
	    total != 0 && hn->mem_avail_kib <= plan_permille(total,
	    cfg->avail_low_permille))
		return 1;
	return 0;
}

/* What the hints say right now, before smoothing. */
/*
 * A guest short of memory shows MemAvailable near 0, which says nothing
 * of how short it is: pressure adds a step on top of what it holds, and
 * the next round adds another if it is still short.
 */
static uint64_t
demand_raw(const struct plan_config *cfg, const struct plan_domain *dom,
    const struct plan_history *h, int pressure)
{
	uint64_t actual = dom->actual_kib;
	uint64_t need = plan_sat_sub(dom->hints.mem_total_kib,
	    dom->hints.mem_avail_kib);

	need = plan_sat_add(need, h->kshare_kib);
	if (!pressure)
		return need;
	/*
	 * Under pressure, what the guest pushed out to swap is demand it
	 * cannot hold: that says how short it is, at once.  Without
	 * pressure it says nothing (Linux leaves pages in swap long after
	 * the need has gone), and is not counted.
	 */
	if ((dom->hints.present & PLAN_HINT_SWAPPED) &&
	    dom->hints.swapped_kib > 0)
		need = plan_sat_add(need, plan_min(dom->hints.swapped_kib,
		    plan_max(dom->static_max_kib, actual)));
	return plan_sat_add(need, plan_max(cfg->pressure_boost_kib,
	    plan_pct(actual, cfg->pressure_boost_pct)));
}

/*
 * The kernel's share: actual - MemTotal, from figures the agent sampled
 * while the balloon was at rest.  A sample taken after the round that
 * first saw this actual, and read by the last round (this round's actual
 * may be a round old), was taken at rest.  Else the domain must hold
 * still kshare_settle_ms, 30 s, for its MemTotal to have caught up with
 * it (the agent samples every 2 s, every 12 s once its figures hold
 * still): a guest whose balloon never held still that long never had
 * its share learnt, and its demand read 64 MiB short in every report
 * (policy-bench's h-bootstorm: sixteen guests re-levelled every few
 * seconds, peaks held to within their margin of a figure 64 MiB low).
 * When the figures were sampled is the caller's sampled_after_ms, not
 * the time they were read (updated_ms): the daemon reads them again on
 * any write of the guest's (a heartbeat, a network event), and such a
 * read carries a MemTotal sampled before the balloon last moved.  After
 * 30 s at rest too, a MemTotal the last round did not see waits a round:
 * sampled since, it may be newer than this round's actual.  Taken at
 * once, a cut the agent sampled before the snapshot saw it taught a
 * guest of policy-bench's h-swapless a share of 291 MiB (its kernel
 * keeps 64), and its demand read 227 MiB high for 100 s; a growth so
 * read teaches one too small, and demand read low is a cut.  A guest
 * lying about MemTotal gains no more than lying about MemAvailable
 * would, and the cap keeps the figure sane.
 */
static void
demand_kshare(const struct plan_config *cfg, uint64_t now,
    const struct plan_domain *dom, struct plan_history *h)
{
	uint64_t a = dom->actual_kib, total = dom->hints.mem_total_kib;
	uint64_t d = a > h->still_kib ? a - h->still_kib : h->still_kib - a;
	int fresh = dom->hints.sampled_after_ms >= h->still_ms &&
	    dom->hints.updated_ms <= h->demand_ms;
	int seen = total == h->total_kib;

	h->total_kib = total;
	if (h->still_ms == 0 || h->still_ms > now || d > cfg->tolerance_kib) {
		h->still_ms = now;
		h->still_kib = a;
		return;
	}
	if (!fresh && !(seen && now - h->still_ms >= cfg->kshare_settle_ms))
		return;
	h->kshare_kib = plan_min(plan_sat_sub(a, total),
	    plan_pct(a, cfg->kshare_max_pct));
}

/* KiB/s a fresh report's demand rose by since the last; 0 if it fell. */
static uint64_t
demand_rise(uint64_t was_kib, uint64_t was_ms, uint64_t kib, uint64_t ms)
{
	if (was_kib == 0 || kib <= was_kib || ms <= was_ms)
		return 0;
	return plan_min(kib - was_kib, UINT64_MAX / 1000) * 1000 /
	    (ms - was_ms);
}

/*
 * The rise a fresh report shows.  Measured from when the figure last
 * changed, a job that starts after a still spell looks slow: in the
 * squeeze lab (run 14) a guest's job took 8.8 MiB in a second after 28 s
 * of stillness, read as 0.3 MiB/s, and the daemon did nothing until the
 * next report, a second before the OOM kill.  Measured from the last
 * report that still showed the old figure, it is the speed of the climb
 * now, or of a step that is over: one report cannot tell which.  The
 * faster figure is believed when the guest climbs past its recent peak
 * and, at that speed, would run out of what it has available within the
 * trend horizon: new ground, where only memory given early saves it
 * (memory given for a step that is over comes back when the trend
 * lapses).  A guest back at a height it reached of late has its recent
 * peak kept for it already; read at their speed, a neighbour's repeated
 * 2.5 GiB steps moved the idle guests' surplus back and forth each time
 * (sim-scenarios).  A shorter reach, out of memory within 5 s, was not
 * enough: in the squeeze lab's run 19 a sort took 6.5 MiB in 2 s, then
 * the 18 MiB left in 1.2 s.
 */
static void
demand_rise_seen(const struct plan_config *cfg, struct plan_history *h,
    uint64_t raw, uint64_t used, uint64_t ms, uint64_t avail)
{
	uint64_t since = plan_max(h->report_ms, h->confirm_ms);
	uint64_t slow = demand_rise(h->used_kib, h->report_ms, used, ms);
	uint64_t fast = demand_rise(h->used_kib, since, used, ms);

	if (fast > slow && raw > h->recent_kib && plan_min(fast, UINT64_MAX /
	    1000000) * (cfg->trend_horizon_ms / 1000) >= avail) {
		h->rise_kibps = fast;
		h->rise_gap_ms = ms - since;
	} else {
		h->rise_kibps = slow;
		h->rise_gap_ms = ms > h->report_ms ? ms - h->report_ms : 0;
	}
}

/*
 * A report a little below the last, in the upper half of a climb still
 * under way, is a dip, not the end of it: a job's reports go up in steps
 * and down a little between them (the squeeze lab's sort: 72 MiB up, 8
 * given back).  Read as the end, each dip dropped the trend's headroom
 * and the next step raised it again, and the memory went to the
 * neighbours and back with every report (run 56: g1 214707 -> 191528 ->
 * 222402 KiB within a second; sim-scenarios).  A dip keeps the trend,
 * and the top the next rise is measured from; the trend still lapses
 * when no report has risen for trend_horizon_ms.  Not when the top was
 * pressure steps: a short guest's demand falls back as its balloon
 * catches up, and holding the trend then kept memory from the others
 * (policy-bench: 6 % more starvation episodes in slow and spikes).
 */
static int
demand_dip(const struct plan_history *h, uint64_t used)
{
	if (h->rise_kibps == 0 || h->rise_pressed || used >= h->used_kib ||
	    h->used_kib <= h->climb_kib)
		return 0;
	return used - h->climb_kib >= (h->used_kib - h->climb_kib) / 2;
}

/*
 * A report that rose by a step: max(128 MiB, 5 %) above the last, what
 * no guard or trend's headroom covers.  Such a rise comes within a
 * report, faster than any grant, and a guest that stepped once steps
 * again: its recent peak is held whole when peaks do not fit together
 * (plan_peaks()).  A climb shows in its reports as rises of a few tens
 * of MiB (the squeeze lab's jobs; policy-bench's jobs, 20-30 MiB/s in
 * reports a second or two apart) and is served by its trend.  Not the
 * rate: the agent publishes when a figure has moved by its threshold,
 * so a climb's reports also come as jumps in quick succession (a job
 * read 144 MiB/s; counted by rate, from 64 MiB/s, jobs went 150 -> 166
 * episodes).  policy-bench, 16 seeds, episodes and held out (the rank
 * found by bisection): 64 MiB 3507 and 2266, jobs 163; 128 MiB 3493 and
 * 2239, jobs 150; 256 MiB 3511 and 2241, jobs 150.
 */
static int
demand_step(const struct plan_history *h, uint64_t used)
{
	return h->used_kib != 0 && used > h->used_kib &&
	    used - h->used_kib >= plan_max(PLAN_STEP_KIB,
	    plan_pct(used, PLAN_STEP_PCT));
}

/*
 * A step seen at now.  A step alone, from rest (no rise in the report
 * before, no step within PLAN_STEP_APART_MS), is over by the time it is
 * read: no trend is drawn from it.  Read as a rise, it promised the guest
 * as much again over the trend's reach, taken from guests that had not
 * stepped yet, whose first step then starved (policy-bench, the slow
 * scenario: 2 GiB steps planned 3963 MiB for a 3072 MiB peak, and three
 * idle neighbours cut from 2560 to 1974).  Realistic profile, 16 seeds,
 * main / held out: episodes 3358 -> 3327 / 1746 -> 1606, OOM kills
 * 442 -> 439 / 242 -> 207, memory moved -8 / -28 %, shortfall +0.1 /
 * -1.7 %.  Steps in a row are a climb in big jumps and keep their trend,
 * as does a step out of a climb.  The time since the last step, if they
 * are apart, joins the smoothed time between steps (a quarter each),
 * which ranks the recent peaks that do not fit (planner.c,
 * plan_peak_rank()).
 */
static void
demand_stepped(struct plan_history *h, uint64_t now, int rising)
{
	int apart = h->step_ms == 0 || now < h->step_ms ||
	    now - h->step_ms >= PLAN_STEP_APART_MS;

	if (apart && !rising)
		h->rise_kibps = 0;
	if (apart && h->step_ms != 0 && now > h->step_ms) {
		uint64_t gap = now - h->step_ms;

		h->step_gap_ms = h->step_gap_ms == 0 ? gap :
		    h->step_gap_ms - h->step_gap_ms / 4 + gap / 4;
	}
	h->step_ms = now;
}

static uint64_t
demand_rate(uint64_t kibps, uint64_t ms)
{
	/* Cap the interval: a long gap must not allow an unbounded jump. */
	ms = plan_min(ms, 60000);
	return kibps / 1000 * ms + kibps % 1000 * ms / 1000;
}

/*
 * How far ahead a rise is covered: until the report after next, twice
 * the time the rise was measured over, at least trend_floor_ms (a round
 * or two and the balloon's move) and at most trend_horizon_ms.  The same
 * 30 s for every guest promised a guest reporting every 2 s fifteen
 * reports' growth: on policy-bench's realistic profile (16 seeds) 30 s
 * cost 1.6 % more shortfall, 1.4 % more starvation episodes and 12 % more
 * memory moved than this, and in sim-scenarios' replay of a lab job that
 * climbs in steps its target swung by 800 MiB with every report.  A guest
 * whose agent reports every 12 s still gets 24 s (its 4 MiB/s ramp).
 */
static uint64_t
demand_reach_ms(const struct plan_config *cfg, const struct plan_history *h)
{
	uint64_t ms = plan_min(h->rise_gap_ms, UINT64_MAX / 2) * 2;

	return plan_min(plan_max(ms, cfg->trend_floor_ms),
	    plan_max(cfg->trend_horizon_ms, cfg->trend_floor_ms));
}

/*
 * Where a rising demand is headed: the demand plus its growth over the
 * reach above, at most doubling what the guest uses now.  The level is
 * held while the demand keeps rising and dropped when it stops: a burst
 * followed by a slower climb would otherwise see its target cut when the
 * rate falls, then raised again as the climb goes on (in the lab a guest
 * was cut by 180 MiB mid-climb, and the others grew into it and had to be
 * shrunk again).  It is served as headroom, after everyone's demand.
 */
static void
demand_trend(const struct plan_config *cfg, struct plan_history *h,
    uint64_t est)
{
	uint64_t core = plan_min(est, h->raw_kib), grow;

	if (h->rise_kibps == 0) {
		h->trend_need_kib = 0;
		return;
	}
	grow = plan_min(core, plan_min(h->rise_kibps, UINT64_MAX / 1000000) *
	    (demand_reach_ms(cfg, h) / 1000));
	h->trend_need_kib = plan_max(h->trend_need_kib, plan_sat_add(est, grow));
}

/*
 * The working set a guest was seen short of.  MemAvailable counts all
 * page cache as free, so a file server's demand reads low, it is cut,
 * its working set is evicted and read back (refaults, PSI), it grows,
 * and the cycle repeats.  A fresh report of refaults, or an OOM kill,
 * while the guest held what it holds says it needs more than that: the
 * floor is raised a step above it (slow start, like pressure) and kept
 * for ws_hold_ms after the last sign, then let go at the fall rate.  An
 * OOM kill is the strongest sign there is: a bigger step.
 */
static void
demand_ws(const struct plan_config *cfg, uint64_t now,
    const struct plan_domain *dom, struct plan_history *h, int fresh)
{
	const struct plan_hints *hn = &dom->hints;
	uint64_t a = dom->actual_kib, step = 0;

	if (fresh && (hn->present & PLAN_HINT_REFAULT) &&
	    hn->refault_kibps >= cfg->refault_threshold_kibps)
		step = plan_max(cfg->pressure_boost_kib,
		    plan_pct(a, cfg->headroom_pct));
	/*
	 * hist.oom_kills is the count last seen plus one (0: none seen):
	 * the first count seen is history, not news (a daemon restarted, a
	 * guest that booted with kills behind it).
	 */
	if ((hn->present & PLAN_HINT_OOM) && hn->oom_kills < UINT64_MAX) {
		if (h->oom_kills != 0 && hn->oom_kills + 1 > h->oom_kills)
			step = plan_max(step, plan_pct(a, cfg->oom_step_pct));
		h->oom_kills = hn->oom_kills + 1;
	}
	if (step != 0) {
		h->ws_kib = plan_max(h->ws_kib, plan_sat_add(a, step));
		h->ws_ms = now;
		return;
	}
	if (h->ws_kib == 0 || now < h->ws_ms ||
	    now - h->ws_ms < cfg->ws_hold_ms)
		return;
	h->ws_kib = plan_sat_sub(h->ws_kib, demand_rate(cfg->demand_fall_kibps,
	    now - plan_max(h->demand_ms, h->ws_ms)));
	if (h->ws_kib == 0)
		h->ws_ms = 0;
}

/*
 * The highest demand of late: kept recent_hold_ms after the demand last
 * reached it, then let go at recent_fall_kibps.  Served as a tier of its
 * own after everyone's demand and headroom, it keeps a bursty guest's
 * room for its next burst when the host can afford it.
 */
static void
demand_recent(const struct plan_config *cfg, uint64_t now,
    struct plan_history *h, uint64_t est)
{
	if (est >= h->recent_kib || h->recent_ms > now) {
		h->recent_kib = est;
		h->recent_ms = now;
		return;
	}
	if (now - h->recent_ms < cfg->recent_hold_ms)
		return;
	h->recent_kib = plan_max(est, plan_sat_sub(h->recent_kib,
	    demand_rate(cfg->recent_fall_kibps, now - plan_max(h->demand_ms,
	    h->recent_ms))));
}

/*
 * A streak of reports under pressure.  A guest still short after it has
 * grown by a quarter within one streak swallows what it is given: a leak,
 * a load that grows faster than any balloon, or a guest that lies (a
 * starving guest and a lying one write the same figures, MemAvailable 0
 * and high PSI, but the starving one is sated by a grant and says so).
 * The planner serves what such a guest asks beyond its share of the host
 * after the others' headroom (planner.c).
 */
static void
demand_streak(const struct plan_config *cfg, uint64_t now,
    const struct plan_domain *dom, struct plan_history *h, int pressure)
{
	uint64_t a = dom->actual_kib;

	if (!pressure) {
		h->pressure_streak = 0;
		h->swallows = 0;
		return;
	}
	if (h->pressure_streak == 0) {
		h->streak_kib = a;
		h->streak_ms = now;
	}
	h->pressure_streak = plan_min(h->pressure_streak + 1, 64);
	if (h->pressure_streak >= PLAN_SWALLOW_REPORTS &&
	    a >= plan_sat_add(h->streak_kib, plan_max(cfg->pressure_boost_kib,
	    plan_pct(h->streak_kib, PLAN_SWALLOW_PCT))))
		h->swallows = 1;
}

/*
 * Starvation as the guest's own figures show it, for status and metrics:
 * time under pressure (demand_pressure()) and the spells of it.  The
 * time between two rounds counts when both saw pressure; a spell broken
 * by less than PLAN_FED_MS of relief is one spell, as policy-bench counts
 * a starvation episode.  What starvation is, demand above what the guest
 * holds, no figure of the guest's says (MemAvailable is 0 however short
 * it is): pressure is the part of it a guest shows.
 */
static void
demand_starve(uint64_t now, struct plan_history *h, int pressure)
{
	if (pressure) {
		if (h->starving && now > h->starve_seen_ms)
			h->starved_ms = plan_sat_add(h->starved_ms,
			    now - h->starve_seen_ms);
		else if (!h->starving && (h->fed_ms == 0 || now < h->fed_ms ||
		    now - h->fed_ms >= PLAN_FED_MS))
			h->starve_spells = (uint32_t)plan_min(
			    (uint64_t)h->starve_spells + 1, UINT32_MAX);
		h->starving = 1;
		h->fed_ms = 0;
	} else if (h->starving) {
		h->starving = 0;
		h->fed_ms = now != 0 ? now : 1;
	}
	h->starve_seen_ms = now;
}

void
planner_demand(const struct plan_config *cfg, uint64_t now,
    const struct plan_domain *dom, struct plan_decision *dec)
{
	struct plan_history *h = &dec->hist;
	uint64_t raw, dt, est = h->demand_kib;
	int usable, behind;

	usable = demand_usable(cfg, now, &dom->hints);
	behind = usable && demand_behind(cfg, now, dom, h);
	dec->pressure = !behind && demand_pressure(cfg, now, &dom->hints);
	demand_starve(now, h, dec->pressure);
	if (!usable || behind) {
		h->still_ms = 0;
		/*
		 * Keep the old estimate in the history: going silent and
		 * coming back must not skip the rise limit.
		 */
		dec->demand_kib = PLAN_NONE;
		return;
	}
	/*
	 * Read a report once: rounds come faster than hints, and the slow
	 * start must count reports, not rounds.
	 */
	demand_kshare(cfg, now, dom, h);
	demand_ws(cfg, now, dom, h, dom->hints.updated_ms != h->hint_ms);
	if (dom->hints.updated_ms != h->hint_ms || h->raw_kib == 0) {
		uint64_t used;

		raw = demand_raw(cfg, dom, h, dec->pressure);
		used = plan_sat_sub(raw, h->kshare_kib);
		demand_streak(cfg, now, dom, h, dec->pressure);
		/*
		 * The daemon reads again on every write (a heartbeat, one
		 * watch event per key): only a new figure is a new report
		 * for the trend, or one re-read would erase it.  The trend
		 * is of what the guest asks for, pressure steps included,
		 * but not of the kernel's share being learnt: counted in,
		 * a guest just shrunk for another looked as if it were
		 * rising, and took the memory back.
		 */
		if (used != h->used_kib && !demand_dip(h, used)) {
			uint64_t was = h->rise_kibps;

			demand_rise_seen(cfg, h, raw, used,
			    dom->hints.updated_ms, dom->hints.mem_avail_kib);
			if (was == 0)		/* a climb begins here */
				h->climb_kib = h->used_kib;
			if (demand_step(h, used))
				demand_stepped(h, now, was != 0);
			h->report_ms = dom->hints.updated_ms;
			h->used_kib = used;
			h->rise_pressed = dec->pressure;
		}
		h->confirm_ms = dom->hints.updated_ms;
		h->hint_ms = dom->hints.updated_ms;
		h->raw_kib = raw;
	}
	/* A demand that stopped rising stops writing: let the trend go. */
	if (h->rise_kibps != 0 && (now < h->report_ms ||
	    now - h->report_ms > cfg->trend_horizon_ms))
		h->rise_kibps = 0;
	raw = plan_max(h->raw_kib, h->ws_kib);
	dt = now > h->demand_ms ? now - h->demand_ms : 0;
	if (est == PLAN_NONE) {
		est = raw;
		h->peak_ms = now;
	} else if (raw >= est) {
		est = plan_min(raw, plan_sat_add(est,
		    demand_rate(cfg->demand_rise_kibps, dt)));
		h->peak_ms = now;
	} else if (now - h->peak_ms >= cfg->demand_hold_ms) {
		est = plan_max(raw, plan_sat_sub(est,
		    demand_rate(cfg->demand_fall_kibps, dt)));
	}
	demand_recent(cfg, now, h, est);
	h->demand_kib = est;
	h->demand_ms = now;
	dec->demand_kib = est;
	demand_trend(cfg, h, est);
}
