/*
 * xbd.h - the daemon's state (struct xbd) and the files that work on it,
 * one section per file (as ntpd.h): config.c, store.c, domain.c,
 * policy.c, resvtab.c, act.c, publish.c, xlconf.c, instance.c.
 * control.c's are in control_ops.h, which includes this file; this file
 * knows the control socket only as the opaque struct control the daemon
 * holds.
 *
 * xenballoond.c is main and the wiring: it declares nothing here, and no
 * file calls into it.  What a module needs of it (plan again soon) is
 * either its caller's to do or an operation in control_ops.h.
 */
#ifndef XB_XBD_H
#define XB_XBD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <systemd/sd-event.h>

#include "bounds.h"
#include "history.h"
#include "hv.h"
#include "kick.h"
#include "log.h"
#include "planner.h"
#include "resv.h"
#include "round.h"
#include "xskeys.h"

struct xsc;
struct control;

#define CONFIG_PATH_DEFAULT	SYSCONFDIR "/xenballoon/xenballoond.conf"
#define CONFIG_STATE_DIR_DEFAULT LOCALSTATEDIR "/lib/xenballoon"

struct config {
	char		socket_path[108];	/* sun_path */
	char		state_dir[PATH_MAX];
	char		control_group[64];	/* "" = root only */
	gid_t		control_gid;
	bool		have_control_gid;

	uint64_t	slack_kib;		/* kept free on the host */
	uint64_t	interval_ms;		/* periodic rebalance */
	uint64_t	settle_ms;		/* delay after an event */
	uint64_t	stuck_ms;		/* no progress for this long */
	uint64_t	probation_ms;		/* first hold-off once stuck */
	uint64_t	guest_read_ms;		/* min gap between guest reads */
	uint64_t	reservation_hold_ms;	/* held reservations expire */

	struct bounds_config bounds;		/* default-*, dom0-* */

	unsigned int	log_classes;
	int		log_level;
};

void	config_defaults(struct config *c);

/*
 * Read path over c (defaults already set).  A missing file is fine when
 * !must_exist.  On error returns -1 with "path:line: reason" in err and
 * leaves c untouched, so a bad SIGHUP reload keeps the running config.
 */
int	config_load(struct config *c, const char *path, bool must_exist,
	    char *err, size_t errlen);

/* ---- store.c: admin policy persisted under state-dir ------------------ */

/* A reservation as persisted: deadlines in CLOCK_REALTIME ms so they
 * survive a restart (monotonic clocks do not). */
struct store_res {
	uint64_t	id;
	uint64_t	size_kib;
	uint64_t	deadline_rt_ms;	/* fail if not held by then */
	uint64_t	expire_rt_ms;	/* held until then at most */
	bool		held;
	char		for_text[DOMNAME_MAX + 1];	/* "": for no domain */
	bool		bound;		/* to this domain: */
	uint32_t	domid;
	uint8_t		uuid[16];
};

/* The fields unset takes back to their defaults (store_unset); a pin
 * has unpin. */
#define POLICY_F_MIN		(1u << 0)
#define POLICY_F_MAX		(1u << 1)
#define POLICY_F_WEIGHT		(1u << 2)

#define STORE_FILE		"policy.json"
#define STORE_MAX_ENTRIES	4096
#define STORE_MAX_BYTES		(4u << 20)
/* An entry's key: "uuid:" and a UUID, or "name:" and a domain name. */
#define STORE_KEY_MAX		(5 + DOMNAME_MAX)

struct store;

/* Load dir/policy.json (a missing file is an empty store).  A corrupt
 * file is refused with the reason in err (and left for the admin). */
struct store	*store_open(const char *dir, char *err, size_t errlen);
void		 store_free(struct store *s);
/* Policy for a domain: the UUID entry wins over the name entry. */
void		 store_lookup(const struct store *s, const uint8_t uuid[16],
		    const char *name, struct policy *out);
/* Record policy under "uuid:..." or "name:..." (by_name), in memory
 * until store_save(). */
int		 store_put(struct store *s, const uint8_t uuid[16],
		    const char *name, bool by_name, const struct policy *p);
/* The same under a key of that form (the caller checked it); an empty
 * policy removes the entry. */
int		 store_put_key(struct store *s, const char *key,
		    const struct policy *p);
/* Take fields (POLICY_F_*) out of both of a domain's entries, its UUID's
 * and its name's, so that neither brings a value back. */
int		 store_unset(struct store *s, const uint8_t uuid[16],
		    const char *name, unsigned int fields);
