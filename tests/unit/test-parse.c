/*
 * test-parse.c - every outside-input parser, with the bad inputs a guest
 * or an admin can produce, each asserting the exact error.
 */
#include "config.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "parse.h"

struct u64_case {
	const char	*in;
	enum parse_err	 err;
	uint64_t	 val;
};

static void
u64_rejects_and_accepts(void **state)
{
	static const struct u64_case cases[] = {
		{ "0", PARSE_OK, 0 },
		{ "524288", PARSE_OK, 524288 },
		{ "007", PARSE_OK, 7 },
		{ "18446744073709551615", PARSE_OK, UINT64_MAX },
		{ "18446744073709551616", PARSE_OVERFLOW, 0 },
		{ "99999999999999999999", PARSE_OVERFLOW, 0 },
		{ "000000000000000000001", PARSE_TOOLONG, 0 },
		/* Twenty digits and a newline: refused for the newline. */
		{ "18446744073709551615\n", PARSE_SPACE, 0 },
		{ "00000000000000000001x", PARSE_TRAILING, 0 },
		{ "1234567890123456789012345", PARSE_TOOLONG, 0 },
		{ "", PARSE_EMPTY, 0 },
		{ "-1", PARSE_SIGN, 0 },
		{ "+1", PARSE_SIGN, 0 },
		{ " 1", PARSE_SPACE, 0 },
		{ "1 ", PARSE_SPACE, 0 },
		{ "1\n", PARSE_SPACE, 0 },
		{ "\t1", PARSE_SPACE, 0 },
		{ "abc", PARSE_NOTNUM, 0 },
		{ "0x10", PARSE_TRAILING, 0 },
		{ "12abc", PARSE_TRAILING, 0 },
		{ "1e6", PARSE_TRAILING, 0 },
		{ "1.5", PARSE_TRAILING, 0 },
	};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = 12345;
		enum parse_err e = parse_u64(cases[i].in, 0, UINT64_MAX, &v);

		if (e != cases[i].err)
			fail_msg("parse_u64(\"%s\") = %s, want %s", cases[i].in,
			    parse_strerror(e), parse_strerror(cases[i].err));
		if (e == PARSE_OK)
			assert_int_equal(v, cases[i].val);
		else
			assert_int_equal(v, 12345);	/* untouched on error */
	}
	assert_int_equal(parse_u64(NULL, 0, 1, &v), PARSE_EMPTY);
}

static void
u64_bounds(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_u64("9", 10, 20, &v), PARSE_RANGE);
	assert_int_equal(parse_u64("21", 10, 20, &v), PARSE_RANGE);
	assert_int_equal(parse_u64("10", 10, 20, &v), PARSE_OK);
	assert_int_equal(v, 10);
	assert_int_equal(parse_u64("20", 10, 20, &v), PARSE_OK);
	assert_int_equal(v, 20);
}

static void
xs_value_is_bytes_not_string(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(parse_xs_u64("1234", 4, 0, UINT64_MAX, &v), PARSE_OK);
	assert_int_equal(v, 1234);
	/* Length, not NUL, ends the value. */
	assert_int_equal(parse_xs_u64("12345", 2, 0, UINT64_MAX, &v), PARSE_OK);
	assert_int_equal(v, 12);
	assert_int_equal(parse_xs_u64("12\0" "34", 5, 0, UINT64_MAX, &v),
	    PARSE_NUL);
	assert_int_equal(parse_xs_u64("", 0, 0, UINT64_MAX, &v), PARSE_EMPTY);
	assert_int_equal(parse_xs_u64(NULL, 3, 0, UINT64_MAX, &v), PARSE_EMPTY);
	/* A huge value is refused before it is scanned. */
	char big[4096];

	memset(big, '1', sizeof(big));
	assert_int_equal(parse_xs_u64(big, sizeof(big), 0, UINT64_MAX, &v),
	    PARSE_TOOLONG);
	assert_int_equal(parse_xs_u64("-5", 2, 0, UINT64_MAX, &v), PARSE_SIGN);
	assert_int_equal(parse_xs_u64("5 ", 2, 0, UINT64_MAX, &v), PARSE_SPACE);
	assert_int_equal(parse_xs_u64("5x", 2, 0, UINT64_MAX, &v),
	    PARSE_TRAILING);
	assert_int_equal(parse_xs_u64("999", 3, 0, 100, &v), PARSE_RANGE);
}

struct size_case {
	const char	*in;
	enum parse_err	 err;
	uint64_t	 kib;
};

