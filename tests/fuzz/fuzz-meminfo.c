/*
 * fuzz-meminfo.c - agent/meminfo.h: /proc/meminfo as the guest kernel
 * (or anything mounted over /proc) writes it, then through memstat into
 * the keys the agent would publish.  Checked: accepted values stay under
 * MEMINFO_MAX_KIB, a refused line is counted with its reason, and what
 * reaches the keymap fits its bounds.
 */
#include "config.h"

#include "fuzz-agent.h"
#include "meminfo.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lines_report rep = { 0 };
	struct meminfo mi;
	struct memstat ms;
	struct keymap km;

	memset(&mi, 0, sizeof(mi));
	if (meminfo_parse((const char *)data, size, &mi, &rep) != 0)
		return 0;
	FUZZ_CHECK(mi.total_kib <= MEMINFO_MAX_KIB);
	FUZZ_CHECK(mi.free_kib <= MEMINFO_MAX_KIB);
	FUZZ_CHECK(mi.available_kib <= MEMINFO_MAX_KIB);
	FUZZ_CHECK(mi.swap_total_kib <= MEMINFO_MAX_KIB);
	FUZZ_CHECK(mi.swap_free_kib <= MEMINFO_MAX_KIB);
	/* first_bad is 0 for a whole-file complaint (MemAvailable above
	 * MemTotal): only the reason is promised. */
	FUZZ_CHECK(rep.bad == 0 || rep.first_why != NULL);

	keymap_init(&km, 64);
	fuzz_memstat_init(&ms);
	memstat_apply_meminfo(&ms, &mi, &km);
	fuzz_check_keymap(&km);
	keymap_free(&km);
	return 0;
}
