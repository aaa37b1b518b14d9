/*
 * test-conf.c - common/conf.c: the "key = value" reader both programs
 * use.  A table with a key of every type; good files land in the right
 * fields, and bad input of every kind is refused with the file, the
 * line and the reason, never a crash.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "log.h"

struct t {
	bool		on;
	unsigned int	n32;
	uint64_t	n64;
	int		ni;
	uint64_t	kib;
	uint64_t	small_kib;
	uint64_t	ms;
	uint64_t	us;
	uint32_t	pct;
	char		path[16];
	int		level;
	unsigned int	classes;
	char		word[8];	/* the custom setter's */
};

static int
t_word(void *obj, const struct conf_key *k, const char *v, char *err,
    size_t errlen)
{
	struct t *t = obj;

	if (strlen(v) >= sizeof(t->word)) {
		snprintf(err, errlen, "bad word '%s' for %s", v, k->name);
		return -1;
	}
	memcpy(t->word, v, strlen(v) + 1);
	return 0;
}

#define K(n, ty, f, min, max)	CONF_KEY(n, ty, struct t, f, min, max)
static const struct conf_key t_keys[] = {
	K("on",		CONF_BOOL,	on,	0, 0),
	K("n32",	CONF_UINT,	n32,	1, 10000),
	K("n64",	CONF_UINT,	n64,	0, UINT64_MAX),
	K("ni",		CONF_UINT,	ni,	0, 64 << 20),
	K("kib",	CONF_SIZE,	kib,	0, UINT64_MAX),
	K("small",	CONF_SIZE,	small_kib, 1024, 2048),
	K("ms",		CONF_MS,	ms,	1, UINT64_MAX),
	K("us",		CONF_US,	us,	500, 10000),
	K("pct",	CONF_PERCENT,	pct,	0, 0),
	K("path",	CONF_PATH,	path,	0, 0),
	K("level",	CONF_LEVEL,	level,	0, 0),
	K("classes",	CONF_CLASSES,	classes, 0, 0),
	CONF_FN("word",	t_word),
};
#undef K
static const struct conf_table t_table = {
	t_keys, sizeof(t_keys) / sizeof(t_keys[0])
};

static struct t
t_default(void)
{
	struct t t = { .n32 = 7, .classes = LOGC_DEFAULT, .level = LOG_INFO };

	return t;
}

/* Parse s (len bytes) into *t; returns conf_parse()'s result. */
static int
t_parse(struct t *t, const char *s, size_t len, char *err, size_t errlen)
{
	*t = t_default();
	err[0] = '\0';
	return conf_parse(&t_table, t, s, len, "f.conf", err, errlen);
}

static void
t_refused(const char *in, size_t len, const char *want)
{
	char err[1024];
	struct t t;

	if (t_parse(&t, in, len, err, sizeof(err)) != -1)
		fail_msg("accepted: \"%s\"", in);
	if (strstr(err, want) == NULL)
		fail_msg("\"%s\": got \"%s\", want \"%s\"", in, err, want);
}
#define REFUSED(in, want)	t_refused(in, strlen(in), want)

static void
a_good_file_lands_in_every_field(void **state)
{
	static const char in[] =
		"# a comment\n"
		"\n"
		"  on = yes   # trailing comment\n"
		"n32=10000\n"
		"n64 = 18446744073709551615\n"
		"ni = 67108864\r\n"
		"\tkib = 2G\n"
		"small = 1M\n"
		"ms = 30s\n"
		"us = 4s\n"
		"pct = 2.5\n"
		"path = /run/x\n"
		"level = debug\n"
		"classes = +net\n"
		"word = abc";		/* no final newline */
	char err[512];
	struct t t;

	(void)state;
	assert_int_equal(t_parse(&t, in, strlen(in), err, sizeof(err)), 0);
	assert_true(t.on);
	assert_int_equal(t.n32, 10000);
	assert_true(t.n64 == UINT64_MAX);
	assert_int_equal(t.ni, 64 << 20);
	assert_true(t.kib == 2 * 1024 * 1024);
	assert_true(t.small_kib == 1024);
	assert_true(t.ms == 30000);
	assert_true(t.us == 4000000);
	assert_int_equal(t.pct, 250);
	assert_string_equal(t.path, "/run/x");
	assert_int_equal(t.level, LOG_DEBUG);
	assert_int_equal(t.classes, LOGC_DEFAULT | LOGC_NET);
	assert_string_equal(t.word, "abc");
}

