/*
 * store.c - xb-xsd's tree, permissions, quotas and transactions.
 *
 * The rules follow C xenstored (Xen 4.17), read for behaviour only:
 * - a caller's rights on a node: dom0 and the owner (perms[0].id) have
 *   all; else the first later entry naming the caller; else perms[0]'s
 *   bits, which are what "everybody else" gets;
 * - a missing node answers ENOENT only when the nearest existing
 *   ancestor grants the caller some of the wanted rights, else EACCES
 *   (so existence does not leak);
 * - new nodes inherit their parent's permissions, but an unprivileged
 *   creator becomes the owner;
 * - quotas (unprivileged only): node count per owner, record size
 *   (24-byte header + 8 per permission + value + child names), and
 *   permission entries per node, all answered ENOSPC;
 * - every change gives the node (and a parent whose child list changed)
 *   a new generation count; a transaction fails with EAGAIN at commit
 *   when a node it accessed no longer has the generation it saw.
 *   Transactions work on a snapshot taken at start, so a node changed
 *   after the start and then read in the transaction conflicts too:
 *   slightly stricter than xenstored, never looser.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

#define STORE_HDR_SIZE	24	/* xenstored's record header */
#define STORE_PERM_SIZE	8	/* sizeof(struct xs_permissions) */
#define PERM_RW		(XS_PERM_READ | XS_PERM_WRITE)
#define PERM_ALL	(XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER)

struct node {
	char			*name;		/* leaf name; "" for the root */
	struct node		*parent;
	struct node		**kids;
	unsigned int		 nkids;
	unsigned int		 kcap;
	unsigned char		*val;
	size_t			 len;
	struct store_perms	 perms;
	uint64_t		 gen;
};

struct store {
	struct node	*root;
	uint64_t	 gen;
	char		*scratch;	/* directory listings */
	size_t		 scratchsz;
};

enum txop_kind { TXOP_WRITE, TXOP_MKDIR, TXOP_RM, TXOP_SETPERMS };

struct txop {
	enum txop_kind		 kind;
	char			*path;
	void			*data;	/* value, or xs_permissions[] */
	size_t			 len;	/* bytes, or number of perms */
};

struct txacc {
	char		*path;
	uint64_t	 gen;
};

struct store_txn {
	struct store	*snap;
	struct txacc	*acc;
	size_t		 nacc, cacc;
	struct txop	*ops;
	size_t		 nops, cops;
	bool		 failed;	/* an allocation failed: never commit */
};

/* ---- quotas ------------------------------------------------------ */

void
store_quota_defaults(struct store_quota *q)
{
	q->nodes = 1000;
	q->watches = 128;
	q->node_size = 2048;
	q->transactions = 10;
	q->perms = 5;
	q->outstanding = 20;
}

int
store_quota_set(struct store_quota *q, const char *spec)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} names[] = {
		{ "nodes", offsetof(struct store_quota, nodes) },
		{ "watches", offsetof(struct store_quota, watches) },
		{ "node-size", offsetof(struct store_quota, node_size) },
		{ "transactions", offsetof(struct store_quota, transactions) },
		{ "perms", offsetof(struct store_quota, perms) },
		{ "outstanding", offsetof(struct store_quota, outstanding) },
	};
	const char *eq = strchr(spec, '=');
	unsigned long v;
	char *end;
	size_t i;

	if (eq == NULL || eq[1] < '0' || eq[1] > '9')
		return -1;
	errno = 0;
	v = strtoul(eq + 1, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > UINT_MAX)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i].name) == (size_t)(eq - spec) &&
		    strncmp(names[i].name, spec, (size_t)(eq - spec)) == 0) {
			memcpy((char *)q + names[i].off, &(unsigned int){ v },
			    sizeof(unsigned int));
			return 0;
		}
	}
	return -1;
}

/* ---- nodes ------------------------------------------------------- */

