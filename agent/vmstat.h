/*
 * vmstat.h - strict parser for the swap counters of /proc/vmstat.
 */
#ifndef XB_AGENT_VMSTAT_H
#define XB_AGENT_VMSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lines.h"

struct vmstat {
	uint64_t	pswpin;		/* pages swapped in since boot */
	uint64_t	pswpout;
	bool		has_swap;	/* both counters present */
};

/*
 * Each line is "name value" (one space, a lower-case name of letters,
 * digits and '_', a decimal); other lines are skipped and counted in
 * *rep, as is a second occurrence of a counter we use.  Counters we do
 * not use are checked for form only.  Returns 0, or -1 when neither
 * swap counter is present.
 */
int	vmstat_parse(const char *buf, size_t len, struct vmstat *out,
	    struct lines_report *rep);

#endif
