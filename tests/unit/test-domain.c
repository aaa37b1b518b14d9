/*
 * test-domain.c - how xenballoond reads a domain from xenstore
 * (daemon/domain.c): every guest-written key into its field and present
 * bit, a value at its row's bound taken and one past it refused and
 * counted, the pairs that are only taken together, the balloon driver's
 * and the interfaces' keys, the bytes a token may hold, which watch
 * paths mark what, the domain table, and at most a burst of complaints a
 * minute however many bad values a guest writes.
 *
 * xenstore is a table of keys (xsc_read and xsc_directory with
 * common/xs.h's semantics: -ENOENT, -E2BIG with the length when a value
 * does not fit, at most max children); xsc_read_u64 is common/xs_read.c's
 * own, over it.  The monotonic clock is frozen unless a test moves it.
 * Keys and bounds come from the key table (common/xskeys.c).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clock.h"
#include "xbd.h"
#include "xs.h"

#define DOMID		7
#define BURST		5	/* domain.c's DOM_COMPLAIN_BURST */
#define WINDOW_MS	60000	/* and DOM_COMPLAIN_US */
#define GIB		(1024ull * 1024)

/* ---- the stubs: xenstore as a table, a clock that stands still */

struct key {
	char	path[192];
	char	val[160];
	size_t	len;
};

static struct key keys[256];
static size_t nkeys;
static uint64_t clock_ms = 1000000;

uint64_t
clock_mono_ms(void)
{
	return clock_ms;
}

int
xsc_read(struct xsc *c, xs_transaction_t t, const char *path, char *buf,
    size_t bufsz, size_t *len)
{
	(void)c;
	(void)t;
	for (size_t i = 0; i < nkeys; i++) {
		if (strcmp(keys[i].path, path) != 0)
			continue;
		if (len != NULL)
			*len = keys[i].len;
		if (keys[i].len >= bufsz)
			return -E2BIG;
		memcpy(buf, keys[i].val, keys[i].len);
		buf[keys[i].len] = '\0';
		return 0;
	}
	return -ENOENT;
}

/* The children of path, in the order their first key was put. */
int
xsc_directory(struct xsc *c, xs_transaction_t t, const char *path,
    unsigned int max, char ***entries, unsigned int *n)
{
	static char names[sizeof(keys) / sizeof(keys[0])][32];
	size_t plen = strlen(path);
	unsigned int num = 0;
	char **v, *p;

	(void)c;
	(void)t;
	for (size_t i = 0; i < nkeys; i++) {
		const char *rest = keys[i].path + plen;
		size_t l;
		bool dup = false;

		if (strncmp(keys[i].path, path, plen) != 0 || *rest != '/')
			continue;
		l = strcspn(++rest, "/");
		assert_true(l > 0 && l < sizeof(names[0]));
		for (unsigned int j = 0; j < num && !dup; j++)
			dup = strlen(names[j]) == l &&
			    memcmp(names[j], rest, l) == 0;
		if (dup)
			continue;
		memcpy(names[num], rest, l);
		names[num++][l] = '\0';
	}
	if (num == 0)
		return -ENOENT;
	if (num > max)
		return -E2BIG;
	/* One allocation, as xs.c promises: the vector, then the names. */
	v = malloc(num * (sizeof(char *) + sizeof(names[0])));
	assert_non_null(v);
	p = (char *)(v + num);
	for (unsigned int i = 0; i < num; i++) {
		v[i] = p + i * sizeof(names[0]);
		memcpy(v[i], names[i], sizeof(names[0]));
	}
	*entries = v;
	*n = num;
	return 0;
}

/* Write (or overwrite) rel under the domain's home: len bytes, NULs
 * included. */
static void
put_raw(const char *rel, const void *val, size_t len)
{
	char path[sizeof(keys[0].path)];
	size_t i;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", DOMID, rel);
	for (i = 0; i < nkeys; i++)
		if (strcmp(keys[i].path, path) == 0)
			break;
	assert_true(i < sizeof(keys) / sizeof(keys[0]));
	assert_true(len < sizeof(keys[i].val));
	if (i == nkeys)
		nkeys++;
	memcpy(keys[i].path, path, sizeof(path));
	memcpy(keys[i].val, val, len);
	keys[i].len = len;
}

static void
put(const char *rel, const char *val)
{
	put_raw(rel, val, strlen(val));
}

static void
put_key(enum xsk_id id, const char *val)
{
	put(xskey(id)->path, val);
}

static void
put_u64(enum xsk_id id, uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%llu", (unsigned long long)v);
	put_key(id, s);
}

/* An interface's key: devid, and i for an address slot. */
static void
put_vif(enum xsk_id id, unsigned int devid, unsigned int i, const char *val)
{
	char rel[128];

	assert_true(xskey_path(rel, sizeof(rel), id, devid, i) > 0);
	put(rel, val);
}

static void
del_key(enum xsk_id id)
{
	char path[sizeof(keys[0].path)];

	snprintf(path, sizeof(path), "/local/domain/%u/%s", DOMID,
	    xskey(id)->path);
	for (size_t i = 0; i < nkeys; i++)
		if (strcmp(keys[i].path, path) == 0) {
			keys[i] = keys[--nkeys];
			return;
		}
}

/* A percent row's value as the agent writes it: "12.34". */
static void
put_pct(enum xsk_id id, uint64_t hundredths)
{
	char s[24];

	snprintf(s, sizeof(s), "%llu.%02llu",
	    (unsigned long long)hundredths / 100,
	    (unsigned long long)hundredths % 100);
	put_key(id, s);
}

/* ---- the rig */

static struct domtab tab;
static struct dom *d;
static char *logbuf;
static size_t loglen;
static FILE *logs;

