/*
 * sim.h - a simulated Xen host over time, for the planner's tests and
 * the policy benchmark.
 *
 * The host has a fixed amount of memory; guests hold "actual" KiB and
 * move toward their target at the speed of their balloon driver, which
 * may be ideal, slow, stuck, flaky, hide a floor or a ceiling, or behave
 * like the Linux 6.1 driver (backs off and gives up when memory is not
 * there).  Each guest has a demand trace (what it really needs) and an
 * agent that reports hints (honestly, or lying).  Guests can die and a
 * new guest can be born with the same domid.  The simulator measures
 * what matters: unmet demand over time, promises beyond the host,
 * target churn, time to converge, time to notice a stuck guest.
 */
#ifndef XB_SIM_H
#define XB_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "planner.h"

#define SIM_MAX_GUESTS		256
#define SIM_MAX_RES		4
#define SIM_MIB			UINT64_C(1024)
#define SIM_GIB			(UINT64_C(1024) * 1024)

enum sim_driver {
	SIM_DRV_IDEAL = 0,	/* moves at once */
	SIM_DRV_SLOW,		/* speed_kib_s */
	SIM_DRV_FLOOR,		/* will not go below floor_kib */
	SIM_DRV_CEILING,	/* will not go above ceiling_kib */
	SIM_DRV_STUCK,		/* never moves */
	SIM_DRV_FLAKY,		/* stuck 19 s, active 1 s */
	SIM_DRV_LINUX,		/* 6.1: backs off 2,4,8 s, cancels on failure */
	SIM_DRV_N
};

enum sim_trace {
	SIM_TR_STEADY = 0,	/* base */
	SIM_TR_RAMP,		/* base -> base + amp over period, and back */
	SIM_TR_SPIKE,		/* base, + amp for period / 4 every period */
	SIM_TR_DIURNAL,		/* base + amp * (1 + sin) / 2 */
	SIM_TR_N
};

enum sim_hints {
	SIM_HINTS_HONEST = 0,
	SIM_HINTS_NONE,		/* no agent */
	SIM_HINTS_LIAR,		/* claims to be starving, always */
	SIM_HINTS_GARBAGE,	/* random, inconsistent, future-dated */
	SIM_HINTS_STALE,	/* stops updating after a while */
	SIM_HINTS_QUIET,	/* honest meminfo, never any pressure: no
				   swap, nothing to reclaim, then the OOM
				   killer (the lab's guests) */
};

struct sim_guest {
	int		alive;
	uint32_t	domid;
	uint8_t		uuid[PLAN_UUID_LEN];
	int		managed;
	uint64_t	static_max, min, max, pin;	/* pin: PLAN_NONE if none */
	uint32_t	weight;
	uint64_t	initial;			/* size at (re)birth */
	/* hypervisor view */
	uint64_t	actual, target, maxmem;
	uint64_t	lag_actual;		/* actual at the last snapshot */
	/* behaviour */
	enum sim_driver	drv;
	uint64_t	speed_kib_s;
	uint64_t	floor, ceiling;
	uint64_t	hint_every_ms;	/* 0: every second; 12000: the agent */
	int		rereads;	/* between reports the daemon reads the
					   same figures again every second (a
					   heartbeat, a watch event per key) */
	uint64_t	kshare;		/* the guest kernel's own share: its
					   MemTotal is actual - kshare, and
					   demand counts it */
	enum sim_hints	hints_kind;
	enum sim_trace	trace;
	uint64_t	base, amp, period_ms, phase_ms;
	uint64_t	die_ms, reborn_ms;		/* 0: never */
	/* current state */
	uint64_t	demand;
	struct plan_hints hints;
	uint64_t	next_hint_ms;
	uint64_t	lx_next_ms, lx_delay_ms, lx_seen_target;
	int		lx_failures, lx_cancelled;
	/* for metrics */
	uint64_t	blocked_since_ms;		/* 0: not blocked */
	int		detected;			/* this blocked spell */
	uint64_t	set_ms, set_target;		/* open convergence episode */
	int		set_open;
	/* what the planner carries for it (by UUID in the daemon) */
	struct plan_history hist;
	/* what the policy says about it this round */
	int		flagged_stuck;
};

struct sim_metrics {
	double		shortfall_kib_s;
	uint64_t	overcommit_events;
	uint64_t	churn_kib;
	uint64_t	alloc_failures;		/* a grow found no free memory */
	double		*converge_s;		/* samples (caller-owned array) */
	size_t		n_converge, cap_converge;
	double		stuck_detect_s;		/* sum over spells */
	uint64_t	n_stuck_spells;
};

struct sim_host {
	uint64_t	total, overhead, now_ms, tick_ms, tolerance;
	struct sim_guest g[SIM_MAX_GUESTS];
	size_t		n;
	uint64_t	rng;
	struct plan_reservation res[SIM_MAX_RES];
	int		res_state[SIM_MAX_RES];	/* enum plan_res_status, -1 none */
	size_t		n_res;
	int		moved;		/* some balloon moved in the last tick */
	int		snapshot_lag;	/* the planner sees actuals a round
					   old, free memory as it is now (the
					   daemon reads domains, then free) */
	struct sim_metrics m;
};

uint64_t	sim_rand(struct sim_host *h);
uint64_t	sim_rand_range(struct sim_host *h, uint64_t lo, uint64_t hi);

void		sim_init(struct sim_host *h, uint64_t total, uint64_t overhead,
		    uint64_t seed);
/* Add a guest from a template; returns its index, or -1 if no room. */
int		sim_add(struct sim_host *h, const struct sim_guest *tmpl);
uint64_t	sim_free(const struct sim_host *h);
uint64_t	sim_held(const struct sim_host *h);	/* sum max(actual, target) */
void		sim_set_target(struct sim_host *h, size_t i, uint64_t kib);
void		sim_set_maxmem(struct sim_host *h, size_t i, uint64_t kib);
/* Advance one tick: births, deaths, demand, drivers, hints, metrics. */
void		sim_tick(struct sim_host *h);
/* After a policy round: count promises beyond the host. */
void		sim_account_round(struct sim_host *h, uint64_t reserved_kib);
uint64_t	sim_demand_at(const struct sim_guest *g, uint64_t now_ms);

#endif /* XB_SIM_H */
