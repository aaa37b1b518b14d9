/*
 * test-xsd.c - xb-xsd against the real libxenstore: every operation, the
 * watch rules, transactions, permissions per connection identity,
 * quotas, domains, and malformed wire messages.  TAP.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <xenstore.h>

#include "xsdtest.h"

#define G	XSDTEST_GUEST
#define G2	XSDTEST_GUEST2
#define HOME	"/local/domain/5"
#define HOME2	"/local/domain/7"

static struct xsdtest_srv srv;
static struct xs_handle *d0, *g, *g2;

static bool
read_is(struct xs_handle *h, xs_transaction_t t, const char *path,
    const char *want)
{
	unsigned int len;
	char *v = xs_read(h, t, path, &len);
	bool ok = v != NULL && len == strlen(want) &&
	    memcmp(v, want, len) == 0;

	free(v);
	return ok;
}

static int
read_errno(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	unsigned int len;
	char *v = xs_read(h, t, path, &len);

	if (v != NULL) {
		free(v);
		return 0;
	}
	return errno;
}

static bool
write_str(struct xs_handle *h, xs_transaction_t t, const char *path,
    const char *v)
{
	return xs_write(h, t, path, v, strlen(v));
}

static int
write_errno(struct xs_handle *h, const char *path, const char *v)
{
	return write_str(h, XBT_NULL, path, v) ? 0 : errno;
}

static void
test_basic_ops(void)
{
	char **dir;
	unsigned int n;
	char *p;

	tap_ok(write_str(d0, XBT_NULL, "/t/a", "hello") &&
	    read_is(d0, XBT_NULL, "/t/a", "hello"),
	    "dom0: WRITE then READ returns the value");
	tap_ok(xs_write(d0, XBT_NULL, "/t/bin", "a\0b", 3) &&
	    ({ unsigned int l; char *v = xs_read(d0, XBT_NULL, "/t/bin", &l);
	    bool r = v && l == 3 && v[1] == '\0' && v[2] == 'b'; free(v); r; }),
	    "values are byte strings: an embedded NUL survives");
	tap_ok(write_str(d0, XBT_NULL, "/t/deep/er/node", "x") &&
	    read_is(d0, XBT_NULL, "/t/deep/er", ""),
	    "WRITE creates missing parents with empty values");
	tap_ok(xs_mkdir(d0, XBT_NULL, "/t/dir") &&
	    read_is(d0, XBT_NULL, "/t/dir", "") &&
	    xs_mkdir(d0, XBT_NULL, "/t/a") && read_is(d0, XBT_NULL, "/t/a",
	    "hello"), "MKDIR creates, and leaves an existing value alone");
	dir = xs_directory(d0, XBT_NULL, "/t", &n);
	tap_ok(dir != NULL && n == 4 && strcmp(dir[0], "a") == 0 &&
	    strcmp(dir[3], "dir") == 0,
	    "DIRECTORY lists children in creation order (%u)", n);
	free(dir);
	tap_ok(xs_rm(d0, XBT_NULL, "/t/deep") &&
	    read_errno(d0, XBT_NULL, "/t/deep/er/node") == ENOENT &&
	    read_errno(d0, XBT_NULL, "/t/deep") == ENOENT,
	    "RM removes the whole subtree");
	tap_ok(xs_rm(d0, XBT_NULL, "/t/nothere"),
	    "RM of a missing node whose parent exists succeeds");
	tap_ok(!xs_rm(d0, XBT_NULL, "/t/no/where") && errno == ENOENT,
	    "RM of a node whose parent is missing is ENOENT");
	tap_ok(!xs_rm(d0, XBT_NULL, "/") && errno == EINVAL,
	    "RM / is EINVAL");
	tap_ok(read_errno(d0, XBT_NULL, "/t//a") == EINVAL &&
	    read_errno(d0, XBT_NULL, "/t/a/") == EINVAL &&
	    read_errno(d0, XBT_NULL, "/t/a b") == EINVAL,
	    "malformed paths (//, trailing /, space) are EINVAL");
	p = xs_get_domain_path(d0, 42);
	tap_ok(p != NULL && strcmp(p, "/local/domain/42") == 0,
	    "GET_DOMAIN_PATH 42 is /local/domain/42");
	free(p);
}

static void
test_big_directory(void)
{
	char path[128], name[64];
	unsigned int n, i;
	char **dir;
	bool ok = true;

	/* 200 names of 40 bytes: 8 KiB of listing, past one payload. */
	for (i = 0; i < 200 && ok; i++) {
		snprintf(path, sizeof(path),
		    "/big/child-with-a-rather-long-name-%05u", i);
		ok = xs_mkdir(d0, XBT_NULL, path);
	}
	dir = xs_directory(d0, XBT_NULL, "/big", &n);
	snprintf(name, sizeof(name), "child-with-a-rather-long-name-%05u",
	    199);
	tap_ok(ok && dir != NULL && n == 200 && strcmp(dir[199], name) == 0,
	    "a listing over 4096 bytes arrives whole (E2BIG, then "
	    "DIRECTORY_PART) (%u)", dir ? n : 0);
	free(dir);
	xs_rm(d0, XBT_NULL, "/big");
}