static int
setup(void **state)
{
	struct hv_dom hv = { .domid = DOMID, .name = "guest",
	    .uuid = { 0x11, 0x22 }, .tot_kib = GIB, .max_kib = 2 * GIB };

	(void)state;
	nkeys = 0;
	clock_ms = 1000000;
	memset(&tab, 0, sizeof(tab));
	d = domain_add(&tab, &hv);
	assert_non_null(d);
	logs = open_memstream(&logbuf, &loglen);
	assert_non_null(logs);
	log_init("test-domain", LOG_TARGET_STDERR);
	log_set_stream(logs);
	log_set_level(LOG_INFO);
	log_set_classes(LOGC_ALL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	domain_free_all(&tab);
	log_set_stream(stderr);
	fclose(logs);
	free(logbuf);
	return 0;
}

static const char *
logged(void)
{
	fflush(logs);
	return logbuf;
}

/* The complaints logged so far. */
static unsigned int
complaints(void)
{
	unsigned int n = 0;

	for (const char *p = logged(); (p = strstr(p, ", ignored")) != NULL;
	    p++)
		n++;
	return n;
}

/* A minute on: the next complaint is logged whatever came before. */
static void
new_window(void)
{
	clock_ms += WINDOW_MS;
}

static void
read_guest(uint64_t now_ms)
{
	domain_read_guest(d, NULL, now_ms);
}

/* The decimal hints: their row, their bit, their field. */
static const struct {
	enum xsk_id	id;
	uint32_t	bit;
	size_t		off;
} hints_u64[] = {
	{ XSK_MEMINFO_TOTAL, PLAN_HINT_MEMINFO,
	    offsetof(struct plan_hints, mem_total_kib) },
	{ XSK_MEMINFO_FREE, PLAN_HINT_MEMINFO,
	    offsetof(struct plan_hints, mem_avail_kib) },
	{ XSK_SWAP_IN, PLAN_HINT_SWAP,
	    offsetof(struct plan_hints, swap_in_kibps) },
	{ XSK_SWAP_OUT, PLAN_HINT_SWAP,
	    offsetof(struct plan_hints, swap_out_kibps) },
	{ XSK_OOM_KILLS, PLAN_HINT_OOM,
	    offsetof(struct plan_hints, oom_kills) },
	{ XSK_REFAULT, PLAN_HINT_REFAULT,
	    offsetof(struct plan_hints, refault_kibps) },
	{ XSK_SWAPPED, PLAN_HINT_SWAPPED,
	    offsetof(struct plan_hints, swapped_kib) },
	{ XSK_SWAP_TOTAL, PLAN_HINT_SWAP_TOTAL,
	    offsetof(struct plan_hints, swap_total_kib) },
	{ XSK_ACTIVE_FILE, PLAN_HINT_ACTIVE_FILE,
	    offsetof(struct plan_hints, active_file_kib) },
};
#define NHINTS_U64	(sizeof(hints_u64) / sizeof(hints_u64[0]))

#define HINTS_ALL	(PLAN_HINT_MEMINFO | PLAN_HINT_PSI | PLAN_HINT_SWAP | \
			    PLAN_HINT_OOM | PLAN_HINT_REFAULT | \
			    PLAN_HINT_SWAPPED | PLAN_HINT_SWAP_TOTAL | \
			    PLAN_HINT_ACTIVE_FILE)

static uint64_t
hint_u64(size_t i)
{
	uint64_t v;

	memcpy(&v, (const char *)&d->hints + hints_u64[i].off, sizeof(v));
	return v;
}

/* Every hint, each with its own value: row i gets 100 + i. */
static void
put_hints(void)
{
	for (size_t i = 0; i < NHINTS_U64; i++)
		put_u64(hints_u64[i].id, 100 + i);
	put_u64(XSK_MEMINFO_TOTAL, 4 * GIB);
	put_key(XSK_PSI_SOME_AVG10, "12.34");
	put_key(XSK_PSI_FULL_AVG10, "1.5");
}

static void
expect_present(uint32_t bits)
{
	if (d->hints.present != bits)
		fail_msg("expected hints present 0x%x, got 0x%x", bits,
		    d->hints.present);
}

static void
expect_bad(unsigned int n)
{
	if (d->bad_values != n)
		fail_msg("expected %u bad values counted, got %u (log: %s)", n,
		    d->bad_values, logged());
}

/* ---- the guest's memory figures */

/* Each key into its own field; the read stamped and counted. */
static void
test_hints_every_key(void **state)
{
	(void)state;
	put_hints();
	d->dirty = true;
	read_guest(5000);
	expect_present(HINTS_ALL);
	expect_bad(0);
	for (size_t i = 0; i < NHINTS_U64; i++) {
		uint64_t want = hints_u64[i].id == XSK_MEMINFO_TOTAL ?
		    4 * GIB : 100 + i;

		if (hint_u64(i) != want)
			fail_msg("%s: expected %llu, got %llu",
			    xskey(hints_u64[i].id)->path,
			    (unsigned long long)want,
			    (unsigned long long)hint_u64(i));
	}
	assert_int_equal(d->hints.psi_some_avg10, 1234);
	assert_int_equal(d->hints.psi_full_avg10, 150);
	assert_int_equal(d->hints.updated_ms, 5000);
	assert_int_equal(d->read_ms, 5000);
	assert_int_equal(d->guest_reads, 1);
	assert_false(d->dirty);
	read_guest(6000);
	assert_int_equal(d->hints.updated_ms, 6000);
	assert_int_equal(d->guest_reads, 2);
	expect_bad(0);
	assert_int_equal(complaints(), 0);
}

/* "full" alone is absent on kernels that do not report it: 0, and PSI
 * still present; "some" is what makes it present. */
static void
test_hints_psi(void **state)
{
	(void)state;
	put_key(XSK_PSI_SOME_AVG10, "7");
	read_guest(1);
	expect_present(PLAN_HINT_PSI);
	assert_int_equal(d->hints.psi_some_avg10, 700);
	assert_int_equal(d->hints.psi_full_avg10, 0);
	expect_bad(0);

	put_key(XSK_PSI_FULL_AVG10, "0.05");
	read_guest(2);
	expect_present(PLAN_HINT_PSI);
	assert_int_equal(d->hints.psi_full_avg10, 5);

	/* As long as its token may be (leading zeros), and one more. */
	put_key(XSK_PSI_FULL_AVG10, "0000000000012.5");
	read_guest(3);
	assert_int_equal(d->hints.psi_full_avg10, 1250);
	expect_bad(0);
	put_key(XSK_PSI_FULL_AVG10, "00000000000012.5");
	read_guest(3);
	expect_present(PLAN_HINT_PSI);
	assert_int_equal(d->hints.psi_full_avg10, 0);
	expect_bad(1);

	/* A bad "full": 0, counted, PSI kept. */
	put_key(XSK_PSI_FULL_AVG10, "1.234");
	read_guest(3);
	expect_present(PLAN_HINT_PSI);
	assert_int_equal(d->hints.psi_some_avg10, 700);
	assert_int_equal(d->hints.psi_full_avg10, 0);
	expect_bad(2);

	/* "full" without "some": nothing. */
	del_key(XSK_PSI_SOME_AVG10);
	put_key(XSK_PSI_FULL_AVG10, "3");
	read_guest(4);
	expect_present(0);
	assert_int_equal(d->hints.psi_full_avg10, 0);
	expect_bad(2);

	/* A bad "some": nothing, counted. */
	put_key(XSK_PSI_SOME_AVG10, "1,5");
	read_guest(5);
	expect_present(0);
	assert_int_equal(d->hints.psi_some_avg10, 0);
	assert_int_equal(d->hints.psi_full_avg10, 0);
	expect_bad(3);
	if (strstr(logged(), "domain 7 (guest): data/memory/pressure-some-"
	    "avg10: unexpected byte 0x2c, ignored") == NULL)
		fail_msg("expected the comma complained of, got: %s", logged());
}

