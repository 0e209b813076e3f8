# shellcheck shell=bash
# Helpers for the netdevsim tests.
NSIM_BUS=/sys/bus/netdevsim

# nsim_netdevs ID: the netdev names of upstream-form device ID, sorted by port.
nsim_netdevs() {
	local d n
	for d in "$NSIM_BUS/devices/netdevsim$1/net/"*; do
		[ -e "$d" ] || continue
		n=${d##*/}
		p=$(cat "$d/phys_port_name" 2>/dev/null)
		p=${p#p}
		echo "${p:-999} $n"
	done | sort -n | awk '{print $2}'
}

# nsim_pci_netdevs ADDR: the netdevs hanging off PCI function ADDR.
nsim_pci_netdevs() {
	local d
	for d in "/sys/bus/pci/devices/$1/net/"*; do
		[ -e "$d" ] && echo "${d##*/}"
	done
}

# nsim_write FILE TEXT: write TEXT in one write(2); status 1 when refused.
nsim_write() {
	printf '%s' "$2" 2>/dev/null >"$1"
}

# ethtool_stat DEV NAME [NETNS]
ethtool_stat() {
	${3:+ip netns exec "$3"} ethtool -S "$1" | awk -v k="$2:" '$1 == k {print $2}'
}

# link_stat DEV rx|tx FIELD [NETNS]: from ip -s -j link
link_stat() {
	${4:+ip netns exec "$4"} ip -s -j link show dev "$1" |
		jq -r ".[0].stats64.$2.$3"
}

phc_index() {
	${2:+ip netns exec "$2"} ethtool -T "$1" |
		sed -n -E 's/^(PTP Hardware Clock|Hardware timestamp provider index): *//p'
}
