/* SPDX-License-Identifier: GPL-2.0 */
/* Interface of nsim_dpll.ko for netdevsim. */
#ifndef _NSIM_DPLL_H
#define _NSIM_DPLL_H

#include <linux/types.h>

struct dentry;
struct device;
struct net_device;
struct nsim_dpll_board;
struct nsim_dpll_port;
struct nsim_ptp_clock;

u64 nsim_dpll_ref_now(void);

/*
 * A DPLL board (EEC and PPS DPLLs with their input pins) for a wpc=1
 * device, with the sysfs group "dpll" on @dev: NULL where this build has no
 * boards (no kernel DPLL core), else the board or an ERR_PTR().  Destroy
 * it before its device goes.
 */
struct nsim_dpll_board *nsim_dpll_board_create(u64 clock_id,
					       struct nsim_ptp_clock *phc,
					       struct dentry *parent_ddir,
					       struct device *dev);
void nsim_dpll_board_destroy(struct nsim_dpll_board *board);
void nsim_dpll_board_set_phc(struct nsim_dpll_board *board,
			     struct nsim_ptp_clock *phc);

/*
 * The board's ports: a SyncE recovered-clock pin per port (NULL where the
 * build has none), unregistered before the port's netdev goes; carrier
 * changes of any netdev are reported (RTNL may be held).
 */
struct nsim_dpll_port *nsim_dpll_board_port_add(struct nsim_dpll_board *board,
						unsigned int index,
						struct net_device *netdev);
void nsim_dpll_board_port_del(struct nsim_dpll_port *port);
void nsim_dpll_netdev_carrier(struct net_device *netdev);

#endif /* _NSIM_DPLL_H */
