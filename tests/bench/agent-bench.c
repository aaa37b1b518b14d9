/*
 * agent-bench.c - figures for xenballoon-agent: resident memory, wake-ups
 * and xenstore writes while idle, and the latency from a link change, an
 * address change and a memory-pressure trigger to the key in xenstore.
 *
 * It runs the real agent (real /proc, real rtnetlink in a private network
 * namespace with a veth pair) against xb-xsd as guest domain 5, and reads
 * xenstore through a dom0 connection with a watch.  Network changes are
 * made with rtnetlink requests of our own; a latency runs from just
 * before the request is sent to the moment the key reads right.  Not a
 * test: it prints figures.
 *
 *   agent-bench [--json] [--frozen-proc] [--idle SECONDS] [--iterations N]
 *
 * --frozen-proc gives the agent a copy of /proc/meminfo, vmstat and
 * pressure/memory taken at start: the idle figures of a guest whose
 * memory does not move (this shared build host's does), without the
 * pressure measurement, which needs the real /proc.
 */
#define _GNU_SOURCE
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <xenstore.h>

#include "psitrigger.h"
#include "xsdtest.h"

#define HOME	"/local/domain/5"

static struct xsdtest_srv srv;
static struct xs_handle *h;
static pid_t agent;
static char frozen[64];

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static struct mnl_socket *rtnl_sock;
static int ifindex0;
static unsigned int nlseq;

/* One rtnetlink request, acknowledged. */
static int
nl_request(struct nlmsghdr *nlh)
{
	char buf[8192] __attribute__((aligned(8)));
	ssize_t n;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nlseq;
	if (mnl_socket_sendto(rtnl_sock, nlh, nlh->nlmsg_len) < 0)
		return -1;
	n = mnl_socket_recvfrom(rtnl_sock, buf, sizeof(buf));
	if (n < 0)
		return -1;
	return mnl_cb_run(buf, (size_t)n, nlseq, mnl_socket_get_portid(rtnl_sock),
	    NULL, NULL) < 0 ? -1 : 0;
}

static int
nl_link(bool up, unsigned int mtu)
{
	char buf[512] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = ifindex0;
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	return nl_request(nlh);
}

static int
nl_addr(bool add, const char *a)
{
	char buf[512] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	struct in_addr in;

	inet_pton(AF_INET, a, &in);
	nlh->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	if (add)
		nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 32;
	ifa->ifa_index = (unsigned int)ifindex0;
	mnl_attr_put(nlh, IFA_LOCAL, 4, &in);
	mnl_attr_put(nlh, IFA_ADDRESS, 4, &in);
	return nl_request(nlh);
}

static bool
key_is(const char *rel, const char *want)
{
	char path[512], *v;
	unsigned int len;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", HOME, rel);
	v = xs_read(h, XBT_NULL, path, &len);
	ok = want ? (v && strcmp(v, want) == 0) : v == NULL;
	free(v);
	return ok;
}

/* ms until HOME/rel holds want (NULL: absent), measured from t0; -1 on
 * a 5 s timeout. */
static double
wait_key(const char *rel, const char *want, double t0)
{
	for (;;) {
		if (key_is(rel, want))
			return now_ms() - t0;
		if (now_ms() - t0 > 5000 ||
		    xsdtest_watch_next(h, 5000, NULL, 0, NULL, 0) < 0)
			return -1;
	}
}

static void
drain_events(void)
{
	while (xsdtest_watch_next(h, 0, NULL, 0, NULL, 0) == 0)
		;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
p95(double *v, int n)
{
	if (n == 0)
		return -1;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[(n * 95 + 99) / 100 - 1];
}

static long
proc_field(pid_t pid, const char *file, const char *field)
{
	char path[400], line[256];
	size_t n = strlen(field);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static long
proc_status(pid_t pid, const char *field)
{
	return proc_field(pid, "status", field);
}

/* Proportional and private memory: what the agent costs a guest whose
 * libc and libsystemd pages are shared with systemd and journald. */
static long
proc_rollup(pid_t pid, const char *field)
{
	return proc_field(pid, "smaps_rollup", field);
}

/*
 * A wake-up is the agent blocking and being woken: a voluntary switch,
 * of any of its threads (libxenstore starts a reader thread once the
 * agent watches a key, and each reply then wakes both).  Involuntary
 * ones are other processes preempting it, a figure of the machine's load
 * (a lab in QEMU next to it doubled the count), not of the agent.
 */
static long
ctxt_switches(pid_t pid)
{
	char dir[64], file[300];
	struct dirent *de;
	long sum = 0, v;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/task", pid);
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "task/%s/status", de->d_name);
		if ((v = proc_field(pid, file, "voluntary_ctxt_switches")) > 0)
			sum += v;
	}
	closedir(d);
	return sum;
}