/* Swap in and out only together, MemTotal and MemAvailable likewise. */
static void
test_hints_pairs(void **state)
{
	(void)state;
	put_u64(XSK_SWAP_IN, 5);
	put_u64(XSK_MEMINFO_TOTAL, GIB);
	read_guest(1);
	expect_present(0);
	assert_int_equal(d->hints.swap_in_kibps, 0);
	del_key(XSK_SWAP_IN);
	del_key(XSK_MEMINFO_TOTAL);
	put_u64(XSK_SWAP_OUT, 6);
	put_u64(XSK_MEMINFO_FREE, GIB);
	read_guest(2);
	expect_present(0);
	assert_int_equal(d->hints.swap_out_kibps, 0);
	assert_int_equal(d->hints.mem_avail_kib, 0);
	put_u64(XSK_SWAP_IN, 5);
	put_u64(XSK_MEMINFO_TOTAL, GIB);
	read_guest(3);
	expect_present(PLAN_HINT_SWAP | PLAN_HINT_MEMINFO);
	assert_int_equal(d->hints.swap_in_kibps, 5);
	assert_int_equal(d->hints.swap_out_kibps, 6);
	assert_int_equal(d->hints.mem_total_kib, GIB);
	assert_int_equal(d->hints.mem_avail_kib, GIB);
	expect_bad(0);
}

/* Each key at exactly its row's bound is taken; one past it is ignored,
 * its bit clear, and counted. */
static void
test_hints_bounds(void **state)
{
	unsigned int bad = 0;

	(void)state;
	for (size_t i = 0; i < NHINTS_U64; i++) {
		const struct xskey *k = xskey(hints_u64[i].id);

		nkeys = 0;
		put_hints();
		/* MemAvailable at its bound needs a MemTotal as large. */
		if (hints_u64[i].id == XSK_MEMINFO_FREE)
			put_u64(XSK_MEMINFO_TOTAL, k->max);
		put_u64(hints_u64[i].id, k->max);
		read_guest(1);
		expect_present(HINTS_ALL);
		if (hint_u64(i) != k->max)
			fail_msg("%s at its bound %llu: got %llu", k->path,
			    (unsigned long long)k->max,
			    (unsigned long long)hint_u64(i));
		expect_bad(bad);
		put_u64(hints_u64[i].id, k->max + 1);
		read_guest(2);
		if (d->hints.present & hints_u64[i].bit)
			fail_msg("%s one past its bound (%llu) taken", k->path,
			    (unsigned long long)k->max + 1);
		expect_present(HINTS_ALL & ~hints_u64[i].bit);
		expect_bad(++bad);
	}
	for (enum xsk_id id = XSK_PSI_SOME_AVG10; id <= XSK_PSI_FULL_AVG10;
	    id++) {
		uint32_t *f = id == XSK_PSI_SOME_AVG10 ?
		    &d->hints.psi_some_avg10 : &d->hints.psi_full_avg10;

		nkeys = 0;
		put_hints();
		put_pct(id, xskey(id)->max);
		read_guest(1);
		expect_present(HINTS_ALL);
		assert_int_equal(*f, xskey(id)->max);
		expect_bad(bad);
		put_pct(id, xskey(id)->max + 1);
		read_guest(2);
		expect_present(id == XSK_PSI_SOME_AVG10 ?
		    HINTS_ALL & ~PLAN_HINT_PSI : HINTS_ALL);
		assert_int_equal(*f, 0);
		expect_bad(++bad);
	}
}

/* MemAvailable above MemTotal is refused; equal, or 0, is taken. */
static void
test_hints_avail_above_total(void **state)
{
	char want[128];

	(void)state;
	put_u64(XSK_MEMINFO_TOTAL, 1000);
	put_u64(XSK_MEMINFO_FREE, 1001);
	read_guest(1);
	expect_present(0);
	expect_bad(1);
	snprintf(want, sizeof(want), "domain 7 (guest): %s above %s, ignored",
	    xskey(XSK_MEMINFO_FREE)->path, xskey(XSK_MEMINFO_TOTAL)->path);
	if (strstr(logged(), want) == NULL)
		fail_msg("expected \"%s\", got: %s", want, logged());
	put_u64(XSK_MEMINFO_FREE, 1000);
	read_guest(2);
	expect_present(PLAN_HINT_MEMINFO);
	assert_int_equal(d->hints.mem_avail_kib, 1000);
	put_u64(XSK_MEMINFO_FREE, 0);
	read_guest(3);
	expect_present(PLAN_HINT_MEMINFO);
	assert_int_equal(d->hints.mem_avail_kib, 0);
	expect_bad(1);
}

/* Not a number, empty, too long: ignored and counted, each. */
static void
test_hints_malformed(void **state)
{
	static const char *const bad[] = {
		"", "12a", "-1", "+1", " 1", "1 ", "0x10", "1.5",
		"123456789012345678901234567890",
	};
	unsigned int n = 0;
	char want[128];

	(void)state;
	for (size_t i = 0; i < NHINTS_U64; i++)
		for (size_t j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
			nkeys = 0;
			put_hints();
			put_key(hints_u64[i].id, bad[j]);
			read_guest(1);
			if (d->hints.present & hints_u64[i].bit)
				fail_msg("%s = \"%s\" taken",
				    xskey(hints_u64[i].id)->path, bad[j]);
			expect_bad(++n);
		}
	/* The reason is the parser's. */
	nkeys = 0;
	put_u64(XSK_OOM_KILLS, xskey(XSK_OOM_KILLS)->max + 1);
	new_window();
	read_guest(2);
	expect_bad(++n);
	snprintf(want, sizeof(want), "domain 7 (guest): %s: %s, ignored",
	    xskey(XSK_OOM_KILLS)->path, parse_strerror(PARSE_RANGE));
	if (strstr(logged(), want) == NULL)
		fail_msg("expected \"%s\", got: %s", want, logged());
	/* A NUL inside: the length is the value's, not strlen's. */
	nkeys = 0;
	put_hints();
	put_raw(xskey(XSK_OOM_KILLS)->path, "1\0" "2", 3);
	read_guest(2);
	expect_present(HINTS_ALL & ~PLAN_HINT_OOM);
	expect_bad(++n);
	/* A percentage: empty, too long for its token, not a number. */
	nkeys = 0;
	put_key(XSK_PSI_SOME_AVG10, "");
	new_window();
	read_guest(3);
	expect_bad(++n);
	if (strstr(logged(), "pressure-some-avg10: empty, ignored") == NULL)
		fail_msg("expected \"empty\" complained of, got: %s", logged());
	put_key(XSK_PSI_SOME_AVG10, "1234567890123456");
	new_window();
	read_guest(4);
	expect_bad(++n);
	if (strstr(logged(), "pressure-some-avg10: value too long, ignored") ==
	    NULL)
		fail_msg("expected \"value too long\", got: %s", logged());
	put_key(XSK_PSI_SOME_AVG10, "abc");
	new_window();
	read_guest(5);
	expect_bad(++n);
	if (strstr(logged(), "pressure-some-avg10: not a percentage "
	    "0.00-100.00, ignored") == NULL)
		fail_msg("expected \"not a percentage\", got: %s", logged());
	expect_present(0);
}

/*
 * sampled_after_ms (round_sampled_after()): figures found changed were
 * sampled after the read before; found unchanged, they keep the time
 * they had; without them it is 0.
 */