static void
size_units(void **state)
{
	static const struct size_case cases[] = {
		{ "524288", PARSE_OK, 524288 },
		{ "1048576k", PARSE_OK, 1048576 },
		{ "1048576K", PARSE_OK, 1048576 },
		{ "512M", PARSE_OK, 512 * 1024 },
		{ "512m", PARSE_OK, 512 * 1024 },
		{ "512MiB", PARSE_OK, 512 * 1024 },
		{ "512MB", PARSE_OK, 512 * 1024 },
		{ "2G", PARSE_OK, 2 * 1024 * 1024 },
		{ "2GiB", PARSE_OK, 2 * 1024 * 1024 },
		{ "1T", PARSE_OK, 1024ull * 1024 * 1024 },
		{ "0", PARSE_OK, 0 },
		{ "", PARSE_EMPTY, 0 },
		{ "-1G", PARSE_SIGN, 0 },
		{ "+1G", PARSE_SIGN, 0 },
		{ " 1G", PARSE_SPACE, 0 },
		{ "1 G", PARSE_SPACE, 0 },
		{ "1G ", PARSE_SPACE, 0 },
		{ "G", PARSE_NOTNUM, 0 },
		{ "1X", PARSE_UNIT, 0 },
		{ "1Gb", PARSE_UNIT, 0 },
		{ "1GiBs", PARSE_UNIT, 0 },
		{ "1.5G", PARSE_UNIT, 0 },
		{ "17179869184T", PARSE_OVERFLOW, 0 },
		/* The largest of each unit that fits, and one more. */
		{ "18446744073709551615K", PARSE_OK, UINT64_MAX },
		{ "17592186044415G", PARSE_OK, 17592186044415ull << 20 },
		{ "17592186044416G", PARSE_OVERFLOW, 0 },
		{ "17179869183T", PARSE_OK, 17179869183ull << 30 },
		/* A word of 32 bytes is read, 33 are not. */
		{ "0000000000000000000000000000512M", PARSE_OK, 512 * 1024 },
		{ "00000000000000000000000000000512M", PARSE_TOOLONG, 0 },
		{ "99999999999999999999999", PARSE_OVERFLOW, 0 },
		{ "123456789012345678901234567890123", PARSE_TOOLONG, 0 },
	};
	uint64_t kib;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kib = 777;
		enum parse_err e = parse_size_kib(cases[i].in, &kib);

		if (e != cases[i].err)
			fail_msg("parse_size_kib(\"%s\") = %s, want %s",
			    cases[i].in, parse_strerror(e),
			    parse_strerror(cases[i].err));
		if (e == PARSE_OK)
			assert_int_equal(kib, cases[i].kib);
		else
			assert_int_equal(kib, 777);
	}
}

static void
size_format_round_trips(void **state)
{
	char buf[32];
	uint64_t kib;

	(void)state;
	assert_string_equal(format_size_kib(2 * 1024 * 1024, buf, sizeof(buf)),
	    "2G");
	assert_string_equal(format_size_kib(1536 * 1024, buf, sizeof(buf)),
	    "1536M");
	assert_string_equal(format_size_kib(123, buf, sizeof(buf)), "123k");
	assert_string_equal(format_size_kib(0, buf, sizeof(buf)), "0k");
	/* Past T there is no unit: a PiB stays in TiB. */
	assert_string_equal(format_size_kib(1ull << 40, buf, sizeof(buf)),
	    "1024T");
	for (uint64_t v = 1; v < (1ull << 40); v = v * 3 + 1) {
		format_size_kib(v, buf, sizeof(buf));
		assert_int_equal(parse_size_kib(buf, &kib), PARSE_OK);
		assert_int_equal(kib, v);
	}
}

static void
duration_units(void **state)
{
	uint64_t ms = 0;

	(void)state;
	assert_int_equal(parse_duration_ms("30", &ms), PARSE_OK);
	assert_int_equal(ms, 30000);
	assert_int_equal(parse_duration_ms("30s", &ms), PARSE_OK);
	assert_int_equal(ms, 30000);
	assert_int_equal(parse_duration_ms("250ms", &ms), PARSE_OK);
	assert_int_equal(ms, 250);
	assert_int_equal(parse_duration_ms("5m", &ms), PARSE_OK);
	assert_int_equal(ms, 300000);
	assert_int_equal(parse_duration_ms("2min", &ms), PARSE_OK);
	assert_int_equal(ms, 120000);
	assert_int_equal(parse_duration_ms("2h", &ms), PARSE_OK);
	assert_int_equal(ms, 7200000);
	assert_int_equal(parse_duration_ms("5d", &ms), PARSE_UNIT);
	assert_int_equal(parse_duration_ms("-5s", &ms), PARSE_SIGN);
	assert_int_equal(parse_duration_ms("5 s", &ms), PARSE_SPACE);
	assert_int_equal(parse_duration_ms("s", &ms), PARSE_NOTNUM);
	assert_int_equal(parse_duration_ms("", &ms), PARSE_EMPTY);
	assert_int_equal(parse_duration_ms("99999999999999999h", &ms),
	    PARSE_OVERFLOW);
}

