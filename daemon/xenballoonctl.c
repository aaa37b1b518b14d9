/*
 * xenballoonctl - the admin's view of xenballoond, through its control
 * socket (as ntpctl is to ntpd).
 *
 * Every argument is checked here first, so a typo is answered with what
 * was wrong and what is accepted without bothering the daemon; the daemon
 * checks again, as it must not trust its clients either.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "control.h"
#include "log.h"
#include "parse.h"
#include "xlneed.h"

#define CTL_WEIGHT_MAX		10000
#define CTL_IO_TIMEOUT_MS	30000	/* a busy dom0 (the QEMU lab) needs more than 10 s */
#define CTL_POLL_MS		100
#define CTL_RESERVE_TIMEOUT_DEFAULT_MS	30000

static const char	*ctl_socket = CONTROL_SOCKET_DEFAULT;
static bool		 ctl_json;
static int		 ctl_fd = -1;

static void __attribute__((noreturn))
ctl_usage_exit(void)
{
	fprintf(stderr,
	    "usage: xenballoonctl [-s socket] [--json] command [arguments]\n"
	    "commands:\n"
	    "  status                     all domains, host and reservations\n"
	    "  show DOM                   one domain in detail\n"
	    "  set DOM key=value...       min=SIZE max=SIZE weight=1..%d\n"
	    "  target DOM SIZE            pin DOM's target\n"
	    "  unpin DOM                  let the planner choose again\n"
	    "  reserve SIZE [--domain NAME|UUID] [--timeout DURATION]\n"
	    "                             free SIZE and hold it; prints its ID\n"
	    "  reserve --for CONFIG [KEY=VALUE...] [--timeout DURATION] "
	    "[--dry-run]\n"
	    "                             as much as xl create CONFIG needs, "
	    "for it\n"
	    "  reserve --for-saved FILE [--timeout DURATION] [--dry-run]\n"
	    "                             as much as xl restore FILE needs, "
	    "for it\n"
	    "  reserve --for-libvirt XML|- [--timeout DURATION] [--dry-run]\n"
	    "                             as much as libvirt's domain XML "
	    "needs, for it\n"
	    "  release ID                 give a reservation back\n"
	    "  rebalance                  plan now\n"
	    "  reload                     re-read the configuration file; "
	    "fails if refused\n"
	    "  log [+CLASS|-CLASS|CLASS,...]  show or change log classes\n"
	    "DOM is a domid, a UUID or a name; SIZE is KiB or has a unit "
	    "(512M, 2G).\n", CTL_WEIGHT_MAX);
	exit(CTL_EXIT_USAGE);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
ctl_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("xenballoonctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(CTL_EXIT_USAGE);
}

static void __attribute__((noreturn, format(printf, 2, 3)))
ctl_die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("xenballoonctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

/* --- arguments ---------------------------------------------------------- */

static const char *
ctl_arg_domain(const char *s)
{
	struct domref ref;
	enum parse_err e = parse_domref(s, &ref);

	if (e != PARSE_OK)
		ctl_usage_error("bad domain '%s': %s (expected a domid 0-%u, a "
		    "UUID or a domain name)", s, parse_strerror(e),
		    DOMID_MAX_VALID);
	return s;
}

static uint64_t
ctl_arg_size(const char *what, const char *s)
{
	uint64_t kib;
	enum parse_err e = parse_size_kib(s, &kib);

	if (e != PARSE_OK)
		ctl_usage_error("bad %s '%s': %s (expected KiB or a number with "
		    "a unit k, M, G or T, e.g. 512M)", what, s,
		    parse_strerror(e));
	if (kib == 0)
		ctl_usage_error("bad %s '%s': must be more than 0", what, s);
	return kib;
}

static uint64_t
ctl_arg_duration(const char *s)
{
	uint64_t ms;
	enum parse_err e = parse_duration_ms(s, &ms);

	if (e != PARSE_OK)
		ctl_usage_error("bad timeout '%s': %s (expected a duration such "
		    "as 500ms, 30s, 5m or 1h)", s, parse_strerror(e));
	if (ms == 0)
		ctl_usage_error("bad timeout '%s': must be more than 0", s);
	return ms;
}

static void
ctl_nargs(const char *cmd, int argc, int min, int max, const char *syn)
{
	if (argc < min || argc > max)
		ctl_usage_error("%s: %s arguments (usage: %s)", cmd,
		    argc < min ? "missing" : "too many", syn);
}

/* --- socket ------------------------------------------------------------- */

static void
ctl_connect(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	if (strlen(ctl_socket) >= sizeof(sun.sun_path))
		ctl_usage_error("socket path too long: %s", ctl_socket);
	strcpy(sun.sun_path, ctl_socket);
	ctl_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ctl_fd == -1)
		ctl_die(CTL_EXIT_CONNECT, "socket: %s", strerror(errno));
	if (connect(ctl_fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		int e = errno;

		ctl_die(CTL_EXIT_CONNECT, "cannot connect to %s: %s%s",
		    ctl_socket, strerror(e), e == EACCES ?
		    " (root or the daemon's control group is required)" :
		    e == ENOENT || e == ECONNREFUSED ?
		    " (is xenballoond running?)" : "");
	}
}

static void
ctl_wait(short events)
{
	struct pollfd p = { .fd = ctl_fd, .events = events };
	int r;

	do
		r = poll(&p, 1, CTL_IO_TIMEOUT_MS);
	while (r == -1 && errno == EINTR);
	if (r == 0)
		ctl_die(CTL_EXIT_CONNECT, "no answer from xenballoond in %d s",
		    CTL_IO_TIMEOUT_MS / 1000);
	if (r == -1)
		ctl_die(CTL_EXIT_CONNECT, "poll: %s", strerror(errno));
}

static void
ctl_send(json_t *req)
{
	char *s = json_dumps(req, JSON_COMPACT);
	size_t len, off = 0;

	if (s == NULL)
		ctl_die(CTL_EXIT_FAIL, "out of memory");
	len = strlen(s);
	s[len++] = '\n';	/* json_dumps leaves room: replaced the NUL */
	while (off < len) {
		ssize_t n = send(ctl_fd, s + off, len - off, MSG_NOSIGNAL);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			ctl_die(CTL_EXIT_CONNECT, "send to %s: %s", ctl_socket,
			    strerror(errno));
		off += (size_t)n;
	}
	free(s);
}

static json_t *
ctl_recv(void)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	json_error_t jerr;
	json_t *reply;

	if (buf == NULL)
		ctl_die(CTL_EXIT_FAIL, "out of memory");
	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (cap >= CONTROL_REPLY_MAX)
				ctl_die(CTL_EXIT_FAIL, "reply too large");
			cap *= 2;
			if ((buf = realloc(buf, cap)) == NULL)
				ctl_die(CTL_EXIT_FAIL, "out of memory");
		}
		ctl_wait(POLLIN);
		n = recv(ctl_fd, buf + len, cap - len, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			ctl_die(CTL_EXIT_CONNECT, "recv from %s: %s", ctl_socket,
			    strerror(errno));
		if (n == 0)
			ctl_die(CTL_EXIT_CONNECT, "xenballoond closed the "
			    "connection (not allowed, or request refused)");
		len += (size_t)n;
		if (buf[len - 1] == '\n')
			break;
	}
	reply = json_loadb(buf, len, 0, &jerr);
	free(buf);
	if (reply == NULL || !json_is_object(reply))
		ctl_die(CTL_EXIT_FAIL, "malformed reply from xenballoond: %s",
		    jerr.text);
	return reply;
}

