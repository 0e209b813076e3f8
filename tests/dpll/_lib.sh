# shellcheck shell=bash
# Helpers for the DPLL tests (sourced after tap.sh).

NSIM_BUS=/sys/bus/netdevsim
DBG=/sys/kernel/debug
# iproute2's dpll from Debian sid (tests/vm ip2_archive); the host's has none.
PATH=$PATH:/opt/iproute2-sid/bin

# dpll_setup: debugfs mounted, netdevsim (and so nsim_dpll) loaded; skip the
# script where no "dpll" generic netlink family exists then: neither the
# kernel's DPLL core nor nsim_dpll's bundled one (5.10, 6.1).  A missing
# dpll tool fails the script.
dpll_setup() {
	grep -q ' /sys/kernel/debug debugfs ' /proc/mounts ||
		mount -t debugfs none /sys/kernel/debug
	require_cmd dpll jq lspci setpci ethtool
	modprobe netdevsim || bail_out "modprobe netdevsim failed"
	dpll_family ||
		skip_all "no dpll netlink family (no kernel DPLL core, no bundled one)"
}

# dpll_family: the "dpll" generic netlink family exists (the dpll tool
# fails to resolve it otherwise).
dpll_family() {
	dpll -j device show >/dev/null 2>&1
}

# kernel_dpll_core: the kernel has its own DPLL core (CONFIG_DPLL is built
# in or absent: its symbols in /proc/kallsyms tell).
kernel_dpll_core() {
	grep -q ' dpll_device_register$' /proc/kallsyms
}

# nsim_write FILE TEXT: write TEXT in one write(2); status 1 when refused.
nsim_write() {
	printf '%s' "$2" 2>/dev/null >"$1"
}

# pci_dsn ADDR: the function's Device Serial Number from its PCI config
# space (extended capability 3), as a decimal u64, read with setpci.
pci_dsn() {
	local lo hi
	lo=$(setpci -s "$1" ECAP_DSN+4.L) || return 1
	hi=$(setpci -s "$1" ECAP_DSN+8.L) || return 1
	printf '%u\n' "0x$hi$lo"
}

# lspci_dsn ADDR: the same from lspci -vv, as lspci prints it (hex bytes).
lspci_dsn() {
	lspci -vv -s "$1" 2>/dev/null | sed -n 's/.*Device Serial Number //p'
}

# phc_of NETDEV: PHC index from ethtool -T.
phc_of() {
	ethtool -T "$1" | sed -n -E 's/^(PTP Hardware Clock|Hardware timestamp provider index): *//p'
}

# first_netdev ADDR: a netdev of PCI function ADDR.
first_netdev() {
	local d
	for d in "/sys/bus/pci/devices/$1/net/"*; do
		[ -e "$d" ] && echo "${d##*/}" && return 0
	done
	return 1
}

# dpll_monitor_start FILE: iproute2's dpll monitor in the background, its
# output in FILE; returns once it waits for notifications (subscribed: it
# sleeps in a receive, per /proc/PID/syscall).  Sets DMON (its pid).
dpll_monitor_start() {
	local i nr
	: >"$1"
	dpll monitor >"$1" 2>&1 &
	DMON=$!
	for ((i = 0; i < 300 * ${NSIM_TMO:-1}; i++)); do
		kill -0 "$DMON" 2>/dev/null || return 1
		nr=$(cut -d' ' -f1 "/proc/$DMON/syscall" 2>/dev/null)
		case $nr in
		# poll, select, recvfrom, recvmsg, epoll_wait, pselect6, ppoll, epoll_pwait(2)
		7 | 23 | 45 | 47 | 232 | 270 | 271 | 281 | 441) return 0 ;;
		esac
		sleep 0.1
	done
	return 1
}

# dpll_monitor_stop FILE CMD...: end the dpll monitor once CMD (run with
# FILE as its last argument) succeeds, i.e. once FILE holds what the test
# waits for (at most 30 s times tmo: then it is ended anyway, and the checks
# on FILE judge).
dpll_monitor_stop() {
	local f=$1 i
	shift
	for ((i = 0; i < 150 * ${NSIM_TMO:-1}; i++)); do
		"$@" "$f" && break
		sleep 0.2
	done
	kill "$DMON" 2>/dev/null
	wait "$DMON" 2>/dev/null
	return 0
}
