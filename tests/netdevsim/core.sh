#!/bin/bash
# Upstream-form devices: devlink, ports, channels, ethtool, link + ping, stats.
# timeout: 120
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd devlink ethtool ip jq ping

check "modprobe netdevsim" modprobe netdevsim
check "new_device '1 2 4'" nsim_write $NSIM_BUS/new_device "1 2 4"
check "devlink netdevsim/netdevsim1" devlink dev show netdevsim/netdevsim1
check_eq "two devlink ports" 2 \
	"$(devlink -j port show | jq '[.port | keys[] | select(startswith("netdevsim/netdevsim1/"))] | length')"
read -r -a nd <<<"$(nsim_netdevs 1 | xargs)"
check_eq "two netdevs" 2 "${#nd[@]}"
check_eq "4 combined channels" 4 \
	"$(ethtool -l "${nd[0]}" | awk '/^Combined:/ {print $2}' | tail -1)"
check_eq "4 TX queues" 4 "$(ls -d /sys/class/net/${nd[0]}/queues/tx-* | wc -l)"
check_eq "4 RX queues" 4 "$(ls -d /sys/class/net/${nd[0]}/queues/rx-* | wc -l)"
check_eq "ethtool -i driver" netdevsim \
	"$(ethtool -i "${nd[0]}" | sed -n 's/^driver: //p')"
check_eq "ethtool -i bus-info" netdevsim1 \
	"$(ethtool -i "${nd[0]}" | sed -n 's/^bus-info: //p')"
check_eq "phys_port_name" "p0 p1" "$(cat /sys/class/net/${nd[0]}/phys_port_name /sys/class/net/${nd[1]}/phys_port_name | xargs)"
check_match "devlink dev info driver and serial" \
	'driver netdevsim.*serial_number' "$(devlink dev info netdevsim/netdevsim1 | xargs)"
check_match "ethtool -T: hardware timestamping" 'hardware-transmit.*hardware-receive.*hardware-raw-clock' "$(ethtool -T "${nd[0]}" | xargs)"
pa=$(phc_index "${nd[0]}")
pb=$(phc_index "${nd[1]}")
check_match "port 0 has a PHC" '^[0-9]+$' "$pa"
check_match "port 1 has a PHC" '^[0-9]+$' "$pb"
check "one PHC per port (upstream form)" test "$pa" != "$pb"
check "/dev/ptp$pa exists" test -c /dev/ptp$pa
# hwstamp_ctl without -t/-r prints the current config
hwcfg() { hwstamp_ctl -i "$1" | awk '/^(tx_type|rx_filter)/ {print $1 "=" $2}' | xargs; }
check_eq "hwstamp config starts off" "tx_type=0 rx_filter=0" "$(hwcfg "${nd[0]}")"
check "hwstamp_ctl tx on, rx all" hwstamp_ctl -i "${nd[0]}" -t 1 -r 1
check_eq "hwstamp config reads back tx on, rx all" "tx_type=1 rx_filter=1" "$(hwcfg "${nd[0]}")"
check_fails "hwstamp_ctl one-step refused" hwstamp_ctl -i "${nd[0]}" -t 2 -r 1
check_eq "and the config is unchanged" "tx_type=1 rx_filter=1" "$(hwcfg "${nd[0]}")"
# ethtool -g: "RX:" lines, maximum first, then current
rings() { ethtool -g "$1" | awk '$1 == "RX:" || $1 == "TX:" {printf "%s%s ", $1, $2}' | xargs; }
check_eq "ethtool -g: max 4096, current 512" "RX:4096 TX:4096 RX:512 TX:512" "$(rings "${nd[0]}")"
check "ethtool -G rx 256" ethtool -G "${nd[0]}" rx 256
check_eq "ethtool -g: current RX 256" "RX:4096 TX:4096 RX:256 TX:512" "$(rings "${nd[0]}")"
check "ethtool -L combined 2" ethtool -L "${nd[0]}" combined 2
check_eq "2 combined channels" 2 "$(ethtool -l "${nd[0]}" | awk '/^Combined:/ {print $2}' | tail -1)"
check_eq "2 real TX queues" 2 "$(ls -d /sys/class/net/${nd[0]}/queues/tx-* | wc -l)"
check_eq "2 real RX queues" 2 "$(ls -d /sys/class/net/${nd[0]}/queues/rx-* | wc -l)"
check_fails "ethtool -L combined 5 refused" ethtool -L "${nd[0]}" combined 5
check_match "no link: speed unknown" 'Speed: Unknown' "$(ethtool "${nd[0]}")"
check "mtu 9000" ip link set "${nd[0]}" mtu 9000

