#!/bin/bash
# Holdover physics: the PPS DPLL disciplines its board's PHC.  Locked, the
# oscillator error is gone; in holdover the PHC drifts from the locked
# value at holdover_drift_ppb_s (phase a * t^2 / 2); unlocked, the
# oscillator error is back.  First the model alone, exact against R, then
# ts2phc holding the PHC to GNSS-1PPS through a GNSS cut.  Judged by
# (R, PHC) pairs from one read of the PHC's debugfs state, never by
# wall-clock time.
# timeout: 400
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
dpll_setup
require_cmd ts2phc

A1=0000:1f:02.0
check "new_device wpc=1 at $A1" nsim_write $NSIM_BUS/new_device "1 $A1 -1 1 1 1"
B1=$DBG/netdevsim/netdevsim1/dpll
for f in acquire_ms:500 holdover_acquire_ms:500 holdover_ms:35000; do
	nsim_write "$B1/${f%%:*}" "${f##*:}" || fail "write ${f%%:*}"
done
phc=$(phc_of "$(first_netdev $A1)")
P=$DBG/nsim_ptp/ptp$phc
G=$P/gnss_signal

# Bad input: a rate out of range or no number is refused, file unchanged.
check_eq "default drift 10 ppb/s" 10 "$(cat $B1/holdover_drift_ppb_s)"
for v in 1001 -1001 abc 10x; do
	check_fails "drift '$v' refused" nsim_write $B1/holdover_drift_ppb_s "$v"
done
err=$( { printf 1001 >$B1/holdover_drift_ppb_s; } 2>&1)
check_match "out of range: EINVAL" 'Invalid argument' "$err"
check_eq "drift unchanged" 10 "$(cat $B1/holdover_drift_ppb_s)"
check "drift -1000 accepted (the bound)" nsim_write $B1/holdover_drift_ppb_s -1000

