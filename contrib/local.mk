# contrib/: what sits around the programs: bash completion, the xl
# pre-create hook example, xenballoon-xl and the xendomains drop-in, the
# libvirt hook, the xenstore manual page, xenballoon-metrics and its
# units, and the Debian packaging (debian/) with its package tests.

# --- bash completion, where bash-completion looks for it (its pkg-config
# file names the directory; our prefix is honoured so that distcheck and
# DESTDIR installs stay inside their tree).
XB_BASHCOMP_SRC = $(srcdir)/contrib/bash-completion/xenballoonctl
XB_BASHCOMP_PC = $(PKG_CONFIG) --define-variable=prefix='$(prefix)' \
	--define-variable=datadir='$(datadir)' \
	--variable=completionsdir bash-completion 2>/dev/null
if BUILD_DAEMON
XB_BASHCOMP = yes
endif

install-data-local: contrib-install-bashcomp
uninstall-local: contrib-uninstall-bashcomp

contrib-install-bashcomp:
	@test -n '$(XB_BASHCOMP)' || exit 0; \
	dir=`$(XB_BASHCOMP_PC)`; \
	test -n "$$dir" || dir='$(datadir)/bash-completion/completions'; \
	echo " $(MKDIR_P) '$(DESTDIR)$$dir'"; \
	$(MKDIR_P) "$(DESTDIR)$$dir" || exit 1; \
	echo " $(INSTALL_DATA) $(XB_BASHCOMP_SRC) '$(DESTDIR)$$dir/xenballoonctl'"; \
	$(INSTALL_DATA) $(XB_BASHCOMP_SRC) "$(DESTDIR)$$dir/xenballoonctl"

contrib-uninstall-bashcomp:
	@dir=`$(XB_BASHCOMP_PC)`; \
	test -n "$$dir" || dir='$(datadir)/bash-completion/completions'; \
	rm -f "$(DESTDIR)$$dir/xenballoonctl"

# --- the xl pre-create hook: an example, installed beside the docs.
if BUILD_DAEMON
xbexamplesdir = $(docdir)/examples
xbexamples_SCRIPTS = contrib/xl-precreate-reserve
endif

# --- xl with the memory of what it creates or restores reserved first
# (contrib/xenballoon-xl.in), as xl and as xen (Debian's xendomains runs
# that) in a directory of its own, and the xendomains drop-in that puts
# that directory first in xendomains' PATH.
if BUILD_DAEMON
xbxlexecdir = $(pkglibexecdir)/xl
xbxlexec_SCRIPTS = contrib/xl/xl
xbdropindir = $(systemdsystemunitdir)/xendomains.service.d
xbdropin_DATA = contrib/xendomains.service.d/xenballoon.conf
CLEANFILES += contrib/xl/xl contrib/xendomains.service.d/xenballoon.conf
install-exec-hook: contrib-install-xen
uninstall-hook: contrib-uninstall-xen
endif
XB_CONTRIB_SED = sed -e 's|@pkglibexecdir[@]|$(pkglibexecdir)|g' \
	-e 's|@sbindir[@]|$(sbindir)|g'
contrib/xl/xl: $(top_srcdir)/contrib/xenballoon-xl.in Makefile
	$(AM_V_GEN)$(MKDIR_P) contrib/xl && \
	$(XB_CONTRIB_SED) $(top_srcdir)/contrib/xenballoon-xl.in > $@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@
contrib/xendomains.service.d/xenballoon.conf: \
    $(top_srcdir)/contrib/xendomains-xenballoon.conf.in Makefile
	$(AM_V_GEN)$(MKDIR_P) contrib/xendomains.service.d && \
	$(XB_CONTRIB_SED) $(top_srcdir)/contrib/xendomains-xenballoon.conf.in \
	    > $@.tmp && mv $@.tmp $@
# --- libvirt's libxl hook, in the hooks directory libvirt reads (since
# 6.5) beside any of the admin's own.
if BUILD_DAEMON
xblvhookdir = $(sysconfdir)/libvirt/hooks/libxl.d
xblvhook_SCRIPTS = contrib/libvirt/xenballoon
CLEANFILES += contrib/libvirt/xenballoon
endif
contrib/libvirt/xenballoon: $(top_srcdir)/contrib/libvirt-hook.in Makefile
	$(AM_V_GEN)$(MKDIR_P) contrib/libvirt && \
	$(XB_CONTRIB_SED) $(top_srcdir)/contrib/libvirt-hook.in > $@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@
contrib-install-xen:
	cd '$(DESTDIR)$(xbxlexecdir)' && rm -f xen && $(LN_S) xl xen
contrib-uninstall-xen:
	rm -f '$(DESTDIR)$(xbxlexecdir)/xen'

# --- every xenstore key we read or write.
dist_man_MANS += man/xenballoon-xenstore.7

# --- the installed units pass systemd-analyze verify.
TESTS += tests/package/units.sh

# --- make package-test: build the .debs from the release tarball, install,
# enable and purge them in a clean Debian 12 chroot (needs root, network).
package-test: dist-gzip
	XB_SRCDIR='$(abs_top_srcdir)' XB_BUILDDIR='$(abs_top_builddir)' \
	XB_TARBALL='$(abs_top_builddir)/$(PACKAGE)-$(VERSION).tar.gz' \
	XB_VERSION='$(VERSION)' \
	$(SHELL) $(top_srcdir)/tests/package/package-test

.PHONY: package-test contrib-install-bashcomp contrib-uninstall-bashcomp \
	contrib-install-xen contrib-uninstall-xen

EXTRA_DIST += debian contrib/bash-completion/xenballoonctl \
	contrib/xl-precreate-reserve contrib/xenballoon-xl.in \
	contrib/libvirt-hook.in \
	contrib/xendomains-xenballoon.conf.in \
	tests/package/package-test tests/package/units.sh

# --- xenballoon-metrics: "xenballoonctl --json status" as Prometheus text
# for node_exporter's textfile collector (xenballoonctl has no metrics
# command yet).
if BUILD_DAEMON
sbin_PROGRAMS += contrib/xenballoon-metrics
contrib_xenballoon_metrics_SOURCES = contrib/xenballoon-metrics.c
contrib_xenballoon_metrics_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
contrib_xenballoon_metrics_LDADD = common/libxbcommon.a $(JANSSON_LIBS)
dist_man_MANS += contrib/xenballoon-metrics.8
TESTS += tests/package/metrics.sh
# Run every 15 s for node_exporter's textfile collector, and a Grafana
# dashboard of what it writes.
systemdsystemunit_DATA += contrib/xenballoon-metrics.service \
	contrib/xenballoon-metrics.timer
CLEANFILES += contrib/xenballoon-metrics.service
xbexamples_DATA = contrib/xenballoon-dashboard.json
endif
contrib/xenballoon-metrics.service: \
    $(top_srcdir)/contrib/xenballoon-metrics.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) contrib && \
	$(XB_CONTRIB_SED) $(top_srcdir)/contrib/xenballoon-metrics.service.in \
	    > $@.tmp && mv $@.tmp $@
EXTRA_DIST += tests/package/metrics.sh tests/package/data/status.json \
	tests/package/dashboard-names contrib/xenballoon-dashboard.json \
	contrib/xenballoon-metrics.service.in contrib/xenballoon-metrics.timer
