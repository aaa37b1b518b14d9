/*
 * bounds.h - what the admin's policy means for one domain: its bounds,
 * weight and pin as the planner sees them, with the config's defaults,
 * dom0's floor and the static maximum's ceiling applied.  Pure: no I/O,
 * no clock, no globals; the daemon feeds it from its domain table and
 * the simulator from its guests, so both plan with the same rules.
 */
#ifndef XB_BOUNDS_H
#define XB_BOUNDS_H

#include <stdbool.h>
#include <stdint.h>

#include "planner.h"

#define BOUNDS_DEFAULT_MIN_KIB	(128 * 1024)	/* no default-min */
#define BOUNDS_DOM0_MIN_KIB	(1024 * 1024)	/* a managed dom0's */
#define BOUNDS_DEFAULT_WEIGHT	100

/* The admin's policy for one domain (store.c persists it). */
struct policy {
	uint64_t	min_kib;	/* PLAN_NONE: not set */
	uint64_t	max_kib;
	uint64_t	pin_kib;
	uint32_t	weight;		/* 0: not set */
};

/* xenballoond.conf's defaults (config.c reads them). */
struct bounds_config {
	uint64_t	default_min_kib;	/* 0: BOUNDS_DEFAULT_MIN_KIB */
	uint64_t	default_max_kib;	/* 0: the domain's static max */
	unsigned int	default_weight;
	uint64_t	dom0_min_kib;		/* 0: BOUNDS_DOM0_MIN_KIB */
	bool		manage_dom0;
};

/* What the rules need to know of a domain besides its policy. */
struct bounds_dom {
	bool		is_dom0;
	bool		have_static_max;	/* memory/static-max written */
	uint64_t	static_max_kib;		/* 0 unless have_static_max */
	uint64_t	maxmem_kib;		/* the hypervisor's */
};

void		bounds_config_default(struct bounds_config *c);
/* A managed dom0's floor: dom0-min, else BOUNDS_DOM0_MIN_KIB. */
uint64_t	bounds_dom0_floor(const struct bounds_config *c);
/* Managed: its static max is known, and it is a domU or manage-dom0. */
bool		bounds_managed(const struct bounds_config *c,
		    const struct bounds_dom *bd);
/* The bounds the planner applies under pol: lo <= hi, hi <= static max. */
void		bounds_get(const struct bounds_config *c,
		    const struct bounds_dom *bd, const struct policy *pol,
		    uint64_t *lo, uint64_t *hi);
/* What the planner serves a managed domain first: its pin, else its min. */
uint64_t	bounds_floor(const struct bounds_config *c,
		    const struct bounds_dom *bd, const struct policy *pol);
uint32_t	bounds_weight(const struct bounds_config *c,
		    const struct policy *pol);
/*
 * The policy's part of a plan_domain: the managed flag (or'ed into
 * p->flags), maxmem, static max (the hypervisor's maxmem when it is not
 * known), bounds, weight and pin.  The rest is the caller's.
 */
void		bounds_fill(const struct bounds_config *c,
		    const struct bounds_dom *bd, const struct policy *pol,
		    struct plan_domain *p);

/*
 * Whether the floors the planner serves first (each managed domain's
 * bounds_floor) fit what the host can give them under new policies: the
 * budget less the slack and what the domains not managed hold.  Start,
 * add every domain, then ask for the verdict.
 */
struct bounds_fit {
	uint64_t	floors_kib;	/* sum under the new policies */
	uint64_t	before_kib;	/* sum now */
	uint64_t	room_kib;	/* budget - slack - unmanaged */
	uint64_t	budget_kib;
	uint64_t	slack_kib;
	uint64_t	unmanaged_kib;
};

void		bounds_fit_start(struct bounds_fit *f, uint64_t budget_kib,
		    uint64_t slack_kib);
void		bounds_fit_managed(const struct bounds_config *c,
		    struct bounds_fit *f, const struct bounds_dom *bd,
		    const struct policy *now, const struct policy *then);
/* committed_kib: as the planner counts it, max(actual, target). */
void		bounds_fit_unmanaged(struct bounds_fit *f,
		    uint64_t committed_kib);
/*
 * -1 when the floors exceed the room and the new policies make their sum
 * larger than it is now (a change that lowers a shortfall is never
 * refused), else 0, as before any round (budget 0).  Sets room_kib.
 */
int		bounds_fit_verdict(struct bounds_fit *f);

#endif /* XB_BOUNDS_H */
