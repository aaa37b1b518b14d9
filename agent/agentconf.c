/*
 * agentconf.c - settings from defaults, file and command line.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "netstate.h"
#include "parse.h"
#include "agentconf.h"

void
agentconf_defaults(struct agent_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->config_file, sizeof(c->config_file), "%s",
	    AGENT_CONFIG_FILE);
	c->memory = true;
	c->mem_threshold_kib = AGENT_MEM_THRESHOLD_KIB_DEFAULT;
	c->psi_threshold = AGENT_PSI_THRESHOLD_DEFAULT;
	c->psi_total_threshold_us = 1000000;
	c->psi_stall_us = AGENT_PSI_STALL_US_DEFAULT;
	c->psi_window_us = AGENT_PSI_WINDOW_US_DEFAULT;
	c->swap_threshold_kibps = AGENT_SWAP_THRESHOLD_DEFAULT;
	c->sample_ms = AGENT_SAMPLE_MS_DEFAULT;
	c->sample_idle_ms = 0;		/* twice sample_ms */
	c->heartbeat_ms = AGENT_HEARTBEAT_MS_DEFAULT;
	c->balloon = true;
	c->balloon_poll_ms = 1000;
	c->net = true;
	c->max_ifaces = 8;
	c->max_addrs = 8;
	snprintf(c->globs[0], sizeof(c->globs[0]), "*");
	c->nglobs = 1;
	snprintf(c->procdir, sizeof(c->procdir), "/proc");
	snprintf(c->balloondir, sizeof(c->balloondir),
	    "/sys/devices/system/xen_memory/xen_memory0");
	snprintf(c->sysnetdir, sizeof(c->sysnetdir), "/sys/class/net");
	c->log_level = LOG_NOTICE;
	c->log_classes = LOGC_DEFAULT | LOGC_NET | LOGC_BALLOON;
}

static int
agentconf_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
agentconf_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* "1", "1.5", "0.25" percent into hundredths, at most 100. */
static enum parse_err
agentconf_percent(const char *s, uint32_t *out)
{
	const char *dot = strchr(s, '.');
	uint64_t ip, fp = 0;
	size_t flen;
	enum parse_err e;
	char buf[PARSE_U64_MAXLEN + 1];

	if (dot == NULL) {
		e = parse_u64(s, 0, 100, &ip);
	} else {
		if ((size_t)(dot - s) >= sizeof(buf))
			return PARSE_TOOLONG;
		memcpy(buf, s, (size_t)(dot - s));
		buf[dot - s] = '\0';
		if ((e = parse_u64(buf, 0, 100, &ip)) != PARSE_OK)
			return e;
		flen = strlen(dot + 1);
		if (flen == 0 || flen > 2)
			return PARSE_TRAILING;
		e = parse_u64(dot + 1, 0, 99, &fp);
		if (flen == 1)
			fp *= 10;
	}
	if (e != PARSE_OK)
		return e;
	if (ip * 100 + fp > 10000)
		return PARSE_RANGE;
	*out = (uint32_t)(ip * 100 + fp);
	return PARSE_OK;
}

static int
agentconf_bool(const char *s, bool *out)
{
	if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1") ||
	    !strcmp(s, "on"))
		*out = true;
	else if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0") ||
	    !strcmp(s, "off"))
		*out = false;
	else
		return -1;
	return 0;
}

static int
agentconf_globs(struct agent_config *c, const char *v, char *err, size_t errlen)
{
	char buf[AGENT_MAX_GLOBS * AGENT_GLOB_MAX], *save = NULL, *w;

	if (strlen(v) >= sizeof(buf))
		return agentconf_err(err, errlen, "interfaces: list too long");
	snprintf(buf, sizeof(buf), "%s", v);
	c->nglobs = 0;
	for (w = strtok_r(buf, " \t,", &save); w; w = strtok_r(NULL, " \t,",
	    &save)) {
		if (c->nglobs == AGENT_MAX_GLOBS || strlen(w) >= AGENT_GLOB_MAX)
			return agentconf_err(err, errlen,
			    "interfaces: at most %d patterns of %d bytes",
			    AGENT_MAX_GLOBS, AGENT_GLOB_MAX - 1);
		snprintf(c->globs[c->nglobs++], AGENT_GLOB_MAX, "%s", w);
	}
	return 0;
}

