#!/bin/bash
# Benchmark (numbers, no speed verdict): the cost of one packet timestamp as
# the datapath takes it (debugfs ports/N/stamp_bench: R now, then the port's
# PHC at R), with 1 PHC, then with 256 PHCs busy: every clock running a
# PEROUT and taking GNSS-1PPS EXTTS events, 32 of them also cabled
# PEROUT -> EXTTS.  Prints the ratio busy/idle of the median (target <= 1.2).
# Best with NSIM_VM_SMP=2, where the timers run beside the stamping CPU.
# timeout: 600
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_nsim_lib.sh"
require_cmd ethtool

BATCHES=${NSIM_BENCH_STAMP_BATCHES:-2000}	# of 1000 stamps
NCLK=${NSIM_BENCH_PHCS:-256}
PERIOD_NS=${NSIM_BENCH_PERIOD_NS:-10000000}	# PEROUT period, 100 Hz
D=/sys/kernel/debug/nsim_ptp
B=/sys/kernel/debug/netdevsim/netdevsim1/ports/0/stamp_bench

# bench: run BATCHES batches, print the result line
bench() {
	echo "$BATCHES" >"$B" && cat "$B"
}
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$2"; }

check "modprobe netdevsim" modprobe netdevsim
check "new_device 1 1 (a PHC for its port)" nsim_write $NSIM_BUS/new_device "1 1"
check "stamp_bench exists" test -f "$B"
diag "$(nproc) CPU(s); $BATCHES x 1000 stamps per run; $NCLK PHCs, PEROUT every $PERIOD_NS ns"
idle=$(bench)
check_match "1 PHC: stamp_bench ran" 'median_ps=[1-9]' "$idle"
diag "1 PHC: $idle"

# busy_clock PTPDEV: PEROUT 0 on SMA2, GNSS-1PPS EXTTS on channel 0
busy_clock() {
	local s=/sys/class/ptp/$1
	echo '2 0' >"$s/pins/SMA2" &&
		echo "0 0 0 0 $PERIOD_NS" >"$s/period" &&
		echo '0 1' >"$s/extts_enable"
}

port_ptp=ptp$(phc_index "$(nsim_netdevs 1)")
ok=0
busy_clock "$port_ptp" && ok=1
for ((i = 1; i < NCLK; i++)); do
	echo "bn$i" >"$D/new_clock" || break
done
names=()
for f in /sys/class/ptp/ptp*/clock_name; do
	case $(cat "$f") in bn*) names+=("$(basename "$(dirname "$f")")") ;; esac
done
check_eq "$((NCLK - 1)) more PHCs" "$((NCLK - 1))" "${#names[@]}"
for p in "${names[@]}"; do
	busy_clock "$p" && ok=$((ok + 1))
done
check_eq "PEROUT and EXTTS running on all $NCLK PHCs" "$NCLK" "$ok"
# cables: clock 2k's PEROUT into clock 2k+1's SMA1 (EXTTS 1), 32 of them
cab=0
for ((k = 0; k + 1 < ${#names[@]} && cab < 32; k += 2)); do
	a=${names[k]} b=${names[k + 1]}
	echo '1 1' >"/sys/class/ptp/$b/pins/SMA1" &&
		echo '1 1' >"/sys/class/ptp/$b/extts_enable" &&
		echo "$a SMA2 $b SMA1" >"$D/connect" && cab=$((cab + 1))
done
check_eq "32 cables PEROUT -> EXTTS" 32 "$cab"
sleep 1
busy=$(bench)
check_match "$NCLK PHCs busy: stamp_bench ran" 'median_ps=[1-9]' "$busy"
diag "$NCLK PHCs busy: $busy"

mi=$(field median_ps "$idle")
mb=$(field median_ps "$busy")
ai=$(field mean_ps "$idle")
ab=$(field mean_ps "$busy")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b ? a / b : 0}'; }
r=$(ratio "$mb" "$mi")
ra=$(ratio "$ab" "$ai")
diag "one stamp: 1 PHC median $mi ps, $NCLK busy median $mb ps: ratio $r (target <= 1.2); means $ai / $ab ps: $ra"
echo "BENCH tstamp phcs=$NCLK cpus=$(nproc) idle_median_ps=$mi busy_median_ps=$mb ratio=$r" \
	"idle_mean_ps=$ai busy_mean_ps=$ab ratio_mean=$ra"

for p in "$port_ptp" "${names[@]}"; do
	echo '0 0 0 0 0' >"/sys/class/ptp/$p/period"
done
check "del_device 1" nsim_write $NSIM_BUS/del_device 1
check "modprobe -r netdevsim nsim_dpll nsim_ptp" modprobe -r netdevsim nsim_dpll nsim_ptp
