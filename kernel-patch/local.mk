# kernel-patch: the Linux Xen balloon driver series (see kernel-patch/README.md).
# kernel-patch/check applies, checkpatches and compiles it against Debian's
# linux-source-6.12 and linux-source-6.1 (cached under $XB_CACHE) and skips
# a tree whose source package is missing.
KERNEL_PATCHES = \
	kernel-patch/0001-xen-balloon-do-not-count-a-retry-when-there-is-nothi.patch \
	kernel-patch/0002-xen-balloon-act-on-every-write-of-the-target.patch \
	kernel-patch/0003-xen-balloon-document-the-default-of-max_retry_count.patch \
	kernel-patch/0004-xen-balloon-refuse-a-max_schedule_delay-of-0.patch \
	kernel-patch/0005-xen-balloon-add-a-separate-retry-limit-for-increases.patch \
	kernel-patch/0006-xen-balloon-show-the-balloon-state-in-sysfs.patch

TESTS += kernel-patch/check kernel-patch/check-keys.sh
EXTRA_DIST += kernel-patch/check-keys.sh kernel-patch/README.md \
	kernel-patch/series $(KERNEL_PATCHES) kernel-patch/0000-cover-letter.patch \
	kernel-patch/check kernel-patch/build-guest-kernel kernel-patch/lib.sh \
	kernel-patch/guest.config kernel-patch/guest-patched.config
