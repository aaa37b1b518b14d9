/*
 * signals.h - the signals xenballoond and xenballoon-agent take, the one
 * way: as events of their sd-event loop.
 */
#ifndef XB_SIGNALS_H
#define XB_SIGNALS_H

#include <systemd/sd-event.h>

/*
 * Block SIGTERM, SIGINT and SIGHUP and serve them from e: term for the
 * first two (NULL: sd-event's default, which ends the loop with 0), hup
 * for SIGHUP.  SIGPIPE and SIGXFSZ are ignored, so that a closed socket
 * or a full disk fails a write rather than killing the process.
 * Returns 0 or a negative errno.
 */
int	signals_setup(sd_event *e, sd_event_signal_handler_t term,
	    sd_event_signal_handler_t hup, void *arg);

#endif
