#!/bin/bash
# DPLL boards of wpc=1 devices on the kernel's DPLL core, seen with iproute2's
# dpll: two DPLLs per board with the DSN as clock id, five inputs each, pin-set
# reported back or refused unchanged, lock states from the GNSS signal in R,
# an SMA input fed by a cable from another board's PEROUT, the sysfs
# lock_status of the original netdevsim-dkms, board deletion under dpll
# monitor.
# timeout: 300
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
dpll_setup

A1=0000:1f:02.0 A2=0000:1f:03.0 A3=0000:1f:04.0
ACQ=500 HOACQ=500 HO=1000
SLACK=4000	# ms of R a transition may come late (TCG guest, busy host)
MON=/tmp/dpll-monitor.txt

check "new_device wpc=1 at $A1" nsim_write $NSIM_BUS/new_device "1 $A1 -1 1 1 1"
check "new_device wpc=1 at $A2" nsim_write $NSIM_BUS/new_device "2 $A2 -1 1 1 1"
check "new_device wpc=0 at $A3" nsim_write $NSIM_BUS/new_device "3 $A3 -1 1 1 0"
B1=$DBG/netdevsim/netdevsim1/dpll
# Short times right away: the boards are acquiring GNSS-1PPS already.
for f in acquire_ms:$ACQ holdover_acquire_ms:$HOACQ holdover_ms:$HO; do
	for b in 1 2; do
		nsim_write "$DBG/netdevsim/netdevsim$b/dpll/${f%%:*}" "${f##*:}" ||
			fail "write ${f%%:*} of board $b"
	done
	# phases here are checked exactly: no holdover drift (dpll/holdover)
	nsim_write "$DBG/netdevsim/netdevsim$b/dpll/holdover_drift_ppb_s" 0 ||
		fail "write holdover_drift_ppb_s of board $b"
done
check_eq "board 1 times read back" "$ACQ $HOACQ $HO" \
	"$(cat $B1/acquire_ms $B1/holdover_acquire_ms $B1/holdover_ms | xargs)"
check_fails "a time over one hour is refused" nsim_write $B1/holdover_ms 3600001
check_fails "a time that is no number is refused" nsim_write $B1/holdover_ms 2s
check_eq "holdover_ms unchanged" "$HO" "$(cat $B1/holdover_ms)"

# Clock ids from the PCI config space, independently of our code.
D1=$(pci_dsn $A1) D2=$(pci_dsn $A2) D3=$(pci_dsn $A3)
check_match "DSN of $A1 from setpci" '^[0-9]+$' "$D1"
check_eq "lspci -vv shows the same DSN" \
	"$(printf '%016x' "$D1" | sed 's/../&-/g; s/-$//')" "$(lspci_dsn $A1)"
check "DSNs differ" test "$D1" != "$D2" -a "$D1" != "$D3"

devs=$(dpll -j device show)
diag "dpll -j device show: $devs"
for b in 1 2; do
	eval "dsn=\$D$b"
	j=$(dpll -j device show clock-id "$dsn")
	check_eq "board $b: 2 DPLLs with clock-id = its DSN" 2 \
		"$(jq '.device | length' <<<"$j")"
	check_eq "board $b: module nsim_dpll" "nsim_dpll nsim_dpll" \
		"$(jq -r '.device[]["module-name"]' <<<"$j" | xargs)"
	check_eq "board $b: types eec and pps" "eec pps" \
		"$(jq -r '.device[].type' <<<"$j" | sort | xargs)"
	check_eq "board $b: mode automatic" "automatic automatic" \
		"$(jq -r '.device[].mode' <<<"$j" | xargs)"
	check_eq "board $b: DPLL ids by id-get" \
		"$(jq -r '.device[].id' <<<"$j" | sort -n | xargs)" \
		"$(for t in eec pps; do dpll device id-get module-name nsim_dpll clock-id "$dsn" type $t; done | sort -n | xargs)"
done
check_eq "no DPLL with the wpc=0 device's DSN" 0 \
	"$(dpll -j device show clock-id "$D3" | jq '.device | length')"
check_eq "nsim_dpll has exactly the 4 DPLLs of the two boards" 4 \
	"$(dpll -j device show module-name nsim_dpll | jq '.device | length')"

EEC=$(dpll device id-get module-name nsim_dpll clock-id "$D1" type eec)
PPS=$(dpll device id-get module-name nsim_dpll clock-id "$D1" type pps)

