/*
 * xenballoond - balance the memory of Xen guests without ever
 * overcommitting the host.
 *
 * One sd-event loop.  Each round takes a snapshot (hypervisor facts,
 * memory/target, guest hints that changed, admin policy, reservations),
 * hands it to the pure planner, applies its actions in order (act.c) and
 * publishes the outcome (publish.c).  Rounds run every `interval`, sooner
 * after an event (domain born or gone, admin request), and every second
 * while something is moving.  The control socket (control.c) serves
 * xenballoonctl.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>

#include "cadence.h"
#include "clock.h"
#include "control.h"
#include "control_ops.h"
#include "log.h"
#include "parse.h"
#include "planner.h"
#include "signals.h"
#include "xbd.h"
#include "xs.h"

#define XBD_MAXMEM_EXTRA_KIB	1024	/* libxl's LIBXL_MAXMEM_CONSTANT */
#define XBD_TARGET_REREAD_ROUNDS 12

/* Grow-only work arrays for a round (no allocation in steady state). */
struct xbd_work {
	size_t			 cap;
	struct plan_domain	*pd;
	struct plan_decision	*dec;
	struct plan_action	*act;
	struct dom		**byindex;
};

static struct xbd_work	xbd_work;

static int
xbd_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Figures for the status reply: sorted on request, never per round. */
static void
xbd_plan_stats(const struct xbd *d, struct xbd_plan_stats *st)
{
	static uint32_t v[XBD_PLAN_SAMPLES];
	size_t n = d->plans < XBD_PLAN_SAMPLES ? d->plans : XBD_PLAN_SAMPLES;

	memset(st, 0, sizeof(*st));
	st->n = d->plans;
	if (n == 0)
		return;
	st->last_us = d->plan_us[(d->plans - 1) % XBD_PLAN_SAMPLES];
	memcpy(v, d->plan_us, n * sizeof(v[0]));
	qsort(v, n, sizeof(v[0]), xbd_cmp_u32);
	st->p50_us = v[(n - 1) / 2];
	st->p99_us = v[(n - 1) * 99 / 100];
	st->max_us = v[n - 1];
}

/* ---- scheduling ------------------------------------------------------- */

static void
xbd_arm(struct xbd *d, uint64_t at_ms)
{
	uint64_t usec = at_ms * 1000;

	if (d->timer_at != 0 && d->timer_at <= usec)
		return;
	d->timer_at = usec;
	sd_event_source_set_time(d->timer, usec);
	sd_event_source_set_enabled(d->timer, SD_EVENT_ONESHOT);
}

/* Plan again soon: after settle. */
static void
xbd_kick(struct xbd *d)
{
	xbd_arm(d, clock_mono_ms() + d->cfg.settle_ms);
}

/* A guest wrote: plan when its keys may be read (cadence.h). */
static void
xbd_kick_guest(struct xbd *d, const struct dom *dom)
{
	uint64_t at = read_next_ms(dom->read_tat, d->cfg.guest_read_ms),
	    soon = clock_mono_ms() + d->cfg.settle_ms;

	xbd_arm(d, at > soon ? at : soon);
}

/* ---- a round ---------------------------------------------------------- */

