# tests/fuzz: libFuzzer targets for every parser of outside input.
#
# make check replays each target's committed corpus and every past crash
# (tests/fuzz/corpus/<t>/, tests/fuzz/crashes/<t>/) through the same
# entry point, built with the normal CC: see tests/fuzz/replay.c.
# make fuzz builds the targets with $(FUZZ_CC) (clang: libFuzzer) from
# the project's sources and runs each for $(FUZZ_SECONDS), one at a
# time; FUZZ_TARGETS="parse log" narrows it.

FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_JOBS = 1
FUZZ_TARGETS =
FUZZ_AREAS = common
FUZZ_LIB_CFLAGS = $(SYSTEMD_CFLAGS)
FUZZ_LIB_LIBS = $(SYSTEMD_LIBS)

EXTRA_DIST += tests/fuzz/fuzz tests/fuzz/corpus tests/fuzz/findings \
	tests/fuzz/crashes \
	tests/fuzz/fuzz.h \
	tests/fuzz/fuzz-agent.h

if BUILD_TESTS
FUZZ_REPLAY_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/tests/fuzz

check_PROGRAMS += tests/fuzz/replay-parse tests/fuzz/replay-log
TESTS += tests/fuzz/replay-parse tests/fuzz/replay-log

tests_fuzz_replay_parse_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-parse.c
tests_fuzz_replay_parse_CFLAGS = $(FUZZ_REPLAY_CFLAGS) -DFUZZ_TARGET='"parse"'
tests_fuzz_replay_parse_LDADD = common/libxbcommon.a

tests_fuzz_replay_log_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-log.c
tests_fuzz_replay_log_CFLAGS = $(FUZZ_REPLAY_CFLAGS) -DFUZZ_TARGET='"log"'
tests_fuzz_replay_log_LDADD = common/libxbcommon.a $(SYSTEMD_LIBS)
endif

if BUILD_AGENT
FUZZ_AREAS += agent
FUZZ_LIB_CFLAGS += $(LIBMNL_CFLAGS)
FUZZ_LIB_LIBS += $(LIBMNL_LIBS)
if BUILD_TESTS
FUZZ_AGENT_CFLAGS = $(FUZZ_REPLAY_CFLAGS) -I$(top_srcdir)/agent
FUZZ_AGENT_LDADD = agent/libxbagent.a common/libxbcommon.a $(SYSTEMD_LIBS)

check_PROGRAMS += tests/fuzz/replay-meminfo tests/fuzz/replay-psi \
	tests/fuzz/replay-vmstat tests/fuzz/replay-sysfs \
	tests/fuzz/replay-rtnl tests/fuzz/replay-agentconf
TESTS += tests/fuzz/replay-meminfo tests/fuzz/replay-psi \
	tests/fuzz/replay-vmstat tests/fuzz/replay-sysfs \
	tests/fuzz/replay-rtnl tests/fuzz/replay-agentconf

tests_fuzz_replay_meminfo_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-meminfo.c
tests_fuzz_replay_meminfo_CFLAGS = $(FUZZ_AGENT_CFLAGS) \
	-DFUZZ_TARGET='"meminfo"'
tests_fuzz_replay_meminfo_LDADD = $(FUZZ_AGENT_LDADD)

tests_fuzz_replay_psi_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-psi.c
tests_fuzz_replay_psi_CFLAGS = $(FUZZ_AGENT_CFLAGS) -DFUZZ_TARGET='"psi"'
tests_fuzz_replay_psi_LDADD = $(FUZZ_AGENT_LDADD)

tests_fuzz_replay_vmstat_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-vmstat.c
tests_fuzz_replay_vmstat_CFLAGS = $(FUZZ_AGENT_CFLAGS) \
	-DFUZZ_TARGET='"vmstat"'
tests_fuzz_replay_vmstat_LDADD = $(FUZZ_AGENT_LDADD)

tests_fuzz_replay_sysfs_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-sysfs.c
tests_fuzz_replay_sysfs_CFLAGS = $(FUZZ_AGENT_CFLAGS) -DFUZZ_TARGET='"sysfs"'
tests_fuzz_replay_sysfs_LDADD = $(FUZZ_AGENT_LDADD)

tests_fuzz_replay_rtnl_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-rtnl.c
tests_fuzz_replay_rtnl_CFLAGS = $(FUZZ_AGENT_CFLAGS) $(LIBMNL_CFLAGS) \
	-DFUZZ_TARGET='"rtnl"'
tests_fuzz_replay_rtnl_LDADD = $(FUZZ_AGENT_LDADD) $(LIBMNL_LIBS)

tests_fuzz_replay_agentconf_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-agentconf.c
tests_fuzz_replay_agentconf_CFLAGS = $(FUZZ_AGENT_CFLAGS) \
	-DFUZZ_TARGET='"agentconf"'
tests_fuzz_replay_agentconf_LDADD = $(FUZZ_AGENT_LDADD)
endif
endif

