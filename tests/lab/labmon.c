/*
 * labmon: the lab's overcommit monitor, independent of xenballoond.
 *
 * Runs in dom0 and prints one line per sample: the hypervisor's view of
 * host memory (physinfo) and of every domain (tot_pages, max_pages) plus
 * the target dom0 wrote to xenstore, and whether xenballoond was running.
 * Between samples it prints every write of a domain's memory/target, in
 * the order xenstored reported them.  The scenarios and the host-side
 * report judge these lines; labmon only adds the derived "over" figure:
 * the memory the current targets could still claim beyond what is free.
 *
 *   usage: labmon INTERVAL_MS
 *   lines: mon T_MS total=KiB free=KiB claims=KiB need=KiB over=KiB \
 *              sum=KiB n=N xbd=PID DOMID:TOT/TARGET/MAX/CLAIM/USED ...
 *          tgt T_MS DOMID TARGET_KIB
 *
 * need is what all domains may still take (target above tot_pages, or an
 * outstanding claim); over = need - free, so over > 0 means the targets
 * handed out more memory than the host has: an overcommit.  xbd is the
 * pid of a live xenballoond process, found in /proc (0: none), so that
 * the report can hold every sample taken while the daemon ran to "no
 * overcommit", whichever scenario was running.  A tgt line is printed
 * when xenstored fires the watch on DOMID's memory/target (TARGET_KIB is
 * -1 once the key is gone), followed by a sample; the file's line order
 * is the order of the writes, finer than the samples (a daemon round
 * cuts and raises within one second).  USED is what the guest's agent
 * says it uses (MemTotal - MemAvailable, -1 without an agent), for the
 * lab's pictures only (tests/lab/plot): no verdict trusts a guest.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xenctrl.h>
#include <xenstore.h>

#define LABMON_MAX_DOMS 64
#define LABMON_DOMID_LIMIT 32768	/* DOMID_FIRST_RESERVED */

/* Domains whose memory/target is watched (a watch per domid, once). */
static unsigned char labmon_watched[LABMON_DOMID_LIMIT / 8];

static uint64_t labmon_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* memory/target in KiB, or -1 when the domain has none (yet). */
/* A decimal KiB figure at /local/domain/DOMID/KEY, or -1. */
static int64_t labmon_dom_kib(struct xs_handle *xs, uint32_t domid,
			      const char *key)
{
	char path[96], *val, *end;
	unsigned int len;
	long long kib;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, key);
	val = xs_read(xs, XBT_NULL, path, &len);
	if (val == NULL)
		return -1;
	errno = 0;
	kib = strtoll(val, &end, 10);
	if (errno != 0 || end == val || kib < 0)
		kib = -1;
	free(val);
	return kib;
}

static int64_t labmon_target_kib(struct xs_handle *xs, uint32_t domid)
{
	return labmon_dom_kib(xs, domid, "memory/target");
}

/* What the guest says it uses (its agent's MemTotal - MemAvailable), or
 * -1: for the lab's pictures, never for a verdict. */
static int64_t labmon_used_kib(struct xs_handle *xs, uint32_t domid)
{
	int64_t total = labmon_dom_kib(xs, domid, "data/meminfo_total");
	int64_t avail = labmon_dom_kib(xs, domid, "data/meminfo_free");

	return total < 0 || avail < 0 || avail > total ? -1 : total - avail;
}

/*
 * The pid of a running xenballoond (not a zombie: a SIGKILLed daemon
 * stays one until its parent shell reaps it), or 0.
 */
static long labmon_daemon_pid(void)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	long found = 0;

	if (proc == NULL)
		return -1;
	while (found == 0 && (e = readdir(proc)) != NULL) {
		char path[64], buf[256], *open, *close;
		FILE *f;
		size_t n;
		long pid;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = strtol(e->d_name, NULL, 10);
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		/* "PID (COMM) STATE ...": COMM may hold spaces and parens. */
		open = strchr(buf, '(');
		close = strrchr(buf, ')');
		if (open == NULL || close == NULL || close[1] != ' ')
			continue;
		*close = '\0';
		if (strcmp(open + 1, "xenballoond") == 0 &&
		    close[2] != 'Z' && close[2] != 'X')
			found = pid;
	}
	closedir(proc);
	return found;
}

static void labmon_watch(struct xs_handle *xs, uint32_t domid)
{
	char path[64];

	if (domid >= LABMON_DOMID_LIMIT ||
	    labmon_watched[domid / 8] & (1u << (domid % 8)))
		return;
	snprintf(path, sizeof(path), "/local/domain/%u/memory/target", domid);
	if (xs_watch(xs, path, "target"))
		labmon_watched[domid / 8] |= 1u << (domid % 8);
	else
		fprintf(stderr, "labmon: xs_watch %s: %s\n", path,
			strerror(errno));
}

