#!/bin/bash
# GNSS-1PPS EXTTS: one event per R second, timestamped with the PHC's time at
# that instant (steps and noise show); PPS events reach the kernel PPS core;
# clocks past the kernel's PPS sources register without PPS.
# timeout: 150
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd phc_ctl
ptp_setup
need_tool

idx=$(new_clock gnss) || bail_out "cannot create a standalone clock"
dev=/dev/ptp$idx
sys=/sys/class/ptp/ptp$idx
cd_=$D/ptp$idx

# Events are judged by their timestamps, never by how many arrive in some
# wall-clock window: the model is exact, so each is on a whole R second,
# carrying the PHC's time then (PHC - R is offset_ns, constant without a
# frequency error).
check_eq "GNSS signal on by default" 1 "$(cat "$cd_/gnss_signal")"
check_eq "a new clock's PHC - R is exactly 0" 0 "$(cat "$cd_/offset_ns")"
check "enable EXTTS channel 0 (sysfs)" sh -c "echo '0 1' > $sys/extts_enable"
fifo_drain "$sys"
ev=$(fifo_collect "$sys" 4)
diag "events:" "$ev"
check_eq "4 events" 4 "$(grep -c . <<<"$ev")"
check "all on channel 0, exactly on the second" \
	bash -c "! grep -qv '^0 [0-9]* 0\$' <<<'$ev'"
secs=($(awk '{print $2}' <<<"$ev"))
check_eq "one event per second, none missing" "1 1 1" \
	"$((secs[1] - secs[0])) $((secs[2] - secs[1])) $((secs[3] - secs[2]))"

# judge_step OFF PB PA EVENTS: the PHC read PB before a step by OFF and PA
# after it; an event stamped before the step (delivered late, maybe) is on
# the second and before PA; one after it is OFF past the second, after PB.
# Prints the number after the step and the number of events neither.
judge_step() {
	local off=$1 pb=$2 pa=$3 c s ns t after=0 bad=0
	while read -r c s ns; do
		[ -n "$c" ] || continue
		t=$((s * 1000000000 + ns))
		if [ "$ns" = "$off" ] && [ "$t" -gt "$pb" ]; then
			after=$((after + 1))
		elif [ "$ns" != 0 ] || [ "$t" -ge "$pa" ]; then
			bad=$((bad + 1))
		fi
	done <<<"$4"
	echo "$after $bad"
}

# Step the PHC by +300 us against R: events now read offset_ns past the second.
fifo_drain "$sys"
pb=$(state_val "$cd_" phc_ns)
check "phc_ctl adj 0.0003" phc_ctl "$dev" adj 0.0003
off=$(cat "$cd_/offset_ns")
pa=$(state_val "$cd_" phc_ns)
diag "offset from R now $off ns (phc_ctl's 0.0003 s in ns)"
check "the step is 300 us (+0/-1 ns of phc_ctl's float)" test "$off" -ge 299999 -a "$off" -le 300000
# Events up to three after the step (those before it, late, come first).
ev=
for ((i = 0; i < 20; i++)); do
	ev+=$(fifo_collect "$sys" 1)$'\n'
	[ "$(grep -c " $off\$" <<<"$ev")" -ge 3 ] && break
done
diag "events around the step:" "$ev"
r=($(judge_step "$off" "$pb" "$pa" "$ev"))
check "3 or more events after the step" test "${r[0]}" -ge 3
check_eq "each exactly on the second before the step, offset_ns ($off) past it after" 0 "${r[1]}"

# Timestamp noise: events spread within +-noise_ns around the exact value.
check "noise_ns 500" sh -c "echo 500 > $cd_/noise_ns"
fifo_drain "$sys"
ev=$(fifo_collect "$sys" 6)
diag "events with noise:" "$ev"
check_eq "6 noisy events" 6 "$(grep -c . <<<"$ev")"
bad=$(awk -v o="$off" '{ d = $3 - o; if (d < -500 || d > 500) n++ } END { print n + 0 }' <<<"$ev")
check_eq "all within offset_ns +- 500 ns" 0 "$bad"
check "noise varies" test "$(awk '{print $3}' <<<"$ev" | sort -u | wc -l)" -ge 2
echo 0 >"$cd_/noise_ns"

# No GNSS signal, no edges: none is timestamped between a read of R after
# switching it off and one before switching it on again (R = PHC -
# offset_ns), whenever it is delivered.
fifo_drain "$sys"
check "gnss_signal 0" sh -c "echo 0 > $cd_/gnss_signal"
r1=$(state_val "$cd_" ref_ns)
sleep 2.5
r2=$(state_val "$cd_" ref_ns)	# before switching it on: the window is shorter
check "gnss_signal 1" sh -c "echo 1 > $cd_/gnss_signal"
ev=$(fifo_collect "$sys" 2)
diag "R off $r1, on $r2; events:" "$ev"
inside=0
while read -r c s ns; do
	[ -n "$c" ] || continue
	t=$((s * 1000000000 + ns - off))
	[ "$t" -gt "$r1" ] && [ "$t" -lt "$r2" ] && inside=$((inside + 1))
