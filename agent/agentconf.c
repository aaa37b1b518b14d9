/*
 * agentconf.c - settings from defaults, file and command line, both read
 * through one table of keys (common/conf.c).
 */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
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
	c->sample_idle_ms = 0;		/* agentconf_idle_ms() */
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
agentconf_globs(void *obj, const struct conf_key *k, const char *v, char *err,
    size_t errlen)
{
	char buf[AGENT_MAX_GLOBS * AGENT_GLOB_MAX], *save = NULL, *w;
	struct agent_config *c = obj;
	unsigned int n = 0;

	if (strlen(v) >= sizeof(buf))
		goto bad;
	snprintf(buf, sizeof(buf), "%s", v);
	for (w = strtok_r(buf, " \t,", &save); w; w = strtok_r(NULL, " \t,",
	    &save)) {
		if (n == AGENT_MAX_GLOBS || strlen(w) >= AGENT_GLOB_MAX)
			goto bad;
		snprintf(c->globs[n++], AGENT_GLOB_MAX, "%s", w);
	}
	c->nglobs = n;
	return 0;
bad:
	snprintf(err, errlen, "bad patterns '%.64s' for %s (expected at most "
	    "%d patterns of %d bytes)", v, k->name, AGENT_MAX_GLOBS,
	    AGENT_GLOB_MAX - 1);
	return -1;
}

/* "eth0=0": an interface published as vif devid 0 whatever sysfs says. */
static int
agentconf_map(void *obj, const struct conf_key *k, const char *v, char *err,
    size_t errlen)
{
	struct agent_config *c = obj;
	const char *eq = strchr(v, '=');
	uint64_t devid;
	enum parse_err e;
	struct agent_map *m;

	if (eq == NULL || eq == v || (size_t)(eq - v) >= IF_NAMESIZE) {
		snprintf(err, errlen, "bad value '%.64s' for %s (expected "
		    "NAME=DEVID)", v, k->name);
		return -1;
	}
	e = parse_u64(eq + 1, 0, NETSTATE_DEVID_MAX, &devid);
	if (e != PARSE_OK) {
		snprintf(err, errlen, "bad devid '%.64s' for %s: %s (expected "
		    "0 to %u)", eq + 1, k->name, parse_strerror(e),
		    NETSTATE_DEVID_MAX);
		return -1;
	}
	if (c->nmaps == AGENT_MAX_MAPS) {
		snprintf(err, errlen, "too many %s (at most %d)", k->name,
		    AGENT_MAX_MAPS);
		return -1;
	}
	m = &c->maps[c->nmaps++];
	memcpy(m->name, v, (size_t)(eq - v));
	m->name[eq - v] = '\0';
	m->devid = (unsigned int)devid;
	return 0;
}

/*
 * Durations are bounded in ms; the heartbeat counts seconds (a beat
 * needs a new one) and a PSI trigger window is the kernel's 500 ms..10 s.
 */
#define K(n, t, f)	CONF_KEY(n, t, struct agent_config, f, 0, 0)
#define KB(n, t, f, min, max) \
	CONF_KEY(n, t, struct agent_config, f, min, max)
#define HOUR		3600000
#define NOMAX		UINT64_MAX
static const struct conf_key agentconf_keys[] = {
	K("memory",		CONF_BOOL,	memory),
	KB("mem-threshold",	CONF_SIZE,	mem_threshold_kib, 0, NOMAX),
	K("psi-threshold",	CONF_PERCENT,	psi_threshold),
	KB("psi-total-threshold", CONF_US, psi_total_threshold_us, 1, HOUR),
	KB("psi-stall",		CONF_US,	psi_stall_us, 1, 10000),
	KB("psi-window",	CONF_US,	psi_window_us, 500, 10000),
	KB("swap-threshold",	CONF_SIZE,	swap_threshold_kibps, 0, NOMAX),
	KB("sample",		CONF_MS,	sample_ms, 100, HOUR),
	KB("sample-idle",	CONF_MS,	sample_idle_ms, 100, HOUR),
	KB("heartbeat",		CONF_MS,	heartbeat_ms, 1000, HOUR),
	K("balloon",		CONF_BOOL,	balloon),
	KB("balloon-poll",	CONF_MS,	balloon_poll_ms, 100, HOUR),
	K("net",		CONF_BOOL,	net),
	KB("max-interfaces",	CONF_UINT,	max_ifaces, 1,
	    NETSTATE_MAX_IFACES),
	KB("max-addresses",	CONF_UINT,	max_addrs, 1,
	    NETSTATE_MAX_ADDRS),
	CONF_FN("interfaces",	agentconf_globs),
	CONF_FN("map-interface", agentconf_map),
	KB("netlink-rcvbuf",	CONF_UINT,	netlink_rcvbuf, 0,
	    64 << 20),
	K("proc-dir",		CONF_PATH,	procdir),
	K("balloon-dir",	CONF_PATH,	balloondir),
	K("sys-net-dir",	CONF_PATH,	sysnetdir),
	K("log-level",		CONF_LEVEL,	log_level),
	K("log-classes",	CONF_CLASSES,	log_classes),
};
#undef NOMAX
#undef HOUR
#undef KB
#undef K
_Static_assert(sizeof(agentconf_keys) / sizeof(agentconf_keys[0]) ==
    AGENTCONF_NKEYS, "AGENTCONF_NKEYS counts agentconf_keys");

const struct conf_table agentconf_table = {
	agentconf_keys, AGENTCONF_NKEYS
};

int
agentconf_set(struct agent_config *c, const char *key, const char *v,
    char *err, size_t errlen)
{
	return conf_set(&agentconf_table, c, key, v, err, errlen);
}

int
agentconf_parse(struct agent_config *c, const char *buf, size_t len,
    const char *name, char *err, size_t errlen)
{
	return conf_parse(&agentconf_table, c, buf, len, name, err, errlen);
}

int
agentconf_load(struct agent_config *c, const char *path, bool required,
    char *err, size_t errlen)
{
	return conf_load(&agentconf_table, c, path, required, err, errlen);
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
