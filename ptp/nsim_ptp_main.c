// SPDX-License-Identifier: GPL-2.0
/*
 * nsim_ptp: simulated PTP hardware clocks for netdevsim.
 *
 * Module skeleton: the clocks themselves arrive with the PHC work.
 */

#include <linux/module.h>
#include <linux/timekeeping.h>

#include "nsim_ptp.h"

/* R at load, on the wall clock; R then runs from CLOCK_MONOTONIC_RAW. */
static u64 nsim_ptp_anchor_wall;
static u64 nsim_ptp_anchor_raw;

/**
 * nsim_ptp_ref_now() - the reference time R now
 *
 * Return: R in nanoseconds since the epoch.
 */
u64 nsim_ptp_ref_now(void)
{
	return nsim_ptp_anchor_wall + (ktime_get_raw_ns() - nsim_ptp_anchor_raw);
}
EXPORT_SYMBOL_GPL(nsim_ptp_ref_now);

static int __init nsim_ptp_init(void)
{
	nsim_ptp_anchor_raw = ktime_get_raw_ns();
	nsim_ptp_anchor_wall = ktime_get_real_ns();
	pr_info("nsim_ptp: loaded\n");
	return 0;
}

static void __exit nsim_ptp_exit(void)
{
	pr_info("nsim_ptp: unloaded\n");
}

module_init(nsim_ptp_init);
module_exit(nsim_ptp_exit);

MODULE_DESCRIPTION("Simulated PTP hardware clocks for netdevsim");
MODULE_AUTHOR("nsim-timing developers");
MODULE_LICENSE("GPL");
