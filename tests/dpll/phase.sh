#!/bin/bash
# The PPS DPLL's phase-offset monitor and averaging factor (7.x), with the
# kernel's YNL and iproute2's dpll: switched and read back, bad values
# refused unchanged, reported offsets against the model within 1 ns (all
# inputs or only the followed one; the average of the measurements),
# notifications on change only.
# timeout: 120
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
. "$(dirname "$0")/_ynl.sh"
dpll_setup

A1=0000:1f:02.0 A2=0000:1f:03.0
MON=/tmp/phase-monitor.json
nsim_write $NSIM_BUS/new_device "1 $A1 -1 1 1 1" || bail_out "new_device wpc=1 at $A1"
B1=$DBG/netdevsim/netdevsim1/dpll
callbacks=$(sed -n 's/^callbacks//p' $B1/state)
if [[ " $callbacks " != *" phase-offset-monitor "* ]]; then
	kernel_dpll_core || skip_all "the bundled DPLL core has no phase-offset monitor"
	skip_all "this kernel's DPLL core has no phase_offset_monitor_set/get (7.x)"
fi
ynl_setup
diag "optional DPLL callbacks of this build:$callbacks"
check_match "the averaging factor is built with the monitor" " phase-offset-avg-factor( |$)" "$callbacks "
check "new_device wpc=1 at $A2" nsim_write $NSIM_BUS/new_device "2 $A2 -1 1 1 1"
for b in 1 2; do
	# phases checked exactly: every clock at R's rate; locked at once, so
	# that no lock-status change is notified while the monitor runs
	for f in holdover_drift_ppb_s acquire_ms holdover_acquire_ms; do
		nsim_write "$DBG/netdevsim/netdevsim$b/dpll/$f" 0 || fail "board $b: $f 0"
	done
done
D1=$(pci_dsn $A1)
devid() { dpll device id-get module-name nsim_dpll clock-id "$D1" type "$1"; }
pinid() { dpll pin id-get module-name nsim_dpll clock-id "$D1" board-label "$1"; }
EEC=$(devid eec) PPS=$(devid pps) GNSS=$(pinid GNSS-1PPS) SMA1=$(pinid SMA1)
check_match "board 1: DPLL and pin ids" '^[0-9]+ [0-9]+ [0-9]+ [0-9]+$' "$EEC $PPS $GNSS $SMA1"
# YNL costs seconds a call under TCG: iproute2's dpll reads, YNL sets and
# listens.  dpll -j prints one object as itself or in an array.
one() { jq -c "if type == \"object\" and has(\"$1\") then .$1 else . end | if type == \"array\" then .[0] else . end"; }
ddev() { dpll -j device show id "$1" | one device; }
# phase PIN DPLL: the pin's phase offset on that DPLL, ps x 1000
phase() {
	dpll -j pin show id "$1" | one pin |
		jq -r --argjson d "$2" '.["parent-device"][] | select(.["parent-id"] == $d) | .["phase-offset"]'
}
# dpll_fails DESC ERE ARGS...: dpll ARGS fails, its message matching ERE
dpll_fails() {
	local desc=$1 ere=$2 out
	shift 2
	if out=$(dpll "$@" 2>&1); then
		fail "$desc" "dpll $* succeeded" "$out"
	elif ! grep -Eq "$ere" <<<"$out"; then
		fail "$desc" "dpll $*: expected the error to match: $ere" "$out"
	else
		pass "$desc ($(head -1 <<<"$out" | cut -c1-90))"
	fi
}
# near DESC WANT_NS PIN DPLL: reported phase within 1 ns of WANT_NS
near() {
	local v
	v=$(phase "$3" "$4")
	if [[ $v =~ ^-?[0-9]+$ ]] && ((v - $2 * 1000000 <= 1000000 && $2 * 1000000 - v <= 1000000)); then
		pass "$1 ($v)"
	else
		fail "$1" "expected $2 ns (x 10^6) +- 1 ns, got '$v'"
	fi
}
R() { sed -n 's/^ref_ns //p' $B1/state; }

