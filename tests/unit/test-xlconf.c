/*
 * test-xlconf.c - autoballoon as xl.conf(5) sets it (daemon/xlconf.c):
 * every spelling xl accepts, xl's default, the last setting counting,
 * every malformed line refused with its number, and the lengths at
 * their edges.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "xbd.h"

struct xl_case {
	const char		*text;
	enum xlconf_autoballoon	 want;
	bool			 set;
};

static void
accepted_spellings(void **state)
{
	static const struct xl_case cases[] = {
		{ "", XLCONF_AB_AUTO, false },
		{ "# autoballoon=\"on\"\nlockfile=\"/x\"\n", XLCONF_AB_AUTO,
		    false },
		{ "autoballoon=\"on\"\n", XLCONF_AB_ON, true },
		{ "autoballoon = 'on'", XLCONF_AB_ON, true },
		{ "autoballoon=1\n", XLCONF_AB_ON, true },
		{ "autoballoon=\"1\"\n", XLCONF_AB_ON, true },
		{ "  autoballoon\t=\t\"off\" # no\n", XLCONF_AB_OFF, true },
		{ "autoballoon=0;\n", XLCONF_AB_OFF, true },
		{ "autoballoon=\"auto\"\n", XLCONF_AB_AUTO, true },
		{ "autoballoon=\"on\"\nautoballoon=\"off\"\n", XLCONF_AB_OFF,
		    true },
		{ "autoballoon_x=\"on\"\n", XLCONF_AB_AUTO, false },
		{ "autoballoon=\"off\"\r\n", XLCONF_AB_OFF, true },
	};
	char err[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct xlconf xc;

		if (xlconf_parse(cases[i].text, &xc, err, sizeof(err)) != 0)
			fail_msg("'%s': refused: %s", cases[i].text, err);
		if (xc.autoballoon != cases[i].want || xc.set != cases[i].set)
			fail_msg("'%s': got %s%s", cases[i].text,
			    xlconf_autoballoon_name(xc.autoballoon),
			    xc.set ? "" : " (default)");
	}
}

static void
malformed_refused(void **state)
{
	static const struct { const char *text, *err; } cases[] = {
		{ "autoballoon=\"yes\"\n", "line 1: unknown value 'yes' (xl "
		    "takes it as auto; expected \"on\", \"off\", \"auto\", 1 "
		    "or 0)" },
		{ "\nautoballoon=\"On\"\n", "line 2: unknown value 'On' (xl "
		    "takes it as auto; expected \"on\", \"off\", \"auto\", 1 "
		    "or 0)" },
		{ "autoballoon=2", "line 1: unknown value '2' (xl takes it as "
		    "auto; expected \"on\", \"off\", \"auto\", 1 or 0)" },
		{ "autoballoon=on\n", "line 1: a string or a number expected "
		    "after autoballoon =" },
		{ "autoballoon \"on\"\n", "line 1: '=' expected after "
		    "autoballoon" },
		{ "autoballoon=\"on\n", "line 1: unterminated string" },
		{ "autoballoon=\"on\" x\n", "line 1: unexpected 'x' after the "
		    "value" },
		{ "autoballoon=\"off\"\nautoballoon=\n",
		    "line 2: a string or a number expected after "
		    "autoballoon =" },
	};
	char err[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct xlconf xc;

		if (xlconf_parse(cases[i].text, &xc, err, sizeof(err)) != -1)
			fail_msg("'%s': accepted", cases[i].text);
		assert_string_equal(err, cases[i].err);
		/* As xl: a value it does not know counts as auto. */
		assert_int_equal(xc.autoballoon, XLCONF_AB_AUTO);
	}
}

static void
files(void **state)
{
	char path[] = "/tmp/xbxlconf.XXXXXX", err[512];
	struct xlconf xc;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "autoballoon=\"on\"\n", 17), 17);
	close(fd);
	assert_int_equal(xlconf_read(path, &xc, err, sizeof(err)), 0);
	assert_int_equal(xc.autoballoon, XLCONF_AB_ON);
	assert_int_equal(xc.line, 1);
	unlink(path);
	assert_int_equal(xlconf_read(path, &xc, err, sizeof(err)), -ENOENT);
	assert_int_equal(xc.autoballoon, XLCONF_AB_AUTO);
	assert_non_null(strstr(err, path));
}

