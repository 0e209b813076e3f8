/* SPDX-License-Identifier: GPL-2.0 */
/* nsim_dpll internals shared by its source files. */
#ifndef _NSIM_DPLL_PRIV_H
#define _NSIM_DPLL_PRIV_H

/* Boards (nsim_dpll_board.c): set up at load, none left at unload. */
int nsim_dpll_boards_init(void);
void nsim_dpll_boards_exit(void);

#endif /* _NSIM_DPLL_PRIV_H */