done <<<"$ev"
check_eq "no event while the signal was off" 0 "$inside"
last=$(tail -n 1 <<<"$ev")
check "events again with signal" test -n "$last"
check "disable EXTTS channel 0" sh -c "echo '0 0' > $sys/extts_enable"

# PPS: the kernel PPS source of this PHC counts assert events.
pps=
for p in /sys/class/pps/pps*; do
	[ "$(cat "$p/name" 2>/dev/null)" = "ptp$idx" ] && pps=$p
done
check_eq "pps_available" 1 "$(cat "$sys/pps_available")"
if [ -n "$pps" ]; then
	check "enable PPS" sh -c "echo 1 > $sys/pps_enable"
	a1=$(cat "$pps/assert")
	n1=${a1##*#}
	# Counted as they come (the loop's limit is a safety net).
	for ((i = 0; i < 300; i++)); do
		a2=$(cat "$pps/assert")
		[ $(( ${a2##*#} - ${n1:-0} )) -ge 3 ] && break
		sleep 0.2
	done
	diag "PPS assert before: $a1, after: $a2"
	check "3 PPS events reach the PPS source" test $(( ${a2##*#} - ${n1:-0} )) -ge 3
	check "disable PPS" sh -c "echo 0 > $sys/pps_enable"
else
	fail "a PPS source for ptp$idx" "$(ls /sys/class/pps 2>&1)"
fi

check "delete the clock" sh -c "echo gnss > $D/del_clock"

n_before=$(find /sys/class/pps -mindepth 1 -maxdepth 1 | wc -l)

# The kernel has a fixed number of PPS sources (PPS_MAX_SOURCES) for all
# drivers.  Clocks created past it still register, without PPS; a source
# given back makes the next clock get one again.  The limit differs (16 on
# 5.10-6.12, 256 on 7.2 and 7.3): create clocks in batches until one has none.
ours=()
nopps=
i=0
while [ -z "$nopps" ] && [ $i -lt 320 ]; do
	for ((j = 0; j < 16; j++)); do
		i=$((i + 1))
		echo "pps$i" >"$D/new_clock" || break 2
		ours+=("pps$i")
	done
	for f in $(grep -l '^0$' /sys/class/ptp/ptp*/pps_available); do
		f=${f%/pps_available}
		case $(cat "$f/clock_name") in pps*) nopps=${f##*ptp}; break ;; esac
	done
done
n_pps=$(find /sys/class/pps -mindepth 1 -maxdepth 1 | wc -l)
diag "${#ours[@]} clocks created; PPS sources in the system: $n_pps"
if [ -n "$nopps" ]; then
	pass "a clock past the PPS sources registers without PPS (ptp$nopps)"
	caps=$(phc_ctl "/dev/ptp$nopps" caps 2>&1)
	check_match "phc_ctl caps: no PPS" "doesn't have pulse per second support" "$caps"
	# The PTP core hides pps_enable of a clock without PPS.
	check "no pps_enable in sysfs" test ! -e "/sys/class/ptp/ptp$nopps/pps_enable"
	check_eq "PTP_ENABLE_PPS: EOPNOTSUPP" "pps 95" \
		"$("$TOOL" pps "/dev/ptp$nopps" 1)"
	check "its EXTTS still works" sh -c "echo '0 1' > /sys/class/ptp/ptp$nopps/extts_enable"
	check "an EXTTS event on it" test -n "$(fifo_collect "/sys/class/ptp/ptp$nopps" 1)"
	check "delete a clock that has PPS" sh -c "echo pps1 > $D/del_clock"
	x=$(new_clock ppsagain)
	check_eq "the next clock has PPS again" 1 "$(cat /sys/class/ptp/ptp${x:-none}/pps_available 2>&1)"
	ours[0]=ppsagain
else
	fail "a clock without PPS once the sources are taken" \
		"${#ours[@]} clocks, $n_pps PPS sources"
fi
t0=$(ns_now)
for c in "${ours[@]}"; do echo "$c" >"$D/del_clock"; done
# Information only (wall-clock time of a busy guest is no verdict): a
# clock without cables is deleted without waiting for an RCU grace period.
diag "deleted ${#ours[@]} clocks in $((($(ns_now) - t0) / 1000000)) ms"
check_eq "PPS sources given back" "$n_before" \
	"$(find /sys/class/pps -mindepth 1 -maxdepth 1 | wc -l)"
