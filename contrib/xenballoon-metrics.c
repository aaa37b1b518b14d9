/*
 * xenballoon-metrics.c - "xenballoonctl --json status" as Prometheus text
 * exposition format, for node_exporter's textfile collector:
 *
 *   xenballoonctl --json status | xenballoon-metrics -o DIR/xenballoon.prom
 *
 * Sizes become bytes and PSI percentages ratios, as Prometheus names its
 * units.  With -o the file is written beside its final name and renamed,
 * so the collector never reads half a file.  The input is the daemon's
 * reply and is checked like any outside input: a reply that is not a JSON
 * object with "host" and "domains" is refused with a clear error.
 *
 * Whatever the input, the output is whole: xenballoon_up says whether it
 * held a status reply.  Without one (a stopped daemon leaves the pipe
 * empty) only xenballoon_up 0 and the time of the last success are
 * written, so no series of the last good run lingers looking alive.  That
 * time is carried over from the file being replaced: the output file is
 * the only state.
 *
 * A domain's series are keyed by its UUID alone (a domid changes when the
 * domain is re-created or restored); xenballoon_domain_info maps the UUID
 * to the domain's name and domid.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "control.h"

#define METRICS_EXIT_USAGE	2
#define METRICS_PATH_MAX	4096
#define METRICS_INPUT_MAX	(16u << 20)	/* bytes of status reply */
#define METRICS_LAST_SUCCESS	"xenballoon_last_success_timestamp_seconds"

static const char *const metrics_states[] = {
	"idle", "shrinking", "growing", "stuck", "unmanaged", "below-min",
	"starting",
};

/* A label value: backslash, double quote and newline escaped. */
static void
metrics_escape(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '"')
			fputs("\\\"", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void
metrics_head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A domain's key, or NULL: without a UUID its series cannot be told apart. */
static const char *
metrics_uuid(const json_t *dom)
{
	const char *s = json_string_value(json_object_get(dom, CM(UUID)));

	return s != NULL && *s != '\0' ? s : NULL;
}

/*
 * The domains that can have series: those with a UUID, the first of each
 * UUID only, as two series with one key would make the whole file invalid.
 * NULL when out of memory.
 */
static json_t *
metrics_keyed(const json_t *doms)
{
	json_t *keyed = json_array(), *dom, *k;
	size_t i, j;

	if (keyed == NULL)
		return NULL;
	json_array_foreach(doms, i, dom) {
		const char *uuid = metrics_uuid(dom);
		bool dup = false;

		if (uuid == NULL)
			continue;
		json_array_foreach(keyed, j, k)
			if (strcmp(metrics_uuid(k), uuid) == 0)
				dup = true;
		if (dup) {
			fprintf(stderr, "xenballoon-metrics: domain %s listed "
			    "twice: only the first is exported\n", uuid);
			continue;
		}
		if (json_array_append(keyed, dom) < 0) {
			json_decref(keyed);
			return NULL;
		}
	}
	return keyed;
}

static void
metrics_uuid_label(FILE *f, const char *uuid)
{
	fputs("uuid=\"", f);
	metrics_escape(f, uuid);
	fputc('"', f);
}

/* An integer or real member, or false when absent or of another type. */
static bool
metrics_number(const json_t *o, const char *key, double *out)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return true;
}

/* One unlabelled sample of member key, times scale, if it is there. */
static void
metrics_scalar(FILE *f, const json_t *o, const char *key, double scale,
    const char *name, const char *type, const char *help)
{
	double v;

	if (!metrics_number(o, key, &v))
		return;
	metrics_head(f, name, type, help);
	fprintf(f, "%s %.0f\n", name, v * scale);
}

static void
metrics_host(FILE *f, const json_t *host)
{
	static const struct {
		enum control_member	 key;
		const char		*name, *help;
	} sizes[] = {
		{ CM_TOTAL_KIB, "xenballoon_host_total_bytes",
		    "Host memory, as the hypervisor reports it." },
		{ CM_FREE_KIB, "xenballoon_host_free_bytes",
		    "Host memory free now." },
		{ CM_RESERVED_KIB, "xenballoon_host_reserved_bytes",
		    "Memory held for reservations." },
		{ CM_SLACK_KIB, "xenballoon_host_slack_bytes",
		    "Memory always kept free (slack)." },
		{ CM_BUDGET_KIB, "xenballoon_host_budget_bytes",
		    "Memory the planner may hand out: min(total, "
		    "free + actuals)." },
		{ CM_COMMITTED_KIB, "xenballoon_host_committed_bytes",
		    "Committed to domains + reservations + slack." },
		{ CM_DEFICIT_KIB, "xenballoon_host_deficit_bytes",
		    "Committed memory above the budget (0 normally)." },
		{ CM_UNMET_KIB, "xenballoon_host_unmet_bytes",
		    "Guest demand the host cannot meet." },
	};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		metrics_scalar(f, host, control_members[sizes[i].key], 1024,
		    sizes[i].name,
		    "gauge", sizes[i].help);
	metrics_scalar(f, host, CM(STUCK), 1, "xenballoon_host_stuck_domains",
	    "gauge", "Domains held as stuck.");
	metrics_scalar(f, host, CM(ROUNDS), 1, "xenballoon_rounds_total",
	    "counter", "Rounds since the daemon started in which the "
	    "hypervisor answered.");
}

