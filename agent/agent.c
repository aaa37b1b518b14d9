/*
 * agent.c - xenballoon-agent: publishes a guest's memory figures, balloon
 * progress and network link state to xenstore, from events.
 *
 * Edges only: the parsers, the keymap and the network model are pure and
 * live in their own files; this file wires them to sd-event, the PSI
 * trigger, rtnetlink, sysfs and xenstore.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>

#include "agentconf.h"
#include "balloon.h"
#include "keymap.h"
#include "log.h"
#include "memstat.h"
#include "netstate.h"
#include "psitrigger.h"
#include "publish.h"
#include "rtnl.h"
#include "signals.h"
#include "sysfsval.h"
#include "xs.h"
#include "xskeys.h"

#define AGENT_VERSION_KEY	(xskey(XSK_AGENT_VERSION)->path)
#define AGENT_HEARTBEAT_KEY	(xskey(XSK_HEARTBEAT)->path)
#define AGENT_NET_ROOT		XSK_VIF_ROOT
#define AGENT_PSI_FOLLOW_US	2500000u  /* the kernel's averages move every 2 s */
#define AGENT_RETRY_MIN_US	1000000u
#define AGENT_RETRY_MAX_US	60000000u
#define AGENT_EXIT_USAGE	2

static const char *const agent_roots[] = {
	AGENT_NET_ROOT, XSK_MEMORY_DIR, BALLOON_XS_DIR,
};

struct agent {
	struct agent_config	 cfg;
	sd_event		*e;
	struct xsc		*xs;
	struct keymap		 km;
	struct publish		 pub;
	struct memstat		 mem;
	struct balloon		 bal;
	bool			 bal_present;	/* sysfs directory exists */
	struct netstate		 ns;
	struct rtnl		*rtnl;
	sd_event_source		*flush_src, *retry_src, *open_src;
	sd_event_source		*tick_src, *psi_src, *follow_src;
	sd_event_source		*bal_src;
	uint64_t		 psi_window_us;
	uint64_t		 retry_us, open_us;
	uint64_t		 beat_us;	/* last heartbeat */
	uint64_t		 tick_ms;	/* sample interval now */
	uint64_t		 idle_ms;	/* ... once memory holds still */
	struct log_ratelimit	 rl;
	char			 status[128];	/* last STATUS= sent */
};

static uint64_t
agent_now(struct agent *a)
{
	uint64_t now = 0;

	(void)sd_event_now(a->e, CLOCK_MONOTONIC, &now);
	return now;
}

static void
agent_schedule_flush(struct agent *a)
{
	if (keymap_dirty(&a->km) || a->pub.need_clean)
		(void)sd_event_source_set_enabled(a->flush_src,
		    SD_EVENT_ONESHOT);
}

static void
agent_arm(sd_event_source *s, uint64_t now, uint64_t delay_us)
{
	(void)sd_event_source_set_time(s, now + delay_us);
	(void)sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
}

/* STATUS= only when it says something new: each one is a syscall and a
 * wake-up of the service manager. */
static void
agent_status(struct agent *a)
{
	char st[sizeof(a->status)];

	snprintf(st, sizeof(st), "xenstore %s, %u interfaces published%s",
	    a->xs && xsc_connected(a->xs) ? "connected" : "down", a->ns.n,
	    a->bal_present ? ", mirroring the balloon driver" : "");
	if (strcmp(st, a->status) == 0)
		return;
	memcpy(a->status, st, sizeof(st));
	sd_notifyf(false, "STATUS=%s", st);
}

static int
agent_on_flush(sd_event_source *s, void *arg)
{
	struct agent *a = arg;
	unsigned int dropped;
	int r = publish_flush(&a->pub);

	if (r == 0) {
		a->retry_us = 0;
		agent_status(a);
		return 0;
	}
	if (r == -ENOTCONN)
		return 0;	/* agent_on_conn() flushes when it is back */
	a->retry_us = a->retry_us ? a->retry_us * 2 : AGENT_RETRY_MIN_US;
	if (a->retry_us > AGENT_RETRY_MAX_US)
		a->retry_us = AGENT_RETRY_MAX_US;
	if (log_ratelimit(&a->rl, agent_now(a), 5, 60000000u, &dropped))
		log_warnx("agent_on_flush: xenstore: %s; retrying in %llums "
		    "(%u messages suppressed)", strerror(-r),
		    (unsigned long long)(a->retry_us / 1000), dropped);
	agent_arm(a->retry_src, agent_now(a), a->retry_us);
	return 0;
}

