/*
 * parse.c - strict parsers for outside input.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

static const char *const parse_errstr[] = {
	[PARSE_OK]	 = "no error",
	[PARSE_EMPTY]	 = "empty value",
	[PARSE_TOOLONG]	 = "value too long",
	[PARSE_SIGN]	 = "sign not allowed",
	[PARSE_SPACE]	 = "white space not allowed",
	[PARSE_NOTNUM]	 = "not a number",
	[PARSE_TRAILING] = "trailing characters after the number",
	[PARSE_OVERFLOW] = "number too large",
	[PARSE_RANGE]	 = "number out of range",
	[PARSE_UNIT]	 = "unknown unit",
	[PARSE_NUL]	 = "NUL byte in value",
	[PARSE_BADUUID]	 = "malformed UUID (want 8-4-4-4-12 hex digits)",
	[PARSE_BADNAME]	 = "invalid domain name",
};

const char *
parse_strerror(enum parse_err err)
{
	if ((unsigned int)err >= sizeof(parse_errstr) / sizeof(parse_errstr[0]))
		return "unknown parse error";
	return parse_errstr[err];
}

/*
 * Digits at the start of s[0..len), into *out.  *used gets the number of
 * digits consumed.  The checks common to every numeric parser live here.
 */
static enum parse_err
parse_digits(const char *s, size_t len, uint64_t *out, size_t *used)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return PARSE_EMPTY;
	if (s[0] == '+' || s[0] == '-')
		return PARSE_SIGN;
	if (isspace((unsigned char)s[0]))
		return PARSE_SPACE;
	if (!isdigit((unsigned char)s[0]))
		return PARSE_NOTNUM;
	for (i = 0; i < len && isdigit((unsigned char)s[i]); i++) {
		unsigned int d = (unsigned int)(s[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return PARSE_OVERFLOW;
		v = v * 10 + d;
	}
	*out = v;
	*used = i;
	return PARSE_OK;
}

/* What is wrong with the bytes after a number. */
static enum parse_err
parse_junk(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\0')
			return PARSE_NUL;
		if (isspace((unsigned char)s[i]))
			return PARSE_SPACE;
	}
	return PARSE_TRAILING;
}

enum parse_err
parse_xs_u64(const void *buf, size_t len, uint64_t min, uint64_t max,
    uint64_t *out)
{
	const char *s = buf;
	enum parse_err e;
	uint64_t v;
	size_t used;

	if (s == NULL || len == 0)
		return PARSE_EMPTY;
	/* Bound the work before looking at the bytes at all. */
	if (len > PARSE_U64_MAXLEN + 1)
		return PARSE_TOOLONG;
	if ((e = parse_digits(s, len, &v, &used)) != PARSE_OK)
		return e;
	if (used != len)
		return parse_junk(s + used, len - used);
	if (used > PARSE_U64_MAXLEN)
		return PARSE_TOOLONG;
	if (v < min || v > max)
		return PARSE_RANGE;
	*out = v;
	return PARSE_OK;
}

enum parse_err
parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	if (s == NULL)
		return PARSE_EMPTY;
	return parse_xs_u64(s, strnlen(s, PARSE_U64_MAXLEN + 2), min, max, out);
}

enum parse_err
parse_percent(const char *s, uint32_t max, uint32_t *out)
{
	const char *dot;
	uint64_t i, f = 0;
	size_t flen;
	enum parse_err e;

	if (s == NULL)
		return PARSE_EMPTY;
	if ((dot = strchr(s, '.')) == NULL)
		dot = s + strlen(s);
	e = parse_xs_u64(s, (size_t)(dot - s), 0, max / 100, &i);
	if (e != PARSE_OK)
		return e;
	if (*dot == '.') {
		flen = strlen(dot + 1);
		if (flen == 0 || flen > 2)
			return PARSE_TRAILING;
		if ((e = parse_u64(dot + 1, 0, 99, &f)) != PARSE_OK)
			return e;
		if (flen == 1)
			f *= 10;
	}
	if (i * 100 + f > max)
		return PARSE_RANGE;
	*out = (uint32_t)(i * 100 + f);
	return PARSE_OK;
}

/* Multiply with overflow check. */
static enum parse_err
parse_scale(uint64_t v, uint64_t mul, uint64_t *out)
{
	if (mul != 0 && v > UINT64_MAX / mul)
		return PARSE_OVERFLOW;
	*out = v * mul;
	return PARSE_OK;
}

#define PARSE_WORD_MAXLEN	32

/* A word of digits and a unit: the number, and where the unit starts. */
static enum parse_err
parse_number_unit(const char *s, uint64_t *v, const char **unit)
{
	enum parse_err e;
	size_t len, used;

	if (s == NULL)
		return PARSE_EMPTY;
	len = strnlen(s, PARSE_WORD_MAXLEN + 1);
	if (len > PARSE_WORD_MAXLEN)
		return PARSE_TOOLONG;
	if ((e = parse_digits(s, len, v, &used)) != PARSE_OK)
		return e;
	*unit = s + used;
	return PARSE_OK;
}

