/*
 * fuzz-log.c - common/log.h: the class list an admin gives on the
 * command line, in the config file or over the control socket
 * ("+policy -xenstore"), and level names.  Checked: the mask stays
 * within LOGC_ALL, the error names a word, and the formatted mask
 * parses back to itself.
 */
#include "config.h"

#include "fuzz.h"
#include "log.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int cur, mask = 0, again = 0;
	char err[160], fmt[128];
	char *s;
	int prio;

	if (size == 0)
		return 0;
	cur = data[0];
	if ((s = fuzz_cstr(data + 1, size - 1)) == NULL)
		return 0;
	err[0] = '\0';
	if (log_parse_classes(s, cur, &mask, err, sizeof(err)) == 0) {
		FUZZ_CHECK((mask & ~LOGC_ALL) == 0);
		log_format_classes(mask, fmt, sizeof(fmt));
		if (mask != 0) {
			FUZZ_CHECK(log_parse_classes(fmt, 0, &again, err,
			    sizeof(err)) == 0);
			FUZZ_CHECK(again == mask);
		}
	} else {
		FUZZ_CHECK(err[0] != '\0');
	}
	prio = log_parse_level(s);
	FUZZ_CHECK(prio == -1 || (prio >= LOG_EMERG && prio <= LOG_DEBUG));
	if (prio != -1)
		FUZZ_CHECK(log_level_name(prio) != NULL);
	free(s);
	return 0;
}