static void
test_hints_sampled_after(void **state)
{
	(void)state;
	put_key(XSK_PSI_SOME_AVG10, "1");
	read_guest(5000);
	assert_int_equal(d->hints.sampled_after_ms, 0);
	put_u64(XSK_MEMINFO_TOTAL, 2000);
	put_u64(XSK_MEMINFO_FREE, 1000);
	read_guest(6000);
	assert_int_equal(d->hints.sampled_after_ms, 5000);
	read_guest(7000);
	assert_int_equal(d->hints.sampled_after_ms, 5000);
	assert_int_equal(d->hints.updated_ms, 7000);
	put_u64(XSK_MEMINFO_FREE, 999);
	read_guest(8000);
	assert_int_equal(d->hints.sampled_after_ms, 7000);
	read_guest(9000);
	assert_int_equal(d->hints.sampled_after_ms, 7000);
	put_u64(XSK_MEMINFO_TOTAL, 2001);
	read_guest(10000);
	assert_int_equal(d->hints.sampled_after_ms, 9000);
	del_key(XSK_MEMINFO_TOTAL);
	read_guest(11000);
	assert_int_equal(d->hints.sampled_after_ms, 0);
	assert_int_equal(d->read_ms, 11000);
}

/* ---- the dom0-written keys */

static void
test_static_and_target(void **state)
{
	(void)state;
	put_u64(XSK_MEM_STATIC_MAX, 2 * GIB);
	put_u64(XSK_MEM_VIDEORAM, 8192);
	put_u64(XSK_MEM_TARGET, GIB);
	domain_read_static(d, NULL);
	assert_true(d->have_static_max);
	assert_int_equal(d->static_max_kib, 2 * GIB);
	assert_int_equal(d->videoram_kib, 8192);
	/* memory/target is written without the video RAM (libxl). */
	d->target_dirty = true;
	domain_read_target(d, NULL);
	assert_true(d->have_target);
	assert_false(d->target_dirty);
	assert_int_equal(d->target_kib, GIB + 8192);
	expect_bad(0);

	/* Gone: not known, and not the last one read. */
	del_key(XSK_MEM_TARGET);
	d->target_dirty = true;
	domain_read_target(d, NULL);
	assert_false(d->have_target);
	assert_false(d->target_dirty);
	del_key(XSK_MEM_STATIC_MAX);
	del_key(XSK_MEM_VIDEORAM);
	domain_read_static(d, NULL);
	assert_false(d->have_static_max);
	assert_int_equal(d->static_max_kib, 0);
	assert_int_equal(d->videoram_kib, 0);
	put_u64(XSK_MEM_TARGET, GIB);
	domain_read_target(d, NULL);
	assert_int_equal(d->target_kib, GIB);
	expect_bad(0);

	/* At the bound and past it. */
	put_u64(XSK_MEM_STATIC_MAX, xskey(XSK_MEM_STATIC_MAX)->max);
	put_u64(XSK_MEM_VIDEORAM, xskey(XSK_MEM_VIDEORAM)->max);
	domain_read_static(d, NULL);
	assert_true(d->have_static_max);
	assert_int_equal(d->static_max_kib, xskey(XSK_MEM_STATIC_MAX)->max);
	assert_int_equal(d->videoram_kib, xskey(XSK_MEM_VIDEORAM)->max);
	put_u64(XSK_MEM_STATIC_MAX, xskey(XSK_MEM_STATIC_MAX)->max + 1);
	put_u64(XSK_MEM_VIDEORAM, xskey(XSK_MEM_VIDEORAM)->max + 1);
	domain_read_static(d, NULL);
	assert_false(d->have_static_max);
	assert_int_equal(d->static_max_kib, 0);
	assert_int_equal(d->videoram_kib, 0);
	expect_bad(2);
	put_u64(XSK_MEM_TARGET, xskey(XSK_MEM_TARGET)->max + 1);
	d->have_target = true;
	domain_read_target(d, NULL);
	assert_false(d->have_target);
	expect_bad(3);
}

/* ---- the balloon driver's keys */

static void
test_balloon(void **state)
{
	(void)state;
	read_guest(1);
	assert_false(d->balloon.present);
	assert_false(d->balloon.has_state);
	assert_int_equal(d->balloon.retries, 0);
	assert_string_equal(d->balloon.last_error, "");
	expect_bad(0);

	/* target and current only together */
	put_u64(XSK_BALLOON_TARGET, 2 * GIB);
	read_guest(2);
	assert_false(d->balloon.present);
	put_u64(XSK_BALLOON_CURRENT, GIB);
	put_u64(XSK_BALLOON_RETRIES, 3);
	put_key(XSK_BALLOON_LAST_ERROR, "ENOMEM");
	read_guest(3);
	assert_true(d->balloon.present);
	assert_int_equal(d->balloon.target_kib, 2 * GIB);
	assert_int_equal(d->balloon.current_kib, GIB);
	assert_int_equal(d->balloon.retries, 3);
	assert_string_equal(d->balloon.last_error, "ENOMEM");
	del_key(XSK_BALLOON_TARGET);
	read_guest(4);
	assert_false(d->balloon.present);
	expect_bad(0);

	/* Every state by its name. */
	for (int s = 0; s < XSK_BSTATE__COUNT; s++) {
		put_key(XSK_BALLOON_STATE, xsk_bstate_name((enum xsk_bstate)s));
		read_guest(5);
		assert_true(d->balloon.has_state);
		assert_int_equal(d->balloon.state, s);
	}
	put_key(XSK_BALLOON_STATE, "sleeping");
	read_guest(6);
	assert_false(d->balloon.has_state);
	expect_bad(1);
	if (strstr(logged(), "domain 7 (guest): data/balloon/state: not a "
	    "balloon state, ignored") == NULL)
		fail_msg("expected the state complained of, got: %s", logged());
	put_key(XSK_BALLOON_STATE, "idle!");
	read_guest(7);
	assert_false(d->balloon.has_state);
	expect_bad(2);
	/* The value is its length, not its C string: "idle" and a NUL and
	 * more is not "idle". */
	put_raw(xskey(XSK_BALLOON_STATE)->path, "idle\0x", 6);
	read_guest(8);
	assert_false(d->balloon.has_state);
	expect_bad(3);
	del_key(XSK_BALLOON_STATE);

	/* retries: absent 0, at its bound, past it 0 and counted */
	put_u64(XSK_BALLOON_RETRIES, xskey(XSK_BALLOON_RETRIES)->max);
	read_guest(8);
	assert_int_equal(d->balloon.retries, xskey(XSK_BALLOON_RETRIES)->max);
	put_u64(XSK_BALLOON_RETRIES, xskey(XSK_BALLOON_RETRIES)->max + 1);
	read_guest(9);
	assert_int_equal(d->balloon.retries, 0);
	expect_bad(4);
	del_key(XSK_BALLOON_RETRIES);
	read_guest(10);
	assert_int_equal(d->balloon.retries, 0);
	expect_bad(4);

	/* last-error: a token of at most its bound */
	put_key(XSK_BALLOON_LAST_ERROR, "E NOMEM");
	read_guest(11);
	assert_string_equal(d->balloon.last_error, "");
	expect_bad(5);
	put_key(XSK_BALLOON_LAST_ERROR, "EAAAAAAAAAAAAAA");
	assert_int_equal(strlen("EAAAAAAAAAAAAAA"),
	    xskey(XSK_BALLOON_LAST_ERROR)->max);
	read_guest(12);
	assert_string_equal(d->balloon.last_error, "EAAAAAAAAAAAAAA");
	put_key(XSK_BALLOON_LAST_ERROR, "EAAAAAAAAAAAAAAA");
	read_guest(13);
	assert_string_equal(d->balloon.last_error, "");
	expect_bad(6);
	del_key(XSK_BALLOON_LAST_ERROR);
	read_guest(14);
	assert_string_equal(d->balloon.last_error, "");
	expect_bad(6);
}

