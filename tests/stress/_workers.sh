# shellcheck shell=bash
# Background writers and readers for the concurrency tests (sourced after
# _lib.sh).  Writers do a fixed number of operations (or stop early once
# $ST/stop exists); readers loop until $ST/stop exists (at most READ_MAX
# rounds).  Each one leaves its tally in $ST/NAME.count.

READ_MAX=${READ_MAX:-100000}
CHURN_IDS=(10 11 12 13)
# netdevs the writers leave alone (the traffic pair)
KEEP_NETDEVS=" "

stopped() { [ -e "$ST/stop" ]; }

pick() { # ARRAY...: one element at random
	local a=("$@")
	[ ${#a[@]} -gt 0 ] && echo "${a[RANDOM % ${#a[@]}]}"
}

netdevs_now() { # every netdev but lo and the kept ones
	local d n
	for d in /sys/class/net/*; do
		n=${d##*/}
		[ "$n" = lo ] && continue
		[[ $KEEP_NETDEVS == *" $n "* ]] && continue
		echo "$n"
	done
}

ptp_dirs_now() {
	local d
	for d in "$PTPD"/ptp*; do
		[ -d "$d" ] && echo "${d##*/}"
	done
}

# new_device/del_device on the churn IDs, with per-port, shared and no PHCs.
w_dev() { # NAME N
	local i id pc
	for ((i = 0; i < $2; i++)); do
		stopped && break
		id=${CHURN_IDS[RANDOM % ${#CHURN_IDS[@]}]}
		pc=$((RANDOM % 3))
		case $((RANDOM % 3)) in
		0) cw new_device $NSIM_BUS/new_device "$id $pc" ;;
		1) cw new_device $NSIM_BUS/new_device "$id $pc 2 clock=7" ;;
		2) cw new_device $NSIM_BUS/new_device "$id 0000:1e:0$((id - 10)).0 -1 $pc" ;;
		esac
		cw del_device $NSIM_BUS/del_device "${CHURN_IDS[RANDOM % ${#CHURN_IDS[@]}]}"
	done
	count_flush "$1"
}

# link_device/unlink_device between random netdevs of this netns.
w_link() { # NAME N
	local i a b ia ib nd
	exec {nsfd}</proc/self/ns/net
	for ((i = 0; i < $2; i++)); do
		stopped && break
		mapfile -t nd < <(netdevs_now)
		[ ${#nd[@]} -ge 2 ] || { count link_device none; continue; }
		a=$(pick "${nd[@]}")
		b=$(pick "${nd[@]}")
		read -r ia <"/sys/class/net/$a/ifindex" 2>/dev/null || ia=999999
		read -r ib <"/sys/class/net/$b/ifindex" 2>/dev/null || ib=999999
		ip link set "$a" up 2>/dev/null
		ip link set "$b" up 2>/dev/null
		cw link_device $NSIM_BUS/link_device "$nsfd:$ia $nsfd:$ib"
		if ((RANDOM % 2)); then
			cw unlink_device $NSIM_BUS/unlink_device "$nsfd:$ib"
		fi
	done
	exec {nsfd}<&-
	count_flush "$1"
}

# new_port/del_port, sriov_numvfs and the ports' link_delay_ns.
w_port() { # NAME N DEVIDS...
	local name=$1 n=$2 i id d f
	shift 2
	for ((i = 0; i < n; i++)); do
		stopped && break
		id=$(pick "$@")
		d=$NSIM_BUS/devices/netdevsim$id
		case $((RANDOM % 4)) in
		0 | 1) cw new_port "$d/new_port" $((2 + RANDOM % 4)) ;;
		2) cw del_port "$d/del_port" $((2 + RANDOM % 4)) ;;
		3) cw sriov_numvfs "$d/sriov_numvfs" $((RANDOM % 3)) ;;
		esac
		for f in "$NSIMD/netdevsim$id/ports/"*/link_delay_ns; do
			cw link_delay_ns "$f" $((RANDOM * 10))
			break
		done
	done
	count_flush "$name"
}