static int
agent_on_retry(sd_event_source *s, uint64_t usec, void *arg)
{
	return agent_on_flush(NULL, arg);
}

/* ---- memory ---- */

static void
agent_mem_report(struct agent *a)
{
	unsigned int dropped;

	if (a->mem.rep.bad == 0)
		return;
	if (log_ratelimit(&a->rl, agent_now(a), 5, 60000000u, &dropped))
		log_warnx("memstat: %s/%s: skipped %u malformed line(s), first "
		    "%u: %s", a->cfg.procdir, a->mem.rep_file, a->mem.rep.bad,
		    a->mem.rep.first_bad, a->mem.rep.first_why);
	memset(&a->mem.rep, 0, sizeof(a->mem.rep));
}

static void agent_arm_tick(struct agent *a, uint64_t usec);

static void
agent_mem_sample(struct agent *a, bool force_psi)
{
	uint64_t now = agent_now(a);

	if (!a->cfg.memory)
		return;
	memstat_sample(&a->mem, force_psi, now, &a->km);
	agent_mem_report(a);
	/* Woken by PSI while sampling slowly: memory moves, sample fast. */
	if (a->tick_ms != 0 && memstat_interval_ms(&a->mem, a->cfg.sample_ms,
	    a->idle_ms) < a->tick_ms)
		agent_arm_tick(a, now);
}

static int
agent_on_follow(sd_event_source *s, uint64_t usec, void *arg)
{
	struct agent *a = arg;

	agent_mem_sample(a, false);
	agent_schedule_flush(a);
	return 0;
}

static int
agent_on_psi(sd_event_source *s, int fd, uint32_t revents, void *arg)
{
	struct agent *a = arg;

	if (revents & EPOLLERR) {
		log_warnx("agent_on_psi: trigger failed; pressure is sampled "
		    "on the heartbeat only");
		sd_event_source_disable_unref(a->psi_src);
		a->psi_src = NULL;
		return 0;
	}
	log_debug(LOGC_GENERAL, "memory pressure trigger fired");
	agent_mem_sample(a, true);
	agent_schedule_flush(a);
	agent_arm(a->follow_src, agent_now(a), AGENT_PSI_FOLLOW_US);
	return 0;
}

static int
agent_psi_setup(struct agent *a)
{
	char path[300];
	int fd, r;

	snprintf(path, sizeof(path), "%s/pressure/memory", a->cfg.procdir);
	a->psi_window_us = a->cfg.psi_window_us;
	fd = psitrigger_open(path, a->cfg.psi_stall_us, &a->psi_window_us);
	if (fd < 0) {
		log_notice(LOGC_GENERAL, "no PSI trigger on %s (%s): pressure "
		    "is sampled on the heartbeat only", path, strerror(-fd));
		return 0;
	}
	r = sd_event_add_io(a->e, &a->psi_src, fd, EPOLLPRI, agent_on_psi, a);
	if (r < 0) {
		log_warnx("agent_psi_setup: cannot poll %s: %s", path,
		    strerror(-r));
		close(fd);
		return 0;
	}
	(void)sd_event_source_set_io_fd_own(a->psi_src, true);
	log_info(LOGC_GENERAL, "PSI trigger: %llu us stall in %llu us",
	    (unsigned long long)a->cfg.psi_stall_us,
	    (unsigned long long)a->psi_window_us);
	return 0;
}

/* ---- balloon ---- */

static void
agent_bal_sample(struct agent *a)
{
	struct balloon_sysfs s;
	const char *why = NULL;
	unsigned int dropped;
	uint64_t now = agent_now(a);
	int r;

	if (!a->bal_present)
		return;
	r = balloon_read(&a->bal, &s, &why);
	if (r < 0) {
		if (log_ratelimit(&a->rl, now, 5, 60000000u, &dropped))
			log_warnx("balloon: %s/%s: %s", a->cfg.balloondir,
			    why ? why : "target_kb",
			    r == -EBADMSG ? "malformed" : strerror(-r));
		return;
	}
	balloon_apply(&a->bal, &s, now, &a->km);
	if (balloon_active(&a->bal, now))
		agent_arm(a->bal_src, now, a->cfg.balloon_poll_ms * 1000);
}

