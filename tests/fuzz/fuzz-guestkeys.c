/*
 * fuzz-guestkeys.c - daemon/domain.c: every key a guest writes and the
 * daemon reads (data/meminfo_total and _free, data/memory/..., the
 * data/balloon/... and attr/vif/<devid>/... keys), plus the dom0-written
 * memory/ keys, as
 * domain_read_static(), domain_read_target() and domain_read_guest()
 * read them.
 *
 * The xenstore layer is replaced by a table filled from the input (this
 * file's xsc_read, xsc_read_u64 and xsc_directory, with common/xs.c's
 * documented semantics: -ENOENT, -E2BIG when the value does not fit the
 * caller's buffer, at most max children), so that a run costs
 * microseconds.  Input: records of [key selector][length][bytes].
 *
 * Checked: every figure the planner gets is within its bounds (memory
 * below DOM_KIB_MAX and MemAvailable <= MemTotal, PSI <= 100.00 %), the
 * per-interface strings are terminated and within their arrays, at most
 * DOM_VIFS_MAX interfaces, and however bad the keys the domain logs at
 * most its burst of complaints (rate limit) in one read.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "fuzz.h"
#include "log.h"
#include "planner.h"
#include "xenballoond.h"
#include "xs.h"

#define FUZZ_GK_MAX	64	/* keys in the table */
#define FUZZ_GK_DOMID	7
#define FUZZ_GK_BURST	5	/* domain.c's DOM_COMPLAIN_BURST */

static const char *const fuzz_gk_keys[] = {
	"memory/static-max", "memory/videoram", "memory/target",
	"data/meminfo_total", "data/meminfo_free",
	"data/memory/psi-some-avg10", "data/memory/psi-full-avg10",
	"data/memory/swap-in-kbps", "data/memory/swap-out-kbps",
	"data/balloon/target-kb", "data/balloon/current-kb",
	"data/balloon/state", "data/balloon/retries",
	"data/balloon/last-error",
};
#define FUZZ_GK_NFIXED	(sizeof(fuzz_gk_keys) / sizeof(fuzz_gk_keys[0]))

static const char *const fuzz_gk_vifkeys[] = {
	"name", "mac/0", "operstate", "carrier", "mtu",
	"ipv4/0", "ipv4/3", "ipv6/0", "ipv6/3",
};
#define FUZZ_GK_NVIF	(sizeof(fuzz_gk_vifkeys) / sizeof(fuzz_gk_vifkeys[0]))

struct fuzz_gk_key {
	char		path[192];
	const uint8_t	*val;
	size_t		len;
};

static struct fuzz_gk_key	fuzz_gk[FUZZ_GK_MAX];
static size_t			fuzz_gk_n;
static char			fuzz_gk_dir[16][32];	/* attr/vif children */
static unsigned int		fuzz_gk_ndir;

/* The daemon's clock (xenballoond.c): frozen, so every complaint of one
 * read falls in one rate-limit window. */
uint64_t
xbd_now_ms(void)
{
	return 1000000;
}

int
xsc_read(struct xsc *c, xs_transaction_t t, const char *path, char *buf,
    size_t bufsz, size_t *len)
{
	for (size_t i = fuzz_gk_n; i-- > 0;) {
		if (strcmp(fuzz_gk[i].path, path) != 0)
			continue;
		if (len != NULL)
			*len = fuzz_gk[i].len;
		if (fuzz_gk[i].len >= bufsz)
			return -E2BIG;
		memcpy(buf, fuzz_gk[i].val, fuzz_gk[i].len);
		buf[fuzz_gk[i].len] = '\0';
		return 0;
	}
	return -ENOENT;
}

/* As common/xs.c: one byte more than the longest number is read. */
int
xsc_read_u64(struct xsc *c, xs_transaction_t t, const char *path,
    uint64_t min, uint64_t max, uint64_t *out, enum parse_err *perr)
{
	char buf[PARSE_U64_MAXLEN + 2];
	enum parse_err pe;
	size_t len;
	int r;

	if (perr != NULL)
		*perr = PARSE_OK;
	r = xsc_read(c, t, path, buf, sizeof(buf), &len);
	if (r == -E2BIG)
		pe = PARSE_TOOLONG;
	else if (r < 0)
		return r;
	else
		pe = parse_xs_u64(buf, len, min, max, out);
	if (pe != PARSE_OK) {
		if (perr != NULL)
			*perr = pe;
		return -EBADMSG;
	}
	return 0;
}

int
xsc_directory(struct xsc *c, xs_transaction_t t, const char *path,
    unsigned int max, char ***entries, unsigned int *n)
{
	char **v;
	char *p;

	if (fuzz_gk_ndir == 0)
		return -ENOENT;
	if (fuzz_gk_ndir > max)
		return -E2BIG;
	/* One allocation, as xs.c promises: the vector, then the names. */
	v = malloc(fuzz_gk_ndir * (sizeof(char *) + sizeof(fuzz_gk_dir[0])));
	if (v == NULL)
		return -ENOMEM;
	p = (char *)(v + fuzz_gk_ndir);
	for (unsigned int i = 0; i < fuzz_gk_ndir; i++) {
		v[i] = p + i * sizeof(fuzz_gk_dir[0]);
		memcpy(v[i], fuzz_gk_dir[i], sizeof(fuzz_gk_dir[0]));
	}
	*entries = v;
	*n = fuzz_gk_ndir;
	return 0;
}

