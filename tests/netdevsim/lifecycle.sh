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
ip link set "${n3[0]}" up
ptp4l -2 -H -i "${n3[0]}" -m >/tmp/lc-ptp4l.log 2>&1 &
pid=$!
sleep 3
check "ptp4l runs on device 3" kill -0 $pid
check "del_port 0 under ptp4l" nsim_write $NSIM_BUS/devices/netdevsim3/del_port 0
sleep 1
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
