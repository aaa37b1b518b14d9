# common/: helpers shared by the daemon, the CLI and the agent (no policy).
noinst_LIBRARIES += common/libxbcommon.a
common_libxbcommon_a_SOURCES = \
	common/clock.c common/clock.h \
	common/control_table.c common/control.h \
	common/log.c common/log.h \
	common/conf.c common/conf.h \
	common/parse.c common/parse.h \
	common/signals.c common/signals.h \
	common/xskeys.c common/xskeys.h
common_libxbcommon_a_CFLAGS = $(AM_CFLAGS) $(SYSTEMD_CFLAGS)
