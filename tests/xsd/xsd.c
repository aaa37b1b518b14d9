/*
 * xsd.c - xb-xsd, a xenstore server for tests: the real wire protocol
 * (xen/io/xs_wire.h) on Unix sockets, so the real libxenstore and
 * xenstore-utils connect to it through XENSTORED_PATH.
 *
 * Each listening socket carries an identity: --socket is dom0
 * (privileged, as a socket client of xenstored is), --guest D:PATH makes
 * every connection on PATH act as domain D: its relative paths resolve
 * under /local/domain/D, its rights are checked against node
 * permissions and its quotas are counted.  The data model and rules are
 * in store.c; this file is connections, framing, watches, domains.
 *
 * Behaviour taken from C xenstored (4.17) and docs/misc/xenstore.txt:
 * errors travel as their errno names; acks are "OK"; a request whose
 * header announces more than 4096 payload bytes kills the connection;
 * an unknown type is ENOSYS; WATCH answers OK and then fires once with
 * the watched path; events are "path\0token\0" with req_id = tx_id = 0,
 * relative when the watch was; an identical event already queued is not
 * queued twice (special ones excepted); INTRODUCE, RELEASE,
 * IS_DOMAIN_INTRODUCED, RESUME, SET_TARGET and CONTROL are dom0-only
 * (EACCES); a watch beyond the quota is E2BIG, a transaction beyond it
 * ENOSPC, an unknown transaction id ENOENT.
 */
#define _GNU_SOURCE		/* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <systemd/sd-event.h>
#include <xenstore_lib.h>

#include "log.h"
#include "parse.h"
#include "store.h"

#define XSD_OUT_MAX	(4u << 20)	/* queued bytes per connection */
#define XSD_BATCH	64		/* requests per wake-up */
#define XSD_DEDUP_SCAN	1024		/* queued messages checked for dups */
#define XSD_MAX_SOCKETS	256	/* listening sockets: dom0's and guests' */
#define XSD_MAX_DOMS	4096	/* introduced domains (load tests run 1,000) */
#define XSD_SPECIAL_PERMS 8		/* entries on @introduceDomain etc. */

struct msg {
	struct msg		*next;
	struct xsd_sockmsg	 hdr;
	size_t			 off;		/* bytes of hdr+body written */
	bool			 event;
	char			 body[];
};

struct watch {
	struct watch	*next;
	char		*path;		/* canonical, or "@..." */
	char		*token;
	bool		 relative;
};

struct txn {
	struct txn		*next;
	uint32_t		 id;
	struct store_txn	*st;
};

struct xsd;

struct conn {
	struct conn		*next;
	struct xsd		*x;
	int			 fd;
	unsigned int		 domid;
	bool			 priv;
	sd_event_source		*src;

	struct xsd_sockmsg	 hdr;
	size_t			 hoff;
	char			 body[XENSTORE_PAYLOAD_MAX + 1];
	size_t			 boff;

	struct msg		*out, *out_tail;
	size_t			 out_bytes;
	unsigned int		 out_msgs;
	unsigned int		 out_replies;
	unsigned long		 dropped;

	struct watch		*watches;
	struct txn		*txns;
	unsigned int		 ntxns;
	uint32_t		 next_txid;
};

struct listener {
	struct xsd	*x;
	int		 fd;
	unsigned int	 domid;
	char		*path;
	sd_event_source	*src;
};

struct xsd {
	sd_event		*ev;
	struct store		*st;
	struct store_quota	 q;
	struct listener		 ls[XSD_MAX_SOCKETS];
	unsigned int		 nls;
	struct conn		*conns;
	unsigned int		 doms[XSD_MAX_DOMS];	/* introduced domUs */
	unsigned int		 ndoms;
	struct xs_permissions	 sp_intro[XSD_SPECIAL_PERMS];
	struct xs_permissions	 sp_release[XSD_SPECIAL_PERMS];
	unsigned int		 nsp_intro, nsp_release;
	const char		*dump;
	bool			 verbose;
};

static void	xsd_conn_close(struct conn *c);
static int	xsd_conn_flush(struct conn *c);

/* ---- domains ------------------------------------------------------- */

static int
xsd_dom_find(const struct xsd *x, unsigned int domid)
{
	unsigned int i;

	for (i = 0; i < x->ndoms; i++)
		if (x->doms[i] == domid)
			return (int)i;
	return -1;
}

static bool
xsd_introduced(const struct xsd *x, unsigned int domid)
{
	return domid == 0 || xsd_dom_find(x, domid) >= 0;
}

/* ---- output ----------------------------------------------------------- */

static const char *
xsd_errname(int err)
{
	size_t i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (xsd_errors[i].errnum == err)
			return xsd_errors[i].errstring;
	return "EINVAL";
}

static void
xsd_conn_update_events(struct conn *c)
{
	uint32_t ev = 0;

	if (c->priv || c->out_replies < c->x->q.outstanding)
		ev |= EPOLLIN;
	if (c->out != NULL)
		ev |= EPOLLOUT;
	sd_event_source_set_io_events(c->src, ev);
}

static bool
xsd_conn_event_queued(const struct conn *c, const void *body, size_t len)
{
	const struct msg *m;

	/* Bounded, so a flood on a slow reader does not go quadratic. */
	if (c->out_msgs > XSD_DEDUP_SCAN)
		return false;
	for (m = c->out; m != NULL; m = m->next)
		if (m->event && m->off == 0 && m->hdr.len == len &&
		    memcmp(m->body, body, len) == 0)
			return true;
	return false;
}

static void
xsd_conn_queue(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
    const void *body, size_t len, bool event)
{
	struct msg *m;

	if (event && body != NULL && ((const char *)body)[0] != '@' &&
	    xsd_conn_event_queued(c, body, len))
		return;
	if (event && c->out_bytes + len > XSD_OUT_MAX) {
		c->dropped++;
		return;
	}
	m = malloc(sizeof(*m) + len);
	if (m == NULL) {
		c->dropped++;
		return;
	}
	m->next = NULL;
	m->hdr.type = type;
	m->hdr.req_id = req_id;
	m->hdr.tx_id = tx_id;
	m->hdr.len = (uint32_t)len;
	m->off = 0;
	m->event = event;
	if (len > 0)
		memcpy(m->body, body, len);
	if (c->out_tail != NULL)
		c->out_tail->next = m;
	else
		c->out = m;
	c->out_tail = m;
	c->out_bytes += len + sizeof(m->hdr);
	c->out_msgs++;
	if (!event)
		c->out_replies++;
}

