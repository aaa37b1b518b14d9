# tests/xsd: xb-xsd, a xenstore server speaking the real wire protocol on
# Unix sockets (the real libxenstore reaches it through XENSTORED_PATH),
# and the tests of it and of common/xs.c.
if BUILD_TESTS
check_PROGRAMS += tests/xsd/xb-xsd tests/xsd/test-xsd tests/xsd/test-xsc
TESTS += tests/xsd/test-xsd tests/xsd/test-xsc tests/xsd/test-xsd-cli.sh
EXTRA_DIST += tests/xsd/test-xsd-cli.sh tests/xsd/README.md
tests_xsd_xb_xsd_SOURCES = tests/xsd/xsd.c tests/xsd/store.c \
	tests/xsd/store.h
tests_xsd_xb_xsd_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS) $(SYSTEMD_CFLAGS)
tests_xsd_xb_xsd_LDADD = common/libxbcommon.a $(SYSTEMD_LIBS)

tests_xsd_test_xsd_SOURCES = tests/xsd/test-xsd.c tests/xsd/xsdtest.c \
	tests/xsd/xsdtest.h
tests_xsd_test_xsd_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS)
tests_xsd_test_xsd_LDADD = $(XENSTORE_LIBS)

tests_xsd_test_xsc_SOURCES = tests/xsd/test-xsc.c tests/xsd/xsdtest.c \
	tests/xsd/xsdtest.h
tests_xsd_test_xsc_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS) $(SYSTEMD_CFLAGS)
tests_xsd_test_xsc_LDADD = common/libxbxs.a common/libxbcommon.a \
	$(XENSTORE_LIBS) $(SYSTEMD_LIBS)
endif
