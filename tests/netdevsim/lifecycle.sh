#!/bin/bash
# Deleting devices and unloading while their PHCs and netdevs are in use.
# timeout: 90
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ptp4l phc_ctl ip

check "modprobe netdevsim" modprobe netdevsim
check "device 1, shared clock 5" nsim_write $NSIM_BUS/new_device "1 0000:1f:02.0 5 2"
check "device 2, shared clock 5" nsim_write $NSIM_BUS/new_device "2 0000:1f:03.0 5 1"
check "device 3" nsim_write $NSIM_BUS/new_device "3 2 2"
idx=$(phc_index "$(nsim_pci_netdevs 0000:1f:03.0)")
read -r -a nd <<<"$(nsim_pci_netdevs 0000:1f:02.0 | xargs)"
exec {p}</dev/ptp$idx
check "del_device 1 while the shared PHC is open" nsim_write $NSIM_BUS/del_device 1
check "shared PHC still there for device 2" phc_ctl /dev/ptp$idx get
check "del_device 2 (last user) while the PHC is open" nsim_write $NSIM_BUS/del_device 2
check_fails "the PHC is gone" phc_ctl /dev/ptp$idx get
exec {p}<&-

read -r -a n3 <<<"$(nsim_netdevs 3 | xargs)"
q0=$(phc_index "${n3[0]}")
q1=$(phc_index "${n3[1]}")
ip link set "${n3[0]}" up
ptp4l -2 -H -i "${n3[0]}" -m >/tmp/lc-ptp4l.log 2>&1 &
pid=$!
for _ in $(seq 50); do
	grep -q "selected /dev/ptp$q0" /tmp/lc-ptp4l.log && break
	sleep 0.1
done
check_match "ptp4l runs on port 0 with its PHC" "selected /dev/ptp$q0 as PTP clock" "$(cat /tmp/lc-ptp4l.log)"
check "ptp4l holds /dev/ptp$q0 open" bash -c "ls -l /proc/$pid/fd | grep -q '/dev/ptp$q0\$'"
check "del_port 0 under ptp4l" nsim_write $NSIM_BUS/devices/netdevsim3/del_port 0
check "port 0's netdev gone" test ! -e "/sys/class/net/${n3[0]}"
check "port 0's PHC gone" test ! -e "/sys/class/ptp/ptp$q0"
for _ in $(seq 50); do
	grep -q FAULTY /tmp/lc-ptp4l.log && break
	sleep 0.1
done
check_match "ptp4l saw its port fail" 'FAULTY' "$(cat /tmp/lc-ptp4l.log)"
check "port 1's PHC still answers" phc_ctl /dev/ptp$q1 get
kill $pid 2>/dev/null
wait $pid 2>/dev/null
check "new_port 0 again" nsim_write $NSIM_BUS/devices/netdevsim3/new_port 0
read -r -a n3 <<<"$(nsim_netdevs 3 | xargs)"
exec {fd}</proc/self/ns/net
check "link ports 0 and 1 of device 3" nsim_write $NSIM_BUS/link_device \
	"$fd:$(cat /sys/class/net/${n3[0]}/ifindex) $fd:$(cat /sys/class/net/${n3[1]}/ifindex)"
exec {fd}<&-
ip link set "${n3[0]}" up
ip link set "${n3[1]}" up
check "unload with linked ports and open devices" modprobe -r netdevsim
check "all gone" test ! -e $NSIM_BUS
