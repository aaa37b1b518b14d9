/*
 * vmstat.h - strict parser for the counters of /proc/vmstat the agent
 * publishes: swap, OOM kills and working-set refaults.
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
	uint64_t	oom_kill;	/* OOM kills since boot (4.13+) */
	bool		has_oom;
	uint64_t	refault;	/* pages of evicted working set read
					   back since boot */
	bool		has_refault;
};

/*
 * Each line is "name value" (one space, a lower-case name of letters,
 * digits and '_', a decimal); other lines are skipped and counted in
 * *rep, as is a second occurrence of a counter we use.  Counters we do
 * not use are checked for form only.
 *
 * refault is workingset_refault_anon + workingset_refault_file (5.9+),
 * both or neither; older kernels have only workingset_refault, which is
 * taken when the pair is absent.  Returns 0, or -1 when none of the
 * counters is present.
 */
int	vmstat_parse(const char *buf, size_t len, struct vmstat *out,
	    struct lines_report *rep);

#endif