# Defaults: monitor on (every input measured), factor 0 (the latest).
pom() { jq -r '"\(.["phase-offset-monitor"]) \(.["phase-offset-avg-factor"])"'; }
check_eq "PPS DPLL: phase-offset-monitor enable, avg-factor 0" "enable 0" "$(ddev "$PPS" | pom)"
check_eq "EEC: neither (the monitor is the PPS DPLL's, as on ice)" "null null" \
	"$(ddev "$EEC" | pom)"

# Two inputs with a signal (board.sh's setup): GNSS-1PPS 1000 ns late
# (board 1's PHC at R + 1000 ns), SMA1 fed by board 2's 1 Hz PEROUT over a
# 250 ns cable, 1250 ns late.
p1=$(phc_of "$(first_netdev $A1)") p2=$(phc_of "$(first_netdev $A2)")
check "board 1's PHC to R + 1000 ns" nsim_write $DBG/nsim_ptp/ptp$p1/offset_ns 1000
check "board 2's PHC to R" nsim_write $DBG/nsim_ptp/ptp$p2/offset_ns 0
check "cable ptp$p2 SMA2 -> ptp$p1 SMA1, 250 ns" \
	nsim_write $DBG/nsim_ptp/connect "ptp$p2 SMA2 ptp$p1 SMA1 250"
check "board 2: SMA2 = PEROUT 0 at 1 Hz" sh -c \
	"printf '2 0' >/sys/class/ptp/ptp$p2/pins/SMA2 && printf '0 0 0 1 0' >/sys/class/ptp/ptp$p2/period"
check "SMA1 frequency 1 Hz" dpll pin set id "$SMA1" frequency 1
check_match "the PPS DPLL follows GNSS-1PPS" '^dpll pps status [a-z-]+ ref GNSS-1PPS ' \
	"$(grep '^dpll pps ' $B1/state)"
near "monitor on: GNSS-1PPS (followed) on the PPS DPLL, 1000 ns" 1000 "$GNSS" "$PPS"
near "monitor on: SMA1 (not followed) on the PPS DPLL, 1250 ns" 1250 "$SMA1" "$PPS"

ynl_monitor_start $MON 300 || bail_out "ynl --subscribe monitor did not start"
# Off: only the followed input is measured; the others report 0 (zl3073x).
check "dpll device set phase-offset-monitor disable" \
	dpll device set id "$PPS" phase-offset-monitor disable
check_eq "read back: disable" "disable 0" "$(ddev "$PPS" | pom)"
near "monitor off: GNSS-1PPS (followed) still 1000 ns" 1000 "$GNSS" "$PPS"
check_eq "monitor off: SMA1 (not followed) on the PPS DPLL 0" 0 "$(phase "$SMA1" "$PPS")"
near "monitor off: SMA1 on the EEC still 1250 ns" 1250 "$SMA1" "$EEC"
check "YNL device-set phase-offset-monitor enable" \
	y --do device-set --json "{\"id\": $PPS, \"phase-offset-monitor\": \"enable\"}"
near "monitor on again: SMA1 on the PPS DPLL 1250 ns" 1250 "$SMA1" "$PPS"

# Bad values change nothing.
dpll_fails "avg-factor 16 refused (0-15)" 'out of range 0-15' \
	device set id "$PPS" phase-offset-avg-factor 16
dpll_fails "avg-factor 4294967295 refused" 'out of range 0-15' \
	device set id "$PPS" phase-offset-avg-factor 4294967295
ynl_fails "phase-offset-monitor 2 refused by the core's policy" 'Invalid|out of range|range' \
	--do device-set --json "{\"id\": $PPS, \"phase-offset-monitor\": 2}"
dpll_fails "EEC: no phase-offset monitor" 'not capable' \
	device set id "$EEC" phase-offset-monitor disable
check_eq "PPS DPLL unchanged: enable 0" "enable 0" "$(ddev "$PPS" | pom)"

