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

#include "clock.h"
#include "control.h"
#include "log.h"
#include "parse.h"
#include "top.h"
#include "xlneed.h"

#define CTL_IO_TIMEOUT_MS	30000	/* a busy dom0 (the QEMU lab) needs more than 10 s */
#define CTL_POLL_MS		100
#define CTL_RESERVE_TIMEOUT_DEFAULT_MS	30000

static const char	*ctl_socket = CONTROL_SOCKET_DEFAULT;
static bool		 ctl_help, ctl_json, ctl_version;
static bool		 ctl_kib;	/* sizes in KiB, not whole MiB */
static int		 ctl_fd = -1;
static void		(*ctl_atdie)(void);	/* gives the terminal back */

/* The options, which may come anywhere on the line; flag NULL: -s. */
static const struct {
	char		 sopt;		/* 0: long only */
	const char	*lopt;
	bool		*flag;
} ctl_opts[] = {
	{ 'h',	"help",		&ctl_help },
	{ 'j',	"json",		&ctl_json },
	{ 0,	"kib",		&ctl_kib },
	{ 's',	"socket",	NULL },
	{ 'V',	"version",	&ctl_version },
};
#define CTL_NOPTS	(sizeof(ctl_opts) / sizeof(ctl_opts[0]))

/* The keys of set, each a request member. */
static const struct {
	const char		*key;
	enum control_member	 member;
	bool			 size;	/* else a weight */
} ctl_set_keys[] = {
	{ "min",	CM_MIN_KIB,	true },
	{ "max",	CM_MAX_KIB,	true },
	{ "weight",	CM_WEIGHT,	false },
};
#define CTL_NSETKEYS	(sizeof(ctl_set_keys) / sizeof(ctl_set_keys[0]))

/*
 * Commands of xenballoonctl's own, over the protocol's: top shows the
 * status reply again and again.  They follow control.h's in the usage,
 * in --help --json (so the completion offers them) and in errors.
 */
static int	ctl_cmd_top(int, char **);

static const struct {
	const char	*name, *usage, *help;
	int		(*fn)(int, char **);
} ctl_views[] = {
	{ "top", "top [--batch] [--delay SECONDS] [--iterations COUNT] "
	    "[--sort KEY]", "live view of every domain (-b -d -n -o as top)",
	    ctl_cmd_top },
};
#define CTL_NVIEWS	(sizeof(ctl_views) / sizeof(ctl_views[0]))

static void
ctl_usage(FILE *f)
{
	fprintf(f, "usage: xenballoonctl [-hjV] [--kib] [-s socket] command "
	    "[argument ...]\ncommands:\n");
	for (size_t i = 0; i < REQUEST_NCMDS; i++)
		if (control_cmds[i].cli)
			fprintf(f, "  %-34s %s\n", control_cmds[i].usage,
			    control_cmds[i].help);
	for (size_t i = 0; i < CTL_NVIEWS; i++)
		fprintf(f, "  %-34s %s\n", ctl_views[i].usage, ctl_views[i].help);
	fprintf(f, "DOM is a domid, a UUID or a name; SIZE a number with a "
	    "unit k, M, G or T\n(512M, 2G: a bare number is refused); N a "
	    "weight from 1 to %u.\nOptions may come before or after the "
	    "command; --kib prints sizes in KiB,\nnot whole MiB.\n",
	    CONTROL_WEIGHT_MAX);
}

