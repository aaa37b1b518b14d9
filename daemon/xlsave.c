/*
 * xlsave.c - the header of a domain saved by xl (xlsave.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xlsave.h"

static uint32_t
xlsave_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));	/* the saving host's order: ours */
	return v;
}

int
xlsave_parse(const uint8_t *buf, size_t len, struct xlsave *out, char *err,
    size_t errlen)
{
	uint32_t order, mand, optlen, cfglen;
	const uint8_t *cfg;

	memset(out, 0, sizeof(*out));
	if (len < XLSAVE_HEADER_LEN ||
	    memcmp(buf, XLSAVE_MAGIC, XLSAVE_MAGIC_LEN) != 0) {
		snprintf(err, errlen, "not a domain saved by xl");
		return -1;
	}
	order = xlsave_u32(buf + XLSAVE_MAGIC_LEN);
	mand = xlsave_u32(buf + XLSAVE_MAGIC_LEN + 4);
	optlen = xlsave_u32(buf + XLSAVE_MAGIC_LEN + 12);
	if (order != XLSAVE_BYTEORDER) {
		snprintf(err, errlen, "saved on a host of another byte order "
		    "(xl cannot restore it here either)");
		return -1;
	}
	if (mand & ~XLSAVE_F_ALL) {
		snprintf(err, errlen, "unknown mandatory flags 0x%x (a newer "
		    "xl saved it)", (unsigned int)(mand & ~XLSAVE_F_ALL));
		return -1;
	}
	if (optlen < 4) {
		snprintf(err, errlen, "no config in the image (xl restore "
		    "needs one given)");
		return -1;
	}
	if (len < XLSAVE_HEADER_LEN + 4) {
		snprintf(err, errlen, "truncated before its config");
		return -1;
	}
	cfglen = xlsave_u32(buf + XLSAVE_HEADER_LEN);
	if (cfglen == 0 || cfglen > optlen - 4 || cfglen > XLSAVE_CONFIG_MAX) {
		snprintf(err, errlen, "bad config length %u (optional data "
		    "%u bytes)", (unsigned int)cfglen, (unsigned int)optlen);
		return -1;
	}
	if (len - (XLSAVE_HEADER_LEN + 4) < cfglen) {
		snprintf(err, errlen, "truncated in its config");
		return -1;
	}
	cfg = buf + XLSAVE_HEADER_LEN + 4;
	out->json = (mand & XLSAVE_F_JSON) != 0;
	out->config_off = XLSAVE_HEADER_LEN + 4;
	out->config_len = cfglen;
	/* libxl reads the JSON as a C string: one NUL, at its end. */
	if (memchr(cfg, '\0', cfglen) != (out->json ? cfg + cfglen - 1 :
	    NULL)) {
		snprintf(err, errlen, "malformed config (%s)", out->json ?
		    "JSON not NUL-terminated or with a NUL inside" :
		    "a NUL byte in its text");
		return -1;
	}
	if (out->json)
		out->config_len--;
	return 0;
}
