/*
 * publish.c - the daemon's view for admins, in xenstore:
 *
 *   /tool/xenballoon/domain/<domid>/{uuid,name,target,actual,gap,moved,
 *       demand,min,max,state,reason}      dom0 only (perms n0)
 *   /tool/xenballoon/host/{total,free,budget,committed,slack,deficit}
 *   /tool/xenballoon/reservation/<id>/{size,state,reason}
 *   /local/domain/<domid>/memory/{dynamic-min,dynamic-max}
 *   /local/domain/<domid>/memory/uncooperative   (present while stuck)
 *
 * so "xenstore-ls /tool/xenballoon" alone answers where each domain is
 * and why.  Sizes in KiB.  Only values that changed are written.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "xbd.h"
#include "xs.h"

#define PUB_PATH_MAX	128

int
publish_init(struct xbd *d)
{
	struct xs_permissions perm = { .id = 0, .perms = XS_PERM_NONE };
	int r;

	/* What a previous run published may be stale: start clean. */
	xsc_rm(d->xs, XBT_NULL, PUBLISH_ROOT);
	if ((r = xsc_mkdir(d->xs, XBT_NULL, PUBLISH_ROOT)) < 0 ||
	    (r = xsc_set_perms(d->xs, XBT_NULL, PUBLISH_ROOT, &perm, 1)) < 0) {
		log_msg(LOG_WARNING, LOGC_XENSTORE, "publish_init: %s: %s",
		    PUBLISH_ROOT, strerror(-r));
		return r;
	}
	d->pub.valid = false;
	/* Ours now: a second daemon reads it and refuses (instance.c). */
	if ((r = xsc_printf(d->xs, XBT_NULL, xskey(XSK_TOOL_HOST_PID)->path,
	    "%ld", (long)getpid())) < 0)
		log_msg(LOG_WARNING, LOGC_XENSTORE, "publish_init: %s: %s",
		    xskey(XSK_TOOL_HOST_PID)->path, strerror(-r));
	return 0;
}

static void
pub_u64(struct xbd *d, const char *path, uint64_t v)
{
	int r = xsc_printf(d->xs, XBT_NULL, path, "%llu",
	    (unsigned long long)v);

	if (r < 0)
		log_debug(LOGC_XENSTORE, "pub_u64: %s: %s", path, strerror(-r));
}

static void
pub_str(struct xbd *d, const char *path, const char *s)
{
	int r = xsc_write_str(d->xs, XBT_NULL, path, s);

	if (r < 0)
		log_debug(LOGC_XENSTORE, "pub_str: %s: %s", path, strerror(-r));
}

/* The absolute path of key id (of domain or reservation n). */
static const char *
pub_path(char *buf, size_t len, enum xsk_id id, unsigned int n)
{
	char rel[PUB_PATH_MAX - 32];	/* room for "/local/domain/<domid>/" */

	if (xskey(id)->path[0] == '/') {
		xskey_path(buf, len, id, n, 0);
	} else {
		xskey_path(rel, sizeof(rel), id, 0, 0);
		snprintf(buf, len, "/local/domain/%u/%s", n, rel);
	}
	return buf;
}

/* Write key id = v if it changed from *last (or nothing was written). */
static void
pub_num(struct xbd *d, enum xsk_id id, unsigned int n, uint64_t v,
    uint64_t *last, bool force)
{
	char path[PUB_PATH_MAX];

	if (!force && *last == v)
		return;
	pub_u64(d, pub_path(path, sizeof(path), id, n), v);
	*last = v;
}

static void
pub_guest_bounds(struct xbd *d, struct dom *dom, bool force)
{
	struct dom_pub *p = &dom->pub;
	char path[PUB_PATH_MAX];
	uint64_t lo, hi;
	bool stuck = dom->memo.have_dec && dom->memo.dec.state == PLAN_STUCK;

	if (!dom->managed)
		return;
	domain_bounds(dom, &d->cfg.bounds, &lo, &hi);
	/* In memory/target's terms: without video RAM, as libxl does. */
	lo = lo > dom->videoram_kib ? lo - dom->videoram_kib : 0;
	hi = hi > dom->videoram_kib ? hi - dom->videoram_kib : 0;
	pub_num(d, XSK_MEM_DYNAMIC_MIN, dom->domid, lo, &p->dmin, force);
	pub_num(d, XSK_MEM_DYNAMIC_MAX, dom->domid, hi, &p->dmax, force);
	if (!force && stuck == p->uncooperative)
		return;
	pub_path(path, sizeof(path), XSK_MEM_UNCOOPERATIVE, dom->domid);
	if (stuck)
		pub_str(d, path, "1");
	else
		xsc_rm(d->xs, XBT_NULL, path);
	p->uncooperative = stuck;
}

