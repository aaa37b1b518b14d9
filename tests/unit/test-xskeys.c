/*
 * test-xskeys.c - the key table (common/xskeys.c) and its helpers.
 *
 *   test-xskeys          the cmocka tests (TAP)
 *   test-xskeys --doc    "path<TAB>sentence" for every key: what
 *                        man/check-xskeys.sh holds xenballoon-xenstore(7)
 *                        to
 *   test-xskeys --path NAME [INDEX...]
 *                        the path of the row named NAME (MEM_TARGET,
 *                        OOM_KILLS, ...), placeholders filled in order:
 *                        the shell tests' way to name a key
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "xskeys.h"

static void
every_row_is_filled_and_named_once(void **state)
{
	for (int i = 0; i < XSK__COUNT; i++) {
		const struct xskey *k = xskey((enum xsk_id)i);

		assert_non_null(k->path);
		assert_true(k->max > 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(k->path, xskeys[j].path);
	}
}

static void
guest_keys_live_where_the_guest_may_write(void **state)
{
	for (int i = 0; i < XSK__COUNT; i++) {
		const struct xskey *k = xskey((enum xsk_id)i);

		if (xskey_guest(k))
			assert_true(strncmp(k->path, "data/", 5) == 0 ||
			    strncmp(k->path, "attr/", 5) == 0);
		else
			assert_true(strncmp(k->path, "data/", 5) != 0 &&
			    strncmp(k->path, "attr/", 5) != 0);
	}
}

static void
rows_are_found_by_their_names(void **state)
{
	for (int i = 0; i < XSK__COUNT; i++)
		assert_ptr_equal(xskey_by_name(xskeys[i].name), &xskeys[i]);
	assert_string_equal(xskey(XSK_OOM_KILLS)->name, "OOM_KILLS");
	assert_null(xskey_by_name("NO_SUCH_KEY"));
}

static void
path_fills_placeholders_in_order(void **state)
{
	char buf[64];

	assert_int_equal(xskey_path(buf, sizeof(buf), XSK_VIF_IPV6, 3, 17),
	    (int)strlen(XSK_VIF_ROOT "/3/ipv6/17"));
	assert_string_equal(buf, XSK_VIF_ROOT "/3/ipv6/17");
	assert_int_equal(xskey_path(buf, sizeof(buf), XSK_MEMINFO_TOTAL, 1, 2),
	    (int)strlen(xskey(XSK_MEMINFO_TOTAL)->path));
	assert_string_equal(buf, xskey(XSK_MEMINFO_TOTAL)->path);
	assert_int_equal(xskey_nidx(xskey(XSK_VIF_IPV4)), 2);
	assert_int_equal(xskey_nidx(xskey(XSK_TOOL_DOM_NAME)), 1);
}

static void
path_refuses_what_does_not_fit(void **state)
{
	char buf[12];
	const char *one[1] = { "0" };

	assert_int_equal(xskey_path(buf, sizeof(buf), XSK_VIF_NAME, 0, 0), -1);
	assert_int_equal(xskey_expand(buf, sizeof(buf), xskey(XSK_VIF_IPV4),
	    one, 1), -1);
}

static void
path_fills_its_buffer_exactly(void **state)
{
	const char *path = xskey(XSK_MEMINFO_TOTAL)->path;
	const char *one[1] = { "0" };
	size_t n = strlen(path);
	char buf[128];

	/* The path and its NUL fit: taken.  One byte less: refused, and
	 * nothing written past the buffer. */
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(xskey_path(buf, n + 1, XSK_MEMINFO_TOTAL, 0, 0),
	    (int)n);
	assert_string_equal(buf, path);
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(xskey_path(buf, n, XSK_MEMINFO_TOTAL, 0, 0), -1);
	assert_int_equal(buf[n], 'Z');
	/* Room enough, but an index short. */
	assert_int_equal(xskey_expand(buf, sizeof(buf), xskey(XSK_VIF_IPV4),
	    one, 1), -1);
	assert_int_equal(xskey_expand(buf, sizeof(buf), xskey(XSK_VIF_NAME),
	    one, 0), -1);
}

