/*
 * fuzz.h - what every fuzz target shares.
 *
 * A target is one LLVMFuzzerTestOneInput() that hands the bytes to one
 * of the project's parsers of outside input and checks what the parser
 * promises (bounds, round trips).  The same file links into a libFuzzer
 * binary (make fuzz, clang) and into replay.c (make check, any CC), so
 * the committed corpus and every past crash are replayed on each check.
 */
#ifndef XB_FUZZ_H
#define XB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A broken promise is a crash, so libFuzzer keeps the input: abort()
 * rather than assert(), which NDEBUG would remove.
 */
#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: broken promise: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* The input as a C string (parsers of typed text take one); NULL on
 * allocation failure, which the caller treats as "nothing to do". */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return NULL;
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
