/*
 * test-xlsave.c - the header of a domain saved by xl (daemon/xlsave.c):
 * a good image of each form gives its config; every field xl checks,
 * and every length, refused when wrong, with why, each at its edge; no
 * byte read past the buffer (each case is also cut at every length).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xlsave.h"

/* An image as xl save writes it, config included, no stream after. */
static size_t
image(uint8_t *buf, uint32_t order, uint32_t mand, uint32_t optlen,
    uint32_t cfglen, const char *cfg, size_t n)
{
	uint32_t v[4] = { order, mand, 0, optlen };

	memcpy(buf, XLSAVE_MAGIC, XLSAVE_MAGIC_LEN);
	memcpy(buf + XLSAVE_MAGIC_LEN, v, sizeof(v));
	memcpy(buf + XLSAVE_HEADER_LEN, &cfglen, 4);
	memcpy(buf + XLSAVE_HEADER_LEN + 4, cfg, n);
	return XLSAVE_HEADER_LEN + 4 + n;
}

static const char json[] = "{\"c_info\":{\"name\":\"web\"}}";
#define J	((uint32_t)sizeof(json))	/* with its NUL */

static void
good_images(void **state)
{
	uint8_t buf[256];
	struct xlsave sv;
	char err[128];
	size_t n;

	/* JSON, with its NUL (xl writes strlen + 1). */
	n = image(buf, XLSAVE_BYTEORDER, XLSAVE_F_ALL, sizeof(json) + 4,
	    sizeof(json), json, sizeof(json));
	assert_int_equal(xlsave_parse(buf, n, &sv, err, sizeof(err)), 0);
	assert_true(sv.json);
	assert_int_equal(sv.config_off, XLSAVE_HEADER_LEN + 4);
	assert_int_equal(sv.config_len, sizeof(json) - 1);
	assert_memory_equal(buf + sv.config_off, json, sv.config_len);
	/* An old image: xl's text, no NUL; more optional data after. */
	n = image(buf, XLSAVE_BYTEORDER, 0, 64, 11, "name=\"web\"\n", 11);
	assert_int_equal(xlsave_parse(buf, n, &sv, err, sizeof(err)), 0);
	assert_false(sv.json);
	assert_int_equal(sv.config_len, 11);
}

static void
refused(void **state)
{
	static const struct {
		uint32_t	order, mand, optlen, cfglen;
		const char	*why;
	} cases[] = {
		{ 0x04030201, XLSAVE_F_ALL, J + 4, J, "another byte order" },
		{ XLSAVE_BYTEORDER, 4, J + 4, J, "unknown mandatory flags 0x4" },
		{ XLSAVE_BYTEORDER, XLSAVE_F_ALL, 0, J, "no config" },
		{ XLSAVE_BYTEORDER, XLSAVE_F_ALL, 3, J, "no config" },
		{ XLSAVE_BYTEORDER, XLSAVE_F_ALL, J + 4, 0, "bad config length" },
		{ XLSAVE_BYTEORDER, XLSAVE_F_ALL, J + 3, J, "bad config length" },
		{ XLSAVE_BYTEORDER, XLSAVE_F_ALL, UINT32_MAX, UINT32_MAX - 4,
		    "bad config length" },
		{ XLSAVE_BYTEORDER, XLSAVE_F_ALL, 4000, 3000,
		    "truncated in its config" },
		/* JSON without its NUL, or with it inside. */
		{ XLSAVE_BYTEORDER, XLSAVE_F_ALL, J + 4, J - 1,
		    "not NUL-terminated" },
		/* Text with a NUL (the JSON's own). */
		{ XLSAVE_BYTEORDER, XLSAVE_F_STREAMV2, J + 4, J, "a NUL byte" },
	};
	uint8_t buf[256];
	struct xlsave sv;
	char err[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = image(buf, cases[i].order, cases[i].mand,
		    cases[i].optlen, cases[i].cfglen, json, sizeof(json));

		if (xlsave_parse(buf, n, &sv, err, sizeof(err)) != -1)
			fail_msg("case %zu: accepted", i);
		if (strstr(err, cases[i].why) == NULL)
			fail_msg("case %zu: '%s' does not say '%s'", i, err,
			    cases[i].why);
	}
	/* JSON with a NUL inside: libxl would read half of it. */
	assert_int_equal(xlsave_parse(buf, image(buf, XLSAVE_BYTEORDER,
	    XLSAVE_F_ALL, 10, 6, "{}\0{}", 6), &sv, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "with a NUL inside"));
	memcpy(buf, "Xen saved domain, xm format\n \0 \r", 32);
	assert_int_equal(xlsave_parse(buf, 200, &sv, err, sizeof(err)), -1);
	assert_string_equal(err, "not a domain saved by xl");
}

