#!/bin/bash
# PHC time and PEROUT at the edges of the representable range: values from
# 2200-01-01 UTC on (7258118400 s) are refused with ERANGE by settime,
# adjtime, offset_ns and PEROUT (ioctl and sysfs); a clock set just below
# runs on past it with exact edges; a PEROUT far away on a slow clock (the
# overflow of the review's B1) leaves the guest alive, its timers running.
# timeout: 120
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd phc_ctl
ptp_setup
have_tool || bail_out "tests/ptp/nsim-ptp-tool missing (make -C tests/ptp on the host)"

BOUND=7258118400			# s, 2200-01-01 00:00:00 UTC
BOUND_NS=${BOUND}000000000
ERANGE="Numerical result out of range"

a=$(new_clock range-a) || bail_out "cannot create a clock"
dev=/dev/ptp$a
sys=/sys/class/ptp/ptp$a
cd_=$D/ptp$a
T() { "$TOOL" "$@"; }

# --- settime
check_eq "settime to the bound - 60 s" "settime 0" "$(T settime "$dev" $((BOUND - 60)) 0)"
t=$(T get "$dev")
diag "read back $t"
check "reads back at or after it, below the bound" \
	test "$t" -ge "$((BOUND - 60))000000000" -a "$t" -lt "$BOUND_NS"
check_eq "settime to the bound: ERANGE" "settime 34" "$(T settime "$dev" $BOUND 0)"
check_match "settime to 2262 (KTIME_MAX): ERANGE or the core's EINVAL" \
	'^settime (34|22)$' "$(T settime "$dev" 9223372035 0)"
check_eq "settime to the last ns before the bound" "settime 0" \
	"$(T settime "$dev" $((BOUND - 1)) 999999999)"
t1=$(T get "$dev")
t2=$(T get "$dev")
diag "reads past the bound: $t1 $t2"
check "the clock runs on past the bound, monotonic" \
	test "$t1" -ge "$BOUND_NS" -a "$t2" -gt "$t1"

# --- adjtime (ADJ_SETOFFSET) and the offset_ns knob
T settime "$dev" $((BOUND - 60)) 0 >/dev/null
check_eq "step +30 s stays below the bound" "step 0" "$(T step "$dev" 30 0)"
check_eq "step +60 s would cross the bound: ERANGE" "step 34" "$(T step "$dev" 60 0)"
check_match "step by KTIME_MAX: ERANGE (or the core's EINVAL)" '^step (34|22)$' "$(T step "$dev" 9223372036 0)"
t=$(T get "$dev")
check "PHC unchanged by the refused steps (below the bound)" test "$t" -lt "$BOUND_NS"
check_eq "step back -60 s" "step 0" "$(T step "$dev" -60 0)"
ref=$(awk '$1=="ref_ns"{print $2}' "$cd_/state")
check_write_err "offset_ns putting the PHC past the bound: ERANGE" "$cd_/offset_ns" \
	"$((BOUND_NS - ref + 10000000000))" "$ERANGE"
check "offset_ns putting the PHC an hour below the bound" \
	sh -c "echo $((BOUND_NS - ref - 3600000000000)) > $cd_/offset_ns"
check_write_err "offset_ns: S64 overflow" "$cd_/offset_ns" "9223372036854775807" "$ERANGE"

# --- PEROUT near the bound: SMA2 (PEROUT 0) looped back into SMA1 (EXTTS 1)
check "SMA2 = PEROUT 0" T pin "$dev" 2 perout 0
check "SMA1 = EXTTS 1" T pin "$dev" 1 extts 1
check "loopback cable SMA2 -> SMA1" sh -c "echo 'ptp$a SMA2 ptp$a SMA1' > $D/connect"
T settime "$dev" $((BOUND - 4)) 0 >/dev/null
check_eq "PEROUT start at the bound: ERANGE" "perout 34" \
	"$(T perout-at "$dev" 0 1000000000 $BOUND 0)"
check_eq "PEROUT start at 2262 (the review's 9223372035 s): ERANGE" "perout 34" \
	"$(T perout-at "$dev" 0 1000000000 9223372035 0)"
check_write_err "sysfs period, start at 2262: ERANGE" "$sys/period" \
	"0 9223372035 0 1 0" "$ERANGE"
check_write_err "sysfs period, start at the bound: ERANGE" "$sys/period" \
	"0 $BOUND 0 1 0" "$ERANGE"
check_eq "PEROUT 1 Hz from the bound - 2 s" "perout 0" \
	"$(T perout-at "$dev" 0 1000000000 $((BOUND - 2)) 0)"
ev=$(T extts "$dev" 1 4 60)
diag "edges:" "$ev"
# Exact: a PHC edge at S.000000000 is timestamped by the same PHC, cable 0 ns.
ok=1
prev=
while read -r c s ns; do
	[ "$c" = 1 ] && [ "$ns" = 0 ] || ok=0
	[ -z "$prev" ] || [ "$s" = $((prev + 1)) ] || ok=0
	prev=$s
done <<<"$ev"
check_eq "4 edges" 4 "$(grep -c . <<<"$ev")"
check "each exactly on a PHC second, one second apart" test "$ok" = 1
check "the edges cross the bound" test "${prev:-0}" -ge "$BOUND"
check_eq "PEROUT off" "perout 0" "$(T perout-at "$dev" 0 0 0 0)"

# --- the review's B1 trigger: PHC at 0, slowest frequency, PEROUT far away
check_eq "settime 0" "settime 0" "$(T settime "$dev" 0 0)"
check "adjfine -499999999 ppb" phc_ctl "$dev" -- freq -499999999
check_eq "PEROUT just below the bound on the slow clock is accepted" "perout 0" \
	"$(T perout-at "$dev" 0 1000000000 $((BOUND - 1)) 0)"
check_eq "PEROUT at 2262 on the slow clock: ERANGE" "perout 34" \
	"$(T perout-at "$dev" 0 1000000000 9223372035 0)"
t=$(T get "$dev")
check "PHC still reads (near 0)" test "$t" -ge 0 -a "$t" -lt 1000000000000
# The clock's timer still works: GNSS-1PPS events arrive, spaced by the
# PHC's time of one R second at the slow rate (exact to the model: +-1 ns
# of the scaled-ppm rounding per second).
ev=$(T extts "$dev" 0 3 60)
diag "GNSS-1PPS events:" "$ev"
check_eq "3 GNSS-1PPS events" 3 "$(grep -c '^0 ' <<<"$ev")"
ts=()
while read -r c sec ns; do ts+=($((sec * 1000000000 + ns))); done <<<"$ev"
d=$(( ${ts[2]:-0} - ${ts[1]:-0} ))
check "spaced by half a second of PHC (+-2 ns): $d" test "$(abs $((d - 500000001)))" -le 2
check_eq "PEROUT off" "perout 0" "$(T perout-at "$dev" 0 0 0 0)"
check "adjfine 0" phc_ctl "$dev" freq 0
check "delete the clock" sh -c "echo range-a > $D/del_clock"
