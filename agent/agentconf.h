/*
 * agentconf.h - xenballoon-agent's settings: defaults, the configuration
 * file (/etc/xenballoon/agent.conf, "key = value" lines) and the
 * command line, which uses the same names (--key value) and wins.
 */
#ifndef XB_AGENT_AGENTCONF_H
#define XB_AGENT_AGENTCONF_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"

#define AGENT_CONFIG_FILE	SYSCONFDIR "/xenballoon/agent.conf"
#define AGENT_MAX_MAPS		16
#define AGENT_MAX_GLOBS		16
#define AGENT_GLOB_MAX		32

/*
 * Memory sampling defaults (also the policy benchmark's agent model).
 * Every 2 s while the figures move, every 12 s once they hold still: the
 * idle wake-up rate of the first agent (5 a minute), with a report of a
 * rise 2 s after it instead of 12-24 s (the squeeze lab's first raise came
 * 24-33 s after a real job began to allocate).
 */
#define AGENT_SAMPLE_MS_DEFAULT		2000
#define AGENT_SAMPLE_IDLE_FACTOR	6	/* sample-idle: 6 x sample */
#define AGENT_HEARTBEAT_MS_DEFAULT	120000
#define AGENT_MEM_THRESHOLD_KIB_DEFAULT	(16 * 1024)
#define AGENT_PSI_THRESHOLD_DEFAULT	100	/* 1.00 % */
#define AGENT_SWAP_THRESHOLD_DEFAULT	64	/* KiB/s */
#define AGENT_PSI_STALL_US_DEFAULT	100000
#define AGENT_PSI_WINDOW_US_DEFAULT	2000000

struct agent_map {
	char		name[IF_NAMESIZE];
	unsigned int	devid;
};

struct agent_config {
	char		config_file[256];
	/* memory */
	bool		memory;
	uint64_t	mem_threshold_kib;
	uint32_t	psi_threshold;		/* 0.01 % */
	uint64_t	psi_total_threshold_us;
	uint64_t	psi_stall_us;		/* trigger: stall ... */
	uint64_t	psi_window_us;		/* ... within this window */
	uint64_t	swap_threshold_kibps;
	uint64_t	sample_ms;		/* re-read memory figures */
	uint64_t	sample_idle_ms;		/* ... this seldom while quiet;
						   0: twice sample_ms */
	uint64_t	heartbeat_ms;		/* prove we are alive */
	/* balloon */
	bool		balloon;
	uint64_t	balloon_poll_ms;
	/* network */
	bool		net;
	unsigned int	max_ifaces;
	unsigned int	max_addrs;
	char		globs[AGENT_MAX_GLOBS][AGENT_GLOB_MAX];
	unsigned int	nglobs;
	struct agent_map maps[AGENT_MAX_MAPS];
	unsigned int	nmaps;
	int		netlink_rcvbuf;
	/* where the kernel's files are (tests point these elsewhere) */
	char		procdir[256];
	char		balloondir[256];
	char		sysnetdir[256];
	/* logging */
	int		log_level;
	unsigned int	log_classes;
};

void	agentconf_defaults(struct agent_config *c);

/* The idle interval in effect: sample-idle if set, else six times
 * sample (12 s by default). */
static inline uint64_t
agentconf_idle_ms(uint64_t sample_ms, uint64_t sample_idle_ms)
{
	return sample_idle_ms != 0 ? sample_idle_ms :
	    AGENT_SAMPLE_IDLE_FACTOR * sample_ms;
}

/* Every setting, for the file and the command line (--key value). */
#define AGENTCONF_NKEYS	23
extern const struct conf_table agentconf_table;

/* Set one key from a string.  Returns 0, or -1 with err filled. */
int	agentconf_set(struct agent_config *c, const char *key, const char *value,
	    char *err, size_t errlen);

/*
 * Read a configuration file (the format of common/conf.h).  A missing
 * file is fine when !required.  Returns 0 or -1 with err naming the
 * file, the line and what is wrong.
 */
int	agentconf_load(struct agent_config *c, const char *path, bool required,
	    char *err, size_t errlen);
/* The same for bytes in memory (tests, fuzzing); name is for errors. */
int	agentconf_parse(struct agent_config *c, const char *buf, size_t len,
	    const char *name, char *err, size_t errlen);

/* Does an interface name match the "interfaces" list? */
bool	agentconf_iface_wanted(const struct agent_config *c, const char *name);
/* The devid an option maps the interface to, or -1. */
long	agentconf_iface_map(const struct agent_config *c, const char *name);

#endif
