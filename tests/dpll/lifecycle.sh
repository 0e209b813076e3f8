#!/bin/bash
# DPLL board lifecycle edges: a wpc=1 device of the bus form (no PCI
# function) has its board, with its serial as clock id and the sysfs
# lock_status on the netdevsim device; boards deleted while pin-sets,
# direction changes and reads hammer them from userspace: every request
# either completes or gets an error, nothing is left behind, clean log.
# timeout: 240
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
dpll_setup

one() { jq -c "if type == \"object\" and has(\"$1\") then .$1 else . end | if type == \"array\" then .[0] else . end"; }
ndev() { dpll -j device show module-name nsim_dpll | jq '.device | length'; }
npin() { dpll -j pin show module-name nsim_dpll | jq '.pin | length'; }

# --- the bus form: no PCI function, the board hangs off the netdevsim device
check "new_device 7 1 1 wpc=1 (bus form)" nsim_write $NSIM_BUS/new_device "7 1 1 wpc=1"
D7=$(printf '%u' 0x4e53494d00000007)
check_eq "its board: 2 DPLLs with clock id = the device's serial" 2 \
	"$(dpll -j device show clock-id "$D7" | jq '.device | length')"
check_eq "devlink's serial number encodes the same value" "4e-53-49-4d-00-00-00-07" \
	"$(devlink -j dev info netdevsim/netdevsim7 | jq -r '.info[]["serial_number"]')"
L=$NSIM_BUS/devices/netdevsim7/dpll/lock_status
check "sysfs dpll/lock_status on the netdevsim device" test -r "$L"
check_match "it reads a netdevsim-dkms status" '^(locked|holdover|freerun)$' "$(cat "$L")"
PPS=$(dpll device id-get module-name nsim_dpll clock-id "$D7" type pps)
st() { dpll -j device show id "$PPS" | one device | jq -r '.["lock-status"]'; }
check "force holdover" nsim_write "$L" holdover
check_eq "lock_status reads holdover" holdover "$(cat "$L")"
check_eq "the PPS DPLL reports holdover" holdover "$(st)"
check_fails "'locke' refused" nsim_write "$L" locke
check_fails "a lone newline refused" nsim_write "$L" $'\n'
check_fails "'holdover freerun' refused" nsim_write "$L" "holdover freerun"
check_eq "still holdover" holdover "$(cat "$L")"
check "force freerun" nsim_write "$L" freerun
check_eq "the PPS DPLL reports unlocked" unlocked "$(st)"
check "auto: back to the model" nsim_write "$L" auto
check_fails "wpc=2 refused" nsim_write $NSIM_BUS/new_device "8 1 1 wpc=2"
check_eq "no board for the refused device" 2 "$(ndev)"
check "del_device 7" nsim_write $NSIM_BUS/del_device 7
check_eq "its DPLLs are gone" 0 "$(ndev)"
check_eq "its pins are gone" 0 "$(npin)"
check "its lock_status is gone" test ! -e "$L"

# --- deletion under load: userspace loops set pins and read the board while
# the board goes; each request must end (success or an error), none hang.
ROUNDS=6
hammer() { # BOARD-ID FILE: pin-sets on its SMA1/SMA2 until they fail for good;
	# "ready" in FILE once it has the ids, the number of loops at the end
	local d=$1 f=$2 c sma1 sma2 pps eec i=0 fails=0
	c=$(printf '%u' "0x4e53494d0000000$d")
	sma1=$(dpll pin id-get module-name nsim_dpll clock-id "$c" board-label SMA1 2>&1) &&
		sma2=$(dpll pin id-get module-name nsim_dpll clock-id "$c" board-label SMA2 2>&1) &&
		pps=$(dpll device id-get module-name nsim_dpll clock-id "$c" type pps 2>&1) &&
		eec=$(dpll device id-get module-name nsim_dpll clock-id "$c" type eec 2>&1) ||
		{ echo "no ids: $sma1 $sma2 $pps $eec" >"$f"; return 1; }
	echo ready >"$f"
	while [ $fails -lt 3 ]; do
		i=$((i + 1))
		if dpll pin set id "$sma1" parent-device "$pps" prio $((i % 100)) 2>/dev/null &&
			dpll pin set id "$sma2" parent-device "$eec" state disconnected 2>/dev/null &&
			dpll pin set id "$sma2" parent-device "$eec" state selectable 2>/dev/null &&
			dpll pin set id "$sma1" direction output 2>/dev/null &&
			dpll pin set id "$sma1" direction input 2>/dev/null &&
			dpll -j device show id "$pps" >/dev/null 2>&1; then
			fails=0
		else
			fails=$((fails + 1))
		fi
	done
	echo "$i" >"$f"
}
errs=0 n_total=0
for ((r = 1; r <= ROUNDS; r++)); do
	nsim_write $NSIM_BUS/new_device "5 1 1 wpc=1" || { errs=$((errs + 1)); continue; }
	f=/tmp/hammer.$r
	: >"$f"
	hammer 5 "$f" &
	h=$!
	for ((i = 0; i < 600; i++)); do
		[ -s "$f" ] && break
		sleep 0.1
	done
	if [ "$(cat "$f")" != ready ]; then
		diag "round $r: the pin-set loop did not start: $(cat "$f")"
		errs=$((errs + 1))
	fi
	# a different moment each round, in the middle of its requests
	sleep "0.$((r * 15))"
	nsim_write $NSIM_BUS/del_device 5 || errs=$((errs + 1))
	# the loop ends once its requests fail: the pins are gone
	for ((i = 0; i < 600; i++)); do
		kill -0 $h 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $h 2>/dev/null; then
		kill $h
		errs=$((errs + 1))
		diag "round $r: the pin-set loop did not end 60 s after the deletion"
	fi
	wait $h 2>/dev/null
	n=$(cat "$f")
	case $n in
	'' | *[!0-9]*) diag "round $r: the loop ended with: $n"; errs=$((errs + 1)) ;;
	*) n_total=$((n_total + n)) ;;
	esac
done
diag "$ROUNDS rounds, $n_total request loops in all"
check_eq "every round: created, deleted under pin-sets, the loop ended" 0 "$errs"
check "the loops ran requests before the deletions" test "$n_total" -ge "$ROUNDS"
check_eq "no nsim_dpll DPLL left" 0 "$(ndev)"
check_eq "no nsim_dpll pin left" 0 "$(npin)"
check "a board can be made again with the same serial" nsim_write $NSIM_BUS/new_device "5 1 1 wpc=1"
check_eq "with its 2 DPLLs" 2 "$(ndev)"
check "del_device 5" nsim_write $NSIM_BUS/del_device 5
check "modprobe -r netdevsim nsim_dpll" modprobe -r netdevsim nsim_dpll
