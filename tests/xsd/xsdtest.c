/*
 * xsdtest.c - see xsdtest.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xsdtest.h"

static int	tap_n;
static int	tap_failed;
static char	xsd_bin[4096];

/* ---- TAP ---- */

void
tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void
tap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("ok %d - ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", reason);
	fflush(stdout);
}

void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

/* ---- the server ---- */

void
xsdtest_init(const char *argv0)
{
	const char *b = getenv("XB_BUILDDIR");
	char tmp[4096];

	if (b != NULL) {
		snprintf(xsd_bin, sizeof(xsd_bin), "%s/tests/xsd/xb-xsd", b);
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s", argv0);
	snprintf(xsd_bin, sizeof(xsd_bin), "%s/xb-xsd", dirname(tmp));
}

int
xsdtest_start(struct xsdtest_srv *s, const char *const *extra)
{
	const char *argv[64];
	char g1[160], g2[160], buf[8];
	int p[2], n = 0, i;
	ssize_t r;

	if (s->dir[0] == '\0') {
		snprintf(s->dir, sizeof(s->dir), "/tmp/xb-xsd.XXXXXX");
		if (mkdtemp(s->dir) == NULL)
			return -1;
	}
	snprintf(s->dom0, sizeof(s->dom0), "%s/d0", s->dir);
	snprintf(s->guest, sizeof(s->guest), "%s/g%d", s->dir, XSDTEST_GUEST);
	snprintf(s->guest2, sizeof(s->guest2), "%s/g%d", s->dir,
	    XSDTEST_GUEST2);
	snprintf(s->dump, sizeof(s->dump), "%s/dump", s->dir);
	snprintf(g1, sizeof(g1), "%d:%s", XSDTEST_GUEST, s->guest);
	snprintf(g2, sizeof(g2), "%d:%s", XSDTEST_GUEST2, s->guest2);
	if (pipe(p) < 0)
		return -1;
	argv[n++] = xsd_bin;
	argv[n++] = "--socket";
	argv[n++] = s->dom0;
	argv[n++] = "--guest";
	argv[n++] = g1;
	argv[n++] = "--guest";
	argv[n++] = g2;
	argv[n++] = "--dump";
	argv[n++] = s->dump;
	argv[n++] = "--ready-fd";
	argv[n++] = "3";
	for (i = 0; extra != NULL && extra[i] != NULL && n < 62; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		close(p[0]);
		if (dup2(p[1], 3) < 0)
			_exit(127);
		execv(xsd_bin, (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	do {
		r = read(p[0], buf, sizeof(buf));
	} while (r < 0 && errno == EINTR);
	close(p[0]);
	if (r <= 0) {
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
		return -1;
	}
	return 0;
}

int
xsdtest_stop(struct xsdtest_srv *s)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int st, i;

	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	/* Bounded: a server that ignores SIGTERM is a failure, not a hang. */
	for (i = 0; i < 1000; i++) {
		pid_t r = waitpid(s->pid, &st, WNOHANG);

		if (r == s->pid) {
			s->pid = 0;
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
		}
		nanosleep(&ts, NULL);
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
	s->pid = 0;
	return -1;
}

void
xsdtest_cleanup(struct xsdtest_srv *s)
{
	char path[256];

	unlink(s->dump);
	unlink(s->dom0);
	unlink(s->guest);
	unlink(s->guest2);
	snprintf(path, sizeof(path), "%s", s->dir);
	rmdir(path);
}

struct xs_handle *
xsdtest_open(const char *sock)
{
	setenv("XENSTORED_PATH", sock, 1);
	return xs_open(0);
}

int
xsdtest_watch_next(struct xs_handle *h, int timeout_ms, char *path,
    size_t pathsz, char *token, size_t tokensz)
{
	struct pollfd pfd = { .fd = xs_fileno(h), .events = POLLIN };
	char **ev;

	for (;;) {
		ev = xs_check_watch(h);
		if (ev != NULL)
			break;
		if (errno != EAGAIN)
			return -1;
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return -1;
	}
	if (path != NULL)
		snprintf(path, pathsz, "%s", ev[XS_WATCH_PATH]);
	if (token != NULL)
		snprintf(token, tokensz, "%s", ev[XS_WATCH_TOKEN]);
	free(ev);
	return 0;
}

int
xsdtest_events_before(struct xs_handle *h, const char *token, int timeout_ms)
{
	char tok[256];
	int n = 0;

	for (;;) {
		if (xsdtest_watch_next(h, timeout_ms, NULL, 0, tok,
		    sizeof(tok)) < 0)
			return -1;
		if (strcmp(tok, token) == 0)
			return n;
		n++;
	}
}

int
xsdtest_raw_connect(const char *sock)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}
