#!/bin/bash
# Benchmark: frames/s delivered across a linked netdevsim pair vs a veth pair.
# timeout: 120
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ip

COUNT=${NSIM_BENCH_COUNT:-50000}
PG=/proc/net/pktgen
check "modprobe netdevsim" modprobe netdevsim
check "modprobe veth" modprobe veth
check "modprobe pktgen" modprobe pktgen || skip_all "no pktgen"

pg() { echo "$2" >"$PG/$1"; }

# blast TX RX: send COUNT 60-byte frames from TX to RX's MAC with pktgen;
# prints the frames/s RX received.
blast() {
	local tx=$1 rx=$2 r0 r1 t0 t1
	ip link set "$tx" up
	ip link set "$rx" up
	sleep 1
	pg kpktgend_0 rem_device_all
	pg kpktgend_0 "add_device $tx"
	pg "$tx" "count $COUNT"
	pg "$tx" "pkt_size 60"
	pg "$tx" "delay 0"
	pg "$tx" "dst 198.51.100.2"
	pg "$tx" "dst_mac $(cat /sys/class/net/$rx/address)"
	r0=$(cat /sys/class/net/$rx/statistics/rx_packets)
	t0=${EPOCHREALTIME/./}
	pg pgctrl start
	t1=${EPOCHREALTIME/./}
	sleep 0.5
	r1=$(cat /sys/class/net/$rx/statistics/rx_packets)
	pg kpktgend_0 rem_device_all
	echo $(( (r1 - r0) * 1000000 / (t1 - t0) )) $((r1 - r0))
}

check "netdevsim pair" nsim_write $NSIM_BUS/new_device "1 2"
read -r -a nd <<<"$(nsim_netdevs 1 | xargs)"
exec {fd}</proc/self/ns/net
check "link the pair" nsim_write $NSIM_BUS/link_device \
	"$fd:$(cat /sys/class/net/${nd[0]}/ifindex) $fd:$(cat /sys/class/net/${nd[1]}/ifindex)"
read -r nsim_fps nsim_n <<<"$(blast "${nd[0]}" "${nd[1]}")"
check "veth pair" ip link add vbench0 type veth peer name vbench1
read -r veth_fps veth_n <<<"$(blast vbench0 vbench1)"
ratio=$(awk -v a="$nsim_fps" -v b="$veth_fps" 'BEGIN {printf "%.2f", b ? a / b : 0}')
diag "bench: netdevsim $nsim_fps frames/s ($nsim_n of $COUNT delivered)," \
	"veth $veth_fps frames/s ($veth_n of $COUNT), ratio $ratio"
echo "BENCH netdevsim_fps=$nsim_fps veth_fps=$veth_fps ratio=$ratio"
check_match "netdevsim delivered frames" '^[1-9]' "$nsim_fps"
check_match "veth delivered frames" '^[1-9]' "$veth_fps"
ip link del vbench0
exec {fd}<&-
check "del_device 1" nsim_write $NSIM_BUS/del_device 1
check "modprobe -r netdevsim" modprobe -r netdevsim
