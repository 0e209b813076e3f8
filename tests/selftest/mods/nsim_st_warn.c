// SPDX-License-Identifier: GPL-2.0
/* Harness self-test only: a module whose load triggers a kernel WARNING. */
#include <linux/module.h>
#include <linux/bug.h>

static int __init nsim_st_warn_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit nsim_st_warn_exit(void)
{
}

module_init(nsim_st_warn_init);
module_exit(nsim_st_warn_exit);
MODULE_DESCRIPTION("test harness self-test: WARN_ON on load");
MODULE_LICENSE("GPL");
