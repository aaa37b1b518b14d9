/*
 * fuzz-config.c - daemon/config.c: xenballoond.conf as config_load()
 * reads it through common/conf.c (from a memfd, so no disk is touched).
 * Checked: a refused file says why, naming the file, and leaves the
 * running configuration untouched (a bad SIGHUP reload keeps the old
 * one); an accepted one keeps its strings terminated, its log classes
 * within LOGC_ALL, its periods above zero, default-min <= default-max.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memfd_create */
#endif
#include "config.h"

#include <sys/mman.h>
#include <unistd.h>

#include "control.h"
#include "fuzz.h"
#include "log.h"
#include "xbd.h"

static bool
fuzz_config_terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c, before;
	char path[64], err[512];
	int fd;

	if ((fd = memfd_create("xenballoond.conf", MFD_CLOEXEC)) == -1)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	config_defaults(&c);
	before = c;
	err[0] = '\0';
	if (config_load(&c, path, true, err, sizeof(err)) != 0) {
		FUZZ_CHECK(strncmp(err, path, strlen(path)) == 0);
		FUZZ_CHECK(memcmp(&c, &before, sizeof(c)) == 0);
	} else {
		FUZZ_CHECK(fuzz_config_terminated(c.socket_path,
		    sizeof(c.socket_path)));
		FUZZ_CHECK(fuzz_config_terminated(c.state_dir,
		    sizeof(c.state_dir)));
		FUZZ_CHECK(fuzz_config_terminated(c.control_group,
		    sizeof(c.control_group)));
		FUZZ_CHECK((c.log_classes & ~LOGC_ALL) == 0);
		FUZZ_CHECK(c.interval_ms > 0 && c.settle_ms > 0 &&
		    c.stuck_ms > 0 && c.probation_ms > 0 &&
		    c.guest_read_ms > 0 && c.reservation_hold_ms > 0);
		FUZZ_CHECK(c.bounds.default_weight >= 1 &&
		    c.bounds.default_weight <= CONTROL_WEIGHT_MAX);
		FUZZ_CHECK(c.bounds.default_min_kib == 0 ||
		    c.bounds.default_max_kib == 0 ||
		    c.bounds.default_min_kib <= c.bounds.default_max_kib);
	}
	close(fd);
	return 0;
}
