/*
 * hv.h - the hypervisor edge: host facts, the domain list, maxmem.
 *
 * The hypervisor is the source of truth for what a domain holds; guests
 * only hint.  Two backends share this interface: hv_xen.c (libxenlight +
 * libxenctrl, the default) and hv_sim.c (a simulated host whose facts live
 * in xenstore under /sim, for tests and machines without Xen).  Targets
 * are not written here: memory/target is a xenstore key for both (act.c).
 */
#ifndef XB_HV_H
#define XB_HV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

struct xsc;

struct hv_host {
	uint64_t	total_kib;
	uint64_t	free_kib;	/* free now, scrubbed or not */
	uint64_t	outstanding_kib; /* claimed by domains being built */
};

enum hv_dom_state {
	HV_DOM_RUNNING,
	HV_DOM_PAUSED,
	HV_DOM_SHUTDOWN,	/* shut down, memory not yet released */
	HV_DOM_DYING,
	/*
	 * Paused and never run: being built (xl create), restored (xl
	 * restore) or migrated in (xl migrate-receive) by a toolstack that
	 * unpauses it once its memory is in.  A domain paused after it ran
	 * is HV_DOM_PAUSED.
	 */
	HV_DOM_STARTING,
};

struct hv_dom {
	uint32_t		domid;
	uint8_t			uuid[16];
	char			name[DOMNAME_MAX + 1];	/* "" if unknown */
	uint64_t		tot_kib;	/* what it holds now */
	uint64_t		max_kib;	/* maxmem: what it may hold */
	enum hv_dom_state	state;
	bool			hvm;
};

struct hv;

/* "xen" or "sim"; xs is needed by the simulated backend only. */
struct hv	*hv_open(const char *backend, struct xsc *xs);
void		 hv_close(struct hv *h);
const char	*hv_name(const struct hv *h);

/* Host facts; call it right after hv_list() (the simulated backend
 * derives free memory from that list). */
int		 hv_host(struct hv *h, struct hv_host *out);
/* All domains, dom0 included; *doms is malloc'ed (free it). -errno. */
int		 hv_list(struct hv *h, struct hv_dom **doms, size_t *n);
int		 hv_set_maxmem(struct hv *h, uint32_t domid, uint64_t kib);
/* domid was renamed (xl rename, the end of xl migrate-receive): its name
 * is asked again at the next list. */
void		 hv_forget_name(struct hv *h, uint32_t domid);
const char	*hv_state_name(enum hv_dom_state s);

/* Backend table, one per hv_*.c. */
struct hv_ops {
	const char	*name;
	void		*(*open)(struct xsc *xs);
	void		 (*close)(void *priv);
	int		 (*host)(void *priv, struct hv_host *out);
	/* list leaves names empty: hv.c fills them from its cache, and
	 * asks domname() for a domain it has not seen (a read each). */
	int		 (*list)(void *priv, struct hv_dom **doms, size_t *n);
	void		 (*domname)(void *priv, uint32_t domid, char *buf,
			    size_t len);
	int		 (*set_maxmem)(void *priv, uint32_t domid, uint64_t kib);
};

extern const struct hv_ops	hv_xen_ops;
extern const struct hv_ops	hv_sim_ops;

/* /sim layout shared with tests/component/xb-simhv. */
#define HV_SIM_ROOT		"/sim"
#define HV_SIM_HOST_TOTAL	HV_SIM_ROOT "/host/total_kib"
#define HV_SIM_DOMS		HV_SIM_ROOT "/dom"
#define HV_SIM_MAX_DOMS		4096

#endif
