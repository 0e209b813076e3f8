// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test only: a module whose init never returns, with interrupts
 * off, so a one-CPU guest freezes completely (a real hang, not a slow test).
 */
#include <linux/module.h>
#include <linux/irqflags.h>
#include <asm/processor.h>

static int __init nsim_st_hang_init(void)
{
	local_irq_disable();
	for (;;)
		cpu_relax();
	return 0;
}

module_init(nsim_st_hang_init);
MODULE_DESCRIPTION("test harness self-test: hangs the machine on load");
MODULE_LICENSE("GPL");