#define METRICS_DOM	CM_COUNT	/* the domain object itself */

/* One metric family over every domain: scale 1024 for KiB, 0.01 for %. */
struct metrics_dom_field {
	enum control_member	 obj;	/* METRICS_DOM, GUEST, BALLOON */
	enum control_member	 key;
	const char		*name, *type, *help;
	double		 scale;
};

static const struct metrics_dom_field metrics_dom_fields[] = {
	{ METRICS_DOM, CM_ACTUAL_KIB, "xenballoon_domain_actual_bytes", "gauge",
	    "Memory the domain holds (hypervisor's count).", 1024 },
	{ METRICS_DOM, CM_TARGET_KIB, "xenballoon_domain_target_bytes", "gauge",
	    "The domain's target, video RAM included.", 1024 },
	{ METRICS_DOM, CM_MAXMEM_KIB, "xenballoon_domain_maxmem_bytes", "gauge",
	    "The domain's maxmem in the hypervisor.", 1024 },
	{ METRICS_DOM, CM_MIN_KIB, "xenballoon_domain_min_bytes", "gauge",
	    "Lower bound the planner applies.", 1024 },
	{ METRICS_DOM, CM_MAX_KIB, "xenballoon_domain_max_bytes", "gauge",
	    "Upper bound the planner applies.", 1024 },
	{ METRICS_DOM, CM_PINNED_KIB, "xenballoon_domain_pinned_bytes", "gauge",
	    "Target pinned by the administrator (0: not pinned).", 1024 },
	{ METRICS_DOM, CM_DEMAND_KIB, "xenballoon_domain_demand_bytes", "gauge",
	    "Memory the planner reckons the guest needs.", 1024 },
	{ METRICS_DOM, CM_WEIGHT, "xenballoon_domain_weight", "gauge",
	    "Share weight under contention.", 1 },
	{ METRICS_DOM, CM_STARVED_MS, "xenballoon_domain_starved_seconds_total",
	    "counter", "Time the guest was under memory pressure.", 0.001 },
	{ METRICS_DOM, CM_STARVE_SPELLS,
	    "xenballoon_domain_starve_spells_total", "counter",
	    "Spells of memory pressure the guest went through.", 1 },
	{ CM_GUEST, CM_MEM_TOTAL_KIB, "xenballoon_guest_memtotal_bytes",
	    "gauge", "MemTotal the guest reports.", 1024 },
	{ CM_GUEST, CM_MEM_AVAILABLE_KIB, "xenballoon_guest_memavailable_bytes",
	    "gauge", "MemAvailable the guest reports.", 1024 },
	{ CM_GUEST, CM_PSI_SOME_AVG10, "xenballoon_guest_psi_some_avg10_ratio",
	    "gauge", "Guest memory pressure, some, 10 s average.", 0.01 },
	{ CM_GUEST, CM_PSI_FULL_AVG10, "xenballoon_guest_psi_full_avg10_ratio",
	    "gauge", "Guest memory pressure, full, 10 s average.", 0.01 },
	{ CM_GUEST, CM_SWAP_IN_KIBPS,
	    "xenballoon_guest_swap_in_bytes_per_second",
	    "gauge", "Guest swap-in rate.", 1024 },
	{ CM_GUEST, CM_SWAP_OUT_KIBPS,
	    "xenballoon_guest_swap_out_bytes_per_second", "gauge",
	    "Guest swap-out rate.", 1024 },
	{ CM_GUEST, CM_OOM_KILLS, "xenballoon_guest_oom_kills_total", "counter",
	    "OOM kills in the guest since it booted.", 1 },
	{ CM_GUEST, CM_REFAULT_KIBPS,
	    "xenballoon_guest_refault_bytes_per_second", "gauge",
	    "Guest working-set refault rate (evicted pages read back).",
	    1024 },
	{ CM_GUEST, CM_BAD_VALUES, "xenballoon_guest_bad_values_total",
	    "counter", "Malformed guest keys ignored.", 1 },
	{ CM_BALLOON, CM_CURRENT_KIB, "xenballoon_balloon_current_bytes",
	    "gauge", "What the guest's balloon driver says it holds.", 1024 },
	{ CM_BALLOON, CM_TARGET_KIB, "xenballoon_balloon_target_bytes",
	    "gauge", "The target the guest's balloon driver works toward.",
	    1024 },
	{ CM_BALLOON, CM_RETRIES, "xenballoon_balloon_retries", "gauge",
	    "Failed balloon attempts since the target was last reached.", 1 },
};

