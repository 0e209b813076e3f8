#!/bin/bash
# A simulated cable from clock A's SMA2 (PEROUT, 1 Hz) to clock B's SMA1
# (EXTTS): B timestamps A's edges in its own time, exactly as the model says;
# ts2phc with A as PHC source disciplines B (A +20 ppm, B -15 ppm, different
# offsets) to <= 50 ns.  Judged by the timestamps, never by wall-clock time.
# timeout: 240
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
ev=$(fifo_collect "$sb" 3)
diag "B's events:" "$ev"
check_eq "B sees A's edges on channel 1 (3 events)" 3 "$(grep -c '^1 ' <<<"$ev")"
check "A: PEROUT off" sh -c "echo '0 0 0 0 0' > $sa/period"
check "B: EXTTS off" sh -c "echo '1 0' > $sb/extts_enable"
# Exact: A's edge at A second k is at R_k = rA + (k - pA) / (1 + fa); B
# reads pB + (R_k - rB) * (1 + fb) then (one state snapshot (r, p) each,
# fa = +20 ppm, fb = -15 ppm, cable 0 ns).  Rounding in the model: +-3 ns.
# (each pair from one read of the state file: R and the PHC at that R)
snap() { # CLOCK-DIR: "R PHC" from one read of its state file
	local k v r p st
	st=$(cat "$1/state")	# one read(): one rendering
	while read -r k v; do
		case $k in ref_ns) r=$v ;; phc_ns) p=$v ;; esac
	done <<<"$st"
	echo "$r $p"
}
read -r rA pA <<<"$(snap "$D/ptp$a")"
read -r rB pB <<<"$(snap "$D/ptp$b")"
bad=0
prev=
while read -r c s ns; do
	[ "$c" = 1 ] || continue
	tB=$((s * 1000000000 + ns))
	# A's second nearest to B's stamp shifted by A - B (about 4.2 ms): the
	# difference of their offsets from R, whatever the time between reads
	kA=$(( (tB + (pA - rA) - (pB - rB) + 500000000) / 1000000000 * 1000000000 ))
	x=$(awk -v dr=$((rA - rB)) -v da=$((kA - pA)) \
		'BEGIN { printf "%.0f", dr * (1 - 15e-6) + da * (1 - 15e-6) / (1 + 20e-6) }')
	d=$((tB - pB - x))
	diag "B stamped $tB for A's $kA: $d ns from the model"
	[ "$(abs "$d")" -le 3 ] || bad=$((bad + 1))
	[ -z "$prev" ] || [ $((kA - prev)) = 1000000000 ] || bad=$((bad + 1))
	prev=$kA
done <<<"$ev"
check_eq "each of B's timestamps is the model's, +-3 ns, one per A second" 0 "$bad"

# Now ts2phc, A as the PHC source on SMA2 (pin 2, PEROUT 0), B's SMA1
# (pin 1, EXTTS 1) as the sink, until it held B for 10 edges in a row.
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
ts2phc -f /tmp/ts2phc.conf -m -l 7 >/tmp/ts2phc.log 2>&1 &
ts2phc_wait /tmp/ts2phc.log $!
offs=$(ts2phc_offsets /tmp/ts2phc.log)
diag "$(grep -c . <<<"$offs") samples locked; the first and the last:" \
	"$(grep 'offset' /tmp/ts2phc.log | head -4)" "$(grep 'offset' /tmp/ts2phc.log | tail -6)"
run=$(ts2phc_locked_run "$offs")
check "ts2phc held B within 50 ns of A for 10 consecutive edges (best run $run)" \
	test "$run" -ge 10
# B must run at A's rate: (1 + fb)(1 + adj) = 1 + fa, adj = +35000.5 ppb.
# ts2phc logs the correction it set with each offset (with the opposite
# sign); over a run of edges within +-50 ns, a servo is within 100 ppb.
freqs=$(awk '/offset *-?[0-9]+ s2 freq/ { for (i = 1; i < NF; i++) if ($i == "freq") print $(i + 1) + 0 }' /tmp/ts2phc.log |
	tail -n 10)
med=$(sort -n <<<"$freqs" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] + 0 }')
diag "ts2phc's corrections over its last 10 edges (locked): median $med ppb (model: -35000.5)"
check "B's frequency correction 35000.5 ppb +- 100 ppb (ts2phc's median)" \
	test "$(abs $((med + 35000)))" -le 100

check "disconnect the cable" sh -c "echo 'ptp$b SMA1' > $D/disconnect"
check_eq "no cables" "" "$(cat $D/cables)"
echo cable-a >"$D/del_clock"
echo cable-b >"$D/del_clock"
