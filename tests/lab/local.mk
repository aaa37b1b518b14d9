# The lab: a real Xen host in QEMU (tests/lab/, see tests/lab/README.md).
# `make lab` builds the project first, so the images carry the binaries
# that exist; scenarios whose piece is missing report SKIP.
LAB_FILES = \
	tests/lab/README.md tests/lab/run tests/lab/mkimages tests/lab/report \
	tests/lab/labmon.c tests/lab/laballoc.c \
	tests/lab/dom0/init tests/lab/dom0/lab.sh tests/lab/dom0/vif-lab \
	tests/lab/guest/init \
	tests/lab/scenarios/01-boot.sh tests/lab/scenarios/02-net-plumbing.sh
EXTRA_DIST += $(LAB_FILES)
CLEANFILES += tests/lab/lab-results.tap tests/lab/lab-serial.log \
	tests/lab/lab-monitor.log tests/lab/lab-mkimages.log

.PHONY: lab
lab: all
	$(top_srcdir)/tests/lab/run $(abs_top_builddir)
