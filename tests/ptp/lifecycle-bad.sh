#!/bin/bash
# Bad input on every debugfs knob and PHC ioctl gets a clear errno and
# changes nothing; clocks with cables, open fds and running tools go away
# safely, also by unloading the module.
# timeout: 120
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
ptp_setup
need_tool

EINVAL="Invalid argument"
ERANGE="Numerical result out of range"
EEXIST="File exists"
ENOENT="No such file or directory"
ENODEV="No such device"
EBUSY="Device or resource busy"
ELOOP="Too many levels of symbolic links"
EPERM="Operation not permitted"

a=$(new_clock bad-a) || bail_out "cannot create clock A"
b=$(new_clock bad-b) || bail_out "cannot create clock B"
ca=$D/ptp$a

# --- standalone clock management
check_write_err "new_clock: empty name" "$D/new_clock" $'\n' "$EINVAL"
check_write_err "new_clock: name too long" "$D/new_clock" "abcdefghijklmnopq" "$EINVAL"
check_write_err "new_clock: bad character" "$D/new_clock" "a/b" "$EINVAL"
check_write_err "new_clock: duplicate name" "$D/new_clock" "bad-a" "$EEXIST"
check_write_err "new_clock: netdevsim's shared clock names are reserved" \
	"$D/new_clock" "nsim-clk1" "$EINVAL"
check_write_err "new_clock: netdevsim's port clock names are reserved" \
	"$D/new_clock" "netdevsim0.0" "$EINVAL"
check_write_err "del_clock: unknown name" "$D/del_clock" "nosuch" "$ENOENT"
check_eq "still exactly two clocks" 2 "$(grep -c standalone "$D/clocks")"

# --- per-clock knobs
check_write_err "freq_error_ppb: not a number" "$ca/freq_error_ppb" "abc" "$EINVAL"
check_write_err "freq_error_ppb: beyond 1000 ppm" "$ca/freq_error_ppb" "1000001" "$ERANGE"
check_write_err "freq_error_ppb: overflow" "$ca/freq_error_ppb" "99999999999" "$ERANGE"
check_eq "freq_error_ppb unchanged" 0 "$(cat "$ca/freq_error_ppb")"
check_write_err "offset_ns: not a number" "$ca/offset_ns" "1x" "$EINVAL"
check_write_err "offset_ns: overflow" "$ca/offset_ns" "-99999999999999999999" "$ERANGE"
check_write_err "offset_ns: PHC before 1970" "$ca/offset_ns" "-9000000000000000000" "$ERANGE"
o=$(cat "$ca/offset_ns")
check "offset_ns unchanged (|$o| < 1 ms)" test "$(abs "$o")" -lt 1000000
check_write_err "noise_ns: negative" "$ca/noise_ns" "-1" "$EINVAL"
check_write_err "noise_ns: beyond 1 ms" "$ca/noise_ns" "1000001" "$ERANGE"
check_eq "noise_ns unchanged" 0 "$(cat "$ca/noise_ns")"
check_write_err "gnss_signal: not a boolean" "$ca/gnss_signal" "maybe" "$EINVAL"
check_eq "gnss_signal unchanged" 1 "$(cat "$ca/gnss_signal")"
check_write_err "state is read-only" "$ca/state" "1" "$EPERM"

# --- cables
check_write_err "connect: too few words" "$D/connect" "ptp$a SMA2" "$EINVAL"
check_write_err "connect: unknown pin" "$D/connect" "ptp$a SMA9 ptp$b SMA1" "$EINVAL"
check_write_err "connect: bad clock" "$D/connect" "ptpx SMA2 ptp$b SMA1" "$EINVAL"
check_write_err "connect: no such clock" "$D/connect" "ptp99 SMA2 ptp$b SMA1" "$ENODEV"
check_write_err "connect: GNSS-1PPS is internal" "$D/connect" "ptp$a GNSS-1PPS ptp$b SMA1" "$EINVAL"
check_write_err "connect: a pin to itself" "$D/connect" "ptp$a SMA1 ptp$a SMA1" "$ELOOP"
check_write_err "connect: negative delay" "$D/connect" "ptp$a SMA2 ptp$b SMA1 -5" "$ERANGE"
check_write_err "connect: delay beyond 1 s" "$D/connect" "ptp$a SMA2 ptp$b SMA1 1000000001" "$ERANGE"
check_write_err "connect: trailing junk" "$D/connect" "ptp$a SMA2 ptp$b SMA1 5 6" "$EINVAL"
check "connect A SMA2 -> B SMA1, 25 ns" sh -c "echo 'ptp$a SMA2 ptp$b SMA1 25' > $D/connect"
check "connect A SMA2 -> A SMA1 (splitter, loopback)" sh -c "echo 'ptp$a SMA2 ptp$a SMA1' > $D/connect"
check_write_err "connect: same cable again" "$D/connect" "ptp$a SMA2 ptp$b SMA1" "$EEXIST"
check_write_err "connect: reverse cable is a loop" "$D/connect" "ptp$b SMA1 ptp$a SMA2" "$ELOOP"
check_write_err "connect: input already cabled" "$D/connect" "ptp$a U.FL1 ptp$b SMA1" "$EBUSY"
check_write_err "connect: an input used as output" "$D/connect" "ptp$b SMA1 ptp$b U.FL2" "$EBUSY"
check_write_err "connect: an output used as input" "$D/connect" "ptp$b U.FL1 ptp$a SMA2" "$EBUSY"
check_write_err "disconnect: no such cable" "$D/disconnect" "ptp$b SMA2" "$ENOENT"
check_write_err "disconnect: wrong source" "$D/disconnect" "ptp$b SMA1 ptp$a SMA1" "$ENOENT"
check_eq "cables unchanged" "ptp$a SMA2 ptp$b SMA1 25
ptp$a SMA2 ptp$a SMA1 0" "$(cat "$D/cables")"