/* ---- tokens */

/*
 * Digits, ASCII letters, "-_." and the row's own extra characters; any
 * other byte (NUL, space, '/', 0x80 and above) refuses the value.
 */
static void
test_token_bytes(void **state)
{
	static const char plain[] = "0123456789"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.";
	unsigned int bad = 0;

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		/* last-error has no extra characters, a MAC has ':'. */
		enum xsk_id id = pass == 0 ? XSK_BALLOON_LAST_ERROR :
		    XSK_VIF_MAC;
		const char *extra = xskey(id)->chars ? xskey(id)->chars : "";

		nkeys = 0;

		for (unsigned int at = 0; at < 3 * 256; at++) {
			unsigned int c = at % 256;
			char v[3] = { 'a', 'a', 'b' }, rel[128];
			const char *got;
			bool ok = memchr(plain, (int)c, strlen(plain)) !=
			    NULL || memchr(extra, (int)c, strlen(extra)) !=
			    NULL;

			/* first, middle and last byte */
			v[at / 256] = (char)c;
			assert_true(xskey_path(rel, sizeof(rel), id, 0, 0) > 0);
			put_raw(rel, v, sizeof(v));
			read_guest(1);
			got = pass == 0 ? d->balloon.last_error :
			    d->vifs[0].mac;
			if (ok && (strlen(got) != 3 || memcmp(got, v, 3) != 0))
				fail_msg("%s: byte 0x%02x refused at %u", rel,
				    c, at / 256);
			if (!ok && got[0] != '\0')
				fail_msg("%s: byte 0x%02x taken at %u", rel, c,
				    at / 256);
			if (!ok)
				bad++;
			expect_bad(bad);
		}
	}
	/* Empty: refused. */
	nkeys = 0;
	put_key(XSK_BALLOON_LAST_ERROR, "");
	new_window();
	read_guest(2);
	assert_string_equal(d->balloon.last_error, "");
	expect_bad(++bad);
	if (strstr(logged(), "data/balloon/last-error: empty, ignored") == NULL)
		fail_msg("expected \"empty\" complained of, got: %s", logged());
}

/* ---- the interfaces */

static void
expect_devids(const uint32_t *ids, unsigned int n)
{
	if (d->nvifs != n)
		fail_msg("expected %u interfaces, got %u", n, d->nvifs);
	for (unsigned int i = 0; i < n; i++)
		if (d->vifs[i].devid != ids[i])
			fail_msg("interface %u: expected device %u, got %u", i,
			    ids[i], d->vifs[i].devid);
}

/* Listed out of order, kept sorted by device id; each its own keys. */
static void
test_vifs_sorted(void **state)
{
	static const uint32_t want[] = { 0, 2, 3 };
	static const uint32_t one[] = { 2 };

	(void)state;
	read_guest(1);
	assert_int_equal(d->nvifs, 0);
	put_vif(XSK_VIF_NAME, 2, 0, "eth2");
	read_guest(2);
	expect_devids(one, 1);
	put_vif(XSK_VIF_NAME, 3, 0, "eth3");
	put_vif(XSK_VIF_MTU, 3, 0, "9000");
	put_vif(XSK_VIF_NAME, 0, 0, "eth0");
	put_vif(XSK_VIF_CARRIER, 0, 0, "1");
	read_guest(3);
	expect_devids(want, 3);
	assert_string_equal(d->vifs[0].name, "eth0");
	assert_string_equal(d->vifs[1].name, "eth2");
	assert_string_equal(d->vifs[2].name, "eth3");
	assert_int_equal(d->vifs[0].carrier, 1);
	assert_int_equal(d->vifs[1].carrier, -1);
	assert_int_equal(d->vifs[2].carrier, -1);
	assert_int_equal(d->vifs[0].mtu, 0);
	assert_int_equal(d->vifs[2].mtu, 9000);
	assert_true(d->vifs_cap >= 3);
	expect_bad(0);
	/* Fewer again: the table shrinks with them. */
	nkeys = 0;
	put_vif(XSK_VIF_NAME, 2, 0, "eth2");
	read_guest(4);
	expect_devids(one, 1);
	nkeys = 0;
	read_guest(5);
	assert_int_equal(d->nvifs, 0);
}

/* More than XSK_VIFS_MAX: the lowest ids, one complaint. */
static void
test_vifs_too_many(void **state)
{
	uint32_t want[XSK_VIFS_MAX];

	(void)state;
	/* Highest first, so that the lowest come last. */
	for (int id = XSK_VIFS_MAX + 1; id >= 0; id--)
		put_vif(XSK_VIF_MTU, (unsigned int)id, 0, "1500");
	for (unsigned int i = 0; i < XSK_VIFS_MAX; i++)
		want[i] = i;
	read_guest(1);
	expect_devids(want, XSK_VIFS_MAX);
	assert_int_equal(d->vifs[XSK_VIFS_MAX - 1].mtu, 1500);
	expect_bad(1);
	if (strstr(logged(), "domain 7 (guest): attr/vif: 2 interfaces beyond "
	    "64, ignored") == NULL)
		fail_msg("expected the extra interfaces complained of once, "
		    "got: %s", logged());

	/* Interleaved: the lowest still. */
	nkeys = 0;
	for (unsigned int i = 0; i < XSK_VIFS_MAX + 8; i++)
		put_vif(XSK_VIF_MTU, (i * 37) % (XSK_VIFS_MAX + 8) + 100, 0,
		    "1500");
	for (unsigned int i = 0; i < XSK_VIFS_MAX; i++)
		want[i] = 100 + i;
	read_guest(2);
	expect_devids(want, XSK_VIFS_MAX);
	expect_bad(2);

	/* One more than XSK_VIFS_MAX, between the two highest kept. */
	nkeys = 0;
	for (unsigned int i = 0; i < XSK_VIFS_MAX - 1; i++)
		put_vif(XSK_VIF_MTU, i, 0, "1500");
	put_vif(XSK_VIF_MTU, 100, 0, "1500");
	put_vif(XSK_VIF_MTU, 99, 0, "1500");
	for (unsigned int i = 0; i < XSK_VIFS_MAX - 1; i++)
		want[i] = i;
	want[XSK_VIFS_MAX - 1] = 99;
	new_window();
	read_guest(3);
	expect_devids(want, XSK_VIFS_MAX);
	expect_bad(3);
	if (strstr(logged(), "domain 7 (guest): attr/vif: 1 interfaces beyond "
	    "64, ignored") == NULL)
		fail_msg("expected one extra interface complained of, got: %s",
		    logged());

	/* Exactly XSK_VIFS_MAX: all of them, no complaint. */
	nkeys = 0;
	for (int id = XSK_VIFS_MAX - 1; id >= 0; id--)
		put_vif(XSK_VIF_MTU, (unsigned int)id, 0, "1500");
	for (unsigned int i = 0; i < XSK_VIFS_MAX; i++)
		want[i] = i;
	read_guest(4);
	expect_devids(want, XSK_VIFS_MAX);
	expect_bad(3);
}

