/*
 * fuzz-psi.c - agent/psi.h: /proc/pressure/memory, then through memstat
 * into the keys the agent would publish.  Checked: averages within
 * 0..100.00 %, the formatted average reads back to the same value, a
 * refused line is counted, the keys fit their bounds.
 */
#include "config.h"

#include "fuzz-agent.h"
#include "psi.h"

static void
fuzz_psi_line(const struct psi_line *l)
{
	const uint32_t v[] = { l->avg10, l->avg60, l->avg300 };
	char buf[24], *dot;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		FUZZ_CHECK(v[i] <= 10000);
		psi_format_avg(v[i], buf, sizeof(buf));
		dot = strchr(buf, '.');
		FUZZ_CHECK(dot != NULL && strlen(dot) == 3);
		FUZZ_CHECK(strtoul(buf, NULL, 10) * 100 +
		    strtoul(dot + 1, NULL, 10) == v[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lines_report rep = { 0 };
	struct memstat ms;
	struct keymap km;
	struct psi p;

	memset(&p, 0, sizeof(p));
	if (psi_parse((const char *)data, size, &p, &rep) != 0)
		return 0;
	fuzz_psi_line(&p.some);
	if (p.has_full)
		fuzz_psi_line(&p.full);
	FUZZ_CHECK(rep.bad == 0 || (rep.first_bad >= 1 &&
	    rep.first_why != NULL));

	keymap_init(&km, 64);
	fuzz_memstat_init(&ms);
	memstat_apply_psi(&ms, &p, size % 2 == 0, &km);
	memstat_apply_psi(&ms, &p, false, &km);
	fuzz_check_keymap(&km);
	keymap_free(&km);
	return 0;
}
