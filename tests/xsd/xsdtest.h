/*
 * xsdtest.h - helpers for tests that run xb-xsd: TAP output, starting and
 * stopping the server (no sleeps: it says READY on a pipe), connecting
 * the real libxenstore to one of its sockets, waiting for watch events.
 */
#ifndef XSDTEST_H
#define XSDTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <xenstore.h>

/* ---- TAP ---- */
void	tap_ok(bool cond, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	tap_skip(const char *reason, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the plan; returns the exit status (1 if anything failed). */
int	tap_done(void);

/* ---- the server ---- */
#define XSDTEST_GUEST	5	/* --guest 5:<dir>/g5 */
#define XSDTEST_GUEST2	7	/* --guest 7:<dir>/g7 */

struct xsdtest_srv {
	pid_t	pid;
	char	dir[64];
	char	dom0[128];	/* privileged socket */
	char	guest[128];	/* acts as XSDTEST_GUEST */
	char	guest2[128];	/* acts as XSDTEST_GUEST2 */
	char	dump[128];	/* --dump file, written at exit */
};

/* Path of xb-xsd: $XB_BUILDDIR/tests/xsd/xb-xsd, else beside argv0. */
void	xsdtest_init(const char *argv0);
/*
 * Start xb-xsd with sockets in a fresh directory (or reuse s->dir when
 * it is already set, e.g. to restart on the same paths), plus extra
 * arguments (NULL-terminated, may be NULL).  Returns 0 once listening.
 */
int	xsdtest_start(struct xsdtest_srv *s, const char *const *extra);
/* SIGTERM and wait: returns the exit status, -1 if it did not exit. */
int	xsdtest_stop(struct xsdtest_srv *s);
/* Remove the directory (after stop). */
void	xsdtest_cleanup(struct xsdtest_srv *s);

/* xs_open(0) with XENSTORED_PATH=sock. */
struct xs_handle *xsdtest_open(const char *sock);

/* Next watch event within timeout_ms: 0, or -1 on timeout/error. */
int	xsdtest_watch_next(struct xs_handle *h, int timeout_ms, char *path,
	    size_t pathsz, char *token, size_t tokensz);
/*
 * Events received before the one carrying `token` (which the caller
 * triggers after the action under test): since a connection's events
 * are delivered in order, this proves an event did NOT come without
 * sleeping.  Returns the count, or -1 if the marker never came.
 */
int	xsdtest_events_before(struct xs_handle *h, const char *token,
	    int timeout_ms);

/* A raw socket to the server, for malformed messages. */
int	xsdtest_raw_connect(const char *sock);

#endif
