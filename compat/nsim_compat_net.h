/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Networking, devlink and ethtool API differences across the supported
 * kernels, keyed on configure's HAVE_* results.  netdevsim uses only the
 * nsim_* spellings below.
 */
#ifndef _NSIM_COMPAT_NET_H
#define _NSIM_COMPAT_NET_H

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/net_tstamp.h>
#include <net/devlink.h>

#include "nsim_compat.h"

/* bus attribute callbacks take a const bus_type on newer kernels. */
#ifdef HAVE_BUS_ATTR_STORE_CONST
#define nsim_const_bus const struct bus_type
#else
#define nsim_const_bus struct bus_type
#endif

/*
 * Fake PCI functions need root buses a module can create: x86's
 * pci_sysdata and exported pci_scan_root_bus/pci_stop_root_bus.
 */
#if defined(HAVE_PCI_CORE) && defined(HAVE_PCI_FAKE_ROOT) && \
	defined(HAVE_PCI_FAKE_ROOT_EXPORT) && \
	defined(HAVE_PCI_STOP_ROOT_BUS_EXPORT)
#define NSIM_PCI_FORM 1
#endif

/* NAPI: the weight argument went away. */
static inline void nsim_napi_add(struct net_device *dev,
				 struct napi_struct *napi,
				 int (*poll)(struct napi_struct *, int))
{
#ifdef HAVE_NETIF_NAPI_ADD_NO_WEIGHT
	netif_napi_add(dev, napi, poll);
#else
	netif_napi_add(dev, napi, poll, NAPI_POLL_WEIGHT);
#endif
}

/*
 * Take a NAPI instance off its netdev without waiting for RCU readers: the
 * caller waits once for a whole batch.  Where the kernel has only the
 * waiting form, that is still correct, just slower.
 */
static inline void nsim_napi_del_nosync(struct napi_struct *napi)
{
#ifdef HAVE_NETIF_NAPI_DEL_NOSYNC
	__netif_napi_del(napi);
#else
	netif_napi_del(napi);
#endif
}

static inline int nsim_set_real_num_queues(struct net_device *dev,
					   unsigned int txq, unsigned int rxq)
{
#ifdef HAVE_NETIF_SET_REAL_NUM_QUEUES
	return netif_set_real_num_queues(dev, txq, rxq);
#else
	int err = netif_set_real_num_tx_queues(dev, txq);

	return err ?: netif_set_real_num_rx_queues(dev, rxq);
#endif
}

/* devlink instance: parent device at allocation or at registration. */
static inline struct devlink *nsim_devlink_alloc(const struct devlink_ops *ops,
						 size_t size,
						 struct device *dev)
{
#ifdef HAVE_DEVLINK_ALLOC_NS
	return devlink_alloc(ops, size, dev);
#else
	return devlink_alloc(ops, size);
#endif
}

static inline int nsim_devlink_register(struct devlink *devlink,
					struct device *dev)
{
#ifdef HAVE_DEVLINK_REGISTER_VOID
	devlink_register(devlink);
	return 0;
#else
	return devlink_register(devlink, dev);
#endif
}

/*
 * Tie a netdev to its devlink port: newer kernels take the port before
 * register_netdevice(), older ones are told afterwards and untold before
 * unregistering.
 */
static inline void nsim_netdev_set_dl_port(struct net_device *dev,
					   struct devlink_port *dl_port)
{
#ifdef HAVE_SET_NETDEV_DEVLINK_PORT
	SET_NETDEV_DEVLINK_PORT(dev, dl_port);
#endif
}

static inline void nsim_dl_port_netdev_registered(struct devlink_port *dl_port,
						  struct net_device *dev)
{
#ifndef HAVE_SET_NETDEV_DEVLINK_PORT
	devlink_port_type_eth_set(dl_port, dev);
#endif
}

static inline void nsim_dl_port_netdev_unregistering(struct devlink_port *dl_port)
{
#ifndef HAVE_SET_NETDEV_DEVLINK_PORT
	devlink_port_type_clear(dl_port);
#endif
}

/*
 * Kernels before SET_NETDEV_DEVLINK_PORT ask the driver for the port:
 * NSIM_NDO_DEVLINK_PORT(fn) in the driver's net_device_ops, with fn the
 * driver's struct devlink_port *(*)(struct net_device *).
 */
#if defined(HAVE_NDO_GET_DEVLINK_PORT) && !defined(HAVE_SET_NETDEV_DEVLINK_PORT)
#define NSIM_NDO_DEVLINK_PORT(fn) .ndo_get_devlink_port = (fn),
#else
#define NSIM_NDO_DEVLINK_PORT(fn)
#endif

static inline int nsim_devlink_info_driver(struct devlink_info_req *req,
					   const char *name)
{
#ifdef HAVE_DEVLINK_INFO_DRIVER_NAME_PUT
	return devlink_info_driver_name_put(req, name);
#else
	return 0;	/* the core reports the driver itself */
#endif
}

/* ethtool get_ts_info argument type. */
#ifdef HAVE_ETHTOOL_KERNEL_TS_INFO
#define nsim_ethtool_ts_info kernel_ethtool_ts_info
#else
#define nsim_ethtool_ts_info ethtool_ts_info
#endif

/* ethtool ring parameter callbacks grew two arguments. */
#ifdef HAVE_ETHTOOL_KERNEL_RINGPARAM
#define NSIM_RINGPARAM_ARGS	struct ethtool_ringparam *ring, \
				struct kernel_ethtool_ringparam *kring, \
				struct netlink_ext_ack *extack
#else
#define NSIM_RINGPARAM_ARGS	struct ethtool_ringparam *ring
#endif

/*
 * Hardware timestamp configuration: ndo_hwtstamp_get/set where the kernel
 * has them (NSIM_HWTSTAMP_NDO defined: the driver implements them on struct
 * kernel_hwtstamp_config), otherwise SIOC[GS]HWTSTAMP through the ioctl
 * hook (the driver implements one ioctl function).  In net_device_ops,
 * NSIM_NDO_HWTSTAMP(get, set, ioctl) names the ones this kernel uses; the
 * others vanish with the macro's unused arguments.
 */
#ifdef HAVE_NDO_HWTSTAMP_SET
#define NSIM_HWTSTAMP_NDO 1
#define NSIM_NDO_HWTSTAMP(get, set, ioctl) \
	.ndo_hwtstamp_get = (get), .ndo_hwtstamp_set = (set),
#elif defined(HAVE_NDO_ETH_IOCTL)
#define NSIM_NDO_HWTSTAMP(get, set, ioctl) .ndo_eth_ioctl = (ioctl),
#else
#define NSIM_NDO_HWTSTAMP(get, set, ioctl) .ndo_do_ioctl = (ioctl),
#endif

#endif /* _NSIM_COMPAT_NET_H */