static int
xbd_work_grow(size_t n)
{
	struct xbd_work *w = &xbd_work;
	size_t cap = w->cap ? w->cap : 64;

	if (n <= w->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	if ((w->pd = reallocarray(w->pd, cap, sizeof(*w->pd))) == NULL ||
	    (w->dec = reallocarray(w->dec, cap, sizeof(*w->dec))) == NULL ||
	    (w->act = reallocarray(w->act, 2 * cap, sizeof(*w->act))) == NULL ||
	    (w->byindex = reallocarray(w->byindex, cap,
	    sizeof(*w->byindex))) == NULL) {
		w->cap = 0;
		return -ENOMEM;
	}
	w->cap = cap;
	return 0;
}

static void
xbd_work_free(void)
{
	free(xbd_work.pd);
	free(xbd_work.dec);
	free(xbd_work.act);
	free(xbd_work.byindex);
	memset(&xbd_work, 0, sizeof(xbd_work));
}

static void
xbd_new_domain(struct xbd *d, struct dom *dom)
{
	domain_read_static(dom, d->xs);
	store_lookup(d->store, dom->uuid, dom->name, &dom->pol);
	log_info(LOGC_GENERAL, "domain %u (%s) appeared: %llu KiB, static "
	    "max %llu KiB", dom->domid, dom->name,
	    (unsigned long long)dom->hv.tot_kib,
	    (unsigned long long)dom->static_max_kib);
}

/* Bring the table in line with the hypervisor's list. */
static int
xbd_sync(struct xbd *d, uint64_t now)
{
	struct hv_dom *hv;
	size_t n;
	int r;

	for (size_t i = 0; i < d->doms.n; i++) {
		if (d->doms.v[i]->name_dirty) {
			hv_forget_name(d->hv, d->doms.v[i]->domid);
			d->doms.v[i]->name_dirty = false;
		}
	}
	if ((r = hv_list(d->hv, &hv, &n)) < 0)
		return r;
	d->round++;
	for (size_t i = 0; i < n; i++) {
		struct dom *dom = domain_find_uuid(&d->doms, hv[i].uuid);

		if (dom != NULL && dom->domid != hv[i].domid) {
			/* Same UUID, new domid (a restore): a new life. */
			publish_forget(d, dom);
			dom->domid = hv[i].domid;
			dom->pub.valid = false;
		}
		if (dom == NULL) {
			if ((dom = domain_add(&d->doms, &hv[i])) == NULL) {
				free(hv);
				return -ENOMEM;
			}
			xbd_new_domain(d, dom);
		}
		dom->hv = hv[i];
		if (hv[i].name[0] != '\0' && strcmp(dom->name, hv[i].name)) {
			snprintf(dom->name, sizeof(dom->name), "%s",
			    hv[i].name);
			store_lookup(d->store, dom->uuid, dom->name, &dom->pol);
		}
		dom->seen_round = d->round;
	}
	free(hv);
	for (size_t i = 0; i < d->doms.n;) {
		struct dom *dom = d->doms.v[i];

		if (dom->seen_round == d->round) {
			i++;
			continue;
		}
		log_info(LOGC_GENERAL, "domain %u (%s) is gone", dom->domid,
		    dom->name);
		publish_forget(d, dom);
		domain_remove(&d->doms, i);
	}
	(void)now;
	return 0;
}

static void
xbd_fill_domain(struct xbd *d, struct dom *dom, struct plan_domain *p)
{
	const struct round_dom rd = {
		.domid = dom->domid,
		.uuid = dom->uuid,
		.dying = dom->hv.state == HV_DOM_DYING ||
		    dom->hv.state == HV_DOM_SHUTDOWN,
		.starting = dom->hv.state == HV_DOM_STARTING,
		.actual_kib = dom->hv.tot_kib,
		.have_target = dom->have_target,
		.target_kib = dom->target_kib,
		.bd = domain_bounds_dom(dom),
		.pol = &dom->pol,
		.hints = &dom->hints,
		.hist = &dom->memo.hist,
	};

	round_domain(&d->cfg.bounds, &rd, p);
	dom->managed = (p->flags & PLAN_DOM_MANAGED) != 0;
}

static void
xbd_take_decisions(struct xbd *d, const struct plan_output *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct dom *dom = xbd_work.byindex[i];
		const struct plan_decision *dec = &out->decisions[i];

		if (round_take_decision(&dom->memo, dec))
			log_notice(LOGC_POLICY, "domain %u (%s) is stuck: %s",
			    dom->domid, dom->name, dec->reason);
	}
	round_take_totals(&d->pcfg, out, n, &d->totals);
	d->totals.moving |= resvtab_pending(d);
}

