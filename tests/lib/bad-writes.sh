# shellcheck shell=bash
# Malformed values for netdevsim's bus and device files and nsim_ptp's
# debugfs files, shared by the scripts that write them (netdevsim/badinput,
# stress/slab-rounds).  Every value here is refused whatever devices exist,
# as long as there is no device 3 and no PCI function 0000:1f:03.x; values
# that are bad only in one script's state (an ID in use, say) stay in that
# script.  Sourced in the guest after tap.sh.

BW_NL=$'\n'
BW_LONG=$(printf 'a%.0s' {1..100})

BAD_NEW=(
	"$BW_NL" " " "abc" "1x" "-1" "3 x" "3 2 3 4" "3 1 0" "3 65" "3 1 65"
	"99999999999999999999" "3 99999999999999999999"
	"3 0000:1f:03.0 1 2 1 0 7" "3 0000:1f:03" "3 0000:1f:20.0"
	"3 0000:1f:03.8" "3 0000:100:03.0" "3 00000:1f:03.0" "3 0000:1g:03.0"
	"3 0000:1f:03.0 -2" "3 0000:1f:03.0 1 65" "3 0000:1f:03.0 x"
	"3 0000:1f:03.0 1 1 0" "3 0000:1f:03.0 1 1 1 2" "3 :" "3 0000:1f:03.0x"
	"3 2 pci=bad" "3 2 clock=x" "3 2 wpc=3" "3 2 clock=-2" "3 2 pci="
	"3 2 pci=0000:1f:03.0 pci=0000:1f:04.0" "3 2 foo=bar" "3 clock=1 2"
	"3 $BW_LONG" "$BW_LONG" "3 1 1 clock=1 wpc=1 pci=0000:1f:05.0 x=1 y=2 z=3"
	"3 0000:1f:03.1" "3 0000:00:00.0"
)
BAD_DEL=("$BW_NL" "x" "1 2" "99" "-1" "$BW_LONG")
BAD_LINK=("$BW_NL" "1:2" "x y" "1:1" "999:1 999:2" "0:1 0:1" "$BW_LONG $BW_LONG" "1:1 2:2 3:3")
BAD_UNLINK=("$BW_NL" "x" "999:1" "1:1 2:2")
BAD_PORT=("$BW_NL" "x" "64" "-1" "0" "99999999999" "$BW_LONG")
BAD_DELPORT=("$BW_NL" "x" "63" "-1" "$BW_LONG")
BAD_VFS=("x" "17" "-1" "$BW_LONG")

# nsim_ptp's debugfs (clock ptp999 and connector SMA9 do not exist)
BAD_CLK=("$BW_NL" "a b" "$BW_LONG" "bad/name")
BAD_DELCLK=("$BW_NL" "nosuch" "$BW_LONG")
BAD_CONNECT=("$BW_NL" "x" "ptp999 SMA2 ptp998 SMA1" "ptp0 GNSS-1PPS ptp0 SMA1"
	"ptp0 SMA2 ptp0 SMA2" "ptp0 SMA2 ptp1 SMA1 2000000000" "ptp0 SMA9 ptp1 SMA1" "$BW_LONG")
BAD_DISCONNECT=("$BW_NL" "x" "ptp999 SMA1" "$BW_LONG")
BAD_FREQ=("x" "99999999999999999999" "1000001" "-99999999999" "$BW_LONG")
BAD_OFFSET=("x" "99999999999999999999" "-9999999999999999999" "1.5" "$BW_LONG")
BAD_NOISE=("x" "-1" "1000001" "$BW_LONG")

# tryall FILE VALUE...: write each value with $BW_WRITE (a function or
# command taking FILE TEXT that fails on a refused write); BW_WRITES counts
# the writes, BW_ACCEPTED the accepted ones, each also named by a diag.
BW_WRITE=${BW_WRITE:-nsim_write}
BW_WRITES=0
BW_ACCEPTED=0
tryall() {
	local f=$1 v
	shift
	for v in "$@"; do
		BW_WRITES=$((BW_WRITES + 1))
		if "$BW_WRITE" "$f" "$v"; then
			BW_ACCEPTED=$((BW_ACCEPTED + 1))
			diag "accepted: '$v' > $f"
		fi
	done
}
