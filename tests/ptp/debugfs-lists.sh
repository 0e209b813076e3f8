#!/bin/bash
# debugfs lists longer than a page (m2 of the review): 200 standalone clocks
# are all listed by "clocks", read whole or in small pieces; every clock has
# nsim_ptp's own parent device.
# timeout: 180
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
ptp_setup

N=200
made=0
for ((i = 0; i < N; i++)); do
	echo "list-$i" >"$D/new_clock" 2>/dev/null && made=$((made + 1))
done
check_eq "$N clocks created" $N $made
size=$(wc -c <"$D/clocks")
diag "clocks: $size bytes"
check "the list is longer than a page" test "$size" -gt 4096
check_eq "all $N listed" $N "$(grep -c ' list-[0-9]* standalone$' "$D/clocks")"
check_eq "read 7 bytes at a time, the same" "$(cat "$D/clocks")" \
	"$(dd if="$D/clocks" bs=7 2>/dev/null)"
idx=$(awk '$2 == "list-0" { print $1 }' "$D/clocks")
parent=$(cd "/sys/class/ptp/$idx/device" && pwd -P)
check_eq "a standalone clock's parent is /sys/devices/nsim_ptp" /sys/devices/nsim_ptp "$parent"
for ((i = 0; i < N; i++)); do echo "list-$i" >"$D/del_clock"; done
check_eq "all deleted" 0 "$(grep -c ' list-' "$D/clocks")"
