/*
 * meminfo.h - strict parser for /proc/meminfo.
 */
#ifndef XB_AGENT_MEMINFO_H
#define XB_AGENT_MEMINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lines.h"

/* No guest has an exabyte: anything larger is corruption, not memory. */
#define MEMINFO_MAX_KIB	(UINT64_C(1) << 50)

struct meminfo {
	uint64_t	total_kib;
	uint64_t	free_kib;
	uint64_t	available_kib;
	uint64_t	swap_total_kib;
	uint64_t	swap_free_kib;
	uint64_t	active_file_kib;	/* Active(file) */
	bool		has_available;	/* MemAvailable appeared in 3.14 */
	bool		has_swap;
	bool		has_active_file;	/* 2.6.28 on; never above
					   MemAvailable */
};

/*
 * Parse the file's bytes.  Each line must read "Name:<spaces>N kB" or
 * "Name:<spaces>N" (the HugePages counts); other lines, duplicates of a
 * field we use, and values above MEMINFO_MAX_KIB are skipped and
 * counted in *rep.  Returns 0, or -1 when MemTotal is missing or
 * malformed (nothing can be published without it).
 */
int	meminfo_parse(const char *buf, size_t len, struct meminfo *out,
	    struct lines_report *rep);

#endif