# Pins: five inputs on both DPLLs of each board.
# the board's own five (the SyncE mux and port pins are dpll/pins')
five='[.pin[] | select(.type == "gnss" or .type == "ext")] | {pin: .}'
pins=$(dpll -j pin show clock-id "$D1" | jq -c "$five")
diag "dpll -j pin show clock-id D1: $(jq -c '.pin[0]' <<<"$pins")"
check_eq "board 1: 5 pins" 5 "$(jq '.pin | length' <<<"$pins")"
check_eq "board 1: labels" "GNSS-1PPS SMA1 SMA2 U.FL1 U.FL2" \
	"$(jq -r '.pin[]["board-label"]' <<<"$pins" | sort | xargs)"
check_eq "board 2: 5 pins" 5 "$(dpll -j pin show clock-id "$D2" | jq "$five" | jq '.pin | length')"
pin_id() { dpll pin id-get module-name nsim_dpll clock-id "$D1" board-label "$1"; }
GNSS=$(pin_id GNSS-1PPS) SMA1=$(pin_id SMA1) SMA2=$(pin_id SMA2) UFL1=$(pin_id U.FL1) UFL2=$(pin_id U.FL2)
check_match "pin ids by id-get" '^[0-9]+ [0-9]+ [0-9]+ [0-9]+ [0-9]+$' "$GNSS $SMA1 $SMA2 $UFL1 $UFL2"
# One object, whether "show id N" prints it in a list or alone: jq's
# one(KEY) (a jq definition, so that a query is one jq, not two: every
# process costs under TCG).
ONE='def one(k): if type == "object" and has(k) then .[k] else . end | if type == "array" then .[0] else . end;'
one() { jq -c "$ONE one(\"$1\")"; }
pin() { dpll -j pin show id "$1" | one pin; }
# pinq PIN JQ-FILTER: the filter on the pin's object, raw output
pinq() { dpll -j pin show id "$1" | jq -r "$ONE one(\"pin\") | $2"; }
# devq DPLL JQ-FILTER: the same on a DPLL device's object
devq() { dpll -j device show id "$1" | jq -r "$ONE one(\"device\") | $2"; }
# parent PIN DPLL FIELD
parent() { pinq "$1" "[.[\"parent-device\"][] | select(.[\"parent-id\"] == $2) | .[\"$3\"]] | .[]"; }
# states PIN: its state on each parent DPLL, space-separated
states() { pinq "$1" '[.["parent-device"][].state] | join(" ")'; }
g=$(pin "$GNSS")
check_eq "GNSS-1PPS: type gnss" gnss "$(jq -r .type <<<"$g")"
check_eq "GNSS-1PPS: 1 Hz" 1 "$(jq -r .frequency <<<"$g")"
check_eq "GNSS-1PPS: supports 1 Hz only" "1-1" \
	"$(jq -r '.["frequency-supported"][] | "\(.["frequency-min"])-\(.["frequency-max"])"' <<<"$g" | xargs)"
check_match "GNSS-1PPS: priority and state can change, direction cannot" \
	'^(priority-can-change state-can-change|state-can-change priority-can-change)$' \
	"$(jq -r '.capabilities | if type == "array" then .[] else . end' <<<"$g" | xargs)"
check_eq "GNSS-1PPS: on both DPLLs, as input" "input input" \
	"$(jq -r '.["parent-device"][].direction' <<<"$g" | xargs)"
check_eq "GNSS-1PPS: parents are the board's DPLLs" "$(echo "$EEC $PPS" | xargs -n1 | sort -n | xargs)" \
	"$(jq -r '.["parent-device"][]["parent-id"]' <<<"$g" | sort -n | xargs)"
s=$(pin "$SMA1")
check_eq "SMA1: type ext" ext "$(jq -r .type <<<"$s")"
check_eq "SMA1: supports 1 Hz and 10 MHz" "1-1 10000000-10000000" \
	"$(jq -r '.["frequency-supported"][] | "\(.["frequency-min"])-\(.["frequency-max"])"' <<<"$s" | sort -n | xargs)"

