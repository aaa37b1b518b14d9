/*
 * test-top.c - xenballoonctl top's frames (daemon/top.c) from status
 * replies written out here: the title, the host, a row per domain, every
 * sort key, names whole or cut with a '+', a screen too small, no domain,
 * and replies that lie about their types.
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

#include "top.h"

#define LONGNAME "a-domain-name-well-past-sixteen-characters-and-then-some-more"

/* web: 1 GiB, idle; db: 3 GiB pinned, pressure; batch: 2 GiB, no agent. */
static const char three[] = "{\"ok\": true, \"version\": 2,"
    "\"host\": {\"total_kib\": 8388608, \"free_kib\": 592896,"
    " \"reserved_kib\": 524288, \"slack_kib\": 65536, \"deficit_kib\": 0,"
    " \"unmet_kib\": 1024, \"stuck\": 1},"
    "\"domains\": ["
    "{\"domid\": 1, \"name\": \"web\", \"actual_kib\": 1048576,"
    " \"target_kib\": 1048576, \"demand_kib\": 700000, \"state\": \"idle\","
    " \"hv_state\": \"running\", \"pressure\": false,"
    " \"guest\": {\"psi_some_avg10\": 0.5, \"oom_kills\": 0}},"
    "{\"domid\": 2, \"name\": \"db\", \"actual_kib\": 3145728,"
    " \"target_kib\": 3145728, \"pinned_kib\": 3145728,"
    " \"demand_kib\": 3500000, \"state\": \"growing\","
    " \"hv_state\": \"running\", \"pressure\": true,"
    " \"guest\": {\"psi_some_avg10\": 12.25, \"oom_kills\": 3}},"
    "{\"domid\": 3, \"name\": \"batch\", \"actual_kib\": 2097152,"
    " \"target_kib\": 4194304, \"state\": \"stuck\","
    " \"hv_state\": \"paused\", \"guest\": {}}"
    "]}";

static json_t *
load(const char *s)
{
	json_error_t e;
	json_t *j = json_loads(s, 0, &e);

	if (j == NULL)
		fail_msg("fixture: %s", e.text);
	return j;
}

/* The frame of reply s as the view says, sorted first. */
static void
frame(const char *s, struct top_view *v, struct top_lines *l)
{
	struct top_model m;
	json_t *j = load(s);

	assert_int_equal(top_model_decode(j, &m), 0);
	json_decref(j);
	top_model_sort(&m, v->sort, v->reverse);
	assert_int_equal(top_render(&m, v, l), 0);
	top_model_free(&m);
}

/* The domids of the rows (lines 3 on), in order: "2 3 1". */
static void
order(struct top_lines *l, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 3; i < l->n; i++) {
		char id[16];

		snprintf(id, sizeof(id), "%s%d", i > 3 ? " " : "",
		    atoi(l->v[i]));
		strncat(buf, id, len - strlen(buf) - 1);
	}
}

static void
a_frame_is_a_title_the_host_a_header_and_a_row_a_domain(void **state)
{
	struct top_view v = { .delay_ms = 2000, .clock = "13:02:11" };
	struct top_lines l;

	frame(three, &v, &l);
	assert_int_equal(l.n, 6);
	assert_string_equal(l.v[0], "xenballoonctl top  13:02:11  every 2s  "
	    "sort: domid");
	assert_string_equal(l.v[1], "host: total 8192M  free 579M  reserved "
	    "512M  slack 64M  deficit 0M  unmet 1M  stuck 1  domains 3");
	assert_string_equal(l.v[2], "DOMID NAME   ACTUAL  TARGET  DEMAND     "
	    "PIN PRESS   PSI  OOM STATE     HV");
	assert_string_equal(l.v[3], "    1 web      1024    1024     683     "
	    "  - no      0.5    0 idle      running");
	assert_string_equal(l.v[4], "    2 db       3072    3072    3417    "
	    "3072 yes    12.2    3 growing   running");
	assert_string_equal(l.v[5], "    3 batch    2048    4096       -     "
	    "  - -         -    - stuck     paused");
	top_lines_free(&l);

	/* On a screen: the keys; under --kib exact KiB; half seconds. */
	v = (struct top_view){ .delay_ms = 500, .kib = true, .cols = 200,
	    .rows = 50, .sort = TOP_SORT_NAME, .reverse = true };
	frame(three, &v, &l);
	assert_string_equal(l.v[0], "xenballoonctl top    every 500ms  sort: "
	    "name, reversed  keys: i n a t d p sort, r reverse, q quit");
	assert_non_null(strstr(l.v[1], "total 8388608k  free 592896k"));
	assert_non_null(strstr(l.v[4], " 3145728    3145728    3500000 "));
	top_lines_free(&l);
}