abs() { local v=$1; echo "${v#-}"; }
sval() { awk -v k="$2" '$1 == k { print $2 }' <<<"$1"; }
snap() { # "R PHC" from one read of the PHC's state
	local st
	st=$(cat $P/state)
	echo "$(sval "$st" ref_ns) $(sval "$st" phc_ns)"
}
pps_status() { awk '$1 == "dpll" && $2 == "pps" { print $4 }' $B1/state; }
wait_pps() { # STATUS: poll, no judgement
	local i
	for ((i = 0; i < 300; i++)); do
		[ "$(pps_status)" = "$1" ] && return 0
		sleep 0.2
	done
	cat $B1/state
	return 1
}
ref_now() { awk '$1 == "ref_ns" { print $2 }' $P/state; }
wait_r() { # R: poll until R has passed it
	local i
	for ((i = 0; i < 1200; i++)); do
		[ "$(ref_now)" -gt "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
# ppb_over SECONDS: the PHC's frequency against R over that much R, from
# two snapshots: (dPHC - dR) / dR in ppb, to 0.01 ppb
ppb_over() {
	local r1 p1 r2 p2
	read -r r1 p1 <<<"$(snap)"
	wait_r $((r1 + $1 * 1000000000))
	read -r r2 p2 <<<"$(snap)"
	awk -v dr=$((r2 - r1)) -v dp=$((p2 - p1)) 'BEGIN { printf "%.2f", (dp - dr) * 1e9 / dr }'
}

# 1. The model alone.
check "PPS DPLL locks to GNSS-1PPS" wait_pps locked-ho-acq
check "oscillator error 5000 ppb" nsim_write $P/freq_error_ppb 5000
check_eq "PHC discipline: locked" locked "$(sval "$(cat $P/state)" discipline)"
f=$(ppb_over 2)
check_eq "locked: the PHC runs at R's rate (0 ppb over 2 s of R)" 0.00 "$f"
RATE=-20
check "drift $RATE ppb/s" nsim_write $B1/holdover_drift_ppb_s $RATE
read -r r0 p0 <<<"$(snap)"
c=$((p0 - r0))
check "cut GNSS" nsim_write "$G" 0
check "PPS DPLL in holdover" wait_pps holdover
st=$(cat $P/state)
ho=$(sval "$st" holdover_r_ns)
check_eq "PHC discipline: holdover at $RATE ppb/s" "holdover $RATE" \
	"$(sval "$st" discipline) $(sval "$st" holdover_ppb_per_s)"
check_eq "holdover began at the DPLL's transition (R)" \
	"$(awk '$1 == "transition" && $2 == "pps" && $5 == "holdover" { r = $4 } END { print r }' $B1/state)" "$ho"
# PHC - R - c must be floor(a * x^2 / 2e18) for x ns of holdover, +-1 ns
bad=0
for k in 5 10 15 20 25 30; do
	wait_r $((ho + k * 1000000000))
	read -r r p <<<"$(snap)"
	x=$((r - ho))
	want=$(awk -v a=$RATE -v x=$x 'BEGIN { v = a * x * x / 2e18; f = int(v); if (f > v) f--; printf "%d", f }')
	got=$((p - r - c))
	diag "holdover +$x ns of R: PHC - R moved $got ns, model $want"
	[ "$(abs $((got - want)))" -le 1 ] || bad=$((bad + 1))
done
check_eq "holdover phase follows a*t^2/2 at 6 R points over 30 s (+-1 ns)" 0 "$bad"
check "PPS DPLL unlocked after holdover_ms" wait_pps unlocked
check_eq "PHC discipline: free" free "$(sval "$(cat $P/state)" discipline)"
f=$(ppb_over 2)
check "unlocked: the oscillator's 5000 ppb again (got $f)" \
	awk -v f="$f" 'BEGIN { exit !(f > 4999.5 && f < 5000.5) }'
check "restore GNSS" nsim_write "$G" 1
check "PPS DPLL relocks" wait_pps locked-ho-acq
f=$(ppb_over 2)
check_eq "relocked: 0 ppb again" 0.00 "$f"

# 2. ts2phc holds the PHC to GNSS-1PPS (generic source: the seconds from
# the system clock, which is R's); cutting GNSS leaves it no edges, and the
# PHC drifts at the configured rate; restoring it, ts2phc pulls it back.
RATE=15
check "drift $RATE ppb/s" nsim_write $B1/holdover_drift_ppb_s $RATE
check "oscillator error 0 (ts2phc only sees holdover)" nsim_write $P/freq_error_ppb 0
# ts2phc 4.x refuses a generic source's time past its leap table's expiry
# ("source ts not valid"): a table of our own, the TAI-UTC steps since 1972
# (37 s since 2017), valid for a year from now.
LEAP=/tmp/ho-leap-seconds.list
{
	echo "#@ $(($(date +%s) + 2208988800 + 366 * 86400))"
	o=10
	for d in 1972-01-01 1972-07-01 1973-01-01 1974-01-01 1975-01-01 1976-01-01 \
		1977-01-01 1978-01-01 1979-01-01 1980-01-01 1981-07-01 1982-07-01 \
		1983-07-01 1985-07-01 1988-01-01 1990-01-01 1991-01-01 1992-07-01 \
		1993-07-01 1994-07-01 1996-01-01 1997-07-01 1999-01-01 2006-01-01 \
		2009-01-01 2012-07-01 2015-07-01 2017-01-01; do
		echo "$(($(date -u -d "$d 00:00:00" +%s) + 2208988800)) $o"
		o=$((o + 1))
	done
} >$LEAP
cat >/tmp/ho-ts2phc.conf <<CONF
[global]
use_syslog 0
verbose 1
logging_level 6
leapfile $LEAP
[/dev/ptp$phc]
ts2phc.pin_index 0
ts2phc.channel 0
CONF
LOG=/tmp/ho-ts2phc.log
ts2phc -f /tmp/ho-ts2phc.conf -s generic -m -l 7 >$LOG 2>&1 &
tp=$!
held() { # FROM-LINE: ts2phc held 10 edges in a row within 50 ns after it
	local i
	for ((i = 0; i < 600; i++)); do
		[ "$(ts2phc_offs "$1" | awk '{ v = $1 < 0 ? -$1 : $1; if (v <= 50) { n++; if (n > m) m = n } else n = 0 } END { print m + 0 }')" -ge 10 ] && return 0
		kill -0 $tp 2>/dev/null || return 1
		sleep 1
	done
	return 1
}
# ts2phc_offs FROM-LINE: the offsets of its s2 (locked) lines from there on,
# one a line (one awk: each process costs under TCG)
ts2phc_offs() {
	awk -v f="$1" 'NR >= f && match($0, /offset *-?[0-9]+ s2/) {
		w = substr($0, RSTART, RLENGTH); sub(/^offset */, "", w); sub(/ s2$/, "", w); print w }' $LOG
}
check "ts2phc holds the PHC within 50 ns for 10 edges" held 1
diag "$(grep offset $LOG | tail -3)"
read -r r0 p0 <<<"$(snap)"
check "cut GNSS" nsim_write "$G" 0
check "PPS DPLL in holdover" wait_pps holdover
ho=$(sval "$(cat $P/state)" holdover_r_ns)
# the drift rate from three snapshots over 30 s of R: the second difference
# of PHC - R (ts2phc's last frequency correction is linear and drops out)
pts=
for k in 1 16 31; do
	wait_r $((ho + k * 1000000000))
	pts="$pts $(snap)"
done
read -r ra pa rb pb rc pc <<<"$pts"
# differences in integers first: awk's doubles cannot hold R exactly
a=$(awk -v dab=$((rb - ra)) -v dbc=$((rc - rb)) -v dac=$((rc - ra)) \
	-v oab=$(((pb - rb) - (pa - ra))) -v obc=$(((pc - rc) - (pb - rb))) 'BEGIN {
	printf "%.3f", 2 * (obc / dbc - oab / dab) / dac * 1e18 }')
diag "PHC - R at +1, +16, +31 s of holdover: $((pa - ra)) $((pb - rb)) $((pc - rc)) ns; drift $a ppb/s"
check "under ts2phc, holdover drift measured over 30 s of R: $a ppb/s (configured $RATE, +-0.1)" \
	awk -v a="$a" -v w=$RATE 'BEGIN { exit !(a > w - 0.1 && a < w + 0.1) }'
check "ts2phc got no edge during holdover (it stays running)" kill -0 $tp
n=$(wc -l <$LOG)
check "restore GNSS" nsim_write "$G" 1
check "PPS DPLL relocks" wait_pps locked-ho-acq
check "after relock ts2phc holds the PHC within 50 ns again for 10 edges" held $((n + 1))
diag "$(tail -n +$((n + 1)) $LOG | grep offset | head -4)"
kill $tp 2>/dev/null
wait $tp 2>/dev/null
check_eq "PHC discipline: locked" locked "$(sval "$(cat $P/state)" discipline)"

check "del_device" nsim_write $NSIM_BUS/del_device 1
done_testing
