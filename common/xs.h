/*
 * xs.h - a thin layer over libxenstore for processes built around one
 * sd-event loop (xenballoond, xenballoon-agent).
 *
 * What it adds to libxenstore:
 * - bounded reads: a value longer than the caller's buffer is an error
 *   (-E2BIG), never a larger allocation; directories and permission lists
 *   are bounded by an entry count the caller gives;
 * - errors as negative errno values (0 = success), sd-event style;
 * - watch events dispatched from the sd-event loop to one callback, at
 *   most `batch` events per loop iteration, so a guest flooding a watched
 *   subtree cannot starve the other event sources (XSA-349 thinking);
 * - transactions retried on EAGAIN a bounded number of times;
 * - reconnection: a dropped connection is noticed (on a failed request,
 *   or by a periodic probe when watches exist), reported to the owner,
 *   re-opened with back-off, and the watches registered through
 *   xsc_watch() are registered again before the owner is told "up";
 * - after xsc_unwatch() no event of that watch reaches the owner, even
 *   one libxenstore had already queued.
 *
 * What it cannot bound: libxenstore's reader thread queues every event
 * xenstored sends, without limit; the batch bounds the work per loop
 * iteration, not that queue (xenstored's quotas bound what a guest can
 * make it send).
 *
 * Every request is synchronous, as in libxenstore: a hung xenstored
 * blocks the caller.  The connection honours XENSTORED_PATH (libxenstore
 * reads it in xs_open()), which is how tests point it at tests/xsd/xb-xsd.
 *
 * Not thread-safe: use one struct xsc from the loop's thread only.
 */
#ifndef XB_XS_H
#define XB_XS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <systemd/sd-event.h>
#include <xenstore.h>

#include "parse.h"

struct xsc;

/* A watch fired: path is the node that changed (or the watched special
 * path, e.g. "@releaseDomain"), token the one given to xsc_watch(). */
typedef void	xsc_watch_fn(struct xsc *c, const char *path,
		    const char *token, void *arg);

/*
 * The connection went down (up = false) or came back (up = true).  When
 * it comes back, watches registered with xsc_watch() are already
 * registered again (each fires its initial event); events may have been
 * missed while down, so the owner should rescan what it cares about.
 */
typedef void	xsc_conn_fn(struct xsc *c, bool up, void *arg);

/* Body of a transaction: return 0 to commit, a negative errno to abort
 * (returned by xsc_transaction()); -EAGAIN aborts and retries. */
typedef int	xsc_txn_fn(struct xsc *c, xs_transaction_t t, void *arg);

#define XSC_DEFAULT_BATCH	64	/* watch events per iteration */
#define XSC_DEFAULT_PROBE_USEC	1000000ULL	/* liveness probe period */
#define XSC_DEFAULT_RETRY_USEC	200000ULL	/* first reconnect delay */
#define XSC_MAX_RETRY_USEC	5000000ULL	/* back-off cap */
#define XSC_MAX_WATCHES		128	/* xenstored's per-domain quota */
#define XSC_DEFAULT_TRIES	16	/* xsc_transaction(max_tries = 0) */
#define XSC_MAX_PERMS		64	/* entries xsc_set_perms() takes */

struct xsc_opts {
	xsc_watch_fn	*on_watch;	/* may be NULL: events are dropped */
	xsc_conn_fn	*on_conn;	/* may be NULL */
	void		*arg;		/* passed to both */
	unsigned int	 batch;		/* 0 = XSC_DEFAULT_BATCH */
	uint64_t	 probe_usec;	/* 0 = XSC_DEFAULT_PROBE_USEC */
	uint64_t	 retry_usec;	/* 0 = XSC_DEFAULT_RETRY_USEC */
};

/*
 * Connect (xs_open(0)).  opts may be NULL.  Returns NULL with errno set
 * when xenstored cannot be reached: the caller decides whether that is
 * fatal at start-up (a later drop is handled by reconnection).
 */
struct xsc	*xsc_open(const struct xsc_opts *opts);
void		 xsc_close(struct xsc *c);		/* NULL ok */

/*
 * Attach to an event loop: an I/O source on libxenstore's watch fd, a
 * probe timer and (when needed) a reconnect timer, all at `priority`.
 * Returns 0 or -errno.  Detached by xsc_close().
 */
