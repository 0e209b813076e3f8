#!/bin/bash
# Pins of a DPLL board as an E810-T has them, seen with the kernel's YNL and
# iproute2's dpll: SMA1/SMA2 switch between input and output, U.FL1 is a
# fixed output, U.FL2 a fixed input; a direction change is reported back and
# notified and takes the pin out of (or back into) selection; what the
# capabilities forbid gets the core's (or the board's) extack and changes
# nothing.
# timeout: 300
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
. "$(dirname "$0")/_ynl.sh"
dpll_setup
ynl_setup

A1=0000:1f:02.0 A2=0000:1f:03.0
MON=/tmp/dpll-pins-monitor.json
dmesg_lines=$(dmesg | wc -l)

check "new_device wpc=1 at $A1" nsim_write $NSIM_BUS/new_device "1 $A1 -1 1 1 1"
check "new_device wpc=1 at $A2" nsim_write $NSIM_BUS/new_device "2 $A2 -1 1 1 1"
B1=$DBG/netdevsim/netdevsim1/dpll
for f in acquire_ms holdover_acquire_ms; do
	nsim_write $B1/$f 500 || fail "write $f"
done
D1=$(pci_dsn $A1)
EEC=$(dpll device id-get module-name nsim_dpll clock-id "$D1" type eec)
PPS=$(dpll device id-get module-name nsim_dpll clock-id "$D1" type pps)
pin_id() { dpll pin id-get module-name nsim_dpll clock-id "$D1" board-label "$1"; }
GNSS=$(pin_id GNSS-1PPS) SMA1=$(pin_id SMA1) SMA2=$(pin_id SMA2)
UFL1=$(pin_id U.FL1) UFL2=$(pin_id U.FL2)
check_match "pin ids by id-get" '^[0-9]+( [0-9]+){4}$' "$GNSS $SMA1 $SMA2 $UFL1 $UFL2"