static void
xbd_notify_status(struct xbd *d)
{
	char st[sizeof(d->status)];

	/* A refused reload stays in systemctl status until one succeeds. */
	snprintf(st, sizeof(st), "%zu domains, %llu MiB free, %u stuck, "
	    "%zu reservations%s%s%s", d->doms.n,
	    (unsigned long long)(d->host.free_kib / 1024), d->totals.n_stuck,
	    d->nres,
	    d->totals.moving ? ", balancing" : "",
	    d->reload_err[0] ? "; last reload refused: " : "", d->reload_err);
	if (strcmp(st, d->status) == 0 && d->ready)
		return;
	snprintf(d->status, sizeof(d->status), "%s", st);
	sd_notifyf(0, "%sSTATUS=%s", d->ready ? "" : "READY=1\n", st);
	d->ready = true;
}

static int
xbd_plan(struct xbd *d, uint64_t now)
{
	struct plan_reservation pr[PLAN_MAX_RESERVATIONS];
	struct plan_res_result rr[PLAN_MAX_RESERVATIONS];
	struct plan_input in = { .now_ms = now };
	struct plan_output out = { 0 };
	size_t n = d->doms.n;
	uint64_t t0, t1;
	char why[ROUND_WHY_MAX];
	int r;

	if ((r = xbd_work_grow(n ? n : 1)) < 0)
		return r;
	/* memory/target is watched; read again now and then in case an
	 * event was lost (xenstored drops them under pressure).  First, as
	 * the reservations of starting domains count from it. */
	for (size_t i = 0; i < n; i++) {
		struct dom *dom = d->doms.v[i];
		bool starting = dom->hv.state == HV_DOM_STARTING;

		/* A toolstack writes a new domain's memory keys after the
		 * domain exists: read them while it starts, once more when
		 * it runs, and now and then while they are missing. */
		if (starting || dom->was_starting || (!dom->have_static_max &&
		    d->round % XBD_TARGET_REREAD_ROUNDS == 0)) {
			domain_read_static(dom, d->xs);
			dom->target_dirty = true;	/* + videoram */
		}
		dom->was_starting = starting;
		if (dom->target_dirty || !dom->have_target ||
		    d->round % XBD_TARGET_REREAD_ROUNDS == 0)
			domain_read_target(dom, d->xs);
	}
	if (resvtab_follow(d, now))
		resvtab_persist(d);
	for (size_t i = 0; i < n; i++) {
		struct dom *dom = d->doms.v[i];

		if (dom->dirty && read_take(&dom->read_tat, now,
		    d->cfg.guest_read_ms))
			domain_read_guest(dom, d->xs, now);
		else if (dom->dirty)
			xbd_kick_guest(d, dom);
		xbd_work.byindex[i] = dom;
		xbd_fill_domain(d, dom, &xbd_work.pd[i]);
	}
	for (size_t i = 0; i < d->nres; i++)
		resv_plan(&d->res[i], &pr[i]);
	in.host_total_kib = d->host.total_kib;
	in.host_free_kib = d->host.free_kib;
	in.host_free_before_kib = d->free_before_kib;
	in.free_before_read = 1;
	in.domains = xbd_work.pd;
	in.n_domains = n;
	in.reservations = pr;
	in.n_reservations = d->nres;
	out.decisions = xbd_work.dec;
	out.reservations = rr;
	out.actions = xbd_work.act;
	out.actions_cap = 2 * xbd_work.cap;
	t0 = clock_mono_us();
	if ((r = round_plan(&d->pcfg, &in, &out, why, sizeof(why))) < 0) {
		d->plan_errors++;
		log_errx("xbd_plan: %s", why);
		return r;
	}
	t1 = clock_mono_us() - t0;
	d->plan_us[d->plans++ % XBD_PLAN_SAMPLES] = t1 > UINT32_MAX ?
	    UINT32_MAX : (uint32_t)t1;
	act_apply(d, xbd_work.byindex, &out);
	xbd_take_decisions(d, &out, n);
	d->kicked = false;
	for (size_t i = 0; i < n; i++)
		d->kicked |= act_kick(d, xbd_work.byindex[i], now);
	resvtab_take(d, &out, now);
	return 0;
}

