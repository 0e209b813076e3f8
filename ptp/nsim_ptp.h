/* SPDX-License-Identifier: GPL-2.0 */
/* Interface of nsim_ptp.ko for netdevsim and nsim_dpll. */
#ifndef _NSIM_PTP_H
#define _NSIM_PTP_H

int nsim_ptp_get(void);
void nsim_ptp_put(void);

#endif /* _NSIM_PTP_H */