static void
percent_takes_two_decimals_within_the_bound(void **state)
{
	const struct xskey *k = xskey(XSK_PSI_SOME_AVG10);
	uint32_t v = 1;

	assert_int_equal(xskey_parse_percent(k, "0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(xskey_parse_percent(k, "12.34", &v), 0);
	assert_int_equal(v, 1234);
	assert_int_equal(xskey_parse_percent(k, "1.5", &v), 0);
	assert_int_equal(v, 150);
	assert_int_equal(xskey_parse_percent(k, "100.00", &v), 0);
	assert_int_equal(v, XSK_PSI_MAX);
	assert_int_equal(xskey_parse_percent(k, "100.01", &v), -1);
	assert_int_equal(xskey_parse_percent(k, "101", &v), -1);
	assert_int_equal(xskey_parse_percent(k, "1.", &v), -1);
	assert_int_equal(xskey_parse_percent(k, ".5", &v), -1);
	assert_int_equal(xskey_parse_percent(k, "1.234", &v), -1);
	assert_int_equal(xskey_parse_percent(k, "-1", &v), -1);
	assert_int_equal(xskey_parse_percent(k, "1.-5", &v), -1);
}

static void
balloon_states_parse_exactly(void **state)
{
	enum xsk_bstate s;

	for (int i = 0; i < XSK_BSTATE__COUNT; i++) {
		const char *n = xsk_bstate_name((enum xsk_bstate)i);

		assert_true(strlen(n) <= XSK_BSTATE_MAX);
		assert_int_equal(xsk_bstate_parse(n, strlen(n), &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(xsk_bstate_parse("idl", 3, &s), -1);
	assert_int_equal(xsk_bstate_parse("idle ", 5, &s), -1);
	assert_int_equal(xsk_bstate_parse("IDLE", 4, &s), -1);
	assert_int_equal(xsk_bstate_parse("", 0, &s), -1);
}

static void
doc_names_writer_unit_and_bound(void **state)
{
	char buf[256];

	xskey_doc(xskey(XSK_SWAP_IN), buf, sizeof(buf));
	assert_string_equal(buf, "Writer: xenballoon-agent; decimal KiB/s, "
	    "0 to 1099511627776.");
	xskey_doc(xskey(XSK_PSI_FULL_AVG10), buf, sizeof(buf));
	assert_string_equal(buf, "Writer: xenballoon-agent; percent with at "
	    "most two decimals, 0.00 to 100.00.");
	xskey_doc(xskey(XSK_BALLOON_STATE), buf, sizeof(buf));
	assert_string_equal(buf, "Writer: xenballoon-agent; one of idle, "
	    "increasing, decreasing or waiting.");
	for (int i = 0; i < XSK__COUNT; i++)
		assert_true(xskey_doc(xskey((enum xsk_id)i), buf,
		    sizeof(buf)) < (int)sizeof(buf));
}

static void
doc_cut_short_stays_in_its_buffer(void **state)
{
	const struct xskey *k = xskey(XSK_BALLOON_STATE);
	char full[256], buf[300];
	size_t n;
	int r;

	/* Every buffer size up to the sentence's: a NUL-terminated head of
	 * it, no byte past the buffer, and the cut said (a length that
	 * does not fit), as snprintf says it. */
	n = (size_t)xskey_doc(k, full, sizeof(full));
	assert_int_equal(n, strlen(full));
	for (size_t len = 1; len <= n + 1; len++) {
		memset(buf, 'Z', sizeof(buf));
		r = xskey_doc(k, buf, len);
		assert_int_equal(strlen(buf), len - 1 < n ? len - 1 : n);
		assert_memory_equal(buf, full, strlen(buf));
		for (size_t i = len; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 'Z');
		if (len > n)
			assert_int_equal(r, (int)n);
		else
			assert_true(r >= (int)len);
	}
	/* A kind the table does not know has no sentence. */
	struct xskey bogus = *xskey(XSK_SWAP_IN);

	bogus.kind = (enum xsk_kind)99;
	assert_int_equal(xskey_doc(&bogus, full, sizeof(full)), -1);
	assert_string_equal(xsk_bstate_name(XSK_BSTATE__COUNT), "?");
}

static int
list_doc(void)
{
	char buf[256];

	for (int i = 0; i < XSK__COUNT; i++) {
		xskey_doc(xskey((enum xsk_id)i), buf, sizeof(buf));
		printf("%s\t%s\n", xskeys[i].path, buf);
	}
	return 0;
}

static int
print_path(int argc, char **argv)
{
	const struct xskey *k = xskey_by_name(argv[0]);
	char buf[256];

	if (k == NULL || xskey_expand(buf, sizeof(buf), k,
	    (const char *const *)argv + 1, (size_t)argc - 1) < 0) {
		fprintf(stderr, "test-xskeys: no key %s with %d indexes\n",
		    argv[0], argc - 1);
		return 2;
	}
	printf("%s\n", buf);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_row_is_filled_and_named_once),
		cmocka_unit_test(guest_keys_live_where_the_guest_may_write),
		cmocka_unit_test(rows_are_found_by_their_names),
		cmocka_unit_test(path_fills_placeholders_in_order),
		cmocka_unit_test(path_refuses_what_does_not_fit),
		cmocka_unit_test(path_fills_its_buffer_exactly),
		cmocka_unit_test(percent_takes_two_decimals_within_the_bound),
		cmocka_unit_test(balloon_states_parse_exactly),
		cmocka_unit_test(doc_names_writer_unit_and_bound),
		cmocka_unit_test(doc_cut_short_stays_in_its_buffer),
	};

	if (argc == 2 && strcmp(argv[1], "--doc") == 0)
		return list_doc();
	if (argc >= 3 && strcmp(argv[1], "--path") == 0)
		return print_path(argc - 2, argv + 2);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
