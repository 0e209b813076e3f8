// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test only: a module that leaks one allocation on load, or
 * with at_exit=1 on unload (its code is gone when kmemleak reports it).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/compiler.h>

static void *nsim_st_leak_ptr;
static bool at_exit;
module_param(at_exit, bool, 0444);
MODULE_PARM_DESC(at_exit, "leak on unload instead of on load");

/* Store the only reference, then drop it: the compiler keeps both stores. */
static noinline void nsim_st_leak_alloc(void)
{
	WRITE_ONCE(nsim_st_leak_ptr, kmalloc(100, GFP_KERNEL));
	WRITE_ONCE(nsim_st_leak_ptr, NULL);
}

static int __init nsim_st_leak_init(void)
{
	if (!at_exit)
		nsim_st_leak_alloc();
	return 0;
}

static void __exit nsim_st_leak_exit(void)
{
	if (at_exit)
		nsim_st_leak_alloc();
}

module_init(nsim_st_leak_init);
module_exit(nsim_st_leak_exit);
MODULE_DESCRIPTION("test harness self-test: leaks 100 bytes on load or unload");
MODULE_LICENSE("GPL");
