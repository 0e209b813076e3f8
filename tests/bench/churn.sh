#!/bin/bash
# Benchmark (numbers, no speed verdict): frames/s delivered across a linked netdevsim pair vs a veth pair;
# create+delete time of 64 devices x 4 ports, ours vs the kernel's own
# netdevsim (built from its Debian linux-source by this area's Makefile).
# timeout: 420
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_nsim_lib.sh"
require_cmd ip

COUNT=${NSIM_BENCH_COUNT:-50000}
NDEV=${NSIM_BENCH_DEVS:-64}
NPORT=${NSIM_BENCH_PORTS:-4}
ROUNDS=${NSIM_BENCH_ROUNDS:-2}
UPSTREAM_KO=$(dirname "$0")/upstream-netdevsim.ko
PG=/proc/net/pktgen
check "modprobe netdevsim" modprobe netdevsim
check "modprobe veth" modprobe veth
check "modprobe pktgen" modprobe pktgen || skip_all "no pktgen"

pg() { echo "$2" >"$PG/$1"; }

# ratio A B: A / B to two places
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b ? a / b : 0}'; }

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
ratio=$(ratio "$nsim_fps" "$veth_fps")
diag "bench: netdevsim $nsim_fps frames/s ($nsim_n of $COUNT delivered)," \
	"veth $veth_fps frames/s ($veth_n of $COUNT), ratio $ratio"
echo "BENCH netdevsim_fps=$nsim_fps veth_fps=$veth_fps ratio=$ratio"
check_match "netdevsim delivered frames" '^[1-9]' "$nsim_fps"
check_match "veth delivered frames" '^[1-9]' "$veth_fps"
ip link del vbench0
exec {fd}<&-
check "del_device 1" nsim_write $NSIM_BUS/del_device 1
check "modprobe -r netdevsim" modprobe -r netdevsim

# nsim_count: NS_N = netdevs of all netdevsim devices, NS_D = devices
# (globs, no fork: polling must not eat the guest's CPU).
nsim_count() {
	local n d
	shopt -s nullglob
	n=($NSIM_BUS/devices/netdevsim*/net/*)
	d=($NSIM_BUS/devices/netdevsim*)
	shopt -u nullglob
	NS_N=${#n[@]} NS_D=${#d[@]}
}

# n_phc: PHCs in the system.
n_phc() {
	local p
	shopt -s nullglob
	p=(/sys/class/ptp/ptp*)
	shopt -u nullglob
	echo ${#p[@]}
}

# wait_count NETDEVS DEVICES: until nsim_count says so, 120 s at most.
wait_count() {
	local end=$((SECONDS + 120))
	while nsim_count; [ "$NS_N $NS_D" != "$1 $2" ]; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

# churn [OPTS]: create NDEV devices of NPORT ports each (new_device
# "ID NPORT OPTS"), wait for all their netdevs, delete them all and wait until
# they are gone.  Prints the create and delete times in ms, the netdevs seen
# after creating and after deleting, and the PHCs added.
churn() {
	local i t0 t1 t2 up p0 phcs
	p0=$(n_phc)
	t0=${EPOCHREALTIME/./}
	for ((i = 1; i <= NDEV; i++)); do
		nsim_write $NSIM_BUS/new_device "$i $NPORT${1:+ $1}" || break
	done
	wait_count $((NDEV * NPORT)) "$NDEV"
	t1=${EPOCHREALTIME/./}
	up=$NS_N
	phcs=$(($(n_phc) - p0))
	for ((i = 1; i <= NDEV; i++)); do
		nsim_write $NSIM_BUS/del_device "$i" || break
	done
	wait_count 0 0
	t2=${EPOCHREALTIME/./}
	echo $(((t1 - t0) / 1000)) $(((t2 - t1) / 1000)) "$up" "$NS_N" "$phcs"
}

# churn_rounds WHO [OPTS]: ROUNDS churns, each checked; BEST_C and BEST_D
# are the create and delete times of the fastest round (TCG is noisy),
# PHCS the PHCs a round added.
churn_rounds() {
	local r c d up left
	BEST_C= BEST_D=
	for ((r = 1; r <= ROUNDS; r++)); do
		read -r c d up left PHCS <<<"$(churn "$2")"
		check_eq "$1: $NDEV devices x $NPORT ports appeared (round $r)" \
			$((NDEV * NPORT)) "$up"
		check_eq "$1: all deleted (round $r)" 0 "$left"
		diag "churn $1 round $r: create $c ms, delete $d ms, $PHCS PHCs"
		if [ -z "$BEST_C" ] || [ $((c + d)) -lt $((BEST_C + BEST_D)) ]; then
			BEST_C=$c BEST_D=$d
		fi
	done
}

check "modprobe netdevsim (churn)" modprobe netdevsim
# The upstream form, as the kernel's selftests use it: a PHC per port.
churn_rounds ours
ours_c=$BEST_C ours_d=$BEST_D
check_eq "ours: a PHC per port" $((NDEV * NPORT)) "$PHCS"
# All ports on one shared PHC (clock=1): what the netdevs cost without PHCs.
churn_rounds ours-1clk clock=1
one_c=$BEST_C one_d=$BEST_D
check_eq "ours-1clk: one PHC" 1 "$PHCS"
check "modprobe -r netdevsim (churn)" modprobe -r netdevsim

if [ ! -f "$UPSTREAM_KO" ]; then
	why=$(cat "${UPSTREAM_KO%.ko}.skip" 2>/dev/null)
	skip "upstream netdevsim: create+delete $NDEV x $NPORT" "${why:-no module built}"
	echo "BENCH churn=${NDEV}x$NPORT ours_create_ms=$ours_c ours_delete_ms=$ours_d" \
		"ours1clk_create_ms=$one_c ours1clk_delete_ms=$one_d upstream=none"
	exit 0
fi
for m in $(modinfo -F depends "$UPSTREAM_KO" | tr , ' '); do
	check "upstream netdevsim: modprobe $m" modprobe "$m"
done
check "upstream netdevsim: insmod" insmod "$UPSTREAM_KO" || exit 1
churn_rounds upstream
up_c=$BEST_C up_d=$BEST_D
# Its mock PHC per port exists only where the kernel has ptp_mock.
diag "upstream: $PHCS PHCs for $((NDEV * NPORT)) ports"
check "upstream netdevsim: rmmod" rmmod netdevsim
r=$(ratio $((ours_c + ours_d)) $((up_c + up_d)))
r1=$(ratio $((one_c + one_d)) $((up_c + up_d)))
diag "churn $NDEV x $NPORT, best of $ROUNDS (create + delete ms):" \
	"ours $ours_c + $ours_d ($((NDEV * NPORT)) PHCs)," \
	"ours clock=1 $one_c + $one_d (1 PHC)," \
	"upstream $up_c + $up_d ($PHCS PHCs);" \
	"ratio ours/upstream $r, clock=1 $r1"
echo "BENCH churn=${NDEV}x$NPORT ours_create_ms=$ours_c ours_delete_ms=$ours_d" \
	"ours1clk_create_ms=$one_c ours1clk_delete_ms=$one_d" \
	"upstream_create_ms=$up_c upstream_delete_ms=$up_d upstream_phcs=$PHCS" \
	"ratio=$r ratio_1clk=$r1"