static struct node *
store_node_new(const char *name, struct node *parent)
{
	struct node *n = calloc(1, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->name = strdup(name);
	if (n->name == NULL) {
		free(n);
		return NULL;
	}
	n->parent = parent;
	return n;
}

static void
store_node_free(struct node *n)
{
	unsigned int i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		store_node_free(n->kids[i]);
	free(n->kids);
	free(n->name);
	free(n->val);
	free(n->perms.p);
	free(n);
}

static int
store_perms_copy(struct store_perms *dst, const struct store_perms *src)
{
	struct xs_permissions *p;

	p = malloc(src->n * sizeof(*p));
	if (p == NULL)
		return ENOMEM;
	memcpy(p, src->p, src->n * sizeof(*p));
	free(dst->p);
	dst->p = p;
	dst->n = src->n;
	return 0;
}

static int
store_node_set_val(struct node *n, const void *val, size_t len)
{
	unsigned char *v = NULL;

	if (len > 0) {
		v = malloc(len);
		if (v == NULL)
			return ENOMEM;
		memcpy(v, val, len);
	}
	free(n->val);
	n->val = v;
	n->len = len;
	return 0;
}

static int
store_node_add_kid(struct node *parent, struct node *kid)
{
	struct node **k;
	unsigned int cap;

	if (parent->nkids == parent->kcap) {
		cap = parent->kcap ? parent->kcap * 2 : 4;
		k = realloc(parent->kids, cap * sizeof(*k));
		if (k == NULL)
			return ENOMEM;
		parent->kids = k;
		parent->kcap = cap;
	}
	parent->kids[parent->nkids++] = kid;
	return 0;
}

static void
store_node_del_kid(struct node *parent, struct node *kid)
{
	unsigned int i;

	for (i = 0; i < parent->nkids; i++) {
		if (parent->kids[i] == kid) {
			memmove(&parent->kids[i], &parent->kids[i + 1],
			    (parent->nkids - i - 1) * sizeof(kid));
			parent->nkids--;
			return;
		}
	}
}

static struct node *
store_node_kid(const struct node *n, const char *name, size_t namelen)
{
	unsigned int i;

	for (i = 0; i < n->nkids; i++)
		if (strncmp(n->kids[i]->name, name, namelen) == 0 &&
		    n->kids[i]->name[namelen] == '\0')
			return n->kids[i];
	return NULL;
}

static size_t
store_node_childlen(const struct node *n)
{
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < n->nkids; i++)
		len += strlen(n->kids[i]->name) + 1;
	return len;
}

/* The record size xenstored compares with its node-size quota. */
static size_t
store_node_size(const struct node *n, size_t vlen, size_t extra_child,
    unsigned int nperms)
{
	return STORE_HDR_SIZE + STORE_PERM_SIZE * nperms + vlen +
	    store_node_childlen(n) + extra_child;
}

static struct node *
store_node_clone(const struct node *n, struct node *parent)
{
	struct node *c;
	unsigned int i;

	c = store_node_new(n->name, parent);
	if (c == NULL)
		return NULL;
	c->gen = n->gen;
	if (store_node_set_val(c, n->val, n->len) != 0 ||
	    store_perms_copy(&c->perms, &n->perms) != 0)
		goto fail;
	for (i = 0; i < n->nkids; i++) {
		struct node *k = store_node_clone(n->kids[i], c);

		if (k == NULL)
			goto fail;
		if (store_node_add_kid(c, k) != 0) {
			store_node_free(k);
			goto fail;
		}
	}
	return c;
fail:
	store_node_free(c);
	return NULL;
}

/* The node at an absolute path, or the nearest existing ancestor. */
static struct node *
store_walk(const struct store *s, const char *path, bool *exact)
{
	struct node *n = s->root, *k;
	const char *p = path + 1, *slash;
	size_t len;

	*exact = true;
	while (*p != '\0') {
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		k = store_node_kid(n, p, len);
		if (k == NULL) {
			*exact = false;
			return n;
		}
		n = k;
		p += len;
		if (*p == '/')
			p++;
	}
	return n;
}

