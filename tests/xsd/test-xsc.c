/*
 * test-xsc.c - common/xs.c (the xsc_ layer) against xb-xsd through the
 * real libxenstore: bounded reads, strict numbers, bounded listings,
 * transactions retried on EAGAIN, watch dispatch inside sd-event with a
 * per-iteration bound, and reconnection after xenstored goes away.  TAP.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-event.h>

#include "log.h"
#include "xs.h"
#include "xsdtest.h"

static struct xsdtest_srv srv;

struct obs {
	unsigned int	events;		/* watch callbacks */
	unsigned int	flood;		/* of them, token "flood" */
	unsigned int	in_iter;	/* callbacks since the neighbour ran */
	unsigned int	max_iter;	/* most callbacks between its runs */
	unsigned int	defers;		/* runs of a busy neighbour source */
	unsigned int	defers_at_end;	/* ... when the flood was drained */
	unsigned int	ups, downs;
	unsigned int	marks;		/* events with token "mark" */
	unsigned int	us;		/* events with token "u" */
	char		last_path[256];
	char		last_token[64];
};

static void
on_watch(struct xsc *c, const char *path, const char *token, void *arg)
{
	struct obs *o = arg;

	o->events++;
	o->in_iter++;
	if (strcmp(token, "flood") == 0 && strcmp(path, "/f") != 0)
		o->flood++;
	if (strcmp(token, "mark") == 0)
		o->marks++;
	if (strcmp(token, "u") == 0)
		o->us++;
	if (o->flood == 300 && o->defers_at_end == 0)
		o->defers_at_end = o->defers;
	snprintf(o->last_path, sizeof(o->last_path), "%s", path);
	snprintf(o->last_token, sizeof(o->last_token), "%s", token);
}

static void
on_conn(struct xsc *c, bool up, void *arg)
{
	struct obs *o = arg;

	if (up)
		o->ups++;
	else
		o->downs++;
}

