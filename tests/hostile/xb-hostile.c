/*
 * xb-hostile - what a hostile guest or a hostile local client does, as a
 * seeded, repeatable program for the tests in tests/hostile/.
 *
 * Guest side (XENSTORED_PATH names the guest's xb-xsd socket, so every
 * write is checked against the guest's own permissions and quotas):
 *
 *   xb-hostile garbage SEED N      N writes and removals of malformed,
 *                                  overflowing, negative, huge, empty,
 *                                  over-long and rapidly changing values
 *                                  over every key the daemon reads
 *   xb-hostile flood RATE SECONDS  RATE writes a second to the guest's own
 *                                  data/ keys, for SECONDS
 *   xb-hostile demand              absurd but well-formed hints: every
 *                                  figure the daemon reads at its bound,
 *                                  MemAvailable 0
 *
 * The keys come from the key table (common/xskeys.c), so every key the
 * daemon reads is attacked, under the name the daemon reads.
 *
 * Control-socket side:
 *
 *   xb-hostile ctl-malformed SOCK SEED N   N malformed requests on one
 *                                  connection; each must get a refusal
 *   xb-hostile ctl-oversize SOCK   a request longer than the daemon takes
 *   xb-hostile ctl-slowloris SOCK N SECONDS  N clients trickling a byte a
 *                                  second, never finishing a line
 *   xb-hostile ctl-many SOCK N     N clients asking for status at once
 *
 * Each prints "key=value" figures on stdout (one line) and exits 0 when
 * it could do its job, 1 when the daemon misbehaved in a way it can see.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>
#include <xen/io/xs_wire.h>

#include "xskeys.h"

static uint64_t	hostile_rng;

static uint64_t
hostile_rand(void)
{
	/* xorshift64*: the same seed gives the same attack everywhere. */
	hostile_rng ^= hostile_rng >> 12;
	hostile_rng ^= hostile_rng << 25;
	hostile_rng ^= hostile_rng >> 27;
	return hostile_rng * UINT64_C(2685821657736338717);
}

static void
hostile_seed(uint64_t seed)
{
	hostile_rng = seed * UINT64_C(0x9e3779b97f4a7c15) + 1;
}

static uint64_t
hostile_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void __attribute__((noreturn))
hostile_usage(void)
{
	fprintf(stderr, "usage: xb-hostile garbage SEED N | flood RATE SECONDS"
	    " | demand |\n"
	    "       ctl-malformed SOCK SEED N | ctl-oversize SOCK |\n"
	    "       ctl-slowloris SOCK N SECONDS | ctl-many SOCK N\n");
	exit(2);
}

/* ---- guest side ------------------------------------------------------- */

/*
 * Every key a guest may write (the table's guest rows), an interface's at
 * devid 0 and slot 0, and the odd indexes a parser must refuse or bound.
 */
#define HOSTILE_KEYS_MAX	(XSK__COUNT + 16)
#define HOSTILE_KEY_LEN		96

static char	hostile_keys[HOSTILE_KEYS_MAX][HOSTILE_KEY_LEN];
static size_t	hostile_nkeys;

static void
hostile_key(enum xsk_id id, const char *devid, const char *slot)
{
	const char *idx[2] = { devid, slot };

	if (hostile_nkeys < HOSTILE_KEYS_MAX &&
	    xskey_expand(hostile_keys[hostile_nkeys], HOSTILE_KEY_LEN,
	    xskey(id), idx, 2) > 0)
		hostile_nkeys++;
}

static void
hostile_keys_init(void)
{
	static const struct {
		enum xsk_id	 id;
		const char	*devid, *slot;
	} odd[] = {
		{ XSK_VIF_NAME, "7", "0" }, { XSK_VIF_MTU, "65535", "0" },
		{ XSK_VIF_NAME, "65536", "0" }, { XSK_VIF_NAME, "-1", "0" },
		{ XSK_VIF_NAME, "x", "0" }, { XSK_VIF_CARRIER, "00", "0" },
		{ XSK_VIF_IPV4, "0", "31" }, { XSK_VIF_IPV4, "0", "32" },
		{ XSK_VIF_IPV6, "0", "07" }, { XSK_VIF_IPV6, "0", "-1" },
	};

	for (int id = 0; id < XSK__COUNT; id++)
		if (xskey_guest(xskey((enum xsk_id)id)))
			hostile_key((enum xsk_id)id, "0", "0");
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		hostile_key(odd[i].id, odd[i].devid, odd[i].slot);
}

