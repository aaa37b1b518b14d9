# tests/fuzz: libFuzzer targets for every parser of outside input.
#
# make check replays each target's committed corpus and every past crash
# (tests/fuzz/corpus/<t>/, tests/fuzz/crashes/<t>/) through the same
# entry point, built with the normal CC: see tests/fuzz/replay.c.
# make fuzz builds the targets with $(FUZZ_CC) (clang: libFuzzer) from
# the project's sources and runs each for $(FUZZ_SECONDS).

FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_AREAS = common
FUZZ_LIB_CFLAGS = $(SYSTEMD_CFLAGS)
FUZZ_LIB_LIBS = $(SYSTEMD_LIBS)

EXTRA_DIST += tests/fuzz/fuzz tests/fuzz/corpus

if BUILD_TESTS
FUZZ_REPLAY_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/tests/fuzz

check_PROGRAMS += tests/fuzz/replay-parse tests/fuzz/replay-log
TESTS += tests/fuzz/replay-parse tests/fuzz/replay-log

tests_fuzz_replay_parse_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz.h \
	tests/fuzz/fuzz-parse.c
tests_fuzz_replay_parse_CFLAGS = $(FUZZ_REPLAY_CFLAGS) -DFUZZ_TARGET='"parse"'
tests_fuzz_replay_parse_LDADD = common/libxbcommon.a

tests_fuzz_replay_log_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz.h \
	tests/fuzz/fuzz-log.c
tests_fuzz_replay_log_CFLAGS = $(FUZZ_REPLAY_CFLAGS) -DFUZZ_TARGET='"log"'
tests_fuzz_replay_log_LDADD = common/libxbcommon.a $(SYSTEMD_LIBS)
endif

FUZZ_ENV = FUZZ_CC='$(FUZZ_CC)' FUZZ_SECONDS='$(FUZZ_SECONDS)' \
	FUZZ_AREAS='$(FUZZ_AREAS)' \
	FUZZ_CPPFLAGS='$(DEFS) $(FUZZ_LIB_CFLAGS)' \
	FUZZ_LIBS='$(FUZZ_LIB_LIBS)' \
	XB_SRCDIR='$(abs_top_srcdir)' XB_BUILDDIR='$(abs_top_builddir)'

# Run every target for FUZZ_SECONDS; .ci/run uses FUZZ_SECONDS=20.
fuzz:
	$(FUZZ_ENV) $(SHELL) $(top_srcdir)/tests/fuzz/fuzz run $(FUZZ_TARGETS)

# Fold the inputs a run found into the committed corpus (minimised).
fuzz-merge:
	$(FUZZ_ENV) $(SHELL) $(top_srcdir)/tests/fuzz/fuzz merge $(FUZZ_TARGETS)

.PHONY: fuzz fuzz-merge
