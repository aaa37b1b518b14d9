/*
 * fuzz-guestkeys.c - daemon/domain.c: every key a guest writes and the
 * daemon reads (data/meminfo_total and _free, data/memory/..., the
 * data/balloon/... and attr/vif/<devid>/... keys), plus the dom0-written
 * memory/ keys, as
 * domain_read_static(), domain_read_target() and domain_read_guest()
 * read them.
 *
 * The xenstore layer is replaced by a table filled from the input (this
 * file's xsc_read and xsc_directory, with common/xs.c's documented
 * semantics: -ENOENT, -E2BIG when the value does not fit the caller's
 * buffer, at most max children; xsc_read_u64 is common/xs_read.c's own,
 * over this xsc_read), so that a run costs microseconds.  Input: records
 * of [key selector][length][bytes].
 *
 * The keys come from the key table (common/xskeys.c): every row the
 * daemon reads, so a key the daemon reads cannot be missing here or
 * spelt differently.
 *
 * Checked: every figure the planner gets is within the bound the key
 * table gives the key it came from (and MemAvailable <= MemTotal), the
 * per-interface strings are terminated and within their arrays, at most
 * XSK_VIFS_MAX interfaces, and however bad the keys the domain logs at
 * most its burst of complaints (rate limit) in one read.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "clock.h"
#include "fuzz.h"
#include "log.h"
#include "planner.h"
#include "xbd.h"
#include "xs.h"
#include "xskeys.h"

#define FUZZ_GK_MAX	128	/* keys in the input's table */
#define FUZZ_GK_DOMID	7
#define FUZZ_GK_BURST	5	/* domain.c's DOM_COMPLAIN_BURST */
#define FUZZ_GK_DIRS	(XSK_VIFS_MAX + 4)

/* The rows the daemon reads: plain keys, and an interface's keys. */
static enum xsk_id	fuzz_gk_fixed[XSK__COUNT], fuzz_gk_vif[XSK__COUNT];
static size_t		fuzz_gk_nfixed, fuzz_gk_nvif;

struct fuzz_gk_key {
	char		path[192];
	const uint8_t	*val;
	size_t		len;
};

static struct fuzz_gk_key	fuzz_gk[FUZZ_GK_MAX];
static size_t			fuzz_gk_n;
static char			fuzz_gk_dir[FUZZ_GK_DIRS][32];	/* attr/vif's */
static unsigned int		fuzz_gk_ndir;

static void
fuzz_gk_init(void)
{
	static const char vif[] = XSK_VIF_ROOT "/<devid>/";

	if (fuzz_gk_nfixed > 0)
		return;
	for (int id = 0; id < XSK__COUNT; id++) {
		const struct xskey *k = xskey((enum xsk_id)id);

		if (!(k->flags & XSK_F_READ))
			continue;
		if (xskey_nidx(k) == 0)
			fuzz_gk_fixed[fuzz_gk_nfixed++] = (enum xsk_id)id;
		else if (strncmp(k->path, vif, sizeof(vif) - 1) == 0)
			fuzz_gk_vif[fuzz_gk_nvif++] = (enum xsk_id)id;
		else
			abort();	/* a new indexed key: teach load */
	}
	/* Selectors are taken modulo 32: the plain keys, the directory
	 * entry, then at least one interface key. */
	if (fuzz_gk_nfixed + 2 > 32 || fuzz_gk_nvif == 0)
		abort();
}

/* The monotonic clock (common/clock.c, not linked in): frozen, so every
 * complaint of one read falls in one rate-limit window. */
uint64_t
clock_mono_ms(void)
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

/* The children of path: attr/vif's from the input, other directories'
 * from the keys below them. */
static unsigned int
fuzz_gk_children(const char *path, char (*out)[32])
{
	char vifs[64];
	size_t plen = strlen(path);
	unsigned int n = 0;

	snprintf(vifs, sizeof(vifs), "/local/domain/%u/%s", FUZZ_GK_DOMID,
	    XSK_VIF_ROOT);
	if (strcmp(path, vifs) == 0) {
		memcpy(out, fuzz_gk_dir, sizeof(fuzz_gk_dir));
		return fuzz_gk_ndir;
	}
	for (size_t i = 0; i < fuzz_gk_n && n < FUZZ_GK_DIRS; i++) {
		const char *rest = fuzz_gk[i].path + plen;
		size_t l;
		bool dup = false;

		if (strncmp(fuzz_gk[i].path, path, plen) != 0 || *rest != '/')
			continue;
		rest++;
		l = strcspn(rest, "/");
		if (l == 0 || l >= sizeof(out[0]))
			continue;
		for (unsigned int j = 0; j < n && !dup; j++)
			dup = strlen(out[j]) == l &&
			    memcmp(out[j], rest, l) == 0;
		if (dup)
			continue;
		memcpy(out[n], rest, l);
		out[n++][l] = '\0';
	}
	return n;
}

