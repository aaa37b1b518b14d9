#!/bin/sh
# Regenerate the build system.  automake does not install its TAP driver
# by itself, so take it from the installed automake.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
drv=$(ls /usr/share/automake-*/tap-driver.sh 2>/dev/null | tail -n 1)
[ -n "$drv" ] || { echo "autogen.sh: automake's tap-driver.sh not found (apt-get install automake)" >&2; exit 1; }
cp -f "$drv" build-aux/tap-driver.sh
autoreconf -fi
