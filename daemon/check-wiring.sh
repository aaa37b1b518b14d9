#!/bin/sh
# daemon/check-wiring.sh - xenballoond.c is main and the wiring: it
# defines no function but main that another file could call, so no
# module calls back into it (the include circle of issue 15).  What a
# module needs of the daemon goes through its caller or an operation in
# control_ops.h.  Function definitions are read in the house form: the
# type on a line of its own, the name at the start of the next.
set -u
src=$XB_SRCDIR/daemon/xenballoond.c
echo "1..1"
shared=$(awk '/^[a-z_][a-z0-9_]*\(/ && prev !~ /^static/ {
	sub(/\(.*/, ""); if ($0 != "main") print FILENAME ":" FNR ": " $0
} { prev = $0 }' "$src")
if [ -z "$shared" ]; then
	echo "ok 1 - xenballoond.c: every function but main is static"
else
	echo "not ok 1 - xenballoond.c: functions other files could call"
	echo "$shared" | sed 's/^/# /'
fi