# nsim_ptp: standalone clocks, cables between any clocks, every knob.
w_clk() { # NAME N
	local i c p q dirs
	for ((i = 0; i < $2; i++)); do
		stopped && break
		c=st$((RANDOM % 4))
		if ((RANDOM % 2)); then
			cw new_clock $PTPD/new_clock "$c"
		else
			cw del_clock $PTPD/del_clock "$c"
		fi
		mapfile -t dirs < <(ptp_dirs_now)
		[ ${#dirs[@]} -gt 0 ] || continue
		p=$(pick "${dirs[@]}")
		q=$(pick "${dirs[@]}")
		cw connect $PTPD/connect "$p SMA$((1 + RANDOM % 2)) $q U.FL$((1 + RANDOM % 2)) $((RANDOM * 10))"
		((RANDOM % 2)) && cw disconnect $PTPD/disconnect "$q U.FL$((1 + RANDOM % 2))"
		case $((RANDOM % 4)) in
		0) cw knob "$PTPD/$p/freq_error_ppb" $((RANDOM - 16384)) ;;
		1) cw knob "$PTPD/$p/offset_ns" $((RANDOM * 1000)) ;;
		2) cw knob "$PTPD/$p/noise_ns" $((RANDOM % 1000)) ;;
		3) cw knob "$PTPD/$p/gnss_signal" $((RANDOM % 2)) ;;
		esac
	done
	count_flush "$1"
}

# Readers: ethtool -S/-T/-i, devlink dev/port show, phc_ctl get, debugfs.
r_ethtool() { # NAME
	local i n opt
	for ((i = 0; i < READ_MAX; i++)); do
		stopped && break
		n=$(pick $(netdevs_now)) || { count ethtool none; continue; }
		opt=$(pick -S -T -i)
		if ethtool "$opt" "$n" >/dev/null 2>&1; then count "ethtool$opt"; else count "ethtool$opt" failed; fi
	done
	count_flush "$1"
}

r_devlink() { # NAME
	local i what
	for ((i = 0; i < READ_MAX; i++)); do
		stopped && break
		what=$(pick dev port)
		if devlink "$what" show >/dev/null 2>&1; then count "devlink-$what"; else count "devlink-$what" failed; fi
	done
	count_flush "$1"
}

r_phc() { # NAME
	local i p
	for ((i = 0; i < READ_MAX; i++)); do
		stopped && break
		p=$(pick /dev/ptp*)
		if [ -e "$p" ] && phc_ctl "$p" get >/dev/null 2>&1; then count phc_ctl; else count phc_ctl failed; fi
	done
	count_flush "$1"
}

r_debugfs() { # NAME
	local i f line
	for ((i = 0; i < READ_MAX; i++)); do
		stopped && break
		f=$(pick $PTPD/clocks $PTPD/cables $PTPD/ptp*/state $PTPD/ptp*/offset_ns \
			$NSIMD/netdevsim*/ports/*/link_delay_ns)
		if [ -e "$f" ] && { while read -r line; do :; done <"$f"; } 2>/dev/null; then
			count debugfs-read
		else
			count debugfs-read failed
		fi
	done
	count_flush "$1"
}

# Traffic: bursts of frames out of one port of a linked pair.
r_traffic() { # NAME IFNAME BURST
	local i out s sent=0 failed=0 f
	for ((i = 0; i < READ_MAX; i++)); do
		stopped && break
		out=$("$TOOL" tx "$2" "$3" 2>/dev/null) || break
		read -r _ s _ f <<<"$out"
		sent=$((sent + s))
		failed=$((failed + f))
	done
	echo "frames sent $sent" >"$ST/$1.count"
	echo "frames failed $failed" >>"$ST/$1.count"
}