static void
xbd_round(struct xbd *d)
{
	uint64_t now = clock_mono_ms(), next;
	int r;

	if (!xsc_connected(d->xs))
		goto out;
	if (resvtab_expire(d, now) || d->res_unsaved)
		resvtab_persist(d);
	/*
	 * Free memory before the domains agrees with their actuals; after
	 * them, it is what is free now.  The planner needs both.
	 */
	if ((r = hv_host(d->hv, &d->host)) == 0) {
		d->free_before_kib = d->host.free_kib;
		if ((r = xbd_sync(d, now)) == 0)
			r = hv_host(d->hv, &d->host);
	}
	if (r < 0) {
		log_msg(LOG_WARNING, LOGC_HV, "xbd_round: hypervisor facts: %s",
		    strerror(-r));
		goto out;
	}
	if (xbd_plan(d, now) == 0) {
		for (size_t i = 0; i < d->doms.n; i++)
			publish_domain(d, d->doms.v[i]);
		publish_host(d);
	}
	xbd_notify_status(d);
	control_sweep(d->ctl, now);
out:
	next = cadence_next_ms(d->kicked, d->totals.waiting, d->totals.moving,
	    d->cfg.interval_ms);
	log_debug(LOGC_POLICY, "round %llu at %llu ms:%s%s%s next in %llu ms",
	    (unsigned long long)d->round, (unsigned long long)now,
	    d->totals.waiting ? " waiting" : "",
	    d->totals.moving ? " moving" : "", d->kicked ? " kicked" : "",
	    (unsigned long long)next);
	xbd_arm(d, now + next);
}

static int
xbd_on_timer(sd_event_source *s, uint64_t usec, void *arg)
{
	struct xbd *d = arg;

	d->timer_at = 0;
	xbd_round(d);
	return 0;
}

/* ---- events ----------------------------------------------------------- */

static void
xbd_on_watch(struct xsc *c, const char *path, const char *token, void *arg)
{
	struct xbd *d = arg;
	struct dom *dom;

	d->events++;
	if (path[0] == '@') {
		/* Any @releaseDomain means "rescan all" (XSA-325): each round
		 * lists every domain from the hypervisor anyway. */
		xbd_kick(d);
		return;
	}
	if ((dom = domain_watch_path(&d->doms, path)) != NULL)
		xbd_kick_guest(d, dom);
}

static void
xbd_on_conn(struct xsc *c, bool up, void *arg)
{
	struct xbd *d = arg;

	log_msg(up ? LOG_NOTICE : LOG_WARNING, LOGC_XENSTORE,
	    "xenstore connection %s", up ? "restored" : "lost");
	if (!up)
		return;
	/* xenstored may have restarted empty: publish everything again. */
	publish_init(d);
	for (size_t i = 0; i < d->doms.n; i++) {
		d->doms.v[i]->pub.valid = false;
		d->doms.v[i]->dirty = true;
		d->doms.v[i]->target_dirty = true;
	}
	xbd_kick(d);
}

static void
xbd_apply_config(struct xbd *d)
{
	planner_config_default(&d->pcfg);
	d->pcfg.slack_kib = d->cfg.slack_kib;
	d->pcfg.maxmem_extra_kib = XBD_MAXMEM_EXTRA_KIB;
	d->pcfg.stuck_window_ms = d->cfg.stuck_ms;
	kick_config_default(&d->kcfg);
	d->kcfg.tolerance_kib = d->pcfg.tolerance_kib;
	d->pcfg.stuck_probe_ms = d->cfg.probation_ms;
	if (d->pcfg.stuck_probe_max_ms < d->pcfg.stuck_probe_ms)
		d->pcfg.stuck_probe_max_ms = d->pcfg.stuck_probe_ms;
	log_set_classes(d->cfg.log_classes);
	log_set_level(d->cfg.log_level);
}

