/*
 * cadence.h - when xenballoond plans: its timers' defaults, in one place
 * for config.c, the event loop and the policy benchmark (which runs the
 * planner at the daemon's own cadence, not at one of its own).
 */
#ifndef XB_CADENCE_H
#define XB_CADENCE_H

#define XBD_INTERVAL_MS_DEFAULT		5000	/* a round at least this often */
#define XBD_BUSY_INTERVAL_MS		1000	/* ... this often while domains move */
#define XBD_SETTLE_MS_DEFAULT		200	/* a round this long after an event */
#define XBD_GUEST_READ_MS_DEFAULT	1000	/* a guest's keys read at most this often */

#endif /* XB_CADENCE_H */