static struct node *
store_lookup(const struct store *s, const char *path)
{
	bool exact;
	struct node *n = store_walk(s, path, &exact);

	return exact ? n : NULL;
}

static void
store_node_path(const struct node *n, char *buf, size_t bufsz)
{
	size_t len, off = bufsz - 1;

	buf[off] = '\0';
	if (n->parent == NULL) {
		snprintf(buf, bufsz, "/");
		return;
	}
	/* Fill from the end, leaf first; paths are bounded by the tree. */
	for (; n->parent != NULL; n = n->parent) {
		len = strlen(n->name);
		if (len + 1 > off)
			break;
		off -= len;
		memcpy(buf + off, n->name, len);
		buf[--off] = '/';
	}
	memmove(buf, buf + off, bufsz - off);
}

struct store *
store_new(void)
{
	struct store *s = calloc(1, sizeof(*s));
	struct xs_permissions p = { .id = 0, .perms = XS_PERM_NONE };

	if (s == NULL)
		return NULL;
	s->root = store_node_new("", NULL);
	if (s->root == NULL ||
	    store_perms_copy(&s->root->perms,
	    &(struct store_perms){ &p, 1 }) != 0) {
		store_free(s);
		return NULL;
	}
	s->gen = 1;
	s->root->gen = 1;
	return s;
}

void
store_free(struct store *s)
{
	if (s == NULL)
		return;
	store_node_free(s->root);
	free(s->scratch);
	free(s);
}

static size_t
store_node_count(const struct node *n)
{
	size_t c = 1;
	unsigned int i;

	for (i = 0; i < n->nkids; i++)
		c += store_node_count(n->kids[i]);
	return c;
}

size_t
store_count(const struct store *s)
{
	return store_node_count(s->root);
}

static unsigned int
store_node_owned(const struct node *n, unsigned int domid)
{
	unsigned int c = n->perms.p[0].id == domid, i;

	for (i = 0; i < n->nkids; i++)
		c += store_node_owned(n->kids[i], domid);
	return c;
}

unsigned int
store_owned(const struct store *s, unsigned int domid)
{
	return store_node_owned(s->root, domid);
}

/* ---- paths and permissions --------------------------------------- */

bool
store_valid_path(const char *path)
{
	size_t len = strlen(path);

	if (path[0] != '/' || len > STORE_PATH_MAX)
		return false;
	if (len > 1 && path[len - 1] == '/')
		return false;
	if (strstr(path, "//") != NULL)
		return false;
	return strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-/_@") == len;
}

int
store_canon(unsigned int domid, const char *in, char *out, size_t outsz)
{
	int n;

	if (in[0] == '/')
		n = snprintf(out, outsz, "%s", in);
	else
		n = snprintf(out, outsz, "/local/domain/%u/%s", domid, in);
	if (n < 0 || (size_t)n >= outsz || !store_valid_path(out))
		return EINVAL;
	return 0;
}

unsigned int
store_perm_for(const struct store_op *o, const struct store_perms *p)
{
	unsigned int i;

	if (o->priv || p->p[0].id == o->domid)
		return PERM_ALL;
	for (i = 1; i < p->n; i++)
		if (!(p->p[i].perms & XS_PERM_IGNORE) &&
		    p->p[i].id == o->domid)
			return p->p[i].perms & PERM_RW;
	return p->p[0].perms & PERM_RW;
}

/*
 * The node at path if the caller has all of `want` on it.  A missing
 * node is ENOENT only if the nearest ancestor grants some of `want`.
 */
static int
store_get(const struct store *s, const struct store_op *o, const char *path,
    unsigned int want, struct node **out)
{
	bool exact;
	struct node *n = store_walk(s, path, &exact);

	*out = NULL;
	if (!exact)
		return (store_perm_for(o, &n->perms) & want) ? ENOENT : EACCES;
	if ((store_perm_for(o, &n->perms) & want) != want)
		return EACCES;
	*out = n;
	return 0;
}

