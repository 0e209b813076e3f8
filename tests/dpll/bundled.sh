#!/bin/bash
# The "dpll" generic netlink family: on kernels without a DPLL core (5.10,
# 6.1) nsim_dpll's bundled one exists only while the module is loaded and
# refuses bad input like the kernel's, reports what the board's optional
# callbacks give (modes, clock quality, phase offset, ffo) and switches
# mode under a monitor; on kernels with one, nsim_dpll registers none and
# the kernel's stays.
# timeout: 180
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
. "$(dirname "$0")/_ynl.sh"
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

# the kernel's YNL library and dpll spec (not ynl_setup: its cli.py probe
# is one more python start, seconds under TCG)
require_cmd ynl
[ -f "$YNL_SPEC" ] || bail_out "no dpll spec at $YNL_SPEC (tests/vm ynl_archive)"
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
SMA2=$(dpll pin id-get module-name nsim_dpll clock-id "$D1" board-label SMA2)
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


# What the board fills in through the kernel core's optional callbacks, the
# bundled core reports too: supported modes, clock quality, per-parent
# phase offset and frequency offset (GNSS-1PPS has a signal, SMA1 none).
PPS=$(dpll device id-get module-name nsim_dpll clock-id "$D1" type pps)
GNSS=$(dpll pin id-get module-name nsim_dpll clock-id "$D1" board-label GNSS-1PPS)
dev() { dpll -j device show id "$1" | jq -r ".device // . | if type == \"array\" then .[0] else . end | $2"; }
nest() { dpll -j pin show id "$1" | jq -r --argjson d "$2" \
	".. | objects | select(.[\"parent-id\"]? == \$d) | $3"; }
check_eq "mode-supported: automatic and manual" "automatic manual" \
	"$(dev "$PPS" '.["mode-supported"] | sort | join(" ")')"
check_eq "EEC clock-quality-level: itu-opt1-eec1" itu-opt1-eec1 \
	"$(dev "$EEC" '.["clock-quality-level"] | if type == "array" then join(" ") else . end')"
check_match "GNSS-1PPS phase-offset, ffo in ppm and ppt on the PPS DPLL" '^-?[0-9]+ 0 0$' \
	"$(nest "$GNSS" "$PPS" '"\(.["phase-offset"]) \(.["fractional-frequency-offset"]) \(.["fractional-frequency-offset-ppt"])"')"
check_eq "SMA1 (no signal): phase-offset 0, no ffo" "0 null" \
	"$(nest "$SMA1" "$EEC" '"\(.["phase-offset"]) \(.["fractional-frequency-offset-ppt"])"')"

# Through the kernel's YNL, one python for all (each start costs seconds
# under TCG): dumps take no filter, as the kernel's (its pin-get dump
# policy has the id, unused; its device-get dump refuses any attribute); the PPS DPLL
# to manual under a monitor subscription: it keeps its input, SMA1
# (selectable) goes disconnected and a pin-change-ntf says so; bad
# device-sets: a mode out of range, an unknown id, a monitor this core
# lacks, the mode as a u64 (8 bytes where the policy wants a u32).
/opt/ynl/py/python3 - "$YNL_SPEC" "$PPS" "$EEC" "$SMA1" $((10 * ${NSIM_TMO:-1})) \
	>/tmp/dpll-bundled-ynl.json 2>/tmp/dpll-bundled-ynl.err <<'EOF2'
import json, sys
sys.path.append('/opt/ynl/kernel/tools/net/ynl/pyynl')
from lib import YnlFamily, NlError
spec, pps, eec, sma1, tmo = sys.argv[1], *map(int, sys.argv[2:])
y = YnlFamily(spec, schema='')
y.ntf_subscribe('monitor')	# binds the socket: before any request
r = {}
def err(f):
    try:
        f()
        return 'succeeded'
    except NlError as e:
        return str(e)
r['pin-dump-id'] = len(y.dump('pin-get', {'id': sma1}))
r['dev-dump-id'] = err(lambda: y.dump('device-get', {'id': eec}))
r['set-manual'] = err(lambda: y.do('device-set', {'id': pps, 'mode': 'manual'}))
r['mode'] = y.do('device-get', {'id': pps})['mode']
r['ntf'] = None
for m in y.poll_ntf(duration=tmo):
    if m['name'] == 'pin-change-ntf' and m['msg']['id'] == sma1:
        for p in m['msg']['parent-device']:
            if p['parent-id'] == pps and p['state'] == 'disconnected':
                r['ntf'] = 'sma1 disconnected on pps'
        if r['ntf']:
            break
r['mode3'] = err(lambda: y.do('device-set', {'id': pps, 'mode': 3}))
r['unknown'] = err(lambda: y.do('device-set', {'id': 99999, 'mode': 'automatic'}))
r['monitor'] = err(lambda: y.do('device-set', {'id': pps, 'phase-offset-monitor': 'enable'}))
y.attr_sets['dpll']['mode'].yaml['type'] = 'u64'
r['u64'] = err(lambda: y.do('device-set', {'id': pps, 'mode': 2}))
print(json.dumps(r))
EOF2
check "YNL ran (python $(head -c 300 /tmp/dpll-bundled-ynl.err))" test -s /tmp/dpll-bundled-ynl.json
yr() { tail -n 1 /tmp/dpll-bundled-ynl.json | jq -r ".[\"$1\"]"; }
diag "YNL: $(cat /tmp/dpll-bundled-ynl.json)"
check_eq "pin-get dump with an id: every pin, as the kernel's" 5 "$(yr pin-dump-id)"
# (the kernel's says "Unknown attribute type" too; a dump's start has no
# extack that reaches the ack on 5.10/6.1)
check_match "device-get dump with an id: EINVAL, as the kernel's (its dump takes no attribute)" \
	'Invalid argument' "$(yr dev-dump-id)"
check_eq "device-set PPS mode manual" succeeded "$(yr set-manual)"
check_eq "PPS mode manual, read back" manual "$(yr mode)"
check_eq "monitor: pin-change-ntf of SMA1 disconnected on the PPS DPLL" \
	"sma1 disconnected on pps" "$(yr ntf)"
check_match "device-set mode 3: ERANGE, the policy's extack" \
	'integer out of range: Numerical result out of range' "$(yr mode3)"
check_match "device-set of an unknown id: ENODEV" 'device not found: No such device' "$(yr unknown)"
check_match "device-set phase-offset-monitor: EOPNOTSUPP" \
	'not capable of phase offset monitor: Operation not supported' "$(yr monitor)"
check_match "device-set with an 8-byte mode: EINVAL" 'Invalid argument' "$(yr u64)"
check_eq "PPS still manual (dpll)" manual "$(dev "$PPS" .mode)"
check "device-set to the mode it has: a no-op" dpll device set id "$PPS" mode manual
check "PPS back to automatic (dpll)" dpll device set id "$PPS" mode automatic
check_eq "SMA1 selectable again on the PPS DPLL" selectable "$(nest "$SMA1" "$PPS" .state)"
# a driver's formatted extack message, its arguments expanded
err=$(dpll pin set id "$SMA1" parent-device "$EEC" prio 4000000 2>&1)
check_match "prio out of range: the driver's formatted extack" \
	'priority out of range 0-[0-9]+' "$err"

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