/* The keys of the entries that apply to a domain, name's first: 0-2. */
size_t		 store_keys(const struct store *s, const uint8_t uuid[16],
		    const char *name, char keys[2][STORE_KEY_MAX + 1]);
/* Every entry, as the store keys it. */
void		 store_each(const struct store *s, void (*fn)(const char *,
		    const struct policy *, void *), void *arg);
/* Undo every change since the last save (one found not to fit). */
void		 store_discard(struct store *s);
int		 store_set_reservations(struct store *s,
		    const struct store_res *r, size_t n);
size_t		 store_get_reservations(const struct store *s,
		    struct store_res *r, size_t max);
uint64_t	 store_next_res_id(const struct store *s);
/* Write the file atomically (temp + fsync + rename + fsync dir); on any
 * failure the previous file is intact, every change made since the last
 * good save is undone in memory too, and -errno is returned. */
int		 store_save(struct store *s);
void		 policy_clear(struct policy *p);


/* ---- domain.c: the domain table, keyed by UUID ------------------------ */

#define DOM_KIB_MAX		XSK_KIB_MAX	/* bound for any size */

/* Sized from the key table's bounds (common/xskeys.c): the reader keeps
 * whatever the writer may write.  Addresses fill the first slots. */
struct dom_vif {
	uint32_t	devid;
	char		name[XSK_IFNAME_MAX + 1];
	char		mac[XSK_MAC_MAX + 1];
	char		operstate[XSK_OPERSTATE_MAX + 1];
	int		carrier;		/* -1 unknown */
	uint32_t	mtu;			/* 0 unknown */
	char		ipv4[XSK_ADDRS_MAX][XSK_IPV4_MAX + 1];
	char		ipv6[XSK_ADDRS_MAX][XSK_IPV6_MAX + 1];
};

/* What a (patched) balloon driver reports under data/balloon/. */
struct dom_balloon {
	bool		present;
	uint64_t	target_kib;
	uint64_t	current_kib;
	uint64_t	retries;
	bool		has_state;
	enum xsk_bstate	state;
	char		last_error[XSK_ERRNAME_MAX + 1];
};

/* What publish.c last wrote, so only changes cost a xenstore write. */
struct dom_pub {
	bool		valid;
	uint64_t	target, actual, gap, moved, demand, min, max;
	uint64_t	dmin, dmax;
	enum plan_state	state;
	const char	*reason;
	bool		uncooperative;
	char		name[DOMNAME_MAX + 1];
};

struct dom {
	uint8_t			uuid[16];
	uint32_t		domid;
	char			name[DOMNAME_MAX + 1];
	uint64_t		seen_round;
	struct hv_dom		hv;
	bool			managed;
	bool			have_static_max;
	uint64_t		static_max_kib;
	uint64_t		videoram_kib;
	uint64_t		target_kib;	/* memory/target + videoram */
	bool			have_target;
	bool			target_dirty;	/* memory/target changed */
	bool			name_dirty;	/* its name changed */
	bool			was_starting;	/* last round's hv state */
	struct policy		pol;		/* admin; PLAN_NONE = unset */

	struct plan_hints	hints;
	struct round_memo	memo;		/* last decision, history */

	struct dom_balloon	balloon;
	struct dom_vif		*vifs;		/* nvifs of them */
	unsigned int		nvifs, vifs_cap;

	bool			dirty;		/* guest wrote something */
	uint64_t		read_ms;	/* last read of guest keys */
	uint64_t		read_tat;	/* its read bucket (cadence.h) */
	unsigned int		bad_values;	/* malformed keys seen */
	uint64_t		guest_reads;	/* times its keys were read */
	struct kick_state	kick;		/* kick.h */
	struct history		changes;	/* its last target changes */
	struct log_ratelimit	rl;
	struct dom_pub		pub;
};

struct domtab {
	struct dom	**v;
	size_t		  n, cap;
};

struct dom	*domain_find_uuid(struct domtab *t, const uint8_t uuid[16]);
struct dom	*domain_find_domid(struct domtab *t, uint32_t domid);
/* Resolve an admin's reference (domid, UUID or name). */
struct dom	*domain_find_ref(struct domtab *t, const struct domref *ref);
struct dom	*domain_add(struct domtab *t, const struct hv_dom *hv);
void		 domain_remove(struct domtab *t, size_t i);
void		 domain_free_all(struct domtab *t);
/* A watch fired on path: mark the domain whose guest keys changed.
 * Returns the domain, or NULL if the path is not a guest key. */