static void
xsd_conn_reply(struct conn *c, uint32_t type, const void *body, size_t len)
{
	if (len > XENSTORE_PAYLOAD_MAX) {
		const char *e = xsd_errname(E2BIG);

		xsd_conn_queue(c, XS_ERROR, c->hdr.req_id, c->hdr.tx_id, e,
		    strlen(e) + 1, false);
		return;
	}
	xsd_conn_queue(c, type, c->hdr.req_id, c->hdr.tx_id, body, len, false);
}

static void
xsd_conn_ok(struct conn *c)
{
	xsd_conn_reply(c, c->hdr.type, "OK", 3);
}

static void
xsd_conn_error(struct conn *c, int err)
{
	const char *e = xsd_errname(err);

	if (c->x->verbose)
		log_info(LOGC_XENSTORE, "dom%u: request %u -> %s", c->domid,
		    c->hdr.type, e);
	xsd_conn_reply(c, XS_ERROR, e, strlen(e) + 1);
}

static void
xsd_conn_event(struct conn *c, const char *path, const char *token)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;

	if (pl + tl > sizeof(buf))
		return;		/* xenstored does not send these either */
	memcpy(buf, path, pl);
	memcpy(buf + pl, token, tl);
	xsd_conn_queue(c, XS_WATCH_EVENT, 0, 0, buf, pl + tl, true);
}

/* Write what can be written; -1 when the peer is gone. */
static int
xsd_conn_flush(struct conn *c)
{
	struct msg *m;
	ssize_t n;

	while ((m = c->out) != NULL) {
		size_t total = sizeof(m->hdr) + m->hdr.len;
		char *base;

		while (m->off < total) {
			if (m->off < sizeof(m->hdr)) {
				base = (char *)&m->hdr + m->off;
				n = send(c->fd, base, sizeof(m->hdr) - m->off,
				    MSG_NOSIGNAL);
			} else {
				base = m->body + (m->off - sizeof(m->hdr));
				n = send(c->fd, base, total - m->off,
				    MSG_NOSIGNAL);
			}
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN)
				goto out;
			if (n <= 0)
				return -1;
			m->off += (size_t)n;
		}
		c->out = m->next;
		if (c->out == NULL)
			c->out_tail = NULL;
		c->out_bytes -= total;
		c->out_msgs--;
		if (!m->event)
			c->out_replies--;
		free(m);
	}
out:
	xsd_conn_update_events(c);
	return 0;
}

/* ---- watches ---------------------------------------------------------- */

static bool
xsd_is_child(const char *child, const char *parent)
{
	size_t len = strlen(parent);

	if (strcmp(parent, "/") == 0)
		return child[0] == '/';
	return strncmp(child, parent, len) == 0 &&
	    (child[len] == '/' || child[len] == '\0');
}

/* The event path as the watcher sees it: relative if its watch was. */
static const char *
xsd_watch_path(const struct conn *c, const struct watch *w, const char *path,
    char *buf, size_t bufsz)
{
	size_t plen;

	if (!w->relative)
		return path;
	snprintf(buf, bufsz, "/local/domain/%u", c->domid);
	plen = strlen(buf);
	path += plen;
	if (*path == '/')
		path++;
	return path;
}

static bool
xsd_may_see(const struct conn *c, const struct store_perms *p)
{
	struct store_op o = { .domid = c->domid, .priv = c->priv };

	return p != NULL &&
	    (store_perm_for(&o, p) & XS_PERM_READ) != 0;
}

static void
xsd_fire(void *arg, const char *path, bool exact,
    const struct store_perms *node, const struct store_perms *parent,
    const struct store_perms *old)
{
	char buf[STORE_PATH_MAX + 1];
	struct xsd *x = arg;
	struct conn *c;
	struct watch *w;

	for (c = x->conns; c != NULL; c = c->next) {
		if (!c->priv && !xsd_may_see(c, node) &&
		    !xsd_may_see(c, parent) && !xsd_may_see(c, old))
			continue;
		for (w = c->watches; w != NULL; w = w->next) {
			if (w->path[0] == '@')
				continue;
			if (exact ? strcmp(path, w->path) != 0 :
			    !xsd_is_child(path, w->path))
				continue;
			xsd_conn_event(c, xsd_watch_path(c, w, path, buf,
			    sizeof(buf)), w->token);
		}
	}
}

/* The permissions of a special watch path; false if not one. */
static bool
xsd_special(struct xsd *x, const char *name, struct store_perms *p)
{
	if (strcmp(name, "@introduceDomain") == 0)
		*p = (struct store_perms){ x->sp_intro, x->nsp_intro };
	else if (strcmp(name, "@releaseDomain") == 0)
		*p = (struct store_perms){ x->sp_release, x->nsp_release };
	else
		return false;
	return true;
}

static void
xsd_fire_special(struct xsd *x, const char *name)
{
	struct store_perms sp;
	struct conn *c;
	struct watch *w;

	if (!xsd_special(x, name, &sp))
		return;
	for (c = x->conns; c != NULL; c = c->next) {
		if (!c->priv && !xsd_may_see(c, &sp))
			continue;
		for (w = c->watches; w != NULL; w = w->next)
			if (strcmp(w->path, name) == 0)
				xsd_conn_event(c, name, w->token);
	}
}

static unsigned int
xsd_dom_watches(const struct xsd *x, unsigned int domid)
{
	const struct conn *c;
	const struct watch *w;
	unsigned int n = 0;

	for (c = x->conns; c != NULL; c = c->next)
		if (c->domid == domid)
			for (w = c->watches; w != NULL; w = w->next)
				n++;
	return n;
}