static void
test_watches(void)
{
	char path[256], tok[64];
	int r;

	tap_ok(xs_watch(d0, "/w", "tok1"), "WATCH on a missing node is OK");
	r = xsdtest_watch_next(d0, 2000, path, sizeof(path), tok, sizeof(tok));
	tap_ok(r == 0 && strcmp(path, "/w") == 0 && strcmp(tok, "tok1") == 0,
	    "WATCH fires once at once with the watched path and token");
	write_str(d0, XBT_NULL, "/w/x/y", "1");
	r = xsdtest_watch_next(d0, 2000, path, sizeof(path), tok, sizeof(tok));
	tap_ok(r == 0 && strcmp(path, "/w/x/y") == 0,
	    "a write below the watch fires with the changed path (%s)",
	    r == 0 ? path : "none");
	tap_ok(!xs_watch(d0, "/w", "tok1") && errno == EEXIST,
	    "the same path and token twice is EEXIST");
	xs_watch(d0, "/mark", "mark");
	xsdtest_events_before(d0, "mark", 2000);
	xs_rm(d0, XBT_NULL, "/w");
	r = xsdtest_watch_next(d0, 2000, path, sizeof(path), tok, sizeof(tok));
	tap_ok(r == 0 && strcmp(path, "/w") == 0,
	    "RM of the watched node fires with its path");
	tap_ok(xs_unwatch(d0, "/w", "tok1"), "UNWATCH succeeds");
	write_str(d0, XBT_NULL, "/w/z", "1");
	write_str(d0, XBT_NULL, "/mark", "1");
	tap_ok(xsdtest_events_before(d0, "mark", 2000) == 0,
	    "no event after UNWATCH");
	tap_ok(!xs_unwatch(d0, "/w", "tok1") && errno == ENOENT,
	    "UNWATCH of an unknown watch is ENOENT");
	xs_unwatch(d0, "/mark", "mark");
	xs_rm(d0, XBT_NULL, "/w");
	xs_rm(d0, XBT_NULL, "/mark");
}

static void
test_guest_watches(void)
{
	char path[256], tok[64];
	int r;

	tap_ok(xs_watch(g, "data/gw", "rel"), "guest: relative WATCH");
	r = xsdtest_watch_next(g, 2000, path, sizeof(path), tok, sizeof(tok));
	tap_ok(r == 0 && strcmp(path, "data/gw") == 0,
	    "relative watch: the initial event is relative (%s)",
	    r == 0 ? path : "none");
	write_str(d0, XBT_NULL, HOME "/data/gw/k", "v");
	r = xsdtest_watch_next(g, 2000, path, sizeof(path), tok, sizeof(tok));
	tap_ok(r == 0 && strcmp(path, "data/gw/k") == 0,
	    "relative watch: dom0's write arrives relative (%s)",
	    r == 0 ? path : "none");
	xs_unwatch(g, "data/gw", "rel");

	/* A guest watching / must not learn about nodes it cannot read. */
	xs_watch(g, "/", "root");
	xs_watch(g, "data/mark", "mark");
	xsdtest_events_before(g, "mark", 2000);
	write_str(d0, XBT_NULL, "/secret/key", "s");
	write_str(g, XBT_NULL, "data/mark", "1");
	r = xsdtest_events_before(g, "mark", 2000);
	/* the marker write itself also matches "/": one event */
	tap_ok(r == 1, "guest watching /: no event for dom0's unreadable "
	    "node, only its own write (%d)", r);
	xs_unwatch(g, "/", "root");
	xs_unwatch(g, "data/mark", "mark");
	xs_rm(d0, XBT_NULL, "/secret");
}

static void
tx_commit_and_abort(void)
{
	xs_transaction_t t;

	t = xs_transaction_start(d0);
	tap_ok(t != XBT_NULL, "TRANSACTION_START gives an id");
	write_str(d0, t, "/tx/a", "1");
	tap_ok(read_is(d0, t, "/tx/a", "1") &&
	    read_errno(g, XBT_NULL, "/tx/a") != 0 &&
	    read_errno(d0, XBT_NULL, "/tx/a") == ENOENT,
	    "a write in a transaction is invisible outside it");
	tap_ok(xs_transaction_end(d0, t, false) &&
	    read_is(d0, XBT_NULL, "/tx/a", "1"), "commit makes it visible");

	t = xs_transaction_start(d0);
	write_str(d0, t, "/tx/b", "2");
	tap_ok(xs_transaction_end(d0, t, true) &&
	    read_errno(d0, XBT_NULL, "/tx/b") == ENOENT,
	    "abort discards it");
}

