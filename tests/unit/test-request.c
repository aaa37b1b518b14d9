/*
 * test-request.c - the control socket's requests as request_parse()
 * decodes them (daemon/request.c).  The refusals are the exact code and
 * sentence a client reads in the reply: xenballoonctl prints them and
 * scripts match them, so a change here is a change of the protocol.
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
#include "request.h"

struct refusal {
	const char	*in;
	const char	*code;
	const char	*err;
};

static int
parse(const char *in, struct request *req, const char **code, char *err)
{
	return request_parse(in, strlen(in), req, code, err, REQUEST_ERR_MAX);
}

static void
refusals_say_why(void **state)
{
	static const struct refusal cases[] = {
		{ "", CONTROL_EBADREQ, "malformed request: '[' or '{' expected "
		    "near end of file" },
		{ "[\"status\"]", CONTROL_EBADREQ,
		    "malformed request: not an object" },
		{ "{\"cmd\":\"status\",\"cmd\":\"status\"}", CONTROL_EBADREQ,
		    "malformed request: duplicate object key near '\"cmd\"'" },
		{ "{}", CONTROL_EBADREQ, "missing \"cmd\"" },
		{ "{\"cmd\":42}", CONTROL_EBADREQ, "missing \"cmd\"" },
		{ "{\"cmd\":\"frobnicate\"}", CONTROL_EBADREQ,
		    "unknown cmd 'frobnicate'" },
		{ "{\"cmd\":\"show\"}", CONTROL_EBADREQ, "missing \"domain\" "
		    "(a domid, UUID or name)" },
		{ "{\"cmd\":\"show\",\"domain\":\"a/b\"}", CONTROL_EINVAL,
		    "bad domain 'a/b': invalid domain name" },
		{ "{\"cmd\":\"unpin\",\"domain\":\"32752\"}", CONTROL_EINVAL,
		    "bad domain '32752': number out of range" },
		{ "{\"cmd\":\"set\",\"domain\":\"g1\"}", CONTROL_EBADREQ,
		    "nothing to set (keys: min_kib, max_kib, weight)" },
		{ "{\"cmd\":\"set\",\"domain\":\"g1\",\"min_kib\":0}",
		    CONTROL_EINVAL, "bad min_kib: expected an integer from 1 "
		    "to 1099511627776 (KiB)" },
		{ "{\"cmd\":\"set\",\"domain\":\"g1\",\"max_kib\":\"1G\"}",
		    CONTROL_EINVAL, "bad max_kib: expected an integer from 1 "
		    "to 1099511627776 (KiB)" },
		{ "{\"cmd\":\"set\",\"domain\":\"g1\",\"weight\":10001}",
		    CONTROL_EINVAL, "bad weight: expected an integer from 1 to "
		    "10000" },
		{ "{\"cmd\":\"target\",\"domain\":\"g1\"}", CONTROL_EBADREQ,
		    "missing target_kib" },
		{ "{\"cmd\":\"target\",\"domain\":\"g1\",\"target_kib\":-1}",
		    CONTROL_EINVAL, "bad target_kib: expected an integer from 1 "
		    "to 1099511627776 (KiB)" },
		{ "{\"cmd\":\"reserve\",\"timeout_ms\":1}", CONTROL_EBADREQ,
		    "missing size_kib" },
		{ "{\"cmd\":\"reserve\",\"size_kib\":1}", CONTROL_EINVAL,
		    "bad timeout_ms: expected an integer from 1 to 86400000" },
		{ "{\"cmd\":\"reserve\",\"size_kib\":1,\"timeout_ms\":86400001}",
		    CONTROL_EINVAL,
		    "bad timeout_ms: expected an integer from 1 to 86400000" },
		{ "{\"cmd\":\"release\",\"id\":0}", CONTROL_EBADREQ,
		    "missing or bad id: expected a positive integer" },
		{ "{\"cmd\":\"reservation\",\"id\":1.5}", CONTROL_EBADREQ,
		    "missing or bad id: expected a positive integer" },
		{ "{\"cmd\":\"log\",\"classes\":7}", CONTROL_EBADREQ,
		    "classes must be a string" },
		{ "{\"cmd\":\"log\",\"classes\":\"+bogus\"}", CONTROL_EINVAL,
		    "unknown log class 'bogus' (known: all general policy "
		    "xenstore balloon net control hv config)" },
		{ "{\"cmd\":\"log\",\"classes\":\"\"}", CONTROL_EINVAL,
		    "empty log class list" },
		{ "{\"cmd\":\"unset\",\"domain\":\"g1\"}", CONTROL_EBADREQ,
		    "missing keys (an array of min_kib, max_kib, weight)" },
		{ "{\"cmd\":\"unset\",\"domain\":\"g1\",\"keys\":[]}",
		    CONTROL_EBADREQ,
		    "missing keys (an array of min_kib, max_kib, weight)" },
		{ "{\"cmd\":\"unset\",\"domain\":\"g1\",\"keys\":"
		    "[\"pinned_kib\"]}", CONTROL_EINVAL, "bad keys: 'pinned_kib' "
		    "is not one of min_kib, max_kib, weight (unpin clears a pin)" },
		{ "{\"cmd\":\"unset\",\"domain\":\"g1\",\"keys\":[\"min_kib\","
		    "3]}", CONTROL_EINVAL, "bad keys: '?' is not one of "
		    "min_kib, max_kib, weight" },
		{ "{\"cmd\":\"policy\"}", CONTROL_EBADREQ,
		    "missing or bad action: export or import" },
		{ "{\"cmd\":\"policy\",\"action\":\"import\"}", CONTROL_EBADREQ,
		    "missing policies (an object: name:NAME or uuid:UUID -> "
		    "policy)" },
		{ "{\"cmd\":\"policy\",\"action\":\"import\",\"policies\":"
		    "{\"name:a\":{\"weight\":3},\"name:b\":{\"weight\":0}}}",
		    CONTROL_EINVAL, "policy 'name:b': bad weight: expected an "
		    "integer from 1 to 10000" },
		{ "{\"cmd\":\"policy\",\"action\":\"import\",\"policies\":"
		    "{\"name:a\":{\"pin_kib\":3}}}", CONTROL_EINVAL,
		    "policy 'name:a': unknown member 'pin_kib' (known: min_kib, "
		    "max_kib, weight, pinned_kib)" },
		{ "{\"cmd\":\"policy\",\"action\":\"import\",\"policies\":"
		    "{\"name:a\":[]}}", CONTROL_EINVAL,
		    "policy 'name:a': not an object" },
		{ "{\"cmd\":\"policy\",\"action\":\"import\",\"policies\":"
		    "{\"name:a\":{\"min_kib\":2,\"max_kib\":1}}}", CONTROL_EINVAL,
		    "policy 'name:a': min_kib 2 is above max_kib 1" },
		{ "{\"cmd\":\"policy\",\"action\":\"import\",\"policies\":"
		    "{\"name:12\":{}}}", CONTROL_EINVAL,
		    "bad policy key 'name:12': expected name:NAME or uuid:UUID" },
		{ "{\"cmd\":\"policy\",\"action\":\"import\",\"policies\":"
		    "{\"uuid:AAAAAAAA-0001-4ce8-8dce-61cff9e8c8eb\":{},"
		    "\"uuid:aaaaaaaa-0001-4ce8-8dce-61cff9e8c8eb\":{}}}",
		    CONTROL_EINVAL, "policy 'uuid:aaaaaaaa-0001-4ce8-8dce-"
		    "61cff9e8c8eb' given twice" },
		/* One bad member refuses the request, whatever else is
		 * good in it. */
		{ "{\"cmd\":\"set\",\"domain\":\"a/b\",\"min_kib\":1}",
		    CONTROL_EINVAL, "bad domain 'a/b': invalid domain name" },
		{ "{\"cmd\":\"target\",\"domain\":\"a/b\",\"target_kib\":1}",
		    CONTROL_EINVAL, "bad domain 'a/b': invalid domain name" },
		{ "{\"cmd\":\"unset\",\"domain\":\"a/b\",\"keys\":"
		    "[\"weight\"]}", CONTROL_EINVAL,
		    "bad domain 'a/b': invalid domain name" },
		{ "{\"cmd\":\"reserve\",\"size_kib\":0,\"timeout_ms\":1}",
		    CONTROL_EINVAL, "bad size_kib: expected an integer from 1 "
		    "to 1099511627776 (KiB)" },
		{ "{\"cmd\":\"reserve\",\"size_kib\":1,\"for\":\"7\","
		    "\"timeout_ms\":1}", CONTROL_EINVAL, "a reservation is for "
		    "a domain to come: give its name or UUID, not a domid "
		    "('7')" },
		{ "{\"cmd\":\"reserve\",\"size_kib\":1,\"for\":\"a/b\","
		    "\"timeout_ms\":1}", CONTROL_EINVAL,
		    "bad domain 'a/b': invalid domain name" },
		{ "{\"cmd\":\"reserve\",\"size_kib\":1,\"for\":7,"
		    "\"timeout_ms\":1}", CONTROL_EBADREQ,
		    "for must be a string (a domain's name or UUID)" },
		{ "{\"cmd\":\"policy\",\"action\":\"import\",\"policies\":"
		    "{\"nome:web\":{}}}", CONTROL_EINVAL,
		    "bad policy key 'nome:web': expected name:NAME or "
		    "uuid:UUID" },
		{ "{\"cmd\":\"policy\",\"action\":\"import\",\"policies\":"
		    "{\"uuld:aaaaaaaa-0001-4ce8-8dce-61cff9e8c8eb\":{}}}",
		    CONTROL_EINVAL, "bad policy key 'uuld:aaaaaaaa-0001-4ce8-"
		    "8dce-61cff9e8c8eb': expected name:NAME or uuid:UUID" },
		{ "{\"cmd\":\"policy\",\"action\":\"import\",\"policies\":"
		    "{\"name:aaaaaaaa-0001-4ce8-8dce-61cff9e8c8eb\":{}}}",
		    CONTROL_EINVAL, "bad policy key 'name:aaaaaaaa-0001-4ce8-"
		    "8dce-61cff9e8c8eb': expected name:NAME or uuid:UUID" },
		{ "{\"cmd\":\"history\",\"domain\":7}", CONTROL_EBADREQ,
		    "missing \"domain\" (a domid, UUID or name)" },
		{ "{\"cmd\":\"history\",\"domain\":\"a b\"}", CONTROL_EINVAL,
		    "bad domain 'a b': white space not allowed" },
	};
	struct request req;
	const char *code;
	char err[REQUEST_ERR_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		code = NULL;
		if (parse(cases[i].in, &req, &code, err) != -1)
			fail_msg("accepted: %s", cases[i].in);
		assert_string_equal(code, cases[i].code);
		assert_string_equal(err, cases[i].err);
	}
}

