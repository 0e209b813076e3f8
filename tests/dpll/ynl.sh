#!/bin/bash
# DPLL boards seen with the kernel's own YNL (tools/net/ynl of the kernel's
# linux-source, the dpll spec): device and pin dumps, id-get, pin-set read
# back or refused unchanged, malformed requests rejected with an errno,
# --subscribe monitor through a GNSS cut and a device deletion; each result
# cross-checked with iproute2's dpll -j.
# timeout: 300
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
. "$(dirname "$0")/_ynl.sh"
dpll_setup
ynl_setup

A1=0000:1f:02.0 A2=0000:1f:03.0
HOACQ=500 HO=1500
MON=/tmp/ynl-monitor.json
DMON=/tmp/ynl-dpll-monitor.txt

check "new_device wpc=1 at $A1" nsim_write $NSIM_BUS/new_device "1 $A1 -1 1 1 1"
check "new_device wpc=1 at $A2" nsim_write $NSIM_BUS/new_device "2 $A2 -1 1 1 1"
B1=$DBG/netdevsim/netdevsim1/dpll
for f in acquire_ms:500 holdover_acquire_ms:$HOACQ holdover_ms:$HO; do
	for b in 1 2; do
		nsim_write "$DBG/netdevsim/netdevsim$b/dpll/${f%%:*}" "${f##*:}" ||
			fail "write ${f%%:*} of board $b"
	done
done
D1=$(pci_dsn $A1) D2=$(pci_dsn $A2)
check_match "DSNs of both functions (setpci)" '^[0-9]+ [0-9]+$' "$D1 $D2"
check "DSNs differ" test "$D1" != "$D2"
check_eq "lspci -vv shows board 1's DSN" \
	"$(printf '%016x' "$D1" | sed 's/../&-/g; s/-$//')" "$(lspci_dsn $A1)"

# Devices: the first call loads the spec with its schema check (jsonschema).
devs=$(ys --dump device-get | q)
check "ynl --dump device-get (spec validated against its schema)" jq -e 'type == "array"' <<<"$devs"
diag "ynl --dump device-get: $(jq -c '[.[] | select(.["module-name"] == "nsim_dpll")][0]' <<<"$devs")"
ours=$(jq -c '[.[] | select(.["module-name"] == "nsim_dpll")]' <<<"$devs")
check_eq "4 nsim_dpll DPLLs" 4 "$(jq length <<<"$ours")"
for b in 1 2; do
	eval "dsn=\$D$b"
	check_eq "board $b: EEC and PPS with clock-id = its DSN" "eec pps" \
		"$(jq -r --arg c "$dsn" '.[] | select(.["clock-id"] == $c) | .type' <<<"$ours" | sort | xargs)"
	check_eq "board $b: mode automatic" "automatic automatic" \
		"$(jq -r --arg c "$dsn" '.[] | select(.["clock-id"] == $c) | .mode' <<<"$ours" | xargs)"
done
check_eq "4 distinct DPLL ids" 4 "$(jq '[.[].id] | unique | length' <<<"$ours")"
# iproute2 sees the same ids, clock ids, types and modes
view_dev='[.[] | {id, c: .["clock-id"], type, mode}] | sort_by(.id)'
check_eq "dpll -j device show agrees (id, clock-id, type, mode)" \
	"$(jq -c "$view_dev" <<<"$ours")" \
	"$(dpll -j device show module-name nsim_dpll | q | jq -c ".device | $view_dev")"
devid() { jq -r --arg c "$1" --arg t "$2" '.[] | select(.["clock-id"] == $c and .type == $t) | .id' <<<"$ours"; }
EEC1=$(devid "$D1" eec) PPS1=$(devid "$D1" pps) EEC2=$(devid "$D2" eec) PPS2=$(devid "$D2" pps)

# device-id-get by clock-id, module-name and type (the first through the
# cli itself, the others through the YNL server)
how=yc
for d in "1 eec EEC1" "1 pps PPS1" "2 eec EEC2" "2 pps PPS2"; do
	set -- $d
	eval "dsn=\$D$1 want=\$$3"
	check_eq "device-id-get board $1 $2 = the dump's id" "$want" \
		"$($how --do device-id-get --json "{\"clock-id\": $dsn, \"module-name\": \"nsim_dpll\", \"type\": \"$2\"}" | jq -r .id)"
	how=y