/* On /tx/a = 1, which tx_commit_and_abort() committed. */
static void
tx_conflicts(void)
{
	xs_transaction_t t, t2;
	int e;

	t = xs_transaction_start(d0);
	read_is(d0, t, "/tx/a", "1");
	write_str(d0, t, "/tx/c", "3");
	write_str(d0, XBT_NULL, "/tx/a", "other");	/* a conflicting write */
	e = xs_transaction_end(d0, t, false) ? 0 : errno;
	tap_ok(e == EAGAIN, "a node read in the transaction changed: "
	    "commit is EAGAIN (%s)", strerror(e));
	tap_ok(read_errno(d0, XBT_NULL, "/tx/c") == ENOENT,
	    "the conflicting transaction left nothing behind");

	t = xs_transaction_start(d0);
	read_is(d0, t, "/tx/a", "other");
	write_str(d0, XBT_NULL, "/elsewhere", "1");
	tap_ok(xs_transaction_end(d0, t, false),
	    "an unrelated write does not conflict");

	t = xs_transaction_start(d0);
	t2 = xs_transaction_start(d0);
	write_str(d0, t, "/tx/n", "1");
	write_str(d0, t2, "/tx/n", "2");
	tap_ok(xs_transaction_end(d0, t, false) &&
	    !xs_transaction_end(d0, t2, false) && errno == EAGAIN &&
	    read_is(d0, XBT_NULL, "/tx/n", "1"),
	    "two transactions creating the same node: the second is EAGAIN");
	xs_rm(d0, XBT_NULL, "/elsewhere");
}

/* Inside a transaction: its own changes in DIRECTORY, watches only at
 * commit (on /tx/n, which tx_conflicts() left). */
static void
tx_seen_inside_and_at_commit(void)
{
	xs_transaction_t t;
	unsigned int n = 0;
	char **dir;
	bool seen = false, gone = true;

	xs_watch(d0, "/tx/w", "txw");
	xs_watch(d0, "/txmark", "mark");
	xsdtest_events_before(d0, "mark", 2000);	/* initial events */
	t = xs_transaction_start(d0);
	write_str(d0, t, "/tx/w/new", "1");
	xs_rm(d0, t, "/tx/n");
	dir = xs_directory(d0, t, "/tx", &n);
	for (unsigned int i = 0; dir != NULL && i < n; i++) {
		seen |= strcmp(dir[i], "w") == 0;
		gone &= strcmp(dir[i], "n") != 0;
	}
	tap_ok(seen && gone, "inside a transaction, DIRECTORY shows its "
	    "own creations and removals");
	free(dir);
	write_str(d0, XBT_NULL, "/txmark", "1");
	tap_ok(xsdtest_events_before(d0, "mark", 2000) == 0,
	    "no watch fires before the commit");
	xs_transaction_end(d0, t, false);
	write_str(d0, XBT_NULL, "/txmark", "2");
	tap_ok(xsdtest_events_before(d0, "mark", 2000) == 1 &&
	    read_errno(d0, XBT_NULL, "/tx/n") == ENOENT &&
	    read_is(d0, XBT_NULL, "/tx/w/new", "1"),
	    "at commit the watch fires once, the removal and write apply");
	xs_unwatch(d0, "/tx/w", "txw");
	xs_unwatch(d0, "/txmark", "mark");
	xs_rm(d0, XBT_NULL, "/txmark");
}

static void
tx_unknown_id(void)
{
	tap_ok(read_errno(d0, 4242, "/tx/a") == ENOENT,
	    "a request with an unknown transaction id is ENOENT");
	tap_ok(!xs_transaction_end(d0, 4242, false) && errno == ENOENT,
	    "TRANSACTION_END of an unknown id is ENOENT");
}

static void
test_transactions(void)
{
	tx_commit_and_abort();
	tx_conflicts();
	tx_seen_inside_and_at_commit();
	tx_unknown_id();
	xs_rm(d0, XBT_NULL, "/tx");
}

