/*
 * psitrigger.c - arming a PSI memory trigger.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <unistd.h>

#include "psitrigger.h"

#define PSITRIGGER_UNPRIV_US	2000000u	/* kernel's rule for others */

int
psitrigger_format(char *buf, size_t len, uint64_t stall_us, uint64_t window_us)
{
	int n = snprintf(buf, len, "some %llu %llu",
	    (unsigned long long)stall_us, (unsigned long long)window_us);

	return (n < 0 || (size_t)n >= len) ? -E2BIG : n;
}

static int
psitrigger_arm(const char *path, uint64_t stall_us, uint64_t window_us)
{
	struct statfs sfs;
	char buf[64];
	int fd, n, e;

	if ((n = psitrigger_format(buf, sizeof(buf), stall_us, window_us)) < 0)
		return n;
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Only procfs makes a trigger of the write; a plain file (a test's
	 * fake /proc) would just be overwritten. */
	if (fstatfs(fd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC) {
		close(fd);
		return -ENOTSUP;
	}
	/* The kernel wants the terminating NUL too. */
	if (write(fd, buf, (size_t)n + 1) < 0) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

int
psitrigger_open(const char *path, uint64_t stall_us, uint64_t *window_us)
{
	uint64_t w = *window_us;
	int fd = psitrigger_arm(path, stall_us, w);

	if (fd != -EINVAL || w % PSITRIGGER_UNPRIV_US == 0)
		return fd;
	w = (w / PSITRIGGER_UNPRIV_US + 1) * PSITRIGGER_UNPRIV_US;
	if (stall_us > w)
		return -EINVAL;
	fd = psitrigger_arm(path, stall_us, w);
	if (fd >= 0)
		*window_us = w;
	return fd;
}
