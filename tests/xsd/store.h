/*
 * store.h - the data model of xb-xsd, the xenstore test server: a tree of
 * nodes with values, permissions and generation counts, the permission
 * and quota rules of C xenstored (Xen 4.17), and transactions.  No I/O:
 * the wire protocol and connections live in xsd.c, which passes the
 * caller's identity in and receives watch firings through a callback.
 *
 * Errors are positive errno values, as xenstored uses them internally;
 * xsd.c turns them into the "ENOENT" strings of the wire protocol.
 */
#ifndef XSD_STORE_H
#define XSD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <xenstore_lib.h>	/* struct xs_permissions, XS_PERM_* */

#define STORE_PATH_MAX		3072	/* XENSTORE_ABS_PATH_MAX */
#define STORE_NO_GEN		UINT64_MAX

/* xenstored's defaults; quotas apply to unprivileged callers only. */
struct store_quota {
	unsigned int	nodes;		/* nodes owned per domain: 1000 */
	unsigned int	watches;	/* watches per domain: 128 */
	unsigned int	node_size;	/* stored record size: 2048 */
	unsigned int	transactions;	/* open per connection: 10 */
	unsigned int	perms;		/* entries per node: 5 */
	unsigned int	outstanding;	/* unanswered requests: 20 */
};

void	store_quota_defaults(struct store_quota *q);
/* "nodes=20": sets one quota; returns 0 or -1 (unknown name, bad number). */
int	store_quota_set(struct store_quota *q, const char *spec);

struct store_perms {
	struct xs_permissions	*p;
	unsigned int		 n;
};

struct store;
struct store_txn;

/*
 * A node changed (or was removed): xsd.c matches it against the watches.
 * exact: only watches on exactly this path fire (the children of a
 * removed subtree).  node/parent/old perms let it decide whether each
 * watcher may see the event (old is NULL unless permissions changed).
 */
typedef void	store_fire_fn(void *arg, const char *path, bool exact,
		    const struct store_perms *node,
		    const struct store_perms *parent,
		    const struct store_perms *old);

/* Who is asking, and where the answer goes. */
struct store_op {
	unsigned int		 domid;
	bool			 priv;		/* dom0: all permissions, no quota */
	const struct store_quota *q;
	store_fire_fn		*fire;		/* may be NULL */
	void			*arg;
};

struct store	*store_new(void);
void		 store_free(struct store *s);
size_t		 store_count(const struct store *s);	/* nodes in the tree */

/*
 * Canonical absolute path for a request from domid: relative paths are
 * under /local/domain/<domid>.  EINVAL for what xenstored rejects (bad
 * characters, "//", trailing "/", too long).
 */
int	store_canon(unsigned int domid, const char *in, char *out,
	    size_t outsz);
bool	store_valid_path(const char *path);
unsigned int store_perm_for(const struct store_op *o,
	    const struct store_perms *p);

/*
 * The operations.  t is NULL outside a transaction; inside one the
 * operation applies to the transaction's snapshot and is replayed on the
 * tree at commit.  Values returned by store_read() and listings stay
 * valid until the next operation.
 */
int	store_read(struct store *s, struct store_txn *t,
	    const struct store_op *o, const char *path, const void **val,
	    size_t *len);
int	store_write(struct store *s, struct store_txn *t,
	    const struct store_op *o, const char *path, const void *val,
	    size_t len);
int	store_mkdir(struct store *s, struct store_txn *t,
	    const struct store_op *o, const char *path);
int	store_rm(struct store *s, struct store_txn *t,
	    const struct store_op *o, const char *path);
/* Children as NUL-terminated names, one after the other. */
int	store_directory(struct store *s, struct store_txn *t,
	    const struct store_op *o, const char *path, char **names,
	    size_t *len, uint64_t *gen);
int	store_get_perms(struct store *s, struct store_txn *t,
	    const struct store_op *o, const char *path,
	    struct store_perms *out);
int	store_set_perms(struct store *s, struct store_txn *t,
	    const struct store_op *o, const char *path,
	    const struct store_perms *perms);

/* "r5" -> {5, READ}; EINVAL when malformed. */
int	store_parse_perm(const char *s, struct xs_permissions *p);
/* "b0": out holds at least 12 bytes. */
void	store_format_perm(const struct xs_permissions *p, char *out,
	    size_t outsz);

/* Transactions: a snapshot, the nodes accessed, the operations logged. */
struct store_txn *store_txn_begin(struct store *s);
void		 store_txn_free(struct store_txn *t);
/* EAGAIN when a node the transaction accessed changed meanwhile. */
int		 store_txn_commit(struct store *s, struct store_txn *t,
		    const struct store_op *o);

/* Number of nodes owned by domid (its node quota). */
unsigned int	 store_owned(const struct store *s, unsigned int domid);

/* One line per node: path = "value" (perms), values escaped. */
void		 store_dump(const struct store *s, FILE *f);

#endif