/* One request, one reply; a refusal ends the program with its reason. */
static json_t *
ctl_call(json_t *req)
{
	json_t *reply;

	if (ctl_fd == -1)
		ctl_connect();
	ctl_send(req);
	json_decref(req);
	reply = ctl_recv();
	if (!json_is_true(json_object_get(reply, "ok"))) {
		const char *err = json_string_value(json_object_get(reply,
		    "error"));
		const char *code = json_string_value(json_object_get(reply,
		    "code"));
		int rc = code != NULL && strcmp(code, CONTROL_EPERM) == 0 ?
		    CTL_EXIT_CONNECT : CTL_EXIT_FAIL;
		char msg[600];

		snprintf(msg, sizeof(msg), "%s", err ? err : "request failed");
		if (ctl_json)
			json_dumpf(reply, stdout, JSON_INDENT(2));
		json_decref(reply);
		ctl_die(rc, "%s", msg);
	}
	return reply;
}

static void
ctl_print_json(json_t *reply)
{
	json_object_del(reply, "ok");
	json_dumpf(reply, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
}

/* --- formatting --------------------------------------------------------- */

static uint64_t
ctl_u64(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) && json_integer_value(v) >= 0 ?
	    (uint64_t)json_integer_value(v) : 0;
}

static const char *
ctl_str(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : dflt;
}

