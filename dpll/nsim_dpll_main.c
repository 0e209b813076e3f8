// SPDX-License-Identifier: GPL-2.0
/*
 * nsim_dpll: simulated DPLL boards for netdevsim.
 *
 * Boards (nsim_dpll_board.c) register with the kernel's DPLL core where
 * configure found one; on kernels without one, with the bundled core
 * (nsim_dpll_core.c, nsim_dpll_netlink.c), whose "dpll" generic netlink
 * family lives as long as the module.
 */

#include <linux/module.h>

#include "nsim_ptp.h"
#include "nsim_dpll.h"
#include "nsim_dpll_priv.h"
#ifdef NSIM_DPLL_CORE_BUNDLED
#include "nsim_dpll_core_priv.h"
#else
static inline int nsim_dpll_nl_register(void) { return 0; }
static inline void nsim_dpll_nl_unregister(void) {}
#endif

/**
 * nsim_dpll_ref_now() - the reference time the boards run on
 *
 * Boards follow nsim_ptp's reference time R, which also makes nsim_ptp a
 * real dependency of this module.
 *
 * Return: R in nanoseconds.
 */
u64 nsim_dpll_ref_now(void)
{
	return nsim_ptp_ref_now();
}
EXPORT_SYMBOL_GPL(nsim_dpll_ref_now);

static int __init nsim_dpll_init(void)
{
	int err = nsim_dpll_nl_register();

	if (err)
		return err;
	err = nsim_dpll_boards_init();
	if (err) {
		nsim_dpll_nl_unregister();
		return err;
	}
	pr_info("nsim_dpll: loaded at R=%llu\n", nsim_dpll_ref_now());
	return 0;
}

static void __exit nsim_dpll_exit(void)
{
	nsim_dpll_boards_exit();
	nsim_dpll_nl_unregister();
	pr_info("nsim_dpll: unloaded\n");
}

module_init(nsim_dpll_init);
module_exit(nsim_dpll_exit);

MODULE_DESCRIPTION("Simulated DPLL boards for netdevsim");
MODULE_AUTHOR("nsim-timing developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(NSIM_VERSION);