done

# Pins: the board's five (the SyncE mux and ports are dpll/pins'), with
# the properties of docs/dpll.md.
allpins=$(y --dump pin-get | q | jq -c '[.[] | select(.["module-name"] == "nsim_dpll")]')
pins=$(jq -c '[.[] | select(.type == "gnss" or .type == "ext")]' <<<"$allpins")
diag "ynl --dump pin-get, board 1's GNSS-1PPS: $(jq -c --arg c "$D1" '.[] | select(.["clock-id"] == $c and .["board-label"] == "GNSS-1PPS")' <<<"$pins")"
check_eq "10 nsim_dpll pins" 10 "$(jq length <<<"$pins")"
pinid() { jq -r --arg c "$1" --arg l "$2" '.[] | select(.["clock-id"] == $c and .["board-label"] == $l) | .id' <<<"$pins"; }
for b in 1 2; do
	eval "dsn=\$D$b eec=\$EEC$b pps=\$PPS$b"
	bp=$(jq -c --arg c "$dsn" '[.[] | select(.["clock-id"] == $c)]' <<<"$pins")
	check_eq "board $b: labels" "GNSS-1PPS SMA1 SMA2 U.FL1 U.FL2" \
		"$(jq -r '.[]["board-label"]' <<<"$bp" | sort | xargs)"
	check_eq "board $b: types (GNSS-1PPS gnss, the others ext)" "gnss ext ext ext ext" \
		"$(jq -r 'sort_by(.["board-label"]) | .[].type' <<<"$bp" | xargs)"
	check_eq "board $b: capabilities as ice's (SMAs direction too, U.FL1 an output: state only)" \
		"GNSS-1PPS:priority-can-change,state-can-change SMA1:direction-can-change,priority-can-change,state-can-change SMA2:direction-can-change,priority-can-change,state-can-change U.FL1:state-can-change U.FL2:priority-can-change,state-can-change" \
		"$(jq -r 'sort_by(.["board-label"]) | .[] | "\(.["board-label"]):\(.capabilities | if type == "array" then . else [.] end | sort | join(","))"' <<<"$bp" | xargs)"
	check_eq "board $b: every pin on both its DPLLs, U.FL1 an output, the others inputs" \
		"$(p="$(echo "$eec $pps" | xargs -n1 | sort -n | xargs)"; echo "$p:input,input $p:input,input $p:input,input $p:output,output $p:input,input")" \
		"$(jq -r 'sort_by(.["board-label"]) | .[] | "\([.["parent-device"][]["parent-id"]] | sort | join(" ")):\([.["parent-device"][].direction] | join(","))"' <<<"$bp" | xargs)"
	check_eq "board $b: priorities 0..4 in label order on both DPLLs, none for the output U.FL1" "0,0 1,1 2,2 , 4,4" \
		"$(jq -r 'sort_by(.["board-label"]) | .[] | [.["parent-device"][].prio] | join(",")' <<<"$bp" | xargs)"
	check_eq "board $b: frequencies 1 Hz; GNSS-1PPS supports 1 Hz, the others 1 Hz and 10 MHz" \
		"GNSS-1PPS:1:1-1 SMA1:1:1-1,10000000-10000000 SMA2:1:1-1,10000000-10000000 U.FL1:1:1-1,10000000-10000000 U.FL2:1:1-1,10000000-10000000" \
		"$(jq -r 'sort_by(.["board-label"]) | .[] | "\(.["board-label"]):\(.frequency):\([.["frequency-supported"][] | "\(.["frequency-min"])-\(.["frequency-max"])"] | sort_by(tonumber? // 0) | join(","))"' <<<"$bp" | xargs)"
done
view_pin='[.[] | {id, c: .["clock-id"], l: .["board-label"], type, f: .frequency,
	p: ([.["parent-device"][] | {i: .["parent-id"], d: .direction, prio, state}] | sort_by(.i))}] | sort_by(.id)'
