/*
 * domain.c - the domain table and everything read about a domain from
 * xenstore.
 *
 * Long-lived state (planner history, admin policy) is keyed by UUID: a
 * domid is reused as soon as a domain dies (XSA-322).  Guest-written keys
 * are hostile input: each is read with a bounded buffer, parsed by one
 * strict function, and a bad value is ignored and reported at most a few
 * times a minute per domain.  A guest writing its keys in a loop only sets
 * a dirty flag here (O(1) per event); its keys are read at most once per
 * guest-read-gap after a short burst (cadence.h), so the flood costs it,
 * not the host.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "parse.h"
#include "xbd.h"
#include "xs.h"
#include "xskeys.h"

/* The planner clamps to its own bound; the key's must be the same. */
_Static_assert(XSK_PSI_MAX == PLAN_PSI_MAX, "PSI bound of key and planner");

#define DOM_COMPLAIN_BURST	5
#define DOM_COMPLAIN_US		(60ull * 1000000)
#define DOM_PATH_MAX		160
/* DOM_PATH_MAX less "/local/domain/<domid>/" */
#define DOM_REL_MAX		128

struct dom *
domain_find_uuid(struct domtab *t, const uint8_t uuid[16])
{
	for (size_t i = 0; i < t->n; i++)
		if (memcmp(t->v[i]->uuid, uuid, 16) == 0)
			return t->v[i];
	return NULL;
}

struct dom *
domain_find_domid(struct domtab *t, uint32_t domid)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i]->domid == domid)
			return t->v[i];
	return NULL;
}

struct dom *
domain_find_ref(struct domtab *t, const struct domref *ref)
{
	switch (ref->kind) {
	case DOMREF_ID:
		return domain_find_domid(t, ref->domid);
	case DOMREF_UUID:
		return domain_find_uuid(t, ref->uuid);
	case DOMREF_NAME:
		for (size_t i = 0; i < t->n; i++)
			if (strcmp(t->v[i]->name, ref->name) == 0)
				return t->v[i];
		return NULL;
	}
	return NULL;
}

struct dom *
domain_add(struct domtab *t, const struct hv_dom *hv)
{
	struct dom *d;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct dom **v = realloc(t->v, cap * sizeof(*v));

		if (v == NULL)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	memcpy(d->uuid, hv->uuid, 16);
	d->domid = hv->domid;
	d->hv = *hv;
	snprintf(d->name, sizeof(d->name), "%s", hv->name);
	parse_utf8_fix(d->name);	/* it goes into JSON replies */
	memcpy(d->memo.hist.uuid, hv->uuid, 16);
	d->hints.updated_ms = 0;
	d->dirty = true;
	policy_clear(&d->pol);
	t->v[t->n++] = d;
	return d;
}

static void
domain_free(struct dom *d)
{
	free(d->vifs);
	free(d);
}

void
domain_remove(struct domtab *t, size_t i)
{
	domain_free(t->v[i]);
	t->v[i] = t->v[--t->n];
}

