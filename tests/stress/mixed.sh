#!/bin/bash
# Every bus, device and debugfs file written by several writers at once while
# ethtool, devlink, phc_ctl, debugfs readers and traffic run; then the modules
# are unloaded under the same load.  Prints how many operations of each kind ran.
# timeout: 420
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
. "$(dirname "$0")/_workers.sh"
require_cmd devlink ethtool ip phc_ctl
stress_setup
gate_init

N=${STRESS_N:-10}	# operations per writer and phase

check "modprobe netdevsim" modprobe netdevsim
check "device 1: 2 ports, a PHC each" w $NSIM_BUS/new_device "1 2"
check "device 2: 2 ports, shared clock 5" w $NSIM_BUS/new_device "2 2 clock=5"
check "device 3: PCI, 1 port" w $NSIM_BUS/new_device "3 0000:1f:02.0 -1 1"
check "standalone clock st9" w $PTPD/new_clock st9

a=$(ls $NSIM_BUS/devices/netdevsim1/net | head -1)
b=$(ls $NSIM_BUS/devices/netdevsim2/net | head -1)
exec {nsfd}</proc/self/ns/net
check "link $a and $b for traffic" w $NSIM_BUS/link_device \
	"$nsfd:$(cat /sys/class/net/$a/ifindex) $nsfd:$(cat /sys/class/net/$b/ifindex)"
ip link set "$a" up
ip link set "$b" up
KEEP_NETDEVS=" $a $b "
check_eq "carrier on $b" 1 "$(cat /sys/class/net/$b/carrier)"
rx0=$(cat /sys/class/net/$b/statistics/rx_packets)

start_readers() {
	rm -f "$ST/stop"
	r_ethtool "$1-ethtool" &
	r_devlink "$1-devlink" &
	r_phc "$1-phc" &
	r_debugfs "$1-debugfs" &
	r_traffic "$1-traffic" "$a" 200 &
}

# ---- phase 1: everything at once, writers bounded by N operations each
start_readers p1
pids=()
w_dev p1-dev-a "$N" & pids+=($!)
w_dev p1-dev-b "$N" & pids+=($!)
w_link p1-link "$N" & pids+=($!)
w_port p1-port-a "$N" 1 2 3 10 11 & pids+=($!)
w_port p1-port-b "$N" 2 12 13 & pids+=($!)
w_clk p1-clk-a "$N" & pids+=($!)
w_clk p1-clk-b "$N" & pids+=($!)
wait "${pids[@]}"
readers_wait 5
: >"$ST/stop"
wait
rm -f "$ST"/*.min
rx1=$(cat /sys/class/net/$b/statistics/rx_packets)
diag "phase 1 (writers and readers together):" "$(stress_counts)"
check "frames crossed the traffic pair during phase 1 ($((rx1 - rx0)))" test $((rx1 - rx0)) -gt 0
for k in new_device del_device link_device unlink_device new_port del_port \
	sriov_numvfs link_delay_ns new_clock del_clock connect knob; do
	check "some $k writes accepted ($(ops_total $k OK) of $(ops_total $k))" \
		test "$(ops_total $k OK)" -gt 0
done
for k in ethtool-S ethtool-T ethtool-i devlink-dev devlink-port phc_ctl debugfs-read; do
	check "$k ran and succeeded ($(ops_total $k OK) of $(ops_total $k))" \
		test "$(ops_total $k OK)" -gt 0
done
check_eq "base devices still there" "1 2 3" \
	"$(ls -d $NSIM_BUS/devices/netdevsim[123] 2>/dev/null | sed 's/.*netdevsim//' | xargs)"

# ---- phase 2: the same load, and netdevsim unloaded in the middle of it
mkdir -p "$ST/p1"
mv "$ST"/*.count "$ST/p1/"
start_readers p2
pids=()
w_dev p2-dev-a $((N * 20)) & pids+=($!)
w_dev p2-dev-b $((N * 20)) & pids+=($!)
w_link p2-link $((N * 20)) & pids+=($!)
w_port p2-port $((N * 20)) 1 2 3 10 11 12 13 & pids+=($!)
w_clk p2-clk $((N * 20)) & pids+=($!)
# let the writers get going: until a churn device exists (at most 2000 looks)
for ((i = 0; i < 2000; i++)); do
	ls -d $NSIM_BUS/devices/netdevsim1? >/dev/null 2>&1 && break
done
tries=$(rmmod_retry netdevsim 200)
check "rmmod netdevsim under load (attempt $tries)" test ! -d /sys/module/netdevsim
# the writers go on against the vanished files for a while, then stop
for ((i = 0; i < 50; i++)); do
	gate_create w $PTPD/new_clock "st$((i % 4))"
done
: >"$ST/stop"
wait
diag "phase 2 (netdevsim unloaded under load):" "$(stress_counts)"
left=$(leftovers_netdevsim)
check_eq "netdevsim left nothing behind" "" "$left"
check "traffic pair gone with it" test ! -e /sys/class/net/$a

tries=$(rmmod_retry nsim_dpll 50)
check "rmmod nsim_dpll (attempt $tries)" test ! -d /sys/module/nsim_dpll
tries=$(rmmod_retry nsim_ptp 50)
check "rmmod nsim_ptp with standalone clocks and cables left (attempt $tries)" \
	test ! -d /sys/module/nsim_ptp
check_eq "nsim_ptp left nothing behind" "" "$(leftovers_ptp)"
check "the PHC gate never kept a worker waiting $GATE_WAIT s" gate_ok
diag "both phases:" "$(stress_counts "$ST"/p1/*.count "$ST"/*.count)"