/* "eth0=0": an interface published as vif devid 0 whatever sysfs says. */
static int
agentconf_map(struct agent_config *c, const char *v, char *err, size_t errlen)
{
	const char *eq = strchr(v, '=');
	uint64_t devid;
	enum parse_err e;
	struct agent_map *m;

	if (eq == NULL || eq == v || (size_t)(eq - v) >= IF_NAMESIZE)
		return agentconf_err(err, errlen,
		    "map-interface: want NAME=DEVID, got \"%s\"", v);
	if ((e = parse_u64(eq + 1, 0, NETSTATE_DEVID_MAX, &devid)) != PARSE_OK)
		return agentconf_err(err, errlen, "map-interface: devid: %s",
		    parse_strerror(e));
	if (c->nmaps == AGENT_MAX_MAPS)
		return agentconf_err(err, errlen, "map-interface: at most %d",
		    AGENT_MAX_MAPS);
	m = &c->maps[c->nmaps++];
	memcpy(m->name, v, (size_t)(eq - v));
	m->name[eq - v] = '\0';
	m->devid = (unsigned int)devid;
	return 0;
}

static int
agentconf_path(char *dst, size_t len, const char *key, const char *v, char *err,
    size_t errlen)
{
	if (v[0] != '/' || strlen(v) >= len)
		return agentconf_err(err, errlen, "%s: want an absolute path "
		    "shorter than %zu bytes", key, len);
	snprintf(dst, len, "%s", v);
	return 0;
}

static int
agentconf_duration_us(const char *key, const char *v, uint64_t min_ms,
    uint64_t max_ms, uint64_t *us, char *err, size_t errlen)
{
	uint64_t ms;
	enum parse_err e = parse_duration_ms(v, &ms);

	if (e == PARSE_OK && (ms < min_ms || ms > max_ms))
		e = PARSE_RANGE;
	if (e != PARSE_OK)
		return agentconf_err(err, errlen, "%s: \"%s\": %s (%llums..%llums)",
		    key, v, parse_strerror(e), (unsigned long long)min_ms,
		    (unsigned long long)max_ms);
	*us = ms * 1000;
	return 0;
}

static int
agentconf_uint(const char *key, const char *v, uint64_t min, uint64_t max,
    uint64_t *out, char *err, size_t errlen)
{
	enum parse_err e = parse_u64(v, min, max, out);

	if (e != PARSE_OK)
		return agentconf_err(err, errlen, "%s: \"%s\": %s (%llu..%llu)",
		    key, v, parse_strerror(e), (unsigned long long)min,
		    (unsigned long long)max);
	return 0;
}

int
agentconf_set(struct agent_config *c, const char *key, const char *v,
    char *err, size_t errlen)
{
	uint64_t u, us;
	enum parse_err e;
	bool b;
	int r;

	if (!strcmp(key, "memory") || !strcmp(key, "balloon") ||
	    !strcmp(key, "net")) {
		if (agentconf_bool(v, &b) < 0)
			return agentconf_err(err, errlen, "%s: want yes or no", key);
		*(!strcmp(key, "memory") ? &c->memory :
		    !strcmp(key, "balloon") ? &c->balloon : &c->net) = b;
		return 0;
	}
	if (!strcmp(key, "mem-threshold") || !strcmp(key, "swap-threshold")) {
		if ((e = parse_size_kib(v, &u)) != PARSE_OK)
			return agentconf_err(err, errlen, "%s: \"%s\": %s", key, v,
			    parse_strerror(e));
		*(!strcmp(key, "mem-threshold") ? &c->mem_threshold_kib :
		    &c->swap_threshold_kibps) = u;
		return 0;
	}
	if (!strcmp(key, "psi-threshold")) {
		if ((e = agentconf_percent(v, &c->psi_threshold)) != PARSE_OK)
			return agentconf_err(err, errlen, "%s: \"%s\": %s "
			    "(want a percentage like 1.5)", key, v,
			    parse_strerror(e));
		return 0;
	}
	if (!strcmp(key, "psi-total-threshold"))
		return agentconf_duration_us(key, v, 1, 3600000,
		    &c->psi_total_threshold_us, err, errlen);
	if (!strcmp(key, "psi-stall"))
		return agentconf_duration_us(key, v, 1, 10000, &c->psi_stall_us,
		    err, errlen);
	if (!strcmp(key, "psi-window"))
		/* the kernel's limits for a trigger window: 500 ms..10 s */
		return agentconf_duration_us(key, v, 500, 10000, &c->psi_window_us,
		    err, errlen);
	if (!strcmp(key, "sample") || !strcmp(key, "heartbeat") ||
	    !strcmp(key, "balloon-poll") || !strcmp(key, "sample-idle")) {
		/* The heartbeat key counts seconds: a beat needs a new one. */
		bool beat = !strcmp(key, "heartbeat");

		r = agentconf_duration_us(key, v, beat ? 1000 : 100, 3600000,
		    &us, err, errlen);
		if (r != 0)
			return r;
		if (!strcmp(key, "sample"))
			c->sample_ms = us / 1000;
		else if (!strcmp(key, "sample-idle"))
			c->sample_idle_ms = us / 1000;
		else if (!strcmp(key, "heartbeat"))
			c->heartbeat_ms = us / 1000;
		else
			c->balloon_poll_ms = us / 1000;
		return 0;
	}
	if (!strcmp(key, "max-interfaces") || !strcmp(key, "max-addresses")) {
		bool ifs = !strcmp(key, "max-interfaces");

		r = agentconf_uint(key, v, 1, ifs ? NETSTATE_MAX_IFACES :
		    NETSTATE_MAX_ADDRS, &u, err, errlen);
		if (r == 0)
			*(ifs ? &c->max_ifaces : &c->max_addrs) =
			    (unsigned int)u;
		return r;
	}
	if (!strcmp(key, "netlink-rcvbuf")) {
		r = agentconf_uint(key, v, 0, 64 << 20, &u, err, errlen);
		if (r == 0)
			c->netlink_rcvbuf = (int)u;
		return r;
	}
	if (!strcmp(key, "interfaces"))
		return agentconf_globs(c, v, err, errlen);
	if (!strcmp(key, "map-interface"))
		return agentconf_map(c, v, err, errlen);
	if (!strcmp(key, "proc-dir"))
		return agentconf_path(c->procdir, sizeof(c->procdir), key, v, err,
		    errlen);
	if (!strcmp(key, "balloon-dir"))
		return agentconf_path(c->balloondir, sizeof(c->balloondir), key, v,
		    err, errlen);
	if (!strcmp(key, "sys-net-dir"))
		return agentconf_path(c->sysnetdir, sizeof(c->sysnetdir), key, v,
		    err, errlen);
	if (!strcmp(key, "log-level")) {
		if ((r = log_parse_level(v)) < 0)
			return agentconf_err(err, errlen, "log-level: unknown "
			    "level \"%s\"", v);
		c->log_level = r;
		return 0;
	}
	if (!strcmp(key, "log-classes")) {
		char why[64];

		if (log_parse_classes(v, c->log_classes, &c->log_classes, why,
		    sizeof(why)) < 0)
			return agentconf_err(err, errlen, "log-classes: unknown "
			    "class \"%s\"", why);
		return 0;
	}
	return agentconf_err(err, errlen, "unknown setting \"%s\"", key);
}

