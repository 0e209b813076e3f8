#!/bin/bash
# Module metadata as the running kernel and kmod see it.
# timeout: 60
. "$TESTLIB/tap.sh"

for m in nsim_ptp nsim_dpll netdevsim; do
	check_eq "$m: vermagic is for the running kernel" "$KVER" "$(modinfo -F vermagic "$m" | cut -d' ' -f1)"
	check_eq "$m: license GPL" GPL "$(modinfo -F license "$m")"
	check_match "$m: has a description" . "$(modinfo -F description "$m")"
	check_match "$m: installed under updates/" "/updates/$m\\.ko" "$(modinfo -F filename "$m")"
done
check_eq "nsim_ptp depends on no other module of ours" "" \
	"$(modinfo -F depends nsim_ptp | tr ',' '\n' | grep -E '^(nsim_|netdevsim)')"
check_match "nsim_dpll depends on nsim_ptp" '(^|,)nsim_ptp(,|$)' "$(modinfo -F depends nsim_dpll)"
for m in nsim_dpll netdevsim; do
	check_match "$m: version from configure" '^[0-9]+\.[0-9]+\.[0-9]+' "$(modinfo -F version "$m")"
done
