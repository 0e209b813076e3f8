#!/bin/bash
# B2: link_device racing del_device must never leave a port linked to a netdev
# that is going away (its peer pointer would point to freed memory).
# timeout: 300
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ip
stress_setup

ITER=${STRESS_ITER:-12}
NB=4	# linkers at once, each with a partner port of its own

check "modprobe netdevsim" modprobe netdevsim
check "device 1: $NB partner ports and a spare" w $NSIM_BUS/new_device "1 $((NB + 1))"
bi=()
for n in $(ls $NSIM_BUS/devices/netdevsim1/net); do
	bi+=("$(cat /sys/class/net/$n/ifindex)")
	ip link set "$n" up
done
spare=${bi[NB]}
exec {nsfd}</proc/self/ns/net

# RTNL traffic beside the race: the linkers queue on RTNL behind it, so
# del_device can take RTNL between a linker's lookup and its link.
rtnl_load() {
	while [ ! -e "$ST/stop" ]; do
		ip -o link show >/dev/null 2>&1
		echo x >>"$ST/rtnl.count"
	done
}

stale=0 links=0 close=0 res=
rtnl_load &
for ((it = 1; it <= ITER && stale == 0; it++)); do
	w $NSIM_BUS/new_device "2 4" || { fail "new_device 2 (round $it): $W_ERR"; break; }
	ai=()
	for n in $(ls $NSIM_BUS/devices/netdevsim2/net); do
		ai+=("$(cat /sys/class/net/$n/ifindex)")
		ip link set "$n" up
	done
	pids=()
	for ((k = 0; k < NB; k++)); do
		"$TOOL" link "${bi[k]}" "${ai[@]}" >"$ST/link.$k" &
		pids+=($!)
	done
	w $NSIM_BUS/del_device 2 || { fail "del_device 2 (round $it): $W_ERR"; break; }
	wait "${pids[@]}"
	for ((k = 0; k < NB; k++)); do
		read -r res _ <"$ST/link.$k"
		# linked, then the port vanished before the unlink
		[ "$res" = stuck ] && close=$((close + 1))
		l=$(awk '{ for (i = 1; i < NF; i++) if ($i == "links") print $(i + 1) }' "$ST/link.$k")
		links=$((links + ${l:-0}))
		# the partner must be free again: its peer went away with device 2
		if ! w $NSIM_BUS/link_device "$nsfd:${bi[k]} $nsfd:$spare"; then
			stale=$((stale + 1))
			diag "round $it: partner ifindex ${bi[k]} refuses a new link ($W_ERR) after its peer's device was deleted; linker said: $(cat "$ST/link.$k")"
		else
			w $NSIM_BUS/unlink_device "$nsfd:$spare"
		fi
	done
done
: >"$ST/stop"
wait
diag "rounds $((it - 1)), links made $links, links that met the deletion $close, RTNL readers $(wc -l <"$ST/rtnl.count")"
check_eq "no port left linked to a deleted netdev" 0 "$stale"
if [ "$stale" != 0 ]; then
	# the dangling peer is touched once, so a KASAN kernel names the bug
	n=$(ls $NSIM_BUS/devices/netdevsim1/net | head -1)
	"$TOOL" tx "$n" 1 >/dev/null
fi
check "del_device 1" w $NSIM_BUS/del_device 1
check "rmmod netdevsim" rmmod netdevsim
check_eq "nothing left behind" "" "$(leftovers_netdevsim)"