static void
every_boolean_spelling_is_the_same_for_both_programs(void **state)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	bool b;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		b = false;
		assert_int_equal(conf_parse_bool(yes[i], &b), 0);
		assert_true(b);
		assert_int_equal(conf_parse_bool(no[i], &b), 0);
		assert_false(b);
	}
	assert_int_equal(conf_parse_bool("Yes", &b), -1);
	assert_int_equal(conf_parse_bool("y", &b), -1);
	assert_int_equal(conf_parse_bool("", &b), -1);
}

static void
bad_values_name_the_file_line_key_and_what_is_accepted(void **state)
{
	(void)state;
	REFUSED("on = maybe\n",
	    "f.conf:1: bad value 'maybe' for on (expected yes or no)");
	REFUSED("\n\nn32 = 0\n", "f.conf:3: bad number '0' for n32: number "
	    "out of range (expected 1 to 10000)");
	REFUSED("n32 = 10001\n", "bad number '10001' for n32: number out "
	    "of range");
	REFUSED("n64 = 18446744073709551616\n", "bad number "
	    "'18446744073709551616' for n64: ");
	REFUSED("ni = 67108865\n", "(expected 0 to 67108864)");
	REFUSED("n32 = -1\n", "bad number '-1' for n32: ");
	REFUSED("kib = 1Q\n", "f.conf:1: bad size '1Q' for kib: unknown "
	    "unit (expected KiB or a unit: 64M, 2G)");
	REFUSED("small = 3M\n", "bad size '3M' for small: number out of "
	    "range (expected 1M to 2M)");
	REFUSED("ms = 0\n", "bad duration '0' for ms: number out of range "
	    "(expected 500ms, 30s, 5m, 1h)");
	REFUSED("ms = soon\n", "bad duration 'soon' for ms: ");
	REFUSED("us = 100ms\n", "bad duration '100ms' for us: number out "
	    "of range (expected 500ms to 10s)");
	REFUSED("us = 11s\n", "(expected 500ms to 10s)");
	REFUSED("pct = 1.234\n", "bad percentage '1.234' for pct: ");
	REFUSED("path = relative\n", "bad path 'relative' for path "
	    "(expected an absolute path shorter than 16 bytes)");
	REFUSED("path = /0123456789abcde\n", "bad path '/0123456789abcde'");
	REFUSED("level = loud\n", "bad log level 'loud' for level");
	REFUSED("classes = +nosuch\n", "bad log classes for classes: "
	    "unknown log class 'nosuch'");
	REFUSED("word = toolongword\n", "f.conf:1: bad word 'toolongword' "
	    "for word");
}

static void
bad_lines_are_refused_with_their_number(void **state)
{
	static const char nul[] = "on = yes\non = y\0es\n";
	char *big, *long_line, err[256];
	struct t t;

	(void)state;
	REFUSED("on = yes\nnosuch = 1\n", "f.conf:2: unknown key 'nosuch' "
	    "(keys: on n32 n64 ni kib small ms us pct path level classes "
	    "word)");
	REFUSED("on\n", "f.conf:1: expected 'key = value', got 'on'");
	REFUSED("on =\n", "f.conf:1: missing value for on");
	REFUSED("on = # nothing\n", "f.conf:1: missing value for on");
	REFUSED("= yes\n", "f.conf:1: unknown key '' (keys: on ");
	t_refused(nul, sizeof(nul) - 1, "f.conf:2: NUL byte");

	assert_non_null(long_line = malloc(CONF_LINE_MAX + 2));
	memset(long_line, ' ', CONF_LINE_MAX + 1);
	long_line[CONF_LINE_MAX + 1] = '\0';
	REFUSED(long_line, "f.conf:1: line longer than 512 bytes");
	/* 512 bytes and no newline: one too many as well. */
	t_refused(long_line, CONF_LINE_MAX, "f.conf:1: line longer than "
	    "512 bytes");
	/* 511 bytes and the newline: the longest line there is. */
	long_line[CONF_LINE_MAX - 1] = '\n';
	long_line[CONF_LINE_MAX] = '\0';
	memcpy(long_line, "on = yes", 8);
	assert_int_equal(t_parse(&t, long_line, CONF_LINE_MAX, err,
	    sizeof(err)), 0);
	assert_true(t.on);
	free(long_line);

	assert_non_null(big = calloc(1, CONF_FILE_MAX + 1));
	memset(big, '\n', CONF_FILE_MAX + 1);
	t_refused(big, CONF_FILE_MAX + 1, "f.conf: larger than 65536 bytes");
	/* The largest file there is. */
	assert_int_equal(t_parse(&t, big, CONF_FILE_MAX, err, sizeof(err)),
	    0);
	free(big);
}

