/*
 * instance.c - one xenballoond per host: two would both balance the host
 * (each counting the other's moves as the guests' own), and a second one
 * started by hand to debug the service used to take its control socket.
 *
 * Three checks, all before anything is removed or published:
 *  - a lock on <state-dir>/xenballoond.lock (flock, held for the process's
 *    life and released by the kernel however it ends; the file holds the
 *    owner's pid for the message and is never removed, so no unlink race);
 *  - the control socket: if a connect succeeds a daemon serves it (its pid
 *    from SO_PEERCRED) and we refuse; if nobody listens it is stale, left
 *    by a killed daemon, and is removed;
 *  - /tool/xenballoon/host/pid, written by the daemon that balances the
 *    host: if it names a live process called xenballoond other than us,
 *    that one runs with another socket and state directory, and both
 *    would balance the same guests.  A stale pid (the daemon died) is
 *    not alive, or is not a xenballoond.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* struct ucred */
#endif
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "parse.h"
#include "xbd.h"
#include "xs.h"
#include "xskeys.h"

static int	instance_fd = -1;

/* The pid the lock file names, or 0 if it names none. */
static pid_t
instance_read_pid(int fd)
{
	char buf[32];
	uint64_t v;
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (parse_u64(buf, 1, INT32_MAX, &v) != PARSE_OK)
		return 0;
	return (pid_t)v;
}

int
instance_lock(const char *dir)
{
	char path[PATH_MAX], buf[32];
	pid_t pid;
	int fd, n;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
	    INSTANCE_LOCK_FILE) >= sizeof(path)) {
		log_errx("instance_lock: state directory path too long: %s",
		    dir);
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1) {
		log_warn("instance_lock: open %s", path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK) {
			log_warn("instance_lock: flock %s", path);
			close(fd);
			return -1;
		}
		if ((pid = instance_read_pid(fd)) > 0)
			log_errx("another xenballoond (pid %ld) is running "
			    "with the state directory %s: not starting",
			    (long)pid, dir);
		else
			log_errx("another xenballoond is running with the "
			    "state directory %s (%s is locked): not starting",
			    dir, path);
		close(fd);
		return INSTANCE_RUNNING;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, (size_t)n, 0) != n)
		/* The lock holds all the same; only the message loses. */
		log_warn("instance_lock: cannot write the pid to %s", path);
	instance_fd = fd;
	return 0;
}

int
instance_check_socket(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct ucred cr;
	socklen_t crlen = sizeof(cr);
	struct stat st;
	int fd, r;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_errx("instance_check_socket: socket path too long: %s",
		    path);
		return -1;
	}
	if (lstat(path, &st) == -1)
		return 0;	/* nothing there: control_init() binds it */
	if (!S_ISSOCK(st.st_mode)) {
		log_errx("%s exists and is not a socket: not starting (remove "
		    "it or choose another --socket)", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		log_warn("instance_check_socket: socket");
		return -1;
	}
	r = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	if (r == 0) {
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr,
		    &crlen) == 0 && cr.pid > 0)
			log_errx("another xenballoond (pid %ld) serves the "
			    "control socket %s: not starting", (long)cr.pid,
			    path);
		else
			log_errx("another process serves the control socket "
			    "%s: not starting", path);
		close(fd);
		return INSTANCE_RUNNING;
	}
	r = errno;
	close(fd);
	if (r != ECONNREFUSED) {
		log_errx("instance_check_socket: connect %s: %s: not starting",
		    path, strerror(r));
		return -1;
	}
	log_notice(LOGC_GENERAL, "removing the stale control socket %s (no "
	    "daemon listens on it)", path);
	if (unlink(path) == -1 && errno != ENOENT) {
		log_warn("instance_check_socket: unlink %s", path);
		return -1;
	}
	return 0;
}

void
instance_unlock(void)
{
	if (instance_fd != -1)
		close(instance_fd);
	instance_fd = -1;
}

/* Is pid a live process called xenballoond? */
static bool
instance_is_daemon(pid_t pid)
{
	char path[64], comm[32];
	ssize_t n;
	int fd;

	if (pid <= 0 || pid == getpid())
		return false;
	if (kill(pid, 0) == -1 && errno != EPERM)
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	if (n <= 0)
		return false;
	comm[n] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
	return strcmp(comm, "xenballoond") == 0;
}

int
instance_check_xenstore(struct xsc *xs)
{
	uint64_t pid;
	int r;

	r = xsc_read_u64(xs, XBT_NULL, xskey(XSK_TOOL_HOST_PID)->path, 1,
	    INT32_MAX, &pid, NULL);
	if (r < 0 || !instance_is_daemon((pid_t)pid))
		return 0;
	log_errx("another xenballoond (pid %llu) balances this host, with "
	    "another control socket or state directory (%s names it): not "
	    "starting", (unsigned long long)pid,
	    xskey(XSK_TOOL_HOST_PID)->path);
	return INSTANCE_RUNNING;
}
