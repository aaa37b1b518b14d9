/*
 * log.c - journal/stderr logging with priorities and message classes.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <systemd/sd-journal.h>

#include "log.h"

static const char	*log_ident = "xenballoon";
static bool		 log_journal;
static FILE		*log_stream;
static int		 log_level = LOG_INFO;
static unsigned int	 log_classes = LOGC_DEFAULT;

static const struct {
	const char	*name;
	unsigned int	 bit;
} log_class_names[] = {
	{ "general",	LOGC_GENERAL },
	{ "policy",	LOGC_POLICY },
	{ "xenstore",	LOGC_XENSTORE },
	{ "balloon",	LOGC_BALLOON },
	{ "net",	LOGC_NET },
	{ "control",	LOGC_CONTROL },
	{ "hv",		LOGC_HV },
	{ "config",	LOGC_CONFIG },
};
#define LOG_NCLASSES	(sizeof(log_class_names) / sizeof(log_class_names[0]))

static const char *const log_level_names[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

/*
 * systemd sets JOURNAL_STREAM to the device:inode of the stream it
 * connected to stderr; only when they match is stderr really the journal
 * (a child with redirected stderr inherits the variable).
 */
static bool
log_stderr_is_journal(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (e == NULL || sscanf(e, "%llu:%llu", &dev, &ino) != 2)
		return false;
	if (fstat(STDERR_FILENO, &st) == -1)
		return false;
	return st.st_dev == (dev_t)dev && st.st_ino == (ino_t)ino;
}

void
log_init(const char *ident, enum log_target target)
{
	log_ident = ident;
	log_stream = NULL;
	switch (target) {
	case LOG_TARGET_JOURNAL:
		log_journal = true;
		break;
	case LOG_TARGET_STDERR:
		log_journal = false;
		break;
	case LOG_TARGET_AUTO:
		log_journal = log_stderr_is_journal();
		break;
	}
}

void
log_set_stream(FILE *f)
{
	log_stream = f;
}

void
log_set_level(int prio)
{
	if (prio < LOG_EMERG)
		prio = LOG_EMERG;
	if (prio > LOG_DEBUG)
		prio = LOG_DEBUG;
	log_level = prio;
}

int
log_get_level(void)
{
	return log_level;
}

void
log_set_classes(unsigned int mask)
{
	log_classes = mask & LOGC_ALL;
}

unsigned int
log_get_classes(void)
{
	return log_classes;
}

bool
log_enabled(int prio, unsigned int cls)
{
	if (prio > log_level)
		return false;
	/* Warnings and worse are never filtered by class. */
	if (prio <= LOG_WARNING)
		return true;
	return (cls & log_classes) != 0;
}

static const char *
log_class_name(unsigned int cls)
{
	for (size_t i = 0; i < LOG_NCLASSES; i++)
		if (log_class_names[i].bit & cls)
			return log_class_names[i].name;
	return "general";
}

static void
log_vmsg(int prio, unsigned int cls, const char *fmt, va_list ap)
{
	char buf[1024];

	if (!log_enabled(prio, cls))
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (log_journal) {
		sd_journal_send("MESSAGE=%s", buf, "PRIORITY=%d", prio,
		    "SYSLOG_IDENTIFIER=%s", log_ident,
		    "XENBALLOON_CLASS=%s", log_class_name(cls), NULL);
		return;
	}
	fprintf(log_stream ? log_stream : stderr, "%s: %s%s\n", log_ident,
	    prio <= LOG_WARNING ? (prio <= LOG_ERR ? "error: " : "warning: ") : "",
	    buf);
}

void
log_msg(int prio, unsigned int cls, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(prio, cls, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	char buf[768];
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_msg(LOG_WARNING, LOGC_GENERAL, "%s: %s", buf, strerror(saved));
	errno = saved;
}

static int
log_class_lookup(const char *word, size_t len, unsigned int *bit)
{
	if (len == 3 && strncmp(word, "all", 3) == 0) {
		*bit = LOGC_ALL;
		return 0;
	}
	for (size_t i = 0; i < LOG_NCLASSES; i++) {
		const char *n = log_class_names[i].name;

		if (strlen(n) == len && strncmp(word, n, len) == 0) {
			*bit = log_class_names[i].bit;
			return 0;
		}
	}
	return -1;
}

int
log_parse_classes(const char *spec, unsigned int cur, unsigned int *out,
    char *err, size_t errlen)
{
	unsigned int mask = cur, bit;
	bool replaced = false;
	const char *p = spec;

	if (spec == NULL || *spec == '\0') {
		snprintf(err, errlen, "empty log class list");
		return -1;
	}
	if (strcmp(spec, "none") == 0) {
		*out = 0;
		return 0;
	}
	while (*p != '\0') {
		char op = 0;
		size_t len;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if (*p == '+' || *p == '-')
			op = *p++;
		len = strcspn(p, " ,");
		if (log_class_lookup(p, len, &bit) == -1) {
			snprintf(err, errlen, "unknown log class '%.*s' "
			    "(known: all general policy xenstore balloon net "
			    "control hv config)", (int)(len > 32 ? 32 : len), p);
			return -1;
		}
		if (op == 0 && !replaced) {
			/* A bare list names the whole set. */
			mask = 0;
			replaced = true;
		}
		if (op == '-')
			mask &= ~bit;
		else
			mask |= bit;
		p += len;
	}
	*out = mask & LOGC_ALL;
	return 0;
}

const char *
log_format_classes(unsigned int mask, char *buf, size_t len)
{
	size_t off = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < LOG_NCLASSES; i++) {
		if ((mask & log_class_names[i].bit) == 0)
			continue;
		int n = snprintf(buf + off, len - off, "%s%s",
		    off ? "," : "", log_class_names[i].name);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
	}
	return buf;
}

int
log_parse_level(const char *s)
{
	for (int i = 0; i <= LOG_DEBUG; i++)
		if (strcmp(s, log_level_names[i]) == 0)
			return i;
	return -1;
}

const char *
log_level_name(int prio)
{
	if (prio < LOG_EMERG || prio > LOG_DEBUG)
		return "unknown";
	return log_level_names[prio];
}

bool
log_ratelimit(struct log_ratelimit *rl, uint64_t now_us, unsigned int burst,
    uint64_t interval_us, unsigned int *suppressed)
{
	*suppressed = 0;
	if (now_us - rl->window_start_us >= interval_us ||
	    now_us < rl->window_start_us) {
		*suppressed = rl->suppressed;
		rl->window_start_us = now_us;
		rl->count = 0;
		rl->suppressed = 0;
	}
	if (rl->count >= burst) {
		rl->suppressed++;
		return false;
	}
	rl->count++;
	return true;
}
