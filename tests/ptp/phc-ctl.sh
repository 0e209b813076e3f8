#!/bin/bash
# phc_ctl on a standalone nsim_ptp clock: caps, pins, set/get, adj, freq, cmp;
# PTP_SYS_OFFSET, _EXTENDED and _PRECISE agree; phc2sys locks the PHC.
# timeout: 120
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd phc_ctl phc2sys
ptp_setup

idx=$(new_clock phcctl) || bail_out "cannot create a standalone clock"
dev=/dev/ptp$idx
sys=/sys/class/ptp/ptp$idx
cd_=$D/ptp$idx
check "$dev is a character device" test -c "$dev"
check_eq "clock_name" phcctl "$(cat "$sys/clock_name")"
check "per-clock debugfs directory" test -f "$cd_/state"

caps=$(phc_ctl -Q "$dev" caps 2>&1; phc_ctl "$dev" caps 2>&1)
check_match "caps: max_adj 500000000" '500000000 maximum frequency adjustment' "$caps"
check_match "caps: 5 EXTTS channels" ' 5 external time stamp channels' "$caps"
check_match "caps: 4 periodic outputs" ' 4 programmable periodic signals' "$caps"
check_match "caps: 5 pins" ' 5 configurable input/output pins' "$caps"
check_match "caps: PPS" 'has pulse per second support' "$caps"
check_match "caps: cross timestamping" 'has cross timestamping support' "$caps"
pins=$(ls "$sys/pins" | sort | tr '\n' ' ')
check_eq "pin names" "GNSS-1PPS SMA1 SMA2 U.FL1 U.FL2 " "$pins"
check_eq "GNSS-1PPS is EXTTS channel 0" "1 0" "$(cat "$sys/pins/GNSS-1PPS")"
check_eq "SMA1 starts unassigned" "0 0" "$(cat "$sys/pins/SMA1")"

# set then get: the value read back lies between the value set and that
# plus the time phc_ctl took (it formats dates between commands: slow in TCG)
t0=$(ns_now)
out=$(phc_ctl "$dev" set 1000000000.5 get 2>&1)
t1=$(ns_now)
got=$(sed -n 's/.*clock time is \([0-9]*\)\.\([0-9]*\).*/\1\2/p' <<<"$out" | tail -1)
d=$(( ${got:-0} - 1000000000500000000 ))
diag "set 1000000000.5, read back $d ns later; phc_ctl ran $((t1 - t0)) ns"
check "get after set reads the value set, plus elapsed time" test "$d" -ge 0 -a "$d" -le $((t1 - t0))
check "phc_ctl set (to CLOCK_REALTIME)" phc_ctl "$dev" set
c=$(phc_ctl "$dev" cmp 2>&1 | sed -n 's/.*offset from CLOCK_REALTIME is \(-\{0,1\}[0-9]*\)ns.*/\1/p')
diag "after set: offset from CLOCK_REALTIME ${c}ns"
check "set then compare: within 1 ms" test "$(abs "${c:-99999999}")" -le 1000000

# adj 5: the offset from R (exact, debugfs) moves by 5 s
o1=$(cat "$cd_/offset_ns")
check "phc_ctl adj 5" phc_ctl "$dev" adj 5
o2=$(cat "$cd_/offset_ns")
d=$((o2 - o1 - 5000000000))
diag "adj 5: offset from R moved by $((o2 - o1)) ns"
check "adj 5 steps 5 s +- 1 ms" test "$(abs $d)" -le 1000000
o1=$(cat "$cd_/offset_ns")
check "phc_ctl adj -5" phc_ctl "$dev" -- adj -5
o2=$(cat "$cd_/offset_ns")
diag "adj -5: offset from R moved by $((o2 - o1)) ns"
check "adj -5 steps back 5 s +- 1 ms" test "$(abs $((o2 - o1 + 5000000000)))" -le 1000000
t0=$(ns_now)
out=$(phc_ctl "$dev" get adj 5 get 2>&1)
t1=$(ns_now)
t=($(sed -n 's/.*clock time is \([0-9]*\)\.\([0-9]*\).*/\1\2/p' <<<"$out"))
d=$(( ${t[1]:-0} - ${t[0]:-0} - 5000000000 ))
diag "phc_ctl get adj 5 get: $d ns beyond 5 s; phc_ctl ran $((t1 - t0)) ns"
check "get/adj 5/get reads 5 s further, plus elapsed time" test "$d" -ge 0 -a "$d" -le $((t1 - t0))

