/*
 * control.h - the control protocol, defined once for both sides of the
 * socket (as chrony's candm.h and OpenBSD vmctl's ctl_commands[]): the
 * commands with their arity and usage, every JSON member name, the
 * ranges, the error codes and the exit codes.  xenballoond (request.c,
 * control.c), xenballoonctl, xenballoon-metrics, the bash completion
 * (through "xenballoonctl --help --json") and the manual-page check
 * (tests/unit/test-control --doc) all read it from here.
 *
 * Protocol: a client sends one JSON object terminated by '\n' and reads
 * one JSON object terminated by '\n' in reply, then may send the next.
 * A request names its command in "cmd"; a reply always carries "ok"
 * (true or false), "version" (CONTROL_VERSION) and, when false, "error"
 * (a sentence for a human) and "code" (one of the CONTROL_E* strings
 * below, for scripts).
 *
 * Units are in the member's name: _kib KiB, _kibps KiB per second (as
 * the xenstore keys spell it: data/memory/swap-in-kibps), _ms and _us
 * milliseconds and microseconds; psi_* are percentages.
 *
 * Versions:
 *   1	xenballoon 0.1.0, replies without "version".
 *   2	"version" in every reply; the guest's rates are *_kibps (were
 *	*_kib_s) and its meminfo figures mem_total_kib and
 *	mem_available_kib (were meminfo_total_kib, meminfo_free_kib: the
 *	figure is MemAvailable); set, target and unpin answer with the
 *	domain as it now stands; show's held_kib is committed_kib (the
 *	domain's part of the host's committed_kib; "held" is a
 *	reservation's state).
 */
#ifndef XB_CONTROL_H
#define XB_CONTROL_H

#include <stddef.h>
#include <stdint.h>

#define CONTROL_VERSION		2

#define CONTROL_SOCKET_DEFAULT	RUNSTATEDIR "/xenballoon/xenballoond.sock"

/* A request larger than this is refused and the client disconnected. */
#define CONTROL_REQUEST_MAX	4096
/* A client that does not read its replies loses its connection. */
#define CONTROL_REPLY_MAX	(4u << 20)
#define CONTROL_CLIENTS_MAX	32

/* Share weights: 1 to this; the planner clamps to the same range. */
#define CONTROL_WEIGHT_MAX	10000u

/* policy's actions (its CM(ACTION) member), as the command line words. */
#define CONTROL_POLICY_EXPORT	"export"
#define CONTROL_POLICY_IMPORT	"import"

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

/*
 * The commands: X(ID, name, cli, min, max, usage, help).  cli is 0 for
 * a command only xenballoonctl itself sends (reserve polls reservation);
 * min and max count its command-line words after the name (-1: any),
 * options not included; usage is the synopsis as xenballoonctl(8)
 * prints it.  A new command is a row here, a decoder in request.c and a
 * handler in control.c and xenballoonctl.c.
 */
#define CONTROL_COMMANDS(X)						\
	X(STATUS, "status", 1, 0, 0, "status",				\
	    "all domains, host and reservations")			\
	X(SHOW, "show", 1, 1, 1, "show DOM",				\
	    "one domain in detail")					\
	X(SET, "set", 1, 2, 4, "set DOM key=value...",			\
	    "min=SIZE max=SIZE weight=N")				\
	X(TARGET, "target", 1, 2, 2, "target DOM SIZE",		\
	    "pin DOM's target")						\
	X(UNPIN, "unpin", 1, 1, 1, "unpin DOM",			\
	    "let the planner choose again")				\
	X(RESERVE, "reserve", 1, 0, -1,					\
	    "reserve SIZE [--domain DOM] | --for CONFIG [KEY=VALUE...] | "	\
	    "--for-saved FILE | --for-libvirt XML [--timeout DURATION] "	\
	    "[--dry-run]",						\
	    "free memory and hold it, for a domain to come; prints its ID") \
	X(RESERVATION, "reservation", 0, 1, 1, "reservation ID",	\
	    "one reservation")						\
	X(RELEASE, "release", 1, 1, 1, "release ID",			\
	    "give a reservation back")					\
	X(REBALANCE, "rebalance", 1, 0, 0, "rebalance",		\
	    "plan now")							\
	X(LOG, "log", 1, 0, -1, "log [+CLASS|-CLASS|CLASS,...]",	\
	    "show or change log classes")				\
	X(RELOAD, "reload", 1, 0, 0, "reload",				\
	    "re-read the configuration; fails if refused")		\
	X(HISTORY, "history", 1, 0, 1, "history [DOM]",		\
	    "recent target changes and their reasons")			\
	X(UNSET, "unset", 1, 2, 4, "unset DOM key...",			\
	    "min max weight: back to the default")			\
	X(POLICY, "policy", 1, 1, 2, "policy export | import FILE|-",	\
	    "every stored policy as JSON, or store those of a file")