# The boards lock to GNSS-1PPS: unlocked -> locked -> locked-ho-acq.
status() { devq "$1" '.["lock-status"]'; }
# statuses: "EEC-STATUS PPS-STATUS" of board 1, from one dump of its DPLLs
statuses() {
	dpll -j device show clock-id "$D1" | jq -r --argjson e "$EEC" --argjson p "$PPS" \
		'[.device[] | select(.id == $e)][0]["lock-status"] + " " +
		 [.device[] | select(.id == $p)][0]["lock-status"]'
}
wait_status() { # DPLL STATUS: poll (no judgement; the R checks judge)
	local i
	for ((i = 0; i < 150; i++)); do
		[ "$(status "$1")" = "$2" ] && return 0
		sleep 0.2
	done
	echo "lock status $(status "$1")"
	cat $B1/state
	return 1
}
check "EEC reaches locked-ho-acq" wait_status "$EEC" locked-ho-acq
check "PPS reaches locked-ho-acq" wait_status "$PPS" locked-ho-acq
check_eq "GNSS-1PPS connected on both" "connected connected" \
	"$(states "$GNSS")"
check_eq "SMA1 selectable (no signal: nothing cabled)" "selectable selectable" \
	"$(states "$SMA1")"

# transitions DPLL-NAME [FROM]: "N R STATUS" lines of the board's debugfs log
# (the last 16), those numbered FROM or later.
transitions() {
	awk -v d="$1" -v f="${2:-0}" \
		'$1 == "transition" && $2 == d && $3 >= f { print $3, $4, $5 }' $B1/state
}
# ntrans DPLL-NAME: how many transitions the DPLL made so far.
ntrans() { awk -v d="$1" '$1 == "dpll" && $2 == d { print $8 }' $B1/state; }
# wait_trans DPLL-NAME FROM STATUS: poll the board's log (in R) until the DPLL
# made a transition numbered FROM or later into STATUS, so that a state
# shorter than one poll of a slow guest is still seen.
wait_trans() {
	local i
	for ((i = 0; i < 150; i++)); do
		transitions "$1" "$2" | awk -v s="$3" '$3 == s { f = 1 } END { exit !f }' &&
			return 0
		sleep 0.2
	done
	cat $B1/state
	return 1
}
ref_ns() { awk '$1 == "ref_ns" { print $2 }' $B1/state; }
# check_gap DESC FROM-R TO-R MS: TO-FROM is at least MS and at most MS+SLACK (ms of R).
check_gap() {
	local d=$(( ($3 - $2) / 1000000 ))
	if [ "$d" -ge "$4" ] && [ "$d" -le $(($4 + SLACK)) ]; then
		pass "$1 (${d} ms of R, configured $4)"
	else
		fail "$1" "took $d ms of R, configured $4 ms (slack $SLACK)" "$(cat $B1/state)"
	fi
}
t=$(transitions eec | xargs)
check_match "EEC went unlocked-free -> locked -> locked-ho-acq" '^0 [0-9]+ locked 1 [0-9]+ locked-ho-acq$' "$t"
read -r _ r1 _ _ r2 _ <<<"$t"
check_gap "EEC: locked-ho-acq after holdover_acquire_ms" "$r1" "$r2" $HOACQ

# sysfs lock_status (netdevsim-dkms compatible): the PPS DPLL's status;
# writes force both DPLLs, "auto" gives them back, bad words change nothing.
L=/sys/bus/pci/devices/$A1/dpll/lock_status
last=$(transitions eec | tail -n 1)
check_eq "lock_status reads locked" locked "$(cat $L)"
check_eq "the same file under the port's netdev" locked \
	"$(cat /sys/class/net/"$(first_netdev $A1)"/device/dpll/lock_status)"
check "no dpll sysfs group on the wpc=0 device" test ! -e /sys/bus/pci/devices/$A3/dpll
for w in holdover:holdover freerun:unlocked locked:locked-ho-acq; do
	check "write ${w%%:*}" nsim_write $L "${w%%:*}"
	check_eq "lock_status reads ${w%%:*}" "${w%%:*}" "$(cat $L)"
	check_eq "both DPLLs report ${w##*:}" "${w##*:} ${w##*:}" \
		"$(statuses)"
done
check "write holdover again" nsim_write $L holdover
for w in bogus $'\n' LOCKED "holdover x" auto2; do
	check_fails "write '$w' refused" nsim_write $L "$w"
done
check_eq "still holdover after the refused writes" holdover "$(cat $L)"
check_eq "the board's state says forced holdover" "forced holdover" "$(grep '^forced ' $B1/state)"
check "write auto: the model again" nsim_write $L auto
check_eq "lock_status reads locked (the model: locked-ho-acq)" locked "$(cat $L)"
check_eq "both DPLLs report locked-ho-acq again" "locked-ho-acq locked-ho-acq" \
	"$(statuses)"
check_eq "no transition of the model while forced" "$last" "$(transitions eec | tail -n 1)"

