/*
 * hv.c - pick a hypervisor backend and forward to it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hv.h"
#include "log.h"

/* Names cost a read each and change rarely: kept per (domid, UUID). */
struct hv_name {
	uint32_t	domid;
	uint8_t		uuid[16];
	char		name[DOMNAME_MAX + 1];
};

struct hv {
	const struct hv_ops	*ops;
	void			*priv;
	struct hv_name		*names;
	size_t			 nnames;
};

struct hv *
hv_open(const char *backend, struct xsc *xs)
{
	static const struct hv_ops *const all[] = { &hv_xen_ops, &hv_sim_ops };
	struct hv *h;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (strcmp(all[i]->name, backend) != 0)
			continue;
		if ((h = calloc(1, sizeof(*h))) == NULL)
			return NULL;
		h->ops = all[i];
		if ((h->priv = h->ops->open(xs)) == NULL) {
			free(h);
			return NULL;
		}
		return h;
	}
	errno = EINVAL;
	return NULL;
}

void
hv_close(struct hv *h)
{
	if (h == NULL)
		return;
	h->ops->close(h->priv);
	free(h->names);
	free(h);
}

const char *
hv_name(const struct hv *h)
{
	return h->ops->name;
}

int
hv_host(struct hv *h, struct hv_host *out)
{
	return h->ops->host(h->priv, out);
}

static void
hv_name_of(struct hv *h, struct hv_dom *d)
{
	for (size_t i = 0; i < h->nnames; i++) {
		if (h->names[i].domid == d->domid &&
		    memcmp(h->names[i].uuid, d->uuid, 16) == 0 &&
		    h->names[i].name[0] != '\0') {
			memcpy(d->name, h->names[i].name, sizeof(d->name));
			return;
		}
	}
	h->ops->domname(h->priv, d->domid, d->name, sizeof(d->name));
}

/* Remember the names of this list for the next one. */
static void
hv_keep_names(struct hv *h, const struct hv_dom *doms, size_t n)
{
	struct hv_name *v = calloc(n ? n : 1, sizeof(*v));

	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		v[i].domid = doms[i].domid;
		memcpy(v[i].uuid, doms[i].uuid, 16);
		memcpy(v[i].name, doms[i].name, sizeof(v[i].name));
	}
	free(h->names);
	h->names = v;
	h->nnames = n;
}

int
hv_list(struct hv *h, struct hv_dom **doms, size_t *n)
{
	int r = h->ops->list(h->priv, doms, n);

	if (r < 0)
		return r;
	for (size_t i = 0; i < *n; i++)
		hv_name_of(h, &(*doms)[i]);
	hv_keep_names(h, *doms, *n);
	return 0;
}

void
hv_forget_name(struct hv *h, uint32_t domid)
{
	for (size_t i = 0; i < h->nnames; i++)
		if (h->names[i].domid == domid)
			h->names[i].name[0] = '\0';
}

int
hv_set_maxmem(struct hv *h, uint32_t domid, uint64_t kib)
{
	log_debug(LOGC_HV, "hv_set_maxmem: domain %u: %llu KiB", domid,
	    (unsigned long long)kib);
	return h->ops->set_maxmem(h->priv, domid, kib);
}

const char *
hv_state_name(enum hv_dom_state s)
{
	switch (s) {
	case HV_DOM_RUNNING:	return "running";
	case HV_DOM_PAUSED:	return "paused";
	case HV_DOM_SHUTDOWN:	return "shutdown";
	case HV_DOM_DYING:	return "dying";
	case HV_DOM_STARTING:	return "starting";
	}
	return "?";
}
