#!/bin/bash
# Leak rounds: the same malformed writes and load/unload cycles run as a
# warm-up and then twice more; slab use (total and per cache) of round 1 and
# round 2 is compared.  Objects leaked per operation grow every round by the
# same amount; caches, the printk buffer and lazily created kernel objects
# grow once.  (On the debug kernel the harness also scans kmemleak.)
# timeout: 420
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd ip
stress_setup

REPEAT=${STRESS_REPEAT:-4}	# passes over the malformed writes per round
CYCLES=${STRESS_CYCLES:-4}	# load/unload cycles per round

BW_WRITE=w
. "$TESTLIB/bad-writes.sh"
# refused in this script's state: device 1 and clock st0 exist, ptp0 SMA1 is
# not connected
bad_new=("${BAD_NEW[@]}" "1 1")
bad_clk=("${BAD_CLK[@]}" "st0")
bad_disconnect=("${BAD_DISCONNECT[@]}" "ptp0 SMA1")

malformed() {
	local r p
	modprobe netdevsim
	w $NSIM_BUS/new_device "1 1"
	w $PTPD/new_clock st0
	p=$(ls -d $PTPD/ptp* | head -1)
	for ((r = 0; r < REPEAT; r++)); do
		tryall $NSIM_BUS/new_device "${bad_new[@]}"
		tryall $NSIM_BUS/del_device "${BAD_DEL[@]}"
		tryall $NSIM_BUS/link_device "${BAD_LINK[@]}"
		tryall $NSIM_BUS/unlink_device "${BAD_UNLINK[@]}"
		tryall $NSIM_BUS/devices/netdevsim1/new_port "${BAD_PORT[@]}"
		tryall $NSIM_BUS/devices/netdevsim1/del_port "${BAD_DELPORT[@]}"
		tryall $NSIM_BUS/devices/netdevsim1/sriov_numvfs "${BAD_VFS[@]}"
		tryall $PTPD/new_clock "${bad_clk[@]}"
		tryall $PTPD/del_clock "${BAD_DELCLK[@]}"
		tryall $PTPD/connect "${BAD_CONNECT[@]}"
		tryall $PTPD/disconnect "${bad_disconnect[@]}"
		tryall "$p/freq_error_ppb" "${BAD_FREQ[@]}"
		tryall "$p/offset_ns" "${BAD_OFFSET[@]}"
		tryall "$p/noise_ns" "${BAD_NOISE[@]}"
	done
	rmmod netdevsim nsim_dpll nsim_ptp
}

cycles() {
	local c a b pa
	for ((c = 0; c < CYCLES; c++)); do
		modprobe netdevsim
		w $NSIM_BUS/new_device "1 2"
		w $NSIM_BUS/new_device "2 0000:1f:02.0 4 2"
		a=$(ls $NSIM_BUS/devices/netdevsim1/net | head -1)
		b=$(ls /sys/bus/pci/devices/0000:1f:02.0/net | head -1)
		exec {nsfd}</proc/self/ns/net
		w $NSIM_BUS/link_device "$nsfd:$(cat /sys/class/net/$a/ifindex) $nsfd:$(cat /sys/class/net/$b/ifindex)"
		exec {nsfd}<&-
		ip link set "$a" up
		ip link set "$b" up
		"$TOOL" tx "$a" 100 >/dev/null
		w $NSIM_BUS/devices/netdevsim1/sriov_numvfs 2
		w $PTPD/new_clock stc
		pa=$(ls -d $PTPD/ptp* | head -1)
		w $PTPD/connect "${pa##*/} SMA2 $(ls -d $PTPD/ptp* | tail -1 | sed 's|.*/||') SMA1"
		exec {fd}<"/dev/${pa##*/}"
		rmmod netdevsim nsim_dpll nsim_ptp
		exec {fd}<&-
	done
}

round() {
	malformed
	cycles
}

snap() { # N: settle and record round boundary N
	slab_settle_snapshot "$ST/slab.$1"
	passes="$passes $SLAB_SETTLE_PASSES"
	echo "$(slab_kb Slab) $(slab_kb SUnreclaim)" >"$ST/meminfo.$1"
}

passes=
round	# warm-up: lazily created kernel objects, caches, first module load
snap 0
round
snap 1
round
snap 2
check_eq "every malformed write refused ($BW_WRITES)" 0 "$BW_ACCEPTED"
check_eq "nothing left behind" "" "$(leftovers_netdevsim; leftovers_ptp)"

read -r s0 u0 <"$ST/meminfo.0"
read -r s1 u1 <"$ST/meminfo.1"
read -r s2 u2 <"$ST/meminfo.2"
diag "settle passes per snapshot:$passes" \
	"per round: $((BW_WRITES / 3)) malformed writes and $CYCLES load/unload cycles" \
	"Slab kB: $s0 -> $s1 -> $s2 (round 1 $((s1 - s0)), round 2 $((s2 - s1)))" \
	"SUnreclaim kB: $u0 -> $u1 -> $u2 (round 1 $((u1 - u0)), round 2 $((u2 - u1)))"