static void __attribute__((noreturn))
ctl_usage_exit(void)
{
	ctl_usage(stderr);
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

	if (ctl_atdie != NULL)
		ctl_atdie();
	fputs("xenballoonctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

/* JSON on standard output: always one object and a newline. */
static void
ctl_put_json(json_t *o, size_t flags)
{
	json_dumpf(o, stdout, JSON_INDENT(2) | flags);
	putchar('\n');
}

static json_t *
ctl_options_json(void)
{
	json_t *a = json_array();
	char buf[32];

	for (size_t i = 0; i < CTL_NOPTS; i++) {
		if (ctl_opts[i].sopt != 0) {
			snprintf(buf, sizeof(buf), "-%c", ctl_opts[i].sopt);
			json_array_append_new(a, json_string(buf));
		}
		snprintf(buf, sizeof(buf), "--%s", ctl_opts[i].lopt);
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

/*
 * --help --json: the command table of control.h as this program offers
 * it, which the bash completion reads (so that it cannot drift).
 */
static void
ctl_usage_json(void)
{
	json_t *o = json_object(), *cmds = json_array(), *keys = json_array();
	json_t *classes = json_array();
	char buf[128], *p, *save = NULL;

	for (size_t i = 0; i < REQUEST_NCMDS; i++)
		if (control_cmds[i].cli)
			json_array_append_new(cmds, json_pack("{s:s,s:s,s:s}",
			    CM(NAME), control_cmds[i].name,
			    CM(USAGE), control_cmds[i].usage,
			    CM(HELP), control_cmds[i].help));
	for (size_t i = 0; i < CTL_NVIEWS; i++)
		json_array_append_new(cmds, json_pack("{s:s,s:s,s:s}",
		    CM(NAME), ctl_views[i].name, CM(USAGE), ctl_views[i].usage,
		    CM(HELP), ctl_views[i].help));
	for (size_t i = 0; i < CTL_NSETKEYS; i++)
		json_array_append_new(keys, json_string(ctl_set_keys[i].key));
	log_format_classes(LOGC_ALL, buf, sizeof(buf));
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		json_array_append_new(classes, json_string(p));
	json_object_set_new(o, CM(VERSION), json_integer(CONTROL_VERSION));
	json_object_set_new(o, CM(COMMANDS), cmds);
	json_object_set_new(o, CM(OPTIONS), ctl_options_json());
	json_object_set_new(o, CM(SET_KEYS), keys);
	json_object_set_new(o, CM(LOG_CLASSES), classes);
	ctl_put_json(o, 0);
	json_decref(o);
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

/*
 * A size must say its unit: xl reads a bare number as MiB, xenstore
 * holds KiB, and guessing either way surprises someone.
 */
static uint64_t
ctl_arg_size(const char *what, const char *s)
{
	uint64_t kib;
	enum parse_err e;

	if (*s != '\0' && strspn(s, "0123456789") == strlen(s))
		ctl_usage_error("bad %s '%s': no unit (write %sM for MiB as xl "
		    "reads it, %sk for KiB as xenstore holds it)", what, s,
		    s, s);
	if ((e = parse_size_kib(s, &kib)) != PARSE_OK)
		ctl_usage_error("bad %s '%s': %s (expected a number with a unit "
		    "k, M, G or T, e.g. 512M)", what, s, parse_strerror(e));
	if (kib == 0)
		ctl_usage_error("bad %s '%s': must be more than 0", what, s);
	return kib;
}

/*
 * A duration argument: what names it in the message ("timeout", "top:
 * delay"), examples says what is accepted; min_ms 1 reads "more than 0",
 * any other bound "from MIN to MAX".
 */
static uint64_t
ctl_arg_duration(const char *what, const char *s, const char *examples,
    uint64_t min_ms, uint64_t max_ms)
{
	uint64_t ms;
	enum parse_err e = parse_duration_ms(s, &ms);

	if (e != PARSE_OK)
		ctl_usage_error("%s '%s': %s (expected %s)", what, s,
		    parse_strerror(e), examples);
	if (ms < min_ms && min_ms == 1)
		ctl_usage_error("%s '%s': must be more than 0", what, s);
	if (ms < min_ms || ms > max_ms)
		ctl_usage_error("%s '%s': must be from %llums to %lluh", what,
		    s, (unsigned long long)min_ms,
		    (unsigned long long)(max_ms / 3600000));
	return ms;
}

/* The arity of control.h's row for cmd. */
static void
ctl_nargs(enum request_cmd cmd, int argc)
{
	const struct control_cmd *c = &control_cmds[cmd];

	if (argc < c->min || (c->max >= 0 && argc > c->max))
		ctl_usage_error("%s: %s arguments (usage: %s)", c->name,
		    argc < c->min ? "missing" : "too many", c->usage);
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
	if (!json_is_true(json_object_get(reply, CM(OK)))) {
		const char *err = json_string_value(json_object_get(reply,
		    CM(ERROR)));
		const char *code = json_string_value(json_object_get(reply,
		    CM(CODE)));
		int rc = code != NULL && strcmp(code, CONTROL_EPERM) == 0 ?
		    CTL_EXIT_CONNECT : CTL_EXIT_FAIL;
		char msg[600];

		snprintf(msg, sizeof(msg), "%s", err ? err : "request failed");
		if (ctl_json)
			ctl_put_json(reply, JSON_SORT_KEYS);
		json_decref(reply);
		ctl_die(rc, "%s", msg);
	}
	return reply;
}

/* The reply as the daemon sent it, for every command under --json. */
static void
ctl_print_json(json_t *reply)
{
	ctl_put_json(reply, JSON_SORT_KEYS);
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

/*
 * A size in the output's one unit: whole MiB, rounded down as xl list
 * does, or exact KiB with --kib; "-" when the daemon does not know it.
 */
static const char *
ctl_size(json_t *o, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(o, key);
	uint64_t kib;

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return "-";
	kib = (uint64_t)json_integer_value(v);
	snprintf(buf, len, "%" PRIu64, ctl_kib ? kib : kib / 1024);
	return buf;
}

/* A size in a sentence: its unit spelled out (512M, or 524288k). */
static const char *
ctl_size_unit(json_t *o, const char *key, char *buf, size_t len)
{
	const char *s = ctl_size(o, key, buf, len);

	if (s == buf && strlen(buf) + 2 <= len)
		strcat(buf, ctl_kib ? "k" : "M");
	return s;
}

/* A rate in the size unit per second; under 1 MiB/s but not 0, "<1". */
static const char *
ctl_rate(json_t *o, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(o, key);

	if (!ctl_kib && json_is_integer(v) && json_integer_value(v) > 0 &&
	    json_integer_value(v) < 1024)
		return "<1";
	return ctl_size(o, key, buf, len);
}

static const char *
ctl_psi(json_t *g, char *buf, size_t len)
{
	json_t *psi = json_object_get(g, CM(PSI_SOME_AVG10));

	if (!json_is_number(psi))
		return "-";
	snprintf(buf, len, "%.1f%%", json_number_value(psi));
	return buf;
}

static const char *
ctl_count(json_t *o, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return "-";
	snprintf(buf, len, "%" PRIu64, (uint64_t)json_integer_value(v));
	return buf;
}

/* Time under pressure and its spells: "41s/3", "-" before any plan. */
static const char *
ctl_starved(json_t *d, char *buf, size_t len)
{
	json_t *ms = json_object_get(d, CM(STARVED_MS));
	json_t *n = json_object_get(d, CM(STARVE_SPELLS));

	if (!json_is_integer(ms) || !json_is_integer(n) ||
	    json_integer_value(ms) < 0 || json_integer_value(n) < 0)
		return "-";
	snprintf(buf, len, "%" PRIu64 "s/%" PRIu64,
	    (uint64_t)json_integer_value(ms) / 1000,
	    (uint64_t)json_integer_value(n));
	return buf;
}

static void
ctl_netsum(json_t *dom, char *buf, size_t len)
{
	json_t *net = json_object_get(dom, CM(NET)), *vif;
	size_t i, up = 0, n = json_array_size(net);

	if (n == 0) {
		snprintf(buf, len, "-");
		return;
	}
	json_array_foreach(net, i, vif) {
		if (strcmp(ctl_str(vif, CM(OPERSTATE), ""), "up") == 0)
			up++;
	}
	snprintf(buf, len, "%zu/%zu up", up, n);
}

/* Names are printed whole: the column is as wide as the longest. */
static int
ctl_name_width(json_t *doms)
{
	size_t i, w = strlen("NAME");
	json_t *d;

	json_array_foreach(doms, i, d) {
		size_t n = strlen(ctl_str(d, CM(NAME), "-"));

		if (n > w)
			w = n;
	}
	return (int)w;
}

static void
ctl_print_status(json_t *reply)
{
	json_t *host = json_object_get(reply, CM(HOST));
	json_t *doms = json_object_get(reply, CM(DOMAINS));
	json_t *res = json_object_get(reply, CM(RESERVATIONS));
	json_t *d;
	char b[7][32], net[32], psi[16], oom[24], rf[32], st[48];
	int nw = ctl_name_width(doms), sw = ctl_kib ? 11 : 8;
	size_t i;

	printf("host: total %s  free %s  reserved %s  slack %s  "
	    "committed %s  deficit %s  unmet %s  stuck %" PRIu64 "\n",
	    ctl_size_unit(host, CM(TOTAL_KIB), b[0], 32),
	    ctl_size_unit(host, CM(FREE_KIB), b[1], 32),
	    ctl_size_unit(host, CM(RESERVED_KIB), b[2], 32),
	    ctl_size_unit(host, CM(SLACK_KIB), b[3], 32),
	    ctl_size_unit(host, CM(COMMITTED_KIB), b[4], 32),
	    ctl_size_unit(host, CM(DEFICIT_KIB), b[5], 32),
	    ctl_size_unit(host, CM(UNMET_KIB), b[6], 32),
	    ctl_u64(host, CM(STUCK)));
	printf("%5s %-*s %*s %*s %*s %*s %*s %-10s %-8s %*s %6s %5s %9s "
	    "%*s %s\n",
	    "DOMID", nw, "NAME", sw, "ACTUAL", sw, "TARGET", sw, "PIN", sw,
	    "MIN", sw, "MAX", "STATE", "HV", sw, "AVAIL", "PSI", "OOM",
	    "STARVED", sw, "REFAULT", "NET");
	json_array_foreach(doms, i, d) {
		json_t *g = json_object_get(d, CM(GUEST));

		ctl_netsum(d, net, sizeof(net));
		printf("%5" PRIu64 " %-*s %*s %*s %*s %*s %*s %-10s %-8s %*s "
		    "%6s %5s %9s %*s %s\n",
		    ctl_u64(d, CM(DOMID)), nw, ctl_str(d, CM(NAME), "-"),
		    sw, ctl_size(d, CM(ACTUAL_KIB), b[0], 32),
		    sw, ctl_size(d, CM(TARGET_KIB), b[1], 32),
		    sw, ctl_size(d, CM(PINNED_KIB), b[2], 32),
		    sw, ctl_size(d, CM(MIN_KIB), b[3], 32),
		    sw, ctl_size(d, CM(MAX_KIB), b[4], 32),
		    ctl_str(d, CM(STATE), "-"), ctl_str(d, CM(HV_STATE), "-"),
		    sw, ctl_size(g, CM(MEM_AVAILABLE_KIB), b[5], 32),
		    ctl_psi(g, psi, sizeof(psi)),
		    ctl_count(g, CM(OOM_KILLS), oom, sizeof(oom)),
		    ctl_starved(d, st, sizeof(st)),
		    sw, ctl_rate(g, CM(REFAULT_KIBPS), rf, sizeof(rf)), net);
	}
	json_array_foreach(res, i, d) {
		char dom[DOMNAME_MAX + 48] = "";

		if (json_object_get(d, CM(FOR)) != NULL &&
		    json_object_get(d, CM(DOMID)) != NULL)
			snprintf(dom, sizeof(dom), " for %s (domain %" PRIu64
			    ", asks %s)", ctl_str(d, CM(FOR), "-"),
			    ctl_u64(d, CM(DOMID)), ctl_size_unit(d,
			    CM(ASKS_KIB), b[1], 32));
		else if (json_object_get(d, CM(FOR)) != NULL)
			snprintf(dom, sizeof(dom), " for %s",
			    ctl_str(d, CM(FOR), "-"));
		printf("reservation %" PRIu64 ": %s %s%s (%s)\n",
		    ctl_u64(d, CM(ID)),
		    ctl_size_unit(d, CM(SIZE_KIB), b[0], 32),
		    ctl_str(d, CM(STATE), "-"), dom, ctl_str(d, CM(REASON), ""));
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
ctl_req(enum request_cmd cmd)
{
	json_t *r = json_pack("{s:s}", CM(CMD), control_cmds[cmd].name);

	if (r == NULL)
		ctl_die(CTL_EXIT_FAIL, "out of memory");
	return r;
}

/* A request about the domain argv[0] names, its arity checked. */
static json_t *
ctl_req_domain(enum request_cmd cmd, int argc, char **argv)
{
	json_t *req;

	ctl_nargs(cmd, argc);
	req = ctl_req(cmd);
	json_object_set_new(req, CM(DOMAIN),
	    json_string(ctl_arg_domain(argv[0])));
	return req;
}

/* A command with nothing to print but, under --json, the reply. */
static void
ctl_done(json_t *reply)
{
	if (ctl_json)
		ctl_print_json(reply);
	json_decref(reply);
}

static int
ctl_cmd_status(int argc, char **argv)
{
	json_t *reply;

	ctl_nargs(REQUEST_STATUS, argc);
	reply = ctl_call(ctl_req(REQUEST_STATUS));
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

	req = ctl_req_domain(REQUEST_SHOW, argc, argv);
	reply = ctl_call(req);
	if (ctl_json)
		ctl_print_json(reply);
	else
		ctl_print_kv("", json_object_get(reply, CM(DOMAIN)));
	json_decref(reply);
	return CTL_EXIT_OK;
}

static void
ctl_set_pair(json_t *req, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t klen = eq != NULL ? (size_t)(eq - arg) : 0;
	uint64_t v;
	enum parse_err e;

	if (eq == NULL)
		ctl_usage_error("set: '%s' is not key=value (keys: min, max, "
		    "weight)", arg);
	for (size_t i = 0; i < CTL_NSETKEYS; i++) {
		const char *key = ctl_set_keys[i].key;

		if (strlen(key) != klen || strncmp(arg, key, klen) != 0)
			continue;
		if (ctl_set_keys[i].size)
			v = ctl_arg_size(key, eq + 1);
		else if ((e = parse_u64(eq + 1, 1, CONTROL_WEIGHT_MAX,
		    &v)) != PARSE_OK)
			ctl_usage_error("bad weight '%s': %s (expected an "
			    "integer from 1 to %u)", eq + 1, parse_strerror(e),
			    CONTROL_WEIGHT_MAX);
		json_object_set_new(req,
		    control_members[ctl_set_keys[i].member],
		    json_integer((json_int_t)v));
		return;
	}
	ctl_usage_error("set: unknown key '%.*s' (keys: min, max, weight)",
	    (int)klen, arg);
}

static int
ctl_cmd_set(int argc, char **argv)
{
	json_t *req;
	uint64_t lo, hi;

	req = ctl_req_domain(REQUEST_SET, argc, argv);
	for (int i = 1; i < argc; i++)
		ctl_set_pair(req, argv[i]);
	lo = ctl_u64(req, CM(MIN_KIB));
	hi = ctl_u64(req, CM(MAX_KIB));
	if (lo != 0 && hi != 0 && lo > hi) {
		char a[32], b[32];

		ctl_usage_error("set: min (%s) is above max (%s)",
		    format_size_kib(lo, a, sizeof(a)),
		    format_size_kib(hi, b, sizeof(b)));
	}
	ctl_done(ctl_call(req));
	return CTL_EXIT_OK;
}

static int
ctl_cmd_target(int argc, char **argv)
{
	json_t *req;

	req = ctl_req_domain(REQUEST_TARGET, argc, argv);
	json_object_set_new(req, CM(TARGET_KIB),
	    json_integer((json_int_t)ctl_arg_size("target", argv[1])));
	ctl_done(ctl_call(req));
	return CTL_EXIT_OK;
}

static int
ctl_cmd_unpin(int argc, char **argv)
{
	ctl_done(ctl_call(ctl_req_domain(REQUEST_UNPIN, argc, argv)));
	return CTL_EXIT_OK;
}

/*
 * The daemon answers at once with a pending reservation; we ask again
 * until it is held or has failed, so a daemon restart in between costs
 * only a reconnect, never a hung xl create.
 */
static int
ctl_reserve_wait(uint64_t id, uint64_t timeout_ms)
{
	uint64_t deadline = clock_mono_ms() + timeout_ms + 2000;

	for (;;) {
		json_t *req = ctl_req(REQUEST_RESERVATION), *reply, *r;
		const char *state;

		json_object_set_new(req, CM(ID), json_integer((json_int_t)id));
		reply = ctl_call(req);
		r = json_object_get(reply, CM(RESERVATION));
		state = ctl_str(r, CM(STATE), "");
		if (strcmp(state, "held") == 0) {
			if (ctl_json)
				ctl_print_json(reply);
			else
				printf("%" PRIu64 "\n", id);
			json_decref(reply);
			return CTL_EXIT_OK;
		}
		if (strcmp(state, "pending") != 0 ||
		    clock_mono_ms() > deadline) {
			if (ctl_json)
				ctl_print_json(reply);
			fprintf(stderr, "xenballoonctl: reservation %" PRIu64
			    " failed: %s\n", id, ctl_str(r, CM(REASON),
			    "timed out"));
			json_decref(reply);
			return CTL_EXIT_TIMEOUT;
		}
		json_decref(reply);
		usleep(CTL_POLL_MS * 1000);
	}
}

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
		ctl_usage_error("reserve: %s needs a value (usage: %s)", opt,
		    control_cmds[REQUEST_RESERVE].usage);
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
			timeout = ctl_arg_duration("bad timeout", v,
			    "a duration such as 500ms, 30s, 5m or 1h", 1,
			    UINT64_MAX);
		else if ((v = ctl_opt(argc, argv, &i, "--domain")) != NULL)
			dom = ctl_arg_domain(v);
		else if (ctl_reserve_src(argc, argv, &i, &v, &src)) {
			if (cfg != NULL)
				ctl_usage_error("reserve: one --for, "
				    "--for-saved or --for-libvirt (usage: %s)",
				    control_cmds[REQUEST_RESERVE].usage);
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
			    "(usage: %s)", argv[i],
			    control_cmds[REQUEST_RESERVE].usage);
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
		    "--for CONFIG (usage: %s)",
		    control_cmds[REQUEST_RESERVE].usage);
	if (cfg == NULL && !have_size)
		ctl_usage_error("reserve: missing arguments (usage: %s)",
		    control_cmds[REQUEST_RESERVE].usage);
	if (cfg != NULL)
		kib = ctl_reserve_config(cfg, src, over, nover, dry_run,
		    &dom);
	req = ctl_req(REQUEST_RESERVE);
	json_object_set_new(req, CM(SIZE_KIB), json_integer((json_int_t)kib));
	if (dom != NULL)
		json_object_set_new(req, CM(FOR), json_string(dom));
	json_object_set_new(req, CM(TIMEOUT_MS),
	    json_integer((json_int_t)timeout));
	reply = ctl_call(req);
	id = ctl_u64(reply, CM(ID));
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

	ctl_nargs(REQUEST_RELEASE, argc);
	e = parse_u64(argv[0], 1, INT64_MAX, &id);
	if (e != PARSE_OK)
		ctl_usage_error("bad reservation ID '%s': %s (expected the "
		    "number printed by reserve)", argv[0], parse_strerror(e));
	req = ctl_req(REQUEST_RELEASE);
	json_object_set_new(req, CM(ID), json_integer((json_int_t)id));
	ctl_done(ctl_call(req));
	return CTL_EXIT_OK;
}

static int
ctl_cmd_rebalance(int argc, char **argv)
{
	ctl_nargs(REQUEST_REBALANCE, argc);
	ctl_done(ctl_call(ctl_req(REQUEST_REBALANCE)));
	return CTL_EXIT_OK;
}

/* Synchronous, unlike SIGHUP: the unit's ExecReload, so that "systemctl
 * reload" fails when the daemon refuses the file. */
static int
ctl_cmd_reload(int argc, char **argv)
{
	ctl_nargs(REQUEST_RELOAD, argc);
	ctl_done(ctl_call(ctl_req(REQUEST_RELOAD)));
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
	req = ctl_req(REQUEST_LOG);
	if (argc > 0) {
		if (log_parse_classes(spec, LOGC_DEFAULT, &mask, err,
		    sizeof(err)) == -1)
			ctl_usage_error("log: %s", err);
		json_object_set_new(req, CM(CLASSES), json_string(spec));
	}
	reply = ctl_call(req);
	if (ctl_json)
		ctl_print_json(reply);
	else
		printf("%s\n", ctl_str(reply, CM(CLASSES), ""));
	json_decref(reply);
	return CTL_EXIT_OK;
}

/* --- top ---------------------------------------------------------------- */

static json_t *
ctl_top_fetch(void)
{
	return ctl_call(ctl_req(REQUEST_STATUS));
}

/* top's option with a value: -x V, -xV, --long V, --long=V; else NULL. */
static const char *
ctl_top_opt(int argc, char **argv, int *i, char sopt, const char *lopt)
{
	const char *a = argv[*i];
	size_t n = strlen(lopt);

	if (a[0] == '-' && a[1] == sopt) {
		if (a[2] != '\0')
			return a + 2;
	} else if (a[0] == '-' && a[1] == '-' &&
	    strncmp(a + 2, lopt, n) == 0 && (a[n + 2] == '\0' ||
	    a[n + 2] == '=')) {
		if (a[n + 2] == '=')
			return a + n + 3;
	} else
		return NULL;
	if (*i + 1 == argc)
		ctl_usage_error("top: %s needs a value (usage: %s)", a,
		    ctl_views[0].usage);
	return argv[++*i];
}


static enum top_sort
ctl_top_sort(const char *s)
{
	char keys[128] = "";
	int k = top_sort_find(s);

	if (k != -1)
		return (enum top_sort)k;
	for (size_t i = 0; i < TOP_NSORTS; i++) {
		strncat(keys, " ", sizeof(keys) - strlen(keys) - 1);
		strncat(keys, top_sort_keys[i].name,
		    sizeof(keys) - strlen(keys) - 1);
	}
	ctl_usage_error("top: unknown sort key '%s' (keys:%s)", s, keys);
}

static int
ctl_cmd_top(int argc, char **argv)
{
	struct top_opts o = { .view = { .delay_ms = TOP_DELAY_DEFAULT_MS,
	    .kib = ctl_kib } };
	const char *v;
	enum parse_err e;

	if (ctl_json)
		ctl_usage_error("top: no --json (status --json has the same "
		    "figures)");
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-b") == 0 ||
		    strcmp(argv[i], "--batch") == 0)
			o.batch = true;
		else if ((v = ctl_top_opt(argc, argv, &i, 'd', "delay")))
			o.view.delay_ms = (unsigned int)ctl_arg_duration(
			    "top: bad delay", v, "seconds, or a duration such "
			    "as 500ms or 1m", TOP_DELAY_MIN_MS,
			    TOP_DELAY_MAX_MS);
		else if ((v = ctl_top_opt(argc, argv, &i, 'o', "sort")))
			o.view.sort = ctl_top_sort(v);
		else if ((v = ctl_top_opt(argc, argv, &i, 'n',
		    "iterations"))) {
			if ((e = parse_u64(v, 1, UINT32_MAX, &o.iterations)) !=
			    PARSE_OK)
				ctl_usage_error("top: bad iterations '%s': %s "
				    "(expected a number of frames from 1 to "
				    "%u)", v, parse_strerror(e), UINT32_MAX);
		} else
			ctl_usage_error("top: unexpected argument '%s' "
			    "(usage: %s)", argv[i], ctl_views[0].usage);
	}
	ctl_atdie = top_tty_end;
	return top_run(&o, ctl_top_fetch);
}

static int
ctl_cmd_unset(int argc, char **argv)
{
	json_t *req, *keys = json_array();

	req = ctl_req_domain(REQUEST_UNSET, argc, argv);
	for (int i = 1; i < argc; i++) {
		size_t k;

		for (k = 0; k < CTL_NSETKEYS; k++)
			if (strcmp(argv[i], ctl_set_keys[k].key) == 0)
				break;
		if (k == CTL_NSETKEYS)
			ctl_usage_error("unset: unknown key '%s' (keys: min, "
			    "max, weight%s)", argv[i], strcmp(argv[i],
			    "pin") == 0 || strcmp(argv[i], "target") == 0 ?
			    "; unpin clears a pin" : "");
		json_array_append_new(keys,
		    json_string(control_members[ctl_set_keys[k].member]));
	}
	json_object_set_new(req, CM(KEYS), keys);
	ctl_done(ctl_call(req));
	return CTL_EXIT_OK;
}

/*
 * The file an import reads: what policy export prints, {"policies":
 * {...}}, with the reply's ok and version tolerated (--json's output).
 * Only its shape is checked here; the daemon checks every policy.
 */
static json_t *
ctl_import_file(const char *path)
{
	bool in = strcmp(path, "-") == 0;
	json_error_t jerr;
	json_t *root, *v;
	const char *k;

	root = in ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr) :
	    json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (in)
		path = "standard input";
	if (root == NULL)
		ctl_die(CTL_EXIT_FAIL, "policy import: %s: line %d: %s", path,
		    jerr.line, jerr.text);
	if (!json_is_object(root) || !json_is_object(json_object_get(root,
	    CM(POLICIES))))
		ctl_die(CTL_EXIT_FAIL, "policy import: %s: expected an object "
		    "with \"%s\" (as policy export prints)", path,
		    CM(POLICIES));
	json_object_foreach(root, k, v) {
		if (strcmp(k, CM(POLICIES)) != 0 && strcmp(k, CM(OK)) != 0 &&
		    strcmp(k, CM(VERSION)) != 0)
			ctl_die(CTL_EXIT_FAIL, "policy import: %s: unknown "
			    "member '%s' (expected %s)", path, k,
			    CM(POLICIES));
	}
	return root;
}

static int
ctl_cmd_policy(int argc, char **argv)
{
	json_t *req, *reply, *root;
	char *line;

	ctl_nargs(REQUEST_POLICY, argc);
	req = ctl_req(REQUEST_POLICY);
	if (strcmp(argv[0], CONTROL_POLICY_EXPORT) == 0 && argc == 1)
		json_object_set_new(req, CM(ACTION),
		    json_string(CONTROL_POLICY_EXPORT));
	else if (strcmp(argv[0], CONTROL_POLICY_IMPORT) == 0 && argc == 2) {
		root = ctl_import_file(argv[1]);
		json_object_set_new(req, CM(ACTION),
		    json_string(CONTROL_POLICY_IMPORT));
		json_object_set(req, CM(POLICIES), json_object_get(root,
		    CM(POLICIES)));
		json_decref(root);
		/* One request carries it all, or nothing is sent. */
		line = json_dumps(req, JSON_COMPACT);
		if (line == NULL || strlen(line) + 1 > CONTROL_REQUEST_MAX)
			ctl_die(CTL_EXIT_FAIL, "policy import: %s: too large "
			    "(%zu bytes as a request, at most %d): import it "
			    "in parts", argv[1], line ? strlen(line) + 1 : 0,
			    CONTROL_REQUEST_MAX);
		free(line);
	} else
		ctl_usage_error("policy: %s (usage: %s)", argc == 1 &&
		    strcmp(argv[0], CONTROL_POLICY_IMPORT) == 0 ?
		    "import needs a FILE, or - for standard input" :
		    "expected export or import FILE",
		    control_cmds[REQUEST_POLICY].usage);
	reply = ctl_call(req);
	if (ctl_json)
		ctl_print_json(reply);
	else if (strcmp(argv[0], CONTROL_POLICY_EXPORT) == 0) {
		json_t *o = json_object();

		json_object_set(o, CM(POLICIES), json_object_get(reply,
		    CM(POLICIES)));
		ctl_put_json(o, JSON_SORT_KEYS);
		json_decref(o);
	}
	json_decref(reply);
	return CTL_EXIT_OK;
}

/* One change of history's table, and where it came in the reply. */
struct ctl_change {
	json_t	*dom, *c;
	size_t	 seq;
};

static int
ctl_change_cmp(const void *a, const void *b)
{
	const struct ctl_change *x = a, *y = b;
	json_int_t tx = json_integer_value(json_object_get(x->c, CM(TIME_S)));
	json_int_t ty = json_integer_value(json_object_get(y->c, CM(TIME_S)));

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Every domain's changes in one table, oldest first, in local time. */
static void
ctl_print_history(json_t *reply)
{
	json_t *doms = json_object_get(reply, CM(DOMAINS)), *d, *c;
	struct ctl_change *v;
	size_t i, k, n = 0, seq = 0;
	int nw = ctl_name_width(doms), sw = ctl_kib ? 11 : 8;
	char a[32], b[32], when[32];

	json_array_foreach(doms, i, d)
		n += json_array_size(json_object_get(d, CM(HISTORY)));
	if ((v = calloc(n + 1, sizeof(*v))) == NULL)
		ctl_die(CTL_EXIT_FAIL, "out of memory");
	json_array_foreach(doms, i, d) {
		json_array_foreach(json_object_get(d, CM(HISTORY)), k, c) {
			v[seq] = (struct ctl_change){ d, c, seq };
			seq++;
		}
	}
	qsort(v, n, sizeof(*v), ctl_change_cmp);
	printf("%-19s %5s %-*s %*s    %*s %s\n", "TIME", "DOMID", nw, "NAME",
	    sw, "OLD", sw, "NEW", "REASON");
	for (i = 0; i < n; i++) {
		time_t t = (time_t)ctl_u64(v[i].c, CM(TIME_S));
		struct tm tm;

		if (localtime_r(&t, &tm) == NULL ||
		    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm) == 0)
			snprintf(when, sizeof(when), "@%lld", (long long)t);
		printf("%-19s %5" PRIu64 " %-*s %*s -> %*s %s%s\n", when,
		    ctl_u64(v[i].dom, CM(DOMID)), nw,
		    ctl_str(v[i].dom, CM(NAME), "-"),
		    sw, ctl_size(v[i].c, CM(OLD_KIB), a, sizeof(a)),
		    sw, ctl_size(v[i].c, CM(NEW_KIB), b, sizeof(b)),
		    ctl_str(v[i].c, CM(REASON), "-"),
		    json_is_true(json_object_get(v[i].c, CM(PRESSURE))) ?
		    " (under pressure)" : "");
	}
	free(v);
	json_array_foreach(doms, i, d) {
		uint64_t kept = json_array_size(json_object_get(d,
		    CM(HISTORY)));

		if (ctl_u64(d, CM(CHANGES)) > kept)
			printf("%s: %" PRIu64 " changes since xenballoond "
			    "started, the last %" PRIu64 " kept\n",
			    ctl_str(d, CM(NAME), "-"),
			    ctl_u64(d, CM(CHANGES)), kept);
	}
}

static int
ctl_cmd_history(int argc, char **argv)
{
	json_t *req, *reply;

	ctl_nargs(REQUEST_HISTORY, argc);
	req = ctl_req(REQUEST_HISTORY);
	if (argc == 1)
		json_object_set_new(req, CM(DOMAIN),
		    json_string(ctl_arg_domain(argv[0])));
	reply = ctl_call(req);
	if (ctl_json)
		ctl_print_json(reply);
	else
		ctl_print_history(reply);
	json_decref(reply);
	return CTL_EXIT_OK;
}

/*
 * The commands xenballoonctl offers (control.h's rows with cli set);
 * dashargs: words led by '-' are its arguments (log -policy) or options
 * it parses itself (reserve --timeout), not unknown options.
 */
static const struct {
	int		(*fn)(int, char **);
	bool		 dashargs;
} ctl_cmds[REQUEST_NCMDS] = {
	[REQUEST_STATUS]	= { ctl_cmd_status,	false },
	[REQUEST_SHOW]		= { ctl_cmd_show,	false },
	[REQUEST_SET]		= { ctl_cmd_set,	false },
	[REQUEST_TARGET]	= { ctl_cmd_target,	false },
	[REQUEST_UNPIN]		= { ctl_cmd_unpin,	false },
	[REQUEST_RESERVE]	= { ctl_cmd_reserve,	true },
	[REQUEST_RELEASE]	= { ctl_cmd_release,	false },
	[REQUEST_REBALANCE]	= { ctl_cmd_rebalance,	false },
	[REQUEST_RELOAD]	= { ctl_cmd_reload,	false },
	[REQUEST_LOG]		= { ctl_cmd_log,	true },
	[REQUEST_HISTORY]	= { ctl_cmd_history,	false },
	[REQUEST_UNSET]		= { ctl_cmd_unset,	false },
	[REQUEST_POLICY]	= { ctl_cmd_policy,	false },
};

/* A word that can only be meant as an option: -x, --x (not -1G). */
static bool
ctl_optlike(const char *s)
{
	return s[0] == '-' && (s[1] == '-' || (s[1] >= 'a' && s[1] <= 'z') ||
	    (s[1] >= 'A' && s[1] <= 'Z'));
}

static void
ctl_socket_arg(const char *opt, const char *v)
{
	if (v == NULL || *v == '\0')
		ctl_usage_error("%s needs a socket path", opt);
	ctl_socket = v;
}

/* The row of a long option ("json" of --json, "socket" of --socket=x). */
static int
ctl_opt_long(const char *a)
{
	for (size_t i = 0; i < CTL_NOPTS; i++) {
		size_t n = strlen(ctl_opts[i].lopt);

		if (strncmp(a, ctl_opts[i].lopt, n) == 0 && (a[n] == '\0' ||
		    (a[n] == '=' && ctl_opts[i].flag == NULL)))
			return (int)i;
	}
	return -1;
}

static int
ctl_opt_short(char c)
{
	for (size_t i = 0; i < CTL_NOPTS; i++)
		if (c != 0 && ctl_opts[i].sopt == c)
			return (int)i;
	return -1;
}

/*
 * A cluster of short flags (-jh) counts only if every letter is one, so
 * that "log -hv" still turns the hv class off; -s takes the rest of the
 * word or the next one.  Returns false for a word that is not ours.
 */
static bool
ctl_opt_shorts(const char *a, const char *next, int *used)
{
	int k = ctl_opt_short(a[1]);

	if (k != -1 && ctl_opts[k].flag == NULL) {
		*used = a[2] == '\0';
		ctl_socket_arg("-s", a[2] != '\0' ? a + 2 : next);
		return true;
	}
	for (const char *p = a + 1; *p != '\0'; p++)
		if ((k = ctl_opt_short(*p)) == -1 || ctl_opts[k].flag == NULL)
			return false;
	for (const char *p = a + 1; *p != '\0'; p++)
		*ctl_opts[ctl_opt_short(*p)].flag = true;
	return true;
}

/*
 * Take this program's options wherever they are ("xenballoonctl status
 * --json", as xl and systemctl allow) and leave every other word in
 * argv, in order, for the command.  "--" ends the options.  Returns the
 * words left.
 */
static int
ctl_options(int argc, char **argv)
{
	int n = 0, i, k, used;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] :
		    NULL;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		used = 0;
		if (a[0] == '-' && a[1] == '-' &&
		    (k = ctl_opt_long(a + 2)) != -1) {
			if (ctl_opts[k].flag != NULL)
				*ctl_opts[k].flag = true;
			else if (strchr(a, '=') != NULL)
				ctl_socket_arg("--socket", strchr(a, '=') + 1);
			else {
				ctl_socket_arg(a, next);
				used = 1;
			}
		} else if (!(a[0] == '-' && a[1] != '-' && a[1] != '\0' &&
		    ctl_opt_shorts(a, next, &used)))
			argv[n++] = argv[i];
		i += used;
	}
	while (i < argc)
		argv[n++] = argv[i++];
	return n;
}

static void __attribute__((noreturn))
ctl_unknown_command(const char *name)
{
	char list[256] = "";

	for (size_t i = 0; i < REQUEST_NCMDS; i++)
		if (control_cmds[i].cli) {
			strncat(list, " ", sizeof(list) - strlen(list) - 1);
			strncat(list, control_cmds[i].name,
			    sizeof(list) - strlen(list) - 1);
		}
	for (size_t i = 0; i < CTL_NVIEWS; i++) {
		strncat(list, " ", sizeof(list) - strlen(list) - 1);
		strncat(list, ctl_views[i].name, sizeof(list) - strlen(list) - 1);
	}
	ctl_usage_error("unknown command '%s' (commands:%s)", name, list);
}

int
main(int argc, char **argv)
{
	const char *env = getenv("XENBALLOON_SOCKET");
	int n, cmd;

	if (env != NULL && *env != '\0')
		ctl_socket = env;
	n = ctl_options(argc, argv);
	if (ctl_help) {
		if (ctl_json)
			ctl_usage_json();
		else
			ctl_usage(stdout);
		return CTL_EXIT_OK;
	}
	if (ctl_version) {
		printf("xenballoonctl %s (control protocol %d)\n",
		    PACKAGE_VERSION, CONTROL_VERSION);
		return CTL_EXIT_OK;
	}
	if (n == 0)
		ctl_usage_exit();
	if (ctl_optlike(argv[0]))
		ctl_usage_error("unknown option '%s'", argv[0]);
	for (size_t i = 0; i < CTL_NVIEWS; i++)
		if (strcmp(argv[0], ctl_views[i].name) == 0)
			return ctl_views[i].fn(n - 1, argv + 1);
	cmd = control_cmd_find(argv[0]);
	if (cmd == -1 || !control_cmds[cmd].cli || ctl_cmds[cmd].fn == NULL)
		ctl_unknown_command(argv[0]);
	for (int i = 1; i < n && !ctl_cmds[cmd].dashargs; i++)
		if (ctl_optlike(argv[i]))
			ctl_usage_error("%s: unknown option '%s' (usage: %s)",
			    argv[0], argv[i], control_cmds[cmd].usage);
	return ctl_cmds[cmd].fn(n - 1, argv + 1);
}
