#!/bin/bash
# B4: new_port and sriov_numvfs written the moment the device's sysfs files
# appear, before new_device has finished creating it (as a udev rule would).
# timeout: 180
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ip devlink
stress_setup

ITER=${STRESS_ITER:-30}

check "modprobe netdevsim" modprobe netdevsim
declare -A res
bad=0 early=0
for ((it = 1; it <= ITER; it++)); do
	id=$((100 + it))
	dev=$NSIM_BUS/devices/netdevsim$id
	case $((it % 2)) in
	0) what=new_port v=3 ;;
	1) what=sriov_numvfs v=1 ;;
	esac
	# the creator niced, so the timer tick hands the CPU to the spinner
	# in the middle of the creation
	spin_create "$dev/$what" "$v" "$id 1"
	created=$CREATED r=$SPIN_R o=$SPIN_OPEN
	res["$what $r"]=$((${res["$what $r"]:-0} + 1))
	[ "${o:-0}" -gt 0 ] && [ "$r" != OK ] && early=$((early + 1))
	if [ "$created" != OK ]; then
		fail "new_device $id: $created"
		break
	fi
	# an accepted early write must have made a complete port
	n=$(ls "$dev/net" 2>/dev/null | wc -l)
	want=1
	[ "$r" = OK ] && want=2
	if [ "$n" != "$want" ]; then
		bad=$((bad + 1))
		diag "round $it: $what answered $r, device $id has $n netdevs (want $want)"
	fi
	if [ "$r" = OK ] && [ "$what" = new_port ] &&
		! devlink port show netdevsim/netdevsim$id/3 >/dev/null 2>&1; then
		bad=$((bad + 1))
		diag "round $it: port 3 accepted but has no devlink port"
	fi
	w $NSIM_BUS/del_device "$id" || { fail "del_device $id: $W_ERR"; break; }
done
diag "writes racing a successful new_device:" "$(for k in "${!res[@]}"; do echo "$k ${res[$k]}"; done | sort)"
check_eq "every accepted early write made a complete port" 0 "$bad"
# a write refused while the file existed came before creation was complete
# (an implementation that waits instead would answer OK: then this says 0)
diag "writes refused on a published, not yet complete device: $early of $ITER"

ents=$(ls -d /sys/kernel/debug/[0-9]* 2>/dev/null | xargs)
check_eq "no port directory at the debugfs root" "" "$ents"
check_eq "no netdev left after the rounds" "" "$(ls /sys/class/net | grep -v '^lo$' | xargs)"
check "rmmod netdevsim" rmmod netdevsim
check_eq "nothing left behind" "" "$(leftovers_netdevsim)"