void
domain_free_all(struct domtab *t)
{
	for (size_t i = 0; i < t->n; i++)
		domain_free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/*
 * Returns the domain whose guest keys changed (NULL otherwise); a change
 * of memory/target only marks the target to be read again, one of name
 * the name.
 */
struct dom *
domain_watch_path(struct domtab *t, const char *path)
{
	static const char prefix[] = "/local/domain/";
	const char *p = path, *slash;
	char num[8];
	uint64_t domid;
	struct dom *d;

	if (strncmp(p, prefix, sizeof(prefix) - 1) != 0)
		return NULL;
	p += sizeof(prefix) - 1;
	slash = strchr(p, '/');
	if (slash == NULL || (size_t)(slash - p) >= sizeof(num))
		return NULL;
	memcpy(num, p, (size_t)(slash - p));
	num[slash - p] = '\0';
	if (parse_u64(num, 0, DOMID_MAX_VALID, &domid) != PARSE_OK)
		return NULL;
	slash++;
	if ((d = domain_find_domid(t, (uint32_t)domid)) == NULL)
		return NULL;
	/* xl rename, and xl migrate-receive's last step (name--incoming
	 * becomes name): the name is read again. */
	if (strcmp(slash, "name") == 0) {
		d->name_dirty = true;
		return NULL;
	}
	/* A toolstack (xl mem-set) may write the target behind our back. */
	if (strcmp(slash, xskey(XSK_MEM_TARGET)->path) == 0) {
		d->target_dirty = true;
		return NULL;
	}
	if (strncmp(slash, "data/", 5) != 0 && strcmp(slash, "data") != 0 &&
	    strncmp(slash, "attr/", 5) != 0 && strcmp(slash, "attr") != 0)
		return NULL;
	d->dirty = true;
	return d;
}

/* ---- reading ------------------------------------------------------------ */

static void __attribute__((format(printf, 2, 3)))
domain_complain(struct dom *d, const char *fmt, ...)
{
	unsigned int suppressed = 0;
	char msg[256];
	va_list ap;

	d->bad_values++;
	if (!log_ratelimit(&d->rl, clock_mono_ms() * 1000, DOM_COMPLAIN_BURST,
	    DOM_COMPLAIN_US, &suppressed))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_msg(LOG_WARNING, LOGC_XENSTORE, "domain %u (%s): %s, ignored%s",
	    d->domid, d->name, msg, suppressed ? " (and earlier complaints "
	    "suppressed)" : "");
}

static void
domain_path(char *buf, size_t len, const struct dom *d, const char *rel)
{
	snprintf(buf, len, "/local/domain/%u/%s", d->domid, rel);
}

/* A decimal key within its row's bound: 0 and *out set, -ENOENT absent,
 * -EBADMSG complained.  rel: the expanded path of an indexed key. */
static int
domain_u64(struct dom *d, struct xsc *xs, enum xsk_id id, const char *rel,
    uint64_t *out)
{
	char path[DOM_PATH_MAX];
	enum parse_err pe = PARSE_OK;
	int r;

	if (rel == NULL)
		rel = xskey(id)->path;
	domain_path(path, sizeof(path), d, rel);
	r = xsc_read_u64(xs, XBT_NULL, path, 0, xskey(id)->max, out, &pe);
	if (r == -EBADMSG || r == -E2BIG)
		domain_complain(d, "%s: %s", rel, r == -E2BIG ?
		    "value too long" : parse_strerror(pe));
	return r;
}

/*
 * A short token (state names, interface names, addresses): printable
 * ASCII, no space, no '/' unless the row allows it, at most the row's
 * bound in bytes (callers size out from the same XSK_*_MAX).
 */
static int
domain_token(struct dom *d, struct xsc *xs, enum xsk_id id, const char *rel,
    char *out, size_t len)
{
	const struct xskey *k = xskey(id);
	char path[DOM_PATH_MAX], buf[64];
	size_t n;
	int r;

	if (rel == NULL)
		rel = k->path;
	domain_path(path, sizeof(path), d, rel);
	if (len > k->max + 1)
		len = k->max + 1;
	if (len > sizeof(buf))
		len = sizeof(buf);
	r = xsc_read(xs, XBT_NULL, path, buf, len, &n);
	if (r == -E2BIG) {
		domain_complain(d, "%s: value too long", rel);
		return -EBADMSG;
	}
	if (r < 0)
		return r;
	if (n == 0) {
		domain_complain(d, "%s: empty", rel);
		return -EBADMSG;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		/* strchr() finds the terminator: a NUL must not pass. */
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || (c != '\0' &&
		    (strchr("-_.", c) != NULL ||
		    (k->chars != NULL && strchr(k->chars, c) != NULL))))
			continue;
		domain_complain(d, "%s: unexpected byte 0x%02x", rel, c);
		return -EBADMSG;
	}
	memcpy(out, buf, n);
	out[n] = '\0';
	return 0;
}

/* PSI averages as the agent writes them: "12.34" into hundredths. */
static int
domain_psi(struct dom *d, struct xsc *xs, enum xsk_id id, uint32_t *out)
{
	char tok[16];

	if (domain_token(d, xs, id, NULL, tok, sizeof(tok)) < 0)
		return -1;
	if (xskey_parse_percent(xskey(id), tok, out) == 0)
		return 0;
	domain_complain(d, "%s: not a percentage 0.00-%u.%02u",
	    xskey(id)->path, (unsigned int)xskey(id)->max / 100,
	    (unsigned int)xskey(id)->max % 100);
	return -1;
}