/* Every byte: its value as strtol reads a lone hex digit, or -1. */
static void
hexdigit_is_strtols(void **state)
{
	for (int c = 0; c < 256; c++) {
		char s[2] = { (char)c, '\0' }, *end;
		long v = strtol(s, &end, 16);
		bool digit = c != 0 && c != '+' && c != '-' && !isspace(c) &&
		    *end == '\0';

		assert_int_equal(parse_hexdigit(c), digit ? (int)v : -1);
	}
}

static void
uuid_strict(void **state)
{
	uint8_t u[16];
	char out[37];

	(void)state;
	assert_int_equal(parse_uuid("00112233-4455-6677-8899-aabbccddeeff", u),
	    PARSE_OK);
	assert_int_equal(u[0], 0x00);
	assert_int_equal(u[15], 0xff);
	format_uuid(u, out);
	assert_string_equal(out, "00112233-4455-6677-8899-aabbccddeeff");
	assert_int_equal(parse_uuid("00112233-4455-6677-8899-AABBCCDDEEFF", u),
	    PARSE_OK);
	assert_int_equal(parse_uuid("00112233-4455-6677-8899-aabbccddeef", u),
	    PARSE_BADUUID);
	assert_int_equal(parse_uuid("00112233-4455-6677-8899-aabbccddeeff0", u),
	    PARSE_BADUUID);
	assert_int_equal(parse_uuid("0011223344-55-6677-8899-aabbccddeeff", u),
	    PARSE_BADUUID);
	assert_int_equal(parse_uuid("0011223g-4455-6677-8899-aabbccddeeff", u),
	    PARSE_BADUUID);
	assert_int_equal(parse_uuid("", u), PARSE_EMPTY);
}

static void
domref_kinds(void **state)
{
	struct domref r;
	char longname[100];

	(void)state;
	assert_int_equal(parse_domref("0", &r), PARSE_OK);
	assert_int_equal(r.kind, DOMREF_ID);
	assert_int_equal(r.domid, 0);
	assert_int_equal(parse_domref("32751", &r), PARSE_OK);
	assert_int_equal(r.domid, 32751);
	assert_int_equal(parse_domref("32752", &r), PARSE_RANGE);
	assert_int_equal(parse_domref("99999999999999999999999", &r),
	    PARSE_TOOLONG);
	assert_int_equal(parse_domref("00112233-4455-6677-8899-aabbccddeeff",
	    &r), PARSE_OK);
	assert_int_equal(r.kind, DOMREF_UUID);
	assert_int_equal(r.uuid[1], 0x11);
	assert_int_equal(parse_domref("guest-1", &r), PARSE_OK);
	assert_int_equal(r.kind, DOMREF_NAME);
	assert_string_equal(r.name, "guest-1");
	assert_int_equal(parse_domref("-1", &r), PARSE_OK);	/* a name */
	assert_int_equal(r.kind, DOMREF_NAME);
	assert_int_equal(parse_domref("", &r), PARSE_EMPTY);
	assert_int_equal(parse_domref(NULL, &r), PARSE_EMPTY);
	assert_int_equal(parse_domref("bad name", &r), PARSE_SPACE);
	assert_int_equal(parse_domref("a/b", &r), PARSE_BADNAME);
	assert_int_equal(parse_domref("bell\a", &r), PARSE_BADNAME);
	/* The first byte is checked like the others. */
	assert_int_equal(parse_domref(" web", &r), PARSE_SPACE);
	assert_int_equal(parse_domref("/web", &r), PARSE_BADNAME);
	assert_int_equal(parse_domref("\x1bweb", &r), PARSE_BADNAME);
	/* The name comes out terminated, whatever was in *r. */
	memset(&r, 0xff, sizeof(r));
	assert_int_equal(parse_domref("web", &r), PARSE_OK);
	assert_string_equal(r.name, "web");
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(parse_domref(longname, &r), PARSE_TOOLONG);
	longname[DOMNAME_MAX] = '\0';
	assert_int_equal(parse_domref(longname, &r), PARSE_OK);
	assert_string_equal(r.name, longname);
}

