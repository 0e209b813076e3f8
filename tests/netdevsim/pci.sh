#!/bin/bash
# PCI-form devices: fake PCI functions, pci/ devlink handles, shared PHCs.
# timeout: 150
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd devlink ethtool jq lspci

P=/sys/bus/pci/devices
check "modprobe netdevsim" modprobe netdevsim
check "new_device '1 0000:1f:02.0 1 2 1 0'" nsim_write $NSIM_BUS/new_device "1 0000:1f:02.0 1 2 1 0"
check "devlink pci/0000:1f:02.0" devlink dev show pci/0000:1f:02.0
check_eq "PCI class: Ethernet controller" 0x020000 "$(cat $P/0000:1f:02.0/class)"
check_eq "PCI vendor" 0x1b36 "$(cat $P/0000:1f:02.0/vendor)"
check_eq "bound to the netdevsim PCI driver" netdevsim "$(basename "$(readlink $P/0000:1f:02.0/driver)")"
check_match "devlink dev info names the driver" 'driver netdevsim' "$(devlink dev info pci/0000:1f:02.0 | xargs)"
check_match "lspci shows an Ethernet controller" 'Ethernet controller' "$(lspci -s 1f:02.0)"
# lspci -vv reads the config space through sysfs, under the PCI core's raw
# lock: the debug kernel checks our lock nesting there.
dsn=$(lspci -vv -s 1f:02.0 | sed -n 's/.*Device Serial Number //p')
check_eq "lspci shows the DSN of 0000:1f:02.0" 4e-53-49-4d-00-00-1f-10 "$dsn"
check_eq "devlink serial is the same DSN" 4e-53-49-4d-00-00-1f-10 \
	"$(devlink -j dev info pci/0000:1f:02.0 | jq -r '.info[].serial_number')"
read -r -a nd <<<"$(nsim_pci_netdevs 0000:1f:02.0 | xargs)"
check_eq "two netdevs on the function" 2 "${#nd[@]}"
check_eq "ethtool -i bus-info" 0000:1f:02.0 "$(ethtool -i "${nd[0]}" | sed -n 's/^bus-info: //p')"
p0=$(phc_index "${nd[0]}")
p1=$(phc_index "${nd[1]}")
check_match "PHC index" '^[0-9]+$' "$p0"
check_eq "both ports share the PHC of clock 1" "$p0" "$p1"
check "second device with clock 1" nsim_write $NSIM_BUS/new_device "2 0000:1f:03.0 1"
check_eq "it shares the PHC" "$p0" "$(phc_index "$(nsim_pci_netdevs 0000:1f:03.0)")"
check "device with clock -1, two ports" nsim_write $NSIM_BUS/new_device "3 0000:1f:04.0 -1 2"
read -r -a nd3 <<<"$(nsim_pci_netdevs 0000:1f:04.0 | xargs)"
q0=$(phc_index "${nd3[0]}")
q1=$(phc_index "${nd3[1]}")
check "clock -1: a PHC per port" test "$q0" != "$q1" -a "$q0" != "$p0" -a "$q1" != "$p0"
check_fails "duplicate PCI address refused" nsim_write $NSIM_BUS/new_device "9 0000:1f:04.0"
check_fails "function 1 before function 0 refused" nsim_write $NSIM_BUS/new_device "4 0000:1f:05.1"
check "function 0" nsim_write $NSIM_BUS/new_device "4 0000:1f:05.0"
check "then function 1" nsim_write $NSIM_BUS/new_device "5 0000:1f:05.1"
check_fails "function 0 cannot go before function 1" nsim_write $NSIM_BUS/del_device 4
check "del function 1" nsim_write $NSIM_BUS/del_device 5
check "del function 0" nsim_write $NSIM_BUS/del_device 4
check "function gone from PCI" test ! -e $P/0000:1f:05.0
check "keyword form 'pci= clock='" nsim_write $NSIM_BUS/new_device "6 2 pci=0000:1f:06.0 clock=7 wpc=0"
check "devlink pci/0000:1f:06.0" devlink dev show pci/0000:1f:06.0
check_fails "unknown key refused" nsim_write $NSIM_BUS/new_device "7 1 foo=1"
check_fails "a real bus (0000:00) refused" nsim_write $NSIM_BUS/new_device "7 0000:00:1f.0"
check "other bus number" nsim_write $NSIM_BUS/new_device "8 0001:20:00.0"
check "devlink pci/0001:20:00.0" devlink dev show pci/0001:20:00.0

