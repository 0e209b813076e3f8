// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test only: a module needing a symbol no kernel exports, so
 * loading it fails with "Unknown symbol" in the kernel log.
 */
#include <linux/module.h>

extern int nsim_st_no_such_symbol(void);

static int __init nsim_st_unknown_init(void)
{
	return nsim_st_no_such_symbol();
}

module_init(nsim_st_unknown_init);
MODULE_DESCRIPTION("test harness self-test: unresolved symbol");
MODULE_LICENSE("GPL");