int
store_parse_perm(const char *s, struct xs_permissions *p)
{
	unsigned long id;
	char *end;

	switch (s[0]) {
	case 'n': p->perms = XS_PERM_NONE; break;
	case 'r': p->perms = XS_PERM_READ; break;
	case 'w': p->perms = XS_PERM_WRITE; break;
	case 'b': p->perms = XS_PERM_READ | XS_PERM_WRITE; break;
	default: return EINVAL;
	}
	if (s[1] < '0' || s[1] > '9')
		return EINVAL;
	errno = 0;
	id = strtoul(s + 1, &end, 10);
	if (errno != 0 || *end != '\0' || id > 0xffff)
		return EINVAL;
	p->id = (unsigned int)id;
	return 0;
}

void
store_format_perm(const struct xs_permissions *p, char *out, size_t outsz)
{
	static const char letters[] = "nrwb";

	snprintf(out, outsz, "%c%u", letters[p->perms & PERM_RW], p->id);
}

/* ---- transactions: access notes and the operation log ------------ */

static void
store_txn_note(struct store_txn *t, const char *path, const struct node *n)
{
	struct txacc *a;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nacc; i++)
		if (strcmp(t->acc[i].path, path) == 0)
			return;
	if (t->nacc == t->cacc) {
		size_t c = t->cacc ? t->cacc * 2 : 16;

		a = realloc(t->acc, c * sizeof(*a));
		if (a == NULL) {
			t->failed = true;
			return;
		}
		t->acc = a;
		t->cacc = c;
	}
	t->acc[t->nacc].path = strdup(path);
	if (t->acc[t->nacc].path == NULL) {
		t->failed = true;
		return;
	}
	t->acc[t->nacc].gen = n ? n->gen : STORE_NO_GEN;
	t->nacc++;
}

/* Note path and everything below it (before a removal). */
static void
store_txn_note_tree(struct store_txn *t, const struct node *n, const char *path)
{
	char kid[STORE_PATH_MAX + 1];
	unsigned int i;

	store_txn_note(t, path, n);
	for (i = 0; i < n->nkids; i++) {
		snprintf(kid, sizeof(kid), "%s/%s", path, n->kids[i]->name);
		store_txn_note_tree(t, n->kids[i], kid);
	}
}

static void
store_txn_log(struct store_txn *t, enum txop_kind kind, const char *path,
    const void *data, size_t len, size_t elem)
{
	struct txop *op;

	if (t == NULL)
		return;
	if (t->nops == t->cops) {
		size_t c = t->cops ? t->cops * 2 : 8;

		op = realloc(t->ops, c * sizeof(*op));
		if (op == NULL) {
			t->failed = true;
			return;
		}
		t->ops = op;
		t->cops = c;
	}
	op = &t->ops[t->nops];
	op->kind = kind;
	op->len = len;
	op->path = strdup(path);
	op->data = NULL;
	if (len > 0) {
		op->data = malloc(len * elem);
		if (op->data != NULL)
			memcpy(op->data, data, len * elem);
	}
	if (op->path == NULL || (len > 0 && op->data == NULL)) {
		free(op->path);
		free(op->data);
		t->failed = true;
		return;
	}
	t->nops++;
}

struct store_txn *
store_txn_begin(struct store *s)
{
	struct store_txn *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->snap = calloc(1, sizeof(*t->snap));
	if (t->snap == NULL) {
		free(t);
		return NULL;
	}
	t->snap->gen = s->gen;
	t->snap->root = store_node_clone(s->root, NULL);
	if (t->snap->root == NULL) {
		store_txn_free(t);
		return NULL;
	}
	return t;
}

