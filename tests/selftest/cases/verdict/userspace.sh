#!/bin/bash
# The userspace legs: the script runs with its leg's tools first on PATH and
# knows its leg; tests/selftest/run runs it in both legs (the sid one with
# tests/vm --sid) and wants both records.
# expect: pass
. "$TESTLIB/tap.sh"
check_match "NSIM_USERSPACE names the leg" '^(host|sid)$' "${NSIM_USERSPACE:-}"
# where_is TOOL DIR: the tool's path if it is DIR/TOOL (sid), or if it is
# the host's (/usr/bin or /usr/sbin) when DIR is "host"
where_is() {
	local p
	p=$(command -v "$1")
	case $2:$p in
	host:/usr/bin/* | host:/usr/sbin/*) echo host ;;
	"$2:$2/$1") echo "$2" ;;
	*) echo "$p" ;;
	esac
}
if [ "${NSIM_USERSPACE:-}" = sid ]; then
	want_ip=/opt/iproute2-sid/bin want_eth=/opt/ethtool-sid/bin want_lp=/opt/linuxptp4/bin
	ipv='iproute2-7\.' ethv='^ethtool version 7\.' lpv='^4\.'
else
	want_ip=host want_eth=host want_lp=host
	ipv='iproute2-6\.1' ethv='^ethtool version 6\.1' lpv='^3\.'
fi
for t in ip tc devlink bridge ss; do
	check_eq "$t comes from $want_ip" "$want_ip" "$(where_is $t $want_ip)"
done
check_eq "ethtool comes from $want_eth" "$want_eth" "$(where_is ethtool $want_eth)"
for t in ptp4l phc2sys ts2phc phc_ctl pmc hwstamp_ctl; do
	check_eq "$t comes from $want_lp" "$want_lp" "$(where_is $t $want_lp)"
done
check_match "ip -V: $ipv" "$ipv" "$(ip -V 2>&1)"
check_match "devlink -V: $ipv" "$ipv" "$(devlink -V 2>&1)"
check_match "ethtool --version: $ethv" "$ethv" "$(ethtool --version 2>&1)"
check_match "ptp4l -v: $lpv" "$lpv" "$(ptp4l -v 2>&1)"
check "ip link show lo runs" ip link show lo
check "tc qdisc show runs" tc qdisc show dev lo
check "ethtool -k lo runs" ethtool -k lo
