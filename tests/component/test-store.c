/*
 * test-store.c - the admin policy store (daemon/store.c): round trips,
 * precedence, a corrupt file refused, every bound of the file at its
 * edge, and a full disk (RLIMIT_FSIZE, and a real 16 KiB tmpfs when run
 * as root) that leaves the old file whole and undoes the unsaved changes
 * in memory too.  The cases after test_full_disk_tmpfs came from a
 * mutation sweep (docs/reliability.md, session 33).
 */
#define _GNU_SOURCE		/* unshare */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "planner.h"
#include "xbd.h"

static const uint8_t uuid_a[16] = { 0xaa, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static const uint8_t uuid_b[16] = { 0xbb, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

static char *
tmpdir(void)
{
	char *d = strdup("/tmp/xbstore.XXXXXX");

	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static void
rmtree(const char *dir)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static struct store *
open_ok(const char *dir)
{
	char err[256] = "";
	struct store *s = store_open(dir, err, sizeof(err));

	if (s == NULL)
		fail_msg("store_open: %s", err);
	return s;
}

static struct policy
pol(uint64_t min, uint64_t max, uint32_t w)
{
	struct policy p;

	policy_clear(&p);
	p.min_kib = min;
	p.max_kib = max;
	p.weight = w;
	return p;
}

/* Write TEXT as the policy file in DIR. */
static void
put_file(const char *dir, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, STORE_FILE);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* DIR's policy file into BUF (NUL-terminated); returns its length. */
static size_t
slurp(const char *dir, char *buf, size_t len)
{
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, STORE_FILE);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	return n;
}

/* store_save() with files held to LIMIT bytes (a full disk). */
static int
save_limited(struct store *s, rlim_t limit)
{
	struct rlimit old, lim;
	int r;

	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = limit;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	r = store_save(s);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	return r;
}

static void
test_roundtrip_and_precedence(void **state)
{
	char *dir = tmpdir();
	struct store *s = open_ok(dir);
	struct policy p = pol(1024, 4096, 200), q = pol(2048, PLAN_NONE, 0);
	struct policy got;

	assert_int_equal(store_put(s, uuid_a, "web", false, &p), 0);
	assert_int_equal(store_put(s, uuid_b, "web", true, &q), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);

	s = open_ok(dir);
	/* By UUID: the UUID entry wins over the name entry. */
	store_lookup(s, uuid_a, "web", &got);
	assert_int_equal(got.min_kib, 1024);
	assert_int_equal(got.max_kib, 4096);
	assert_int_equal(got.weight, 200);
	/* A re-created "web" with a fresh UUID gets the name entry. */
	store_lookup(s, uuid_b, "web", &got);
	assert_int_equal(got.min_kib, 2048);
	assert_true(got.max_kib == PLAN_NONE);
	assert_int_equal(got.weight, 0);
	store_lookup(s, uuid_b, "other", &got);
	assert_true(got.min_kib == PLAN_NONE);
	store_free(s);
	rmtree(dir);
	free(dir);
}

/* store_each()'s visitor: counts entries and keeps the last seen. */
struct seen {
	int		n;
	char		key[STORE_KEY_MAX + 1];
	struct policy	p;
};

static void
see(const char *key, const struct policy *p, void *arg)
{
	struct seen *sn = arg;

	sn->n++;
	snprintf(sn->key, sizeof(sn->key), "%s", key);
	sn->p = *p;
}

/*
 * unset takes a field out of both of a domain's entries (one left would
 * bring it back at the next lookup or restart), keeps the other fields,
 * and removes an entry left empty.
 */
static void
test_unset_both_entries(void **state)
{
	char *dir = tmpdir();
	struct store *s = open_ok(dir);
	struct policy p = pol(1024, 4096, 200), q = pol(2048, PLAN_NONE, 300);
	struct policy got;
	char keys[2][STORE_KEY_MAX + 1];
	struct seen sn = { 0 };

	assert_int_equal(store_put(s, uuid_a, "web", true, &p), 0);
	assert_int_equal(store_put(s, uuid_a, "web", false, &q), 0);
	assert_int_equal(store_keys(s, uuid_a, "web", keys), 2);
	assert_string_equal(keys[0], "name:web");
	assert_string_equal(keys[1],
	    "uuid:aa010203-0405-0607-0809-0a0000000000");
	assert_int_equal(store_unset(s, uuid_a, "web", POLICY_F_MIN |
	    POLICY_F_WEIGHT), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);

	s = open_ok(dir);
	store_lookup(s, uuid_a, "web", &got);
	assert_true(got.min_kib == PLAN_NONE);
	assert_int_equal(got.weight, 0);
	assert_int_equal(got.max_kib, 4096);	/* the name entry's, kept */
	/* The UUID entry had nothing else: gone. */
	assert_int_equal(store_keys(s, uuid_a, "web", keys), 1);
	assert_string_equal(keys[0], "name:web");
	store_each(s, see, &sn);
	assert_int_equal(sn.n, 1);
	assert_string_equal(sn.key, "name:web");
	assert_int_equal(sn.p.max_kib, 4096);
	assert_true(sn.p.min_kib == PLAN_NONE);
	store_free(s);
	rmtree(dir);
	free(dir);
}

/* An import's entries replace theirs, and discard undoes them all. */
static void
test_put_key_and_discard(void **state)
{
	char *dir = tmpdir();
	struct store *s = open_ok(dir);
	struct policy p = pol(1024, 4096, 200), q = pol(PLAN_NONE, 8192, 0);
	struct policy none = pol(PLAN_NONE, PLAN_NONE, 0), got;
	struct seen sn = { 0 };

	assert_int_equal(store_put_key(s, "name:web", &p), 0);
	assert_int_equal(store_save(s), 0);
	assert_int_equal(store_put_key(s, "name:web", &q), 0);
	assert_int_equal(store_put_key(s, "name:db", &p), 0);
	store_lookup(s, uuid_a, "web", &got);
	assert_true(got.min_kib == PLAN_NONE);	/* replaced, not merged */
	assert_int_equal(got.max_kib, 8192);
	store_discard(s);
	store_lookup(s, uuid_a, "web", &got);
	assert_int_equal(got.min_kib, 1024);
	store_lookup(s, uuid_b, "db", &got);
	assert_true(got.min_kib == PLAN_NONE);
	/* An empty policy removes its entry. */
	assert_int_equal(store_put_key(s, "name:web", &none), 0);
	store_each(s, see, &sn);
	assert_int_equal(sn.n, 0);
	store_free(s);
	rmtree(dir);
	free(dir);
}

static void
test_reservations_roundtrip(void **state)
{
	char *dir = tmpdir();
	struct store *s = open_ok(dir);
	struct store_res r[2] = {
		{ .id = 7, .size_kib = 1 << 20, .deadline_rt_ms = 5,
		  .expire_rt_ms = 9, .held = true },
		{ .id = 9, .size_kib = 512, .deadline_rt_ms = 6,
		  .expire_rt_ms = 10, .held = false },
	}, out[4];

	assert_int_equal(store_set_reservations(s, r, 2), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);
	s = open_ok(dir);
	assert_int_equal(store_get_reservations(s, out, 4), 2);
	assert_int_equal(out[0].id, 7);
	assert_true(out[0].held);
	assert_false(out[1].held);
	assert_int_equal(out[1].size_kib, 512);
	/* IDs are never handed out twice, across restarts too. */
	assert_int_equal(store_next_res_id(s), 10);
	store_free(s);
	rmtree(dir);
	free(dir);
}

/*
 * xenballoon 0.1 wrote a held reservation as "granted": true.  Its file
 * still brings the reservation back held, and the next save says "held".
 */
static void
test_reservations_old_granted_read(void **state)
{
	char *dir = tmpdir(), text[512];
	struct store *s;
	struct store_res out[4];

	put_file(dir, "{\"version\":1,\"next_id\":4,\"domains\":{},\"reservations\":["
	    "{\"id\":2,\"size_kib\":1024,\"deadline_rt_ms\":5,"
	    "\"expire_rt_ms\":9,\"granted\":true},"
	    "{\"id\":3,\"size_kib\":2048,\"deadline_rt_ms\":6,"
	    "\"expire_rt_ms\":0,\"granted\":false}]}\n");
	s = open_ok(dir);
	assert_int_equal(store_get_reservations(s, out, 4), 2);
	assert_true(out[0].held);
	assert_false(out[1].held);
	assert_int_equal(store_set_reservations(s, out, 2), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);
	slurp(dir, text, sizeof(text));
	assert_non_null(strstr(text, "\"held\": true"));
	assert_null(strstr(text, "granted"));
	rmtree(dir);
	free(dir);
}

static void
test_corrupt_file_refused(void **state)
{
	char *dir = tmpdir(), path[256], err[256] = "";

	snprintf(path, sizeof(path), "%s/%s", dir, STORE_FILE);
	put_file(dir, "{\"version\": 1,\n \"domains\": {\"uuid:x\": ");
	assert_null(store_open(dir, err, sizeof(err)));
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "line 2"));
	/* A well-formed file with a bad entry is refused too. */
	put_file(dir, "{\"version\":1,\"next_id\":1,\"reservations\":[],"
	    "\"domains\":{\"uuid:x\":{\"weight\":0}}}\n");
	assert_null(store_open(dir, err, sizeof(err)));
	assert_non_null(strstr(err, "bad entry 'uuid:x'"));
	/* next_id 0 would hand out a reservation ID 0, which the control
	 * protocol cannot name (found by tests/fuzz). */
	put_file(dir, "{\"version\":1,\"next_id\":0,\"domains\":{},"
	    "\"reservations\":[]}\n");
	assert_null(store_open(dir, err, sizeof(err)));
	rmtree(dir);
	free(dir);
}