struct bounds_dom
domain_bounds_dom(const struct dom *d)
{
	return (struct bounds_dom){
		.is_dom0 = d->domid == 0,
		.have_static_max = d->have_static_max,
		.static_max_kib = d->static_max_kib,
		.maxmem_kib = d->hv.max_kib,
	};
}

void
domain_bounds(const struct dom *d, const struct bounds_config *c,
    uint64_t *lo, uint64_t *hi)
{
	const struct bounds_dom bd = domain_bounds_dom(d);

	bounds_get(c, &bd, &d->pol, lo, hi);
}

void
domain_read_static(struct dom *d, struct xsc *xs)
{
	uint64_t v;

	d->have_static_max = domain_u64(d, xs, XSK_MEM_STATIC_MAX, NULL,
	    &v) == 0;
	d->static_max_kib = d->have_static_max ? v : 0;
	d->videoram_kib = domain_u64(d, xs, XSK_MEM_VIDEORAM, NULL, &v) == 0 ?
	    v : 0;
}

void
domain_read_target(struct dom *d, struct xsc *xs)
{
	uint64_t v;

	d->target_dirty = false;
	if (domain_u64(d, xs, XSK_MEM_TARGET, NULL, &v) == 0) {
		d->target_kib = v + d->videoram_kib;
		d->have_target = true;
	} else {
		d->have_target = false;
	}
}

/* prev_ms: the read before this one (round_sampled_after()). */
static void
domain_read_hints(struct dom *d, struct xsc *xs, uint64_t now_ms,
    uint64_t prev_ms)
{
	struct plan_hints h = { .updated_ms = now_ms };
	uint64_t sin, sout;

	if (domain_u64(d, xs, XSK_MEMINFO_TOTAL, NULL, &h.mem_total_kib) == 0 &&
	    domain_u64(d, xs, XSK_MEMINFO_FREE, NULL, &h.mem_avail_kib) == 0) {
		if (h.mem_avail_kib <= h.mem_total_kib)
			h.present |= PLAN_HINT_MEMINFO;
		else
			domain_complain(d, "%s above %s",
			    xskey(XSK_MEMINFO_FREE)->path,
			    xskey(XSK_MEMINFO_TOTAL)->path);
	}
	/* "full" is absent on kernels that do not report it: 0 then. */
	if (domain_psi(d, xs, XSK_PSI_SOME_AVG10, &h.psi_some_avg10) == 0) {
		if (domain_psi(d, xs, XSK_PSI_FULL_AVG10,
		    &h.psi_full_avg10) < 0)
			h.psi_full_avg10 = 0;
		h.present |= PLAN_HINT_PSI;
	}
	if (domain_u64(d, xs, XSK_SWAP_IN, NULL, &sin) == 0 &&
	    domain_u64(d, xs, XSK_SWAP_OUT, NULL, &sout) == 0) {
		h.swap_in_kibps = sin;
		h.swap_out_kibps = sout;
		h.present |= PLAN_HINT_SWAP;
	}
	if (domain_u64(d, xs, XSK_OOM_KILLS, NULL, &h.oom_kills) == 0)
		h.present |= PLAN_HINT_OOM;
	if (domain_u64(d, xs, XSK_REFAULT, NULL, &h.refault_kibps) == 0)
		h.present |= PLAN_HINT_REFAULT;
	if (domain_u64(d, xs, XSK_SWAPPED, NULL, &h.swapped_kib) == 0)
		h.present |= PLAN_HINT_SWAPPED;
	if (domain_u64(d, xs, XSK_SWAP_TOTAL, NULL, &h.swap_total_kib) == 0)
		h.present |= PLAN_HINT_SWAP_TOTAL;
	/* Read beside a MemAvailable older or newer: the planner caps it. */
	if (domain_u64(d, xs, XSK_ACTIVE_FILE, NULL, &h.active_file_kib) == 0)
		h.present |= PLAN_HINT_ACTIVE_FILE;
	h.sampled_after_ms = round_sampled_after(&d->hints, &h, prev_ms);
	d->hints = h;
}