void
publish_domain(struct xbd *d, struct dom *dom)
{
	struct dom_pub *p = &dom->pub;
	const struct plan_decision *dec = &dom->memo.dec;
	char path[PUB_PATH_MAX], uuid[37];
	bool force = !p->valid;
	unsigned int id = dom->domid;
	uint64_t lo, hi;

	if (force) {
		format_uuid(dom->uuid, uuid);
		pub_str(d, pub_path(path, sizeof(path), XSK_TOOL_DOM_UUID, id),
		    uuid);
	}
	if (force || strcmp(p->name, dom->name) != 0) {
		pub_str(d, pub_path(path, sizeof(path), XSK_TOOL_DOM_NAME, id),
		    dom->name);
		snprintf(p->name, sizeof(p->name), "%s", dom->name);
	}
	domain_bounds(dom, &d->cfg.bounds, &lo, &hi);
	pub_num(d, XSK_TOOL_DOM_ACTUAL, id, dom->hv.tot_kib, &p->actual,
	    force);
	pub_num(d, XSK_TOOL_DOM_TARGET, id, dom->target_kib, &p->target,
	    force);
	pub_num(d, XSK_TOOL_DOM_MIN, id, lo, &p->min, force);
	pub_num(d, XSK_TOOL_DOM_MAX, id, hi, &p->max, force);
	if (dom->memo.have_dec) {
		pub_num(d, XSK_TOOL_DOM_GAP, id, dec->gap_kib, &p->gap, force);
		pub_num(d, XSK_TOOL_DOM_MOVED, id, dec->moved_kib, &p->moved,
		    force);
		pub_num(d, XSK_TOOL_DOM_DEMAND, id, dec->demand_kib ==
		    PLAN_NONE ? 0 : dec->demand_kib, &p->demand, force);
		if (force || p->state != dec->state) {
			pub_str(d, pub_path(path, sizeof(path),
			    XSK_TOOL_DOM_STATE, id),
			    planner_state_name(dec->state));
			p->state = dec->state;
		}
		if (force || p->reason != dec->reason) {
			pub_str(d, pub_path(path, sizeof(path),
			    XSK_TOOL_DOM_REASON, id), dec->reason);
			p->reason = dec->reason;
		}
	}
	pub_guest_bounds(d, dom, force);
	p->valid = true;
}

void
publish_forget(struct xbd *d, struct dom *dom)
{
	char path[PUB_PATH_MAX];

	snprintf(path, sizeof(path), PUBLISH_ROOT "/domain/%u", dom->domid);
	xsc_rm(d->xs, XBT_NULL, path);
}

static void
publish_resv(struct xbd *d)
{
	char path[PUB_PATH_MAX], *slash;

	/* The reservations' directory: the path up to "/<id>". */
	snprintf(path, sizeof(path), "%s", xskey(XSK_TOOL_RES_SIZE)->path);
	if ((slash = strstr(path, "/<")) != NULL)
		*slash = '\0';
	xsc_rm(d->xs, XBT_NULL, path);
	for (size_t i = 0; i < d->nres; i++) {
		const struct resv *r = &d->res[i];
		char num[24];
		const char *id[1] = { num };

		snprintf(num, sizeof(num), "%llu", (unsigned long long)r->id);
		xskey_expand(path, sizeof(path), xskey(XSK_TOOL_RES_SIZE), id,
		    1);
		pub_u64(d, path, r->size_kib);
		xskey_expand(path, sizeof(path), xskey(XSK_TOOL_RES_STATE), id,
		    1);
		pub_str(d, path, resv_state_name(r->state));
		xskey_expand(path, sizeof(path), xskey(XSK_TOOL_RES_REASON), id,
		    1);
		pub_str(d, path, r->reason ? r->reason : "");
	}
}

void
publish_host(struct xbd *d)
{
	static const enum xsk_id keys[PUBLISH_HOST_KEYS] = {
		XSK_TOOL_HOST_TOTAL, XSK_TOOL_HOST_FREE, XSK_TOOL_HOST_BUDGET,
		XSK_TOOL_HOST_COMMITTED, XSK_TOOL_HOST_SLACK,
		XSK_TOOL_HOST_DEFICIT,
	};
	const uint64_t v[PUBLISH_HOST_KEYS] = {
		d->host.total_kib, d->host.free_kib, d->totals.budget_kib,
		d->totals.committed_kib, d->cfg.slack_kib,
		d->totals.deficit_kib,
	};
	struct host_pub *p = &d->pub;
	uint64_t sig = 0;

	for (size_t i = 0; i < PUBLISH_HOST_KEYS; i++)
		pub_num(d, keys[i], 0, v[i], &p->host[i], !p->valid);
	for (size_t i = 0; i < d->nres; i++)
		sig = sig * 31 + d->res[i].id * 7 + d->res[i].state;
	/* After publish_init() (a restarted xenstored), all of it again. */
	if (!p->valid || p->nres != d->nres || sig != p->res_sig)
		publish_resv(d);
	p->nres = d->nres;
	p->res_sig = sig;
	p->valid = true;
}
