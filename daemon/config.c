/*
 * config.c - the daemon's configuration file.
 *
 * Format (xenballoond.conf(5)): one "key = value" per line, '#' starts a
 * comment, blank lines are ignored.  Every key is listed in config_keys
 * with its type, so the parser, the error messages ("unknown key 'x'
 * (keys: ...)") and the man page stay in step.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cadence.h"
#include "control.h"
#include "log.h"
#include "parse.h"
#include "xenballoond.h"


enum config_type {
	CONFIG_SIZE,
	CONFIG_DURATION,
	CONFIG_WEIGHT,
	CONFIG_PATH,
	CONFIG_GROUP,
	CONFIG_CLASSES,
	CONFIG_LEVEL,
	CONFIG_BOOL,
};

static const struct config_key {
	const char		*name;
	enum config_type	 type;
	size_t			 off;
	size_t			 size;
} config_keys[] = {
#define K(n, t, f) { n, t, offsetof(struct config, f), \
	sizeof(((struct config *)0)->f) }
	K("socket",		CONFIG_PATH,		socket_path),
	K("state-dir",		CONFIG_PATH,		state_dir),
	K("control-group",	CONFIG_GROUP,		control_group),
	K("slack",		CONFIG_SIZE,		slack_kib),
	K("interval",		CONFIG_DURATION,	interval_ms),
	K("settle",		CONFIG_DURATION,	settle_ms),
	K("stuck-after",	CONFIG_DURATION,	stuck_ms),
	K("stuck-probation",	CONFIG_DURATION,	probation_ms),
	K("guest-read-gap",	CONFIG_DURATION,	guest_read_ms),
	K("reservation-hold",	CONFIG_DURATION,	reservation_hold_ms),
	K("default-min",	CONFIG_SIZE,		default_min_kib),
	K("default-max",	CONFIG_SIZE,		default_max_kib),
	K("default-weight",	CONFIG_WEIGHT,		default_weight),
	K("dom0-min",		CONFIG_SIZE,		dom0_min_kib),
	K("manage-dom0",	CONFIG_BOOL,		manage_dom0),
	K("log-classes",	CONFIG_CLASSES,		log_classes),
	K("log-level",		CONFIG_LEVEL,		log_level),
#undef K
};
#define CONFIG_NKEYS	(sizeof(config_keys) / sizeof(config_keys[0]))

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->socket_path, sizeof(c->socket_path), "%s",
	    CONTROL_SOCKET_DEFAULT);
	snprintf(c->state_dir, sizeof(c->state_dir), "%s",
	    CONFIG_STATE_DIR_DEFAULT);
	c->slack_kib = 64 * 1024;
	c->interval_ms = XBD_INTERVAL_MS_DEFAULT;
	c->settle_ms = XBD_SETTLE_MS_DEFAULT;
	c->stuck_ms = 5000;
	c->probation_ms = 30000;
	c->guest_read_ms = XBD_GUEST_READ_MS_DEFAULT;
	c->reservation_hold_ms = 10 * 60 * 1000;
	c->default_weight = 100;
	c->dom0_min_kib = 0;
	c->log_classes = LOGC_DEFAULT;
	c->log_level = LOG_INFO;
}

static const struct config_key *
config_lookup(const char *name)
{
	for (size_t i = 0; i < CONFIG_NKEYS; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

static void
config_key_list(char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < CONFIG_NKEYS && off < len; i++) {
		int n = snprintf(buf + off, len - off, "%s%s", i ? " " : "",
		    config_keys[i].name);

		if (n < 0)
			break;
		off += (size_t)n;
	}
}

/* Parse one value into its field; err gets the reason on failure. */
static int
config_set(struct config *c, const struct config_key *k, const char *v,
    char *err, size_t errlen)
{
	void *f = (char *)c + k->off;
	enum parse_err e = PARSE_OK;
	uint64_t u;
	struct group *gr;

	switch (k->type) {
	case CONFIG_SIZE:
		if ((e = parse_size_kib(v, f)) != PARSE_OK)
			snprintf(err, errlen, "bad size '%s' for %s: %s "
			    "(expected KiB or a unit: 64M, 2G)", v, k->name,
			    parse_strerror(e));
		break;
	case CONFIG_DURATION:
		e = parse_duration_ms(v, f);
		if (e == PARSE_OK && *(uint64_t *)f == 0)
			e = PARSE_RANGE;
		if (e != PARSE_OK)
			snprintf(err, errlen, "bad duration '%s' for %s: %s "
			    "(expected 500ms, 30s, 5m, 1h)", v, k->name,
			    parse_strerror(e));
		break;
	case CONFIG_WEIGHT:
		if ((e = parse_u64(v, 1, CONTROL_WEIGHT_MAX, &u)) == PARSE_OK)
			*(unsigned int *)f = (unsigned int)u;
		else
			snprintf(err, errlen, "bad weight '%s' for %s: %s "
			    "(expected 1 to %u)", v, k->name,
			    parse_strerror(e), CONTROL_WEIGHT_MAX);
		break;
	case CONFIG_PATH:
		if (v[0] != '/' || strlen(v) >= k->size) {
			snprintf(err, errlen, "bad path '%s' for %s (expected "
			    "an absolute path shorter than %zu bytes)", v,
			    k->name, k->size);
			return -1;
		}
		memcpy(f, v, strlen(v) + 1);
		break;
	case CONFIG_GROUP:
		if (strlen(v) >= k->size || (gr = getgrnam(v)) == NULL) {
			snprintf(err, errlen, "unknown group '%s' for %s", v,
			    k->name);
			return -1;
		}
		memcpy(f, v, strlen(v) + 1);
		c->control_gid = gr->gr_gid;
		c->have_control_gid = true;
		break;
	case CONFIG_CLASSES:
		return log_parse_classes(v, LOGC_DEFAULT, f, err, errlen);
	case CONFIG_LEVEL:
		if ((*(int *)f = log_parse_level(v)) == -1) {
			snprintf(err, errlen, "bad log level '%s' (expected "
			    "err, warning, notice, info or debug)", v);
			return -1;
		}
		break;
	case CONFIG_BOOL:
		if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) {
			*(bool *)f = v[0] == 'y';
			break;
		}
		snprintf(err, errlen, "bad value '%s' for %s (expected yes or "
		    "no)", v, k->name);
		return -1;
	}
	return e == PARSE_OK ? 0 : -1;
}

