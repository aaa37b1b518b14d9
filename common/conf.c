/*
 * conf.c - "key = value" files read through a table of keys.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"

static int
conf_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
conf_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static const struct conf_key *
conf_lookup(const struct conf_table *t, const char *name)
{
	for (size_t i = 0; i < t->nkeys; i++)
		if (strcmp(t->keys[i].name, name) == 0)
			return &t->keys[i];
	return NULL;
}

static int
conf_key_check(const struct conf_key *k, char *err, size_t errlen)
{
	uint64_t fits = k->size == sizeof(uint64_t) ? UINT64_MAX :
	    k->size == sizeof(uint32_t) ? UINT32_MAX : 0;
	bool ok;

	switch (k->type) {
	case CONF_BOOL:
		ok = k->size == sizeof(bool);
		break;
	case CONF_UINT:
	case CONF_SIZE:
	case CONF_MS:
		ok = fits != 0 && k->min <= k->max && k->max <= fits;
		break;
	case CONF_US:
		ok = k->size == sizeof(uint64_t) && k->min <= k->max &&
		    k->max <= UINT64_MAX / 1000;
		break;
	case CONF_PERCENT:
		ok = k->size == sizeof(uint32_t);
		break;
	case CONF_PATH:
		ok = k->size > 1;
		break;
	case CONF_LEVEL:
		ok = k->size == sizeof(int);
		break;
	case CONF_CLASSES:
		ok = k->size == sizeof(unsigned int);
		break;
	case CONF_CUSTOM:
		ok = k->set != NULL;
		break;
	default:
		ok = false;
	}
	if (!ok)
		return conf_err(err, errlen, "key table: %s: type %d does not "
		    "fit a field of %zu bytes or bounds %llu..%llu", k->name,
		    (int)k->type, k->size, (unsigned long long)k->min,
		    (unsigned long long)k->max);
	return 0;
}

int
conf_table_check(const struct conf_table *t, char *err, size_t errlen)
{
	for (size_t i = 0; i < t->nkeys; i++)
		if (t->keys[i].name == NULL || t->keys[i].name[0] == '\0')
			return conf_err(err, errlen, "key table: row %zu has "
			    "no name", i);
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct conf_key *k = &t->keys[i];

		if (conf_lookup(t, k->name) != k)
			return conf_err(err, errlen, "key table: %s twice",
			    k->name);
		if (conf_key_check(k, err, errlen) == -1)
			return -1;
	}
	return 0;
}

static void
conf_key_list(const struct conf_table *t, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->nkeys && off < len; i++) {
		int n = snprintf(buf + off, len - off, "%s%s", i ? " " : "",
		    t->keys[i].name);

		if (n < 0)
			break;
		off += (size_t)n;
	}
}

int
conf_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* An integer into a field of 4 or 8 bytes (the table keeps it fitting). */
static void
conf_store(void *f, size_t size, uint64_t v)
{
	uint32_t v32 = (uint32_t)v;

	if (size == sizeof(v))
		memcpy(f, &v, sizeof(v));
	else
		memcpy(f, &v32, sizeof(v32));
}

/* "1h" when exact, else "5m", "30s" or "500ms". */
static const char *
conf_format_ms(uint64_t ms, char *buf, size_t len)
{
	static const struct {
		uint64_t	 ms;
		const char	*unit;
	} u[] = { { 3600000, "h" }, { 60000, "m" }, { 1000, "s" },
	    { 1, "ms" } };

	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (ms % u[i].ms == 0 || u[i].ms == 1) {
			snprintf(buf, len, "%llu%s",
			    (unsigned long long)(ms / u[i].ms), u[i].unit);
			break;
		}
	return buf;
}

