/*
 * psi.h - strict parser for /proc/pressure/memory (pressure stall
 * information), and the trigger string the kernel accepts.
 */
#ifndef XB_AGENT_PSI_H
#define XB_AGENT_PSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lines.h"

/* One line: averages in hundredths of a percent (the kernel prints two
 * decimals), total stall time in microseconds. */
struct psi_line {
	uint32_t	avg10;
	uint32_t	avg60;
	uint32_t	avg300;
	uint64_t	total_us;
};

struct psi {
	struct psi_line	some;
	struct psi_line	full;
	bool		has_full;	/* cpu pressure at the root has none */
};

/*
 * Parse "some avg10=A avg60=B avg300=C total=T" and the same for "full".
 * An average must be digits, '.', exactly two digits, at most 100.00.
 * A line that is not exactly that is skipped and counted in *rep.
 * Returns 0, or -1 when the "some" line is missing.
 */
int	psi_parse(const char *buf, size_t len, struct psi *out,
	    struct lines_report *rep);

/* "1.05" for 105; returns buf. */
const char	*psi_format_avg(uint32_t hundredths, char *buf, size_t len);

#endif
