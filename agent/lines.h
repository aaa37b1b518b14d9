/*
 * lines.h - walking the lines of a /proc or sysfs file held in memory,
 * and the report a strict parser gives about the lines it refused.
 *
 * The files are small and read whole with one read(2), so parsers work
 * on (buf, len) and never on FILE streams: a fuzzer or a unit test hands
 * them bytes directly.
 */
#ifndef XB_AGENT_LINES_H
#define XB_AGENT_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Lines skipped by a parser: how many, and the first one (1-based). */
struct lines_report {
	unsigned int	bad;
	unsigned int	first_bad;
	const char	*first_why;
};

static inline void
lines_report_bad(struct lines_report *r, unsigned int lineno, const char *why)
{
	if (r->bad++ == 0) {
		r->first_bad = lineno;
		r->first_why = why;
	}
}

struct lines {
	const char	*p;
	const char	*end;
	unsigned int	 lineno;
};

static inline void
lines_init(struct lines *l, const char *buf, size_t len)
{
	l->p = buf;
	l->end = buf + len;
	l->lineno = 0;
}

/*
 * The next line without its '\n' in (*s, *n).  A last line without a
 * newline is still a line: the kernel always ends its files with one,
 * so the caller may treat the missing newline as harmless.
 */
static inline bool
lines_next(struct lines *l, const char **s, size_t *n)
{
	const char *nl;

	if (l->p >= l->end)
		return false;
	nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	*s = l->p;
	*n = nl ? (size_t)(nl - l->p) : (size_t)(l->end - l->p);
	l->p = nl ? nl + 1 : l->end;
	l->lineno++;
	return true;
}

#endif
