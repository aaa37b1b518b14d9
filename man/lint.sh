#!/bin/sh
# man/lint.sh - every manual page must be clean under mandoc -Tlint.
# The pages come from $XB_MANPAGES (the build's dist_man_MANS).
set -u
pages=${XB_MANPAGES:-}
if [ -z "$pages" ]; then
	echo "1..0 # SKIP no manual pages in this build"
	exit 0
fi
if ! command -v mandoc >/dev/null 2>&1; then
	echo "1..0 # SKIP mandoc not installed (apt-get install mandoc)"
	exit 0
fi
set -- $pages
echo "1..$#"
n=0
for p in "$@"; do
	n=$((n + 1))
	f=$XB_SRCDIR/$p
	[ -f "$f" ] || f=$XB_BUILDDIR/$p
	# -Wwarning: style nits are reported, warnings and worse fail.
	if out=$(mandoc -Tlint -Wwarning "$f" 2>&1) && [ -z "$out" ]; then
		echo "ok $n - mandoc -Tlint $p"
	else
		echo "not ok $n - mandoc -Tlint $p"
		echo "$out" | sed 's/^/# /'
	fi
done