enum parse_err
parse_size_kib(const char *s, uint64_t *kib)
{
	enum parse_err e;
	uint64_t v, mul;
	const char *u;

	if ((e = parse_number_unit(s, &v, &u)) != PARSE_OK)
		return e;
	switch (*u) {
	case '\0':
		mul = 1;
		break;
	case 'k': case 'K':
		mul = 1;
		break;
	case 'm': case 'M':
		mul = 1024;
		break;
	case 'g': case 'G':
		mul = 1024 * 1024;
		break;
	case 't': case 'T':
		mul = 1024ull * 1024 * 1024;
		break;
	default:
		return isspace((unsigned char)*u) ? PARSE_SPACE : PARSE_UNIT;
	}
	if (*u != '\0') {
		u++;
		if (strcmp(u, "iB") != 0 && strcmp(u, "B") != 0 && *u != '\0')
			return isspace((unsigned char)*u) ? PARSE_SPACE :
			    PARSE_UNIT;
	}
	return parse_scale(v, mul, kib);
}

const char *
format_size_kib(uint64_t kib, char *buf, size_t len)
{
	static const char units[] = "kMGT";
	unsigned int i = 0;

	while (i < 3 && kib != 0 && kib % 1024 == 0) {
		kib /= 1024;
		i++;
	}
	snprintf(buf, len, "%llu%c", (unsigned long long)kib, units[i]);
	return buf;
}

enum parse_err
parse_duration_ms(const char *s, uint64_t *ms)
{
	enum parse_err e;
	uint64_t v, mul;
	const char *u;

	if ((e = parse_number_unit(s, &v, &u)) != PARSE_OK)
		return e;
	if (*u == '\0' || strcmp(u, "s") == 0)
		mul = 1000;
	else if (strcmp(u, "ms") == 0)
		mul = 1;
	else if (strcmp(u, "m") == 0 || strcmp(u, "min") == 0)
		mul = 60 * 1000;
	else if (strcmp(u, "h") == 0)
		mul = 3600 * 1000;
	else
		return isspace((unsigned char)*u) ? PARSE_SPACE : PARSE_UNIT;
	return parse_scale(v, mul, ms);
}

int
parse_hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum parse_err
parse_uuid(const char *s, uint8_t uuid[16])
{
	size_t n = 0;

	if (s == NULL || *s == '\0')
		return PARSE_EMPTY;
	if (strnlen(s, 37) != 36)
		return PARSE_BADUUID;
	for (size_t i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash) {
			if (s[i] != '-')
				return PARSE_BADUUID;
			continue;
		}
		int hi = parse_hexdigit(s[i]), lo = parse_hexdigit(s[i + 1]);

		if (hi < 0 || lo < 0)
			return PARSE_BADUUID;
		uuid[n++] = (uint8_t)(hi << 4 | lo);
		i++;
	}
	return PARSE_OK;
}

void
format_uuid(const uint8_t u[16], char out[37])
{
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
	    u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

static bool
parse_all_digits(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

enum parse_err
parse_domref(const char *s, struct domref *out)
{
	uint64_t v;
	enum parse_err e;
	size_t len;

	if (s == NULL || *s == '\0')
		return PARSE_EMPTY;
	len = strnlen(s, DOMNAME_MAX + 1);
	if (parse_all_digits(s)) {
		e = parse_u64(s, 0, DOMID_MAX_VALID, &v);
		if (e != PARSE_OK)
			return e;
		out->kind = DOMREF_ID;
		out->domid = (uint32_t)v;
		return PARSE_OK;
	}
	if (len == 36 && parse_uuid(s, out->uuid) == PARSE_OK) {
		out->kind = DOMREF_UUID;
		return PARSE_OK;
	}
	if (len > DOMNAME_MAX)
		return PARSE_TOOLONG;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isspace(c))
			return PARSE_SPACE;
		if (!isprint(c) || c == '/')
			return PARSE_BADNAME;
	}
	out->kind = DOMREF_NAME;
	memcpy(out->name, s, len + 1);
	return PARSE_OK;
}

/* The length of the character at s if jansson would take it, else 0. */
static size_t
parse_utf8_len(const unsigned char *s)
{
	uint32_t c;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* the NUL stops here too */
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

/*
 * A text cut to a length ('%.32s', jansson's "near '...'") can split a
 * character, and a name from outside may not be UTF-8 at all; JSON
 * cannot carry either (jansson refuses to encode it, and the whole reply
 * is lost).  Such bytes become '?'.
 */
void
parse_utf8_fix(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t n;

	while (*p != '\0') {
		if ((n = parse_utf8_len(p)) == 0)
			*p++ = '?';
		else
			p += n;
	}
}