/* A bad device id is skipped and counted; the others are read. */
static void
test_vifs_bad_devid(void **state)
{
	static const uint32_t want[] = { 1, 4, XSK_DEVID_MAX };
	char rel[64];

	(void)state;
	put_vif(XSK_VIF_NAME, 4, 0, "eth4");
	put(XSK_VIF_ROOT "/x/name", "ethx");
	put_vif(XSK_VIF_NAME, XSK_DEVID_MAX + 1, 0, "big");
	put_vif(XSK_VIF_NAME, XSK_DEVID_MAX, 0, "max");
	put(XSK_VIF_ROOT "/-1/name", "neg");
	put_vif(XSK_VIF_NAME, 1, 0, "eth1");
	read_guest(1);
	expect_devids(want, 3);
	assert_string_equal(d->vifs[0].name, "eth1");
	assert_string_equal(d->vifs[1].name, "eth4");
	assert_string_equal(d->vifs[2].name, "max");
	expect_bad(3);
	snprintf(rel, sizeof(rel), "domain 7 (guest): %s: bad device id, "
	    "ignored", XSK_VIF_ROOT);
	if (strstr(logged(), rel) == NULL)
		fail_msg("expected \"%s\", got: %s", rel, logged());
}

/* name, mac, operstate as tokens of their bound; carrier 0 or 1; mtu. */
static void
test_vif_fields(void **state)
{
	struct dom_vif *v;

	(void)state;
	put_vif(XSK_VIF_NAME, 0, 0, "enX0");
	put_vif(XSK_VIF_MAC, 0, 0, "00:16:3e:0a:0b:0c");
	put_vif(XSK_VIF_OPERSTATE, 0, 0, "lowerlayerdown");
	put_vif(XSK_VIF_CARRIER, 0, 0, "0");
	put_vif(XSK_VIF_MTU, 0, 0, "65535");
	read_guest(1);
	assert_int_equal(d->nvifs, 1);
	v = &d->vifs[0];
	assert_int_equal(v->devid, 0);
	assert_string_equal(v->name, "enX0");
	assert_string_equal(v->mac, "00:16:3e:0a:0b:0c");
	assert_string_equal(v->operstate, "lowerlayerdown");
	assert_int_equal(v->carrier, 0);
	assert_int_equal(v->mtu, xskey(XSK_VIF_MTU)->max);
	expect_bad(0);

	/* At their bounds in bytes. */
	put_vif(XSK_VIF_NAME, 0, 0, "abcdefghijklmno");
	put_vif(XSK_VIF_OPERSTATE, 0, 0, "ABCDEFGHIJKLMNO");
	assert_int_equal(strlen("abcdefghijklmno"), xskey(XSK_VIF_NAME)->max);
	assert_int_equal(strlen("ABCDEFGHIJKLMNO"),
	    xskey(XSK_VIF_OPERSTATE)->max);
	put_vif(XSK_VIF_CARRIER, 0, 0, "1");
	read_guest(2);
	v = &d->vifs[0];
	assert_string_equal(v->name, "abcdefghijklmno");
	assert_string_equal(v->operstate, "ABCDEFGHIJKLMNO");
	assert_int_equal(v->carrier, 1);
	expect_bad(0);

	/* One past: refused, counted, the field empty. */
	put_vif(XSK_VIF_NAME, 0, 0, "abcdefghijklmnop");
	put_vif(XSK_VIF_MAC, 0, 0, "00:16:3e:0a:0b:0c:");
	put_vif(XSK_VIF_OPERSTATE, 0, 0, "ABCDEFGHIJKLMNOP");
	put_vif(XSK_VIF_CARRIER, 0, 0, "2");
	put_vif(XSK_VIF_MTU, 0, 0, "65536");
	read_guest(3);
	v = &d->vifs[0];
	assert_string_equal(v->name, "");
	assert_string_equal(v->mac, "");
	assert_string_equal(v->operstate, "");
	assert_int_equal(v->carrier, -1);
	assert_int_equal(v->mtu, 0);
	expect_bad(5);

	/* A byte outside the set: ':' is a MAC's, not a name's. */
	put_vif(XSK_VIF_NAME, 0, 0, "eth:0");
	put_vif(XSK_VIF_MAC, 0, 0, "00/16");
	put_vif(XSK_VIF_OPERSTATE, 0, 0, "up down");
	put_vif(XSK_VIF_CARRIER, 0, 0, "1");
	put_vif(XSK_VIF_MTU, 0, 0, "1500");
	read_guest(4);
	v = &d->vifs[0];
	assert_string_equal(v->name, "");
	assert_string_equal(v->mac, "");
	assert_string_equal(v->operstate, "");
	assert_int_equal(v->carrier, 1);
	assert_int_equal(v->mtu, 1500);
	expect_bad(8);
}

/* Address slots are sparse: present ones fill out[] in slot order. */
static void
test_vif_addrs(void **state)
{
	struct dom_vif *v;
	char addr[24];

	(void)state;
	put_vif(XSK_VIF_IPV4, 0, 3, "10.0.0.3");
	put_vif(XSK_VIF_IPV4, 0, 0, "10.0.0.0");
	put_vif(XSK_VIF_IPV4, 0, XSK_ADDRS_MAX - 1, "10.0.0.31");
	put_vif(XSK_VIF_IPV4, 0, 1, "10.0.0.1");
	put_vif(XSK_VIF_IPV6, 0, 2, "fe80::2");
	put_vif(XSK_VIF_IPV6, 1, 5, "fe80::15");
	read_guest(1);
	assert_int_equal(d->nvifs, 2);
	v = &d->vifs[0];
	assert_string_equal(v->ipv4[0], "10.0.0.0");
	assert_string_equal(v->ipv4[1], "10.0.0.1");
	assert_string_equal(v->ipv4[2], "10.0.0.3");
	assert_string_equal(v->ipv4[3], "10.0.0.31");
	assert_string_equal(v->ipv4[4], "");
	assert_string_equal(v->ipv6[0], "fe80::2");
	assert_string_equal(v->ipv6[1], "");
	assert_string_equal(d->vifs[1].ipv6[0], "fe80::15");
	assert_string_equal(d->vifs[1].ipv4[0], "");
	expect_bad(0);

	/* A bad address is skipped, the next takes its place; a slot name
	 * that is not a slot is counted, the others read. */
	put_vif(XSK_VIF_IPV4, 0, 1, "10.0.0.1:80");
	put_vif(XSK_VIF_IPV4, 0, XSK_ADDRS_MAX, "10.0.0.32");
	put(XSK_VIF_ROOT "/0/ipv4/x", "10.0.0.99");
	read_guest(2);
	v = &d->vifs[0];
	assert_string_equal(v->ipv4[0], "10.0.0.0");
	assert_string_equal(v->ipv4[1], "10.0.0.3");
	assert_string_equal(v->ipv4[2], "10.0.0.31");
	assert_string_equal(v->ipv4[3], "");
	expect_bad(3);
	if (strstr(logged(), "attr/vif/0/ipv4: bad address slot, ignored") ==
	    NULL)
		fail_msg("expected a bad slot complained of, got: %s",
		    logged());

	/* Too long or empty: skipped, the next takes its place. */
	nkeys = 0;
	put_vif(XSK_VIF_IPV4, 0, 0, "100.100.100.1000");
	put_vif(XSK_VIF_IPV4, 0, 1, "");
	put_vif(XSK_VIF_IPV4, 0, 2, "10.0.0.2");
	read_guest(3);
	v = &d->vifs[0];
	assert_string_equal(v->ipv4[0], "10.0.0.2");
	assert_string_equal(v->ipv4[1], "");
	expect_bad(5);

	/* Every slot. */
	nkeys = 0;
	for (unsigned int i = 0; i < XSK_ADDRS_MAX; i++) {
		snprintf(addr, sizeof(addr), "10.0.1.%u", i);
		put_vif(XSK_VIF_IPV4, 0, XSK_ADDRS_MAX - 1 - i, addr);
	}
	read_guest(4);
	for (unsigned int i = 0; i < XSK_ADDRS_MAX; i++) {
		snprintf(addr, sizeof(addr), "10.0.1.%u",
		    XSK_ADDRS_MAX - 1 - i);
		assert_string_equal(d->vifs[0].ipv4[i], addr);
	}
	expect_bad(5);
}

