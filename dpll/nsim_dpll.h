/* SPDX-License-Identifier: GPL-2.0 */
/* Interface of nsim_dpll.ko for netdevsim. */
#ifndef _NSIM_DPLL_H
#define _NSIM_DPLL_H

int nsim_dpll_get(void);
void nsim_dpll_put(void);

#endif /* _NSIM_DPLL_H */