static void
commands_carry_their_members(void **state)
{
	struct request req;
	const char *code;
	char err[REQUEST_ERR_MAX];

	(void)state;
	assert_int_equal(parse("{\"cmd\":\"set\",\"domain\":\"web\","
	    "\"min_kib\":131072,\"weight\":10000,\"other\":[]}", &req, &code,
	    err), 0);
	assert_int_equal(req.cmd, REQUEST_SET);
	assert_int_equal(req.fields, REQUEST_F_DOMAIN | REQUEST_F_MIN |
	    REQUEST_F_WEIGHT);
	assert_string_equal(req.domain, "web");
	assert_int_equal(req.ref.kind, DOMREF_NAME);
	assert_int_equal(req.min_kib, 131072);
	assert_int_equal(req.weight, 10000);

	assert_int_equal(parse("{\"cmd\":\"target\",\"domain\":\"7\","
	    "\"target_kib\":1099511627776}", &req, &code, err), 0);
	assert_int_equal(req.ref.kind, DOMREF_ID);
	assert_int_equal(req.ref.domid, 7);
	assert_int_equal(req.target_kib, 1099511627776ull);

	assert_int_equal(parse("{\"cmd\":\"reserve\",\"size_kib\":1024,"
	    "\"timeout_ms\":86400000}", &req, &code, err), 0);
	assert_int_equal(req.fields, REQUEST_F_SIZE | REQUEST_F_TIMEOUT);
	assert_int_equal(req.timeout_ms, 86400000);

	assert_int_equal(parse("{\"cmd\":\"release\","
	    "\"id\":9223372036854775807}", &req, &code, err), 0);
	assert_int_equal(req.id, INT64_MAX);
	assert_int_equal(req.fields, REQUEST_F_ID);

	/* A reservation for a domain to come, by name. */
	assert_int_equal(parse("{\"cmd\":\"reserve\",\"size_kib\":1,"
	    "\"for\":\"web\",\"timeout_ms\":1}", &req, &code, err), 0);
	assert_int_equal(req.fields, REQUEST_F_SIZE | REQUEST_F_FOR |
	    REQUEST_F_TIMEOUT);
	assert_string_equal(req.for_text, "web");
	assert_true(req.for_.set);
	assert_int_equal(req.for_.ref.kind, DOMREF_NAME);
	assert_string_equal(req.for_.ref.name, "web");

	/* log: with classes sets them, without shows them. */
	assert_int_equal(parse("{\"cmd\":\"log\",\"classes\":\"+net\"}",
	    &req, &code, err), 0);
	assert_int_equal(req.fields, REQUEST_F_CLASSES);
	assert_string_equal(req.classes, "+net");
	assert_int_equal(parse("{\"cmd\":\"log\"}", &req, &code, err), 0);
	assert_int_equal(req.fields, 0);

	/* The longest name there is, whole, and still a name. */
	assert_int_equal(parse("{\"cmd\":\"show\",\"domain\":\""
	    "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
	    "nn\"}", &req, &code, err), 0);
	assert_int_equal(strlen(req.domain), REQUEST_DOMAIN_MAX);
	assert_int_equal(req.ref.kind, DOMREF_NAME);
	assert_string_equal(req.ref.name, req.domain);

	/* history: one domain, or all of them. */
	assert_int_equal(parse("{\"cmd\":\"history\"}", &req, &code, err),
	    0);
	assert_int_equal(req.cmd, REQUEST_HISTORY);
	assert_int_equal(req.fields, 0);
	assert_int_equal(parse("{\"cmd\":\"history\",\"domain\":\"web\"}",
	    &req, &code, err), 0);
	assert_int_equal(req.fields, REQUEST_F_DOMAIN);
	assert_string_equal(req.domain, "web");

	assert_int_equal(parse("{\"cmd\":\"unset\",\"domain\":\"web\","
	    "\"keys\":[\"weight\",\"min_kib\",\"weight\"]}", &req, &code,
	    err), 0);
	assert_int_equal(req.fields, REQUEST_F_DOMAIN | REQUEST_F_KEYS);
	assert_int_equal(req.unset, REQUEST_U_MIN | REQUEST_U_WEIGHT);

	assert_int_equal(parse("{\"cmd\":\"policy\",\"action\":\"export\"}",
	    &req, &code, err), 0);
	assert_int_equal(req.fields, REQUEST_F_EXPORT);
	assert_int_equal(parse("{\"cmd\":\"policy\",\"action\":\"import\","
	    "\"policies\":{\"name:web\":{\"min_kib\":1024,\"weight\":7},"
	    "\"uuid:AAAAAAAA-0001-4ce8-8dce-61cff9e8c8eb\":{\"pinned_kib\":9,"
	    "\"max_kib\":9},\"name:old\":{}}}", &req, &code, err), 0);
	assert_int_equal(req.fields, REQUEST_F_IMPORT);
	assert_int_equal(req.npols, 3);
	assert_string_equal(req.pols[0].key, "name:web");
	assert_int_equal(req.pols[0].min_kib, 1024);
	assert_int_equal(req.pols[0].weight, 7);
	assert_int_equal(req.pols[0].max_kib, 0);
	assert_string_equal(req.pols[1].key,
	    "uuid:aaaaaaaa-0001-4ce8-8dce-61cff9e8c8eb");
	assert_int_equal(req.pols[1].pinned_kib, 9);
	assert_int_equal(req.pols[1].max_kib, 9);
	assert_string_equal(req.pols[2].key, "name:old");
	assert_int_equal(req.pols[2].weight, 0);
	/* min_kib = max_kib fixes a domain's size: taken. */
	assert_int_equal(parse("{\"cmd\":\"policy\",\"action\":\"import\","
	    "\"policies\":{\"name:db\":{\"min_kib\":4096,\"max_kib\":4096}}}",
	    &req, &code, err), 0);
	assert_int_equal(req.pols[0].min_kib, 4096);
	assert_int_equal(req.pols[0].max_kib, 4096);

	/* Members a command does not take are not even looked at. */
	assert_int_equal(parse("{\"cmd\":\"status\",\"domain\":42,"
	    "\"min_kib\":-1}", &req, &code, err), 0);
	assert_int_equal(req.cmd, REQUEST_STATUS);
	assert_int_equal(req.fields, 0);
	assert_string_equal(request_cmd_name(REQUEST_RESERVATION),
	    "reservation");
	assert_string_equal(request_cmd_name(REQUEST_NCMDS), "unknown");
}

