// SPDX-License-Identifier: GPL-2.0
/*
 * nsim_ptp: simulated PTP hardware clocks for netdevsim.
 *
 * Module skeleton: the clocks themselves arrive with the PHC work.
 */

#include <linux/module.h>
#include <linux/atomic.h>

#include "nsim_ptp.h"

static atomic_t nsim_ptp_users = ATOMIC_INIT(0);

/**
 * nsim_ptp_get() - take a reference on the nsim_ptp core
 *
 * Users (netdevsim, nsim_dpll) call this so that the module dependency is a
 * real symbol dependency and modprobe loads nsim_ptp first.
 *
 * Return: the number of users after taking the reference.
 */
int nsim_ptp_get(void)
{
	return atomic_inc_return(&nsim_ptp_users);
}
EXPORT_SYMBOL_GPL(nsim_ptp_get);

/**
 * nsim_ptp_put() - drop a reference taken by nsim_ptp_get()
 */
void nsim_ptp_put(void)
{
	atomic_dec(&nsim_ptp_users);
}
EXPORT_SYMBOL_GPL(nsim_ptp_put);

static int __init nsim_ptp_init(void)
{
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
