/*
 * kick.h - when to wake a guest's balloon driver, and how.  Pure: no I/O,
 * no clock, no globals; act.c feeds it the hypervisor's figures each
 * round and writes memory/target as it says.
 *
 * Linux's balloon driver gives up on an increase Xen cannot serve: after
 * max_retry_count failures (4 since XSA-300) it cancels, and from 5.15 on
 * only a write of memory/target with a *different* value restarts it (a
 * same-value write fires the watch and changes nothing; the patched
 * driver acts on any write).  A kick is therefore the target written one
 * page lower, then, at least one round later, back: the driver sees two
 * changes and tries at once (kernel-patch/README.md, "Reviving a stock
 * driver", has the lab's measurements).
 *
 * Only a grower is kicked: a domain that holds less than its target by
 * the hypervisor's count (tot_pages), whose holding has not risen for
 * stall_ms, while the host has memory free for it.  A shrinking domain is
 * never kicked: each wake-up would re-arm the decrease retries that
 * XSA-300 bounded, and a shrinker that gives up is the planner's to judge
 * (stuck), not ours to push.  Where the driver reports its own figures
 * (data/balloon/current-kb and target-kb, from sysfs) and says it holds
 * its target, it is not kicked either: tot_pages counts more than the
 * balloon's pages on PVH and HVM guests.  Those figures can only hold a
 * kick back, never cause one.  Kicks back off (gap_ms doubling up to
 * gap_max_ms) and stop after max_futile kicks in a row that moved
 * nothing, until the domain moves or its target changes.
 */
#ifndef XB_KICK_H
#define XB_KICK_H

#include <stdbool.h>
#include <stdint.h>

#define KICK_PAGE_KIB		4

struct kick_config {
	uint64_t	tolerance_kib;	/* short by more than this: below */
	uint64_t	stall_ms;	/* no rise for this long: stalled */
	uint64_t	gap_ms;		/* between kicks, doubling ... */
	uint64_t	gap_max_ms;	/* ... up to this */
	uint32_t	max_futile;	/* kicks that moved nothing, then stop */
	uint64_t	min_free_kib;	/* free memory worth a kick */
};

struct kick_input {
	uint64_t	now_ms;
	bool		running;	/* running and managed */
	uint64_t	target_kib;	/* its memory/target as the daemon
					   knows it, videoram included */
	uint64_t	tot_kib;	/* the hypervisor's: what it holds */
	uint64_t	host_free_kib;
	bool		have_driver;	/* the driver's own figures */
	uint64_t	drv_current_kib;
	uint64_t	drv_target_kib;
};

/* Per domain, zeroed when it is first seen. */
struct kick_state {
	uint64_t	target_kib;	/* the target pursued */
	uint64_t	last_tot_kib;
	uint64_t	rise_ms;	/* last rise, or last target change */
	uint64_t	next_ms;	/* no kick before */
	uint32_t	futile;		/* kicks since the last rise */
	bool		lowered;	/* written one page low: restore due */
	bool		valid;
	uint64_t	kicks;
};

enum kick_action {
	KICK_NONE,
	KICK_LOWER,	/* write target_kib - KICK_PAGE_KIB */
	KICK_RESTORE,	/* write target_kib back */
};

/*
 * One round for one domain: returns what to write (st->target_kib, or
 * one page below it) and updates st.  *why says why, for the log.
 */
enum kick_action	 kick_decide(const struct kick_config *cfg,
			    const struct kick_input *in, struct kick_state *st,
			    const char **why);
void			 kick_config_default(struct kick_config *cfg);

#endif /* XB_KICK_H */
