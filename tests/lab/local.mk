# The lab: a real Xen host in QEMU (tests/lab/, see tests/lab/README.md).
# `make lab` builds the project first, so the images carry the binaries
# that exist; scenarios whose piece is missing report SKIP.
LAB_FILES = \
	tests/lab/README.md tests/lab/run tests/lab/mkimages tests/lab/report \
	tests/lab/plot \
	tests/lab/labmon.c tests/lab/laballoc.c \
	tests/lab/dom0/init tests/lab/dom0/lab.sh tests/lab/dom0/vif-lab \
	tests/lab/guest/init tests/lab/guest/storm tests/lab/guest/sqjob \
	tests/lab/dom0/xenballoond.conf \
	tests/lab/scenarios/01-boot.sh tests/lab/scenarios/02-net-plumbing.sh \
	tests/lab/scenarios/03-stock-balloon.sh tests/lab/scenarios/04-revive.sh \
	tests/lab/scenarios/04-try-harder.sh \
	tests/lab/scenarios/05-balance.sh tests/lab/scenarios/06-progress.sh \
	tests/lab/scenarios/07-network.sh tests/lab/scenarios/08-demand.sh \
	tests/lab/scenarios/09-reserve.sh tests/lab/scenarios/10-hostile.sh \
	tests/lab/scenarios/11-liar.sh tests/lab/scenarios/12-restart.sh \
	tests/lab/scenarios/13-squeeze.sh tests/lab/scenarios/14-squeeze-time.sh
EXTRA_DIST += $(LAB_FILES) tests/lab/report-test.sh tests/lab/plot-test.sh \
	tests/lab/known-failures
# The host-side report is checked on canned consoles by make check.
TESTS += tests/lab/report-test.sh tests/lab/plot-test.sh
CLEANFILES += tests/lab/lab-results.tap tests/lab/lab-serial.log \
	tests/lab/pictures/*.gp tests/lab/pictures/*.svg \
	tests/lab/lab-monitor.log tests/lab/lab-mkimages.log

# make lab: the whole system on real Xen in QEMU, both hosts: the fast
# busybox dom0 (make lab-busybox: the programs, started by hand, with
# minimal and Debian-kernel guests) and the Debian 12 dom0 as an
# administrator deploys it (make lab-debian: systemd, Debian's Xen, our
# .debs).  Both run whatever the first says; the status is the worse.
.PHONY: lab lab-busybox
lab-busybox: all
	$(top_srcdir)/tests/lab/run $(abs_top_builddir)

lab:
	@rc=0; $(MAKE) $(AM_MAKEFLAGS) lab-busybox || rc=1; \
	$(MAKE) $(AM_MAKEFLAGS) lab-debian || rc=1; exit $$rc