static void
test_permissions(void)
{
	struct xs_permissions *p, set[2];
	unsigned int n;
	int e;

	e = write_errno(g, "memory/target", "1");
	tap_ok(e == EACCES, "guest writing dom0-owned memory/target: EACCES "
	    "(%s)", strerror(e));
	e = write_errno(g, HOME "/control/feature-balloon", "1");
	tap_ok(e == EACCES, "guest creating under read-only control/: "
	    "EACCES (%s)", strerror(e));
	tap_ok(write_errno(g, "data/meminfo_free", "123") == 0 &&
	    read_is(d0, XBT_NULL, HOME "/data/meminfo_free", "123"),
	    "guest writes its own data/ (relative path, seen by dom0 under "
	    HOME ")");
	p = xs_get_permissions(d0, XBT_NULL, HOME "/data/meminfo_free", &n);
	tap_ok(p != NULL && n >= 1 && p[0].id == G,
	    "a node a guest creates is owned by the guest");
	free(p);
	tap_ok(read_is(g, XBT_NULL, "domid", "5"),
	    "guest reads its home (n0,r5)");
	e = read_errno(g, XBT_NULL, "/local/domain/0/name");
	tap_ok(e == EACCES, "guest reading dom0's home: EACCES (%s)",
	    strerror(e));
	e = read_errno(g, XBT_NULL, "/local/domain/0/nothere");
	tap_ok(e == EACCES, "a missing node under an unreadable parent is "
	    "EACCES, not ENOENT (%s)", strerror(e));
	e = read_errno(g, XBT_NULL, "data/nothere");
	tap_ok(e == ENOENT, "a missing node under a readable parent is "
	    "ENOENT (%s)", strerror(e));
	e = read_errno(g2, XBT_NULL, HOME "/data/meminfo_free");
	tap_ok(e == EACCES, "another guest cannot read it (%s)",
	    strerror(e));

	set[0] = (struct xs_permissions){ .id = G, .perms = XS_PERM_NONE };
	set[1] = (struct xs_permissions){ .id = G2, .perms = XS_PERM_READ };
	tap_ok(xs_set_permissions(g, XBT_NULL, "data/meminfo_free", set, 2) &&
	    read_is(g2, XBT_NULL, HOME "/data/meminfo_free", "123"),
	    "the owner grants read to domain 7, which can then read");
	e = write_errno(g2, HOME "/data/meminfo_free", "9");
	tap_ok(e == EACCES, "read access does not give write (%s)",
	    strerror(e));
	set[0].id = G2;
	tap_ok(!xs_set_permissions(g, XBT_NULL, "data/meminfo_free", set, 2) &&
	    errno == EPERM, "a guest may not give its node away: EPERM");
	set[0].id = G;
	tap_ok(!xs_set_permissions(g, XBT_NULL, "memory", set, 1) &&
	    errno == EACCES, "a guest may not change dom0's permissions");
	set[0] = (struct xs_permissions){ .id = 0, .perms = XS_PERM_READ };
	tap_ok(xs_set_permissions(d0, XBT_NULL, "/pub", set, 1) == false &&
	    errno == ENOENT, "SET_PERMS on a missing node is ENOENT");
	write_str(d0, XBT_NULL, "/pub", "p");
	tap_ok(xs_set_permissions(d0, XBT_NULL, "/pub", set, 1) &&
	    read_is(g, XBT_NULL, "/pub", "p") &&
	    write_errno(g, "/pub", "x") == EACCES,
	    "dom0 makes a node world-readable (r0): guests read, not write");
	p = xs_get_permissions(d0, XBT_NULL, "/pub", &n);
	tap_ok(p != NULL && n == 1 && p[0].id == 0 &&
	    p[0].perms == XS_PERM_READ, "GET_PERMS returns what was set");
	free(p);
	xs_rm(d0, XBT_NULL, "/pub");
}

/* A directory's child list counts in its record size: a guest cannot
 * pile 1000 children under one node (as with xenstored). */
static void
quota_children_of_one_node(void)
{
	char path[64];
	unsigned int i;
	int e = 0;

	for (i = 0; i < 1100; i++) {
		snprintf(path, sizeof(path), "data/flat/n%u", i);
		if (!write_str(g2, XBT_NULL, path, "x")) {
			e = errno;
			break;
		}
	}
	tap_ok(e == ENOSPC && i > 300 && i < 500,
	    "a guest's node with ~2 KiB of child names is full: ENOSPC "
	    "(%u children, %s)", i, strerror(e));
	xs_rm(g2, XBT_NULL, "data/flat");
}

/* Domain 7 owns 7 nodes of its home (data, attr, ...); the rest are
 * spread over directories of 32 leaves (33 nodes each). */
static void
quota_nodes_of_a_domain(void)
{
	struct xs_permissions set = { .id = G2, .perms = XS_PERM_NONE };
	char path[64];
	unsigned int i, created = 0;
	int e = 0;

	for (i = 0; i < 1100; i++) {
		snprintf(path, sizeof(path), "data/g%u/n%u", i / 32, i % 32);
		if (!write_str(g2, XBT_NULL, path, "x")) {
			e = errno;
			break;
		}
		created += i % 32 == 0 ? 2 : 1;
	}
	tap_ok(e == ENOSPC && created == 1000 - 7,
	    "node quota: domain 7 may own 1000 nodes, the next is ENOSPC "
	    "(%u created, %s)", created, strerror(e));
	xs_rm(d0, XBT_NULL, HOME2 "/data");
	xs_mkdir(d0, XBT_NULL, HOME2 "/data");
	xs_set_permissions(d0, XBT_NULL, HOME2 "/data", &set, 1);
}

static void
quota_value_size(void)
{
	char big[2100];
	int e;

	memset(big, 'v', sizeof(big));
	e = xs_write(g2, XBT_NULL, "data/big", big, 2048) ? 0 : errno;
	tap_ok(e == ENOSPC, "node size quota: a 2048-byte value from a guest "
	    "is ENOSPC (%s)", strerror(e));
	tap_ok(xs_write(g2, XBT_NULL, "data/ok", big, 1000),
	    "a 1000-byte value is accepted");
	tap_ok(xs_write(d0, XBT_NULL, "/dom0big", big, 2048),
	    "dom0 is not subject to the node size quota");
	xs_rm(d0, XBT_NULL, "/dom0big");
	e = xs_write(d0, XBT_NULL, "/huge", big, 4096) ? 0 : errno;
	tap_ok(e == E2BIG, "a payload over 4096 bytes is refused (E2BIG) "
	    "(%s)", strerror(e));
}

