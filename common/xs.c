/*
 * xs.c - thin xenstore layer: bounded reads, transactions retried on
 * EAGAIN, watch dispatch from sd-event, reconnection.  See xs.h.
 *
 * How libxenstore behaves, which this file relies on (Xen 4.17):
 * - xs_watch() starts a reader thread that queues watch events and makes
 *   the xs_fileno() pipe readable while the queue is non-empty;
 * - when the daemon closes the connection the reader thread closes the
 *   socket and marks the handle dead, but writes nothing to the pipe, so
 *   a dead handle is only seen by polling: xs_check_watch() then fails
 *   with EINVAL instead of EAGAIN.  Hence the probe timer;
 * - a failed request leaves the handle dead too (EBADF, EPIPE, ...).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xs.h"

struct xsc_watch {
	char	*path;
	char	*token;
};

struct xsc {
	struct xs_handle	*h;
	struct xsc_opts		 o;

	sd_event		*event;
	int64_t			 priority;
	sd_event_source		*io;
	sd_event_source		*probe;
	sd_event_source		*retry;
	uint64_t		 retry_next_usec;

	/* One watch event taken out of libxenstore while probing after a
	 * failed request; dispatched before the queue. */
	char			**stash;

	struct xsc_watch	 watches[XSC_MAX_WATCHES];
	unsigned int		 nwatches;
	unsigned int		 reconnects;
};

static void	xsc_lost(struct xsc *c);
static int	xsc_io_attach(struct xsc *c);

/* errno values after which libxenstore's handle cannot be used again. */
static bool
xsc_errno_fatal(int e)
{
	return e == EBADF || e == EPIPE || e == ECONNRESET ||
	    e == ENOTCONN || e == ECONNREFUSED || e == ESHUTDOWN;
}

/*
 * A request failed with errno e: decide whether the connection died.
 * EINVAL is ambiguous (xenstored answers it to bad requests, libxenstore
 * sets it when the reader thread found the socket closed), so probe.
 */
static int
xsc_fail(struct xsc *c, int e)
{
	char **ev;

	if (e == 0)
		e = EIO;
	if (xsc_errno_fatal(e)) {
		xsc_lost(c);
		return -ENOTCONN;
	}
	if (e != EINVAL || c->h == NULL)
		return -e;
	if (c->stash != NULL)
		return -e;
	ev = xs_check_watch(c->h);
	if (ev != NULL) {
		c->stash = ev;
		return -e;
	}
	if (errno == EINVAL) {
		xsc_lost(c);
		return -ENOTCONN;
	}
	return -e;
}

static int
xsc_ready(struct xsc *c)
{
	return c->h != NULL ? 0 : -ENOTCONN;
}

struct xsc *
xsc_open(const struct xsc_opts *opts)
{
	struct xsc *c;
	int e;

	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	if (opts != NULL)
		c->o = *opts;
	if (c->o.batch == 0)
		c->o.batch = XSC_DEFAULT_BATCH;
	if (c->o.probe_usec == 0)
		c->o.probe_usec = XSC_DEFAULT_PROBE_USEC;
	if (c->o.retry_usec == 0)
		c->o.retry_usec = XSC_DEFAULT_RETRY_USEC;
	c->h = xs_open(0);
	if (c->h == NULL) {
		e = errno;
		free(c);
		errno = e;
		return NULL;
	}
	return c;
}

static void
xsc_detach(struct xsc *c)
{
	c->io = sd_event_source_disable_unref(c->io);
	c->probe = sd_event_source_disable_unref(c->probe);
	c->retry = sd_event_source_disable_unref(c->retry);
	c->event = sd_event_unref(c->event);
}

void
xsc_close(struct xsc *c)
{
	unsigned int i;

	if (c == NULL)
		return;
	xsc_detach(c);
	free(c->stash);
	xs_close(c->h);
	for (i = 0; i < c->nwatches; i++) {
		free(c->watches[i].path);
		free(c->watches[i].token);
	}
	free(c);
}

bool
xsc_connected(const struct xsc *c)
{
	return c->h != NULL;
}

struct xs_handle *
xsc_handle(struct xsc *c)
{
	return c->h;
}

unsigned int
xsc_reconnects(const struct xsc *c)
{
	return c->reconnects;
}

/* ---- watch dispatch ---------------------------------------------- */

/* Is path at or below watch (both absolute, both relative, or both
 * the same special name)?  "/" covers every absolute path. */