static int
conf_set_size(const struct conf_key *k, void *f, const char *v, char *err,
    size_t errlen)
{
	char lo[32], hi[32];
	uint64_t kib;
	enum parse_err e = parse_size_kib(v, &kib);

	if (e == PARSE_OK && (kib < k->min || kib > k->max))
		e = PARSE_RANGE;
	if (e == PARSE_OK) {
		conf_store(f, k->size, kib);
		return 0;
	}
	if (k->min == 0 && k->max == UINT64_MAX)
		return conf_err(err, errlen, "bad size '%.64s' for %s: %s "
		    "(expected KiB or a unit: 64M, 2G)", v, k->name,
		    parse_strerror(e));
	return conf_err(err, errlen, "bad size '%.64s' for %s: %s (expected "
	    "%s to %s)", v, k->name, parse_strerror(e),
	    format_size_kib(k->min, lo, sizeof(lo)),
	    format_size_kib(k->max, hi, sizeof(hi)));
}

static int
conf_set_duration(const struct conf_key *k, void *f, const char *v, char *err,
    size_t errlen)
{
	char lo[32], hi[32];
	uint64_t ms;
	enum parse_err e = parse_duration_ms(v, &ms);

	if (e == PARSE_OK && (ms < k->min || ms > k->max ||
	    (k->type == CONF_US && ms > UINT64_MAX / 1000)))
		e = PARSE_RANGE;
	if (e == PARSE_OK) {
		conf_store(f, k->size, k->type == CONF_US ? ms * 1000 : ms);
		return 0;
	}
	if (k->max == UINT64_MAX)
		return conf_err(err, errlen, "bad duration '%.64s' for %s: %s "
		    "(expected 500ms, 30s, 5m, 1h)", v, k->name,
		    parse_strerror(e));
	return conf_err(err, errlen, "bad duration '%.64s' for %s: %s "
	    "(expected %s to %s)", v, k->name, parse_strerror(e),
	    conf_format_ms(k->min, lo, sizeof(lo)),
	    conf_format_ms(k->max, hi, sizeof(hi)));
}

static int
conf_set_uint(const struct conf_key *k, void *f, const char *v, char *err,
    size_t errlen)
{
	uint64_t u;
	enum parse_err e = parse_u64(v, k->min, k->max, &u);

	if (e != PARSE_OK)
		return conf_err(err, errlen, "bad number '%.64s' for %s: %s "
		    "(expected %llu to %llu)", v, k->name, parse_strerror(e),
		    (unsigned long long)k->min, (unsigned long long)k->max);
	conf_store(f, k->size, u);
	return 0;
}

static int
conf_set_value(const struct conf_key *k, void *obj, const char *v, char *err,
    size_t errlen)
{
	void *f = (char *)obj + k->off;
	enum parse_err e;
	char why[256];
	int level;

	switch (k->type) {
	case CONF_BOOL:
		if (conf_parse_bool(v, f) == -1)
			return conf_err(err, errlen, "bad value '%.64s' for %s "
			    "(expected yes or no)", v, k->name);
		return 0;
	case CONF_UINT:
		return conf_set_uint(k, f, v, err, errlen);
	case CONF_SIZE:
		return conf_set_size(k, f, v, err, errlen);
	case CONF_MS:
	case CONF_US:
		return conf_set_duration(k, f, v, err, errlen);
	case CONF_PERCENT:
		if ((e = parse_percent(v, 10000, f)) != PARSE_OK)
			return conf_err(err, errlen, "bad percentage '%.64s' "
			    "for %s: %s (expected 0 to 100, at most two "
			    "decimals: 1.5)", v, k->name, parse_strerror(e));
		return 0;
	case CONF_PATH:
		if (v[0] != '/' || strlen(v) >= k->size)
			return conf_err(err, errlen, "bad path '%.64s' for %s "
			    "(expected an absolute path shorter than %zu "
			    "bytes)", v, k->name, k->size);
		memcpy(f, v, strlen(v) + 1);
		return 0;
	case CONF_LEVEL:
		if ((level = log_parse_level(v)) == -1)
			return conf_err(err, errlen, "bad log level '%.64s' "
			    "for %s (expected err, warning, notice, info or "
			    "debug)", v, k->name);
		memcpy(f, &level, sizeof(level));
		return 0;
	case CONF_CLASSES:
		if (log_parse_classes(v, *(unsigned int *)f, f, why,
		    sizeof(why)) == -1)
			return conf_err(err, errlen, "bad log classes for %s: "
			    "%s", k->name, why);
		return 0;
	case CONF_CUSTOM:
		return k->set(obj, k, v, err, errlen);
	}
	return conf_err(err, errlen, "%s: no parser for this key", k->name);
}

