dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl DPLL subsystem: whether the kernel has its own DPLL core (then nsim_dpll
dnl registers with it) and which device and pin operations it offers.

AC_DEFUN([NSIM_KERNEL_DPLL], [dnl
NSIM_PROBE_CONFIG([DPLL_CONFIG], [CONFIG_DPLL], [y], [kernel DPLL core built in])
NSIM_PROBE_HEADER([DPLL_HEADER], [linux/dpll.h], [kernel DPLL API header])
NSIM_PROBE_EXPORT([DPLL_DEVICE_REGISTER], [dpll_device_register],
	[dpll_device_register exported])

NSIM_PROBE_COMPILE([DPLL_PIN_PHASE_OFFSET], [
#include <linux/dpll.h>
], [
static int nsim_t_po(const struct dpll_pin *pin, void *pin_priv,
		     const struct dpll_device *dpll, void *dpll_priv,
		     s64 *phase_offset, struct netlink_ext_ack *extack)
{
	return 0;
}
], [
	struct dpll_pin_ops o = { .phase_offset_get = nsim_t_po };
	(void)o;
], [DPLL pin phase offset])

NSIM_PROBE_COMPILE([DPLL_PIN_PHASE_ADJUST], [
#include <linux/dpll.h>
], [], [
	struct dpll_pin_ops o = { .phase_adjust_get = NULL, .phase_adjust_set = NULL };
	struct dpll_pin_properties p = { .phase_range = { .min = -1, .max = 1 } };
	(void)o; (void)p;
], [DPLL pin phase adjust])

NSIM_PROBE_COMPILE([DPLL_PIN_FFO], [
#include <linux/dpll.h>
], [], [
	struct dpll_pin_ops o = { .ffo_get = NULL };
	(void)o;
], [DPLL pin fractional frequency offset])

NSIM_PROBE_COMPILE([DPLL_PIN_ESYNC], [
#include <linux/dpll.h>
], [], [
	struct dpll_pin_ops o = { .esync_get = NULL, .esync_set = NULL };
	(void)o;
], [DPLL pin embedded sync])

NSIM_PROBE_COMPILE([DPLL_PIN_REF_SYNC], [
#include <linux/dpll.h>
], [], [
	struct dpll_pin_ops o = { .ref_sync_get = NULL, .ref_sync_set = NULL };
	(void)o;
], [DPLL pin reference sync pairs])

NSIM_PROBE_COMPILE([DPLL_LOCK_STATUS_ERROR], [
#include <linux/dpll.h>
], [
static int nsim_t_ls(const struct dpll_device *dpll, void *priv,
		     enum dpll_lock_status *status,
		     enum dpll_lock_status_error *status_error,
		     struct netlink_ext_ack *extack)
{
	return 0;
}
], [
	struct dpll_device_ops o = { .lock_status_get = nsim_t_ls };
	(void)o;
], [DPLL lock status with error reason])

NSIM_PROBE_COMPILE([DPLL_CLOCK_QUALITY], [
#include <linux/dpll.h>
], [], [
	struct dpll_device_ops o = { .clock_quality_level_get = NULL };
	(void)o;
], [DPLL clock quality level])

NSIM_PROBE_COMPILE([DPLL_PHASE_OFFSET_MONITOR], [
#include <linux/dpll.h>
], [], [
	struct dpll_device_ops o = { .phase_offset_monitor_set = NULL };
	(void)o;
], [DPLL phase offset monitor])

NSIM_PROBE_COMPILE([DPLL_MODE_SUPPORTED], [
#include <linux/dpll.h>
], [], [
	struct dpll_device_ops o = { .mode_supported = NULL };
	(void)o;
], [DPLL mode_supported callback])

NSIM_PROBE_COMPILE([DPLL_NETDEV_PIN_SET], [
#include <linux/dpll.h>
#include <linux/netdevice.h>
], [], [
	dpll_netdev_pin_set(NULL, NULL);
	dpll_netdev_pin_clear(NULL);
], [dpll_netdev_pin_set for SyncE pins])

NSIM_PROBE_COMPILE([NETDEV_DPLL_PIN_SET], [
#include <linux/dpll.h>
#include <linux/netdevice.h>
], [], [
	netdev_dpll_pin_set(NULL, NULL);
], [netdev_dpll_pin_set for SyncE pins (older name)])
])
