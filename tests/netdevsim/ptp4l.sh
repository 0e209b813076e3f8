#!/bin/bash
# ptp4l with hardware timestamps syncs one port PHC to another over a link:
# locked within 160 samples, offset RMS over 240 samples after the lock (and
# 16 to settle) <= 10 ns, and a 5 us link delay measured as such.
# timeout: 540
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ptp4l ethtool ip

D=/sys/kernel/debug
[ -d $D/netdevsim ] || mount -t debugfs none $D 2>/dev/null
check "modprobe netdevsim" modprobe netdevsim
check "device 11" nsim_write $NSIM_BUS/new_device "11 1"
check "device 12" nsim_write $NSIM_BUS/new_device "12 1"
m=$(nsim_netdevs 11)
s=$(nsim_netdevs 12)
pm=$(phc_index "$m")
ps=$(phc_index "$s")
# 20 ppm apart.  ptp4l steps the slave 2-6 ms (in this TCG guest) after the
# sample it computed the step from, so the slave lands 20 ppm x that off
# (40-120 ns) and the servo takes a few samples to remove it; at 50 ppm apart
# (+30/-20) that transient alone made the RMS over the 30 s after the lock
# 2-14 ns, depending on the host's load.
check "master PHC +12 ppm" nsim_write $D/nsim_ptp/ptp$pm/freq_error_ppb 12000
check "slave PHC -8 ppm" nsim_write $D/nsim_ptp/ptp$ps/freq_error_ppb -8000
check "master PHC 1.5 ms ahead" nsim_write $D/nsim_ptp/ptp$pm/offset_ns 1500000
check "slave PHC 2.7 ms behind" nsim_write $D/nsim_ptp/ptp$ps/offset_ns -2700000
ip netns add ptpm
ip netns add ptps
ip link set "$m" netns ptpm
ip link set "$s" netns ptps
ip -n ptpm link set "$m" up
ip -n ptps link set "$s" up
exec {fm}</run/netns/ptpm {fs}</run/netns/ptps
check "link the ports" nsim_write $NSIM_BUS/link_device \
	"$fm:$(ip netns exec ptpm cat /sys/class/net/$m/ifindex) $fs:$(ip netns exec ptps cat /sys/class/net/$s/ifindex)"

cat >/tmp/ptp-m.cfg <<CFG
[global]
priority1 10
uds_address /run/ptp4l-m
logSyncInterval -3
logMinDelayReqInterval -3
logMinPdelayReqInterval -3
summary_interval 1
tx_timestamp_timeout 500
CFG

# Both wait up to 500 ms for a TX timestamp (default 1 ms): in a TCG guest
# on a busy host, an RT kernel's threaded softirqs deliver our (exact)
# timestamps late, and a timeout is a port fault and a relock for ptp4l.
# The slave prints every sample (summary_interval = logSyncInterval) and uses
# the linreg servo, which settles within a second of its first step (the
# default PI servo takes a few seconds more).  Its clock check is off
# (sanity_freq_limit 0; default 200000000 ppb): it compares the PHC's
# advance between two Syncs with CLOCK_MONOTONIC read when ptp4l gets to
# each, so at 8 Syncs a second the default 20 % is 25 ms of scheduling
# jitter, which a TCG guest of the debug kernel on a busy host exceeded
# (each hit a fault, a port reset and a relock: offset RMS 640 ns).  The
# PHC itself is judged exactly by tests/ptp (monotonic, range, phc-ctl).
cat >/tmp/ptp-s.cfg <<CFG
[global]
slaveOnly 1
sanity_freq_limit 0
uds_address /run/ptp4l-s
logSyncInterval -3
logMinDelayReqInterval -3
logMinPdelayReqInterval -3
summary_interval -3
step_threshold 0.00001
first_step_threshold 0.00001
clock_servo linreg
tx_timestamp_timeout 500
CFG

# Judged by samples (the slave's "master offset" lines, 8 a second of PHC
# time), never by the guest's wall clock: a busy host makes a TCG guest slow,
# not our clocks wrong.  The lock must come within LOCK_MAX samples of the
# first; then SETTLE samples are left to the servo and the next WIN samples
# judged.  The wall-clock cap only stops a run that never gets there.
LOCK_MAX=160	# 20 s of syncs
SETTLE=16	# 2 s of syncs after the lock
WIN=240		# 30 s of syncs
CAP=240		# seconds

