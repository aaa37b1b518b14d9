/*
 * control_ops.h - the control socket (control.c) as the daemon sees it,
 * and the daemon as the control socket sees it.
 *
 * As OpenBSD's daemons keep their control socket apart from the engine,
 * control.c never calls into xenballoond.c: it reads the daemon's tables
 * (domains, reservations, the last round's figures, the store) through
 * the struct xbd it was given, changes them through their modules
 * (policy.c, resvtab.c), and plans or reloads only through the
 * operations below, which xenballoond.c fills in.  Its own state
 * (listening socket, clients) is a struct control the daemon holds.  The
 * protocol itself is in common/control.h.
 */
#ifndef XB_CONTROL_OPS_H
#define XB_CONTROL_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xbd.h"

struct xbd_plan_stats {
	uint64_t	n;			/* plans made since start */
	uint32_t	last_us, p50_us, p99_us, max_us;	/* of the last
						   XBD_PLAN_SAMPLES */
};

struct control_ops {
	/* Plan again soon: after settle. */
	void	(*kick)(struct xbd *d);
	/* Re-read the configuration file: 0, or -1 with the reason in err
	 * and the running configuration kept. */
	int	(*reload)(struct xbd *d, char *err, size_t errlen);
	/* The planner's own time, for the status reply. */
	void	(*plan_stats)(const struct xbd *d, struct xbd_plan_stats *st);
};

struct control;

/* Listen on d->cfg.socket_path; NULL on failure (logged). */
struct control	*control_init(struct xbd *d, const struct control_ops *ops);
/* Hang up on every client, remove the socket; ctl may be NULL. */
void		 control_close(struct control *ctl);
/* Give the socket to the configured control group (root's when none). */
void		 control_set_group(struct control *ctl, const struct config *c);
/* Drop clients idle for too long. */
void		 control_sweep(struct control *ctl, uint64_t now_ms);

#endif
