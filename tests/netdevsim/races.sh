#!/bin/bash
# Targeted races of the bus and device files: link_device against del_device
# of its peer (B2), new_device against unload (B3), the device files against
# a device being created (B4).  Races need a second CPU to show reliably
# (NSIM_VM_SMP=2); the checks hold on one CPU too.
# timeout: 240
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ip

ROUNDS=${NSIM_RACE_ROUNDS:-40}
RACES=${NSIM_RACES:-B2 B4 DEL B3}	# a subset, e.g. to try one on an old build
want() { [[ " $RACES " == *" $1 "* ]]; }
diag "$(nproc) CPU(s), $ROUNDS rounds each"

# ifindex of the only netdev of upstream-form device ID
ifx() { cat "/sys/class/net/$(nsim_netdevs "$1")/ifindex"; }

check "modprobe netdevsim" modprobe netdevsim
exec {ns}</proc/self/ns/net

# B2: a linker that holds A and B's indexes keeps linking while device 10
# (A) is deleted.  Afterwards B must not be linked: A is gone, and a link
# made while A was being unregistered would leave B pointing at freed memory.
stale=0
want B2 || ROUNDS_B2=0
for ((r = 0; r < ${ROUNDS_B2:-ROUNDS}; r++)); do
	nsim_write $NSIM_BUS/new_device "10 1" && nsim_write $NSIM_BUS/new_device "11 1" || break
	a=$(ifx 10)
	b=$(ifx 11)
	(
		while [ -e $NSIM_BUS/devices/netdevsim10 ]; do
			printf '%s' "$ns:$a $ns:$b" 2>/dev/null >$NSIM_BUS/link_device
			printf '%s' "$ns:$b" 2>/dev/null >$NSIM_BUS/unlink_device
		done
		for i in 1 2 3 4 5 6 7 8; do
			printf '%s' "$ns:$a $ns:$b" 2>/dev/null >$NSIM_BUS/link_device
		done
	) &
	pid=$!
	sleep 0.0$((r % 5))
	nsim_write $NSIM_BUS/del_device 10
	wait $pid
	nsim_write $NSIM_BUS/unlink_device "$ns:$b" && stale=$((stale + 1))
	nsim_write $NSIM_BUS/del_device 11
done
if want B2; then
	check_eq "B2: $r rounds done" "$ROUNDS" "$r"
	check_eq "B2: the survivor is never linked to the deleted netdev" 0 "$stale"
fi
exec {ns}<&-

# B4: writers on new_port, sriov_numvfs and del_port of device 20 while it is
# created and deleted: before creation completes they are refused, after it
# they act; the device always ends up with what they did and nothing broken.
if want B4; then
bad=0
(
	d=$NSIM_BUS/devices/netdevsim20
	while [ ! -e /tmp/races.stop ]; do
		printf 3 2>/dev/null >$d/new_port
		printf 2 2>/dev/null >$d/sriov_numvfs
		cat $d/sriov_numvfs >/dev/null 2>&1
		printf 0 2>/dev/null >$d/sriov_numvfs
		printf 3 2>/dev/null >$d/del_port
	done
) &
wpid=$!
for ((r = 0; r < ROUNDS; r++)); do
	nsim_write $NSIM_BUS/new_device "20 1" || { bad=$((bad + 1)); continue; }
	# port 0 is always there; ports of the writer come and go
	[ -e $NSIM_BUS/devices/netdevsim20/net ] || bad=$((bad + 1))
	nsim_write $NSIM_BUS/del_device 20 || bad=$((bad + 1))
done
touch /tmp/races.stop
wait $wpid
rm -f /tmp/races.stop
check_eq "B4: $ROUNDS creations and deletions under device-file writers" 0 "$bad"
check "B4: the bus still works" nsim_write $NSIM_BUS/new_device "21 2"
check_eq "B4: and its device has its two ports" 2 "$(nsim_netdevs 21 | wc -l)"
fi

# del_device tears down without the bus lock: deletions in parallel with
# each other and with creations; an ID is taken until its device is gone.
if want DEL; then
	for i in $(seq 40 47); do nsim_write $NSIM_BUS/new_device "$i 2"; done
	for i in $(seq 40 47); do nsim_write $NSIM_BUS/del_device "$i" & done
	for i in $(seq 50 57); do nsim_write $NSIM_BUS/new_device "$i 1" & done
	wait
	check_eq "DEL: 8 deleted in parallel, 8 created meanwhile" \
		"21 50 51 52 53 54 55 56 57" \
		"$(ls $NSIM_BUS/devices | sed 's/^netdevsim//' | sort -n | xargs)"
	check "DEL: a deleted ID is free again" nsim_write $NSIM_BUS/new_device "40 1"
	for i in 40 $(seq 50 57); do nsim_write $NSIM_BUS/del_device "$i"; done
fi
want B3 || exit 0

# B3: unload while new_device writers run: unload takes down what exists
# and no device is created after it (none may outlive the module).
nets_before=$(ls /sys/class/net | wc -l)
for i in 1 2 3 4 5 6; do
	nsim_write $NSIM_BUS/new_device "$((30 + i)) 2"
done
for w in 1 2; do
	(
		i=$((1000 * w))
		while [ -e $NSIM_BUS/new_device ]; do
			printf '%s' "$i 1" 2>/dev/null >$NSIM_BUS/new_device
			i=$((i + 1))
		done
	) &
	wpids[$w]=$!
done
sleep 0.5
check "B3: modprobe -r netdevsim with new_device writers" modprobe -r netdevsim
wait "${wpids[@]}"
check "B3: module gone" test ! -e /sys/module/netdevsim
check "B3: bus gone" test ! -e $NSIM_BUS
left=$(for n in /sys/class/net/*; do
	[ "$(basename "$(readlink -f "$n/device/driver" 2>/dev/null)")" = netdevsim ] && basename "$n"
done)
check_eq "B3: no netdevsim netdev left after unload" "" "$left"
check_eq "B3: as many netdevs as before the devices" \
	"$((nets_before - $(want B4 && echo 2 || echo 0)))" "$(ls /sys/class/net | wc -l)"