static void
xsd_watch_free(struct watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

static void
xsd_conn_reset(struct conn *c)
{
	struct watch *w;
	struct txn *t;

	while ((w = c->watches) != NULL) {
		c->watches = w->next;
		xsd_watch_free(w);
	}
	while ((t = c->txns) != NULL) {
		c->txns = t->next;
		store_txn_free(t->st);
		free(t);
	}
	c->ntxns = 0;
}

/* ---- request arguments ------------------------------------------------ */

/* Number of NUL-terminated strings in the payload (xenstored's count). */
static unsigned int
xsd_req_strings(const struct conn *c, const char **vec, unsigned int max)
{
	size_t off = 0;
	unsigned int n = 0;
	const char *nul;

	while (off < c->hdr.len) {
		nul = memchr(c->body + off, '\0', c->hdr.len - off);
		if (nul == NULL)
			break;
		if (n < max)
			vec[n] = c->body + off;
		n++;
		off = (size_t)(nul - c->body) + 1;
	}
	return n;
}

/* Exactly one string, its NUL last. */
static const char *
xsd_req_onearg(const struct conn *c)
{
	if (c->hdr.len == 0 ||
	    memchr(c->body, '\0', c->hdr.len) != c->body + c->hdr.len - 1)
		return NULL;
	return c->body;
}

static int
xsd_req_path(const struct conn *c, const char *in, char *out)
{
	if (in == NULL)
		return EINVAL;
	return store_canon(c->domid, in, out, STORE_PATH_MAX + 1);
}

static int
xsd_req_domid(const char *s, unsigned int *domid)
{
	uint64_t v;

	if (s == NULL || parse_u64(s, 0, 0xffff, &v) != PARSE_OK)
		return EINVAL;
	*domid = (unsigned int)v;
	return 0;
}

static struct store_op
xsd_conn_op(struct conn *c)
{
	return (struct store_op){
		.domid = c->domid, .priv = c->priv, .q = &c->x->q,
		.fire = xsd_fire, .arg = c->x,
	};
}

/* ---- request handlers ------------------------------------------------- */

typedef int	xsd_req_fn(struct conn *c, struct txn *t);

static struct store_txn *
xsd_txst(struct txn *t)
{
	return t ? t->st : NULL;
}

static int
xsd_req_read(struct conn *c, struct txn *t)
{
	char path[STORE_PATH_MAX + 1];
	struct store_op o = xsd_conn_op(c);
	const void *val;
	size_t len;
	int err;

	if ((err = xsd_req_path(c, xsd_req_onearg(c), path)) != 0)
		return err;
	err = store_read(c->x->st, xsd_txst(t), &o, path, &val, &len);
	if (err != 0)
		return err;
	xsd_conn_reply(c, XS_READ, val, len);
	return 0;
}

static int
xsd_req_write(struct conn *c, struct txn *t)
{
	char path[STORE_PATH_MAX + 1];
	struct store_op o = xsd_conn_op(c);
	const char *vec[1];
	size_t off;
	int err;

	if (xsd_req_strings(c, vec, 1) < 1)
		return EINVAL;
	if ((err = xsd_req_path(c, vec[0], path)) != 0)
		return err;
	off = strlen(vec[0]) + 1;
	err = store_write(c->x->st, xsd_txst(t), &o, path, c->body + off,
	    c->hdr.len - off);
	if (err != 0)
		return err;
	xsd_conn_ok(c);
	return 0;
}

static int
xsd_req_mkdir(struct conn *c, struct txn *t)
{
	char path[STORE_PATH_MAX + 1];
	struct store_op o = xsd_conn_op(c);
	int err;

	if ((err = xsd_req_path(c, xsd_req_onearg(c), path)) != 0)
		return err;
	if ((err = store_mkdir(c->x->st, xsd_txst(t), &o, path)) != 0)
		return err;
	xsd_conn_ok(c);
	return 0;
}

static int
xsd_req_rm(struct conn *c, struct txn *t)
{
	char path[STORE_PATH_MAX + 1];
	struct store_op o = xsd_conn_op(c);
	int err;

	if ((err = xsd_req_path(c, xsd_req_onearg(c), path)) != 0)
		return err;
	if ((err = store_rm(c->x->st, xsd_txst(t), &o, path)) != 0)
		return err;
	xsd_conn_ok(c);
	return 0;
}

static int
xsd_req_directory(struct conn *c, struct txn *t)
{
	char path[STORE_PATH_MAX + 1], *names;
	struct store_op o = xsd_conn_op(c);
	uint64_t gen;
	size_t len;
	int err;

	if ((err = xsd_req_path(c, xsd_req_onearg(c), path)) != 0)
		return err;
	err = store_directory(c->x->st, xsd_txst(t), &o, path, &names, &len,
	    &gen);
	if (err != 0)
		return err;
	xsd_conn_reply(c, XS_DIRECTORY, names, len);
	return 0;
}

/* "<gen>\0" then the children from byte `offset`, as many as fit; an
 * extra NUL marks the end of the list (docs/misc/xenstore.txt). */
static int
xsd_req_directory_part(struct conn *c, struct txn *t)
{
	char path[STORE_PATH_MAX + 1], *names, out[XENSTORE_PAYLOAD_MAX];
	struct store_op o = xsd_conn_op(c);
	const char *vec[2];
	size_t len, glen, off, take, l;
	uint64_t gen, v;
	int err;

	if (xsd_req_strings(c, vec, 2) != 2)
		return EINVAL;
	if ((err = xsd_req_path(c, vec[0], path)) != 0)
		return err;
	if (parse_u64(vec[1], 0, UINT32_MAX, &v) != PARSE_OK)
		return EINVAL;
	err = store_directory(c->x->st, xsd_txst(t), &o, path, &names, &len,
	    &gen);
	if (err != 0)
		return err;
	glen = (size_t)snprintf(out, sizeof(out), "%llu",
	    (unsigned long long)gen) + 1;
	off = (size_t)v;
	take = 0;
	while (off + take < len) {
		l = strlen(names + off + take) + 1;
		if (glen + take + l + 1 > sizeof(out))
			break;
		take += l;
	}
	if (off < len && take == 0)
		return E2BIG;
	memcpy(out + glen, names + (off < len ? off : 0), take);
	if (off + take >= len)
		out[glen + take++] = '\0';
	xsd_conn_reply(c, XS_DIRECTORY_PART, out, glen + take);
	return 0;
}

static int
xsd_perms_reply(struct conn *c, const struct store_perms *p)
{
	char out[XENSTORE_PAYLOAD_MAX];
	size_t len = 0, l;
	unsigned int i;

	for (i = 0; i < p->n; i++) {
		if (len + 16 > sizeof(out))
			return E2BIG;
		store_format_perm(&p->p[i], out + len, sizeof(out) - len);
		l = strlen(out + len) + 1;
		len += l;
	}
	xsd_conn_reply(c, XS_GET_PERMS, out, len);
	return 0;
}

static int
xsd_req_get_perms(struct conn *c, struct txn *t)
{
	char path[STORE_PATH_MAX + 1];
	struct store_op o = xsd_conn_op(c);
	const char *arg = xsd_req_onearg(c);
	struct store_perms p;
	int err;

	if (arg != NULL && xsd_special(c->x, arg, &p))
		return xsd_perms_reply(c, &p);
	if ((err = xsd_req_path(c, arg, path)) != 0)
		return err;
	if ((err = store_get_perms(c->x->st, xsd_txst(t), &o, path, &p)) != 0)
		return err;
	return xsd_perms_reply(c, &p);
}

static int
xsd_req_set_perms(struct conn *c, struct txn *t)
{
	char path[STORE_PATH_MAX + 1];
	struct xs_permissions perms[64];
	struct store_op o = xsd_conn_op(c);
	const char *vec[65];
	unsigned int n, i;
	int err;

	n = xsd_req_strings(c, vec, 65);
	if (n < 2)
		return EINVAL;
	if (n > 65)
		return c->priv ? EINVAL : ENOSPC;
	for (i = 1; i < n; i++)
		if ((err = store_parse_perm(vec[i], &perms[i - 1])) != 0)
			return err;
	n--;
	if (vec[0][0] == '@') {
		struct store_perms sp;

		if (!c->priv)
			return EACCES;
		if (!xsd_special(c->x, vec[0], &sp))
			return ENOENT;
		if (n > XSD_SPECIAL_PERMS)
			return ENOSPC;
		/* sp.p points into struct xsd: update in place */
		memcpy(sp.p, perms, n * sizeof(*perms));
		if (sp.p == c->x->sp_intro)
			c->x->nsp_intro = n;
		else
			c->x->nsp_release = n;
		xsd_conn_ok(c);
		return 0;
	}
	if ((err = xsd_req_path(c, vec[0], path)) != 0)
		return err;
	err = store_set_perms(c->x->st, xsd_txst(t), &o, path,
	    &(struct store_perms){ perms, n });
	if (err != 0)
		return err;
	xsd_conn_ok(c);
	return 0;
}

static int
xsd_req_watch(struct conn *c, struct txn *t)
{
	char path[STORE_PATH_MAX + 1], buf[STORE_PATH_MAX + 1];
	const char *vec[2];
	struct watch *w, **pw;
	bool relative;
	int err;

	if (xsd_req_strings(c, vec, 2) != 2)
		return EINVAL;
	if (vec[0][0] == '@') {
		if (strlen(vec[0]) > XENSTORE_REL_PATH_MAX)
			return EINVAL;
		snprintf(path, sizeof(path), "%s", vec[0]);
		relative = false;
	} else {
		if ((err = xsd_req_path(c, vec[0], path)) != 0)
			return err;
		relative = vec[0][0] != '/';
	}
	for (w = c->watches; w != NULL; w = w->next)
		if (strcmp(w->path, path) == 0 && strcmp(w->token, vec[1]) == 0)
			return EEXIST;
	if (!c->priv && xsd_dom_watches(c->x, c->domid) >= c->x->q.watches)
		return E2BIG;
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return ENOMEM;
	w->path = strdup(path);
	w->token = strdup(vec[1]);
	if (w->path == NULL || w->token == NULL) {
		xsd_watch_free(w);
		return ENOMEM;
	}
	w->relative = relative;
	/* Kept in registration order, so events are queued in that order. */
	for (pw = &c->watches; *pw != NULL; pw = &(*pw)->next)
		;
	*pw = w;
	xsd_conn_ok(c);
	/* Fired once straight away: clients rely on it to (re)scan. */
	xsd_conn_event(c, xsd_watch_path(c, w, w->path, buf, sizeof(buf)),
	    w->token);
	return 0;
}

static int
xsd_req_unwatch(struct conn *c, struct txn *t)
{
	char path[STORE_PATH_MAX + 1];
	struct watch **pw, *w;
	const char *vec[2];
	int err;

	if (xsd_req_strings(c, vec, 2) != 2)
		return EINVAL;
	if (vec[0][0] == '@')
		snprintf(path, sizeof(path), "%s", vec[0]);
	else if ((err = xsd_req_path(c, vec[0], path)) != 0)
		return err;
	for (pw = &c->watches; (w = *pw) != NULL; pw = &w->next) {
		if (strcmp(w->path, path) == 0 &&
		    strcmp(w->token, vec[1]) == 0) {
			*pw = w->next;
			xsd_watch_free(w);
			xsd_conn_ok(c);
			return 0;
		}
	}
	return ENOENT;
}

static struct txn *
xsd_conn_txn(const struct conn *c, uint32_t id)
{
	struct txn *t;

	for (t = c->txns; t != NULL; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

static int
xsd_req_txn_start(struct conn *c, struct txn *t)
{
	char id[16];
	struct txn *n;

	if (t != NULL)
		return EBUSY;
	if (!c->priv && c->ntxns >= c->x->q.transactions)
		return ENOSPC;
	n = calloc(1, sizeof(*n));
	if (n == NULL)
		return ENOMEM;
	n->st = store_txn_begin(c->x->st);
	if (n->st == NULL) {
		free(n);
		return ENOMEM;
	}
	do {
		n->id = ++c->next_txid;
	} while (n->id == 0 || xsd_conn_txn(c, n->id) != NULL);
	n->next = c->txns;
	c->txns = n;
	c->ntxns++;
	snprintf(id, sizeof(id), "%u", n->id);
	xsd_conn_reply(c, XS_TRANSACTION_START, id, strlen(id) + 1);
	return 0;
}

static int
xsd_req_txn_end(struct conn *c, struct txn *t)
{
	struct store_op o = xsd_conn_op(c);
	const char *arg = xsd_req_onearg(c);
	struct txn **pt;
	bool commit;
	int err = 0;

	if (t == NULL)
		return ENOENT;
	if (arg == NULL || (strcmp(arg, "T") != 0 && strcmp(arg, "F") != 0))
		return EINVAL;
	commit = arg[0] == 'T';
	for (pt = &c->txns; *pt != t; pt = &(*pt)->next)
		;
	*pt = t->next;
	c->ntxns--;
	if (commit)
		err = store_txn_commit(c->x->st, t->st, &o);
	store_txn_free(t->st);
	free(t);
	if (err != 0)
		return err;
	xsd_conn_ok(c);
	return 0;
}

static int
xsd_req_introduce(struct conn *c, struct txn *t)
{
	const char *vec[3];
	unsigned int domid;
	int err;

	if (xsd_req_strings(c, vec, 3) < 3)
		return EINVAL;
	if ((err = xsd_req_domid(vec[0], &domid)) != 0)
		return err;
	if (domid == 0 || domid > DOMID_MAX_VALID)
		return EINVAL;
	if (!xsd_introduced(c->x, domid)) {
		if (c->x->ndoms == XSD_MAX_DOMS)
			return ENOSPC;
		c->x->doms[c->x->ndoms++] = domid;
		log_info(LOGC_XENSTORE, "domain %u introduced", domid);
		xsd_fire_special(c->x, "@introduceDomain");
	}
	xsd_conn_ok(c);
	return 0;
}

/* Like xenstored when a domain goes: its connections are dropped. */
static void
xsd_drop_domain(struct xsd *x, unsigned int domid)
{
	struct conn *c, *next;

	for (c = x->conns; c != NULL; c = next) {
		next = c->next;
		if (c->domid == domid && !c->priv)
			xsd_conn_close(c);
	}
}

static int
xsd_req_release(struct conn *c, struct txn *t)
{
	unsigned int domid;
	int i, err;

	if ((err = xsd_req_domid(xsd_req_onearg(c), &domid)) != 0)
		return err;
	if (domid == 0)
		return EINVAL;
	i = xsd_dom_find(c->x, domid);
	if (i < 0)
		return ENOENT;
	c->x->doms[i] = c->x->doms[--c->x->ndoms];
	log_info(LOGC_XENSTORE, "domain %u released", domid);
	xsd_conn_ok(c);
	xsd_fire_special(c->x, "@releaseDomain");
	xsd_drop_domain(c->x, domid);
	return 0;
}

static int
xsd_req_get_domain_path(struct conn *c, struct txn *t)
{
	char path[32];
	unsigned int domid;
	int err;

	if ((err = xsd_req_domid(xsd_req_onearg(c), &domid)) != 0)
		return err;
	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	xsd_conn_reply(c, XS_GET_DOMAIN_PATH, path, strlen(path) + 1);
	return 0;
}

static int
xsd_req_is_introduced(struct conn *c, struct txn *t)
{
	unsigned int domid;
	int err;

	if ((err = xsd_req_domid(xsd_req_onearg(c), &domid)) != 0)
		return err;
	xsd_conn_reply(c, XS_IS_DOMAIN_INTRODUCED,
	    xsd_introduced(c->x, domid) ? "T" : "F", 2);
	return 0;
}

static int
xsd_req_resume(struct conn *c, struct txn *t)
{
	unsigned int domid;
	int err;

	if ((err = xsd_req_domid(xsd_req_onearg(c), &domid)) != 0)
		return err;
	if (!xsd_introduced(c->x, domid))
		return ENOENT;
	xsd_conn_ok(c);
	return 0;
}

/* Accepted and ignored: no stub domains here. */
static int
xsd_req_set_target(struct conn *c, struct txn *t)
{
	xsd_conn_ok(c);
	return 0;
}

static int
xsd_req_reset_watches(struct conn *c, struct txn *t)
{
	xsd_conn_reset(c);
	xsd_conn_ok(c);
	return 0;
}

static void	xsd_dump(struct xsd *x);

/*
 * CONTROL is implementation-specific in xenstored too.  Ours are test
 * hooks: "fire" a special watch without a domain changing (a spurious
 * @releaseDomain, XSA-325), set a "quota" at run time, "dump" the tree,
 * "print" to the log.  Unknown commands are EINVAL, as in xenstored.
 */
static int
xsd_req_control(struct conn *c, struct txn *t)
{
	const char *vec[2] = { NULL, NULL };
	unsigned int n = xsd_req_strings(c, vec, 2);
	char arg[XENSTORE_PAYLOAD_MAX + 1] = "";
	size_t off;

	if (n < 1)
		return EINVAL;
	off = strlen(vec[0]) + 1;
	if (off < c->hdr.len) {
		/* the argument may or may not carry its own NUL */
		memcpy(arg, c->body + off, c->hdr.len - off);
		arg[c->hdr.len - off] = '\0';
	}
	if (strcmp(vec[0], "fire") == 0) {
		if (strcmp(arg, "@releaseDomain") != 0 &&
		    strcmp(arg, "@introduceDomain") != 0)
			return EINVAL;
		xsd_fire_special(c->x, arg);
	} else if (strcmp(vec[0], "quota") == 0) {
		if (store_quota_set(&c->x->q, arg) < 0)
			return EINVAL;
	} else if (strcmp(vec[0], "dump") == 0) {
		xsd_dump(c->x);
	} else if (strcmp(vec[0], "print") == 0) {
		log_info(LOGC_XENSTORE, "print: %s", arg);
	} else if (strcmp(vec[0], "help") == 0) {
		static const char help[] = "fire|@releaseDomain\n"
		    "fire|@introduceDomain\nquota|NAME=N\ndump\nprint|TEXT\n";

		xsd_conn_reply(c, XS_CONTROL, help, sizeof(help));
		return 0;
	} else
		return EINVAL;
	xsd_conn_ok(c);
	return 0;
}

#define REQ_PRIV	0x1	/* dom0 only */
#define REQ_NOTID	0x2	/* tx_id ignored */

static const struct {
	xsd_req_fn		*fn;
	unsigned int	 flags;
} xsd_req_table[XS_TYPE_COUNT] = {
	[XS_CONTROL]		  = { xsd_req_control, REQ_PRIV },
	[XS_DIRECTORY]		  = { xsd_req_directory, 0 },
	[XS_READ]		  = { xsd_req_read, 0 },
	[XS_GET_PERMS]		  = { xsd_req_get_perms, 0 },
	[XS_WATCH]		  = { xsd_req_watch, REQ_NOTID },
	[XS_UNWATCH]		  = { xsd_req_unwatch, REQ_NOTID },
	[XS_TRANSACTION_START]	  = { xsd_req_txn_start, 0 },
	[XS_TRANSACTION_END]	  = { xsd_req_txn_end, 0 },
	[XS_INTRODUCE]		  = { xsd_req_introduce, REQ_PRIV },
	[XS_RELEASE]		  = { xsd_req_release, REQ_PRIV },
	[XS_GET_DOMAIN_PATH]	  = { xsd_req_get_domain_path, 0 },
	[XS_WRITE]		  = { xsd_req_write, 0 },
	[XS_MKDIR]		  = { xsd_req_mkdir, 0 },
	[XS_RM]			  = { xsd_req_rm, 0 },
	[XS_SET_PERMS]		  = { xsd_req_set_perms, 0 },
	[XS_IS_DOMAIN_INTRODUCED] = { xsd_req_is_introduced, REQ_PRIV },
	[XS_RESUME]		  = { xsd_req_resume, REQ_PRIV },
	[XS_SET_TARGET]		  = { xsd_req_set_target, REQ_PRIV },
	[XS_RESET_WATCHES]	  = { xsd_req_reset_watches, 0 },
	[XS_DIRECTORY_PART]	  = { xsd_req_directory_part, 0 },
};

static void
xsd_conn_request(struct conn *c)
{
	uint32_t type = c->hdr.type;
	struct txn *t = NULL;
	int err;

	if (c->x->verbose)
		log_info(LOGC_XENSTORE, "dom%u: type %u tx %u len %u",
		    c->domid, type, c->hdr.tx_id, c->hdr.len);
	if (type >= XS_TYPE_COUNT || xsd_req_table[type].fn == NULL) {
		xsd_conn_error(c, ENOSYS);
		return;
	}
	if ((xsd_req_table[type].flags & REQ_PRIV) && !c->priv) {
		xsd_conn_error(c, EACCES);
		return;
	}
	if (!(xsd_req_table[type].flags & REQ_NOTID) && c->hdr.tx_id != 0) {
		t = xsd_conn_txn(c, c->hdr.tx_id);
		if (t == NULL) {
			xsd_conn_error(c, ENOENT);
			return;
		}
	}
	c->body[c->hdr.len] = '\0';	/* a guard for string helpers */
	err = xsd_req_table[type].fn(c, t);
	if (err != 0)
		xsd_conn_error(c, err);
}

/* ---- connections ------------------------------------------------------ */

static void
xsd_conn_close(struct conn *c)
{
	struct conn **pc;
	struct msg *m;

	for (pc = &c->x->conns; *pc != NULL; pc = &(*pc)->next) {
		if (*pc == c) {
			*pc = c->next;
			break;
		}
	}
	if (c->dropped > 0)
		log_notice(LOGC_XENSTORE, "dom%u: %lu events dropped",
		    c->domid, c->dropped);
	xsd_conn_reset(c);
	while ((m = c->out) != NULL) {
		c->out = m->next;
		free(m);
	}
	sd_event_source_disable_unref(c->src);
	close(c->fd);
	free(c);
}

/*
 * Read until a request is complete.  Returns 1 when one is ready, 0 when
 * more bytes are needed, -1 when the connection must go (EOF, error, or
 * a header announcing more than XENSTORE_PAYLOAD_MAX, as xenstored).
 */
static int
xsd_conn_read(struct conn *c)
{
	ssize_t n;

	if (c->hoff < sizeof(c->hdr)) {
		n = recv(c->fd, (char *)&c->hdr + c->hoff,
		    sizeof(c->hdr) - c->hoff, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		if (n <= 0)
			return -1;
		c->hoff += (size_t)n;
		if (c->hoff < sizeof(c->hdr))
			return 0;
		if (c->hdr.len > XENSTORE_PAYLOAD_MAX) {
			log_warnx("dom%u: payload of %u bytes announced, "
			    "dropping the connection", c->domid, c->hdr.len);
			return -1;
		}
		c->boff = 0;
	}
	if (c->boff < c->hdr.len) {
		n = recv(c->fd, c->body + c->boff, c->hdr.len - c->boff, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		if (n <= 0)
			return -1;
		c->boff += (size_t)n;
		if (c->boff < c->hdr.len)
			return 0;
	}
	return 1;
}

static int
xsd_conn_on_io(sd_event_source *s, int fd, uint32_t revents, void *arg)
{
	struct conn *c = arg;
	int i, r;

	if (revents & EPOLLIN) {
		for (i = 0; i < XSD_BATCH; i++) {
			if (!c->priv && c->out_replies >= c->x->q.outstanding)
				break;
			r = xsd_conn_read(c);
			if (r < 0) {
				xsd_conn_close(c);
				return 0;
			}
			if (r == 0)
				break;
			xsd_conn_request(c);
			c->hoff = 0;
			c->boff = 0;
		}
	} else if (revents & (EPOLLHUP | EPOLLERR)) {
		xsd_conn_close(c);
		return 0;
	}
	/* Everybody's events, not only this connection's replies. */
	for (c = ((struct conn *)arg)->x->conns; c != NULL; ) {
		struct conn *next = c->next;

		if (c->out != NULL && xsd_conn_flush(c) < 0)
			xsd_conn_close(c);
		c = next;
	}
	return 0;
}

static int
xsd_listener_on_io(sd_event_source *s, int fd, uint32_t revents, void *arg)
{
	struct listener *l = arg;
	struct xsd *x = l->x;
	struct conn *c;
	int cfd, r;

	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return 0;
	/* A domain that is not (or no longer) introduced has no xenstore. */
	if (!xsd_introduced(x, l->domid)) {
		close(cfd);
		return 0;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		close(cfd);
		return 0;
	}
	c->x = x;
	c->fd = cfd;
	c->domid = l->domid;
	c->priv = l->domid == 0;
	r = sd_event_add_io(x->ev, &c->src, cfd, EPOLLIN, xsd_conn_on_io, c);
	if (r < 0) {
		log_warnx("xsd_listener_on_io: sd_event_add_io: %s",
		    strerror(-r));
		close(cfd);
		free(c);
		return 0;
	}
	c->next = x->conns;
	x->conns = c;
	return 0;
}

static int
xsd_listener_open(struct xsd *x, unsigned int domid, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct listener *l;
	int fd, r;

	if (x->nls == XSD_MAX_SOCKETS) {
		log_warnx("xsd_listener_open: too many sockets");
		return -1;
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		log_warnx("xsd_listener_open: path too long: %s", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_warn("xsd_listener_open: socket");
		return -1;
	}
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 64) < 0) {
		log_warn("xsd_listener_open: %s", path);
		close(fd);
		return -1;
	}
	l = &x->ls[x->nls];
	l->x = x;
	l->fd = fd;
	l->domid = domid;
	l->path = strdup(path);
	r = sd_event_add_io(x->ev, &l->src, fd, EPOLLIN, xsd_listener_on_io, l);
	if (l->path == NULL || r < 0) {
		log_warnx("xsd_listener_open: %s: cannot watch", path);
		free(l->path);
		close(fd);
		return -1;
	}
	x->nls++;
	return 0;
}

/* ---- initial tree ------------------------------------------------------- */

static int
xsd_put(struct xsd *x, const char *path, const char *val,
    const struct store_perms *perms)
{
	struct store_op o = { .domid = 0, .priv = true, .q = &x->q };
	int err;

	err = val ? store_write(x->st, NULL, &o, path, val, strlen(val)) :
	    store_mkdir(x->st, NULL, &o, path);
	if (err == 0 && perms != NULL)
		err = store_set_perms(x->st, NULL, &o, path, perms);
	if (err != 0)
		log_warnx("xsd_put: %s: %s", path, strerror(err));
	return err ? -1 : 0;
}

/* What xenstored, xen-init-dom0 and libxl leave in the store. */
static int
xsd_populate_dom0(struct xsd *x)
{
	return xsd_put(x, "/tool/xenstored", NULL, NULL) |
	    xsd_put(x, "/local/domain/0/domid", "0", NULL) |
	    xsd_put(x, "/local/domain/0/name", "Domain-0", NULL);
}

/*
 * A guest home as libxl makes it: the domain may read its home, owns
 * data/, attr/, device/, error/, drivers/, messages/ and
 * control/shutdown, and can only read memory/ and control/.
 */
static int
xsd_populate_guest(struct xsd *x, unsigned int domid)
{
	static const char *const rw[] = {
		"data", "attr", "device", "error", "drivers", "messages",
		"control/shutdown",
	};
	struct xs_permissions ro[2] = {
		{ .id = 0, .perms = XS_PERM_NONE },
		{ .id = domid, .perms = XS_PERM_READ },
	};
	struct xs_permissions own = { .id = domid, .perms = XS_PERM_NONE };
	struct store_perms rop = { ro, 2 }, rwp = { &own, 1 };
	char path[128], val[16];
	size_t i;
	int r = 0;

	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	r |= xsd_put(x, path, NULL, &rop);
	snprintf(path, sizeof(path), "/local/domain/%u/domid", domid);
	snprintf(val, sizeof(val), "%u", domid);
	r |= xsd_put(x, path, val, &rop);
	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	snprintf(val, sizeof(val), "guest%u", domid);
	r |= xsd_put(x, path, val, &rop);
	snprintf(path, sizeof(path), "/local/domain/%u/memory", domid);
	r |= xsd_put(x, path, NULL, &rop);
	snprintf(path, sizeof(path), "/local/domain/%u/control", domid);
	r |= xsd_put(x, path, NULL, &rop);
	for (i = 0; i < sizeof(rw) / sizeof(rw[0]); i++) {
		snprintf(path, sizeof(path), "/local/domain/%u/%s", domid,
		    rw[i]);
		r |= xsd_put(x, path, NULL, &rwp);
	}
	return r;
}

static void
xsd_dump(struct xsd *x)
{
	FILE *f;

	if (x->dump == NULL)
		return;
	if (strcmp(x->dump, "-") == 0) {
		store_dump(x->st, stderr);
		return;
	}
	f = fopen(x->dump, "w");
	if (f == NULL) {
		log_warn("xsd_dump: %s", x->dump);
		return;
	}
	store_dump(x->st, f);
	fclose(f);
}

static int
xsd_on_signal(sd_event_source *s, const struct signalfd_siginfo *si,
    void *arg)
{
	struct xsd *x = arg;

	if (si->ssi_signo == SIGUSR1) {
		xsd_dump(x);
		return 0;
	}
	return sd_event_exit(sd_event_source_get_event(s), 0);
}

static void
xsd_free(struct xsd *x)
{
	unsigned int i;

	while (x->conns != NULL)
		xsd_conn_close(x->conns);
	for (i = 0; i < x->nls; i++) {
		sd_event_source_disable_unref(x->ls[i].src);
		close(x->ls[i].fd);
		unlink(x->ls[i].path);
		free(x->ls[i].path);
	}
	store_free(x->st);
}

/* ---- command line ------------------------------------------------------- */

static void
xsd_usage(FILE *f)
{
	fprintf(f,
"usage: xb-xsd [--socket PATH] [--guest DOMID:PATH]... [--bare]\n"
"              [--no-introduce]\n"
"              [--quota NAME=N]... [--ready-fd N | --background]\n"
"              [--dump FILE|-] [--verbose]\n"
"\n"
"  --socket PATH       dom0's socket (privileged connections)\n"
"  --guest D:PATH      a socket whose connections act as domain D;\n"
"                      D is introduced and gets a libxl-like home\n"
"  --bare              do not populate /local/domain/* homes\n"
"  --no-introduce      guests start unknown (no home, connections\n"
"                      refused) until dom0 sends INTRODUCE\n"
"  --quota NAME=N      nodes, watches, node-size, transactions, perms,\n"
"                      outstanding (xenstored's defaults otherwise)\n"
"  --ready-fd N        write \"READY\\n\" to fd N once listening\n"
"  --background        fork; print the server's pid once listening\n"
"  --dump FILE         write the tree on SIGUSR1 and at exit\n"
"  --verbose           log every request to stderr\n");
}

struct xsd_args {
	const char	*dom0;
	struct {
		unsigned int	 domid;
		const char	*path;
	}		 guests[XSD_MAX_SOCKETS];
	unsigned int	 nguests;
	bool		 bare;
	bool		 no_introduce;
	int		 ready_fd;
	bool		 background;
};

static int
xsd_parse_guest(struct xsd_args *a, const char *arg)
{
	char num[8];
	const char *colon = strchr(arg, ':');
	uint64_t v;

	if (colon == NULL || colon == arg ||
	    (size_t)(colon - arg) >= sizeof(num) || colon[1] == '\0' ||
	    a->nguests == XSD_MAX_SOCKETS)
		return -1;
	memcpy(num, arg, (size_t)(colon - arg));
	num[colon - arg] = '\0';
	if (parse_u64(num, 1, DOMID_MAX_VALID, &v) != PARSE_OK)
		return -1;
	a->guests[a->nguests].domid = (unsigned int)v;
	a->guests[a->nguests].path = colon + 1;
	a->nguests++;
	return 0;
}

static int
xsd_parse_args(int argc, char **argv, struct xsd *x, struct xsd_args *a)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "guest", required_argument, NULL, 'g' },
		{ "bare", no_argument, NULL, 'b' },
		{ "no-introduce", no_argument, NULL, 'n' },
		{ "quota", required_argument, NULL, 'q' },
		{ "ready-fd", required_argument, NULL, 'r' },
		{ "background", no_argument, NULL, 'B' },
		{ "dump", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int ch;

	while ((ch = getopt_long(argc, argv, "s:g:bnq:r:Bd:vh", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 's':
			a->dom0 = optarg;
			break;
		case 'g':
			if (xsd_parse_guest(a, optarg) < 0) {
				log_warnx("bad --guest %s (want DOMID:PATH)",
				    optarg);
				return -1;
			}
			break;
		case 'b':
			a->bare = true;
			break;
		case 'n':
			a->no_introduce = true;
			break;
		case 'q':
			if (store_quota_set(&x->q, optarg) < 0) {
				log_warnx("bad --quota %s", optarg);
				return -1;
			}
			break;
		case 'r':
			if (parse_u64(optarg, 0, 1024, &v) != PARSE_OK) {
				log_warnx("bad --ready-fd %s", optarg);
				return -1;
			}
			a->ready_fd = (int)v;
			break;
		case 'B':
			a->background = true;
			break;
		case 'd':
			x->dump = optarg;
			break;
		case 'v':
			x->verbose = true;
			break;
		case 'h':
			xsd_usage(stdout);
			exit(0);
		default:
			xsd_usage(stderr);
			return -1;
		}
	}
	if (optind != argc || (a->dom0 == NULL && a->nguests == 0)) {
		xsd_usage(stderr);
		return -1;
	}
	return 0;
}

/*
 * --background: the parent waits for the child's READY (so a test never
 * sleeps), prints its pid and exits; stdout is closed in the child so
 * that $(xb-xsd --background ...) returns.
 */
static int
xsd_background(struct xsd_args *a)
{
	char buf[8];
	int p[2], devnull;
	pid_t pid;
	ssize_t n;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(p[0]);
		a->ready_fd = p[1];
		devnull = open("/dev/null", O_RDWR);
		if (devnull >= 0) {
			dup2(devnull, STDIN_FILENO);
			dup2(devnull, STDOUT_FILENO);
			close(devnull);
		}
		setsid();
		return 0;
	}
	close(p[1]);
	do {
		n = read(p[0], buf, sizeof(buf));
	} while (n < 0 && errno == EINTR);
	if (n <= 0) {
		waitpid(pid, NULL, 0);
		exit(1);
	}
	printf("%ld\n", (long)pid);
	exit(0);
}

static int
xsd_setup(struct xsd *x, struct xsd_args *a)
{
	sigset_t ss;
	unsigned int i;
	int r = 0;

	x->st = store_new();
	x->sp_intro[0] = (struct xs_permissions){ 0, XS_PERM_NONE };
	x->sp_release[0] = (struct xs_permissions){ 0, XS_PERM_NONE };
	x->nsp_intro = x->nsp_release = 1;
	if (x->st == NULL || sd_event_default(&x->ev) < 0)
		return -1;
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigaddset(&ss, SIGUSR1);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (sd_event_add_signal(x->ev, NULL, SIGTERM, xsd_on_signal, x) < 0 ||
	    sd_event_add_signal(x->ev, NULL, SIGINT, xsd_on_signal, x) < 0 ||
	    sd_event_add_signal(x->ev, NULL, SIGUSR1, xsd_on_signal, x) < 0)
		return -1;
	r |= xsd_put(x, "/local/domain", NULL, NULL);
	if (!a->bare)
		r |= xsd_populate_dom0(x);
	for (i = 0; i < a->nguests && !a->no_introduce; i++) {
		if (xsd_dom_find(x, a->guests[i].domid) < 0)
			x->doms[x->ndoms++] = a->guests[i].domid;
		if (!a->bare)
			r |= xsd_populate_guest(x, a->guests[i].domid);
	}
	if (r != 0)
		return -1;
	if (a->dom0 != NULL && xsd_listener_open(x, 0, a->dom0) < 0)
		return -1;
	for (i = 0; i < a->nguests; i++)
		if (xsd_listener_open(x, a->guests[i].domid,
		    a->guests[i].path) < 0)
			return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	static struct xsd x;
	static struct xsd_args a = { .ready_fd = -1 };
	int r;

	log_init("xb-xsd", LOG_TARGET_STDERR);
	log_set_classes(LOGC_ALL);
	store_quota_defaults(&x.q);
	if (xsd_parse_args(argc, argv, &x, &a) < 0)
		return 2;
	if (a.background && xsd_background(&a) < 0) {
		log_warn("xb-xsd: fork");
		return 1;
	}
	if (xsd_setup(&x, &a) < 0) {
		xsd_free(&x);
		sd_event_unref(x.ev);
		return 1;
	}
	if (a.ready_fd >= 0) {
		if (write(a.ready_fd, "READY\n", 6) != 6)
			log_warn("xb-xsd: --ready-fd");
		close(a.ready_fd);
	}
	r = sd_event_loop(x.ev);
	xsd_dump(&x);
	xsd_free(&x);
	sd_event_unref(x.ev);
	return r < 0 ? 1 : 0;
}
