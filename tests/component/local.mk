# tests/component: the real xenballoond and xenballoonctl against xb-xsd
# (tests/xsd) and a simulated hypervisor (xb-simhv).
if BUILD_DAEMON
if BUILD_TESTS
check_PROGRAMS += tests/component/xb-simhv
tests_component_xb_simhv_SOURCES = tests/component/xb-simhv.c
tests_component_xb_simhv_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS)
tests_component_xb_simhv_LDADD = common/libxbcommon.a $(XENSTORE_LIBS) \
	$(SYSTEMD_LIBS)

TESTS += \
	tests/component/balance.sh \
	tests/component/reserve.sh \
	tests/component/stuck.sh \
	tests/component/restart.sh
endif
endif
EXTRA_DIST += tests/component/lib.sh \
	tests/component/balance.sh \
	tests/component/reserve.sh \
	tests/component/stuck.sh \
	tests/component/restart.sh
