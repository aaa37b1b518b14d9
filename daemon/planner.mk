# daemon/planner.mk: the pure planning core, the admin's policy made into
# its bounds (bounds.c), the pure steps of a round around it (round.c),
# and the pure decision of when to wake a balloon driver (kick.c).  No Xen headers, no I/O, no globals,
# so it builds everywhere and tests/sim/ and tests/unit/ can run it freely.
noinst_LIBRARIES += daemon/libxbplanner.a
daemon_libxbplanner_a_SOURCES = \
	daemon/planner.c daemon/planner.h daemon/planner_int.h \
	daemon/planner_share.c daemon/planner_progress.c \
	daemon/planner_demand.c daemon/planner_check.c \
	daemon/bounds.c daemon/bounds.h daemon/round.c daemon/round.h \
	daemon/kick.c daemon/kick.h
