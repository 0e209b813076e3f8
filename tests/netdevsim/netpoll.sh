#!/bin/bash
# netconsole over a netdevsim port.  The kernel transmits netconsole's frames
# through netpoll, with hard IRQs off, straight into our ndo_start_xmit.
# That path delivers each frame to the linked peer and stamps it with the
# peer's PHC time (the PHC model read from a context that may not sleep;
# the debug kernel's lockdep judges it).  Each message must arrive on the
# peer with a hardware receive timestamp between two reads of the peer's
# PHC taken before and after.
# timeout: 180
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ip hwstamp_ctl modprobe phc_ctl
RX=$(dirname "$0")/nsim-rxstamp
[ -x "$RX" ] || bail_out "helper $RX missing (tests/netdevsim/Makefile)"
modprobe -n netconsole 2>/dev/null ||
	bail_out "this kernel has no netconsole module (its config must have CONFIG_NETCONSOLE=m)"

N=5

# phc_ns N: the time of /dev/ptpN in ns, by phc_ctl ("clock time is S.NNNNNNNNN")
phc_ns() {
	phc_ctl "/dev/ptp$1" get | sed -n 's/.*clock time is \([0-9]*\)\.\([0-9]\{9\}\).*/\1\2/p'
}
check "modprobe netdevsim" modprobe netdevsim
check "new_device '1 2'" nsim_write $NSIM_BUS/new_device "1 2"
read -r a b <<<"$(nsim_netdevs 1 | xargs)"
# netconsole finds its device in the initial netns: a stays, b moves.
ip netns add nsb
ip netns exec nsb sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec nsb sysctl -qw net.ipv6.conf.default.disable_ipv6=1
pb=$(phc_index "$b")
ip link set "$b" netns nsb
ip addr add 192.0.2.1/24 dev "$a"
ip -n nsb addr add 192.0.2.2/24 dev "$b"
ip link set "$a" up
ip -n nsb link set "$b" up
ia=$(cat /sys/class/net/$a/ifindex)
ib=$(ip netns exec nsb cat /sys/class/net/$b/ifindex)
exec {fa}</proc/self/ns/net {fb}</run/netns/nsb
check "link $a to $b (in nsb)" nsim_write $NSIM_BUS/link_device "$fa:$ia $fb:$ib"
check "hardware receive timestamps on $b" ip netns exec nsb hwstamp_ctl -i "$b" -r 1
# b's PHC 1000 s ahead of a's: a stamp from the wrong clock misses the window
check "b's PHC 1000 s ahead" nsim_write "/sys/kernel/debug/nsim_ptp/ptp$pb/offset_ns" 1000000000000
mac=$(ip netns exec nsb cat /sys/class/net/$b/address)

out=/tmp/netpoll.rx
# until our last message (netconsole first sends the log buffer so far)
ip netns exec nsb "$RX" 6666 10000 60 "nsim-netpoll message $N" >"$out" 2>&1 &
rxpid=$!
for ((i = 0; i < 200; i++)); do
	grep -q '^ready' "$out" && break
	sleep 0.05
done
check "receiver ready in nsb" grep -q '^ready' "$out"

t0=$(phc_ns "$pb")
check "modprobe netconsole on $a" \
	modprobe netconsole "netconsole=6665@192.0.2.1/$a,6666@192.0.2.2/$mac"
check_match "netconsole started" 'netconsole: network logging started' "$(dmesg | tail -20)"
for ((i = 1; i <= N; i++)); do
	# level 4: under the guest's console loglevel (5), so consoles get it
	echo "<4>nsim-netpoll message $i" >/dev/kmsg
done
wait "$rxpid"
rc=$?
t1=$(phc_ns "$pb")
check_eq "receiver got datagrams up to our last message" 0 "$rc"
check_match "peer PHC read before and after" '^[0-9]+ [0-9]+$' "$t0 $t1"
diag "peer PHC ptp$pb from $t0 to $t1; received:" "$(cat "$out")"
check_eq "our $N messages among them" "$N" "$(grep -c '^msg .* nsim-netpoll message [0-9]' "$out")"
# 64-bit integers: awk's doubles would round these to 256 ns
bad=
while read -r w ns _; do
	[ "$w" = msg ] || continue
	((ns >= t0 && ns <= t1)) || bad+="$ns "
done <"$out"
check_eq "every datagram stamped with the peer's PHC time, inside [$t0, $t1]" "" "$bad"
check "rmmod netconsole" rmmod netconsole
exec {fa}<&- {fb}<&-
ip netns del nsb
