/*
 * cadence.h - when xenballoond plans: its timers' defaults, in one place
 * for config.c, the event loop and the policy benchmark (which runs the
 * planner at the daemon's own cadence, not at one of its own).
 */
#ifndef XB_CADENCE_H
#define XB_CADENCE_H

#include <stdbool.h>
#include <stdint.h>

/* A round at least this often; every XBD_BUSY_INTERVAL_MS while domains
 * move, every XBD_WAIT_INTERVAL_MS while a domain waits to grow into
 * memory others are releasing; XBD_SETTLE_MS_DEFAULT after an event; a
 * guest's keys are read XBD_READ_BURST times at once after a quiet spell,
 * then once every XBD_GUEST_READ_MS_DEFAULT however often it writes. */
#define XBD_INTERVAL_MS_DEFAULT		5000
#define XBD_BUSY_INTERVAL_MS		1000
#define XBD_WAIT_INTERVAL_MS		250
#define XBD_SETTLE_MS_DEFAULT		200
#define XBD_GUEST_READ_MS_DEFAULT	1000
#define XBD_READ_BURST			3

/*
 * How long after a round the next one comes, interval_ms at most.  A
 * domain grows only into memory already released (the planner's first
 * invariant), so a guest that needs memory now gets it a round after the
 * others let it go: while one waits (round_totals.waiting), rounds come
 * every XBD_WAIT_INTERVAL_MS and hand out what was freed meanwhile.  A
 * lowered target (a kick) is put back no sooner than
 * XBD_BUSY_INTERVAL_MS, so that the guest has seen it (kick.h).
 */
static inline uint64_t
cadence_next_ms(bool kicked, bool waiting, bool moving, uint64_t interval_ms)
{
	uint64_t next = kicked ? XBD_BUSY_INTERVAL_MS : waiting ?
	    XBD_WAIT_INTERVAL_MS : moving ? XBD_BUSY_INTERVAL_MS :
	    interval_ms;

	return next < interval_ms ? next : interval_ms;
}

/*
 * A guest's reads as a token bucket of XBD_READ_BURST reads refilled one
 * per gap, kept as one number per domain (`tat`, the time at which the
 * bucket is full again; 0 for a domain never read).  A guest that was
 * quiet and starts to report, say a job taking the last of its memory,
 * is read at the next round (after settle), not up to a gap later; one
 * that writes without end is read once a gap, so a flood costs it, not
 * the host.  The gap is at most an hour (config.c): no sum here overflows.
 */
static inline uint64_t
read_next_ms(uint64_t tat, uint64_t gap_ms)
{
	uint64_t burst = (XBD_READ_BURST - 1) * gap_ms;

	return tat > burst ? tat - burst : 0;
}

/* May the keys be read at now_ms?  If so, the read is counted in *tat. */
static inline bool
read_take(uint64_t *tat, uint64_t now_ms, uint64_t gap_ms)
{
	if (now_ms < read_next_ms(*tat, gap_ms))
		return false;
	*tat = (*tat > now_ms ? *tat : now_ms) + gap_ms;
	return true;
}

#endif /* XB_CADENCE_H */
