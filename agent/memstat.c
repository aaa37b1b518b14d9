/*
 * memstat.c - memory figures with hysteresis into the keymap.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "memstat.h"


void
memstat_init(struct memstat *m, const struct memstat_cfg *cfg)
{
	long page = sysconf(_SC_PAGESIZE);

	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	/* vmstat counts pages: 4 KiB on x86, 64 KiB on some arm64. */
	m->page_kib = page >= 1024 ? (uint64_t)page / 1024 : 4;
}

static bool
memstat_moved(uint64_t was, uint64_t now, uint64_t threshold)
{
	uint64_t d = was > now ? was - now : now - was;

	return d >= threshold && d > 0;
}

static uint64_t
memstat_swapped(const struct meminfo *mi)
{
	if (!mi->has_swap || mi->swap_free_kib > mi->swap_total_kib)
		return 0;
	return mi->swap_total_kib - mi->swap_free_kib;
}

bool
memstat_apply_meminfo(struct memstat *m, const struct meminfo *mi,
    struct keymap *km)
{
	uint64_t avail = mi->has_available ? mi->available_kib : mi->free_kib;
	uint64_t was = m->mem.has_available ? m->mem.available_kib :
	    m->mem.free_kib;

	uint64_t swapped = memstat_swapped(mi), swapped_was =
	    memstat_swapped(&m->mem);

	if (m->published_mem && mi->total_kib == m->mem.total_kib &&
	    !memstat_moved(was, avail, pace_avail_threshold_kib(
	    m->cfg.mem_threshold_kib, was)) &&
	    !memstat_moved(swapped_was, swapped, m->cfg.mem_threshold_kib) &&
	    mi->has_swap == m->mem.has_swap &&
	    mi->swap_total_kib == m->mem.swap_total_kib &&
	    !memstat_moved(m->mem.active_file_kib, mi->active_file_kib,
	    m->cfg.mem_threshold_kib) &&
	    mi->has_active_file == m->mem.has_active_file)
		return false;
	keymap_set_u64(km, XSK_MEMINFO_TOTAL, mi->total_kib);
	keymap_set_u64(km, XSK_MEMINFO_FREE, avail);
	/*
	 * What the guest pushed out to swap: under pressure it says how
	 * short the guest is, which MemAvailable (0 whatever the shortage)
	 * cannot.  And how much swap there is: a guest with none meets its
	 * OOM killer as soon as it is short, which the planner's guard
	 * above its demand is for.  No swap figures, no keys.
	 */
	if (mi->has_swap) {
		keymap_set_u64(km, XSK_SWAPPED, swapped);
		keymap_set_u64(km, XSK_SWAP_TOTAL, mi->swap_total_kib);
	} else {
		keymap_del(km, xskey(XSK_SWAPPED)->path);
		keymap_del(km, xskey(XSK_SWAP_TOTAL)->path);
	}
	/*
	 * The page cache read more than once, part of MemAvailable: what
	 * of it the guest holds is its file working set (a file server's
	 * MemAvailable counts it all as free).
	 */
	if (mi->has_active_file)
		keymap_set_u64(km, XSK_ACTIVE_FILE, mi->active_file_kib);
	else
		keymap_del(km, xskey(XSK_ACTIVE_FILE)->path);
	m->mem = *mi;
	m->published_mem = true;
	return true;
}

static bool
memstat_psi_moved(const struct memstat *m, const struct psi *p)
{
	const struct psi_line *a = &m->psi.some, *b = &p->some;
	const struct psi_line *c = &m->psi.full, *d = &p->full;
	uint32_t t = m->cfg.psi_threshold;

	return memstat_moved(a->avg10, b->avg10, t) ||
	    memstat_moved(a->avg60, b->avg60, t) ||
	    memstat_moved(c->avg10, d->avg10, t) ||
	    memstat_moved(c->avg60, d->avg60, t) ||
	    memstat_moved(a->total_us, b->total_us,
		m->cfg.psi_total_threshold_us) ||
	    memstat_moved(c->total_us, d->total_us,
		m->cfg.psi_total_threshold_us) ||
	    m->psi.has_full != p->has_full;
}