/* ---- watches */

static bool
any_flag(const struct dom *x)
{
	return x->dirty || x->name_dirty || x->target_dirty;
}

static void
clear_flags(struct dom *x)
{
	x->dirty = x->name_dirty = x->target_dirty = false;
}

/* Paths under data/ and attr/ mark the guest's keys and return it;
 * name and memory/target mark what they are; anything else nothing. */
static void
test_watch_path(void **state)
{
	static const char *const nothing[] = {
		"/local/domain/7/memory/static-max",
		"/local/domain/7/memory/target/x",
		"/local/domain/7/name/x",
		"/local/domain/7/datax",
		"/local/domain/7/dat",
		"/local/domain/7/attribute",
		"/local/domain/7/device/vif/0",
		"/local/domain/7/",
		"/local/domain/7",
		"/local/domain/8/data/meminfo_total",
		"/local/domain/x7/data",
		"/local/domain//data",
		"/local/domain/-7/data",
		"/local/domain/00000007/data",
		"/local/domain/32752/data",
		"/local/domainx/7/data",
		"/local/domainx7/data",
		"/local/domai",
		"/tool/xenballoon/domain/7/data",
		"local/domain/7/data",
		"",
	};
	static const char *const keys_of[] = {
		"/local/domain/7/data/meminfo_total",
		"/local/domain/7/data",
		"/local/domain/7/data/",
		"/local/domain/7/attr",
		"/local/domain/7/attr/vif/0/name",
		"/local/domain/0000007/data/memory",
	};
	struct hv_dom hv = { .domid = 0x7ff0, .name = "reserved" };
	struct hv_dom top = { .domid = DOMID_MAX_VALID, .name = "top" };
	struct hv_dom zero = { .domid = 0, .name = "Domain-0" };
	struct dom *other, *last, *dom0;
	char path[96];

	(void)state;
	other = domain_add(&tab, &hv);
	last = domain_add(&tab, &top);
	assert_non_null(other);
	assert_non_null(last);
	clear_flags(other);
	clear_flags(last);
	for (size_t i = 0; i < sizeof(keys_of) / sizeof(keys_of[0]); i++) {
		clear_flags(d);
		if (domain_watch_path(&tab, keys_of[i]) != d)
			fail_msg("%s: expected domain 7", keys_of[i]);
		assert_true(d->dirty);
		assert_false(d->name_dirty);
		assert_false(d->target_dirty);
		assert_false(any_flag(other));
	}
	clear_flags(d);
	assert_null(domain_watch_path(&tab, "/local/domain/7/name"));
	assert_true(d->name_dirty);
	assert_false(d->dirty);
	assert_false(d->target_dirty);
	clear_flags(d);
	snprintf(path, sizeof(path), "/local/domain/7/%s",
	    xskey(XSK_MEM_TARGET)->path);
	assert_null(domain_watch_path(&tab, path));
	assert_true(d->target_dirty);
	assert_false(d->dirty);
	assert_false(d->name_dirty);
	/* The highest valid domid is one. */
	snprintf(path, sizeof(path), "/local/domain/%u/data/x",
	    DOMID_MAX_VALID);
	clear_flags(last);
	assert_ptr_equal(domain_watch_path(&tab, path), last);
	assert_true(last->dirty);
	/* And the lowest: dom0 runs an agent too. */
	dom0 = domain_add(&tab, &zero);
	assert_non_null(dom0);
	clear_flags(dom0);
	assert_ptr_equal(domain_watch_path(&tab,
	    "/local/domain/0/data/meminfo_total"), dom0);
	assert_true(dom0->dirty);
	for (size_t i = 0; i < sizeof(nothing) / sizeof(nothing[0]); i++) {
		clear_flags(d);
		clear_flags(other);
		clear_flags(last);
		if (domain_watch_path(&tab, nothing[i]) != NULL)
			fail_msg("%s: expected no domain", nothing[i]);
		if (any_flag(d) || any_flag(other) || any_flag(last))
			fail_msg("%s: a flag was set", nothing[i]);
	}
}

/* ---- the table */

static struct hv_dom
hv_n(uint32_t n)
{
	struct hv_dom hv = { .domid = n, .tot_kib = n * 1024,
	    .max_kib = n * 2048, .state = HV_DOM_RUNNING };

	hv.uuid[0] = 0xaa;
	hv.uuid[15] = (uint8_t)n;
	hv.uuid[14] = (uint8_t)(n >> 8);
	snprintf(hv.name, sizeof(hv.name), "vm%u", n);
	return hv;
}

