#!/bin/bash
# The three modules load through module dependencies and unload cleanly.
# timeout: 60
. "$TESTLIB/tap.sh"

loaded() { [ -d "/sys/module/$1" ]; }

for m in nsim_ptp nsim_dpll netdevsim; do
	check "$m is installed for $KVER" modinfo -F filename "$m"
done
check_match "netdevsim depends on nsim_ptp and nsim_dpll" \
	'(nsim_ptp.*nsim_dpll|nsim_dpll.*nsim_ptp)' "$(modinfo -F depends netdevsim)"

check "modprobe netdevsim" modprobe netdevsim
for m in nsim_ptp nsim_dpll netdevsim; do
	check "$m loaded" loaded "$m"
done
check "/sys/bus/netdevsim/new_device exists" test -f /sys/bus/netdevsim/new_device
check "the netdevsim driver is on its bus" test -d /sys/bus/netdevsim/drivers/netdevsim
check_fails "nsim_ptp cannot be removed while in use" rmmod nsim_ptp
# kmod removes a module's direct dependencies only when unused at that moment,
# so name all three (nsim_dpll holds nsim_ptp).
check "modprobe -r netdevsim nsim_dpll nsim_ptp" modprobe -r netdevsim nsim_dpll nsim_ptp
for m in netdevsim nsim_dpll nsim_ptp; do
	check "$m unloaded" bash -c "! [ -d /sys/module/$m ]"
done

# Load and unload again, one by one, in dependency order.
check "modprobe nsim_ptp" modprobe nsim_ptp
check "modprobe nsim_dpll" modprobe nsim_dpll
check "modprobe netdevsim (again)" modprobe netdevsim
check "rmmod netdevsim nsim_dpll nsim_ptp" rmmod netdevsim nsim_dpll nsim_ptp
check "nothing of ours left" bash -c '! lsmod | grep -E "^(netdevsim|nsim_)"'
check "bus gone with the module" test ! -e /sys/bus/netdevsim
