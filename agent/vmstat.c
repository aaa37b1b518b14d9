/*
 * vmstat.c - strict parser for /proc/vmstat.
 */
#include "config.h"

#include <string.h>

#include "parse.h"
#include "vmstat.h"

static bool
vmstat_name_ok(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_'))
			return false;
	}
	return true;
}

static bool
vmstat_is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(s, name, n) == 0;
}

int
vmstat_parse(const char *buf, size_t len, struct vmstat *out,
    struct lines_report *rep)
{
	struct lines l;
	const char *s, *sp;
	size_t n, nlen;
	bool in = false, outp = false;
	uint64_t v;

	memset(out, 0, sizeof(*out));
	lines_init(&l, buf, len);
	while (lines_next(&l, &s, &n)) {
		sp = memchr(s, ' ', n);
		if (sp == NULL || !vmstat_name_ok(s, (size_t)(sp - s))) {
			lines_report_bad(rep, l.lineno, "bad name");
			continue;
		}
		nlen = (size_t)(sp - s);
		if (parse_xs_u64(sp + 1, n - nlen - 1, 0, UINT64_MAX, &v) !=
		    PARSE_OK) {
			lines_report_bad(rep, l.lineno, "bad value");
			continue;
		}
		if (vmstat_is(s, nlen, "pswpin")) {
			if (in) {
				lines_report_bad(rep, l.lineno, "duplicate");
				continue;
			}
			in = true;
			out->pswpin = v;
		} else if (vmstat_is(s, nlen, "pswpout")) {
			if (outp) {
				lines_report_bad(rep, l.lineno, "duplicate");
				continue;
			}
			outp = true;
			out->pswpout = v;
		}
	}
	out->has_swap = in && outp;
	return (in || outp) ? 0 : -1;
}