/* Not data/ nor attr/ themselves: the toolstack creates them for the
 * guest, and a guest that removes them cannot write there again. */
static const char *const hostile_subtrees[] = {
	XSK_MEMORY_DIR, XSK_BALLOON_DIR, XSK_VIF_ROOT, XSK_VIF_ROOT "/0",
};

/* A value from one of the classes a hostile guest would try. */
static size_t
hostile_value(char *buf, size_t cap)
{
	static const char *const fixed[] = {
		"-1", "-0", "+5", "0x10", "1e9", "12 ", " 12", "12\n", "",
		"18446744073709551615", "18446744073709551616",
		"99999999999999999999999999", "1125899906842624",
		"1099511627776", "1099511627777", "100.00", "100.01",
		"0.001", "1.", ".5", "nan", "inf", "up; reboot", "../../..",
		"growing", "stuck", "00:16:3e:00:00:01", "fe80::1",
		"1.2.3.4 5", "eth0", "4294967296", "65535", "65536", "2",
	};
	size_t n;

	switch (hostile_rand() % 6) {
	case 0:		/* random bytes, NULs included */
		n = hostile_rand() % 64;
		for (size_t i = 0; i < n && i < cap; i++)
			buf[i] = (char)hostile_rand();
		return n < cap ? n : cap;
	case 1:		/* as long as xenstore allows, and longer */
		n = 1 + hostile_rand() % 3000;
		n = n < cap ? n : cap;
		memset(buf, '9', n);
		return n;
	case 2:		/* a valid-looking, rapidly changing figure */
		return (size_t)snprintf(buf, cap, "%" PRIu64,
		    hostile_rand() % (UINT64_C(1) << (hostile_rand() % 64)));
	default:
		n = (size_t)snprintf(buf, cap, "%s",
		    fixed[hostile_rand() % (sizeof(fixed) / sizeof(fixed[0]))]);
		return n < cap ? n : cap - 1;
	}
}

static struct xs_handle *
hostile_xs(void)
{
	struct xs_handle *xs = xs_open(0);

	if (xs == NULL) {
		fprintf(stderr, "xb-hostile: xs_open: %s\n", strerror(errno));
		exit(1);
	}
	return xs;
}

static int
hostile_garbage(uint64_t seed, unsigned long n)
{
	struct xs_handle *xs = hostile_xs();
	unsigned long writes = 0, rms = 0, refused = 0;
	char buf[4096];

	hostile_seed(seed);
	hostile_keys_init();
	for (unsigned long i = 0; i < n; i++) {
		unsigned int what = (unsigned int)(hostile_rand() % 16);
		bool ok;

		if (what == 0) {
			ok = xs_rm(xs, XBT_NULL, hostile_subtrees[hostile_rand()
			    % (sizeof(hostile_subtrees) /
			    sizeof(hostile_subtrees[0]))]);
			rms++;
		} else if (what < 3) {
			ok = xs_rm(xs, XBT_NULL,
			    hostile_keys[hostile_rand() % hostile_nkeys]);
			rms++;
		} else {
			const char *k = hostile_keys[hostile_rand() %
			    hostile_nkeys];
			size_t len = hostile_value(buf, sizeof(buf));

			ok = xs_write(xs, XBT_NULL, k, buf, (unsigned int)len);
			writes++;
		}
		/* Quota, size limits, ENOENT: xenstored's refusals. */
		refused += !ok;
	}
	xs_close(xs);
	printf("ops=%lu keys=%zu writes=%lu removals=%lu "
	    "refused_by_xenstore=%lu\n", n, hostile_nkeys, writes, rms,
	    refused);
	return 0;
}

/*
 * More demand than any host has, under full pressure: every hint the
 * daemon reads under data/ (not the balloon's progress) at its bound,
 * and MemAvailable 0.  Well-formed, so only the policy can refuse it.
 */