static bool
xsc_path_under(const char *watch, const char *path)
{
	size_t len = strlen(watch);

	if (strcmp(watch, "/") == 0)
		return path[0] == '/';
	return strncmp(path, watch, len) == 0 &&
	    (path[len] == '\0' || path[len] == '/');
}

/*
 * Only events of a watch still registered reach the owner: libxenstore
 * keeps events already queued when a watch is removed, and an owner
 * that unwatched a guest's subtree must not hear from it again.
 */
static bool
xsc_watch_matches(const struct xsc *c, const char *path, const char *token)
{
	unsigned int i;

	for (i = 0; i < c->nwatches; i++)
		if (strcmp(c->watches[i].token, token) == 0 &&
		    xsc_path_under(c->watches[i].path, path))
			return true;
	return false;
}

static void
xsc_deliver(struct xsc *c, char **ev)
{
	const char *path = ev[XS_WATCH_PATH], *token = ev[XS_WATCH_TOKEN];

	if (!xsc_watch_matches(c, path, token))
		log_debug(LOGC_XENSTORE, "xsc: stale event %s (%s) dropped",
		    path, token);
	else if (c->o.on_watch != NULL)
		c->o.on_watch(c, path, token, c->o.arg);
	free(ev);
}

int
xsc_process(struct xsc *c)
{
	char **ev;
	int n = 0;

	if (c->h == NULL)
		return -ENOTCONN;
	if (c->stash != NULL) {
		ev = c->stash;
		c->stash = NULL;
		xsc_deliver(c, ev);
		n++;
	}
	/* The callback may have closed the connection (a failed request). */
	while (c->h != NULL && (unsigned int)n < c->o.batch) {
		ev = xs_check_watch(c->h);
		if (ev == NULL) {
			if (errno == EAGAIN)
				break;
			log_debug(LOGC_XENSTORE,
			    "xsc_process: connection lost (%s)",
			    strerror(errno));
			xsc_lost(c);
			return -ENOTCONN;
		}
		xsc_deliver(c, ev);
		n++;
	}
	if (c->h == NULL)
		return -ENOTCONN;
	return n;
}

static int
xsc_on_io(sd_event_source *s, int fd, uint32_t revents, void *arg)
{
	xsc_process(arg);
	return 0;
}

static int
xsc_on_probe(sd_event_source *s, uint64_t usec, void *arg)
{
	struct xsc *c = arg;

	if (c->h != NULL)
		xsc_process(c);
	if (c->probe != NULL) {
		sd_event_source_set_time_relative(s, c->o.probe_usec);
		sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
	}
	return 0;
}

/* ---- reconnection ------------------------------------------------ */

static int
xsc_rewatch(struct xsc *c)
{
	unsigned int i;

	for (i = 0; i < c->nwatches; i++) {
		if (!xs_watch(c->h, c->watches[i].path, c->watches[i].token)) {
			log_warn("xsc_rewatch: %s", c->watches[i].path);
			return -1;
		}
	}
	return 0;
}

static int
xsc_on_retry(sd_event_source *s, uint64_t usec, void *arg)
{
	struct xsc *c = arg;

	c->h = xs_open(0);
	if (c->h != NULL && xsc_rewatch(c) == 0 && xsc_io_attach(c) == 0) {
		c->retry = sd_event_source_disable_unref(c->retry);
		c->retry_next_usec = c->o.retry_usec;
		c->reconnects++;
		log_notice(LOGC_XENSTORE, "xenstore: reconnected");
		if (c->o.on_conn != NULL)
			c->o.on_conn(c, true, c->o.arg);
		return 0;
	}
	xs_close(c->h);
	c->h = NULL;
	c->retry_next_usec *= 2;
	if (c->retry_next_usec > XSC_MAX_RETRY_USEC)
		c->retry_next_usec = XSC_MAX_RETRY_USEC;
	sd_event_source_set_time_relative(s, c->retry_next_usec);
	sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
	return 0;
}

static int
xsc_retry_schedule(struct xsc *c)
{
	int r;

	if (c->event == NULL || c->retry != NULL)
		return 0;
	c->retry_next_usec = c->o.retry_usec;
	r = sd_event_add_time_relative(c->event, &c->retry, CLOCK_MONOTONIC,
	    c->o.retry_usec, 0, xsc_on_retry, c);
	if (r < 0) {
		log_warnx("xsc_retry_schedule: %s", strerror(-r));
		return r;
	}
	sd_event_source_set_priority(c->retry, c->priority);
	return 0;
}