static void
test_table(void **state)
{
	struct hv_dom hv = hv_n(100);
	struct domref ref = { .kind = DOMREF_ID, .domid = 100 };
	struct plan_history fresh;
	struct dom *a, *b, *c, *x;

	(void)state;
	a = domain_add(&tab, &hv);
	assert_non_null(a);
	/* The planner's history: this UUID's, nothing else known. */
	memset(&fresh, 0, sizeof(fresh));
	memcpy(fresh.uuid, hv.uuid, 16);
	assert_memory_equal(&a->memo.hist, &fresh, sizeof(fresh));
	assert_int_equal(tab.n, 2);
	assert_int_equal(a->domid, 100);
	assert_memory_equal(a->uuid, hv.uuid, 16);
	assert_memory_equal(a->memo.hist.uuid, hv.uuid, 16);
	assert_string_equal(a->name, "vm100");
	assert_int_equal(a->hv.tot_kib, 100 * 1024);
	assert_int_equal(a->hv.max_kib, 100 * 2048);
	assert_true(a->dirty);
	assert_int_equal(a->hints.updated_ms, 0);
	assert_int_equal(a->pol.min_kib, PLAN_NONE);
	assert_int_equal(a->pol.max_kib, PLAN_NONE);
	assert_int_equal(a->pol.pin_kib, PLAN_NONE);
	assert_int_equal(a->pol.weight, 0);
	hv = hv_n(101);
	b = domain_add(&tab, &hv);
	hv = hv_n(102);
	/* Not UTF-8: fixed, the name goes into JSON. */
	memcpy(hv.name, "bad\xff", 5);
	c = domain_add(&tab, &hv);
	assert_string_equal(c->name, "bad?");

	assert_ptr_equal(domain_find_domid(&tab, 101), b);
	assert_ptr_equal(domain_find_domid(&tab, DOMID), d);
	assert_null(domain_find_domid(&tab, 103));
	hv = hv_n(102);
	assert_ptr_equal(domain_find_uuid(&tab, hv.uuid), c);
	assert_ptr_equal(domain_find_uuid(&tab, d->uuid), d);
	hv = hv_n(103);
	assert_null(domain_find_uuid(&tab, hv.uuid));
	assert_ptr_equal(domain_find_ref(&tab, &ref), a);
	ref.domid = 99;
	assert_null(domain_find_ref(&tab, &ref));
	ref.kind = DOMREF_UUID;
	hv = hv_n(101);
	memcpy(ref.uuid, hv.uuid, 16);
	assert_ptr_equal(domain_find_ref(&tab, &ref), b);
	ref.uuid[15]++;
	assert_ptr_equal(domain_find_ref(&tab, &ref), c);
	ref.uuid[15] = 0x77;
	assert_null(domain_find_ref(&tab, &ref));
	ref.kind = DOMREF_NAME;
	snprintf(ref.name, sizeof(ref.name), "guest");
	assert_ptr_equal(domain_find_ref(&tab, &ref), d);
	snprintf(ref.name, sizeof(ref.name), "vm101");
	assert_ptr_equal(domain_find_ref(&tab, &ref), b);
	snprintf(ref.name, sizeof(ref.name), "vm10");
	assert_null(domain_find_ref(&tab, &ref));

	/* Removed: the last one moves into the hole. */
	domain_remove(&tab, 1);
	assert_int_equal(tab.n, 3);
	assert_ptr_equal(tab.v[0], d);
	assert_ptr_equal(tab.v[1], c);
	assert_ptr_equal(tab.v[2], b);
	assert_null(domain_find_domid(&tab, 100));
	domain_remove(&tab, 2);
	assert_int_equal(tab.n, 2);
	assert_ptr_equal(tab.v[1], c);
	assert_null(domain_find_domid(&tab, 101));

	/* Grown past its first allocation, every one still found. */
	for (uint32_t n = 1000; n < 1200; n++) {
		hv = hv_n(n);
		assert_non_null(domain_add(&tab, &hv));
	}
	assert_int_equal(tab.n, 202);
	assert_true(tab.cap >= 202);
	for (uint32_t n = 1000; n < 1200; n++) {
		hv = hv_n(n);
		x = domain_find_uuid(&tab, hv.uuid);
		assert_non_null(x);
		assert_int_equal(x->domid, n);
		assert_ptr_equal(domain_find_domid(&tab, n), x);
	}
	assert_ptr_equal(domain_find_domid(&tab, 102), c);
	domain_free_all(&tab);
	assert_int_equal(tab.n, 0);
	assert_int_equal(tab.cap, 0);
	assert_null(tab.v);
	d = NULL;
}

/* What the bounds rules get of a domain, and the bounds they give. */
static void
test_bounds(void **state)
{
	struct bounds_config c;
	struct bounds_dom bd, want;
	uint64_t lo, hi, wlo, whi;

	(void)state;
	bounds_config_default(&c);
	put_u64(XSK_MEM_STATIC_MAX, 3 * GIB);
	domain_read_static(d, NULL);
	bd = domain_bounds_dom(d);
	assert_false(bd.is_dom0);
	assert_true(bd.have_static_max);
	assert_int_equal(bd.static_max_kib, 3 * GIB);
	assert_int_equal(bd.maxmem_kib, 2 * GIB);
	/* domain_bounds() is bounds_get() over those and the policy. */
	memset(&want, 0, sizeof(want));
	want.have_static_max = true;
	want.static_max_kib = 3 * GIB;
	want.maxmem_kib = 2 * GIB;
	d->pol.min_kib = GIB / 2;
	d->pol.max_kib = GIB + GIB / 2;
	domain_bounds(d, &c, &lo, &hi);
	bounds_get(&c, &want, &d->pol, &wlo, &whi);
	assert_int_equal(lo, wlo);
	assert_int_equal(hi, whi);
	d->domid = 0;
	bd = domain_bounds_dom(d);
	assert_true(bd.is_dom0);
	d->domid = 1;
	bd = domain_bounds_dom(d);
	assert_false(bd.is_dom0);
}

/* ---- complaints */

/*
 * However many bad values a guest writes, at most a burst of complaints
 * a minute reaches the log; every one is counted.
 */
static void
test_complain_ratelimit(void **state)
{
	unsigned int bad, logged_now;

	(void)state;
	for (size_t i = 0; i < NHINTS_U64; i++)
		put_key(hints_u64[i].id, "x");
	put_key(XSK_PSI_SOME_AVG10, "x");
	put_key(XSK_BALLOON_STATE, "x!");
	put_key(XSK_BALLOON_LAST_ERROR, "");
	put_vif(XSK_VIF_NAME, 0, 0, "a b");
	put(XSK_VIF_ROOT "/y/name", "eth0");
	/* Read: total (free not then), swap-in (out not then), OOM,
	 * refault, swapped, swap total, active file, PSI, state,
	 * last-error, the device id, the name. */
	bad = 12;
	read_guest(1);
	expect_bad(bad);
	assert_int_equal(complaints(), BURST);
	read_guest(2);
	expect_bad(2 * bad);
	assert_int_equal(complaints(), BURST);
	/* The window's last millisecond: still quiet. */
	clock_ms += WINDOW_MS - 1;
	read_guest(3);
	expect_bad(3 * bad);
	assert_int_equal(complaints(), BURST);
	/* A minute after the window opened: a new burst, saying what was
	 * held back. */
	clock_ms += 1;
	read_guest(4);
	expect_bad(4 * bad);
	logged_now = complaints();
	assert_int_equal(logged_now, 2 * BURST);
	if (strstr(logged(), "ignored (and earlier complaints suppressed)") ==
	    NULL)
		fail_msg("expected the suppressed complaints mentioned, got: "
		    "%s", logged());
	if (strstr(logged(), "domain 7 (guest): data/meminfo_total: ") ==
	    NULL)
		fail_msg("expected the domain and the key named, got: %s",
		    logged());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hints_every_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hints_psi, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hints_pairs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hints_bounds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hints_avail_above_total,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_hints_malformed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hints_sampled_after,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_static_and_target, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_balloon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_bytes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vifs_sorted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vifs_too_many, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vifs_bad_devid, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vif_fields, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vif_addrs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_watch_path, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complain_ratelimit, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