static int
hostile_demand(void)
{
	struct xs_handle *xs = hostile_xs();
	unsigned int n = 0, failed = 0;
	char v[32];

	for (int id = 0; id < XSK__COUNT; id++) {
		const struct xskey *k = xskey((enum xsk_id)id);
		uint64_t max = k->max;

		if (!(k->flags & XSK_F_READ) || !xskey_guest(k) ||
		    xskey_nidx(k) > 0 || strncmp(k->path, "data/", 5) != 0 ||
		    strncmp(k->path, XSK_BALLOON_DIR "/",
		    sizeof(XSK_BALLOON_DIR)) == 0)
			continue;
		if (id == XSK_MEMINFO_FREE)
			max = 0;
		if (k->kind == XSK_K_PERCENT)
			snprintf(v, sizeof(v), "%" PRIu64 ".%02" PRIu64,
			    max / 100, max % 100);
		else if (k->kind == XSK_K_U64)
			snprintf(v, sizeof(v), "%" PRIu64, max);
		else
			continue;
		failed += !xs_write(xs, XBT_NULL, k->path, v, strlen(v));
		n++;
	}
	xs_close(xs);
	printf("keys=%u failed=%u\n", n, failed);
	return failed == 0 ? 0 : 1;
}

/* ---- sockets, for the flood and the control-socket side ------------- */

static int
hostile_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd == -1)
		return -1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool
hostile_send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/*
 * libxenstore waits for each reply, so one connection manages a few
 * thousand writes a second.  A guest need not wait: the flood speaks the
 * wire protocol itself and keeps up to HOSTILE_WINDOW writes in flight,
 * as a guest kernel writing through the ring could.
 */
#define HOSTILE_WINDOW	64

static int
hostile_full_read(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One reply; 1 if it was an error, 0 if not, -1 if the link broke. */
static int
hostile_wire_reply(int fd)
{
	struct xsd_sockmsg m;
	char body[XENSTORE_PAYLOAD_MAX];

	if (hostile_full_read(fd, &m, sizeof(m)) < 0 ||
	    m.len > sizeof(body) || hostile_full_read(fd, body, m.len) < 0)
		return -1;
	return m.type == XS_ERROR;
}

static int
hostile_flood(unsigned long rate, unsigned long seconds)
{
	const char *const keys[] = {
		xskey(XSK_MEMINFO_FREE)->path, xskey(XSK_PSI_SOME_AVG10)->path,
		xskey(XSK_SWAP_IN)->path, xskey(XSK_UPDATED)->path,
	};
	const char *path = getenv("XENSTORED_PATH");
	int fd = path != NULL ? hostile_connect(path) : -1;
	uint64_t t0 = hostile_now_us(), end = t0 + seconds * 1000000, now;
	unsigned long done = 0, failed = 0, inflight = 0;
	char msg[sizeof(struct xsd_sockmsg) + 128];
	int r;

	if (fd < 0) {
		perror("xb-hostile: connect to XENSTORED_PATH");
		return 1;
	}
	/* Paced in 1 ms slices: ahead of schedule, sleep; behind, write. */
	while ((now = hostile_now_us()) < end) {
		uint64_t due = (now - t0) * rate / 1000000;
		struct xsd_sockmsg *m = (struct xsd_sockmsg *)msg;
		int n;

		if (done >= due && inflight == 0) {
			usleep(1000);
			continue;
		}
		if (done >= due || inflight == HOSTILE_WINDOW) {
			if ((r = hostile_wire_reply(fd)) < 0)
				break;
			failed += (unsigned long)r;
			inflight--;
			continue;
		}
		/* "path\0value": the value carries no terminator. */
		n = snprintf(msg + sizeof(*m), sizeof(msg) - sizeof(*m),
		    "%s%c%lu", keys[done % 4], '\0',
		    done % 1000 ? done : 100000 + done);
		*m = (struct xsd_sockmsg){ .type = XS_WRITE,
		    .req_id = (uint32_t)done, .len = (uint32_t)n };
		if (!hostile_send_all(fd, msg, sizeof(*m) + (size_t)n))
			break;
		done++;
		inflight++;
	}
	while (inflight > 0 && (r = hostile_wire_reply(fd)) >= 0) {
		failed += (unsigned long)r;
		inflight--;
	}
	now = hostile_now_us();
	close(fd);
	printf("writes=%lu failed=%lu seconds=%.2f rate=%.0f\n", done, failed,
	    (double)(now - t0) / 1e6, (double)done * 1e6 / (double)(now - t0));
	return 0;
}

/* ---- control-socket side ---------------------------------------------- */

/* One reply line within timeout_ms: 1; 0 on EOF (or a reset: the
 * daemon hung up); -2 on timeout; -1 when the line is too long. */
static int
hostile_read_line(int fd, char *buf, size_t cap, int timeout_ms)
{
	size_t len = 0;

	while (len + 1 < cap) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, timeout_ms) <= 0)
			return -2;
		n = read(fd, buf + len, 1);
		if (n <= 0)
			return 0;
		if (buf[len] == '\n') {
			buf[len] = '\0';
			return 1;
		}
		len++;
	}
	return -1;
}

