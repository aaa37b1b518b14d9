/*
 * bench.h - policies and scenarios for policy-bench.
 *
 * Every policy sees the same simulated host through the same narrow
 * window (the hypervisor's figures and the guests' hints) and acts only
 * by setting targets and maxmem; the oracle alone may move memory
 * instantly, as the physical limit.
 */
#ifndef XB_BENCH_H
#define XB_BENCH_H

#include <stdio.h>

#include "sim.h"
#include "sim_xb.h"

#define BENCH_SLACK_KIB		(64 * SIM_MIB)
#define SQ_BALANCE_MS		10000	/* squeezed's balance-check-interval */

struct bench_guest_state {
	uint64_t	last_actual;
	uint64_t	last_progress_ms;
	uint64_t	last_target;
	int		stuck;
	int		asked;		/* qmemman: asked to give back */
};

struct bench_policy {
	const char	*name;
	int		detects_stuck;	/* else stuck_detect_s is null */
	int		per_tick;	/* acts before every tick (oracle) */
	int		late;		/* oracle: sees a demand only once it
					   is there, a tick late */
	void		(*round)(struct bench_policy *p, struct sim_host *h);
	struct sim_xb	*xb;
	struct bench_guest_state gs[SIM_MAX_GUESTS];
	struct plan_decision *scratch;	/* oracle's water-filling */
	uint64_t	errors;		/* plans planner_check rejected */
};

void	bench_static_round(struct bench_policy *p, struct sim_host *h);
void	bench_squeezed_round(struct bench_policy *p, struct sim_host *h);
void	bench_qmemman_round(struct bench_policy *p, struct sim_host *h);
void	bench_oracle_round(struct bench_policy *p, struct sim_host *h);
/* squeezed: every target reached (it then balances every 10 s). */
int	bench_squeezed_converged(const struct sim_host *h);
void	bench_xb_round(struct bench_policy *p, struct sim_host *h);

struct bench_scenario {
	const char	*name;
	const char	*what;
	void		(*build)(struct sim_host *h, uint64_t seed);
};

/* bench_plot.c: one scenario under one policy, as a gnuplot script. */
void	bench_plot_reset(void);
void	bench_plot_sample(const struct sim_host *h);
void	bench_plot_write(FILE *f, const char *term, const char *scenario,
	    const char *what, const char *policy, const char *profile);

extern const struct bench_scenario bench_scenarios[];
extern const size_t bench_n_scenarios;
/* Written after the tuning, and not tuned on (policy-bench --held-out). */
extern const struct bench_scenario bench_heldout[];
extern const size_t bench_n_heldout;
extern const struct bench_scenario bench_variants[];
extern const size_t bench_n_variants;
extern const struct bench_scenario bench_random[];
extern const size_t bench_n_random;

#endif /* XB_BENCH_H */