static int
xbd_reload(struct xbd *d, char *err, size_t errlen)
{
	struct config c;
	int r = 0;

	sd_notify(0, "RELOADING=1");
	c = d->cfg;
	config_defaults(&c);
	if (config_load(&c, d->config_path, false, err, errlen) == -1) {
		log_errx("reload refused, keeping the running configuration: "
		    "%s", err);
		snprintf(d->reload_err, sizeof(d->reload_err), "%s", err);
		r = -1;
	} else {
		/* Command-line overrides stay: keep the paths we run with. */
		memcpy(c.socket_path, d->cfg.socket_path,
		    sizeof(c.socket_path));
		memcpy(c.state_dir, d->cfg.state_dir, sizeof(c.state_dir));
		d->cfg = c;
		xbd_apply_config(d);
		control_set_group(d->ctl, &d->cfg);
		d->reload_err[0] = '\0';
		log_notice(LOGC_CONFIG, "configuration reloaded from %s",
		    d->config_path);
		xbd_kick(d);
	}
	sd_notify(0, "READY=1");
	if (d->ready)
		xbd_notify_status(d);
	return r;
}

static int
xbd_on_signal(sd_event_source *s, const struct signalfd_siginfo *si,
    void *arg)
{
	struct xbd *d = arg;
	char err[512];

	if (si->ssi_signo != SIGHUP) {
		log_notice(LOGC_GENERAL, "signal %u: exiting", si->ssi_signo);
		sd_notify(0, "STOPPING=1");
		return sd_event_exit(sd_event_source_get_event(s), 0);
	}
	(void)xbd_reload(d, err, sizeof(err));
	return 0;
}

/* What the control socket may ask of the daemon (control_ops.h). */
static const struct control_ops xbd_control_ops = {
	.kick = xbd_kick,
	.reload = xbd_reload,
	.plan_stats = xbd_plan_stats,
};

/* ---- start-up --------------------------------------------------------- */

static void __attribute__((noreturn))
xbd_usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: xenballoond [-dhnvV] [-f config] [--backend xen|sim] "
	    "[--socket path] [--state-dir dir] [--xl-config file]\n"
	    "  -d, --foreground   log to stderr (never forks either way)\n"
	    "  -h, --help         print this and exit\n"
	    "  -n, --check        check the configuration file and exit\n"
	    "  -v, --verbose      debug messages of every class\n"
	    "  -V, --version      print the version and exit\n");
	exit(code);
}

static void
xbd_options(struct xbd *d, int argc, char **argv, const char **sock,
    const char **state, const char **xlconf, bool *check, bool *fg,
    bool *verbose)
{
	static const struct option opts[] = {
		{ "config",	required_argument,	NULL, 'f' },
		{ "foreground",	no_argument,		NULL, 'd' },
		{ "check",	no_argument,		NULL, 'n' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "backend",	required_argument,	NULL, 'b' },
		{ "socket",	required_argument,	NULL, 's' },
		{ "state-dir",	required_argument,	NULL, 'S' },
		{ "xl-config",	required_argument,	NULL, 'X' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "f:dnvhV", opts, NULL)) != -1) {
		switch (c) {
		case 'f': d->config_path = optarg; break;
		case 'd': *fg = true; break;
		case 'n': *check = true; break;
		case 'v': *verbose = true; break;
		case 'b': d->backend = optarg; break;
		case 's': *sock = optarg; break;
		case 'S': *state = optarg; break;
		case 'X': *xlconf = optarg; break;
		case 'h': xbd_usage(0);
		case 'V':
			printf("xenballoond %s (control protocol %d)\n",
			    PACKAGE_VERSION, CONTROL_VERSION);
			exit(0);
		default: xbd_usage(2);
		}
	}
	if (optind != argc)
		xbd_usage(2);
	if (strcmp(d->backend, "xen") != 0 && strcmp(d->backend, "sim") != 0) {
		fprintf(stderr, "xenballoond: unknown backend '%s' (expected "
		    "xen or sim)\n", d->backend);
		exit(2);
	}
}

