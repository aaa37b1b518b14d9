# Unit tests (cmocka) for common/.
if BUILD_TESTS
check_PROGRAMS += tests/unit/test-parse tests/unit/test-log
TESTS += tests/unit/test-parse tests/unit/test-log
tests_unit_test_parse_SOURCES = tests/unit/test-parse.c
tests_unit_test_parse_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_parse_LDADD = common/libxbcommon.a $(CMOCKA_LIBS)
tests_unit_test_log_SOURCES = tests/unit/test-log.c
tests_unit_test_log_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_log_LDADD = common/libxbcommon.a $(CMOCKA_LIBS) $(SYSTEMD_LIBS)
endif
