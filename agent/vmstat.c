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

/* The counters the agent uses; they index seen[] and val[] below. */
enum vmstat_counter {
	VMSTAT_PSWPIN,
	VMSTAT_PSWPOUT,
	VMSTAT_OOM_KILL,
	VMSTAT_REFAULT_ANON,
	VMSTAT_REFAULT_FILE,
	VMSTAT_REFAULT,		/* before 5.9: anon and file together */
	VMSTAT__COUNT
};

static const char *const vmstat_names[VMSTAT__COUNT] = {
	[VMSTAT_PSWPIN] = "pswpin",
	[VMSTAT_PSWPOUT] = "pswpout",
	[VMSTAT_OOM_KILL] = "oom_kill",
	[VMSTAT_REFAULT_ANON] = "workingset_refault_anon",
	[VMSTAT_REFAULT_FILE] = "workingset_refault_file",
	[VMSTAT_REFAULT] = "workingset_refault",
};

int
vmstat_parse(const char *buf, size_t len, struct vmstat *out,
    struct lines_report *rep)
{
	uint64_t v, val[VMSTAT__COUNT] = { 0 };
	bool seen[VMSTAT__COUNT] = { false }, any = false;
	struct lines l;
	const char *s, *sp;
	size_t n, nlen;

	memset(out, 0, sizeof(*out));
	lines_init(&l, buf, len);
	while (lines_next(&l, &s, &n)) {
		int c;

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
		for (c = 0; c < VMSTAT__COUNT; c++)
			if (vmstat_is(s, nlen, vmstat_names[c]))
				break;
		if (c == VMSTAT__COUNT)
			continue;
		if (seen[c]) {
			lines_report_bad(rep, l.lineno, "duplicate");
			continue;
		}
		seen[c] = any = true;
		val[c] = v;
	}
	out->pswpin = val[VMSTAT_PSWPIN];
	out->pswpout = val[VMSTAT_PSWPOUT];
	out->has_swap = seen[VMSTAT_PSWPIN] && seen[VMSTAT_PSWPOUT];
	out->oom_kill = val[VMSTAT_OOM_KILL];
	out->has_oom = seen[VMSTAT_OOM_KILL];
	if (seen[VMSTAT_REFAULT_ANON] && seen[VMSTAT_REFAULT_FILE]) {
		/* A sum that wraps is garbage, not a count. */
		out->refault = val[VMSTAT_REFAULT_ANON] +
		    val[VMSTAT_REFAULT_FILE];
		out->has_refault = out->refault >= val[VMSTAT_REFAULT_ANON];
	} else if (!seen[VMSTAT_REFAULT_ANON] && !seen[VMSTAT_REFAULT_FILE] &&
	    seen[VMSTAT_REFAULT]) {
		out->refault = val[VMSTAT_REFAULT];
		out->has_refault = true;
	}
	return any ? 0 : -1;
}