# Averaging, factor 1: a constant offset stays exact; after a 2000 ns step
# the reported value is x - D / 2^j (j measurements since, one at each
# second of R; j = 0: none yet), while the EEC reports the model at once.
check "dpll device set phase-offset-avg-factor 1" \
	dpll device set id "$PPS" phase-offset-avg-factor 1
check_eq "read back: 1" 1 "$(ddev "$PPS" | jq -r '.["phase-offset-avg-factor"]')"
near "factor 1, constant offset: SMA1 on the PPS DPLL 1250 ns" 1250 "$SMA1" "$PPS"
check "board 1's PHC to R + 3000 ns" nsim_write $DBG/nsim_ptp/ptp$p1/offset_ns 3000
v=$(phase "$SMA1" "$PPS")
near "the EEC follows at once: SMA1 3250 ns" 3250 "$SMA1" "$EEC"
# not converged yet (2000 / 2^11 < 1 ns): TCG reads take seconds, not 10
j=none
if [[ $v =~ ^[0-9]+$ ]]; then
	for ((i = 0; i <= 10; i++)); do
		w=$((3250000000 - (2000000000 >> i)))
		((v - w <= 1000000 && w - v <= 1000000)) && j=$i && break
	done
fi
check_match "factor 1 after the step: SMA1 on the PPS DPLL = 3250 - 2000 / 2^j ns, j 0-10 ($v)" '^[0-9]+$' "$j"
# factor 0: the latest measurement, the model's
check "dpll device set phase-offset-avg-factor 0" \
	dpll device set id "$PPS" phase-offset-avg-factor 0
near "factor 0: SMA1 on the PPS DPLL 3250 ns" 3250 "$SMA1" "$PPS"
near "factor 0: GNSS-1PPS on the PPS DPLL 3000 ns" 3000 "$GNSS" "$PPS"

# Nothing changes for 3 s of R (both boards locked, every clock at R's
# rate): no notification.
for ((i = 0; i < 100; i++)); do
	n0=$(ynl_ntf $MON | wc -l)
	sleep 0.5
	[ "$(ynl_ntf $MON | wc -l)" = "$n0" ] && break
done
r0=$(R) n0=$(ynl_ntf $MON | wc -l)
while (($(R) - r0 < 3000000000)); do sleep 0.5; done
ynl_monitor_stop || fail "ynl monitor ended early" "$(cat $MON)"
check_eq "3 s of R without a change: no notification at all" "" \
	"$(ynl_ntf $MON | tail -n +$((n0 + 1)))"
ntf=$(ynl_ntf $MON | q)
check_eq "device-change-ntf of the PPS DPLL (runs of one value as one): disable, enable, factor 1, 0" \
	"disable/0 enable/0 enable/1 enable/0" \
	"$(jq -r --argjson d "$PPS" 'select(.name == "device-change-ntf" and .msg.id == $d) |
		"\(.msg["phase-offset-monitor"])/\(.msg["phase-offset-avg-factor"])"' <<<"$ntf" | uniq | xargs)"
sma=$(jq -c --argjson p "$SMA1" --argjson d "$PPS" 'select(.name == "pin-change-ntf" and .msg.id == $p) |
	.msg["parent-device"][] | select(.["parent-id"] == $d) | .["phase-offset"]' <<<"$ntf" | xargs)
diag "SMA1's phase offsets on the PPS DPLL as notified: $sma"
check_match "SMA1 notified on the PPS DPLL: 0 when off, back to 1250 ns, to 3250 ns" \
	'^0 1250000000 .*3250000000$' "$sma"
check_eq "no notification repeats the one before (only changes are sent)" "" \
	"$(ynl_ntf $MON | jq -c 'select(.name == "pin-change-ntf") | .msg' | uniq -d)"

check "del_device 2" nsim_write $NSIM_BUS/del_device 2
check "del_device 1" nsim_write $NSIM_BUS/del_device 1
done_testing
