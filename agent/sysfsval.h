/*
 * sysfsval.h - strict parsers for one-value sysfs files.
 *
 * A sysfs attribute holds one value and a newline.  Some of the balloon
 * driver's attributes print in hex without a prefix (schedule_delay,
 * max_schedule_delay, retry_count, max_retry_count: "20" is 32), the
 * others in decimal; the caller says which.
 */
#ifndef XB_AGENT_SYSFSVAL_H
#define XB_AGENT_SYSFSVAL_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"

enum sysfsval_base {
	SYSFSVAL_DEC = 10,
	SYSFSVAL_HEX = 16,
};

/*
 * The bytes of the file: digits (hex digits of either case for
 * SYSFSVAL_HEX, at most 16 of them), then exactly one '\n' or nothing.
 * Within [min, max].
 */
enum parse_err	 sysfsval_parse_u64(const char *buf, size_t len,
		    enum sysfsval_base base, uint64_t min, uint64_t max,
		    uint64_t *out);

/*
 * The xenbus node name of a network device (sysfs device/nodename):
 * "device/vif/<devid>" and a newline.  devid within [0, max].
 */
enum parse_err	 sysfsval_parse_vif_nodename(const char *buf, size_t len,
		    uint64_t max, uint64_t *devid);

#endif
