/*
 * sim_xb.h - drive the real planner against the simulated host, the way
 * xenballoond does and through the daemon's own round steps (round.h,
 * bounds.h): snapshot, plan, check, apply the actions in order, keep the
 * history by guest, and (if kicks is set) wake a balloon driver that
 * gave up, as act_kick() does from the hypervisor's figures.
 */
#ifndef XB_SIM_XB_H
#define XB_SIM_XB_H

#include "bounds.h"
#include "planner.h"
#include "round.h"
#include "sim.h"

struct sim_xb {
	struct plan_config	cfg;
	struct bounds_config	bcfg;		/* the config's defaults */
	struct kick_config	kcfg;
	int			kicks;		/* wake drivers as act.c does */
	uint64_t		n_kicks;
	int			kicked;		/* this round: a restore is due */
	struct plan_domain	dom[SIM_MAX_GUESTS];
	size_t			map[SIM_MAX_GUESTS];	/* input -> guest */
	struct plan_decision	dec[SIM_MAX_GUESTS];
	struct plan_action	act[2 * SIM_MAX_GUESTS];
	/* the host's reservations, then one per domain waiting to start */
	struct plan_reservation	res[SIM_MAX_RES + SIM_MAX_GUESTS];
	size_t			rmap[SIM_MAX_RES + SIM_MAX_GUESTS];
	struct plan_res_result	rres[SIM_MAX_RES + SIM_MAX_GUESTS];
	struct plan_input	in;
	struct plan_output	out;
	struct round_totals	totals;		/* the last round's */
	char			why[ROUND_WHY_MAX];
};

void	sim_xb_init(struct sim_xb *x);
/*
 * One round.  Returns 0, or -1 when planner_plan() failed or
 * planner_check() rejected its plan (x->why says why).
 */
int	sim_xb_round(struct sim_xb *x, struct sim_host *h);
/* After a round's actions: keep each guest's decision and history, as
 * the daemon's table does (sim_xb_round does it itself). */
void	sim_xb_take_decisions(struct sim_xb *x, struct sim_host *h);
/* Memory held for reservations. */
uint64_t sim_xb_reserved(const struct sim_host *h);

#endif /* XB_SIM_XB_H */
