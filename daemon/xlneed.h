/*
 * xlneed.h - the memory a domain needs to start, from its xl config, as
 * Xen's own libraries reckon it: libxlutil parses the file with xl's
 * grammar (and xl's KEY=VALUE overrides, appended as xl create does),
 * libxl_domain_need_memory() adds what Xen needs beside the guest's own
 * pages (shadow or HAP, IOMMU, device model stub domain, rounding).
 * The same from a domain saved by xl (xl restore, xendomains).
 * For xenballoonctl reserve --for and --for-saved.
 */
#ifndef XB_XLNEED_H
#define XB_XLNEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

#define XLNEED_FILE_MAX		(1u << 20)	/* a config larger is refused */

enum xlneed_err {
	XLNEED_OK = 0,
	XLNEED_EUSAGE = -1,	/* a malformed KEY=VALUE */
	XLNEED_ECONFIG = -2,	/* unreadable or malformed config */
	XLNEED_EXEN = -3,	/* libxl could not reckon (no Xen here?) */
};

struct xlneed {
	uint64_t	need_kib;
	char		name[DOMNAME_MAX + 1];
	bool		have_uuid;	/* the config sets one */
	char		uuid[37];
};

/* One override as xl create takes it: 0, or -1 with why in err. */
int		 xlneed_check_override(const char *s, char *err,
		    size_t errlen);
/* 0, or an xlneed_err with a sentence in err. */
/* From the domain XML libvirt gives its libxl hook ("-": stdin). */
int		 xlneed_libvirt(const char *path, struct xlneed *out,
		    char *err, size_t errlen);
int		 xlneed_saved(const char *path, struct xlneed *out, char *err,
		    size_t errlen);
int		 xlneed_compute(const char *path, char *const *over,
		    size_t nover, struct xlneed *out, char *err,
		    size_t errlen);

#endif
