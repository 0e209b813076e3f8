// SPDX-License-Identifier: GPL-2.0
/* Harness self-test only: a module that leaks one allocation on load. */
#include <linux/module.h>
#include <linux/slab.h>

static void *volatile nsim_st_leak_ptr;

static noinline void nsim_st_leak_alloc(void)
{
	nsim_st_leak_ptr = kmalloc(100, GFP_KERNEL);
	nsim_st_leak_ptr = NULL;
}

static int __init nsim_st_leak_init(void)
{
	nsim_st_leak_alloc();
	return 0;
}

static void __exit nsim_st_leak_exit(void)
{
}

module_init(nsim_st_leak_init);
module_exit(nsim_st_leak_exit);
MODULE_DESCRIPTION("test harness self-test: leaks 100 bytes on load");
MODULE_LICENSE("GPL");
