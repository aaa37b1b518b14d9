/*
 * test-log.c - log classes, levels, class-spec parsing and rate limits.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "log.h"

static char	*captured;
static size_t	 captured_len;
static FILE	*capture;

static int
setup(void **state)
{
	(void)state;
	capture = open_memstream(&captured, &captured_len);
	log_init("test", LOG_TARGET_STDERR);
	log_set_stream(capture);
	log_set_level(LOG_INFO);
	log_set_classes(LOGC_DEFAULT);
	return capture ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	log_set_stream(NULL);
	fclose(capture);
	free(captured);
	return 0;
}

static const char *
output(void)
{
	fflush(capture);
	return captured;
}

static void
class_filter_hides_disabled_classes(void **state)
{
	(void)state;
	log_set_classes(LOGC_POLICY);
	log_info(LOGC_XENSTORE, "hidden %d", 1);
	log_info(LOGC_POLICY, "shown %d", 2);
	assert_null(strstr(output(), "hidden"));
	assert_non_null(strstr(output(), "test: shown 2"));
}

static void
warnings_ignore_class_filter(void **state)
{
	(void)state;
	log_set_classes(0);
	log_warnx("disk on fire");
	log_msg(LOG_ERR, LOGC_NET, "net broke");
	assert_non_null(strstr(output(), "test: warning: disk on fire"));
	assert_non_null(strstr(output(), "test: error: net broke"));
}

static void
level_filter(void **state)
{
	(void)state;
	log_set_classes(LOGC_ALL);
	log_debug(LOGC_POLICY, "too chatty");
	assert_null(strstr(output(), "too chatty"));
	log_set_level(LOG_DEBUG);
	log_debug(LOGC_POLICY, "now wanted");
	assert_non_null(strstr(output(), "now wanted"));
	log_set_level(99);
	assert_int_equal(log_get_level(), LOG_DEBUG);
	log_set_level(-3);
	assert_int_equal(log_get_level(), LOG_EMERG);
}

static void
class_spec_parsing(void **state)
{
	unsigned int m;
	char err[128];
	char buf[128];

	(void)state;
	assert_int_equal(log_parse_classes("+policy -xenstore",
	    LOGC_XENSTORE | LOGC_NET, &m, err, sizeof(err)), 0);
	assert_int_equal(m, LOGC_POLICY | LOGC_NET);
	assert_int_equal(log_parse_classes("policy,net", LOGC_ALL, &m, err,
	    sizeof(err)), 0);
	assert_int_equal(m, LOGC_POLICY | LOGC_NET);
	assert_int_equal(log_parse_classes("all -hv", 0, &m, err,
	    sizeof(err)), 0);
	assert_int_equal(m, LOGC_ALL & ~LOGC_HV);
	assert_int_equal(log_parse_classes("none", LOGC_ALL, &m, err,
	    sizeof(err)), 0);
	assert_int_equal(m, 0);
	assert_int_equal(log_parse_classes("+bogus", 0, &m, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown log class 'bogus'"));
	assert_int_equal(log_parse_classes("", 0, &m, err, sizeof(err)), -1);
	assert_string_equal(err, "empty log class list");
	assert_string_equal(log_format_classes(LOGC_POLICY | LOGC_NET, buf,
	    sizeof(buf)), "policy,net");
	assert_string_equal(log_format_classes(0, buf, sizeof(buf)), "");
}

static void
level_names(void **state)
{
	(void)state;
	assert_int_equal(log_parse_level("debug"), LOG_DEBUG);
	assert_int_equal(log_parse_level("warning"), LOG_WARNING);
	assert_int_equal(log_parse_level("verbose"), -1);
	assert_string_equal(log_level_name(LOG_INFO), "info");
	assert_string_equal(log_level_name(42), "unknown");
}

static void
ratelimit_bursts_then_reports_suppressed(void **state)
{
	struct log_ratelimit rl = { 0 };
	unsigned int supp, allowed = 0;

	(void)state;
	for (int i = 0; i < 100; i++)
		if (log_ratelimit(&rl, 1000000 + i, 5, 1000000, &supp))
			allowed++;
	assert_int_equal(allowed, 5);
	/* Next window: allowed again, and told how many were dropped. */
	assert_true(log_ratelimit(&rl, 2000001, 5, 1000000, &supp));
	assert_int_equal(supp, 95);
	/* A clock going backwards opens a new window, not a stall. */
	assert_true(log_ratelimit(&rl, 5, 5, 1000000, &supp));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    class_filter_hides_disabled_classes, setup, teardown),
		cmocka_unit_test_setup_teardown(warnings_ignore_class_filter,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(level_filter, setup, teardown),
		cmocka_unit_test(class_spec_parsing),
		cmocka_unit_test(level_names),
		cmocka_unit_test(ratelimit_bursts_then_reports_suppressed),
	};

	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
