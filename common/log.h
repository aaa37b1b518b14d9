/*
 * log.h - logging for xenballoond, xenballoonctl and xenballoon-agent.
 *
 * Messages go to the journal when the process runs under systemd and to
 * stderr otherwise.  Besides a syslog priority, each message belongs to a
 * class (as Linux's netif_msg levels): warnings and errors are always
 * shown; notices, info and debug only when their class is enabled, so an
 * admin can turn on "policy" chatter without drowning in "xenstore".
 */
#ifndef XB_LOG_H
#define XB_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <syslog.h>

enum log_class {
	LOGC_GENERAL  = 1u << 0,
	LOGC_POLICY   = 1u << 1,
	LOGC_XENSTORE = 1u << 2,
	LOGC_BALLOON  = 1u << 3,
	LOGC_NET      = 1u << 4,
	LOGC_CONTROL  = 1u << 5,
	LOGC_HV       = 1u << 6,
	LOGC_CONFIG   = 1u << 7,
};
#define LOGC_ALL	0xffu
#define LOGC_DEFAULT	(LOGC_GENERAL | LOGC_POLICY | LOGC_CONTROL | LOGC_CONFIG)

enum log_target {
	LOG_TARGET_AUTO,	/* journal if stderr is the journal stream */
	LOG_TARGET_STDERR,
	LOG_TARGET_JOURNAL,
};

void		 log_init(const char *ident, enum log_target target);
void		 log_set_stream(FILE *f);	/* stderr target only */
void		 log_set_level(int prio);
int		 log_get_level(void);
void		 log_set_classes(unsigned int mask);
unsigned int	 log_get_classes(void);
bool		 log_enabled(int prio, unsigned int cls);

/*
 * Parse "+policy -xenstore", "all", "none", "policy,net" (a bare list
 * replaces the set, +/- adjust it) starting from cur.  Returns 0, or -1
 * with *err naming the offending word.
 */
int		 log_parse_classes(const char *spec, unsigned int cur,
		     unsigned int *out, char *err, size_t errlen);
/* "policy,xenstore" for a mask; returns buf. */
const char	*log_format_classes(unsigned int mask, char *buf, size_t len);
/* "debug", "info", ... -> LOG_DEBUG ...; -1 when unknown. */
int		 log_parse_level(const char *s);
const char	*log_level_name(int prio);

void		 log_msg(int prio, unsigned int cls, const char *fmt, ...)
		     __attribute__((format(printf, 3, 4)));

/* ntpd's convention: _warn appends strerror(errno), _warnx does not. */
void		 log_warn(const char *fmt, ...)
		     __attribute__((format(printf, 1, 2)));
#define log_warnx(...)		log_msg(LOG_WARNING, LOGC_GENERAL, __VA_ARGS__)
#define log_errx(...)		log_msg(LOG_ERR, LOGC_GENERAL, __VA_ARGS__)
#define log_notice(cls, ...)	log_msg(LOG_NOTICE, (cls), __VA_ARGS__)
#define log_info(cls, ...)	log_msg(LOG_INFO, (cls), __VA_ARGS__)
#define log_debug(cls, ...)	log_msg(LOG_DEBUG, (cls), __VA_ARGS__)

/*
 * A token bucket for messages provoked by outside input (a guest writing
 * garbage must not fill the journal): at most burst messages per
 * interval; the number suppressed is reported with the next one allowed.
 */
struct log_ratelimit {
	uint64_t	window_start_us;
	unsigned int	count;
	unsigned int	suppressed;
};

/* Returns true if a message may be logged now; *suppressed gets how many
 * were dropped since the last allowed one. */
bool	log_ratelimit(struct log_ratelimit *rl, uint64_t now_us,
	    unsigned int burst, uint64_t interval_us, unsigned int *suppressed);

#endif
