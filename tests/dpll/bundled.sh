#!/bin/bash
# The "dpll" generic netlink family: on kernels without a DPLL core (5.10,
# 6.1) nsim_dpll's bundled one exists only while the module is loaded and
# refuses bad input like the kernel's; on kernels with one, nsim_dpll
# registers none and the kernel's stays.
# timeout: 180
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
grep -q ' /sys/kernel/debug debugfs ' /proc/mounts ||
	mount -t debugfs none /sys/kernel/debug
require_cmd dpll jq lspci setpci unshare
modprobe -r netdevsim nsim_dpll 2>/dev/null
A1=0000:1f:02.0
MON=/tmp/dpll-bundled-monitor.txt

if kernel_dpll_core; then
	check "the kernel's dpll family before nsim_dpll loads" dpll_family
	check "modprobe nsim_dpll" modprobe nsim_dpll
	check_eq "nsim_dpll has no netlink code of its own (no bundled core built)" "" \
		"$(grep -w 'nsim_dpll_nl_register' /proc/kallsyms)"
	check "the kernel's family with nsim_dpll loaded" dpll_family
	check "modprobe -r nsim_dpll" modprobe -r nsim_dpll
	check "the kernel's family after rmmod" dpll_family
	exit 0
fi

check_fails "no dpll family before nsim_dpll loads" dpll_family
check "modprobe nsim_dpll" modprobe nsim_dpll
check "the dpll family after modprobe" dpll_family
check_eq "no DPLLs yet" 0 "$(dpll -j device show | jq '.device | length')"
check "modprobe -r nsim_dpll" modprobe -r nsim_dpll
check_fails "no dpll family after rmmod" dpll_family

# A board on the bundled core; ids as the kernel allocates them (from 0).
check "modprobe netdevsim" modprobe netdevsim
check "new_device wpc=1 at $A1" nsim_write $NSIM_BUS/new_device "1 $A1 -1 1 1 1"
D1=$(pci_dsn $A1)
ids=$(dpll -j device show | jq -r '.device[].id' | sort -n | xargs)
check_eq "DPLL ids 0 and 1" "0 1" "$ids"
check_eq "pin ids 0-4" "0 1 2 3 4" "$(dpll -j pin show | jq -r '.pin[].id' | sort -n | xargs)"
EEC=$(dpll device id-get module-name nsim_dpll clock-id "$D1" type eec)
SMA1=$(dpll pin id-get module-name nsim_dpll clock-id "$D1" board-label SMA1)
UFL2=$(dpll pin id-get module-name nsim_dpll clock-id "$D1" board-label U.FL2)
check_match "EEC id by id-get" '^[01]$' "$EEC"
j=$(dpll -j device show id "$EEC")
diag "device: $j"
check_match "device: temperature, mode-supported, clock-id" '"temp".*' "$j"
check_fails "id-get matching both DPLLs (multiple matches)" \
	dpll device id-get module-name nsim_dpll clock-id "$D1"
check_fails "id-get of an unknown clock id" \
	dpll device id-get module-name nsim_dpll clock-id 12345
check_fails "device show of an unknown id" dpll device show id 99999
check_fails "pin show of an unknown id" dpll pin show id 99999
err=$(dpll pin set id "$SMA1" parent-device 99999 prio 3 2>&1)
check_match "pin-set with an unknown parent device: extack" 'parent device not found' "$err"
err=$(dpll pin set id "$UFL2" parent-device "$EEC" direction output 2>&1)
check_match "pin-set the capabilities forbid: extack" 'direction changing is not allowed' "$err"
err=$(dpll pin set id "$SMA1" frequency 5000000 2>&1)
check_match "unsupported frequency: extack" 'frequency is not supported' "$err"
check_eq "SMA1 unchanged" 1 "$(dpll -j pin show id "$SMA1" | jq -r '.. | objects | select(has("frequency")) | .frequency' | head -n 1)"

# Requests without CAP_NET_ADMIN in the initial user namespace: refused,
# as every command of the kernel's family (GENL_ADMIN_PERM).  busybox has
# no setpriv --reuid; a user namespace drops the capability just as well.
err=$(unshare -U dpll -j device show 2>&1)
check "device dump without CAP_NET_ADMIN fails" test $? -ne 0
check_match "... with EPERM" '[Oo]peration not permitted|EPERM' "$err"
check_fails "pin-set without CAP_NET_ADMIN" \
	unshare -U dpll pin set id "$SMA1" parent-device "$EEC" prio 9
check_eq "prio unchanged" 1 "$(dpll -j pin show id "$SMA1" | jq -r --argjson d "$EEC" \
	'.. | objects | select(has("parent-id")) | select(.["parent-id"] == $d) | .prio' | head -n 1)"

# Unloading under a subscribed dpll monitor: deletion notifications, the
# family goes, the kernel stays well; a new load serves requests again.
: >$MON
dpll monitor >$MON 2>&1 &
mon=$!
sleep 1
check "del_device 1 under dpll monitor" nsim_write $NSIM_BUS/del_device 1
check "modprobe -r netdevsim nsim_dpll under dpll monitor" modprobe -r netdevsim nsim_dpll
check_fails "no dpll family after rmmod" dpll_family
sleep 1
kill $mon 2>/dev/null
wait $mon 2>/dev/null
check_eq "dpll monitor saw 2 DEVICE_DELETE" 2 "$(grep -c 'DEVICE_DELETE' $MON)"
check_eq "dpll monitor saw 10 PIN_DELETE (5 pins on 2 DPLLs)" 10 "$(grep -c 'PIN_DELETE' $MON)"
check "modprobe nsim_dpll again" modprobe nsim_dpll
check_eq "the new family answers" 0 "$(dpll -j device show | jq '.device | length')"
check "modprobe -r nsim_dpll" modprobe -r nsim_dpll
