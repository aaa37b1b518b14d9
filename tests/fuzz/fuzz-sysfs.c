/*
 * fuzz-sysfs.c - agent/sysfsval.h: the balloon driver's one-value sysfs
 * files (decimal and the four printed in hex) and a netfront's
 * device/nodename.  The first byte picks the parser.  Checked: values
 * within their bounds, and a value printed as the kernel prints it
 * parses back to itself.
 */
#include "config.h"

#include <inttypes.h>

#include "fuzz.h"
#include "sysfsval.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1;
	enum sysfsval_base base;
	uint64_t v = 0, w = 0;
	char buf[40];
	size_t n;

	if (size == 0)
		return 0;
	n = size - 1;
	switch (data[0] % 3) {
	case 0:
		if (sysfsval_parse_vif_nodename(s, n, 0xffff, &v) == PARSE_OK) {
			FUZZ_CHECK(v <= 0xffff);
			snprintf(buf, sizeof(buf), "device/vif/%" PRIu64 "\n", v);
			FUZZ_CHECK(sysfsval_parse_vif_nodename(buf, strlen(buf),
			    0xffff, &w) == PARSE_OK && w == v);
		}
		return 0;
	case 1:
		base = SYSFSVAL_DEC;
		break;
	default:
		base = SYSFSVAL_HEX;
		break;
	}
	if (sysfsval_parse_u64(s, n, base, 0, UINT64_MAX, &v) != PARSE_OK)
		return 0;
	snprintf(buf, sizeof(buf), base == SYSFSVAL_HEX ? "%" PRIx64 "\n" :
	    "%" PRIu64 "\n", v);
	FUZZ_CHECK(sysfsval_parse_u64(buf, strlen(buf), base, 0, UINT64_MAX,
	    &w) == PARSE_OK && w == v);
	/* The bounds are honoured exactly. */
	FUZZ_CHECK((sysfsval_parse_u64(s, n, base, 1, 4096, &w) == PARSE_OK) ==
	    (v >= 1 && v <= 4096));
	return 0;
}
