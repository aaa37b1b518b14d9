/*
 * xb-simhv - the simulated hypervisor behind `xenballoond --backend=sim`.
 *
 * Host and domain facts live in xenstore (layout in daemon/hv.h and
 * hv_sim.c), served by tests/xsd/xb-xsd:
 *
 *   xb-simhv host SIZE                 set the host's memory
 *   xb-simhv create DOMID NAME SIZE [--static-max SIZE] [--behaviour B]
 *                   [--uuid UUID] [--used SIZE] [--starting
 *                   [--holding SIZE]]
 *                                      build a domain and introduce it
 *                                      (domid 0: dom0, never introduced);
 *                                      --starting leaves it paused before
 *                                      its first run, as xl create, xl
 *                                      restore and xl migrate-receive do
 *                                      while they fill it; --holding:
 *                                      it holds SIZE of its target so
 *                                      far (a stream still coming in);
 *                                      --no-memory-keys: xl has not
 *                                      written memory/static-max and
 *                                      memory/target yet
 *   xb-simhv unpause DOMID             run it
 *   xb-simhv destroy DOMID             release it (fires @releaseDomain)
 *   xb-simhv behave DOMID B            change its balloon driver
 *   xb-simhv run                       simulate balloon drivers: move each
 *                                      domain's tot_kib toward its target
 *   xb-simhv notify PATH SECONDS       (test helper) print the sd_notify
 *                                      datagrams sent to PATH, one a line
 *   xb-simhv settled                   exit 0 if every running domain holds
 *                                      its target (within 4 MiB)
 *   xb-simhv check [SLACK]             exit 1 (and say why) if the promises
 *                                      overcommit the host: sum over domains
 *                                      of max(actual, target) + SLACK > total
 *                                      (a starting domain counts for what
 *                                      it holds: its target is xl's)
 *
 * Behaviours: ideal (512 MiB/s), slow (64 MiB/s), stuck (never moves),
 * floor=SIZE (will not shrink below SIZE: a hidden floor), giveup (a
 * patched driver that moves at most 256 MiB per write of memory/target,
 * even of the same value, then gives up and says so in data/balloon/),
 * stock (the same, but as Linux's own driver since 5.15: only a write of
 * a value other than the one it last acted on wakes it, read when the
 * watch fires, and it says nothing in data/balloon/).  Like Xen, a
 * domain never grows above its maxmem nor into memory that is not free.
 * `run` counts the writes of each domain's memory/target in
 * /sim/dom/<domid>/target_writes.
 * With --used, `run` also publishes the guest agent's data/meminfo_*.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <xenstore.h>

#include "parse.h"
#include "xskeys.h"

#define SIM_TICK_MS		100
#define SIM_IDEAL_KIB_TICK	(512 * 1024 / 10)
#define SIM_SLOW_KIB_TICK	(64 * 1024 / 10)
#define SIM_MAX_DOMS		4096
#define PLAN_NONE_SIM		UINT64_MAX	/* no --holding */

static struct xs_handle	*xs;

