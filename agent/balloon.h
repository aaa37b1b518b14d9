/*
 * balloon.h - mirror of the balloon driver's sysfs state into
 * data/balloon/.
 *
 * No kernel writes these keys; the agent is their only writer, on every
 * kernel.  It reads /sys/devices/system/xen_memory/xen_memory0/: the
 * patched driver (kernel-patch/) adds info/state and info/last_error,
 * which are taken as they are; for the stock driver the state is
 * derived from target_kb, info/current_kb and retry_count.
 */
#ifndef XB_AGENT_BALLOON_H
#define XB_AGENT_BALLOON_H

#include <stdbool.h>
#include <stdint.h>

#include "keymap.h"
#include "xskeys.h"

#define BALLOON_SYSFS_DIR	"/sys/devices/system/xen_memory/xen_memory0"
#define BALLOON_XS_DIR		XSK_BALLOON_DIR

/* The stock driver's longest back-off is max_schedule_delay (32 s);
 * a shortfall unchanged for twice that means it gave up. */
#define BALLOON_STALL_US	(64ull * 1000000u)
/*
 * After a write of memory/target the driver is polled this long whatever
 * it says: its watch and the agent's fire in either order, and a driver
 * that has not yet read the new target looks idle (the Debian lab saw a
 * 96 MiB move reach data/balloon/current-kb only at the next heartbeat).
 */
#define BALLOON_FOLLOW_US	(5ull * 1000000u)

struct balloon_sysfs {
	uint64_t	target_kib;
	uint64_t	current_kib;
	uint64_t	retry_count;		/* hex in sysfs */
	bool		has_retry;
	/* info/state and info/last_error, from the patched driver */
	enum xsk_bstate	state;
	char		last_error[XSK_ERRNAME_MAX + 1];
	bool		has_state;
};

struct balloon {
	const char		*dir;
	struct balloon_sysfs	 last;
	bool			 have_last;
	uint64_t		 moved_us;	/* when current last changed */
	bool			 gave_up;	/* stock driver cancelled */
	uint64_t		 target_us;	/* memory/target last written; 0:
						   not since start */
};

void	balloon_init(struct balloon *b, const char *dir);

/* Read the sysfs files.  Returns 0, -ENOENT without a balloon driver,
 * -EBADMSG with *why when a file is malformed. */
int	balloon_read(const struct balloon *b, struct balloon_sysfs *out,
	    const char **why);

/*
 * Pure: the patched driver's info/state as it is; else the state the
 * stock driver would report: idle (at target, or stalled for
 * BALLOON_STALL_US: given up), decreasing, waiting (an increase failed
 * and is being retried) or increasing.  balloon_apply
 * also says idle as soon as a waiting stock driver cancels.
 */
enum xsk_bstate	balloon_state(const struct balloon_sysfs *s,
		    uint64_t stalled_us);

/* Apply a fresh reading at now_us: keys under data/balloon.  Returns
 * true if the keymap changed. */
bool	balloon_apply(struct balloon *b, const struct balloon_sysfs *s,
	    uint64_t now_us, struct keymap *km);

/* memory/target was written (the agent's watch fired). */
void	balloon_target_written(struct balloon *b, uint64_t now_us);

/* Is the driver still working towards its target, by its state, or was
 * its target just written (poll it faster)? */
bool	balloon_active(const struct balloon *b, uint64_t now_us);

#endif