/* The handle is dead: drop it, tell the owner, schedule a reconnect. */
static void
xsc_lost(struct xsc *c)
{
	if (c->h == NULL)
		return;
	log_warnx("xenstore: connection lost");
	c->io = sd_event_source_disable_unref(c->io);
	free(c->stash);
	c->stash = NULL;
	xs_close(c->h);
	c->h = NULL;
	xsc_retry_schedule(c);
	if (c->o.on_conn != NULL)
		c->o.on_conn(c, false, c->o.arg);
}

static int
xsc_io_attach(struct xsc *c)
{
	int fd, r;

	if (c->event == NULL)
		return 0;
	fd = xs_fileno(c->h);
	if (fd < 0)
		return -errno;
	r = sd_event_add_io(c->event, &c->io, fd, EPOLLIN, xsc_on_io, c);
	if (r < 0)
		return r;
	sd_event_source_set_priority(c->io, c->priority);
	return 0;
}

int
xsc_attach_event(struct xsc *c, sd_event *e, int64_t priority)
{
	int r;

	if (c->event != NULL)
		return -EBUSY;
	c->event = sd_event_ref(e);
	c->priority = priority;
	r = sd_event_add_time_relative(e, &c->probe, CLOCK_MONOTONIC,
	    c->o.probe_usec, 0, xsc_on_probe, c);
	if (r < 0)
		goto fail;
	sd_event_source_set_priority(c->probe, priority);
	if (c->h == NULL)
		r = xsc_retry_schedule(c);
	else
		r = xsc_io_attach(c);
	if (r < 0)
		goto fail;
	return 0;
fail:
	xsc_detach(c);
	return r;
}

/* ---- requests ---------------------------------------------------- */

int
xsc_read(struct xsc *c, xs_transaction_t t, const char *path, char *buf,
    size_t bufsz, size_t *len)
{
	unsigned int n;
	char *v;
	int r;

	if ((r = xsc_ready(c)) < 0)
		return r;
	/* libxenstore allocates at most XENSTORE_PAYLOAD_MAX + 1 here. */
	v = xs_read(c->h, t, path, &n);
	if (v == NULL)
		return xsc_fail(c, errno);
	if (len != NULL)
		*len = n;
	if ((size_t)n >= bufsz) {
		free(v);
		return -E2BIG;
	}
	memcpy(buf, v, n);
	buf[n] = '\0';
	free(v);
	return 0;
}

int
xsc_write(struct xsc *c, xs_transaction_t t, const char *path,
    const void *data, size_t len)
{
	int r;

	if ((r = xsc_ready(c)) < 0)
		return r;
	if (len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	if (!xs_write(c->h, t, path, data, (unsigned int)len))
		return xsc_fail(c, errno);
	return 0;
}

int
xsc_write_str(struct xsc *c, xs_transaction_t t, const char *path,
    const char *s)
{
	return xsc_write(c, t, path, s, strlen(s));
}

int
xsc_printf(struct xsc *c, xs_transaction_t t, const char *path,
    const char *fmt, ...)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= sizeof(buf))
		return -E2BIG;
	return xsc_write(c, t, path, buf, (size_t)n);
}

int
xsc_mkdir(struct xsc *c, xs_transaction_t t, const char *path)
{
	int r;

	if ((r = xsc_ready(c)) < 0)
		return r;
	if (!xs_mkdir(c->h, t, path))
		return xsc_fail(c, errno);
	return 0;
}

int
xsc_rm(struct xsc *c, xs_transaction_t t, const char *path)
{
	int r;

	if ((r = xsc_ready(c)) < 0)
		return r;
	if (!xs_rm(c->h, t, path)) {
		if (errno == ENOENT)
			return 0;
		return xsc_fail(c, errno);
	}
	return 0;
}

int
xsc_directory(struct xsc *c, xs_transaction_t t, const char *path,
    unsigned int max, char ***entries, unsigned int *n)
{
	unsigned int num;
	char **v;
	int r;

	if ((r = xsc_ready(c)) < 0)
		return r;
	v = xs_directory(c->h, t, path, &num);
	if (v == NULL)
		return xsc_fail(c, errno);
	if (num > max) {
		free(v);
		return -E2BIG;
	}
	*entries = v;
	*n = num;
	return 0;
}

int
xsc_get_perms(struct xsc *c, xs_transaction_t t, const char *path,
    struct xs_permissions *perms, unsigned int max, unsigned int *n)
{
	struct xs_permissions *v;
	unsigned int num;
	int r;