static void
each_key_sorts_its_column(void **state)
{
	static const struct {
		enum top_sort	 s;
		bool		 rev;
		const char	*want;
	} cases[] = {
		{ TOP_SORT_DOMID,	false,	"1 2 3" },
		{ TOP_SORT_DOMID,	true,	"3 2 1" },
		{ TOP_SORT_NAME,	false,	"3 2 1" },	/* batch db web */
		{ TOP_SORT_NAME,	true,	"1 2 3" },
		{ TOP_SORT_ACTUAL,	false,	"2 3 1" },	/* biggest first */
		{ TOP_SORT_ACTUAL,	true,	"1 3 2" },
		{ TOP_SORT_TARGET,	false,	"3 2 1" },
		{ TOP_SORT_DEMAND,	false,	"2 1 3" },	/* unknown last */
		{ TOP_SORT_DEMAND,	true,	"1 2 3" },	/* still last */
		{ TOP_SORT_PRESSURE,	false,	"2 1 3" },
		{ TOP_SORT_PRESSURE,	true,	"1 2 3" },
	};
	struct top_lines l;
	char got[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct top_view v = { .delay_ms = 2000, .sort = cases[i].s,
		    .reverse = cases[i].rev };

		frame(three, &v, &l);
		order(&l, got, sizeof(got));
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("sort %s%s: rows %s, want %s",
			    top_sort_keys[cases[i].s].name,
			    cases[i].rev ? " reversed" : "", got,
			    cases[i].want);
		top_lines_free(&l);
	}
}

/* Equal figures keep the domid order, whatever came first in the reply. */
static void
ties_are_broken_by_domid(void **state)
{
	struct top_view v = { .delay_ms = 2000, .sort = TOP_SORT_ACTUAL };
	struct top_lines l;
	char got[64];

	frame("{\"domains\": [{\"domid\": 9, \"actual_kib\": 1024},"
	    "{\"domid\": 4, \"actual_kib\": 1024},"
	    "{\"domid\": 7, \"actual_kib\": 2048}]}", &v, &l);
	order(&l, got, sizeof(got));
	assert_string_equal(got, "7 4 9");
	top_lines_free(&l);
}

static void
keys_are_found_by_name_and_keystroke(void **state)
{
	for (int i = 0; i < TOP_NSORTS; i++) {
		assert_int_equal(top_sort_find(top_sort_keys[i].name), i);
		assert_int_equal(top_sort_bykey(top_sort_keys[i].key), i);
		/* q quits and r reverses: no sort key may take them. */
		assert_int_not_equal(top_sort_keys[i].key, 'q');
		assert_int_not_equal(top_sort_keys[i].key, 'r');
	}
	assert_int_equal(top_sort_find("Name"), -1);
	assert_int_equal(top_sort_find(""), -1);
	assert_int_equal(top_sort_bykey('q'), -1);
}

/* Where word ends in line (its column's right edge), or -1. */
static long
end_of(const char *line, const char *word)
{
	const char *p = strstr(line, word);

	return p == NULL ? -1 : (long)(p - line + (long)strlen(word));
}

static void
a_long_name_is_whole_unless_the_screen_is_narrow(void **state)
{
	char reply[512];
	struct top_view v = { .delay_ms = 2000 };
	struct top_lines l;

	snprintf(reply, sizeof(reply), "{\"domains\": [{\"domid\": 1, "
	    "\"name\": \"%s\", \"actual_kib\": 1048576}, {\"domid\": 2, "
	    "\"name\": \"b\", \"actual_kib\": 2097152}]}", LONGNAME);
	frame(reply, &v, &l);
	assert_non_null(strstr(l.v[3], " " LONGNAME " "));
	/* The column is as wide as the longest: ACTUAL lines up. */
	assert_int_equal(end_of(l.v[2], "ACTUAL"), end_of(l.v[3], "1024"));
	assert_int_equal(end_of(l.v[2], "ACTUAL"), end_of(l.v[4], "2048"));
	top_lines_free(&l);

	v.cols = 100;
	v.rows = 24;
	frame(reply, &v, &l);
	for (size_t i = 0; i < l.n; i++)
		assert_true(strlen(l.v[i]) <= 100);
	assert_null(strstr(l.v[3], LONGNAME));
	/* 100 less the 74 columns of the figures: 25 letters and a +. */
	assert_non_null(strstr(l.v[3], " a-domain-name-well-past-s+ "));
	assert_int_equal(end_of(l.v[2], "ACTUAL"), end_of(l.v[3], "1024"));
	assert_int_equal(end_of(l.v[2], "ACTUAL"), end_of(l.v[4], "2048"));
	top_lines_free(&l);

	/* Narrower than the figures: cut at the edge, not wrapped. */
	v.cols = 20;
	frame(reply, &v, &l);
	for (size_t i = 0; i < l.n; i++)
		assert_true(strlen(l.v[i]) <= 20);
	assert_string_equal(l.v[3], "    1 a-d+    1024");
	top_lines_free(&l);
}