/* An fd that stays readable: a busy neighbour in the same loop. */
static int
on_busy(sd_event_source *s, int fd, uint32_t revents, void *arg)
{
	struct obs *o = arg;

	o->defers++;
	if (o->in_iter > o->max_iter)
		o->max_iter = o->in_iter;
	o->in_iter = 0;
	return 0;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Run the loop until *flag reaches want or 5 s pass. */
static bool
run_until(sd_event *e, const unsigned int *flag, unsigned int want)
{
	uint64_t end = now_ms() + 5000;

	while (*flag < want && now_ms() < end)
		if (sd_event_run(e, 50 * 1000) < 0)
			return false;
	return *flag >= want;
}

static void
test_no_server(void)
{
	struct xsc *c;

	setenv("XENSTORED_PATH", "/nonexistent/xb-xsd.sock", 1);
	errno = 0;
	c = xsc_open(NULL);
	tap_ok(c == NULL && errno != 0, "xsc_open without a server: NULL "
	    "with errno (%s)", strerror(errno));
	xsc_close(c);
}

static void
test_reads(struct xsc *c)
{
	char buf[11];
	enum parse_err pe;
	uint64_t v = 0;
	size_t len = 0;
	int r;

	xsc_write_str(c, XBT_NULL, "/r/ten", "0123456789");
	r = xsc_read(c, XBT_NULL, "/r/ten", buf, sizeof(buf), &len);
	tap_ok(r == 0 && len == 10 && strcmp(buf, "0123456789") == 0,
	    "xsc_read: a 10-byte value fits an 11-byte buffer");
	r = xsc_read(c, XBT_NULL, "/r/ten", buf, 10, &len);
	tap_ok(r == -E2BIG && len == 10, "xsc_read: into a 10-byte buffer it "
	    "is -E2BIG, with the real length (%d, %zu)", r, len);
	r = xsc_read(c, XBT_NULL, "/r/none", buf, sizeof(buf), &len);
	tap_ok(r == -ENOENT, "xsc_read: a missing node is -ENOENT (%d)", r);

	xsc_printf(c, XBT_NULL, "/r/n", "%d", 4096);
	r = xsc_read_u64(c, XBT_NULL, "/r/n", 0, 1 << 20, &v, &pe);
	tap_ok(r == 0 && v == 4096 && pe == PARSE_OK,
	    "xsc_read_u64: \"4096\" is 4096");
	xsc_write_str(c, XBT_NULL, "/r/bad", "12a");
	r = xsc_read_u64(c, XBT_NULL, "/r/bad", 0, 1 << 20, &v, &pe);
	tap_ok(r == -EBADMSG && pe == PARSE_TRAILING,
	    "xsc_read_u64: \"12a\" is -EBADMSG, trailing junk (%s)",
	    parse_strerror(pe));
	xsc_write_str(c, XBT_NULL, "/r/long", "1234567890123456789012345");
	r = xsc_read_u64(c, XBT_NULL, "/r/long", 0, UINT64_MAX, &v, &pe);
	tap_ok(r == -EBADMSG && pe == PARSE_TOOLONG,
	    "xsc_read_u64: a 25-digit value is too long, not truncated (%s)",
	    parse_strerror(pe));
	r = xsc_read_u64(c, XBT_NULL, "/r/n", 0, 100, &v, &pe);
	tap_ok(r == -EBADMSG && pe == PARSE_RANGE,
	    "xsc_read_u64: out of [min, max] is PARSE_RANGE");
	r = xsc_read_u64(c, XBT_NULL, "/r/none", 0, 100, &v, &pe);
	tap_ok(r == -ENOENT && pe == PARSE_OK,
	    "xsc_read_u64: a missing node is -ENOENT, parse error PARSE_OK");
}

static void
test_tree(struct xsc *c)
{
	struct xs_permissions p[4], set[2];
	char **ents = NULL, path[64];
	unsigned int n = 0;
	int r;

	tap_ok(xsc_mkdir(c, XBT_NULL, "/d/a") == 0 &&
	    xsc_mkdir(c, XBT_NULL, "/d/b") == 0 &&
	    xsc_mkdir(c, XBT_NULL, "/d/c") == 0, "xsc_mkdir");
	r = xsc_directory(c, XBT_NULL, "/d", 3, &ents, &n);
	tap_ok(r == 0 && n == 3 && strcmp(ents[2], "c") == 0,
	    "xsc_directory within the bound");
	free(ents);
	ents = NULL;
	r = xsc_directory(c, XBT_NULL, "/d", 2, &ents, &n);
	tap_ok(r == -E2BIG && ents == NULL,
	    "xsc_directory: 3 children over a bound of 2 is -E2BIG");
	tap_ok(xsc_rm(c, XBT_NULL, "/d/b") == 0 &&
	    xsc_rm(c, XBT_NULL, "/d/b") == 0, "xsc_rm, twice (missing is "
	    "success)");
	set[0] = (struct xs_permissions){ .id = 0, .perms = XS_PERM_NONE };
	set[1] = (struct xs_permissions){ .id = 5, .perms = XS_PERM_READ };
	r = xsc_set_perms(c, XBT_NULL, "/d/a", set, 2);
	tap_ok(r == 0, "xsc_set_perms");
	r = xsc_get_perms(c, XBT_NULL, "/d/a", p, 4, &n);
	tap_ok(r == 0 && n == 2 && p[1].id == 5 && p[1].perms == XS_PERM_READ,
	    "xsc_get_perms returns them");
	r = xsc_get_perms(c, XBT_NULL, "/d/a", p, 1, &n);
	tap_ok(r == -E2BIG, "xsc_get_perms over its bound is -E2BIG");
	r = xsc_get_domain_path(c, 12, path, sizeof(path));
	tap_ok(r == 0 && strcmp(path, "/local/domain/12") == 0,
	    "xsc_get_domain_path");
	r = xsc_get_domain_path(c, 12, path, 8);
	tap_ok(r == -E2BIG, "xsc_get_domain_path into a short buffer is "
	    "-E2BIG");
}

struct txarg {
	struct xs_handle	*other;
	unsigned int		 calls;
	unsigned int		 conflicts;	/* tries to sabotage */
	int			 fail;		/* error to return */
};

static int
txn_body(struct xsc *c, xs_transaction_t t, void *arg)
{
	struct txarg *a = arg;
	char buf[32];
	int r;

	a->calls++;
	r = xsc_read(c, t, "/c/x", buf, sizeof(buf), NULL);
	if (r < 0)
		return r;
	if (a->calls <= a->conflicts)
		xs_write(a->other, XBT_NULL, "/c/x", "mine", 4);
	if (a->fail)
		return a->fail;
	return xsc_printf(c, t, "/c/y", "%u", a->calls);
}

static void
test_transactions(struct xsc *c)
{
	struct txarg a = { 0 };
	unsigned int tries = 0;
	char buf[32];
	int r;

	a.other = xsdtest_open(srv.dom0);
	xsc_write_str(c, XBT_NULL, "/c/x", "0");
	r = xsc_transaction(c, txn_body, &a, 5, &tries);
	tap_ok(r == 0 && tries == 1 && a.calls == 1,
	    "xsc_transaction: no conflict, one try");
	a.calls = 0;
	a.conflicts = 1;
	r = xsc_transaction(c, txn_body, &a, 5, &tries);
	tap_ok(r == 0 && tries == 2 &&
	    xsc_read(c, XBT_NULL, "/c/y", buf, sizeof(buf), NULL) == 0 &&
	    strcmp(buf, "2") == 0, "xsc_transaction: EAGAIN on commit is "
	    "retried, the second try commits (%d, %u tries)", r, tries);
	a.calls = 0;
	a.conflicts = 100;
	r = xsc_transaction(c, txn_body, &a, 3, &tries);
	tap_ok(r == -EAGAIN && tries == 3, "xsc_transaction: always "
	    "conflicting gives -EAGAIN after max_tries (%d, %u)", r, tries);
	a.calls = 0;
	a.conflicts = 0;
	a.fail = -EIO;
	xsc_rm(c, XBT_NULL, "/c/y");
	r = xsc_transaction(c, txn_body, &a, 3, &tries);
	tap_ok(r == -EIO && tries == 1 &&
	    xsc_read(c, XBT_NULL, "/c/y", buf, sizeof(buf), NULL) == -ENOENT,
	    "xsc_transaction: the body's error aborts, nothing is written");
	xs_close(a.other);
}

static void
test_dispatch(struct xsc *c, sd_event *e, struct obs *o)
{
	struct xs_handle *w = xsdtest_open(srv.dom0);
	sd_event_source *busy = NULL;
	char path[64];
	unsigned int i;
	int p[2] = { -1, -1 };
	bool ok;

	if (pipe(p) == 0 && write(p[1], "x", 1) == 1)
		sd_event_add_io(e, &busy, p[0], EPOLLIN, on_busy, o);
	tap_ok(xsc_watch(c, "/f", "flood") == 0, "xsc_watch");
	tap_ok(xsc_watch(c, "/f", "flood") == -EEXIST,
	    "xsc_watch: the same pair again is -EEXIST");
	tap_ok(run_until(e, &o->events, 1) && strcmp(o->last_path, "/f") == 0,
	    "the initial event is dispatched from sd-event");
	for (i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "/f/k%u", i);
		xs_write(w, XBT_NULL, path, "1", 1);
	}
	ok = run_until(e, &o->flood, 300);
	tap_ok(ok, "a flood of 300 events is all dispatched (%u)", o->flood);
	/* At most one batch from the I/O source and one from the probe
	 * timer can run between two turns of the neighbour. */
	tap_ok(o->max_iter <= 2 * 16, "a busy neighbour source ran at least "
	    "every 2 batches of 16 events (max %u between its runs)",
	    o->max_iter);
	tap_ok(o->defers_at_end >= 300 / 32,
	    "so it kept running during the flood (%u runs)",
	    o->defers_at_end);
	sd_event_source_disable_unref(busy);
	close(p[0]);
	close(p[1]);
	xs_close(w);
}

