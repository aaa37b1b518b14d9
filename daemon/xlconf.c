/*
 * xlconf.c - what xl's own configuration, /etc/xen/xl.conf (xl.conf(5)),
 * says about autoballoon.
 *
 * With autoballoon on, "xl create" shrinks dom0 to make room for a new
 * domain behind the daemon's back: memory the daemon counts as dom0's is
 * gone (or, with manage-dom0, two managers move the same domain).  The
 * daemon cannot stop it, only say so at start.
 *
 * Parsed as xl parses it (tools/xl/xl.c): the key's value is a string
 * ("...", '...') or a number; "on" and 1 mean on, "off" and 0 off, "auto"
 * (also xl's default when the key is absent) on unless dom0_mem= is on
 * Xen's command line.  Anything else xl reports as invalid and takes as
 * auto; we report it too, with its line.  Only the autoballoon lines are
 * looked at: the rest of the file is xl's business.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xbd.h"

#define XLCONF_MAX_BYTES	(1u << 20)
#define XLCONF_KEY		"autoballoon"

const char *
xlconf_autoballoon_name(enum xlconf_autoballoon ab)
{
	switch (ab) {
	case XLCONF_AB_OFF:	return "off";
	case XLCONF_AB_ON:	return "on";
	case XLCONF_AB_AUTO:	return "auto";
	}
	return "?";
}

static const char *
xlconf_skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

/* The value of an autoballoon line, from just after the key. */
static int
xlconf_value(const char *p, enum xlconf_autoballoon *out, char *err,
    size_t errlen)
{
	char val[32];
	size_t n;

	p = xlconf_skip_space(p);
	if (*p != '=') {
		snprintf(err, errlen, "'=' expected after %s", XLCONF_KEY);
		return -1;
	}
	p = xlconf_skip_space(p + 1);
	if (*p == '"' || *p == '\'') {
		const char *end = strchr(p + 1, *p);

		if (end == NULL) {
			snprintf(err, errlen, "unterminated string");
			return -1;
		}
		n = (size_t)(end - p - 1);
		if (n >= sizeof(val))
			n = sizeof(val) - 1;
		memcpy(val, p + 1, n);
		val[n] = '\0';
		p = end + 1;
	} else {
		n = strspn(p, "0123456789");
		if (n == 0 || n >= sizeof(val)) {
			snprintf(err, errlen, "a string or a number expected "
			    "after %s =", XLCONF_KEY);
			return -1;
		}
		memcpy(val, p, n);
		val[n] = '\0';
		p += n;
	}
	p = xlconf_skip_space(p);
	if (*p == ';')
		p = xlconf_skip_space(p + 1);
	if (*p != '\0' && *p != '#') {
		snprintf(err, errlen, "unexpected '%.20s' after the value", p);
		return -1;
	}
	if (strcmp(val, "on") == 0 || strcmp(val, "1") == 0)
		*out = XLCONF_AB_ON;
	else if (strcmp(val, "off") == 0 || strcmp(val, "0") == 0)
		*out = XLCONF_AB_OFF;
	else if (strcmp(val, "auto") == 0)
		*out = XLCONF_AB_AUTO;
	else {
		snprintf(err, errlen, "unknown value '%s' (xl takes it as "
		    "auto; expected \"on\", \"off\", \"auto\", 1 or 0)", val);
		return -1;
	}
	return 0;
}

int
xlconf_parse(const char *text, struct xlconf *out, char *err, size_t errlen)
{
	char why[200];
	unsigned int line = 0;

	memset(out, 0, sizeof(*out));
	out->autoballoon = XLCONF_AB_AUTO;
	while (*text != '\0') {
		size_t len = strcspn(text, "\n");
		char buf[512];
		const char *p;

		line++;
		if (len >= sizeof(buf)) {
			/* Too long for a KEY=VALUE we care about. */
			text += len + (text[len] == '\n');
			continue;
		}
		memcpy(buf, text, len);
		buf[len] = '\0';
		text += len + (text[len] == '\n');
		p = xlconf_skip_space(buf);
		if (strncmp(p, XLCONF_KEY, strlen(XLCONF_KEY)) != 0)
			continue;
		p += strlen(XLCONF_KEY);
		if (*p != '=' && *p != ' ' && *p != '\t')
			continue;	/* another key, e.g. autoballoon_x */
		/* The last setting counts, as in xl. */
		if (xlconf_value(p, &out->autoballoon, why,
		    sizeof(why)) == -1) {
			snprintf(err, errlen, "line %u: %s", line, why);
			out->autoballoon = XLCONF_AB_AUTO;
			out->line = line;
			return -1;
		}
		out->set = true;
		out->line = line;
	}
	return 0;
}

int
xlconf_read(const char *path, struct xlconf *out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *text;
	size_t n;
	int r;

	memset(out, 0, sizeof(*out));
	out->autoballoon = XLCONF_AB_AUTO;
	if (f == NULL) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	if ((text = malloc(XLCONF_MAX_BYTES + 1)) == NULL) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	n = fread(text, 1, XLCONF_MAX_BYTES, f);
	r = ferror(f) ? -EIO : 0;
	fclose(f);
	text[n] = '\0';
	if (r == 0 && memchr(text, '\0', n) != NULL)
		r = -EINVAL;
	if (r < 0)
		snprintf(err, errlen, "%s: %s", path, r == -EINVAL ?
		    "a NUL byte: not a text file" : strerror(-r));
	else if (xlconf_parse(text, out, err, errlen) == -1) {
		char why[256];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "%s: %s", path, why);
		r = -EINVAL;
	}
	free(text);
	return r;
}