static void
no_domain_is_a_frame_with_no_row(void **state)
{
	struct top_view v = { .delay_ms = 2000 };
	struct top_lines l;

	frame("{\"ok\": true, \"host\": {\"total_kib\": 1048576},"
	    " \"domains\": []}", &v, &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[1], "host: total 1024M  free -  reserved -  "
	    "slack -  deficit -  unmet -  stuck -  domains 0");
	assert_non_null(strstr(l.v[2], "DOMID NAME "));
	top_lines_free(&l);
	frame("{\"ok\": true}", &v, &l);
	assert_int_equal(l.n, 3);
	top_lines_free(&l);
}

static void
rows_that_do_not_fit_are_counted(void **state)
{
	char reply[2048] = "{\"domains\": [";
	struct top_view v = { .delay_ms = 2000, .cols = 80, .rows = 8 };
	struct top_lines l;

	for (int i = 1; i <= 10; i++) {
		char d[64];

		snprintf(d, sizeof(d), "%s{\"domid\": %d, \"name\": \"vm%d\"}",
		    i > 1 ? "," : "", i, i);
		strcat(reply, d);
	}
	strcat(reply, "]}");
	frame(reply, &v, &l);
	assert_int_equal(l.n, 8);
	assert_int_equal(atoi(l.v[3]), 1);
	assert_int_equal(atoi(l.v[6]), 4);
	assert_string_equal(l.v[7], "... 6 more (a taller terminal shows "
	    "them)");
	top_lines_free(&l);
	v.rows = 2;
	frame(reply, &v, &l);
	assert_int_equal(l.n, 2);
	top_lines_free(&l);
	v.rows = 13;		/* exactly enough */
	frame(reply, &v, &l);
	assert_int_equal(l.n, 13);
	assert_int_equal(atoi(l.v[12]), 10);
	top_lines_free(&l);
}

/* A reply is untrusted: wrong types are unknown, escapes never printed. */
static void
a_lying_reply_is_shown_as_unknown(void **state)
{
	struct top_view v = { .delay_ms = 2000 };
	struct top_lines l;

	frame("{\"host\": [1, 2], \"domains\": [7, \"x\", null,"
	    "{\"domid\": -4, \"name\": \"\\u001b[2Jevil\\u0007\","
	    " \"actual_kib\": \"lots\", \"target_kib\": -1,"
	    " \"demand_kib\": 1.5, \"pressure\": \"yes\", \"state\": 3,"
	    " \"guest\": {\"psi_some_avg10\": 1e300, \"oom_kills\": -2}}]}",
	    &v, &l);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[1], "host: total -  free -  reserved -  "
	    "slack -  deficit -  unmet -  stuck -  domains 1");
	assert_null(strchr(l.v[3], '\033'));
	assert_null(strchr(l.v[3], '\007'));
	assert_string_equal(l.v[3], "    - ?[2Jevil?       -       -       - "
	    "      - -         -    - -         -");
	top_lines_free(&l);

	frame("[1, 2, 3]", &v, &l);
	assert_int_equal(l.n, 3);
	top_lines_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_frame_is_a_title_the_host_a_header_and_a_row_a_domain),
		cmocka_unit_test(each_key_sorts_its_column),
		cmocka_unit_test(ties_are_broken_by_domid),
		cmocka_unit_test(keys_are_found_by_name_and_keystroke),
		cmocka_unit_test(a_long_name_is_whole_unless_the_screen_is_narrow),
		cmocka_unit_test(no_domain_is_a_frame_with_no_row),
		cmocka_unit_test(rows_that_do_not_fit_are_counted),
		cmocka_unit_test(a_lying_reply_is_shown_as_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