static const json_t *
metrics_field_obj(const json_t *dom, enum control_member obj)
{
	const json_t *g;

	if (obj == METRICS_DOM)
		return dom;
	g = json_object_get(dom, CM(GUEST));
	if (obj == CM_GUEST)
		return g;
	return json_object_get(g, control_members[obj]);
}

/* UUID -> name and domid, the one place a domid or a name is a label. */
static void
metrics_domain_info(FILE *f, const json_t *doms)
{
	bool head = false;
	size_t i;
	json_t *dom;

	json_array_foreach(doms, i, dom) {
		const char *uuid = metrics_uuid(dom);
		const char *name = json_string_value(json_object_get(dom,
		    CM(NAME)));
		double id;

		if (uuid == NULL)
			continue;
		if (!head)
			metrics_head(f, "xenballoon_domain_info", "gauge",
			    "A domain's name and domid, by UUID (always 1).");
		head = true;
		fputs("xenballoon_domain_info{", f);
		metrics_uuid_label(f, uuid);
		fputs(",name=\"", f);
		metrics_escape(f, name != NULL ? name : "");
		fputs("\",domid=\"", f);
		if (metrics_number(dom, CM(DOMID), &id))
			fprintf(f, "%.0f", id);
		fputs("\"} 1\n", f);
	}
}

static void
metrics_domain_field(FILE *f, const json_t *doms,
    const struct metrics_dom_field *fd)
{
	bool head = false;
	size_t i;
	json_t *dom;

	json_array_foreach(doms, i, dom) {
		const char *uuid = metrics_uuid(dom);
		double v;

		if (uuid == NULL || !metrics_number(metrics_field_obj(dom,
		    fd->obj), control_members[fd->key], &v))
			continue;
		if (!head)
			metrics_head(f, fd->name, fd->type, fd->help);
		head = true;
		fprintf(f, "%s{", fd->name);
		metrics_uuid_label(f, uuid);
		fprintf(f, "} %.*f\n", fd->scale < 1 ? 4 : 0, v * fd->scale);
	}
}

static void
metrics_domain_state(FILE *f, const json_t *doms)
{
	size_t i, nstates = sizeof(metrics_states) / sizeof(metrics_states[0]);
	bool head = false;
	json_t *dom;

	json_array_foreach(doms, i, dom) {
		const char *st = json_string_value(json_object_get(dom,
		    CM(STATE)));
		const char *uuid = metrics_uuid(dom);

		if (st == NULL || uuid == NULL)
			continue;
		if (!head)
			metrics_head(f, "xenballoon_domain_state", "gauge",
			    "The planner's state of the domain "
			    "(1 for the current one).");
		head = true;
		for (size_t k = 0; k < nstates; k++) {
			fputs("xenballoon_domain_state{", f);
			metrics_uuid_label(f, uuid);
			fprintf(f, ",state=\"%s\"} %d\n", metrics_states[k],
			    strcmp(st, metrics_states[k]) == 0);
		}
	}
}

static void
metrics_reservations(FILE *f, const json_t *res)
{
	size_t i;
	json_t *r;

	if (json_array_size(res) == 0)
		return;
	metrics_head(f, "xenballoon_reservation_bytes", "gauge",
	    "Memory reservations and their state.");
	json_array_foreach(res, i, r) {
		const char *st = json_string_value(json_object_get(r,
		    CM(STATE)));
		double id, size;

		if (!metrics_number(r, CM(ID), &id) ||
		    !metrics_number(r, CM(SIZE_KIB), &size))
			continue;
		fprintf(f, "xenballoon_reservation_bytes{id=\"%.0f\",state=\"",
		    id);
		metrics_escape(f, st ? st : "");
		fprintf(f, "\"} %.0f\n", size * 1024);
	}
}

