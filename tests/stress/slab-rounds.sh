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

nl=$'\n'
long=$(printf 'a%.0s' {1..100})
bad_new=("$nl" " " "abc" "1x" "-1" "3 x" "3 2 3 4" "3 1 0" "3 65" "3 1 65"
	"99999999999999999999" "3 0000:1f:03.0 1 2 1 0 7" "3 0000:1f:03"
	"3 0000:1f:20.0" "3 0000:1f:03.8" "3 0000:100:03.0" "3 0000:1g:03.0"
	"3 0000:1f:03.0 -2" "3 2 pci=bad" "3 2 clock=x" "3 2 wpc=3" "3 2 foo=bar"
	"3 $long" "$long" "1 1" "3 0000:1f:03.1" "3 0000:00:00.0")
bad_del=("$nl" "x" "1 2" "99" "-1" "$long")
bad_link=("$nl" "1:2" "x y" "1:1" "999:1 999:2" "0:1 0:1" "$long $long" "1:1 2:2 3:3")
bad_unlink=("$nl" "x" "999:1" "1:1 2:2")
bad_port=("$nl" "x" "64" "-1" "0" "99999999999" "$long")
bad_delport=("$nl" "x" "63" "-1" "$long")
bad_vfs=("x" "17" "-1" "$long")
bad_clk=("$nl" "a b" "$long" "bad/name" "st0")
bad_delclk=("$nl" "nosuch" "$long")
bad_connect=("$nl" "x" "ptp999 SMA2 ptp998 SMA1" "ptp0 GNSS-1PPS ptp0 SMA1"
	"ptp0 SMA2 ptp0 SMA2" "ptp0 SMA2 ptp1 SMA1 2000000000" "ptp0 SMA9 ptp1 SMA1" "$long")
bad_disconnect=("$nl" "x" "ptp0 SMA1" "ptp999 SMA1" "$long")
bad_freq=("x" "99999999999999999999" "1000001" "-99999999999" "$long")
bad_offset=("x" "99999999999999999999" "-9999999999999999999" "1.5" "$long")
bad_noise=("x" "-1" "1000001" "$long")

accepted=0 writes=0
tryall() { # FILE VALUES...
	local f=$1 v
	shift
	for v in "$@"; do
		writes=$((writes + 1))
		if w "$f" "$v"; then
			accepted=$((accepted + 1))
			diag "accepted: '$v' > $f"
		fi
	done
}

malformed() {
	local r p
	modprobe netdevsim
	w $NSIM_BUS/new_device "1 1"
	w $PTPD/new_clock st0
	p=$(ls -d $PTPD/ptp* | head -1)
	for ((r = 0; r < REPEAT; r++)); do
		tryall $NSIM_BUS/new_device "${bad_new[@]}"
		tryall $NSIM_BUS/del_device "${bad_del[@]}"
		tryall $NSIM_BUS/link_device "${bad_link[@]}"
		tryall $NSIM_BUS/unlink_device "${bad_unlink[@]}"
		tryall $NSIM_BUS/devices/netdevsim1/new_port "${bad_port[@]}"
		tryall $NSIM_BUS/devices/netdevsim1/del_port "${bad_delport[@]}"
		tryall $NSIM_BUS/devices/netdevsim1/sriov_numvfs "${bad_vfs[@]}"
		tryall $PTPD/new_clock "${bad_clk[@]}"
		tryall $PTPD/del_clock "${bad_delclk[@]}"
		tryall $PTPD/connect "${bad_connect[@]}"
		tryall $PTPD/disconnect "${bad_disconnect[@]}"
		tryall "$p/freq_error_ppb" "${bad_freq[@]}"
		tryall "$p/offset_ns" "${bad_offset[@]}"
		tryall "$p/noise_ns" "${bad_noise[@]}"
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
	slab_settle
	slab_snapshot "$ST/slab.$1"
	echo "$(slab_kb Slab) $(slab_kb SUnreclaim)" >"$ST/meminfo.$1"
}

round	# warm-up: lazily created kernel objects, caches, first module load
snap 0
round
snap 1
round
snap 2
check_eq "every malformed write refused ($writes)" 0 "$accepted"
check_eq "nothing left behind" "" "$(leftovers_netdevsim; leftovers_ptp)"

read -r s0 u0 <"$ST/meminfo.0"
read -r s1 u1 <"$ST/meminfo.1"
read -r s2 u2 <"$ST/meminfo.2"
diag "per round: $((writes / 3)) malformed writes and $CYCLES load/unload cycles" \
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
#   leak of one object per four refused writes (on 6.1 unrelated caches move
#   by up to ~100 objects of 32-192 bytes between rounds, up and down);
# - LIMIT_KB per cache: catches per-cycle leaks of big objects, e.g. a
#   netdev (4+ kB) or a PHC per port: a round creates about 20 ports and 12
#   clocks; unrelated caches moved by at most ~12 kB here.
# Smaller per-cycle leaks (a few small objects per load/unload) are below
# what slab counts can tell from noise: kmemleak on the debug kernel judges
# those, and the numbers are printed either way.
LIMIT=${STRESS_SLAB_LIMIT:-$(((writes / 3) / 4))}
LIMIT_KB=${STRESS_SLAB_LIMIT_KB:-64}
awk 'FILENAME ~ /\.0$/ { a0[$1] = $2; sz[$1] = $3 }
	FILENAME ~ /\.1$/ { a1[$1] = $2; sz[$1] = $3 }
	FILENAME ~ /\.2$/ { a2[$1] = $2; sz[$1] = $3 }
	END { for (c in sz) printf "%s %d %d %d\n", c, a1[c] - a0[c], a2[c] - a1[c], sz[c] }' \
	"$ST/slab.0" "$ST/slab.1" "$ST/slab.2" >"$ST/slab.delta"
diag "caches that grew most in round 2 (cache, objects round 1, round 2, object size):" \
	"$(sort -k3 -n -r "$ST/slab.delta" | head -8)"
# Below the limits: caches that grew alike in both rounds, by at least one
# object per load/unload cycle, are named (not judged: SLUB's per-CPU and
# NAPI caches can do that too); kmemleak on the debug kernel decides.
sus=$(awk -v c="$CYCLES" '$2 >= c && $3 >= c && $2 * 10 >= $3 * 9 && $3 * 10 >= $2 * 9' "$ST/slab.delta")
diag "grew alike in both rounds, below the limits (leak suspects for kmemleak): ${sus:-none}"
grew=$(awk -v l="$LIMIT" '$2 >= l && $3 >= l' "$ST/slab.delta")
check_eq "no cache grew by $LIMIT or more objects in both rounds" "" "$grew"
grew=$(awk -v l="$LIMIT_KB" '$2 * $4 >= l * 1024 && $3 * $4 >= l * 1024' "$ST/slab.delta")
check_eq "no cache grew by $LIMIT_KB kB or more in both rounds" "" "$grew"
check "SUnreclaim did not grow by 256 kB or more in both rounds" \
	test $((u1 - u0)) -lt 256 -o $((u2 - u1)) -lt 256
