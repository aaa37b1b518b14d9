/*
 * hv_sim.c - a simulated hypervisor whose facts live in xenstore:
 *
 *   /sim/host/total_kib          host memory
 *   /sim/dom/<domid>/uuid        8-4-4-4-12
 *   /sim/dom/<domid>/name
 *   /sim/dom/<domid>/tot_kib     what the domain holds (moved by the
 *                                simulated balloon driver, xb-simhv)
 *   /sim/dom/<domid>/max_kib     maxmem (written here)
 *   /sim/dom/<domid>/state       running | paused | shutdown | dying |
 *                                starting (paused, never run)
 *
 * Free memory is total minus what every domain holds, so memory exists
 * only once: a domain cannot grow into memory another one still holds,
 * exactly the constraint the planner must respect on a real host.  The
 * daemon binary is the same; only this file differs from hv_xen.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv.h"
#include "log.h"
#include "parse.h"
#include "xs.h"

#define HV_SIM_KIB_MAX	(1ull << 40)	/* 1 PiB: sanity bound */

struct hv_sim {
	struct xsc		*xs;
	uint64_t		 used_kib;	/* sum of tot_kib at the last list */
	bool			 used_valid;
};

static int	hv_sim_str(struct hv_sim *s, unsigned int domid, const char *key,
		    char *buf, size_t len);

static void *
hv_sim_open(struct xsc *xs)
{
	struct hv_sim *s;

	if (xs == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->xs = xs;
	return s;
}

static void
hv_sim_close(void *priv)
{
	free(priv);
}

static void
hv_sim_name(void *priv, uint32_t domid, char *buf, size_t len)
{
	if (hv_sim_str(priv, domid, "name", buf, len) < 0)
		buf[0] = '\0';
}

static int
hv_sim_u64(struct hv_sim *s, unsigned int domid, const char *key,
    uint64_t *out)
{
	char path[96];

	snprintf(path, sizeof(path), HV_SIM_DOMS "/%u/%s", domid, key);
	return xsc_read_u64(s->xs, XBT_NULL, path, 0, HV_SIM_KIB_MAX, out,
	    NULL);
}

static int
hv_sim_str(struct hv_sim *s, unsigned int domid, const char *key,
    char *buf, size_t len)
{
	char path[96];

	snprintf(path, sizeof(path), HV_SIM_DOMS "/%u/%s", domid, key);
	return xsc_read(s->xs, XBT_NULL, path, buf, len, NULL);
}

static int
hv_sim_state(const char *s, enum hv_dom_state *out)
{
	static const char *const names[] = {
		[HV_DOM_RUNNING] = "running", [HV_DOM_PAUSED] = "paused",
		[HV_DOM_SHUTDOWN] = "shutdown", [HV_DOM_DYING] = "dying",
		[HV_DOM_STARTING] = "starting",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum hv_dom_state)i;
			return 0;
		}
	}
	return -EBADMSG;
}

/* One domain; -ENOENT when it vanished while we looked. */
static int
hv_sim_dom(struct hv_sim *s, unsigned int domid, struct hv_dom *d)
{
	char buf[64];
	int r;

	memset(d, 0, sizeof(*d));
	d->domid = domid;
	if ((r = hv_sim_u64(s, domid, "tot_kib", &d->tot_kib)) < 0 ||
	    (r = hv_sim_u64(s, domid, "max_kib", &d->max_kib)) < 0)
		return r;
	if ((r = hv_sim_str(s, domid, "uuid", buf, sizeof(buf))) < 0)
		return r;
	if (parse_uuid(buf, d->uuid) != PARSE_OK)
		return -EBADMSG;
	if ((r = hv_sim_str(s, domid, "state", buf, sizeof(buf))) < 0)
		return r;
	return hv_sim_state(buf, &d->state);
}

static int
hv_sim_list(void *priv, struct hv_dom **doms, size_t *n)
{
	struct hv_sim *s = priv;
	char **ents = NULL;
	unsigned int nents = 0;
	size_t k = 0;
	int r;

	r = xsc_directory(s->xs, XBT_NULL, HV_SIM_DOMS, HV_SIM_MAX_DOMS,
	    &ents, &nents);
	if (r == -ENOENT)
		nents = 0;
	else if (r < 0)
		return r;
	*doms = calloc(nents ? nents : 1, sizeof(**doms));
	if (*doms == NULL) {
		free(ents);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < nents; i++) {
		uint64_t domid;

		if (parse_u64(ents[i], 0, DOMID_MAX_VALID, &domid) != PARSE_OK)
			continue;
		r = hv_sim_dom(s, (unsigned int)domid, &(*doms)[k]);
		if (r == 0)
			k++;
		else if (r != -ENOENT)
			log_debug(LOGC_HV, "hv_sim_list: domain %s: %s",
			    ents[i], strerror(-r));
	}
	free(ents);
	*n = k;
	s->used_kib = 0;
	for (size_t i = 0; i < k; i++)
		s->used_kib += (*doms)[i].tot_kib;
	s->used_valid = true;
	return 0;
}

static int
hv_sim_host(void *priv, struct hv_host *out)
{
	struct hv_sim *s = priv;
	struct hv_dom *doms;
	uint64_t used;
	size_t n;
	int r;

	memset(out, 0, sizeof(*out));
	r = xsc_read_u64(s->xs, XBT_NULL, HV_SIM_HOST_TOTAL, 1, HV_SIM_KIB_MAX,
	    &out->total_kib, NULL);
	if (r < 0)
		return r;
	/* Right after a list (as in every round) its sum is fresh. */
	if (!s->used_valid) {
		if ((r = hv_sim_list(s, &doms, &n)) < 0)
			return r;
		free(doms);
	}
	used = s->used_kib;
	s->used_valid = false;
	out->free_kib = used < out->total_kib ? out->total_kib - used : 0;
	return 0;
}

static int
hv_sim_set_maxmem(void *priv, uint32_t domid, uint64_t kib)
{
	struct hv_sim *s = priv;
	char path[96];

	snprintf(path, sizeof(path), HV_SIM_DOMS "/%u/max_kib", domid);
	return xsc_printf(s->xs, XBT_NULL, path, "%llu",
	    (unsigned long long)kib);
}

const struct hv_ops hv_sim_ops = {
	.name = "sim",
	.open = hv_sim_open,
	.close = hv_sim_close,
	.host = hv_sim_host,
	.list = hv_sim_list,
	.domname = hv_sim_name,
	.set_maxmem = hv_sim_set_maxmem,
};