static void
fuzz_gk_add(const char *rel, const uint8_t *val, size_t len)
{
	struct fuzz_gk_key *k;

	if (fuzz_gk_n == FUZZ_GK_MAX)
		return;
	k = &fuzz_gk[fuzz_gk_n++];
	snprintf(k->path, sizeof(k->path), "/local/domain/%u/%s",
	    FUZZ_GK_DOMID, rel);
	k->val = val;
	k->len = len;
}

static void
fuzz_gk_load(const uint8_t *data, size_t size)
{
	char rel[128];
	size_t off = 0;

	fuzz_gk_n = 0;
	fuzz_gk_ndir = 0;
	while (size - off >= 2) {
		unsigned int sel = data[off];
		size_t len = data[off + 1];

		off += 2;
		if (len > size - off)
			len = size - off;
		if (sel % 32 < FUZZ_GK_NFIXED) {
			fuzz_gk_add(fuzz_gk_keys[sel % 32], data + off, len);
		} else if (sel % 32 == FUZZ_GK_NFIXED) {
			/* A child of attr/vif: xenstore names hold no NUL. */
			if (fuzz_gk_ndir < 16) {
				size_t l = strnlen((const char *)data + off,
				    len < 31 ? len : 31);

				memcpy(fuzz_gk_dir[fuzz_gk_ndir], data + off, l);
				fuzz_gk_dir[fuzz_gk_ndir++][l] = '\0';
			}
		} else if (fuzz_gk_ndir > 0) {
			snprintf(rel, sizeof(rel), "attr/vif/%s/%s",
			    fuzz_gk_dir[fuzz_gk_ndir - 1],
			    fuzz_gk_vifkeys[sel % FUZZ_GK_NVIF]);
			fuzz_gk_add(rel, data + off, len);
		}
		off += len;
	}
}

static bool
fuzz_gk_terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static void
fuzz_gk_check(const struct dom *d)
{
	const struct plan_hints *h = &d->hints;

	if (h->present & PLAN_HINT_MEMINFO) {
		FUZZ_CHECK(h->mem_total_kib <= DOM_KIB_MAX);
		FUZZ_CHECK(h->mem_avail_kib <= h->mem_total_kib);
	}
	if (h->present & PLAN_HINT_PSI)
		FUZZ_CHECK(h->psi_some_avg10 <= PLAN_PSI_MAX &&
		    h->psi_full_avg10 <= PLAN_PSI_MAX);
	if (h->present & PLAN_HINT_SWAP)
		FUZZ_CHECK(h->swap_in_kib_s <= DOM_KIB_MAX &&
		    h->swap_out_kib_s <= DOM_KIB_MAX);
	FUZZ_CHECK(!d->have_static_max || d->static_max_kib <= DOM_KIB_MAX);
	FUZZ_CHECK(d->videoram_kib <= DOM_KIB_MAX);
	FUZZ_CHECK(!d->balloon.present ||
	    (d->balloon.target_kib <= DOM_KIB_MAX &&
	    d->balloon.current_kib <= DOM_KIB_MAX));
	FUZZ_CHECK(d->balloon.retries <= UINT32_MAX);
	FUZZ_CHECK(fuzz_gk_terminated(d->balloon.state,
	    sizeof(d->balloon.state)));
	FUZZ_CHECK(fuzz_gk_terminated(d->balloon.last_error,
	    sizeof(d->balloon.last_error)));
	FUZZ_CHECK(d->nvifs <= DOM_VIFS_MAX);
	for (unsigned int i = 0; i < d->nvifs; i++) {
		const struct dom_vif *v = &d->vifs[i];

		FUZZ_CHECK(v->devid <= 0xffff);
		FUZZ_CHECK(v->carrier >= -1 && v->carrier <= 1);
		FUZZ_CHECK(v->mtu <= 65535);
		FUZZ_CHECK(fuzz_gk_terminated(v->name, sizeof(v->name)));
		FUZZ_CHECK(fuzz_gk_terminated(v->mac, sizeof(v->mac)));
		FUZZ_CHECK(fuzz_gk_terminated(v->operstate,
		    sizeof(v->operstate)));
		for (size_t j = 0; j < DOM_ADDRS_MAX; j++) {
			FUZZ_CHECK(fuzz_gk_terminated(v->ipv4[j],
			    sizeof(v->ipv4[j])));
			FUZZ_CHECK(fuzz_gk_terminated(v->ipv6[j],
			    sizeof(v->ipv6[j])));
		}
	}
}

/* Log lines written since the stream was rewound. */
static unsigned int
fuzz_gk_log_lines(FILE *f)
{
	unsigned int n = 0;
	int ch;

	fflush(f);
	rewind(f);
	while ((ch = getc(f)) != EOF)
		n += ch == '\n';
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *logf;
	struct hv_dom hv = { .domid = FUZZ_GK_DOMID, .name = "guest",
	    .tot_kib = 1048576, .max_kib = 2097152 };
	struct domtab tab = { 0 };
	struct dom *d;

	if (logf == NULL) {
		log_init("fuzz", LOG_TARGET_STDERR);
		if ((logf = tmpfile()) == NULL)
			abort();
		log_set_stream(logf);
	}
	if (ftruncate(fileno(logf), 0) != 0)
		abort();
	rewind(logf);

	fuzz_gk_load(data, size);
	if ((d = domain_add(&tab, &hv)) == NULL)
		return 0;
	domain_read_static(d, NULL);
	domain_read_target(d, NULL);
	domain_read_guest(d, NULL, 5000);
	fuzz_gk_check(d);
	FUZZ_CHECK(fuzz_gk_log_lines(logf) <= FUZZ_GK_BURST);
	domain_free_all(&tab);
	return 0;
}