static void
classes_bounded_not_cut(void **state)
{
	char in[400], spec[REQUEST_CLASSES_MAX + 2];
	struct request req;
	const char *code;
	char err[REQUEST_ERR_MAX];

	(void)state;
	/* "all,all,...,all": exactly REQUEST_CLASSES_MAX bytes, then one
	 * more. */
	memset(spec, 0, sizeof(spec));
	for (size_t i = 0; i + 4 <= REQUEST_CLASSES_MAX; i += 4)
		memcpy(spec + i, "all,", 4);
	memcpy(spec + REQUEST_CLASSES_MAX - 3, "all", 3);
	assert_int_equal(strlen(spec), REQUEST_CLASSES_MAX);
	snprintf(in, sizeof(in), "{\"cmd\":\"log\",\"classes\":\"%s\"}", spec);
	assert_int_equal(parse(in, &req, &code, err), 0);
	assert_string_equal(req.classes, spec);

	spec[REQUEST_CLASSES_MAX] = ',';
	snprintf(in, sizeof(in), "{\"cmd\":\"log\",\"classes\":\"%s\"}", spec);
	assert_int_equal(parse(in, &req, &code, err), -1);
	assert_string_equal(code, CONTROL_EINVAL);
	assert_string_equal(err, "bad classes: longer than 255 bytes");
	assert_int_equal(req.fields, 0);
}