int		 xsc_attach_event(struct xsc *c, sd_event *e, int64_t priority);

/*
 * Dispatch up to `batch` pending watch events now (what the I/O source
 * does).  Returns the number dispatched, or -ENOTCONN when the
 * connection is found dead (reconnection is then scheduled if attached).
 */
int		 xsc_process(struct xsc *c);

bool		 xsc_connected(const struct xsc *c);
/* The raw handle for what this layer does not wrap (NULL when down);
 * do not close it and do not read watches from it. */
struct xs_handle *xsc_handle(struct xsc *c);
/* Reconnections so far (for tests and status output). */
unsigned int	 xsc_reconnects(const struct xsc *c);

/*
 * Read path into buf.  On success *len (may be NULL) is the value's
 * length and buf holds the value plus a terminating NUL (values may
 * contain NULs: trust *len, not strlen).  A value of len >= bufsz is
 * -E2BIG (buf untouched, *len set to the real length).  Other errors
 * are xenstored's: -ENOENT, -EACCES, ...
 */
int		 xsc_read(struct xsc *c, xs_transaction_t t, const char *path,
		    char *buf, size_t bufsz, size_t *len);

/*
 * Read a guest-written decimal through parse_xs_u64() within [min, max].
 * Returns 0, -errno from xenstore (*perr = PARSE_OK), or -EBADMSG when
 * the value is malformed, with the reason in *perr (perr may be NULL).
 */
int		 xsc_read_u64(struct xsc *c, xs_transaction_t t,
		    const char *path, uint64_t min, uint64_t max,
		    uint64_t *out, enum parse_err *perr);

int		 xsc_write(struct xsc *c, xs_transaction_t t, const char *path,
		    const void *data, size_t len);
int		 xsc_write_str(struct xsc *c, xs_transaction_t t,
		    const char *path, const char *s);
int		 xsc_printf(struct xsc *c, xs_transaction_t t, const char *path,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int		 xsc_mkdir(struct xsc *c, xs_transaction_t t, const char *path);
/* Removes the subtree; a missing node is success, as in xenstored. */
int		 xsc_rm(struct xsc *c, xs_transaction_t t, const char *path);

/*
 * List path's children.  *entries is one allocation (free() it), with
 * *n names; more than max children is -E2BIG (nothing returned).
 */
int		 xsc_directory(struct xsc *c, xs_transaction_t t,
		    const char *path, unsigned int max, char ***entries,
		    unsigned int *n);

/* Permissions: perms[0] is the owner (and its perms are what "others"
 * get), as in xenstored.  More than max entries is -E2BIG. */
int		 xsc_get_perms(struct xsc *c, xs_transaction_t t,
		    const char *path, struct xs_permissions *perms,
		    unsigned int max, unsigned int *n);
/* At most XSC_MAX_PERMS entries (-EINVAL beyond, or for none). */
int		 xsc_set_perms(struct xsc *c, xs_transaction_t t,
		    const char *path, const struct xs_permissions *perms,
		    unsigned int n);

/*
 * Watch path (or "@introduceDomain", "@releaseDomain") with token.  The
 * pair is remembered (at most XSC_MAX_WATCHES; -ENOSPC beyond) and
 * registered again after a reconnection.  An identical pair is -EEXIST.
 */
int		 xsc_watch(struct xsc *c, const char *path, const char *token);
int		 xsc_unwatch(struct xsc *c, const char *path,
		    const char *token);

/*
 * Run fn inside a transaction, committing when it returns 0, retrying
 * from the start when the commit (or fn) fails with EAGAIN, at most
 * max_tries times in all (0 = XSC_DEFAULT_TRIES).  Returns 0, fn's
 * error, -EAGAIN when every try conflicted, or another -errno.
 * *tries (may be NULL) gets the number of attempts made.
 */
int		 xsc_transaction(struct xsc *c, xsc_txn_fn *fn, void *arg,
		    unsigned int max_tries, unsigned int *tries);

/* "/local/domain/<domid>" as xenstored says it; -E2BIG if bufsz is
 * too small. */
int		 xsc_get_domain_path(struct xsc *c, unsigned int domid,
		    char *buf, size_t bufsz);

#endif