# Root buses made on demand go with their last function; a refused add
# leaves no bus, function, device or devlink instance.
pci_state() {
	echo /sys/class/pci_bus/*
	ls $P | xargs
	ls $NSIM_BUS/devices | xargs
	devlink dev | xargs
}
st=$(pci_state)
check "no root bus 0000:2b yet" test ! -e /sys/class/pci_bus/0000:2b
check_fails "function 1 first on a new bus refused" nsim_write $NSIM_BUS/new_device "12 0000:2b:00.1"
check_fails "a bus number in use (0000:00) refused" nsim_write $NSIM_BUS/new_device "12 0000:00:1e.0"
check_eq "the refused adds left nothing behind" "$st" "$(pci_state)"
check "new_device 12 0000:2b:00.0 (first on bus 2b)" nsim_write $NSIM_BUS/new_device "12 0000:2b:00.0"
check "root bus 0000:2b made for it" test -e /sys/class/pci_bus/0000:2b
check "new_device 13 0000:2b:01.0" nsim_write $NSIM_BUS/new_device "13 0000:2b:01.0"
check "del_device 12" nsim_write $NSIM_BUS/del_device 12
check "root bus 0000:2b stays for 13" test -e /sys/class/pci_bus/0000:2b
check "del_device 13" nsim_write $NSIM_BUS/del_device 13
check "root bus 0000:2b gone with its last function" test ! -e /sys/class/pci_bus/0000:2b
check_eq "bus, functions, devices, devlink as before" "$st" "$(pci_state)"

# The function removed under the driver: ports, netdevs, PHCs and devlink go
# with it (as with a real NIC), the device stays portless until del_device.
check "new_device 10 0000:1f:0a.0 -1 2" nsim_write $NSIM_BUS/new_device "10 0000:1f:0a.0 -1 2"
read -r -a n10 <<<"$(nsim_pci_netdevs 0000:1f:0a.0 | xargs)"
r10=$(phc_index "${n10[0]}")
check "echo 1 > .../0000:1f:0a.0/remove" nsim_write $P/0000:1f:0a.0/remove 1
check "PCI function gone" test ! -e $P/0000:1f:0a.0
check_fails "its devlink instance gone" devlink dev show pci/0000:1f:0a.0
check "its netdevs gone" test ! -e "/sys/class/net/${n10[0]}" -a ! -e "/sys/class/net/${n10[1]}"
check "its PHC gone" test ! -e "/dev/ptp$r10"
check_fails "new_port on it refused" nsim_write $NSIM_BUS/devices/netdevsim10/new_port 3
check "PCI rescan" nsim_write /sys/bus/pci/rescan 1
check "rescan does not bring it back" test ! -e $P/0000:1f:0a.0
check "del_device 10 after the removal" nsim_write $NSIM_BUS/del_device 10
check "its address is free again" nsim_write $NSIM_BUS/new_device "10 0000:1f:0a.0"
check "devlink pci/0000:1f:0a.0 again" devlink dev show pci/0000:1f:0a.0
check "no sysfs unbind for the PCI driver" test ! -e /sys/bus/pci/drivers/netdevsim/unbind
check "no sysfs unbind for the bus driver" test ! -e $NSIM_BUS/drivers/netdevsim/unbind

check "modprobe -r netdevsim with devices" modprobe -r netdevsim
check "functions gone" test ! -e $P/0000:1f:02.0 -a ! -e $P/0001:20:00.0
check_fails "pci_bus_nr=0 (in use) fails load" modprobe netdevsim pci_bus_nr=0
check_fails "pci_bus_nr=256 fails load" modprobe netdevsim pci_bus_nr=256
buses=$(echo /sys/class/pci_bus/*)
check "modprobe netdevsim (no PCI device yet)" modprobe netdevsim
check_eq "no root bus of ours before the first PCI-form device" "$buses" \
	"$(echo /sys/class/pci_bus/*)"
check "modprobe -r netdevsim" modprobe -r netdevsim
check "pci_bus_nr=0x30" modprobe netdevsim pci_bus_nr=48
check "root bus 0000:30" test -e /sys/class/pci_bus/0000:30
check "modprobe -r netdevsim" modprobe -r netdevsim
check "root bus gone" test ! -e /sys/class/pci_bus/0000:30
