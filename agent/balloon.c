/*
 * balloon.c - the balloon driver's sysfs state as data/balloon keys.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "balloon.h"
#include "memstat.h"
#include "sysfsval.h"

#define BALLOON_KIB_MAX	(UINT64_C(1) << 50)

void
balloon_init(struct balloon *b, const char *dir)
{
	memset(b, 0, sizeof(*b));
	b->dir = dir;
}

static int
balloon_read_u64(const char *dir, const char *name, enum sysfsval_base base,
    uint64_t *out, const char **why)
{
	char buf[64];
	long n = memstat_read_file(dir, name, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	if (sysfsval_parse_u64(buf, (size_t)n, base, 0, BALLOON_KIB_MAX, out) !=
	    PARSE_OK) {
		*why = name;
		return -EBADMSG;
	}
	return 0;
}

/* A word of lower-case letters and digits (the patched driver's state
 * and error names), and a newline. */
static int
balloon_read_word(const char *dir, const char *name, char *out, size_t len,
    const char **why)
{
	char buf[32];
	long n = memstat_read_file(dir, name, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n == 0 || (size_t)n >= len) {
		*why = name;
		return -EBADMSG;
	}
	for (long i = 0; i < n; i++)
		if (!((buf[i] >= 'a' && buf[i] <= 'z') ||
		    (buf[i] >= 'A' && buf[i] <= 'Z') ||
		    (buf[i] >= '0' && buf[i] <= '9'))) {
			*why = name;
			return -EBADMSG;
		}
	memcpy(out, buf, (size_t)n + 1);
	return 0;
}

int
balloon_read(const struct balloon *b, struct balloon_sysfs *s,
    const char **why)
{
	char word[XSK_BSTATE_MAX + 1];
	int r;

	memset(s, 0, sizeof(*s));
	if ((r = balloon_read_u64(b->dir, "target_kb", SYSFSVAL_DEC,
	    &s->target_kib, why)) < 0)
		return r;
	if ((r = balloon_read_u64(b->dir, "info/current_kb", SYSFSVAL_DEC,
	    &s->current_kib, why)) == -ENOENT) {
		/* A driver without it is broken, not absent. */
		*why = "info/current_kb";
		return -EBADMSG;
	}
	if (r < 0)
		return r;
	r = balloon_read_u64(b->dir, "retry_count", SYSFSVAL_HEX,
	    &s->retry_count, why);
	if (r == -EBADMSG)
		return r;
	s->has_retry = r == 0;
	if (balloon_read_word(b->dir, "info/state", word, sizeof(word),
	    why) == 0 &&
	    xsk_bstate_parse(word, strlen(word), &s->state) == 0 &&
	    balloon_read_word(b->dir, "info/last_error", s->last_error,
	    sizeof(s->last_error), why) == 0)
		s->has_state = true;
	return 0;
}

enum xsk_bstate
balloon_state(const struct balloon_sysfs *s, uint64_t stalled_us)
{
	if (s->has_state)
		return s->state;
	if (s->current_kib == s->target_kib || stalled_us >= BALLOON_STALL_US)
		return XSK_BSTATE_IDLE;
	if (s->current_kib > s->target_kib)
		return XSK_BSTATE_DECREASING;
	/* The stock driver counts attempts from 1; more means failures. */
	if (s->has_retry && s->retry_count > 1)
		return XSK_BSTATE_WAITING;
	return XSK_BSTATE_INCREASING;
}

bool
balloon_apply(struct balloon *b, const struct balloon_sysfs *s,
    uint64_t now_us, struct keymap *km)
{
	uint64_t retries;
	bool changed;
	enum xsk_bstate st;

	if (!b->have_last || s->current_kib != b->last.current_kib ||
	    s->target_kib != b->last.target_kib) {
		b->moved_us = now_us;
		b->gave_up = false;
	}
	/*
	 * Stock 6.1 cancels after max_retry_count failures and resets its
	 * counter to 1: a counter that falls back to 1 with nothing moved
	 * means it gave up, not that it is increasing again.
	 */
	if (!s->has_state && b->have_last && b->last.has_retry &&
	    b->last.retry_count > 1 && s->has_retry && s->retry_count <= 1 &&
	    s->current_kib < s->target_kib &&
	    s->current_kib == b->last.current_kib &&
	    s->target_kib == b->last.target_kib)
		b->gave_up = true;
	changed = !b->have_last || memcmp(s, &b->last, sizeof(*s)) != 0;
	b->last = *s;
	b->have_last = true;
	keymap_set_u64(km, XSK_BALLOON_TARGET, s->target_kib);
	keymap_set_u64(km, XSK_BALLOON_CURRENT, s->current_kib);
	st = b->gave_up ? XSK_BSTATE_IDLE : balloon_state(s,
	    now_us - b->moved_us);
	(void)keymap_set(km, xskey(XSK_BALLOON_STATE)->path,
	    xsk_bstate_name(st));
	/* retry_count counts attempts from 1, on every kernel. */
	retries = s->has_retry && s->retry_count > 0 ? s->retry_count - 1 : 0;
	keymap_set_u64(km, XSK_BALLOON_RETRIES, retries);
	if (s->has_state)
		(void)keymap_set(km, xskey(XSK_BALLOON_LAST_ERROR)->path,
		    s->last_error);
	return changed || keymap_dirty(km);
}

/*
 * Poll while the driver works, whatever the time without movement: a
 * patched kernel told to retry increases forever stays "waiting" for as
 * long as the host is short, and its retry_count must keep reaching
 * data/balloon/retries.  The stock driver's state turns idle once it
 * stalls (balloon_state).
 */
void
balloon_target_written(struct balloon *b, uint64_t now_us)
{
	b->target_us = now_us != 0 ? now_us : 1;
}

bool
balloon_active(const struct balloon *b, uint64_t now_us)
{
	if (b->target_us != 0 && now_us >= b->target_us &&
	    now_us - b->target_us < BALLOON_FOLLOW_US)
		return true;
	if (!b->have_last || b->gave_up)
		return false;
	return balloon_state(&b->last, now_us - b->moved_us) !=
	    XSK_BSTATE_IDLE;
}