# Pin-set: priority and state reported back, on that DPLL only.
check "set SMA1 prio 7 on the EEC" dpll pin set id "$SMA1" parent-device "$EEC" prio 7
check_eq "SMA1 prio 7 on the EEC" 7 "$(parent "$SMA1" "$EEC" prio)"
check_eq "SMA1 prio on the PPS DPLL unchanged" 1 "$(parent "$SMA1" "$PPS" prio)"
check "set SMA2 disconnected on the PPS DPLL" dpll pin set id "$SMA2" parent-device "$PPS" state disconnected
check_eq "SMA2 disconnected on the PPS DPLL" disconnected "$(parent "$SMA2" "$PPS" state)"
check_eq "SMA2 still selectable on the EEC" selectable "$(parent "$SMA2" "$EEC" state)"
check "set SMA1 frequency 10 MHz" dpll pin set id "$SMA1" frequency 10000000
check_eq "SMA1 at 10 MHz" 10000000 "$(pinq "$SMA1" .frequency)"

# What the capabilities or the board forbid fails and changes nothing.
before=$(dpll -j pin show clock-id "$D1")
check_fails "direction of U.FL2, a fixed input (no direction-can-change)" \
	dpll pin set id "$UFL2" parent-device "$EEC" direction output
check_fails "frequency 5 MHz on SMA1 (unsupported)" dpll pin set id "$SMA1" frequency 5000000
check_fails "frequency 10 MHz on GNSS-1PPS (unsupported)" dpll pin set id "$GNSS" frequency 10000000
check_fails "an unknown pin id" dpll pin set id 99999 parent-device "$EEC" prio 3
check_fails "SMA1 on a DPLL of another board" dpll pin set id "$SMA1" parent-device \
	"$(dpll device id-get module-name nsim_dpll clock-id "$D2" type eec)" prio 3
check_fails "state connected in automatic mode" \
	dpll pin set id "$UFL2" parent-device "$EEC" state connected
err=$(dpll pin set id "$UFL2" parent-device "$EEC" direction output 2>&1)
check_match "the core's extack says why" 'direction changing is not allowed' "$err"
check_eq "nothing changed" "$before" "$(dpll -j pin show clock-id "$D1")"

# Selection follows pin-set: GNSS-1PPS disconnected on the PPS DPLL leaves
# it no valid input (holdover); selectable again, it relocks.
# (not under check: the monitor must stay this shell's child)
if dpll_monitor_start $MON; then pass "dpll monitor is subscribed"
else fail "dpll monitor is subscribed" "$(cat $MON)"; fi
n0=$(ntrans pps)
check "disconnect GNSS-1PPS on the PPS DPLL" dpll pin set id "$GNSS" parent-device "$PPS" state disconnected
check "PPS goes to holdover" wait_trans pps "$n0" holdover
check_eq "EEC stays locked-ho-acq" locked-ho-acq "$(status "$EEC")"
check "GNSS-1PPS selectable again on the PPS DPLL" dpll pin set id "$GNSS" parent-device "$PPS" state selectable
check "PPS relocks" wait_status "$PPS" locked-ho-acq

# Cutting the board's GNSS signal: holdover, then unlocked after holdover_ms;
# restoring it relocks through locked.  Durations in R from our log.
phc=$(phc_of "$(first_netdev $A1)")
G=$DBG/nsim_ptp/ptp$phc/gnss_signal
n0=$(ntrans eec)
check "cut GNSS signal ($G)" nsim_write "$G" 0
check "EEC in holdover" wait_trans eec "$n0" holdover
check_eq "GNSS-1PPS no longer connected" "selectable selectable" \
	"$(states "$GNSS")"
check "EEC unlocked after the holdover time" wait_status "$EEC" unlocked
check "PPS unlocked too" wait_status "$PPS" unlocked
r_restore=$(ref_ns)
check "restore GNSS signal" nsim_write "$G" 1
check "EEC relocks to locked-ho-acq" wait_status "$EEC" locked-ho-acq
check "PPS relocks to locked-ho-acq" wait_status "$PPS" locked-ho-acq
t=$(transitions eec "$n0" | xargs)
check_match "EEC: holdover -> unlocked -> locked -> locked-ho-acq, none skipped" \
	'^[0-9]+ [0-9]+ holdover [0-9]+ [0-9]+ unlocked [0-9]+ [0-9]+ locked [0-9]+ [0-9]+ locked-ho-acq$' "$t"
