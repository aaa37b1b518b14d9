# kernel-patch: the Linux Xen balloon driver series (see kernel-patch/README.md).
# kernel-patch/check applies, checkpatches and compiles it against Debian's
# linux-source-6.12 and linux-source-6.1 (cached under $XB_CACHE) and skips
# a tree whose source package is missing.
KERNEL_PATCHES = \
	kernel-patch/0001-xen-balloon-retry-increases-until-the-target-is-reac.patch \
	kernel-patch/0002-xen-balloon-wait-after-a-partial-increase-keeping-th.patch \
	kernel-patch/0003-xen-balloon-retry-at-once-when-the-target-is-written.patch \
	kernel-patch/0004-xen-balloon-publish-the-balloon-state-in-xenstore.patch \
	kernel-patch/0005-xen-balloon-show-the-balloon-state-in-sysfs.patch

TESTS += kernel-patch/check kernel-patch/check-keys.sh
EXTRA_DIST += kernel-patch/check-keys.sh kernel-patch/README.md kernel-patch/series $(KERNEL_PATCHES) \
	kernel-patch/check kernel-patch/build-guest-kernel kernel-patch/lib.sh \
	kernel-patch/guest.config
