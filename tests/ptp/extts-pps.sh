#!/bin/bash
# GNSS-1PPS EXTTS: one event per R second, timestamped with the PHC's time at
# that instant (steps and noise show); PPS events reach the kernel PPS core;
# clocks past the kernel's PPS sources register without PPS.
# timeout: 150
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd phc_ctl
ptp_setup

idx=$(new_clock gnss) || bail_out "cannot create a standalone clock"
dev=/dev/ptp$idx
sys=/sys/class/ptp/ptp$idx
cd_=$D/ptp$idx

# read_fifo: every queued EXTTS event, "chan sec nsec" per line
read_fifo() {
	local l
	while l=$(cat "$sys/fifo") && [ -n "$l" ]; do echo "$l"; done
}

check_eq "GNSS signal on by default" 1 "$(cat "$cd_/gnss_signal")"
check "enable EXTTS channel 0 (sysfs)" sh -c "echo '0 1' > $sys/extts_enable"
read_fifo >/dev/null
sleep 3.5
ev=$(read_fifo)
n=$(grep -c . <<<"$ev")
diag "events in 3.5 s:" "$ev"
check "3 or 4 events in 3.5 s" test "$n" -ge 3 -a "$n" -le 4
check "all on channel 0, on the second" bash -c "! grep -qv '^0 [0-9]* 0\$' <<<'$ev'"
secs=($(awk '{print $2}' <<<"$ev"))
check_eq "one event per second" 1 "$(( ${secs[1]:-0} - ${secs[0]:-0} ))"

# Step the PHC by +300 us against R: events now read 300 us past the second.
check "phc_ctl adj 0.0003" phc_ctl "$dev" adj 0.0003
off=$(cat "$cd_/offset_ns")
diag "offset from R now $off ns"
read_fifo >/dev/null
sleep 2.5
ev=$(read_fifo)
diag "events after the step:" "$ev"
ok=1
n=0
while read -r c s ns; do
	[ -n "$c" ] || continue
	n=$((n + 1))
	[ "$(abs $((ns - 300000)))" -le 1000 ] || ok=0
done <<<"$ev"
check "events after the step" test "$n" -ge 2
check "each 300 us +- 1 us past the second" test "$ok" = 1

# Timestamp noise: events spread within +-noise_ns.
check "noise_ns 500" sh -c "echo 500 > $cd_/noise_ns"
read_fifo >/dev/null
sleep 3.5
ev=$(read_fifo)
diag "events with noise:" "$ev"
ok=1
while read -r c s ns; do
	[ -n "$c" ] || continue
	[ "$(abs $((ns - 300000)))" -le 500 ] || ok=0
done <<<"$ev"
check "noisy events within 300 us +- 500 ns" test "$ok" = 1
check "noise varies" test "$(awk '{print $3}' <<<"$ev" | sort -u | wc -l)" -ge 2
echo 0 >"$cd_/noise_ns"

# No GNSS signal, no edges.
check "gnss_signal 0" sh -c "echo 0 > $cd_/gnss_signal"
read_fifo >/dev/null
sleep 2
check_eq "no events without signal" "" "$(read_fifo)"
check "gnss_signal 1" sh -c "echo 1 > $cd_/gnss_signal"
sleep 1.5
check "events again with signal" test -n "$(read_fifo)"
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
	sleep 3.2
	a2=$(cat "$pps/assert")
	diag "PPS assert before: $a1, after: $a2"
	n1=${a1##*#}
	n2=${a2##*#}
	check "2-4 PPS events in 3.2 s" test $(( ${n2:-0} - ${n1:-0} )) -ge 2 -a $(( ${n2:-0} - ${n1:-0} )) -le 4
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
	if have_tool; then
		check_eq "PTP_ENABLE_PPS: EOPNOTSUPP" "pps 95" \
			"$("$TOOL" pps "/dev/ptp$nopps" 1)"
	else
		skip "PTP_ENABLE_PPS without a PPS source" "helper not built"
	fi
	check "its EXTTS still works" sh -c "echo '0 1' > /sys/class/ptp/ptp$nopps/extts_enable"
	sleep 1.2
	check "an EXTTS event on it" test -n "$(cat /sys/class/ptp/ptp$nopps/fifo)"
	check "delete a clock that has PPS" sh -c "echo pps1 > $D/del_clock"
	x=$(new_clock ppsagain)
	check_eq "the next clock has PPS again" 1 "$(cat /sys/class/ptp/ptp${x:-none}/pps_available 2>&1)"
	ours[0]=ppsagain
else
	fail "a clock without PPS once the sources are taken" \
		"${#ours[@]} clocks, $n_pps PPS sources"
fi
for c in "${ours[@]}"; do echo "$c" >"$D/del_clock"; done
check_eq "PPS sources given back" "$n_before" \
	"$(find /sys/class/pps -mindepth 1 -maxdepth 1 | wc -l)"