void
store_txn_free(struct store_txn *t)
{
	size_t i;

	if (t == NULL)
		return;
	store_free(t->snap);
	for (i = 0; i < t->nacc; i++)
		free(t->acc[i].path);
	for (i = 0; i < t->nops; i++) {
		free(t->ops[i].path);
		free(t->ops[i].data);
	}
	free(t->acc);
	free(t->ops);
	free(t);
}

/* ---- operations ---------------------------------------------------- */

static struct store *
store_target(struct store *s, struct store_txn *t)
{
	return t ? t->snap : s;
}

static void
store_fire(const struct store_op *o, const char *path, bool exact,
    const struct node *n, const struct store_perms *old)
{
	if (o->fire == NULL)
		return;
	o->fire(o->arg, path, exact, &n->perms,
	    n->parent ? &n->parent->perms : NULL, old);
}

static void
store_bump(struct store *s, struct node *n)
{
	n->gen = ++s->gen;
}

int
store_read(struct store *s, struct store_txn *t, const struct store_op *o,
    const char *path, const void **val, size_t *len)
{
	struct store *st = store_target(s, t);
	struct node *n;
	int err;

	store_txn_note(t, path, store_lookup(st, path));
	err = store_get(st, o, path, XS_PERM_READ, &n);
	if (err != 0)
		return err;
	*val = n->val;
	*len = n->len;
	return 0;
}

/*
 * Create path and its missing ancestors under `near` (the nearest
 * existing one), as xenstored's construct_node: permissions inherited,
 * owner set to an unprivileged creator, quotas checked first.
 */
static int
store_create(struct store *st, struct store_txn *t, const struct store_op *o,
    struct node *near, const char *path, const void *val, size_t len,
    struct node **out)
{
	char nearpath[STORE_PATH_MAX + 1], sub[STORE_PATH_MAX + 1];
	const char *rest, *p, *slash;
	struct node *parent = near, *n;
	unsigned int nnew = 0, nperms = near->perms.n;
	size_t restlen;
	int err;

	store_node_path(near, nearpath, sizeof(nearpath));
	rest = path + strlen(nearpath);
	if (*rest == '/')
		rest++;
	for (p = rest; p != NULL; p = strchr(p, '/'), p = p ? p + 1 : p)
		nnew++;
	restlen = strlen(rest);
	if (!o->priv) {
		if (store_owned(st, o->domid) + nnew > o->q->nodes)
			return ENOSPC;
		if (store_node_size(near, near->len, strcspn(rest, "/") + 1,
		    near->perms.n) >= o->q->node_size ||
		    STORE_HDR_SIZE + STORE_PERM_SIZE * nperms + len >=
		    o->q->node_size)
			return ENOSPC;
	}
	store_txn_note(t, nearpath, near);
	for (p = rest; *p != '\0'; ) {
		slash = strchr(p, '/');
		restlen = slash ? (size_t)(slash - p) : strlen(p);
		snprintf(sub, sizeof(sub), "%.*s", (int)(p + restlen - path),
		    path);
		store_txn_note(t, sub, NULL);
		memcpy(sub, p, restlen);
		sub[restlen] = '\0';
		n = store_node_new(sub, parent);
		if (n == NULL)
			return ENOMEM;
		err = store_perms_copy(&n->perms, &parent->perms);
		if (err == 0)
			err = store_node_add_kid(parent, n);
		if (err != 0) {
			store_node_free(n);
			return err;
		}
		if (!o->priv)
			n->perms.p[0].id = o->domid;
		store_bump(st, parent);
		store_bump(st, n);
		parent = n;
		p += restlen;
		if (*p == '/')
			p++;
	}
	err = store_node_set_val(parent, val, len);
	if (err != 0)
		return err;
	*out = parent;
	return 0;
}

