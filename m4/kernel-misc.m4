dnl SPDX-License-Identifier: GPL-2.0
dnl
dnl Core kernel APIs: timers, the driver model and PCI.

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

NSIM_PROBE_COMPILE([SYSFS_EMIT], [
#include <linux/sysfs.h>
], [], [
	int n = sysfs_emit(NULL, "%d", 1);
	(void)n;
], [sysfs_emit],
	[sysfs_emit])

NSIM_PROBE_COMPILE([BUS_REMOVE_VOID], [
#include <linux/device.h>
], [
static void nsim_t_remove(struct device *d) { }
], [
	struct bus_type b = { .remove = nsim_t_remove };
	(void)b;
], [bus_type remove returns void])

NSIM_PROBE_EXPORT([PCI_SCAN_ROOT_BUS], [pci_scan_root_bus], [pci_scan_root_bus exported])
NSIM_PROBE_COMPILE([PCI_GET_DSN], [
#include <linux/pci.h>
], [], [
	u64 dsn = pci_get_dsn(NULL);
	(void)dsn;
], [pci_get_dsn],
	[pci_get_dsn])

NSIM_PROBE_CHAIN([timer callbacks], [TIMER_CONTAINER_OF FROM_TIMER])
NSIM_PROBE_CHAIN([hrtimer set-up], [HRTIMER_SETUP HRTIMER_INIT])
])