static pid_t
agent_start(void)
{
	const char *b = getenv("XB_BUILDDIR");
	char bin[4096];
	pid_t pid;
	int fd;

	snprintf(bin, sizeof(bin), "%s/agent/xenballoon-agent", b ? b : ".");
	pid = fork();
	if (pid == 0) {
		setenv("XENSTORED_PATH", srv.guest, 1);
		unsetenv("NOTIFY_SOCKET");
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 2);
		execl(bin, bin, "--config", "/dev/null", "--interfaces", "xbb*",
		    "--map-interface", "xbb0=0", "--map-interface", "xbb1=1",
		    "--proc-dir", frozen[0] ? frozen : "/proc", (char *)NULL);
		_exit(127);
	}
	return pid;
}

struct figures {
	long	rss_kib, rss_anon_kib, pss_kib, private_kib;
	double	wakeups_per_min;
	double	writes_per_hour;
	double	link_p95, mtu_p95, addr_p95, pressure_p95;
	int	link_n, addr_n, pressure_n;
	int	idle_s;
	const char *pressure_why;
};

static void
measure_idle(struct figures *f, int seconds)
{
	double end;
	long c0, c1;
	int events = 0;

	drain_events();
	c0 = ctxt_switches(agent);
	end = now_ms() + seconds * 1000.0;
	while (now_ms() < end)
		if (xsdtest_watch_next(h, (int)(end - now_ms()) + 1, NULL, 0,
		    NULL, 0) == 0)
			events++;
	c1 = ctxt_switches(agent);
	f->wakeups_per_min = (double)(c1 - c0) * 60.0 / seconds;
	/* Each node written fires the watch once. */
	f->writes_per_hour = events * 3600.0 / seconds;
	f->idle_s = seconds;
}

static void
measure_net(struct figures *f, int iters)
{
	double *lk = calloc((size_t)iters * 2, sizeof(double));
	double *mt = calloc((size_t)iters * 2, sizeof(double));
	double *ad = calloc((size_t)iters * 2, sizeof(double));
	int nl = 0, nm = 0, na = 0;
	double t0, d;
	char v[32];

	for (int i = 0; i < iters; i++) {
		t0 = now_ms();
		nl_link(false, 0);
		if ((d = wait_key("attr/vif/0/operstate", "down", t0)) >= 0)
			lk[nl++] = d;
		t0 = now_ms();
		nl_link(true, 0);
		if ((d = wait_key("attr/vif/0/operstate", "up", t0)) >= 0)
			lk[nl++] = d;
		t0 = now_ms();
		nl_link(true, i % 2 ? 1500 : 1400);
		if ((d = wait_key("attr/vif/0/mtu", i % 2 ? "1500" : "1400",
		    t0)) >= 0)
			mt[nm++] = d;
		snprintf(v, sizeof(v), "192.0.2.%d", i % 250 + 1);
		t0 = now_ms();
		nl_addr(true, v);
		if ((d = wait_key("attr/vif/0/ipv4/0", v, t0)) >= 0)
			ad[na++] = d;
		t0 = now_ms();
		nl_addr(false, v);
		if ((d = wait_key("attr/vif/0/ipv4", NULL, t0)) >= 0)
			ad[na++] = d;
	}
	f->link_n = nl;
	f->addr_n = na;
	f->link_p95 = p95(lk, nl);
	f->mtu_p95 = p95(mt, nm);
	f->addr_p95 = p95(ad, na);
	free(lk);
	free(mt);
	free(ad);
}

/*
 * Pressure: our own trigger with the agent's parameters tells when the
 * kernel saw the stall; the latency is from that moment to the agent's
 * write of data/memory/pressure-some-total-us.  Stall is made by a child
 * thrashing anonymous memory in a small memory cgroup (v1) when the host
 * allows it; otherwise the figure is absent and the reason printed.
 */
