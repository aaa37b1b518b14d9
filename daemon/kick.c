/*
 * kick.c - when to wake a guest's balloon driver, and how (kick.h).
 */
#include "config.h"

#include "kick.h"

void
kick_config_default(struct kick_config *cfg)
{
	cfg->tolerance_kib = 1024;
	cfg->stall_ms = 3000;
	cfg->gap_ms = 3000;
	cfg->gap_max_ms = 60000;
	cfg->max_futile = 5;
	cfg->min_free_kib = 2048;
}

static uint64_t
kick_gap(const struct kick_config *cfg, uint32_t futile)
{
	uint64_t gap = cfg->gap_ms;

	while (futile-- > 1 && gap < cfg->gap_max_ms)
		gap *= 2;
	return gap < cfg->gap_max_ms ? gap : cfg->gap_max_ms;
}

/* Progress, or a new target: the driver is awake, wait for it. */
static void
kick_rearm(struct kick_state *st, uint64_t now)
{
	st->rise_ms = now;
	st->futile = 0;
	st->next_ms = 0;
}

enum kick_action
kick_decide(const struct kick_config *cfg, const struct kick_input *in,
    struct kick_state *st, const char **why)
{
	uint64_t now = in->now_ms, short_kib, need;
	bool lowered = st->lowered;

	st->lowered = false;
	if (!st->valid) {
		st->valid = true;
		st->target_kib = in->target_kib;
		st->last_tot_kib = in->tot_kib;
		kick_rearm(st, now);
		*why = "first seen";
		return KICK_NONE;
	}
	/* Put back what the last round lowered, unless a new target was
	 * written meanwhile (that write wakes the driver itself). */
	if (lowered && in->running && (in->target_kib == st->target_kib ||
	    in->target_kib + KICK_PAGE_KIB == st->target_kib)) {
		*why = "target written back";
		return KICK_RESTORE;
	}
	if (in->target_kib != st->target_kib) {
		st->target_kib = in->target_kib;
		st->last_tot_kib = in->tot_kib;
		kick_rearm(st, now);
		*why = "new target";
		return KICK_NONE;
	}
	if (in->tot_kib > st->last_tot_kib)
		kick_rearm(st, now);
	st->last_tot_kib = in->tot_kib;

	if (!in->running) {
		*why = "not running";
		return KICK_NONE;
	}
	if (in->tot_kib >= in->target_kib ||
	    in->target_kib - in->tot_kib <= cfg->tolerance_kib) {
		*why = "holds its target, or is shrinking";
		return KICK_NONE;
	}
	if (in->have_driver && in->drv_current_kib >= in->drv_target_kib) {
		*why = "its driver holds its own target";
		return KICK_NONE;
	}
	if (now - st->rise_ms < cfg->stall_ms) {
		*why = "growing";
		return KICK_NONE;
	}
	short_kib = in->target_kib - in->tot_kib;
	need = short_kib < cfg->min_free_kib ? short_kib : cfg->min_free_kib;
	if (in->host_free_kib < need) {
		*why = "no memory free for it";
		return KICK_NONE;
	}
	if (now < st->next_ms) {
		*why = "kicked recently";
		return KICK_NONE;
	}
	if (st->futile >= cfg->max_futile) {
		*why = "kicks moved nothing";
		return KICK_NONE;
	}
	st->futile++;
	st->kicks++;
	st->next_ms = now + kick_gap(cfg, st->futile);
	st->lowered = true;
	*why = "stalled short of its target with memory free";
	return KICK_LOWER;
}