static void
test_reconnect(struct xsc *c, sd_event *e, struct obs *o)
{
	char buf[16];
	unsigned int before;
	int st, r;

	st = xsdtest_stop(&srv);
	tap_ok(run_until(e, &o->downs, 1),
	    "xenstored goes away: the owner is told (probe)");
	r = xsc_read(c, XBT_NULL, "/local/domain/0/domid", buf, sizeof(buf),
	    NULL);
	tap_ok(r == -ENOTCONN && !xsc_connected(c),
	    "requests while down are -ENOTCONN (%d)", r);
	tap_ok(st == 0 && xsdtest_start(&srv, NULL) == 0,
	    "xenstored comes back on the same socket");
	before = o->events;
	tap_ok(run_until(e, &o->ups, 1) && xsc_reconnects(c) == 1,
	    "xsc reconnects and tells the owner");
	tap_ok(run_until(e, &o->events, before + 1) &&
	    strcmp(o->last_path, "/f") == 0 &&
	    strcmp(o->last_token, "flood") == 0,
	    "its watch is registered again (initial event after reconnect)");
	r = xsc_read(c, XBT_NULL, "/local/domain/0/domid", buf, sizeof(buf),
	    NULL);
	tap_ok(r == 0 && strcmp(buf, "0") == 0, "requests work again");

	/* Dropped again, found by a failing request rather than the probe. */
	xsdtest_stop(&srv);
	r = xsc_write_str(c, XBT_NULL, "/x", "1");
	tap_ok(r == -ENOTCONN || run_until(e, &o->downs, 2),
	    "a drop seen by a request (or the probe) is reported (%d)", r);
	tap_ok(o->downs == 2, "the owner was told once per drop (%u)",
	    o->downs);
	tap_ok(xsdtest_start(&srv, NULL) == 0 && run_until(e, &o->ups, 2) &&
	    xsc_reconnects(c) == 2, "and it reconnects again");
	tap_ok(xsc_unwatch(c, "/f", "flood") == 0 &&
	    xsc_unwatch(c, "/f", "flood") == -ENOENT,
	    "xsc_unwatch, then unknown: -ENOENT");
}

