/*
 * fuzz-agent.h - what the agent's fuzz targets share: a memstat set up
 * as the agent's defaults would, and the promise every key published by
 * the agent keeps (it fits xenstore's node and the keymap's bounds, and
 * a figure fits the bound its key's row says the daemon reads it with).
 */
#ifndef XB_FUZZ_AGENT_H
#define XB_FUZZ_AGENT_H

#include "fuzz.h"
#include "keymap.h"
#include "memstat.h"
#include "parse.h"
#include "xskeys.h"

static inline void
fuzz_memstat_init(struct memstat *ms)
{
	const struct memstat_cfg cfg = {
		.procdir = "/nonexistent",
		.mem_threshold_kib = 1024,
		.psi_threshold = 100,
		.psi_total_threshold_us = 1000000,
		.swap_threshold_kibps = 64,
	};

	memstat_init(ms, &cfg);
}

static inline void
fuzz_check_keymap(const struct keymap *km)
{
	FUZZ_CHECK(km->n <= km->max);
	for (size_t i = 0; i < km->n; i++) {
		const struct keymap_entry *e = &km->v[i];

		FUZZ_CHECK(e->path != NULL);
		FUZZ_CHECK(strlen(e->path) < KEYMAP_PATH_MAX);
		FUZZ_CHECK(e->want == NULL ||
		    strlen(e->want) < KEYMAP_VALUE_MAX);
	}
	for (int id = 0; id < XSK__COUNT; id++) {
		const struct xskey *k = xskey((enum xsk_id)id);
		const char *v = keymap_get(km, k->path);
		uint64_t u;
		uint32_t pct;

		if (v == NULL || xskey_nidx(k) > 0)
			continue;
		if (k->kind == XSK_K_U64)
			FUZZ_CHECK(parse_u64(v, 0, k->max, &u) == PARSE_OK);
		else if (k->kind == XSK_K_PERCENT)
			FUZZ_CHECK(xskey_parse_percent(k, v, &pct) == 0);
	}
}

#endif
