# tests/agent: unit tests of the agent's pure core (cmocka) and component
# tests of the real agent against rtnetlink and xb-xsd.
if BUILD_AGENT
if BUILD_TESTS
check_PROGRAMS += tests/agent/test-agent-parsers tests/agent/test-agent-model
TESTS += tests/agent/test-agent-parsers tests/agent/test-agent-model
tests_agent_test_agent_parsers_SOURCES = tests/agent/test-agent-parsers.c
tests_agent_test_agent_parsers_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/agent
tests_agent_test_agent_parsers_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_agent_test_agent_parsers_LDADD = agent/libxbagent.a \
	common/libxbcommon.a $(CMOCKA_LIBS) $(SYSTEMD_LIBS)
tests_agent_test_agent_model_SOURCES = tests/agent/test-agent-model.c
tests_agent_test_agent_model_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/agent
tests_agent_test_agent_model_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) \
	$(LIBMNL_CFLAGS)
tests_agent_test_agent_model_LDADD = agent/libxbagent.a \
	common/libxbcommon.a $(CMOCKA_LIBS) $(LIBMNL_LIBS) $(SYSTEMD_LIBS)
endif
endif

# Component test: the agent binary, real rtnetlink (private network
# namespace, veth) and xb-xsd as guest domain 5.
if BUILD_AGENT
if BUILD_TESTS
check_PROGRAMS += tests/agent/test-agent-net
TESTS += tests/agent/test-agent-net
tests_agent_test_agent_net_SOURCES = tests/agent/test-agent-net.c \
	tests/xsd/xsdtest.c tests/xsd/xsdtest.h
tests_agent_test_agent_net_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/xsd
tests_agent_test_agent_net_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS)
tests_agent_test_agent_net_LDADD = $(XENSTORE_LIBS)
# It runs agent/xenballoon-agent (built by "all", before any check
# program) and tests/xsd/xb-xsd (a check program).
endif
endif

# tests/bench/agent-bench: figures, not a test (see its header).
if BUILD_AGENT
if BUILD_TESTS
noinst_PROGRAMS += tests/bench/agent-bench
tests_bench_agent_bench_SOURCES = tests/bench/agent-bench.c \
	tests/xsd/xsdtest.c tests/xsd/xsdtest.h
tests_bench_agent_bench_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/xsd \
	-I$(top_srcdir)/agent
tests_bench_agent_bench_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS) $(LIBMNL_CFLAGS)
tests_bench_agent_bench_LDADD = agent/libxbagent.a $(XENSTORE_LIBS) $(LIBMNL_LIBS)
endif
endif

# The guest unit: systemd-analyze verify.
if BUILD_AGENT
TESTS += tests/agent/check-agent-unit.sh
EXTRA_DIST += tests/agent/check-agent-unit.sh
# The command line and the file through one table of keys.
TESTS += tests/agent/check-agent-options.sh
EXTRA_DIST += tests/agent/check-agent-options.sh
endif