static void __attribute__((noreturn, format(printf, 1, 2)))
sim_die(const char *fmt, ...)
{
	va_list ap;

	fputs("xb-simhv: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static bool
sim_tread_u64(xs_transaction_t t, const char *path, uint64_t *out)
{
	unsigned int len;
	char *v = xs_read(xs, t, path, &len);
	enum parse_err e;

	if (v == NULL)
		return false;
	e = parse_xs_u64(v, len, 0, UINT64_MAX / 2, out);
	free(v);
	return e == PARSE_OK;
}

static bool
sim_read_u64(const char *path, uint64_t *out)
{
	return sim_tread_u64(XBT_NULL, path, out);
}

/* A key of domid's home, named from the key table (common/xskeys.c). */
static const char *
sim_key(char *buf, size_t len, unsigned int domid, enum xsk_id id)
{
	snprintf(buf, len, "/local/domain/%u/%s", domid, xskey(id)->path);
	return buf;
}

static void
sim_write(const char *path, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!xs_write(xs, XBT_NULL, path, buf, strlen(buf)))
		sim_die("write %s: %s", path, strerror(errno));
}

static uint64_t
sim_size(const char *s)
{
	uint64_t kib;
	enum parse_err e = parse_size_kib(s, &kib);

	if (e != PARSE_OK)
		sim_die("bad size '%s': %s", s, parse_strerror(e));
	return kib;
}

/* Free memory: total minus what every domain holds. */
/*
 * Write a domain's new holding unless it was destroyed meanwhile: a plain
 * write after `destroy` removed /sim/dom/N would create /sim/dom/N again,
 * a domain holding memory for ever that nobody knows (faults.sh's domain
 * destroyed mid-shrink: one CI run of it saw every sample overcommitted
 * by that ghost).  The read in the transaction makes a destroy in
 * between a conflict (EAGAIN), and the retry finds the domain gone.
 */
static bool
sim_write_tot(unsigned int domid, uint64_t v)
{
	char path[64], buf[32];
	xs_transaction_t t;
	uint64_t cur;

	snprintf(path, sizeof(path), "/sim/dom/%u/tot_kib", domid);
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	for (;;) {
		if ((t = xs_transaction_start(xs)) == XBT_NULL)
			sim_die("transaction_start: %s", strerror(errno));
		if (!sim_tread_u64(t, path, &cur)) {
			(void)xs_transaction_end(xs, t, true);
			return false;
		}
		if (!xs_write(xs, t, path, buf, strlen(buf)))
			sim_die("write %s: %s", path, strerror(errno));
		if (xs_transaction_end(xs, t, false))
			return true;
		if (errno != EAGAIN)
			sim_die("transaction_end: %s", strerror(errno));
	}
}

static uint64_t
sim_free(void)
{
	unsigned int n;
	char **ents = xs_directory(xs, XBT_NULL, "/sim/dom", &n);
	uint64_t total = 0, used = 0, v;
	char path[64];

	sim_read_u64("/sim/host/total_kib", &total);
	for (unsigned int i = 0; ents != NULL && i < n; i++) {
		snprintf(path, sizeof(path), "/sim/dom/%s/tot_kib", ents[i]);
		if (sim_read_u64(path, &v))
			used += v;
	}
	free(ents);
	return used < total ? total - used : 0;
}

static int
sim_cmd_host(int argc, char **argv)
{
	if (argc != 2)
		sim_die("usage: host SIZE");
	sim_write("/sim/host/total_kib", "%" PRIu64, sim_size(argv[1]));
	return 0;
}

static void
sim_make_uuid(unsigned int domid, char *out, size_t len)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(out, len, "%08x-%04x-4%03x-8%03x-%012llx",
	    (unsigned int)ts.tv_nsec, domid & 0xffff, (unsigned int)getpid() &
	    0xfff, (unsigned int)(ts.tv_sec & 0xfff),
	    (unsigned long long)(ts.tv_sec * 1000003ull + domid) &
	    0xffffffffffffull);
}

static int
sim_cmd_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "static-max",	required_argument, NULL, 'm' },
		{ "behaviour",	required_argument, NULL, 'b' },
		{ "uuid",	required_argument, NULL, 'u' },
		{ "used",	required_argument, NULL, 'U' },
		{ "starting",	no_argument,	   NULL, 's' },
		{ "holding",	required_argument, NULL, 'H' },
		{ "no-memory-keys", no_argument,   NULL, 'K' },
		{ NULL, 0, NULL, 0 },
	};
	const char *state = "running";
	bool keys = true;
	const char *beh = "ideal", *uuid = NULL;
	uint64_t domid, mem, smax = 0, used = 0, hold = PLAN_NONE_SIM;
	char path[96], ubuf[40];
	uint8_t raw[16];
	struct xs_permissions perms[2];
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': smax = sim_size(optarg); break;
		case 'b': beh = optarg; break;
		case 'u': uuid = optarg; break;
		case 'U': used = sim_size(optarg); break;
		case 's': state = "starting"; break;
		case 'H': hold = sim_size(optarg); break;
		case 'K': keys = false; break;
		default: sim_die("bad option for create");
		}
	}
	if (argc - optind != 3)
		sim_die("usage: create DOMID NAME SIZE [--static-max SIZE] "
		    "[--behaviour B] [--uuid UUID] [--used SIZE] "
		    "[--starting [--holding SIZE] [--no-memory-keys]]");
	if (parse_u64(argv[optind], 0, DOMID_MAX_VALID, &domid) != PARSE_OK)
		sim_die("bad domid '%s'", argv[optind]);
	mem = sim_size(argv[optind + 2]);
	if (smax == 0)
		smax = mem;
	if (hold == PLAN_NONE_SIM || strcmp(state, "starting") != 0)
		hold = mem;
	if (hold > mem)
		sim_die("--holding more than the domain's size");
	if (hold > sim_free())
		sim_die("not enough free memory for %" PRIu64 " KiB", hold);
	if (uuid == NULL) {
		sim_make_uuid((unsigned int)domid, ubuf, sizeof(ubuf));
		uuid = ubuf;
	}
	if (parse_uuid(uuid, raw) != PARSE_OK)
		sim_die("bad uuid '%s'", uuid);
