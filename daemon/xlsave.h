/*
 * xlsave.h - the header xl writes at the start of a saved domain (xl
 * save, and the stream xendomains keeps under XENDOMAINS_SAVE): where
 * the domain's config is in it and in which form.  Pure (no I/O), so
 * that tests/unit/test-xlsave.c and tests/fuzz/fuzz-xlsave.c drive it.
 *
 * Layout, in the saving host's byte order: 32 bytes of magic, then
 * byteorder (0x01020304), mandatory flags (unknown ones: refuse, as xl
 * does), optional flags, the length of the optional data; the optional
 * data starts with the config's length and the config itself (JSON,
 * NUL-terminated, when XLSAVE_F_JSON; else xl's config text).
 */
#ifndef XB_XLSAVE_H
#define XB_XLSAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XLSAVE_MAGIC		"Xen saved domain, xl format\n \0 \r"
#define XLSAVE_MAGIC_LEN	32
#define XLSAVE_HEADER_LEN	(XLSAVE_MAGIC_LEN + 16)
#define XLSAVE_BYTEORDER	0x01020304u
#define XLSAVE_F_JSON		(1u << 0)
#define XLSAVE_F_STREAMV2	(1u << 1)
#define XLSAVE_F_ALL		(XLSAVE_F_JSON | XLSAVE_F_STREAMV2)
/* A config larger than this is refused (xl's are kilobytes). */
#define XLSAVE_CONFIG_MAX	(1u << 20)
/* Read this much of an image to find its config. */
#define XLSAVE_READ_MAX		(XLSAVE_HEADER_LEN + 4 + XLSAVE_CONFIG_MAX)

struct xlsave {
	bool		json;		/* the config is libxl's JSON */
	size_t		config_off;	/* into the buffer parsed */
	size_t		config_len;	/* without JSON's NUL */
};

/*
 * The first len bytes of an image: 0 with out filled, or -1 with a
 * sentence in err (not a saved domain, another byte order, flags xl
 * would refuse, a config that does not fit the bytes given).
 */
int	xlsave_parse(const uint8_t *buf, size_t len, struct xlsave *out,
	    char *err, size_t errlen);

#endif
