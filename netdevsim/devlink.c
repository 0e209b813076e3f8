// SPDX-License-Identifier: GPL-2.0
/* devlink: one instance per device, one port per netdev, dev info. */

#include <linux/kernel.h>
#include <net/devlink.h>

#include "netdevsim.h"

/* devlink's private area only points back at the device. */
struct nsim_devlink_priv {
	struct nsim_dev *nsim_dev;
};

static int nsim_devlink_info_get(struct devlink *devlink,
				 struct devlink_info_req *req,
				 struct netlink_ext_ack *extack)
{
	struct nsim_devlink_priv *priv = devlink_priv(devlink);
	struct nsim_dev *nsim_dev = priv->nsim_dev;
	char serial[24];
	int err;

	err = nsim_devlink_info_driver(req, DRV_NAME);
	if (err)
		return err;
	/* as lspci -v prints the DSN */
	snprintf(serial, sizeof(serial), "%02x-%02x-%02x-%02x-%02x-%02x-%02x-%02x",
		 (u8)(nsim_dev->serial >> 56), (u8)(nsim_dev->serial >> 48),
		 (u8)(nsim_dev->serial >> 40), (u8)(nsim_dev->serial >> 32),
		 (u8)(nsim_dev->serial >> 24), (u8)(nsim_dev->serial >> 16),
		 (u8)(nsim_dev->serial >> 8), (u8)nsim_dev->serial);
	err = devlink_info_serial_number_put(req, serial);
	if (err)
		return err;
	err = devlink_info_version_fixed_put(req, "board.id",
					     nsim_dev->wpc ? "NSIM-WPC" :
					     "NSIM");
	if (err)
		return err;
	err = devlink_info_version_running_put(req, "fw", "1.0.0");
	if (err)
		return err;
	return devlink_info_version_stored_put(req, "fw", "1.0.0");
}

static const struct devlink_ops nsim_devlink_ops = {
	.info_get = nsim_devlink_info_get,
};

/**
 * nsim_devlink_init() - allocate and register the device's devlink
 * @nsim_dev: device whose @parent is set
 *
 * Return: 0 or a negative errno.
 */
int nsim_devlink_init(struct nsim_dev *nsim_dev)
{
	struct nsim_devlink_priv *priv;
	struct devlink *devlink;
	int err;

	devlink = nsim_devlink_alloc(&nsim_devlink_ops, sizeof(*priv),
				     nsim_dev->parent);
	if (!devlink)
		return -ENOMEM;
	priv = devlink_priv(devlink);
	priv->nsim_dev = nsim_dev;
	err = nsim_devlink_register(devlink, nsim_dev->parent);
	if (err) {
		devlink_free(devlink);
		return err;
	}
	nsim_dev->devlink = devlink;
	return 0;
}

/**
 * nsim_devlink_fini() - unregister and free the device's devlink
 * @nsim_dev: device without ports
 */
void nsim_devlink_fini(struct nsim_dev *nsim_dev)
{
	if (!nsim_dev->devlink)
		return;
	devlink_unregister(nsim_dev->devlink);
	devlink_free(nsim_dev->devlink);
	nsim_dev->devlink = NULL;
}

/**
 * nsim_devlink_port_add() - register the port's devlink port
 * @port: port with index and kind set
 *
 * Return: 0 or a negative errno.
 */
int nsim_devlink_port_add(struct nsim_port *port)
{
	struct devlink_port_attrs attrs = {};

	if (port->is_vf) {
		attrs.flavour = DEVLINK_PORT_FLAVOUR_VIRTUAL;
	} else {
		attrs.flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL;
		attrs.phys.port_number = port->index;
	}
	devlink_port_attrs_set(&port->dl_port, &attrs);
	return devlink_port_register(port->nsim_dev->devlink, &port->dl_port,
				     port->index);
}

/**
 * nsim_devlink_port_del() - unregister the port's devlink port
 * @port: port whose netdev is gone
 */
void nsim_devlink_port_del(struct nsim_port *port)
{
	devlink_port_unregister(&port->dl_port);
}

/**
 * nsim_get_devlink_port() - a netdev's devlink port (older kernels ask)
 * @dev: our netdev
 *
 * Return: the port's devlink port.
 */
struct devlink_port *nsim_get_devlink_port(struct net_device *dev)
{
	struct netdevsim *ns = netdev_priv(dev);

	return &ns->port->dl_port;
}
