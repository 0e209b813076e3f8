#!/bin/bash
# The PHC is monotonic in R and a PEROUT edge falls at the first R at which
# the PHC reaches the edge's time, also on a slow clock with a negative
# adjphase slew in progress: a loopback splitter into three inputs, with
# cable delays 0, 1 and 2 ns, timestamps every edge exactly (to the ns).
# timeout: 150
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd phc_ctl
ptp_setup
need_tool

a=$(new_clock mono) || bail_out "cannot create a clock"
dev=/dev/ptp$a
cd_=$D/ptp$a
T() { "$TOOL" "$@"; }
PERIOD=20000000				# 20 ms of PHC time per edge

# Rate 1 - 0.500999999 (below 1/2, so the PHC holds each value for two or
# more consecutive ns of R), and with a -100 ms slew 0.399: the case where
# two separately truncated terms stepped the PHC back by 1 ns.
check "freq_error_ppb -1000000" sh -c "echo -1000000 > $cd_/freq_error_ppb"
check "adjfine -499999999 ppb" phc_ctl "$dev" -- freq -499999999
check "SMA2 = PEROUT 0" T pin "$dev" 2 perout 0
check "SMA1 = EXTTS 1" T pin "$dev" 1 extts 1
check "U.FL1 = EXTTS 2" T pin "$dev" 3 extts 2
check "U.FL2 = EXTTS 3" T pin "$dev" 4 extts 3
check "cable SMA2 -> SMA1, 0 ns" sh -c "echo 'ptp$a SMA2 ptp$a SMA1 0' > $D/connect"
check "cable SMA2 -> U.FL1, 1 ns" sh -c "echo 'ptp$a SMA2 ptp$a U.FL1 1' > $D/connect"
check "cable SMA2 -> U.FL2, 2 ns" sh -c "echo 'ptp$a SMA2 ptp$a U.FL2 2' > $D/connect"

t=$(T get "$dev")
start=$((t / 1000000000 + 2))
check_eq "PEROUT every 20 ms of PHC from $start s" "perout 0" \
	"$(T perout-at "$dev" 0 $PERIOD $start 0)"

# Keep a -100 ms slew in progress (each lasts 1 s of R, a new one replaces
# it) until told to stop; the slewer fails if an adjphase is refused.
stop=/tmp/monotonic.stop
rm -f "$stop"
(
	while [ ! -e "$stop" ]; do
		T adjphase "$dev" -100000000 || exit 1
		sleep 0.3
	done
) &
slewer=$!
ev=$(T extts-multi "$dev" 300 90 1 2 3)
left=$(state_val "$cd_" slew_left_ns)
: >"$stop"
wait "$slewer"
check "the slewer ran to the end, every adjphase accepted" test $? = 0
check "a negative slew still in progress after the edges ($left ns)" test "${left:-0}" -lt 0
check_eq "PEROUT off" "perout 0" "$(T perout-at "$dev" 0 0 0 0)"

# Each stamp against the nearest edge time start + k * PERIOD.
declare -A o
start_ns=$((start * 1000000000))
while read -r c s ns; do
	[ -n "$c" ] || continue
	v=$((s * 1000000000 + ns - start_ns))
	k=$(((v + PERIOD / 2) / PERIOD))
	o[$k.$c]=$((v - k * PERIOD))
done <<<"$ev"
edges=0 bad0=0 bad1=0 bad2=0 back=0 shown=0
for key in "${!o[@]}"; do
	k=${key%.*}
	[ "${key#*.}" = 1 ] && [ -n "${o[$k.2]}" ] && [ -n "${o[$k.3]}" ] || continue
	edges=$((edges + 1))
	o0=${o[$k.1]} o1=${o[$k.2]} o2=${o[$k.3]}
	[ "$o0" = 0 ] || bad0=$((bad0 + 1))
	[ "$o1" = 0 ] || bad1=$((bad1 + 1))
	[ "$o2" = 0 ] || [ "$o2" = 1 ] || bad2=$((bad2 + 1))
	[ "$o1" -ge "$o0" ] && [ "$o2" -ge "$o1" ] || back=$((back + 1))
	if [ "$o0$o1$o2" != 000 ] && [ "$o0$o1$o2" != 001 ] && [ $shown -lt 5 ]; then
		diag "edge $k: stamps 0/1/2 ns after it read edge + $o0 / $o1 / $o2 ns"
		shown=$((shown + 1))
	fi
done
diag "$(grep -c . <<<"$ev") stamps, $edges edges with all three"
check "60 or more edges stamped by all three inputs" test "$edges" -ge 60
check_eq "0 ns after the edge the PHC reads the edge's time" 0 "$bad0"
check_eq "1 ns after it still (the edge is the first R at that time)" 0 "$bad1"
check_eq "2 ns after it the time or 1 ns more" 0 "$bad2"
check_eq "no stamp reads less than an earlier one (PHC monotonic in R)" 0 "$back"

check "delete the clock" sh -c "echo mono > $D/del_clock"
