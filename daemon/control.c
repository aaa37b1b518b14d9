/*
 * control.c - the control socket: one JSON request per line in, one JSON
 * reply per line out (protocol in control.h, documented in
 * xenballoonctl(8)).
 *
 * Who may talk: root, or a member of the configured control group
 * (checked with SO_PEERCRED at accept, besides the socket file's mode).
 * What a client cannot do: send more than CONTROL_REQUEST_MAX bytes
 * without a newline, hold more than one reply unread, keep a slot while
 * idle, or make the daemon block: every socket is non-blocking and each
 * client has its own buffers.
 *
 * A line is decoded and checked by request.c; what is left here needs
 * the daemon's state: whether the domain exists, its bounds, the
 * reservations, the live log classes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* struct ucred, accept4 */
#endif
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <jansson.h>

#include "clock.h"
#include "control.h"
#include "control_ops.h"
#include "log.h"
#include "parse.h"
#include "planner.h"
#include "request.h"

#define CONTROL_IDLE_MS		60000
#define CONTROL_GROUPS_MAX	256

struct ctl_client {
	struct control	*ctl;
	int		 fd;
	sd_event_source	*src;
	uid_t		 uid;
	char		 in[CONTROL_REQUEST_MAX];
	size_t		 inlen;
	char		*out;
	size_t		 outlen, outoff;
	uint64_t	 active_ms;
	uint64_t	 serial;	/* names it as a reservation's owner */
	bool		 closing;	/* close once the reply is out */
};

/* The socket's state; the daemon holds it (struct xbd's ctl). */
struct control {
	struct xbd			*d;
	const struct control_ops	*ops;
	struct ctl_client		*clients[CONTROL_CLIENTS_MAX];
	int				 fd;
	sd_event_source			*src;
	char				 path[108];
	uint64_t			 serial;
	/* The client whose request is being served (requests are served
	 * one at a time, from control_next()). */
	struct ctl_client		*serving;
};

static void control_io_update(struct ctl_client *c);

static void
control_drop(struct ctl_client *c)
{
	struct control *ctl = c->ctl;

	if (resvtab_orphan(ctl->d, c->serial))
		ctl->ops->kick(ctl->d);
	for (size_t i = 0; i < CONTROL_CLIENTS_MAX; i++)
		if (ctl->clients[i] == c)
			ctl->clients[i] = NULL;
	sd_event_source_disable_unref(c->src);
	close(c->fd);
	free(c->out);
	free(c);
}

/* ---- replies ---------------------------------------------------------- */

static void
control_queue(struct ctl_client *c, json_t *reply)
{
	char *s = json_dumps(reply, JSON_COMPACT);
	size_t len;

	json_decref(reply);
	if (s == NULL) {
		c->closing = true;
		return;
	}
	len = strlen(s);
	s[len++] = '\n';	/* over the NUL: the buffer is len + 1 long */
	free(c->out);
	c->out = s;
	c->outlen = len;
	c->outoff = 0;
}

