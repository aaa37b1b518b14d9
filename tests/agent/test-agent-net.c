/*
 * test-agent-net.c - the real xenballoon-agent against real rtnetlink (in
 * a private network namespace, veth links) and the xenstore test server
 * xb-xsd, connected as guest domain 5 with libxl's permissions.  Every
 * assertion reads xenstore through a dom0 connection.
 *
 * Scenarios: start-up (READY, memory keys, ownership), hysteresis,
 * balloon mirroring and the driver's flag, link state, MTU, addresses
 * with stable slots and their removal, lost netlink events (ENOBUFS
 * forced with a tiny receive buffer while the agent is stopped), link
 * removal, SIGTERM keeping keys, restart cleaning stale interfaces, and
 * a xenstored restart.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "xsdtest.h"

#define HOME		"/local/domain/5"
#define WAIT_MS		8000	/* generous: sanitizer builds, busy host */

static struct xsdtest_srv srv;
static struct xs_handle *h;
static char tmp[64], logpath[128], notifypath[100];
static int notify_fd = -1;
static pid_t agent_pid;

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool
sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static bool
sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st != 0)
		tap_diag("command failed (%d): %s", st, cmd);
	return st == 0;
}

static void
put_file(const char *rel, const char *content)
{
	char path[256], tmpf[260];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	snprintf(tmpf, sizeof(tmpf), "%s.new", path);
	f = fopen(tmpf, "w");
	if (f == NULL) {
		tap_diag("cannot write %s", tmpf);
		return;
	}
	fputs(content, f);
	fclose(f);
	rename(tmpf, path);
}

/* The value at HOME/rel, or NULL. */
static char *
rd(const char *rel)
{
	char path[1024];
	unsigned int len;

	snprintf(path, sizeof(path), "%s/%s", HOME, rel);
	return xs_read(h, XBT_NULL, path, &len);
}

static bool
is(const char *rel, const char *want)
{
	char *v = rd(rel);
	bool ok = want ? (v && strcmp(v, want) == 0) : v == NULL;

	free(v);
	return ok;
}

static void notify_drain(void);

/* Wait until HOME/rel holds want (NULL: is absent), driven by the watch. */
static bool
wait_for(const char *rel, const char *want)
{
	long end = now_ms() + WAIT_MS;
	char *v;

	for (;;) {
		notify_drain();
		if (is(rel, want))
			return true;
		if (now_ms() >= end ||
		    xsdtest_watch_next(h, (int)(end - now_ms()), NULL, 0, NULL,
		    0) < 0) {
			v = rd(rel);
			tap_diag("%s is \"%s\", want \"%s\"", rel,
			    v ? v : "(absent)", want ? want : "(absent)");
			free(v);
			return false;
		}
	}
}

/* The values under HOME/dir, sorted and joined with ',' ("" if none). */
static void
values_under(const char *dir, char *out, size_t len)
{
	char path[512], *vals[64];
	unsigned int n = 0, k = 0;
	char **ents;
	size_t o = 0;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", HOME, dir);
	ents = xs_directory(h, XBT_NULL, path, &n);
	for (unsigned int i = 0; ents && i < n && k < 64; i++) {
		char rel[512];

		snprintf(rel, sizeof(rel), "%s/%s", dir, ents[i]);
		if ((vals[k] = rd(rel)) != NULL)
			k++;
	}
	free(ents);
	for (unsigned int i = 0; i < k; i++)
		for (unsigned int j = i + 1; j < k; j++)
			if (strcmp(vals[j], vals[i]) < 0) {
				char *t = vals[i];

				vals[i] = vals[j];
				vals[j] = t;
			}
	for (unsigned int i = 0; i < k; i++) {
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? "," : "",
		    vals[i]);
		free(vals[i]);
	}
}

static bool
wait_values(const char *dir, const char *want)
{
	long end = now_ms() + WAIT_MS;
	char got[1024];

	for (;;) {
		notify_drain();
		values_under(dir, got, sizeof(got));
		if (strcmp(got, want) == 0)
			return true;
		if (now_ms() >= end ||
		    xsdtest_watch_next(h, (int)(end - now_ms()), NULL, 0, NULL,
		    0) < 0) {
			tap_diag("%s holds {%s}, want {%s}", dir, got, want);
			return false;
		}
	}
}

