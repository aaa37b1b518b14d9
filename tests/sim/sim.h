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

#include "kick.h"
#include "planner.h"
#include "round.h"

#define SIM_MAX_GUESTS		256
#define SIM_MAX_RES		4
#define SIM_MIB			UINT64_C(1024)
#define SIM_GIB			(UINT64_C(1024) * 1024)
/* The swap of a guest that has some (every kind but SIM_HINTS_QUIET). */
#define SIM_SWAP_KIB		SIM_GIB

enum sim_driver {
	SIM_DRV_IDEAL = 0,	/* moves at once */
	SIM_DRV_SLOW,		/* speed_kibps */
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
	SIM_TR_BURST,		/* base; in some periods a burst of a random
				   size up to amp for a random part of it */
	SIM_TR_LEAK,		/* base, rising by amp every period, until
				   restarted (back to base) after 4 periods */
	SIM_TR_JOB,		/* base; each period a job: + amp reached
				   steadily over period / 12, held to
				   period / 4 (the lab's squeeze jobs) */
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
	uint64_t	static_max;
	/* the admin's policy (bounds.h): PLAN_NONE or weight 0 if unset */
	uint64_t	min, max, pin;
	uint32_t	weight;
	uint64_t	initial;			/* size at (re)birth */
	uint32_t	spells_seen;		/* the planner's count, last round */
	/* hypervisor view */
	uint64_t	actual, target, maxmem;
	uint64_t	lag_actual;		/* actual at the last snapshot */
	/* behaviour */
	enum sim_driver	drv;
	uint64_t	speed_kibps;
	uint64_t	floor, ceiling;
	uint64_t	hint_every_ms;	/* 0: every second; 12000: the agent */
	int		rereads;	/* between reports the daemon reads the
					   same figures again every second (a
					   heartbeat, a watch event per key) */
	uint64_t	kshare;		/* the guest kernel's own share: its
					   MemTotal is actual - kshare, and
					   demand counts it */
	uint64_t	cache_ws;	/* of the demand, file pages the guest
					   re-reads (a file server): MemAvailable
					   counts them as free, and taking them
					   shows as refaults and PSI */
	enum sim_hints	hints_kind;
	enum sim_trace	trace;
	uint64_t	base, amp, period_ms, phase_ms;
	uint64_t	die_ms, reborn_ms;		/* 0: never */
	/* current state */
	uint64_t	demand;
	struct plan_hints hints;		/* as the guest published them */
	int		hints_dirty;		/* published since the daemon read:
						   its watch fired */
	struct plan_hints seen;			/* as the daemon last read them
						   (sim_host.read_gap_ms) */
	uint64_t	read_tat;		/* its read bucket (cadence.h) */
	uint64_t	next_hint_ms;
	uint64_t	lx_next_ms, lx_delay_ms, lx_seen_target;
	int		lx_failures, lx_cancelled;
	/* the agent (sim_host.agent): what it last published */
	uint64_t	ag_next_ms, ag_trig_ms, ag_beat_ms;
	unsigned	ag_quiet;
	int		ag_pub;
	uint64_t	ag_total, ag_avail, ag_swap, ag_refault, ag_oom;
	uint64_t	ag_swapped, ag_file;
	uint32_t	ag_psi;
	uint64_t	oom_kills;	/* the guest's /proc/vmstat oom_kill */
	/* for metrics */
	uint64_t	prev_demand;	/* a tick ago (0: not yet seen) */
	uint64_t	top;		/* its highest demand before this tick
					   since it was born */
	int		starved;	/* in a starvation episode */
	uint64_t	fed_ms;		/* not starved since (ends an episode) */
	uint64_t	wait_ms;	/* waiting to be born since; 0: not */
	int		res_held;	/* its reservation is held */
	uint64_t	born_round;	/* sim_host.rounds at its birth */
	uint64_t	blocked_since_ms;		/* 0: not blocked */
	int		detected;			/* this blocked spell */
	uint64_t	set_ms, set_target;		/* open convergence episode */
	int		set_open;
	/* what the round keeps of it: the planner's history (by UUID in
	   the daemon) and last decision */
	struct round_memo memo;
	/* what the policy says about it this round */
	int		flagged_stuck;
	/* xenballoond's kicks (per domain in the daemon: a new one starts
	   clean) */
	struct kick_state kick;
};

/*
 * What started a starvation episode.  A step: the demand rose past the
 * margin within one 100 ms tick, faster than any report, so only memory
 * placed before it could have met it.  A climb: it rose over several
 * ticks.  New: to a demand higher than any the guest had shown since it
 * was born, which no policy that learns from what a guest did can place
 * memory for; seen: to a level it had reached before.  Each NEW comes
 * right after its SEEN: sim_starvation() adds 1 for a new high.  A cut:
 * the demand did not rise at all; what the guest holds was taken below
 * it (by the policy, or shared out when the host is short).
 */
