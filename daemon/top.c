/*
 * top.c - xenballoonctl top without a terminal: the status reply into a
 * model, the model sorted, the model into lines of text (see top.h).
 * No I/O here, so that every frame can be checked by the unit tests.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "top.h"

const struct top_sort_key top_sort_keys[TOP_NSORTS] = {
	[TOP_SORT_DOMID]	= { "domid",	'i' },
	[TOP_SORT_NAME]		= { "name",	'n' },
	[TOP_SORT_ACTUAL]	= { "actual",	'a' },
	[TOP_SORT_TARGET]	= { "target",	't' },
	[TOP_SORT_DEMAND]	= { "demand",	'd' },
	[TOP_SORT_PRESSURE]	= { "pressure",	'p' },
};

#define TOP_LINE_MAX	512	/* a row with a whole name, and then some */
#define TOP_NAME_MIN	4	/* "NAME" */

int
top_sort_find(const char *name)
{
	for (int i = 0; i < TOP_NSORTS; i++)
		if (strcmp(name, top_sort_keys[i].name) == 0)
			return i;
	return -1;
}

int
top_sort_bykey(int c)
{
	for (int i = 0; i < TOP_NSORTS; i++)
		if (c == top_sort_keys[i].key)
			return i;
	return -1;
}

/* --- the reply into the model ------------------------------------------- */

static int64_t
top_int(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) && json_integer_value(v) >= 0 ?
	    (int64_t)json_integer_value(v) : TOP_UNKNOWN;
}

/*
 * A word from the daemon, printable: a name is the guest's to choose,
 * and an escape sequence in it must not reach the terminal.
 */
