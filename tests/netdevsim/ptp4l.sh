#!/bin/bash
# ptp4l with hardware timestamps syncs one port PHC to another over a link.
# timeout: 150
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ptp4l ethtool ip

D=/sys/kernel/debug
[ -d $D/netdevsim ] || mount -t debugfs none $D 2>/dev/null
check "modprobe netdevsim" modprobe netdevsim
check "device 11" nsim_write $NSIM_BUS/new_device "11 1"
check "device 12" nsim_write $NSIM_BUS/new_device "12 1"
m=$(nsim_netdevs 11)
s=$(nsim_netdevs 12)
pm=$(phc_index "$m")
ps=$(phc_index "$s")
check "master PHC +30 ppm" nsim_write $D/nsim_ptp/ptp$pm/freq_error_ppb 30000
check "slave PHC -20 ppm" nsim_write $D/nsim_ptp/ptp$ps/freq_error_ppb -20000
ip netns add ptpm
ip netns add ptps
ip link set "$m" netns ptpm
ip link set "$s" netns ptps
ip -n ptpm link set "$m" up
ip -n ptps link set "$s" up
exec {fm}</run/netns/ptpm {fs}</run/netns/ptps
check "link the ports" nsim_write $NSIM_BUS/link_device \
	"$fm:$(ip netns exec ptpm cat /sys/class/net/$m/ifindex) $fs:$(ip netns exec ptps cat /sys/class/net/$s/ifindex)"

cat >/tmp/ptp-m.cfg <<CFG
[global]
priority1 10
uds_address /run/ptp4l-m
logSyncInterval -3
logMinDelayReqInterval -3
summary_interval 1
CFG
cat >/tmp/ptp-s.cfg <<CFG
[global]
slaveOnly 1
uds_address /run/ptp4l-s
logSyncInterval -3
logMinDelayReqInterval -3
summary_interval 1
step_threshold 0.00001
first_step_threshold 0.00001
CFG

# run_pair SECONDS LOG: master and slave over L2 with hardware timestamps
run_pair() {
	ip netns exec ptpm ptp4l -2 -H -i "$m" -f /tmp/ptp-m.cfg -m >/tmp/ptp-m.log 2>&1 &
	local mp=$!
	ip netns exec ptps ptp4l -2 -H -i "$s" -f /tmp/ptp-s.cfg -m >"$2" 2>&1 &
	local sp=$!
	sleep "$1"
	kill $mp $sp
	wait $mp $sp 2>/dev/null
}

# summary LOG: rms/delay of the last three summaries
summary() {
	grep -E 'rms +-?[0-9]+ max' "$1" | tail -3 |
		awk '{for (i = 1; i <= NF; i++) { if ($i == "rms") r = $(i+1); if ($i == "delay") d = $(i+1) }
		      if (r < 0) r = -r; if (r > mr) mr = r; if (d > md) md = d; if (mn == "" || d < mn) mn = d}
		     END {print mr+0, mn+0, md+0}'
}

run_pair 30 /tmp/ptp-s.log
check "slave locked within 30 s" grep -q "UNCALIBRATED to SLAVE" /tmp/ptp-s.log
read -r rms dmin dmax <<<"$(summary /tmp/ptp-s.log)"
diag "no link delay: rms $rms ns, delay $dmin-$dmax ns"
diag "$(tail -4 /tmp/ptp-s.log)"
check "offset RMS <= 10 ns" test "$rms" -le 10 -a "$(grep -cE 'rms' /tmp/ptp-s.log)" -ge 3

for p in 11 12; do
	nsim_write $D/netdevsim/netdevsim$p/ports/0/link_delay_ns 5000
done
run_pair 30 /tmp/ptp-s2.log
read -r rms dmin dmax <<<"$(summary /tmp/ptp-s2.log)"
diag "link delay 5 us: rms $rms ns, delay $dmin-$dmax ns"
diag "$(tail -4 /tmp/ptp-s2.log)"
check "slave locked again" grep -q "UNCALIBRATED to SLAVE" /tmp/ptp-s2.log
check "path delay 5 us +/- 50 ns" test "$dmin" -ge 4950 -a "$dmax" -le 5050
check "offset RMS <= 10 ns with the delay" test "$rms" -le 10

exec {fm}<&- {fs}<&-
ip netns del ptpm
ip netns del ptps
check "del_device 11" nsim_write $NSIM_BUS/del_device 11
check "del_device 12" nsim_write $NSIM_BUS/del_device 12
check "modprobe -r netdevsim" modprobe -r netdevsim