static void
memstat_set_psi(struct keymap *km, enum xsk_id id, uint32_t avg)
{
	char v[16];

	if (avg > xskey(id)->max)
		avg = (uint32_t)xskey(id)->max;
	(void)keymap_set(km, xskey(id)->path, psi_format_avg(avg, v,
	    sizeof(v)));
}

bool
memstat_apply_psi(struct memstat *m, const struct psi *p, bool force,
    struct keymap *km)
{
	if (m->published_psi && !force && !memstat_psi_moved(m, p))
		return false;
	memstat_set_psi(km, XSK_PSI_SOME_AVG10, p->some.avg10);
	memstat_set_psi(km, XSK_PSI_SOME_AVG60, p->some.avg60);
	keymap_set_u64(km, XSK_PSI_SOME_TOTAL, p->some.total_us);
	if (p->has_full) {
		memstat_set_psi(km, XSK_PSI_FULL_AVG10, p->full.avg10);
		memstat_set_psi(km, XSK_PSI_FULL_AVG60, p->full.avg60);
		keymap_set_u64(km, XSK_PSI_FULL_TOTAL, p->full.total_us);
	}
	m->psi = *p;
	m->published_psi = true;
	return true;
}

static uint64_t
memstat_rate(uint64_t was, uint64_t now, uint64_t dt_us, uint64_t page_kib)
{
	uint64_t pages;

	/* A counter going backwards is a reset (or garbage): no rate. */
	if (now < was || dt_us == 0)
		return 0;
	pages = now - was;
	/* A jump this large is garbage too; saturate rather than wrap. */
	if (pages > UINT64_MAX / 1000000u / page_kib)
		return UINT64_MAX;
	return pages * page_kib * 1000000u / dt_us;
}

/* A rate moved past the threshold, or started or stopped (always news). */
static bool
memstat_rate_moved(uint64_t was, uint64_t now, uint64_t threshold)
{
	return memstat_moved(was, now, threshold) || (now == 0) != (was == 0);
}

static bool
memstat_apply_swap(struct memstat *m, const struct vmstat *vm, bool first,
    uint64_t dt, struct keymap *km)
{
	uint64_t in, out, t = m->cfg.swap_threshold_kibps;

	in = first ? 0 : memstat_rate(m->vm.pswpin, vm->pswpin, dt,
	    m->page_kib);
	out = first ? 0 : memstat_rate(m->vm.pswpout, vm->pswpout, dt,
	    m->page_kib);
	if (m->published_swap && !memstat_rate_moved(m->swapin_kibps, in, t) &&
	    !memstat_rate_moved(m->swapout_kibps, out, t))
		return false;
	keymap_set_u64(km, XSK_SWAP_IN, in);
	keymap_set_u64(km, XSK_SWAP_OUT, out);
	m->swapin_kibps = in;
	m->swapout_kibps = out;
	m->published_swap = true;
	return true;
}

/* Every OOM kill is news: the count moves rarely, and each one matters. */
static bool
memstat_apply_oom(struct memstat *m, const struct vmstat *vm,
    struct keymap *km)
{
	if (m->published_oom && m->oom_kills == vm->oom_kill)
		return false;
	keymap_set_u64(km, XSK_OOM_KILLS, vm->oom_kill);
	m->oom_kills = vm->oom_kill;
	m->published_oom = true;
	return true;
}