/* Fill the store with n entries named prefix<i>. */
static void
fill(struct store *s, const char *prefix, int n)
{
	for (int i = 0; i < n; i++) {
		char name[32];
		struct policy p = pol((uint64_t)i + 1, PLAN_NONE, 0);

		snprintf(name, sizeof(name), "%s%d", prefix, i);
		assert_int_equal(store_put(s, uuid_a, name, true, &p), 0);
	}
}

/* The old file is intact and no temporary file is left behind. */
static void
assert_old_file(const char *dir)
{
	struct store *s = open_ok(dir);
	struct policy got;
	char tmp[256];

	store_lookup(s, uuid_b, "old0", &got);
	assert_int_equal(got.min_kib, 1);
	store_lookup(s, uuid_b, "new0", &got);
	assert_true(got.min_kib == PLAN_NONE);
	store_free(s);
	snprintf(tmp, sizeof(tmp), "%s/%s.tmp", dir, STORE_FILE);
	assert_int_equal(access(tmp, F_OK), -1);
}

static void
test_full_disk_rlimit(void **state)
{
	char *dir = tmpdir();
	struct store *s = open_ok(dir);

	fill(s, "old", 3);
	assert_int_equal(store_save(s), 0);
	fill(s, "new", 400);	/* about 20 KiB of JSON */
	assert_int_equal(save_limited(s, 4096), -EFBIG);
	store_free(s);
	assert_old_file(dir);
	rmtree(dir);
	free(dir);
}