static void
utf8_fix_marks_what_json_cannot_carry(void **state)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "web-01", "web-01" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },		/* valid 2 bytes */
		{ "\xe2\x82\xac" "5", "\xe2\x82\xac" "5" },		/* valid 3 bytes */
		{ "ab\xc3", "ab?" },				/* cut in half */
		{ "\xff\xfe", "??" },				/* never UTF-8 */
		{ "\xc0\xaf", "??" },				/* overlong */
		{ "\xed\xa0\x80", "???" },			/* surrogate */
		{ "\xf4\x90\x80\x80", "????" },		/* above U+10FFFF */
		/* The first and last of each length are kept ... */
		{ "\xc2\x80 \xdf\xbf", "\xc2\x80 \xdf\xbf" },
		{ "\xe0\xa0\x80 \xef\xbf\xbf", "\xe0\xa0\x80 \xef\xbf\xbf" },
		{ "\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf",
		    "\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf" },
		/* ... and no other byte starts one. */
		{ "\x81\x80\x80\x80", "????" },
		{ "\xf9\x80\x80\x80", "????" },
		{ "\xe0\x9f\xbf", "???" },			/* overlong */
		/* The last surrogate goes, the next character stays. */
		{ "\xed\xbf\xbf \xee\x80\x80", "??? \xee\x80\x80" },
		{ "\xf0\x8f\xbf\xbf", "????" },		/* overlong */
		{ "", "" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", t[i].in);
		parse_utf8_fix(buf);
		assert_string_equal(buf, t[i].out);
	}
}

static void
percent_takes_two_decimals_up_to_its_bound(void **state)
{
	static const struct {
		const char	*in;
		enum parse_err	 e;
		uint32_t	 out;
	} cases[] = {
		{ "0", PARSE_OK, 0 },		{ "1", PARSE_OK, 100 },
		{ "1.5", PARSE_OK, 150 },	{ "0.25", PARSE_OK, 25 },
		{ "100", PARSE_OK, 10000 },	{ "100.0", PARSE_OK, 10000 },
		{ "100.01", PARSE_RANGE, 0 },	{ "101", PARSE_RANGE, 0 },
		{ "1.234", PARSE_TRAILING, 0 },	{ "1.", PARSE_TRAILING, 0 },
		{ ".5", PARSE_EMPTY, 0 },	{ "-1", PARSE_SIGN, 0 },
		{ "1.-5", PARSE_SIGN, 0 },	{ "1.5x", PARSE_TRAILING, 0 },
		{ "1.5.5", PARSE_TRAILING, 0 },
		{ "123456789012345678901234.5", PARSE_TOOLONG, 0 },
	};
	uint32_t out;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out = 0;
		if (parse_percent(cases[i].in, 10000, &out) != cases[i].e)
			fail_msg("%s: got %s", cases[i].in,
			    parse_strerror(parse_percent(cases[i].in, 10000,
			    &out)));
		if (cases[i].e == PARSE_OK)
			assert_int_equal(out, cases[i].out);
	}
	/* a bound below 100 % holds for the integer and the decimals */
	assert_int_equal(parse_percent("5", 500, &out), PARSE_OK);
	assert_int_equal(out, 500);
	assert_int_equal(parse_percent("5.01", 500, &out), PARSE_RANGE);
	assert_int_equal(parse_percent("6", 500, &out), PARSE_RANGE);
	assert_int_equal(parse_percent("", 500, &out), PARSE_EMPTY);
}

static void
strerror_covers_all(void **state)
{
	(void)state;
	/* Every code has its own words. */
	for (int e = PARSE_OK; e <= PARSE_BADNAME; e++)
		for (int f = e + 1; f <= PARSE_BADNAME; f++)
			assert_string_not_equal(parse_strerror(e),
			    parse_strerror(f));
	assert_string_equal(parse_strerror(PARSE_OVERFLOW), "number too large");
	assert_string_equal(parse_strerror(PARSE_BADNAME),
	    "invalid domain name");
	assert_string_equal(parse_strerror(PARSE_BADNAME + 1),
	    "unknown parse error");
	assert_string_equal(parse_strerror((enum parse_err)999),
	    "unknown parse error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hexdigit_is_strtols),
		cmocka_unit_test(u64_rejects_and_accepts),
		cmocka_unit_test(u64_bounds),
		cmocka_unit_test(xs_value_is_bytes_not_string),
		cmocka_unit_test(size_units),
		cmocka_unit_test(size_format_round_trips),
		cmocka_unit_test(duration_units),
		cmocka_unit_test(percent_takes_two_decimals_up_to_its_bound),
		cmocka_unit_test(uuid_strict),
		cmocka_unit_test(domref_kinds),
		cmocka_unit_test(strerror_covers_all),
		cmocka_unit_test(utf8_fix_marks_what_json_cannot_carry),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
