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
	'[.[] | select(.["clock-id"] == $c) | del(.["parent-device"][]?["phase-offset"]) |
	  .capabilities |= (if type == "array" then sort else . end)] | sort_by(.id)'; }
before=$(snap)
# (through the cli itself: its error output; the others through the server)
YNL_FAILS_CLI=1 ynl_fails "direction of U.FL1 refused (fixed output)" 'direction changing is not allowed' \
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
check "the monitor printed everything sent so far (a last pin-change-ntf seen)" \
	ynl_monitor_sync "$UFL2" "$PPS" 200
ynl_monitor_stop || fail "ynl monitor ended early" "$(cat $MON)"
ntf=$(ynl_ntf $MON | jq -c --argjson s "$SMA1" \
	'select(.name == "pin-change-ntf" and .msg.id == $s) | [.msg["parent-device"][].direction] | join(" ")' |
	tr -d '"' | uniq | paste -sd '|')
diag "SMA1 directions in its pin-change-ntf: $ntf"
check_match "monitor: SMA1's direction change to output notified" 'output output' "$ntf"
check_match "monitor: and back to input" 'output output.*input input' "$ntf"

# SyncE: per port a recovered-clock pin under the RCLK mux of the EEC (as
# ice), its netdev pointing at it; valid while the port has carrier (a
# linked peer, both up).  Only on a kernel DPLL core with pin-on-pin.
callbacks=$(sed -n 's/^callbacks//p' $B1/state)
diag "optional DPLL callbacks of this build:$callbacks"
if [[ " $callbacks " != *" synce "* ]]; then
	check_match "debugfs says why there are no SyncE pins" '^synce none' "$(grep '^synce ' $B1/state)"
	check_eq "no mux or SyncE pin" "" \
		"$(dpll -j pin show clock-id "$D1" | jq -r '.pin[] | select(.type == "mux" or .type == "synce-eth-port") | .id')"
	skip "SyncE pins" "this DPLL core has no pins on pins (bundled core)"
