// SPDX-License-Identifier: GPL-2.0
/*
 * netdevsim: a simulated NIC with PTP clocks, DPLLs and GNSS.
 *
 * Module skeleton: the bus, devices and ports arrive with the netdevsim work.
 */

#include <linux/module.h>
#include <net/rtnetlink.h>

#include "nsim_ptp.h"
#include "nsim_dpll.h"
#include "netdevsim.h"

static int __init nsim_module_init(void)
{
	pr_info(DRV_NAME ": loaded at R=%llu (DPLL R=%llu)\n",
		nsim_ptp_ref_now(), nsim_dpll_ref_now());
	return 0;
}

static void __exit nsim_module_exit(void)
{
	pr_info(DRV_NAME ": unloaded\n");
}

module_init(nsim_module_init);
module_exit(nsim_module_exit);

MODULE_DESCRIPTION("Simulated networking device with PTP clocks, DPLL and GNSS");
MODULE_AUTHOR("nsim-timing developers");
MODULE_LICENSE("GPL");
MODULE_ALIAS_RTNL_LINK(DRV_NAME);