# new_port / del_port / sriov_numvfs
check "new_port 5" nsim_write $NSIM_BUS/devices/netdevsim1/new_port 5
check_eq "three netdevs" 3 "$(nsim_netdevs 1 | wc -l)"
check_fails "new_port 5 again refused" nsim_write $NSIM_BUS/devices/netdevsim1/new_port 5
check "del_port 5" nsim_write $NSIM_BUS/devices/netdevsim1/del_port 5
check_fails "del_port 5 again refused" nsim_write $NSIM_BUS/devices/netdevsim1/del_port 5
check "sriov_numvfs 2" nsim_write $NSIM_BUS/devices/netdevsim1/sriov_numvfs 2
check_eq "VF netdevs added" 4 "$(ls $NSIM_BUS/devices/netdevsim1/net | wc -l)"
check_fails "sriov_numvfs 2->3 refused" nsim_write $NSIM_BUS/devices/netdevsim1/sriov_numvfs 3
check "sriov_numvfs 0" nsim_write $NSIM_BUS/devices/netdevsim1/sriov_numvfs 0
check_eq "VF netdevs gone" 2 "$(ls $NSIM_BUS/devices/netdevsim1/net | wc -l)"

# Two linked ports in two netns.
check "new_device 2" nsim_write $NSIM_BUS/new_device "2 1"
a=${nd[0]}
b=$(nsim_netdevs 2)
ip netns add nsa
ip netns add nsb
for n in nsa nsb; do
	# no IPv6 chatter, so counters stay still between reads
	ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec $n sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
ip link set "$a" netns nsa
ip link set "$b" netns nsb
ip -n nsa addr add 192.0.2.1/24 dev "$a"
ip -n nsb addr add 192.0.2.2/24 dev "$b"
ip -n nsa link set "$a" up
ip -n nsb link set "$b" up
ip -n nsb link set "$b" mtu 9000
check_eq "no carrier before link" 0 "$(ip netns exec nsa cat /sys/class/net/$a/carrier)"
ia=$(ip netns exec nsa cat /sys/class/net/$a/ifindex)
ib=$(ip netns exec nsb cat /sys/class/net/$b/ifindex)
exec {fa}</run/netns/nsa {fb}</run/netns/nsb
check_fails "linking a port to itself refused" nsim_write $NSIM_BUS/link_device "$fa:$ia $fa:$ia"
check_fails "linking to loopback refused" nsim_write $NSIM_BUS/link_device "$fa:$ia $fa:1"
check "link_device" nsim_write $NSIM_BUS/link_device "$fa:$ia $fb:$ib"
check_fails "link_device again refused" nsim_write $NSIM_BUS/link_device "$fa:$ia $fb:$ib"
check_eq "carrier up after link" 1 "$(ip netns exec nsa cat /sys/class/net/$a/carrier)"
check_match "linked: speed 100000Mb/s" 'Speed: 100000Mb/s' "$(ip netns exec nsa ethtool "$a")"
check "ping across the link" ip netns exec nsa ping -c 5 -i 0.2 -W 2 192.0.2.2
check "ping other way, 2000 bytes" ip netns exec nsb ping -c 3 -i 0.2 -s 2000 -W 2 192.0.2.1
# both views of all four counters, read until a stray ARP frame is not in between
views() {
	local d k
	for d in rx tx; do
		for k in packets bytes; do
			echo "$d $k $(link_stat "$a" $d $k nsa) $(ethtool_stat "$a" "${d}_$k" nsa)"
		done
	done
}
for i in 1 2 3 4 5; do
	v=$(views)
	[ -z "$(awk '$3 != $4' <<<"$v")" ] && break
	sleep 0.3
done
while read -r d k x y; do
	check_eq "ip -s link and ethtool -S agree on ${d}_$k" "$x" "$y"
done <<<"$v"
# from one ethtool -S read, so a late ARP frame cannot fall in between
st=$(ip netns exec nsa ethtool -S "$a")
check_eq "per-queue rx packets add up" "$(awk '$1 == "rx_packets:" {print $2}' <<<"$st")" \
	"$(awk '/rx_queue_[0-9]+_packets:/ {s += $2} END {print s}' <<<"$st")"
check_match "frames were received" '^[1-9][0-9]*$' "$(link_stat "$a" rx packets nsa)"
check "unlink_device" nsim_write $NSIM_BUS/unlink_device "$fa:$ia"
check_eq "carrier down after unlink" 0 "$(ip netns exec nsb cat /sys/class/net/$b/carrier)"
rx0=$(link_stat "$b" rx packets nsb)
check_fails "no ping over the unlinked port" ip netns exec nsa ping -c 2 -i 0.2 -W 1 192.0.2.2
check_eq "nothing arrived at the former peer" "$rx0" "$(link_stat "$b" rx packets nsb)"
exec {fa}<&- {fb}<&-

check "del_device 1 (its port in another netns)" nsim_write $NSIM_BUS/del_device 1
check "del_device 2" nsim_write $NSIM_BUS/del_device 2
check_fails "del_device 2 again refused" nsim_write $NSIM_BUS/del_device 2
ip netns del nsa
ip netns del nsb
out=$(ip link add nsimx type netdevsim 2>&1)
check_match "ip link add type netdevsim refused, pointing at sysfs" \
	'/sys/bus/netdevsim/new_device' "$out"
check "modprobe -r netdevsim" modprobe -r netdevsim
