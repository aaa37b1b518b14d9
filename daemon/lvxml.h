/*
 * lvxml.h - the few facts xenballoon needs from a libvirt domain XML, as
 * libvirt hands it to its libxl hook on stdin: the domain's name, UUID,
 * OS type, memory, current memory and vCPUs.  Pure (no I/O), so that
 * tests/unit/test-lvxml.c and tests/fuzz/fuzz-lvxml.c drive it.
 *
 * It is a strict reader of well-formed XML, not a validating one: the
 * children of <domain> it does not need are skipped whole, whatever they
 * hold; a malformed document, an element it needs given twice, a bad
 * value or unit, or a document larger than LVXML_MAX is refused with why.
 */
#ifndef XB_LVXML_H
#define XB_LVXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

#define LVXML_MAX	(1u << 20)	/* a larger document is refused */
#define LVXML_DEPTH_MAX	64		/* deeper nesting is refused */

enum lvxml_os {
	LVXML_OS_XEN,		/* <type>xen</type> (or linux): PV */
	LVXML_OS_HVM,
	LVXML_OS_XENPVH,
};

struct lvxml_dom {
	char		name[DOMNAME_MAX + 1];
	char		uuid[37];		/* "" when absent */
	enum lvxml_os	os;
	uint64_t	memory_kib;		/* <memory>: the maximum */
	uint64_t	current_kib;		/* <currentMemory>, else memory */
	uint32_t	vcpus;			/* <vcpu>, else 1 */
};

/* 0 with out filled, or -1 with a sentence in err. */
int	lvxml_parse(const char *xml, size_t len, struct lvxml_dom *out,
	    char *err, size_t errlen);

#endif