static int
xbd_setup_paths(struct xbd *d, const char *sock, const char *state)
{
	if (sock != NULL) {
		if (strlen(sock) >= sizeof(d->cfg.socket_path)) {
			log_errx("socket path too long: %s", sock);
			return -1;
		}
		snprintf(d->cfg.socket_path, sizeof(d->cfg.socket_path), "%s",
		    sock);
	}
	if (state != NULL)
		snprintf(d->cfg.state_dir, sizeof(d->cfg.state_dir), "%s",
		    state);
	if (mkdir(d->cfg.state_dir, 0700) == -1 && errno != EEXIST) {
		log_warn("mkdir %s", d->cfg.state_dir);
		return -1;
	}
	return 0;
}

/*
 * xl's autoballoon shrinks dom0 at "xl create" behind our back: say so.
 * "auto" (xl's default) is on unless dom0_mem= is on Xen's command line,
 * which we do not read: a warning if dom0 is ours, else a notice.
 */
static void
xbd_check_xl(const struct xbd *d, const char *path)
{
	struct xlconf xc;
	char err[512];
	int r = xlconf_read(path, &xc, err, sizeof(err));

	if (r < 0 && r != -ENOENT && r != -EINVAL) {
		log_warnx("xbd_check_xl: cannot read %s, autoballoon not "
		    "checked", err);
		return;
	}
	if (r == -EINVAL)
		log_warnx("xbd_check_xl: %s", err);
	if (xc.autoballoon == XLCONF_AB_OFF) {
		log_debug(LOGC_CONFIG, "%s: autoballoon is off", path);
		return;
	}
	if (xc.autoballoon == XLCONF_AB_ON) {
		log_warnx("%s: line %u: autoballoon is on: 'xl create' will "
		    "shrink dom0 behind xenballoond's back; set "
		    "autoballoon=\"off\"", path, xc.line);
		return;
	}
	log_msg(d->cfg.bounds.manage_dom0 ? LOG_WARNING : LOG_NOTICE,
	    LOGC_CONFIG,
	    "%s: autoballoon is auto%s: 'xl create' shrinks dom0 unless "
	    "dom0_mem= is on Xen's command line; set autoballoon=\"off\"",
	    path, r == -ENOENT ? " (no file: xl's default)" : xc.set ?
	    "" : " (xl's default)");
}

static int
xbd_setup_events(struct xbd *d)
{
	int r;

	if ((r = sd_event_default(&d->ev)) < 0 ||
	    (r = signals_setup(d->ev, xbd_on_signal, xbd_on_signal, d)) < 0 ||
	    (r = sd_event_add_time(d->ev, &d->timer, CLOCK_MONOTONIC, 0, 1000,
	    xbd_on_timer, d)) < 0 ||
	    (r = sd_event_set_watchdog(d->ev, true)) < 0) {
		log_errx("event loop: %s", strerror(-r));
		return -1;
	}
	sd_event_source_set_enabled(d->timer, SD_EVENT_OFF);
	return 0;
}

#define XBD_SETUP_RUNNING	(-2)	/* another daemon balances the host */