static int
agent_on_bal(sd_event_source *s, uint64_t usec, void *arg)
{
	struct agent *a = arg;

	agent_bal_sample(a);
	agent_schedule_flush(a);
	return 0;
}

/* ---- xenstore ---- */

static void
agent_on_watch(struct xsc *c, const char *path, const char *token, void *arg)
{
	struct agent *a = arg;

	if (strcmp(token, "target") == 0) {
		/* The driver is about to move, or has not read it yet. */
		balloon_target_written(&a->bal, agent_now(a));
		agent_bal_sample(a);
	}
	agent_schedule_flush(a);
}

static void
agent_on_conn(struct xsc *c, bool up, void *arg)
{
	struct agent *a = arg;

	log_notice(LOGC_XENSTORE, "xenstore connection %s", up ? "restored" :
	    "lost");
	if (up) {
		publish_forget(&a->pub);
		agent_schedule_flush(a);
	}
	agent_status(a);
}

static int agent_xs_open(struct agent *a);

static int
agent_on_open(sd_event_source *s, uint64_t usec, void *arg)
{
	struct agent *a = arg;

	if (agent_xs_open(a) == 0)
		return 0;
	a->open_us = a->open_us ? a->open_us * 2 : AGENT_RETRY_MIN_US;
	if (a->open_us > AGENT_RETRY_MAX_US)
		a->open_us = AGENT_RETRY_MAX_US;
	agent_arm(a->open_src, agent_now(a), a->open_us);
	return 0;
}

static int
agent_xs_open(struct agent *a)
{
	struct xsc_opts o = {
		.on_watch = agent_on_watch,
		.on_conn = agent_on_conn,
		.arg = a,
		/* Liveness probes are wake-ups.  The heartbeat's canary read
		 * (agent_check_canary) already notices a dead connection, so
		 * the layer's own probe only backs it up. */
		.probe_usec = a->cfg.heartbeat_ms * 1000 * 10,
	};
	int r;

	a->xs = xsc_open(&o);
	if (a->xs == NULL) {
		log_warn("agent_xs_open: xenstore");
		return -1;
	}
	if ((r = xsc_attach_event(a->xs, a->e, 0)) < 0) {
		log_warnx("agent_xs_open: attach: %s", strerror(-r));
		xsc_close(a->xs);
		a->xs = NULL;
		return -1;
	}
	publish_set_xs(&a->pub, a->xs);
	if (a->bal_present)
		(void)xsc_watch(a->xs, xskey(XSK_MEM_TARGET)->path, "target");
	a->open_us = 0;
	log_info(LOGC_XENSTORE, "xenstore connected");
	agent_schedule_flush(a);
	return 0;
}

/* xenstore lost our keys behind our back (resume, migration, a restarted
 * xenstored): one read per heartbeat notices, and everything is redone. */
static void
agent_check_canary(struct agent *a)
{
	const char *have = NULL;
	char buf[64];
	int r;

	for (size_t i = 0; i < a->km.n; i++)
		if (strcmp(a->km.v[i].path, AGENT_VERSION_KEY) == 0)
			have = a->km.v[i].have;
	if (have == NULL || a->xs == NULL || !xsc_connected(a->xs))
		return;
	r = xsc_read(a->xs, XBT_NULL, AGENT_VERSION_KEY, buf, sizeof(buf), NULL);
	if (r != -ENOENT)
		return;
	log_notice(LOGC_XENSTORE, "our keys vanished from xenstore "
	    "(resumed?): publishing everything again");
	publish_forget(&a->pub);
	if (a->rtnl)
		rtnl_resync(a->rtnl);
}

/* ---- network ---- */

static long
agent_devid(const char *name, int ifindex, void *arg)
{
	struct agent *a = arg;
	char dir[300], buf[64];
	uint64_t devid;
	long n, m;

	if (!agentconf_iface_wanted(&a->cfg, name))
		return -1;
	if ((m = agentconf_iface_map(&a->cfg, name)) >= 0)
		return m;
	if ((size_t)snprintf(dir, sizeof(dir), "%s/%s/device", a->cfg.sysnetdir,
	    name) >= sizeof(dir))
		return -1;
	if ((n = memstat_read_file(dir, "nodename", buf, sizeof(buf))) < 0)
		return -1;	/* not a Xen netfront */
	if (sysfsval_parse_vif_nodename(buf, (size_t)n, NETSTATE_DEVID_MAX,
	    &devid) != PARSE_OK) {
		log_warnx("agent_devid: %s/nodename: not device/vif/<devid>",
		    dir);
		return -1;
	}
	return (long)devid;
}

