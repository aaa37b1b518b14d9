# tests/component: the real xenballoond and xenballoonctl against xb-xsd
# (tests/xsd) and a simulated hypervisor (xb-simhv); test-store checks the
# policy store on its own (full disk included).
XB_COMPONENT_TESTS = \
	tests/component/balance.sh \
	tests/component/publish.sh \
	tests/component/reserve.sh \
	tests/component/stuck.sh \
	tests/component/slow.sh \
	tests/component/reserve-slow.sh \
	tests/component/restart.sh \
	tests/component/hostile.sh \
	tests/component/cli.sh \
	tests/component/service.sh \
	tests/component/scale.sh \
	tests/component/kick.sh \
	tests/component/kick-belowmin.sh \
	tests/component/kick-stock.sh \
	tests/component/kick-shrink.sh \
	tests/component/refused.sh \
	tests/component/single.sh \
	tests/component/infeasible.sh \
	tests/component/dom0.sh \
	tests/component/start.sh \
	tests/component/xlwrap.sh \
	tests/component/history.sh \
	tests/component/policy.sh \
	tests/component/prompt.sh \
	tests/component/libvirt-hook.sh \
	tests/component/metrics.sh \
	tests/component/top.sh \
	tests/component/demo.sh

if BUILD_DAEMON
if BUILD_TESTS
check_PROGRAMS += tests/component/xb-simhv tests/component/test-store
tests_component_xb_simhv_SOURCES = tests/component/xb-simhv.c
tests_component_xb_simhv_CFLAGS = $(AM_CFLAGS) $(XENSTORE_CFLAGS)
tests_component_xb_simhv_LDADD = common/libxbcommon.a $(XENSTORE_LIBS) \
	$(SYSTEMD_LIBS)

tests_component_test_store_SOURCES = tests/component/test-store.c \
	daemon/store.c
tests_component_test_store_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_component_test_store_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) \
	$(JANSSON_CFLAGS) $(SYSTEMD_CFLAGS)
tests_component_test_store_LDADD = common/libxbcommon.a $(CMOCKA_LIBS) \
	$(JANSSON_LIBS) $(SYSTEMD_LIBS)

TESTS += tests/component/test-store $(XB_COMPONENT_TESTS)
endif
endif
# make demo: the real daemon and xenballoonctl top against the doubles,
# no Xen needed (tools/demo).
.PHONY: demo
demo: all tests/xsd/xb-xsd tests/component/xb-simhv
	$(top_srcdir)/tools/demo $(abs_top_builddir)

EXTRA_DIST += tools/demo
EXTRA_DIST += tests/component/lib.sh tests/component/measure.sh \
	tests/component/load.sh \
	$(XB_COMPONENT_TESTS)
