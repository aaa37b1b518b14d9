/*
 * fuzz-parse.c - common/parse.h: every parser an admin or a guest feeds
 * (decimal integers, xenstore values, sizes, durations, domain
 * references, UUIDs).  The first byte picks the parser, the rest is the
 * input.  Checked: results stay within the requested bounds, what the
 * formatters print parses back to the same value, and the xenstore
 * variant agrees with the C-string one on inputs without a NUL.
 */
#include "config.h"

#include <inttypes.h>

#include "fuzz.h"
#include "parse.h"

static void
fuzz_parse_u64(const char *s)
{
	uint64_t v = 0, w = 0;
	char buf[32];
	enum parse_err e;

	e = parse_u64(s, 0, UINT64_MAX, &v);
	FUZZ_CHECK(parse_strerror(e) != NULL);
	if (e != PARSE_OK)
		return;
	/* The bounds are honoured exactly. */
	e = parse_u64(s, 10, 1000, &w);
	FUZZ_CHECK((e == PARSE_OK) == (v >= 10 && v <= 1000));
	FUZZ_CHECK(e != PARSE_OK || w == v);
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	FUZZ_CHECK(parse_u64(buf, 0, UINT64_MAX, &w) == PARSE_OK && w == v);
}

static void
fuzz_parse_xs(const uint8_t *data, size_t size)
{
	uint64_t v = 0, w = 0;
	enum parse_err e, f;
	char *s;

	e = parse_xs_u64(data, size, 0, UINT64_MAX, &v);
	FUZZ_CHECK(parse_strerror(e) != NULL);
	if (size == 0 || memchr(data, '\0', size) != NULL)
		return;
	if ((s = fuzz_cstr(data, size)) == NULL)
		return;
	f = parse_u64(s, 0, UINT64_MAX, &w);
	free(s);
	FUZZ_CHECK((e == PARSE_OK) == (f == PARSE_OK));
	FUZZ_CHECK(e != PARSE_OK || v == w);
}

static void
fuzz_parse_size(const char *s)
{
	uint64_t kib = 0, again = 0;
	char buf[40];
	enum parse_err e;

	e = parse_size_kib(s, &kib);
	FUZZ_CHECK(parse_strerror(e) != NULL);
	if (e != PARSE_OK)
		return;
	format_size_kib(kib, buf, sizeof(buf));
	FUZZ_CHECK(parse_size_kib(buf, &again) == PARSE_OK);
	FUZZ_CHECK(again == kib);
}

static void
fuzz_parse_duration(const char *s)
{
	uint64_t ms = 0;

	FUZZ_CHECK(parse_strerror(parse_duration_ms(s, &ms)) != NULL);
}

static void
fuzz_parse_domref(const char *s)
{
	struct domref r;
	uint8_t uuid[16];
	char buf[37];
	enum parse_err e;

	memset(&r, 0, sizeof(r));
	e = parse_domref(s, &r);
	FUZZ_CHECK(parse_strerror(e) != NULL);
	if (e != PARSE_OK)
		return;
	switch (r.kind) {
	case DOMREF_ID:
		FUZZ_CHECK(r.domid <= DOMID_MAX_VALID);
		break;
	case DOMREF_UUID:
		format_uuid(r.uuid, buf);
		FUZZ_CHECK(parse_uuid(buf, uuid) == PARSE_OK);
		FUZZ_CHECK(memcmp(uuid, r.uuid, sizeof(uuid)) == 0);
		break;
	case DOMREF_NAME:
		FUZZ_CHECK(strnlen(r.name, sizeof(r.name)) <= DOMNAME_MAX);
		FUZZ_CHECK(r.name[0] != '\0' && strchr(r.name, '/') == NULL);
		break;
	default:
		FUZZ_CHECK(!"unknown domref kind");
	}
}

static void
fuzz_parse_uuid(const char *s)
{
	uint8_t uuid[16], again[16];
	char buf[37];

	if (parse_uuid(s, uuid) != PARSE_OK)
		return;
	format_uuid(uuid, buf);
	FUZZ_CHECK(parse_uuid(buf, again) == PARSE_OK);
	FUZZ_CHECK(memcmp(uuid, again, sizeof(uuid)) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size == 0)
		return 0;
	if (data[0] % 6 == 1) {
		fuzz_parse_xs(data + 1, size - 1);
		return 0;
	}
	if ((s = fuzz_cstr(data + 1, size - 1)) == NULL)
		return 0;
	switch (data[0] % 6) {
	case 0:
		fuzz_parse_u64(s);
		break;
	case 2:
		fuzz_parse_size(s);
		break;
	case 3:
		fuzz_parse_duration(s);
		break;
	case 4:
		fuzz_parse_domref(s);
		break;
	default:
		fuzz_parse_uuid(s);
		break;
	}
	free(s);
	return 0;
}
