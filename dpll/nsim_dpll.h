/* SPDX-License-Identifier: GPL-2.0 */
/* Interface of nsim_dpll.ko for netdevsim. */
#ifndef _NSIM_DPLL_H
#define _NSIM_DPLL_H

#include <linux/types.h>

u64 nsim_dpll_ref_now(void);

#endif /* _NSIM_DPLL_H */