enum sim_episode_kind {
	SIM_EP_CUT,
	SIM_EP_CLIMB_SEEN,
	SIM_EP_CLIMB_NEW,
	SIM_EP_STEP_SEEN,
	SIM_EP_STEP_NEW,
	SIM_EP_KINDS,
};

/* Their names, as policy-bench prints them and --json keys them. */
extern const char *const sim_episode_kind_name[SIM_EP_KINDS];

struct sim_metrics {
	double		shortfall_kib_s;
	uint64_t	overcommit_events;
	uint64_t	churn_kib;
	uint64_t	alloc_failures;		/* a grow found no free memory */
	double		*converge_s;		/* samples (caller-owned array) */
	size_t		n_converge, cap_converge;
	double		stuck_detect_s;		/* sum over spells */
	uint64_t	n_stuck_spells;
	/*
	 * Starvation: demand above what the guest holds by more than
	 * max(64 MiB, 5 % of demand), what a guest without swap does not
	 * survive.  An episode ends after 1 s fed.
	 */
	double		starved_s;		/* guest-seconds */
	uint64_t	starve_episodes;
	uint64_t	episode_kind[SIM_EP_KINDS];	/* the same, by kind */
	uint64_t	born_episodes;		/* of them, begun in a guest's
						   first tick: born with less than
						   its demand (steps new all) */
	uint64_t	oom_kills;		/* swapless guests, per episode */
	uint64_t	spells_seen;		/* spells of pressure xenballoond
						   counted (status's starve_spells;
						   its policy only) */
	uint64_t	moved_kib;		/* memory balloons really moved */
	uint64_t	overcommit_ticks;	/* ticks where what maxmem lets
						   guests reach, plus held
						   reservations, exceeds the host */
	double		waiting_kib_s;		/* domains waiting to start */
	uint64_t	max_wait_ms;		/* the longest wait to start */
};

/*
 * The realistic profile (sim_realistic()): the agent's sampling and
 * hysteresis and PSI trigger, balloon drivers at finite speed, a kernel
 * share, and a snapshot whose actuals are a round older than its free
 * figure.  Left zero, the host is the ideal one the first benchmark used.
 */
struct sim_agent_cfg {
	uint64_t	sample_ms, idle_ms, heartbeat_ms;
	uint64_t	mem_threshold_kib;
	uint32_t	psi_threshold;		/* hundredths of a percent */
	uint64_t	swap_threshold_kibps;
	uint32_t	trigger_psi;		/* a PSI trigger fires at this */
	uint64_t	trigger_window_ms;
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
	uint64_t	lag_free;	/* free memory at the last snapshot */
	int		agent;		/* hints as the agent sends them */
	struct sim_agent_cfg agent_cfg;
	uint64_t	drv_kibps;	/* 0: ideal drivers move at once; else
					   every driver's top speed */
	uint64_t	read_gap_ms;	/* 0: the planner sees hints as
					   published; else the daemon reads a
					   guest's keys as its read bucket
					   lets it (cadence.h) */
	uint64_t	birth_event_ms;	/* a domain appeared or went */
	uint64_t	rounds;		/* policy rounds so far */
	int		births_reserve;	/* a domain waiting to start asks for
					   its memory (a reservation) */
	struct sim_metrics m;
};

uint64_t	sim_rand(struct sim_host *h);
uint64_t	sim_rand_range(struct sim_host *h, uint64_t lo, uint64_t hi);

void		sim_init(struct sim_host *h, uint64_t total, uint64_t overhead,
		    uint64_t seed);
/*
 * Switch a built host to the realistic profile: every guest reports
 * through the agent model (cfg), drivers move at most drv_kibps, each
 * guest without one gets a kernel share of kshare_kib, the snapshot
 * lags, and the daemon reads a guest's keys as its read bucket of
 * read_gap_ms lets it (cadence.h).
 */
void		sim_realistic(struct sim_host *h, const struct sim_agent_cfg *cfg,
		    uint64_t drv_kibps, uint64_t kshare_kib, uint64_t read_gap_ms);
/* Held reservations: the host's and those of domains waiting to start. */
uint64_t	sim_reserved(const struct sim_host *h);
/* Memory asked for by domains waiting to start. */
uint64_t	sim_waiting(const struct sim_host *h);
/* Add a guest from a template; returns its index, or -1 if no room. */
int		sim_add(struct sim_host *h, const struct sim_guest *tmpl);
uint64_t	sim_free(const struct sim_host *h);
/* Sum over live guests of max(actual, target). */
uint64_t	sim_committed(const struct sim_host *h);
void		sim_set_target(struct sim_host *h, size_t i, uint64_t kib);
void		sim_set_maxmem(struct sim_host *h, size_t i, uint64_t kib);
/* Advance one tick: births, deaths, demand, drivers, hints, metrics. */
void		sim_tick(struct sim_host *h);
/* After a policy round: count promises beyond the host. */
void		sim_account_round(struct sim_host *h, uint64_t reserved_kib);
uint64_t	sim_demand_at(const struct sim_guest *g, uint64_t now_ms);

#endif /* XB_SIM_H */