/* A request that is not a valid one: each must be refused, not served. */
static size_t
hostile_bad_request(char *buf, size_t cap)
{
	static const char *const fixed[] = {
		"{", "}", "[]", "null", "42", "\"status\"", "{\"cmd\":42}",
		"{\"cmd\":null}", "{\"cmd\":\"\"}", "{\"cmd\":\"nope\"}",
		"{\"cmd\":\"status\",\"cmd\":\"status\"}",
		"{\"cmd\":\"set\"}", "{\"cmd\":\"set\",\"domain\":\"nosuch\","
		"\"min\":\"1G\"}", "{\"cmd\":\"set\",\"domain\":\"0\","
		"\"min\":\"-1G\"}", "{\"cmd\":\"reserve\",\"size\":"
		"\"99999999999999999999T\"}", "{\"cmd\":\"reserve\",\"size\":"
		"-5}", "{\"cmd\":\"release\",\"id\":-1}",
		"{\"cmd\":\"release\",\"id\":1.5}", "{\"cmd\":\"release\","
		"\"id\":18446744073709551616}", "{\"cmd\":\"log\","
		"\"classes\":\"+bogus\"}", "{\"cmd\":\"show\",\"domain\":"
		"\"a/b\"}", "{\"cmd\":\"target\",\"domain\":\"0\",\"size\":"
		"\"1Q\"}", "\xff\xfe{\"cmd\":\"status\"}",
	};
	size_t n = 0;

	switch (hostile_rand() % 3) {
	case 0:		/* deep nesting */
		while (n + 2 < cap && n < 2000)
			buf[n++] = '[';
		return n;
	case 1:		/* random printable junk without a newline */
		n = 1 + hostile_rand() % 200;
		for (size_t i = 0; i < n; i++)
			buf[i] = (char)(' ' + hostile_rand() % 94);
		return n;
	default:
		return (size_t)snprintf(buf, cap, "%s",
		    fixed[hostile_rand() % (sizeof(fixed) / sizeof(fixed[0]))]);
	}
}

static int
hostile_ctl_malformed(const char *path, uint64_t seed, unsigned long n)
{
	unsigned long refused = 0, served = 0, lost = 0;
	char req[4096], reply[65536];
	int fd = hostile_connect(path);

	if (fd == -1) {
		fprintf(stderr, "xb-hostile: connect %s: %s\n", path,
		    strerror(errno));
		return 1;
	}
	hostile_seed(seed);
	for (unsigned long i = 0; i < n; i++) {
		size_t len = hostile_bad_request(req, sizeof(req) - 1);
		int r;

		req[len++] = '\n';
		if (!hostile_send_all(fd, req, len) ||
		    (r = hostile_read_line(fd, reply, sizeof(reply), 5000)) != 1) {
			/* The daemon may hang up on us: reconnect. */
			lost++;
			close(fd);
			if ((fd = hostile_connect(path)) == -1)
				break;
			continue;
		}
		if (strstr(reply, "\"ok\": false") != NULL ||
		    strstr(reply, "\"ok\":false") != NULL)
			refused++;
		else
			served++;
	}
	if (fd != -1)
		close(fd);
	printf("requests=%lu refused=%lu served=%lu dropped=%lu\n", n, refused,
	    served, lost);
	return served == 0 && refused + lost == n ? 0 : 1;
}

static int
hostile_ctl_oversize(const char *path)
{
	char buf[8192], reply[4096];
	int fd = hostile_connect(path), r;
	bool sent, refused, hung_up;

	if (fd == -1)
		return 1;
	memset(buf, 'x', sizeof(buf));
	buf[0] = '{';
	sent = hostile_send_all(fd, buf, sizeof(buf));
	r = hostile_read_line(fd, reply, sizeof(reply), 5000);
	/* After the refusal, the daemon hangs up. */
	refused = r == 1 && strstr(reply, "false") != NULL;
	hung_up = refused && hostile_read_line(fd, buf, sizeof(buf), 5000) == 0;
	printf("sent_all=%d refused=%d hung_up=%d\n", sent, refused, hung_up);
	close(fd);
	return refused && hung_up ? 0 : 1;
}

