/*
 * meminfo.c - strict parser for /proc/meminfo.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "meminfo.h"
#include "parse.h"

struct meminfo_field {
	const char	*name;
	size_t		 offset;
	unsigned int	 bit;
};

#define MI_TOTAL	(1u << 0)
#define MI_FREE		(1u << 1)
#define MI_AVAIL	(1u << 2)
#define MI_STOTAL	(1u << 3)
#define MI_SFREE	(1u << 4)
#define MI_AFILE	(1u << 5)

static const struct meminfo_field meminfo_fields[] = {
	{ "MemTotal",	  offsetof(struct meminfo, total_kib),	    MI_TOTAL },
	{ "MemFree",	  offsetof(struct meminfo, free_kib),	    MI_FREE },
	{ "MemAvailable", offsetof(struct meminfo, available_kib), MI_AVAIL },
	{ "SwapTotal",	  offsetof(struct meminfo, swap_total_kib), MI_STOTAL },
	{ "SwapFree",	  offsetof(struct meminfo, swap_free_kib),  MI_SFREE },
	{ "Active(file)", offsetof(struct meminfo, active_file_kib), MI_AFILE },
};

/*
 * Split "Name:   123 kB" into name and value.  Returns NULL on success or
 * why the line is malformed.
 */
static const char *
meminfo_split(const char *s, size_t n, const char **name, size_t *namelen,
    uint64_t *val)
{
	const char *colon = memchr(s, ':', n);
	const char *v, *end = s + n;
	size_t vlen;

	if (colon == NULL || colon == s)
		return "no name";
	for (const char *q = s; q < colon; q++)
		if (!isgraph((unsigned char)*q))
			return "bad character in name";
	v = colon + 1;
	if (v == end || *v != ' ')
		return "no space after colon";
	while (v < end && *v == ' ')
		v++;
	vlen = (size_t)(end - v);
	if (vlen >= 3 && memcmp(end - 3, " kB", 3) == 0)
		vlen -= 3;
	if (parse_xs_u64(v, vlen, 0, MEMINFO_MAX_KIB, val) != PARSE_OK)
		return "bad value";
	*name = s;
	*namelen = (size_t)(colon - s);
	return NULL;
}

int
meminfo_parse(const char *buf, size_t len, struct meminfo *out,
    struct lines_report *rep)
{
	struct lines l;
	const char *s, *name, *why;
	size_t n, namelen;
	unsigned int seen = 0;
	uint64_t val;

	memset(out, 0, sizeof(*out));
	lines_init(&l, buf, len);
	while (lines_next(&l, &s, &n)) {
		if ((why = meminfo_split(s, n, &name, &namelen, &val)) != NULL) {
			lines_report_bad(rep, l.lineno, why);
			continue;
		}
		for (size_t i = 0; i < sizeof(meminfo_fields) /
		    sizeof(meminfo_fields[0]); i++) {
			const struct meminfo_field *f = &meminfo_fields[i];

			if (strlen(f->name) != namelen ||
			    memcmp(f->name, name, namelen) != 0)
				continue;
			if (seen & f->bit) {
				lines_report_bad(rep, l.lineno, "duplicate field");
				break;
			}
			seen |= f->bit;
			*(uint64_t *)(void *)((char *)out + f->offset) = val;
			break;
		}
	}
	if (!(seen & MI_TOTAL) || out->total_kib == 0)
		return -1;
	out->has_available = (seen & MI_AVAIL) != 0;
	out->has_swap = (seen & (MI_STOTAL | MI_SFREE)) ==
	    (MI_STOTAL | MI_SFREE);
	if (out->available_kib > out->total_kib) {
		/* Impossible; do not publish more free than total. */
		lines_report_bad(rep, 0, "MemAvailable above MemTotal");
		out->has_available = false;
		out->available_kib = 0;
	}
	/*
	 * Active(file) is page cache, which MemAvailable counts (most of
	 * it): published only beside a MemAvailable, and never above it,
	 * so that the reader may take it as part of it.
	 */
	out->has_active_file = (seen & MI_AFILE) && out->has_available;
	if (!out->has_active_file)
		out->active_file_kib = 0;
	else if (out->active_file_kib > out->available_kib)
		out->active_file_kib = out->available_kib;
	return 0;
}