/* On data/ok, which quota_value_size() left. */
static void
quota_permission_entries(void)
{
	struct xs_permissions set[6];

	for (unsigned int i = 0; i < 6; i++)
		set[i] = (struct xs_permissions){ .id = i == 0 ? G2 : i,
		    .perms = XS_PERM_READ };
	tap_ok(!xs_set_permissions(g2, XBT_NULL, "data/ok", set, 6) &&
	    errno == ENOSPC, "permission quota: 6 entries from a guest is "
	    "ENOSPC");
	tap_ok(xs_set_permissions(g2, XBT_NULL, "data/ok", set, 5),
	    "5 entries are accepted");
}

static void
quota_open_transactions(void)
{
	xs_transaction_t t[11];
	unsigned int i;
	int e;

	for (i = 0; i < 10; i++)
		t[i] = xs_transaction_start(g2);
	t[10] = xs_transaction_start(g2);
	e = t[10] == XBT_NULL ? errno : 0;
	tap_ok(t[9] != XBT_NULL && e == ENOSPC,
	    "transaction quota: the 11th open transaction is ENOSPC (%s)",
	    strerror(e));
	for (i = 0; i < 10; i++)
		xs_transaction_end(g2, t[i], true);
}

static void
quota_watches(void)
{
	char path[64];
	unsigned int i;
	int e;

	for (i = 0; i < 128; i++) {
		snprintf(path, sizeof(path), "data/w%u", i);
		if (!xs_watch(g2, path, "q"))
			break;
	}
	e = xs_watch(g2, "data/one-more", "q") ? 0 : errno;
	tap_ok(i == 128 && e == E2BIG, "watch quota: 128 watches, the next "
	    "is E2BIG (%u, %s)", i, strerror(e));
	for (i = 0; i < 128; i++) {
		snprintf(path, sizeof(path), "data/w%u", i);
		xs_unwatch(g2, path, "q");
	}
}

static void
test_quotas(void)
{
	quota_children_of_one_node();
	quota_nodes_of_a_domain();
	quota_value_size();
	quota_permission_entries();
	quota_open_transactions();
	quota_watches();
}

/* dom0 watches @introduceDomain and @releaseDomain (test_domains). */
static void
domain_introduce_and_release(void)
{
	char path[64], tok[64];
	int r;

	tap_ok(!xs_is_domain_introduced(d0, 9),
	    "IS_DOMAIN_INTRODUCED 9 is F before INTRODUCE");
	tap_ok(xs_introduce_domain(d0, 9, 1234, 5), "INTRODUCE 9 from dom0");
	r = xsdtest_watch_next(d0, 2000, path, sizeof(path), tok, sizeof(tok));
	tap_ok(r == 0 && strcmp(path, "@introduceDomain") == 0 &&
	    strcmp(tok, "intro") == 0, "@introduceDomain fires");
	tap_ok(xs_is_domain_introduced(d0, 9), "IS_DOMAIN_INTRODUCED 9 is T");
	tap_ok(!xs_introduce_domain(g, 11, 1, 1) && errno == EACCES,
	    "INTRODUCE from a guest is EACCES");
	tap_ok(!xs_release_domain(d0, 99) && errno == ENOENT,
	    "RELEASE of an unknown domain is ENOENT");
}

/* Domain 9, introduced above, released: a guest watching
 * @releaseDomain sees it only if allowed. */
static void
domain_release_seen_by_guests(void)
{
	char path[64], tok[64];
	struct xs_permissions sp;
	int r;

	xs_watch(g, "@releaseDomain", "grel");
	xs_watch(g, "data/mark", "mark");
	xsdtest_events_before(g, "mark", 2000);
	tap_ok(xs_release_domain(d0, 9), "RELEASE 9 from dom0");
	r = xsdtest_watch_next(d0, 2000, path, sizeof(path), tok, sizeof(tok));
	tap_ok(r == 0 && strcmp(path, "@releaseDomain") == 0 &&
	    strcmp(tok, "rel") == 0, "@releaseDomain fires on RELEASE");
	tap_ok(!xs_is_domain_introduced(d0, 9), "IS_DOMAIN_INTRODUCED 9 is F "
	    "after RELEASE");
	write_str(g, XBT_NULL, "data/mark", "1");
	tap_ok(xsdtest_events_before(g, "mark", 2000) == 0,
	    "a guest without read on @releaseDomain gets no event");
	sp = (struct xs_permissions){ .id = 0, .perms = XS_PERM_READ };
	tap_ok(xs_set_permissions(d0, XBT_NULL, "@releaseDomain", &sp, 1),
	    "dom0 sets @releaseDomain world-readable");
	xs_introduce_domain(d0, 9, 1, 1);
	xs_release_domain(d0, 9);
	write_str(g, XBT_NULL, "data/mark", "2");
	tap_ok(xsdtest_events_before(g, "mark", 2000) == 1,
	    "then the guest gets @releaseDomain");
	xs_unwatch(g, "@releaseDomain", "grel");
	xs_unwatch(g, "data/mark", "mark");
	xsdtest_watch_next(d0, 2000, NULL, 0, NULL, 0);	/* intro */
	xsdtest_watch_next(d0, 2000, NULL, 0, NULL, 0);	/* release */
}

