/*
 * policy.c - an administrator's policy for a domain: checked against
 * the host (the mins and pins must fit, bounds.c), saved (store.c), then
 * applied to the domain table.  The caller plans again (control_ops.h's
 * kick) when one is applied.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "xbd.h"

/* Managed as the last round planned it (a dying or starting domain is
 * not). */
static bool
policy_planned_managed(const struct dom *dom)
{
	return dom->managed && dom->hv.state != HV_DOM_DYING &&
	    dom->hv.state != HV_DOM_SHUTDOWN &&
	    dom->hv.state != HV_DOM_STARTING;
}

/* policy_fits() with every domain's new policy: all[i] for
 * d->doms.v[i], or p for dom alone. */
static int
policy_fits_all(const struct xbd *d, const struct dom *dom,
    const struct policy *p, const struct policy *all, struct bounds_fit *fit)
{
	bounds_fit_start(fit, d->totals.budget_kib ? d->totals.budget_kib :
	    d->host.total_kib, d->cfg.slack_kib);
	for (size_t i = 0; i < d->doms.n; i++) {
		const struct dom *o = d->doms.v[i];
		const struct bounds_dom bd = domain_bounds_dom(o);

		if (!policy_planned_managed(o)) {
			bounds_fit_unmanaged(fit, o->have_target &&
			    o->target_kib > o->hv.tot_kib ? o->target_kib :
			    o->hv.tot_kib);
			continue;
		}
		bounds_fit_managed(&d->cfg.bounds, fit, &bd, &o->pol,
		    all != NULL ? &all[i] : o == dom ? p : &o->pol);
	}
	return bounds_fit_verdict(fit);
}

int
policy_fits(const struct xbd *d, const struct dom *dom,
    const struct policy *p, struct bounds_fit *fit)
{
	return policy_fits_all(d, dom, p, NULL, fit);
}

int
policy_unset(struct xbd *d, struct dom *dom, unsigned int fields,
    struct bounds_fit *fit)
{
	struct policy p;
	int r;

	if ((r = store_unset(d->store, dom->uuid, dom->name, fields)) < 0) {
		store_discard(d->store);
		return r;
	}
	store_lookup(d->store, dom->uuid, dom->name, &p);
	/* A default min can be higher than the one set. */
	if (policy_fits(d, dom, &p, fit) == -1) {
		store_discard(d->store);
		return 1;
	}
	if ((r = store_save(d->store)) < 0)
		return r;
	dom->pol = p;
	return 0;
}

int
policy_import(struct xbd *d, const char (*keys)[STORE_KEY_MAX + 1],
    const struct policy *pols, size_t n, struct bounds_fit *fit)
{
	struct policy *all = calloc(d->doms.n + 1, sizeof(*all));
	int r = 0;

	if (all == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n && r == 0; i++)
		r = store_put_key(d->store, keys[i], &pols[i]);
	for (size_t i = 0; i < d->doms.n && r == 0; i++)
		store_lookup(d->store, d->doms.v[i]->uuid, d->doms.v[i]->name,
		    &all[i]);
	if (r == 0 && policy_fits_all(d, NULL, NULL, all, fit) == -1)
		r = 1;
	if (r != 0)
		store_discard(d->store);
	else if ((r = store_save(d->store)) == 0) {
		for (size_t i = 0; i < d->doms.n; i++)
			d->doms.v[i]->pol = all[i];
		}
	free(all);
	return r;
}

/*
 * p is the domain's whole policy after the change.  Set by name, it is
 * written to the name's entry, and to the UUID's entry too if there is
 * one: the UUID's entry wins field by field (store_lookup), so an older
 * value there would come back at the next restart over the one just
 * acknowledged.
 */
int
policy_set(struct xbd *d, struct dom *dom, bool by_name,
    const struct policy *p)
{
	char keys[2][STORE_KEY_MAX + 1];
	int r;

	if (by_name && dom->name[0] == '\0')
		by_name = false;
	r = store_put(d->store, dom->uuid, dom->name, by_name, p);
	if (r == 0 && by_name && store_keys(d->store, dom->uuid, NULL,
	    keys) == 1)
		r = store_put(d->store, dom->uuid, dom->name, false, p);
	if (r == 0)
		r = store_save(d->store);
	if (r < 0)
		return r;
	dom->pol = *p;
	return 0;
}