read -r _ h _ _ u _ _ l _ _ a _ <<<"$t"
check_gap "EEC: unlocked after holdover_ms" "$h" "$u" $HO
check_gap "EEC: locked after acquire_ms from the restore" "$r_restore" "$l" $ACQ
check_gap "EEC: locked-ho-acq after holdover_acquire_ms" "$l" "$a" $HOACQ
# eec_seq FILE: the EEC's lock statuses in dpll monitor's output
eec_seq() {
	awk -v id="$EEC" '
	/^\[/ { dev = ""; if ($1 == "[DEVICE_CHANGE]") { dev = $4; sub(/:$/, "", dev) } }
	$1 == "lock-status:" && dev == id { print $2 }' "$1" | xargs
}
# (until it printed the last change: notifications arrive in order)
seq_done() { [[ $(eec_seq "$1") == *locked-ho-acq ]]; }
dpll_monitor_stop $MON seq_done
# The monitor saw each lock status of the EEC in order, once per change.
seq=$(eec_seq $MON)
diag "EEC statuses in dpll monitor: $seq"
check_match "dpll monitor: EEC holdover, unlocked, locked, locked-ho-acq in order" \
	'^holdover unlocked locked locked-ho-acq$' "$seq"
check_eq "dpll monitor: no PIN_CHANGE of SMA1, which did not change (nothing periodic)" 0 \
	"$(grep -c "^\[PIN_CHANGE\] pin id $SMA1:" $MON)"
check_match "dpll monitor: PIN_CHANGE of GNSS-1PPS, which did" '^[1-9]' \
	"$(grep -c "^\[PIN_CHANGE\] pin id $GNSS:" $MON)"

# The board follows its device's ports: after del_port 0 it holds no PHC of
# that port (so new_port 0 can create it again) and GNSS-1PPS is invalid;
# the new port's PHC feeds it again.
D2DIR=$NSIM_BUS/devices/netdevsim2
gnss_valid() { # BOARD: "valid N" of GNSS-1PPS in its debugfs state
	awk '$1 == "pin" && $2 == "GNSS-1PPS" { print $4 }' "$DBG/netdevsim/netdevsim$1/dpll/state"
}
check "board 2: del_port 0" nsim_write $D2DIR/del_port 0
check_eq "its port PHC netdevsim2.0 is gone" "" \
	"$(grep -lx netdevsim2.0 /sys/class/ptp/ptp*/clock_name 2>/dev/null)"
check_eq "board 2: GNSS-1PPS invalid without a port" 0 "$(gnss_valid 2)"
check "board 2: new_port 0 again" nsim_write $D2DIR/new_port 0
check_match "its PHC netdevsim2.0 is back" 'ptp[0-9]+' \
	"$(grep -lx netdevsim2.0 /sys/class/ptp/ptp*/clock_name 2>/dev/null)"
check_eq "board 2: GNSS-1PPS valid from the new port's PHC" 1 "$(gnss_valid 2)"

# SMA1 of board 1 fed by a cable from board 2's PHC (SMA2, PEROUT 0): valid
# only while that PEROUT runs periodically at SMA1's frequency; chosen when
# GNSS is gone (next priority on the PPS DPLL, the only valid input on the
# EEC), hitless; lost, the DPLLs go to holdover with media-down.
pin_valid() { # BOARD LABEL: "valid N" of the pin in the board's debugfs state
	awk -v l="$2" '$1 == "pin" && $2 == l { print $4 }' "$DBG/netdevsim/netdevsim$1/dpll/state"
}
p1=$(phc_of "$(first_netdev $A1)") p2=$(phc_of "$(first_netdev $A2)")
S2=/sys/class/ptp/ptp$p2
CABLE_NS=250 OFF1_NS=1000
check "cable ptp$p2 SMA2 -> ptp$p1 SMA1, $CABLE_NS ns" \
	nsim_write $DBG/nsim_ptp/connect "ptp$p2 SMA2 ptp$p1 SMA1 $CABLE_NS"
check_eq "SMA1 invalid: the cable carries nothing yet" 0 "$(pin_valid 1 SMA1)"
check "board 2: SMA2 = PEROUT 0" nsim_write $S2/pins/SMA2 "2 0"
check "board 2: PEROUT 0 at 1 Hz" nsim_write $S2/period "0 0 0 1 0"
check_eq "SMA1 invalid at 10 MHz: the signal is 1 Hz" 0 "$(pin_valid 1 SMA1)"
check "SMA1 frequency 1 Hz" dpll pin set id "$SMA1" frequency 1
check_eq "SMA1 valid at 1 Hz" 1 "$(pin_valid 1 SMA1)"

# Phase offsets from the model: the DPLLs compare each input's edges with
# the board's PHC (which the PPS DPLL drives).  Board 1's PHC at R + 1000
# ns, board 2's at R, both at R's rate: board 1's seconds begin 1000 ns
# before R's, so GNSS-1PPS (R's seconds) comes 1000 ns late; board 2's
# PEROUT edges (its seconds, = R's) reach SMA1 after the cable, 250 ns
# later still.  Positive = the input's edge after the DPLL's; the uAPI
# unit is ps * 1000 (DPLL_PHASE_OFFSET_DIVIDER).
check "board 1's PHC to R + $OFF1_NS ns" nsim_write $DBG/nsim_ptp/ptp$p1/offset_ns "$OFF1_NS"
check "board 2's PHC to R" nsim_write $DBG/nsim_ptp/ptp$p2/offset_ns 0
check_eq "both PHCs run at R's rate" "0 0" \
	"$(cat $DBG/nsim_ptp/ptp$p1/freq_error_ppb $DBG/nsim_ptp/ptp$p2/freq_error_ppb | xargs)"
phase() { parent "$1" "$2" phase-offset; }
callbacks=$(sed -n 's/^callbacks//p' $B1/state)
diag "optional DPLL callbacks of this build:$callbacks"
if [[ " $callbacks " != *" phase-offset "* ]]; then
	check_eq "no phase offset reported (the DPLL core has no phase_offset_get)" null \
		"$(pinq "$SMA1" '.["parent-device"][0]["phase-offset"] | tojson')"
else for d in "$EEC" "$PPS"; do
	check_eq "SMA1 phase offset on DPLL $d: cable $CABLE_NS ns + board offset $OFF1_NS ns" \
		$(((CABLE_NS + OFF1_NS) * 1000000)) "$(phase "$SMA1" "$d")"
	check_eq "GNSS-1PPS phase offset on DPLL $d: board offset $OFF1_NS ns" \
		$((OFF1_NS * 1000000)) "$(phase "$GNSS" "$d")"
	check_eq "SMA2 (no signal) phase offset 0 on DPLL $d" 0 "$(phase "$SMA2" "$d")"
done; fi
check_match "debugfs state shows the same phase (ns x 10^6)" \
	" phase $(((CABLE_NS + OFF1_NS) * 1000000)) ffo_ppt 0\$" "$(grep '^pin SMA1 ' $B1/state)"

# Frequency offsets: board 2's PHC 100 ppb fast, so its PEROUT on SMA1 is
# +100 ppb = +100000 ppt against board 1's PHC (rounded from the model's
# 2^-48 fractions); GNSS-1PPS stays at 0.  Reported where the kernel has
# typed ffo_get (7.x: fractional-frequency-offset-ppt in the parent nest).
# Board 2's PPS DPLL disciplines its PHC (tests/dpll/holdover): freed, it
# runs at its oscillator's error; without GNSS it is unlocked after its
# holdover time.
check "cut board 2's GNSS signal" nsim_write $DBG/nsim_ptp/ptp$p2/gnss_signal 0
b2pps() { awk '$1 == "dpll" && $2 == "pps" { print $4 }' "$DBG/netdevsim/netdevsim2/dpll/state"; }
for ((i = 0; i < 150; i++)); do [ "$(b2pps)" = unlocked ] && break; sleep 0.2; done
check_eq "board 2's PPS DPLL unlocked: its PHC runs free" unlocked "$(b2pps)"
check "board 2's PHC 100 ppb fast" nsim_write $DBG/nsim_ptp/ptp$p2/freq_error_ppb 100
check_match "debugfs: SMA1 ffo +100000 ppt" ' ffo_ppt 100000$' "$(grep '^pin SMA1 ' $B1/state)"
check_match "debugfs: GNSS-1PPS ffo 0" ' ffo_ppt 0$' "$(grep '^pin GNSS-1PPS ' $B1/state)"
if [[ " $callbacks " == *" ffo "* ]]; then
	for d in "$EEC" "$PPS"; do
		check_eq "SMA1 ffo on DPLL $d: 100000 ppt" 100000 \
			"$(parent "$SMA1" "$d" fractional-frequency-offset-ppt)"
		check_eq "GNSS-1PPS ffo on DPLL $d: 0 ppt" 0 \
			"$(parent "$GNSS" "$d" fractional-frequency-offset-ppt)"
		check_eq "SMA2 (no signal) has no ffo on DPLL $d" null \
			"$(parent "$SMA2" "$d" fractional-frequency-offset-ppt)"
	done
else
	check_eq "no ffo reported (no typed ffo_get in this kernel)" null \
		"$(pinq "$SMA1" '.["parent-device"][0]["fractional-frequency-offset-ppt"] | tojson')"
fi
check "board 2's PHC back at R's rate" nsim_write $DBG/nsim_ptp/ptp$p2/freq_error_ppb 0
check "restore board 2's GNSS signal" nsim_write $DBG/nsim_ptp/ptp$p2/gnss_signal 1
check_eq "SMA1 still selectable while GNSS-1PPS is better" "selectable selectable" \
	"$(states "$SMA1")"
n0=$(ntrans pps)
check "cut board 1's GNSS signal" nsim_write "$G" 0
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
check "PPS DPLL selects SMA1" wait_ref pps SMA1
check "EEC selects SMA1" wait_ref eec SMA1
check_eq "SMA1 connected on both" "connected connected" \
	"$(states "$SMA1")"
check_eq "both stay locked-ho-acq (hitless switch)" "locked-ho-acq locked-ho-acq" \
	"$(statuses)"
check_eq "PPS: no transition in the switch" "$n0" "$(ntrans pps)"
check "board 2: PEROUT off" nsim_write $S2/period "0 0 0 0 0"
check_eq "SMA1 invalid without the PEROUT" 0 "$(pin_valid 1 SMA1)"
check "PPS goes unlocked through holdover" wait_status "$PPS" unlocked
check_eq "PPS: lock-status-error media-down (its input lost the signal)" media-down \
	"$(devq "$PPS" '.["lock-status-error"]')"
check_match "PPS: holdover then unlocked" '^[0-9]+ [0-9]+ holdover [0-9]+ [0-9]+ unlocked$' \
	"$(transitions pps "$n0" | xargs)"
check "board 2: PEROUT 0 at 1 Hz again" nsim_write $S2/period "0 0 0 1 0"
check_eq "SMA1 valid again" 1 "$(pin_valid 1 SMA1)"
check "board 2: SMA2's function to none while the PEROUT runs" nsim_write $S2/pins/SMA2 "0 0"
check_eq "SMA1 invalid: SMA2 drives nothing" 0 "$(pin_valid 1 SMA1)"
check "board 2: SMA2 = PEROUT 0 again, at 2 s" \
	bash -c "printf '2 0' >$S2/pins/SMA2 && printf '0 0 0 2 0' >$S2/period"
check_eq "SMA1 invalid: a 2 s period is no 1 Hz signal" 0 "$(pin_valid 1 SMA1)"
check "unplug the cable" nsim_write $DBG/nsim_ptp/disconnect "ptp$p1 SMA1"
check "board 2: PEROUT 0 at 1 Hz, unplugged" nsim_write $S2/period "0 0 0 1 0"
check_eq "SMA1 invalid: unplugged" 0 "$(pin_valid 1 SMA1)"
check "restore board 1's GNSS signal" nsim_write "$G" 1
check "PPS relocks to locked-ho-acq" wait_status "$PPS" locked-ho-acq
# Plugged again with the PEROUT running; board 2 goes with the cable in
# below, which must leave SMA1 invalid and no cable behind.
check "cable ptp$p2 SMA2 -> ptp$p1 SMA1 again" \
	nsim_write $DBG/nsim_ptp/connect "ptp$p2 SMA2 ptp$p1 SMA1"
check_eq "SMA1 valid" 1 "$(pin_valid 1 SMA1)"

# Clock quality: the oscillator's class (G.8262 EEC option 1) on both; the
# PPS DPLL locked to GNSS also offers PRTC quality.
quality() {
	devq "$1" '.["clock-quality-level"] | if type == "array" then sort | join(" ") else . end'
}
if [[ " $callbacks " == *" clock-quality "* ]]; then
	check_eq "EEC clock quality: itu-opt1-eec1" itu-opt1-eec1 "$(quality "$EEC")"
	check_eq "PPS clock quality locked to GNSS: eec1 and prtc" \
		"itu-opt1-eec1 itu-opt1-prtc" "$(quality "$PPS")"
else
	check_eq "no clock quality reported (the DPLL core has no clock_quality_level_get)" null \
		"$(quality "$PPS")"
fi

# Manual mode, where the kernel can set the mode (mode-supported lists it).
modes=$(devq "$PPS" '.["mode-supported"] | if type == "array" then sort | join(" ") else . end')
# pps_modes FILE: the PPS DPLL's modes in dpll monitor's output, runs of
# one as one
pps_modes() {
	awk -v id="$PPS" '
	/^\[/ { dev = ""; if ($1 == "[DEVICE_CHANGE]") { dev = $4; sub(/:$/, "", dev) } }
	$1 == "mode:" && dev == id { print $2 }' "$1" | uniq | xargs
}
back_to_auto() { [[ $(pps_modes "$1") == *"manual automatic" ]]; }
if [ "$modes" = "automatic manual" ]; then
	if dpll_monitor_start $MON; then pass "dpll monitor is subscribed for the mode changes"
	else fail "dpll monitor is subscribed for the mode changes" "$(cat $MON)"; fi
	check "PPS to manual mode" dpll device set id "$PPS" mode manual
	check_eq "PPS mode manual" manual \
		"$(devq "$PPS" .mode)"
	check_eq "manual: GNSS-1PPS (the input it followed) connected, SMA1 disconnected" \
		"connected disconnected" \
		"$(parent "$GNSS" "$PPS" state) $(parent "$SMA1" "$PPS" state)"
	check_eq "manual: still locked-ho-acq" locked-ho-acq "$(status "$PPS")"
	check_fails "manual: selectable is refused" \
		dpll pin set id "$SMA1" parent-device "$PPS" state selectable
	check_eq "manual: SMA1 unchanged" disconnected "$(parent "$SMA1" "$PPS" state)"
	n0=$(ntrans pps)
	check "manual: connect SMA1" dpll pin set id "$SMA1" parent-device "$PPS" state connected
	check "manual: PPS follows SMA1" wait_ref pps SMA1
	check_eq "manual: GNSS-1PPS disconnected" disconnected "$(parent "$GNSS" "$PPS" state)"
	check_eq "manual: hitless, no transition" "$n0" "$(ntrans pps)"
	check_eq "EEC (automatic) stays on GNSS-1PPS" connected "$(parent "$GNSS" "$EEC" state)"
	check "PPS back to automatic" dpll device set id "$PPS" mode automatic
	check "automatic: PPS selects GNSS-1PPS by priority" wait_ref pps GNSS-1PPS
	check_eq "automatic: SMA1 selectable again" selectable "$(parent "$SMA1" "$PPS" state)"
	dpll_monitor_stop $MON back_to_auto
	check_match "dpll monitor: DEVICE_CHANGE of the PPS DPLL to manual, then to automatic" \
		'^(automatic )?manual automatic$' "$(pps_modes $MON)"
else
	check_eq "mode-supported: automatic only (this kernel has no mode_set)" automatic "$modes"
	check_fails "manual mode refused" dpll device set id "$PPS" mode manual
	skip "manual mode selection" \
		"the kernel's DPLL core cannot set the mode (mode-supported: $modes)"
fi

# Deleting a board while dpll monitor listens: delete notifications, no crash.
# (not under check: the monitor must stay this shell's child)
if dpll_monitor_start $MON; then pass "dpll monitor is subscribed again"
else fail "dpll monitor is subscribed again" "$(cat $MON)"; fi
check "del_device 2 (a board) under dpll monitor" nsim_write $NSIM_BUS/del_device 2
check_eq "its DPLLs are gone" 0 "$(dpll -j device show clock-id "$D2" | jq '.device | length')"
check_eq "its pins are gone" 0 "$(dpll -j pin show clock-id "$D2" | jq '.pin | length')"
two_deletes() { [ "$(grep -c DEVICE_DELETE "$1")" -ge 2 ]; }
dpll_monitor_stop $MON two_deletes
check_eq "dpll monitor saw 2 DEVICE_DELETE" 2 "$(grep -c 'DEVICE_DELETE' $MON)"
check_eq "board 1 unaffected" 2 "$(dpll -j device show clock-id "$D1" | jq '.device | length')"
check_eq "the cable from board 2's PHC went with it" "" "$(cat $DBG/nsim_ptp/cables)"
check_eq "board 1's SMA1 invalid without it" 0 "$(pin_valid 1 SMA1)"
check "del_device 1 and 3" bash -c "printf 1 >$NSIM_BUS/del_device && printf 3 >$NSIM_BUS/del_device"
check_eq "no nsim_dpll DPLL left" 0 "$(dpll -j device show module-name nsim_dpll | jq '.device | length')"
check "modprobe -r netdevsim nsim_dpll" modprobe -r netdevsim nsim_dpll