/* A size column: "-" when absent. */
static const char *
ctl_size(json_t *o, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return "-";
	return format_size_kib((uint64_t)json_integer_value(v), buf, len);
}

static void
ctl_pressure(json_t *dom, char *buf, size_t len)
{
	json_t *g = json_object_get(dom, "guest");
	json_t *psi = json_object_get(g, "psi_some_avg10");
	json_t *avail = json_object_get(g, "meminfo_free_kib");
	char a[32];

	if (!json_is_integer(avail) && !json_is_number(psi)) {
		snprintf(buf, len, "-");
		return;
	}
	snprintf(buf, len, "%s/%s",
	    json_is_integer(avail) ? format_size_kib(
	    (uint64_t)json_integer_value(avail), a, sizeof(a)) : "-",
	    json_is_number(psi) ? "" : "-");
	if (json_is_number(psi))
		snprintf(buf + strlen(buf), len - strlen(buf), "%.1f%%",
		    json_number_value(psi));
}

/* The guest's OOM kills since boot and its working-set refault rate. */
static void
ctl_oom(json_t *dom, char *oom, size_t olen, char *rf, size_t rlen)
{
	json_t *g = json_object_get(dom, "guest");
	json_t *n = json_object_get(g, "oom_kills");
	json_t *r = json_object_get(g, "refault_kib_s");
	char b[32];

	if (json_is_integer(n) && json_integer_value(n) >= 0)
		snprintf(oom, olen, "%" PRIu64,
		    (uint64_t)json_integer_value(n));
	else
		snprintf(oom, olen, "-");
	if (json_is_integer(r) && json_integer_value(r) >= 0)
		snprintf(rf, rlen, "%s/s", format_size_kib(
		    (uint64_t)json_integer_value(r), b, sizeof(b)));
	else
		snprintf(rf, rlen, "-");
}

static void
ctl_netsum(json_t *dom, char *buf, size_t len)
{
	json_t *net = json_object_get(dom, "net"), *vif;
	size_t i, up = 0, n = json_array_size(net);

	if (n == 0) {
		snprintf(buf, len, "-");
		return;
	}
	json_array_foreach(net, i, vif) {
		if (strcmp(ctl_str(vif, "operstate", ""), "up") == 0)
			up++;
	}
	snprintf(buf, len, "%zu/%zu up", up, n);
}

static void
ctl_print_status(json_t *reply)
{
	json_t *host = json_object_get(reply, "host");
	json_t *doms = json_object_get(reply, "domains");
	json_t *res = json_object_get(reply, "reservations");
	json_t *d;
	char b[6][32], p[48], net[32], oom[24], rf[40];
	size_t i;

	printf("host: total %s  free %s  reserved %s  slack %s  "
	    "committed %s  deficit %s  unmet %s  stuck %" PRIu64 "\n",
	    ctl_size(host, "total_kib", b[0], 32),
	    ctl_size(host, "free_kib", b[1], 32),
	    ctl_size(host, "reserved_kib", b[2], 32),
	    ctl_size(host, "slack_kib", b[3], 32),
	    ctl_size(host, "committed_kib", b[4], 32),
	    ctl_size(host, "deficit_kib", b[5], 32),
	    ctl_size(host, "unmet_kib", p, sizeof(p)),
	    ctl_u64(host, "stuck"));
	printf("%5s %-16s %8s %8s %8s %8s %-10s %-14s %5s %8s %s\n", "DOMID",
	    "NAME", "ACTUAL", "TARGET", "MIN", "MAX", "STATE", "AVAIL/PSI",
	    "OOM", "REFAULT", "NET");
	json_array_foreach(doms, i, d) {
		ctl_pressure(d, p, sizeof(p));
		ctl_oom(d, oom, sizeof(oom), rf, sizeof(rf));
		ctl_netsum(d, net, sizeof(net));
		printf("%5" PRIu64 " %-16.16s %8s %8s %8s %8s %-10s %-14s %5s "
		    "%8s %s\n",
		    ctl_u64(d, "domid"), ctl_str(d, "name", "-"),
		    ctl_size(d, "actual_kib", b[0], 32),
		    ctl_size(d, "target_kib", b[1], 32),
		    ctl_size(d, "min_kib", b[2], 32),
		    ctl_size(d, "max_kib", b[3], 32),
		    ctl_str(d, "state", "-"), p, oom, rf, net);
	}
	json_array_foreach(res, i, d) {
		char dom[DOMNAME_MAX + 48] = "";

		if (json_object_get(d, "for") != NULL && json_object_get(d,
		    "domid") != NULL)
			snprintf(dom, sizeof(dom), " for %s (domain %" PRIu64
			    ", asks %s)", ctl_str(d, "for", "-"),
			    ctl_u64(d, "domid"), ctl_size(d, "asks_kib",
			    b[1], 32));
		else if (json_object_get(d, "for") != NULL)
			snprintf(dom, sizeof(dom), " for %s",
			    ctl_str(d, "for", "-"));
		printf("reservation %" PRIu64 ": %s %s%s (%s)\n",
		    ctl_u64(d, "id"), ctl_size(d, "size_kib", b[0], 32),
		    ctl_str(d, "state", "-"), dom, ctl_str(d, "reason", ""));
	}
}

