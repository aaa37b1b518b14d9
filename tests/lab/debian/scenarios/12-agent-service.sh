# timeout: 720
# agent-service: xenballoon-agent.service in the Debian guest d1.  Its
# ordering names what a Debian 12 guest has; it started once at boot and
# found xenstore; its sandbox let it do its work (nothing of priority
# warning or worse in its journal); a restart republishes its keys; a bad
# /etc/xenballoon/agent.conf fails once with status 2, not restarted; and
# an agent that exits 1 at every start is left failed at the start limit.
G=gdeb
A=xenballoon-agent.service
guest_up "$G"
id=$(domid "$G")
p=/local/domain/$id
wait_for 120 sh -c "xenstore-read $p/data/memory/heartbeat > /dev/null 2>&1" \
	|| fail "the agent in $G never published data/memory/heartbeat"
# What a Debian 12 guest has of the units the agent orders itself after.
gcmd "$G" "systemctl show -p After -p Wants $A
for u in proc-xen.mount xenstored.service network-pre.target; do
	echo \"\$u: \$(systemctl show -p LoadState --value \$u)\"
done
echo \"/dev/xen: \$(ls /dev/xen | xargs)\"
mountpoint -q /proc/xen && echo '/proc/xen: xenfs mounted' || echo '/proc/xen: not mounted'
echo \"virtualization: \$(systemd-detect-virt)\""
boot=$(gcmd "$G" "systemctl show -p NRestarts -p Result -p ExecMainStartTimestampMonotonic $A; journalctl -b --no-pager -o cat -u $A -p warning")
echo "$boot"
echo "$boot" | grep -qx "NRestarts=0" || fail "the agent was restarted at boot: $(echo "$boot" | tr '\n' ' ')"
warn=$(echo "$boot" | grep -v -e '^NRestarts=' -e '^Result=' -e '^ExecMainStart' -e '^-- No entries --$')
[ -z "$warn" ] || fail "the agent's journal has warnings (sandbox?): $(echo "$warn" | head -n 3 | tr '\n' ' ')"

# A restart republishes everything: a key removed from dom0 comes back.
pid=$(gcmd "$G" "systemctl show -p MainPID --value $A")
xenstore-rm "$p/data/meminfo_total"
gcmd "$G" "systemctl restart $A" || fail "systemctl restart $A failed in $G"
wait_for 60 sh -c "xenstore-read $p/data/meminfo_total > /dev/null 2>&1" \
	|| fail "after a restart the agent did not publish data/meminfo_total again"
pid2=$(gcmd "$G" "systemctl is-active $A; systemctl show -p MainPID --value $A")
echo "restart: pid $pid -> $(echo "$pid2" | tr '\n' ' '), data/meminfo_total $(xsr "$p/data/meminfo_total")"
[ "$(echo "$pid2" | head -n 1)" = active ] || fail "the agent is not active after a restart"

# The two restart checks are both run, and both reported.
bad=
# A bad configuration stays bad: one failure with status 2.
r=$(gcmd "$G" "mkdir -p /etc/xenballoon; echo 'heartbeat = bogus' > /etc/xenballoon/agent.conf
systemctl reset-failed $A; systemctl restart $A; sleep 7
systemctl show -p ActiveState -p Result -p ExecMainStatus -p NRestarts $A
rm -f /etc/xenballoon/agent.conf; systemctl reset-failed $A; systemctl start $A" 240)
echo "bad agent.conf: $(echo "$r" | tr '\n' ' ')"
if ! echo "$r" | grep -qx "ExecMainStatus=2"; then
	bad="$bad; a bad agent.conf did not end with status 2"
elif ! echo "$r" | grep -qx "NRestarts=0"; then
	bad="$bad; restarted $(echo "$r" | sed -n 's/^NRestarts=//p') times in 7 s on a bad agent.conf (restart loop)"
fi

# An agent that exits 1 at every start: the unit's own restart policy,
# with only the program replaced (/bin/false) by a drop-in.
r=$(gcmd "$G" "cur=\$(journalctl -n 0 --show-cursor -o cat | sed -n 's/^-- cursor: //p')
mkdir -p /run/systemd/system/$A.d
echo '[Service]' > /run/systemd/system/$A.d/lab-exit1.conf
echo 'ExecStart=' >> /run/systemd/system/$A.d/lab-exit1.conf
echo 'ExecStart=/bin/false' >> /run/systemd/system/$A.d/lab-exit1.conf
systemctl daemon-reload; systemctl reset-failed $A; systemctl restart $A
for i in \$(seq 90); do [ \"\$(systemctl show -p ActiveState --value $A)\" = failed ] && break; sleep 1; done
systemctl show -p ActiveState -p Result -p ExecMainStatus -p NRestarts $A
echo \"limit=\$(journalctl --after-cursor=\"\$cur\" -o cat -u $A | grep -c 'repeated too quickly')\"
rm -rf /run/systemd/system/$A.d; systemctl daemon-reload; systemctl reset-failed $A; systemctl start $A" 360)
echo "exit 1 at every start: $(echo "$r" | tr '\n' ' ')"
# At the limit, systemd 252 says "Start request repeated too quickly" and
# keeps the last run's Result (exit-code).
echo "$r" | grep -qx "ActiveState=failed" &&
{ echo "$r" | grep -qx "Result=start-limit-hit" || echo "$r" | grep -qx "limit=[1-9][0-9]*"; } ||
	bad="$bad; an agent exiting 1 at every start was not stopped at the start limit ($(echo "$r" | grep -e '^ActiveState' -e '^NRestarts' -e '^limit' | tr '\n' ' '))"
wait_for 30 sh -c "[ \"\$(xenstore-read $p/data/lab/done)\" = \"\$(xenstore-read $p/data/lab/seq)\" ]"
[ "$(gcmd "$G" "systemctl is-active $A")" = active ] || bad="$bad; the agent did not start again after the checks"
[ -z "$bad" ] || fail "${bad#; }"
pass