#define P(fmt) (snprintf(path, sizeof(path), fmt, (unsigned)domid), path)
	sim_write(P("/sim/dom/%u/uuid"), "%s", uuid);
	sim_write(P("/sim/dom/%u/name"), "%s", argv[optind + 1]);
	sim_write(P("/sim/dom/%u/max_kib"), "%" PRIu64, mem + 1024);
	sim_write(P("/sim/dom/%u/behaviour"), "%s", beh);
	sim_write(P("/sim/dom/%u/used_kib"), "%" PRIu64, used);
	sim_write(P("/sim/dom/%u/state"), "%s", state);
	/* A home as libxl makes it: memory/ read-only to the guest,
	 * data/ and attr/ its own. */
	perms[0] = (struct xs_permissions){ .id = 0, .perms = XS_PERM_NONE };
	perms[1] = (struct xs_permissions){ .id = (unsigned)domid,
	    .perms = XS_PERM_READ };
	sim_write(P("/local/domain/%u/name"), "%s", argv[optind + 1]);
	sim_write(P("/local/domain/%u/domid"), "%u", (unsigned)domid);
	if (keys) {
		sim_write(sim_key(path, sizeof(path), domid,
		    XSK_MEM_STATIC_MAX), "%" PRIu64, smax);
		sim_write(sim_key(path, sizeof(path), domid, XSK_MEM_TARGET),
		    "%" PRIu64, mem);
	}
	xs_set_permissions(xs, XBT_NULL, P("/local/domain/%u"), perms, 2);
	xs_set_permissions(xs, XBT_NULL, P("/local/domain/%u/memory"), perms,
	    2);
	perms[0] = (struct xs_permissions){ .id = (unsigned)domid,
	    .perms = XS_PERM_NONE };
	xs_mkdir(xs, XBT_NULL, P("/local/domain/%u/data"));
	xs_set_permissions(xs, XBT_NULL, path, perms, 1);
	xs_mkdir(xs, XBT_NULL, P("/local/domain/%u/attr"));
	xs_set_permissions(xs, XBT_NULL, path, perms, 1);
	/* Last: the hypervisor "allocates" and the domain exists. */
	sim_write(P("/sim/dom/%u/tot_kib"), "%" PRIu64, hold);
#undef P
	/* dom0 is there from the start: xenstored knows it already. */
	if (domid != 0 && !xs_introduce_domain(xs, (unsigned)domid, 0, 0))
		sim_die("introduce %u: %s", (unsigned)domid, strerror(errno));
	return 0;
}

static int
sim_cmd_destroy(int argc, char **argv)
{
	uint64_t domid;
	char path[64];

	if (argc != 2 || parse_u64(argv[1], 1, DOMID_MAX_VALID, &domid) !=
	    PARSE_OK)
		sim_die("usage: destroy DOMID");
	snprintf(path, sizeof(path), "/sim/dom/%u", (unsigned)domid);
	xs_rm(xs, XBT_NULL, path);
	snprintf(path, sizeof(path), "/local/domain/%u", (unsigned)domid);
	xs_rm(xs, XBT_NULL, path);
	if (!xs_release_domain(xs, (unsigned)domid))
		sim_die("release %u: %s", (unsigned)domid, strerror(errno));
	return 0;
}

static int
sim_cmd_unpause(int argc, char **argv)
{
	uint64_t domid;
	char path[64];

	if (argc != 2 || parse_u64(argv[1], 0, DOMID_MAX_VALID, &domid) !=
	    PARSE_OK)
		sim_die("usage: unpause DOMID");
	snprintf(path, sizeof(path), "/sim/dom/%u/state", (unsigned)domid);
	sim_write(path, "running");
	return 0;
}

static int
sim_cmd_behave(int argc, char **argv)
{
	char path[64];

	if (argc != 3)
		sim_die("usage: behave DOMID BEHAVIOUR");
	snprintf(path, sizeof(path), "/sim/dom/%s/behaviour", argv[1]);
	sim_write(path, "%s", argv[2]);
	return 0;
}

/* ---- run: the balloon drivers ----------------------------------------- */

static volatile sig_atomic_t sim_stop;

