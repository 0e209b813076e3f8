#!/bin/bash
# Counters of a linked pair when the receiver's ring overflows (review M1):
# each netdev writes only its own counters, so a frame the peer's ring has
# no room for is the sender's tx_dropped, never the peer's rx_dropped.  A
# plug qdisc holds N frames back and lets them go at once, so the qdisc
# sends them back to back (up to 64 per run) while the receiver's NAPI gets
# no chance to empty its ring of 8 in between: drops are certain and every
# count is checked exactly once all frames have settled.  Four TX queues of
# the sender feed the peer's one RX ring.  Also: one skb sent many times
# (pktgen burst, clone_skb) is refused, as on veth.
# timeout: 180
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ethtool ip jq tc

N=1000
RING=8
PG=/proc/net/pktgen

check "modprobe netdevsim" modprobe netdevsim
check "modprobe pktgen" modprobe pktgen
check "modprobe sch_plug" modprobe sch_plug
check "new_device '1 2 4'" nsim_write $NSIM_BUS/new_device "1 2 4"
read -r a b <<<"$(nsim_netdevs 1 | xargs)"
for d in "$a" "$b"; do
	# no IPv6 chatter: the counters must hold only pktgen's frames
	f=/proc/sys/net/ipv6/conf/$d/disable_ipv6
	[ ! -e "$f" ] || echo 1 >"$f"
done
exec {fd}</proc/self/ns/net
check "link $a and $b" nsim_write $NSIM_BUS/link_device \
	"$fd:$(cat /sys/class/net/$a/ifindex) $fd:$(cat /sys/class/net/$b/ifindex)"
exec {fd}<&-
check "$b: one RX ring" ethtool -L "$b" combined 1
check "$b: RX ring of $RING" ethtool -G "$b" rx $RING
check "$a up" ip link set "$a" up
check "$b up" ip link set "$b" up
check "$a: plug qdisc, blocked" tc qdisc replace dev "$a" root plug
check "plug: block" tc qdisc change dev "$a" root plug block

# pg FILE CMD: one pktgen command; its error text, if any, on stdout
pg() { { echo "$2" >"$PG/$1"; } 2>&1; }

check_eq "pktgen: $a added" "" "$(pg kpktgend_0 "add_device $a")"
# pktgen's answer for a netdev that cannot send one skb twice: ENOTSUPP
# (524) up to 6.x, EOPNOTSUPP on newer kernels (7.3)
nosup='(error 524|Operation not supported)$'
check_match "pktgen burst 8 refused (ENOTSUPP/EOPNOTSUPP)" "$nosup" "$(pg "$a" "burst 8")"
check_match "pktgen clone_skb 8 refused (ENOTSUPP/EOPNOTSUPP)" "$nosup" "$(pg "$a" "clone_skb 8")"
# had they been taken, the rest would queue one skb many times: undo
pg "$a" "burst 1" >/dev/null
pg "$a" "clone_skb 0" >/dev/null
for c in "xmit_mode queue_xmit" "count $N" "pkt_size 60" "delay 0" \
	"dst 198.51.100.2" "dst_mac $(cat /sys/class/net/$b/address)" \
	"udp_src_min 1000" "udp_src_max 1999"; do
	check_eq "pktgen: $c" "" "$(pg "$a" "$c")"
done

# stats DEV: "tx_packets tx_dropped rx_packets rx_dropped"
stats() {
	ip -s -j link show dev "$1" |
		jq -r '.[0].stats64 | "\(.tx.packets) \(.tx.dropped) \(.rx.packets) \(.rx.dropped)"'
}
read -r atp0 atd0 _ _ <<<"$(stats "$a")"
read -r _ _ brp0 brd0 <<<"$(stats "$b")"
# pktgen's start returns once its last frame is freed, which the plug
# holds: start it in the background and release the plug when all are in.
sofar() { awk '$1 == "pkts-sofar:" {print $2, $4}' "$PG/$a"; }
PGRC=/tmp/counters-pktgen.rc
rm -f "$PGRC"
{
	pg pgctrl start >/dev/null
	echo $? >"$PGRC"
} &
pgpid=$!
for ((i = 0; i < 100 * NSIM_TMO; i++)); do
	[ "$(sofar)" = "$N 0" ] && break
	sleep 0.1
done
check_eq "pktgen: all $N frames in the plugged qdisc (sent, errors)" "$N 0" "$(sofar)"
diag "all in after $i polls"
read -r atp atd _ _ <<<"$(stats "$a")"
check_eq "$a: nothing sent while plugged" "0 0" "$((atp - atp0)) $((atd - atd0))"
check "plug: release" tc qdisc change dev "$a" root plug release_indefinite
# Wait (a bound, not a verdict: the counts decide) until every frame has
# left the qdisc and the receiver's NAPI has emptied its ring: a frame is
# $a's tx_packets when it enters the ring, $b's rx_packets when polled.
for ((i = 0; i < 100 * NSIM_TMO; i++)); do
	read -r atp atd _ _ <<<"$(stats "$a")"
	read -r _ _ brp _ <<<"$(stats "$b")"
	[ $((atp - atp0 + atd - atd0)) -ge "$N" ] && [ $((brp - brp0)) -ge $((atp - atp0)) ] &&
		[ -s "$PGRC" ] && break
	sleep 0.1
done
diag "settled after $i polls: pktgen rc '$(cat "$PGRC" 2>/dev/null)'"
check_eq "pktgen: done (its last frame freed)" 0 "$(cat "$PGRC" 2>/dev/null)"
read -r atp atd _ _ <<<"$(stats "$a")"
read -r _ _ brp brd <<<"$(stats "$b")"
tx=$((atp - atp0)) drop=$((atd - atd0)) rx=$((brp - brp0))
diag "$a sent $tx and dropped $drop of $N; $b received $rx, rx_dropped +$((brd - brd0))"
check_eq "$a: tx_packets + tx_dropped = frames released" "$N" "$((tx + drop))"
check_match "$a: the full ring's drops are $a's tx_dropped" '^[1-9][0-9]*$' "$drop"
check_eq "$b: rx_packets = $a's tx_packets" "$tx" "$rx"
check_eq "$b: rx_dropped untouched (its counters are its own)" "$brd0" "$brd"
st=$(ethtool -S "$a")
check_match "$a: frames left on more than one TX queue" '^[2-4]$' \
	"$(awk '/tx_queue_[0-9]+_(packets|dropped):/ && $2 > 0 {split($1, f, "_"); q[f[3]] = 1}
		END {print length(q)}' <<<"$st")"
check_eq "$b: no per-queue rx_dropped" 0 \
	"$(ethtool -S "$b" | awk '/rx_queue_[0-9]+_dropped:/ {s += $2} END {print s + 0}')"

kill "$pgpid" 2>/dev/null
wait "$pgpid" 2>/dev/null
pg kpktgend_0 rem_device_all >/dev/null
check "del_device 1" nsim_write $NSIM_BUS/del_device 1
check "rmmod netdevsim" modprobe -r netdevsim
done_testing