static void
ctl_print_kv(const char *prefix, json_t *o)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		char *s;

		if (json_is_object(v)) {
			char sub[128];

			snprintf(sub, sizeof(sub), "%s%s.", prefix, k);
			ctl_print_kv(sub, v);
			continue;
		}
		if (json_is_string(v)) {
			printf("%s%s: %s\n", prefix, k, json_string_value(v));
			continue;
		}
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		printf("%s%s: %s\n", prefix, k, s ? s : "?");
		free(s);
	}
}

/* --- commands ----------------------------------------------------------- */

static json_t *
ctl_req(const char *cmd)
{
	json_t *r = json_pack("{s:s}", "cmd", cmd);

	if (r == NULL)
		ctl_die(CTL_EXIT_FAIL, "out of memory");
	return r;
}

static int
ctl_cmd_status(int argc, char **argv)
{
	json_t *reply;

	ctl_nargs("status", argc, 0, 0, "status");
	reply = ctl_call(ctl_req("status"));
	if (ctl_json)
		ctl_print_json(reply);
	else
		ctl_print_status(reply);
	json_decref(reply);
	return CTL_EXIT_OK;
}

static int
ctl_cmd_show(int argc, char **argv)
{
	json_t *req, *reply;

	ctl_nargs("show", argc, 1, 1, "show DOM");
	req = ctl_req("show");
	json_object_set_new(req, "domain",
	    json_string(ctl_arg_domain(argv[0])));
	reply = ctl_call(req);
	if (ctl_json)
		ctl_print_json(reply);
	else
		ctl_print_kv("", json_object_get(reply, "domain"));
	json_decref(reply);
	return CTL_EXIT_OK;
}

static void
ctl_set_pair(json_t *req, const char *arg)
{
	const char *eq = strchr(arg, '=');
	uint64_t v;
	enum parse_err e;

	if (eq == NULL)
		ctl_usage_error("set: '%s' is not key=value (keys: min, max, "
		    "weight)", arg);
	if (strncmp(arg, "min=", 4) == 0 || strncmp(arg, "max=", 4) == 0) {
		char key[8];

		snprintf(key, sizeof(key), "%.3s_kib", arg);
		json_object_set_new(req, key, json_integer((json_int_t)
		    ctl_arg_size(arg[1] == 'i' ? "min" : "max", eq + 1)));
		return;
	}
	if (strncmp(arg, "weight=", 7) == 0) {
		e = parse_u64(eq + 1, 1, CTL_WEIGHT_MAX, &v);
		if (e != PARSE_OK)
			ctl_usage_error("bad weight '%s': %s (expected an "
			    "integer from 1 to %d)", eq + 1, parse_strerror(e),
			    CTL_WEIGHT_MAX);
		json_object_set_new(req, "weight", json_integer((json_int_t)v));
		return;
	}
	ctl_usage_error("set: unknown key '%.*s' (keys: min, max, weight)",
	    (int)(eq - arg), arg);
}