check_eq "dpll -j pin show agrees (ids, labels, types, frequencies, parents)" \
	"$(jq -c "$view_pin" <<<"$pins")" \
	"$(dpll -j pin show module-name nsim_dpll | q | jq -c ".pin | [.[] | select(.type == \"gnss\" or .type == \"ext\")] | $view_pin")"

# pin-id-get by clock-id, module-name and board-label
for l in GNSS-1PPS SMA1 SMA2 U.FL1 U.FL2; do
	check_eq "pin-id-get board 1 $l = the dump's id" "$(pinid "$D1" "$l")" \
		"$(y --do pin-id-get --json "{\"clock-id\": $D1, \"module-name\": \"nsim_dpll\", \"board-label\": \"$l\"}" | jq -r .id)"
done
check_eq "pin-id-get board 2 SMA1 = the dump's id" "$(pinid "$D2" SMA1)" \
	"$(y --do pin-id-get --json "{\"clock-id\": $D2, \"module-name\": \"nsim_dpll\", \"board-label\": \"SMA1\"}" | jq -r .id)"
GNSS=$(pinid "$D1" GNSS-1PPS) SMA1=$(pinid "$D1" SMA1) SMA2=$(pinid "$D1" SMA2) UFL1=$(pinid "$D1" U.FL1) UFL2=$(pinid "$D1" U.FL2)
SMA1B2=$(pinid "$D2" SMA1)

# pin-get of one pin; parent PIN DPLL FIELD from it
ypin() { y --do pin-get --json "{\"id\": $1}"; }
parent() { ypin "$1" | jq -r --argjson d "$2" ".[\"parent-device\"][] | select(.[\"parent-id\"] == \$d) | .[\"$3\"]"; }
# One object, whether dpll -j "show id N" prints it in a list or alone.
one() { jq -c "if type == \"object\" and has(\"$1\") then .$1 else . end | if type == \"array\" then .[0] else . end"; }
dparent() { dpll -j pin show id "$1" | one pin | jq -r --argjson d "$2" ".[\"parent-device\"][] | select(.[\"parent-id\"] == \$d) | .[\"$3\"]"; }
ydev() { y --do device-get --json "{\"id\": $1}"; }

# The board's own log (debugfs state), in R: no wall-clock waits.
transitions() { # DPLL-NAME [FROM]: "N R STATUS" of the board's last 16
	awk -v d="$1" -v f="${2:-0}" '$1 == "transition" && $2 == d && $3 >= f { print $3, $4, $5 }' $B1/state
}
ntrans() { awk -v d="$1" '$1 == "dpll" && $2 == d { print $8 }' $B1/state; }
wait_trans() { # DPLL-NAME FROM STATUS
	local i
	for ((i = 0; i < 300; i++)); do
		transitions "$1" "$2" | awk -v s="$3" '$3 == s { f = 1 } END { exit !f }' && return 0
		sleep 0.2
	done
	cat $B1/state
	return 1
}
wait_ref() { # DPLL-NAME PIN-LABEL: the board's selected input
	local i
	for ((i = 0; i < 300; i++)); do
		awk -v d="$1" '$1 == "dpll" && $2 == d { print $6 }' $B1/state | grep -qx -- "$2" && return 0
		sleep 0.2
	done
	cat $B1/state
	return 1
}
cur_status() { awk -v d="$1" '$1 == "dpll" && $2 == d { print $4 }' $B1/state; }
# check_status_now DESC DPLL-NAME ID: device-get's lock-status is the
# board's current one, read just before and after it (either, should a
# transition fall in between: no wall-clock assumption).
check_status_now() {
	local a b got
	a=$(cur_status "$2")
	got=$(ydev "$3" | jq -r '.["lock-status"]')
	b=$(cur_status "$2")
	if [ "$got" = "$a" ] || [ "$got" = "$b" ]; then
		pass "$1 ($got)"
	else
		fail "$1" "device-get says '$got', the board's log '$a' before and '$b' after"
	fi
}
wait_status() { # DPLL-NAME STATUS (the board's current one)
	local i
	for ((i = 0; i < 300; i++)); do
		[ "$(cur_status "$1")" = "$2" ] && return 0
		sleep 0.2
	done
	cat $B1/state
	return 1
}
check "board 1: EEC reaches locked-ho-acq (its log)" wait_trans eec 0 locked-ho-acq
check "board 1: PPS reaches locked-ho-acq (its log)" wait_trans pps 0 locked-ho-acq
check_eq "device-get: EEC locked-ho-acq" locked-ho-acq "$(ydev "$EEC1" | jq -r '.["lock-status"]')"
check_eq "dpll -j agrees" locked-ho-acq \
	"$(dpll -j device show id "$EEC1" | one device | jq -r '.["lock-status"]')"
check_eq "pin-get: GNSS-1PPS connected on both DPLLs" "connected connected" \
	"$(ypin "$GNSS" | jq -r '.["parent-device"][].state' | xargs)"

# pin-set: priority and state, read back, on that DPLL only.
check "pin-set SMA1 prio 7 on the EEC" y --do pin-set --json "{\"id\": $SMA1, \"parent-device\": {\"parent-id\": $EEC1, \"prio\": 7}}"
check_eq "pin-get: SMA1 prio 7 on the EEC" 7 "$(parent "$SMA1" "$EEC1" prio)"
check_eq "dpll -j: the same" 7 "$(dparent "$SMA1" "$EEC1" prio)"
check_eq "pin-get: SMA1 prio on the PPS DPLL unchanged" 1 "$(parent "$SMA1" "$PPS1" prio)"
# Selection follows state: GNSS-1PPS disconnected on the PPS DPLL leaves it
# no valid input (holdover); selectable again, it relocks.
n0=$(ntrans pps)
check "pin-set GNSS-1PPS disconnected on the PPS DPLL" \
	y --do pin-set --json "{\"id\": $GNSS, \"parent-device\": {\"parent-id\": $PPS1, \"state\": \"disconnected\"}}"
check_eq "pin-get: GNSS-1PPS disconnected on the PPS DPLL, connected on the EEC" \
	"$PPS1:disconnected $EEC1:connected" \
	"$(ypin "$GNSS" | jq -r '.["parent-device"] | sort_by(.["parent-id"] != '"$PPS1"') | .[] | "\(.["parent-id"]):\(.state)"' | xargs)"
check_eq "dpll -j: the same" disconnected "$(dparent "$GNSS" "$PPS1" state)"
check "PPS DPLL goes to holdover (its log)" wait_trans pps "$n0" holdover
check_status_now "device-get: the PPS DPLL's status (holdover, or unlocked once holdover_ms ran out)" pps "$PPS1"
check "pin-set GNSS-1PPS selectable on the PPS DPLL" \
	y --do pin-set --json "{\"id\": $GNSS, \"parent-device\": {\"parent-id\": $PPS1, \"state\": \"selectable\"}}"
check "PPS DPLL relocks to locked-ho-acq (its log)" wait_status pps locked-ho-acq
check_eq "pin-get: GNSS-1PPS connected on the PPS DPLL again" connected "$(parent "$GNSS" "$PPS1" state)"

# What the capabilities or the board forbid fails and changes nothing.
# snap: board 1's pins as pin-get dumps them (flags such as the
# capabilities are a set in YNL: in no particular order).
snap() {
	y --dump pin-get | q | jq -c --arg c "$D1" \
		'[.[] | select(.["clock-id"] == $c) | .capabilities |= (if type == "array" then sort else . end)] | sort_by(.id)'
}
before=$(snap)
# (through the cli itself: its error output; the others through the server)
YNL_FAILS_CLI=1 ynl_fails "direction of U.FL2 refused (a fixed input: no direction-can-change)" 'direction changing is not allowed' \
	--do pin-set --json "{\"id\": $UFL2, \"parent-device\": {\"parent-id\": $EEC1, \"direction\": \"output\"}}"
ynl_fails "prio 256 refused (0-255)" 'out of range' \
	--do pin-set --json "{\"id\": $SMA1, \"parent-device\": {\"parent-id\": $EEC1, \"prio\": 256}}"
ynl_fails "SMA1 of board 1 on board 2's EEC refused" 'Invalid argument|No such device' \
	--do pin-set --json "{\"id\": $SMA1, \"parent-device\": {\"parent-id\": $EEC2, \"prio\": 3}}"
ynl_fails "state connected in automatic mode refused" 'Invalid argument|Operation not supported' \
	--do pin-set --json "{\"id\": $UFL2, \"parent-device\": {\"parent-id\": $EEC1, \"state\": \"connected\"}}"
ynl_fails "frequency 5 MHz on SMA1 refused (unsupported)" 'Invalid argument' \
	--do pin-set --json "{\"id\": $SMA1, \"frequency\": 5000000}"
check_fails "dpll refuses the direction change too" \
	dpll pin set id "$UFL2" parent-device "$EEC1" direction output
check_eq "nothing changed (pin-get dump of board 1)" "$before" \
	"$(snap)"

# Malformed requests: rejected by the kernel with an errno.
ynl_fails "pin-get of an unknown pin id: ENODEV" 'No such device' --do pin-get --json '{"id": 99999}'
ynl_fails "device-get of an unknown DPLL id: ENODEV" 'No such device' --do device-get --json '{"id": 99999}'
ynl_fails "pin-set of an unknown pin id: ENODEV" 'No such device' \
	--do pin-set --json "{\"id\": 99999, \"parent-device\": {\"parent-id\": $EEC1, \"prio\": 3}}"
ynl_fails "pin-set without a pin id: EINVAL" 'Invalid argument' \
	--do pin-set --json "{\"parent-device\": {\"parent-id\": $EEC1, \"prio\": 3}}"
ynl_fails "device-get without an id: EINVAL" 'Invalid argument' --do device-get --json '{}'
# No DPLL matches: 7.x fails with ENODEV; 6.12's core answers with no id
# and an extack warning "not found" (its dpll_nl_device_id_get_doit).
out=$(y --do device-id-get --json '{"clock-id": 1, "module-name": "nsim_dpll", "type": "eec"}' 2>&1)
rc=$?
if [ $rc != 0 ]; then
	check_match "device-id-get matching nothing: an errno" 'Netlink error: .*No such device' "$out"
else
	check_match "device-id-get matching nothing: no id, extack 'not found' (status 0: this core)" \
		"extack: \\{'msg': 'not found'\\}"$'\n'"\\{\\}\$" "$out"
fi
# A pin id of the wrong type: the same spec with the pin's id as u64 (8
# bytes where the kernel's policy wants a u32).
/opt/ynl/py/python3 - "$YNL_SPEC" /tmp/dpll-u64.yaml <<'EOF'
import sys, yaml
text = open(sys.argv[1]).read()
spec = yaml.safe_load(text)
for s in spec["attribute-sets"]:
    if s["name"] == "pin":
        for a in s["attributes"]:
            if a["name"] == "id":
                a["type"] = "u64"
# the SPDX line (YNL wants it) and the rest as YAML again
open(sys.argv[2], "w").write(text.splitlines(True)[0] + yaml.safe_dump(spec))
EOF
check "a dpll spec with the pin id as u64" grep -q 'u64' /tmp/dpll-u64.yaml
out=$(ynl --spec /tmp/dpll-u64.yaml --no-schema --output-json --do pin-get --json "{\"id\": $SMA1}" 2>&1)
rc=$?
check_match "pin-get with an 8-byte pin id: EINVAL (status $rc)" 'Netlink error: .*Invalid argument' "$out"
check_eq "nothing changed by them" "$before" \
	"$(snap)"

# --subscribe monitor: cutting board 1's GNSS signal, its EEC goes
# locked-ho-acq -> holdover -> unlocked (holdover_ms); then board 2 is
# deleted under the subscription.  iproute2's dpll monitor listens too.
phc=$(phc_of "$(first_netdev $A1)")
G=$DBG/nsim_ptp/ptp$phc/gnss_signal
: >$DMON
dpll monitor >$DMON 2>&1 &
dmon=$!
# (not under check: it runs commands in a subshell, and the monitor must
# stay this shell's child)
ynl_monitor_start $MON $((30 * ${NSIM_TMO:-1})) >/tmp/ynl-monitor-start.txt 2>&1 &&
	pass "ynl --subscribe monitor is subscribed" ||
	fail "ynl --subscribe monitor is subscribed" "$(cat /tmp/ynl-monitor-start.txt)"
# a first notification, to see the subscription took it
check "pin-set SMA2 prio 9 on the PPS DPLL (a PIN_CHANGE)" \
	y --do pin-set --json "{\"id\": $SMA2, \"parent-device\": {\"parent-id\": $PPS1, \"prio\": 9}}"
n0=$(ntrans eec)
check_eq "EEC locked-ho-acq before the cut" locked-ho-acq "$(cur_status eec)"
check "cut board 1's GNSS signal ($G)" nsim_write "$G" 0
check "EEC in holdover (its log)" wait_trans eec "$n0" holdover
check "EEC unlocked after holdover_ms (its log)" wait_trans eec "$n0" unlocked
check "del_device 2 under the subscription" nsim_write $NSIM_BUS/del_device 2
check "the monitor printed everything sent so far (a last pin-change-ntf seen)" \
	ynl_monitor_sync "$SMA2" "$PPS1" 200
if ynl_monitor_stop; then
	pass "ynl's monitor still ran at the end of the window"
else
	fail "ynl's monitor still ran at the end of the window" "$(cat $MON)"
fi
kill $dmon 2>/dev/null
wait $dmon 2>/dev/null
ntf=$(ynl_ntf $MON)
diag "ynl monitor: $(jq -r .name <<<"$ntf" | sort | uniq -c | xargs)"
check_match "the probe's pin-change-ntf first" '^pin-change-ntf$' "$(jq -r .name <<<"$ntf" | head -1)"
check_eq "the probe: SMA2 prio 9 on the PPS DPLL" 9 \
	"$(jq -r --argjson p "$SMA2" --argjson d "$PPS1" 'select(.name == "pin-change-ntf" and .msg.id == $p) | .msg["parent-device"][] | select(.["parent-id"] == $d) | .prio' <<<"$ntf" | head -1)"
seq=$(jq -r --argjson d "$EEC1" 'select(.name == "device-change-ntf" and .msg.id == $d) | .msg["lock-status"]' <<<"$ntf" | xargs)
check_eq "board 1's EEC: device-change-ntf holdover, then unlocked" "holdover unlocked" "$seq"
check_eq "... as its log says (locked-ho-acq before)" "locked-ho-acq holdover unlocked" \
	"$(transitions eec $((n0 - 1)) | awk '{ print $3 }' | xargs)"
check_eq "the unlocked notification says why: lock-status-error media-down" media-down \
	"$(jq -r --argjson d "$EEC1" 'select(.name == "device-change-ntf" and .msg.id == $d and .msg["lock-status"] == "unlocked") | .msg["lock-status-error"]' <<<"$ntf" | tail -1)"
check_match "a pin-change-ntf of GNSS-1PPS (no longer connected)" '^[1-9]' \
	"$(jq -r --argjson p "$GNSS" 'select(.name == "pin-change-ntf" and .msg.id == $p) | .name' <<<"$ntf" | wc -l)"
dseq=$(awk -v id="$EEC1" '
	/^\[/ { dev = ""; if ($1 == "[DEVICE_CHANGE]") { dev = $4; sub(/:$/, "", dev) } }
	$1 == "lock-status:" && dev == id { print $2 }' $DMON | xargs)
check_eq "dpll monitor saw the same sequence" "$seq" "$dseq"
check_eq "device-delete-ntf of board 2's two DPLLs" "$(echo "$EEC2 $PPS2" | xargs -n1 | sort -n | xargs)" \
	"$(jq -r 'select(.name == "device-delete-ntf") | .msg.id' <<<"$ntf" | sort -n | xargs)"
check_eq "... and dpll monitor saw 2 DEVICE_DELETE" 2 "$(grep -c 'DEVICE_DELETE' $DMON)"
check_eq "pin-delete-ntf of every pin of board 2" \
	"$(jq -r --arg c "$D2" '.[] | select(.["clock-id"] == $c) | .id' <<<"$allpins" | sort -n | xargs)" \
	"$(jq -r 'select(.name == "pin-delete-ntf") | .msg.id' <<<"$ntf" | sort -nu | xargs)"
check_eq "nothing of board 2 left (device-get dump)" 0 \
	"$(y --dump device-get | q | jq --arg c "$D2" '[.[] | select(.["clock-id"] == $c)] | length')"
ynl_fails "pin-get of board 2's SMA1, deleted: ENODEV" 'No such device' --do pin-get --json "{\"id\": $SMA1B2}"
check "restore board 1's GNSS signal" nsim_write "$G" 1
check "EEC relocks to locked-ho-acq (its log)" wait_status eec locked-ho-acq
check_status_now "device-get: EEC status as the board's" eec "$EEC1"
check "del_device 1" nsim_write $NSIM_BUS/del_device 1
check_eq "no nsim_dpll DPLL left (device-get dump)" 0 \
	"$(y --dump device-get | jq '[.[] | select(.["module-name"] == "nsim_dpll")] | length')"
check "modprobe -r netdevsim nsim_dpll" modprobe -r netdevsim nsim_dpll
