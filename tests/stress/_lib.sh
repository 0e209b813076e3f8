# shellcheck shell=bash
# Helpers for the concurrency and lifetime tests (sourced after tap.sh).
#
# The area (review of 00f55ee, section 3; issue 10 item 3):
#   mixed              writers on every bus/device/debugfs file at once with
#                      ethtool/devlink/phc_ctl/debugfs readers and traffic,
#                      then rmmod under that load; prints operation counts
#   race-link-del      B2: link_device racing del_device (stale peer)
#   race-new-unload    B3: new_device racing rmmod (device outliving module)
#   race-early-port    B4: new_port/sriov_numvfs before creation completed
#   race-create-error  new_port racing new_device's error path
#   unload-cycles      20 load/unload cycles under in-flight writes, links,
#                      traffic, cables and PHC fds held open
#   slab-rounds        two identical leak rounds compared per slab cache
#   stop-enqueue       m8: no frame queued on a stopped peer's ring after
#                      its purge (sender's socket memory after each stop)
#   phc-churn          PHCs deleted (and netdevsim reloaded) under phc_ctl
#                      readers, PTP indexes reused at once
# The guest has two CPUs (tests/vm --smp 2), and a race window on one CPU
# opens only where the kernel can switch tasks, so stress_setup checks that
# preemption is "full" (tests/vm boots with preempt=full; the debug kernel
# is built with CONFIG_PREEMPT).
#
# Loops are bounded by operation counts, never by time.  Background workers
# count what they did in $ST/NAME.count ("OK N", "EINVAL N", ...); stress_counts
# prints the totals, one line per kind of operation.

STRESS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOOL=$STRESS_DIR/stress-tool
NSIM_BUS=/sys/bus/netdevsim
PTPD=/sys/kernel/debug/nsim_ptp
NSIMD=/sys/kernel/debug/netdevsim
ST=/tmp/stress
PREEMPT_FILE=/sys/kernel/debug/sched/preempt

# stress_setup: debugfs, a fresh counter directory, the helper, and a check
# that the kernel preempts fully where it has a choice (PREEMPT_DYNAMIC):
# two tasks on one CPU race only where the kernel can preempt one of them;
# "full" lets the timer tick switch tasks inside our store functions, not
# only where they sleep.  tests/vm boots with preempt=full; switching at
# run time is avoided (it patches static calls under load; tests/vm says
# why).
stress_setup() {
	local model
	grep -q ' /sys/kernel/debug debugfs ' /proc/mounts ||
		mount -t debugfs none /sys/kernel/debug
	rm -rf "$ST"
	mkdir -p "$ST"
	[ -x "$TOOL" ] || bail_out "helper $TOOL missing (make -C tests/stress on the host)"
	if [ -r "$PREEMPT_FILE" ]; then
		model=$(sed -n 's/.*(\([a-z]*\)).*/\1/p' "$PREEMPT_FILE")
		[ -z "$model" ] || [ "$model" = full ] ||
			bail_out "preemption is '$model', not full: boot with preempt=full (tests/vm does)"
		diag "preemption: $(cat "$PREEMPT_FILE")"
	else
		diag "preemption model fixed at build time ($PREEMPT_FILE absent): $(uname -v)"
	fi
	trap '_st_rc=$?; stress_teardown; _tap_exit $_st_rc' EXIT
}

stress_teardown() {
	local p
	for p in $(jobs -p); do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	return 0
}

# w FILE TEXT: one write(2), no fork; sets W_ERR to the errno name (OK when
# accepted).
w() {
	local e=$ST/.err.$BASHPID line=
	if { printf '%s' "$2" >"$1"; } 2>"$e"; then
		W_ERR=OK
		return 0
	fi
	read -r line <"$e"
	case $line in
	*"No such file"*) W_ERR=ENOENT ;;
	*"No such device"*) W_ERR=ENODEV ;;
	*"Invalid argument"*) W_ERR=EINVAL ;;
	*"busy"*) W_ERR=EBUSY ;;
	*"exists"*) W_ERR=EEXIST ;;
	*"severed"*) W_ERR=ENOLINK ;;
	*"not supported"*) W_ERR=EOPNOTSUPP ;;
	*"range"*) W_ERR=ERANGE ;;
	*"space"*) W_ERR=ENOSPC ;;
	*"symbolic links"* | *"loop"*) W_ERR=ELOOP ;;
	*) W_ERR=other ;;
	esac
	return 1
}

# A worker's tally: count KIND [RESULT], flushed by count_flush NAME.
declare -A _cnt
count() { _cnt["$1 ${2:-OK}"]=$((${_cnt["$1 ${2:-OK}"]:-0} + 1)); }
count_flush() {
	local k
	for k in "${!_cnt[@]}"; do
		echo "$k ${_cnt[$k]}"
	done >"$ST/$1.count"
}

# cw KIND FILE TEXT: write and count by result.
cw() {
	w "$2" "$3"
	count "$1" "$W_ERR"
}

