/*
 * psi.c - strict parser for /proc/pressure/memory.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "psi.h"

#define PSI_AVG_MAX	10000u	/* 100.00 % */

/* Consume the literal word at *p. */
static bool
psi_expect(const char **p, const char *end, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(end - *p) < n || memcmp(*p, word, n) != 0)
		return false;
	*p += n;
	return true;
}

/* The token up to the next space or the end. */
static size_t
psi_token(const char *p, const char *end)
{
	const char *sp = memchr(p, ' ', (size_t)(end - p));

	return sp ? (size_t)(sp - p) : (size_t)(end - p);
}

/* "12.34" -> 1234, strictly. */
static bool
psi_avg(const char *p, size_t n, uint32_t *out)
{
	uint64_t ip, fp;

	if (n < 4 || p[n - 3] != '.')
		return false;
	if (parse_xs_u64(p, n - 3, 0, 100, &ip) != PARSE_OK)
		return false;
	if (p[n - 2] < '0' || p[n - 2] > '9' || p[n - 1] < '0' ||
	    p[n - 1] > '9')
		return false;
	fp = (uint64_t)(p[n - 2] - '0') * 10 + (uint64_t)(p[n - 1] - '0');
	if (ip * 100 + fp > PSI_AVG_MAX)
		return false;
	*out = (uint32_t)(ip * 100 + fp);
	return true;
}

static bool
psi_line_parse(const char *p, const char *end, struct psi_line *pl)
{
	static const char *const keys[] = { "avg10=", "avg60=", "avg300=" };
	uint32_t *avgs[] = { &pl->avg10, &pl->avg60, &pl->avg300 };
	size_t n;

	for (size_t i = 0; i < 3; i++) {
		if (!psi_expect(&p, end, " ") || !psi_expect(&p, end, keys[i]))
			return false;
		n = psi_token(p, end);
		if (!psi_avg(p, n, avgs[i]))
			return false;
		p += n;
	}
	if (!psi_expect(&p, end, " total="))
		return false;
	return parse_xs_u64(p, (size_t)(end - p), 0, UINT64_MAX,
	    &pl->total_us) == PARSE_OK;
}

int
psi_parse(const char *buf, size_t len, struct psi *out,
    struct lines_report *rep)
{
	struct lines l;
	const char *s;
	size_t n;
	bool has_some = false;

	memset(out, 0, sizeof(*out));
	lines_init(&l, buf, len);
	while (lines_next(&l, &s, &n)) {
		const char *p = s, *end = s + n;
		struct psi_line pl;
		bool *seen;
		struct psi_line *dst;

		if (psi_expect(&p, end, "some")) {
			seen = &has_some;
			dst = &out->some;
		} else if (psi_expect(&p, end, "full")) {
			seen = &out->has_full;
			dst = &out->full;
		} else {
			lines_report_bad(rep, l.lineno, "neither some nor full");
			continue;
		}
		if (*seen) {
			lines_report_bad(rep, l.lineno, "duplicate line");
			continue;
		}
		if (!psi_line_parse(p, end, &pl)) {
			lines_report_bad(rep, l.lineno, "malformed figures");
			continue;
		}
		*seen = true;
		*dst = pl;
	}
	return has_some ? 0 : -1;
}

const char *
psi_format_avg(uint32_t hundredths, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%02u", hundredths / 100, hundredths % 100);
	return buf;
}