/* The daemon's own figures; absent from older daemons' replies. */
static void
metrics_daemon(FILE *f, const json_t *dm)
{
	/*
	 * Quantiles of the last 1024 plans, not running sums: gauges, one a
	 * quantile.  A summary would need the running sum of plan times,
	 * which the daemon does not keep.
	 */
	static const struct {
		enum control_member	 key;
		const char		*name, *help;
	} q[] = {
		{ CM_PLAN_US_P50, "xenballoon_plan_p50_seconds",
		    "Median planner time per plan (computation and check, "
		    "no I/O) over the last 1024 plans." },
		{ CM_PLAN_US_P99, "xenballoon_plan_p99_seconds",
		    "99th percentile of planner time per plan over the last "
		    "1024 plans." },
		{ CM_PLAN_US_MAX, "xenballoon_plan_max_seconds",
		    "Longest planner time per plan over the last 1024 plans." },
	};
	double v;

	if (!json_is_object(dm))
		return;
	metrics_scalar(f, dm, CM(WATCH_EVENTS), 1,
	    "xenballoon_watch_events_total", "counter",
	    "xenstore watch events the daemon handled.");
	metrics_scalar(f, dm, CM(PLAN_ERRORS), 1, "xenballoon_plan_errors_total",
	    "counter", "Plans refused or failed (none is ever applied).");
	metrics_scalar(f, dm, CM(PLANS), 1, "xenballoon_plans_total", "counter",
	    "Plans that passed the check and were applied since the daemon "
	    "started.");
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		if (!metrics_number(dm, control_members[q[i].key], &v))
			continue;
		metrics_head(f, q[i].name, "gauge", q[i].help);
		fprintf(f, "%s %.6f\n", q[i].name, v / 1e6);
	}
}

/* xenballoon_up, and when the daemon last answered (last < 0: unknown). */
static void
metrics_up(FILE *f, int up, long long last)
{
	metrics_head(f, "xenballoon_up", "gauge",
	    "1 if xenballoond answered with its status, 0 if not.");
	fprintf(f, "xenballoon_up %d\n", up);
	if (last < 0)
		return;
	metrics_head(f, METRICS_LAST_SUCCESS, "gauge",
	    "When xenballoond last answered with its status (Unix time).");
	fprintf(f, METRICS_LAST_SUCCESS " %lld\n", last);
}

/*
 * The whole output.  status NULL (no reply): xenballoon_up 0 and the last
 * success carried over, nothing else.
 */
static int
metrics_write(FILE *f, const json_t *status, long long now, long long last)
{
	json_t *doms;

	if (status == NULL) {
		metrics_up(f, 0, last);
		return ferror(f) ? -1 : 0;
	}
	if ((doms = metrics_keyed(json_object_get(status, CM(DOMAINS)))) ==
	    NULL) {
		fprintf(stderr, "xenballoon-metrics: out of memory\n");
		return -1;
	}
	metrics_up(f, 1, now);
	metrics_host(f, json_object_get(status, CM(HOST)));
	metrics_domain_info(f, doms);
	for (size_t i = 0; i < sizeof(metrics_dom_fields) /
	    sizeof(metrics_dom_fields[0]); i++)
		metrics_domain_field(f, doms, &metrics_dom_fields[i]);
	metrics_domain_state(f, doms);
	metrics_reservations(f, json_object_get(status, CM(RESERVATIONS)));
	metrics_daemon(f, json_object_get(status, CM(DAEMON)));
	json_decref(doms);
	return ferror(f) ? -1 : 0;
}