static int
store_put(struct store *s, struct store_txn *t, const struct store_op *o,
    const char *path, const void *val, size_t len, bool mkdir)
{
	struct store *st = store_target(s, t);
	struct node *n;
	bool exact;
	int err;

	err = store_get(st, o, path, XS_PERM_WRITE, &n);
	if (err != 0 && err != ENOENT) {
		store_txn_note(t, path, store_lookup(st, path));
		return err;
	}
	if (n != NULL) {
		store_txn_note(t, path, n);
		if (mkdir)
			return 0;
		if (!o->priv && store_node_size(n, len, 0, n->perms.n) >=
		    o->q->node_size)
			return ENOSPC;
		err = store_node_set_val(n, val, len);
		if (err != 0)
			return err;
		store_bump(st, n);
	} else {
		err = store_create(st, t, o, store_walk(st, path, &exact),
		    path, val, len, &n);
		if (err != 0)
			return err;
	}
	store_txn_log(t, mkdir ? TXOP_MKDIR : TXOP_WRITE, path, val, len, 1);
	if (t == NULL)
		store_fire(o, path, false, n, NULL);
	return 0;
}

int
store_write(struct store *s, struct store_txn *t, const struct store_op *o,
    const char *path, const void *val, size_t len)
{
	return store_put(s, t, o, path, val, len, false);
}

int
store_mkdir(struct store *s, struct store_txn *t, const struct store_op *o,
    const char *path)
{
	return store_put(s, t, o, path, NULL, 0, true);
}

/* Children first, each firing watches while its permissions are
 * still there to be checked, as xenstored does. */
static void
store_rm_tree(const struct store_op *o, struct node *n, const char *path,
    bool top, bool fire_ok)
{
	char kid[STORE_PATH_MAX + 1];

	while (n->nkids > 0) {
		struct node *k = n->kids[n->nkids - 1];

		snprintf(kid, sizeof(kid), "%s/%s", path, k->name);
		store_rm_tree(o, k, kid, false, fire_ok);
	}
	if (fire_ok)
		store_fire(o, path, !top, n, NULL);
	if (n->parent != NULL)
		store_node_del_kid(n->parent, n);
	store_node_free(n);
}

int
store_rm(struct store *s, struct store_txn *t, const struct store_op *o,
    const char *path)
{
	char parent[STORE_PATH_MAX + 1];
	struct store *st = store_target(s, t);
	struct node *n, *p;
	char *slash;
	int err;

	err = store_get(st, o, path, XS_PERM_WRITE, &n);
	if (n == NULL) {
		store_txn_note(t, path, NULL);
		if (err != ENOENT)
			return err;
		snprintf(parent, sizeof(parent), "%s", path);
		slash = strrchr(parent, '/');
		if (slash == parent)
			slash[1] = '\0';
		else
			*slash = '\0';
		p = store_lookup(st, parent);
		store_txn_note(t, parent, p);
		return p != NULL ? 0 : ENOENT;
	}
	if (n->parent == NULL)
		return EINVAL;
	p = n->parent;
	store_node_path(p, parent, sizeof(parent));
	store_txn_note(t, parent, p);
	store_txn_note_tree(t, n, path);
	store_txn_log(t, TXOP_RM, path, NULL, 0, 1);
	store_rm_tree(o, n, path, true, t == NULL);
	store_bump(st, p);
	return 0;
}

int
store_directory(struct store *s, struct store_txn *t,
    const struct store_op *o, const char *path, char **names, size_t *len,
    uint64_t *gen)
{
	struct store *st = store_target(s, t);
	struct node *n;
	size_t need, off = 0;
	unsigned int i;
	int err;

	store_txn_note(t, path, store_lookup(st, path));
	err = store_get(st, o, path, XS_PERM_READ, &n);
	if (err != 0)
		return err;
	need = store_node_childlen(n) + 1;
	if (need > s->scratchsz) {
		char *b = realloc(s->scratch, need);

		if (b == NULL)
			return ENOMEM;
		s->scratch = b;
		s->scratchsz = need;
	}
	for (i = 0; i < n->nkids; i++) {
		size_t l = strlen(n->kids[i]->name) + 1;

		memcpy(s->scratch + off, n->kids[i]->name, l);
		off += l;
	}
	*names = s->scratch;
	*len = off;
	*gen = n->gen;
	return 0;
}

