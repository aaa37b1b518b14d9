/*
 * hv.c - pick a hypervisor backend and forward to it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hv.h"
#include "log.h"

struct hv {
	const struct hv_ops	*ops;
	void			*priv;
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

int
hv_list(struct hv *h, struct hv_dom **doms, size_t *n)
{
	return h->ops->list(h->priv, doms, n);
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
