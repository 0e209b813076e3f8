// SPDX-License-Identifier: GPL-2.0
/* Harness self-test only: a module that leaks one allocation on load. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/compiler.h>

static void *nsim_st_leak_ptr;

/* Store the only reference, then drop it: the compiler keeps both stores. */
static noinline void nsim_st_leak_alloc(void)
{
	WRITE_ONCE(nsim_st_leak_ptr, kmalloc(100, GFP_KERNEL));
	WRITE_ONCE(nsim_st_leak_ptr, NULL);
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
