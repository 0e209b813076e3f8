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

NSIM_PROBE_COMPILE([NETDEV_LLTX], [
#include <linux/netdevice.h>
], [], [
	struct net_device d;
	d.lltx = true;
], [lockless TX as a net_device field])

NSIM_PROBE_COMPILE([NETIF_F_LLTX], [
#include <linux/netdevice.h>
], [], [
	netdev_features_t f = NETIF_F_LLTX;
	(void)f;
], [lockless TX as a feature flag])

NSIM_PROBE_COMPILE([ETH_HW_ADDR_SET], [
#include <linux/etherdevice.h>
], [], [
	eth_hw_addr_set(NULL, NULL);
], [eth_hw_addr_set])

NSIM_PROBE_COMPILE([NETDEV_HOLD], [
#include <linux/netdevice.h>
], [], [
	netdevice_tracker t;
	netdev_hold(NULL, &t, GFP_KERNEL);
	netdev_put(NULL, &t);
], [netdev_hold and netdev_put])

NSIM_PROBE_COMPILE([U64_STATS_FETCH_BEGIN_IRQ], [
#include <linux/u64_stats_sync.h>
], [], [
	struct u64_stats_sync s;
	(void)u64_stats_fetch_begin_irq(&s);
], [u64_stats_fetch_begin_irq])

NSIM_PROBE_COMPILE([NETDEV_STAT_OPS], [
#include <linux/netdevice.h>
#include <net/netdev_queues.h>
], [], [
	struct netdev_stat_ops o = { .get_queue_stats_rx = NULL };
	(void)o;
], [per-queue stats through netdev_stat_ops])

NSIM_PROBE_COMPILE([SKB_HWTSTAMPS_NETDEV_DATA], [
#include <linux/skbuff.h>
], [], [
	struct skb_shared_hwtstamps h = { .netdev_data = NULL };
	(void)h;
], [skb_shared_hwtstamps in a union with netdev_data])

NSIM_PROBE_COMPILE([NETIF_SET_REAL_NUM_QUEUES], [
#include <linux/netdevice.h>
], [], [
	int e = netif_set_real_num_queues(NULL, 1, 1);
	(void)e;
], [netif_set_real_num_queues])

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