static void
a_key_given_twice_takes_its_last_value(void **state)
{
	static const char in[] = "n32 = 5\nn32 = 6\nclasses = net\n"
	    "classes = +hv\n";
	char err[256];
	struct t t;

	(void)state;
	assert_int_equal(t_parse(&t, in, strlen(in), err, sizeof(err)), 0);
	assert_int_equal(t.n32, 6);
	/* log classes edit what is there: a bare list, then +hv */
	assert_int_equal(t.classes, LOGC_NET | LOGC_HV);
}

static void
conf_set_is_the_command_line_door_to_the_same_table(void **state)
{
	struct t t = t_default();
	char err[256];

	(void)state;
	assert_int_equal(conf_set(&t_table, &t, "ms", "5m", err,
	    sizeof(err)), 0);
	assert_true(t.ms == 300000);
	assert_int_equal(conf_set(&t_table, &t, "nosuch", "1", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "unknown key 'nosuch' (keys: on n32 n64 ni "
	    "kib small ms us pct path level classes word)");
	assert_int_equal(conf_set(&t_table, &t, "n32", "", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "missing value for n32");
	assert_int_equal(t.n32, 7);
}

static void
files_are_read_or_their_absence_is_reported(void **state)
{
	char path[] = "/tmp/test-conf.XXXXXX", err[256];
	struct t t = t_default();
	int fd;

	(void)state;
	assert_int_equal(conf_load(&t_table, &t, "/nonexistent/x.conf", false,
	    err, sizeof(err)), 0);
	assert_int_equal(conf_load(&t_table, &t, "/nonexistent/x.conf", true,
	    err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/x.conf: No such file or "
	    "directory");
	assert_int_equal(conf_load(&t_table, &t, "/", true, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "/: Is a directory");

	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, "n32 = 9\nn64 = x\n", 16), 16);
	close(fd);
	assert_int_equal(conf_load(&t_table, &t, path, true, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: bad number 'x' for n64"));
	assert_int_equal(t.n32, 9);
	unlink(path);

	/* From a file as from memory: 64 KiB is read, a byte or two more
	 * are refused. */
	char *big;

	assert_non_null(big = malloc(CONF_FILE_MAX + 2));
	memset(big, '\n', CONF_FILE_MAX + 2);
	for (size_t n = CONF_FILE_MAX; n <= CONF_FILE_MAX + 2; n++) {
		strcpy(path, "/tmp/test-conf.XXXXXX");
		assert_true((fd = mkstemp(path)) >= 0);
		assert_int_equal(write(fd, big, n), (ssize_t)n);
		close(fd);
		assert_int_equal(conf_load(&t_table, &t, path, true, err,
		    sizeof(err)), n > CONF_FILE_MAX ? -1 : 0);
		unlink(path);
	}
	assert_non_null(strstr(err, ": larger than 65536 bytes"));
	free(big);
}

static void
bounds_take_their_own_values(void **state)
{
	static const char in[] =
		"small = 2M\n"
		"us = 500ms\n"
		"pct = 100\n";
	char err[256];
	struct t t;

	(void)state;
	/* The last value in the range is in it. */
	assert_int_equal(t_parse(&t, in, strlen(in), err, sizeof(err)), 0);
	assert_true(t.small_kib == 2048);
	assert_true(t.us == 500000);
	assert_int_equal(t.pct, 10000);
	assert_int_equal(t_parse(&t, "us = 10s\n", 9, err, sizeof(err)), 0);
	assert_true(t.us == 10000000);
	/* A duration past what microseconds could hold is not one for
	 * milliseconds. */
	assert_int_equal(t_parse(&t, "ms = 18446744073709552ms\n", 25, err,
	    sizeof(err)), 0);
	assert_true(t.ms == 18446744073709552ull);
	REFUSED("pct = 100.01\n", "bad percentage '100.01' for pct: number "
	    "out of range");
}

static void
a_shorter_path_replaces_a_longer_one(void **state)
{
	static const char in[] =
		"# xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
		"level = debug\n"
		"path = /0123456789abcd\n";
	char err[256];
	struct t t;

	(void)state;
	/* The longest path that fits leaves the next field alone. */
	assert_int_equal(t_parse(&t, in, strlen(in), err, sizeof(err)), 0);
	assert_string_equal(t.path, "/0123456789abcd");
	assert_int_equal(t.level, LOG_DEBUG);
	/* A reload with a shorter one: no tail of the old one. */
	assert_int_equal(conf_set(&t_table, &t, "path", "/x", err,
	    sizeof(err)), 0);
	assert_string_equal(t.path, "/x");
}

struct limits {
	uint64_t	ms;
	uint64_t	kib;
	uint64_t	us;
};

#define L(n, ty, f, min, max)	CONF_KEY(n, ty, struct limits, f, min, max)
static const struct conf_key limit_keys[] = {
	L("ms",		CONF_MS,	ms,	60000, 7200000),
	L("kib",	CONF_SIZE,	kib,	0, 2 * 1024 * 1024),
	L("us",		CONF_US,	us,	1, UINT64_MAX / 1000),
};
#undef L
static const struct conf_table limit_table = {
	limit_keys, sizeof(limit_keys) / sizeof(limit_keys[0])
};

static void
refusals_say_the_range_in_its_units(void **state)
{
	struct limits l = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(conf_set(&limit_table, &l, "ms", "3h", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "bad duration '3h' for ms: number out of "
	    "range (expected 1m to 2h)");
	assert_int_equal(conf_set(&limit_table, &l, "kib", "3G", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "bad size '3G' for kib: number out of "
	    "range (expected 0k to 2G)");
	/* The largest microseconds a key may hold, and a value at it. */
	assert_int_equal(conf_set(&limit_table, &l, "us",
	    "18446744073709551ms", err, sizeof(err)), 0);
	assert_true(l.us == 18446744073709551000ull);
}

static void
the_key_list_in_a_refusal_is_bounded(void **state)
{
#define N(i)	CONF_KEY("a_rather_long_name_for_a_key_" #i, CONF_UINT, \
		    struct t, n32, 0, 1)
	static const struct conf_key many[] = {
		N(00), N(01), N(02), N(03), N(04), N(05), N(06), N(07), N(08),
		N(09), N(10), N(11), N(12), N(13), N(14), N(15), N(16), N(17),
		N(18), N(19), N(20), N(21), N(22), N(23), N(24), N(25),
	};
#undef N
	static const struct conf_table mt = { many, 26 };
	static const struct conf_table none = { many, 0 };
	struct t t = t_default();
	char err[1024];

	(void)state;
	/* 26 names of 31 bytes: the list is cut short, and the sentence
	 * still closes. */
	assert_int_equal(conf_set(&mt, &t, "zz", "1", err, sizeof(err)), -1);
	assert_true(strlen(err) < strlen("unknown key 'zz' (keys: )") +
	    26 * 32);
	assert_int_equal(strncmp(err, "unknown key 'zz' (keys: "
	    "a_rather_long_name_for_a_key_00 a_rather", 64), 0);
	assert_int_equal(err[strlen(err) - 1], ')');
	/* No keys at all: an empty list, not stale bytes. */
	assert_int_equal(conf_set(&none, &t, "zz", "1", err, sizeof(err)),
	    -1);
	assert_string_equal(err, "unknown key 'zz' (keys: )");
}

static void
t_table_refused(const struct conf_key *keys, size_t n, const char *want)
{
	const struct conf_table t = { keys, n };
	char err[256];
	struct t obj = t_default();

	assert_int_equal(conf_table_check(&t, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("got \"%s\", want \"%s\"", err, want);
	/* ... and neither door works through it */
	assert_int_equal(conf_set(&t, &obj, "a", "1", err, sizeof(err)), -1);
	assert_int_equal(conf_parse(&t, &obj, "a = 1\n", 6, "f.conf", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "f.conf: key table: "));
}

static void
a_broken_key_table_is_refused_before_any_input(void **state)
{
	const struct conf_key twice[] = {
		CONF_KEY("a", CONF_BOOL, struct t, on, 0, 0),
		CONF_KEY("a", CONF_UINT, struct t, n32, 0, 1),
	};
	const struct conf_key noname[] = {
		CONF_KEY("a", CONF_BOOL, struct t, on, 0, 0),
		CONF_KEY(NULL, CONF_BOOL, struct t, on, 0, 0),
	};
	const struct conf_key wide[] = {
		CONF_KEY("a", CONF_UINT, struct t, n32, 0, 1ull << 32),
	};
	const struct conf_key narrow_us[] = {
		CONF_KEY("a", CONF_US, struct t, n32, 1, 10),
	};
	const struct conf_key us_overflow[] = {
		CONF_KEY("a", CONF_US, struct t, us, 1, UINT64_MAX),
	};
	const struct conf_key upside_down[] = {
		CONF_KEY("a", CONF_MS, struct t, ms, 10, 1),
	};
	const struct conf_key bool_in_int[] = {
		CONF_KEY("a", CONF_BOOL, struct t, ni, 0, 0),
	};
	const struct conf_key no_setter[] = { CONF_FN("a", NULL) };
	const struct conf_key first_noname[] = {
		CONF_KEY("", CONF_BOOL, struct t, on, 0, 0),
		CONF_KEY("a", CONF_BOOL, struct t, on, 0, 0),
	};
	const struct conf_key uint_in_bool[] = {
		CONF_KEY("a", CONF_UINT, struct t, on, 0, 1),
	};
	const struct conf_key one_value[] = {
		CONF_KEY("a", CONF_UINT, struct t, n32, 5, 5),
		CONF_KEY("b", CONF_US, struct t, us, 7, 7),
	};
	const struct conf_table one_value_t = { one_value, 2 };
	char err[256];

	(void)state;
	assert_int_equal(conf_table_check(&t_table, err, sizeof(err)), 0);
	t_table_refused(twice, 2, "key table: a twice");
	t_table_refused(noname, 2, "key table: row 1 has no name");
	t_table_refused(wide, 1, "key table: a: ");
	t_table_refused(narrow_us, 1, "key table: a: ");
	t_table_refused(us_overflow, 1, "key table: a: ");
	t_table_refused(upside_down, 1, "key table: a: ");
	t_table_refused(bool_in_int, 1, "key table: a: ");
	t_table_refused(no_setter, 1, "key table: a: ");
	t_table_refused(first_noname, 2, "key table: row 0 has no name");
	/* A number only goes in a field of 4 or 8 bytes. */
	t_table_refused(uint_in_bool, 1, "key table: a: ");
	/* Bounds that allow one value are bounds. */
	assert_int_equal(conf_table_check(&one_value_t, err, sizeof(err)),
	    0);
}

/* Garbage of every byte value, line after line: an answer, no crash. */
static void
random_bytes_get_an_answer_never_a_crash(void **state)
{
	static const char alphabet[] = "= #\n\t\r\0-+.,/yesno0123456789kKMGs"
	    "mhonn32kibsmalluspctpathlevelclassesword\xff";
	char buf[700], err[128];
	uint32_t x = 12345;
	struct t t;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = (x = x * 1103515245 + 12345) % sizeof(buf);

		for (size_t i = 0; i < len; i++) {
			x = x * 1103515245 + 12345;
			buf[i] = alphabet[(x >> 16) % (sizeof(alphabet) - 1)];
		}
		if (t_parse(&t, buf, len, err, sizeof(err)) == -1)
			assert_true(err[0] != '\0');
		assert_non_null(memchr(t.path, '\0', sizeof(t.path)));
		assert_non_null(memchr(t.word, '\0', sizeof(t.word)));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_good_file_lands_in_every_field),
		cmocka_unit_test(every_boolean_spelling_is_the_same_for_both_programs),
		cmocka_unit_test(bad_values_name_the_file_line_key_and_what_is_accepted),
		cmocka_unit_test(bad_lines_are_refused_with_their_number),
		cmocka_unit_test(a_key_given_twice_takes_its_last_value),
		cmocka_unit_test(conf_set_is_the_command_line_door_to_the_same_table),
		cmocka_unit_test(files_are_read_or_their_absence_is_reported),
		cmocka_unit_test(a_broken_key_table_is_refused_before_any_input),
		cmocka_unit_test(random_bytes_get_an_answer_never_a_crash),
		cmocka_unit_test(bounds_take_their_own_values),
		cmocka_unit_test(a_shorter_path_replaces_a_longer_one),
		cmocka_unit_test(refusals_say_the_range_in_its_units),
		cmocka_unit_test(the_key_list_in_a_refusal_is_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
