/*
 * resv.c - a reservation made for a domain, as that domain starts
 * (resv.h).  No I/O, no clock.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "planner.h"
#include "resv.h"

int
resv_for_parse(const char *s, struct resv_for *f, char *err, size_t errlen)
{
	enum parse_err pe;

	memset(f, 0, sizeof(*f));
	if ((pe = parse_domref(s, &f->ref)) != PARSE_OK) {
		snprintf(err, errlen, "bad domain '%.64s': %s", s,
		    parse_strerror(pe));
		return -1;
	}
	if (f->ref.kind == DOMREF_ID) {
		snprintf(err, errlen, "a reservation is for a domain to come: "
		    "give its name or UUID, not a domid ('%.64s')", s);
		return -1;
	}
	f->set = true;
	return 0;
}

/* name, or name--incoming as xl migrate-receive calls it meanwhile. */
static bool
resv_name_matches(const char *want, const char *name)
{
	size_t n = strlen(want);

	if (strncmp(name, want, n) != 0)
		return false;
	return name[n] == '\0' || strcmp(name + n, RESV_INCOMING_SUFFIX) == 0;
}

bool
resv_for_matches(const struct resv_for *f, const struct resv_dom *dom)
{
	if (!f->set)
		return false;
	if (f->bound)
		return dom->domid == f->domid &&
		    memcmp(dom->uuid, f->uuid, sizeof(f->uuid)) == 0;
	/* A domain that ran already is not the one to come. */
	if (!dom->starting)
		return false;
	switch (f->ref.kind) {
	case DOMREF_UUID:
		return memcmp(dom->uuid, f->ref.uuid, sizeof(f->uuid)) == 0;
	case DOMREF_NAME:
		return dom->name != NULL &&
		    resv_name_matches(f->ref.name, dom->name);
	case DOMREF_ID:
		break;
	}
	return false;
}

enum resv_step
resv_follow(struct resv_for *f, const struct resv_dom *dom)
{
	if (!f->set)
		return RESV_STEP_NONE;
	if (!f->bound) {
		if (dom == NULL || !resv_for_matches(f, dom))
			return RESV_STEP_NONE;
		f->bound = true;
		f->domid = dom->domid;
		memcpy(f->uuid, dom->uuid, sizeof(f->uuid));
		return RESV_STEP_BOUND;
	}
	if (dom == NULL || !resv_for_matches(f, dom)) {
		f->bound = false;
		return RESV_STEP_GONE;
	}
	return dom->starting ? RESV_STEP_NONE : RESV_STEP_RAN;
}

uint64_t
resv_left_kib(uint64_t size_kib, const struct resv_for *f,
    const struct resv_dom *dom)
{
	if (!f->set || !f->bound || dom == NULL || !resv_for_matches(f, dom))
		return size_kib;
	return dom->committed_kib >= size_kib ? 0 :
	    size_kib - dom->committed_kib;
}

const char *
resv_state_name(enum resv_state s)
{
	switch (s) {
	case RESV_PENDING:	return "pending";
	case RESV_HELD:		return "held";
	case RESV_FAILED:	return "failed";
	case RESV_HANDED:	return "handed";
	}
	return "?";
}

bool
resv_over(const struct resv *r)
{
	return r->state == RESV_FAILED || r->state == RESV_HANDED;
}

void
resv_plan(const struct resv *r, struct plan_reservation *pr)
{
	*pr = (struct plan_reservation){
		.id = r->id,
		.size_kib = resv_over(r) ? 0 : r->ask_kib,
		.deadline_ms = r->deadline_ms,
		.held = r->state == RESV_HELD,
	};
}

enum resv_event
resv_take(struct resv *r, const struct plan_res_result *o, uint64_t now_ms)
{
	enum resv_event ev = RESV_EV_NONE;

	if (resv_over(r))
		return RESV_EV_NONE;
	switch (o->status) {
	case PLAN_RES_HELD:
		if (r->state != RESV_HELD)
			ev = RESV_EV_HELD;
		r->state = RESV_HELD;
		break;
	case PLAN_RES_PENDING:
		break;
	case PLAN_RES_FAILED:
		r->state = RESV_FAILED;
		r->failed_ms = now_ms;
		r->unreachable_kib = o->unreachable_kib;
		r->n_refused = o->n_refused;
		memcpy(r->refused, o->refused_domids, sizeof(r->refused));
		ev = RESV_EV_FAILED;
		break;
	}
	r->reason = o->reason;
	return ev;
}

void
resv_hold(struct resv *r, uint64_t now_ms, uint64_t now_rt_ms,
    uint64_t hold_ms)
{
	r->expire_ms = now_ms + hold_ms;
	r->expire_rt_ms = now_rt_ms + hold_ms;
}
