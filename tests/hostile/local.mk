# tests/hostile: hostile guests, faults and control-socket abuse against
# the real daemon (xb-xsd + xb-simhv, as tests/component), and the
# daemon killed at random points of a rebalance in the simulator.  All
# seeded and deterministic; figures print as TAP comments.
EXTRA_DIST += tests/hostile/lib.sh tests/hostile/guests.sh \
	tests/hostile/control.sh tests/hostile/faults.sh
if BUILD_DAEMON
if BUILD_TESTS
check_PROGRAMS += tests/hostile/kill-sim tests/hostile/xb-hostile
TESTS += tests/hostile/kill-sim tests/hostile/guests.sh \
	tests/hostile/control.sh tests/hostile/faults.sh

tests_hostile_kill_sim_SOURCES = tests/hostile/kill-sim.c daemon/store.c
tests_hostile_kill_sim_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon \
	-I$(top_srcdir)/tests/sim
tests_hostile_kill_sim_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
# The store's file calls, to kill the daemon inside a save.
tests_hostile_kill_sim_LDFLAGS = $(AM_LDFLAGS) \
	-Wl,--wrap=open,--wrap=write,--wrap=fsync,--wrap=close,--wrap=rename
tests_hostile_kill_sim_LDADD = tests/sim/libxbsim.a daemon/libxbplanner.a \
	common/libxbcommon.a $(JANSSON_LIBS) $(SYSTEMD_LIBS) -lm

tests_hostile_xb_hostile_SOURCES = tests/hostile/xb-hostile.c
tests_hostile_xb_hostile_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS)
tests_hostile_xb_hostile_LDADD = common/libxbcommon.a $(XENSTORE_LIBS)
endif
endif
