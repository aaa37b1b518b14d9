/*
 * fuzz-lvxml.c - daemon/lvxml.c: the domain XML libvirt hands its libxl
 * hook on stdin, read by xenballoonctl reserve --for-libvirt.  Checked,
 * besides "no crash, no overread, no stack overflow": an accepted domain
 * has a name that is a valid domain name and no domid, a UUID that parses
 * or none, a current memory from 1 KiB to its memory, 1 to 4096 vCPUs; a
 * refusal says why and leaves nothing behind.
 */
#include "config.h"

#include "fuzz.h"
#include "lvxml.h"
#include "parse.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct lvxml_dom zero;
	struct lvxml_dom d;
	struct domref ref;
	uint8_t uuid[16];
	char err[200] = "";

	if (lvxml_parse((const char *)data, size, &d, err, sizeof(err)) ==
	    -1) {
		FUZZ_CHECK(err[0] != '\0' && memchr(err, '\0', sizeof(err)));
		FUZZ_CHECK(memcmp(&d, &zero, sizeof(d)) == 0);
		return 0;
	}
	FUZZ_CHECK(memchr(d.name, '\0', sizeof(d.name)) != NULL);
	FUZZ_CHECK(parse_domref(d.name, &ref) == PARSE_OK &&
	    ref.kind != DOMREF_ID);
	FUZZ_CHECK(d.uuid[0] == '\0' || parse_uuid(d.uuid, uuid) == PARSE_OK);
	FUZZ_CHECK(d.current_kib >= 1 && d.current_kib <= d.memory_kib);
	FUZZ_CHECK(d.vcpus >= 1 && d.vcpus <= 4096);
	FUZZ_CHECK(d.os <= LVXML_OS_XENPVH);
	return 0;
}