int
store_get_perms(struct store *s, struct store_txn *t,
    const struct store_op *o, const char *path, struct store_perms *out)
{
	struct store *st = store_target(s, t);
	struct node *n;
	int err;

	store_txn_note(t, path, store_lookup(st, path));
	err = store_get(st, o, path, XS_PERM_READ, &n);
	if (err != 0)
		return err;
	*out = n->perms;
	return 0;
}

int
store_set_perms(struct store *s, struct store_txn *t,
    const struct store_op *o, const char *path,
    const struct store_perms *perms)
{
	struct store *st = store_target(s, t);
	struct store_perms old = { NULL, 0 };
	struct node *n;
	int err;

	if (perms->n == 0)
		return EINVAL;
	if (!o->priv && perms->n > o->q->perms)
		return ENOSPC;
	store_txn_note(t, path, store_lookup(st, path));
	err = store_get(st, o, path, XS_PERM_WRITE | XS_PERM_OWNER, &n);
	if (err != 0)
		return err;
	if (!o->priv && perms->p[0].id != n->perms.p[0].id)
		return EPERM;
	if (!o->priv &&
	    store_node_size(n, n->len, 0, perms->n) >= o->q->node_size)
		return ENOSPC;
	old = n->perms;
	n->perms.p = NULL;
	err = store_perms_copy(&n->perms, perms);
	if (err != 0) {
		n->perms = old;
		return err;
	}
	store_bump(st, n);
	store_txn_log(t, TXOP_SETPERMS, path, perms->p, perms->n,
	    sizeof(*perms->p));
	if (t == NULL)
		store_fire(o, path, false, n, &old);
	free(old.p);
	return 0;
}

int
store_txn_commit(struct store *s, struct store_txn *t,
    const struct store_op *o)
{
	struct node *n;
	size_t i;

	if (t->failed)
		return EAGAIN;
	for (i = 0; i < t->nacc; i++) {
		n = store_lookup(s, t->acc[i].path);
		if ((n ? n->gen : STORE_NO_GEN) != t->acc[i].gen)
			return EAGAIN;
	}
	/* Nothing the transaction saw changed: replaying its operations on
	 * the tree gives the same results, and fires the watches now. */
	for (i = 0; i < t->nops; i++) {
		struct txop *op = &t->ops[i];

		switch (op->kind) {
		case TXOP_WRITE:
			store_write(s, NULL, o, op->path, op->data, op->len);
			break;
		case TXOP_MKDIR:
			store_mkdir(s, NULL, o, op->path);
			break;
		case TXOP_RM:
			store_rm(s, NULL, o, op->path);
			break;
		case TXOP_SETPERMS:
			store_set_perms(s, NULL, o, op->path,
			    &(struct store_perms){ op->data,
			    (unsigned int)op->len });
			break;
		}
	}
	return 0;
}

/* ---- dump ------------------------------------------------------------ */

static void
store_node_dump(const struct node *n, const char *path, FILE *f)
{
	char kid[STORE_PATH_MAX + 1], perm[16];
	unsigned int i;
	size_t j;

	fprintf(f, "%s = \"", path);
	for (j = 0; j < n->len; j++) {
		unsigned char c = n->val[j];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
	fputs("\" (", f);
	for (i = 0; i < n->perms.n; i++) {
		store_format_perm(&n->perms.p[i], perm, sizeof(perm));
		fprintf(f, "%s%s", i ? "," : "", perm);
	}
	fputs(")\n", f);
	for (i = 0; i < n->nkids; i++) {
		snprintf(kid, sizeof(kid), "%s/%s",
		    strcmp(path, "/") == 0 ? "" : path, n->kids[i]->name);
		store_node_dump(n->kids[i], kid, f);
	}
}

void
store_dump(const struct store *s, FILE *f)
{
	store_node_dump(s->root, "/", f);
	fflush(f);
}
