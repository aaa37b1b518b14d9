/*
 * keymap.c - wanted and committed xenstore keys, and the difference.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"

void
keymap_init(struct keymap *km, size_t max)
{
	memset(km, 0, sizeof(*km));
	km->max = max;
}

static void
keymap_entry_free(struct keymap_entry *e)
{
	free(e->path);
	free(e->want);
	free(e->have);
}

void
keymap_free(struct keymap *km)
{
	for (size_t i = 0; i < km->n; i++)
		keymap_entry_free(&km->v[i]);
	free(km->v);
	memset(km, 0, sizeof(*km));
}

/* Index of path, or where it would go (with *found false). */
static size_t
keymap_find(const struct keymap *km, const char *path, bool *found)
{
	size_t lo = 0, hi = km->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(km->v[mid].path, path);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static bool
keymap_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
keymap_set(struct keymap *km, const char *path, const char *value)
{
	struct keymap_entry *e;
	bool found;
	size_t i;
	char *v;

	if (strlen(path) >= KEYMAP_PATH_MAX || strlen(value) >= KEYMAP_VALUE_MAX)
		return -E2BIG;
	i = keymap_find(km, path, &found);
	if (found) {
		e = &km->v[i];
		e->seen = true;
		if (keymap_streq(e->want, value))
			return 0;
		if ((v = strdup(value)) == NULL)
			return -ENOMEM;
		free(e->want);
		e->want = v;
		return 0;
	}
	if (km->n >= km->max)
		return -ENOSPC;
	if (km->n == km->cap) {
		size_t cap = km->cap ? km->cap * 2 : 32;
		struct keymap_entry *nv = realloc(km->v, cap * sizeof(*nv));

		if (nv == NULL)
			return -ENOMEM;
		km->v = nv;
		km->cap = cap;
	}
	memmove(&km->v[i + 1], &km->v[i], (km->n - i) * sizeof(km->v[0]));
	e = &km->v[i];
	memset(e, 0, sizeof(*e));
	e->path = strdup(path);
	e->want = strdup(value);
	e->seen = true;
	km->n++;
	if (e->path == NULL || e->want == NULL) {
		keymap_entry_free(e);
		memmove(&km->v[i], &km->v[i + 1],
		    (km->n - i - 1) * sizeof(km->v[0]));
		km->n--;
		return -ENOMEM;
	}
	return 0;
}

void
keymap_set_u64(struct keymap *km, enum xsk_id id, uint64_t v)
{
	char buf[24];

	if (v > xskey(id)->max)
		v = xskey(id)->max;
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	(void)keymap_set(km, xskey(id)->path, buf);
}

void
keymap_del(struct keymap *km, const char *path)
{
	bool found;
	size_t i = keymap_find(km, path, &found);

	if (!found)
		return;
	free(km->v[i].want);
	km->v[i].want = NULL;
}

/* path is prefix itself or lies below it. */
static bool
keymap_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(path, prefix, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

void
keymap_mark(struct keymap *km, const char *prefix)
{
	for (size_t i = 0; i < km->n; i++)
		if (keymap_under(km->v[i].path, prefix))
			km->v[i].seen = false;
}

void
keymap_sweep(struct keymap *km, const char *prefix)
{
	for (size_t i = 0; i < km->n; i++) {
		struct keymap_entry *e = &km->v[i];

		if (!e->seen && keymap_under(e->path, prefix)) {
			free(e->want);
			e->want = NULL;
		}
	}
}

void
keymap_forget(struct keymap *km, const char *prefix)
{
	for (size_t i = 0; i < km->n; i++) {
		struct keymap_entry *e = &km->v[i];

		if (keymap_under(e->path, prefix)) {
			free(e->have);
			e->have = NULL;
		}
	}
}

bool
keymap_dirty(const struct keymap *km)
{
	for (size_t i = 0; i < km->n; i++)
		if (!keymap_streq(km->v[i].want, km->v[i].have))
			return true;
	return false;
}

const char *
keymap_get(const struct keymap *km, const char *path)
{
	bool found;
	size_t i = keymap_find(km, path, &found);

	return found ? km->v[i].want : NULL;
}

/* Is any key under dir (a prefix ending before a '/') still wanted? */
static bool
keymap_dir_wanted(const struct keymap *km, const char *dir, size_t len)
{
	for (size_t i = 0; i < km->n; i++) {
		const struct keymap_entry *e = &km->v[i];

		if (e->want != NULL && strncmp(e->path, dir, len) == 0 &&
		    e->path[len] == '/')
			return true;
	}
	return false;
}

/* The root path lies under, or NULL. */
static const char *
keymap_root_of(const char *path, const char *const *roots, size_t nroots)
{
	for (size_t i = 0; i < nroots; i++)
		if (keymap_under(path, roots[i]) && strcmp(path, roots[i]) != 0)
			return roots[i];
	return NULL;
}

/* Length of the highest directory of path, below root, holding nothing
 * wanted; path's own length when its parent is still needed. */
static size_t
keymap_collapse(const struct keymap *km, const char *path, const char *root)
{
	size_t len = strlen(path), rootlen = root ? strlen(root) : 0;

	for (;;) {
		const char *slash = NULL;

		for (size_t i = len; i > 0; i--)
			if (path[i - 1] == '/') {
				slash = &path[i - 1];
				break;
			}
		if (root == NULL || slash == NULL ||
		    (size_t)(slash - path) <= rootlen)
			return len;
		if (keymap_dir_wanted(km, path, (size_t)(slash - path)))
			return len;
		len = (size_t)(slash - path);
	}
}

static bool
keymap_rm_covered(const struct keymap_op *ops, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (ops[i].kind == KEYMAP_RM && keymap_under(path, ops[i].path))
			return true;
	return false;
}

int
keymap_ops(const struct keymap *km, const char *const *roots, size_t nroots,
    struct keymap_op *ops, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < km->n; i++) {
		const struct keymap_entry *e = &km->v[i];
		size_t len;

		if (e->want != NULL || e->have == NULL)
			continue;
		len = keymap_collapse(km, e->path,
		    keymap_root_of(e->path, roots, nroots));
		if (n == max)
			return -ENOSPC;
		memcpy(ops[n].path, e->path, len);
		ops[n].path[len] = '\0';
		if (keymap_rm_covered(ops, n, ops[n].path))
			continue;
		ops[n].kind = KEYMAP_RM;
		ops[n].value = NULL;
		n++;
	}
	for (size_t i = 0; i < km->n; i++) {
		const struct keymap_entry *e = &km->v[i];

		if (e->want == NULL || keymap_streq(e->want, e->have))
			continue;
		if (n == max)
			return -ENOSPC;
		strcpy(ops[n].path, e->path);
		ops[n].kind = KEYMAP_WRITE;
		ops[n].value = e->want;
		n++;
	}
	return (int)n;
}

void
keymap_committed(struct keymap *km)
{
	size_t j = 0;

	for (size_t i = 0; i < km->n; i++) {
		struct keymap_entry *e = &km->v[i];

		if (e->want == NULL) {
			keymap_entry_free(e);
			continue;
		}
		if (!keymap_streq(e->want, e->have)) {
			char *h = strdup(e->want);

			/* Out of memory: leave it dirty, it is rewritten. */
			if (h != NULL) {
				free(e->have);
				e->have = h;
			}
		}
		km->v[j++] = *e;
	}
	km->n = j;
}