# stress_counts [FILE...]: totals over all workers (default: $ST/*.count),
# "KIND RESULT N" sorted, then one line per kind.
stress_counts() {
	[ $# -gt 0 ] || set -- "$ST"/*.count
	cat "$@" 2>/dev/null |
		awk '{ n[$1 " " $2] += $3; t[$1] += $3 }
		END {
			for (k in n) print "  " k " " n[k]
			for (k in t) print "total " k " " t[k]
		}' | sort
}

# ops_total KIND [RESULT]: the summed count (all results without RESULT).
ops_total() {
	cat "$ST"/*.count 2>/dev/null |
		awk -v k="$1" -v r="${2:-}" '$1 == k && (r == "" || $2 == r) { n += $3 } END { print n + 0 }'
}

# nsim_ifindexes: "ifindex name" of every netdevsim netdev (by driver link).
nsim_netdevs_all() {
	local d drv
	for d in /sys/class/net/*; do
		drv=$(readlink "$d/device/driver" 2>/dev/null) || continue
		case $drv in */netdevsim) echo "${d##*/}" ;; esac
	done
}

# our_phcs: /sys/class/ptp entries whose clock name is one of ours
# (netdevsimN.P, nsim-clkN, or a standalone clock named st*).
our_phcs() {
	local f n
	for f in /sys/class/ptp/ptp*/clock_name; do
		[ -e "$f" ] || continue
		n=$(cat "$f" 2>/dev/null)
		case $n in netdevsim* | nsim-clk* | st*) echo "${f%/clock_name} $n" ;; esac
	done
}

# leftovers_netdevsim: what netdevsim must not leave behind once unloaded.
leftovers_netdevsim() {
	local f
	[ -e $NSIM_BUS ] && echo "$NSIM_BUS"
	[ -d /sys/module/netdevsim ] && echo "/sys/module/netdevsim"
	for f in /sys/devices/netdevsim* /sys/kernel/debug/netdevsim; do
		[ -e "$f" ] && echo "$f"
	done
	# netdevs: the guest has no NIC, so anything but lo was ours
	for f in /sys/class/net/*; do
		case ${f##*/} in lo | '*') ;; *) echo "netdev ${f##*/}" ;; esac
	done
	our_phcs | grep -v ' st' || true
	for f in /sys/kernel/debug/[0-9]*; do
		[ -e "$f" ] && echo "debugfs root entry $f"
	done
	return 0
}

# leftovers_ptp: after nsim_ptp is unloaded too.
leftovers_ptp() {
	[ -d /sys/module/nsim_ptp ] && echo "/sys/module/nsim_ptp"
	[ -e $PTPD ] && echo "$PTPD"
	our_phcs
	return 0
}

# rmmod_retry MOD N: rmmod until it succeeds (a debugfs or sysfs file held
# open by a writer makes it EBUSY for a moment), at most N attempts; prints
# the attempts made.  Status 1 when it never succeeded.
rmmod_retry() {
	local i
	for ((i = 1; i <= $2; i++)); do
		[ -d "/sys/module/$1" ] || { echo "$i"; return 0; }
		rmmod "$1" 2>/dev/null && { echo "$i"; return 0; }
	done
	echo "$2"
	return 1
}

# spin_create FILE VALUE TEXT: a spinner writes VALUE to FILE (a file of
# the device about to appear) again and again while new_device TEXT runs.
# Sets CREATED (new_device's result: OK or the errno name), SPIN_R (the
# spinner's last result) and SPIN_OPEN (how many times it opened FILE).
SPIN=${SPIN:-200000}	# the spinner's bound on attempts
spin_create() {
	local sp
	rm -f "$ST/stop"
	"$TOOL" spin "$1" "$2" "$SPIN" "$ST/stop" >"$ST/spin" &
	sp=$!
	CREATED=$("$TOOL" write "$NSIM_BUS/new_device" "$3" 10)
	CREATED=${CREATED#result }
	: >"$ST/stop"
	wait "$sp"
	read -r _ _ _ SPIN_R _ SPIN_OPEN <"$ST/spin"
}

# slab_kb FIELD: from /proc/meminfo (Slab, SUnreclaim, SReclaimable).
slab_kb() { awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo; }

# slab_settle_snapshot FILE: free what the kernel can (dentries, inodes,
# per-CPU slabs), then write "cache active_objs objsize objperslab
# pagesperslab" per cache to FILE, so that two snapshots compare objects in
# use, not caching.  Dropped inodes and dentries are freed only after an RCU
# grace period, and SLUB counts every object of a CPU's current (and
# per-CPU partial) slabs as in use, so one pass leaves a random share still
# counted (on 6.1, kmalloc-16 and lsm_inode_cache moved by -263..+357
# objects between rounds).  So: drop, give the deferred frees time, flush
# the per-CPU slabs and read /proc/slabinfo at once, and repeat until the
# objects in use stop falling (at most 8 passes; the last reading is the
# snapshot, the count of passes is left in SLAB_SETTLE_PASSES).  FILE is
# empty where /proc/slabinfo cannot be read.
slab_settle_snapshot() {
	local c i prev=-1 cur
	: >"$1"
	for ((i = 1; i <= 8; i++)); do
		echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
		sleep 1
		for c in /sys/kernel/slab/*/shrink; do
			echo 1 >"$c" 2>/dev/null
		done
		[ -r /proc/slabinfo ] || break
		awk 'NR > 2 { print $1, $2, $4, $5, $6 }' /proc/slabinfo >"$1.new"
		mv "$1.new" "$1"
		cur=$(awk '{ n += $2 } END { print n + 0 }' "$1")
		[ "$prev" -ge 0 ] && [ "$cur" -ge "$prev" ] && break
		prev=$cur
	done
	SLAB_SETTLE_PASSES=$((i > 8 ? 8 : i))
	return 0
}

slab_kb() { awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo; }
