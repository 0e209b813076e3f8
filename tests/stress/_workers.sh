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

# The PHC creation gate.  Every kernel up to 7.3 at least publishes a new
# PHC's character device before its posix clock knows its device
# (posix_clock_register() sets clk->dev after cdev_device_add()): an open in
# that window takes no device reference, but its close drops one, so the
# PTP device is freed early (refcount underflow, use-after-free).  That is
# the kernel's bug, not ours (docs/ptp.md, "Kernel bug").  Writes that
# create PHCs hold the gate shared, so they still race each other; a reader
# holds it exclusive for its open of a PHC only (r_phc).  Deletions and
# unloads race the readers in full.
#
# The gate is a reader-writer lock made of bash builtins on two FIFOs, as
# a fork of flock(1) per operation made stress/mixed three times slower on
# the debug kernel.  $ST/gate holds GATE_TOKENS bytes: a creator takes one,
# a reader all of them.  $ST/gate-x holds one byte, which a reader takes
# first, so that two readers never hold part of the tokens each.  Bash's
# read -N never asks for more bytes than it still misses, and a write of
# up to PIPE_BUF bytes is atomic, so no token is lost or made.  A wait past GATE_WAIT seconds is
# a failure: it leaves $ST/gate-stuck (gate_ok) and the caller fails.
GATE_TOKENS=64
GATE_WAIT=${GATE_WAIT:-300}

# gate_init: make the gate (after stress_setup, before any worker starts;
# the workers inherit the descriptors)
gate_init() {
	local t
	rm -f "$ST/gate" "$ST/gate-x" "$ST/gate-stuck"
	mkfifo "$ST/gate" "$ST/gate-x" || bail_out "mkfifo for the PHC gate failed"
	exec {_gate}<>"$ST/gate" {_gate_x}<>"$ST/gate-x"
	printf -v t '%*s' "$GATE_TOKENS" ''
	_gate_all=${t// /t}
	printf '%s' "$_gate_all" >&"$_gate"
	printf t >&"$_gate_x"
}

# gate_take FD N: take N tokens from FD; on a timeout give back the part
# taken, note it and fail
gate_take() {
	local got
	if ! read -rN "$2" -t "$GATE_WAIT" -u "$1" got || [ ${#got} -ne "$2" ]; then
		[ -n "$got" ] && printf '%s' "$got" >&"$1"
		echo "PHC gate: no $2 token(s) in $GATE_WAIT s" >>"$ST/gate-stuck"
		return 1
	fi
}

# gate_ok: the gate never timed out (for a check at the end of a test)
gate_ok() { [ ! -e "$ST/gate-stuck" ]; }

# gate_create CMD...: CMD, holding the gate shared
gate_create() {
	local r
	[ -n "${_gate:-}" ] || bail_out "gate_create before gate_init"
	gate_take "$_gate" 1 || return 1
	"$@"
	r=$?
	printf t >&"$_gate"
	return $r
}

# gate_open_x PATH: open PATH for reading on a new descriptor, GATE_FD,
# holding the gate exclusive for the open only
gate_open_x() {
	local r=0
	[ -n "${_gate:-}" ] || bail_out "gate_open_x before gate_init"
	gate_take "$_gate_x" 1 || return 1
	if ! gate_take "$_gate" "$GATE_TOKENS"; then
		printf t >&"$_gate_x"
		return 1
	fi
	{ exec {GATE_FD}<"$1"; } 2>/dev/null || r=1
	printf '%s' "$_gate_all" >&"$_gate"
	printf t >&"$_gate_x"
	return $r
}

# cw_create KIND FILE VALUE: cw for a write that may create PHCs
cw_create() { gate_create cw "$@"; }

READ_MIN=${READ_MIN:-8}

# nap: about 10 ms without a fork (a read that times out on an idle FIFO),
# for a reader with nothing to read, so that it leaves the CPUs to writers
nap() {
	if [ -z "${_nap_fd:-}" ]; then
		[ -p "$ST/nap" ] || mkfifo "$ST/nap" 2>/dev/null
		exec {_nap_fd}<>"$ST/nap"
	fi
	read -rt 0.01 -u "$_nap_fd" _ || true
}

# reader_min NAME I: mark that reader NAME has done its minimum of rounds
reader_min() { [ "$2" = "$READ_MIN" ] && : >"$ST/$1.min"; }

# readers_wait N: until N readers have done READ_MIN rounds each (the
# readers, not this loop, bound it; 6000 polls are only a safety net).
readers_wait() {
	local i m
	for ((i = 0; i < 6000; i++)); do
		m=("$ST"/*.min)
		[ -e "${m[0]}" ] && [ ${#m[@]} -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# netdevs_now: ND=(every netdev but lo and the kept ones); no fork (the
# guest has no /dev/fd for process substitution).
netdevs_now() {
	local d n
	ND=()
	for d in /sys/class/net/*; do
		n=${d##*/}
		[ "$n" = lo ] && continue
		[[ $KEEP_NETDEVS == *" $n "* ]] && continue
		[ -e "$d" ] && ND+=("$n")
	done
}

# ptp_dirs_now: PD=(ptpN of every clock in nsim_ptp's debugfs)
ptp_dirs_now() {
	local d
	PD=()
	for d in "$PTPD"/ptp*; do
		[ -d "$d" ] && PD+=("${d##*/}")
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
		0) cw_create new_device $NSIM_BUS/new_device "$id $pc" ;;
		1) cw_create new_device $NSIM_BUS/new_device "$id $pc 2 clock=7" ;;
		2) cw_create new_device $NSIM_BUS/new_device "$id 0000:1e:0$((id - 10)).0 -1 $pc" ;;
		esac
		cw del_device $NSIM_BUS/del_device "${CHURN_IDS[RANDOM % ${#CHURN_IDS[@]}]}"
	done
	count_flush "$1"
}

