/*
 * parse.h - strict parsers for everything that comes from outside: sizes
 * and durations typed by an admin, integers written into xenstore by a
 * guest, domain references.  Each returns PARSE_OK or one error code,
 * and parse_strerror() says in words what was wrong.  Nothing is
 * "mostly accepted": a sign, a space, trailing junk or an overflow is an
 * error, never a silent clamp.
 */
#ifndef XB_PARSE_H
#define XB_PARSE_H

#include <stddef.h>
#include <stdint.h>

enum parse_err {
	PARSE_OK = 0,
	PARSE_EMPTY,		/* nothing there */
	PARSE_TOOLONG,		/* longer than any valid value */
	PARSE_SIGN,		/* leading + or - */
	PARSE_SPACE,		/* white space anywhere */
	PARSE_NOTNUM,		/* does not start with a digit */
	PARSE_TRAILING,		/* junk after the number */
	PARSE_OVERFLOW,		/* does not fit 64 bits */
	PARSE_RANGE,		/* outside [min, max] */
	PARSE_UNIT,		/* unknown size or time unit */
	PARSE_NUL,		/* embedded NUL byte */
	PARSE_BADUUID,		/* malformed UUID */
	PARSE_BADNAME,		/* not a valid domain name */
};

const char	*parse_strerror(enum parse_err err);

/* Longest decimal accepted: UINT64_MAX has 20 digits. */
#define PARSE_U64_MAXLEN	20

/*
 * A non-negative decimal integer, no sign, no space, no leading junk or
 * trailing junk, at most PARSE_U64_MAXLEN digits, within [min, max].
 * Leading zeros are allowed ("007" = 7) as the kernel writes none but a
 * guest may, and they are harmless.
 */
enum parse_err	 parse_u64(const char *s, uint64_t min, uint64_t max,
		    uint64_t *out);

/*
 * The same for a xenstore value: len bytes, not NUL-terminated, possibly
 * containing NULs (xenstore values are byte strings).  A single trailing
 * newline is not accepted either: guests writing "123\n" are told.
 */
enum parse_err	 parse_xs_u64(const void *buf, size_t len, uint64_t min,
		    uint64_t max, uint64_t *out);

/*
 * A memory size in KiB: plain digits are KiB (as xenstore and xl use),
 * or a suffix k/K, m/M, g/G, t/T (binary units), optionally followed by
 * "iB" or "B": "512M", "2GiB", "1048576k", "524288".
 */
enum parse_err	 parse_size_kib(const char *s, uint64_t *kib);
/* "2G" when exact, else "1536M", else "123k"; returns buf. */
const char	*format_size_kib(uint64_t kib, char *buf, size_t len);

/* A duration in ms: "500ms", "30s", "5m", "1h"; plain digits are seconds. */
enum parse_err	 parse_duration_ms(const char *s, uint64_t *ms);

#define DOMID_MAX_VALID		0x7fefu	/* DOMID_FIRST_RESERVED - 1 */
#define DOMNAME_MAX		63

enum domref_kind {
	DOMREF_ID,
	DOMREF_UUID,
	DOMREF_NAME,
};

struct domref {
	enum domref_kind	kind;
	uint32_t		domid;
	uint8_t			uuid[16];
	char			name[DOMNAME_MAX + 1];
};

/*
 * A domain reference as an admin types it: all digits is a domid (as xl
 * reads it), 8-4-4-4-12 hex digits is a UUID, anything else must be a
 * valid domain name (printable, no '/', no white space, at most
 * DOMNAME_MAX bytes).
 */
enum parse_err	 parse_domref(const char *s, struct domref *out);
enum parse_err	 parse_uuid(const char *s, uint8_t uuid[16]);
/* The value of one hexadecimal digit (either case), or -1. */
int		 parse_hexdigit(int c);
void		 format_uuid(const uint8_t uuid[16], char out[37]);

/* Replace every byte that is not part of a valid UTF-8 character (as
 * jansson takes them) with '?', in place. */
void		 parse_utf8_fix(char *s);

#endif
