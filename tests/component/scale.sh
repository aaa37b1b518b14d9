#!/bin/sh
# A hundred domains on one simulated host: they all converge, the plan
# never promises more than the host has, and the status table lists them.
. "$XB_SRCDIR/tests/component/lib.sh"
need_tools

N=${XB_SCALE_DOMAINS:-100}
start_xsd
"$SIMHV" host $((N * 512 + 1024))M
i=1
while [ $i -le $N ]; do
	case $((i % 4)) in
	0) b=slow ;;
	*) b=ideal ;;
	esac
	"$SIMHV" create $i vm$i 256M --static-max 1G --behaviour $b --used 200M
	i=$((i + 1))
done
start_sim
printf 'interval = 2s\nsettle = 100ms\n' > "$T/conf"
start_audit 64M
start0=$(date +%s)
start_daemon
check "all $N domains are listed" wait_for 100 sh -c '[ $("$1" -s "$2" status | grep -c " vm[0-9]") -eq $3 ]' \
    sh "$CTL" "$T/ctl.sock" "$N"
check "all $N domains converge" wait_for 400 converged
diag "converged in $(( $(date +%s) - start0 )) s"
out=$(ctl status)
check "every domain got more than it started with" \
    sh -c '[ $(echo "$1" | awk "\$1 ~ /^[0-9]+\$/ && \$3 == \"256\"" | wc -l) -eq 0 ]' sh "$out"
echo "$out" | head -6 | while read -r l; do diag "$l"; done
check "no overcommit promised at any sample" stop_audit
done_testing
