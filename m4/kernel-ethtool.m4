dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl ethtool_ops signatures that changed across the matrix.

AC_DEFUN([NSIM_KERNEL_ETHTOOL], [dnl
NSIM_PROBE_COMPILE([ETHTOOL_KERNEL_TS_INFO], [
#include <linux/ethtool.h>
#include <linux/netdevice.h>
], [
static int nsim_t_ts(struct net_device *d, struct kernel_ethtool_ts_info *i)
{
	return 0;
}
], [
	struct ethtool_ops o = { .get_ts_info = nsim_t_ts };
	(void)o;
], [get_ts_info takes kernel_ethtool_ts_info])

NSIM_PROBE_COMPILE([ETHTOOL_TS_INFO], [
#include <linux/ethtool.h>
#include <linux/netdevice.h>
], [
static int nsim_t_ts(struct net_device *d, struct ethtool_ts_info *i)
{
	return 0;
}
], [
	struct ethtool_ops o = { .get_ts_info = nsim_t_ts };
	(void)o;
], [get_ts_info takes ethtool_ts_info])

NSIM_PROBE_COMPILE([ETHTOOL_KERNEL_RINGPARAM], [
#include <linux/ethtool.h>
#include <linux/netdevice.h>
], [
static void nsim_t_ring(struct net_device *d, struct ethtool_ringparam *r,
			struct kernel_ethtool_ringparam *k,
			struct netlink_ext_ack *e)
{
}
], [
	struct ethtool_ops o = { .get_ringparam = nsim_t_ring };
	(void)o;
], [get_ringparam with kernel_ethtool_ringparam])

NSIM_PROBE_CHAIN([ethtool timestamping info], [ETHTOOL_KERNEL_TS_INFO ETHTOOL_TS_INFO])
])