static json_t *
control_error(const char *code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static json_t *
control_error(const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return json_pack("{s:b,s:i,s:s,s:s}", CM(OK), 0, CM(VERSION),
	    CONTROL_VERSION, CM(CODE), code, CM(ERROR), msg);
}

static json_t *
control_ok(void)
{
	return json_pack("{s:b,s:i}", CM(OK), 1, CM(VERSION), CONTROL_VERSION);
}

/* ---- views ------------------------------------------------------------ */

static void
control_set_kib(json_t *o, const char *key, uint64_t v)
{
	if (v != PLAN_NONE)
		json_object_set_new(o, key, json_integer((json_int_t)v));
}

/* A count or a time in JSON, held at INT64_MAX. */
static void
control_set_u64(json_t *o, const char *key, uint64_t v)
{
	json_object_set_new(o, key, json_integer(v > INT64_MAX ? INT64_MAX :
	    (json_int_t)v));
}

static json_t *
control_vifs(const struct dom *dom)
{
	json_t *a = json_array();

	for (unsigned int i = 0; i < dom->nvifs; i++) {
		const struct dom_vif *v = &dom->vifs[i];
		json_t *o = json_pack("{s:i}", CM(DEVID), (int)v->devid);
		json_t *v4 = json_array(), *v6 = json_array();

		if (v->name[0])
			json_object_set_new(o, CM(NAME), json_string(v->name));
		if (v->mac[0])
			json_object_set_new(o, CM(MAC), json_string(v->mac));
		if (v->operstate[0])
			json_object_set_new(o, CM(OPERSTATE),
			    json_string(v->operstate));
		if (v->carrier >= 0)
			json_object_set_new(o, CM(CARRIER),
			    json_integer(v->carrier));
		if (v->mtu)
			json_object_set_new(o, CM(MTU), json_integer(v->mtu));
		for (size_t k = 0; k < XSK_ADDRS_MAX; k++) {
			if (v->ipv4[k][0])
				json_array_append_new(v4,
				    json_string(v->ipv4[k]));
			if (v->ipv6[k][0])
				json_array_append_new(v6,
				    json_string(v->ipv6[k]));
		}
		json_object_set_new(o, CM(IPV4), v4);
		json_object_set_new(o, CM(IPV6), v6);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
control_guest(const struct dom *dom)
{
	const struct plan_hints *h = &dom->hints;
	json_t *g = json_object();

	if (h->present & PLAN_HINT_MEMINFO) {
		control_set_kib(g, CM(MEM_TOTAL_KIB), h->mem_total_kib);
		control_set_kib(g, CM(MEM_AVAILABLE_KIB), h->mem_avail_kib);
	}
	if (h->present & PLAN_HINT_PSI) {
		json_object_set_new(g, CM(PSI_SOME_AVG10),
		    json_real(h->psi_some_avg10 / 100.0));
		json_object_set_new(g, CM(PSI_FULL_AVG10),
		    json_real(h->psi_full_avg10 / 100.0));
	}
	if (h->present & PLAN_HINT_SWAP) {
		control_set_kib(g, CM(SWAP_IN_KIBPS), h->swap_in_kibps);
		control_set_kib(g, CM(SWAP_OUT_KIBPS), h->swap_out_kibps);
	}
	if (h->present & PLAN_HINT_OOM)
		json_object_set_new(g, CM(OOM_KILLS),
		    json_integer((json_int_t)h->oom_kills));
	if (h->present & PLAN_HINT_REFAULT)
		control_set_kib(g, CM(REFAULT_KIBPS), h->refault_kibps);
	if (h->present & PLAN_HINT_SWAPPED)
		control_set_kib(g, CM(SWAPPED_KIB), h->swapped_kib);
	if (h->present & PLAN_HINT_SWAP_TOTAL)
		control_set_kib(g, CM(SWAP_TOTAL_KIB), h->swap_total_kib);
	if (h->present & PLAN_HINT_ACTIVE_FILE)
		control_set_kib(g, CM(ACTIVE_FILE_KIB), h->active_file_kib);
	if (dom->balloon.present) {
		json_t *b = json_pack("{s:I,s:I,s:I}",
		    CM(TARGET_KIB), (json_int_t)dom->balloon.target_kib,
		    CM(CURRENT_KIB), (json_int_t)dom->balloon.current_kib,
		    CM(RETRIES), (json_int_t)dom->balloon.retries);

		if (dom->balloon.has_state)
			json_object_set_new(b, CM(STATE), json_string(
			    xsk_bstate_name(dom->balloon.state)));
		if (dom->balloon.last_error[0])
			json_object_set_new(b, CM(LAST_ERROR),
			    json_string(dom->balloon.last_error));
		json_object_set_new(g, CM(BALLOON), b);
	}
	json_object_set_new(g, CM(BAD_VALUES), json_integer(dom->bad_values));
	json_object_set_new(g, CM(READS),
	    json_integer((json_int_t)dom->guest_reads));
	json_object_set_new(g, CM(KICKS),
	    json_integer((json_int_t)dom->kick.kicks));
	return g;
}

static json_t *
control_domain(struct control *ctl, const struct dom *dom, bool detail)
{
	const struct plan_decision *dec = &dom->memo.dec;
	char uuid[37];
	uint64_t lo, hi;
	json_t *o;

	format_uuid(dom->uuid, uuid);
	domain_bounds(dom, &ctl->d->cfg.bounds, &lo, &hi);
	o = json_pack("{s:i,s:s,s:s,s:I,s:I,s:b,s:s}",
	    CM(DOMID), (int)dom->domid, CM(UUID), uuid, CM(NAME), dom->name,
	    CM(ACTUAL_KIB), (json_int_t)dom->hv.tot_kib,
	    CM(MAXMEM_KIB), (json_int_t)dom->hv.max_kib,
	    CM(MANAGED), dom->managed,
	    CM(HV_STATE), hv_state_name(dom->hv.state));
	if (o == NULL)
		return NULL;
	if (dom->have_target)
		control_set_kib(o, CM(TARGET_KIB), dom->target_kib);
	if (dom->managed) {
		control_set_kib(o, CM(MIN_KIB), lo);
		control_set_kib(o, CM(MAX_KIB), hi);
	}
	json_object_set_new(o, CM(WEIGHT), json_integer(
	    bounds_weight(&ctl->d->cfg.bounds, &dom->pol)));
	control_set_kib(o, CM(PINNED_KIB), dom->pol.pin_kib);
	if (dom->memo.have_dec) {
		json_object_set_new(o, CM(STATE),
		    json_string(planner_state_name(dec->state)));
		json_object_set_new(o, CM(REASON), json_string(dec->reason));
		json_object_set_new(o, CM(PRESSURE),
		    json_boolean(dec->pressure));
	}
	json_object_set_new(o, CM(GUEST), control_guest(dom));
	json_object_set_new(o, CM(NET), control_vifs(dom));
	if (!dom->memo.have_dec)
		return o;
	/* In status too: top shows it and sorts by it. */
	control_set_kib(o, CM(DEMAND_KIB), dec->demand_kib);
	control_set_u64(o, CM(STARVED_MS), dec->hist.starved_ms);
	json_object_set_new(o, CM(STARVE_SPELLS), json_integer(
	    dec->hist.starve_spells));
	if (!detail)
		return o;
	control_set_kib(o, CM(STATIC_MAX_KIB), dom->have_static_max ?
	    dom->static_max_kib : PLAN_NONE);
	control_set_kib(o, CM(VIDEORAM_KIB), dom->videoram_kib);
	control_set_kib(o, CM(GUARD_KIB), dec->guard_kib);
	control_set_kib(o, CM(GAP_KIB), dec->gap_kib);
	control_set_kib(o, CM(MOVED_KIB), dec->moved_kib);
	control_set_kib(o, CM(COMMITTED_KIB), dec->committed_kib);
	json_object_set_new(o, CM(WINDOW_MS), json_integer(
	    (json_int_t)dec->window_ms));
	json_object_set_new(o, CM(STRIKES), json_integer(dec->strikes));
	control_set_kib(o, CM(MOVED_TOTAL_KIB), dec->hist.moved_total_kib);
	control_set_u64(o, CM(GROW_KIBPS), dec->hist.grow_kibps);
	json_object_set_new(o, CM(GROW_LIMITED),
	    json_boolean(dec->hist.grow_limited));
	control_set_u64(o, CM(SHRINK_KIBPS), dec->hist.shrink_kibps);
	return o;
}

/* Which stored entries the policy comes from: "name:N", "uuid:U". */
static void
control_policy_keys(struct control *ctl, json_t *o, const struct dom *dom)
{
	char keys[2][STORE_KEY_MAX + 1];
	size_t n = store_keys(ctl->d->store, dom->uuid, dom->name, keys);
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(keys[i]));
	json_object_set_new(o, CM(POLICY_KEYS), a);
}

static json_t *
control_resv(const struct resv *r)
{
	json_t *o = json_pack("{s:I,s:I,s:s,s:s}", CM(ID), (json_int_t)r->id,
	    CM(SIZE_KIB), (json_int_t)r->size_kib,
	    CM(STATE), resv_state_name(r->state),
	    CM(REASON), r->reason ? r->reason : "");
	json_t *ref;

	if (o == NULL)
		return NULL;
	if (r->for_.set) {
		json_object_set_new(o, CM(FOR), json_string(r->for_text));
		json_object_set_new(o, CM(ASKS_KIB),
		    json_integer((json_int_t)r->ask_kib));
	}
	if (r->for_.bound || r->state == RESV_HANDED)
		json_object_set_new(o, CM(DOMID), json_integer(r->for_.domid));
	if (r->state != RESV_FAILED)
		return o;
	json_object_set_new(o, CM(UNREACHABLE_KIB),
	    json_integer((json_int_t)r->unreachable_kib));
	ref = json_array();
	for (uint32_t i = 0; i < r->n_refused && i < PLAN_RES_MAX_REFUSED; i++)
		json_array_append_new(ref, json_integer(r->refused[i]));
	json_object_set_new(o, CM(REFUSED_DOMIDS), ref);
	return o;
}

static int
control_cmp_domid(const void *a, const void *b)
{
	const struct dom *x = *(struct dom *const *)a;
	const struct dom *y = *(struct dom *const *)b;

	return x->domid < y->domid ? -1 : x->domid > y->domid;
}

static json_t *
control_status(struct control *ctl, const struct request *req)
{
	struct xbd *d = ctl->d;
	json_t *reply = control_ok(), *doms = json_array(), *res = json_array();
	struct dom **v = calloc(d->doms.n + 1, sizeof(*v));
	struct xbd_plan_stats ps;

	if (v == NULL)
		return control_error(CONTROL_EBUSY, "out of memory");
	memcpy(v, d->doms.v, d->doms.n * sizeof(*v));
	qsort(v, d->doms.n, sizeof(*v), control_cmp_domid);
	for (size_t i = 0; i < d->doms.n; i++)
		json_array_append_new(doms, control_domain(ctl, v[i], false));
	free(v);
	uint64_t reserved = 0;

	for (size_t i = 0; i < d->nres; i++) {
		json_array_append_new(res, control_resv(&d->res[i]));
		if (d->res[i].state == RESV_PENDING ||
		    d->res[i].state == RESV_HELD)
			reserved += d->res[i].ask_kib;
	}
	json_object_set_new(reply, CM(HOST), json_pack(
	    "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:i,s:s,s:I}",
	    CM(RESERVED_KIB), (json_int_t)reserved,
	    CM(TOTAL_KIB), (json_int_t)d->host.total_kib,
	    CM(FREE_KIB), (json_int_t)d->host.free_kib,
	    CM(SLACK_KIB), (json_int_t)d->cfg.slack_kib,
	    CM(BUDGET_KIB), (json_int_t)d->totals.budget_kib,
	    CM(COMMITTED_KIB), (json_int_t)d->totals.committed_kib,
	    CM(DEFICIT_KIB), (json_int_t)d->totals.deficit_kib,
	    CM(UNMET_KIB), (json_int_t)d->totals.unmet_kib,
	    CM(STUCK), (int)d->totals.n_stuck, CM(BACKEND), d->backend,
	    CM(ROUNDS), (json_int_t)d->round));
	ctl->ops->plan_stats(d, &ps);
	json_object_set_new(reply, CM(DAEMON), json_pack(
	    "{s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    CM(PLANS), (json_int_t)ps.n,
	    CM(PLAN_ERRORS), (json_int_t)d->plan_errors,
	    CM(WATCH_EVENTS), (json_int_t)d->events,
	    CM(PLAN_US_LAST), (json_int_t)ps.last_us,
	    CM(PLAN_US_P50), (json_int_t)ps.p50_us,
	    CM(PLAN_US_P99), (json_int_t)ps.p99_us,
	    CM(PLAN_US_MAX), (json_int_t)ps.max_us));
	json_object_set_new(reply, CM(DOMAINS), doms);
	json_object_set_new(reply, CM(RESERVATIONS), res);
	return reply;
}

/* A domain's last target changes, oldest first. */
static json_t *
control_history_dom(const struct dom *dom)
{
	const struct history *h = &dom->changes;
	json_t *a = json_array(), *o;
	char uuid[37];

	format_uuid(dom->uuid, uuid);
	for (size_t i = 0; i < h->n; i++) {
		const struct history_entry *e = history_get(h, i);
		json_t *c = json_pack("{s:I,s:I,s:s,s:b}",
		    CM(TIME_S), (json_int_t)e->time_s,
		    CM(NEW_KIB), (json_int_t)e->new_kib,
		    CM(REASON), history_reason_name(e),
		    CM(PRESSURE), e->pressure);

		if (c != NULL)
			control_set_kib(c, CM(OLD_KIB), e->old_kib);
		json_array_append_new(a, c);
	}
	o = json_pack("{s:i,s:s,s:s,s:I,s:o}", CM(DOMID), (int)dom->domid,
	    CM(UUID), uuid, CM(NAME), dom->name,
	    CM(CHANGES), (json_int_t)h->total, CM(HISTORY), a);
	return o;
}

/* ---- requests --------------------------------------------------------- */

static json_t *
control_lookup(struct control *ctl, const struct request *req,
    struct dom **out)
{
	if ((*out = domain_find_ref(&ctl->d->doms, &req->ref)) == NULL)
		return control_error(CONTROL_ENODOM, "no domain '%.64s'",
		    req->domain);
	return NULL;
}

/* The domain as it now stands: show's reply, and set's, target's, unpin's. */
static json_t *
control_ok_domain(struct control *ctl, const struct dom *dom, bool detail)
{
	json_t *reply = control_ok();

	if (reply != NULL)
		json_object_set_new(reply, CM(DOMAIN), control_domain(ctl,
		    dom, detail));
	return reply;
}

static json_t *
control_show(struct control *ctl, const struct request *req)
{
	struct dom *dom;
	json_t *err = control_lookup(ctl, req, &dom);

	json_t *reply;

	if (err != NULL)
		return err;
	reply = control_ok_domain(ctl, dom, true);
	if (reply != NULL)
		control_policy_keys(ctl, json_object_get(reply, CM(DOMAIN)),
		    dom);
	return reply;
}

static json_t *
control_unfit(const struct bounds_fit *fit)
{
	const struct bounds_fit f = *fit;
	char a[32], b[32], c[32], e[32], g[32];

	return control_error(CONTROL_EINVAL, "refused: the mins and pins of "
	    "the managed domains would add up to %s, more than the %s the "
	    "host can give them (budget %s less slack %s and %s committed "
	    "to domains not managed)", format_size_kib(f.floors_kib, a,
	    sizeof(a)), format_size_kib(f.room_kib, b, sizeof(b)),
	    format_size_kib(f.budget_kib, c, sizeof(c)),
	    format_size_kib(f.slack_kib, e, sizeof(e)),
	    format_size_kib(f.unmanaged_kib, g, sizeof(g)));
}

/* policy_set(), and a round soon when it applied. */
static int
control_set_policy(struct control *ctl, struct dom *dom, bool by_name,
    const struct policy *p)
{
	int r = policy_set(ctl->d, dom, by_name, p);

	if (r == 0)
		ctl->ops->kick(ctl->d);
	return r;
}

/* A policy whose mins and pins do not fit the host is refused. */
static json_t *
control_fits(struct control *ctl, const struct dom *dom,
    const struct policy *p)
{
	struct bounds_fit f;

	if (policy_fits(ctl->d, dom, p, &f) == 0)
		return NULL;
	return control_unfit(&f);
}

/*
 * dom0's policy is refused rather than stored and ignored: while it is
 * not managed, and a min under its floor (dom0-min, or the default).
 */
static json_t *
control_dom0(struct control *ctl, const struct dom *dom,
    const struct request *req)
{
	uint64_t lowest = bounds_dom0_floor(&ctl->d->cfg.bounds);
	char a[32], b[32], c[32];

	if (dom->domid != 0)
		return NULL;
	if (!dom->managed)
		return control_error(CONTROL_EINVAL, "domain 0 is not managed "
		    "by xenballoond (manage-dom0 = no, or no %s): a policy for "
		    "it would be ignored", xskey(XSK_MEM_STATIC_MAX)->path);
	if ((req->fields & REQUEST_F_MIN) && req->min_kib < lowest)
		return control_error(CONTROL_EINVAL, "min %s is below dom0's "
		    "floor %s (dom0-min in xenballoond.conf, %s when unset)",
		    format_size_kib(req->min_kib, a, sizeof(a)),
		    format_size_kib(lowest, b, sizeof(b)),
		    format_size_kib(BOUNDS_DOM0_MIN_KIB, c, sizeof(c)));
	return NULL;
}

static json_t *
control_set(struct control *ctl, const struct request *req)
{
	struct dom *dom;
	struct policy p;
	uint64_t lo, hi;
	bool by_name = req->ref.kind == DOMREF_NAME;
	json_t *err = control_lookup(ctl, req, &dom);
	char a[32], b[32];
	int r;

	if (err != NULL)
		return err;
	if ((err = control_dom0(ctl, dom, req)) != NULL)
		return err;
	p = dom->pol;
	if (req->fields & REQUEST_F_MIN)
		p.min_kib = req->min_kib;
	if (req->fields & REQUEST_F_MAX)
		p.max_kib = req->max_kib;
	if (req->fields & REQUEST_F_WEIGHT)
		p.weight = req->weight;
	if (p.min_kib != PLAN_NONE && p.max_kib != PLAN_NONE &&
	    p.min_kib > p.max_kib)
		return control_error(CONTROL_EINVAL, "min %s is above max %s",
		    format_size_kib(p.min_kib, a, sizeof(a)),
		    format_size_kib(p.max_kib, b, sizeof(b)));
	if (dom->have_static_max && p.min_kib != PLAN_NONE &&
	    p.min_kib > dom->static_max_kib)
		return control_error(CONTROL_EINVAL, "min %s is above the "
		    "domain's static max %s",
		    format_size_kib(p.min_kib, a, sizeof(a)),
		    format_size_kib(dom->static_max_kib, b, sizeof(b)));
	if ((err = control_fits(ctl, dom, &p)) != NULL)
		return err;
	if ((r = control_set_policy(ctl, dom, by_name, &p)) < 0)
		return control_error(CONTROL_EBUSY, "cannot save the policy: "
		    "%s", strerror(-r));
	domain_bounds(dom, &ctl->d->cfg.bounds, &lo, &hi);
	log_notice(LOGC_CONTROL, "domain %u (%s): min %llu max %llu weight %u",
	    dom->domid, dom->name, (unsigned long long)lo,
	    (unsigned long long)hi, bounds_weight(&ctl->d->cfg.bounds, &p));
	return control_ok_domain(ctl, dom, false);
}

static json_t *
control_target(struct control *ctl, const struct request *req)
{
	struct dom *dom;
	struct policy p;
	uint64_t kib = req->target_kib, lo, hi;
	bool by_name = req->ref.kind == DOMREF_NAME;
	json_t *err = control_lookup(ctl, req, &dom);
	char a[32], b[32], c[32];
	int r;

	if (err != NULL)
		return err;
	if (!dom->managed)
		return control_error(CONTROL_EINVAL, "domain %u (%s) is not "
		    "managed by xenballoond", dom->domid, dom->name);
	domain_bounds(dom, &ctl->d->cfg.bounds, &lo, &hi);
	if (kib < lo || kib > hi)
		return control_error(CONTROL_EINVAL, "target %s is outside "
		    "%s's bounds %s..%s", format_size_kib(kib, a, sizeof(a)),
		    dom->name, format_size_kib(lo, b, sizeof(b)),
		    format_size_kib(hi, c, sizeof(c)));
	p = dom->pol;
	p.pin_kib = kib;
	if ((err = control_fits(ctl, dom, &p)) != NULL)
		return err;
	if ((r = control_set_policy(ctl, dom, by_name, &p)) < 0)
		return control_error(CONTROL_EBUSY, "cannot save the policy: "
		    "%s", strerror(-r));
	log_notice(LOGC_CONTROL, "domain %u (%s): target pinned at %llu KiB",
	    dom->domid, dom->name, (unsigned long long)kib);
	return control_ok_domain(ctl, dom, false);
}

static json_t *
control_unpin(struct control *ctl, const struct request *req)
{
	struct dom *dom;
	struct policy p;
	json_t *err = control_lookup(ctl, req, &dom);
	int r;

	if (err != NULL)
		return err;
	p = dom->pol;
	p.pin_kib = PLAN_NONE;
	if ((r = control_set_policy(ctl, dom, req->ref.kind == DOMREF_NAME,
	    &p)) < 0)
		return control_error(CONTROL_EBUSY, "cannot save the policy: "
		    "%s", strerror(-r));
	return control_ok_domain(ctl, dom, false);
}

static json_t *
control_unset(struct control *ctl, const struct request *req)
{
	struct dom *dom;
	struct bounds_fit f;
	unsigned int fields = 0;
	json_t *err = control_lookup(ctl, req, &dom);
	int r;

	if (err != NULL)
		return err;
	if (req->unset & REQUEST_U_MIN)
		fields |= POLICY_F_MIN;
	if (req->unset & REQUEST_U_MAX)
		fields |= POLICY_F_MAX;
	if (req->unset & REQUEST_U_WEIGHT)
		fields |= POLICY_F_WEIGHT;
	if ((r = policy_unset(ctl->d, dom, fields, &f)) == 1)
		return control_unfit(&f);
	if (r < 0)
		return control_error(CONTROL_EBUSY, "cannot save the policy: "
		    "%s", strerror(-r));
	ctl->ops->kick(ctl->d);
	log_notice(LOGC_CONTROL, "domain %u (%s): policy%s%s%s back to the "
	    "default", dom->domid, dom->name, (fields & POLICY_F_MIN) ?
	    " min" : "", (fields & POLICY_F_MAX) ? " max" : "",
	    (fields & POLICY_F_WEIGHT) ? " weight" : "");
	return control_ok_domain(ctl, dom, false);
}

/* A stored policy as the protocol names its members. */
static void
control_policy_entry(const char *key, const struct policy *p, void *arg)
{
	json_t *o = json_object();

	control_set_kib(o, CM(MIN_KIB), p->min_kib);
	control_set_kib(o, CM(MAX_KIB), p->max_kib);
	if (p->weight != 0)
		json_object_set_new(o, CM(WEIGHT), json_integer(p->weight));
	control_set_kib(o, CM(PINNED_KIB), p->pin_kib);
	json_object_set_new(arg, key, o);
}

static json_t *
control_policies(struct control *ctl)
{
	json_t *reply = control_ok(), *pols = json_object();

	store_each(ctl->d->store, control_policy_entry, pols);
	if (reply != NULL)
		json_object_set_new(reply, CM(POLICIES), pols);
	else
		json_decref(pols);
	return reply;
}

static uint64_t
control_none(uint64_t v)
{
	return v != 0 ? v : PLAN_NONE;
}

/* All or nothing: request.c checked each; here they meet the host. */
static json_t *
control_import(struct control *ctl, const struct request *req)
{
	char (*keys)[STORE_KEY_MAX + 1] = calloc(req->npols + 1,
	    sizeof(*keys));
	struct policy *pols = calloc(req->npols + 1, sizeof(*pols));
	struct bounds_fit f;
	json_t *reply;
	int r = -ENOMEM;

	if (keys != NULL && pols != NULL) {
		for (size_t i = 0; i < req->npols; i++) {
			const struct request_policy *rp = &req->pols[i];

			snprintf(keys[i], sizeof(keys[i]), "%s", rp->key);
			pols[i] = (struct policy){
				.min_kib = control_none(rp->min_kib),
				.max_kib = control_none(rp->max_kib),
				.pin_kib = control_none(rp->pinned_kib),
				.weight = rp->weight,
			};
		}
		r = policy_import(ctl->d,
		    (const char (*)[STORE_KEY_MAX + 1])keys, pols,
		    req->npols, &f);
	}
	free(keys);
	free(pols);
	if (r == 1)
		return control_unfit(&f);
	if (r < 0)
		return control_error(CONTROL_EBUSY, "cannot save the policies, "
		    "none imported: %s", strerror(-r));
	ctl->ops->kick(ctl->d);
	log_notice(LOGC_CONTROL, "%zu policies imported", req->npols);
	reply = control_policies(ctl);
	return reply;
}

static json_t *
control_policy(struct control *ctl, const struct request *req)
{
	return (req->fields & REQUEST_F_IMPORT) ? control_import(ctl, req) :
	    control_policies(ctl);
}

static json_t *
control_history(struct control *ctl, const struct request *req)
{
	struct xbd *d = ctl->d;
	json_t *reply, *doms;
	struct dom *dom, **v;

	if (req->fields & REQUEST_F_DOMAIN) {
		json_t *err = control_lookup(ctl, req, &dom);

		if (err != NULL)
			return err;
		doms = json_array();
		json_array_append_new(doms, control_history_dom(dom));
	} else {
		if ((v = calloc(d->doms.n + 1, sizeof(*v))) == NULL)
			return NULL;
		memcpy(v, d->doms.v, d->doms.n * sizeof(*v));
		qsort(v, d->doms.n, sizeof(*v), control_cmp_domid);
		doms = json_array();
		for (size_t i = 0; i < d->doms.n; i++)
			json_array_append_new(doms, control_history_dom(v[i]));
		free(v);
	}
	if ((reply = control_ok()) != NULL)
		json_object_set_new(reply, CM(DOMAINS), doms);
	else
		json_decref(doms);
	return reply;
}

static json_t *
control_reserve(struct control *ctl, const struct request *req)
{
	uint64_t kib = req->size_kib;
	const char *why = NULL;
	struct resv *r;
	json_t *reply;

	if (ctl->d->host.total_kib != 0 && kib > ctl->d->host.total_kib)
		return control_error(CONTROL_EINVAL, "cannot reserve %llu KiB: "
		    "the host has %llu KiB in all", (unsigned long long)kib,
		    (unsigned long long)ctl->d->host.total_kib);
	if ((r = resvtab_reserve(ctl->d, kib, req->timeout_ms,
	    (req->fields & REQUEST_F_FOR) ? &req->for_ : NULL, req->for_text,
	    ctl->serving != NULL ? ctl->serving->serial : 0, &why)) == NULL)
		return control_error(CONTROL_EBUSY, "%s", why);
	ctl->ops->kick(ctl->d);
	reply = control_ok();
	json_object_set_new(reply, CM(ID), json_integer((json_int_t)r->id));
	json_object_set_new(reply, CM(RESERVATION), control_resv(r));
	return reply;
}

static json_t *
control_reservation(struct control *ctl, const struct request *req)
{
	struct resv *r;
	json_t *reply;

	if ((r = resvtab_find(ctl->d, req->id)) == NULL)
		return control_error(CONTROL_ENORES, "no reservation %llu",
		    (unsigned long long)req->id);
	/* Its owner hears the outcome: from now on the ID is known. */
	if (r->state != RESV_PENDING && ctl->serving != NULL &&
	    r->owner == ctl->serving->serial)
		r->owner = 0;
	reply = control_ok();
	json_object_set_new(reply, CM(RESERVATION), control_resv(r));
	return reply;
}

static json_t *
control_release(struct control *ctl, const struct request *req)
{
	int r = resvtab_release(ctl->d, req->id);

	if (r == 1)
		return control_error(CONTROL_ENORES, "no reservation %llu",
		    (unsigned long long)req->id);
	if (r < 0)
		return control_error(CONTROL_EBUSY, "cannot save the release "
		    "of reservation %llu, it is still held: %s",
		    (unsigned long long)req->id, strerror(-r));
	ctl->ops->kick(ctl->d);
	return control_ok();
}

static json_t *
control_rebalance(struct control *ctl, const struct request *req)
{
	ctl->ops->kick(ctl->d);
	return control_ok();
}

/* What SIGHUP does, with the answer: "systemctl reload" waits for it. */
static json_t *
control_reload(struct control *ctl, const struct request *req)
{
	char err[512];

	if (ctl->ops->reload(ctl->d, err, sizeof(err)) == -1)
		return control_error(CONTROL_EINVAL, "reload refused, keeping "
		    "the running configuration: %s", err);
	return control_ok();
}

/* request.c checked the spec's words; here it meets the live classes. */
static json_t *
control_log(struct control *ctl, const struct request *req)
{
	unsigned int mask;
	char err[200], buf[128];
	json_t *reply;

	if (req->fields & REQUEST_F_CLASSES) {
		if (log_parse_classes(req->classes, log_get_classes(), &mask,
		    err, sizeof(err)) == -1)
			return control_error(CONTROL_EINVAL, "%s", err);
		log_set_classes(mask);
		log_notice(LOGC_CONTROL, "log classes now %s",
		    log_format_classes(mask, buf, sizeof(buf)));
	}
	reply = control_ok();
	json_object_set_new(reply, CM(CLASSES), json_string(
	    log_format_classes(log_get_classes(), buf, sizeof(buf))));
	return reply;
}

/* The handlers of control.h's commands, once request.c decoded them. */
static json_t *(*const control_handlers[REQUEST_NCMDS])(struct control *,
    const struct request *) = {
	[REQUEST_STATUS]	= control_status,
	[REQUEST_SHOW]		= control_show,
	[REQUEST_SET]		= control_set,
	[REQUEST_TARGET]	= control_target,
	[REQUEST_UNPIN]		= control_unpin,
	[REQUEST_RESERVE]	= control_reserve,
	[REQUEST_RESERVATION]	= control_reservation,
	[REQUEST_RELEASE]	= control_release,
	[REQUEST_REBALANCE]	= control_rebalance,
	[REQUEST_LOG]		= control_log,
	[REQUEST_RELOAD]	= control_reload,
	[REQUEST_HISTORY]	= control_history,
	[REQUEST_UNSET]		= control_unset,
	[REQUEST_POLICY]	= control_policy,
};

static json_t *
control_dispatch(struct control *ctl, const char *buf, size_t len)
{
	struct request req;
	char err[REQUEST_ERR_MAX];
	const char *code;
	json_t *reply;

	if (request_parse(buf, len, &req, &code, err, sizeof(err)) == -1)
		reply = control_error(code, "%s", err);
	else {
		log_debug(LOGC_CONTROL, "request %s",
		    request_cmd_name(req.cmd));
		reply = control_handlers[req.cmd] != NULL ?
		    control_handlers[req.cmd](ctl, &req) : control_error(
		    CONTROL_EBADREQ, "%s: not served", request_cmd_name(
		    req.cmd));
	}
	return reply ? reply : control_error(CONTROL_EBUSY, "out of memory");
}

/* ---- I/O -------------------------------------------------------------- */

/* Serve the first complete line in the input buffer, if any. */
static void
control_next(struct ctl_client *c)
{
	char *nl = memchr(c->in, '\n', c->inlen);
	size_t used;

	if (c->out != NULL || c->closing)
		return;
	if (nl == NULL) {
		if (c->inlen == sizeof(c->in)) {
			control_queue(c, control_error(CONTROL_EBADREQ,
			    "request longer than %d bytes",
			    CONTROL_REQUEST_MAX));
			c->closing = true;
		}
		return;
	}
	used = (size_t)(nl - c->in) + 1;
	c->ctl->serving = c;
	control_queue(c, control_dispatch(c->ctl, c->in, used - 1));
	c->ctl->serving = NULL;
	memmove(c->in, c->in + used, c->inlen - used);
	c->inlen -= used;
}

static int
control_flush(struct ctl_client *c)
{
	while (c->out != NULL && c->outoff < c->outlen) {
		ssize_t n = send(c->fd, c->out + c->outoff,
		    c->outlen - c->outoff, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n == -1)
			return -1;
		c->outoff += (size_t)n;
	}
	free(c->out);
	c->out = NULL;
	return c->closing ? -1 : 0;
}

static int
control_read(struct ctl_client *c)
{
	ssize_t n;

	if (c->inlen == sizeof(c->in) || c->out != NULL)
		return 0;
	n = recv(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen,
	    MSG_DONTWAIT);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0)
		return -1;
	c->inlen += (size_t)n;
	return 0;
}

static int
control_on_io(sd_event_source *s, int fd, uint32_t events, void *arg)
{
	struct ctl_client *c = arg;

	c->active_ms = clock_mono_ms();
	if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) &&
	    control_read(c) == -1) {
		control_drop(c);
		return 0;
	}
	for (;;) {
		control_next(c);
		if (c->out == NULL)
			break;
		if (control_flush(c) == -1) {
			control_drop(c);
			return 0;
		}
		if (c->out != NULL)
			break;	/* the client reads slowly: wait for POLLOUT */
	}
	control_io_update(c);
	return 0;
}