# --- PHC ioctls
"$TOOL" pin /dev/ptp$a 2 perout 0 >/dev/null
s1=$(grep -v '^ref_ns\|^phc_ns\|^offset_ns' "$ca/state")
out=$("$TOOL" bad /dev/ptp$a)
diag "$out"
expect() { # NAME ERRNO-ERE
	check_match "ioctl: $1" "^$1 ($2)\$" "$(grep "^$1 " <<<"$out")"
}
expect extts-index 22
expect extts-nopin 16
expect extts-falling-strict 95
expect extts-unknown-flag '22|95'
expect perout-index 22
expect perout-nopin 16
expect perout-period-nsec 22
expect perout-period-short 34
expect perout-period-long 34
expect perout-start-negative 22
expect perout-oneshot-past 34
expect perout-duty-too-long '34|22'
expect perout-phase-too-big 34
expect pin-index 22
expect pin-gnss-perout 95
expect pin-gnss-none 95
expect pin-extts-chan0 95
expect pin-extts-chan 22
expect pin-physync '95|22'
expect adj-freq-range 34
expect adj-phase-range 34
expect adj-step-negative '34|22'
expect settime-negative 22
expect sysoff-samples 22
s2=$(grep -v '^ref_ns\|^phc_ns\|^offset_ns' "$ca/state")
check_eq "clock state unchanged by the bad requests" "$s1" "$s2"
check_eq "PHC not stepped: PHC - R still exactly 0 (the +-1 s steps cancel)" \
	0 "$(cat "$ca/offset_ns")"
# The model is exact: with no frequency error PHC - R is constant, and
# one R second after adjphase it is exactly 1 ms more.
o0=$(cat "$ca/offset_ns")
check "adjphase 1 ms is accepted" "$TOOL" adjphase /dev/ptp$a 1000000
r0=$(state_val "$ca" ref_ns)
wait_ref "$ca" $((r0 + 1000000000))
o=$(cat "$ca/offset_ns")
check_eq "adjphase slewed PHC - R by exactly 1 ms within one R second" \
	$((o0 + 1000000)) "$o"
check_eq "no slew left" 0 "$(state_val "$ca" slew_left_ns)"

# --- a clock with cables and running outputs goes away cleanly
sb=/sys/class/ptp/ptp$b
echo '2 0' >/sys/class/ptp/ptp$a/pins/SMA2
echo '1 1' >"$sb/pins/SMA1"
echo '1 1' >"$sb/extts_enable"
echo '0 0 0 1 0' >/sys/class/ptp/ptp$a/period
sleep 1.5
check "delete A while its PEROUT feeds B" sh -c "echo bad-a > $D/del_clock"
check_eq "A's cables are gone" "" "$(cat "$D/cables")"
check "B still reads" phc_ctl /dev/ptp$b get

# --- fds held open (and ts2phc running) across delete and unload
exec 3</dev/ptp$b
mkfifo /tmp/hold.fifo
"$TOOL" hold /dev/ptp$b </tmp/hold.fifo >/tmp/hold.out 2>&1 &
hold=$!
exec 4>/tmp/hold.fifo
cat >/tmp/ts2phc-hold.conf <<CONF
[global]
clock_servo nullf
[/dev/ptp$b]
ts2phc.pin_index 0
ts2phc.channel 0
CONF
ts2phc -f /tmp/ts2phc-hold.conf -s generic -m -q >/tmp/ts2phc-hold.log 2>&1 &
ts=$!
sleep 2.5
check "delete B while open" sh -c "echo bad-b > $D/del_clock"
check "/dev/ptp$b is gone" test ! -e /dev/ptp$b
c=$(new_clock bad-c)
check "a third clock, left for module unload" test -n "$c"
echo "ptp$c SMA2 ptp$c SMA1" >"$D/connect"
check "unload nsim_ptp with a clock left and fds open" modprobe -r nsim_ptp
check "nsim_ptp is gone" test ! -d /sys/module/nsim_ptp
out=$(dd bs=16 count=1 <&3 2>&1)
check_match "read on the old fd fails with ENODEV" "No such device" "$out"
exec 3<&-
echo go >&4
wait "$hold"
out=$(cat /tmp/hold.out)
diag "$out"
check_match "ioctl on the old fd fails with ENODEV" "caps 19" "$out"
check_match "clock_gettime on the old fd fails" "gettime (19|22)" "$out"
exec 4>&-
sleep 1
kill "$ts" 2>/dev/null
wait "$ts" 2>/dev/null
diag "ts2phc said: $(tail -3 /tmp/ts2phc-hold.log)"
check "load nsim_ptp again" modprobe nsim_ptp
c=$(new_clock again)
check "a new clock works" test -n "$c"