static int
ctl_cmd_set(int argc, char **argv)
{
	json_t *req, *reply;
	uint64_t lo, hi;

	ctl_nargs("set", argc, 2, 4, "set DOM min=SIZE max=SIZE weight=N");
	req = ctl_req("set");
	json_object_set_new(req, "domain",
	    json_string(ctl_arg_domain(argv[0])));
	for (int i = 1; i < argc; i++)
		ctl_set_pair(req, argv[i]);
	lo = ctl_u64(req, "min_kib");
	hi = ctl_u64(req, "max_kib");
	if (lo != 0 && hi != 0 && lo > hi) {
		char a[32], b[32];

		ctl_usage_error("set: min (%s) is above max (%s)",
		    format_size_kib(lo, a, sizeof(a)),
		    format_size_kib(hi, b, sizeof(b)));
	}
	reply = ctl_call(req);
	json_decref(reply);
	return CTL_EXIT_OK;
}

static int
ctl_cmd_target(int argc, char **argv)
{
	json_t *req;

	ctl_nargs("target", argc, 2, 2, "target DOM SIZE");
	req = ctl_req("target");
	json_object_set_new(req, "domain",
	    json_string(ctl_arg_domain(argv[0])));
	json_object_set_new(req, "target_kib",
	    json_integer((json_int_t)ctl_arg_size("target", argv[1])));
	json_decref(ctl_call(req));
	return CTL_EXIT_OK;
}

static int
ctl_cmd_unpin(int argc, char **argv)
{
	json_t *req;

	ctl_nargs("unpin", argc, 1, 1, "unpin DOM");
	req = ctl_req("unpin");
	json_object_set_new(req, "domain",
	    json_string(ctl_arg_domain(argv[0])));
	json_decref(ctl_call(req));
	return CTL_EXIT_OK;
}

static uint64_t
ctl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * The daemon answers at once with a pending reservation; we ask again
 * until it is held or has failed, so a daemon restart in between costs
 * only a reconnect, never a hung xl create.
 */
static int
ctl_reserve_wait(uint64_t id, uint64_t timeout_ms)
{
	uint64_t deadline = ctl_now_ms() + timeout_ms + 2000;

	for (;;) {
		json_t *req = ctl_req("reservation"), *reply, *r;
		const char *state;

		json_object_set_new(req, "id", json_integer((json_int_t)id));
		reply = ctl_call(req);
		r = json_object_get(reply, "reservation");
		state = ctl_str(r, "state", "");
		if (strcmp(state, "held") == 0) {
			if (ctl_json)
				ctl_print_json(reply);
			else
				printf("%" PRIu64 "\n", id);
			json_decref(reply);
			return CTL_EXIT_OK;
		}
		if (strcmp(state, "pending") != 0 || ctl_now_ms() > deadline) {
			if (ctl_json)
				ctl_print_json(reply);
			fprintf(stderr, "xenballoonctl: reservation %" PRIu64
			    " failed: %s\n", id, ctl_str(r, "reason",
			    "timed out"));
			json_decref(reply);
			return CTL_EXIT_TIMEOUT;
		}
		json_decref(reply);
		usleep(CTL_POLL_MS * 1000);
	}
}

#define CTL_RESERVE_USAGE	"usage: reserve SIZE [--domain NAME|UUID] " \
	"[--timeout DURATION], reserve --for CONFIG [KEY=VALUE...] " \
	"[--timeout DURATION] [--dry-run], reserve --for-saved FILE " \
	"[--timeout DURATION] [--dry-run], or reserve --for-libvirt XML|- " \
	"[--timeout DURATION] [--dry-run]"

/* An option's value: "--opt VALUE" or "--opt=VALUE"; NULL if not it. */
static const char *
ctl_opt(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 == argc)
		ctl_usage_error("reserve: %s needs a value (%s)", opt,
		    CTL_RESERVE_USAGE);
	return argv[++*i];
}

/*
 * reserve --for CONFIG: the size and the domain from the config, as xl
 * would build it (xlneed.c).  A config that sets a UUID is reserved for
 * that UUID, else for its name.
 */
enum ctl_src {
	CTL_SRC_CONFIG,		/* --for */
	CTL_SRC_SAVED,		/* --for-saved */
	CTL_SRC_LIBVIRT,	/* --for-libvirt */
};

