// SPDX-License-Identifier: GPL-2.0
/*
 * nsim_dpll: simulated DPLL boards for netdevsim.
 *
 * Module skeleton: boards, pins and the lock state machine arrive with the
 * DPLL work.
 */

#include <linux/module.h>

#include "nsim_ptp.h"
#include "nsim_dpll.h"

/**
 * nsim_dpll_get() - take a reference on the nsim_dpll core
 *
 * Return: 0.
 */
int nsim_dpll_get(void)
{
	nsim_ptp_get();
	return 0;
}
EXPORT_SYMBOL_GPL(nsim_dpll_get);

/**
 * nsim_dpll_put() - drop a reference taken by nsim_dpll_get()
 */
void nsim_dpll_put(void)
{
	nsim_ptp_put();
}
EXPORT_SYMBOL_GPL(nsim_dpll_put);

static int __init nsim_dpll_init(void)
{
	pr_info("nsim_dpll: loaded\n");
	return 0;
}

static void __exit nsim_dpll_exit(void)
{
	pr_info("nsim_dpll: unloaded\n");
}

module_init(nsim_dpll_init);
module_exit(nsim_dpll_exit);

MODULE_DESCRIPTION("Simulated DPLL boards for netdevsim");
MODULE_AUTHOR("nsim-timing developers");
MODULE_LICENSE("GPL");
