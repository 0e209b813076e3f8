#!/bin/bash
# Load/unload cycles with devices, links, traffic, cables and PHC file
# descriptors held open, each unload while writers are in flight on the bus,
# device and debugfs files; nothing may be left behind, old fds fail cleanly.
# timeout: 600
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
. "$(dirname "$0")/_workers.sh"
require_cmd ip phc_ctl
stress_setup
gate_init

CYCLES=${STRESS_CYCLES:-20}
N=${STRESS_N:-40}	# upper bound of each writer's operations per cycle

ptp_by_name() { # CLOCK_NAME: ptpN
	local f
	for f in /sys/class/ptp/ptp*/clock_name; do
		[ "$(cat "$f")" = "$1" ] && { f=${f%/clock_name}; echo "${f##*/}"; return 0; }
	done
	return 1
}

oldfd_ok=0 oldfd_bad=0 leftover=0 frames=0 rmmod_tries=0 cycles=0
for ((c = 1; c <= CYCLES; c++)); do
	modprobe netdevsim || { fail "modprobe netdevsim (cycle $c)"; break; }
	w $NSIM_BUS/new_device "1 2" && w $NSIM_BUS/new_device "2 2 clock=3" ||
		{ fail "devices (cycle $c): $W_ERR"; break; }
	((c % 4 == 0)) && w $NSIM_BUS/new_device "3 0000:1f:02.0 -1 1"
	a=$(ls $NSIM_BUS/devices/netdevsim1/net | head -1)
	b=$(ls $NSIM_BUS/devices/netdevsim2/net | head -1)
	exec {nsfd}</proc/self/ns/net
	w $NSIM_BUS/link_device "$nsfd:$(cat /sys/class/net/$a/ifindex) $nsfd:$(cat /sys/class/net/$b/ifindex)" ||
		{ fail "link (cycle $c): $W_ERR"; break; }
	exec {nsfd}<&-
	ip link set "$a" up
	ip link set "$b" up
	w $PTPD/new_clock stc
	pa=$(ptp_by_name "netdevsim1.0")
	ps=$(ptp_by_name stc)
	pb=$(ptp_by_name nsim-clk3)
	w $PTPD/connect "$pa SMA2 $ps SMA1 1000"
	w $PTPD/connect "$ps SMA2 $pb U.FL1"
	# PHCs held open across the unload
	exec {fa}</dev/$pa {fb}</dev/$pb {fs}</dev/$ps
	out=$("$TOOL" tx "$a" 50)
	frames=$((frames + $(echo "$out" | cut -d' ' -f2)))

	rm -f "$ST/stop"
	KEEP_NETDEVS=" $a $b "
	r_traffic "c$c-traffic" "$a" 20 &
	# the writers take turns, two kinds per cycle, to keep a cycle short
	if ((c % 2)); then
		w_dev "c$c-dev" "$N" &
		w_port "c$c-port" "$N" 1 2 3 &
	else
		w_link "c$c-link" "$N" &
		w_clk "c$c-clk" "$N" &
		w_port "c$c-port" "$N" 1 2 3 &
	fi
	# unload once the writers got going (a churn device or a new port)
	for ((i = 0; i < 2000; i++)); do
		[ -n "$(ls -d $NSIM_BUS/devices/netdevsim1? $NSIMD/netdevsim?/ports/[23] 2>/dev/null)" ] && break
	done
	t=$(rmmod_retry netdevsim 200)
	rmmod_tries=$((rmmod_tries + t))
	: >"$ST/stop"
	wait
	if [ -d /sys/module/netdevsim ]; then
		fail "rmmod netdevsim (cycle $c, $t attempts)"
		break
	fi
	left=$(leftovers_netdevsim)
	if [ -n "$left" ]; then
		leftover=$((leftover + 1))
		diag "cycle $c: left behind:" "$left"
		break
	fi
	# netdevsim's PHCs are gone under the open fds; the standalone one not
	if ! dd bs=16 count=1 <&$fa 2>&1 | grep -q 'No such device'; then
		oldfd_bad=$((oldfd_bad + 1))
		diag "cycle $c: read on the deleted port PHC's old fd did not fail with ENODEV"
	else
		oldfd_ok=$((oldfd_ok + 1))
	fi
	phc_ctl /dev/$ps get >/dev/null 2>&1 ||
		{ oldfd_bad=$((oldfd_bad + 1)); diag "cycle $c: standalone clock unreadable"; }
	# nsim_ptp goes too, a clock writer at it and an fd held open
	rm -f "$ST/stop"
	w_clk "c$c-clk2" "$N" &
	w $PTPD/new_clock st1
	rmmod_retry nsim_dpll 50 >/dev/null
	t=$(rmmod_retry nsim_ptp 200)
	rmmod_tries=$((rmmod_tries + t))
	: >"$ST/stop"
	wait
	[ -d /sys/module/nsim_ptp ] && { fail "rmmod nsim_ptp (cycle $c)"; break; }
	if ! dd bs=16 count=1 <&$fs 2>&1 | grep -q 'No such device'; then
		oldfd_bad=$((oldfd_bad + 1))
		diag "cycle $c: read on the standalone PHC's old fd did not fail with ENODEV"
	fi
	exec {fa}<&- {fb}<&- {fs}<&-
	left=$(leftovers_ptp)
	[ -n "$left" ] && { leftover=$((leftover + 1)); diag "cycle $c: nsim_ptp left:" "$left"; break; }
	cycles=$c
done
for f in "$ST"/*traffic.count; do
	frames=$((frames + $(awk '$2 == "sent" { print $3 }' "$f")))
done
diag "cycles $cycles, frames sent $frames, rmmod attempts $rmmod_tries, writers:" \
	"$(stress_counts "$ST"/c*-{dev,port,link,clk,clk2}.count)"
check_eq "$CYCLES load/unload cycles completed" "$CYCLES" "$cycles"
check_eq "nothing left behind after any unload" 0 "$leftover"
check_eq "held PHC fds failed with ENODEV after their clock went ($oldfd_ok cycles)" 0 "$oldfd_bad"
check "the PHC gate never kept a worker waiting $GATE_WAIT s" gate_ok
check "writes were in flight: some accepted" test "$(ops_total new_device OK)" -gt 0