/* Print every target write xenstored has reported so far; how many. */
static int labmon_events(struct xs_handle *xs)
{
	char **ev;
	unsigned int domid;
	char tail[16];
	int n = 0;

	while ((ev = xs_check_watch(xs)) != NULL) {
		if (sscanf(ev[XS_WATCH_PATH], "/local/domain/%u/%15s",
			   &domid, tail) == 2 &&
		    strcmp(tail, "memory/target") == 0) {
			printf("tgt %" PRIu64 " %u %" PRId64 "\n",
			       labmon_now_ms(), domid,
			       labmon_target_kib(xs, domid));
			n++;
		}
		free(ev);
	}
	fflush(stdout);
	return n;
}

static int labmon_sample(xc_interface *xc, struct xs_handle *xs,
			 unsigned int page_kib)
{
	static xc_domaininfo_t info[LABMON_MAX_DOMS];
	xc_physinfo_t phys = { 0 };
	int64_t need = 0, sum = 0;
	char doms[LABMON_MAX_DOMS * 56] = "";
	size_t off = 0;
	int n, i, live = 0;

	if (xc_physinfo(xc, &phys) != 0)
		return -1;
	n = xc_domain_getinfolist(xc, 0, LABMON_MAX_DOMS, info);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		uint32_t domid = info[i].domain;
		int64_t tot = (int64_t)info[i].tot_pages * page_kib;
		int64_t max = (int64_t)info[i].max_pages * page_kib;
		int64_t claim = (int64_t)info[i].outstanding_pages * page_kib;
		int64_t target, pending;

		if (info[i].flags & XEN_DOMINF_dying)
			continue;
		target = labmon_target_kib(xs, domid);
		labmon_watch(xs, domid);
		live++;
		sum += target > tot ? target : tot;
		/*
		 * What the domain may still take: up to its target, or the
		 * claim xl create made for it, whichever is larger (a claim
		 * is the same memory as the gap to the target, not more).
		 */
		pending = target > tot ? target - tot : 0;
		need += pending > claim ? pending : claim;
		off += (size_t)snprintf(doms + off, sizeof(doms) - off,
					" %u:%" PRId64 "/%" PRId64 "/%" PRId64 "/%" PRId64
					"/%" PRId64, domid, tot, target, max, claim,
					labmon_used_kib(xs, domid));
		if (off >= sizeof(doms))
			off = sizeof(doms) - 1;
	}
	{
		int64_t free_kib = (int64_t)phys.free_pages * page_kib;
		int64_t claims = (int64_t)phys.outstanding_pages * page_kib;

		printf("mon %" PRIu64 " total=%" PRId64 " free=%" PRId64
		       " claims=%" PRId64 " need=%" PRId64 " over=%" PRId64
		       " sum=%" PRId64 " n=%d xbd=%ld%s\n",
		       labmon_now_ms(), (int64_t)phys.total_pages * page_kib,
		       free_kib, claims, need, need - free_kib, sum,
		       live, labmon_daemon_pid(), doms);
	}
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	xc_interface *xc;
	struct xs_handle *xs;
	struct pollfd pfd;
	uint64_t next;
	long interval_ms;
	char *end;

	if (argc != 2) {
		fprintf(stderr, "usage: labmon INTERVAL_MS\n");
		return 2;
	}
	interval_ms = strtol(argv[1], &end, 10);
	if (*end != '\0' || interval_ms < 50 || interval_ms > 60000) {
		fprintf(stderr, "labmon: bad interval: %s\n", argv[1]);
		return 2;
	}
	xc = xc_interface_open(NULL, NULL, 0);
	if (xc == NULL) {
		perror("labmon: xc_interface_open");
		return 1;
	}
	xs = xs_open(0);
	if (xs == NULL) {
		perror("labmon: xs_open");
		return 1;
	}
	pfd.fd = xs_fileno(xs);
	pfd.events = POLLIN;
	if (pfd.fd < 0) {
		perror("labmon: xs_fileno");
		return 1;
	}
	next = labmon_now_ms();
	for (;;) {
		uint64_t now = labmon_now_ms();

		if (now >= next) {
			if (labmon_sample(xc, xs, XC_PAGE_SIZE / 1024) != 0)
				printf("mon %" PRIu64 " error=%d\n",
				       labmon_now_ms(), errno);
			fflush(stdout);
			/* A slow sample must not make the next ones pile up. */
			next += (uint64_t)interval_ms;
			if (next <= now)
				next = now + (uint64_t)interval_ms;
			continue;
		}
		/*
		 * A sample right after target writes too: a target set past
		 * free memory and put back within the second would fall
		 * between two timed samples (the lab saw one undone in 0.8 s).
		 */
		if (poll(&pfd, 1, (int)(next - now)) > 0 &&
		    labmon_events(xs) > 0 &&
		    labmon_sample(xc, xs, XC_PAGE_SIZE / 1024) != 0) {
			printf("mon %" PRIu64 " error=%d\n",
			       labmon_now_ms(), errno);
			fflush(stdout);
		}
	}
}