/* Every prefix of a good image is refused, read within its length. */
static void
cut_anywhere(void **state)
{
	uint8_t full[256];
	struct xlsave sv;
	char err[128];
	size_t n = image(full, XLSAVE_BYTEORDER, XLSAVE_F_ALL,
	    sizeof(json) + 4, sizeof(json), json, sizeof(json));

	for (size_t cut = 0; cut < n; cut++) {
		uint8_t *p = malloc(cut ? cut : 1);	/* ASan sees overreads */

		assert_non_null(p);
		memcpy(p, full, cut);
		assert_int_equal(xlsave_parse(p, cut, &sv, err, sizeof(err)),
		    -1);
		/* Each cut says where the image ends. */
		if (strstr(err, cut < XLSAVE_HEADER_LEN ? "not a domain saved" :
		    cut < XLSAVE_HEADER_LEN + 4 ? "truncated before its config" :
		    "truncated in its config") == NULL)
			fail_msg("cut at %zu: '%s'", cut, err);
		free(p);
	}
}

/* The lengths at their edges: optional data of 4 bytes (the config's
 * length alone), and a config of XLSAVE_CONFIG_MAX bytes, taken whole. */
static void
length_edges(void **state)
{
	uint8_t *buf = malloc(XLSAVE_READ_MAX + 1);
	char *cfg = malloc(XLSAVE_CONFIG_MAX + 1);
	struct xlsave sv;
	char err[128];
	size_t n;

	assert_non_null(buf);
	assert_non_null(cfg);
	n = image(buf, XLSAVE_BYTEORDER, XLSAVE_F_ALL, 4, J, json, J);
	assert_int_equal(xlsave_parse(buf, n, &sv, err, sizeof(err)), -1);
	assert_string_equal(err, "bad config length 26 (optional data 4 "
	    "bytes)");
	memset(cfg, 'x', XLSAVE_CONFIG_MAX);
	cfg[XLSAVE_CONFIG_MAX - 1] = '\0';
	n = image(buf, XLSAVE_BYTEORDER, XLSAVE_F_ALL, XLSAVE_CONFIG_MAX + 4,
	    XLSAVE_CONFIG_MAX, cfg, XLSAVE_CONFIG_MAX);
	assert_int_equal(n, XLSAVE_READ_MAX);
	assert_int_equal(xlsave_parse(buf, n, &sv, err, sizeof(err)), 0);
	assert_int_equal(sv.config_len, XLSAVE_CONFIG_MAX - 1);
	n = image(buf, XLSAVE_BYTEORDER, XLSAVE_F_ALL, XLSAVE_CONFIG_MAX + 5,
	    XLSAVE_CONFIG_MAX + 1, cfg, XLSAVE_CONFIG_MAX);
	assert_int_equal(xlsave_parse(buf, n + 1, &sv, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bad config length 1048577"));
	free(cfg);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_images),
		cmocka_unit_test(refused),
		cmocka_unit_test(cut_anywhere),
		cmocka_unit_test(length_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
