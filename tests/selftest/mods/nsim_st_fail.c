// SPDX-License-Identifier: GPL-2.0
/* Harness self-test only: a module whose init fails. */
#include <linux/module.h>
#include <linux/errno.h>

static int __init nsim_st_fail_init(void)
{
	return -ENODEV;
}

module_init(nsim_st_fail_init);
MODULE_DESCRIPTION("test harness self-test: init fails with -ENODEV");
MODULE_LICENSE("GPL");