static void
control_io_update(struct ctl_client *c)
{
	sd_event_source_set_io_events(c->src, c->out != NULL ? EPOLLOUT :
	    EPOLLIN);
}

static bool
control_allowed(struct control *ctl, const struct ucred *cr)
{
	gid_t groups[CONTROL_GROUPS_MAX];
	int ngroups = CONTROL_GROUPS_MAX;
	struct passwd *pw;

	if (cr->uid == 0)
		return true;
	if (!ctl->d->cfg.have_control_gid)
		return false;
	if (cr->gid == ctl->d->cfg.control_gid)
		return true;
	if ((pw = getpwuid(cr->uid)) == NULL)
		return false;
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &ngroups) == -1)
		return false;
	for (int i = 0; i < ngroups; i++)
		if (groups[i] == ctl->d->cfg.control_gid)
			return true;
	return false;
}

/*
 * No slot for this client: tell it so before hanging up, or it cannot
 * tell a full daemon from a crashed one.  The socket is new, so its send
 * buffer is empty and the one short line goes out without blocking; if
 * it does not, the client sees the close, as before.
 */
static void
control_refuse_busy(int cfd)
{
	json_t *reply = control_error(CONTROL_EBUSY, "too many clients "
	    "(%d connected), try again", CONTROL_CLIENTS_MAX);
	char *s = reply != NULL ? json_dumps(reply, JSON_COMPACT) : NULL;

	json_decref(reply);
	if (s != NULL) {
		size_t len = strlen(s);

		s[len++] = '\n';	/* over the NUL, as control_queue() */
		(void)send(cfd, s, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		free(s);
	}
	close(cfd);
}

static int
control_on_accept(sd_event_source *s, int fd, uint32_t events, void *arg)
{
	struct control *ctl = arg;
	struct ucred cr;
	socklen_t crlen = sizeof(cr);
	struct ctl_client *c;
	size_t slot;
	int cfd;

	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd == -1)
		return 0;
	for (slot = 0; slot < CONTROL_CLIENTS_MAX; slot++)
		if (ctl->clients[slot] == NULL)
			break;
	if (slot == CONTROL_CLIENTS_MAX ||
	    (c = calloc(1, sizeof(*c))) == NULL) {
		log_msg(LOG_WARNING, LOGC_CONTROL, "control: too many "
		    "clients, connection refused");
		control_refuse_busy(cfd);
		return 0;
	}
	c->ctl = ctl;
	c->fd = cfd;
	c->serial = ++ctl->serial;
	c->active_ms = clock_mono_ms();
	/* Without credentials nobody is allowed: uid -1 is not root. */
	if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cr, &crlen) == -1) {
		log_warn("control_on_accept: SO_PEERCRED");
		cr = (struct ucred){ .pid = 0, .uid = (uid_t)-1,
		    .gid = (gid_t)-1 };
	}
	if (cr.uid == (uid_t)-1 || !control_allowed(ctl, &cr)) {
		log_msg(LOG_WARNING, LOGC_CONTROL, "control: uid %d refused "
		    "(not root nor in the control group)", (int)cr.uid);
		control_queue(c, control_error(CONTROL_EPERM, "permission "
		    "denied: root or the control group is required"));
		c->closing = true;
	}
	c->uid = cr.uid;
	if (sd_event_add_io(ctl->d->ev, &c->src, cfd, EPOLLIN, control_on_io,
	    c) < 0) {
		close(cfd);
		free(c->out);
		free(c);
		return 0;
	}
	ctl->clients[slot] = c;
	if (c->out != NULL) {
		if (control_flush(c) == -1) {
			control_drop(c);
			return 0;
		}
		control_io_update(c);
	}
	return 0;
}

