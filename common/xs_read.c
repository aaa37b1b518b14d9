/*
 * xs_read.c - typed reads over xsc_read() (xs.h), apart from xs.c so
 * that a test replacing xsc_read() (tests/fuzz/fuzz-guestkeys.c) runs
 * this code rather than a copy of it.
 */
#include <errno.h>

#include "parse.h"
#include "xs.h"

int
xsc_read_u64(struct xsc *c, xs_transaction_t t, const char *path,
    uint64_t min, uint64_t max, uint64_t *out, enum parse_err *perr)
{
	/* Anything longer than the longest valid number is TOOLONG: read
	 * one byte more than that, and let the parser say so. */
	char buf[PARSE_U64_MAXLEN + 2];
	enum parse_err pe;
	size_t len;
	int r;

	if (perr != NULL)
		*perr = PARSE_OK;
	r = xsc_read(c, t, path, buf, sizeof(buf), &len);
	if (r == -E2BIG)
		pe = PARSE_TOOLONG;
	else if (r < 0)
		return r;
	else
		pe = parse_xs_u64(buf, len, min, max, out);
	if (pe != PARSE_OK) {
		if (perr != NULL)
			*perr = pe;
		return -EBADMSG;
	}
	return 0;
}