int
xsc_directory(struct xsc *c, xs_transaction_t t, const char *path,
    unsigned int max, char ***entries, unsigned int *n)
{
	static char names[FUZZ_GK_DIRS][32];
	unsigned int num = fuzz_gk_children(path, names);
	char **v;
	char *p;

	if (num == 0)
		return -ENOENT;
	if (num > max)
		return -E2BIG;
	/* One allocation, as xs.c promises: the vector, then the names. */
	v = malloc(num * (sizeof(char *) + sizeof(names[0])));
	if (v == NULL)
		return -ENOMEM;
	p = (char *)(v + num);
	for (unsigned int i = 0; i < num; i++) {
		v[i] = p + i * sizeof(names[0]);
		memcpy(v[i], names[i], sizeof(names[0]));
	}
	*entries = v;
	*n = num;
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

/*
 * A record's selector (mod 32) picks a plain key, a child of attr/vif,
 * or a key of the last child; sel / 32 picks an address slot (7: one
 * past the last the agent may write).
 */
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
		if (sel % 32 < fuzz_gk_nfixed) {
			fuzz_gk_add(xskey(fuzz_gk_fixed[sel % 32])->path,
			    data + off, len);
		} else if (sel % 32 == fuzz_gk_nfixed) {
			/* A child of attr/vif: xenstore names hold no NUL. */
			if (fuzz_gk_ndir < FUZZ_GK_DIRS) {
				size_t l = strnlen((const char *)data + off,
				    len < 31 ? len : 31);

				memcpy(fuzz_gk_dir[fuzz_gk_ndir], data + off, l);
				fuzz_gk_dir[fuzz_gk_ndir++][l] = '\0';
			}
		} else if (fuzz_gk_ndir > 0) {
			enum xsk_id id = fuzz_gk_vif[(sel % 32 -
			    fuzz_gk_nfixed - 1) % fuzz_gk_nvif];
			char slot[12];
			const char *idx[2] = { fuzz_gk_dir[fuzz_gk_ndir - 1],
			    slot };

			snprintf(slot, sizeof(slot), "%u", sel / 32 == 7 ?
			    XSK_ADDRS_MAX : sel / 32);
			if (xskey_expand(rel, sizeof(rel), xskey(id), idx,
			    2) > 0)
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

/* Within the bound the key table gives the key the value came from. */
#define FUZZ_GK_IN(v, id)	((uint64_t)(v) <= xskey(id)->max)

static void
fuzz_gk_check(const struct dom *d)
{
	const struct plan_hints *h = &d->hints;

	if (h->present & PLAN_HINT_MEMINFO) {
		FUZZ_CHECK(FUZZ_GK_IN(h->mem_total_kib, XSK_MEMINFO_TOTAL));
		FUZZ_CHECK(h->mem_avail_kib <= h->mem_total_kib);
	}
	if (h->present & PLAN_HINT_PSI)
		FUZZ_CHECK(FUZZ_GK_IN(h->psi_some_avg10, XSK_PSI_SOME_AVG10) &&
		    FUZZ_GK_IN(h->psi_full_avg10, XSK_PSI_FULL_AVG10));
	if (h->present & PLAN_HINT_SWAP)
		FUZZ_CHECK(FUZZ_GK_IN(h->swap_in_kibps, XSK_SWAP_IN) &&
		    FUZZ_GK_IN(h->swap_out_kibps, XSK_SWAP_OUT));
	if (h->present & PLAN_HINT_OOM)
		FUZZ_CHECK(FUZZ_GK_IN(h->oom_kills, XSK_OOM_KILLS));
	if (h->present & PLAN_HINT_REFAULT)
		FUZZ_CHECK(FUZZ_GK_IN(h->refault_kibps, XSK_REFAULT));
	if (h->present & PLAN_HINT_SWAPPED)
		FUZZ_CHECK(FUZZ_GK_IN(h->swapped_kib, XSK_SWAPPED));
	if (h->present & PLAN_HINT_SWAP_TOTAL)
		FUZZ_CHECK(FUZZ_GK_IN(h->swap_total_kib, XSK_SWAP_TOTAL));
	if (h->present & PLAN_HINT_ACTIVE_FILE)
		FUZZ_CHECK(FUZZ_GK_IN(h->active_file_kib, XSK_ACTIVE_FILE));
	FUZZ_CHECK(!d->have_static_max ||
	    FUZZ_GK_IN(d->static_max_kib, XSK_MEM_STATIC_MAX));
	FUZZ_CHECK(FUZZ_GK_IN(d->videoram_kib, XSK_MEM_VIDEORAM));
	FUZZ_CHECK(!d->balloon.present ||
	    (FUZZ_GK_IN(d->balloon.target_kib, XSK_BALLOON_TARGET) &&
	    FUZZ_GK_IN(d->balloon.current_kib, XSK_BALLOON_CURRENT)));
	FUZZ_CHECK(FUZZ_GK_IN(d->balloon.retries, XSK_BALLOON_RETRIES));
	FUZZ_CHECK(!d->balloon.has_state ||
	    (unsigned int)d->balloon.state < XSK_BSTATE__COUNT);
	FUZZ_CHECK(fuzz_gk_terminated(d->balloon.last_error,
	    sizeof(d->balloon.last_error)));
	FUZZ_CHECK(d->nvifs <= XSK_VIFS_MAX);
	for (unsigned int i = 0; i < d->nvifs; i++) {
		const struct dom_vif *v = &d->vifs[i];

		FUZZ_CHECK(v->devid <= 0xffff);
		FUZZ_CHECK(v->carrier >= -1 && v->carrier <= 1);
		FUZZ_CHECK(FUZZ_GK_IN(v->mtu, XSK_VIF_MTU));
		FUZZ_CHECK(fuzz_gk_terminated(v->name, sizeof(v->name)));
		FUZZ_CHECK(fuzz_gk_terminated(v->mac, sizeof(v->mac)));
		FUZZ_CHECK(fuzz_gk_terminated(v->operstate,
		    sizeof(v->operstate)));
		for (size_t j = 0; j < XSK_ADDRS_MAX; j++) {
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

	fuzz_gk_init();
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