/* A spurious @releaseDomain (XSA-325), on demand. */
static void
domain_spurious_release(void)
{
	char path[64], *rep;
	int r;

	rep = xs_control_command(d0, "fire", "@releaseDomain",
	    sizeof("@releaseDomain"));
	r = xsdtest_watch_next(d0, 2000, path, sizeof(path), NULL, 0);
	tap_ok(rep != NULL && r == 0 && strcmp(path, "@releaseDomain") == 0,
	    "CONTROL fire|@releaseDomain: a spurious event, no domain gone");
	free(rep);
	rep = xs_control_command(g, "fire", "@releaseDomain", 15);
	tap_ok(rep == NULL && errno == EACCES,
	    "CONTROL from a guest is EACCES");
	free(rep);
	rep = xs_control_command(d0, "nonsense", "", 0);
	tap_ok(rep == NULL && errno == EINVAL,
	    "an unknown CONTROL command is EINVAL");
	free(rep);
}

/* Releasing a guest with a live connection drops it. */
static void
domain_release_drops_connection(void)
{
	struct xs_handle *g9;

	g9 = xsdtest_open(srv.guest2);
	tap_ok(g9 != NULL && read_is(g9, XBT_NULL, "domid", "7"),
	    "domain 7 is connected");
	tap_ok(xs_release_domain(d0, G2), "RELEASE 7");
	tap_ok(g9 != NULL && read_errno(g9, XBT_NULL, "domid") != 0,
	    "the released domain's connection is gone");
	xs_close(g9);
	g9 = xsdtest_open(srv.guest2);
	tap_ok(g9 == NULL || read_errno(g9, XBT_NULL, "domid") != 0,
	    "a released domain cannot connect again");
	xs_close(g9);
	tap_ok(xs_introduce_domain(d0, G2, 1, 1), "INTRODUCE 7 again");
	g9 = xsdtest_open(srv.guest2);
	tap_ok(g9 != NULL && read_is(g9, XBT_NULL, "domid", "7"),
	    "and it can connect again");
	xs_close(g9);
}

static void
test_domains(void)
{
	tap_ok(xs_watch(d0, "@introduceDomain", "intro") &&
	    xs_watch(d0, "@releaseDomain", "rel"),
	    "dom0 watches @introduceDomain and @releaseDomain");
	xsdtest_watch_next(d0, 2000, NULL, 0, NULL, 0);
	xsdtest_watch_next(d0, 2000, NULL, 0, NULL, 0);
	domain_introduce_and_release();
	domain_release_seen_by_guests();
	domain_spurious_release();
	domain_release_drops_connection();
	xs_unwatch(d0, "@introduceDomain", "intro");
	xs_unwatch(d0, "@releaseDomain", "rel");
}

/* ---- raw wire ---- */

static int
raw_send(int fd, uint32_t type, uint32_t tx, const void *body, uint32_t len)
{
	struct xsd_sockmsg h = { .type = type, .req_id = 77, .tx_id = tx,
	    .len = len };

	if (send(fd, &h, sizeof(h), MSG_NOSIGNAL) != sizeof(h))
		return -1;
	if (len > 0 && send(fd, body, len, MSG_NOSIGNAL) != (ssize_t)len)
		return -1;
	return 0;
}

/* Reads one reply; returns its type, or -1 on EOF/timeout. */
static int
raw_recv(int fd, char *body, size_t bodysz, uint32_t *req_id)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct xsd_sockmsg h;
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(h)) {
		if (poll(&pfd, 1, 2000) <= 0)
			return -1;
		n = recv(fd, (char *)&h + got, sizeof(h) - got, 0);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	if (h.len >= bodysz)
		return -1;
	for (got = 0; got < h.len; got += (size_t)n) {
		if (poll(&pfd, 1, 2000) <= 0)
			return -1;
		n = recv(fd, body + got, h.len - got, 0);
		if (n <= 0)
			return -1;
	}
	body[h.len] = '\0';
	if (req_id != NULL)
		*req_id = h.req_id;
	return (int)h.type;
}

static bool
raw_closed(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char c;

	return poll(&pfd, 1, 2000) == 1 && recv(fd, &c, 1, 0) == 0;
}

/* Malformed messages on one dom0 connection, each answered with the
 * right error, the last one fatal to the connection. */