/*
 * A change that could not be saved is gone from memory too: neither the
 * next good save nor a reload brings it back.
 */
static void
test_failed_save_rolls_back(void **state)
{
	char *dir = tmpdir();
	struct store *s = open_ok(dir);
	struct policy p = pol(1024, PLAN_NONE, 120), bad = pol(1024,
	    PLAN_NONE, 333), q = pol(PLAN_NONE, PLAN_NONE, 200), got;
	struct store_res r = { .id = 7, .size_kib = 65536, .held = true };
	struct store_res back[4];
	uint64_t next;

	assert_int_equal(store_put(s, uuid_a, "a", false, &p), 0);
	assert_int_equal(store_save(s), 0);
	next = store_next_res_id(s);
	assert_int_equal(store_put(s, uuid_a, "a", false, &bad), 0);
	assert_int_equal(store_set_reservations(s, &r, 1), 0);
	assert_int_equal(save_limited(s, 1), -EFBIG);
	store_lookup(s, uuid_a, "a", &got);
	assert_int_equal(got.weight, 120);
	assert_int_equal(store_get_reservations(s, back, 4), 0);
	assert_true(store_next_res_id(s) == next);
	/* The disk recovers: the next save writes only what was saved. */
	assert_int_equal(store_put(s, uuid_b, "b", false, &q), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);
	s = open_ok(dir);
	store_lookup(s, uuid_a, "a", &got);
	assert_int_equal(got.weight, 120);
	store_lookup(s, uuid_b, "b", &got);
	assert_int_equal(got.weight, 200);
	assert_int_equal(store_get_reservations(s, back, 4), 0);
	store_free(s);
	rmtree(dir);
	free(dir);
}

