/*
 * memstat.h - the agent's memory figures: /proc/meminfo, PSI and the
 * counters of /proc/vmstat (swap, OOM kills, working-set refaults),
 * turned into data/meminfo_ and data/memory/ keys with hysteresis, so an
 * idle guest writes (almost) nothing.
 */
#ifndef XB_AGENT_MEMSTAT_H
#define XB_AGENT_MEMSTAT_H

#include <stdbool.h>
#include <stdint.h>

#include "keymap.h"
#include "meminfo.h"
#include "pace.h"
#include "psi.h"
#include "vmstat.h"
#include "xskeys.h"

struct memstat_cfg {
	const char	*procdir;		/* "/proc" */
	uint64_t	 mem_threshold_kib;	/* MemAvailable moves this much */
	uint32_t	 psi_threshold;		/* avg moves, in 0.01 % */
	uint64_t	 psi_total_threshold_us; /* stall time accumulates */
	uint64_t	 swap_threshold_kibps;	/* swap or refault rate moves */
};

/* What was last put in the keymap, for the hysteresis. */
struct memstat {
	struct memstat_cfg	cfg;
	bool			published_mem, published_psi, published_swap;
	bool			published_oom, published_refault;
	struct meminfo		mem;
	struct psi		psi;
	uint64_t		swapin_kibps, swapout_kibps;
	uint64_t		oom_kills, refault_kibps;
	uint64_t		page_kib;	/* the guest's page size */
	/* the previous vmstat sample, for rates */
	bool			have_vm;
	struct vmstat		vm;
	uint64_t		vm_us;
	unsigned int		quiet;		/* samples in a row that moved
						   nothing past the hysteresis */
	/* reports of malformed lines, rate-limited by the caller */
	struct lines_report	rep;
	const char		*rep_file;
};

void	memstat_init(struct memstat *m, const struct memstat_cfg *cfg);

/*
 * Pure: decide from fresh figures which keys to (re)state.  force
 * publishes the pressure figures whatever the hysteresis says (a PSI
 * trigger fired: the reader wants them now).  Returns true if the
 * keymap was touched.
 */
bool	memstat_apply_meminfo(struct memstat *m, const struct meminfo *mi,
	    struct keymap *km);
bool	memstat_apply_psi(struct memstat *m, const struct psi *p, bool force,
	    struct keymap *km);
bool	memstat_apply_vmstat(struct memstat *m, const struct vmstat *vm,
	    uint64_t now_us, struct keymap *km);

/*
 * Read the three files under procdir and apply them.  Files that are
 * missing (no PSI, no swap counters) are skipped silently; malformed
 * ones are reported through m->rep.  Returns true if keys changed.
 */
bool	memstat_sample(struct memstat *m, bool force_psi, uint64_t now_us,
	    struct keymap *km);

/* Pure: how long until the next sample (pace.h). */
uint64_t memstat_interval_ms(const struct memstat *m, uint64_t fast_ms,
	    uint64_t idle_ms);

/* Read a small file whole into buf (NUL-terminated); returns the length
 * or -errno. */
long	memstat_read_file(const char *dir, const char *name, char *buf,
	    size_t bufsz);

#endif