static void
agent_net_changed(struct rtnl *r, void *arg)
{
	struct agent *a = arg;
	int ret = netstate_render(&a->ns, &a->km);

	if (ret < 0)
		log_warnx("agent_net_changed: %s", strerror(-ret));
	if (a->ns.overflow > 0)
		log_info(LOGC_NET, "net: %u interfaces or addresses over the "
		    "caps (%u interfaces, %u addresses) are not published",
		    a->ns.overflow, a->ns.caps.max_ifaces, a->ns.caps.max_addrs);
	agent_schedule_flush(a);
}

static int
agent_net_setup(struct agent *a)
{
	struct netstate_caps caps = {
		.max_ifaces = a->cfg.max_ifaces,
		.max_addrs = a->cfg.max_addrs,
	};
	struct rtnl_opts o = {
		.ns = &a->ns,
		.devid = agent_devid,
		.changed = agent_net_changed,
		.arg = a,
		.rcvbuf = a->cfg.netlink_rcvbuf,
	};
	int r;

	if ((r = netstate_init(&a->ns, &caps)) < 0)
		return r;
	a->rtnl = rtnl_open(&o);
	if (a->rtnl == NULL) {
		log_warn("agent_net_setup: rtnetlink");
		return -errno;
	}
	return rtnl_attach_event(a->rtnl, a->e, 0);
}

/* ---- the loop ---- */

/* The guest's monotonic seconds: any change tells readers we are alive. */
static void
agent_beat(struct agent *a)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu",
	    (unsigned long long)(a->beat_us / 1000000));
	(void)keymap_set(&a->km, AGENT_HEARTBEAT_KEY, buf);
}

/* Fast while memory moves, slower once it has held still (memstat.c). */
static void
agent_arm_tick(struct agent *a, uint64_t usec)
{
	uint64_t ms = a->cfg.sample_ms;

	if (a->cfg.memory)
		ms = memstat_interval_ms(&a->mem, a->cfg.sample_ms, a->idle_ms);
	if (ms != a->tick_ms && a->tick_ms != 0)
		log_debug(LOGC_GENERAL, "sampling every %llu ms",
		    (unsigned long long)ms);
	a->tick_ms = ms;
	/* Never 0, which sd-event reads as its default (250 ms): ms is at
	 * least the configured minimum, 100 ms. */
	(void)sd_event_source_set_time_accuracy(a->tick_src, pace_slack_us(ms));
	agent_arm(a->tick_src, usec, ms * 1000);
}

/*
 * The one periodic wake-up.  MemAvailable has no change notification, so
 * memory figures are sampled (and written only when they moved past the
 * hysteresis); PSI catches real pressure between samples.  Every
 * heartbeat, on a sample's wake-up so it costs none of its own, the agent
 * also rewrites its heartbeat key: the daemon trusts the other figures
 * only while that key keeps changing, so an idle guest whose figures stand
 * still is not mistaken for one whose agent died.
 */
static int
agent_on_tick(sd_event_source *s, uint64_t usec, void *arg)
{
	struct agent *a = arg;

	agent_mem_sample(a, false);
	/* Half a sample early rather than a whole one late. */
	if (usec - a->beat_us + a->tick_ms * 500 >=
	    a->cfg.heartbeat_ms * 1000) {
		a->beat_us = usec;
		agent_beat(a);
		agent_bal_sample(a);
		agent_check_canary(a);
	}
	agent_schedule_flush(a);
	agent_arm_tick(a, usec);
	return 0;
}

static int
agent_on_hup(sd_event_source *s, const struct signalfd_siginfo *si, void *arg)
{
	struct agent *a = arg;

	log_notice(LOGC_GENERAL, "SIGHUP: resynchronising everything");
	publish_forget(&a->pub);
	if (a->rtnl)
		rtnl_resync(a->rtnl);
	agent_mem_sample(a, true);
	agent_bal_sample(a);
	agent_schedule_flush(a);
	return 0;
}