void
control_sweep(struct control *ctl, uint64_t now_ms)
{
	for (size_t i = 0; i < CONTROL_CLIENTS_MAX; i++) {
		struct ctl_client *c = ctl->clients[i];

		if (c != NULL && now_ms > c->active_ms + CONTROL_IDLE_MS)
			control_drop(c);
	}
}

static int
control_listen(struct control *ctl, const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t old;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_errx("control_init: socket path too long: %s", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	ctl->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (ctl->fd == -1) {
		log_warn("control_init: socket");
		return -1;
	}
	if (unlink(path) == -1 && errno != ENOENT) {
		log_warn("control_init: unlink %s", path);
		return -1;
	}
	old = umask(0117);
	if (bind(ctl->fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		umask(old);
		log_warn("control_init: bind %s", path);
		return -1;
	}
	umask(old);
	snprintf(ctl->path, sizeof(ctl->path), "%s", path);
	control_set_group(ctl, &ctl->d->cfg);
	if (listen(ctl->fd, 16) == -1 ||
	    sd_event_add_io(ctl->d->ev, &ctl->src, ctl->fd, EPOLLIN,
	    control_on_accept, ctl) < 0) {
		log_warn("control_init: listen %s", path);
		return -1;
	}
	return 0;
}

struct control *
control_init(struct xbd *d, const struct control_ops *ops)
{
	struct control *ctl = calloc(1, sizeof(*ctl));

	if (ctl == NULL) {
		log_warn("control_init: calloc");
		return NULL;
	}
	ctl->d = d;
	ctl->ops = ops;
	ctl->fd = -1;
	if (control_listen(ctl, d->cfg.socket_path) == -1) {
		control_close(ctl);
		return NULL;
	}
	return ctl;
}

/*
 * The socket is mode 0660: its group is who may connect besides root.  A
 * reload that sets, changes or removes control-group applies at once.
 */
void
control_set_group(struct control *ctl, const struct config *c)
{
	gid_t gid = c->have_control_gid ? c->control_gid : 0;

	if (ctl != NULL && ctl->path[0] != '\0' &&
	    chown(ctl->path, (uid_t)-1, gid) == -1)
		log_warn("control_set_group: chown %s", ctl->path);
}

void
control_close(struct control *ctl)
{
	if (ctl == NULL)
		return;
	for (size_t i = 0; i < CONTROL_CLIENTS_MAX; i++)
		if (ctl->clients[i] != NULL)
			control_drop(ctl->clients[i]);
	sd_event_source_disable_unref(ctl->src);
	if (ctl->fd != -1)
		close(ctl->fd);
	if (ctl->path[0] != '\0')
		unlink(ctl->path);
	free(ctl);
}