static char *
config_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* One line: 0 ok (or blank), -1 with reason in err. */
static int
config_line(struct config *c, char *line, char *err, size_t errlen)
{
	char *hash = strchr(line, '#'), *eq, *key, *val;
	const struct config_key *k;
	char keys[512];

	if (hash != NULL)
		*hash = '\0';
	key = config_trim(line);
	if (*key == '\0')
		return 0;
	if ((eq = strchr(key, '=')) == NULL) {
		snprintf(err, errlen, "expected 'key = value', got '%.64s'",
		    key);
		return -1;
	}
	*eq = '\0';
	key = config_trim(key);
	val = config_trim(eq + 1);
	if ((k = config_lookup(key)) == NULL) {
		config_key_list(keys, sizeof(keys));
		snprintf(err, errlen, "unknown key '%.64s' (keys: %s)", key,
		    keys);
		return -1;
	}
	if (*val == '\0') {
		snprintf(err, errlen, "missing value for %s", key);
		return -1;
	}
	return config_set(c, k, val, err, errlen);
}

int
config_load(struct config *c, const char *path, bool must_exist, char *err,
    size_t errlen)
{
	char line[CONFIG_LINE_MAX + 2], why[400];
	struct config tmp = *c;
	unsigned int lineno = 0;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT && !must_exist)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strlen(line) > CONFIG_LINE_MAX) {
			snprintf(err, errlen, "%s:%u: line longer than %d "
			    "bytes", path, lineno, CONFIG_LINE_MAX);
			fclose(f);
			return -1;
		}
		if (config_line(&tmp, line, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	if (tmp.default_min_kib != 0 && tmp.default_max_kib != 0 &&
	    tmp.default_min_kib > tmp.default_max_kib) {
		snprintf(err, errlen, "%s: default-min is above default-max",
		    path);
		return -1;
	}
	*c = tmp;
	return 0;
}