static void
wire_bad_messages(void)
{
	char body[4200];
	uint32_t rid = 0;
	int fd, type;

	fd = xsdtest_raw_connect(srv.dom0);
	raw_send(fd, XS_READ, 0, "/local", 7);
	type = raw_recv(fd, body, sizeof(body), &rid);
	tap_ok(type == XS_READ && rid == 77, "raw READ: reply echoes type "
	    "and req_id");
	raw_send(fd, 9999, 0, NULL, 0);
	type = raw_recv(fd, body, sizeof(body), NULL);
	tap_ok(type == XS_ERROR && strcmp(body, "ENOSYS") == 0,
	    "an unknown message type is answered ENOSYS");
	raw_send(fd, XS_READ, 0, "/local", 6);		/* no NUL */
	type = raw_recv(fd, body, sizeof(body), NULL);
	tap_ok(type == XS_ERROR && strcmp(body, "EINVAL") == 0,
	    "a path without its NUL is EINVAL");
	raw_send(fd, XS_WATCH, 0, "/x\0", 3);		/* no token */
	type = raw_recv(fd, body, sizeof(body), NULL);
	tap_ok(type == XS_ERROR && strcmp(body, "EINVAL") == 0,
	    "WATCH without a token is EINVAL");
	raw_send(fd, XS_WATCH_EVENT, 0, "a\0b\0", 4);
	type = raw_recv(fd, body, sizeof(body), NULL);
	tap_ok(type == XS_ERROR && strcmp(body, "ENOSYS") == 0,
	    "a client sending WATCH_EVENT gets ENOSYS");
	raw_send(fd, XS_TRANSACTION_END, 0, "T", 2);
	type = raw_recv(fd, body, sizeof(body), NULL);
	tap_ok(type == XS_ERROR && strcmp(body, "ENOENT") == 0,
	    "TRANSACTION_END outside a transaction is ENOENT");
	raw_send(fd, XS_READ, 0, NULL, 4097);		/* header only */
	tap_ok(raw_closed(fd), "a header announcing 4097 bytes: the server "
	    "drops the connection");
	close(fd);
}

/* 30 requests in one go from a guest: over the 20-outstanding quota,
 * the server pauses reading but answers them all. */
static void
wire_pipelined_burst(void)
{
	char burst[30 * (sizeof(struct xsd_sockmsg) + 6)], body[4200];
	uint32_t rid = 0;
	size_t off = 0;
	int fd, i, answered = 0;

	fd = xsdtest_raw_connect(srv.guest);
	for (i = 0; i < 30; i++) {
		struct xsd_sockmsg h = { .type = XS_READ,
		    .req_id = (uint32_t)i, .len = 6 };

		memcpy(burst + off, &h, sizeof(h));
		memcpy(burst + off + sizeof(h), "domid", 6);
		off += sizeof(h) + 6;
	}
	send(fd, burst, off, MSG_NOSIGNAL);
	for (i = 0; i < 30; i++)
		if (raw_recv(fd, body, sizeof(body), &rid) == XS_READ &&
		    rid == (uint32_t)i && strcmp(body, "5") == 0)
			answered++;
	tap_ok(answered == 30, "30 pipelined requests from a guest are "
	    "all answered, in order (%d)", answered);
	close(fd);
}

/* A garbage header, a body cut short by the client going away: each
 * costs its connection only. */
static void
wire_broken_clients(void)
{
	struct xsd_sockmsg h = { .type = XS_WRITE, .len = 100 };
	char body[4200];
	int fd, type;

	fd = xsdtest_raw_connect(srv.dom0);
	memset(body, 0xff, 16);
	send(fd, body, 16, MSG_NOSIGNAL);		/* garbage header */
	tap_ok(raw_closed(fd), "a garbage header (type and length 0xffffffff)"
	    ": connection dropped");
	close(fd);

	fd = xsdtest_raw_connect(srv.dom0);
	send(fd, &h, sizeof(h), MSG_NOSIGNAL);
	send(fd, "/half\0abc", 9, MSG_NOSIGNAL);
	close(fd);
	fd = xsdtest_raw_connect(srv.guest);
	raw_send(fd, XS_RESET_WATCHES, 0, "", 1);
	type = raw_recv(fd, body, sizeof(body), NULL);
	tap_ok(type == XS_RESET_WATCHES && strcmp(body, "OK") == 0,
	    "RESET_WATCHES is OK");
	close(fd);
	tap_ok(read_is(d0, XBT_NULL, "/local/domain/0/domid", "0") &&
	    read_errno(d0, XBT_NULL, "/half") == ENOENT,
	    "after all that the server still serves, and the cut-short write "
	    "did not happen");
}

static void
test_wire(void)
{
	wire_bad_messages();
	wire_pipelined_burst();
	wire_broken_clients();
}

static void
test_exit(void)
{
	FILE *f;
	char line[512];
	bool found = false;
	int st;

	write_str(d0, XBT_NULL, "/dumped", "yes");
	xs_close(d0);
	xs_close(g);
	xs_close(g2);
	d0 = g = g2 = NULL;
	st = xsdtest_stop(&srv);
	tap_ok(st == 0, "SIGTERM: the server exits 0 (%d)", st);
	f = fopen(srv.dump, "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strcmp(line, "/dumped = \"yes\" (n0)\n") == 0)
			found = true;
	if (f != NULL)
		fclose(f);
	tap_ok(found, "--dump wrote the tree at exit");
	tap_ok(access(srv.dom0, F_OK) < 0, "the socket is removed at exit");
}