if BUILD_DAEMON
FUZZ_AREAS += daemon
FUZZ_LIB_CFLAGS += $(JANSSON_CFLAGS) $(XENSTORE_CFLAGS)
FUZZ_LIB_LIBS += $(JANSSON_LIBS)
if BUILD_TESTS
FUZZ_DAEMON_CFLAGS = $(FUZZ_REPLAY_CFLAGS) -I$(top_srcdir)/daemon \
	$(JANSSON_CFLAGS) $(XENSTORE_CFLAGS)
FUZZ_DAEMON_LDADD = common/libxbcommon.a $(JANSSON_LIBS) $(SYSTEMD_LIBS)

check_PROGRAMS += tests/fuzz/replay-guestkeys tests/fuzz/replay-config \
	tests/fuzz/replay-store tests/fuzz/replay-request \
	tests/fuzz/replay-planner tests/fuzz/replay-xlsave \
	tests/fuzz/replay-lvxml
TESTS += tests/fuzz/replay-guestkeys tests/fuzz/replay-config \
	tests/fuzz/replay-store tests/fuzz/replay-request \
	tests/fuzz/replay-planner tests/fuzz/replay-xlsave \
	tests/fuzz/replay-lvxml

tests_fuzz_replay_planner_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-planner.c
tests_fuzz_replay_planner_CFLAGS = $(FUZZ_DAEMON_CFLAGS) \
	-DFUZZ_TARGET='"planner"'
tests_fuzz_replay_planner_LDADD = daemon/libxbplanner.a $(FUZZ_DAEMON_LDADD)

tests_fuzz_replay_guestkeys_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-guestkeys.c daemon/domain.c daemon/store.c \
	common/xs_read.c
tests_fuzz_replay_guestkeys_CFLAGS = $(FUZZ_DAEMON_CFLAGS) \
	-DFUZZ_TARGET='"guestkeys"'
tests_fuzz_replay_guestkeys_LDADD = daemon/libxbplanner.a $(FUZZ_DAEMON_LDADD)

tests_fuzz_replay_config_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-config.c daemon/config.c
tests_fuzz_replay_config_CFLAGS = $(FUZZ_DAEMON_CFLAGS) \
	-DFUZZ_TARGET='"config"'
tests_fuzz_replay_config_LDADD = daemon/libxbplanner.a $(FUZZ_DAEMON_LDADD)

tests_fuzz_replay_store_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-store.c daemon/store.c
tests_fuzz_replay_store_CFLAGS = $(FUZZ_DAEMON_CFLAGS) \
	-DFUZZ_TARGET='"store"'
tests_fuzz_replay_store_LDADD = $(FUZZ_DAEMON_LDADD)

tests_fuzz_replay_request_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-request.c daemon/request.c daemon/resv.c
tests_fuzz_replay_request_CFLAGS = $(FUZZ_DAEMON_CFLAGS) \
	-DFUZZ_TARGET='"request"'
tests_fuzz_replay_request_LDADD = $(FUZZ_DAEMON_LDADD)

tests_fuzz_replay_xlsave_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-xlsave.c daemon/xlsave.c
tests_fuzz_replay_xlsave_CFLAGS = $(FUZZ_DAEMON_CFLAGS) \
	-DFUZZ_TARGET='"xlsave"'
tests_fuzz_replay_xlsave_LDADD = $(FUZZ_DAEMON_LDADD)

tests_fuzz_replay_lvxml_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz-lvxml.c daemon/lvxml.c
tests_fuzz_replay_lvxml_CFLAGS = $(FUZZ_DAEMON_CFLAGS) \
	-DFUZZ_TARGET='"lvxml"'
tests_fuzz_replay_lvxml_LDADD = $(FUZZ_DAEMON_LDADD)
endif
endif

FUZZ_ENV = FUZZ_CC='$(FUZZ_CC)' FUZZ_SECONDS='$(FUZZ_SECONDS)' \
	FUZZ_JOBS='$(FUZZ_JOBS)' \
	FUZZ_AREAS='$(FUZZ_AREAS)' FUZZ_CPPFLAGS='$(DEFS) $(FUZZ_LIB_CFLAGS)' \
	FUZZ_LIBS='$(FUZZ_LIB_LIBS)' \
	XB_SRCDIR='$(abs_top_srcdir)' XB_BUILDDIR='$(abs_top_builddir)'

# Run every target for FUZZ_SECONDS, FUZZ_JOBS at a time (.ci/run gives
# both: a short run, a job per core).
fuzz:
	$(FUZZ_ENV) $(SHELL) $(top_srcdir)/tests/fuzz/fuzz run $(FUZZ_TARGETS)

# Fold the inputs a run found into the committed corpus (minimised).
fuzz-merge:
	$(FUZZ_ENV) $(SHELL) $(top_srcdir)/tests/fuzz/fuzz merge $(FUZZ_TARGETS)

.PHONY: fuzz fuzz-merge
