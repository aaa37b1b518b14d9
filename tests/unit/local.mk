# Unit tests (cmocka) for common/, the daemon's request decoding, its
# reading of xl.conf, its reading of a domain's xenstore keys (over a
# table standing in for xenstore), its bounds policy, the steps of its
# round, its decision to kick a balloon driver, how a plan is applied and
# its reservation table.
if BUILD_TESTS
check_PROGRAMS += tests/unit/test-parse tests/unit/test-log
TESTS += tests/unit/test-parse tests/unit/test-log
tests_unit_test_parse_SOURCES = tests/unit/test-parse.c
tests_unit_test_parse_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_parse_LDADD = common/libxbcommon.a $(CMOCKA_LIBS)
tests_unit_test_log_SOURCES = tests/unit/test-log.c
tests_unit_test_log_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_log_LDADD = common/libxbcommon.a $(CMOCKA_LIBS) $(SYSTEMD_LIBS)
check_PROGRAMS += tests/unit/test-xskeys tests/unit/test-control
TESTS += tests/unit/test-control
tests_unit_test_control_SOURCES = tests/unit/test-control.c
tests_unit_test_control_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_control_LDADD = common/libxbcommon.a $(CMOCKA_LIBS)
TESTS += tests/unit/test-xskeys
tests_unit_test_xskeys_SOURCES = tests/unit/test-xskeys.c
tests_unit_test_xskeys_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_xskeys_LDADD = common/libxbcommon.a $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test-conf
TESTS += tests/unit/test-conf
tests_unit_test_conf_SOURCES = tests/unit/test-conf.c
tests_unit_test_conf_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_conf_LDADD = common/libxbcommon.a $(CMOCKA_LIBS) \
	$(SYSTEMD_LIBS)
if BUILD_DAEMON
check_PROGRAMS += tests/unit/test-request
TESTS += tests/unit/test-request
tests_unit_test_request_SOURCES = tests/unit/test-request.c \
	daemon/request.c daemon/resv.c
tests_unit_test_request_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_request_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) \
	$(JANSSON_CFLAGS) $(SYSTEMD_CFLAGS)
tests_unit_test_request_LDADD = common/libxbcommon.a $(CMOCKA_LIBS) \
	$(JANSSON_LIBS) $(SYSTEMD_LIBS)
check_PROGRAMS += tests/unit/test-hv
TESTS += tests/unit/test-hv
tests_unit_test_hv_SOURCES = tests/unit/test-hv.c daemon/hv.c
tests_unit_test_hv_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_hv_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(SYSTEMD_CFLAGS)
tests_unit_test_hv_LDADD = common/libxbcommon.a $(CMOCKA_LIBS) \
	$(SYSTEMD_LIBS)
check_PROGRAMS += tests/unit/test-act
TESTS += tests/unit/test-act
tests_unit_test_act_SOURCES = tests/unit/test-act.c daemon/act.c \
	daemon/history.c
tests_unit_test_act_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_act_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) \
	$(XENSTORE_CFLAGS) $(SYSTEMD_CFLAGS)
tests_unit_test_act_LDADD = daemon/libxbplanner.a common/libxbcommon.a \
	$(CMOCKA_LIBS) $(SYSTEMD_LIBS)
check_PROGRAMS += tests/unit/test-domain
TESTS += tests/unit/test-domain
tests_unit_test_domain_SOURCES = tests/unit/test-domain.c daemon/domain.c \
	daemon/store.c common/xs_read.c
tests_unit_test_domain_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_domain_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) \
	$(JANSSON_CFLAGS) $(XENSTORE_CFLAGS) $(SYSTEMD_CFLAGS)
tests_unit_test_domain_LDADD = daemon/libxbplanner.a common/libxbcommon.a \
	$(CMOCKA_LIBS) $(JANSSON_LIBS) $(SYSTEMD_LIBS)
check_PROGRAMS += tests/unit/test-xlconf
TESTS += tests/unit/test-xlconf
tests_unit_test_xlconf_SOURCES = tests/unit/test-xlconf.c daemon/xlconf.c
tests_unit_test_xlconf_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_xlconf_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) \
	$(SYSTEMD_CFLAGS)
tests_unit_test_xlconf_LDADD = $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test-kick
TESTS += tests/unit/test-kick
tests_unit_test_kick_SOURCES = tests/unit/test-kick.c
tests_unit_test_kick_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_kick_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_kick_LDADD = daemon/libxbplanner.a $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test-bounds
TESTS += tests/unit/test-bounds
tests_unit_test_bounds_SOURCES = tests/unit/test-bounds.c
tests_unit_test_bounds_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_bounds_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_bounds_LDADD = daemon/libxbplanner.a $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test-round
TESTS += tests/unit/test-round
tests_unit_test_round_SOURCES = tests/unit/test-round.c
tests_unit_test_round_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_round_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_round_LDADD = daemon/libxbplanner.a $(CMOCKA_LIBS)
tests_unit_test_round_LDFLAGS = -Wl,--wrap=planner_check
check_PROGRAMS += tests/unit/test-history
TESTS += tests/unit/test-history
tests_unit_test_history_SOURCES = tests/unit/test-history.c daemon/history.c
tests_unit_test_history_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_history_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_history_LDADD = daemon/libxbplanner.a $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test-resv
TESTS += tests/unit/test-resv
tests_unit_test_resv_SOURCES = tests/unit/test-resv.c daemon/resv.c
tests_unit_test_resv_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_resv_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_resv_LDADD = common/libxbcommon.a $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test-resvtab
TESTS += tests/unit/test-resvtab
tests_unit_test_resvtab_SOURCES = tests/unit/test-resvtab.c \
	daemon/resvtab.c daemon/resv.c daemon/store.c
tests_unit_test_resvtab_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_resvtab_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) \
	$(JANSSON_CFLAGS) $(SYSTEMD_CFLAGS)
tests_unit_test_resvtab_LDADD = common/libxbcommon.a $(CMOCKA_LIBS) \
	$(JANSSON_LIBS) $(SYSTEMD_LIBS)
check_PROGRAMS += tests/unit/test-xlsave
TESTS += tests/unit/test-xlsave
tests_unit_test_xlsave_SOURCES = tests/unit/test-xlsave.c daemon/xlsave.c
tests_unit_test_xlsave_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_xlsave_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_xlsave_LDADD = $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test-lvxml
TESTS += tests/unit/test-lvxml
tests_unit_test_lvxml_SOURCES = tests/unit/test-lvxml.c daemon/lvxml.c
tests_unit_test_lvxml_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_lvxml_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_lvxml_LDADD = common/libxbcommon.a $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test-top
TESTS += tests/unit/test-top
tests_unit_test_top_SOURCES = tests/unit/test-top.c daemon/top.c
tests_unit_test_top_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_top_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_top_LDADD = common/libxbcommon.a $(CMOCKA_LIBS) \
	$(JANSSON_LIBS)
endif
endif