struct dom	*domain_watch_path(struct domtab *t, const char *path);
/* What the bounds rules need of d, and the bounds they give it under
 * its policy (bounds.h; for planning, show and publish). */
struct bounds_dom domain_bounds_dom(const struct dom *d);
void		 domain_bounds(const struct dom *d,
		    const struct bounds_config *c, uint64_t *lo, uint64_t *hi);
/* Read memory/static-max and memory/videoram (dom0-written). */
void		 domain_read_static(struct dom *d, struct xsc *xs);
/* Read memory/target (dom0-written; a toolstack may change it). */
void		 domain_read_target(struct dom *d, struct xsc *xs);
/* Read the guest-written keys: every value strictly parsed, bounded;
 * a bad one is ignored and reported (rate-limited, per domain). */
void		 domain_read_guest(struct dom *d, struct xsc *xs,
		    uint64_t now_ms);

/* ---- struct xbd: the daemon's state, set up by xenballoond.c -------- */

#define XBD_PLAN_SAMPLES	1024

/* What publish.c last wrote of the host and the reservations. */
#define PUBLISH_HOST_KEYS	6	/* total ... deficit (publish_host) */
struct host_pub {
	bool		valid;		/* false: write it all again */
	uint64_t	host[PUBLISH_HOST_KEYS];
	size_t		nres;
	uint64_t	res_sig;	/* of the reservations' IDs and states */
};

struct xbd {
	struct config		 cfg;
	const char		*config_path;
	const char		*backend;
	sd_event		*ev;
	struct xsc		*xs;
	struct hv		*hv;
	struct store		*store;
	struct control		*ctl;		/* the control socket's */
	struct plan_config	 pcfg;
	struct kick_config	 kcfg;
	struct domtab		 doms;
	struct resv		 res[PLAN_MAX_RESERVATIONS];
	size_t			 nres;
	bool			 res_unsaved;	/* the file is behind res: a
						   save failed, tried again
						   each round */

	struct hv_host		 host;
	struct round_totals	 totals;	/* the last plan's, round.h */
	bool			 kicked;	/* a lowered target is due back */
	uint64_t		 round;
	uint64_t		 free_before_kib; /* free read before the domains */
	uint64_t		 plan_errors;
	/* The planner's own time (plan and check, no I/O), last rounds. */
	uint32_t		 plan_us[XBD_PLAN_SAMPLES];
	uint64_t		 plans;
	uint64_t		 events;	/* xenstore watch events handled */
	struct host_pub		 pub;		/* publish.c's */

	sd_event_source		*timer;
	uint64_t		 timer_at;	/* monotonic usec */
	bool			 ready;
	char			 status[384];
	/* Why the last reload was refused; "" once one succeeds. */
	char			 reload_err[256];
};

/* ---- policy.c: an admin's policy checked, saved and applied ---------- */

/* Each that returns 0 has changed a domain's policy: the caller plans
 * again (control_ops.h's kick). */

/*
 * Whether the floors fit (bounds_fit_verdict) if dom's policy were p,
 * with the last round's budget, the slack and what is committed to the
 * domains not managed (dom0 unless manage-dom0); the figures are in fit.
 */
int		 policy_fits(const struct xbd *d, const struct dom *dom,
		    const struct policy *p, struct bounds_fit *fit);
/* Persist p as dom's whole policy (by_name: under its name, and its
 * UUID's entry if it has one), then apply it: 0 or the save's -errno. */
int		 policy_set(struct xbd *d, struct dom *dom, bool by_name,
		    const struct policy *p);
/*
 * Take fields (POLICY_F_*) out of dom's stored policy, back to the
 * defaults, or store n policies under their keys (an empty one removes
 * its entry; the others are kept).  Each is whole or nothing: 0 when
 * saved and applied; 1 when the mins and pins would not fit (as
 * policy_fits, figures in fit) or a -errno (the save's), and then
 * nothing changed, in memory or on disk.
 */
int		 policy_unset(struct xbd *d, struct dom *dom,
		    unsigned int fields, struct bounds_fit *fit);
int		 policy_import(struct xbd *d,
		    const char (*keys)[STORE_KEY_MAX + 1],
		    const struct policy *pols, size_t n,
		    struct bounds_fit *fit);

/* ---- resvtab.c: the daemon's reservations (one is resv.h's) ---------- */

/* A reservation made, released or cancelled wants a round soon: the
 * caller plans again (control_ops.h's kick). */