# link_device/unlink_device between random netdevs of this netns.  Half of
# the time an accepted link is undone at once (always the first time, so that
# the accepted path runs however the random pairs fall); otherwise half of the
# time a random netdev is unlinked.
w_link() { # NAME N
	local i a b ia ib nd undone=0
	exec {nsfd}</proc/self/ns/net
	for ((i = 0; i < $2; i++)); do
		stopped && break
		netdevs_now
		[ ${#ND[@]} -ge 2 ] || { count link_device none; continue; }
		a=$((RANDOM % ${#ND[@]}))
		b=$(((a + 1 + RANDOM % (${#ND[@]} - 1)) % ${#ND[@]}))
		a=${ND[a]}
		b=${ND[b]}
		read -r ia 2>/dev/null <"/sys/class/net/$a/ifindex" || ia=999999
		read -r ib 2>/dev/null <"/sys/class/net/$b/ifindex" || ib=999999
		ip link set "$a" up 2>/dev/null
		ip link set "$b" up 2>/dev/null
		cw link_device $NSIM_BUS/link_device "$nsfd:$ia $nsfd:$ib"
		if [ "$W_ERR" = OK ] && ((!undone || RANDOM % 2)); then
			cw unlink_device $NSIM_BUS/unlink_device "$nsfd:$ib"
			[ "$W_ERR" = OK ] && undone=1
		elif ((RANDOM % 2)); then
			nd=${ND[RANDOM % ${#ND[@]}]}
			read -r ib 2>/dev/null <"/sys/class/net/$nd/ifindex" || ib=999999
			cw unlink_device $NSIM_BUS/unlink_device "$nsfd:$ib"
		fi
	done
	exec {nsfd}<&-
	count_flush "$1"
}

# new_port/del_port, sriov_numvfs and the ports' link_delay_ns.
w_port() { # NAME N DEVIDS...
	local name=$1 n=$2 i id d f ids pi=2 pd
	shift 2
	ids=("$@")
	for ((i = 0; i < n; i++)); do
		stopped && break
		id=${ids[RANDOM % ${#ids[@]}]}
		d=$NSIM_BUS/devices/netdevsim$id
		# a port is deleted right after it was made, on the same device
		case $((i % 4)) in
		0 | 2)
			# every other time on the base device (it exists), so that
			# the delete that follows has a port to take
			((i % 4)) || d=$NSIM_BUS/devices/netdevsim${ids[0]}
			pi=$((2 + RANDOM % 2)); pd=$d; cw_create new_port "$d/new_port" $pi ;;
		1) cw del_port "$pd/del_port" $pi ;;
		3)
			# every other time a write that is valid for the state of
			# a base device (0 <-> 1..2), so that some are accepted
			# however the random ones fall
			if ((i % 8 == 3)); then
				d=$NSIM_BUS/devices/netdevsim${ids[0]}
				if [ "$(cat "$d/sriov_numvfs" 2>/dev/null)" = 0 ]; then
					cw sriov_numvfs "$d/sriov_numvfs" $((1 + RANDOM % 2))
				else
					cw sriov_numvfs "$d/sriov_numvfs" 0
				fi
			else
				cw sriov_numvfs "$d/sriov_numvfs" $((RANDOM % 3))
			fi
			;;
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
	local i c p q dirs made= gone=0
	for ((i = 0; i < $2; i++)); do
		stopped && break
		# a clock made by this writer is deleted the next time half of
		# the time (always the first time); otherwise a random name
		if [ -n "$made" ] && ((!gone || RANDOM % 2)); then
			cw del_clock $PTPD/del_clock "$made"
			[ "$W_ERR" = OK ] && gone=1
			made=
		else
			c=st$((RANDOM % 4))
			if ((RANDOM % 2)); then
				cw_create new_clock $PTPD/new_clock "$c"
				[ "$W_ERR" = OK ] && made=$c
			else
				cw del_clock $PTPD/del_clock "$c"
			fi
		fi
		ptp_dirs_now
		[ ${#PD[@]} -gt 0 ] || continue
		p=${PD[RANDOM % ${#PD[@]}]}
		q=${PD[RANDOM % ${#PD[@]}]}
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
	local i n opt OPTS=(-S -T -i)
	for ((i = 0; i < READ_MAX; i++)); do
		stopped && break
		reader_min "$1" "$i"
		netdevs_now
		[ ${#ND[@]} -gt 0 ] || { count ethtool none; continue; }
		n=${ND[RANDOM % ${#ND[@]}]}
		opt=${OPTS[i % 3]}
		if ethtool "$opt" "$n" >/dev/null 2>&1; then count "ethtool$opt"; else count "ethtool$opt" failed; fi
	done
	count_flush "$1"
}

r_devlink() { # NAME
	local i what
	for ((i = 0; i < READ_MAX; i++)); do
		stopped && break
		reader_min "$1" "$i"
		what=dev
		((i % 2)) && what=port
		if devlink "$what" show >/dev/null 2>&1; then count "devlink-$what"; else count "devlink-$what" failed; fi
	done
	count_flush "$1"
}

# phc_ctl reads a random PHC.  The shell opens it holding the gate
# exclusive, for that open only; phc_ctl then opens the same inode again
# through /proc/self/fd.  That open reaches the clock the shell holds
# (registered, or deleted meanwhile: ENODEV), never one being registered.
r_phc() { # NAME
	local i p ps pf
	for ((i = 0; i < READ_MAX; i++)); do
		stopped && break
		reader_min "$1" "$i"
		ps=(/dev/ptp*)
		p=${ps[RANDOM % ${#ps[@]}]}
		[ -e "$p" ] || { count phc_ctl none; nap; continue; }
		if ! gate_open_x "$p"; then
			count phc_ctl failed
			gate_ok || break
			continue
		fi
		pf=$GATE_FD
		if phc_ctl "/proc/self/fd/$pf" get >/dev/null 2>&1; then count phc_ctl; else count phc_ctl failed; fi
		exec {pf}<&-
	done
	count_flush "$1"
}

r_debugfs() { # NAME
	local i f fs line
	for ((i = 0; i < READ_MAX; i++)); do
		stopped && break
		reader_min "$1" "$i"
		fs=($PTPD/clocks $PTPD/cables $PTPD/ptp*/state $PTPD/ptp*/offset_ns
			$NSIMD/netdevsim*/ports/*/link_delay_ns)
		f=${fs[RANDOM % ${#fs[@]}]}
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
		reader_min "$1" "$i"
		out=$("$TOOL" tx "$2" "$3" 2>/dev/null) || break
		read -r _ s _ f <<<"$out"
		sent=$((sent + s))
		failed=$((failed + f))
	done
	echo "frames sent $sent" >"$ST/$1.count"
	echo "frames failed $failed" >>"$ST/$1.count"
}
