// SPDX-License-Identifier: GPL-2.0
/*
 * Port PHCs from nsim_ptp: CLK_ID -1 gives every port a PHC of its own,
 * any other value one PHC shared by all ports created with that value.
 */

#include <linux/err.h>
#include <linux/kernel.h>

#include "nsim_ptp.h"
#include "netdevsim.h"

#if defined(NSIM_PHC) && !defined(NSIM_NO_PTP_API)

/**
 * nsim_phc_port_init() - give a port its PHC
 * @port: new port; VF ports get none
 *
 * Return: 0 or a negative errno.
 */
int nsim_phc_port_init(struct nsim_port *port)
{
	struct nsim_dev *nsim_dev = port->nsim_dev;
	struct nsim_ptp_clock *clk;
	char name[32];

	if (port->is_vf)
		return 0;
	if (nsim_dev->clk_id >= 0) {
		clk = nsim_ptp_clock_get_shared(nsim_dev->clk_id);
	} else {
		snprintf(name, sizeof(name), "netdevsim%u.%u", nsim_dev->id,
			 port->index);
		clk = nsim_ptp_clock_create(nsim_dev->parent, name);
	}
	if (IS_ERR(clk))
		return PTR_ERR(clk);
	port->phc = clk;
	return 0;
}

/**
 * nsim_phc_port_fini() - drop the port's PHC reference
 * @port: port whose netdev is gone
 */
void nsim_phc_port_fini(struct nsim_port *port)
{
	if (port->phc)
		nsim_ptp_clock_put(port->phc);
	port->phc = NULL;
}

/**
 * nsim_phc_index() - PHC index for ethtool -T
 * @port: any port
 *
 * Return: the N of /dev/ptpN, or -1 without a PHC.
 */
int nsim_phc_index(struct nsim_port *port)
{
	return port->phc ? nsim_ptp_clock_index(port->phc) : -1;
}

/**
 * nsim_phc_time() - the port's PHC time at a reference instant
 * @port: any port
 * @ref_ns: reference time R
 * @phc_ns: set to the timestamp the hardware would take
 *
 * Return: false when the port has no PHC.
 */
bool nsim_phc_time(struct nsim_port *port, u64 ref_ns, u64 *phc_ns)
{
	if (!port->phc)
		return false;
	*phc_ns = nsim_ptp_clock_stamp_at(port->phc, ref_ns);
	return true;
}

/**
 * nsim_phc_ref_now() - reference time R now, for departure times
 *
 * Return: R in nanoseconds.
 */
u64 nsim_phc_ref_now(void)
{
	return nsim_ptp_ref_now();
}

#endif
