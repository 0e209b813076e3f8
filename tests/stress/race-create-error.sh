#!/bin/bash
# The create error path racing new_port: a PCI-form new_device on a real PCI
# bus of the guest fails after its sysfs device (and so new_port) is
# published; a new_port written meanwhile must neither act on the half-made
# device nor leave a port, netdev, PHC or debugfs entry behind.
# timeout: 240
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ip
stress_setup

ITER=${STRESS_ITER:-30}

check "modprobe netdevsim" modprobe netdevsim
# a real PCI bus of the guest: a PCI-form device there fails after its
# sysfs device is published (the fake PCI refuses a bus that exists)
realbus=$(ls /sys/bus/pci/devices | head -1)
realbus=${realbus%:*}
check_match "the guest has a real PCI bus" '^[0-9a-f]{4}:[0-9a-f]{2}$' "$realbus"

declare -A res
# the create error path: new_device fails after publishing the device
reached=0
for ((it = 1; it <= ITER; it++)); do
	id=$((200 + it))
	spin_create "$NSIM_BUS/devices/netdevsim$id/new_port" 0 "$id $realbus:1f.0 -1 1"
	created=$CREATED r=$SPIN_R o=$SPIN_OPEN
	res["new_port $r"]=$((${res["new_port $r"]:-0} + 1))
	[ "${o:-0}" -gt 0 ] && reached=$((reached + 1))
	if [ "$created" = OK ]; then
		fail "new_device on the guest's real PCI bus $realbus was accepted"
		w $NSIM_BUS/del_device "$id"
		break
	fi
	if [ -e "$NSIM_BUS/devices/netdevsim$id" ] || [ -e "/sys/devices/netdevsim$id" ]; then
		fail "failed device $id still there"
		break
	fi
done
diag "new_port racing a failing new_device ($created):" "$(for k in "${!res[@]}"; do echo "$k ${res[$k]}"; done | sort)"
check "new_port reached the failing device's files in some rounds ($reached of $ITER)" test "$reached" -gt 0
ents=$(ls -d /sys/kernel/debug/[0-9]* 2>/dev/null | xargs)
check_eq "no port directory at the debugfs root" "" "$ents"
check_eq "no netdev left by the failed creations" "" "$(ls /sys/class/net | grep -v '^lo$' | xargs)"
check_eq "no PHC left by the failed creations" "" "$(our_phcs)"
check "rmmod netdevsim" rmmod netdevsim
check_eq "nothing left behind" "" "$(leftovers_netdevsim)"