/* A deterministic generator, the same on every libc. */
static uint32_t
lcg(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* Sends one random message with req_id; 0 once its reply came back
 * (watch events in between are skipped), -1 if the server hung up. */
static int
garbage_one(int fd, uint32_t *seed, uint32_t req_id, bool guest)
{
	static const char alpha[] = "ab/@0125TFrnwb-_\0\0/";
	char body[4200];
	struct xsd_sockmsg h;
	uint32_t len, i, rid;
	int type;

	h.type = lcg(seed) % (XS_TYPE_COUNT + 2);
	if (!guest && h.type == XS_RELEASE)
		h.type = XS_READ;	/* keep the guest connections alive */
	h.req_id = req_id;
	h.tx_id = lcg(seed) % 4 == 0 ? lcg(seed) % 4 : 0;
	len = lcg(seed) % 64;
	for (i = 0; i < len; i++)
		body[i] = alpha[lcg(seed) % (sizeof(alpha) - 1)];
	if (len > 0 && lcg(seed) % 2)
		body[0] = '/';
	h.len = len;
	if (send(fd, &h, sizeof(h), MSG_NOSIGNAL) != sizeof(h) ||
	    (len > 0 && send(fd, body, len, MSG_NOSIGNAL) != (ssize_t)len))
		return -1;
	do {
		rid = 0;
		type = raw_recv(fd, body, sizeof(body), &rid);
		if (type < 0)
			return -1;
	} while (type == XS_WATCH_EVENT || rid != req_id);
	return 0;
}

static void
test_garbage(void)
{
	struct xsdtest_srv s3 = { 0 };
	struct xs_handle *h;
	uint32_t seed = 12345, i;
	int fd0, fd5, r0 = 0, r5 = 0;

	if (xsdtest_start(&s3, NULL) < 0) {
		tap_ok(false, "xb-xsd starts for the garbage test");
		return;
	}
	fd0 = xsdtest_raw_connect(s3.dom0);
	fd5 = xsdtest_raw_connect(s3.guest);
	for (i = 1; i <= 3000 && r0 == 0 && r5 == 0; i++) {
		r0 = garbage_one(fd0, &seed, i, false);
		r5 = garbage_one(fd5, &seed, i, true);
	}
	tap_ok(r0 == 0 && r5 == 0, "3000 random messages from dom0 and from "
	    "a guest are each answered (stopped at %u)", i - 1);
	close(fd0);
	close(fd5);
	h = xsdtest_open(s3.dom0);
	tap_ok(h != NULL && read_is(h, XBT_NULL, "/local/domain/0/domid", "0"),
	    "the server still serves normal requests");
	xs_close(h);
	tap_ok(xsdtest_stop(&s3) == 0, "and exits cleanly (sanitizers: no "
	    "leak, no error)");
	xsdtest_cleanup(&s3);
}

/* --no-introduce: the toolstack (a simulated one) introduces guests. */
static void
test_no_introduce(void)
{
	static const char *const extra[] = { "--no-introduce", NULL };
	struct xsdtest_srv s2 = { 0 };
	struct xs_handle *h0, *h5;
	char path[64];
	int r;

	if (xsdtest_start(&s2, extra) < 0) {
		tap_ok(false, "xb-xsd --no-introduce starts");
		return;
	}
	h0 = xsdtest_open(s2.dom0);
	h5 = xsdtest_open(s2.guest);
	tap_ok(h5 == NULL || read_errno(h5, XBT_NULL, "domid") != 0,
	    "--no-introduce: a guest cannot talk before INTRODUCE");
	xs_close(h5);
	tap_ok(h0 != NULL && read_errno(h0, XBT_NULL, HOME) == ENOENT,
	    "--no-introduce: no home is made for it");
	xs_watch(h0, "@introduceDomain", "i");
	xsdtest_watch_next(h0, 2000, NULL, 0, NULL, 0);
	xs_introduce_domain(h0, G, 0, 0);
	r = xsdtest_watch_next(h0, 2000, path, sizeof(path), NULL, 0);
	tap_ok(r == 0 && strcmp(path, "@introduceDomain") == 0,
	    "INTRODUCE fires @introduceDomain");
	h5 = xsdtest_open(s2.guest);
	tap_ok(h5 != NULL && read_errno(h5, XBT_NULL, "domid") == EACCES,
	    "then the guest connects (its home is the toolstack's job)");
	xs_close(h5);
	xs_close(h0);
	tap_ok(xsdtest_stop(&s2) == 0, "second server stops cleanly");
	xsdtest_cleanup(&s2);
}

int
main(int argc, char **argv)
{
	xsdtest_init(argv[0]);
	if (xsdtest_start(&srv, NULL) < 0) {
		tap_ok(false, "xb-xsd starts");
		return tap_done();
	}
	d0 = xsdtest_open(srv.dom0);
	g = xsdtest_open(srv.guest);
	g2 = xsdtest_open(srv.guest2);
	tap_ok(d0 != NULL && g != NULL && g2 != NULL,
	    "libxenstore connects to dom0's and the guests' sockets");
	if (d0 == NULL || g == NULL || g2 == NULL) {
		xsdtest_stop(&srv);
		return tap_done();
	}
	test_basic_ops();
	test_big_directory();
	test_watches();
	test_guest_watches();
	test_transactions();
	test_permissions();
	test_quotas();
	test_wire();
	test_domains();
	test_exit();
	xsdtest_cleanup(&srv);
	test_no_introduce();
	test_garbage();
	return tap_done();
}
