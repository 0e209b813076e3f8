#!/bin/bash
# m8: a frame that port A sends while its peer B stops must never be queued
# on B's ring after B's stop purged it: it would sit there, charged to the
# sending socket, until B is up again.  Since the kernel's 2025 change to
# dev_deactivate_many(), a device whose qdisc does not queue (noqueue, set
# on B here) gets no RCU grace period between "not running" and its
# ndo_stop(); before it, that grace period closed the window whatever the
# driver did, so this script can only catch the bug on newer kernels.  The
# helper (stress-tool stale) checks after each stop of B, with no send in
# flight, that the sending socket holds no memory (SIOCOUTQ): a frame
# delivered, dropped or purged has given it back.  A hit needs the sender
# held up (an interrupt, or its vCPU descheduled by the host) between its
# look at B and its enqueue, so a broken driver is caught by chance, more
# often on a busy host; a correct one is never blamed.
# timeout: 300
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ip tc
stress_setup

ROUNDS=${STRESS_STALE_ROUNDS:-300}

check "modprobe netdevsim" modprobe netdevsim
check "device 1 with two ports" w $NSIM_BUS/new_device "1 2"
read -r a b <<<"$(ls $NSIM_BUS/devices/netdevsim1/net | tr '\n' ' ')"
exec {nsfd}</proc/self/ns/net
check "link $a to $b" w $NSIM_BUS/link_device \
	"$nsfd:$(cat /sys/class/net/$a/ifindex) $nsfd:$(cat /sys/class/net/$b/ifindex)"
exec {nsfd}<&-
check "$a and $b up" eval "ip link set $a up && ip link set $b up"
check "$b without a qdisc" tc qdisc replace dev "$b" root noqueue
# RPS would queue B's frames on another CPU's backlog, outside B's stop
for f in /sys/class/net/$b/queues/rx-*/rps_cpus; do
	[ -w "$f" ] && echo 0 >"$f"
done

diag "$(nproc) CPU(s), $ROUNDS rounds"
res=$("$TOOL" stale "$a" "$b" "$ROUNDS")
rc=$?
diag "$res"
check_eq "stress-tool stale exit status" 0 "$rc"
read -r _ r _ sent _ failed _ stale _ quiet _ first <<<"$res"
check_eq "all $ROUNDS down/up rounds of $b ran" "$ROUNDS" "$r"
check "$a's driver took frames ($sent; refused: $failed)" test "${sent:-0}" -gt 0
# a round after which nothing came in had a sender that stood still
check "frames came in after at least 9 of 10 ups (quiet rounds: $quiet)" \
	test "${quiet:-$ROUNDS}" -le $((ROUNDS / 10))
check_eq "no frame held by $b's ring after its stop (first: $first)" 0 "$stale"

check "del_device 1" w $NSIM_BUS/del_device 1
check "rmmod netdevsim" rmmod netdevsim
check_eq "nothing left behind" "" "$(leftovers_netdevsim)"
