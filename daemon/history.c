/*
 * history.c - a ring of a domain's last HISTORY_LEN target changes: the
 * oldest is overwritten, so a domain that moves all day costs no more
 * than one that moved once.
 */
#include "config.h"

#include "history.h"

void
history_add(struct history *h, const struct history_entry *e)
{
	h->e[h->next] = *e;
	h->next = (h->next + 1) % HISTORY_LEN;
	if (h->n < HISTORY_LEN)
		h->n++;
	h->total++;
}

const struct history_entry *
history_get(const struct history *h, size_t i)
{
	if (i >= h->n)
		return NULL;
	return &h->e[(h->next + HISTORY_LEN - h->n + i) % HISTORY_LEN];
}

const char *
history_reason_name(const struct history_entry *e)
{
	const char *s;

	switch (e->cause) {
	case HISTORY_PLAN:
		s = planner_why_name(e->why);
		return s != NULL ? s : "?";
	case HISTORY_KICK:
		return "kick";
	case HISTORY_KICK_BACK:
		return "kick-back";
	}
	return "?";
}
