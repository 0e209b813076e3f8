dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl Core kernel APIs: timers, randomness, the driver model, PCI and GNSS.

AC_DEFUN([NSIM_KERNEL_MISC], [dnl
NSIM_PROBE_COMPILE([TIMER_CONTAINER_OF], [
#include <linux/timer.h>
], [
struct nsim_t_s { struct timer_list t; };
static void nsim_t_fn(struct timer_list *t)
{
	struct nsim_t_s *s = timer_container_of(s, t, t);
	(void)s;
}
], [
	timer_setup(NULL, nsim_t_fn, 0);
], [timer_container_of])

NSIM_PROBE_COMPILE([FROM_TIMER], [
#include <linux/timer.h>
], [
struct nsim_t_s { struct timer_list t; };
static void nsim_t_fn(struct timer_list *t)
{
	struct nsim_t_s *s = from_timer(s, t, t);
	(void)s;
}
], [
	timer_setup(NULL, nsim_t_fn, 0);
], [from_timer])

NSIM_PROBE_COMPILE([TIMER_DELETE_SYNC], [
#include <linux/timer.h>
], [], [
	timer_delete_sync(NULL);
], [timer_delete_sync])

NSIM_PROBE_COMPILE([HRTIMER_SETUP], [
#include <linux/hrtimer.h>
], [
static enum hrtimer_restart nsim_t_fn(struct hrtimer *t) { return HRTIMER_NORESTART; }
], [
	hrtimer_setup(NULL, nsim_t_fn, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
], [hrtimer_setup])

NSIM_PROBE_COMPILE([HRTIMER_INIT], [
#include <linux/hrtimer.h>
], [], [
	hrtimer_init(NULL, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
], [hrtimer_init])

NSIM_PROBE_COMPILE([GET_RANDOM_U32_BELOW], [
#include <linux/random.h>
], [], [
	u32 v = get_random_u32_below(10);
	(void)v;
], [get_random_u32_below])

NSIM_PROBE_COMPILE([PRANDOM_U32_MAX], [
#include <linux/prandom.h>
], [], [
	u32 v = prandom_u32_max(10);
	(void)v;
], [prandom_u32_max])

NSIM_PROBE_COMPILE([SYSFS_EMIT], [
#include <linux/sysfs.h>
], [], [
	int n = sysfs_emit(NULL, "%d", 1);
	(void)n;
], [sysfs_emit])

NSIM_PROBE_COMPILE([BUS_UEVENT_CONST], [
#include <linux/device.h>
], [
static int nsim_t_uevent(const struct device *d, struct kobj_uevent_env *e)
{
	return 0;
}
], [
	struct bus_type b = { .uevent = nsim_t_uevent };
	(void)b;
], [bus_type uevent takes a const device])

NSIM_PROBE_COMPILE([BUS_REMOVE_VOID], [
#include <linux/device.h>
], [
static void nsim_t_remove(struct device *d) { }
], [
	struct bus_type b = { .remove = nsim_t_remove };
	(void)b;
], [bus_type remove returns void])

NSIM_PROBE_COMPILE([DEBUGFS_SHORT_FOPS], [
#include <linux/debugfs.h>
], [], [
	struct debugfs_short_fops f = { .read = NULL };
	(void)f;
], [debugfs_short_fops])

NSIM_PROBE_EXPORT([PCI_SCAN_ROOT_BUS], [pci_scan_root_bus], [pci_scan_root_bus exported])
NSIM_PROBE_COMPILE([PCI_GET_DSN], [
#include <linux/pci.h>
], [], [
	u64 dsn = pci_get_dsn(NULL);
	(void)dsn;
], [pci_get_dsn])

NSIM_PROBE_CONFIG([GNSS], [CONFIG_GNSS], [ym], [kernel GNSS subsystem])
NSIM_PROBE_EXPORT([GNSS_ALLOCATE_DEVICE], [gnss_allocate_device],
	[gnss_allocate_device exported])
NSIM_PROBE_COMPILE([GNSS_TYPE_UBX], [
#include <linux/gnss.h>
], [], [
	enum gnss_type t = GNSS_TYPE_UBX;
	(void)t;
], [u-blox GNSS receiver type])

NSIM_PROBE_COMPILE([GENL_SPLIT_OPS], [
#include <net/genetlink.h>
], [], [
	struct genl_split_ops o = { .cmd = 1 };
	(void)o;
], [generic netlink split ops])

NSIM_PROBE_COMPILE([GENL_INFO_DUMP], [
#include <net/genetlink.h>
], [], [
	const struct genl_info *i = genl_info_dump(NULL);
	(void)i;
], [genl_info_dump])

NSIM_PROBE_CHAIN([timer callbacks], [TIMER_CONTAINER_OF FROM_TIMER])
NSIM_PROBE_CHAIN([hrtimer set-up], [HRTIMER_SETUP HRTIMER_INIT])
])