static void
test_unwatch_stale(struct xsc *c, sd_event *e, struct obs *o)
{
	struct xs_handle *w = xsdtest_open(srv.dom0);
	char buf[16], path[32];
	unsigned int i;

	xsc_watch(c, "/u", "u");
	xsc_watch(c, "/mark", "mark");
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "/u/k%u", i);
		xs_write(w, XBT_NULL, path, "1", 1);
	}
	/* Replies follow the events on the connection: once this read is
	 * answered, the five events sit in libxenstore's queue. */
	xsc_read(c, XBT_NULL, "/u/k4", buf, sizeof(buf), NULL);
	tap_ok(xsc_unwatch(c, "/u", "u") == 0, "xsc_unwatch with events "
	    "still queued");
	xs_write(w, XBT_NULL, "/mark", "1", 1);
	run_until(e, &o->marks, 2);
	tap_ok(o->marks == 2 && o->us == 0,
	    "none of its 6 queued events reaches the owner afterwards "
	    "(%u delivered)", o->us);
	xsc_unwatch(c, "/mark", "mark");
	xs_close(w);
}

int
main(int argc, char **argv)
{
	struct obs o = { 0 };
	struct xsc_opts opts = {
		.on_watch = on_watch, .on_conn = on_conn, .arg = &o,
		.batch = 16, .probe_usec = 20000, .retry_usec = 20000,
	};
	struct xsc *c;
	sd_event *e = NULL;

	log_init("test-xsc", LOG_TARGET_STDERR);
	xsdtest_init(argv[0]);
	test_no_server();
	if (xsdtest_start(&srv, NULL) < 0) {
		tap_ok(false, "xb-xsd starts");
		return tap_done();
	}
	setenv("XENSTORED_PATH", srv.dom0, 1);
	c = xsc_open(&opts);
	tap_ok(c != NULL && xsc_connected(c), "xsc_open connects");
	if (c == NULL) {
		xsdtest_stop(&srv);
		return tap_done();
	}
	test_reads(c);
	test_tree(c);
	test_transactions(c);
	sd_event_new(&e);
	tap_ok(xsc_attach_event(c, e, 0) == 0, "xsc_attach_event");
	test_dispatch(c, e, &o);
	test_reconnect(c, e, &o);
	test_unwatch_stale(c, e, &o);
	xsc_close(c);
	sd_event_unref(e);
	xsdtest_stop(&srv);
	xsdtest_cleanup(&srv);
	return tap_done();
}
