/*
 * fuzz-vmstat.c - agent/vmstat.h: the counters of /proc/vmstat (swap,
 * OOM kills, working-set refaults), then the rates and counts memstat
 * derives from two samples.  The input is
 * the gap between the samples in ms (first byte, 0 included), then the
 * first sample, a NUL, the second.  Checked: a refused line is counted
 * with its reason; counters going backwards, huge jumps or no time
 * between samples never fault, and the keys fit their bounds.
 */
#include "config.h"

#include "fuzz-agent.h"
#include "vmstat.h"

static void
fuzz_vmstat_sample(const char *buf, size_t len, uint64_t now_us,
    struct memstat *ms, struct keymap *km)
{
	struct lines_report rep = { 0 };
	struct vmstat vm;

	memset(&vm, 0, sizeof(vm));
	if (vmstat_parse(buf, len, &vm, &rep) == 0)
		memstat_apply_vmstat(ms, &vm, now_us, km);
	FUZZ_CHECK(rep.bad == 0 || (rep.first_bad >= 1 &&
	    rep.first_why != NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint64_t t0 = 5000000;
	const char *s, *nul;
	struct memstat ms;
	struct keymap km;
	uint64_t gap_us;
	size_t n;

	if (size == 0)
		return 0;
	gap_us = (uint64_t)data[0] * 1000;
	s = (const char *)data + 1;
	n = size - 1;
	nul = memchr(s, '\0', n);

	keymap_init(&km, 64);
	fuzz_memstat_init(&ms);
	if (nul == NULL) {
		fuzz_vmstat_sample(s, n, t0, &ms, &km);
		fuzz_vmstat_sample(s, n, t0 + gap_us, &ms, &km);
	} else {
		fuzz_vmstat_sample(s, (size_t)(nul - s), t0, &ms, &km);
		fuzz_vmstat_sample(nul + 1, n - (size_t)(nul - s) - 1,
		    t0 + gap_us, &ms, &km);
	}
	fuzz_check_keymap(&km);
	keymap_free(&km);
	return 0;
}