static bool
log_has(const char *needle)
{
	char buf[65536];
	FILE *f = fopen(logpath, "r");
	size_t n;

	if (f == NULL)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

/* ---- the agent ---- */

static int
notify_open(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	snprintf(notifypath, sizeof(notifypath), "%s/notify", tmp);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", notifypath);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	return fd;
}

/* The agent must never block on us as it would not on systemd. */
static void
notify_drain(void)
{
	char buf[4096];

	while (notify_fd >= 0 &&
	    recv(notify_fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/* Wait for a notify datagram containing what. */
static bool
notify_wait(const char *what)
{
	struct pollfd p = { .fd = notify_fd, .events = POLLIN };
	long end = now_ms() + WAIT_MS;
	char buf[4096];
	ssize_t n;

	while (now_ms() < end) {
		if (poll(&p, 1, (int)(end - now_ms())) <= 0)
			return false;
		n = recv(notify_fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		if (strstr(buf, what))
			return true;
	}
	return false;
}

static const char *agent_args[] = {
	"--interfaces", "xbt*",
	"--map-interface", "xbt0=0", "--map-interface", "xbt1=1",
	"--map-interface", "xbt2=2", "--map-interface", "xbt3=3",
	"--max-addresses", "4",
	"--netlink-rcvbuf", "4096",
	"--sample", "200ms",
	"--sample-idle", "400ms",	/* the timings below assume it */
	"--heartbeat", "1s",
	"--balloon-poll", "100ms",
	"--mem-threshold", "1M",
	"--debug",
};

static pid_t
agent_start(void)
{
	const char *b = getenv("XB_BUILDDIR");
	char bin[4096], procdir[128], balloondir[128];
	const char *argv[64];
	int n = 0, fd;
	pid_t pid;

	snprintf(bin, sizeof(bin), "%s/agent/xenballoon-agent", b ? b : ".");
	snprintf(procdir, sizeof(procdir), "%s/proc", tmp);
	snprintf(balloondir, sizeof(balloondir), "%s/balloon", tmp);
	argv[n++] = bin;
	for (size_t i = 0; i < sizeof(agent_args) / sizeof(agent_args[0]); i++)
		argv[n++] = agent_args[i];
	argv[n++] = "--proc-dir";
	argv[n++] = procdir;
	argv[n++] = "--balloon-dir";
	argv[n++] = balloondir;
	argv[n++] = "--config";
	argv[n++] = "/dev/null";
	argv[n] = NULL;
	pid = fork();
	if (pid == 0) {
		setenv("XENSTORED_PATH", srv.guest, 1);
		setenv("NOTIFY_SOCKET", notifypath, 1);
		fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 2);
			close(fd);
		}
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* SIGTERM; the exit status (sanitizers make leaks an error), -1 if it
 * did not exit. */
static int
agent_stop(pid_t pid)
{
	int st;

	if (pid <= 0)
		return -1;
	kill(pid, SIGTERM);
	for (int i = 0; i < 500; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 +
			    WTERMSIG(st);
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static bool
watch_home(void)
{
	return xs_watch(h, HOME, "w");
}

/* ---- scenarios ---- */

static const char meminfo_a[] =
	"MemTotal:        1000000 kB\n"
	"MemFree:          300000 kB\n"
	"this line is garbage\n"
	"MemAvailable:     500000 kB\n";
static const char psi_a[] =
	"some avg10=1.50 avg60=0.25 avg300=0.00 total=2500000\n"
	"full avg10=0.00 avg60=0.00 avg300=0.00 total=10\n";

static void
setup_fakes(void)
{
	char path[256];

	static const char *const dirs[] = {
		"proc", "proc/pressure", "balloon", "balloon/info",
	};

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmp, dirs[i]);
		mkdir(path, 0700);
	}
	put_file("proc/meminfo", meminfo_a);
	put_file("proc/pressure/memory", psi_a);
	put_file("proc/vmstat", "pswpin 10\npswpout 20\n");
	put_file("balloon/target_kb", "1048576\n");
	put_file("balloon/info/current_kb", "1048576\n");
	put_file("balloon/retry_count", "1\n");
}

static void
test_startup(void)
{
	struct xs_permissions *perms;
	unsigned int n = 0;
	char path[256];

	tap_ok(notify_wait("READY=1"), "agent tells systemd READY=1");
	tap_ok(wait_for("data/meminfo_total", "1000000") &&
	    wait_for("data/meminfo_free", "500000"),
	    "MemTotal and MemAvailable published in KiB");
	tap_ok(is("data/updated", "1"), "data/updated written with them");
	tap_ok(wait_for("data/memory/agent-version", PACKAGE_VERSION),
	    "agent version published");
	tap_ok(wait_for("data/memory/pressure-some-avg10", "1.50") &&
	    is("data/memory/pressure-some-avg60", "0.25") &&
	    is("data/memory/pressure-some-total-us", "2500000") &&
	    is("data/memory/pressure-full-total-us", "10"),
	    "PSI figures published");
	tap_ok(wait_for("data/memory/swap-in-kibps", "0"),
	    "swap rates published");
	tap_ok(log_has("malformed"), "a malformed meminfo line is logged");
	snprintf(path, sizeof(path), "%s/data/meminfo_total", HOME);
	perms = xs_get_permissions(h, XBT_NULL, path, &n);
	tap_ok(perms && n >= 1 && perms[0].id == 5,
	    "keys are written by the guest itself (owner is domain 5)");
	free(perms);
}

static void
test_hysteresis(void)
{
	char *b0, *b1;
	unsigned long long s0 = 0, s1 = 0;

	put_file("proc/meminfo", "MemTotal: 1000000 kB\n"
	    "MemAvailable: 500600 kB\n");
	b0 = rd("data/memory/heartbeat");
	/* Five samples go by: a 600 KiB move stays under 1 MiB. */
	usleep(1000 * 1000);
	tap_ok(is("data/meminfo_free", "500000"),
	    "a move under mem-threshold is not written");
	usleep(1500 * 1000);
	b1 = rd("data/memory/heartbeat");
	tap_ok(b0 && b1 && sscanf(b0, "%llu", &s0) == 1 &&
	    sscanf(b1, "%llu", &s1) == 1 && s1 > s0,
	    "the heartbeat key moves while the figures stand still "
	    "(%s -> %s)", b0 ? b0 : "(absent)", b1 ? b1 : "(absent)");
	free(b0);
	free(b1);
	put_file("proc/meminfo", "MemTotal: 1000000 kB\n"
	    "MemAvailable: 400000 kB\n");
	tap_ok(wait_for("data/meminfo_free", "400000"),
	    "a move over mem-threshold is written");
}

static void
test_balloon(void)
{
	tap_ok(wait_for("data/balloon/target-kb", "1048576") &&
	    is("data/balloon/current-kb", "1048576") &&
	    is("data/balloon/state", "idle") &&
	    is("data/balloon/retries", "0"),
	    "stock driver: sysfs mirrored into data/balloon");
	put_file("balloon/target_kb", "2097152\n");
	put_file("balloon/retry_count", "1b\n");	/* hex: 27 */
	xs_write(h, XBT_NULL, HOME "/memory/target", "2097152", 7);
	tap_ok(wait_for("data/balloon/target-kb", "2097152") &&
	    wait_for("data/balloon/state", "waiting") &&
	    is("data/balloon/retries", "26"),
	    "a new memory/target is followed: waiting, retries from hex");
	/* The patched driver's sysfs: no kernel writes data/balloon, the
	 * agent mirrors info/state and info/last_error as they are. */
	put_file("balloon/info/last_error", "ENOMEM\n");
	put_file("balloon/info/state", "idle\n");
	put_file("balloon/retry_count", "5\n");
	xs_write(h, XBT_NULL, HOME "/memory/target", "2097152", 7);
	tap_ok(wait_for("data/balloon/last-error", "ENOMEM") &&
	    wait_for("data/balloon/state", "idle") &&
	    is("data/balloon/retries", "4"),
	    "patched driver: its state and last error mirrored, retries "
	    "from retry_count");
	/* No target write: only the agent's polling can see this. */
	put_file("balloon/info/state", "waiting\n");
	xs_write(h, XBT_NULL, HOME "/memory/target", "2097152", 7);
	(void)wait_for("data/balloon/state", "waiting");
	put_file("balloon/retry_count", "9\n");
	tap_ok(wait_for("data/balloon/retries", "8") &&
	    is("data/balloon/state", "waiting"),
	    "while the driver waits, retry_count keeps being polled");
}

static void
test_links(void)
{
	tap_ok(wait_for("attr/vif/0/name", "xbt0") &&
	    is("attr/vif/0/mac/0", "00:16:3e:00:00:01") &&
	    is("attr/vif/0/mtu", "1500") &&
	    is("attr/vif/0/operstate", "down") &&
	    is("attr/vif/1/name", "xbt1"),
	    "links present at start-up are dumped and published");
	tap_ok(is("attr/vif/2", NULL) && rd("attr/vif/0/ipv4") == NULL,
	    "nothing published for what does not exist");
	sh("ip link set xbt0 up && ip link set xbt1 up");
	tap_ok(wait_for("attr/vif/0/operstate", "up") &&
	    wait_for("attr/vif/0/carrier", "1"),
	    "link up: operstate up, carrier 1");
	sh("ip link set xbt1 down");
	tap_ok(wait_for("attr/vif/1/operstate", "down") &&
	    wait_for("attr/vif/0/carrier", "0") &&
	    wait_for("attr/vif/0/operstate", "lowerlayerdown"),
	    "peer down: carrier 0, operstate lowerlayerdown");
	sh("ip link set xbt1 up");
	sh("ip link set xbt0 mtu 1400");
	tap_ok(wait_for("attr/vif/0/mtu", "1400"), "MTU change published");
}

static void
test_addresses(void)
{
	sh("ip addr add 192.0.2.1/32 dev xbt0");
	tap_ok(wait_for("attr/vif/0/ipv4/0", "192.0.2.1"),
	    "IPv4 address in slot 0");
	sh("ip addr add 192.0.2.2/32 dev xbt0");
	tap_ok(wait_for("attr/vif/0/ipv4/1", "192.0.2.2"),
	    "second IPv4 address in slot 1");
	sh("ip addr del 192.0.2.1/32 dev xbt0");
	tap_ok(wait_for("attr/vif/0/ipv4/0", NULL) &&
	    is("attr/vif/0/ipv4/1", "192.0.2.2"),
	    "removing the first keeps the second in its slot");
	sh("ip -6 addr add 2001:db8::1/64 dev xbt0 nodad");
	tap_ok(wait_for("attr/vif/0/ipv6/0", "2001:db8::1"),
	    "IPv6 address published");
	sh("ip -6 addr del 2001:db8::1/64 dev xbt0");
	tap_ok(wait_for("attr/vif/0/ipv6", NULL),
	    "last IPv6 address gone: the ipv6 directory is removed");
	sh("for i in 1 2 3 4 5 6; do ip addr add 203.0.113.$i/32 dev xbt1; "
	    "done");
	tap_ok(wait_values("attr/vif/1/ipv4", "203.0.113.1,203.0.113.2,"
	    "203.0.113.3,203.0.113.4"),
	    "max-addresses caps what is published");
	sh("ip addr del 203.0.113.2/32 dev xbt1");
	tap_ok(wait_values("attr/vif/1/ipv4", "203.0.113.1,203.0.113.3,"
	    "203.0.113.4,203.0.113.5"),
	    "a freed slot goes to an address that was over the cap");
	tap_ok(is("attr/vif/1/ipv4/1", "203.0.113.5"),
	    "... in the slot that was freed");
}

static void
test_enobufs(void)
{
	char batch[256];
	FILE *f;

	snprintf(batch, sizeof(batch), "%s/batch", tmp);
	f = fopen(batch, "w");
	if (f == NULL) {
		tap_ok(false, "lost events: cannot write the batch file");
		return;
	}
	for (int i = 1; i <= 150; i++)
		fprintf(f, "addr add 198.51.100.%d/32 dev xbt0\n", i);
	for (int i = 1; i <= 150; i++)
		if (i != 7 && i != 9)
			fprintf(f, "addr del 198.51.100.%d/32 dev xbt0\n", i);
	fprintf(f, "addr del 192.0.2.2/32 dev xbt0\n");
	fprintf(f, "link set xbt0 mtu 1280\n");
	fclose(f);
	/* Stopped, the agent cannot read: its tiny buffer overflows. */
	kill(agent_pid, SIGSTOP);
	sh("ip -batch %s", batch);
	kill(agent_pid, SIGCONT);
	tap_ok(wait_values("attr/vif/0/ipv4", "198.51.100.7,198.51.100.9") &&
	    wait_for("attr/vif/0/mtu", "1280"),
	    "after lost events the picture is exact again");
	tap_ok(log_has("ENOBUFS"), "the loss was noticed (ENOBUFS) and "
	    "resynchronised by a dump");
}

static void
test_removal_and_restart(void)
{
	int st;

	sh("ip link add xbt2 address 00:16:3e:00:00:03 type veth peer name "
	    "xbt3 address 00:16:3e:00:00:04");
	tap_ok(wait_for("attr/vif/2/name", "xbt2") &&
	    wait_for("attr/vif/3/name", "xbt3"), "a new link appears");
	sh("ip link del xbt0");
	tap_ok(wait_for("attr/vif/0", NULL) && wait_for("attr/vif/1", NULL),
	    "a deleted link (and its peer) leaves no node behind");
	st = agent_stop(agent_pid);
	agent_pid = 0;
	tap_ok(st == 0, "SIGTERM: clean exit (status %d)", st);
	tap_ok(is("data/meminfo_total", "1000000") &&
	    is("attr/vif/2/name", "xbt2"),
	    "SIGTERM removes nothing tooling relies on");
	/* While it is down an interface goes and another comes. */
	sh("ip link del xbt2");
	sh("ip link add xbt0 address 00:16:3e:00:00:01 type veth peer name "
	    "xbt1 address 00:16:3e:00:00:02");
	agent_pid = agent_start();
	tap_ok(notify_wait("READY=1"), "restarted agent is ready");
	tap_ok(wait_for("attr/vif/2", NULL) && wait_for("attr/vif/3", NULL) &&
	    wait_for("attr/vif/0/name", "xbt0"),
	    "restart: stale interfaces removed, present ones published");
}

static void
test_xenstored_restart(void)
{
	xs_close(h);
	h = NULL;
	if (xsdtest_stop(&srv) < 0 || xsdtest_start(&srv, NULL) < 0) {
		tap_ok(false, "xb-xsd restarted on the same sockets");
		return;
	}
	h = xsdtest_open(srv.dom0);
	if (h == NULL || !watch_home()) {
		tap_ok(false, "reconnect the test to xb-xsd");
		return;
	}
	tap_ok(wait_for("data/meminfo_total", "1000000") &&
	    wait_for("attr/vif/0/name", "xbt0") &&
	    wait_for("data/memory/agent-version", PACKAGE_VERSION),
	    "after xenstored restarts, the agent reconnects and republishes");
}

static bool
can_run(const char **why)
{
	if (geteuid() != 0) {
		*why = "needs root for a network namespace";
		return false;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		*why = "unshare(CLONE_NEWNET) refused";
		return false;
	}
	if (system("ip link add xbt0 address 00:16:3e:00:00:01 type veth "
	    "peer name xbt1 address 00:16:3e:00:00:02 2>/dev/null") != 0) {
		*why = "cannot create veth links (iproute2 or veth missing)";
		return false;
	}
	return true;
}

int
main(int argc, char **argv)
{
	const char *why = NULL;
	int st;

	xsdtest_init(argv[0]);
	if (!can_run(&why)) {
		printf("1..0 # SKIP %s\n", why);
		return 0;
	}
	sh("ip link set xbt0 addrgenmode none && "
	    "ip link set xbt1 addrgenmode none");
	snprintf(tmp, sizeof(tmp), "/tmp/xb-agent-test.XXXXXX");
	if (mkdtemp(tmp) == NULL || xsdtest_start(&srv, NULL) < 0 ||
	    (h = xsdtest_open(srv.dom0)) == NULL || !watch_home() ||
	    (notify_fd = notify_open()) < 0) {
		tap_ok(false, "set-up: temporary directory, xb-xsd, watch");
		return tap_done();
	}
	snprintf(logpath, sizeof(logpath), "%s/agent.log", tmp);
	setup_fakes();
	agent_pid = agent_start();
	test_startup();
	test_hysteresis();
	test_balloon();
	test_links();
	test_addresses();
	test_enobufs();
	test_removal_and_restart();
	test_xenstored_restart();
	st = agent_stop(agent_pid);
	tap_ok(st == 0, "final SIGTERM: clean exit (status %d)", st);
	if (h)
		xs_close(h);
	xsdtest_stop(&srv);
	xsdtest_cleanup(&srv);
	st = tap_done();
	if (st != 0) {
		tap_diag("agent log follows (%s)", logpath);
		sh("sed 's/^/# /' %s | tail -60", logpath);
	} else {
		sh("rm -rf %s", tmp);
	}
	return st;
}
