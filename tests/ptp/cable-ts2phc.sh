#!/bin/bash
# A simulated cable from clock A's SMA2 (PEROUT, 1 Hz) to clock B's SMA1
# (EXTTS): B timestamps A's edges in its own time; ts2phc with A as PHC
# source disciplines B (A +20 ppm, B -15 ppm, different offsets) to <= 50 ns.
# timeout: 150
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ts2phc phc_ctl
ptp_setup

a=$(new_clock cable-a) || bail_out "cannot create clock A"
b=$(new_clock cable-b) || bail_out "cannot create clock B"
sa=/sys/class/ptp/ptp$a
sb=/sys/class/ptp/ptp$b
check "A: oscillator +20 ppm" sh -c "echo 20000 > $D/ptp$a/freq_error_ppb"
check "B: oscillator -15 ppm" sh -c "echo -15000 > $D/ptp$b/freq_error_ppb"
check "A: offset +1.5 ms from R" sh -c "echo 1500000 > $D/ptp$a/offset_ns"
check "B: offset -2.7 ms from R" sh -c "echo -2700000 > $D/ptp$b/offset_ns"
check "cable ptp$a SMA2 -> ptp$b SMA1" sh -c "echo 'ptp$a SMA2 ptp$b SMA1' > $D/connect"
check_eq "cable listed" "ptp$a SMA2 ptp$b SMA1 0" "$(cat $D/cables)"

# By hand first, through sysfs: A's edges reach B's EXTTS channel 1.
check "A: SMA2 = PEROUT 0" sh -c "echo '2 0' > $sa/pins/SMA2"
check "B: SMA1 = EXTTS 1" sh -c "echo '1 1' > $sb/pins/SMA1"
check "B: enable EXTTS 1" sh -c "echo '1 1' > $sb/extts_enable"
check "A: PEROUT 0, 1 Hz" sh -c "echo '0 0 0 1 0' > $sa/period"
sleep 3.5
ev=
while l=$(cat "$sb/fifo") && [ -n "$l" ]; do ev+="$l"$'\n'; done
diag "B's events:" "$ev"
n=$(grep -c '^1 ' <<<"$ev")
check "B sees A's edges on channel 1 (2-4 in 3.5 s)" test "$n" -ge 2 -a "$n" -le 4
# B - A = -4.2 ms plus -35 ppm of elapsed R: B timestamps A's second
# boundary somewhat more than 4.2 ms before its own second.
ns=$(awk 'NR==1{print $3}' <<<"$ev")
check "B's timestamp is about 4.2 ms before the second" test "${ns:-0}" -gt 995000000 -a "${ns:-0}" -lt 995900000
check "A: PEROUT off" sh -c "echo '0 0 0 0 0' > $sa/period"
check "B: EXTTS off" sh -c "echo '1 0' > $sb/extts_enable"

# Now ts2phc, A as the PHC source on SMA2 (pin 2, PEROUT 0), B's SMA1
# (pin 1, EXTTS 1) as the sink.
cat >/tmp/ts2phc.conf <<CONF
[global]
use_syslog 0
verbose 1
logging_level 6
[/dev/ptp$a]
ts2phc.master 1
ts2phc.pin_index 2
ts2phc.channel 0
[/dev/ptp$b]
ts2phc.pin_index 1
ts2phc.channel 1
CONF
timeout 60 ts2phc -f /tmp/ts2phc.conf -m -l 7 >/tmp/ts2phc.log 2>&1
diag "$(grep -c 'master offset' /tmp/ts2phc.log) samples; the first and the last:" \
	"$(grep 'master offset' /tmp/ts2phc.log | head -4)" "$(grep 'master offset' /tmp/ts2phc.log | tail -6)"
offs=$(grep -o 'offset *-\{0,1\}[0-9]* s[0-9]' /tmp/ts2phc.log | awk '{print $2}')
last=$(tail -5 <<<"$offs" | tr '\n' ' ')
n=$(grep -c . <<<"$offs")
check "ts2phc reported at least 30 samples" test "$n" -ge 30 ||
	diag "$(head -20 /tmp/ts2phc.log)" "$(dmesg | tail -5)"
ok=1
for v in $last; do [ "$(abs "$v")" -le 50 ] || ok=0; done
[ -n "${last// /}" ] || ok=0
check "last 5 offsets within 50 ns: $last" test "$ok" = 1
first=$(awk '{ v = $1 < 0 ? -$1 : $1; if (v > 50) f = 0; else if (!f) f = NR } END { print f }' <<<"$offs")
diag "ts2phc: offsets within 50 ns from sample ${first:-never} on (one sample per second)"
check "converged within 60 s" test "${first:-0}" -ge 1 -a "${first:-99}" -le 60
freq=$(grep -o 'freq *[-+][0-9]*' /tmp/ts2phc.log | tail -1 | awk '{print $2}')
adj=$(awk '$1=="adj_ppb"{print $2}' "$D/ptp$b/state")
diag "frequency correction on B: adjfine $adj ppb (ts2phc prints $freq), expected +35000"
check "B's frequency correction near +35 ppm" test "${adj:-0}" -ge 34000 -a "${adj:-0}" -le 36000

# The clocks agree now, seen from outside (offset from R, exact).
oa=$(cat "$D/ptp$a/offset_ns")
ob=$(cat "$D/ptp$b/offset_ns")
diag "A - R = $oa ns, B - R = $ob ns, B - A = $((ob - oa)) ns"
check "B - A within 1 us after ts2phc exited" test "$(abs $((ob - oa)))" -le 1000

check "disconnect the cable" sh -c "echo 'ptp$b SMA1' > $D/disconnect"
check_eq "no cables" "" "$(cat $D/cables)"
echo cable-a >"$D/del_clock"
echo cable-b >"$D/del_clock"