/* An unset that cannot be saved leaves both entries as they were. */
static void
test_failed_unset_rolls_back(void **state)
{
	char *dir = tmpdir();
	struct store *s = open_ok(dir);
	struct policy p = pol(1024, 4096, 200), got;

	assert_int_equal(store_put(s, uuid_a, "web", true, &p), 0);
	assert_int_equal(store_put(s, uuid_a, "web", false, &p), 0);
	assert_int_equal(store_save(s), 0);
	assert_int_equal(store_unset(s, uuid_a, "web", POLICY_F_MIN), 0);
	assert_int_equal(save_limited(s, 1), -EFBIG);
	store_lookup(s, uuid_a, "web", &got);
	assert_int_equal(got.min_kib, 1024);
	store_lookup(s, uuid_b, "web", &got);	/* the name entry alone */
	assert_int_equal(got.min_kib, 1024);
	store_free(s);
	s = open_ok(dir);
	store_lookup(s, uuid_b, "web", &got);
	assert_int_equal(got.min_kib, 1024);
	store_free(s);
	rmtree(dir);
	free(dir);
}

static void
test_full_disk_tmpfs(void **state)
{
	char *dir;
	struct store *s;

	if (geteuid() != 0 || unshare(CLONE_NEWNS) != 0) {
		skip();
		return;
	}
	dir = tmpdir();
	/* Our own mount namespace: the tmpfs goes away with us. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("xbstore", dir, "tmpfs", 0, "size=16k") != 0) {
		rmtree(dir);
		free(dir);
		skip();
		return;
	}
	s = open_ok(dir);
	fill(s, "old", 3);
	assert_int_equal(store_save(s), 0);
	fill(s, "new", 400);
	assert_int_equal(store_save(s), -ENOSPC);
	store_free(s);
	assert_old_file(dir);
	umount(dir);
	rmtree(dir);
	free(dir);
}

/* DIR's policy file is refused with a message that holds WHY. */
static void
refused(const char *dir, const char *text, const char *why)
{
	char err[256] = "";

	put_file(dir, text);
	if (store_open(dir, err, sizeof(err)) != NULL)
		fail_msg("accepted: %s", text);
	if (strstr(err, why) == NULL || strstr(err, dir) == NULL)
		fail_msg("refused with '%s', expected '%s' after the path", err,
		    why);
}

/* DIR's policy file is taken; returns the store's next reservation ID. */
static uint64_t
taken(const char *dir, const char *text)
{
	char err[256] = "";
	struct store *s;
	uint64_t next;

	put_file(dir, text);
	if ((s = store_open(dir, err, sizeof(err))) == NULL)
		fail_msg("refused (%s): %s", err, text);
	next = store_next_res_id(s);
	store_free(s);
	return next;
}

#define HEAD	"{\"version\":1,\"domains\":{%s},\"reservations\":[%s]%s}\n"
/* 2^53, STORE_ID_MAX: IDs stay exact in any JSON reader. */
#define ID_MAX	"9007199254740992"

/*
 * Each bound of the file at its edge, both sides: a hand-edited or torn
 * file is refused whole, with the reason, or taken exactly.  The next
 * reservation ID comes after every ID in the file, whatever next_id says.
 */
static void
test_file_bounds(void **state)
{
	char *dir = tmpdir(), text[200000];
	size_t n;

	refused(dir, "{\"version\":2,\"domains\":{},\"reservations\":[]}",
	    "not a version 1 policy file");
	snprintf(text, sizeof(text), HEAD, "\"name:a\":{\"weight\":1},"
	    "\"name:b\":{\"weight\":10000}", "", "");
	assert_int_equal(taken(dir, text), 1);
	snprintf(text, sizeof(text), HEAD, "\"name:a\":{\"weight\":10001}", "",
	    "");
	refused(dir, text, "bad entry 'name:a'");
	snprintf(text, sizeof(text), HEAD, "\"name:a\":{\"min_kib\":\"1\"}",
	    "", "");
	refused(dir, text, "bad entry 'name:a'");
	snprintf(text, sizeof(text), HEAD, "\"name:a\":{\"max_kib\":-1}", "",
	    "");
	refused(dir, text, "bad entry 'name:a'");
	snprintf(text, sizeof(text), HEAD, "", "", ",\"next_id\":" ID_MAX);
	assert_true(taken(dir, text) == 9007199254740992ull);
	snprintf(text, sizeof(text), HEAD, "", "",
	    ",\"next_id\":9007199254740993");
	refused(dir, text, "malformed domains, reservations or next_id");
	snprintf(text, sizeof(text), HEAD, "", "{\"id\":9007199254740991,"
	    "\"size_kib\":1}", "");
	assert_true(taken(dir, text) == 9007199254740992ull);
	snprintf(text, sizeof(text), HEAD, "", "{\"id\":" ID_MAX
	    ",\"size_kib\":1}", "");
	refused(dir, text, "bad reservation 0");
	snprintf(text, sizeof(text), HEAD, "", "{\"id\":3,\"size_kib\":1},"
	    "{\"id\":4}", "");
	refused(dir, text, "bad reservation 1");
	/* next_id below, at and above the highest ID in the file. */
	snprintf(text, sizeof(text), HEAD, "", "{\"id\":5,\"size_kib\":1},"
	    "{\"id\":3,\"size_kib\":1}", ",\"next_id\":2");
	assert_int_equal(taken(dir, text), 6);
	snprintf(text, sizeof(text), HEAD, "", "{\"id\":5,\"size_kib\":1}",
	    ",\"next_id\":5");
	assert_int_equal(taken(dir, text), 6);
	snprintf(text, sizeof(text), HEAD, "", "{\"id\":5,\"size_kib\":1}",
	    ",\"next_id\":9");
	assert_int_equal(taken(dir, text), 9);
	snprintf(text, sizeof(text), HEAD, "", "", ",\"next_id\":1");
	assert_int_equal(taken(dir, text), 1);
	/* STORE_MAX_ENTRIES entries are taken, one more is refused. */
	n = (size_t)snprintf(text, sizeof(text),
	    "{\"version\":1,\"reservations\":[],\"domains\":{");
	for (int i = 0; i < STORE_MAX_ENTRIES; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		    "%s\"name:d%d\":{}", i ? "," : "", i);
	snprintf(text + n, sizeof(text) - n, "}}");
	assert_int_equal(taken(dir, text), 1);
	snprintf(text + n, sizeof(text) - n, ",\"name:x\":{}}}");
	refused(dir, text, "malformed domains, reservations or next_id");
	rmtree(dir);
	free(dir);
}

/*
 * A pin is kept like the other fields; a full store refuses a new entry,
 * but not a change to one it holds, nor taking one out.
 */
static void
test_pin_and_full_store(void **state)
{
	char *dir = tmpdir();
	struct store *s = open_ok(dir);
	struct policy p = pol(PLAN_NONE, PLAN_NONE, 0), got;
	struct policy none = pol(PLAN_NONE, PLAN_NONE, 0);

	p.pin_kib = 3 << 20;
	assert_int_equal(store_put(s, uuid_a, "web", false, &p), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);
	s = open_ok(dir);
	store_lookup(s, uuid_a, "web", &got);
	assert_int_equal(got.pin_kib, 3 << 20);
	assert_true(got.min_kib == PLAN_NONE && got.max_kib == PLAN_NONE);
	fill(s, "d", STORE_MAX_ENTRIES - 1);
	assert_int_equal(store_put(s, uuid_b, "one-more", true, &p),
	    -ENOSPC);
	assert_int_equal(store_put(s, uuid_b, "one-more", true, &none), 0);
	p.pin_kib = 1 << 20;
	assert_int_equal(store_put(s, uuid_a, "d7", true, &p), 0);
	store_lookup(s, uuid_b, "d7", &got);
	assert_int_equal(got.pin_kib, 1 << 20);
	assert_int_equal(store_put(s, uuid_a, "d8", true, &none), 0);
	assert_int_equal(store_put(s, uuid_b, "one-more", true, &p), 0);
	store_free(s);
	rmtree(dir);
	free(dir);
}

/*
 * Two domain names of the longest length, alike but for their last
 * character, are two entries.
 */
static void
test_longest_names(void **state)
{
	char *dir = tmpdir();
	struct store *s = open_ok(dir);
	struct policy p = pol(1024, PLAN_NONE, 0), q = pol(2048, PLAN_NONE, 0);
	struct policy got;
	char a[DOMNAME_MAX + 1], b[DOMNAME_MAX + 1];
	char keys[2][STORE_KEY_MAX + 1];

	memset(a, 'n', DOMNAME_MAX);
	a[DOMNAME_MAX] = '\0';
	memcpy(b, a, sizeof(b));
	b[DOMNAME_MAX - 1] = 'm';
	assert_int_equal(store_put(s, uuid_a, a, true, &p), 0);
	assert_int_equal(store_put(s, uuid_a, b, true, &q), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);
	s = open_ok(dir);
	store_lookup(s, uuid_b, a, &got);
	assert_int_equal(got.min_kib, 1024);
	store_lookup(s, uuid_b, b, &got);
	assert_int_equal(got.min_kib, 2048);
	assert_int_equal(store_keys(s, uuid_b, b, keys), 1);
	assert_int_equal(strlen(keys[0]), STORE_KEY_MAX);
	assert_int_equal(store_unset(s, uuid_b, b, POLICY_F_MIN), 0);
	store_lookup(s, uuid_b, a, &got);
	assert_int_equal(got.min_kib, 1024);
	store_lookup(s, uuid_b, b, &got);
	assert_true(got.min_kib == PLAN_NONE);
	store_free(s);
	rmtree(dir);
	free(dir);
}

/*
 * What a reservation is for, and the domain it is bound to, read back
 * exactly; an entry whose "for" or binding is malformed is dropped alone.
 */
static void
test_reservations_for(void **state)
{
	char *dir = tmpdir(), longest[DOMNAME_MAX + 2], res[768], text[1024];
	struct store *s = open_ok(dir);
	struct store_res r[3] = {
		{ .id = 1, .size_kib = 1024, .for_text = "x" },
		{ .id = 2, .size_kib = 2048, .bound = true,
		  .domid = DOMID_MAX_VALID },
		{ .id = 3, .size_kib = 4096 },
	}, out[8];

	memset(r[1].for_text, 'n', DOMNAME_MAX);
	memcpy(r[1].uuid, uuid_b, 16);
	assert_int_equal(store_set_reservations(s, r, 3), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);
	s = open_ok(dir);
	memset(out, 0xff, sizeof(out));
	assert_int_equal(store_get_reservations(s, out, 8), 3);
	assert_string_equal(out[0].for_text, "x");
	assert_false(out[0].bound);
	assert_string_equal(out[1].for_text, r[1].for_text);
	assert_true(out[1].bound);
	assert_int_equal(out[1].domid, DOMID_MAX_VALID);
	assert_memory_equal(out[1].uuid, uuid_b, 16);
	assert_string_equal(out[2].for_text, "");
	assert_false(out[2].bound);
	assert_false(out[2].held);
	store_free(s);

	memset(longest, 'n', DOMNAME_MAX + 1);
	longest[DOMNAME_MAX + 1] = '\0';
	snprintf(res, sizeof(res), "{\"id\":1,\"size_kib\":1,"
	    "\"for\":\"\"},{\"id\":2,\"size_kib\":2,\"for\":\"%s\"},"
	    "{\"id\":3,\"size_kib\":3,\"for\":\"a\",\"bound_domid\":1,"
	    "\"bound_uuid\":\"zz\"},{\"id\":4,\"size_kib\":4,\"for\":\"b\","
	    "\"bound_domid\":32752,\"bound_uuid\":"
	    "\"aa010203-0405-0607-0809-0a0000000000\"},"
	    "{\"id\":5,\"size_kib\":5,\"for\":\"c\"}", longest);
	snprintf(text, sizeof(text), HEAD, "", res, "");
	put_file(dir, text);
	s = open_ok(dir);
	assert_int_equal(store_get_reservations(s, out, 8), 1);
	assert_int_equal(out[0].id, 5);
	assert_string_equal(out[0].for_text, "c");
	store_free(s);
	rmtree(dir);
	free(dir);
}

/*
 * A failed save goes back to what the file holds: the one the store was
 * opened with, or none at all for a store that has not saved yet.
 */
static void
test_rollback_to_opened_file(void **state)
{
	char *dir = tmpdir();
	struct store *s = open_ok(dir);
	struct policy p = pol(1024, PLAN_NONE, 0), q = pol(4096, PLAN_NONE, 0);
	struct policy got;
	struct seen sn = { 0 };

	assert_int_equal(store_put(s, uuid_a, "a", false, &p), 0);
	assert_int_equal(save_limited(s, 1), -EFBIG);
	store_each(s, see, &sn);
	assert_int_equal(sn.n, 0);
	assert_int_equal(store_put(s, uuid_a, "a", false, &p), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);

	s = open_ok(dir);
	assert_int_equal(store_put(s, uuid_a, "a", false, &q), 0);
	assert_int_equal(save_limited(s, 1), -EFBIG);
	store_lookup(s, uuid_a, "a", &got);
	assert_int_equal(got.min_kib, 1024);
	store_free(s);
	rmtree(dir);
	free(dir);
}

/* The file: root's alone (0600), one JSON document and a newline. */
static void
test_file_mode_and_newline(void **state)
{
	char *dir = tmpdir(), path[256], text[4096];
	struct store *s = open_ok(dir);
	struct policy p = pol(1024, PLAN_NONE, 0);
	struct stat st;
	size_t n;

	assert_int_equal(store_put(s, uuid_a, "a", false, &p), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);
	snprintf(path, sizeof(path), "%s/%s", dir, STORE_FILE);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	n = slurp(dir, text, sizeof(text));
	assert_true(n > 2 && text[n - 1] == '\n' && text[n - 2] == '}');
	rmtree(dir);
	free(dir);
}

/*
 * A domain without a name yet (one being built) has no name entry, even
 * when a hand-edited file holds one for the empty name.
 */
static void
test_no_name(void **state)
{
	char *dir = tmpdir();
	struct store *s;
	struct policy got;
	char keys[2][STORE_KEY_MAX + 1];

	put_file(dir, "{\"version\":1,\"reservations\":[],\"domains\":{"
	    "\"name:\":{\"min_kib\":1024}}}\n");
	s = open_ok(dir);
	store_lookup(s, uuid_a, "", &got);
	assert_true(got.min_kib == PLAN_NONE);
	assert_int_equal(store_keys(s, uuid_a, "", keys), 0);
	assert_int_equal(store_unset(s, uuid_a, "", POLICY_F_MIN), 0);
	store_lookup(s, uuid_a, "x", &got);
	assert_true(got.min_kib == PLAN_NONE);
	assert_int_equal(store_save(s), 0);
	store_free(s);
	s = open_ok(dir);
	assert_int_equal(store_keys(s, uuid_a, "", keys), 0);
	store_free(s);
	put_file(dir, "{\"version\":1,\"reservations\":[],\"domains\":{"
	    "\"name:\":{\"min_kib\":1024}}}\n");
	s = open_ok(dir);
	assert_int_equal(store_unset(s, uuid_a, "", POLICY_F_MIN), 0);
	assert_int_equal(store_save(s), 0);
	store_free(s);
	s = open_ok(dir);
	{
		struct seen sn = { 0 };

		store_each(s, see, &sn);
		assert_int_equal(sn.n, 1);
		assert_string_equal(sn.key, "name:");
		assert_int_equal(sn.p.min_kib, 1024);
	}
	store_free(s);
	rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_and_precedence),
		cmocka_unit_test(test_unset_both_entries),
		cmocka_unit_test(test_put_key_and_discard),
		cmocka_unit_test(test_failed_unset_rolls_back),
		cmocka_unit_test(test_reservations_roundtrip),
		cmocka_unit_test(test_reservations_old_granted_read),
		cmocka_unit_test(test_corrupt_file_refused),
		cmocka_unit_test(test_full_disk_rlimit),
		cmocka_unit_test(test_failed_save_rolls_back),
		cmocka_unit_test(test_full_disk_tmpfs),
		cmocka_unit_test(test_file_bounds),
		cmocka_unit_test(test_pin_and_full_store),
		cmocka_unit_test(test_longest_names),
		cmocka_unit_test(test_reservations_for),
		cmocka_unit_test(test_rollback_to_opened_file),
		cmocka_unit_test(test_file_mode_and_newline),
		cmocka_unit_test(test_no_name),
	};

	log_init("test-store", LOG_TARGET_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