static void
top_word(json_t *o, const char *key, char *buf, size_t len)
{
	const char *s = json_string_value(json_object_get(o, key));
	size_t i;

	if (s == NULL || *s == '\0')
		s = "-";
	for (i = 0; i + 1 < len && s[i] != '\0'; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	buf[i] = '\0';
}

static void
top_dom_decode(json_t *d, struct top_dom *t)
{
	json_t *g = json_object_get(d, CM(GUEST));
	json_t *p = json_object_get(d, CM(PRESSURE));
	json_t *psi = json_object_get(g, CM(PSI_SOME_AVG10));

	t->domid = top_int(d, CM(DOMID));
	top_word(d, CM(NAME), t->name, sizeof(t->name));
	t->actual_kib = top_int(d, CM(ACTUAL_KIB));
	t->target_kib = top_int(d, CM(TARGET_KIB));
	t->demand_kib = top_int(d, CM(DEMAND_KIB));
	t->pinned_kib = top_int(d, CM(PINNED_KIB));
	t->pressure = json_is_boolean(p) ? json_is_true(p) : TOP_UNKNOWN;
	t->psi = -1;
	if (json_is_number(psi) && json_number_value(psi) >= 0 &&
	    json_number_value(psi) <= 100)
		t->psi = json_number_value(psi);
	t->oom_kills = top_int(g, CM(OOM_KILLS));
	top_word(d, CM(STATE), t->state, sizeof(t->state));
	top_word(d, CM(HV_STATE), t->hv_state, sizeof(t->hv_state));
}

int
top_model_decode(json_t *reply, struct top_model *m)
{
	json_t *h = json_object_get(reply, CM(HOST));
	json_t *doms = json_object_get(reply, CM(DOMAINS)), *d;
	size_t i;

	memset(m, 0, sizeof(*m));
	m->host = (struct top_host){
		.total_kib = top_int(h, CM(TOTAL_KIB)),
		.free_kib = top_int(h, CM(FREE_KIB)),
		.reserved_kib = top_int(h, CM(RESERVED_KIB)),
		.slack_kib = top_int(h, CM(SLACK_KIB)),
		.deficit_kib = top_int(h, CM(DEFICIT_KIB)),
		.unmet_kib = top_int(h, CM(UNMET_KIB)),
		.stuck = top_int(h, CM(STUCK)),
	};
	if (json_array_size(doms) == 0)
		return 0;
	m->doms = calloc(json_array_size(doms), sizeof(*m->doms));
	if (m->doms == NULL)
		return -1;
	json_array_foreach(doms, i, d) {
		if (json_is_object(d))
			top_dom_decode(d, &m->doms[m->ndoms++]);
	}
	return 0;
}

void
top_model_free(struct top_model *m)
{
	free(m->doms);
	m->doms = NULL;
	m->ndoms = 0;
}

/* --- sorting ------------------------------------------------------------ */

/* Unknown figures last whichever the order; big first unless up. */
static int
top_cmp_num(double a, double b, bool up)
{
	if (a < 0 || b < 0)
		return (a < 0) - (b < 0);
	if (a == b)
		return 0;
	return (a < b) == up ? -1 : 1;
}

static int
top_cmp(const struct top_dom *a, const struct top_dom *b, enum top_sort s,
    bool rev)
{
	int c = 0;

	switch (s) {
	case TOP_SORT_DOMID:
		break;
	case TOP_SORT_NAME:
		c = strcmp(a->name, b->name);
		c = rev ? -c : c;
		break;
	case TOP_SORT_ACTUAL:
		c = top_cmp_num(a->actual_kib, b->actual_kib, rev);
		break;
	case TOP_SORT_TARGET:
		c = top_cmp_num(a->target_kib, b->target_kib, rev);
		break;
	case TOP_SORT_DEMAND:
		c = top_cmp_num(a->demand_kib, b->demand_kib, rev);
		break;
	case TOP_SORT_PRESSURE:
		if ((c = top_cmp_num(a->pressure, b->pressure, rev)) == 0)
			c = top_cmp_num(a->psi, b->psi, rev);
		break;
	case TOP_NSORTS:
		break;
	}
	if (c != 0)
		return c;
	c = top_cmp_num(a->domid, b->domid, true);
	return s == TOP_SORT_DOMID && rev ? -c : c;
}

/* An insertion sort: stable, and a host has hundreds of domains at most. */
void
top_model_sort(struct top_model *m, enum top_sort s, bool reverse)
{
	for (size_t i = 1; i < m->ndoms; i++) {
		struct top_dom t = m->doms[i];
		size_t j = i;

		for (; j > 0 && top_cmp(&m->doms[j - 1], &t, s, reverse) > 0;
		    j--)
			m->doms[j] = m->doms[j - 1];
		m->doms[j] = t;
	}
}

/* --- the model into lines ----------------------------------------------- */

/* Whole MiB rounded down, as xl list and status print them, or KiB. */
static const char *
top_size(int64_t kib, bool inkib, bool unit, char *buf, size_t len)
{
	if (kib < 0)
		return "-";
	snprintf(buf, len, "%" PRId64 "%s", inkib ? kib : kib / 1024,
	    !unit ? "" : inkib ? "k" : "M");
	return buf;
}

static const char *
top_count(int64_t n, char *buf, size_t len)
{
	if (n < 0)
		return "-";
	snprintf(buf, len, "%" PRId64, n);
	return buf;
}

/* The line, cut to the screen's width and without trailing blanks. */
static int
top_add(struct top_lines *out, const struct top_view *v, const char *s)
{
	size_t n = strlen(s);
	char **nv, *l;

	if (v->cols > 0 && n > v->cols)
		n = v->cols;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if ((l = strndup(s, n)) == NULL)
		return -1;
	if ((nv = realloc(out->v, (out->n + 1) * sizeof(*nv))) == NULL) {
		free(l);
		return -1;
	}
	out->v = nv;
	out->v[out->n++] = l;
	return 0;
}

static int
top_title(const struct top_view *v, struct top_lines *out)
{
	char line[TOP_LINE_MAX], every[32];

	if (v->delay_ms % 1000 == 0)
		snprintf(every, sizeof(every), "%us", v->delay_ms / 1000);
	else
		snprintf(every, sizeof(every), "%ums", v->delay_ms);
	snprintf(line, sizeof(line), "xenballoonctl top  %s  every %s  "
	    "sort: %s%s%s", v->clock ? v->clock : "", every,
	    top_sort_keys[v->sort].name, v->reverse ? ", reversed" : "",
	    v->rows > 0 ? "  keys: i n a t d p sort, r reverse, q quit" : "");
	return top_add(out, v, line);
}

static int
top_host(const struct top_model *m, const struct top_view *v,
    struct top_lines *out)
{
	const struct top_host *h = &m->host;
	char line[TOP_LINE_MAX], b[7][24];

	snprintf(line, sizeof(line), "host: total %s  free %s  reserved %s  "
	    "slack %s  deficit %s  unmet %s  stuck %s  domains %zu",
	    top_size(h->total_kib, v->kib, true, b[0], 24),
	    top_size(h->free_kib, v->kib, true, b[1], 24),
	    top_size(h->reserved_kib, v->kib, true, b[2], 24),
	    top_size(h->slack_kib, v->kib, true, b[3], 24),
	    top_size(h->deficit_kib, v->kib, true, b[4], 24),
	    top_size(h->unmet_kib, v->kib, true, b[5], 24),
	    top_count(h->stuck, b[6], 24), m->ndoms);
	return top_add(out, v, line);
}

/*
 * The NAME column: as wide as the longest name, unless that does not fit
 * the screen beside the other columns (fixed, their width).
 */
static int
top_name_width(const struct top_model *m, const struct top_view *v,
    int fixed)
{
	size_t w = TOP_NAME_MIN;

	for (size_t i = 0; i < m->ndoms; i++)
		if (strlen(m->doms[i].name) > w)
			w = strlen(m->doms[i].name);
	if (v->cols > 0 && w + (size_t)fixed > v->cols)
		w = v->cols > (size_t)fixed + TOP_NAME_MIN ?
		    v->cols - (size_t)fixed : TOP_NAME_MIN;
	return (int)w;
}

/* A name in w columns: whole, or cut with a '+' to say so. */
static const char *
top_name(const char *name, int w, char *buf, size_t len)
{
	if (strlen(name) <= (size_t)w)
		return name;
	snprintf(buf, len, "%.*s+", w - 1, name);
	return buf;
}

#define TOP_ROW_FMT	"%5s %-*s %*s %*s %*s %*s %-5s %5s %4s %-9s %s"

static int
top_row(const struct top_dom *d, const struct top_view *v, int nw, int sw,
    struct top_lines *out)
{
	char line[TOP_LINE_MAX], id[24], name[DOMNAME_MAX + 2], b[4][24];
	char psi[16], oom[24];

	if (d->psi >= 0)
		snprintf(psi, sizeof(psi), "%.1f", d->psi);
	else
		snprintf(psi, sizeof(psi), "-");
	snprintf(line, sizeof(line), TOP_ROW_FMT,
	    top_count(d->domid, id, sizeof(id)),
	    nw, top_name(d->name, nw, name, sizeof(name)),
	    sw, top_size(d->actual_kib, v->kib, false, b[0], 24),
	    sw, top_size(d->target_kib, v->kib, false, b[1], 24),
	    sw, top_size(d->demand_kib, v->kib, false, b[2], 24),
	    sw, top_size(d->pinned_kib, v->kib, false, b[3], 24),
	    d->pressure == TOP_UNKNOWN ? "-" : d->pressure ? "yes" : "no",
	    psi, top_count(d->oom_kills, oom, sizeof(oom)), d->state,
	    d->hv_state);
	return top_add(out, v, line);
}

int
top_render(const struct top_model *m, const struct top_view *v,
    struct top_lines *out)
{
	char line[TOP_LINE_MAX];
	int sw = v->kib ? 10 : 7, nw;
	size_t shown = m->ndoms, i;

	memset(out, 0, sizeof(*out));
	/* Every column of TOP_ROW_FMT but the name, with its blank. */
	nw = top_name_width(m, v, 5 + 1 + 4 * (1 + sw) + (1 + 5) + (1 + 5) +
	    (1 + 4) + (1 + 9) + (1 + 8));
	snprintf(line, sizeof(line), TOP_ROW_FMT, "DOMID", nw, "NAME",
	    sw, "ACTUAL", sw, "TARGET", sw, "DEMAND", sw, "PIN", "PRESS",
	    "PSI", "OOM", "STATE", "HV");
	if (v->rows > 0 && 3 + m->ndoms > v->rows)
		shown = v->rows > 4 ? v->rows - 4 : 0;
	if (top_title(v, out) == -1 || top_host(m, v, out) == -1 ||
	    top_add(out, v, line) == -1)
		goto fail;
	for (i = 0; i < shown; i++)
		if (top_row(&m->doms[i], v, nw, sw, out) == -1)
			goto fail;
	if (shown < m->ndoms) {
		snprintf(line, sizeof(line), "... %zu more (a taller "
		    "terminal shows them)", m->ndoms - shown);
		if (top_add(out, v, line) == -1)
			goto fail;
	}
	while (v->rows > 0 && out->n > v->rows)
		free(out->v[--out->n]);
	return 0;
fail:
	top_lines_free(out);
	return -1;
}

void
top_lines_free(struct top_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
