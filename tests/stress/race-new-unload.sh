#!/bin/bash
# B3: new_device racing module unload must not create a device that outlives
# the module (its netdevs, devlink, PHCs and sysfs device left behind).
# timeout: 300
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ip
stress_setup

CYCLES=${STRESS_CYCLES:-10}

# new_device with fresh IDs, N writes (stops early once $ST/stop exists)
creator() { # NAME BASE N
	local i
	for ((i = 0; i < $3; i++)); do
		[ -e "$ST/stop" ] && break
		cw new_device $NSIM_BUS/new_device "$(($2 + i)) 1"
	done
	count_flush "$1"
}

left=
for ((c = 1; c <= CYCLES; c++)); do
	modprobe netdevsim || { fail "modprobe netdevsim (cycle $c)"; break; }
	# devices to tear down, so that unload holds the bus for a while
	for id in 1 2 3; do
		w $NSIM_BUS/new_device "$id 2"
	done
	rm -f "$ST/stop"
	creator "c$c-a" $((c * 1000)) 400 &
	creator "c$c-b" $((c * 1000 + 500)) 400 &
	# once a creator got through, unload under it
	for ((i = 0; i < 2000; i++)); do
		[ -e $NSIM_BUS/devices/netdevsim$((c * 1000)) ] && break
	done
	tries=$(rmmod_retry netdevsim 100)
	: >"$ST/stop"
	wait
	[ -d /sys/module/netdevsim ] && { fail "rmmod netdevsim (cycle $c, $tries attempts)"; break; }
	left=$(leftovers_netdevsim)
	if [ -n "$left" ]; then
		diag "cycle $c: left behind after rmmod:" "$left"
		break
	fi
done
diag "cycles $((c > CYCLES ? CYCLES : c)):" "$(stress_counts)"
check "new_device writes accepted while unloading ($(ops_total new_device OK) of $(ops_total new_device))" \
	test "$(ops_total new_device OK)" -gt 0
check_eq "no device, netdev or PHC outlived netdevsim" "" "$left"
if [ -z "$left" ]; then
	check "rmmod nsim_dpll nsim_ptp" rmmod nsim_dpll nsim_ptp
	check_eq "nsim_ptp left nothing behind" "" "$(leftovers_ptp)"
fi