	if ((r = xsc_ready(c)) < 0)
		return r;
	v = xs_get_permissions(c->h, t, path, &num);
	if (v == NULL)
		return xsc_fail(c, errno);
	if (num > max) {
		free(v);
		return -E2BIG;
	}
	memcpy(perms, v, num * sizeof(*v));
	*n = num;
	free(v);
	return 0;
}

int
xsc_set_perms(struct xsc *c, xs_transaction_t t, const char *path,
    const struct xs_permissions *perms, unsigned int n)
{
	struct xs_permissions copy[XSC_MAX_PERMS];
	int r;

	if ((r = xsc_ready(c)) < 0)
		return r;
	/* libxenstore wants a mutable array and puts it on its stack. */
	if (n == 0 || n > sizeof(copy) / sizeof(copy[0]))
		return -EINVAL;
	memcpy(copy, perms, n * sizeof(*perms));
	if (!xs_set_permissions(c->h, t, path, copy, n))
		return xsc_fail(c, errno);
	return 0;
}

static int
xsc_watch_find(const struct xsc *c, const char *path, const char *token)
{
	unsigned int i;

	for (i = 0; i < c->nwatches; i++)
		if (strcmp(c->watches[i].path, path) == 0 &&
		    strcmp(c->watches[i].token, token) == 0)
			return (int)i;
	return -1;
}

int
xsc_watch(struct xsc *c, const char *path, const char *token)
{
	struct xsc_watch *w;
	int r;

	if ((r = xsc_ready(c)) < 0)
		return r;
	if (xsc_watch_find(c, path, token) >= 0)
		return -EEXIST;
	if (c->nwatches == XSC_MAX_WATCHES)
		return -ENOSPC;
	w = &c->watches[c->nwatches];
	w->path = strdup(path);
	w->token = strdup(token);
	if (w->path == NULL || w->token == NULL) {
		free(w->path);
		free(w->token);
		return -ENOMEM;
	}
	if (!xs_watch(c->h, path, token)) {
		r = xsc_fail(c, errno);
		free(w->path);
		free(w->token);
		return r;
	}
	c->nwatches++;
	return 0;
}

int
xsc_unwatch(struct xsc *c, const char *path, const char *token)
{
	int i, r;

	i = xsc_watch_find(c, path, token);
	if (i < 0)
		return -ENOENT;
	free(c->watches[i].path);
	free(c->watches[i].token);
	c->watches[i] = c->watches[--c->nwatches];
	/* Forgotten even if xenstored is away: it will not be re-added. */
	if ((r = xsc_ready(c)) < 0)
		return 0;
	if (!xs_unwatch(c->h, path, token))
		return xsc_fail(c, errno);
	return 0;
}

int
xsc_transaction(struct xsc *c, xsc_txn_fn *fn, void *arg,
    unsigned int max_tries, unsigned int *tries)
{
	xs_transaction_t t;
	unsigned int i;
	int r = -EAGAIN;

	if (max_tries == 0)
		max_tries = XSC_DEFAULT_TRIES;
	for (i = 0; i < max_tries && r == -EAGAIN; i++) {
		if ((r = xsc_ready(c)) < 0)
			break;
		t = xs_transaction_start(c->h);
		if (t == XBT_NULL) {
			r = xsc_fail(c, errno);
			continue;
		}
		r = fn(c, t, arg);
		if (c->h == NULL) {
			r = -ENOTCONN;
			break;
		}
		if (r < 0) {
			/* An abort can fail only if the connection did. */
			if (!xs_transaction_end(c->h, t, true))
				xsc_fail(c, errno);
			continue;
		}
		if (!xs_transaction_end(c->h, t, false))
			r = xsc_fail(c, errno);
		else
			r = 0;
	}
	if (tries != NULL)
		*tries = i;
	if (r == -EAGAIN)
		log_debug(LOGC_XENSTORE,
		    "xsc_transaction: %u tries, all conflicted", i);
	return r;
}

int
xsc_get_domain_path(struct xsc *c, unsigned int domid, char *buf,
    size_t bufsz)
{
	size_t n;
	char *v;
	int r;

	if ((r = xsc_ready(c)) < 0)
		return r;
	v = xs_get_domain_path(c->h, domid);
	if (v == NULL)
		return xsc_fail(c, errno);
	n = strlen(v);
	if (n >= bufsz) {
		free(v);
		return -E2BIG;
	}
	memcpy(buf, v, n + 1);
	free(v);
	return 0;
}
