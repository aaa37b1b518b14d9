/*
 * psitrigger.h - a PSI trigger on /proc/pressure/memory: the kernel
 * wakes us (EPOLLPRI) when memory stall time crosses a threshold within
 * a window, so pressure is noticed without polling.
 */
#ifndef XB_AGENT_PSITRIGGER_H
#define XB_AGENT_PSITRIGGER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Open path and arm "some <stall_us> <window_us>".  Without
 * CAP_SYS_RESOURCE the kernel only takes windows that are multiples of
 * 2 s; the window is rounded up to one and tried again.  *window_us
 * gets the window in force.  Returns the fd or -errno (-ENOENT: no PSI;
 * -EOPNOTSUPP: PSI disabled at boot).
 */
int	psitrigger_open(const char *path, uint64_t stall_us,
	    uint64_t *window_us);

/* The trigger string, for tests: "some 100000 2000000". */
int	psitrigger_format(char *buf, size_t len, uint64_t stall_us,
	    uint64_t window_us);

#endif
