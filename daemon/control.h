/*
 * control.h - the control socket shared by xenballoond and xenballoonctl
 * (as ntpd.h is shared by ntpd and ntpctl).
 *
 * Protocol: a client sends one JSON object terminated by '\n' and reads
 * one JSON object terminated by '\n' in reply, then may send the next.
 * A request names its command in "cmd"; a reply always carries "ok"
 * (true or false) and, when false, "error" (a sentence for a human) and
 * "code" (one of the CONTROL_E* strings below, for scripts).
 */
#ifndef XB_CONTROL_H
#define XB_CONTROL_H

#include <stddef.h>
#include <stdint.h>

#define CONTROL_SOCKET_DEFAULT	RUNSTATEDIR "/xenballoon/xenballoond.sock"

/* A request larger than this is refused and the client disconnected. */
#define CONTROL_REQUEST_MAX	4096
/* A client that does not read its replies loses its connection. */
#define CONTROL_REPLY_MAX	(4u << 20)
#define CONTROL_CLIENTS_MAX	32

/* Error codes in replies. */
#define CONTROL_EBADREQ		"bad-request"
#define CONTROL_ENODOM		"no-such-domain"
#define CONTROL_EINVAL		"invalid-value"
#define CONTROL_ENORES		"no-such-reservation"
#define CONTROL_EPERM		"permission-denied"
#define CONTROL_EBUSY		"busy"

/* xenballoonctl exit codes (documented in xenballoonctl(8)). */
enum ctl_exit {
	CTL_EXIT_OK = 0,
	CTL_EXIT_FAIL = 1,	/* the daemon refused or the operation failed */
	CTL_EXIT_USAGE = 2,	/* bad command line */
	CTL_EXIT_CONNECT = 3,	/* cannot reach the daemon (or not allowed) */
	CTL_EXIT_TIMEOUT = 4,	/* a reservation was not satisfied in time */
};

#endif