if [ ! -s "$ST/slab.0" ]; then
	skip "per-cache growth" "/proc/slabinfo not readable on this kernel"
	exit 0
fi
# Per cache: objects added in round 1 and in round 2.  A leak grows its
# cache in both rounds by the same amount; caching grows once, or both ways.
# Two limits, each crossed in both rounds fails:
# - LIMIT objects, a quarter of the malformed writes of a round: catches a
#   leak of one object per four refused writes;
# - LIMIT_KB per cache: catches per-cycle leaks of big objects, e.g. a
#   netdev (4+ kB) or a PHC per port: a round creates about 20 ports and 12
#   clocks; unrelated caches moved by at most ~12 kB here.
# Slab counts are exact only to a slab: SLUB counts every object of a CPU's
# current slab as in use, and each CPU may hold one per cache when the
# snapshot is taken, so a cache's count moves by up to NCPU slabs with no
# object allocated or freed (6.1: lsm_inode_cache +128/+128 objects of 32
# bytes, one 4 kB slab in each round; kmalloc-16 +298/+147).  Each limit is
# therefore at least NCPU slabs of that cache.  Leaks below that floor
# (fewer than 512 objects of 16 bytes per round on two CPUs), and smaller
# per-cycle leaks, are judged by kmemleak on the debug kernel; the numbers
# are printed either way.
LIMIT=${STRESS_SLAB_LIMIT:-$(((BW_WRITES / 3) / 4))}
LIMIT_KB=${STRESS_SLAB_LIMIT_KB:-64}
NCPU=$(nproc)
awk 'FILENAME ~ /\.0$/ { a0[$1] = $2; sz[$1] = $3; ops[$1] = $4; pps[$1] = $5 }
	FILENAME ~ /\.1$/ { a1[$1] = $2; sz[$1] = $3; ops[$1] = $4; pps[$1] = $5 }
	FILENAME ~ /\.2$/ { a2[$1] = $2; sz[$1] = $3; ops[$1] = $4; pps[$1] = $5 }
	END { for (c in sz) printf "%s %d %d %d %d %d\n", c, a1[c] - a0[c], a2[c] - a1[c], sz[c], ops[c], pps[c] }' \
	"$ST/slab.0" "$ST/slab.1" "$ST/slab.2" >"$ST/slab.delta"
diag "caches that grew most in round 2 (cache, objects round 1, round 2, object size, objects per slab, pages per slab):" \
	"$(sort -k3 -n -r "$ST/slab.delta" | head -8)"
# Below the limits: caches that grew alike in both rounds, by at least one
# object per load/unload cycle, are named (not judged: SLUB's per-CPU and
# NAPI caches can do that too); kmemleak on the debug kernel decides.
sus=$(awk -v c="$CYCLES" '$2 >= c && $3 >= c && $2 * 10 >= $3 * 9 && $3 * 10 >= $2 * 9' "$ST/slab.delta")
diag "grew alike in both rounds, below the limits (leak suspects for kmemleak): ${sus:-none}"
# The debug machinery's own caches are left out of the verdict (still
# listed above): debug_objects_cache is a pool that fill_pool() tops up
# in batches as tracked objects (timers, works, RCU heads) come and go,
# and kmemleak's caches follow every allocation; neither holds an object
# of ours, and on such a kernel kmemleak judges leaks.  (6.12-dbg:
# debug_objects_cache +208/+192 objects of 56 bytes, kmemleak naming
# nothing else than the PCI host bridge fixed in netdevsim/pci.c.)
DEBUG_CACHES='^(debug_objects_cache|kmemleak_object|kmemleak_scan_area) '
grep -v -E "$DEBUG_CACHES" "$ST/slab.delta" >"$ST/slab.judged"
grew=$(awk -v l="$LIMIT" -v n="$NCPU" '{ f = n * $5 > l ? n * $5 : l }
	$2 >= f && $3 >= f' "$ST/slab.judged")
check_eq "no cache grew in both rounds by $LIMIT objects or $NCPU slabs, whichever is more" "" "$grew"
grew=$(awk -v l="$LIMIT_KB" -v n="$NCPU" '{ f = l * 1024 / $4; if (n * $5 > f) f = n * $5 }
	$2 >= f && $3 >= f' "$ST/slab.judged")
check_eq "no cache grew in both rounds by $LIMIT_KB kB or $NCPU slabs, whichever is more" "" "$grew"
check "SUnreclaim did not grow by 256 kB or more in both rounds" \
	test $((u1 - u0)) -lt 256 -o $((u2 - u1)) -lt 256