static const char *const ctl_src_opt[] = {
	[CTL_SRC_CONFIG] = "--for", [CTL_SRC_SAVED] = "--for-saved",
	[CTL_SRC_LIBVIRT] = "--for-libvirt",
};

static uint64_t
ctl_reserve_config(const char *path, enum ctl_src src, char **over,
    size_t nover, bool dry_run, const char **dom)
{
	static struct xlneed xn;
	char err[512];
	int r;

	if (src == CTL_SRC_SAVED)
		r = xlneed_saved(path, &xn, err, sizeof(err));
	else if (src == CTL_SRC_LIBVIRT)
		r = xlneed_libvirt(path, &xn, err, sizeof(err));
	else
		r = xlneed_compute(path, over, nover, &xn, err, sizeof(err));
	if (r == XLNEED_EUSAGE)
		ctl_usage_error("reserve: %s", err);
	if (r != XLNEED_OK)
		ctl_die(CTL_EXIT_FAIL, "reserve %s: %s", ctl_src_opt[src], err);
	*dom = xn.have_uuid ? xn.uuid : xn.name;
	if (dry_run) {
		printf("%" PRIu64 " KiB for %s\n", xn.need_kib, *dom);
		exit(CTL_EXIT_OK);
	}
	return xn.need_kib;
}

/* --for, --for-saved or --for-libvirt, with its value. */
static bool
ctl_reserve_src(int argc, char **argv, int *i, const char **v,
    enum ctl_src *src)
{
	for (size_t k = 0; k < sizeof(ctl_src_opt) / sizeof(ctl_src_opt[0]);
	    k++) {
		if ((*v = ctl_opt(argc, argv, i, ctl_src_opt[k])) != NULL) {
			*src = (enum ctl_src)k;
			return true;
		}
	}
	return false;
}

static int
ctl_cmd_reserve(int argc, char **argv)
{
	uint64_t kib = 0, timeout = CTL_RESERVE_TIMEOUT_DEFAULT_MS, id;
	const char *cfg = NULL, *dom = NULL, *v;
	bool have_size = false, dry_run = false;
	enum ctl_src src = CTL_SRC_CONFIG;
	char **over = calloc((size_t)argc + 1, sizeof(*over));
	size_t nover = 0;
	json_t *req, *reply;

	if (over == NULL)
		ctl_die(CTL_EXIT_FAIL, "out of memory");
	for (int i = 0; i < argc; i++) {
		if ((v = ctl_opt(argc, argv, &i, "--timeout")) != NULL)
			timeout = ctl_arg_duration(v);
		else if ((v = ctl_opt(argc, argv, &i, "--domain")) != NULL)
			dom = ctl_arg_domain(v);
		else if (ctl_reserve_src(argc, argv, &i, &v, &src)) {
			if (cfg != NULL)
				ctl_usage_error("reserve: one --for, "
				    "--for-saved or --for-libvirt (%s)",
				    CTL_RESERVE_USAGE);
			cfg = v;
		}
		else if (strcmp(argv[i], "--dry-run") == 0)
			dry_run = true;
		else if (cfg != NULL && src == CTL_SRC_CONFIG &&
		    strchr(argv[i], '=') != NULL &&
		    argv[i][0] != '-')
			over[nover++] = argv[i];
		else if (!have_size && cfg == NULL) {
			kib = ctl_arg_size("size", argv[i]);
			have_size = true;
		} else
			ctl_usage_error("reserve: unexpected argument '%s' "
			    "(%s)", argv[i], CTL_RESERVE_USAGE);
	}
	if (cfg != NULL && (have_size || dom != NULL))
		ctl_usage_error("reserve: %s takes the size and the domain "
		    "from %s: no SIZE nor --domain with it",
		    src == CTL_SRC_SAVED ? "--for-saved FILE" :
		    src == CTL_SRC_LIBVIRT ? "--for-libvirt XML" :
		    "--for CONFIG", src == CTL_SRC_SAVED ? "FILE" :
		    src == CTL_SRC_LIBVIRT ? "XML" : "CONFIG");
	if (cfg == NULL && (dry_run || nover > 0))
		ctl_usage_error("reserve: --dry-run and KEY=VALUE go with "
		    "--for CONFIG (%s)", CTL_RESERVE_USAGE);
	if (cfg == NULL && !have_size)
		ctl_usage_error("reserve: missing arguments (%s)",
		    CTL_RESERVE_USAGE);
	if (cfg != NULL)
		kib = ctl_reserve_config(cfg, src, over, nover, dry_run,
		    &dom);
	req = ctl_req("reserve");
	json_object_set_new(req, "size_kib", json_integer((json_int_t)kib));
	if (dom != NULL)
		json_object_set_new(req, "for", json_string(dom));
	json_object_set_new(req, "timeout_ms",
	    json_integer((json_int_t)timeout));
	reply = ctl_call(req);
	id = ctl_u64(reply, "id");
	json_decref(reply);
	free(over);
	return ctl_reserve_wait(id, timeout);
}

