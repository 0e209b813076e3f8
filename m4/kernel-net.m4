dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl Network device, NAPI, timestamping and statistics APIs used by netdevsim.

AC_DEFUN([NSIM_KERNEL_NET], [dnl
NSIM_PROBE_COMPILE([NETIF_NAPI_ADD_NO_WEIGHT], [
#include <linux/netdevice.h>
], [
static int nsim_t_poll(struct napi_struct *n, int budget) { return 0; }
], [
	netif_napi_add(NULL, NULL, nsim_t_poll);
], [netif_napi_add without weight])

NSIM_PROBE_COMPILE([NETIF_NAPI_ADD_WEIGHT], [
#include <linux/netdevice.h>
], [
static int nsim_t_poll(struct napi_struct *n, int budget) { return 0; }
], [
	netif_napi_add(NULL, NULL, nsim_t_poll, NAPI_POLL_WEIGHT);
], [netif_napi_add with a weight])

NSIM_PROBE_COMPILE([NETIF_NAPI_DEL_NOSYNC], [
#include <linux/netdevice.h>
], [], [
	__netif_napi_del((struct napi_struct *)0);
], [__netif_napi_del (no RCU wait per NAPI)])

NSIM_PROBE_COMPILE([NDO_HWTSTAMP_SET], [
#include <linux/netdevice.h>
#include <linux/net_tstamp.h>
], [
static int nsim_t_hwts(struct net_device *dev,
		       struct kernel_hwtstamp_config *cfg,
		       struct netlink_ext_ack *extack)
{
	return 0;
}
], [
	struct net_device_ops o = { .ndo_hwtstamp_set = nsim_t_hwts };
	(void)o;
], [ndo_hwtstamp_set])

NSIM_PROBE_COMPILE([NDO_ETH_IOCTL], [
#include <linux/netdevice.h>
], [], [
	struct net_device_ops o = { .ndo_eth_ioctl = NULL };
	(void)o;
], [ndo_eth_ioctl for SIOCSHWTSTAMP])

NSIM_PROBE_COMPILE([NETIF_SET_REAL_NUM_QUEUES], [
#include <linux/netdevice.h>
], [], [
	int e = netif_set_real_num_queues(NULL, 1, 1);
	(void)e;
], [netif_set_real_num_queues],
	[netif_set_real_num_queues])

NSIM_PROBE_COMPILE([BUS_ATTR_STORE_CONST], [
#include <linux/device.h>
], [
static ssize_t nsim_t_store(const struct bus_type *b, const char *buf, size_t n)
{
	return n;
}
], [
	struct bus_attribute a = { .store = nsim_t_store };
	(void)a;
], [bus attribute callbacks take a const bus_type])

NSIM_PROBE_COMPILE([NDO_DO_IOCTL], [
#include <linux/netdevice.h>
], [], [
	struct net_device_ops o = { .ndo_do_ioctl = NULL };
	(void)o;
], [ndo_do_ioctl for SIOCSHWTSTAMP])

NSIM_PROBE_CHAIN([adding a NAPI instance], [NETIF_NAPI_ADD_NO_WEIGHT NETIF_NAPI_ADD_WEIGHT])
NSIM_PROBE_CHAIN([hardware timestamp configuration], [NDO_HWTSTAMP_SET NDO_ETH_IOCTL NDO_DO_IOCTL])
])