enum request_cmd {
#define CONTROL_X_ENUM(id, ...)	REQUEST_##id,
	CONTROL_COMMANDS(CONTROL_X_ENUM)
#undef CONTROL_X_ENUM
	REQUEST_NCMDS
};

struct control_cmd {
	const char	*name;
	int		 cli;
	int		 min, max;
	const char	*usage;
	const char	*help;
};

extern const struct control_cmd	control_cmds[REQUEST_NCMDS];

/* The row named name, or -1. */
int	control_cmd_find(const char *name);

/*
 * Every member name of a request or a reply, once: X(ID, "name").  The
 * same name in two objects (target_kib in a domain and in its balloon)
 * is the same kind of figure.  CM(ID) is the name.
 */
#define CONTROL_MEMBERS(X)						\
	/* requests */							\
	X(CMD, "cmd")							\
	X(DOMAIN, "domain")		/* and show's reply */	\
	X(MIN_KIB, "min_kib")						\
	X(MAX_KIB, "max_kib")						\
	X(WEIGHT, "weight")						\
	X(TARGET_KIB, "target_kib")					\
	X(SIZE_KIB, "size_kib")						\
	X(TIMEOUT_MS, "timeout_ms")					\
	X(FOR, "for")			/* and a reservation's */ \
	X(ID, "id")							\
	X(CLASSES, "classes")		/* and log's reply */	\
	/* every reply */						\
	X(OK, "ok")							\
	X(VERSION, "version")						\
	X(ERROR, "error")						\
	X(CODE, "code")							\
	/* status */							\
	X(HOST, "host")							\
	X(DAEMON, "daemon")						\
	X(DOMAINS, "domains")						\
	X(RESERVATIONS, "reservations")					\
	X(RESERVATION, "reservation")					\
	/* host */							\
	X(TOTAL_KIB, "total_kib")					\
	X(FREE_KIB, "free_kib")						\
	X(RESERVED_KIB, "reserved_kib")					\
	X(SLACK_KIB, "slack_kib")					\
	X(BUDGET_KIB, "budget_kib")					\
	X(COMMITTED_KIB, "committed_kib")	/* and a domain's part */ \
	X(DEFICIT_KIB, "deficit_kib")					\
	X(UNMET_KIB, "unmet_kib")					\
	X(STUCK, "stuck")						\
	X(BACKEND, "backend")						\
	X(ROUNDS, "rounds")						\
	/* daemon */							\
	X(PLANS, "plans")						\
	X(PLAN_ERRORS, "plan_errors")					\
	X(WATCH_EVENTS, "watch_events")					\
	X(PLAN_US_LAST, "plan_us_last")					\
	X(PLAN_US_P50, "plan_us_p50")					\
	X(PLAN_US_P99, "plan_us_p99")					\
	X(PLAN_US_MAX, "plan_us_max")					\
	/* a domain */							\
	X(DOMID, "domid")						\
	X(UUID, "uuid")							\
	X(NAME, "name")			/* an interface's too */ \
	X(ACTUAL_KIB, "actual_kib")					\
	X(MAXMEM_KIB, "maxmem_kib")					\
	X(MANAGED, "managed")						\
	X(HV_STATE, "hv_state")						\
	X(PINNED_KIB, "pinned_kib")					\
	X(STATE, "state")		/* planner, balloon, resv */	\
	X(REASON, "reason")						\
	X(PRESSURE, "pressure")						\
	X(GUEST, "guest")						\
	X(NET, "net")							\
	X(STATIC_MAX_KIB, "static_max_kib")				\
	X(VIDEORAM_KIB, "videoram_kib")					\
	X(DEMAND_KIB, "demand_kib")					\
	X(GUARD_KIB, "guard_kib")					\
	X(GAP_KIB, "gap_kib")						\
	X(MOVED_KIB, "moved_kib")					\
	X(WINDOW_MS, "window_ms")					\
	X(STRIKES, "strikes")						\
	X(MOVED_TOTAL_KIB, "moved_total_kib")				\
	X(GROW_KIBPS, "grow_kibps")					\
	X(GROW_LIMITED, "grow_limited")					\
	X(SHRINK_KIBPS, "shrink_kibps")					\
	X(STARVED_MS, "starved_ms")					\
	X(STARVE_SPELLS, "starve_spells")				\
	/* a domain's guest */						\
	X(MEM_TOTAL_KIB, "mem_total_kib")				\
	X(MEM_AVAILABLE_KIB, "mem_available_kib")			\
	X(PSI_SOME_AVG10, "psi_some_avg10")				\
	X(PSI_FULL_AVG10, "psi_full_avg10")				\
	X(SWAP_IN_KIBPS, "swap_in_kibps")				\
	X(SWAP_OUT_KIBPS, "swap_out_kibps")				\
	X(OOM_KILLS, "oom_kills")					\
	X(REFAULT_KIBPS, "refault_kibps")				\
	X(SWAPPED_KIB, "swapped_kib")					\
	X(SWAP_TOTAL_KIB, "swap_total_kib")				\
	X(ACTIVE_FILE_KIB, "active_file_kib")				\
	X(BALLOON, "balloon")						\
	X(BAD_VALUES, "bad_values")					\
	X(READS, "reads")						\
	X(KICKS, "kicks")						\
	/* its balloon driver (target_kib, state as above) */		\
	X(CURRENT_KIB, "current_kib")					\
	X(RETRIES, "retries")						\
	X(LAST_ERROR, "last_error")					\
	/* its interfaces (name as above) */				\
	X(DEVID, "devid")						\
	X(MAC, "mac")							\
	X(OPERSTATE, "operstate")					\
	X(CARRIER, "carrier")						\
	X(MTU, "mtu")							\
	X(IPV4, "ipv4")							\
	X(IPV6, "ipv6")							\
	/* a reservation (id, size_kib, state, reason, for, domid as	\
	 * above) */							\
	X(ASKS_KIB, "asks_kib")						\
	X(UNREACHABLE_KIB, "unreachable_kib")				\
	X(REFUSED_DOMIDS, "refused_domids")				\
	/* history: per domain (domid, uuid, name, reason, pressure	\
	 * as above) */							\
	X(HISTORY, "history")						\
	X(CHANGES, "changes")		/* ever made; history keeps	\
					   the last ones */		\
	X(TIME_S, "time_s")		/* wall clock, Unix seconds */	\
	X(OLD_KIB, "old_kib")						\
	X(NEW_KIB, "new_kib")						\
	/* unset, policy and show's policy_keys */			\
	X(KEYS, "keys")			/* unset's: min_kib, ... */	\
	X(ACTION, "action")		/* policy's: export, import */	\
	X(POLICIES, "policies")		/* key -> { min_kib, max_kib,	\
					   weight, pinned_kib } */	\
	X(POLICY_KEYS, "policy_keys")	/* "name:N", "uuid:U" */	\
	/* xenballoonctl --help --json (name as above) */		\
	X(COMMANDS, "commands")						\
	X(USAGE, "usage")						\
	X(HELP, "help")							\
	X(OPTIONS, "options")						\
	X(SET_KEYS, "set_keys")						\
	X(LOG_CLASSES, "log_classes")

enum control_member {
#define CONTROL_X_ENUM(id, name)	CM_##id,
	CONTROL_MEMBERS(CONTROL_X_ENUM)
#undef CONTROL_X_ENUM
	CM_COUNT
};

extern const char *const	control_members[CM_COUNT];

#define CM(id)		(control_members[CM_##id])

#endif