static int
ctl_cmd_release(int argc, char **argv)
{
	json_t *req;
	uint64_t id;
	enum parse_err e;

	ctl_nargs("release", argc, 1, 1, "release ID");
	e = parse_u64(argv[0], 1, INT64_MAX, &id);
	if (e != PARSE_OK)
		ctl_usage_error("bad reservation ID '%s': %s (expected the "
		    "number printed by reserve)", argv[0], parse_strerror(e));
	req = ctl_req("release");
	json_object_set_new(req, "id", json_integer((json_int_t)id));
	json_decref(ctl_call(req));
	return CTL_EXIT_OK;
}

static int
ctl_cmd_rebalance(int argc, char **argv)
{
	ctl_nargs("rebalance", argc, 0, 0, "rebalance");
	json_decref(ctl_call(ctl_req("rebalance")));
	return CTL_EXIT_OK;
}

/* Synchronous, unlike SIGHUP: the unit's ExecReload, so that "systemctl
 * reload" fails when the daemon refuses the file. */
static int
ctl_cmd_reload(int argc, char **argv)
{
	ctl_nargs("reload", argc, 0, 0, "reload");
	json_decref(ctl_call(ctl_req("reload")));
	return CTL_EXIT_OK;
}

static int
ctl_cmd_log(int argc, char **argv)
{
	json_t *req, *reply;
	char spec[256] = "", err[160];
	unsigned int mask;
	size_t off = 0;

	for (int i = 0; i < argc; i++) {
		int n = snprintf(spec + off, sizeof(spec) - off, "%s%s",
		    i ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(spec) - off)
			ctl_usage_error("log: class list too long");
		off += (size_t)n;
	}
	req = ctl_req("log");
	if (argc > 0) {
		if (log_parse_classes(spec, LOGC_DEFAULT, &mask, err,
		    sizeof(err)) == -1)
			ctl_usage_error("log: %s", err);
		json_object_set_new(req, "classes", json_string(spec));
	}
	reply = ctl_call(req);
	if (ctl_json)
		ctl_print_json(reply);
	else
		printf("%s\n", ctl_str(reply, "classes", ""));
	json_decref(reply);
	return CTL_EXIT_OK;
}

static const struct {
	const char	*name;
	int		(*fn)(int, char **);
} ctl_cmds[] = {
	{ "status",	ctl_cmd_status },
	{ "show",	ctl_cmd_show },
	{ "set",	ctl_cmd_set },
	{ "target",	ctl_cmd_target },
	{ "unpin",	ctl_cmd_unpin },
	{ "reserve",	ctl_cmd_reserve },
	{ "release",	ctl_cmd_release },
	{ "rebalance",	ctl_cmd_rebalance },
	{ "reload",	ctl_cmd_reload },
	{ "log",	ctl_cmd_log },
};

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket",	required_argument,	NULL, 's' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv("XENBALLOON_SOCKET");
	int c;

	if (env != NULL && *env != '\0')
		ctl_socket = env;
	/* '+': options after the command belong to it (reserve --timeout). */
	while ((c = getopt_long(argc, argv, "+s:jh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			ctl_socket = optarg;
			break;
		case 'j':
			ctl_json = true;
			break;
		case 'h':
			ctl_usage_exit();
		default:
			ctl_usage_exit();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		ctl_usage_exit();
	for (size_t i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++) {
		if (strcmp(argv[0], ctl_cmds[i].name) != 0)
			continue;
		return ctl_cmds[i].fn(argc - 1, argv + 1);
	}
	ctl_usage_error("unknown command '%s' (commands: status show set "
	    "target unpin reserve release rebalance reload log)", argv[0]);
}
