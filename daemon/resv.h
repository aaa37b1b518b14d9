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
 */
#ifndef XB_RESV_H
#define XB_RESV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

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
	uint64_t	held_kib;	/* as the planner counts it */
};

enum resv_step {
	RESV_STEP_NONE,		/* nothing changed */
	RESV_STEP_BOUND,	/* its domain is starting: bound to it */
	RESV_STEP_RAN,		/* its domain runs: the memory is its own */
	RESV_STEP_GONE,		/* its domain went before it ran: unbound */
};

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