/* Refaults are paging as swap is: the same threshold and rules. */
static bool
memstat_apply_refault(struct memstat *m, const struct vmstat *vm, bool first,
    uint64_t dt, struct keymap *km)
{
	uint64_t r = first ? 0 : memstat_rate(m->vm.refault, vm->refault, dt,
	    m->page_kib);

	if (m->published_refault && !memstat_rate_moved(m->refault_kibps, r,
	    m->cfg.swap_threshold_kibps))
		return false;
	keymap_set_u64(km, XSK_REFAULT, r);
	m->refault_kibps = r;
	m->published_refault = true;
	return true;
}

bool
memstat_apply_vmstat(struct memstat *m, const struct vmstat *vm,
    uint64_t now_us, struct keymap *km)
{
	uint64_t dt = m->have_vm ? now_us - m->vm_us : 0;
	bool changed = false;

	/* A rate needs the counter in the previous sample too. */
	if (vm->has_swap)
		changed |= memstat_apply_swap(m, vm, !m->have_vm ||
		    !m->vm.has_swap, dt, km);
	if (vm->has_oom)
		changed |= memstat_apply_oom(m, vm, km);
	if (vm->has_refault)
		changed |= memstat_apply_refault(m, vm, !m->have_vm ||
		    !m->vm.has_refault, dt, km);
	m->vm = *vm;
	m->vm_us = now_us;
	m->have_vm = true;
	return changed;
}

long
memstat_read_file(const char *dir, const char *name, char *buf, size_t bufsz)
{
	char path[512];
	ssize_t n;
	int fd, e;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* procfs and sysfs files give everything to one read of a page. */
	n = read(fd, buf, bufsz - 1);
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	if ((size_t)n == bufsz - 1)
		return -EFBIG;
	buf[n] = '\0';
	return (long)n;
}

static void
memstat_note(struct memstat *m, const char *file, struct lines_report *r)
{
	if (r->bad == 0 || m->rep.bad != 0)
		return;
	m->rep = *r;
	m->rep_file = file;
}

bool
memstat_sample(struct memstat *m, bool force_psi, uint64_t now_us,
    struct keymap *km)
{
	static char buf[16384];
	struct lines_report r;
	struct meminfo mi;
	struct psi p;
	struct vmstat vm;
	bool changed = false;
	long n;

	if ((n = memstat_read_file(m->cfg.procdir, "meminfo", buf,
	    sizeof(buf))) >= 0) {
		memset(&r, 0, sizeof(r));
		if (meminfo_parse(buf, (size_t)n, &mi, &r) == 0)
			changed |= memstat_apply_meminfo(m, &mi, km);
		else
			lines_report_bad(&r, 0, "no usable MemTotal");
		memstat_note(m, "meminfo", &r);
	}
	if ((n = memstat_read_file(m->cfg.procdir, "pressure/memory", buf,
	    sizeof(buf))) >= 0) {
		memset(&r, 0, sizeof(r));
		if (psi_parse(buf, (size_t)n, &p, &r) == 0)
			changed |= memstat_apply_psi(m, &p, force_psi, km);
		else
			lines_report_bad(&r, 0, "no usable \"some\" line");
		memstat_note(m, "pressure/memory", &r);
	}
	if ((n = memstat_read_file(m->cfg.procdir, "vmstat", buf,
	    sizeof(buf))) >= 0) {
		memset(&r, 0, sizeof(r));
		if (vmstat_parse(buf, (size_t)n, &vm, &r) == 0)
			changed |= memstat_apply_vmstat(m, &vm, now_us, km);
		memstat_note(m, "vmstat", &r);
	}
	m->quiet = changed ? 0 : m->quiet + (m->quiet < UINT_MAX);
	return changed;
}

/* The rule is pace.h's, shared with the simulator. */
uint64_t
memstat_interval_ms(const struct memstat *m, uint64_t fast_ms,
    uint64_t idle_ms)
{
	const struct meminfo *mi = &m->mem;

	return pace_interval_ms(mi->has_available ? mi->available_kib :
	    mi->free_kib, mi->total_kib, m->quiet, m->published_mem, fast_ms,
	    idle_ms);
}