# freq 100000 ppb: gains 100 us per second of CLOCK_MONOTONIC_RAW (R)
check "phc_ctl freq 100000" phc_ctl "$dev" freq 100000
s1=$(cat "$cd_/state")
tc1=$(ns_now)
c1=$(phc_ctl "$dev" cmp 2>&1 | sed -n 's/.*offset from CLOCK_REALTIME is \(-\{0,1\}[0-9]*\)ns.*/\1/p')
sleep 3
s2=$(cat "$cd_/state")
tc2=$(ns_now)
c2=$(phc_ctl "$dev" cmp 2>&1 | sed -n 's/.*offset from CLOCK_REALTIME is \(-\{0,1\}[0-9]*\)ns.*/\1/p')
r1=$(awk '$1=="ref_ns"{print $2}' <<<"$s1"); r2=$(awk '$1=="ref_ns"{print $2}' <<<"$s2")
o1=$(awk '$1=="offset_ns"{print $2}' <<<"$s1"); o2=$(awk '$1=="offset_ns"{print $2}' <<<"$s2")
gain=$(( (o2 - o1) * 1000000000 / (r2 - r1) ))
diag "freq 100000: gained $((o2 - o1)) ns in $((r2 - r1)) ns of R: $gain ns/s"
check "gains 100 us/s +- 5% against CLOCK_MONOTONIC_RAW" test "$gain" -ge 95000 -a "$gain" -le 105000
check_match "cmp reports an offset" '^-?[0-9]+$' "$c1"
if [[ $c1 =~ ^-?[0-9]+$ && $c2 =~ ^-?[0-9]+$ ]]; then
	g2=$(abs $(( (c2 - c1) * 1000000000 / (tc2 - tc1) )))
	diag "cmp: offset to CLOCK_REALTIME moved by $((c2 - c1)) ns in $((tc2 - tc1)) ns: $g2 ns/s"
	check "cmp sees the gain too (+- 10%)" test "$g2" -ge 90000 -a "$g2" -le 112000
fi
check "phc_ctl freq 0" phc_ctl "$dev" freq 0
check_match "frequency read back" 'adj_ppb 0' "$(cat "$cd_/state")"

# the three PTP_SYS_OFFSET flavours agree
if have_tool; then
	phc_ctl "$dev" set >/dev/null 2>&1
	so=$("$TOOL" sysoff "$dev")
	diag "$so"
	b=$(awk '$1=="basic"{print $2}' <<<"$so")
	e=$(awk '$1=="extended"{print $2}' <<<"$so")
	p=$(awk '$1=="precise"{print $2}' <<<"$so")
	check_match "PTP_SYS_OFFSET works" '^-?[0-9]+$' "$b"
	check_match "PTP_SYS_OFFSET_EXTENDED works" '^-?[0-9]+$' "$e"
	check_match "PTP_SYS_OFFSET_PRECISE works" '^-?[0-9]+$' "$p"
	c=$("$TOOL" caps "$dev")
	diag "$c"
	check_match "caps: adjust_phase, max_phase_adj 100 ms (or not reported)" \
		'^adjust_phase 1 max_phase_adj (100000000|0)$' "$c"
	check "basic and extended agree within 1 ms" test "$(abs $((b - e)))" -le 1000000
	check "extended and precise agree within 1 ms" test "$(abs $((e - p)))" -le 1000000
else
	skip "PTP_SYS_OFFSET flavours" "helper not built (make -C tests/ptp on the host)"
fi

# phc2sys steers the PHC to CLOCK_REALTIME through those ioctls
check "step the PHC 3 ms away" phc_ctl "$dev" adj 0.003
timeout 12 phc2sys -s CLOCK_REALTIME -c "$dev" -O 0 -m -q -R 4 >/tmp/phc2sys.log 2>&1
last=$(grep -o 'offset *-\{0,1\}[0-9]*' /tmp/phc2sys.log | tail -3 | awk '{print $2}' | tr '\n' ' ')
diag "phc2sys last offsets: $last"
diag "$(tail -2 /tmp/phc2sys.log)"
ok=1
n=0
for v in $last; do
	n=$((n + 1))
	[ "$(abs "$v")" -le 20000 ] || ok=0
done
check "phc2sys ran" test "$n" -ge 3
check "phc2sys holds the PHC within 20 us of CLOCK_REALTIME" test "$ok" = 1

check "delete the clock" sh -c "echo phcctl > $D/del_clock"
check "$dev is gone" test ! -e "$dev"
