# The Debian lab (tests/lab/debian/, see its README.md): the packaged system
# booted as an administrator deploys it.  Not part of "make lab" or CI yet.
LAB_DEBIAN_FILES = \
	tests/lab/debian/README.md tests/lab/debian/run tests/lab/debian/mkimage \
	tests/lab/debian/initrd-init tests/lab/debian/guest/init \
	tests/lab/debian/guest/guestlab \
	tests/lab/debian/guest/xenballoon-guestlab.service \
	tests/lab/debian/dom0/lib.sh tests/lab/debian/dom0/host.sh \
	tests/lab/debian/dom0/run-scenarios tests/lab/debian/shared \
	tests/lab/debian/dom0/g1.cfg tests/lab/debian/dom0/g2.cfg \
	tests/lab/debian/dom0/gdeb.cfg \
	tests/lab/debian/dom0/xenballoon-lab.service \
	tests/lab/debian/dom0/xenballoon-labmon.service \
	tests/lab/debian/scenarios/01-boot.sh \
	tests/lab/debian/scenarios/02-reload.sh \
	tests/lab/debian/scenarios/03-sigkill.sh \
	tests/lab/debian/scenarios/04-bad-config.sh \
	tests/lab/debian/scenarios/05-control-group.sh \
	tests/lab/debian/scenarios/06-source-install.sh \
	tests/lab/debian/scenarios/07-no-overcommit.sh \
	tests/lab/debian/scenarios/08-boot-pressure.sh \
	tests/lab/debian/scenarios/10-debian-guest.sh \
	tests/lab/debian/scenarios/11-restart-limit.sh \
	tests/lab/debian/scenarios/12-agent-service.sh \
	tests/lab/debian/scenarios/13-upgrade.sh \
	tests/lab/debian/scenarios/14-remove-purge.sh \
	tests/lab/debian/scenarios/20-start-paths.sh
EXTRA_DIST += $(LAB_DEBIAN_FILES)
CLEANFILES += tests/lab/debian/results.tap tests/lab/debian/serial.log \
	tests/lab/debian/monitor.log tests/lab/debian/mkimage.log

# The packages are built from the release tarball, as package-test does.
.PHONY: lab-debian
lab-debian: dist-gzip
	$(top_srcdir)/tests/lab/debian/run $(abs_top_builddir) \
	    $(abs_top_builddir)/$(PACKAGE)-$(VERSION).tar.gz
