/*
 * publish.h - the keymap's pending changes into xenstore, all in one
 * transaction, so a reader never sees half an update (an interface
 * with its new name and its old addresses, MemTotal without MemFree).
 */
#ifndef XB_AGENT_PUBLISH_H
#define XB_AGENT_PUBLISH_H

#include <stdbool.h>

#include "keymap.h"
#include "xs.h"

struct publish_stats {
	unsigned long	commits;
	unsigned long	writes;		/* nodes written */
	unsigned long	removes;
	unsigned long	failures;
};

struct publish {
	struct xsc		*xs;
	struct keymap		*km;
	const char *const	*roots;		/* subtrees the agent owns */
	size_t			 nroots;
	/* Removed whole before the next commit: stale content from an
	 * earlier run (an interface that went while the agent was down). */
	const char		*clean[4];
	size_t			 nclean;
	bool			 need_clean;
	struct keymap_op	*ops;
	size_t			 opsmax;
	struct publish_stats	 st;
};

int	publish_init(struct publish *p, struct keymap *km,
	    const char *const *roots, size_t nroots);
void	publish_free(struct publish *p);
void	publish_set_xs(struct publish *p, struct xsc *xs);

/* Add a subtree to empty on the first commit after (re)connecting. */
void	publish_add_clean(struct publish *p, const char *root);

/* xenstore may have lost our keys (reconnected, resumed): rewrite all. */
void	publish_forget(struct publish *p);

/*
 * Commit what changed.  Returns 0 (also when nothing was pending),
 * -ENOTCONN without a connection, or the transaction's -errno (the
 * keymap stays dirty and the next flush retries).
 */
int	publish_flush(struct publish *p);

#endif
