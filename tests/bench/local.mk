# tests/bench: policy-bench, our planner against static, squeezed,
# qmemman and an oracle on identical simulated hosts, plus a timed
# 10,000-domain run.  Built by plain make; run it by hand for the table
# (or --json); make check runs it with --tap for the acceptance criteria.
noinst_PROGRAMS += tests/bench/policy-bench
tests_bench_policy_bench_SOURCES = \
	tests/bench/policy-bench.c tests/bench/bench.h \
	tests/bench/bench_baselines.c tests/bench/bench_scenarios.c \
	tests/bench/bench_plot.c
tests_bench_policy_bench_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/daemon -I$(top_srcdir)/agent -I$(top_srcdir)/tests/sim
tests_bench_policy_bench_LDADD = tests/sim/libxbsim.a \
	daemon/libxbplanner.a -lm

TESTS += tests/bench/check-policy-bench tests/bench/check-plot
EXTRA_DIST += tests/bench/check-policy-bench tests/bench/check-plot