static int
hostile_ctl_slowloris(const char *path, unsigned long n, unsigned long secs)
{
	int *fd = calloc(n, sizeof(int));
	unsigned long open_n = 0, dropped = 0;

	if (fd == NULL)
		return 1;
	for (unsigned long i = 0; i < n; i++)
		if ((fd[i] = hostile_connect(path)) != -1)
			open_n++;
	for (unsigned long s = 0; s < secs; s++) {
		for (unsigned long i = 0; i < n; i++) {
			if (fd[i] == -1)
				continue;
			if (!hostile_send_all(fd[i], s == 0 ? "{" : " ", 1)) {
				close(fd[i]);
				fd[i] = -1;
				dropped++;
			}
		}
		sleep(1);
	}
	for (unsigned long i = 0; i < n; i++) {
		char c;

		if (fd[i] == -1)
			continue;
		/* A daemon that dropped us shows EOF here. */
		if (recv(fd[i], &c, 1, MSG_DONTWAIT) == 0)
			dropped++;
		close(fd[i]);
	}
	free(fd);
	printf("clients=%lu connected=%lu dropped_by_daemon=%lu\n", n, open_n,
	    dropped);
	return 0;
}

/* A reply line names its outcome: served, or refused with this code. */
static bool
hostile_reply_is(const char *reply, const char *member, const char *value)
{
	char compact[64], spaced[64];

	snprintf(compact, sizeof(compact), "\"%s\":%s", member, value);
	snprintf(spaced, sizeof(spaced), "\"%s\": %s", member, value);
	return strstr(reply, compact) != NULL || strstr(reply, spaced) != NULL;
}

/*
 * Every client must hear back: served, or told "busy" when the slots are
 * full.  A client hung up on without a word (lost) cannot tell a full
 * daemon from a dead one, so it fails the run, as does nobody served.
 */
static int
hostile_ctl_many(const char *path, unsigned long n)
{
	static const char req[] = "{\"cmd\":\"status\"}\n";
	int *fd = calloc(n, sizeof(int));
	unsigned long connected = 0, answered = 0, busy = 0, other = 0;
	uint64_t t0 = hostile_now_us();
	char reply[1 << 16];

	if (fd == NULL)
		return 1;
	for (unsigned long i = 0; i < n; i++) {
		fd[i] = hostile_connect(path);
		if (fd[i] != -1 && hostile_send_all(fd[i], req, sizeof(req) - 1))
			connected++;
	}
	for (unsigned long i = 0; i < n; i++) {
		if (fd[i] == -1)
			continue;
		if (hostile_read_line(fd[i], reply, sizeof(reply), 10000) == 1) {
			if (hostile_reply_is(reply, "ok", "true"))
				answered++;
			else if (hostile_reply_is(reply, "code", "\"busy\""))
				busy++;
			else
				other++;
		}
		close(fd[i]);
	}
	free(fd);
	printf("clients=%lu connected=%lu answered=%lu refused_busy=%lu "
	    "refused_other=%lu lost=%lu ms=%.0f\n", n, connected, answered,
	    busy, other, n - answered - busy - other,
	    (double)(hostile_now_us() - t0) / 1000.0);
	return answered > 0 && answered + busy == n ? 0 : 1;
}

static unsigned long
hostile_num(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s)
		hostile_usage();
	return v;
}

int
main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc == 4 && strcmp(argv[1], "garbage") == 0)
		return hostile_garbage(hostile_num(argv[2]),
		    hostile_num(argv[3]));
	if (argc == 4 && strcmp(argv[1], "flood") == 0)
		return hostile_flood(hostile_num(argv[2]), hostile_num(argv[3]));
	if (argc == 2 && strcmp(argv[1], "demand") == 0)
		return hostile_demand();
	if (argc == 5 && strcmp(argv[1], "ctl-malformed") == 0)
		return hostile_ctl_malformed(argv[2], hostile_num(argv[3]),
		    hostile_num(argv[4]));
	if (argc == 3 && strcmp(argv[1], "ctl-oversize") == 0)
		return hostile_ctl_oversize(argv[2]);
	if (argc == 5 && strcmp(argv[1], "ctl-slowloris") == 0)
		return hostile_ctl_slowloris(argv[2], hostile_num(argv[3]),
		    hostile_num(argv[4]));
	if (argc == 4 && strcmp(argv[1], "ctl-many") == 0)
		return hostile_ctl_many(argv[2], hostile_num(argv[3]));
	hostile_usage();
}
