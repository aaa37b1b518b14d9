/*
 * hv_xen.c - the real hypervisor, through libxenlight (physinfo, domain
 * list, names) and libxenctrl (maxmem, as libxl_set_memory_target does
 * it).  Without a hypervisor both fail to open with ENOENT: said once, and
 * the daemon exits with a hint about --backend=sim.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <libxl_utils.h>
#include <xenctrl.h>
#include <xentoollog.h>

#include "hv.h"
#include "log.h"

#define HV_XEN_PAGE_KIB	4

/* Names cost a xenstore read each: kept per (domid, UUID). */
struct hv_xen_name {
	uint32_t	domid;
	uint8_t		uuid[16];
	char		name[DOMNAME_MAX + 1];
};

struct hv_xen {
	xentoollog_logger_stdiostream	*lg;
	libxl_ctx			*ctx;
	xc_interface			*xch;
	struct hv_xen_name		*names;
	size_t				 nnames;
};

static void
hv_xen_close(void *priv)
{
	struct hv_xen *x = priv;

	if (x == NULL)
		return;
	if (x->xch != NULL)
		xc_interface_close(x->xch);
	if (x->ctx != NULL)
		libxl_ctx_free(x->ctx);
	if (x->lg != NULL)
		xtl_logger_destroy((xentoollog_logger *)x->lg);
	free(x->names);
	free(x);
}

static void *
hv_xen_open(struct xsc *xs)
{
	struct hv_xen *x = calloc(1, sizeof(*x));
	int e;

	if (x == NULL)
		return NULL;
	x->lg = xtl_createlogger_stdiostream(stderr, XTL_ERROR, 0);
	if (x->lg == NULL)
		goto fail;
	if (libxl_ctx_alloc(&x->ctx, LIBXL_VERSION, 0,
	    (xentoollog_logger *)x->lg) != 0) {
		log_warnx("hv_xen_open: libxl_ctx_alloc failed (is this a "
		    "Xen dom0? try --backend=sim)");
		errno = ENOENT;
		goto fail;
	}
	if ((x->xch = xc_interface_open(NULL, NULL, 0)) == NULL) {
		log_warn("hv_xen_open: xc_interface_open");
		goto fail;
	}
	return x;
fail:
	e = errno;
	hv_xen_close(x);
	errno = e;
	return NULL;
}

static int
hv_xen_host(void *priv, struct hv_host *out)
{
	struct hv_xen *x = priv;
	libxl_physinfo pi;
	int rc;

	libxl_physinfo_init(&pi);
	rc = libxl_get_physinfo(x->ctx, &pi);
	if (rc != 0) {
		libxl_physinfo_dispose(&pi);
		log_warnx("hv_xen_host: libxl_get_physinfo failed (%d)", rc);
		return -EIO;
	}
	out->total_kib = pi.total_pages * HV_XEN_PAGE_KIB;
	/* Pages being scrubbed are free for our purpose: they return. */
	out->free_kib = (pi.free_pages + pi.scrub_pages) * HV_XEN_PAGE_KIB;
	out->outstanding_kib = pi.outstanding_pages * HV_XEN_PAGE_KIB;
	libxl_physinfo_dispose(&pi);
	return 0;
}

static void
hv_xen_fill(struct hv_xen *x, const libxl_dominfo *di, struct hv_dom *d)
{
	char *name;

	memset(d, 0, sizeof(*d));
	d->domid = di->domid;
	memcpy(d->uuid, libxl_uuid_bytearray_const(&di->uuid), 16);
	d->tot_kib = di->current_memkb;
	d->max_kib = di->max_memkb;
	d->hvm = di->domain_type == LIBXL_DOMAIN_TYPE_HVM;
	if (di->dying)
		d->state = HV_DOM_DYING;
	else if (di->shutdown)
		d->state = HV_DOM_SHUTDOWN;
	else if (di->paused && di->cpu_time == 0)
		d->state = HV_DOM_STARTING;	/* no vCPU has run yet */
	else if (di->paused)
		d->state = HV_DOM_PAUSED;
	else
		d->state = HV_DOM_RUNNING;
	for (size_t i = 0; i < x->nnames; i++) {
		if (x->names[i].domid == d->domid &&
		    memcmp(x->names[i].uuid, d->uuid, 16) == 0 &&
		    x->names[i].name[0] != '\0') {
			memcpy(d->name, x->names[i].name, sizeof(d->name));
			return;
		}
	}
	name = libxl_domid_to_name(x->ctx, di->domid);
	if (name != NULL && strlen(name) <= DOMNAME_MAX)
		strcpy(d->name, name);
	free(name);
}

static void
hv_xen_keep_names(struct hv_xen *x, const struct hv_dom *doms, size_t n)
{
	struct hv_xen_name *v = calloc(n ? n : 1, sizeof(*v));

	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		v[i].domid = doms[i].domid;
		memcpy(v[i].uuid, doms[i].uuid, 16);
		memcpy(v[i].name, doms[i].name, sizeof(v[i].name));
	}
	free(x->names);
	x->names = v;
	x->nnames = n;
}

static int
hv_xen_list(void *priv, struct hv_dom **doms, size_t *n)
{
	struct hv_xen *x = priv;
	libxl_dominfo *info;
	int nb = 0;

	info = libxl_list_domain(x->ctx, &nb);
	if (info == NULL) {
		log_warnx("hv_xen_list: libxl_list_domain failed");
		return -EIO;
	}
	*doms = calloc(nb > 0 ? (size_t)nb : 1, sizeof(**doms));
	if (*doms == NULL) {
		libxl_dominfo_list_free(info, nb);
		return -ENOMEM;
	}
	for (int i = 0; i < nb; i++)
		hv_xen_fill(x, &info[i], &(*doms)[i]);
	*n = (size_t)nb;
	libxl_dominfo_list_free(info, nb);
	hv_xen_keep_names(x, *doms, *n);
	return 0;
}

static int
hv_xen_set_maxmem(void *priv, uint32_t domid, uint64_t kib)
{
	struct hv_xen *x = priv;

	if (xc_domain_setmaxmem(x->xch, domid, kib) != 0) {
		int e = errno;

		log_warn("hv_xen_set_maxmem: domain %u", domid);
		return -e;
	}
	return 0;
}

const struct hv_ops hv_xen_ops = {
	.name = "xen",
	.open = hv_xen_open,
	.close = hv_xen_close,
	.host = hv_xen_host,
	.list = hv_xen_list,
	.set_maxmem = hv_xen_set_maxmem,
};