/* for_ may be NULL (for no domain); owner as in struct resv. */
struct resv	*resvtab_reserve(struct xbd *d, uint64_t size_kib,
		    uint64_t timeout_ms, const struct resv_for *for_,
		    const char *for_text, uint64_t owner, const char **err);
/* Control client owner has gone: its pending reservations are
 * cancelled (and saved, or saved later: res_unsaved), the others are no
 * longer its.  Whether any was cancelled. */
bool		 resvtab_orphan(struct xbd *d, uint64_t owner);
struct resv	*resvtab_find(struct xbd *d, uint64_t id);
/* 0; 1 when there is no such reservation; or the save's -errno (then
 * the reservation stays: a missing state directory is -ENOENT too). */
int		 resvtab_release(struct xbd *d, uint64_t id);
/* Save the open ones: 0 or a negative errno, logged once, and
 * res_unsaved set until a save succeeds. */
int		 resvtab_persist(struct xbd *d);
/* At start-up: the saved ones, deadlines moved to the monotonic clock. */
void		 resvtab_restore(struct xbd *d);
/* Each returns whether the saved state changed (then persist). */
bool		 resvtab_expire(struct xbd *d, uint64_t now);
bool		 resvtab_follow(struct xbd *d, uint64_t now);
/* The planner's outcome for each, in d->res order; saves on a change. */
void		 resvtab_take(struct xbd *d, const struct plan_output *out,
		    uint64_t now);
/* Whether any still waits for the planner (plan again soon). */
bool		 resvtab_pending(const struct xbd *d);

/* ---- act.c: apply the planner's actions in order ---------------------- */

/* Returns the number applied; stops at the first failure. */
size_t		 act_apply(struct xbd *d, struct dom **byindex,
		    const struct plan_output *out);
/* Wake the driver of a domain stalled short of its target while memory is
 * free for it (kick.h).  True while a write is due next round. */
bool		 act_kick(struct xbd *d, struct dom *dom, uint64_t now_ms);

/* ---- publish.c: /tool/xenballoon and memory/dynamic-* ----------------- */

#define PUBLISH_ROOT	XSK_TOOL_ROOT

int		 publish_init(struct xbd *d);
void		 publish_domain(struct xbd *d, struct dom *dom);
void		 publish_forget(struct xbd *d, struct dom *dom);
void		 publish_host(struct xbd *d);

/* ---- xlconf.c: autoballoon in xl's own configuration ----------------- */

#define XLCONF_PATH_DEFAULT	"/etc/xen/xl.conf"

enum xlconf_autoballoon {
	XLCONF_AB_OFF,
	XLCONF_AB_ON,
	XLCONF_AB_AUTO,		/* on unless Xen has dom0_mem= */
};

struct xlconf {
	enum xlconf_autoballoon	autoballoon;	/* auto unless set */
	bool			set;		/* the file sets it */
	unsigned int		line;		/* where (the last) */
};

/* A whole xl.conf: 0, or -1 with "line N: reason" in err (autoballoon
 * is then auto, as xl takes a value it does not know). */
int		 xlconf_parse(const char *text, struct xlconf *out,
		    char *err, size_t errlen);
/* Read and parse path: 0, -ENOENT (no file: xl's defaults), -EINVAL
 * (see xlconf_parse) or another -errno, with "path: reason" in err. */
int		 xlconf_read(const char *path, struct xlconf *out, char *err,
		    size_t errlen);
const char	*xlconf_autoballoon_name(enum xlconf_autoballoon ab);

/* ---- instance.c: one daemon per host --------------------------------- */

#define INSTANCE_LOCK_FILE	"xenballoond.lock"
#define INSTANCE_RUNNING	1	/* another daemon runs (reported) */
#define XBD_EXIT_RUNNING	3	/* exit status: another daemon runs */

/* Lock dir/xenballoond.lock for the process's life: 0, INSTANCE_RUNNING
 * (another daemon holds it, its pid logged) or -1 (logged). */
int		 instance_lock(const char *dir);
/* A live control socket at path is another daemon's: INSTANCE_RUNNING
 * (its pid logged); a stale one is removed: 0; -1 on error (logged). */
int		 instance_check_socket(const char *path);
void		 instance_unlock(void);
/* A live xenballoond named by /tool/xenballoon/host/pid balances this
 * host already: INSTANCE_RUNNING (reported), else 0. */
int		 instance_check_xenstore(struct xsc *xs);

#endif
