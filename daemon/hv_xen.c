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

struct hv_xen {
	xentoollog_logger_stdiostream	*lg;
	libxl_ctx			*ctx;
	xc_interface			*xch;
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
hv_xen_fill(const libxl_dominfo *di, struct hv_dom *d)
{
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
}

/* A name xenstore holds for the domain (a read), or "". */
static void
hv_xen_name(void *priv, uint32_t domid, char *buf, size_t len)
{
	struct hv_xen *x = priv;
	char *name = libxl_domid_to_name(x->ctx, domid);

	buf[0] = '\0';
	if (name != NULL && strlen(name) < len)
		strcpy(buf, name);
	free(name);
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
		hv_xen_fill(&info[i], &(*doms)[i]);
	*n = (size_t)nb;
	libxl_dominfo_list_free(info, nb);
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
	.domname = hv_xen_name,
	.set_maxmem = hv_xen_set_maxmem,
};
