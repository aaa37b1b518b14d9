/*
 * fuzz-planner.c - daemon/planner*.c: one round from any snapshot.
 *
 * The planner's input is built from hypervisor figures, admin settings,
 * guest hints (any of which a guest may forge) and the history the
 * daemon carried from the last round.  Whatever the bytes say, the
 * planner must return a plan that planner_check() accepts, or -EINVAL
 * with no actions; and the same input must give the same plan.  The
 * snapshot may be inconsistent (free memory read before the domains
 * above or below the one read after, actuals above their targets),
 * which is what the daemon sees on a busy host.
 */
#include "config.h"

#include <errno.h>

#include "fuzz.h"
#include "planner.h"

#define FZ_DOMS		16
#define FZ_RES		4

struct fz_in {
	const uint8_t	*p;
	size_t		 left;
};

static uint64_t
fz_u64(struct fz_in *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8 && in->left > 0; i++, in->left--)
		v = v << 8 | *in->p++;
	return v;
}

static uint8_t
fz_u8(struct fz_in *in)
{
	if (in->left == 0)
		return 0;
	in->left--;
	return *in->p++;
}

/* A size up to about 1 TiB (KiB), or now and then an extreme value. */
static uint64_t
fz_kib(struct fz_in *in)
{
	uint64_t v = fz_u64(in);

	switch (v & 15) {
	case 0:
		return 0;
	case 1:
		return UINT64_MAX >> (v >> 60);
	default:
		return (v >> 4) % (UINT64_C(1) << 30);
	}
}

static void
fz_hints(struct fz_in *in, struct plan_hints *h, uint64_t now)
{
	h->present = fz_u8(in);
	h->updated_ms = now - (fz_u64(in) % 400000) + 1000;
	h->mem_total_kib = fz_kib(in);
	h->mem_avail_kib = fz_kib(in);
	h->psi_some_avg10 = (uint32_t)fz_u64(in) % 20000;
	h->psi_full_avg10 = (uint32_t)fz_u64(in) % 20000;
	h->swap_in_kibps = fz_kib(in);
	h->swap_out_kibps = fz_kib(in);
	h->oom_kills = fz_u64(in) % 8;
	h->refault_kibps = fz_kib(in);
	h->swapped_kib = fz_kib(in);
	h->active_file_kib = fz_kib(in);
	h->sampled_after_ms = fz_u64(in) % (now + 400000);
	h->swap_total_kib = fz_kib(in);
}

/* The history is the daemon's copy of the last decision: any garbage. */
static void
fz_hist(struct fz_in *in, struct plan_domain *d)
{
	uint8_t *raw = (uint8_t *)&d->hist;

	if ((fz_u8(in) & 3) == 0)
		return;
	for (size_t i = 0; i < sizeof(d->hist); i++)
		raw[i] = fz_u8(in);
	if (fz_u8(in) & 1)
		memcpy(d->hist.uuid, d->uuid, PLAN_UUID_LEN);
}

static void
fz_domain(struct fz_in *in, struct plan_domain *d, uint32_t i, uint64_t now)
{
	memset(d, 0, sizeof(*d));
	d->domid = i;
	d->uuid[0] = (uint8_t)i;
	d->uuid[1] = fz_u8(in);
	d->flags = fz_u8(in) & 3;
	d->actual_kib = fz_kib(in);
	d->target_kib = fz_kib(in);
	d->maxmem_kib = fz_kib(in);
	d->static_max_kib = fz_kib(in);
	d->min_kib = fz_kib(in);
	d->max_kib = fz_kib(in);
	d->weight = (uint32_t)fz_u64(in);
	d->pin_kib = (fz_u8(in) & 7) == 0 ? fz_kib(in) : PLAN_NONE;
	fz_hints(in, &d->hints, now);
	fz_hist(in, d);
}

static int
fz_plan(const struct plan_config *cfg, const struct plan_input *pin,
    struct plan_output *out, struct plan_decision *dec,
    struct plan_res_result *rr, struct plan_action *act)
{
	memset(out, 0, sizeof(*out));
	out->decisions = dec;
	out->reservations = rr;
	out->actions = act;
	out->actions_cap = 2 * FZ_DOMS;
	return planner_plan(cfg, pin, out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct plan_domain doms[FZ_DOMS];
	static struct plan_decision dec[2][FZ_DOMS];
	static struct plan_action act[2][2 * FZ_DOMS];
	struct plan_reservation res[FZ_RES];
	struct plan_res_result rr[2][FZ_RES];
	struct plan_output out[2];
	struct plan_config cfg;
	struct plan_input pin;
	struct fz_in in = { data, size };
	char why[256];
	size_t n, nr;
	int rc;

	planner_config_default(&cfg);
	memset(&pin, 0, sizeof(pin));
	pin.now_ms = fz_u64(&in) % (UINT64_C(1) << 40) + 500000;
	pin.host_total_kib = fz_kib(&in);
	pin.host_free_kib = fz_kib(&in);
	pin.free_before_read = fz_u8(&in) & 1;
	pin.host_free_before_kib = pin.free_before_read ? fz_kib(&in) : 0;
	n = fz_u8(&in) % (FZ_DOMS + 1);
	nr = fz_u8(&in) % (FZ_RES + 1);
	for (size_t i = 0; i < n; i++)
		fz_domain(&in, &doms[i], (uint32_t)i, pin.now_ms);
	for (size_t r = 0; r < nr; r++) {
		memset(&res[r], 0, sizeof(res[r]));
		res[r].id = r + 1;
		res[r].size_kib = fz_kib(&in);
		res[r].deadline_ms = (fz_u8(&in) & 1) ? fz_u64(&in) : 0;
		res[r].held = fz_u8(&in) & 1;
	}
	pin.domains = doms;
	pin.n_domains = n;
	pin.reservations = res;
	pin.n_reservations = nr;

	rc = fz_plan(&cfg, &pin, &out[0], dec[0], rr[0], act[0]);
	if (rc != 0) {
		FUZZ_CHECK(rc == -EINVAL);
		FUZZ_CHECK(out[0].n_actions == 0);
		return 0;
	}
	if (planner_check(&cfg, &pin, &out[0], why, sizeof(why)) != 0) {
		fprintf(stderr, "planner_check: %s\n", why);
		FUZZ_CHECK(!"plan refused by planner_check");
	}
	FUZZ_CHECK(out[0].n_actions <= 2 * n);
	/* The same snapshot, the same plan. */
	rc = fz_plan(&cfg, &pin, &out[1], dec[1], rr[1], act[1]);
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(out[1].n_actions == out[0].n_actions);
	for (size_t k = 0; k < out[0].n_actions; k++)
		FUZZ_CHECK(act[0][k].index == act[1][k].index &&
		    act[0][k].kind == act[1][k].kind &&
		    act[0][k].value_kib == act[1][k].value_kib);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(dec[0][i].target_kib == dec[1][i].target_kib &&
		    dec[0][i].maxmem_kib == dec[1][i].maxmem_kib);
	return 0;
}