static int
agent_timer(struct agent *a, sd_event_source **s, sd_event_time_handler_t fn)
{
	int r = sd_event_add_time(a->e, s, CLOCK_MONOTONIC, UINT64_MAX, 0, fn,
	    a);

	if (r < 0)
		return r;
	return sd_event_source_set_enabled(*s, SD_EVENT_OFF);
}

static size_t
agent_key_budget(const struct agent_config *c)
{
	/* memory and balloon keys, then per interface: name, mac, mtu,
	 * operstate, carrier and the addresses. */
	return 32 + (size_t)c->max_ifaces * (5 + 2 * c->max_addrs);
}

static int
agent_setup(struct agent *a)
{
	int r;

	if ((r = sd_event_default(&a->e)) < 0 ||
	    (r = signals_setup(a->e, NULL, agent_on_hup, a)) < 0)
		return r;
	(void)sd_event_set_watchdog(a->e, true);
	keymap_init(&a->km, agent_key_budget(&a->cfg));
	if ((r = publish_init(&a->pub, &a->km, agent_roots,
	    sizeof(agent_roots) / sizeof(agent_roots[0]))) < 0)
		return r;
	if (a->cfg.net)
		publish_add_clean(&a->pub, AGENT_NET_ROOT);
	if ((r = sd_event_add_defer(a->e, &a->flush_src, agent_on_flush, a)) < 0)
		return r;
	(void)sd_event_source_set_enabled(a->flush_src, SD_EVENT_OFF);
	(void)sd_event_source_set_priority(a->flush_src, 10);
	if ((r = agent_timer(a, &a->retry_src, agent_on_retry)) < 0 ||
	    (r = agent_timer(a, &a->open_src, agent_on_open)) < 0 ||
	    (r = agent_timer(a, &a->follow_src, agent_on_follow)) < 0 ||
	    (r = agent_timer(a, &a->bal_src, agent_on_bal)) < 0 ||
	    (r = agent_timer(a, &a->tick_src, agent_on_tick)) < 0)
		return r;
	(void)keymap_set(&a->km, AGENT_VERSION_KEY, PACKAGE_VERSION);
	return 0;
}

static int
agent_start(struct agent *a)
{
	struct memstat_cfg mc = {
		.procdir = a->cfg.procdir,
		.mem_threshold_kib = a->cfg.mem_threshold_kib,
		.psi_threshold = a->cfg.psi_threshold,
		.psi_total_threshold_us = a->cfg.psi_total_threshold_us,
		.swap_threshold_kibps = a->cfg.swap_threshold_kibps,
	};
	char path[300];
	int r;

	memstat_init(&a->mem, &mc);
	a->idle_ms = agentconf_idle_ms(a->cfg.sample_ms, a->cfg.sample_idle_ms);
	balloon_init(&a->bal, a->cfg.balloondir);
	snprintf(path, sizeof(path), "%s/target_kb", a->cfg.balloondir);
	a->bal_present = a->cfg.balloon && access(path, R_OK) == 0;
	if (a->cfg.memory && (r = agent_psi_setup(a)) < 0)
		return r;
	if (agent_xs_open(a) < 0)
		agent_arm(a->open_src, agent_now(a), AGENT_RETRY_MIN_US);
	if (a->cfg.net && (r = agent_net_setup(a)) < 0)
		return r;
	agent_mem_sample(a, true);
	agent_bal_sample(a);
	a->beat_us = agent_now(a);
	agent_beat(a);
	agent_arm_tick(a, a->beat_us);
	agent_schedule_flush(a);
	return 0;
}

static void
agent_stop(struct agent *a)
{
	/* Nothing is removed from xenstore: what we published stays true
	 * enough for tooling until a restart rewrites it. */
	rtnl_close(a->rtnl);
	netstate_free(&a->ns);
	sd_event_source_disable_unref(a->psi_src);
	sd_event_source_disable_unref(a->flush_src);
	sd_event_source_disable_unref(a->retry_src);
	sd_event_source_disable_unref(a->open_src);
	sd_event_source_disable_unref(a->follow_src);
	sd_event_source_disable_unref(a->bal_src);
	sd_event_source_disable_unref(a->tick_src);
	xsc_close(a->xs);
	publish_free(&a->pub);
	keymap_free(&a->km);
	sd_event_unref(a->e);
}

/* ---- command line ---- */

#define AGENT_OPT_KEY	0x100
#define AGENT_OPT_CHECK	0x200

