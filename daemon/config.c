/*
 * config.c - the daemon's configuration file.
 *
 * Format (xenballoond.conf(5)): one "key = value" per line, '#' starts a
 * comment, blank lines are ignored.  Every key is listed in config_keys
 * with its type and bounds; common/conf.c reads the file through it, so
 * the parser, the error messages ("unknown key 'x' (keys: ...)") and
 * the agent's settings stay in step.  Defaults the planner also has
 * come from planner_config_default(), not a copy.
 */
#include "config.h"

#include <grp.h>
#include <stdio.h>
#include <string.h>

#include "cadence.h"
#include "conf.h"
#include "control.h"
#include "log.h"
#include "planner.h"
#include "xbd.h"

static int config_set_group(void *obj, const struct conf_key *k,
    const char *v, char *err, size_t errlen);

/* Durations of zero are refused: each is a period or a wait. */
#define K(n, t, f)		CONF_KEY(n, t, struct config, f, 0, 0)
#define KB(n, t, f, min, max)	CONF_KEY(n, t, struct config, f, min, max)
#define NOMAX			UINT64_MAX
/*
 * Durations are bounded so that no arithmetic on them (microsecond
 * timers, deadlines, a token bucket's 2 x gap) can wrap: an absurd
 * value is refused with the range, not turned into a busy loop.
 */
#define HOUR			(3600ull * 1000)
static const struct conf_key config_keys[] = {
	K("socket",		CONF_PATH,	socket_path),
	K("state-dir",		CONF_PATH,	state_dir),
	CONF_FN("control-group", config_set_group),
	KB("slack",		CONF_SIZE,	slack_kib, 0, NOMAX),
	KB("interval",		CONF_MS,	interval_ms, 1, HOUR),
	KB("settle",		CONF_MS,	settle_ms, 1, HOUR),
	KB("stuck-after",	CONF_MS,	stuck_ms, 1, HOUR),
	KB("stuck-probation",	CONF_MS,	probation_ms, 1,
	    PLAN_PROBE_MAX_MS),
	KB("guest-read-gap",	CONF_MS,	guest_read_ms, 1, HOUR),
	KB("reservation-hold",	CONF_MS,	reservation_hold_ms, 1,
	    24 * HOUR),
	KB("default-min",	CONF_SIZE,	bounds.default_min_kib, 0,
	    NOMAX),
	KB("default-max",	CONF_SIZE,	bounds.default_max_kib, 0,
	    NOMAX),
	KB("default-weight",	CONF_UINT,	bounds.default_weight, 1,
	    CONTROL_WEIGHT_MAX),
	KB("dom0-min",		CONF_SIZE,	bounds.dom0_min_kib, 0, NOMAX),
	K("manage-dom0",	CONF_BOOL,	bounds.manage_dom0),
	K("log-classes",	CONF_CLASSES,	log_classes),
	K("log-level",		CONF_LEVEL,	log_level),
};
#undef HOUR
#undef NOMAX
#undef KB
#undef K
static const struct conf_table config_table = {
	config_keys, sizeof(config_keys) / sizeof(config_keys[0])
};

void
config_defaults(struct config *c)
{
	struct plan_config p;

	planner_config_default(&p);
	memset(c, 0, sizeof(*c));
	snprintf(c->socket_path, sizeof(c->socket_path), "%s",
	    CONTROL_SOCKET_DEFAULT);
	snprintf(c->state_dir, sizeof(c->state_dir), "%s",
	    CONFIG_STATE_DIR_DEFAULT);
	c->slack_kib = p.slack_kib;
	c->interval_ms = XBD_INTERVAL_MS_DEFAULT;
	c->settle_ms = XBD_SETTLE_MS_DEFAULT;
	c->stuck_ms = p.stuck_window_ms;
	c->probation_ms = p.stuck_probe_ms;
	c->guest_read_ms = XBD_GUEST_READ_MS_DEFAULT;
	c->reservation_hold_ms = 10 * 60 * 1000;
	bounds_config_default(&c->bounds);
	c->log_classes = LOGC_DEFAULT;
	c->log_level = LOG_INFO;
}

/* A group name, kept with its gid (looked up now, not at each accept). */
static int
config_set_group(void *obj, const struct conf_key *k, const char *v,
    char *err, size_t errlen)
{
	struct config *c = obj;
	struct group *gr;

	if (strlen(v) >= sizeof(c->control_group) ||
	    (gr = getgrnam(v)) == NULL) {
		snprintf(err, errlen, "unknown group '%.64s' for %s", v,
		    k->name);
		return -1;
	}
	memcpy(c->control_group, v, strlen(v) + 1);
	c->control_gid = gr->gr_gid;
	c->have_control_gid = true;
	return 0;
}

int
config_load(struct config *c, const char *path, bool must_exist, char *err,
    size_t errlen)
{
	struct config tmp = *c;
	const struct bounds_config *b = &tmp.bounds;

	if (conf_load(&config_table, &tmp, path, must_exist, err, errlen) == -1)
		return -1;
	if (b->default_min_kib != 0 && b->default_max_kib != 0 &&
	    b->default_min_kib > b->default_max_kib) {
		snprintf(err, errlen, "%s: default-min is above default-max",
		    path);
		return -1;
	}
	*c = tmp;
	return 0;
}