/* 0, XBD_SETUP_RUNNING, or -1 (reported). */
static int
xbd_setup_xen(struct xbd *d)
{
	struct xsc_opts xo = {
		.on_watch = xbd_on_watch, .on_conn = xbd_on_conn, .arg = d,
	};
	static const char *const watches[] = {
		"@introduceDomain", "@releaseDomain", "/local/domain",
	};
	int r;

	if ((d->xs = xsc_open(&xo)) == NULL) {
		log_warn("cannot connect to xenstore");
		return -1;
	}
	if ((r = xsc_attach_event(d->xs, d->ev, 0)) < 0) {
		log_errx("xenstore: %s", strerror(-r));
		return -1;
	}
	/* Before publish_init() wipes what the other one publishes. */
	if (instance_check_xenstore(d->xs) != 0)
		return XBD_SETUP_RUNNING;
	if ((d->hv = hv_open(d->backend, d->xs)) == NULL) {
		log_warn("cannot open the %s hypervisor backend", d->backend);
		return -1;
	}
	for (size_t i = 0; i < sizeof(watches) / sizeof(watches[0]); i++) {
		if ((r = xsc_watch(d->xs, watches[i], "xb")) < 0) {
			log_errx("xenstore watch %s: %s", watches[i],
			    strerror(-r));
			return -1;
		}
	}
	publish_init(d);
	return 0;
}

int
main(int argc, char **argv)
{
	static struct xbd xbd = {
		.config_path = CONFIG_PATH_DEFAULT, .backend = "xen",
	};
	struct xbd *d = &xbd;
	const char *sock = NULL, *state = NULL, *xlconf = XLCONF_PATH_DEFAULT;
	bool check = false, fg = false, verbose = false;
	char err[512];
	int r = 1;

	xbd_options(d, argc, argv, &sock, &state, &xlconf, &check, &fg,
	    &verbose);
	log_init("xenballoond", fg ? LOG_TARGET_STDERR : LOG_TARGET_AUTO);
	config_defaults(&d->cfg);
	if (config_load(&d->cfg, d->config_path,
	    d->config_path != (const char *)CONFIG_PATH_DEFAULT, err,
	    sizeof(err)) == -1) {
		log_errx("%s", err);
		return check ? 1 : 78;	/* EX_CONFIG */
	}
	if (check) {
		printf("%s: OK\n", d->config_path);
		return 0;
	}
	if (verbose) {
		d->cfg.log_level = LOG_DEBUG;
		d->cfg.log_classes = LOGC_ALL;
	}
	xbd_apply_config(d);
	if (xbd_setup_paths(d, sock, state) == -1)
		return 1;
	/*
	 * Another daemon's lock or live socket: refuse before anything is
	 * removed or published (publish_init() empties /tool/xenballoon, so
	 * xenstore comes last, once the socket is ours).
	 */
	if ((r = instance_lock(d->cfg.state_dir)) != 0 ||
	    (r = instance_check_socket(d->cfg.socket_path)) != 0) {
		instance_unlock();
		return r == INSTANCE_RUNNING ? XBD_EXIT_RUNNING : 1;
	}
	r = 1;
	xbd_check_xl(d, xlconf);
	if (d->cfg.bounds.manage_dom0 && d->cfg.bounds.dom0_min_kib == 0)
		log_notice(LOGC_CONFIG, "dom0 is managed without dom0-min: "
		    "its floor is %llu KiB", (unsigned long long)
		    BOUNDS_DOM0_MIN_KIB);
	if ((d->store = store_open(d->cfg.state_dir, err, sizeof(err))) ==
	    NULL) {
		log_errx("policy store: %s", err);
		instance_unlock();
		return 1;
	}
	resvtab_restore(d);
	if (xbd_setup_events(d) == -1 ||
	    (d->ctl = control_init(d, &xbd_control_ops)) == NULL)
		goto out;
	if ((r = xbd_setup_xen(d)) != 0) {
		r = r == XBD_SETUP_RUNNING ? XBD_EXIT_RUNNING : 1;
		goto out;
	}
	log_notice(LOGC_GENERAL, "started (backend %s, socket %s)",
	    d->backend, d->cfg.socket_path);
	xbd_arm(d, clock_mono_ms());
	r = sd_event_loop(d->ev) < 0 ? 1 : 0;
out:
	control_close(d->ctl);
	domain_free_all(&d->doms);
	xbd_work_free();
	hv_close(d->hv);
	xsc_close(d->xs);
	store_free(d->store);
	sd_event_source_unref(d->timer);
	sd_event_unref(d->ev);
	instance_unlock();
	return r;
}