# lock_stats LOG: the number of samples before "UNCALIBRATED to SLAVE" (-1:
# never), the number after it, then over samples SETTLE+1 .. SETTLE+WIN after
# it: their count, the offset RMS and largest |offset| (ns), and the smallest
# and largest path delay (ns).
lock_stats() {
	awk -v settle=$SETTLE -v win=$WIN '
	/UNCALIBRATED to SLAVE/ && lock == "" { lock = n0 + 0 }
	/ master offset / {
		if (lock == "") { n0++; next }
		na++
		if (na <= settle || na > settle + win)
			next
		for (i = 1; i < NF; i++) {
			if ($i == "offset") o = $(i + 1)
			if ($i == "delay") d = $(i + 1)
		}
		if (o < 0) o = -o
		s += o * o; n++
		if (o > mx) mx = o
		if (dmin == "" || d < dmin) dmin = d
		if (d > dmax) dmax = d
	}
	END {
		# the guest'"'"'s busybox awk has no sqrt(): Newton
		q = n ? s / n : -1
		x = q > 0 ? q : 0
		for (i = 0; i < 40 && x > 0; i++)
			x = (x + q / x) / 2
		printf "%d %d %d %.1f %d %d %d\n", lock == "" ? -1 : lock, na + 0,
			n, n ? x : -1, mx, dmin, dmax
	}' "$1"
}

# run_pair LOG -E|-P: master and slave over L2 with hardware timestamps,
# end-to-end or peer-to-peer delay measurement, until the slave has the
# samples to judge (or CAP seconds, or LOCK_MAX samples without a lock)
run_pair() {
	local t lock after rest
	ip netns exec ptpm ptp4l -2 -H "$2" -i "$m" -f /tmp/ptp-m.cfg -m >/tmp/ptp-m.log 2>&1 &
	local mp=$!
	ip netns exec ptps ptp4l -2 -H "$2" -i "$s" -f /tmp/ptp-s.cfg -m >"$1" 2>&1 &
	local sp=$!
	for ((t = 0; t < CAP; t++)); do
		sleep 1
		read -r lock after rest <<<"$(lock_stats "$1")"
		[ "$after" -ge $((SETTLE + WIN)) ] && break
		[ "$lock" = -1 ] &&
			[ "$(grep -c ' master offset ' "$1")" -gt "$LOCK_MAX" ] && break
	done
	kill $mp $sp
	wait $mp $sp 2>/dev/null
	diag "ran $t s (wall clock, for information)"
}

# judge LOG WHAT: the lock, sample count and RMS checks for one run
judge() {
	local lock after n rms mx
	read -r lock after n rms mx DMIN DMAX <<<"$(lock_stats "$1")"
	diag "$2: locked after $lock samples; samples $((SETTLE + 1))-$((SETTLE + WIN)) after it:" \
		"$n, offset RMS $rms ns, max $mx ns, path delay $DMIN-$DMAX ns"
	diag "$(grep -E 'to SLAVE' "$1"; grep -E ' master offset ' "$1" | tail -3)"
	check "$2: slave locked within $LOCK_MAX samples ($lock)" \
		test "$lock" -ge 0 -a "$lock" -le $LOCK_MAX
	check_eq "$2: $WIN samples judged after $SETTLE to settle" $WIN "$n"
	check "$2: offset RMS over them <= 10 ns ($rms)" \
		awk -v r="$rms" 'BEGIN {exit !(r >= 0 && r <= 10)}'
	diag "$2: $(grep -c 'UNCALIBRATED to SLAVE' "$1") lock(s); faults and steps:" \
		"$(grep -h -B3 'FAULT_DETECTED' "$1" /tmp/ptp-m.log | head -12)"
	check_eq "$2: no TX timestamp timeout" 0 \
		"$(cat "$1" /tmp/ptp-m.log | grep -c 'timed out while polling for tx timestamp')"
}

# From the initial offsets: peer-to-peer, since E2E's first delay
# measurements, taken before the slave knows the frequency ratio, are off by
# that ratio times the sync to delay-request gap (at 50 ppm up to ~1.5 us)
# and stay in ptp4l's delay filter for a second or two after the lock
# (measured at 50 ppm: RMS 50-75 ns over the 30 s, max ~1 us).
run_pair /tmp/ptp-s.log -P
judge /tmp/ptp-s.log "P2P, 4.2 ms and 20 ppm apart"

# The default end-to-end mechanism measures a 5 us link delay.
for p in 11 12; do
	nsim_write $D/netdevsim/netdevsim$p/ports/0/link_delay_ns 5000
done
run_pair /tmp/ptp-s2.log -E
judge /tmp/ptp-s2.log "E2E, link delay 5 us"
check "path delay 5 us +/- 50 ns ($DMIN-$DMAX)" test "$DMIN" -ge 4950 -a "$DMAX" -le 5050

exec {fm}<&- {fs}<&-
ip netns del ptpm
ip netns del ptps
check "del_device 11" nsim_write $NSIM_BUS/del_device 11
check "del_device 12" nsim_write $NSIM_BUS/del_device 12
check "modprobe -r netdevsim" modprobe -r netdevsim
