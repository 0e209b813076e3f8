dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl devlink: instance life cycle, locking and port registration.

AC_DEFUN([NSIM_KERNEL_DEVLINK], [dnl
NSIM_PROBE_CONFIG([NET_DEVLINK], [CONFIG_NET_DEVLINK], [y], [devlink core])

NSIM_PROBE_COMPILE([DEVLINK_ALLOC_NS], [
#include <net/devlink.h>
], [], [
	struct devlink *d = devlink_alloc_ns(NULL, 0, NULL, NULL);
	(void)d;
], [devlink_alloc_ns],
	[devlink_alloc_ns])

NSIM_PROBE_COMPILE([DEVLINK_REGISTER_VOID], [
#include <net/devlink.h>
], [
static void (*nsim_t_reg)(struct devlink *) = devlink_register;
], [
	(void)nsim_t_reg;
], [devlink_register without a device argument],
	[devlink_register])

NSIM_PROBE_COMPILE([DEVLINK_REGISTER_DEV], [
#include <net/devlink.h>
], [
static int (*nsim_t_reg)(struct devlink *, struct device *) = devlink_register;
], [
	(void)nsim_t_reg;
], [devlink_register with a device argument],
	[devlink_register])

NSIM_PROBE_COMPILE([DEVLINK_INFO_DRIVER_NAME_PUT], [
#include <net/devlink.h>
], [], [
	int e = devlink_info_driver_name_put(NULL, "x");
	(void)e;
], [devlink_info_driver_name_put],
	[devlink_info_driver_name_put])

NSIM_PROBE_COMPILE([SET_NETDEV_DEVLINK_PORT], [
#include <net/devlink.h>
#include <linux/netdevice.h>
], [], [
	struct net_device *d = NULL;
	SET_NETDEV_DEVLINK_PORT(d, NULL);
], [SET_NETDEV_DEVLINK_PORT])

NSIM_PROBE_COMPILE([NDO_GET_DEVLINK_PORT], [
#include <linux/netdevice.h>
], [], [
	struct net_device_ops o = { .ndo_get_devlink_port = NULL };
	(void)o;
], [ndo_get_devlink_port])

NSIM_PROBE_CHAIN([devlink registration], [DEVLINK_REGISTER_VOID DEVLINK_REGISTER_DEV])
])