/* Trim white space at both ends, in place. */
static char *
agentconf_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
agentconf_parse(struct agent_config *c, const char *buf, size_t len,
    const char *name, char *err, size_t errlen)
{
	char line[512], why[256], *eq, *k, *v;
	unsigned int lineno = 0;
	const char *p = buf, *end = buf + len, *nl;
	size_t n;

	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n >= sizeof(line))
			return agentconf_err(err, errlen, "%s:%u: line too long",
			    name, lineno);
		if (memchr(p, '\0', n) != NULL)
			return agentconf_err(err, errlen, "%s:%u: NUL byte", name,
			    lineno);
		memcpy(line, p, n);
		line[n] = '\0';
		p = nl ? nl + 1 : end;
		if ((k = strchr(line, '#')) != NULL)
			*k = '\0';
		k = agentconf_trim(line);
		if (*k == '\0')
			continue;
		if ((eq = strchr(k, '=')) == NULL)
			return agentconf_err(err, errlen, "%s:%u: want key = value",
			    name, lineno);
		*eq = '\0';
		k = agentconf_trim(k);
		v = agentconf_trim(eq + 1);
		if (agentconf_set(c, k, v, why, sizeof(why)) < 0)
			return agentconf_err(err, errlen, "%s:%u: %s", name,
			    lineno, why);
	}
	return 0;
}

int
agentconf_load(struct agent_config *c, const char *path, bool required,
    char *err, size_t errlen)
{
	char buf[16384];
	size_t n;
	FILE *f = fopen(path, "re");

	if (f == NULL) {
		if (errno == ENOENT && !required)
			return 0;
		return agentconf_err(err, errlen, "%s: %s", path, strerror(errno));
	}
	n = fread(buf, 1, sizeof(buf), f);
	if (ferror(f) || n == sizeof(buf)) {
		fclose(f);
		return agentconf_err(err, errlen, "%s: unreadable or over %zu "
		    "bytes", path, sizeof(buf) - 1);
	}
	fclose(f);
	return agentconf_parse(c, buf, n, path, err, errlen);
}

bool
agentconf_iface_wanted(const struct agent_config *c, const char *name)
{
	for (unsigned int i = 0; i < c->nglobs; i++)
		if (fnmatch(c->globs[i], name, 0) == 0)
			return true;
	return false;
}

long
agentconf_iface_map(const struct agent_config *c, const char *name)
{
	for (unsigned int i = 0; i < c->nmaps; i++)
		if (strcmp(c->maps[i].name, name) == 0)
			return c->maps[i].devid;
	return -1;
}
