/*
 * fuzz-xlsave.c - daemon/xlsave.c: the first bytes of a file handed to
 * xenballoonctl reserve --for-saved (or found by the xl wrapper in
 * xendomains' save directory).  Checked, besides "no crash, no overread":
 * an accepted header places the config inside the bytes given, after the
 * header, no longer than XLSAVE_CONFIG_MAX, with no NUL in it and, for
 * JSON, the NUL libxl needs right after it; a refusal says why.
 */
#include "config.h"

#include "fuzz.h"
#include "xlsave.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlsave sv;
	char err[160] = "";

	if (xlsave_parse(data, size, &sv, err, sizeof(err)) == -1) {
		FUZZ_CHECK(err[0] != '\0' && memchr(err, '\0', sizeof(err)));
		return 0;
	}
	FUZZ_CHECK(sv.config_off == XLSAVE_HEADER_LEN + 4);
	FUZZ_CHECK(sv.config_len <= XLSAVE_CONFIG_MAX);
	FUZZ_CHECK(sv.config_off + sv.config_len + (sv.json ? 1 : 0) <= size);
	FUZZ_CHECK(memchr(data + sv.config_off, '\0', sv.config_len) == NULL);
	if (sv.json)
		FUZZ_CHECK(data[sv.config_off + sv.config_len] == '\0');
	FUZZ_CHECK(memcmp(data, XLSAVE_MAGIC, XLSAVE_MAGIC_LEN) == 0);
	return 0;
}