static void
domain_read_balloon(struct dom *d, struct xsc *xs)
{
	struct dom_balloon b = { 0 };
	char st[XSK_BSTATE_MAX + 1];

	if (domain_u64(d, xs, XSK_BALLOON_TARGET, NULL, &b.target_kib) == 0 &&
	    domain_u64(d, xs, XSK_BALLOON_CURRENT, NULL, &b.current_kib) == 0)
		b.present = true;
	if (domain_token(d, xs, XSK_BALLOON_STATE, NULL, st, sizeof(st)) == 0) {
		if (xsk_bstate_parse(st, strlen(st), &b.state) == 0)
			b.has_state = true;
		else
			domain_complain(d, "%s: not a balloon state",
			    xskey(XSK_BALLOON_STATE)->path);
	}
	if (domain_u64(d, xs, XSK_BALLOON_RETRIES, NULL, &b.retries) < 0)
		b.retries = 0;
	if (domain_token(d, xs, XSK_BALLOON_LAST_ERROR, NULL, b.last_error,
	    sizeof(b.last_error)) < 0)
		b.last_error[0] = '\0';
	d->balloon = b;
}

/* The address slots present under ipv4/ or ipv6/ (sparse: an address
 * keeps its slot), each read into out[] in slot order. */
static void
domain_read_addrs(struct dom *d, struct xsc *xs, uint32_t devid,
    enum xsk_id id, char *out, size_t stride)
{
	char rel[DOM_REL_MAX], path[DOM_PATH_MAX], **ents = NULL;
	bool have[XSK_ADDRS_MAX] = { false };
	unsigned int n = 0, got = 0;
	char *slash;
	int r;

	for (size_t i = 0; i < XSK_ADDRS_MAX; i++)
		out[i * stride] = '\0';
	/* The directory holding the slots: the path up to "/<i>". */
	xskey_path(rel, sizeof(rel), id, devid, 0);
	if ((slash = strrchr(rel, '/')) == NULL)
		return;
	*slash = '\0';
	domain_path(path, sizeof(path), d, rel);
	r = xsc_directory(xs, XBT_NULL, path, UINT_MAX, &ents, &n);
	if (r < 0)
		return;
	for (unsigned int i = 0; i < n; i++) {
		uint64_t slot;

		if (parse_u64(ents[i], 0, XSK_ADDRS_MAX - 1, &slot) !=
		    PARSE_OK) {
			domain_complain(d, "%s: bad address slot", rel);
			continue;
		}
		have[slot] = true;
	}
	free(ents);
	for (unsigned int i = 0; i < XSK_ADDRS_MAX; i++) {
		if (!have[i])
			continue;
		xskey_path(rel, sizeof(rel), id, devid, i);
		if (domain_token(d, xs, id, rel, out + got * stride,
		    stride) == 0)
			got++;
	}
}

static void
domain_read_vif(struct dom *d, struct xsc *xs, uint32_t devid,
    struct dom_vif *v)
{
	char rel[DOM_REL_MAX];
	uint64_t x;

	memset(v, 0, sizeof(*v));
	v->devid = devid;
	v->carrier = -1;
#define REL(id) (xskey_path(rel, sizeof(rel), id, devid, 0), rel)
	if (domain_token(d, xs, XSK_VIF_NAME, REL(XSK_VIF_NAME), v->name,
	    sizeof(v->name)) < 0)
		v->name[0] = '\0';
	if (domain_token(d, xs, XSK_VIF_MAC, REL(XSK_VIF_MAC), v->mac,
	    sizeof(v->mac)) < 0)
		v->mac[0] = '\0';
	if (domain_token(d, xs, XSK_VIF_OPERSTATE, REL(XSK_VIF_OPERSTATE),
	    v->operstate, sizeof(v->operstate)) < 0)
		v->operstate[0] = '\0';
	if (domain_u64(d, xs, XSK_VIF_CARRIER, REL(XSK_VIF_CARRIER), &x) == 0)
		v->carrier = (int)x;
	if (domain_u64(d, xs, XSK_VIF_MTU, REL(XSK_VIF_MTU), &x) == 0)
		v->mtu = (uint32_t)x;
#undef REL
	domain_read_addrs(d, xs, devid, XSK_VIF_IPV4, v->ipv4[0],
	    sizeof(v->ipv4[0]));
	domain_read_addrs(d, xs, devid, XSK_VIF_IPV6, v->ipv6[0],
	    sizeof(v->ipv6[0]));
}

