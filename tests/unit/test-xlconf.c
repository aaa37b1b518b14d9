/*
 * test-xlconf.c - autoballoon as xl.conf(5) sets it (daemon/xlconf.c):
 * every spelling xl accepts, xl's default, the last setting counting,
 * and every malformed line refused with its number.
 */
#include "config.h"

#include <errno.h>
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted_spellings),
		cmocka_unit_test(malformed_refused),
		cmocka_unit_test(files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
