/*
 * publish.c - committing the keymap to xenstore.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "publish.h"
#include "xskeys.h"


int
publish_init(struct publish *p, struct keymap *km, const char *const *roots,
    size_t nroots)
{
	memset(p, 0, sizeof(*p));
	p->km = km;
	p->roots = roots;
	p->nroots = nroots;
	/* Every entry can be a write, and every entry a removal. */
	p->opsmax = km->max + 1;
	p->ops = calloc(p->opsmax, sizeof(*p->ops));
	return p->ops ? 0 : -ENOMEM;
}

void
publish_free(struct publish *p)
{
	free(p->ops);
	memset(p, 0, sizeof(*p));
}

void
publish_set_xs(struct publish *p, struct xsc *xs)
{
	p->xs = xs;
}

void
publish_add_clean(struct publish *p, const char *root)
{
	if (p->nclean < sizeof(p->clean) / sizeof(p->clean[0]))
		p->clean[p->nclean++] = root;
	p->need_clean = true;
}

void
publish_forget(struct publish *p)
{
	for (size_t i = 0; i < p->km->n; i++)
		free(p->km->v[i].have), p->km->v[i].have = NULL;
	p->need_clean = p->nclean > 0;
}

struct publish_txn {
	struct publish	*p;
	int		 nops;
	bool		 clean;
};

static bool
publish_is_meminfo(const char *path)
{
	return strcmp(path, xskey(XSK_MEMINFO_TOTAL)->path) == 0 ||
	    strcmp(path, xskey(XSK_MEMINFO_FREE)->path) == 0;
}

static int
publish_txn_fn(struct xsc *xs, xs_transaction_t t, void *arg)
{
	struct publish_txn *pt = arg;
	struct publish *p = pt->p;
	bool updated = false;
	int r;

	for (size_t i = 0; pt->clean && i < p->nclean; i++)
		if ((r = xsc_rm(xs, t, p->clean[i])) < 0)
			return r;
	for (int i = 0; i < pt->nops; i++) {
		const struct keymap_op *op = &p->ops[i];

		if (op->kind == KEYMAP_RM)
			r = xsc_rm(xs, t, op->path);
		else
			r = xsc_write_str(xs, t, op->path, op->value);
		if (r < 0) {
			log_debug(LOGC_XENSTORE, "publish: %s %s: %s",
			    op->kind == KEYMAP_RM ? "rm" : "write", op->path,
			    strerror(-r));
			return r;
		}
		updated |= op->kind == KEYMAP_WRITE &&
		    publish_is_meminfo(op->path);
	}
	/* XenServer tooling re-reads guest metrics when this is written. */
	if (updated &&
	    (r = xsc_write_str(xs, t, xskey(XSK_UPDATED)->path, "1")) < 0)
		return r;
	return 0;
}

static void
publish_count(struct publish *p, const struct publish_txn *pt)
{
	p->st.commits++;
	for (int i = 0; i < pt->nops; i++) {
		if (p->ops[i].kind == KEYMAP_RM)
			p->st.removes++;
		else
			p->st.writes++;
	}
}

int
publish_flush(struct publish *p)
{
	struct publish_txn pt = { .p = p, .clean = p->need_clean };
	int r;

	if (p->xs == NULL || !xsc_connected(p->xs))
		return -ENOTCONN;
	/* What is removed wholesale must be written again in full. */
	for (size_t i = 0; pt.clean && i < p->nclean; i++)
		keymap_forget(p->km, p->clean[i]);
	r = keymap_ops(p->km, p->roots, p->nroots, p->ops, p->opsmax);
	if (r < 0)
		return r;
	pt.nops = r;
	if (pt.nops == 0 && !pt.clean)
		return 0;
	/*
	 * One key alone (the heartbeat, a single moved figure) is atomic
	 * without a transaction, which would cost two more round trips and
	 * wake-ups.
	 */
	if (pt.nops == 1 && !pt.clean && p->ops[0].kind == KEYMAP_WRITE &&
	    !publish_is_meminfo(p->ops[0].path))
		r = publish_txn_fn(p->xs, XBT_NULL, &pt);
	else
		r = xsc_transaction(p->xs, publish_txn_fn, &pt, 0, NULL);
	if (r < 0) {
		p->st.failures++;
		return r;
	}
	keymap_committed(p->km);
	p->need_clean = false;
	publish_count(p, &pt);
	return 0;
}