static void
agent_usage(FILE *f)
{
	fprintf(f, "usage: xenballoon-agent [-dhV] [-c file] [--check-config] "
	    "[--key value ...]\n"
	    "keys (as in %s):\n ", AGENT_CONFIG_FILE);
	for (size_t i = 0; i < agentconf_table.nkeys; i++)
		fprintf(f, " --%s", agentconf_table.keys[i].name);
	fprintf(f, "\nsee xenballoon-agent(8)\n");
}

static int
agent_options(struct agent_config *c, int argc, char **argv, bool *check)
{
	static struct option opts[AGENTCONF_NKEYS + 6];
	static const char *shortopts = "c:dhV";
	char err[512];
	bool explicit = false;
	int ch, idx;

	for (size_t i = 0; i < AGENTCONF_NKEYS; i++)
		opts[i] = (struct option){ agentconf_table.keys[i].name,
		    required_argument, NULL, AGENT_OPT_KEY };
	opts[AGENTCONF_NKEYS] = (struct option){ "config", required_argument,
	    NULL, 'c' };
	opts[AGENTCONF_NKEYS + 1] = (struct option){ "debug", no_argument, NULL,
	    'd' };
	opts[AGENTCONF_NKEYS + 2] = (struct option){ "help", no_argument, NULL,
	    'h' };
	opts[AGENTCONF_NKEYS + 3] = (struct option){ "version", no_argument, NULL,
	    'V' };
	opts[AGENTCONF_NKEYS + 4] = (struct option){ "check-config", no_argument,
	    NULL, AGENT_OPT_CHECK };
	/* First pass: which file, so the command line can override it. */
	while ((ch = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		if (ch == 'c') {
			snprintf(c->config_file, sizeof(c->config_file), "%s",
			    optarg);
			explicit = true;
		} else if (ch == 'h') {
			agent_usage(stdout);
			exit(0);
		} else if (ch == 'V') {
			printf("xenballoon-agent %s\n", PACKAGE_VERSION);
			exit(0);
		} else if (ch == '?') {
			agent_usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "xenballoon-agent: unexpected argument %s\n",
		    argv[optind]);
		return -1;
	}
	if (agentconf_load(c, c->config_file, explicit, err, sizeof(err)) < 0) {
		fprintf(stderr, "xenballoon-agent: %s\n", err);
		return -1;
	}
	optind = 0;
	while ((ch = getopt_long(argc, argv, shortopts, opts, &idx)) != -1) {
		if (ch == 'd') {
			c->log_level = LOG_DEBUG;
			c->log_classes = LOGC_ALL;
		} else if (ch == AGENT_OPT_CHECK) {
			*check = true;
		} else if (ch == AGENT_OPT_KEY &&
		    agentconf_set(c, opts[idx].name, optarg, err,
		    sizeof(err)) < 0) {
			fprintf(stderr, "xenballoon-agent: command line: %s\n",
			    err);
			return -1;
		}
	}
	if (c->psi_stall_us > c->psi_window_us) {
		fprintf(stderr, "xenballoon-agent: psi-stall longer than "
		    "psi-window\n");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static struct agent a;
	bool check = false;
	int r;

	agentconf_defaults(&a.cfg);
	if (agent_options(&a.cfg, argc, argv, &check) < 0)
		return AGENT_EXIT_USAGE;
	if (check) {
		printf("%s: ok\n", a.cfg.config_file);
		return 0;
	}
	log_init("xenballoon-agent", LOG_TARGET_AUTO);
	log_set_level(a.cfg.log_level);
	log_set_classes(a.cfg.log_classes);
	if ((r = agent_setup(&a)) < 0 || (r = agent_start(&a)) < 0) {
		log_errx("xenballoon-agent: cannot start: %s", strerror(-r));
		sd_notifyf(false, "STATUS=cannot start: %s\nERRNO=%d",
		    strerror(-r), -r);
		agent_stop(&a);
		return 1;
	}
	sd_notify(false, "READY=1");
	agent_status(&a);
	log_notice(LOGC_GENERAL, "xenballoon-agent %s started", PACKAGE_VERSION);
	r = sd_event_loop(a.e);
	sd_notify(false, "STOPPING=1");
	log_notice(LOGC_GENERAL, "stopping%s%s", r < 0 ? ": " : "",
	    r < 0 ? strerror(-r) : "");
	agent_stop(&a);
	return r < 0 ? 1 : 0;
}