static void
measure_pressure(struct figures *f, int iters)
{
	uint64_t window = 2000000;
	double lat[64], t0, d;
	struct pollfd p;
	int fd, n = 0;

	fd = psitrigger_open("/proc/pressure/memory", 100000, &window);
	if (fd < 0) {
		f->pressure_why = "no PSI trigger on this kernel";
		return;
	}
	if (run("mkdir -p /sys/fs/cgroup/memory/xbbench 2>/dev/null && "
	    "echo 64M > /sys/fs/cgroup/memory/xbbench/memory.limit_in_bytes "
	    "2>/dev/null") != 0) {
		f->pressure_why = "no memory cgroup to make pressure in";
		close(fd);
		return;
	}
	for (int i = 0; i < iters && i < 64; i++) {
		pid_t hog = fork();

		if (hog == 0) {
			/* Page cache thrash in 64 MiB: reclaim stalls. */
			execl("/bin/sh", "sh", "-c",
			    "echo $$ > /sys/fs/cgroup/memory/xbbench/tasks && "
			    "f=$(mktemp /var/tmp/xbbench.XXXXXX) && "
			    "dd if=/dev/zero of=$f bs=1M count=256 status=none; "
			    "for k in 1 2 3 4 5 6 7 8; do "
			    "cat $f > /dev/null 2>&1; done; rm -f $f", (char *)NULL);
			_exit(127);
		}
		drain_events();
		p = (struct pollfd){ .fd = fd, .events = POLLPRI };
		if (poll(&p, 1, 20000) == 1 && (p.revents & POLLPRI)) {
			t0 = now_ms();
			/* the agent's write follows its own trigger */
			for (;;) {
				char path[128], tok[64];

				if (xsdtest_watch_next(h, 5000, path,
				    sizeof(path), tok, sizeof(tok)) < 0)
					break;
				if (strstr(path, "pressure-some-total-us")) {
					d = now_ms() - t0;
					lat[n++] = d;
					break;
				}
			}
		}
		kill(hog, SIGKILL);
		waitpid(hog, NULL, 0);
		run("rm -f /var/tmp/xbbench.* 2>/dev/null");
	}
	run("rmdir /sys/fs/cgroup/memory/xbbench 2>/dev/null");
	close(fd);
	f->pressure_n = n;
	f->pressure_p95 = p95(lat, n);
	if (n == 0)
		f->pressure_why = "no stall could be induced";
}

static void
print_num(const char *k, double v, const char *sep)
{
	if (v < 0)
		printf("  \"%s\": null%s\n", k, sep);
	else
		printf("  \"%s\": %.1f%s\n", k, v, sep);
}

