# shellcheck shell=bash
# Helpers shared by kernel-patch/check and kernel-patch/build-guest-kernel.
# Sourced, not executed.  Everything heavy lives under $KP_CACHE, outside
# the clone, and is reused between runs.

KP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Run from "make check", the kernel's make would inherit the jobserver and
# the variables given to the outer make.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS
KP_CACHE=${XB_CACHE:-/var/cache/xenballoon}/kernel

# The compiler for kernel builds: gcc through ccache when it is installed
# (tools/bootstrap installs it), with its cache under $KP_CACHE, so that a
# check whose trees were built before recompiles nothing it has compiled
# (each patch of the series rebuilds drivers/xen/, twice per version).
if command -v ccache >/dev/null 2>&1; then
	KP_CC="ccache gcc"
	export CCACHE_DIR=$KP_CACHE/ccache
else
	KP_CC=gcc
fi

# The Debian source packages the series is checked against: it is made
# against the first and must still apply to the second.
# shellcheck disable=SC2034 # used by the scripts that source this file
KP_VERSIONS=${XB_KERNEL_VERSIONS:-6.12 6.1}

kp_log()
{
	printf '%s: %s\n' "${0##*/}" "$*" >&2
}

kp_die()
{
	kp_log "$*"
	exit 1
}

# kp_select VERSION: point KP_VERSION, KP_TARBALL and KP_SRC at one
# linux-source-VERSION.  XB_LINUX_TARBALL_<major>_<minor> (for example
# XB_LINUX_TARBALL_6_12) names another tarball of that version.
kp_select()
{
	local var

	KP_VERSION=$1
	var=XB_LINUX_TARBALL_${1//[^0-9A-Za-z]/_}
	KP_TARBALL=${!var:-/usr/src/linux-source-$1.tar.xz}
	KP_SRC=$KP_CACHE/linux-source-$1
}

# The patch files, in order, as listed in kernel-patch/series.
kp_patches()
{
	local p
	while read -r p; do
		case $p in ''|'#'*) continue ;; esac
		printf '%s\n' "$KP_DIR/$p"
	done <"$KP_DIR/series"
}

# Identity of the selected tarball: a security update of linux-source-X
# replaces it, and every cached tree derived from it must then be rebuilt.
kp_source_id()
{
	stat -c '%n %s %Y' "$KP_TARBALL"
}

# kp_lock NAME: serialise users of one part of the cache.  A check and a
# guest build use different parts and may run at the same time.
kp_lock()
{
	mkdir -p "$KP_CACHE"
	exec 9>"$KP_CACHE/.lock-$1"
	flock 9
}

# Unpack the selected pristine tree once.  It is never modified
# afterwards: patched trees are hard-link copies, and patch(1) and git
# apply replace the files they change instead of writing through the link.
kp_unpack()
{
	local id tmp top=linux-source-$KP_VERSION

	id=$(kp_source_id) || return 1
	mkdir -p "$KP_CACHE"
	exec 8>"$KP_CACHE/.lock-source-$KP_VERSION"
	flock 8
	if [ -f "$KP_SRC/.xb-source-id" ] &&
	   [ "$(cat "$KP_SRC/.xb-source-id")" = "$id" ]; then
		flock -u 8
		return 0
	fi
	kp_log "unpacking $KP_TARBALL into $KP_CACHE"
	tmp=$(mktemp -d "$KP_CACHE/unpack.XXXXXX") || return 1
	nice -n 10 tar -C "$tmp" -xf "$KP_TARBALL" ||
		{ rm -rf "$tmp"; return 1; }
	[ -d "$tmp/$top" ] || { rm -rf "$tmp"; return 1; }
	printf '%s\n' "$id" >"$tmp/$top/.xb-source-id"
	rm -rf "$KP_SRC"
	mv "$tmp/$top" "$KP_SRC"
	rmdir "$tmp"
	flock -u 8
}

# kp_patched_tree DIR: a fresh hard-link copy of the selected pristine
# tree in DIR with the series applied (no fuzz accepted).
kp_patched_tree()
{
	local dir=$1 p

	rm -rf "$dir"
	mkdir -p "$(dirname "$dir")"
	cp -al "$KP_SRC" "$dir" || return 1
	while read -r p; do
		patch -t -s -p1 -F0 -N -d "$dir" -i "$p" >&2 || return 1
	done < <(kp_patches)
}

# kp_hash FILE...: short content hash of the given files and the source id.
kp_hash()
{
	{ kp_source_id; cat "$@"; } | sha256sum | cut -c1-16
}