#define SIM_GIVEUP_KIB	(256 * 1024)
static uint64_t	sim_budget[DOMID_MAX_VALID + 1];	/* giveup drivers */
static bool	sim_said[DOMID_MAX_VALID + 1];		/* ... and gave up */
static uint64_t	sim_seen[DOMID_MAX_VALID + 1];		/* stock: last target
							   acted on, + 1 */
static uint64_t	sim_writes[DOMID_MAX_VALID + 1];	/* of memory/target */
static uint64_t	sim_used_pub[DOMID_MAX_VALID + 1];	/* used last published */

/*
 * A write of memory/target re-arms a giveup driver whatever its value,
 * a stock driver only if the value it reads now is not the one it last
 * acted on.
 */
static void
sim_target_written(const char *path)
{
	uint64_t domid, target;
	char num[8], buf[64], *beh;
	const char *p = path + strlen("/local/domain/"), *slash;
	unsigned int len;
	bool stock;

	if (strncmp(path, "/local/domain/", 14) != 0 ||
	    (slash = strchr(p, '/')) == NULL || strcmp(slash + 1,
	    xskey(XSK_MEM_TARGET)->path) != 0 ||
	    (size_t)(slash - p) >= sizeof(num))
		return;
	memcpy(num, p, (size_t)(slash - p));
	num[slash - p] = '\0';
	if (parse_u64(num, 0, DOMID_MAX_VALID, &domid) != PARSE_OK)
		return;
	snprintf(buf, sizeof(buf), "/sim/dom/%u/target_writes",
	    (unsigned)domid);
	sim_write(buf, "%" PRIu64, ++sim_writes[domid]);
	snprintf(buf, sizeof(buf), "/sim/dom/%u/behaviour", (unsigned)domid);
	beh = xs_read(xs, XBT_NULL, buf, &len);
	stock = beh != NULL && strcmp(beh, "stock") == 0;
	free(beh);
	if (stock) {
		if (!sim_read_u64(path, &target) || target + 1 == sim_seen[domid])
			return;
		sim_seen[domid] = target + 1;
	}
	sim_budget[domid] = SIM_GIVEUP_KIB;
	sim_said[domid] = false;
}

static void
sim_balloon_keys(unsigned int domid, uint64_t tot, uint64_t target,
    enum xsk_bstate state)
{
	char path[96];

	sim_write(sim_key(path, sizeof(path), domid, XSK_BALLOON_TARGET),
	    "%" PRIu64, target);
	sim_write(sim_key(path, sizeof(path), domid, XSK_BALLOON_CURRENT),
	    "%" PRIu64, tot);
	sim_write(sim_key(path, sizeof(path), domid, XSK_BALLOON_STATE),
	    "%s", xsk_bstate_name(state));
}

static void
sim_on_signal(int sig)
{
	sim_stop = 1;
}

/* How far this domain's driver moves in one tick toward its target. */
static uint64_t
sim_step(const char *beh, uint64_t tot, uint64_t target, uint64_t *floor)
{
	*floor = 0;
	if (strcmp(beh, "stuck") == 0)
		return 0;
	if (strcmp(beh, "slow") == 0)
		return SIM_SLOW_KIB_TICK;
	if (strncmp(beh, "floor=", 6) == 0) {
		if (parse_size_kib(beh + 6, floor) != PARSE_OK)
			*floor = 0;
	}
	return SIM_IDEAL_KIB_TICK;
}

static void
sim_guest_meminfo(unsigned int domid, uint64_t tot, uint64_t used)
{
	char path[64];

	if (used == 0)
		return;
	sim_write(sim_key(path, sizeof(path), domid, XSK_MEMINFO_TOTAL),
	    "%" PRIu64, tot);
	sim_write(sim_key(path, sizeof(path), domid, XSK_MEMINFO_FREE),
	    "%" PRIu64, tot > used ? tot - used : 0);
}

