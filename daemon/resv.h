/*
 * resv.h - a reservation made for a domain, as that domain starts: which
 * domain it is for, what it still asks of the planner, when it is done.
 * Pure logic, no I/O (tests/unit/test-resv.c); xenballoond.c feeds it
 * the domains of each round.
 *
 * A reservation may name the domain it is for, by name or UUID.  The
 * first matching domain seen starting (paused before its first run:
 * being built, restored or migrated in) binds it.  From then on the
 * memory that domain holds, which the planner counts at max(actual,
 * target), is taken off the reservation, so that nothing is counted
 * twice and nothing the domain still needs is handed to others.  When
 * the domain first runs, the rest is its own: the reservation is done.
 * When it goes before it ran (its creation failed), the reservation is
 * unbound and held again for a retry, until it is released or expires.
 *
 * A reservation is pending until the planner grants it (PLAN_RES_HELD:
 * its memory is free and held for it, RESV_HELD), or failed; a held one
 * is handed to its domain when that runs, or expires.  The daemon keeps
 * the table and its persistence; the steps below are pure.
 */
#ifndef XB_RESV_H
#define XB_RESV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"
#include "planner.h"

/* xl migrate-receive builds the domain under this suffix, then renames. */
#define RESV_INCOMING_SUFFIX	"--incoming"

struct resv_for {
	bool		set;		/* made for a domain */
	struct domref	ref;		/* DOMREF_NAME or DOMREF_UUID */
	bool		bound;		/* a domain took it: */
	uint32_t	domid;		/*   that domain */
	uint8_t		uuid[16];
};

/* A domain as the reservation sees it. */
struct resv_dom {
	uint32_t	domid;
	uint8_t		uuid[16];
	const char	*name;
	bool		starting;	/* paused, never run */
	uint64_t	committed_kib;	/* as the planner counts it */
};

enum resv_step {
	RESV_STEP_NONE,		/* nothing changed */
	RESV_STEP_BOUND,	/* its domain is starting: bound to it */
	RESV_STEP_RAN,		/* its domain runs: the memory is its own */
	RESV_STEP_GONE,		/* its domain went before it ran: unbound */
};

enum resv_state {
	RESV_PENDING,
	RESV_HELD,	/* the planner freed its memory: counted for it */
	RESV_FAILED,
	RESV_HANDED,	/* its domain ran: the memory is the domain's */
};

struct resv {
	uint64_t	id;
	uint64_t	size_kib;
	uint64_t	deadline_ms;	/* monotonic: fail unless held by */
	uint64_t	expire_ms;	/* monotonic: released by then */
	uint64_t	deadline_rt_ms;	/* the same, wall clock (persisted) */
	uint64_t	expire_rt_ms;
	enum resv_state	state;
	const char	*reason;
	uint64_t	unreachable_kib;
	uint32_t	n_refused;
	uint32_t	refused[PLAN_RES_MAX_REFUSED];
	uint64_t	failed_ms;	/* failed or handed: kept a while for
					   pollers */
	/* The domain it is for, as the admin named it. */
	struct resv_for	for_;
	char		for_text[DOMNAME_MAX + 1];
	uint64_t	ask_kib;	/* what it asks of the planner now */
	/* The control client waiting for it (control.c's serial), until
	 * it heard the outcome; 0: none.  A pending reservation whose
	 * client goes is cancelled: nobody would learn its ID. */
	uint64_t	owner;
};

/* What the planner said of a reservation this round. */
enum resv_event {
	RESV_EV_NONE,		/* as it was */
	RESV_EV_HELD,		/* held now: the caller starts its hold */
	RESV_EV_FAILED,		/* failed now (r->reason says why) */
};

/* "pending", "held", "failed", "handed": the protocol's and xenstore's. */
const char	*resv_state_name(enum resv_state s);
/* Failed or handed: kept for pollers only, planned as nothing. */
bool		 resv_over(const struct resv *r);
/* The planner's input for r. */
void		 resv_plan(const struct resv *r, struct plan_reservation *pr);
/* Take the planner's result o for r at now_ms. */
enum resv_event	 resv_take(struct resv *r, const struct plan_res_result *o,
		    uint64_t now_ms);
/* Hold r for hold_ms from now (monotonic and wall clock). */
void		 resv_hold(struct resv *r, uint64_t now_ms, uint64_t now_rt_ms,
		    uint64_t hold_ms);

/*
 * Parse the reference an admin gave for a reservation: 0, or -1 with a
 * sentence in err.  A domid is refused: a domain not created has none,
 * and one that exists already needs no reservation.
 */
int		 resv_for_parse(const char *s, struct resv_for *f, char *err,
		    size_t errlen);
/* Whether dom is the domain f waits for, or the one it is bound to. */
bool		 resv_for_matches(const struct resv_for *f,
		    const struct resv_dom *dom);
/* One round: dom is the matching domain, or NULL when there is none. */
enum resv_step	 resv_follow(struct resv_for *f, const struct resv_dom *dom);
/* What a reservation of size_kib still asks while dom holds memory. */
uint64_t	 resv_left_kib(uint64_t size_kib, const struct resv_for *f,
		    const struct resv_dom *dom);

#endif