/* parse TEXT: 0 or -1 as WANT, and ERR (when refused) in full. */
static void
parse_is(const char *text, int want, const char *why)
{
	struct xlconf xc;
	char err[256] = "";
	int r = xlconf_parse(text, &xc, err, sizeof(err));

	if (r != want || (want == -1 && strcmp(err, why) != 0))
		fail_msg("'%.40s...': %d '%s', expected %d '%s'", text, r, err,
		    want, why ? why : "");
}

/*
 * The lengths at their edges: a value of 31 characters is shown whole, a
 * longer one cut to 31; a number of 31 digits is a value, of 32 none; a
 * line of 511 bytes is read, one of 512 or more skipped, and counted.
 */
static void
length_edges(void **state)
{
	char text[1200], want[200];
	struct xlconf xc;
	char err[256];

	snprintf(text, sizeof(text), "autoballoon=\"%.31s\"",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	snprintf(want, sizeof(want), "line 1: unknown value '%.31s' (xl takes "
	    "it as auto; expected \"on\", \"off\", \"auto\", 1 or 0)",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	parse_is(text, -1, want);
	snprintf(text, sizeof(text), "autoballoon=\"%.32s\"",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	parse_is(text, -1, want);
	parse_is("autoballoon=18", -1, "line 1: unknown value '18' (xl takes "
	    "it as auto; expected \"on\", \"off\", \"auto\", 1 or 0)");
	parse_is("autoballoon=1234567890123456789012345678901", -1,
	    "line 1: unknown value '1234567890123456789012345678901' (xl "
	    "takes it as auto; expected \"on\", \"off\", \"auto\", 1 or 0)");
	parse_is("autoballoon=12345678901234567890123456789012", -1,
	    "line 1: a string or a number expected after autoballoon =");
	/* 511 bytes: "autoballoon=0 #" and a comment. */
	memset(text, 'c', sizeof(text));
	memcpy(text, "autoballoon=0 #", 15);
	text[511] = '\0';
	assert_int_equal(xlconf_parse(text, &xc, err, sizeof(err)), 0);
	assert_true(xc.set && xc.autoballoon == XLCONF_AB_OFF);
	memset(text, 'c', sizeof(text));
	memcpy(text, "autoballoon=0 #", 15);
	text[512] = '\0';
	assert_int_equal(xlconf_parse(text, &xc, err, sizeof(err)), 0);
	assert_false(xc.set);
	text[512] = 'c';
	text[600] = '\n';
	memcpy(text + 601, "autoballoon=1\nx=1\n", 19);
	assert_int_equal(xlconf_parse(text, &xc, err, sizeof(err)), 0);
	assert_true(xc.set && xc.autoballoon == XLCONF_AB_ON);
	assert_int_equal(xc.line, 2);
	memcpy(text + 601, "autoballoon=3\n", 15);
	parse_is(text, -1, "line 2: unknown value '3' (xl takes it as auto; "
	    "expected \"on\", \"off\", \"auto\", 1 or 0)");
}

/* A file with a NUL byte, a refused line named with its path, and a
 * result cleared when the file cannot be read. */
static void
files_refused(void **state)
{
	char path[] = "/tmp/xbxlconf.XXXXXX", err[512], want[600];
	struct xlconf xc;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "autoballoon=1\n\0x\n", 17), 17);
	close(fd);
	assert_int_equal(xlconf_read(path, &xc, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s: a NUL byte: not a text file", path);
	assert_string_equal(err, want);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "\nautoballoon=yes\n", 17), 17);
	close(fd);
	assert_int_equal(xlconf_read(path, &xc, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s: line 2: a string or a number "
	    "expected after autoballoon =", path);
	assert_string_equal(err, want);
	assert_int_equal(xc.line, 2);
	unlink(path);
	memset(&xc, 0xff, sizeof(xc));
	assert_int_equal(xlconf_read(path, &xc, err, sizeof(err)), -ENOENT);
	assert_false(xc.set);
	assert_int_equal(xc.line, 0);
	assert_int_equal(xc.autoballoon, XLCONF_AB_AUTO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted_spellings),
		cmocka_unit_test(malformed_refused),
		cmocka_unit_test(files),
		cmocka_unit_test(length_edges),
		cmocka_unit_test(files_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
