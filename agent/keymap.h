/*
 * keymap.h - what the agent wants in xenstore, and what it last wrote.
 *
 * Each source (memory, balloon, network) states the keys it wants; the
 * keymap remembers what was committed, so a flush writes only what
 * changed and removes only what went.  Removals are collapsed: when the
 * last key under a directory goes, the directory itself is removed (up
 * to, not including, a registered root), so a vanished interface leaves
 * no empty nodes behind to count against the guest's xenstored quota.
 *
 * Pure: no I/O.  publish.c turns the operations into one transaction.
 */
#ifndef XB_AGENT_KEYMAP_H
#define XB_AGENT_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xskeys.h"

#define KEYMAP_PATH_MAX		256
#define KEYMAP_VALUE_MAX	128

struct keymap_entry {
	char	*path;		/* relative to the domain's home */
	char	*want;		/* NULL: to be removed */
	char	*have;		/* NULL: not (known to be) in xenstore */
	bool	 seen;		/* set since the last keymap_mark() */
};

struct keymap {
	struct keymap_entry	*v;
	size_t			 n, cap;
	size_t			 max;	/* entries; protects quotas */
};

enum keymap_op_kind {
	KEYMAP_WRITE,
	KEYMAP_RM,
};

struct keymap_op {
	enum keymap_op_kind	 kind;
	char			 path[KEYMAP_PATH_MAX];
	const char		*value;	/* KEYMAP_WRITE only; in the keymap */
};

void	keymap_init(struct keymap *km, size_t max);
void	keymap_free(struct keymap *km);

/* Want path = value.  Returns 0, -E2BIG for an over-long path or value,
 * -ENOSPC beyond max entries, -ENOMEM. */
int	keymap_set(struct keymap *km, const char *path, const char *value);
/* Want the table's key id = v, clamped to the key's bound as its reader
 * keeps it (common/xskeys.c); keymap_set's error, if any, is dropped. */
void	keymap_set_u64(struct keymap *km, enum xsk_id id, uint64_t v);
/* Want path gone (no-op if it was never there). */
void	keymap_del(struct keymap *km, const char *path);

/*
 * Mark-and-sweep for a subtree rebuilt from scratch: keymap_mark()
 * clears `seen` under prefix, keymap_set() sets it, keymap_sweep()
 * removes what was not set again.
 */
void	keymap_mark(struct keymap *km, const char *prefix);
void	keymap_sweep(struct keymap *km, const char *prefix);

/* Forget what was committed under prefix (it will be rewritten). */
void	keymap_forget(struct keymap *km, const char *prefix);

bool		 keymap_dirty(const struct keymap *km);
const char	*keymap_get(const struct keymap *km, const char *path);

/*
 * The operations that bring xenstore from `have` to `want`: removals
 * first (collapsed to the highest directory under one of roots[] that
 * keeps nothing wanted), then writes in path order.  Returns the number
 * of operations put in ops (at most max), or -ENOSPC.
 */
int	keymap_ops(const struct keymap *km, const char *const *roots,
	    size_t nroots, struct keymap_op *ops, size_t max);
/* The operations were committed: have = want, removed entries dropped. */
void	keymap_committed(struct keymap *km);

#endif
