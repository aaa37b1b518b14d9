/*
 * test-control.c - the protocol's table (common/control.h): each command
 * and member named once, usages that start with their command, one
 * spelling of each unit.
 *
 *   test-control          the cmocka tests (TAP)
 *   test-control --doc    "cmd<TAB>name<TAB>cli" for every command and
 *                         "member<TAB>name" for every member: what
 *                         man/check-protocol.sh holds xenballoonctl(8) to
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "control.h"

static void
every_command_is_named_once_with_its_usage(void **state)
{
	for (int i = 0; i < REQUEST_NCMDS; i++) {
		const struct control_cmd *c = &control_cmds[i];
		size_t n;

		assert_non_null(c->name);
		assert_non_null(c->help);
		n = strlen(c->name);
		assert_true(n > 0 && strspn(c->name,
		    "abcdefghijklmnopqrstuvwxyz") == n);
		/* "set DOM key=value...": the name, then nothing or a space. */
		assert_int_equal(strncmp(c->usage, c->name, n), 0);
		assert_true(c->usage[n] == '\0' || c->usage[n] == ' ');
		assert_true(c->min >= 0 && (c->max == -1 || c->max >= c->min));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(c->name, control_cmds[j].name);
	}
}

static void
commands_are_found_by_their_names(void **state)
{
	for (int i = 0; i < REQUEST_NCMDS; i++)
		assert_int_equal(control_cmd_find(control_cmds[i].name), i);
	assert_int_equal(control_cmd_find(""), -1);
	assert_int_equal(control_cmd_find("statu"), -1);
	assert_int_equal(control_cmd_find("status "), -1);
}

/* Lower case words joined by '_', each name once. */
static void
every_member_is_named_once(void **state)
{
	for (int i = 0; i < CM_COUNT; i++) {
		const char *m = control_members[i];
		size_t n = strlen(m);

		assert_true(n > 0 && m[0] != '_' && m[n - 1] != '_');
		assert_true(strspn(m, "abcdefghijklmnopqrstuvwxyz0123456789_")
		    == n);
		assert_null(strstr(m, "__"));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(m, control_members[j]);
	}
}

/*
 * A unit is the name's last word and is spelled one way: _kib, _kibps
 * (as the xenstore keys: swap-in-kibps), _ms, _us.  No kib_s, no kb, no
 * kib in the middle of a name.
 */
static void
units_are_spelled_one_way(void **state)
{
	for (int i = 0; i < CM_COUNT; i++) {
		const char *m = control_members[i], *k = strstr(m, "kib");

		assert_null(strstr(m, "kb"));
		assert_null(strstr(m, "bytes"));
		if (k == NULL)
			continue;
		assert_true(k > m && k[-1] == '_');
		assert_true(strcmp(k, "kib") == 0 || strcmp(k, "kibps") == 0);
	}
}

static int
list_doc(void)
{
	for (int i = 0; i < REQUEST_NCMDS; i++)
		printf("cmd\t%s\t%d\n", control_cmds[i].name,
		    control_cmds[i].cli);
	for (int i = 0; i < CM_COUNT; i++)
		printf("member\t%s\n", control_members[i]);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_command_is_named_once_with_its_usage),
		cmocka_unit_test(commands_are_found_by_their_names),
		cmocka_unit_test(every_member_is_named_once),
		cmocka_unit_test(units_are_spelled_one_way),
	};

	if (argc == 2 && strcmp(argv[1], "--doc") == 0)
		return list_doc();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