ypin() { y --do pin-get --json "{\"id\": $1}"; }
# ydir PIN: the pin's direction on the EEC and the PPS DPLL
ydir() { ypin "$1" | jq -r --argjson e "$EEC" --argjson p "$PPS" \
	'[.["parent-device"][] | select(.["parent-id"] == $e)][0].direction + " " +
	 [.["parent-device"][] | select(.["parent-id"] == $p)][0].direction'; }
ystate() { ypin "$1" | jq -r --argjson e "$EEC" --argjson p "$PPS" \
	'[.["parent-device"][] | select(.["parent-id"] == $e)][0].state + " " +
	 [.["parent-device"][] | select(.["parent-id"] == $p)][0].state'; }
caps() { ypin "$1" | jq -r '.capabilities | if type == "array" then . else [.] end | sort | join(",")'; }
one() { jq -c "if type == \"object\" and has(\"$1\") then .$1 else . end | if type == \"array\" then .[0] else . end"; }
ddir() { dpll -j pin show id "$1" | one pin | jq -r '[.["parent-device"][].direction] | join(" ")'; }

# Directions and capabilities, as ice's software SMA/U.FL pins.
check_eq "SMA1: direction, priority and state can change" \
	direction-can-change,priority-can-change,state-can-change "$(caps "$SMA1")"
check_eq "SMA2: direction, priority and state can change" \
	direction-can-change,priority-can-change,state-can-change "$(caps "$SMA2")"
check_eq "U.FL1 (fixed output): state can change" state-can-change "$(caps "$UFL1")"
check_eq "U.FL2 (fixed input): priority and state can change" \
	priority-can-change,state-can-change "$(caps "$UFL2")"
check_eq "SMA1, SMA2, U.FL2 inputs on both DPLLs" "input input|input input|input input" \
	"$(ydir "$SMA1")|$(ydir "$SMA2")|$(ydir "$UFL2")"
check_eq "U.FL1 an output on both DPLLs" "output output" "$(ydir "$UFL1")"
check_eq "dpll pin show: U.FL1 output" "output output" "$(ddir "$UFL1")"
check_eq "U.FL1 driven by the PPS DPLL: disconnected on the EEC, connected on PPS" \
	"disconnected connected" "$(ystate "$UFL1")"
check_match "debugfs: U.FL1 an output, never valid as input" '^pin U.FL1 valid 0 freq 1 dir output ' \
	"$(grep '^pin U.FL1 ' $B1/state)"

# Forbidden by the capabilities: the core's extack; by the board: its own.
snap() { y --dump pin-get | q | jq -c --arg c "$D1" \
	'[.[] | select(.["clock-id"] == $c) | del(.["parent-device"][]["phase-offset"]) |
	  .capabilities |= (if type == "array" then sort else . end)] | sort_by(.id)'; }
before=$(snap)
ynl_fails "direction of U.FL1 refused (fixed output)" 'direction changing is not allowed' \
	--do pin-set --json "{\"id\": $UFL1, \"parent-device\": {\"parent-id\": $EEC, \"direction\": \"input\"}}"
ynl_fails "direction of U.FL2 refused (fixed input)" 'direction changing is not allowed' \
	--do pin-set --json "{\"id\": $UFL2, \"parent-device\": {\"parent-id\": $PPS, \"direction\": \"output\"}}"
ynl_fails "prio of U.FL1 refused (an output: no priority-can-change)" 'prio changing is not allowed' \
	--do pin-set --json "{\"id\": $UFL1, \"parent-device\": {\"parent-id\": $EEC, \"prio\": 1}}"
ynl_fails "U.FL1 selectable refused (an output is never selectable)" 'never selectable' \
	--do pin-set --json "{\"id\": $UFL1, \"parent-device\": {\"parent-id\": $EEC, \"state\": \"selectable\"}}"
err=$(dpll pin set id "$UFL2" parent-device "$EEC" direction output 2>&1)
check_match "dpll: the same extack for U.FL2's direction" 'direction changing is not allowed' "$err"
check_eq "nothing changed" "$before" "$(snap)"

# SMA1 fed by a cable from board 2's PEROUT (1 Hz), first in priority:
# both DPLLs select it.
p1=$(phc_of "$(first_netdev $A1)") p2=$(phc_of "$(first_netdev $A2)")
S2=/sys/class/ptp/ptp$p2
check "cable ptp$p2 SMA2 -> ptp$p1 SMA1" \
	nsim_write $DBG/nsim_ptp/connect "ptp$p2 SMA2 ptp$p1 SMA1 100"
check "board 2: SMA2 = PEROUT 0 at 1 Hz" \
	bash -c "printf '2 0' >$S2/pins/SMA2 && printf '0 0 0 1 0' >$S2/period"
for d in "$EEC" "$PPS"; do
	check "SMA1 prio 0 on DPLL $d" dpll pin set id "$SMA1" parent-device "$d" prio 0
	check "GNSS-1PPS prio 5 on DPLL $d" dpll pin set id "$GNSS" parent-device "$d" prio 5
done
wait_ref() { # DPLL-NAME PIN: poll the board's selected input
	local i
	for ((i = 0; i < 150; i++)); do
		awk -v d="$1" '$1 == "dpll" && $2 == d { print $6 }' $B1/state |
			grep -qx "$2" && return 0
		sleep 0.2
	done
	cat $B1/state
	return 1
}
check "EEC selects SMA1" wait_ref eec SMA1
check "PPS selects SMA1" wait_ref pps SMA1
check_eq "SMA1 connected on both" "connected connected" "$(ystate "$SMA1")"

# Direction output, under ynl --subscribe monitor: reported back, notified,
# and the DPLLs fall back to GNSS-1PPS; an output is never a selected input.
ynl_monitor_start $MON $((60 * ${NSIM_TMO:-1})) >/tmp/ynl-pins-mon.txt 2>&1 ||
	fail "ynl --subscribe monitor" "no subscription" "$(cat /tmp/ynl-pins-mon.txt)"
check "pin-set SMA1 direction output (on the EEC: one direction for both)" \
	y --do pin-set --json "{\"id\": $SMA1, \"parent-device\": {\"parent-id\": $EEC, \"direction\": \"output\"}}"
check_eq "SMA1 an output on both DPLLs" "output output" "$(ydir "$SMA1")"
check_eq "dpll pin show agrees" "output output" "$(ddir "$SMA1")"
check "EEC falls back to GNSS-1PPS" wait_ref eec GNSS-1PPS
check "PPS falls back to GNSS-1PPS" wait_ref pps GNSS-1PPS
check_eq "SMA1 as output: driven by the PPS DPLL" "disconnected connected" "$(ystate "$SMA1")"
check_match "debugfs: SMA1 an output, not valid as input though cabled" \
	'^pin SMA1 valid 0 freq 1 dir output ' "$(grep '^pin SMA1 ' $B1/state)"
ynl_fails "prio of SMA1 as output refused by the board" 'an output has no priority' \
	--do pin-set --json "{\"id\": $SMA1, \"parent-device\": {\"parent-id\": $EEC, \"prio\": 3}}"
check "SMA1 output connected to the EEC instead" \
	dpll pin set id "$SMA1" parent-device "$EEC" state connected
check_eq "SMA1 driven by the EEC now, not by the PPS DPLL" "connected disconnected" "$(ystate "$SMA1")"
check "SMA1 output disconnected (off)" dpll pin set id "$SMA1" parent-device "$EEC" state disconnected
check_eq "SMA1 driven by neither" "disconnected disconnected" "$(ystate "$SMA1")"
check "pin-set SMA1 direction input again" \
	y --do pin-set --json "{\"id\": $SMA1, \"parent-device\": {\"parent-id\": $PPS, \"direction\": \"input\"}}"
check "EEC selects SMA1 again" wait_ref eec SMA1
check "PPS selects SMA1 again" wait_ref pps SMA1
sleep 1
ynl_monitor_stop || fail "ynl monitor ended early" "$(cat $MON)"
ntf=$(ynl_ntf $MON | jq -c --argjson s "$SMA1" \
	'select(.name == "pin-change-ntf" and .msg.id == $s) | [.msg["parent-device"][].direction] | join(" ")' |
	tr -d '"' | uniq | paste -sd '|')
diag "SMA1 directions in its pin-change-ntf: $ntf"
check_match "monitor: SMA1's direction change to output notified" 'output output' "$ntf"
check_match "monitor: and back to input" 'output output.*input input' "$ntf"

check "del_device 1 and 2" bash -c "printf 1 >$NSIM_BUS/del_device && printf 2 >$NSIM_BUS/del_device"
check "modprobe -r netdevsim nsim_dpll" modprobe -r netdevsim nsim_dpll
check_eq "no warning, bug or leak in dmesg" "" \
	"$(dmesg | tail -n +"$((dmesg_lines + 1))" | grep -E 'WARNING|BUG|leak|Oops|refcount' || true)"
done_testing
