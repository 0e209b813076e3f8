# shellcheck shell=bash
# Helpers for the nsim_ptp tests (sourced after tap.sh).

PTP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
D=/sys/kernel/debug/nsim_ptp
TOOL=$PTP_DIR/nsim-ptp-tool

# ptp_setup: load nsim_ptp, make sure debugfs is there.
ptp_setup() {
	grep -q ' /sys/kernel/debug debugfs ' /proc/mounts ||
		mount -t debugfs none /sys/kernel/debug
	modprobe nsim_ptp || bail_out "modprobe nsim_ptp failed"
	[ -d "$D" ] || bail_out "$D missing"
}

# new_clock NAME: create a standalone clock, print its PHC index.
new_clock() {
	local f
	echo "$1" >"$D/new_clock" || return 1
	for f in /sys/class/ptp/ptp*/clock_name; do
		if [ "$(cat "$f")" = "$1" ]; then
			f=${f%/clock_name}
			echo "${f##*ptp}"
			return 0
		fi
	done
	return 1
}

# have_tool: the static ioctl helper was built on the host (make -C tests/ptp).
have_tool() { [ -x "$TOOL" ]; }

# need_tool: without the helper the script cannot test what it must: fail.
need_tool() {
	have_tool || bail_out "$TOOL missing (tests/ptp/Makefile builds it on the host)"
}

# state_val CLOCK-DIR KEY: one value of a clock's debugfs state file.
state_val() { awk -v k="$2" '$1 == k { print $2 }' "$1/state"; }

# wait_ref CLOCK-DIR R: poll (no judgement) until R has passed R.
wait_ref() {
	local i
	for ((i = 0; i < 600; i++)); do
		[ "$(state_val "$1" ref_ns)" -gt "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# fifo_collect SYSFS-DIR N: N EXTTS events "chan sec nsec" from the PTP
# core's sysfs fifo; the loop's limit is a safety net, not a judgement.
fifo_collect() {
	local n=0 i l
	for ((i = 0; i < 600 && n < $2; i++)); do
		while [ $n -lt "$2" ] && l=$(tr -d '\000' <"$1/fifo") && [ -n "$l" ]; do
			echo "$l"
			n=$((n + 1))
		done
		[ $n -lt "$2" ] && sleep 0.2
	done
}

# fifo_drain SYSFS-DIR: drop the queued EXTTS events.
fifo_drain() {
	local l
	while l=$(tr -d '\000' <"$1/fifo") && [ -n "$l" ]; do :; done
}

# ref_now: R is anchored to CLOCK_REALTIME at load and the guest never
# steps its clock, so the system clock is R within the test's tolerance.
ns_now() {
	local t=$EPOCHREALTIME	# busybox date has no %N

	echo "${t/./}000"
}

# abs N
abs() { local v=$1; echo "${v#-}"; }

# errno_of CMD...: the error message of a failed shell write, e.g.
# "Invalid argument"; empty when it succeeded.
write_err() { # FILE VALUE
	local out
	out=$( { printf '%s' "$2" >"$1"; } 2>&1) && return 0
	echo "${out##*: }"
}

# check_write_err DESC FILE VALUE EXPECTED-MESSAGE
check_write_err() {
	local got
	got=$(write_err "$2" "$3")
	check_eq "$1" "$4" "$got"
}

# ts2phc_offsets LOG: the offsets ts2phc logged in the locked state (s2),
# one per edge: B's timestamp of A's edge minus A's time of it.
ts2phc_offsets() {
	grep -o 'offset *-\{0,1\}[0-9]* s2' "$1" 2>/dev/null | awk '{print $2}'
}

# ts2phc_locked_run OFFSETS: the longest run of consecutive offsets
# within +-50 ns.
ts2phc_locked_run() {
	awk '{ v = $1 < 0 ? -$1 : $1; if (v <= 50) { n++; if (n > m) m = n } else n = 0 }
	     END { print m + 0 }' <<<"$1"
}

# ts2phc_wait LOG PID: let ts2phc run until it held 10 consecutive edges
# within +-50 ns, or 120 edges went by, or it died; then stop it.  Edges
# are counted, not seconds: a late poll of ts2phc on a busy host can pair
# an edge with the wrong second (an offset of about 1 s, then a recovery),
# which is ts2phc's, not the clocks'.
ts2phc_wait() {
	local i offs
	for ((i = 0; i < 600; i++)); do	# a safety limit, not a judgement
		offs=$(ts2phc_offsets "$1")
		[ "$(ts2phc_locked_run "$offs")" -ge 10 ] && break
		[ "$(grep -c . <<<"$offs")" -ge 120 ] && break
		kill -0 "$2" 2>/dev/null || break
		sleep 1
	done
	kill "$2" 2>/dev/null
	wait "$2" 2>/dev/null
}