/* An import of n policies "name:pN": {}. */
static char *
import_of(size_t n)
{
	static char in[REQUEST_POLICIES_MAX * 24 + 128];
	size_t off;

	off = snprintf(in, sizeof(in), "{\"cmd\":\"policy\",\"action\":"
	    "\"import\",\"policies\":{");
	for (size_t i = 0; i < n; i++)
		off += snprintf(in + off, sizeof(in) - off,
		    "%s\"name:p%zu\":{}", i ? "," : "", i);
	snprintf(in + off, sizeof(in) - off, "}}");
	return in;
}

static void
import_bounded_by_its_table(void **state)
{
	struct request req;
	const char *code;
	char err[REQUEST_ERR_MAX];

	(void)state;
	/* As many policies as one request line can carry, and no more. */
	assert_int_equal(parse(import_of(REQUEST_POLICIES_MAX), &req, &code,
	    err), 0);
	assert_int_equal(req.npols, REQUEST_POLICIES_MAX);
	assert_string_equal(req.pols[REQUEST_POLICIES_MAX - 1].key,
	    "name:p340");
	assert_int_equal(parse(import_of(REQUEST_POLICIES_MAX + 1), &req,
	    &code, err), -1);
	assert_string_equal(code, CONTROL_EINVAL);
	assert_string_equal(err, "342 policies: at most 341 in one import");
	assert_int_equal(req.npols, 0);
}

static void
quotes_stay_utf8(void **state)
{
	struct request req;
	const char *code;
	char err[REQUEST_ERR_MAX];

	(void)state;
	/* 31 bytes, then a two-byte character across the 32-byte cut. */
	assert_int_equal(parse("{\"cmd\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "\xc3\xa9\"}", &req, &code, err), -1);
	assert_string_equal(err,
	    "unknown cmd 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?'");
	/* Whole characters are left alone. */
	assert_int_equal(parse("{\"cmd\":\"show\",\"domain\":\"w\xc3\xa9"
	    "b\"}", &req, &code, err), -1);
	assert_string_equal(err, "bad domain 'w\xc3\xa9" "b': invalid "
	    "domain name");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refusals_say_why),
		cmocka_unit_test(commands_carry_their_members),
		cmocka_unit_test(classes_bounded_not_cut),
		cmocka_unit_test(quotes_stay_utf8),
		cmocka_unit_test(import_bounded_by_its_table),
	};

	return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
