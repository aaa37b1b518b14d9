/*
 * round.h - the pure steps of one round between the snapshot and the
 * writes: a domain's facts made into the planner's input (bounds.h
 * applies the admin's policy), the plan and its check, and what the
 * domain table keeps of the outcome.  No I/O, no clock, no globals:
 * xenballoond (xbd_plan) reads xenstore and the hypervisor, writes
 * targets and logs around these steps; tests/sim/sim_xb.c runs the same
 * steps against a simulated host.
 */
#ifndef XB_ROUND_H
#define XB_ROUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bounds.h"
#include "planner.h"

/* A domain as the snapshot found it. */
struct round_dom {
	uint32_t			 domid;
	const uint8_t			*uuid;		/* PLAN_UUID_LEN */
	bool				 dying;		/* or shut down */
	bool				 starting;	/* being built */
	uint64_t			 actual_kib;	/* tot_pages */
	bool				 have_target;
	uint64_t			 target_kib;	/* + video RAM */
	struct bounds_dom		 bd;
	const struct policy		*pol;
	const struct plan_hints		*hints;
	const struct plan_history	*hist;
};

/* What the table keeps of a domain from one round to the next. */
struct round_memo {
	struct plan_history	hist;		/* the planner's, carried */
	struct plan_decision	dec;		/* the last round's */
	bool			have_dec;
};

/* What a round leaves for the status reply, publishing and cadence. */
struct round_totals {
	bool		moving;		/* plan again in a second */
	bool		waiting;	/* a domain waits to grow into memory
					   being released: plan again sooner
					   (cadence.h) */
	uint64_t	budget_kib, committed_kib, deficit_kib, unmet_kib;
	uint32_t	n_stuck;
};

/* The planner's view of rd (a domain without memory/target yet is
 * planned from what it holds). */
void	round_domain(const struct bounds_config *c, const struct round_dom *rd,
	    struct plan_domain *p);
/*
 * planner_plan(), then planner_check() on its plan.  Returns 0, or a
 * -errno with why filled (ROUND_WHY_MAX holds it whole): the planner
 * failed, or (-EINVAL) the plan breaks an invariant and must not be
 * applied, whatever it is (the last line of defence).
 */
#define ROUND_WHY_MAX	320
int	round_plan(const struct plan_config *cfg, const struct plan_input *in,
	    struct plan_output *out, char *why, size_t whylen);
/* Keep dec in m.  True when the domain has just been found stuck. */
bool	round_take_decision(struct round_memo *m,
	    const struct plan_decision *dec);
/* The totals of out; moving if any decision is (planner_moving). */
void	round_take_totals(const struct plan_config *cfg,
	    const struct plan_output *out, size_t n, struct round_totals *t);
/*
 * now->sampled_after_ms for figures just read, was the last read's and
 * prev_ms its time: figures found changed were sampled after that read
 * (the agent writes them in one transaction), figures found unchanged
 * keep the bound they had, and no figures have none.  The planner learns
 * a guest's kernel share from a sample taken at rest (planner_demand.c).
 */
uint64_t round_sampled_after(const struct plan_hints *was,
	    const struct plan_hints *now, uint64_t prev_ms);

#endif /* XB_ROUND_H */
