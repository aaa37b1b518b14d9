/*
 * pace.h - how long the agent waits before its next memory sample.  Pure
 * and header-only, so that the agent (memstat.c) and the simulator that
 * models it (tests/sim/sim.c) run this one rule.
 *
 * MemAvailable has no change notification: every sample is a wake-up,
 * and an idle guest pays for samples that find nothing.  After
 * PACE_QUIET_SAMPLES samples in a row that moved nothing the agent
 * samples at the idle interval, and at the fast one again as soon as a
 * sample moves something (a PSI trigger's sample counts too); never
 * while less than total / PACE_LOW_FRACTION is available.
 *
 * And whatever the state, the next sample comes before an allocation at
 * PACE_FILL_KIB_S could use up what is available, though never sooner
 * than PACE_MIN_MS (nor than the fast interval, if that is shorter), and
 * at most pace_slack_us() after that.
 * Memory that fills with nothing to reclaim (no swap, files in tmpfs)
 * shows no pressure before the OOM killer runs, so the next sample is
 * all the daemon has to go on: in the lab's squeeze family a job went
 * from 65 MiB available to its OOM kill in 4 s, between two samples 12 s
 * apart, and was never reported (tests/lab/README.md, run 6).  earlyoom
 * paces its polling by what is available for the same reason.  The cost
 * is a guest left little free memory sampling up to twice a second;
 * a sample is three small procfs reads, and a figure is written only
 * when it moved past its hysteresis.
 */
#ifndef XB_AGENT_PACE_H
#define XB_AGENT_PACE_H

#include <stdbool.h>
#include <stdint.h>

#define PACE_QUIET_SAMPLES	3		/* in a row, before slowing down */
#define PACE_LOW_FRACTION	4		/* available < total / this: fast */
#define PACE_FILL_KIB_S		(256u * 1024)	/* an allocation this fast ... */
#define PACE_MIN_MS		500u		/* ... is caught, down to this */
#define PACE_AVAIL_SHARE	8u		/* a move of avail / this is news */
#define PACE_MIN_MOVE_KIB	1024u		/* ... down to this */
#define PACE_SLACK_SHARE	8u		/* a sample may come this share */
#define PACE_SLACK_MAX_US	1000000u	/* ... of its interval late */

/*
 * avail, total: the last sample's MemAvailable and MemTotal (KiB);
 * quiet: samples in a row that moved nothing; sampled: a sample was
 * taken (none yet: the fast interval).  fast_ms and idle_ms: the
 * configured intervals; an idle one not above the fast one is none.
 */
static inline uint64_t
pace_interval_ms(uint64_t avail, uint64_t total, unsigned int quiet,
    bool sampled, uint64_t fast_ms, uint64_t idle_ms)
{
	uint64_t ms = fast_ms, fill_ms, floor_ms;

	if (!sampled)
		return fast_ms;
	if (idle_ms > fast_ms && quiet >= PACE_QUIET_SAMPLES &&
	    avail >= total / PACE_LOW_FRACTION)
		ms = idle_ms;
	fill_ms = avail / PACE_FILL_KIB_S * 1000 +
	    avail % PACE_FILL_KIB_S * 1000 / PACE_FILL_KIB_S;
	floor_ms = fast_ms < PACE_MIN_MS ? fast_ms : PACE_MIN_MS;
	if (fill_ms < floor_ms)
		fill_ms = floor_ms;
	return fill_ms < ms ? fill_ms : ms;
}

/*
 * How late the sample after an interval of ms may come, in microseconds:
 * the accuracy the agent gives its timer, so that sd-event can fold its
 * wake-up into others.  An eighth of the interval, at most a second.  A
 * flat second, as the agent had, put its half-second samples on a
 * once-a-second grid: in the squeeze lab a job took the 31 MiB its guest
 * had left between two of them, 5.5 s into the job, and was OOM-killed
 * before the daemon read a figure (tests/lab/README.md, run 21).
 */
static inline uint64_t
pace_slack_us(uint64_t ms)
{
	uint64_t us = (ms < UINT64_MAX / 1000 ? ms * 1000 : UINT64_MAX) /
	    PACE_SLACK_SHARE;

	return us < PACE_SLACK_MAX_US ? us : PACE_SLACK_MAX_US;
}

/*
 * How far MemAvailable must move before a sample is written: the
 * configured threshold, or an eighth of what was available when that is
 * less, down to PACE_MIN_MOVE_KIB.  16 MiB is noise to a guest with a
 * GiB available and a third of what a small one has left: in the squeeze
 * lab a guest went from 50 to 28 MiB available before its agent wrote a
 * figure, a second before its OOM kill (tests/lab/README.md).
 */
static inline uint64_t
pace_avail_threshold_kib(uint64_t threshold, uint64_t was_avail)
{
	uint64_t t = was_avail / PACE_AVAIL_SHARE;

	if (t < PACE_MIN_MOVE_KIB)
		t = PACE_MIN_MOVE_KIB;
	return t < threshold ? t : threshold;
}

#endif
