#!/bin/bash
# PHCs deleted under open file descriptors, round after round.  Three
# readers run phc_ctl on a random /dev/ptpN.  One writer creates and
# deletes a standalone clock and a two-port device, so the kernel gives
# the freed PTP indexes to the next clocks at once.  Every 25 rounds it
# also makes a third device and reloads netdevsim with that device and
# the readers' descriptors still there.  The harness checks the kernel log
# (on the debug kernel, with --full, KASAN judges the frees).  Here: every round's writes are
# accepted, the writer reads each new clock, the readers read clocks, and
# no clock of ours is left.
# Writes that create PHCs hold the creation gate (_workers.sh), so that an
# open never meets a PHC the kernel is still registering (docs/ptp.md).
# timeout: 600
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
. "$(dirname "$0")/_workers.sh"
require_cmd phc_ctl
stress_setup
gate_init

ROUNDS=${STRESS_CHURN_ROUNDS:-30}

check "modprobe netdevsim" modprobe netdevsim
rm -f "$ST/stop"
for r in 1 2 3; do
	r_phc "churn-phc$r" &
done
# phc_of NAME: ptpN of the PHC whose clock_name is NAME
phc_of() {
	local f n
	for f in /sys/class/ptp/ptp*/clock_name; do
		read -r n 2>/dev/null <"$f" || continue
		[ "$n" = "$1" ] && { f=${f%/clock_name}; echo "${f##*/}"; return; }
	done
}

# why: the reason the last gated write failed (the gate, or its errno)
why() { if gate_ok; then echo "$W_ERR"; else echo "PHC gate timeout"; fi; }

bad= own=0
for ((i = 0; i < ROUNDS; i++)); do
	gate_create w $PTPD/new_clock "st$i" || { bad="new_clock st$i: $(why)"; break; }
	gate_create w $NSIM_BUS/new_device "5 2" || { bad="new_device 5 (round $i): $(why)"; break; }
	# the writer reads its new clock (and gives the readers time to open)
	p=$(phc_of "st$i")
	if [ -n "$p" ] && phc_ctl "/dev/$p" get >/dev/null 2>&1; then
		own=$((own + 1))
	else
		diag "round $i: phc_ctl on st$i (${p:-no PHC}) failed"
	fi
	w $NSIM_BUS/del_device 5 || { bad="del_device 5 (round $i): $W_ERR"; break; }
	w $PTPD/del_clock "st$i" || { bad="del_clock st$i: $W_ERR"; break; }
	if ((i % 25 == 24)); then
		gate_create w $NSIM_BUS/new_device "6 2" || { bad="new_device 6 (round $i): $(why)"; break; }
		rmmod_retry netdevsim 50 >/dev/null || { bad="rmmod netdevsim (round $i) failed"; break; }
		modprobe netdevsim || { bad="modprobe netdevsim (round $i) failed"; break; }
	fi
done
: >"$ST/stop"
wait
diag "readers:" "$(stress_counts)"
check_eq "$ROUNDS rounds of create, delete and reload" "" "$bad"
check_eq "the writer read its new clock in every round" "$i" "$own"
check "the readers read clocks ($(ops_total phc_ctl OK) of $(ops_total phc_ctl))" \
	test "$(ops_total phc_ctl OK)" -gt 0
check "the PHC gate never kept a worker waiting $GATE_WAIT s" gate_ok
tries=$(rmmod_retry netdevsim 50)
check "rmmod netdevsim (attempt $tries)" test ! -d /sys/module/netdevsim
check_eq "no clock of ours left" "" "$(our_phcs)"
