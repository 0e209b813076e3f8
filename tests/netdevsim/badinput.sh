#!/bin/bash
# Malformed writes to every bus and device file: an errno and no change
# (leaks: kmemleak on the debug kernel, scanned by the harness).
# timeout: 240
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd devlink ip

check "modprobe netdevsim" modprobe netdevsim
check "new_device '1 1'" nsim_write $NSIM_BUS/new_device "1 1"
check "new_device '2 0000:1f:02.0'" nsim_write $NSIM_BUS/new_device "2 0000:1f:02.0"

state() {
	ls $NSIM_BUS/devices | xargs
	ip -o link | wc -l
	devlink dev | xargs
	devlink port | wc -l
	ls /sys/bus/pci/devices | xargs
}
before=$(state)

. "$TESTLIB/bad-writes.sh"
nl=$BW_NL long=$BW_LONG
# refused in this state: device 1 and PCI device 2 at 0000:1f:02.0 exist
bad_new=("${BAD_NEW[@]}" "1 1" "2 0000:1f:03.0" "3 0000:1f:02.0"
	"3 2 pci=0000:1f:02.0")
dev1=$NSIM_BUS/devices/netdevsim1
round() {
	tryall $NSIM_BUS/new_device "${bad_new[@]}"
	tryall $NSIM_BUS/del_device "${BAD_DEL[@]}"
	tryall $NSIM_BUS/link_device "${BAD_LINK[@]}"
	tryall $NSIM_BUS/unlink_device "${BAD_UNLINK[@]}"
	tryall $dev1/new_port "${BAD_PORT[@]}"
	tryall $dev1/del_port "${BAD_DELPORT[@]}"
	tryall $dev1/sriov_numvfs "${BAD_VFS[@]}"
}
round
check_eq "every malformed write refused ($BW_WRITES)" 0 "$BW_ACCEPTED"
check_eq "no device, netdev, devlink or PCI change" "$before" "$(state)"

# Links: a port to itself, to a non-netdevsim device, unlinking an unlinked port.
exec {fd}</proc/self/ns/net
a=$(ls $dev1/net)
ip link set "$a" up
ia=$(cat /sys/class/net/$a/ifindex)
check_fails "link a port to itself" nsim_write $NSIM_BUS/link_device "$fd:$ia $fd:$ia"
check_fails "link to loopback" nsim_write $NSIM_BUS/link_device "$fd:$ia $fd:1"
check_fails "link to a missing ifindex" nsim_write $NSIM_BUS/link_device "$fd:$ia $fd:99999"
check_fails "link with a non-netns fd" nsim_write $NSIM_BUS/link_device "0:$ia $fd:1"
check_fails "unlink an unlinked port" nsim_write $NSIM_BUS/unlink_device "$fd:$ia"
check_eq "carrier still off" 0 "$(cat /sys/class/net/$a/carrier)"

# Many more rounds of the same writes.  Whether they leak is kmemleak's
# verdict: the harness scans it after every script on the debug kernel.  The
# slab delta is printed for reference only: Slab moves with everything else
# the guest does.
slab() { awk '/^Slab:/ {print $2}' /proc/meminfo; }
s0=$(slab)
rounds=50
BW_WRITES=0 BW_ACCEPTED=0
for ((r = 0; r < rounds; r++)); do round; done
s1=$(slab)
check_eq "$rounds more rounds: all $BW_WRITES malformed writes refused" 0 "$BW_ACCEPTED"
check_eq "device list unchanged after them" "$before" "$(state)"
diag "Slab: $s0 kB before, $s1 kB after $rounds rounds ($BW_WRITES writes)"
# debugfs stamp_bench: batches 1-10000, else ERANGE/EINVAL and the previous
# result stays; a run ends early on a fatal signal of its writer and when its
# port is deleted (del_port waits for it with port_lock held).
B=/sys/kernel/debug/netdevsim/netdevsim1/ports/0/stamp_bench
stamps() { sed -n 's/^stamps=\([0-9]*\) .*/\1/p' "$B"; }
# 100 batches: also the estimate of a whole run below.
check "stamp_bench: 100 batches" nsim_write "$B" 100
check_eq "stamp_bench: 100000 stamps" 100000 "$(stamps)"
errno_of() { # FILE TEXT: the error bash reports for the write, or "accepted"
	local e
	e=$({ printf '%s' "$2" >"$1"; } 2>&1) && { echo accepted; return; }
	echo "${e##*write error: }"
}
ERANGE="Numerical result out of range" EINVAL="Invalid argument"
for v in 0 10001 4294967296 -1:EINVAL x:EINVAL "$nl:EINVAL" "$long:EINVAL"; do
	want=ERANGE
	case $v in *:EINVAL) want=EINVAL v=${v%:EINVAL} ;; esac
	check_eq "stamp_bench $(printf %q "$v") refused with $want" "${!want}" "$(errno_of "$B" "$v")"
done
check_eq "stamp_bench: the refused writes left the result" 100000 "$(stamps)"
# The longest run (10000 batches), from the cost of one stamp just measured.
med_ps=$(sed -n 's/.* median_ps=\([0-9]*\).*/\1/p' "$B")
est_ms=$((med_ps * 10000000 / 1000000000))
diag "stamp_bench: one stamp ${med_ps} ps (median of 100 batches), so 10000 batches take about $est_ms ms"
# Interrupt at a quarter of it (a margin of 4 for the estimate), or after
# 1 s on a slow kernel: still deep inside the run, without waiting a
# quarter of two minutes twice on the debug kernel.
wait_ms=$((est_ms / 4))
((wait_ms > 1000)) && wait_ms=1000
pause=$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))
if [ "$wait_ms" -lt 100 ]; then
	skip "stamp_bench: SIGKILL and del_port end a run" \
		"a run of 10000 batches (~$est_ms ms) is too short to interrupt at a quarter of it"
else
	# in_write PID: PID is inside write(2) now: /proc/PID/syscall names
	# x86_64 syscall 1, or says "running" (a task on a CPU, as one in
	# stamp_bench's loop is) after 3 or more ticks of system time
	in_write() {
		local sc st _
		read -r sc _ <"/proc/$1/syscall" 2>/dev/null || return 1
		[ "$sc" = 1 ] && return 0
		read -r _ _ _ _ _ _ _ _ _ _ _ _ _ _ st _ <"/proc/$1/stat"
		diag "pid $1: syscall '$sc', $st ticks of system time"
		[ "$sc" = running ] && [ "$st" -ge 3 ]
	}
	(printf 10000 >"$B") 2>/dev/null &
	pid=$!
	sleep "$pause"
	check "stamp_bench: the writer is inside its write when killed" in_write "$pid"
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	check_eq "stamp_bench: a run killed (SIGKILL) ends without a result" 100000 "$(stamps)"
	err=/tmp/stamp_bench.err
	({ printf 10000 >"$B"; } 2>"$err") &
	pid=$!
	sleep "$pause"
	check "stamp_bench: the writer is inside its write when its port goes" in_write "$pid"
	check "del_port 0 during a stamp_bench run" nsim_write $dev1/del_port 0
	wait "$pid"
	check_match "stamp_bench: the run ended with ENODEV when its port went" \
		"No such device" "$(cat "$err")"
fi
check "del_device 2" nsim_write $NSIM_BUS/del_device 2
check "del_device 1" nsim_write $NSIM_BUS/del_device 1
check "modprobe -r netdevsim" modprobe -r netdevsim
