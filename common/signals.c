/*
 * signals.c - see signals.h.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>

#include "signals.h"

int
signals_setup(sd_event *e, sd_event_signal_handler_t term,
    sd_event_signal_handler_t hup, void *arg)
{
	/* sd-event's default handler exits with its userdata as the code. */
	void *targ = term != NULL ? arg : NULL;
	sigset_t ss;
	int r;

	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigaddset(&ss, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &ss, NULL) == -1)
		return -errno;
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if ((r = sd_event_add_signal(e, NULL, SIGTERM, term, targ)) < 0 ||
	    (r = sd_event_add_signal(e, NULL, SIGINT, term, targ)) < 0 ||
	    (r = sd_event_add_signal(e, NULL, SIGHUP, hup, arg)) < 0)
		return r;
	return 0;
}
