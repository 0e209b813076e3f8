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
], [devlink_alloc_ns])

NSIM_PROBE_COMPILE([DEVLINK_REGISTER_VOID], [
#include <net/devlink.h>
], [
static void (*nsim_t_reg)(struct devlink *) = devlink_register;
], [
	(void)nsim_t_reg;
], [devlink_register without a device argument])

NSIM_PROBE_COMPILE([DEVLINK_REGISTER_DEV], [
#include <net/devlink.h>
], [
static int (*nsim_t_reg)(struct devlink *, struct device *) = devlink_register;
], [
	(void)nsim_t_reg;
], [devlink_register with a device argument])

NSIM_PROBE_EXPORT([DEVL_LOCK], [devl_lock], [devl_lock exported])
NSIM_PROBE_COMPILE([DEVL_PORT_REGISTER], [
#include <net/devlink.h>
], [], [
	int e = devl_port_register(NULL, NULL, 0);
	(void)e;
], [devl_port_register (an inline wrapper since 6.7, so not an export)])

NSIM_PROBE_COMPILE([DEVLINK_INFO_DRIVER_NAME_PUT], [
#include <net/devlink.h>
], [], [
	int e = devlink_info_driver_name_put(NULL, "x");
	(void)e;
], [devlink_info_driver_name_put])

NSIM_PROBE_COMPILE([DEVLINK_FMSG_VOID], [
#include <net/devlink.h>
], [
static void (*nsim_t_put)(struct devlink_fmsg *, const char *, u32) = devlink_fmsg_u32_pair_put;
], [
	(void)nsim_t_put;
], [devlink_fmsg helpers return void])

NSIM_PROBE_COMPILE([DEVLINK_OPS_RELOAD_ACTIONS], [
#include <net/devlink.h>
], [], [
	struct devlink_ops o = { .reload_actions = BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT) };
	(void)o;
], [devlink reload actions])

NSIM_PROBE_COMPILE([DEVLINK_PORT_ATTRS_FLAVOUR], [
#include <net/devlink.h>
], [], [
	struct devlink_port_attrs a = { .flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL };
	devlink_port_attrs_set(NULL, &a);
], [devlink_port_attrs_set with an attrs struct])

NSIM_PROBE_COMPILE([DEVLINK_SET_FEATURES], [
#include <net/devlink.h>
], [], [
	devlink_set_features(NULL, DEVLINK_F_RELOAD);
], [devlink_set_features])

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