static void
report(const struct figures *f, bool json)
{
	if (json) {
		printf("{\n");
		printf("  \"rss_kib\": %ld,\n", f->rss_kib);
		printf("  \"rss_anon_kib\": %ld,\n", f->rss_anon_kib);
		printf("  \"pss_kib\": %ld,\n", f->pss_kib);
		printf("  \"private_kib\": %ld,\n", f->private_kib);
		print_num("wakeups_per_min_idle", f->wakeups_per_min, ",");
		print_num("writes_per_hour_idle", f->writes_per_hour, ",");
		print_num("link_to_xenstore_ms_p95", f->link_p95, ",");
		print_num("mtu_to_xenstore_ms_p95", f->mtu_p95, ",");
		print_num("addr_to_xenstore_ms_p95", f->addr_p95, ",");
		print_num("pressure_to_xenstore_ms_p95", f->pressure_p95, ",");
		printf("  \"idle_seconds\": %d,\n", f->idle_s);
		printf("  \"samples\": { \"link\": %d, \"addr\": %d, "
		    "\"pressure\": %d }\n", f->link_n, f->addr_n, f->pressure_n);
		printf("}\n");
		return;
	}
	printf("agent RSS                         %ld KiB (target < 2048), "
	    "of which anonymous %ld KiB\n", f->rss_kib, f->rss_anon_kib);
	printf("agent PSS / private               %ld / %ld KiB (shared "
	    "library pages counted by share / not at all)\n", f->pss_kib,
	    f->private_kib);
	printf("wake-ups per minute, idle         %.1f (target <= 6; %d s)\n",
	    f->wakeups_per_min, f->idle_s);
	printf("xenstore writes per hour, idle    %.0f (target < 60)\n",
	    f->writes_per_hour);
	printf("link up/down -> operstate, p95    %.1f ms (%d samples; "
	    "target 50)\n", f->link_p95, f->link_n);
	printf("MTU change -> mtu key, p95        %.1f ms\n", f->mtu_p95);
	printf("address add/del -> key, p95       %.1f ms (%d samples; "
	    "target 50)\n", f->addr_p95, f->addr_n);
	if (f->pressure_p95 >= 0)
		printf("PSI trigger -> pressure key, p95  %.1f ms (%d samples)\n",
		    f->pressure_p95, f->pressure_n);
	else
		printf("PSI trigger -> pressure key       not measured: %s\n",
		    f->pressure_why ? f->pressure_why : "?");
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "frozen-proc", no_argument, NULL, 'f' },
		{ "idle", required_argument, NULL, 'i' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct figures f = { .pressure_p95 = -1 };
	bool json = false, freeze = false;
	int idle = 60, iters = 30, ch;

	while ((ch = getopt_long(argc, argv, "jfi:n:h", opts, NULL)) != -1) {
		if (ch == 'j')
			json = true;
		else if (ch == 'f')
			freeze = true;
		else if (ch == 'i')
			idle = atoi(optarg);
		else if (ch == 'n')
			iters = atoi(optarg);
		else {
			fprintf(stderr, "usage: agent-bench [--json] "
			    "[--frozen-proc] [--idle "
			    "SECONDS] [--iterations N]\n");
			return ch == 'h' ? 0 : 2;
		}
	}
	if (idle < 1 || iters < 1 || iters > 1000) {
		fprintf(stderr, "agent-bench: bad --idle or --iterations\n");
		return 2;
	}
	xsdtest_init(argv[0]);
	if (freeze) {
		snprintf(frozen, sizeof(frozen), "/tmp/xbbench-proc.XXXXXX");
		if (mkdtemp(frozen) == NULL || run("mkdir %s/pressure && "
		    "cat /proc/meminfo > %s/meminfo && cat /proc/vmstat > "
		    "%s/vmstat && cat /proc/pressure/memory > "
		    "%s/pressure/memory", frozen, frozen, frozen, frozen) != 0) {
			fprintf(stderr, "agent-bench: cannot copy /proc\n");
			return 1;
		}
		f.pressure_why = "--frozen-proc";
	}
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0 ||
	    run("ip link add xbb0 type veth peer name xbb1 && "
	    "ip link set xbb0 addrgenmode none && "
	    "ip link set xbb1 addrgenmode none && ip link set xbb0 up && "
	    "ip link set xbb1 up") != 0) {
		fprintf(stderr, "agent-bench: needs root, a network namespace "
		    "and veth\n");
		return 1;
	}
	rtnl_sock = mnl_socket_open(NETLINK_ROUTE);
	ifindex0 = (int)if_nametoindex("xbb0");
	if (rtnl_sock == NULL || mnl_socket_bind(rtnl_sock, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    ifindex0 == 0) {
		fprintf(stderr, "agent-bench: rtnetlink: %s\n", strerror(errno));
		return 1;
	}
	if (xsdtest_start(&srv, NULL) < 0 ||
	    (h = xsdtest_open(srv.dom0)) == NULL || !xs_watch(h, HOME, "w")) {
		fprintf(stderr, "agent-bench: cannot start xb-xsd (build it: "
		    "make tests/xsd/xb-xsd)\n");
		return 1;
	}
	agent = agent_start();
	if (wait_key("attr/vif/0/operstate", "up", now_ms()) < 0 ||
	    wait_key("data/meminfo_total", NULL, now_ms()) >= 0) {
		fprintf(stderr, "agent-bench: the agent did not publish\n");
		kill(agent, SIGTERM);
		return 1;
	}
	measure_net(&f, iters);
	measure_idle(&f, idle);
	f.rss_kib = proc_status(agent, "VmRSS");
	f.rss_anon_kib = proc_status(agent, "RssAnon");
	f.pss_kib = proc_rollup(agent, "Pss");
	f.private_kib = proc_rollup(agent, "Private_Clean");
	if (f.private_kib >= 0 && proc_rollup(agent, "Private_Dirty") >= 0)
		f.private_kib += proc_rollup(agent, "Private_Dirty");
	if (!freeze)
		measure_pressure(&f, iters < 10 ? iters : 10);
	else
		run("rm -rf %s", frozen);
	kill(agent, SIGTERM);
	waitpid(agent, NULL, 0);
	xs_close(h);
	xsdtest_stop(&srv);
	xsdtest_cleanup(&srv);
	report(&f, json);
	return 0;
}