/* Move one domain; returns true if it moved. */
static bool
sim_move(unsigned int domid, uint64_t *freemem)
{
	uint64_t tot, max, target, used = 0, step, floor, next;
	char path[96], *beh, *state;
	unsigned int len;
	bool running, giveup, stock;

	snprintf(path, sizeof(path), "/sim/dom/%u/state", domid);
	state = xs_read(xs, XBT_NULL, path, &len);
	running = state != NULL && strcmp(state, "running") == 0;
	free(state);
	sim_key(path, sizeof(path), domid, XSK_MEM_TARGET);
	if (!running || !sim_read_u64(path, &target))
		return false;
	snprintf(path, sizeof(path), "/sim/dom/%u/tot_kib", domid);
	if (!sim_read_u64(path, &tot))
		return false;
	snprintf(path, sizeof(path), "/sim/dom/%u/max_kib", domid);
	if (!sim_read_u64(path, &max))
		return false;
	snprintf(path, sizeof(path), "/sim/dom/%u/used_kib", domid);
	sim_read_u64(path, &used);
	snprintf(path, sizeof(path), "/sim/dom/%u/behaviour", domid);
	beh = xs_read(xs, XBT_NULL, path, &len);
	step = sim_step(beh ? beh : "ideal", tot, target, &floor);
	giveup = beh != NULL && (strcmp(beh, "giveup") == 0 ||
	    strcmp(beh, "stock") == 0);
	stock = giveup && strcmp(beh, "stock") == 0;
	free(beh);
	if (giveup && step > sim_budget[domid])
		step = sim_budget[domid];
	if (target < floor)
		target = floor;
	if (target > max)
		target = max;	/* Xen refuses pages beyond maxmem */
	next = tot;
	if (target < tot)
		next = tot - (tot - target < step ? tot - target : step);
	else if (target > tot) {
		uint64_t up = target - tot < step ? target - tot : step;

		next = tot + (up < *freemem ? up : *freemem);
	}
	if (giveup && !stock && next == tot && tot != target &&
	    !sim_said[domid]) {
		sim_balloon_keys(domid, tot, target, XSK_BSTATE_IDLE);
		sim_said[domid] = true;
	}
	if (next == tot) {
		/* A guest whose use changed reports it, moving or not. */
		if (used != sim_used_pub[domid]) {
			sim_guest_meminfo(domid, tot, used);
			sim_used_pub[domid] = used;
		}
		return false;
	}
	if (!sim_write_tot(domid, next))
		return false;		/* destroyed meanwhile */
	sim_used_pub[domid] = used;
	if (giveup)
		sim_budget[domid] -= next > tot ? next - tot : tot - next;
	*freemem = next > tot ? *freemem - (next - tot) :
	    *freemem + (tot - next);
	sim_guest_meminfo(domid, next, used);
	return true;
}

static bool
sim_tick(void)
{
	unsigned int n;
	char **ents = xs_directory(xs, XBT_NULL, "/sim/dom", &n);
	uint64_t freemem = sim_free(), domid;
	bool moved = false;

	/* Shrinks first, so what is freed in this tick can be used. */
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned int i = 0; ents != NULL && i < n; i++) {
			if (parse_u64(ents[i], 0, DOMID_MAX_VALID, &domid) !=
			    PARSE_OK)
				continue;
			moved |= sim_move((unsigned)domid, &freemem);
		}
	}
	free(ents);
	return moved;
}

static uint64_t
sim_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * A tick every SIM_TICK_MS at most, so that the behaviours' speeds hold
 * in wall time: ticking on every watch event as well (the guests' own
 * keys are under /local/domain), a "slow" 64 MiB/s balloon was seen by
 * the daemon growing at 4.4 GiB/s.  A target written after a quiet spell
 * is still acted on at once.
 */
static int
sim_cmd_run(int argc, char **argv)
{
	struct pollfd p;
	bool busy = true;
	uint64_t last = 0;

	signal(SIGTERM, sim_on_signal);
	signal(SIGINT, sim_on_signal);
	if (!xs_watch(xs, "/local/domain", "t") ||
	    !xs_watch(xs, "/sim/kick", "k"))
		sim_die("watch: %s", strerror(errno));
	p.fd = xs_fileno(xs);
	p.events = POLLIN;
	while (!sim_stop) {
		uint64_t now = sim_now_ms();
		int wait = !busy ? -1 : now - last >= SIM_TICK_MS ? 0 :
		    (int)(SIM_TICK_MS - (now - last));
		int r = poll(&p, 1, wait);
		char **ev;

		if (r < 0 && errno != EINTR)
			sim_die("poll: %s", strerror(errno));
		while ((ev = xs_check_watch(xs)) != NULL) {
			sim_target_written(ev[XS_WATCH_PATH]);
			free(ev);
			busy = true;
		}
		now = sim_now_ms();
		if (busy && now - last >= SIM_TICK_MS) {
			busy = sim_tick();
			last = now;
		}
	}
	return 0;
}

static bool
sim_tstarting(xs_transaction_t t, const char *path)
{
	unsigned int len;
	char *v = xs_read(xs, t, path, &len);
	bool starting = v != NULL && strcmp(v, "starting") == 0;

	free(v);
	return starting;
}

