/*
 * sysfsval.c - strict parsers for one-value sysfs files.
 */
#include "config.h"

#include <string.h>

#include "sysfsval.h"

#define SYSFSVAL_HEX_MAXLEN	16

static enum parse_err
sysfsval_parse_hex(const char *s, size_t n, uint64_t min, uint64_t max,
    uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0)
		return PARSE_EMPTY;
	if (s[0] == '+' || s[0] == '-')
		return PARSE_SIGN;
	if (parse_hexdigit((unsigned char)s[0]) < 0)
		return PARSE_NOTNUM;
	if (n > SYSFSVAL_HEX_MAXLEN) {
		for (size_t i = 0; i < n; i++)
			if (parse_hexdigit((unsigned char)s[i]) < 0)
				return PARSE_TRAILING;
		return PARSE_OVERFLOW;
	}
	for (size_t i = 0; i < n; i++) {
		int d = parse_hexdigit((unsigned char)s[i]);

		if (d < 0)
			return s[i] == '\0' ? PARSE_NUL :
			    (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') ?
			    PARSE_SPACE : PARSE_TRAILING;
		v = (v << 4) | (uint64_t)d;
	}
	if (v < min || v > max)
		return PARSE_RANGE;
	*out = v;
	return PARSE_OK;
}

enum parse_err
sysfsval_parse_u64(const char *buf, size_t len, enum sysfsval_base base,
    uint64_t min, uint64_t max, uint64_t *out)
{
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (base == SYSFSVAL_HEX)
		return sysfsval_parse_hex(buf, len, min, max, out);
	return parse_xs_u64(buf, len, min, max, out);
}

enum parse_err
sysfsval_parse_vif_nodename(const char *buf, size_t len, uint64_t max,
    uint64_t *devid)
{
	static const char prefix[] = "device/vif/";
	const size_t plen = sizeof(prefix) - 1;

	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len == 0)
		return PARSE_EMPTY;
	if (len <= plen || memcmp(buf, prefix, plen) != 0)
		return PARSE_NOTNUM;
	return parse_xs_u64(buf + plen, len - plen, 0, max, devid);
}
