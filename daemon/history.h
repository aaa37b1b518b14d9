/*
 * history.h - each domain's recent target changes, with when and why,
 * for "xenballoonctl history".  Pure: the caller gives the wall-clock
 * time and the reason; nothing is allocated, so the memory is fixed per
 * domain (HISTORY_LEN entries, inside struct dom) and goes with it.
 *
 * A reason is the planner's why (planner.h, PLAN_WHYS) for a target the
 * plan moved, or one of act.c's own for a kick (kick.h): one vocabulary,
 * named by history_reason_name().
 */
#ifndef XB_HISTORY_H
#define XB_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "planner.h"

#define HISTORY_LEN	32

/* Who moved the target: the plan (with its why), or a kick. */
enum history_cause {
	HISTORY_PLAN = 0,
	HISTORY_KICK,		/* one page lower, to wake the driver */
	HISTORY_KICK_BACK,	/* and back */
};

struct history_entry {
	int64_t		time_s;		/* wall clock, Unix seconds */
	uint64_t	old_kib;	/* PLAN_NONE: not known */
	uint64_t	new_kib;
	uint8_t		cause;		/* enum history_cause */
	uint8_t		why;		/* enum plan_why, for HISTORY_PLAN */
	bool		pressure;	/* the guest said it was pressed */
};

struct history {
	struct history_entry	e[HISTORY_LEN];
	uint32_t		next;	/* slot the next entry goes to */
	uint32_t		n;	/* entries held, up to HISTORY_LEN */
	uint64_t		total;	/* entries ever added */
};

void		 history_add(struct history *h, const struct history_entry *e);
/* The i-th entry held, oldest first (i < h->n), or NULL. */
const struct history_entry *
		 history_get(const struct history *h, size_t i);
/* The reason's word: a why's name, "kick" or "kick-back"; "?" if bad. */
const char	*history_reason_name(const struct history_entry *e);

#endif
