# tests/sim: a simulated Xen host, the planner's property tests and its
# scenario tests.  The simulator library is shared with tests/bench.
noinst_LIBRARIES += tests/sim/libxbsim.a
tests_sim_libxbsim_a_SOURCES = \
	tests/sim/sim.c tests/sim/sim.h \
	tests/sim/sim_xb.c tests/sim/sim_xb.h
tests_sim_libxbsim_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon \
	-I$(top_srcdir)/agent

check_PROGRAMS += tests/sim/sim-props tests/sim/sim-scenarios
TESTS += tests/sim/sim-props tests/sim/sim-scenarios
tests_sim_sim_props_SOURCES = tests/sim/sim-props.c
tests_sim_sim_props_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_sim_sim_props_LDADD = tests/sim/libxbsim.a daemon/libxbplanner.a -lm
tests_sim_sim_scenarios_SOURCES = tests/sim/sim-scenarios.c
tests_sim_sim_scenarios_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_sim_sim_scenarios_LDADD = tests/sim/libxbsim.a daemon/libxbplanner.a -lm