static int
sim_cmd_check(int argc, char **argv)
{
	uint64_t total = 0, slack = 0, sum = 0, tot, target;
	xs_transaction_t t;
	unsigned int n;
	char path[96], **ents;

	if (argc > 2)
		sim_die("usage: check [SLACK]");
	if (argc == 2)
		slack = sim_size(argv[1]);
	/*
	 * One snapshot: read one by one while domains move, a shrink's old
	 * target and a later grow's new one add up to an overcommit that
	 * never was (1,000 domains take a while to read).
	 */
	if ((t = xs_transaction_start(xs)) == XBT_NULL)
		sim_die("transaction_start: %s", strerror(errno));
	if (!sim_tread_u64(t, "/sim/host/total_kib", &total))
		sim_die("no /sim/host/total_kib");
	ents = xs_directory(xs, t, "/sim/dom", &n);
	for (unsigned int i = 0; ents != NULL && i < n; i++) {
		snprintf(path, sizeof(path), "/sim/dom/%s/tot_kib", ents[i]);
		if (!sim_tread_u64(t, path, &tot))
			continue;
		snprintf(path, sizeof(path), "/local/domain/%s/%s", ents[i],
		    xskey(XSK_MEM_TARGET)->path);
		if (!sim_tread_u64(t, path, &target))
			target = 0;
		/* A starting domain's target is its toolstack's, not a
		 * promise of ours: it counts for what it holds. */
		snprintf(path, sizeof(path), "/sim/dom/%s/state", ents[i]);
		if (sim_tstarting(t, path))
			target = 0;
		sum += tot > target ? tot : target;
	}
	free(ents);
	(void)xs_transaction_end(xs, t, true);	/* read only: abort */
	if (sum + slack > total) {
		printf("overcommit: promised %" PRIu64 " + slack %" PRIu64
		    " > total %" PRIu64 " KiB\n", sum, slack, total);
		return 1;
	}
	return 0;
}

static int
sim_cmd_settled(int argc, char **argv)
{
	unsigned int n;
	char **ents = xs_directory(xs, XBT_NULL, "/sim/dom", &n);
	uint64_t tot, target;
	char path[96];
	int r = 0;

	for (unsigned int i = 0; ents != NULL && i < n && r == 0; i++) {
		snprintf(path, sizeof(path), "/sim/dom/%s/tot_kib", ents[i]);
		if (!sim_read_u64(path, &tot))
			continue;
		snprintf(path, sizeof(path), "/local/domain/%s/%s", ents[i],
		    xskey(XSK_MEM_TARGET)->path);
		if (!sim_read_u64(path, &target) ||
		    (tot > target ? tot - target : target - tot) > 4096)
			r = 1;
	}
	free(ents);
	return r;
}

/* No xenstore needed: a stand-in for systemd's notification socket. */
static int
sim_cmd_notify(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char buf[4096];
	uint64_t secs;
	struct pollfd p;
	time_t end;
	int fd;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sun.sun_path) ||
	    parse_u64(argv[2], 1, 3600, &secs) != PARSE_OK)
		sim_die("usage: notify PATH SECONDS");
	strcpy(sun.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		sim_die("bind %s: %s", argv[1], strerror(errno));
	p.fd = fd;
	p.events = POLLIN;
	end = time(NULL) + (time_t)secs;
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (time(NULL) < end) {
		ssize_t n;

		if (poll(&p, 1, 200) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\n')
				buf[i] = ' ';
		printf("%s\n", buf);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char	*name;
		int		(*fn)(int, char **);
	} cmds[] = {
		{ "host", sim_cmd_host }, { "create", sim_cmd_create },
		{ "destroy", sim_cmd_destroy }, { "behave", sim_cmd_behave },
		{ "run", sim_cmd_run }, { "check", sim_cmd_check },
		{ "settled", sim_cmd_settled }, { "unpause", sim_cmd_unpause },
	};

	if (argc < 2)
		sim_die("usage: xb-simhv host|create|destroy|behave|run|check|"
		    "notify|unpause ...");
	if (strcmp(argv[1], "notify") == 0)
		return sim_cmd_notify(argc - 1, argv + 1);
	if ((xs = xs_open(0)) == NULL)
		sim_die("cannot reach xenstore (XENSTORED_PATH?): %s",
		    strerror(errno));
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name) == 0) {
			int r = cmds[i].fn(argc - 1, argv + 1);

			xs_close(xs);
			return r;
		}
	}
	sim_die("unknown command '%s'", argv[1]);
}