static int
domain_devid_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * As many interfaces as the agent may publish (XSK_VIFS_MAX).  A guest
 * that lists more keeps the view of its lowest device ids and is told
 * about the rest: one bad entry does not hide the others.
 */
static void
domain_read_vifs(struct dom *d, struct xsc *xs)
{
	char path[DOM_PATH_MAX], **ents = NULL;
	uint32_t ids[XSK_VIFS_MAX];
	unsigned int n = 0, nids = 0, over = 0;
	struct dom_vif *v;
	int r;

	d->nvifs = 0;
	domain_path(path, sizeof(path), d, XSK_VIF_ROOT);
	r = xsc_directory(xs, XBT_NULL, path, UINT_MAX, &ents, &n);
	if (r < 0)
		return;
	for (unsigned int i = 0; i < n; i++) {
		uint64_t devid;

		if (parse_u64(ents[i], 0, XSK_DEVID_MAX, &devid) != PARSE_OK) {
			domain_complain(d, XSK_VIF_ROOT ": bad device id");
			continue;
		}
		if (nids < XSK_VIFS_MAX) {
			ids[nids++] = (uint32_t)devid;
			continue;
		}
		/* Keep the lowest ids, whatever order xenstored lists. */
		qsort(ids, nids, sizeof(ids[0]), domain_devid_cmp);
		if ((uint32_t)devid < ids[nids - 1])
			ids[nids - 1] = (uint32_t)devid;
		over++;
	}
	free(ents);
	if (over > 0)
		domain_complain(d, XSK_VIF_ROOT ": %u interfaces beyond %d",
		    over, XSK_VIFS_MAX);
	qsort(ids, nids, sizeof(ids[0]), domain_devid_cmp);
	if (nids > d->vifs_cap) {
		if ((v = realloc(d->vifs, nids * sizeof(*v))) == NULL)
			return;
		d->vifs = v;
		d->vifs_cap = nids;
	}
	for (unsigned int i = 0; i < nids; i++)
		domain_read_vif(d, xs, ids[i], &d->vifs[d->nvifs++]);
}

/*
 * What a read found, for the debug log: the figures the planner's demand,
 * pressure and working-set signals come from ("-" for one the guest did
 * not give), so that a lab timeline shows why a guest was or was not
 * raised.
 */
static void
domain_log_read(const struct dom *d, uint64_t now_ms)
{
	const struct plan_hints *h = &d->hints;
	char psi[24] = "-", ref[24] = "-", act[24] = "-";

	if (!log_enabled(LOG_DEBUG, LOGC_XENSTORE))
		return;
	if (h->present & PLAN_HINT_PSI)
		snprintf(psi, sizeof(psi), "%u.%02u%%", h->psi_some_avg10 / 100,
		    h->psi_some_avg10 % 100);
	if (h->present & PLAN_HINT_REFAULT)
		snprintf(ref, sizeof(ref), "%llu KiB/s",
		    (unsigned long long)h->refault_kibps);
	if (h->present & PLAN_HINT_ACTIVE_FILE)
		snprintf(act, sizeof(act), "%llu KiB",
		    (unsigned long long)h->active_file_kib);
	log_debug(LOGC_XENSTORE, "domain %u (%s): guest keys read at %llu ms: "
	    "MemTotal %llu KiB, available %llu KiB (active file %s), "
	    "OOM kills %llu, PSI some %s, refaults %s", d->domid, d->name,
	    (unsigned long long)now_ms, (unsigned long long)h->mem_total_kib,
	    (unsigned long long)h->mem_avail_kib, act,
	    (unsigned long long)h->oom_kills, psi, ref);
}

void
domain_read_guest(struct dom *d, struct xsc *xs, uint64_t now_ms)
{
	uint64_t prev_ms = d->read_ms;

	d->dirty = false;
	d->read_ms = now_ms;
	d->guest_reads++;
	domain_read_hints(d, xs, now_ms, prev_ms);
	domain_read_balloon(d, xs);
	domain_read_vifs(d, xs);
	domain_log_read(d, now_ms);
}