/* conf_set() through a table already checked. */
static int
conf_set_key(const struct conf_table *t, void *obj, const char *key,
    const char *value, char *err, size_t errlen)
{
	const struct conf_key *k;
	char keys[512];

	if ((k = conf_lookup(t, key)) == NULL) {
		conf_key_list(t, keys, sizeof(keys));
		return conf_err(err, errlen, "unknown key '%.64s' (keys: %s)",
		    key, keys);
	}
	if (*value == '\0')
		return conf_err(err, errlen, "missing value for %s", k->name);
	return conf_set_value(k, obj, value, err, errlen);
}

int
conf_set(const struct conf_table *t, void *obj, const char *key,
    const char *value, char *err, size_t errlen)
{
	if (conf_table_check(t, err, errlen) == -1)
		return -1;
	return conf_set_key(t, obj, key, value, err, errlen);
}

static char *
conf_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* One line, NUL-terminated: 0 (also when blank), or -1 with err. */
static int
conf_line(const struct conf_table *t, void *obj, char *line, char *err,
    size_t errlen)
{
	char *hash = strchr(line, '#'), *eq, *key;

	if (hash != NULL)
		*hash = '\0';
	key = conf_trim(line);
	if (*key == '\0')
		return 0;
	if ((eq = strchr(key, '=')) == NULL)
		return conf_err(err, errlen, "expected 'key = value', got "
		    "'%.64s'", key);
	*eq = '\0';
	return conf_set_key(t, obj, conf_trim(key), conf_trim(eq + 1), err,
	    errlen);
}

int
conf_parse(const struct conf_table *t, void *obj, const char *buf, size_t len,
    const char *name, char *err, size_t errlen)
{
	char line[CONF_LINE_MAX], why[768];
	const char *p = buf, *end = buf + len, *nl;
	unsigned int lineno = 0;
	size_t n;

	if (conf_table_check(t, why, sizeof(why)) == -1)
		return conf_err(err, errlen, "%s: %s", name, why);
	if (len > CONF_FILE_MAX)
		return conf_err(err, errlen, "%s: larger than %d bytes", name,
		    CONF_FILE_MAX);
	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n >= sizeof(line))
			return conf_err(err, errlen, "%s:%u: line longer than "
			    "%d bytes", name, lineno, CONF_LINE_MAX);
		if (memchr(p, '\0', n) != NULL)
			return conf_err(err, errlen, "%s:%u: NUL byte", name,
			    lineno);
		memcpy(line, p, n);
		line[n] = '\0';
		p = nl != NULL ? nl + 1 : end;
		if (conf_line(t, obj, line, why, sizeof(why)) == -1)
			return conf_err(err, errlen, "%s:%u: %s", name, lineno,
			    why);
	}
	return 0;
}

int
conf_load(const struct conf_table *t, void *obj, const char *path,
    bool must_exist, char *err, size_t errlen)
{
	char *buf;
	size_t n;
	FILE *f;
	int r;

	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT && !must_exist)
			return 0;
		return conf_err(err, errlen, "%s: %s", path, strerror(errno));
	}
	if ((buf = malloc(CONF_FILE_MAX + 1)) == NULL) {
		fclose(f);
		return conf_err(err, errlen, "%s: %s", path, strerror(errno));
	}
	n = fread(buf, 1, CONF_FILE_MAX + 1, f);
	if (ferror(f))
		r = conf_err(err, errlen, "%s: %s", path, strerror(errno));
	else
		r = conf_parse(t, obj, buf, n, path, err, errlen);
	free(buf);
	fclose(f);
	return r;
}
