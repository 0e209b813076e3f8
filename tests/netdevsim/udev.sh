#!/bin/bash
# udev/90-nsim.rules: matches our PHCs only (per-port, standalone, shared),
# grants the group read access and nobody but root write access.
# timeout: 60
. "$TESTLIB/tap.sh"
. "$(dirname "$0")/_lib.sh"
require_cmd udevadm ethtool

rules=$(dirname "$0")/90-nsim.rules
check "the rule file was staged" test -f "$rules"
mkdir -p /etc/udev/rules.d
cp "$rules" /etc/udev/rules.d/90-nsim.rules
grep -q '^dialout:' /etc/group 2>/dev/null || echo 'dialout:x:20:' >>/etc/group

# rule_result SYSPATH: the lines of our file that udev applies to the device
# ("FILE:LINE ..."; "Reading rules file" names every file, matching or not),
# and the mode it sets.
rule_result() {
	udevadm test --action=add "$1" 2>&1 |
		grep -E '90-nsim\.rules:[0-9]+|[Mm][Oo][Dd][Ee][ =]' | xargs
}

# ours PTPDEV DESC: our rule applies, group read, no write but root's
ours() {
	local out
	out=$(rule_result "/sys/class/ptp/$1")
	diag "$2 ($1): $out"
	check_match "$2: our rule applies" '90-nsim\.rules:[0-9]+' "$out"
	check_match "$2: mode 0640" '(MODE|mode)[ =]0?640' "$out"
	check_fails "$2: never group/other-writable" grep -Eq '(MODE|mode)[ =]0?6[67]' <<<"$out"
}

check "modprobe netdevsim" modprobe netdevsim
check "new_device 1 (a PHC per port)" nsim_write $NSIM_BUS/new_device "1 1"
ours "ptp$(phc_index "$(nsim_netdevs 1)")" "per-port PHC"
check "new_device 2 with shared clock 4" nsim_write $NSIM_BUS/new_device "2 1 clock=4"
ours "ptp$(phc_index "$(nsim_netdevs 2)")" "shared PHC"
D=/sys/kernel/debug/nsim_ptp
check "standalone clock" nsim_write $D/new_clock udev-x
for f in /sys/class/ptp/ptp*/clock_name; do
	[ "$(cat "$f")" = udev-x ] && sa=$(basename "$(dirname "$f")")
done
ours "${sa:-none}" "standalone PHC"
out=$(rule_result /sys/class/net/lo)
check_fails "not applied to other devices (lo)" grep -Eq '90-nsim\.rules:[0-9]+' <<<"$out"
nsim_write $D/del_clock udev-x
check "modprobe -r netdevsim" modprobe -r netdevsim
rm -f /etc/udev/rules.d/90-nsim.rules
