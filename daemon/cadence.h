/*
 * cadence.h - when xenballoond plans: its timers' defaults, in one place
 * for config.c, the event loop and the policy benchmark (which runs the
 * planner at the daemon's own cadence, not at one of its own).
 */
#ifndef XB_CADENCE_H
#define XB_CADENCE_H

/* A round at least this often; every XBD_BUSY_INTERVAL_MS while domains
 * move; XBD_SETTLE_MS_DEFAULT after an event; a guest's keys are read
 * at most every XBD_GUEST_READ_MS_DEFAULT. */
#define XBD_INTERVAL_MS_DEFAULT		5000
#define XBD_BUSY_INTERVAL_MS		1000
#define XBD_SETTLE_MS_DEFAULT		200
#define XBD_GUEST_READ_MS_DEFAULT	1000

#endif /* XB_CADENCE_H */