else
	N1=$(first_netdev $A1) N2=$(first_netdev $A2)
	RCLK=$(pin_id RCLK) SY0=$(pin_id SyncE-0)
	check_match "RCLK and SyncE-0 by id-get" '^[0-9]+ [0-9]+$' "$RCLK $SY0"
	r=$(ypin "$RCLK")
	check_eq "RCLK: a mux, input of the EEC only" "mux $EEC:input" \
		"$(jq -r '"\(.type) \([.["parent-device"][] | "\(.["parent-id"]):\(.direction)"] | join(" "))"' <<<"$r")"
	sy=$(ypin "$SY0")
	diag "pin-get SyncE-0: $sy"
	check_eq "SyncE-0: synce-eth-port, state can change" "synce-eth-port state-can-change" \
		"$(jq -r '"\(.type) \(.capabilities | if type == "array" then join(",") else . end)"' <<<"$sy")"
	check_eq "SyncE-0: under RCLK, disconnected (as ice: nothing recovered yet)" "$RCLK:disconnected" \
		"$(jq -r '[.["parent-pin"][] | "\(.["parent-id"]):\(.state)"] | join(" ")' <<<"$sy")"
	# (the core lists a pin on a pin with its parent pin only)
	check_eq "SyncE-0: no parent device of its own (the EEC through RCLK)" "" \
		"$(jq -r '[.["parent-device"][]?] | length | select(. > 0)' <<<"$sy")"
	check_eq "dpll pin show: the same parent pin" "$RCLK" \
		"$(dpll -j pin show id "$SY0" | one pin | jq -r '.["parent-pin"][]["parent-id"]')"
	if [[ " $callbacks " == *" netdev-pin "* ]]; then
		RT=$YNL_SPECS/rt-link.yaml
		[ -f "$RT" ] || RT=$YNL_SPECS/rt_link.yaml
		l=$(ynl --spec "$RT" --no-schema --output-json --do getlink --json "{\"ifname\": \"$N1\"}" 2>&1)
		check_eq "rtnetlink getlink $N1 (YNL rt-link): IFLA_DPLL_PIN is SyncE-0" "$SY0" \
			"$(jq -r '.["dpll-pin"].id' <<<"$l" 2>/dev/null)"
		if [ "${NSIM_USERSPACE:-host}" = sid ]; then
			check_match "ip -d link show $N1 (iproute2 $(ip -V | sed -n 's/.*iproute2-\([^ ,]*\).*/\1/p')): dpll-pin $SY0" \
				" dpll-pin $SY0( |\$)" "$(ip -d link show dev "$N1" | tr '\n' ' ')"
			check_eq "ip -d -j link show $N1: dpll_pin $SY0" "$SY0" \
				"$(ip -d -j link show dev "$N1" | jq -r '.[0].dpll_pin | if type == "object" then .id else . end')"
		else
			skip "ip -d link show: the port's DPLL pin" \
				"iproute2 $(ip -V | sed -n 's/.*iproute2-\([^ ,]*\).*/\1/p') does not print IFLA_DPLL_PIN (the sid leg's 7.3 does; YNL's getlink above checks the attribute)"
		fi
	else
		skip "ip -d link show: the port's DPLL pin" "the kernel has no netdev DPLL pin (IFLA_DPLL_PIN)"
	fi

	check "SMA1 prio 9 on the EEC (out of the way)" dpll pin set id "$SMA1" parent-device "$EEC" prio 9
	check "RCLK prio 1 on the EEC, above GNSS-1PPS (5)" dpll pin set id "$RCLK" parent-device "$EEC" prio 1
	check "EEC follows GNSS-1PPS" wait_ref eec GNSS-1PPS
	check "SyncE-0 connected on RCLK (ynl pin-set parent-pin)" \
		y --do pin-set --json "{\"id\": $SY0, \"parent-pin\": {\"parent-id\": $RCLK, \"state\": \"connected\"}}"
	check_eq "SyncE-0 connected on RCLK, reported back" "$RCLK:connected" \
		"$(ypin "$SY0" | jq -r '[.["parent-pin"][] | "\(.["parent-id"]):\(.state)"] | join(" ")')"
	ynl_fails "SyncE-0 selectable on RCLK refused" 'connected to the mux or disconnected' \
		--do pin-set --json "{\"id\": $SY0, \"parent-pin\": {\"parent-id\": $RCLK, \"state\": \"selectable\"}}"
	ynl_fails "prio on SyncE-0 refused (no priority-can-change)" 'prio changing is not allowed' \
		--do pin-set --json "{\"id\": $SY0, \"parent-device\": {\"parent-id\": $EEC, \"prio\": 0}}"
	check_match "no carrier (no peer): SyncE-0 not valid" "^synce SyncE-0 port 0 netdev $N1 carrier 0 mux connected " \
		"$(grep '^synce SyncE-0 ' $B1/state)"
	check_eq "EEC still on GNSS-1PPS" GNSS-1PPS "$(awk '$1 == "dpll" && $2 == "eec" { print $6 }' $B1/state)"

	exec {nsfd}</proc/self/ns/net
	i1=$(cat /sys/class/net/$N1/ifindex) i2=$(cat /sys/class/net/$N2/ifindex)
	check "$N1 and $N2 up" bash -c "ip link set $N1 up && ip link set $N2 up"
	check "link $N1 with $N2 (a peer)" nsim_write $NSIM_BUS/link_device "$nsfd:$i1 $nsfd:$i2"
	check "EEC selects RCLK (SyncE-0's recovered clock, priority 1)" wait_ref eec RCLK
	check_eq "RCLK connected on the EEC, SyncE-0 followed by it (debugfs eec 1 = connected)" "connected 1" \
		"$(ypin "$RCLK" | jq -r '.["parent-device"][0].state') $(awk '$1 == "synce" && $2 == "SyncE-0" { print $NF }' $B1/state)"
	check_eq "the PPS DPLL does not see it: still on SMA1" SMA1 \
		"$(awk '$1 == "dpll" && $2 == "pps" { print $6 }' $B1/state)"
	check "unlink $N1: no carrier" nsim_write $NSIM_BUS/unlink_device "$nsfd:$i1"
	check "EEC falls back to GNSS-1PPS" wait_ref eec GNSS-1PPS
	check_eq "RCLK selectable on the EEC again" selectable "$(ypin "$RCLK" | jq -r '.["parent-device"][0].state')"
	check "link again" nsim_write $NSIM_BUS/link_device "$nsfd:$i1 $nsfd:$i2"
	check "EEC selects RCLK again" wait_ref eec RCLK
	check "$N2 down: no carrier either" ip link set "$N2" down
	check "EEC falls back to GNSS-1PPS" wait_ref eec GNSS-1PPS
	check "$N2 up" ip link set "$N2" up
	check "EEC selects RCLK again" wait_ref eec RCLK

	# A second port, then its deletion under ynl --subscribe monitor.
	check "device 1: new_port 1" nsim_write $NSIM_BUS/devices/netdevsim1/new_port 1
	SY1=$(pin_id SyncE-1)
	check_match "SyncE-1 registered under RCLK" '^[0-9]+$' "$SY1"
	ynl_monitor_start $MON $((60 * ${NSIM_TMO:-1})) >/tmp/ynl-pins-mon.txt 2>&1 ||
		fail "ynl --subscribe monitor" "no subscription" "$(cat /tmp/ynl-pins-mon.txt)"
	check "SyncE-1 connected on RCLK (takes the mux from SyncE-0)" \
		y --do pin-set --json "{\"id\": $SY1, \"parent-pin\": {\"parent-id\": $RCLK, \"state\": \"connected\"}}"
	check_eq "SyncE-0 disconnected on RCLK" "$RCLK:disconnected" \
		"$(ypin "$SY0" | jq -r '[.["parent-pin"][] | "\(.["parent-id"]):\(.state)"] | join(" ")')"
	check "EEC falls back to GNSS-1PPS (port 1 has no peer)" wait_ref eec GNSS-1PPS
	check "del_port 1 while subscribed" nsim_write $NSIM_BUS/devices/netdevsim1/del_port 1
	check_eq "SyncE-1 gone" "" "$(dpll -j pin show clock-id "$D1" | jq -r '.pin[] | select(.["board-label"] == "SyncE-1") | .id')"
	check "SyncE-0 connected on RCLK again" \
		y --do pin-set --json "{\"id\": $SY0, \"parent-pin\": {\"parent-id\": $RCLK, \"state\": \"connected\"}}"
	check "EEC selects RCLK again" wait_ref eec RCLK
	check "the monitor printed everything sent so far (a last pin-change-ntf seen)" \
		ynl_monitor_sync "$UFL2" "$PPS" 201
	ynl_monitor_stop || fail "ynl monitor ended early" "$(cat $MON)"
	ntf=$(ynl_ntf $MON)
	diag "ynl monitor: $(jq -r .name <<<"$ntf" | sort | uniq -c | xargs)"
	check_eq "pin-delete-ntf of SyncE-1" "$SY1" \
		"$(jq -r 'select(.name == "pin-delete-ntf") | .msg.id' <<<"$ntf" | sort -u | xargs)"
	check_match "pin-change-ntf of SyncE-0 when SyncE-1 took the mux" "$RCLK:disconnected" \
		"$(jq -r --argjson p "$SY0" 'select(.name == "pin-change-ntf" and .msg.id == $p) | .msg["parent-pin"][]? | "\(.["parent-id"]):\(.state)"' <<<"$ntf" | xargs)"
	check "unlink" nsim_write $NSIM_BUS/unlink_device "$nsfd:$i1"
fi

check "del_device 1 and 2" bash -c "printf 1 >$NSIM_BUS/del_device && printf 2 >$NSIM_BUS/del_device"
check "modprobe -r netdevsim nsim_dpll" modprobe -r netdevsim nsim_dpll
check_eq "no warning, bug or leak in dmesg" "" \
	"$(dmesg | tail -n +"$((dmesg_lines + 1))" | grep -E 'WARNING|BUG|leak|Oops|refcount' || true)"
done_testing