/* Write to path.tmp in the same directory, then rename over path. */
static int
metrics_write_file(const char *path, const json_t *status, long long now,
    long long last)
{
	char tmp[METRICS_PATH_MAX];
	FILE *f;
	int r;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
		fprintf(stderr, "xenballoon-metrics: path too long: %s\n", path);
		return -1;
	}
	if ((f = fopen(tmp, "w")) == NULL) {
		fprintf(stderr, "xenballoon-metrics: %s: %s\n", tmp,
		    strerror(errno));
		return -1;
	}
	r = metrics_write(f, status, now, last);
	if (fclose(f) != 0 || r < 0 || rename(tmp, path) < 0) {
		fprintf(stderr, "xenballoon-metrics: cannot write %s: %s\n",
		    path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/*
 * The last success recorded in the file about to be replaced, or -1.  The
 * file is ours, but may be anything: only a whole line "name N" counts.
 */
static long long
metrics_last_success(const char *path)
{
	static const char name[] = METRICS_LAST_SUCCESS " ";
	char line[512], *end;
	bool bol = true;
	long long v = -1, t;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		bool whole = strchr(line, '\n') != NULL;

		if (bol && whole && strncmp(line, name, sizeof(name) - 1) == 0) {
			errno = 0;
			t = strtoll(line + sizeof(name) - 1, &end, 10);
			if (errno == 0 && t >= 0 && end != line +
			    sizeof(name) - 1 && strcmp(end, "\n") == 0)
				v = t;
		}
		bol = whole;
	}
	fclose(f);
	return v;
}

/*
 * The status reply from path (NULL: standard input), or NULL after saying
 * why there is none.  Empty input is what a stopped daemon leaves.
 */
static json_t *
metrics_read(const char *path)
{
	const char *what = path != NULL ? path : "<stdin>";
	FILE *in = stdin;
	json_error_t err;
	json_t *status;
	char *buf;
	size_t len;

	if (path != NULL && (in = fopen(path, "r")) == NULL) {
		fprintf(stderr, "xenballoon-metrics: %s: %s\n", path,
		    strerror(errno));
		return NULL;
	}
	if ((buf = malloc(METRICS_INPUT_MAX + 1)) == NULL) {
		fprintf(stderr, "xenballoon-metrics: out of memory\n");
		goto fail;
	}
	len = fread(buf, 1, METRICS_INPUT_MAX + 1, in);
	if (ferror(in)) {
		fprintf(stderr, "xenballoon-metrics: %s: read error\n", what);
		goto fail;
	}
	if (len > METRICS_INPUT_MAX) {
		fprintf(stderr, "xenballoon-metrics: %s: longer than %u "
		    "bytes\n", what, METRICS_INPUT_MAX);
		goto fail;
	}
	buf[len] = '\0';
	if (strspn(buf, " \t\r\n") == len) {
		fprintf(stderr, "xenballoon-metrics: %s: empty: no status "
		    "reply (is xenballoond running?)\n", what);
		goto fail;
	}
	if ((status = json_loadb(buf, len, 0, &err)) == NULL) {
		fprintf(stderr, "xenballoon-metrics: %s:%d: %s\n", what,
		    err.line, err.text);
		goto fail;
	}
	if (!json_is_object(json_object_get(status, CM(HOST))) ||
	    !json_is_array(json_object_get(status, CM(DOMAINS)))) {
		fprintf(stderr, "xenballoon-metrics: %s: not a status reply "
		    "(expected an object with \"host\" and \"domains\")\n",
		    what);
		json_decref(status);
		goto fail;
	}
	free(buf);
	if (in != stdin)
		fclose(in);
	return status;
fail:
	free(buf);
	if (in != stdin)
		fclose(in);
	return NULL;
}

/* -h: the usage on standard output, exit 0; a bad line: stderr, 2. */
static void __attribute__((noreturn))
metrics_usage(FILE *f, int code)
{
	fprintf(f, "usage: xenballoon-metrics [-hV] [-o file] [status.json]\n"
	    "reads \"xenballoonctl --json status\" (standard input when no "
	    "file is given)\nand prints it in Prometheus text format\n");
	exit(code);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output",	required_argument,	NULL, 'o' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	struct timespec ts;
	long long last;
	json_t *status;
	int c, r;

	while ((c = getopt_long(argc, argv, "o:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			metrics_usage(stdout, 0);
		case 'V':
			printf("xenballoon-metrics %s (control protocol %d)\n",
			    PACKAGE_VERSION, CONTROL_VERSION);
			return 0;
		default:
			metrics_usage(stderr, METRICS_EXIT_USAGE);
		}
	}
	if (argc - optind > 1)
		metrics_usage(stderr, METRICS_EXIT_USAGE);
	status = metrics_read(optind < argc ? argv[optind] : NULL);
	last = out != NULL ? metrics_last_success(out) : -1;
	/*
	 * Not time(): glibc reads it from the coarse clock, a tick behind
	 * date(1)'s, so a run just after a second began said it ran in the
	 * second before (tests/package/metrics.sh 20, once in a make check).
	 */
	clock_gettime(CLOCK_REALTIME, &ts);
	r = out != NULL ?
	    metrics_write_file(out, status, (long long)ts.tv_sec, last) :
	    metrics_write(stdout, status, (long long)ts.tv_sec, last);
	if (r == 0 && out == NULL && fflush(stdout) != 0)
		r = -1;
	if (status == NULL)
		return 1;
	json_decref(status);
	return r < 0 ? 1 : 0;
}
